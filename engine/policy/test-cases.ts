/**
 * The cases of a policy test file: what one holds, what is wrong in one itself (rather than in the
 * policy's answer to it), and the enterprise it describes.
 */

import { categoryOf, gradeOf, isUngradedWord, kindOf } from "../data/cell-words.js";
import { mapHeader } from "../data/columns.js";
import { type Enterprise, INSPECTION_KINDS, type InspectionKind } from "../data/records.js";
import { hasHan, isIsoDate, parseDate, parseList } from "../data/values.js";
import { typedFact } from "../facts.js";
import { INELIGIBILITIES, policyDepartments } from "../plan.js";
import { booleanFix } from "./schema-messages.js";
import type { Policy } from "./types.js";
import {
  CATEGORIES,
  didYouMean,
  ENTERPRISE_FACTS,
  GRADES,
  type Grade,
  HISTORY_FACTS,
  nearestName,
  treatmentOfLabel,
} from "./vocabulary.js";
import type { NodePath } from "./yaml-source.js";

/** One case of a policy test file (OpenFisca-style: input facts → expected treatment). */
export interface TestCase {
  name?: string;
  date?: string;
  enterprise: Record<string, unknown>;
  history?: { date: string; kind?: InspectionKind; department?: string; result?: string[] }[];
  expect: string;
  eligible?: boolean;
  reason?: string;
}

const DEFAULT_USCC = "91320803MA1XXXXXX0";

/** A wrong value of a test case: the path of its node in the case, and what is wrong, in both languages. */
export interface CaseProblem {
  readonly path: NodePath;
  readonly en: string;
  readonly zh: string;
}

/** Why a date of a test file is wrong (it must be an ISO date, as the engine compares dates), or undefined. */
export function badDate(v: unknown): { en: string; zh: string } | undefined {
  if (v === undefined) return undefined;
  const s = String(v);
  if (isIsoDate(s)) return undefined;
  // A day written another way that files accept (2025/09/01, 2025年9月1日): the way a test writes it.
  const meant = parseDate(s);
  if (meant)
    return {
      en: `'${s}' is not a date YYYY-MM-DD: write ${meant}`,
      zh: `“${s}”不是 YYYY-MM-DD 格式的日期：请写作 ${meant}`,
    };
  return { en: `'${s}' is not a date YYYY-MM-DD`, zh: `“${s}”不是 YYYY-MM-DD 格式的日期` };
}

const one = (values: readonly unknown[]) => values.map((v) => (v === null ? "null" : String(v))).join(", ");

/** What is wrong in a test case itself, rather than in the policy's answer to it. */
export function caseProblems(c: TestCase | null | undefined, policy: Policy): CaseProblem[] {
  if (c === null || typeof c !== "object" || Array.isArray(c))
    return [{ path: [], en: "a case must be a mapping", zh: "用例必须是映射（键: 值）" }];
  const out: CaseProblem[] = [];
  const treatments = [...Object.keys(policy.treatments), "reject"];
  if (typeof c.expect !== "string" || !treatments.includes(c.expect)) {
    const near = didYouMean(
      typeof c.expect === "string"
        ? (treatmentOfLabel(policy.treatments, c.expect) ?? nearestName(c.expect, treatments))
        : undefined,
    );
    out.push({
      path: ["expect"],
      en: `expect must name a treatment of the policy or reject (${treatments.join(", ")}), not ${JSON.stringify(c.expect ?? null)}${near.en}`,
      zh: `expect 应为政策中的处理方式或 reject（${treatments.join("、")}），而不是 ${JSON.stringify(c.expect ?? null)}${near.zh}`,
    });
  }
  const e = c.enterprise ?? {};
  if (typeof e !== "object" || Array.isArray(e))
    out.push({
      path: ["enterprise"],
      en: "enterprise must be a mapping of facts",
      zh: "enterprise 必须是事实的映射",
    });
  else {
    if ("grade" in e && !(GRADES as readonly unknown[]).includes(e.grade)) {
      const g = typeof e.grade === "string" ? gradeOf(e.grade.trim()) : undefined;
      const blank = typeof e.grade === "string" && (e.grade.trim() === "" || isUngradedWord(e.grade));
      out.push({
        path: ["enterprise", "grade"],
        en: `grade must be one of ${one(GRADES)} (null: ungraded), not ${JSON.stringify(e.grade)}${g ? `: write ${g} (the input's '${e.grade}' is read as ${g})` : blank ? `: write null (the input's ${e.grade === "" ? "empty cell" : `'${e.grade}'`} is read as ungraded)` : ""}`,
        zh: `grade 应为 ${one(GRADES)} 之一（null 表示未分级），而不是 ${JSON.stringify(e.grade)}${g ? `：请写 ${g}（输入中的“${e.grade}”读作 ${g}）` : blank ? `：请写 null（输入中的${e.grade === "" ? "空单元格" : `“${e.grade}”`}读作未分级）` : ""}`,
      });
    }
    if ("category" in e && !(CATEGORIES as readonly unknown[]).includes(e.category)) {
      const c = typeof e.category === "string" ? categoryOf(e.category.trim()) : undefined;
      out.push({
        path: ["enterprise", "category"],
        en: `category must be key or general, not ${JSON.stringify(e.category)}${c ? `: write ${c} (the input's '${e.category}' is read as ${c})` : ""}`,
        zh: `category 应为 key 或 general，而不是 ${JSON.stringify(e.category)}${c ? `：请写 ${c}（输入中的“${e.category}”读作 ${c}）` : ""}`,
      });
    }
    // Any other value would be read as false, and the case would test the policy on another enterprise.
    if ("abnormal" in e && e.abnormal !== null && typeof e.abnormal !== "boolean")
      out.push({
        path: ["enterprise", "abnormal"],
        en: `abnormal must be true or false${booleanFix(e.abnormal, "en")}`,
        zh: `abnormal 应为 true 或 false${booleanFix(e.abnormal, "zh")}`,
      });
    const gradedOn = badDate(e.gradedOn ?? undefined);
    if (gradedOn) out.push({ path: ["enterprise", "gradedOn"], ...gradedOn });
    out.push(...factProblems(e, policy));
  }
  if (c.eligible !== undefined && typeof c.eligible !== "boolean")
    out.push({
      path: ["eligible"],
      en: `eligible must be true or false${booleanFix(c.eligible, "en")}`,
      zh: `eligible 应为 true 或 false${booleanFix(c.eligible, "zh")}`,
    });
  if (c.reason !== undefined && !(INELIGIBILITIES as readonly unknown[]).includes(c.reason)) {
    const near = didYouMean(
      typeof c.reason === "string" ? nearestName(c.reason, INELIGIBILITIES) : undefined,
    );
    out.push({
      path: ["reason"],
      en: `reason must be one of ${one(INELIGIBILITIES)}, not ${JSON.stringify(c.reason)}${near.en}`,
      zh: `reason 应为 ${one(INELIGIBILITIES)} 之一，而不是 ${JSON.stringify(c.reason)}${near.zh}`,
    });
  }
  const date = badDate(c.date);
  if (date) out.push({ path: ["date"], ...date });
  if (c.history !== undefined && !Array.isArray(c.history))
    out.push({ path: ["history"], en: "history must be a list", zh: "history 必须是列表" });
  else
    (c.history ?? []).forEach((h, k) => {
      if (h?.date === undefined || h.date === null)
        out.push({
          path: ["history", k],
          en: "an inspection of the history needs its `date` (YYYY-MM-DD)",
          zh: "history 中的检查记录需要 `date`（YYYY-MM-DD）",
        });
      const d = badDate(h?.date ?? undefined);
      if (d) out.push({ path: ["history", k, "date"], ...d });
      if (h?.kind !== undefined && !(INSPECTION_KINDS as readonly unknown[]).includes(h.kind)) {
        // As a kind cell of a history file is read (投诉 → complaint), or a near spelling.
        const kind = typeof h.kind === "string" ? h.kind.trim() : "";
        const read = kindOf(kind);
        const said =
          read !== undefined
            ? {
                en: `: write ${read} (the input's '${kind}' is read as ${read})`,
                zh: `：请写 ${read}（输入中的“${kind}”读作 ${read}）`,
              }
            : didYouMean(nearestName(kind, INSPECTION_KINDS));
        out.push({
          path: ["history", k, "kind"],
          en: `kind must be one of ${one(INSPECTION_KINDS)}, not ${JSON.stringify(h.kind)}${said.en}`,
          zh: `kind 应为 ${one(INSPECTION_KINDS)} 之一，而不是 ${JSON.stringify(h.kind)}${said.zh}`,
        });
      }
    });
  return out;
}

/**
 * The facts of a case's enterprise that the policy would not see as given: a name that is no fact
 * of it (a typo leaves the fact empty), a history fact (computed from the case's `history`), and
 * a declared fact's value that is not of its type (read as empty).
 */
function factProblems(e: Record<string, unknown>, policy: Policy): CaseProblem[] {
  const declared = policy.facts ?? {};
  const known = [...Object.keys(ENTERPRISE_FACTS), ...Object.keys(declared)].join(", ");
  return Object.entries(e).flatMap(([name, v]): CaseProblem[] => {
    const path = ["enterprise", name];
    if (Object.hasOwn(ENTERPRISE_FACTS, name)) return [];
    if (Object.hasOwn(HISTORY_FACTS, name))
      return [
        {
          path,
          en: `${name} is computed from the case's history: give the inspections under history instead`,
          zh: `${name} 由用例的 history 计算得出：请在 history 中给出检查记录`,
        },
      ];
    // 信用等级: a file's header of the fact, which a case names as the rules do.
    const fact = hasHan(name) ? mapHeader("enterprises", [name]).names.get(name) : undefined;
    if (
      !Object.hasOwn(declared, name) &&
      fact !== undefined &&
      fact !== name &&
      Object.hasOwn(ENTERPRISE_FACTS, fact)
    )
      return [
        {
          path,
          en: `${name} is how a file heads the fact ${fact}: a case names facts as the rules do, write ${fact}`,
          zh: `${name} 是输入文件中 ${fact} 列的表头：用例中的事实名与规则相同，请写 ${fact}`,
        },
      ];
    if (!Object.hasOwn(declared, name))
      return [
        {
          path,
          en: `${name} is not a fact of the policy (its facts: ${known})`,
          zh: `${name} 不是该政策的事实（可用的事实：${known}）`,
        },
      ];
    const { type } = declared[name];
    if (v === null || v === "" || typedFact(v, type) !== null) return [];
    return [
      {
        path,
        en: `${name} is declared a ${type} fact, not ${JSON.stringify(v)}`,
        zh: `${name} 声明为 ${type} 型事实，而不是 ${JSON.stringify(v)}`,
      },
    ];
  });
}

/**
 * An enterprise for a test case: the facts given, defaults for the rest (without departments, every
 * department of the policy's items). A list (departments,
 * tags, a declared list fact) may be written as an enterprise file's cell is, `市场监管局，人社局`,
 * and is split as that cell would be.
 */
export function testEnterprise(f: Record<string, unknown>, policy: Policy): Enterprise {
  const {
    uscc,
    name,
    grade,
    category,
    industry,
    region,
    departments: deps,
    tags,
    abnormal,
    gradedOn,
    ...extra
  } = f;
  return {
    uscc: typeof uscc === "string" ? uscc : DEFAULT_USCC,
    name: typeof name === "string" ? name : "",
    grade: (grade ?? null) as Grade,
    category: (category ?? "general") as Enterprise["category"],
    industry: (industry as string) ?? null,
    region: (region as string) ?? null,
    departments: Array.isArray(deps)
      ? deps.map(String)
      : typeof deps === "string"
        ? parseList(deps)
        : policyDepartments(policy),
    tags: Array.isArray(tags) ? tags.map(String) : typeof tags === "string" ? parseList(tags) : [],
    abnormal: abnormal === true,
    gradedOn: (gradedOn as string) ?? null,
    extra: Object.fromEntries(
      Object.entries(extra).map(([k, v]) => [
        k,
        typeof v === "string" && policy.facts?.[k]?.type === "list" ? parseList(v) : v,
      ]),
    ),
  };
}
