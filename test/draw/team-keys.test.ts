import { describe, expect, it } from "vitest";
import type { Inspector } from "../../engine/data/records.js";
import { mostTeamKeys, visitPlanner } from "../../engine/draw/draw.js";
import { candidateLayout } from "../../engine/draw/team-keys.js";
import { TeamKeyWorkers } from "../../engine/draw/team-keys-ahead.js";
import { loadPolicyFile } from "../../engine/policy/load.js";
import type { Item, Policy } from "../../engine/policy/types.js";
import { dryRunDraw, smallDistrict } from "../helpers/district.js";

const policy = loadPolicyFile("policies/huaian-2021/1.0.0.yaml").policy?.policy as Policy;

/** A district whose inspectors differ: some with a small capacity, some qualified for one item only, some away. */
function district(seed: string) {
  const d = smallDistrict(seed, 4000);
  const inspectors: Inspector[] = d.inspectors.map((ins, k) => ({
    ...ins,
    capacity: k % 3 === 0 ? 4 : ins.capacity,
    items: ins.department === "市场监管局" && k % 4 === 1 ? ["SC-SP"] : ins.items,
    active: k % 11 === 5 ? false : ins.active,
  }));
  return { ...d, inspectors };
}

async function drawWith(seed: string, teamThreads?: { threads: number; from: number; chunk: number }) {
  const d = district(seed);
  return dryRunDraw(policy, d, seed, { teamThreads });
}

describe("team tickets computed ahead in worker threads", () => {
  it("give the same teams as computed in this thread, across chunks, capacities, qualifications and conflicts", async () => {
    for (const seed of ["ahead-1", "ahead-2"]) {
      const here = await drawWith(seed);
      const ahead = await drawWith(seed, { threads: 2, from: 0, chunk: 3000 });
      expect(here.assignments.length).toBeGreaterThan(500);
      // Capacity ran out for some, so later visits ranked past their lowest tickets.
      const load = new Map<string, number>();
      for (const a of here.assignments) load.set(a.inspector, (load.get(a.inspector) ?? 0) + 1);
      const full = district(seed).inspectors.filter((i) => i.capacity === 4 && load.get(i.id) === 4);
      expect(full.length).toBeGreaterThan(0);
      expect(ahead.selected).toEqual(here.selected);
      expect(ahead.assignments).toEqual(here.assignments);
      expect(ahead.failures).toEqual(here.failures);
    }
  }, 60_000);
});

describe("team ticket worker threads started early", () => {
  it("are started only where the draw may rank enough keys, and report a thread that ended before use", async () => {
    expect(TeamKeyWorkers.start(999, { threads: 2, from: 1000 })).toBeUndefined();
    expect(TeamKeyWorkers.start(1000, { threads: 0, from: 1000 })).toBeUndefined();
    const started = TeamKeyWorkers.start(1000, { threads: 2, from: 1000 }) as TeamKeyWorkers;
    expect(started.workers).toHaveLength(2);
    expect(started.take()).toBe(started.workers);
    await started.close();
    // A thread gone before the draw gives it work: an error, not a wait for keys that never come.
    expect(started.take()).toBeInstanceOf(Error);
  });

  it("are started from a bound no draw exceeds: each stratum's ratio of the enterprises and one, each visit every inspector", async () => {
    for (const seed of ["bound-1", "bound-2", "bound-3"]) {
      const o = await drawWith(seed);
      const visits = o.selected.map((row) => ({
        uscc: row.uscc,
        departments: row.departments,
        items: row.items.map((code) => o.frame.inputs.policy.items.find((i) => i.code === code) as Item),
      }));
      const ranked = candidateLayout(visits, o.frame.inputs.inspectors, o.params.date).counts.reduce(
        (a, b) => a + b,
        0,
      );
      expect(ranked).toBeGreaterThan(0);
      expect(ranked).toBeLessThanOrEqual(mostTeamKeys(o.frame.inputs, o.params));
    }
  }, 60_000);
});

describe("a visit's departments and items", () => {
  it("are the task's departments supervising the enterprise and their items, the same for every list of them however its codes are written", () => {
    const item = (code: string, department: string) => ({ code, name: code, department, basis: "" });
    const p = {
      ...policy,
      items: [item("X1", "A"), item("X2", "B"), item("X3", "A\u0000B")],
      treatments: { t: { ratio: 0.1 } },
    } as unknown as Policy;
    const plan = visitPlanner(p, ["A", "B", "A\u0000B"]);
    // The two lists join to the same text: each gets its own visit.
    expect(plan(["A\u0000B"], "t").codes).toEqual(["X3"]);
    expect(plan(["A", "B"], "t").codes).toEqual(["X1", "X2"]);
    expect(plan(["A\u0000B"], "t").codes).toEqual(["X3"]);
    expect(plan(["B", "A", "B"], "t").departments).toEqual(["A", "B"]);
    expect(plan(["B", "C"], "t").items.map((i) => i.code)).toEqual(["X2"]);
  });
});

describe("team tickets", () => {
  it("are computed only for inspectors who may be on a team that day: active, and licensed on the draw date", () => {
    const base = { name: "", licenseNo: "x", items: [], capacity: null };
    const inspectors: Inspector[] = [
      { ...base, id: "A1", department: "市场监管局", active: true, licenseExpires: "2027-12-31" },
      { ...base, id: "A2", department: "市场监管局", active: false, licenseExpires: "2027-12-31" },
      { ...base, id: "A3", department: "市场监管局", active: true, licenseExpires: "2026-03-31" },
      { ...base, id: "A4", department: "市场监管局", active: true, licenseExpires: null, unlicensed: true },
      { ...base, id: "A5", department: "市场监管局", active: true, licenseExpires: "2026-04-01" },
      { ...base, id: "B1", department: "应急管理局", active: false, licenseExpires: null },
    ];
    const item = (department: string) => policy.items.find((i) => i.department === department) as Item;
    const visits = [
      { uscc: "91320803MA1XYZ1234", departments: ["市场监管局"], items: [item("市场监管局")] },
      {
        uscc: "91320803MA1XYZ1235",
        departments: ["市场监管局", "应急管理局"],
        items: [item("市场监管局"), item("应急管理局")],
      },
    ];
    const layout = candidateLayout(visits, inspectors, "2026-04-01");
    expect(layout.ids).toEqual([["A1", "A5"]]);
    expect([...layout.counts]).toEqual([2, 2]);
    expect(layout.deps).toEqual([[0], [0]]);
  });
});
