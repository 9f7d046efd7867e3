import { describe, expect, it } from "vitest";
import {
  categoryOfName,
  departmentOfName,
  gradeOfName,
  gradesInNames,
} from "../../engine/data/list-names.js";

describe("what a list's name says of all its enterprises", () => {
  it("a file's or sheet's name reads as a grade or a category past its folder, extension, year and the words that name a list", () => {
    const read = (name: string) => [gradeOfName(name), categoryOfName(name)];
    expect(read("A级企业名单.csv")).toEqual(["A", undefined]);
    expect(read("/data/2026年B类企业.xlsx")).toEqual(["B", undefined]);
    expect(read("D级企业名录 (1).csv")).toEqual(["D", undefined]);
    expect(read("低风险企业")).toEqual(["A", undefined]);
    expect(read("重点企业")).toEqual([undefined, "key"]);
    expect(read("一般企业名单-副本.csv")).toEqual([undefined, "general"]);
    expect(read("2026年度重点监管企业清单.xlsx")).toEqual([undefined, "key"]);
    for (const name of ["Sheet1", "企业名单.csv", "淮安区企业", "河下街道", "ABCD", "名单"])
      expect(read(name), name).toEqual([undefined, undefined]);
  });

  it("the grades the names read as are said after the words that no enterprise has a grade, sheets' where several are one list, else the file's", () => {
    expect(gradesInNames("e.xlsx", ["A级企业", "B级企业", "河下街道"], "en")).toBe(
      "; its sheets' names read as grades (A级企业: A, B级企业: B), but a sheet's name is not read as its enterprises' grade: give each one's grade in a column 信用等级",
    );
    expect(gradesInNames("e.xlsx", ["A级企业"], "zh")).toBe(
      "；其工作表名称看似信用等级（A级企业：A），但工作表名称不作为其中企业的信用等级：请增加“信用等级”列，逐户填写",
    );
    expect(gradesInNames("/x/C级企业名单.csv", [], "en")).toBe(
      "; the file's name reads as grade C, but a file's name is not read as its enterprises' grade: give each one's grade in a column 信用等级",
    );
    // Sheets named otherwise: the file's name is not looked at.
    expect(gradesInNames("C级企业名单.xlsx", ["河下街道", "淮城街道"], "en")).toBe("");
    expect(gradesInNames("企业名单.csv", [], "en")).toBe("");
  });

  it("a list of inspectors' name reads as a department where, past the words naming such a list, it ends as an office's name does", () => {
    expect(departmentOfName("市场监管局执法人员名单.csv")).toBe("市场监管局");
    expect(departmentOfName("/x/2026年应急管理局执法检查人员.xlsx")).toBe("应急管理局");
    expect(departmentOfName("淮安区市场监督管理局行政执法人员信息表.csv")).toBe("淮安区市场监督管理局");
    for (const name of ["执法人员名单.csv", "inspectors.csv", "名单", "李勇.csv"])
      expect(departmentOfName(name), name).toBeUndefined();
  });
});
