import { describe, expect, it } from "vitest";
import { foreignDepartments, listCounts } from "../../engine/data/departments.js";
import { loadPolicyFile } from "../../engine/policy/load.js";
import type { Policy } from "../../engine/policy/types.js";
import { makePopulation } from "../../simulator/population.js";
import { resourceNotices } from "../../simulator/resource-notices.js";
import type { Scenario } from "../../simulator/scenario.js";
import { staticTable } from "../../simulator/static-tables.js";
import { enterprise } from "../helpers/enterprise.js";

/** 40 enterprises naming 4 lists of departments, each list one array shared by its enterprises or each enterprise's own copy. */
function enterprises(shared: boolean) {
  const lists = [["市场监管局"], ["市场监督管理局"], ["市场监管局", "消防救援大队"], []];
  return Array.from({ length: 40 }, (_, i) => {
    const list = lists[i % 7 === 0 ? 3 : i % 3];
    return enterprise({
      uscc: `9132080${String(i).padStart(10, "0")}`,
      departments: shared ? list : [...list],
    });
  });
}

/** Each enterprise's list of departments, as the counts take them. */
const lists = (shared: boolean) => enterprises(shared).map((e) => e.departments);

describe("departments counted per list", () => {
  it("counts each department once per enterprise naming it, whether enterprises share one list or each hold a copy", () => {
    const known = ["市场监管局"];
    const fromShared = foreignDepartments(lists(true), known);
    expect(fromShared).toEqual(foreignDepartments(lists(false), known));
    // Of 0..39, the 6 multiples of 7 name none; of the rest, i % 3 = 0 are 12, 1 and 2 are 11 each.
    expect(fromShared.stranded).toBe(11);
    expect(new Map(fromShared.names)).toEqual(
      new Map([
        ["市场监督管理局", 11],
        ["消防救援大队", 11],
      ]),
    );
    expect([...listCounts(lists(true)).values()].sort()).toEqual([11, 11, 12, 6]);
    expect(listCounts(lists(false)).size).toBe(40);
  });

  it("the scenario's note on departments without inspectors counts every enterprise naming one, shared lists or copies", () => {
    const s = { file: "s.yaml", resources: { inspectors: { 人社局: 3 } } } as unknown as Scenario;
    const notes = resourceNotices(s, lists(true), ["市场监管局", "消防救援大队"], "en");
    expect(notes[0]).toContain(
      "市场监管局 (named by 23 enterprise(s)), 消防救援大队 (named by 11 enterprise(s))",
    );
    expect(resourceNotices(s, lists(false), ["市场监管局", "消防救援大队"], "en")).toEqual(notes);
  });

  it("the simulator's static tables tell each enterprise's departments the same, shared lists or copies", () => {
    const policy = loadPolicyFile("policies/huaian-2021/1.0.0.yaml").policy?.policy as Policy;
    const shared = staticTable(policy, makePopulation(enterprises(true), 0));
    const copies = staticTable(policy, makePopulation(enterprises(false), 0));
    expect([...copies.visitDeps]).toEqual([...shared.visitDeps]);
    expect([...copies.inTask]).toEqual([...shared.inTask]);
    expect(shared.visitDeps.slice(0, 7)).toEqual(Uint8Array.from([0, 0, 1, 1, 0, 1, 1]));
  });
});
