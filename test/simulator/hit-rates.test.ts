import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Enterprise, HistoryEntry } from "../../engine/data/records.js";
import { enterprisesCsv, historyCsvLines } from "../../engine/data/write.js";
import { loadPolicyFile } from "../../engine/policy/load.js";
import type { LoadedPolicy } from "../../engine/policy/types.js";
import { simulationHtml, simulationMarkdown } from "../../reports/sim-report.js";
import {
  type HitRates,
  hitRateCaution,
  hitRateCautionLine,
  hitRateNotice,
  hitRateTable,
  verdict,
} from "../../simulator/hit-rates.js";
import { simulate } from "../../simulator/run.js";
import { smallDistrict } from "../helpers/district.js";
import { ownDistrictScenario, SEED_POLICY } from "../helpers/own-district.js";
import { runCli } from "../helpers/run-cli.js";
import { tmp } from "../helpers/tmp.js";

const RESOURCES =
  "{ inspectors: { 市场监管局: 260, 生态环境局: 60, 应急管理局: 60, 人社局: 40 }, perInspector: 1000, teamSize: 2 }";
/** The scenario's violation probabilities: with detection 0.7, A's assumed hit rate is 1.4%, C's 12.6%. */
const VIOLATION = "{ A: 0.02, B: 0.06, C: 0.18, D: 0.4, ungraded: 0.08 }";

/** A visit's entry. */
const entry = (
  e: Enterprise,
  date: string,
  kind: HistoryEntry["kind"],
  result: string[],
  department?: string,
) => ({
  uscc: e.uscc,
  date,
  department: department ?? e.departments[0],
  kind,
  result,
});

/**
 * A district whose every graded enterprise was graded on 2025-06-01, and a history of 40 A
 * enterprises' random inspections (10 with a finding) and 20 C's (3 with a finding, found on a
 * joint visit of two departments' entries), with inspections the check leaves out: complaints,
 * random ones before the grade (5), unreachable ones, one after the start, one of another district.
 */
function district(dir: string) {
  const d = smallDistrict("hits", 3000);
  const enterprises = d.enterprises.map((e) => ({ ...e, gradedOn: e.grade === null ? null : "2025-06-01" }));
  writeFileSync(join(dir, "enterprises.csv"), enterprisesCsv(enterprises));
  const A = enterprises.filter((e) => e.grade === "A").slice(0, 40);
  const C = enterprises.filter((e) => e.grade === "C" && e.departments.length >= 2).slice(0, 20);
  expect([A.length, C.length]).toEqual([40, 20]);
  const history = [
    ...A.slice(0, 30).map((e) => entry(e, "2025-07-01", "random", ["none"])),
    ...A.slice(30).map((e) => entry(e, "2025-08-01", "random", ["rectified"])),
    ...A.slice(0, 5).map((e) => entry(e, "2025-09-01", "complaint", ["rectified"])),
    ...A.slice(5, 10).map((e) => entry(e, "2025-03-01", "random", ["rectified"])),
    ...A.slice(10, 13).map((e) => entry(e, "2025-10-01", "random", ["unreachable"])),
    entry(A[13], "2026-02-01", "random", ["rectified"]),
    ...C.slice(0, 3).flatMap((e) => [
      entry(e, "2025-07-01", "joint", ["none"], e.departments[0]),
      entry(e, "2025-07-01", "joint", ["pending"], e.departments[1]),
    ]),
    ...C.slice(3).map((e) => entry(e, "2025-11-01", "random", ["none"])),
    entry(smallDistrict("elsewhere", 10).enterprises[0], "2025-07-01", "random", ["rectified"]),
  ];
  writeFileSync(join(dir, "history.csv"), [...historyCsvLines(history as HistoryEntry[])].join(""));
  return { A, C };
}

describe("the scenario's assumed hit rate by grade against the district's past inspections", () => {
  it("counts each visit drawn at random whose result says whether a problem was found, of an enterprise graded by then, by the grade it met; and tells where the assumption lies outside the interval found", async () => {
    const dir = tmp();
    district(dir);
    const notices: string[] = [];
    const r = await simulate({
      scenario: ownDistrictScenario(dir, "hits", {
        population: "  history: history.csv\n",
        resources: RESOURCES,
        violation: VIOLATION,
      }),
      workers: 1,
      onNotice: (n) => notices.push(n),
    });
    const hits = r.district?.past?.hitRates;
    expect([hits?.beforeGrade, hits?.undated]).toEqual([5, 0]);
    expect(hits?.grades.map((g) => [g.grade, g.inspections, g.findings, g.assumed])).toEqual([
      ["A", 40, 10, 0.014],
      ["C", 20, 3, 0.126],
    ]);
    // A: 10 of 40 is 25.0% [14.2%–40.2%], far above the 1.4% assumed; C's 12.6% lies within 15.0% [5.2%–36.0%].
    const said = notices.filter((n) => n.includes("hit rate the scenario assumes"));
    expect(said).toEqual([
      `note: the hit rate the scenario assumes (behaviour.violation × detection) is not borne out by the district's past random inspections (the 2 grades counted tested together at 95%) for A 1.4% assumed, 25.0% [14.2%–40.2%] found in 40: calibrate the behaviour from them before the results inform a decision (at detection 0.7, violation { A: 0.36 } matches them; gradedraw calibrate writes the whole behaviour block from the same files) (${join(dir, "hits.yaml")})`,
    ]);
    // The report says what was counted, and the table, in both languages.
    const md = simulationMarkdown(r, "en", []);
    expect(md).toContain(
      "against the district's past inspections: 60 drawn at random (random or joint; targeted and complaint inspections are sent where a problem is suspected)",
    );
    expect(md).toContain(
      "Left out, as the grade they met is not known: 5 made before their enterprise's grade was given (its gradedOn).",
    );
    // And the violation probability that would match each rate found, at the scenario's detection (0.25 ÷ 0.7).
    expect(md).toContain("| A | 40 | 10 | 25.0% [14.2%–40.2%] | 1.4% | lower than found | 0.36 |");
    expect(md).toContain("| C | 20 | 3 | 15.0% [5.2%–36.0%] | 12.6% | within | 0.21 |");
    // Under the brief, for a reader of it alone: the grade whose assumption the district's results do not bear out.
    const brief = md.slice(md.indexOf("## In brief"), md.indexOf("## The last period"));
    expect(brief).toContain(
      "**Caution: the hit rate the scenario assumes for A is not borne out by the district's past random inspections (see Assumptions and sources)",
    );
    const zh = simulationHtml(r, "zh", []);
    expect(zh).toContain("检查 60 次，均在企业等级评定日（gradedOn）当天或之后");
    expect(zh).toContain("<p><strong>注意：情景对A级假设的问题发现率与本辖区以往随机抽查结果不符");
    expect(md).toContain(
      "the brief calls one not borne out only where the 2 grades tested together leave it out (each at 97.5%), so that right assumptions are called so by chance at most one time in twenty.",
    );
    expect(zh).toMatch(
      /<td class="n">A级<\/td><td class="n">40<\/td><td class="n">10<\/td><td class="n p"><span>25\.0%<\/span> <span>\[14\.2%–40\.2%\]<\/span><\/td><td class="n">1\.4%<\/td><td class="n">低于本辖区<\/td>/,
    );
  }, 60_000);

  it("calls an assumption not borne out only where the grades counted, tested together, leave it out: one outside its own 95% interval alone is said in the table, not cautioned", () => {
    // 3 of 40 is 7.5% [2.6%–19.9%] at 95%, which leaves out 2.4%; at 97.5% each, two grades together, [2.2%–22.2%] holds it.
    const A = { grade: "A" as const, inspections: 40, findings: 3, assumed: 0.024 };
    const C = { grade: "C" as const, inspections: 20, findings: 3, assumed: 0.126 };
    const two: HitRates = { grades: [A, C], beforeGrade: 0, undated: 0, detection: 0.7 };
    expect(verdict(A)).toBe(-1);
    expect(hitRateTable(two, "en").rows[0]).toEqual([
      "A",
      "40",
      "3",
      "7.5% [2.6%–19.9%]",
      "2.4%",
      "lower than found",
      "0.11",
    ]);
    expect([
      hitRateCaution(two, "en"),
      hitRateCautionLine(two, "en"),
      hitRateNotice(two, "s.yaml", "en"),
    ]).toEqual(["", "", undefined]);
    // Alone, A is tested at 95%: not borne out.
    const one: HitRates = { grades: [A], beforeGrade: 0, undated: 0, detection: 0.7 };
    expect(hitRateCautionLine(one, "en")).toBe(
      "caution: the hit rate assumed for A is not the district's (see the report)",
    );
    expect(hitRateNotice(one, "s.yaml", "en")).toContain(
      "past random inspections (at 95%) for A 2.4% assumed",
    );
  });

  it("counts the results recorded in the district's ledger too; and where none could be counted (no gradedOn), says so, without a table or a note", async () => {
    const dir = tmp();
    const d = smallDistrict("hits", 3000);
    const noDates = d.enterprises.map((e) => ({ ...e, gradedOn: null }));
    writeFileSync(join(dir, "enterprises.csv"), enterprisesCsv(noDates));
    const B = d.enterprises.filter((e) => e.grade === "B").slice(0, 20);
    const policy = loadPolicyFile(SEED_POLICY).policy as LoadedPolicy;
    const item = (department: string) => policy.policy.items.find((i) => i.department === department)?.code;
    writeFileSync(
      join(dir, "results.csv"),
      `uscc,date,department,item,kind,result,inspectors\n${B.map(
        (e, i) =>
          `${e.uscc},2025-09-01,${e.departments[0]},${item(e.departments[0])},random,${i < 4 ? "发现问题已责令改正" : "未发现问题"},`,
      ).join("\n")}\n`,
    );
    const db = join(dir, "gradedraw.db");
    const imported = await runCli("results", "import", join(dir, "results.csv"), "--db", db);
    expect(imported.code, imported.stderr).toBe(0);
    const scenario = ownDistrictScenario(dir, "ledger", {
      population: "  ledger: gradedraw.db\n",
      resources: RESOURCES,
      violation: VIOLATION,
    });
    const notices: string[] = [];
    const undated = await simulate({ scenario, workers: 1, onNotice: (n) => notices.push(n) });
    expect(undated.district?.past?.hitRates).toEqual({
      grades: [],
      beforeGrade: 0,
      undated: 20,
      detection: 0.7,
    });
    expect(notices.filter((n) => n.includes("hit rate"))).toEqual([]);
    const md = simulationMarkdown(undated, "en", []);
    expect(md).toContain(
      "Not checked against the district's past inspections: none drawn at random with a result was made on or after its enterprise's gradedOn, the grade it met. Left out, as the grade they met is not known: 20 of enterprises the file gives no gradedOn. Give each enterprise's gradedOn",
    );
    expect(md).not.toContain("| grade | inspections |");
    expect(md).not.toContain("Caution:");
    // Graded before: the ledger's 20 B results, 4 with a finding (20.0% [8.1%–41.6%], above the 4.2% assumed).
    writeFileSync(
      join(dir, "enterprises.csv"),
      enterprisesCsv(d.enterprises.map((e) => ({ ...e, gradedOn: e.grade === null ? null : "2025-01-01" }))),
    );
    const dated = await simulate({ scenario, workers: 1 });
    expect(dated.district?.past?.hitRates?.grades).toEqual([
      { grade: "B", inspections: 20, findings: 4, assumed: 0.042 },
    ]);
    expect(simulationMarkdown(dated, "en", [])).toContain(
      "| B | 20 | 4 | 20.0% [8.1%–41.6%] | 4.2% | lower than found | 0.29 |",
    );
  }, 60_000);
});
