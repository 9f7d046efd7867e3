import { writeFileSync } from "node:fs";
import { join } from "node:path";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { readGradeHistory } from "../../engine/data/read.js";
import type { Enterprise, HistoryEntry } from "../../engine/data/records.js";
import { enterprisesCsv, historyCsvLines } from "../../engine/data/write.js";
import { simulationHtml, simulationMarkdown } from "../../reports/sim-report.js";
import { gradeChangeCautionLine, matchingRow } from "../../simulator/grade-changes.js";
import { type SimulationResult, simulate } from "../../simulator/run.js";
import { smallDistrict } from "../helpers/district.js";
import { ownDistrictScenario } from "../helpers/own-district.js";
import { runCli } from "../helpers/run-cli.js";
import { tmp } from "../helpers/tmp.js";

const RESOURCES =
  "{ inspectors: { 市场监管局: 260, 生态环境局: 60, 应急管理局: 60, 人社局: 40 }, perInspector: 1000, teamSize: 2 }";

/** The Huai'an scenario's grade changes (simulator/scenarios/huaian.yaml). */
const TRANSITIONS = `
    normal:
      A: { A: 0.95, B: 0.05, C: 0, D: 0, ungraded: 0 }
      B: { A: 0.08, B: 0.88, C: 0.04, D: 0, ungraded: 0 }
      C: { A: 0, B: 0.15, C: 0.78, D: 0.07, ungraded: 0 }
      D: { A: 0, B: 0, C: 0.15, D: 0.85, ungraded: 0 }
      ungraded: { A: 0.3, B: 0.6, C: 0.08, D: 0.02, ungraded: 0 }
    found:
      A: { A: 0.3, B: 0.6, C: 0.1, D: 0, ungraded: 0 }
      B: { A: 0, B: 0.45, C: 0.5, D: 0.05, ungraded: 0 }
      C: { A: 0, B: 0, C: 0.6, D: 0.4, ungraded: 0 }
      D: { A: 0, B: 0, C: 0, D: 1, ungraded: 0 }
      ungraded: { A: 0, B: 0.3, C: 0.6, D: 0.1, ungraded: 0 }`;

const visit = (e: Enterprise, date: string, kind: HistoryEntry["kind"], result: string) => ({
  uscc: e.uscc,
  date,
  department: e.departments[0],
  kind,
  result: [result],
});

/**
 * A district of 3,000 whose file grades every graded enterprise on 2026-01-01, with a grade history
 * of 100 of its B enterprises: B on 2025-01-01; on 2025-07-01 80 still B, 10 C and 10 B after a
 * random inspection found a problem in 2025-03 (the other 80 without a finding: 10 found clean, 5
 * with a complaint's finding, which the simulation's random draws do not make); B again on the
 * file's 2026-01-01. Besides: a push of another district's enterprise, and one the file contradicts.
 */
function district(dir: string) {
  const d = smallDistrict("grades", 3000);
  const enterprises = d.enterprises.map((e) => ({ ...e, gradedOn: e.grade === null ? null : "2026-01-01" }));
  writeFileSync(join(dir, "enterprises.csv"), enterprisesCsv(enterprises));
  const B = enterprises.filter((e) => e.grade === "B").slice(0, 100);
  const history = [
    visit(B[0], "2024-10-01", "random", "none"),
    ...B.slice(0, 10).map((e) => visit(e, "2025-02-01", "random", "none")),
    ...B.slice(10, 15).map((e) => visit(e, "2025-04-01", "complaint", "rectified")),
    // Findings recorded with three codes: 14, 4 and 2 of the 20.
    ...B.slice(80, 94).map((e) => visit(e, "2025-03-01", "random", "rectified")),
    ...B.slice(94, 98).map((e) => visit(e, "2025-03-01", "random", "pending")),
    ...B.slice(98).map((e) => visit(e, "2025-03-01", "random", "transferred")),
  ];
  writeFileSync(join(dir, "history.csv"), [...historyCsvLines(history as HistoryEntry[])].join(""));
  const other = smallDistrict("elsewhere", 10).enterprises[0];
  const rows = [
    "统一社会信用代码,信用等级,评级日期,企业名称",
    ...B.map((e) => `${e.uscc},B,2025-01-01,${e.name}`),
    ...B.map((e, i) => `${e.uscc},${i >= 80 && i < 90 ? "C" : "B"},2025/07/01,${e.name}`),
    `${other.uscc},A,2025-01-01,${other.name}`,
    `${B[0].uscc},A,2026年1月1日,${B[0].name}`,
  ];
  writeFileSync(join(dir, "grades.csv"), iconv.encode(`${rows.join("\r\n")}\r\n`, "gb18030"));
  return B;
}

/** Simulates scenario `name` of the district in `dir` with its history and grade history `grades`, under `transitions` (default none); the result and the notices said. */
async function simulateWith(dir: string, name: string, grades: string, transitions?: string) {
  const notices: string[] = [];
  const r = await simulate({
    scenario: ownDistrictScenario(dir, name, {
      population: `  history: history.csv\n  gradeHistory: ${grades}\n`,
      resources: RESOURCES,
      transitions,
    }),
    workers: 1,
    onNotice: (n) => notices.push(n),
  });
  return { r, notices };
}

describe("the scenario's grade changes against the district's grade history", () => {
  it("counts each enterprise's grade from one period's first day to the next's, after a finding where a random visit found a problem, and tells the rows the district's do not bear out with the rows that match them", async () => {
    const dir = tmp();
    district(dir);
    const { r, notices } = await simulateWith(dir, "changes", "grades.csv", TRANSITIONS);
    const c = r.district?.past?.gradeChanges;
    expect(c && [c.cadence, c.from, c.to, c.elsewhere, c.differing]).toEqual([
      "half-year",
      "2025-01-01",
      "2026-01-01",
      1,
      1,
    ]);
    const rows = (branch: "normal" | "found") =>
      c?.[branch].map((x) => [x.grade, x.periods, x.to.A, x.to.B, x.to.C, x.to.D, x.to.ungraded]);
    // First half of 2025: 80 B stay B without a finding; of the 20 found, 10 to C and 10 stay B.
    // Second half: the 90 B and the 10 C all B on 2026-01-01, none found.
    expect(rows("normal")).toEqual([
      ["B", 170, 0, 170, 0, 0, 0],
      ["C", 10, 0, 10, 0, 0, 0],
    ]);
    expect(rows("found")).toEqual([["B", 20, 0, 10, 10, 0, 0]]);
    // The grade each visit met is the one in force on its day: 30 random B visits, 20 with a
    // finding, where the file's gradedOn alone would leave all 31 out as made before the grade.
    const hits = r.district?.past?.hitRates;
    expect(hits?.grades.map((g) => [g.grade, g.inspections, g.findings])).toEqual([["B", 30, 20]]);
    expect([hits?.beforeGrade, hits?.undated, hits?.byHistory]).toEqual([1, 0, true]);
    // B stays B in 170 of 170 against 88% assumed; C goes to B in 10 of 10 against 15%: not borne
    // out with the 15 shares tested together. B after a finding, 10 of 20 to C against 50%, is.
    const said = notices.filter((n) => n.includes("grade changes"));
    expect(said).toEqual([
      `note: the grade changes the scenario assumes are not borne out by the district's grade history (every share counted tested together at 95%) from B without a finding, C without a finding: calibrate them before the results inform a decision; the district's own are behaviour.transitions.normal.B: { A: 0, B: 1, C: 0, D: 0, ungraded: 0 } (170 enterprise-periods without a finding); behaviour.transitions.normal.C: { A: 0, B: 1, C: 0, D: 0, ungraded: 0 } (10 enterprise-periods without a finding) (gradedraw calibrate writes the whole behaviour block from the same files) (${join(dir, "changes.yaml")})`,
    ]);
    const md = simulationMarkdown(r, "en", []);
    expect(md).toContain(
      "The grade changes the scenario assumes (behaviour.transitions) against the district's own: 200 enterprise-half-years from 2025-01-01 to 2026-01-01",
    );
    expect(md).toContain("1 grades pushed for enterprises the enterprise file does not hold were left out.");
    expect(md).toContain(
      "| B | 170 | 0.0% / 8.0% | 100.0% / 88.0% | 0.0% / 4.0% | 0.0% / 0.0% | 0.0% / 0.0% | A, B, C |",
    );
    expect(md).toContain(
      "| B | 20 | 0.0% / 0.0% | 50.0% / 45.0% | 50.0% / 50.0% | 0.0% / 5.0% | 0.0% / 0.0% | — |",
    );
    const brief = md.slice(md.indexOf("## In brief"), md.indexOf("## The last period"));
    expect(brief).toContain(
      "Caution: the grade changes the scenario assumes from B (without a finding), C (without a finding) are not borne out by the district's grade history",
    );
    expect(md).toContain("The grades pushed: grades.csv (SHA-256 ");
    const zh = simulationHtml(r, "zh", []);
    expect(zh).toContain(
      "情景假设的等级变化（behaviour.transitions）与本辖区实际的对照：2025-01-01 至 2026-01-01 共 200 个企业·期",
    );
    expect(zh).toContain(
      "注意：情景对B级（未发现问题）、C级（未发现问题）假设的等级变化与本辖区等级推送记录不符",
    );
    expect(gradeChangeCautionLine(c, "en")).toBe(
      "caution: the grade changes assumed from B (without a finding), C (without a finding) are not the district's (see the report)",
    );
    // The report reads it back from results.json.
    const out = join(dir, "out");
    const run = await runCli(
      "simulate",
      "--scenario",
      join(dir, "changes.yaml"),
      "--workers",
      "1",
      "--out",
      out,
      "--no-tui",
    );
    expect(run.code, run.stderr).toBe(0);
    const report = await runCli("report", out, "--format", "md");
    expect(report.code, report.stderr).toBe(0);
  });

  it("says nothing where the district's changes bear the scenario's out", async () => {
    const dir = tmp();
    district(dir);
    // The district's own rows, as the note gives them, assumed.
    const transitions = TRANSITIONS.replace(
      "B: { A: 0.08, B: 0.88, C: 0.04, D: 0, ungraded: 0 }",
      "B: { A: 0, B: 1, C: 0, D: 0, ungraded: 0 }",
    ).replace(
      "C: { A: 0, B: 0.15, C: 0.78, D: 0.07, ungraded: 0 }",
      "C: { A: 0, B: 1, C: 0, D: 0, ungraded: 0 }",
    );
    const { r, notices } = await simulateWith(dir, "kept", "grades.csv", transitions);
    expect(r.district?.past?.gradeChanges?.normal.length).toBe(2);
    expect(notices.filter((n) => n.includes("grade changes"))).toEqual([]);
    expect(simulationMarkdown(r, "en", [])).not.toContain("Caution: the grade changes");
  });

  it("says where no grade change could be checked: grades frozen, or no grade known on two first days before the start", async () => {
    const dir = tmp();
    district(dir);
    const { notices: frozen } = await simulateWith(dir, "frozen", "grades.csv");
    expect(frozen.filter((n) => n.includes("grade history"))).toEqual([
      `note: the scenario's grades do not change (behaviour.transitions: none): the grade history dates the grade each past inspection met, and no grade change is checked (${join(dir, "grades.csv")})`,
    ]);
    // The last push alone: every grade known on 2026-01-01 only.
    const last = district(dir)[0];
    writeFileSync(join(dir, "last.csv"), `uscc,grade,gradedOn\n${last.uscc},B,2025-12-01\n`);
    const { r, notices } = await simulateWith(dir, "last", "last.csv", TRANSITIONS);
    expect(r.district?.past?.gradeChanges).toBeUndefined();
    expect(notices.filter((n) => n.includes("grade change"))).toEqual([
      `note: no enterprise of the enterprise file has a grade known on the first days of two periods before 2026-01-01, when the simulation begins: no grade change could be checked (were the pushes of the last periods alone given?) (${join(dir, "last.csv")})`,
    ]);
  });

  it("gives a row's shares as a scenario writes them, summing to 1", () => {
    const to = { A: 1, B: 1, C: 1, D: 0, ungraded: 0 };
    const row = { grade: "B" as const, periods: 3, to, assumed: to };
    expect(matchingRow(row)).toBe("{ A: 0.334, B: 0.333, C: 0.333, D: 0, ungraded: 0 }");
  });

  it("refuses a grade history without the district's past inspections, which tell a change after a finding from one without", async () => {
    const dir = tmp();
    district(dir);
    const scenario = ownDistrictScenario(dir, "alone", {
      population: "  gradeHistory: grades.csv\n",
      resources: RESOURCES,
      transitions: TRANSITIONS,
    });
    const run = await runCli("simulate", "--scenario", scenario, "--no-tui");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `gradedraw: a grade history is checked against the district's past inspections, which tell a change after a finding from one without: give population.history or population.ledger too (${join(dir, "alone.yaml")}:5:3)`,
    );
    // Given on the command line with the history, it is read.
    const given = await runCli(
      "simulate",
      "--scenario",
      ownDistrictScenario(dir, "cli", { resources: RESOURCES, transitions: TRANSITIONS }),
      "--history",
      join(dir, "history.csv"),
      "--grade-history",
      join(dir, "grades.csv"),
      "--workers",
      "1",
      "--no-tui",
    );
    expect(given.code, given.stderr).toBe(0);
    expect(given.stderr).toContain("the grade changes the scenario assumes are not borne out");
  });
});

describe("a grade history", () => {
  it("may be a past enterprise file, which dates its grades; one that does not is told the column it lacks, not that it is another kind of file", async () => {
    const dir = tmp();
    const e = smallDistrict("snapshot", 40).enterprises;
    const file = join(dir, "enterprises-2025-06.csv");
    writeFileSync(
      file,
      enterprisesCsv(e.map((x) => ({ ...x, gradedOn: x.grade === null ? null : "2025-06-01" }))),
    );
    const read = await readGradeHistory(file);
    expect(read.records.length).toBe(e.filter((x) => x.grade !== null).length);
    writeFileSync(file, enterprisesCsv(e.map((x) => ({ ...x, gradedOn: null }))).replace(",gradedOn", ""));
    await expect(readGradeHistory(file)).rejects.toMatchObject({
      problems: [
        {
          line: 1,
          column: "gradedOn",
          message: expect.stringContaining("missing required column 'gradedOn'"),
        },
      ],
    });
  });

  it("reads the platform's pushes under Chinese headers, in GBK, keeps a push written twice once, leaves out a row of neither grade nor day (a past enterprise file's new enterprise), and refuses two grades of one day at the second", async () => {
    const dir = tmp();
    const e = smallDistrict("read", 3).enterprises;
    const file = join(dir, "推送记录.csv");
    writeFileSync(
      file,
      iconv.encode(
        `统一社会信用代码,风险等级,推送日期\n${e[0].uscc},A,2025-01-01\n${e[0].uscc},A,2025-01-01\n${e[1].uscc},,2025年2月1日\n${e[2].uscc},,\n`,
        "gbk",
      ),
    );
    const read = await readGradeHistory(file);
    expect(read.records).toEqual([
      { uscc: e[0].uscc, grade: "A", gradedOn: "2025-01-01" },
      { uscc: e[1].uscc, grade: null, gradedOn: "2025-02-01" },
    ]);
    expect(read.notices).toEqual([
      `note: 1 row(s) of ${file} give neither a grade nor its day: no grade pushed, left out`,
    ]);
    writeFileSync(
      file,
      `uscc,grade,gradedOn\n${e[0].uscc},A,2025-01-01\n${e[0].uscc},C,2025-01-01\n${e[1].uscc},E,\n`,
    );
    await expect(readGradeHistory(file)).rejects.toMatchObject({
      problems: [
        {
          line: 3,
          message: expect.stringContaining(
            `${e[0].uscc} is given grade C on 2025-01-01, and A on the same day on row 2: one of them is wrong`,
          ),
        },
        { line: 4, message: expect.stringContaining("unknown grade 'E'") },
        { line: 4, message: expect.stringContaining("the day the grade was given is empty") },
      ],
    });
  });
});

describe("gradedraw calibrate", () => {
  it("writes the scenario's behaviour from the district's own results: violation from each grade's hit rate at the detection assumed, the transitions the simulation's check counts, and a blank where nothing was counted", async () => {
    const dir = tmp();
    district(dir);
    const at = (f: string) => join(dir, f);
    const files = [
      "--enterprises",
      at("enterprises.csv"),
      "--history",
      at("history.csv"),
      "--grade-history",
      at("grades.csv"),
    ];
    const json = await runCli("calibrate", ...files, "--start", "2026-H1", "--json");
    expect(json.code, json.stderr).toBe(0);
    const c = JSON.parse(json.stdout);
    // B: 20 of 30 random visits found a problem, ÷ 0.7.
    expect(c.violation.find((v: { grade: string }) => v.grade === "B")).toEqual({
      grade: "B",
      inspections: 30,
      findings: 20,
      violation: 20 / 30 / 0.7,
    });
    expect([c.beforeGrade, c.undated]).toEqual([1, 0]);
    // The rows simulate's check counts on the same district.
    const { r } = await simulateWith(dir, "same", "grades.csv", TRANSITIONS);
    const rows = (x: readonly { grade: string; periods: number; to: object }[]) =>
      x.map(({ grade, periods, to }) => ({ grade, periods, to }));
    expect(rows(c.transitions.normal)).toEqual(rows(r.district?.past?.gradeChanges?.normal ?? []));
    expect(rows(c.transitions.found)).toEqual(rows(r.district?.past?.gradeChanges?.found ?? []));

    const text = await runCli("calibrate", ...files, "--start", "2026-H1", "--detection", "0.5");
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(
      "    B: 1 # 20 of 30 visits found a problem: 66.7% [48.8%–80.8%], more than the detection assumed finds (violation at most 1: a higher detection?)\n",
    );
    expect(text.stdout).toContain("    A: # none counted: write the assumption here\n");
    expect(text.stdout).toContain("  detection: 0.5 # assumed (--detection)");
    // The codes of the random visits' findings, in their shares (not the complaint visits' rectified).
    expect(text.stdout).toContain(
      "  findingResults: { rectified: 0.7, pending: 0.2, transferred: 0.1 } # the result codes of the 20 visits drawn at random that found a problem (the first problem code of each)\n",
    );
    expect(text.stdout).toContain(
      "      B: { A: 0, B: 1, C: 0, D: 0, ungraded: 0 } # 170 enterprise-half-years\n      C: { A: 0, B: 1, C: 0, D: 0, ungraded: 0 } # 10 enterprise-half-years",
    );
    expect(text.stdout).toContain(
      "    found:\n      A: # none counted: write the assumption here\n      B: { A: 0, B: 0.5, C: 0.5, D: 0, ungraded: 0 } # 20 enterprise-half-years",
    );
    // A blank is null to YAML: a scenario given the block as it is is refused there until it is filled in.
    const block = parseYaml(text.stdout) as { behaviour: { violation: Record<string, unknown> } };
    expect(block.behaviour.violation.A).toBeNull();

    // Without a grade history, no transitions, and said how to count them; in Chinese too.
    const zh = await runCli(
      "calibrate",
      "--enterprises",
      at("enterprises.csv"),
      "--history",
      at("history.csv"),
      "--start",
      "2026-H1",
      "--lang",
      "zh",
    );
    expect(zh.code, zh.stderr).toBe(0);
    expect(zh.stdout).toContain("  # transitions：请用 --grade-history 给出省级平台推送的等级记录");
    expect(zh.stdout).not.toContain("  transitions:");
    expect(zh.stdout).toContain(
      "  findingResults: { rectified: 0.7, pending: 0.2, transferred: 0.1 } # 随机抽查发现问题的 20 次检查的结果代码",
    );
  });

  it("writes a block that, its blanks filled in, the district it was counted from bears out: simulate's checks then say nothing", async () => {
    const dir = tmp();
    district(dir);
    const at = (f: string) => join(dir, f);
    const text = await runCli(
      "calibrate",
      ...["--enterprises", at("enterprises.csv"), "--history", at("history.csv")],
      ...["--grade-history", at("grades.csv"), "--start", "2026-H1"],
    );
    expect(text.code, text.stderr).toBe(0);
    type Rows = Record<string, Record<string, number> | null>;
    const { behaviour } = parseYaml(text.stdout) as {
      behaviour: {
        violation: Record<string, number | null>;
        transitions: { normal: Rows; found: Rows };
        findingResults: Record<string, number>;
      };
    };
    // The blanks, the grades and rows the district gave nothing for, filled with the Huai'an assumptions.
    const huaian = parseYaml(`t:${TRANSITIONS}`).t as { normal: Rows; found: Rows };
    const assumedViolation: Record<string, number> = { A: 0.02, B: 0.06, C: 0.18, D: 0.4, ungraded: 0.08 };
    const violation = Object.fromEntries(
      Object.entries(behaviour.violation).map(([g, v]) => [g, v ?? assumedViolation[g]]),
    );
    const filled = (branch: "normal" | "found") =>
      Object.fromEntries(
        Object.entries(behaviour.transitions[branch]).map(([g, row]) => [g, row ?? huaian[branch][g]]),
      );
    const notices: string[] = [];
    const r = await simulate({
      scenario: ownDistrictScenario(dir, "calibrated", {
        population: "  history: history.csv\n  gradeHistory: grades.csv\n",
        resources: RESOURCES,
        violation: JSON.stringify(violation),
        transitions: JSON.stringify({ normal: filled("normal"), found: filled("found") }),
        findingResults: JSON.stringify(behaviour.findingResults),
      }),
      workers: 1,
      onNotice: (n) => notices.push(n),
    });
    expect(r.district?.past?.gradeChanges?.normal.length).toBe(2);
    expect(notices.filter((n) => /hit rate|grade changes|result codes/.test(n))).toEqual([]);
  });

  it("the result codes a scenario assumes of findings are checked against the district's random findings: a share outside the codes' intervals tested together is said with the shares that match", async () => {
    const dir = tmp();
    district(dir);
    const results: SimulationResult[] = [];
    const notices = async (findingResults: string, lang?: "zh") => {
      const said: string[] = [];
      const r = await simulate({
        scenario: ownDistrictScenario(dir, "codes", {
          population: "  history: history.csv\n",
          resources: RESOURCES,
          findingResults,
        }),
        workers: 1,
        lang,
        onNotice: (n) => said.push(n),
      });
      results.push(r);
      return said.filter((n) => n.includes("findingResults"));
    };
    // The district: 14, 4 and 2 of 20 (70%, 20%, 10%).
    expect(await notices("{ rectified: 0.6, 发现问题待后续处理: 0.3, transferred: 0.1 }")).toEqual([]);
    expect(await notices("{ rectified: 0.2, pending: 0.4, transferred: 0.4 }")).toEqual([
      `note: the result codes the scenario assumes of findings (behaviour.findingResults) are not borne out by the 20 findings of the district's past random inspections (the 3 codes tested together at 95%) for rectified 20.0% assumed, 70.0% [48.1%–85.5%] found; transferred 40.0% assumed, 10.0% [2.8%–30.1%] found: findingResults { rectified: 0.7, pending: 0.2, transferred: 0.1 } matches them (gradedraw calibrate writes it from the same files) (${join(dir, "codes.yaml")})`,
    ]);
    // Recorded in results.json, and in the report: a sentence, a row a code, and under the brief where not borne out.
    expect(results[1].district?.past?.findingResults).toEqual({
      total: 20,
      codes: [
        { code: "rectified", found: 14, assumed: 0.2 },
        { code: "pending", found: 4, assumed: 0.4 },
        { code: "transferred", found: 2, assumed: 0.4 },
      ],
    });
    const md = simulationMarkdown(results[1], "en", []);
    expect(md).toContain(
      "| rectified | 发现问题已责令改正 | 14 | 70.0% [48.1%–85.5%] | 20.0% | lower than found |",
    );
    expect(md).toContain("| pending | 发现问题待后续处理 | 4 | 20.0% [8.1%–41.6%] | 40.0% | within |");
    const brief = md.slice(md.indexOf("## In brief"), md.indexOf("## The last period"));
    expect(brief).toContain(
      "**Caution: the share of findings the scenario records as rectified, transferred is not borne out by the district's past random inspections",
    );
    expect(simulationMarkdown(results[0], "en", [])).not.toContain("Caution: the share of findings");
    // In Chinese, the codes by their official text.
    expect(simulationMarkdown(results[1], "zh", [])).toContain(
      "注意：情景中发现问题记为“发现问题已责令改正”“发现问题已移送相关部门处理”的比例与本辖区以往随机抽查结果不符",
    );
    const zh = await notices("{ not-published: 1 }", "zh");
    expect(zh).toHaveLength(1);
    expect(simulationHtml(results[2], "zh", [])).toContain(
      '<td class="n">not-published</td><td class="t">未按规定公示应当公示的信息</td><td class="n">0</td>',
    );
    expect(zh[0]).toContain(
      "与本辖区以往随机抽查发现问题的 20 次检查不符（所计 4 个代码合并检验，置信水平 95%）：“未按规定公示应当公示的信息”（not-published）假设 100.0%，实际 0.0% [0.0%–16.1%]",
    );
  });

  it("refuses what it cannot count from: no past inspections, a detection that is no share", async () => {
    const dir = tmp();
    district(dir);
    const none = await runCli("calibrate", "--enterprises", join(dir, "enterprises.csv"));
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(
      "gradedraw: give the district's past inspections: --history (a history file), --db (the ledger), or both",
    );
    const percent = await runCli(
      "calibrate",
      "--enterprises",
      join(dir, "enterprises.csv"),
      "--history",
      join(dir, "history.csv"),
      "--detection",
      "70%",
    );
    expect(percent.code).toBe(2);
    expect(percent.stderr).toContain("--detection must be a share above 0, at most 1, not '70%': write 0.7");
  });
});
