import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { wrappedLines } from "../../engine/wrapped-lines.js";
import { readmeWorkbooks } from "../helpers/examples.js";
import { tmp } from "../helpers/tmp.js";

/**
 * The columns of each workbook whose text may wrap onto more lines: names, labels, lists. Every
 * other column (codes, grades, dates, yes and no) is wide enough for its header and its values on
 * one line, as for every column's header.
 */
const MAY_WRAP = {
  tasks: ["企业名称", "住所（经营场所）", "处理方式", "检查事项", "检查组（组长在前）"],
  form: ["企业名称", "事项名称", "检查结果", "执法人员", "检查结果（填写此列文字）", "说明"],
  list: ["企业名称", "检查事项", "检查结果"],
};

describe("the workbooks' columns", () => {
  it("are as wide as a header and a code, grade, date or yes/no on one line: only names, labels and lists wrap", async () => {
    const files = await readmeWorkbooks(tmp());
    let checked = 0;
    for (const [name, mayWrap] of Object.entries(MAY_WRAP)) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(files[name as keyof typeof MAY_WRAP]);
      for (const ws of wb.worksheets) {
        const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
        header.forEach((h, i) => {
          const width = ws.getColumn(i + 1).width ?? 8.43;
          expect(wrappedLines(h, width), `${name} ${ws.name} header ${h}`).toBe(1);
          if (mayWrap.includes(h)) return;
          ws.eachRow((row, n) => {
            const text = String(row.getCell(i + 1).value ?? "");
            expect(wrappedLines(text, width), `${name} ${ws.name} row ${n} ${h}: ${text}`).toBe(1);
            checked++;
          });
        });
      }
    }
    expect(checked).toBeGreaterThan(200);
  }, 60_000);
});
