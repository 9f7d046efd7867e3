import { categoryOf, gradeOf } from "../data/cell-words.js";
import { findResultCode, RESULT_CODES } from "../data/result-codes.js";
import { parseBool } from "../data/values.js";
import type { FactDeclaration } from "./types.js";
import { ENTERPRISE_FACTS, HISTORY_FACTS } from "./vocabulary.js";

/** What a rule's value says wrong, in both languages, and where below the condition's `value`. */
export interface LiteralProblem {
  /** The index of the element of a list value, or undefined for the value itself. */
  readonly element?: number;
  readonly en: string;
  readonly zh: string;
}

type Kind = FactDeclaration["type"] | "grade" | "category" | "result";

/** What a fact holds as rules see it: the input's words become these (重点 → key, B级 → B, 未发现问题 → none). */
function kindOf(fact: string, declared: Readonly<Record<string, FactDeclaration>>): Kind | undefined {
  if (fact === "grade") return "grade";
  if (fact === "category") return "category";
  if (fact === "lastResult") return "result";
  if (Object.hasOwn(ENTERPRISE_FACTS, fact)) return ENTERPRISE_FACTS[fact as keyof typeof ENTERPRISE_FACTS];
  if (Object.hasOwn(HISTORY_FACTS, fact)) return HISTORY_FACTS[fact as keyof typeof HISTORY_FACTS];
  return Object.hasOwn(declared, fact) ? declared[fact].type : undefined;
}

const show = (v: unknown) => (typeof v === "string" ? `'${v}'` : JSON.stringify(v));

/**
 * The values of a condition that no enterprise's fact can ever equal, so that the condition always
 * fails (or, negated, always holds) without a word: `grade equal b` (grades are A–D), `category
 * equal 重点` (the data's 重点 is read as `key`), `abnormal equal 是`, `lastResult equal 未发现问题`
 * (rules see the code's id, `none`), `tags equal 食品` (a list never equals a word), or a number
 * against a fact read as text. Only the plain `equal`, `notEqual`, `in`, `notIn`, `contains` and
 * `doesNotContain` are looked at; a condition with a `path`, or whose value names a fact, is left alone.
 */
export function literalProblems(
  condition: { fact: string; operator: string; value?: unknown; path?: unknown },
  declared: Readonly<Record<string, FactDeclaration>>,
): LiteralProblem[] {
  const { fact, operator, value } = condition;
  const kind = kindOf(fact, declared);
  // A missing value is the schema's to report.
  if (!kind || condition.path !== undefined || value === undefined) return [];
  if (value !== null && typeof value === "object" && !Array.isArray(value)) return [];
  if (kind === "list") {
    if (operator === "equal" || operator === "notEqual" || operator === "in" || operator === "notIn") {
      const positive = operator === "equal" || operator === "in";
      return [
        {
          en: `\`${fact}\` is a list, which \`${operator}\` compares whole, so it ${positive ? "never holds" : "always holds"}: use ${positive ? "`contains` for one value or `someFact:in` for any of several" : "`doesNotContain` for one value or `everyFact:notIn` for none of several"}`,
          zh: `\`${fact}\` 是列表，\`${operator}\` 将整个列表比较，因此${positive ? "永不成立" : "总是成立"}：${positive ? "单个值请用 `contains`，多个值之一请用 `someFact:in`" : "单个值请用 `doesNotContain`，多个值均不含请用 `everyFact:notIn`"}`,
        },
      ];
    }
    if ((operator === "contains" || operator === "doesNotContain") && typeof value !== "string")
      return [
        {
          en: `\`${fact}\` holds text, which ${show(value)} never is: write it in quotes`,
          zh: `\`${fact}\` 的元素是文本，${show(value)} 不是文本：请加引号`,
        },
      ];
    return [];
  }
  let values: { v: unknown; element?: number }[];
  if (operator === "equal" || operator === "notEqual") values = [{ v: value }];
  else if ((operator === "in" || operator === "notIn") && Array.isArray(value))
    values = value.map((v, element) => ({ v, element }));
  else return [];
  const out: LiteralProblem[] = [];
  for (const { v, element } of values) {
    const why = v === null ? undefined : mismatch(fact, kind, v);
    if (why) out.push({ element, ...why });
  }
  return out;
}

/** Why a fact of this kind never equals `v`, with what to write instead; undefined when it may. */
function mismatch(fact: string, kind: Kind, v: unknown): { en: string; zh: string } | undefined {
  const text = typeof v === "string" ? v : undefined;
  // [C，D]: YAML reads a full-width comma, or 、, as part of one text, not between two values.
  const parts = text?.split(/[，、；]/).map((p) => p.trim());
  if (parts && parts.length > 1 && parts.every((p) => p !== "" && !mismatch(fact, kind, p))) {
    const list = `[${parts.join(", ")}]`;
    return {
      en: `'${text}' is one value, not ${parts.length}: write ${list}`,
      zh: `“${text}”是一个值，而不是 ${parts.length} 个：请写 ${list}`,
    };
  }
  switch (kind) {
    case "grade": {
      if (text !== undefined && "ABCD".includes(text) && text.length === 1) return undefined;
      const g = text === undefined ? undefined : gradeOf(text.trim());
      if (g)
        return {
          en: `a grade is one of A, B, C, D: write ${g} (the input's '${text}' is read as ${g})`,
          zh: `信用等级为 A、B、C、D 之一：请写 ${g}（输入中的“${text}”读作 ${g}）`,
        };
      return {
        en: `${show(v)} is not a grade: a grade is one of A, B, C, D, and \`null\` matches an ungraded enterprise`,
        zh: `${show(v)} 不是信用等级：应为 A、B、C、D 之一，未分级企业用 \`null\``,
      };
    }
    case "category": {
      if (v === "key" || v === "general") return undefined;
      const c = text === undefined ? undefined : categoryOf(text.trim());
      if (c)
        return {
          en: `a category is \`key\` or \`general\`: write ${c} (the input's '${text}' is read as ${c})`,
          zh: `企业类别为 \`key\` 或 \`general\`：请写 ${c}（输入中的“${text}”读作 ${c}）`,
        };
      return {
        en: `${show(v)} is not a category: a category is \`key\` (重点) or \`general\` (一般)`,
        zh: `${show(v)} 不是企业类别：应为 \`key\`（重点）或 \`general\`（一般）`,
      };
    }
    case "result": {
      const code = text === undefined ? undefined : findResultCode(text);
      if (code?.id === v) return undefined;
      if (code)
        return {
          en: `rules see a result by its code: write ${code.id} (for ${code.zh})`,
          zh: `规则以代码表示检查结果：请写 ${code.id}（即“${code.zh}”）`,
        };
      return {
        en: `${show(v)} is not a result code (${RESULT_CODES.map((c) => c.id).join(", ")})`,
        zh: `${show(v)} 不是检查结果代码（${RESULT_CODES.map((c) => c.id).join("、")}）`,
      };
    }
    case "boolean": {
      if (typeof v === "boolean") return undefined;
      const b = text === undefined ? undefined : parseBool(text);
      return {
        en: `\`${fact}\` is true or false, never ${show(v)}${b === undefined ? "" : `: write ${b} without quotes`}`,
        zh: `\`${fact}\` 为 true 或 false，不会是 ${show(v)}${b === undefined ? "" : `：请写不带引号的 ${b}`}`,
      };
    }
    case "number":
      if (typeof v === "number") return undefined;
      return {
        en: `\`${fact}\` is a number, never ${show(v)}${text !== undefined && text.trim() !== "" && Number.isFinite(Number(text)) ? ": write it without quotes" : ""}`,
        zh: `\`${fact}\` 是数字，不会是 ${show(v)}${text !== undefined && text.trim() !== "" && Number.isFinite(Number(text)) ? "：请去掉引号" : ""}`,
      };
    default:
      if (typeof v === "string") return undefined;
      return {
        en: `\`${fact}\` is text, never ${show(v)}: write '${String(v)}' in quotes`,
        zh: `\`${fact}\` 是文本，不会是 ${show(v)}：请写成带引号的 '${String(v)}'`,
      };
  }
}
