/**
 * The fields a command reads of a JSON file it did not write this time (a draw's manifest, a
 * simulation's results), checked before they are read: a file damaged or edited by hand is refused
 * naming the field, not read into an internal error.
 */
import { isIsoDate } from "./data/values.js";
import { type Lang, tr } from "./lang.js";
import { InputError } from "./problem.js";

/** The kinds of value a field is checked to be; a text is a string, or an object of zh and en strings; a date a string `YYYY-MM-DD` of a real day. */
export type Kind = "string" | "number" | "list" | "object" | "text" | "date";

const KIND_TEXT: Record<Kind, { en: string; zh: string }> = {
  string: { en: "a string", zh: "字符串" },
  number: { en: "a number", zh: "数值" },
  list: { en: "a list", zh: "列表" },
  object: { en: "an object", zh: "对象" },
  text: {
    en: "a text (a string, or an object of zh and en strings)",
    zh: "文字（字符串，或含 zh 与 en 字符串的对象）",
  },
  date: { en: "a date YYYY-MM-DD", zh: "日期 YYYY-MM-DD" },
};

/** What is said of a field (its path) missing or not of its kind. */
export function damagedField(path: string, kind: Kind, lang: Lang): string {
  return tr(
    lang,
    `${path} is missing or not ${KIND_TEXT[kind].en}: the file is damaged or was edited by hand`,
    `${path} 缺失或不是${KIND_TEXT[kind].zh}：文件已损坏或被手工修改`,
  );
}

function kindOf(value: unknown): Exclude<Kind, "text" | "date"> | undefined {
  if (typeof value === "string") return "string";
  if (typeof value === "number" && Number.isFinite(value)) return "number";
  if (Array.isArray(value)) return "list";
  if (value !== null && typeof value === "object") return "object";
  return undefined;
}

/** Whether `value` is of `kind`. */
export function isKind(value: unknown, kind: Kind): boolean {
  if (kind === "date") return typeof value === "string" && isIsoDate(value);
  if (kind !== "text") return kindOf(value) === kind;
  if (typeof value === "string") return true;
  const { zh, en } = (kindOf(value) === "object" ? value : {}) as { zh?: unknown; en?: unknown };
  return typeof zh === "string" && typeof en === "string";
}

/** Refuses `file` at the first of `fields` (dotted paths below `prefix`) missing from `value` or of another kind. */
export function requireFields(
  file: string,
  value: unknown,
  fields: readonly [string, Kind][],
  prefix: string,
  lang: Lang,
): void {
  for (const [path, kind] of fields) {
    const found = path
      .split(".")
      .reduce<unknown>(
        (at, key) => (kindOf(at) === "object" ? (at as Record<string, unknown>)[key] : undefined),
        value,
      );
    if (!isKind(found, kind))
      throw new InputError([
        {
          file,
          line: 0,
          col: 0,
          message: damagedField(`${prefix}${path}`, kind, lang),
        },
      ]);
  }
}
