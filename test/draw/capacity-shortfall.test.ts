import { describe, expect, it } from "vitest";
import type { Inspector } from "../../engine/data/records.js";
import { capacityShortfalls, shortfallLine } from "../../engine/draw/capacity-shortfall.js";
import type { Visit } from "../../engine/draw/teams.js";
import type { Item } from "../../engine/policy/types.js";

const item = (code: string, department: string): Item => ({ code, name: code, department, basis: "" });
const SC = item("SC-GS", "市场监管局");
const YJ = item("YJ-AQ", "应急管理局");
const visit = (uscc: string, items: Item[]): Visit => ({
  uscc,
  departments: [...new Set(items.map((it) => it.department))],
  items,
});
const inspector = (
  id: string,
  department: string,
  capacity: number | null,
  more: Partial<Inspector> = {},
): Inspector => ({
  id,
  name: id,
  department,
  licenseNo: "1",
  licenseExpires: "2030-12-31",
  items: [],
  active: true,
  capacity,
  ...more,
});

describe("a department whose inspectors cannot take the inspections drawn", () => {
  // Three visits of 市场监管局 alone (a team of 2 each), two joint with 应急管理局 (one each): 8 of 市场监管局, 2 of 应急管理局.
  const visits = [
    visit("U1", [SC]),
    visit("U2", [SC]),
    visit("U3", [SC]),
    visit("U4", [SC, YJ]),
    visit("U5", [SC, YJ]),
  ];

  it("is one whose active, licensed inspectors' capacities, less this period's earlier tasks, are fewer than the visits need at least", () => {
    const inspectors = [
      inspector("S1", "市场监管局", 3),
      inspector("S2", "市场监管局", 3),
      inspector("S3", "市场监管局", 3),
      // Neither the inactive nor the unlicensed give places.
      inspector("S4", "市场监管局", 50, { active: false }),
      inspector("S5", "市场监管局", 50, { licenseExpires: "2025-12-31" }),
      inspector("Y1", "应急管理局", 1),
      inspector("Y2", "应急管理局", 1),
    ];
    // 9 places for 8: none short; with one taken by an earlier task, 8: none; with two, 7: short.
    expect(capacityShortfalls(visits, inspectors, "2026-01-01", 2, {})).toEqual([]);
    expect(capacityShortfalls(visits, inspectors, "2026-01-01", 2, { S1: 1 })).toEqual([]);
    expect(capacityShortfalls(visits, inspectors, "2026-01-01", 2, { S1: 1, S2: 1, Y1: 5 })).toEqual([
      { department: "市场监管局", needed: 8, places: 7, inspectors: 3 },
      { department: "应急管理局", needed: 2, places: 1, inspectors: 2 },
    ]);
  });

  it("is none where an inspector has no capacity (no limit), or where the department has nobody to draw (said otherwise)", () => {
    const inspectors = [inspector("S1", "市场监管局", 1), inspector("S2", "市场监管局", null)];
    expect(capacityShortfalls(visits, inspectors, "2026-01-01", 2, {})).toEqual([]);
  });

  it("is said with the need, the inspectors and their places, in English and Chinese", () => {
    const s = { department: "市场监管局", needed: 18775, places: 6900, inspectors: 115 };
    expect(shortfallLine(s, "en")).toBe(
      "市场监管局's inspectors cannot take the inspections drawn: the visits need at least 18,775 of them (a whole team for a visit of that department alone, one inspector for a joint visit), and its 115 active, licensed inspectors can take 6,900 more (their capacity column, less this period's earlier tasks): raise their capacities or add inspectors",
    );
    expect(shortfallLine(s, "zh")).toContain("至少需要其执法人员 18775 人次");
    expect(shortfallLine(s, "zh")).toContain("其 115 名在岗持证人员尚可承担 6900 人次");
  });
});
