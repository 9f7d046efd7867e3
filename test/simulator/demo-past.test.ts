import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Enterprise } from "../../engine/data/records.js";
import { enterprisesCsvLines, gradesCsvLines, historyCsvLines } from "../../engine/data/write.js";
import { DEMO_SCENARIO } from "../../engine/demo.js";
import { type DemoPast, demoPast } from "../../engine/demo-past.js";
import { parsePeriod } from "../../engine/period.js";
import { generateDistrict, HUAIAN_LIKE } from "../../engine/synthetic.js";
import { calibrate } from "../../simulator/calibrate.js";
import { againstAssumed, offRowsTogether } from "../../simulator/grade-changes.js";
import { GRADE_KEYS } from "../../simulator/grades.js";
import { verdict, zTogether } from "../../simulator/hit-rates.js";
import { loadScenario } from "../../simulator/scenario.js";
import { tmp } from "../helpers/tmp.js";

const scenario = loadScenario(DEMO_SCENARIO).scenario;
if (!scenario) throw new Error(`${DEMO_SCENARIO} does not load`);
const { behaviour } = scenario;
const district = generateDistrict(HUAIAN_LIKE, "gradedraw-demo", 100_000, { names: false });
const past = demoPast(district.enterprises, behaviour, "gradedraw-demo");

/** Calibrated from the files of `enterprises` and their past, as `gradedraw calibrate` reads them. */
async function calibrateFrom(enterprises: readonly Enterprise[], p: DemoPast) {
  const dir = tmp();
  const write = (name: string, lines: Iterable<string>) => {
    writeFileSync(join(dir, name), [...lines].join(""));
    return join(dir, name);
  };
  return calibrate({
    enterprises: write("enterprises.csv", enterprisesCsvLines(enterprises)),
    history: write("history.csv", historyCsvLines(p.history)),
    gradeHistory: write("grades.csv", gradesCsvLines(p.grades)),
    start: parsePeriod("2026-H1") as NonNullable<ReturnType<typeof parsePeriod>>,
    detection: behaviour.detection,
  });
}

describe("the demo's past (its history and the grades pushed)", () => {
  it("is the behaviour its scenario assumes: calibrated from its files, every hit rate and grade change counted bears the scenario's out", async () => {
    const c = await calibrateFrom(district.enterprises, past);
    // Every visit drawn at random of 2025 counted by the grade it met; those of 2024 came before the history.
    const graded = district.enterprises.filter((e) => e.grade !== null);
    const randomOf = (from: string, to: string, es = graded) => {
      const codes = new Set(es.map((e) => e.uscc));
      return past.history.filter(
        (h) => h.kind === "random" && codes.has(h.uscc) && h.date >= from && h.date < to,
      ).length;
    };
    const counted = c.violation.reduce((a, v) => a + v.inspections, 0);
    expect(counted).toBe(randomOf("2025-01-01", "2026-01-01"));
    expect(c.beforeGrade).toBe(randomOf("2024-01-01", "2025-01-01"));
    const tested = c.violation.filter((v) => v.inspections > 0);
    expect(tested.map((v) => v.grade)).toEqual(["A", "B", "C", "D"]);
    const z = zTogether(tested.length);
    for (const v of tested)
      expect(verdict({ ...v, assumed: behaviour.violation[v.grade] * behaviour.detection }, z), v.grade).toBe(
        0,
      );
    // The changes of two half-years of every graded enterprise, with and without a finding.
    const t = c.transitions;
    if (!t || behaviour.transitions === "none") throw new Error("no grade changes counted");
    const periods = [...t.normal, ...t.found].reduce((a, r) => a + r.periods, 0);
    expect(periods).toBe(2 * graded.length);
    expect(t.found.map((r) => r.grade)).toEqual(["A", "B", "C", "D"]);
    expect(offRowsTogether(againstAssumed(t, behaviour.transitions))).toEqual([]);
  });

  it("leaves the enterprises a visit drawn at random found a problem at as they change, not pulled back to the others' grades: over 600,000, each change after a finding within 3.5 standard errors of the scenario's", async () => {
    if (behaviour.transitions === "none") throw new Error("no transitions");
    const big = generateDistrict(HUAIAN_LIKE, "gradedraw-demo-large", 600_000, { names: false });
    const c = await calibrateFrom(big.enterprises, demoPast(big.enterprises, behaviour, "large"));
    const off: string[] = [];
    for (const branch of ["normal", "found"] as const)
      for (const r of c.transitions?.[branch] ?? [])
        for (const h of GRADE_KEYS) {
          const p = behaviour.transitions[branch][r.grade][h];
          const se = Math.sqrt((p * (1 - p)) / r.periods);
          const share = r.to[h] / r.periods;
          if (Math.abs(share - p) > 3.5 * se + 1e-12)
            off.push(`${branch} ${r.grade} → ${h}: ${share} of ${r.periods}, not ${p}`);
        }
    expect(c.transitions?.found.find((r) => r.grade === "B")?.periods).toBeGreaterThan(1500);
    expect(off).toEqual([]);
  });

  it("ends at each enterprise's grade in the file, changing only on the first days of 2025's half-years", () => {
    const pushed = new Map<string, { gradedOn: string; grade: string | null }[]>();
    for (const p of past.grades) pushed.set(p.uscc, [...(pushed.get(p.uscc) ?? []), p]);
    let changed = 0;
    // Each enterprise's pushes as "day grade" words, those not as said collected.
    const wrong: string[] = [];
    for (const e of district.enterprises) {
      const mine = pushed.get(e.uscc) ?? [];
      const said = mine.map((p) => `${p.gradedOn} ${p.grade}`).join(", ");
      if (e.grade === null) {
        if (mine.length) wrong.push(`${e.uscc} ungraded: ${said}`);
        continue;
      }
      const days = mine.map((p) => p.gradedOn).join(",");
      // Written where it changed only; the file's grade is the last push, on its gradedOn.
      const repeated = mine.some((p, i) => i > 0 && p.grade === mine[i - 1].grade);
      if (
        (days !== "2025-01-01" && days !== "2025-01-01,2025-07-01") ||
        repeated ||
        !((e.gradedOn ?? "") > "2025-07-01")
      )
        wrong.push(`${e.uscc} ${e.gradedOn} ${e.grade}: ${said}`);
      if (mine.at(-1)?.grade !== e.grade) changed++;
    }
    expect(wrong).toEqual([]);
    // Some enterprises' grades moved in the last half-year, as the transitions have them (B → A alone is 8%).
    expect(changed / district.enterprises.length).toBeGreaterThan(0.05);
    expect(GRADE_KEYS.filter((g) => past.grades.some((p) => (p.grade ?? "ungraded") === g))).toEqual([
      "A",
      "B",
      "C",
      "D",
    ]);
  });

  it("keeps every grade as it is under a scenario without grade changes (transitions: none): one push, the file's grade", () => {
    const some = district.enterprises.slice(0, 2000);
    const frozen = demoPast(some, { ...behaviour, transitions: "none" }, "gradedraw-demo");
    const graded = some.filter((e) => e.grade !== null);
    expect(frozen.grades).toEqual(
      graded.map((e) => ({ uscc: e.uscc, grade: e.grade, gradedOn: "2025-01-01" })),
    );
  });

  it("visits the enterprises the demo always visited, on the same days and as the same kind, whatever the behaviour: only results and grades depend on it", () => {
    const some = district.enterprises.slice(0, 5000);
    const never = {
      ...behaviour,
      violation: Object.fromEntries(GRADE_KEYS.map((g) => [g, 0])) as typeof behaviour.violation,
    };
    const visits = (p: typeof past) => p.history.map(({ result: _, ...v }) => v);
    const mine = demoPast(some, behaviour, "gradedraw-demo");
    const none = demoPast(some, never, "gradedraw-demo");
    expect(visits(none)).toEqual(visits(mine));
    expect(none.history.every((h) => h.result[0] === "none")).toBe(true);
    expect(mine.history.some((h) => h.result[0] === "rectified")).toBe(true);
    // Each enterprise at most once, a third of them, over 2024 and 2025.
    expect(new Set(mine.history.map((h) => h.uscc)).size).toBe(mine.history.length);
    expect(mine.history.length / some.length).toBeCloseTo(0.35, 1);
    expect(mine.history.every((h) => h.date >= "2024-01-01" && h.date <= "2025-12-31")).toBe(true);
  });
});
