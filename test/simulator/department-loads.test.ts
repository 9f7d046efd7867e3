import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Inspector } from "../../engine/data/records.js";
import { loadPolicyFile } from "../../engine/policy/load.js";
import type { LoadedPolicy } from "../../engine/policy/types.js";
import { generateDistrict, HUAIAN_LIKE } from "../../engine/synthetic.js";
import { simulationMarkdown } from "../../reports/sim-report.js";
import { perInspectorPhrase } from "../../simulator/capacity.js";
import { expectedTeam } from "../../simulator/department-loads.js";
import { simulate } from "../../simulator/run.js";
import { dryRunDraw } from "../helpers/district.js";
import { tmp } from "../helpers/tmp.js";

const INSPECTORS = { 市场监管局: 260, 生态环境局: 60, 应急管理局: 60, 人社局: 40 };
const PER_INSPECTOR = 1000;
const SIZE = 20_000;

/** A policy drawing every enterprise of every grade each half-year, with teams of `team`, in `dir`. */
function everyone(dir: string, team: number): string {
  const seed = readFileSync("policies/huaian-2021/1.0.0.yaml", "utf8");
  const items = seed.slice(seed.indexOf("\nitems:"), seed.indexOf("\ntreatments:"));
  const file = join(dir, `everyone-${team}.yaml`);
  writeFileSync(
    file,
    `policy: everyone
version: 1.0.${team}
status: draft
effective: { from: 2020-01-01 }
title: { zh: 全部, en: Everyone }
source: { document: test }
cadence: half-year
teamSize: ${team}
default: all
${items}
treatments:
  all: { label: { zh: 全部, en: All }, pool: true, ratio: 1, rounding: ceil }
rules:
  - name: every
    conditions: { all: [] }
    event: { type: treatment, params: { name: all } }
`,
  );
  return file;
}

/** The seed district's scenario for one half-year of `size` enterprises and the inspectors above, under `policy`. */
function scenario(dir: string, policy: string): string {
  const file = join(dir, `scenario-${policy.replace(/\W/g, "")}.yaml`);
  writeFileSync(
    file,
    readFileSync("simulator/scenarios/huaian.yaml", "utf8")
      .replace("size: 100000", `size: ${SIZE}`)
      .replace(
        /resources:[\s\S]*?\nhorizon: 5/,
        `resources: { inspectors: ${JSON.stringify(INSPECTORS)}, perInspector: ${PER_INSPECTOR}, teamSize: 2 }\nhorizon: 1`,
      )
      .replace(/policies:[\s\S]*?\nassumptions:/, `policies: [${policy}]\nassumptions:`),
  );
  return file;
}

/** Inspectors of every department as the scenario gives them, all active, licensed and of every item. */
function inspectors(): Inspector[] {
  return Object.entries(INSPECTORS).flatMap(([department, n]) =>
    Array.from({ length: n }, (_, k) => ({
      id: `${department}-${k}`,
      name: `人员${k}`,
      department,
      licenseNo: `L${k}`,
      licenseExpires: "2030-12-31",
      items: [],
      active: true,
      capacity: null,
    })),
  );
}

/** Each department's inspections in the first half-year, as the simulator counts them and as the draw staffs them. */
async function bothWays(policyFile: string, dir: string) {
  const r = await simulate({ scenario: scenario(dir, policyFile), replications: 2, workers: 1 });
  const v = r.variants[0];
  const simulated = Object.fromEntries(
    (v.departmentLoads ?? [])
      .filter((d) => d.period === "2026-H1")
      .map((d) => [
        d.department,
        d.mean * INSPECTORS[d.department as keyof typeof INSPECTORS] * PER_INSPECTOR,
      ]),
  );
  // The scenario's district, drawn by the engine: its enterprises are the simulator's.
  const district = generateDistrict({ ...HUAIAN_LIKE, size: SIZE }, "huaian-2026");
  const policy = loadPolicyFile(policyFile).policy as LoadedPolicy;
  const outcome = await dryRunDraw(
    policy.policy,
    { enterprises: district.enterprises, inspectors: inspectors(), conflicts: [], history: [] },
    "loads",
  );
  const drawn: Record<string, number> = {};
  for (const a of outcome.assignments) drawn[a.department] = (drawn[a.department] ?? 0) + 1;
  const all = v.metrics.find(
    (m) => m.period === "2026-H1" && m.grade === "all" && m.name === "loadVsCapacity",
  );
  return { simulated, drawn, all: all?.mean, visits: outcome.selected.length };
}

describe("each department's load against its own inspectors' capacity", () => {
  it("counts the inspectors a department's own visits take: a team of its own where it visits alone, one of each department where several visit, as the draw staffs them", async () => {
    const dir = tmp();
    const { simulated, drawn, all, visits } = await bothWays(everyone(dir, 2), dir);
    // Every enterprise of the policy's departments drawn, by the draw and by the simulator alike.
    expect(visits).toBeGreaterThan(SIZE * 0.9);
    expect(Object.keys(simulated)).toEqual(Object.keys(INSPECTORS));
    for (const d of Object.keys(INSPECTORS)) expect(Math.round(simulated[d]), d).toBe(drawn[d]);
    // Together, the load of all inspectors together.
    const capacity = Object.values(INSPECTORS).reduce((a, b) => a + b, 0) * PER_INSPECTOR;
    const total = Object.values(simulated).reduce((a, b) => a + b, 0);
    expect(total / capacity).toBeCloseTo(all as number, 9);
    // Each department's inspectors against their own capacity: 人社局's half as loaded again as all
    // inspectors together, 生态环境局's a fifth.
    const load = (d: keyof typeof INSPECTORS) => simulated[d] / (INSPECTORS[d] * PER_INSPECTOR);
    expect(load("人社局")).toBeGreaterThan(1.5 * (all as number));
    expect(load("生态环境局")).toBeLessThan(0.25 * (all as number));
  }, 60_000);

  it("fills a team larger than a visit's departments from all their inspectors together, each department's share as the draw's tickets give it", async () => {
    const dir = tmp();
    const { simulated, drawn } = await bothWays(everyone(dir, 3), dir);
    // The draw's fill is by ticket, the simulator's its expectation: within 1% of each other.
    for (const d of Object.keys(INSPECTORS))
      expect(Math.abs(simulated[d] / drawn[d] - 1), d).toBeLessThan(0.01);
  }, 60_000);

  it("adds up, department by department, to the load of all inspectors together in every period, entrants' visits among them, each department of its own inspections per inspector", async () => {
    const per = { 市场监管局: 60, 生态环境局: 50, 应急管理局: 45, 人社局: 30 };
    const scenario = join(tmp(), "per-department.yaml");
    writeFileSync(
      scenario,
      readFileSync("simulator/scenarios/huaian.yaml", "utf8")
        .replaceAll("../../policies/", `${process.cwd()}/policies/`)
        .replace("perInspector: 60", `perInspector: ${JSON.stringify(per)}`),
    );
    const r = await simulate({ scenario, years: 3, replications: 2, workers: 1 });
    const { inspectors } = r.resources;
    const own = (d: string) => inspectors[d] * per[d as keyof typeof per];
    const capacity = Object.keys(inspectors).reduce((a, d) => a + own(d), 0);
    for (const v of r.variants)
      for (const period of ["2026-H1", "2027-H2", "2028-H2"]) {
        const loads = (v.departmentLoads ?? []).filter((m) => m.period === period);
        expect(loads.map((m) => m.department)).toEqual(Object.keys(inspectors));
        const taken = loads.reduce((a, m) => a + m.mean * own(m.department), 0);
        const all = v.metrics.find(
          (m) => m.period === period && m.grade === "all" && m.name === "loadVsCapacity",
        );
        expect(taken / capacity, `${v.version} ${period}`).toBeCloseTo(all?.mean ?? Number.NaN, 8);
      }
    // The report says each department's figure where it is not the usual one.
    expect(simulationMarkdown(r, "en", [])).toContain(
      "420 inspectors, up to 60 inspections each per period (生态环境局 50, 应急管理局 45, 人社局 30), teams of 2.",
    );
    expect(simulationMarkdown(r, "zh", [])).toContain(
      "执法人员 420 名，每人每期最多 60 次检查（生态环境局 50 次，应急管理局 45 次，人社局 30 次），检查组 2 人。",
    );
    // A department given no inspectors needs no figure, and is said none.
    const none = { inspectors: { 市场监管局: 10, 人社局: 0 }, perInspector: { 市场监管局: 60 }, teamSize: 2 };
    expect(perInspectorPhrase(none, "en")).toBe("up to 60 inspections each per period");
    // 人社局's 40 inspectors, at 30 each, twice as loaded as at 60.
    const at60 = await simulate({
      scenario: "simulator/scenarios/huaian.yaml",
      years: 3,
      replications: 2,
      workers: 1,
    });
    const last = (x: typeof r, d: string) =>
      x.variants[0].departmentLoads?.at(-4 + Object.keys(per).indexOf(d))?.mean;
    expect(last(r, "人社局")).toBeCloseTo(2 * (last(at60, "人社局") ?? 0), 6);
    expect(last(r, "市场监管局")).toBeCloseTo(last(at60, "市场监管局") ?? 0, 6);
  }, 60_000);

  it("expects a team of one of each department, the rest of the lowest tickets among all their inspectors: the larger department's second comes first more often than its share", () => {
    expect(expectedTeam([5, 3], 2)).toEqual([1, 1]);
    expect(expectedTeam([5], 3)).toEqual([3]);
    expect(expectedTeam([5, 5], 4)).toEqual([2, 2]);
    // Two inspectors and a team of three: the third place cannot be filled.
    expect(expectedTeam([1, 1], 3)).toEqual([1, 1]);
    // A department without inspectors has no one on the team: its place stays empty.
    expect(expectedTeam([0, 4], 3)).toEqual([0, 2]);
    // Of 260 and 60, the third place is the larger's when two of the first three are its
    // (0.8125² × (1 + 2 × 0.1875) = 0.908 for pools without end), not 0.8125 of the time.
    const [a, b] = expectedTeam([260, 60], 3);
    expect(a + b).toBeCloseTo(3, 12);
    expect(a - 1).toBeCloseTo(0.9077, 2);
    // A team of 60 over six departments (too many ways to walk): its places shared as the inspectors
    // are, none past a department's own.
    const big = expectedTeam([260, 60, 60, 40, 30, 20], 60);
    expect(big.reduce((x, y) => x + y, 0)).toBeCloseTo(60, 9);
    expect(big[0]).toBeCloseTo(1 + (54 * 260) / 470, 9);
    // Thirty inspectors for a team of 60: every one of them.
    for (const n of expectedTeam([5, 5, 5, 5, 5, 5], 60)) expect(n).toBeCloseTo(5, 9);
  });
});
