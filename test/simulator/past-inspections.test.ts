import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readEnterprises } from "../../engine/data/read.js";
import type { HistoryEntry } from "../../engine/data/records.js";
import { enterprisesCsv, historyCsvLines, inspectorsCsv } from "../../engine/data/write.js";
import { loadPolicyFile } from "../../engine/policy/load.js";
import type { LoadedPolicy } from "../../engine/policy/types.js";
import { simulationMarkdown } from "../../reports/sim-report.js";
import { readPastInspections } from "../../simulator/past-inspections.js";
import { inspectionsRemembered } from "../../simulator/population.js";
import { simulate } from "../../simulator/run.js";
import { loadScenario } from "../../simulator/scenario.js";
import { dryRunDraw, smallDistrict } from "../helpers/district.js";
import { exampleDraw } from "../helpers/examples.js";
import { ownDistrictScenario, SEED_POLICY } from "../helpers/own-district.js";
import { runCli } from "../helpers/run-cli.js";
import { tmp } from "../helpers/tmp.js";

/** An inspection item of the seed policy's for a department. */
function itemOf(department: string): string {
  const policy = loadPolicyFile(SEED_POLICY).policy as LoadedPolicy;
  return policy.policy.items.find((i) => i.department === department)?.code as string;
}

/** A scenario of the district's own files (enterprises, and history unless left out): frozen grades, no violations, one half-year. */
function scenario(dir: string, history: boolean, policy = SEED_POLICY, ledger = false): string {
  return ownDistrictScenario(dir, `scenario-${history ? "history" : "none"}${ledger ? "-ledger" : ""}`, {
    population: `${history ? "  history: history.csv\n" : ""}${ledger ? "  ledger: gradedraw.db\n" : ""}`,
    resources:
      "{ inspectors: { 市场监管局: 260, 生态环境局: 60, 应急管理局: 60, 人社局: 40 }, perInspector: 1000, teamSize: 2 }",
    violation: "{ A: 0, B: 0, C: 0, D: 0, ungraded: 0 }",
    policy,
  });
}

/** A district's files in `dir`: its enterprises and its inspection history. */
function districtFiles(dir: string, size: number, history?: readonly HistoryEntry[]) {
  const d = smallDistrict("past", size);
  writeFileSync(join(dir, "enterprises.csv"), enterprisesCsv(d.enterprises));
  writeFileSync(join(dir, "history.csv"), [...historyCsvLines(history ?? d.history)].join(""));
  return d;
}

/** The simulated inspections of the first half-year, of every grade and by grade. */
async function firstPeriod(file: string) {
  const r = await simulate({ scenario: file, workers: 1 });
  const of = (grade: string) =>
    r.variants[0].metrics.find((m) => m.period === "2026-H1" && m.grade === grade && m.name === "inspections")
      ?.mean;
  return { all: of("all"), B: of("B"), r };
}

describe("a scenario's district history (population.history)", () => {
  it("counts the district's past inspections in the first period's caps, as a draw on the period's first day does", async () => {
    const dir = tmp();
    const d = districtFiles(dir, 6000);
    const policy = loadPolicyFile(SEED_POLICY).policy as LoadedPolicy;
    const drawn = await dryRunDraw(policy.policy, { ...d, conflicts: [] }, "past");
    const simulated = await firstPeriod(scenario(dir, true));
    expect(simulated.all).toBe(drawn.selected.length);
    // The results and their report say which files the district came from.
    const sha = (f: string) =>
      createHash("sha256")
        .update(readFileSync(join(dir, f)))
        .digest("hex");
    const kept = d.history.filter((h) => h.date < "2026-01-01");
    const visits = new Set(kept.map((h) => `${h.uscc}|${h.date}`));
    expect(simulated.r.district).toEqual({
      enterprises: 6000,
      file: { path: join(dir, "enterprises.csv"), sha256: sha("enterprises.csv") },
      past: {
        before: "2026-01-01",
        inspections: visits.size,
        enterprises: new Set(kept.map((h) => h.uscc)).size,
        history: { path: join(dir, "history.csv"), sha256: sha("history.csv") },
        // The assumed hit rates against these inspections' (see hit-rates.test.ts).
        hitRates: expect.objectContaining({ grades: expect.any(Array) }),
      },
    });
    expect(simulationMarkdown(simulated.r, "en", [])).toContain(
      `so differences come from policy alone. The district: its own enterprise file enterprises.csv (6,000 enterprises, SHA-256 ${sha("enterprises.csv").slice(0, 16)}); past inspections the caps count: ${visits.size.toLocaleString("en")} inspections of ${new Set(kept.map((h) => h.uscc)).size.toLocaleString("en")} enterprises before 2026-01-01, from history.csv (SHA-256 ${sha("history.csv").slice(0, 16)}).`,
    );
    // Without it, the B enterprises inspected in the last 12 months are in the pool again.
    const without = await firstPeriod(scenario(dir, false));
    expect(without.B).toBeGreaterThan(simulated.B as number);
  }, 60_000);

  it("counts the results recorded in the district's ledger (population.ledger) as a draw reading the ledger does, beside a history file", async () => {
    const dir = tmp();
    const d = smallDistrict("past", 6000);
    writeFileSync(join(dir, "enterprises.csv"), enterprisesCsv(d.enterprises));
    // Half the inspections in the history file, the other half recorded in the ledger as results.
    const [kept, recorded] = [
      d.history.filter((_, i) => i % 2 === 0),
      d.history.filter((_, i) => i % 2 === 1),
    ];
    writeFileSync(join(dir, "history.csv"), [...historyCsvLines(kept)].join(""));
    const results = [
      "uscc,date,department,item,kind,result,inspectors",
      ...recorded.map(
        (h) => `${h.uscc},${h.date},${h.department},${itemOf(h.department)},complaint,未发现问题,`,
      ),
    ];
    writeFileSync(join(dir, "results.csv"), `${results.join("\n")}\n`);
    const imported = await runCli(
      "results",
      "import",
      join(dir, "results.csv"),
      "--db",
      join(dir, "gradedraw.db"),
    );
    expect(imported.code, imported.stderr).toBe(0);
    const policy = loadPolicyFile(SEED_POLICY).policy as LoadedPolicy;
    const drawn = await dryRunDraw(policy.policy, { ...d, conflicts: [] }, "past");
    const both = await firstPeriod(scenario(dir, true, SEED_POLICY, true));
    expect(both.all).toBe(drawn.selected.length);
    // The history file alone leaves the ledger's inspected enterprises in the pool.
    // The ledger named by the last entries of its chains: no draw recorded, the results' last.
    const ledger = both.r.district?.past?.ledger;
    expect(ledger?.head).toBeNull();
    expect(ledger?.results).toMatch(/^[0-9a-f]{64}$/);
    expect(simulationMarkdown(both.r, "zh", [])).toContain(
      `与台账 gradedraw.db（最后一条抽查记录 无，最后一条结果记录 ${ledger?.results?.slice(0, 16)}）。`,
    );
    const alone = await firstPeriod(scenario(dir, true));
    expect(alone.all).toBeGreaterThan(drawn.selected.length);
  }, 60_000);

  it("gradedraw simulate --enterprises, --history and --db take the district's own files in place of the scenario's population, as a draw is given them", async () => {
    const dir = tmp();
    const d = districtFiles(dir, 6000);
    const policy = loadPolicyFile(SEED_POLICY).policy as LoadedPolicy;
    const drawn = await dryRunDraw(policy.policy, { ...d, conflicts: [] }, "past");
    const out = join(dir, "sim");
    const own = ["--enterprises", join(dir, "enterprises.csv"), "--history", join(dir, "history.csv")];
    const args = ["simulate", "--scenario", "simulator/scenarios/huaian.yaml", "--policy", SEED_POLICY];
    const r = await runCli(...args, ...own, "--years", "1", "--replications", "2", "--out", out);
    expect(r.code, r.stderr).toBe(0);
    const first = readFileSync(join(out, "metrics.csv"), "utf8")
      .split("\r\n")
      .find((l) => l.startsWith("huaian-credit-graded,1.0.0,value,2026-H1,all,inspections,"));
    expect(first?.split(",")[6]).toBe(String(drawn.selected.length));
    expect(JSON.parse(readFileSync(join(out, "results.json"), "utf8")).district.enterprises).toBe(6000);
    // Past inspections of a generated district, whose codes are made up, are refused; so is a file not there.
    const generated = await runCli(...args, "--history", join(dir, "history.csv"), "--no-tui");
    expect([generated.code, generated.stderr]).toEqual([
      1,
      `gradedraw: past inspections are of the enterprises of a file: give the district's enterprise file with --enterprises (simulator/scenarios/huaian.yaml generates its district, whose codes are made up) (${join(dir, "history.csv")})`,
    ]);
    writeFileSync(join(dir, "inspectors.csv"), inspectorsCsv(d.inspectors));
    // A scenario naming files of another machine, given these in their place, runs: theirs need not be there.
    const elsewhere = ownDistrictScenario(tmp(), "elsewhere", {
      population: "  history: history.csv\n",
      resources: "{ inspectors: inspectors.csv, perInspector: 60, teamSize: 2 }",
    });
    const given = await runCli(
      "simulate",
      "--scenario",
      elsewhere,
      ...own,
      "--inspectors",
      join(dir, "inspectors.csv"),
      "--no-tui",
    );
    expect(given.code, given.stderr).toBe(0);
    const absent = await runCli(...args, ...own, "--db", join(dir, "nope.db"), "--no-tui");
    expect([absent.code, absent.stderr]).toEqual([1, `gradedraw: no such file (${join(dir, "nope.db")})`]);
  }, 60_000);

  it("counts a ledger's drawn visit not yet made apart from a result of the same enterprise and day, as a draw's history does", async () => {
    const dir = tmp();
    const db = join(dir, "gradedraw.db");
    const drew = await runCli(...exampleDraw(join(dir, "draw"), { db }));
    expect(drew.code, drew.stderr).toBe(0);
    const drawn = readFileSync(join(dir, "draw", "selected.csv"), "utf8")
      .split("\n")[1]
      .split(",")[0];
    // A complaint inspection on the draw's day, which fulfils no drawn visit.
    const item = itemOf("市场监管局");
    writeFileSync(
      join(dir, "r.csv"),
      `uscc,date,department,item,kind,result,inspectors\n${drawn},2026-01-01,市场监管局,${item},complaint,未发现问题,\n`,
    );
    const imported = await runCli("results", "import", join(dir, "r.csv"), "--db", db);
    expect(imported.code, imported.stderr).toBe(0);
    const enterprises = (await readEnterprises("examples/enterprises.csv")).records;
    const past = await readPastInspections({ ledger: db }, enterprises, "2026-07-01", "en");
    const slot = enterprises.findIndex((e) => e.uscc === drawn);
    const day = Math.round(Date.parse("2026-01-01T00:00:00Z") / 86_400_000);
    expect(past.days.get(slot)).toEqual([day, day]);
  }, 60_000);

  it("leaves out the inspections dated on or after the simulation's start and those of enterprises not in the file, and says so", async () => {
    const dir = tmp();
    const d = smallDistrict("past", 50);
    const e = d.enterprises[0];
    const row = (uscc: string, date: string): HistoryEntry => ({
      uscc,
      date,
      department: "市场监管局",
      kind: "random",
      result: ["none"],
    });
    writeFileSync(join(dir, "enterprises.csv"), enterprisesCsv(d.enterprises));
    const history = join(dir, "history.csv");
    // A joint visit recorded as a row per department is one inspection.
    writeFileSync(
      history,
      [
        ...historyCsvLines([
          row(e.uscc, "2025-10-01"),
          { ...row(e.uscc, "2025-10-01"), department: "人社局" },
          row(e.uscc, "2025-03-01"),
          row(e.uscc, "2026-02-01"),
        ]),
      ].join(""),
    );
    const notices: string[] = [];
    const past = await readPastInspections({ history }, d.enterprises, "2026-01-01", "en", (n) =>
      notices.push(n),
    );
    expect(past.most).toBe(2);
    expect([...past.days.entries()]).toEqual([[0, [20362, 20148]]]);
    expect(notices.join("\n")).toContain(
      "note: 1 of the 3 past inspections are dated on or after 2026-01-01, when the simulation begins: left out",
    );
    writeFileSync(history, [...historyCsvLines([row(e.uscc, "2025-10-01")])].join(""));
    const none: string[] = [];
    await readPastInspections({ history }, d.enterprises.slice(1), "2026-01-01", "en", (n) => none.push(n));
    expect(none.join("\n")).toContain(
      "none of the 1 past inspections is of an enterprise of the enterprise file",
    );
  });

  it("reads a province's history: 250,000 visits, more than one call takes as its arguments", async () => {
    const dir = tmp();
    const d = smallDistrict("past", 50_000);
    const history = join(dir, "history.csv");
    // Five visits of each enterprise, a month apart; one in ten found a problem.
    const rows = d.enterprises.flatMap((e, i) =>
      [1, 2, 3, 4, 5].map(
        (m): HistoryEntry => ({
          uscc: e.uscc,
          date: `2025-0${m}-15`,
          department: e.departments[0],
          kind: "random",
          result: [(i + m) % 10 === 0 ? "rectified" : "none"],
        }),
      ),
    );
    writeFileSync(history, [...historyCsvLines(rows)].join(""));
    const past = await readPastInspections({ history }, d.enterprises, "2026-01-01", "en");
    expect([...past.days.values()].reduce((a, days) => a + days.length, 0)).toBe(250_000);
    expect(past.most).toBe(5);
  });

  it("remembers as many inspections as a cap can count with the history's", () => {
    const policy = loadPolicyFile(SEED_POLICY).policy as LoadedPolicy;
    const monthly = {
      ...policy.policy,
      treatments: {
        ...policy.policy.treatments,
        x: { label: { zh: "x", en: "x" }, pool: true, ratio: 1, cap: { count: 6, window: "12m" } },
      },
    };
    // Two periods reach no cap of 6; with an enterprise inspected five times before, they do.
    expect(inspectionsRemembered([monthly], 2)).toBe(4);
    expect(inspectionsRemembered([monthly], 2, 5)).toBe(8);
  });

  it("refuses a history beside a generated district, and a history file that is not there, at its key", () => {
    const dir = tmp();
    const generated = join(dir, "generated.yaml");
    writeFileSync(
      generated,
      readFileSync("simulator/scenarios/huaian.yaml", "utf8").replace(
        "population:\n",
        "population:\n  history: history.csv\n",
      ),
    );
    const refused = loadScenario(generated).problems.map((p) => `${p.line}: ${p.message}`);
    expect(refused).toEqual([
      "9: a history is of the enterprises of a file: give the district's enterprise file as population.enterprises (a generated district's codes are made up)",
    ]);
    districtFiles(dir, 20);
    const absent = join(dir, "absent.yaml");
    writeFileSync(absent, readFileSync(scenario(dir, true), "utf8").replace("history.csv", "histroy.csv"));
    expect(loadScenario(absent).problems.map((p) => `${p.line}: ${p.message}`)).toEqual([
      `5: no such file: ${join(dir, "histroy.csv")} (a path in a scenario is read from the scenario file's folder)`,
    ]);
  });
});
