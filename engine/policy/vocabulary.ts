import { halfWidth } from "../data/values.js";
import type { Lang } from "../lang.js";
/**
 * The words rules may use: the facts every enterprise has and the operators json-rules-engine knows.
 * Kept as data so validation, the compiled evaluator and the documentation read the same list.
 */

/** Facts of every enterprise (canonical input columns), with their types. */
export const ENTERPRISE_FACTS = {
  uscc: "string",
  name: "string",
  /** A, B, C, D, or null when ungraded (e.g. newly registered). */
  grade: "string",
  /** `key` (重点) or `general` (一般). */
  category: "string",
  industry: "string",
  region: "string",
  departments: "list",
  tags: "list",
  abnormal: "boolean",
  gradedOn: "string",
} as const;

/** Facts derived from the inspection history on the evaluation date. */
export const HISTORY_FACTS = {
  /** Days since the last inspection of any kind; null when never inspected. */
  daysSinceInspection: "number",
  /** Inspections of any kind in the 12 months before the evaluation date. */
  inspectionsLast12m: "number",
  /** Result code of the last inspection; null when never inspected. */
  lastResult: "string",
} as const;

/** Every built-in fact name. */
export const BUILTIN_FACTS: ReadonlySet<string> = new Set([
  ...Object.keys(ENTERPRISE_FACTS),
  ...Object.keys(HISTORY_FACTS),
]);

/** json-rules-engine 7's built-in operators. */
export const OPERATORS: ReadonlySet<string> = new Set([
  "equal",
  "notEqual",
  "in",
  "notIn",
  "contains",
  "doesNotContain",
  "lessThan",
  "lessThanInclusive",
  "greaterThan",
  "greaterThanInclusive",
]);

/** json-rules-engine 7's operator decorators, written `decorator:operator`. */
export const OPERATOR_DECORATORS: ReadonlySet<string> = new Set([
  "someFact",
  "someValue",
  "everyFact",
  "everyValue",
  "swap",
  "not",
]);

/** True when `op` is a built-in operator, optionally behind any number of decorators. */
export function isKnownOperator(op: string): boolean {
  const parts = op.split(":");
  const base = parts.pop() ?? "";
  return OPERATORS.has(base) && parts.every((d) => OPERATOR_DECORATORS.has(d));
}

/** Grades of the credit-risk grading, plus null for ungraded. */
export const GRADES = ["A", "B", "C", "D", null] as const;
/** A grade, or null for an ungraded enterprise. */
export type Grade = (typeof GRADES)[number];
/** Enterprise categories. */
export const CATEGORIES = ["key", "general"] as const;
/** An enterprise category: key (重点) or general (一般). */
export type Category = (typeof CATEGORIES)[number];

/** Label of a grade in listings: the letter, or `ungraded`. */
export function gradeLabel(g: Grade): string {
  return g ?? "ungraded";
}

/** A grade's label (see {@link gradeLabel}) as printed for people: `ungraded` is 未分级 in Chinese. */
export function gradeText(label: string, lang: Lang): string {
  return label === "ungraded" && lang === "zh" ? "未分级" : label;
}

/** A category as printed for people: key/general, 重点/一般 in Chinese. */
export function categoryText(c: string, lang: Lang): string {
  if (lang !== "zh") return c;
  return c === "key" ? "重点" : c === "general" ? "一般" : c;
}

const CADENCE_ZH: Readonly<Record<string, string>> = {
  month: "月",
  quarter: "季度",
  "half-year": "半年",
  year: "年",
};

/** A cadence as printed for people: month, quarter… in English, 月, 季度, 半年, 年 in Chinese. */
export function cadenceText(c: string, lang: Lang): string {
  return lang === "zh" ? (CADENCE_ZH[c] ?? c) : c;
}

const UNIT_ZH: Readonly<Record<string, string>> = { d: "天", m: "个月", y: "年" };
const CALENDAR_WINDOW_ZH: Readonly<Record<string, string>> = {
  year: "所在年度",
  "half-year": "所在半年",
  quarter: "所在季度",
  month: "所在月份",
};

/** A cap's window as printed for people: `12m` in English, 12 个月 in Chinese; a calendar window 所在年度… */
export function windowText(w: string, lang: Lang): string {
  if (lang !== "zh") return w;
  const m = /^(\d+)([dmy])$/.exec(w);
  if (m) return `${m[1]} ${UNIT_ZH[m[2]]}`;
  return CALENDAR_WINDOW_ZH[w] ?? w;
}

const STATUS_ZH: Readonly<Record<string, string>> = { draft: "草稿", approved: "已批准", retired: "已废止" };

/** The roundings a policy may name, with their Chinese words. */
export const ROUNDING_ZH: Readonly<Record<string, string>> = {
  round: "四舍五入",
  ceil: "向上取整",
  floor: "向下取整",
};

/** A treatment's rounding as printed for people: round, ceil, floor; 四舍五入, 向上取整, 向下取整 in Chinese. */
export function roundingText(r: string, lang: Lang): string {
  return lang === "zh" ? (ROUNDING_ZH[r] ?? r) : r;
}

/** A policy status as printed for people: draft, approved, retired; 草稿, 已批准, 已废止 in Chinese. */
export function statusText(s: string, lang: Lang): string {
  return lang === "zh" ? (STATUS_ZH[s] ?? s) : s;
}

/**
 * Chinese words an officer may write for a value the policy schema lists (半年 for half-year,
 * 已批准 for approved, 四舍五入 for round): the printed words above and the usual others.
 */
const ENUM_WORDS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.entries(CADENCE_ZH).map(([value, word]) => [word, value])),
  ...Object.fromEntries(Object.entries(STATUS_ZH).map(([value, word]) => [word, value])),
  ...Object.fromEntries(Object.entries(ROUNDING_ZH).map(([value, word]) => [word, value])),
  每月: "month",
  月度: "month",
  季: "quarter",
  每季度: "quarter",
  每半年: "half-year",
  半年度: "half-year",
  每年: "year",
  年度: "year",
  草案: "draft",
  批准: "approved",
  已审批: "approved",
  生效: "approved",
  废止: "retired",
  已失效: "retired",
  进一法: "ceil",
  去尾法: "floor",
  政策: "policy",
  文件: "policy",
  部门: "department",
  文本: "string",
  字符串: "string",
  数字: "number",
  数值: "number",
  是否: "boolean",
  布尔: "boolean",
  列表: "list",
};

/** The one of `allowed` a Chinese word stands for (半年 → half-year), if any. */
export function enumValueOfWord(word: string, allowed: readonly string[]): string | undefined {
  const value = Object.hasOwn(ENUM_WORDS, word.trim()) ? ENUM_WORDS[word.trim()] : undefined;
  return value !== undefined && allowed.includes(value) ? value : undefined;
}

/**
 * A treatment as printed for people: its id, and in Chinese its Chinese label after it
 * (`key-strict 重点类企业（严格监管）`), since an id alone says nothing to a Chinese reader.
 */
export function treatmentText(
  treatments: Readonly<Record<string, { readonly label: { readonly zh: string } }>>,
  id: string,
  lang: Lang,
): string {
  const label = treatmentLabel(treatments, id);
  return lang === "zh" && label ? `${id} ${label}` : id;
}

/** A treatment's Chinese label, undefined for an id the policy does not have. */
export function treatmentLabel(
  treatments: Readonly<Record<string, { readonly label: { readonly zh: string } }>>,
  id: string,
): string | undefined {
  return Object.hasOwn(treatments, id) ? treatments[id].label.zh : undefined;
}

/** What an operator is often written as elsewhere (SQL, spreadsheets, other rule engines), and its name here. */
const OPERATOR_ALIASES: Readonly<Record<string, string>> = {
  "=": "equal",
  "==": "equal",
  "===": "equal",
  eq: "equal",
  is: "equal",
  "!=": "notEqual",
  "!==": "notEqual",
  "<>": "notEqual",
  ne: "notEqual",
  neq: "notEqual",
  "<": "lessThan",
  lt: "lessThan",
  "<=": "lessThanInclusive",
  lte: "lessThanInclusive",
  le: "lessThanInclusive",
  lessthanorequal: "lessThanInclusive",
  lessthanorequalto: "lessThanInclusive",
  ">": "greaterThan",
  gt: "greaterThan",
  ">=": "greaterThanInclusive",
  gte: "greaterThanInclusive",
  ge: "greaterThanInclusive",
  greaterthanorequal: "greaterThanInclusive",
  greaterthanorequalto: "greaterThanInclusive",
  includes: "contains",
  notcontains: "doesNotContain",
  nin: "notIn",
};

/**
 * The built-in operator an unknown one most likely means: by a usual other spelling (`==`, `>=`,
 * `gte`, `includes`), by case (`Equal`), or within two letters of it (`equals`, `notEquals`, `lessthen`).
 * Undefined when none is near enough to say.
 */
export function nearestOperator(op: string): string | undefined {
  const parts = op.split(":");
  const base = parts.pop() ?? "";
  if (!parts.every((d) => OPERATOR_DECORATORS.has(d))) return undefined;
  const near = nearestBase(base);
  return near === undefined ? undefined : [...parts, near].join(":");
}

/** {@link nearestOperator} for an operator without decorators. */
function nearestBase(op: string): string | undefined {
  const key = op.trim().toLowerCase();
  // Own keys only: `constructor` is no alias.
  return Object.hasOwn(OPERATOR_ALIASES, key) ? OPERATOR_ALIASES[key] : nearestName(op, OPERATORS);
}

/** What a wrong name most likely meant (see {@link nearestName}), said after the message about it: nothing when none is near. */
/**
 * The treatment a text names by its label (`C级（每半年一次联合检查）` for general-c), as an officer
 * may write a treatment where its name belongs; undefined where no one label, or several, is it.
 * Spaces and full-width forms aside.
 */
export function treatmentOfLabel(
  treatments:
    | Readonly<Record<string, { readonly label?: { readonly zh?: string; readonly en?: string } } | null>>
    | null
    | undefined,
  text: string,
): string | undefined {
  const key = (s: string) => halfWidth(s).replace(/\s+/g, "");
  const wanted = key(text);
  // A file the schema refuses may have no treatments, or one left empty (`general-a:` alone).
  const found = Object.entries(treatments ?? {}).filter(([, t]) =>
    [t?.label?.zh, t?.label?.en].some((l) => typeof l === "string" && key(l) === wanted),
  );
  return found.length === 1 ? found[0][0] : undefined;
}

export function didYouMean(near: string | undefined): { en: string; zh: string } {
  return near === undefined
    ? { en: "", zh: "" }
    : { en: ` (did you mean \`${near}\`?)`, zh: `（是否应为 \`${near}\`？）` };
}

/**
 * The one of `names` that `name` most likely misspells: the same but for case, or within two
 * letters of it in a name of five or more, one in a shorter (`on` may be `in`, `at` is nothing).
 * Undefined when none is near enough to say.
 */
export function nearestName(name: string, names: Iterable<string>): string | undefined {
  const key = name.trim().toLowerCase();
  let best: string | undefined;
  let bestDistance = key.length >= 5 ? 3 : 2;
  for (const known of names) {
    const d = editDistance(key, known.toLowerCase());
    if (d < bestDistance) {
      best = known;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * Edit distance between two short strings, two letters typed the wrong way round counting as one
 * edit (`hgih` is one from `high`), as a slip of the fingers makes them. (oneSlip, lookup.ts, is
 * its distance of one in linear time, for a million codes.)
 */
export function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        next[j] = Math.min(next[j], before[j - 2] + 1);
    }
    before = row;
    row = next;
  }
  return row[b.length];
}
