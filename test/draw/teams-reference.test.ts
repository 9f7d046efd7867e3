import { describe, expect, it } from "vitest";
import type { Inspector } from "../../engine/data/records.js";
import { loadPolicyFile } from "../../engine/policy/load.js";
import type { Item, Policy } from "../../engine/policy/types.js";
import { compareTicketStrings, ticket } from "../../engine/tickets.js";
import { dryRunDraw, smallDistrict } from "../helpers/district.js";

const policy = loadPolicyFile("policies/huaian-2021/1.0.0.yaml").policy?.policy as Policy;

/**
 * SPEC §6's team rule written out plainly: every eligible inspector of the visit's departments
 * gets its full ticket, they are sorted as numbers, and taken lowest first while they add a
 * department or an item not yet covered, then up to the team size; the lead is the lowest.
 */
function referenceTeams(
  selected: readonly { uscc: string; departments: readonly string[]; items: readonly string[] }[],
  inspectors: readonly Inspector[],
  conflicts: ReadonlySet<string>,
  seed: string,
): string[][] {
  const load = new Map<string, number>();
  return selected.map((visit) => {
    const items = visit.items.map((code) => policy.items.find((i) => i.code === code) as Item);
    const staffed = visit.departments.filter((d) => items.some((i) => i.department === d));
    const mine = (ins: Inspector) =>
      items.filter(
        (it) => it.department === ins.department && (!ins.items.length || ins.items.includes(it.code)),
      );
    const ranked = inspectors
      .filter(
        (ins) =>
          staffed.includes(ins.department) &&
          mine(ins).length > 0 &&
          ins.active &&
          (ins.licenseExpires === null || ins.licenseExpires >= "2026-01-01") &&
          (ins.licenseNo !== "" || ins.licenseExpires !== null) &&
          !conflicts.has(`${ins.id}|${visit.uscc}`) &&
          (load.get(ins.id) ?? 0) < (ins.capacity ?? Number.POSITIVE_INFINITY),
      )
      .map((ins) => ({ ins, t: ticket(seed, `${visit.uscc}|${ins.id}`) }))
      .sort((a, b) => compareTicketStrings(a.t, b.t));
    const chosen: typeof ranked = [];
    const deps = new Set<string>();
    const covered = new Set<string>();
    for (const r of ranked) {
      if (deps.size === staffed.length && covered.size === items.length) break;
      if (!deps.has(r.ins.department) || mine(r.ins).some((it) => !covered.has(it.code))) {
        chosen.push(r);
        deps.add(r.ins.department);
        for (const it of mine(r.ins)) covered.add(it.code);
      }
    }
    for (const r of ranked) if (chosen.length < policy.teamSize && !chosen.includes(r)) chosen.push(r);
    chosen.sort((a, b) => compareTicketStrings(a.t, b.t));
    for (const r of chosen) load.set(r.ins.id, (load.get(r.ins.id) ?? 0) + 1);
    return chosen.map((r) => r.ins.id);
  });
}

describe("inspector teams (SPEC §6)", () => {
  it("are the lowest tickets that keep the team valid, as a plain sort of every eligible inspector gives", async () => {
    for (const seed of ["teams-1", "teams-2"]) {
      const d = smallDistrict(seed, 2500);
      // Few inspectors with small capacities, some qualified for one item, some away: visits
      // late in the draw must reach far down their order, across departments.
      const inspectors = d.inspectors.map((ins, k) => ({
        ...ins,
        capacity: k % 3 === 0 ? 3 : ins.capacity,
        items: ins.department === "市场监管局" && k % 4 === 1 ? ["SC-SP"] : ins.items,
        active: k % 11 === 5 ? false : ins.active,
      }));
      const o = await dryRunDraw(policy, { ...d, inspectors }, seed);
      expect(o.failures).toEqual([]);
      const joint = o.selected.filter((s) => s.departments.length > 1).length;
      expect(joint).toBeGreaterThan(10);
      const byVisit = new Map<string, string[]>();
      for (const a of o.assignments) byVisit.set(a.uscc, [...(byVisit.get(a.uscc) ?? []), a.inspector]);
      const conflicts = new Set(d.conflicts.map((c) => `${c.inspector}|${c.uscc}`));
      expect(o.selected.map((s) => byVisit.get(s.uscc))).toEqual(
        referenceTeams(o.selected, inspectors, conflicts, o.effectiveSeed),
      );
    }
  }, 60_000);
});
