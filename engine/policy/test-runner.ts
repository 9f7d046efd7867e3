import { statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { categoryOf, gradeOf } from "../data/cell-words.js";
import {
  type Enterprise,
  type HistoryEntry,
  INSPECTION_KINDS,
  type InspectionKind,
} from "../data/records.js";
import { isIsoDate } from "../data/values.js";
import { JreEvaluator, RuleConflictError } from "../evaluate.js";
import { enterpriseFacts, typedFact } from "../facts.js";
import { HistoryIndex, visits } from "../history.js";
import { type Lang, tr } from "../lang.js";
import { eligibility, INELIGIBILITIES, policyDepartments } from "../plan.js";
import { formatProblem, type Problem } from "../problem.js";
import { isPolicyTestFile, yamlFilesUnder } from "./files.js";
import { loadPolicyFile } from "./load.js";
import type { LoadedPolicy, Policy } from "./types.js";
import { CATEGORIES, ENTERPRISE_FACTS, GRADES, type Grade, HISTORY_FACTS } from "./vocabulary.js";
import { type NodePath, parseYaml, readTextFile } from "./yaml-source.js";

/** One case of a policy test file (OpenFisca-style: input facts → expected treatment). */
interface TestCase {
  name?: string;
  date?: string;
  enterprise: Record<string, unknown>;
  history?: { date: string; kind?: InspectionKind; department?: string; result?: string[] }[];
  expect: string;
  eligible?: boolean;
  reason?: string;
}

/** The outcome of running policy tests. */
export interface TestReport {
  readonly files: number;
  readonly cases: number;
  readonly passed: number;
  readonly failures: Problem[];
  /** Per policy file, the rules no case exercised. */
  readonly unexercised: { policy: string; rules: string[] }[];
}

const DEFAULT_USCC = "91320803MA1XXXXXX0";

/** Finds every `tests/*.yaml` under a folder. */
export function findTestFiles(dir: string, lang: Lang = "en"): string[] {
  return yamlFilesUnder(dir, () => true, lang).filter(isPolicyTestFile);
}

/** Runs the policy tests under `dir` (or the given files), reporting each failure at its case. */
export async function runPolicyTests(
  dirOrFiles: string | readonly string[],
  lang: Lang = "en",
): Promise<TestReport> {
  const files =
    typeof dirOrFiles === "string"
      ? statSync(dirOrFiles).isDirectory()
        ? findTestFiles(dirOrFiles, lang)
        : [dirOrFiles]
      : dirOrFiles;
  const failures: Problem[] = [];
  let cases = 0;
  let passed = 0;
  const exercised = new Map<string, { loaded: LoadedPolicy; rules: Set<string> }>();
  for (const file of files) {
    const read = readTextFile(file, lang);
    if (read.problem) {
      failures.push(read.problem);
      continue;
    }
    const src = parseYaml(file, read.text as string, lang);
    if (src.problems.length) {
      failures.push(...src.problems);
      continue;
    }
    const doc = src.value as { policy?: string; date?: string; cases?: TestCase[] } | undefined;
    if (!doc || typeof doc.policy !== "string" || !Array.isArray(doc.cases)) {
      failures.push({
        file,
        line: 1,
        col: 1,
        message: tr(
          lang,
          "a policy test file needs `policy:` (path of the policy file) and `cases:`",
          "政策测试文件需要 `policy:`（政策文件路径）和 `cases:`",
        ),
      });
      continue;
    }
    const policyFile = resolve(dirname(file), doc.policy);
    const loaded = loadPolicyFile(policyFile, lang);
    if (!loaded.policy) {
      failures.push({
        file,
        ...src.locate(["policy"]),
        // The first problem says why (often a path that names no file); validate lists them all.
        message: tr(
          lang,
          `policy ${doc.policy} does not load: ${formatProblem(loaded.problems[0])}${loaded.problems.length > 1 ? ` (and ${loaded.problems.length - 1} more problem(s): run gradedraw validate ${policyFile})` : ""}`,
          `政策 ${doc.policy} 无法加载：${formatProblem(loaded.problems[0])}${loaded.problems.length > 1 ? `（另有 ${loaded.problems.length - 1} 个问题：请运行 gradedraw validate ${policyFile}）` : ""}`,
        ),
      });
      // Its cases count, as failed: a summary of "0 failed" beside this failure would mislead.
      cases += doc.cases.length;
      continue;
    }
    const lp = loaded.policy;
    const entry = exercised.get(policyFile) ?? { loaded: lp, rules: new Set<string>() };
    exercised.set(policyFile, entry);
    const evaluator = new JreEvaluator(lp.policy);
    const fileDate = badDate(doc.date);
    if (fileDate)
      failures.push({ file, ...src.locate(["date"]), message: tr(lang, fileDate.en, fileDate.zh) });
    for (let i = 0; i < doc.cases.length; i++) {
      cases++;
      const c = doc.cases[i];
      const at = src.locate(["cases", i]);
      const fail = (en: string, zh: string) =>
        failures.push({ file, ...at, message: `${c.name ? `${c.name}: ` : ""}${tr(lang, en, zh)}` });
      // A case that is itself wrong (an unknown treatment, grade, reason or date) is reported at
      // its node and not run: run, it would fail or, worse, pass for the wrong reason.
      const wrong = caseProblems(c, lp.policy);
      if (wrong.length || fileDate) {
        for (const w of wrong)
          failures.push({
            file,
            ...src.locate(["cases", i, ...w.path]),
            message: `${c?.name ? `${c.name}: ` : ""}${tr(lang, w.en, w.zh)}`,
          });
        if (!wrong.length) fail("not run: the file's date is wrong", "未运行：文件的日期有误");
        continue;
      }
      const date = c.date ?? doc.date ?? lp.policy.effective.from;
      const enterprise = testEnterprise(c.enterprise ?? {}, policyDepartments(lp.policy));
      // By visit, as a draw counts them (see visits).
      const history = new HistoryIndex(
        visits(
          (c.history ?? []).map(
            (h): HistoryEntry => ({
              uscc: enterprise.uscc,
              date: String(h.date),
              kind: h.kind ?? "random",
              department: h.department ?? "",
              result: h.result ?? [],
            }),
          ),
        ),
      );
      try {
        const decision = await evaluator.evaluate(enterpriseFacts(enterprise, lp.policy, history, date));
        if (decision.rule) entry.rules.add(decision.rule);
        const got = decision.treatment ?? "reject";
        const cl = eligibility(enterprise, decision, {
          policy: lp.policy,
          date,
          history,
          departments: enterprise.departments,
        });
        if (got !== c.expect)
          fail(
            `expected treatment ${c.expect}, got ${got} (rule ${decision.rule ?? "default"})`,
            `期望处理方式 ${c.expect}，实际为 ${got}（规则 ${decision.rule ?? "默认"}）`,
          );
        else if (c.eligible !== undefined && cl.eligible !== c.eligible)
          fail(
            `expected eligible: ${c.eligible}, got ${cl.eligible}${cl.reason ? ` (${cl.reason})` : ""}`,
            `期望可抽取：${c.eligible}，实际为 ${cl.eligible}${cl.reason ? `（${cl.reason}）` : ""}`,
          );
        else if (c.reason !== undefined && cl.reason !== c.reason)
          fail(
            `expected reason ${c.reason}, got ${cl.reason ?? "eligible"}`,
            `期望原因 ${c.reason}，实际为 ${cl.reason ?? "可抽取"}`,
          );
        else passed++;
      } catch (e) {
        if (e instanceof RuleConflictError)
          fail(e.message, `规则 ${e.rules.join(" 与 ")} 优先级相同但处理方式不同`);
        else fail((e as Error).message, (e as Error).message);
      }
    }
  }
  const unexercised = [...exercised.values()]
    .map(({ loaded, rules }) => ({
      policy: loaded.file,
      rules: loaded.policy.rules.map((r) => r.name).filter((r) => !rules.has(r)),
    }))
    .filter((u) => u.rules.length > 0);
  return { files: files.length, cases, passed, failures, unexercised };
}

/** A wrong value of a test case: the path of its node in the case, and what is wrong, in both languages. */
interface CaseProblem {
  readonly path: NodePath;
  readonly en: string;
  readonly zh: string;
}

/** Why a date of a test file is wrong (it must be an ISO date, as the engine compares dates), or undefined. */
function badDate(v: unknown): { en: string; zh: string } | undefined {
  if (v === undefined) return undefined;
  const s = String(v);
  if (isIsoDate(s)) return undefined;
  return { en: `'${s}' is not a date YYYY-MM-DD`, zh: `“${s}”不是 YYYY-MM-DD 格式的日期` };
}

const one = (values: readonly unknown[]) => values.map((v) => (v === null ? "null" : String(v))).join(", ");

/** What is wrong in a test case itself, rather than in the policy's answer to it. */
function caseProblems(c: TestCase | null | undefined, policy: Policy): CaseProblem[] {
  if (c === null || typeof c !== "object" || Array.isArray(c))
    return [{ path: [], en: "a case must be a mapping", zh: "用例必须是映射（键: 值）" }];
  const out: CaseProblem[] = [];
  const treatments = [...Object.keys(policy.treatments), "reject"];
  if (typeof c.expect !== "string" || !treatments.includes(c.expect))
    out.push({
      path: ["expect"],
      en: `expect must name a treatment of the policy or reject (${treatments.join(", ")}), not ${JSON.stringify(c.expect ?? null)}`,
      zh: `expect 应为政策中的处理方式或 reject（${treatments.join("、")}），而不是 ${JSON.stringify(c.expect ?? null)}`,
    });
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
      out.push({
        path: ["enterprise", "grade"],
        en: `grade must be one of ${one(GRADES)} (null: ungraded), not ${JSON.stringify(e.grade)}${g ? `: write ${g} (the input's '${e.grade}' is read as ${g})` : ""}`,
        zh: `grade 应为 ${one(GRADES)} 之一（null 表示未分级），而不是 ${JSON.stringify(e.grade)}${g ? `：请写 ${g}（输入中的“${e.grade}”读作 ${g}）` : ""}`,
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
    const gradedOn = badDate(e.gradedOn ?? undefined);
    if (gradedOn) out.push({ path: ["enterprise", "gradedOn"], ...gradedOn });
    out.push(...factProblems(e, policy));
  }
  if (c.eligible !== undefined && typeof c.eligible !== "boolean")
    out.push({ path: ["eligible"], en: "eligible must be true or false", zh: "eligible 应为 true 或 false" });
  if (c.reason !== undefined && !(INELIGIBILITIES as readonly unknown[]).includes(c.reason))
    out.push({
      path: ["reason"],
      en: `reason must be one of ${one(INELIGIBILITIES)}, not ${JSON.stringify(c.reason)}`,
      zh: `reason 应为 ${one(INELIGIBILITIES)} 之一，而不是 ${JSON.stringify(c.reason)}`,
    });
  const date = badDate(c.date);
  if (date) out.push({ path: ["date"], ...date });
  if (c.history !== undefined && !Array.isArray(c.history))
    out.push({ path: ["history"], en: "history must be a list", zh: "history 必须是列表" });
  else
    (c.history ?? []).forEach((h, k) => {
      const d = badDate(h?.date ?? "");
      if (d) out.push({ path: ["history", k, "date"], ...d });
      if (h?.kind !== undefined && !(INSPECTION_KINDS as readonly unknown[]).includes(h.kind))
        out.push({
          path: ["history", k, "kind"],
          en: `kind must be one of ${one(INSPECTION_KINDS)}, not ${JSON.stringify(h.kind)}`,
          zh: `kind 应为 ${one(INSPECTION_KINDS)} 之一，而不是 ${JSON.stringify(h.kind)}`,
        });
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

/** An enterprise for a test case: the facts given, defaults for the rest. */
function testEnterprise(f: Record<string, unknown>, departments: string[]): Enterprise {
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
    departments: Array.isArray(deps) ? deps.map(String) : departments,
    tags: Array.isArray(tags) ? tags.map(String) : [],
    abnormal: abnormal === true,
    gradedOn: (gradedOn as string) ?? null,
    extra,
  };
}
