/**
 * What a schema error says to a policy officer, where Ajv's words would be the schema's own
 * (`must match pattern "^\d{4}…"`, `must be integer`, `应当是预设定的枚举值之一`): what the value must
 * look like, with the likely fix for a usual slip (是 for true, 半年 for half-year, a number in
 * quotes). Each returns undefined where it has nothing better to say than Ajv.
 */

import { word } from "../data/cell-words.js";
import { halfWidth, parseBool, parseDate } from "../data/values.js";
import { type Lang, tr } from "../lang.js";
import { periodMeant } from "../period.js";
import { didYouMean, enumValueOfWord, nearestName } from "./vocabulary.js";

/**
 * What a value (or a name) that a pattern refuses must look like, as the schema says it beside the
 * pattern for people: `patternErrorMessage`, which editors show too, and `patternErrorMessageZh`;
 * also said of a value of another type (`version: 1.0` is read as a number).
 */
export function patternMessage(
  schema: unknown,
  name: string,
  lang: Lang,
  data?: unknown,
): string | undefined {
  const s = schema as
    | { patternErrorMessage?: unknown; patternErrorMessageZh?: unknown; pattern?: unknown }
    | undefined;
  const said = lang === "zh" ? s?.patternErrorMessageZh : s?.patternErrorMessage;
  if (typeof said !== "string") return undefined;
  const meant =
    typeof data === "string" && typeof s?.pattern === "string" ? meantOf(data, s.pattern) : undefined;
  if (meant !== undefined) return `\`${name}\` ${said}${tr(lang, `: write ${meant}`, `：请写作 ${meant}`)}`;
  // 每年 may be the calendar year or any twelve months: both are said, the officer chooses.
  const either = typeof data === "string" ? word(EITHER_WINDOW, data.replace(/\s+/g, "")) : undefined;
  if (either && typeof s?.pattern === "string" && new RegExp(s.pattern, "u").test(either[0]))
    return `\`${name}\` ${said}${tr(
      lang,
      `: write ${either[0]} for the calendar ${either[0]} the draw date falls in, or ${either[1]} for the ${either[2]} before it`,
      `：按抽取日期所在的自然期间计，请写 ${either[0]}；按抽取日期前的 ${either[3]}计，请写 ${either[1]}`,
    )}`;
  return `\`${name}\` ${said}`;
}

/** Words for a cap window that may mean the calendar period or a trailing one: [calendar, trailing, en, zh]. */
const EITHER_WINDOW: Readonly<Record<string, readonly [string, string, string, string]>> = Object.fromEntries(
  (
    [
      [
        ["年", "一年", "每年", "年度", "每年度"],
        ["year", "12m", "12 months", "12 个月"],
      ],
      [
        ["半年", "每半年", "半年度"],
        ["half-year", "6m", "6 months", "6 个月"],
      ],
      [
        ["季度", "一季度", "每季度", "一个季度"],
        ["quarter", "3m", "3 months", "3 个月"],
      ],
      [
        ["月", "一月", "每月", "一个月", "月度"],
        ["month", "1m", "month", "1 个月"],
      ],
    ] as const
  ).flatMap(([words, meaning]) => words.map((w) => [w, meaning])),
);

/**
 * The value a date or period written another usual way means (`2021/10/18`, `2021年10月18日`,
 * `2026年上半年`, `2026q1`), where it is one the pattern takes; undefined otherwise.
 */
function meantOf(text: string, pattern: string): string | undefined {
  const re = new RegExp(pattern, "u");
  return [parseDate(text), periodMeant(text), windowMeant(text)].find(
    (v) => v !== undefined && v !== text && re.test(v),
  );
}

/**
 * The cap window a Chinese phrase names where it names one plainly: a number of days, months or
 * years (90天, 12个月, 1年: trailing), or a calendar period (自然年, 所在季度). Not 每年 or 一年, which
 * may mean either: the officer's choice, which the seed leaves open.
 */
function windowMeant(text: string): string | undefined {
  const t = text.replace(/\s+/g, "");
  const n = /^([1-9]\d*)(天|日|个月|月|年)$/.exec(t);
  if (n) return `${n[1]}${n[2] === "年" ? "y" : n[2] === "天" || n[2] === "日" ? "d" : "m"}`;
  return word(CALENDAR_WINDOWS, t);
}

const CALENDAR_WINDOWS: Readonly<Record<string, string>> = {
  自然年: "year",
  所在年度: "year",
  自然年度: "year",
  所在半年: "half-year",
  自然半年: "half-year",
  所在季度: "quarter",
  自然季度: "quarter",
  所在月份: "month",
  所在月: "month",
  自然月: "month",
};

/** A value of the wrong type: what the type is in words (a share or probability: from 0 to 1), and how to write the value given where that is plain. */
/**
 * The number a value typed with a Chinese input method means: full-width digits (０.３), the
 * ideographic full stop for the decimal point (0。3), a comma or full stop typed after it (0.3，).
 * Undefined where it means none, or is written as a number already (in quotes: said otherwise).
 */
export function typedNumber(text: string): number | undefined {
  const plain = halfWidth(text.replace(/。/g, "."))
    .trim()
    .replace(/[,.;、]+$/, "");
  if (plain === text.trim() || !/^-?\d+(?:\.\d+)?$/.test(plain)) return undefined;
  return Number(plain);
}

export function typeMessage(
  type: unknown,
  data: unknown,
  name: string,
  lang: Lang,
  fraction = false,
): string | undefined {
  const quoted = typeof data === "string" ? data.trim() : undefined;
  const at = `\`${name}\``;
  switch (type) {
    case "boolean":
      return tr(lang, `${at} must be true or false`, `${at} 应为 true 或 false`) + booleanFix(data, lang);
    case "integer":
    case "number": {
      const whole = type === "integer";
      const digits = quoted !== undefined && quoted !== "" && Number.isFinite(Number(quoted));
      const what = whole
        ? tr(lang, "a whole number", "整数")
        : fraction
          ? tr(lang, "a number from 0 to 1", "介于 0 与 1 之间的数字")
          : tr(lang, "a number", "数字");
      const typed = quoted === undefined ? undefined : typedNumber(quoted);
      if (typed !== undefined && (!whole || Number.isInteger(typed)))
        return tr(
          lang,
          `${at} must be ${what}: for '${quoted}' write ${typed}`,
          `${at} 应为${what}：“${quoted}”请写作 ${typed}`,
        );
      if (digits)
        return tr(
          lang,
          `${at} must be ${what}: write ${quoted} without quotes`,
          `${at} 应为${what}：${quoted} 请不加引号书写`,
        );
      return tr(
        lang,
        `${at} must be ${what}, written in digits (e.g. ${whole ? 2 : 0.05})`,
        `${at} 应为${what}，用阿拉伯数字书写（例如 ${whole ? 2 : 0.05}）`,
      );
    }
    case "string":
      if (typeof data === "number" || typeof data === "boolean")
        return tr(
          lang,
          `${at} must be text: write '${data}' in quotes`,
          `${at} 应为文本：请加引号写作 '${data}'`,
        );
      return tr(lang, `${at} must be text`, `${at} 应为文本`);
    case "object":
      return tr(lang, `${at} must be a mapping (name: value)`, `${at} 应为映射（名称: 值）`);
    case "array":
      return tr(
        lang,
        `${at} must be a list: [a, b], or one item a line after -`,
        `${at} 应为列表：[a, b]，或每行一项，以 - 开头`,
      );
    default:
      return undefined;
  }
}

/**
 * How to write true or false for a value written as text: 是 or 否 as a yes/no cell of an input
 * file is read (是, 否, yes, 1…), `"true"` in quotes without them; nothing for other text.
 */
export function booleanFix(data: unknown, lang: Lang): string {
  const text = typeof data === "string" ? data.trim() : "";
  const meant = text ? parseBool(text) : undefined;
  if (meant === undefined) return "";
  return text.toLowerCase() === String(meant)
    ? tr(lang, `: write ${meant} without quotes`, `：${meant} 请不加引号书写`)
    : tr(lang, `: for '${text}' write ${meant}`, `：“${text}”请写作 ${meant}`);
}

/** A value that is none of a list's: the list, and the one meant where a Chinese word or a near spelling says it. */
export function enumMessage(allowed: readonly unknown[], data: unknown, name: string, lang: Lang): string {
  const words = allowed.map((v) => (typeof v === "string" ? v : JSON.stringify(v)));
  const given = typeof data === "string" ? data : undefined;
  const names = allowed.filter((v): v is string => typeof v === "string");
  const meant =
    given === undefined ? undefined : (enumValueOfWord(given, names) ?? nearestName(given, names));
  const hint = didYouMean(meant);
  return tr(
    lang,
    `\`${name}\` must be one of ${words.join(", ")}${hint.en}`,
    `\`${name}\` 应为 ${words.join("、")} 之一${hint.zh}`,
  );
}
