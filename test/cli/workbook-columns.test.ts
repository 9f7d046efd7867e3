import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { PUBLICATION_HEADERS, PUBLICATION_WIDTHS, PUBLISHED_KIND } from "../../engine/publish.js";
import { wrappedLines } from "../../engine/wrapped-lines.js";
import { englishWorkbooks, readmeWorkbooks } from "../helpers/examples.js";
import { tmp } from "../helpers/tmp.js";

/**
 * The columns of each workbook whose text may wrap onto more lines: names, labels, lists. Every
 * other column (codes, grades, dates, yes and no, kinds of inspection) is wide enough for its
 * header and its values on one line, as for every column's header.
 */
const MAY_WRAP = {
  tasks: ["企业名称", "住所（经营场所）", "处理方式", "检查事项", "检查组（组长在前）"],
  form: ["企业名称", "事项名称", "检查结果", "执法人员", "检查结果（填写此列文字）", "说明"],
  list: ["企业名称", "检查事项", "检查结果"],
};
/** The same in the English results form and publication list. */
const MAY_WRAP_EN = {
  form: ["name", "itemName", "result", "inspectors", "result (write this)", "in Chinese"],
  list: ["enterprise", "item", "result"],
};

/** Checks each workbook's columns against the ones that may wrap; the number of cells checked. */
async function checkColumns(
  files: Record<string, string>,
  mayWrap: Record<string, string[]>,
): Promise<number> {
  let checked = 0;
  for (const [name, wrapping] of Object.entries(mayWrap)) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(files[name]);
    for (const ws of wb.worksheets) {
      const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
      header.forEach((h, i) => {
        const width = ws.getColumn(i + 1).width ?? 8.43;
        expect(wrappedLines(h, width), `${name} ${ws.name} header ${h}`).toBe(1);
        if (wrapping.includes(h)) return;
        ws.eachRow((row, n) => {
          const text = String(row.getCell(i + 1).value ?? "");
          expect(wrappedLines(text, width), `${name} ${ws.name} row ${n} ${h}: ${text}`).toBe(1);
          checked++;
        });
      });
    }
  }
  return checked;
}

describe("the workbooks' columns", () => {
  it("are as wide as a header and a code, grade, date or yes/no on one line: only names, labels and lists wrap", async () => {
    const files = await readmeWorkbooks(tmp());
    expect(await checkColumns(files, MAY_WRAP)).toBeGreaterThan(200);
  }, 60_000);

  it("are so in English too: the results form and the publication list", async () => {
    const dir = tmp();
    const { db } = await readmeWorkbooks(dir);
    const files = await englishWorkbooks(dir, db);
    expect(await checkColumns(files, MAY_WRAP_EN)).toBeGreaterThan(200);
  }, 60_000);

  it("of the publication list hold every kind of inspection on one line, in either language (双随机联合抽查, joint random inspection)", () => {
    for (const lang of ["zh", "en"] as const) {
      const kind = PUBLICATION_HEADERS[lang].indexOf(lang === "zh" ? "检查类型" : "kind");
      for (const label of Object.values(PUBLISHED_KIND))
        expect(wrappedLines(label[lang], PUBLICATION_WIDTHS[lang][kind]), label[lang]).toBe(1);
    }
  });
});
