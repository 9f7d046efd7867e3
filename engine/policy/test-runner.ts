import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Enterprise, HistoryEntry, InspectionKind } from "../data/records.js";
import { JreEvaluator, RuleConflictError } from "../evaluate.js";
import { enterpriseFacts } from "../facts.js";
import { HistoryIndex } from "../history.js";
import { type Lang, tr } from "../lang.js";
import { eligibility, policyDepartments } from "../plan.js";
import type { Problem } from "../problem.js";
import { loadPolicyFile } from "./load.js";
import type { LoadedPolicy } from "./types.js";
import type { Grade } from "./vocabulary.js";
import { parseYaml } from "./yaml-source.js";

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
export function findTestFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(name) && d.split(/[\\/]/).pop() === "tests") out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Runs the policy tests under `dir` (or the given files), reporting each failure at its case. */
export async function runPolicyTests(
  dirOrFiles: string | readonly string[],
  lang: Lang = "en",
): Promise<TestReport> {
  const files =
    typeof dirOrFiles === "string"
      ? statSync(dirOrFiles).isDirectory()
        ? findTestFiles(dirOrFiles)
        : [dirOrFiles]
      : dirOrFiles;
  const failures: Problem[] = [];
  let cases = 0;
  let passed = 0;
  const exercised = new Map<string, { loaded: LoadedPolicy; rules: Set<string> }>();
  for (const file of files) {
    const src = parseYaml(file, readFileSync(file, "utf8"), lang);
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
        message: tr(
          lang,
          `policy ${doc.policy} does not load (${loaded.problems.length} problem(s)); run gradedraw validate`,
          `政策 ${doc.policy} 无法加载（${loaded.problems.length} 个问题）；请运行 gradedraw validate`,
        ),
      });
      continue;
    }
    const lp = loaded.policy;
    const entry = exercised.get(policyFile) ?? { loaded: lp, rules: new Set<string>() };
    exercised.set(policyFile, entry);
    const evaluator = new JreEvaluator(lp.policy);
    for (let i = 0; i < doc.cases.length; i++) {
      cases++;
      const c = doc.cases[i];
      const at = src.locate(["cases", i]);
      const fail = (en: string, zh: string) =>
        failures.push({ file, ...at, message: `${c.name ? `${c.name}: ` : ""}${tr(lang, en, zh)}` });
      const date = c.date ?? doc.date ?? lp.policy.effective.from;
      const enterprise = testEnterprise(c.enterprise ?? {}, policyDepartments(lp.policy));
      const history = new HistoryIndex(
        (c.history ?? []).map(
          (h): HistoryEntry => ({
            uscc: enterprise.uscc,
            date: String(h.date),
            kind: h.kind ?? "random",
            department: h.department ?? "",
            result: h.result ?? [],
          }),
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
