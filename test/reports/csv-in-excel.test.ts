import { describe, expect, it } from "vitest";
import { changedByExcel, excelChangesNote } from "../../engine/csv-in-excel.js";

describe("a CSV for people to open in Excel", () => {
  it("names the cells Excel would read as other numbers: digits alone past its 15 significant digits, or with a leading zero", () => {
    expect(["913208033099564654", "0012", "0"].map(changedByExcel)).toEqual([true, true, false]);
    expect(["91320803AMN5WJ2P3X", "123456789012345", "HA001", "2026-03-10", "1.5"].some(changedByExcel)).toBe(
      false,
    );
  });

  it("says each such column with its count and how its first cell shows, in either language; nothing where there is none", () => {
    const header = ["统一社会信用代码", "执法人员编号", "检查日期"];
    const rows = [
      ["913208033099564654", "0012", "2026-03-10"],
      ["910000000000000000", "HA001", "2026-03-11"],
      ["91320803AMN5WJ2P3X", "0107", "2026-03-12"],
    ];
    const en = excelChangesNote("表.csv", header, rows, "en");
    expect(en).toContain(
      "(2 in column 统一社会信用代码, such as 913208033099564654, shown 9.13208E+17; 2 in column 执法人员编号, such as 0012, shown 12)",
    );
    expect(excelChangesNote("表.csv", header, rows, "zh")).toContain(
      "（“统一社会信用代码”列 2 个，如 913208033099564654 显示为 9.13208E+17；“执法人员编号”列 2 个，如 0012 显示为 12）",
    );
    expect(excelChangesNote("表.csv", header, [rows[2].slice(0, 1)], "en")).toBeUndefined();
  });
});
