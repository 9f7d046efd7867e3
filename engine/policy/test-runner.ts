import { dirname, resolve } from "node:path";
import type { HistoryEntry } from "../data/records.js";
import { JreEvaluator, RuleConflictError } from "../evaluate.js";
import { enterpriseFacts } from "../facts.js";
import { HistoryIndex, visits } from "../history.js";
import { type Lang, tr } from "../lang.js";
import { eligibility, policyDepartments } from "../plan.js";
import { formatProblem, type Problem } from "../problem.js";
import { isFolder, isPolicyTestFile, yamlFilesUnder } from "./files.js";
import { idleRules } from "./idle-rules.js";
import { loadPolicyFile } from "./load.js";
import { badDate, caseProblems, type TestCase, testEnterprise } from "./test-cases.js";
import type { LoadedPolicy } from "./types.js";
import { parseYaml } from "./yaml-source.js";
import { readTextFile } from "./yaml-text.js";

/** The outcome of running policy tests. */
export interface TestReport {
  readonly files: number;
  readonly cases: number;
  readonly passed: number;
  readonly failures: Problem[];
  /** Per policy file, the rules no case exercised, and those of them that decide no enterprise (see idleRules). */
  readonly unexercised: { policy: string; rules: string[]; idle: string[] }[];
}

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
      ? isFolder(dirOrFiles)
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
    const doc = src.value as { policy?: unknown; date?: string; cases?: TestCase[] } | undefined;
    if (!doc || typeof doc.policy !== "string" || !Array.isArray(doc.cases)) {
      // Each key that is there but wrong is said at its value; one missing, at the file's start.
      const said = (key: "policy" | "cases", en: string, zh: string) =>
        failures.push({ file, ...src.locate([key]), message: tr(lang, en, zh) });
      if (doc && typeof doc === "object" && doc.policy !== undefined && typeof doc.policy !== "string")
        said(
          "policy",
          `\`policy\` must be the path of the policy file the cases test (e.g. ../1.0.0.yaml), not ${JSON.stringify(doc.policy)}`,
          `\`policy\` 应为用例所测政策文件的路径（例如 ../1.0.0.yaml），而不是 ${JSON.stringify(doc.policy)}`,
        );
      else if (
        doc &&
        typeof doc === "object" &&
        doc.cases !== undefined &&
        doc.cases !== null &&
        !Array.isArray(doc.cases)
      )
        said(
          "cases",
          "`cases` must be a list of cases, each after -",
          "`cases` 应为用例列表，每个用例以 - 开头",
        );
      else
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
        // In the order they stand in the file.
        const located = wrong
          .map((w) => ({ ...src.locate(["cases", i, ...w.path]), w }))
          .sort((a, b) => a.line - b.line || a.col - b.col);
        for (const { line, col, w } of located)
          failures.push({
            file,
            line,
            col,
            message: `${c?.name ? `${c.name}: ` : ""}${tr(lang, w.en, w.zh)}`,
          });
        if (!wrong.length) fail("not run: the file's date is wrong", "未运行：文件的日期有误");
        continue;
      }
      const date = c.date ?? doc.date ?? lp.policy.effective.from;
      // The task a case is drawn in is the default task: every department of the policy's items.
      const task = policyDepartments(lp.policy);
      const enterprise = testEnterprise(c.enterprise ?? {}, lp.policy);
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
          departments: task,
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
    .map(({ loaded, rules }) => {
      const left = loaded.policy.rules.map((r) => r.name).filter((r) => !rules.has(r));
      // No case can exercise a rule that decides no enterprise: said apart, as validate notes it.
      const idle = new Set(idleRules(loaded.policy).map((i) => i.rule.name));
      return { policy: loaded.file, rules: left, idle: left.filter((r) => idle.has(r)) };
    })
    .filter((u) => u.rules.length > 0);
  return { files: files.length, cases, passed, failures, unexercised };
}
