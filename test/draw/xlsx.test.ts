import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { crc32, inflateRawSync } from "node:zlib";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { openWorkbook } from "../../engine/data/xlsx-sheets.js";
import { excelDate } from "../../engine/data/xlsx-styles.js";
import { TASK_HEADERS, type TaskSheet, taskSheets } from "../../engine/draw/outputs.js";
import { loadPolicyFile } from "../../engine/policy/load.js";
import type { LoadedPolicy } from "../../engine/policy/types.js";
import { wrappedLines } from "../../engine/wrapped-lines.js";
import {
  cellsOf,
  excelSerial,
  excelSheetNames,
  type SheetDates,
  writeXlsx,
  type XlsxSheet,
} from "../../engine/xlsx.js";
import { dryRunDraw, smallDistrict } from "../helpers/district.js";
import { tmp } from "../helpers/tmp.js";

/** The entries of a ZIP file read from its central directory, each inflated and its CRC and size checked. */
function unzip(data: Buffer): Map<string, Buffer> {
  const end = data.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = data.readUInt16LE(end + 10);
  let at = data.readUInt32LE(end + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(data.readUInt32LE(at)).toBe(0x02014b50);
    const crc = data.readUInt32LE(at + 16);
    const compressed = data.readUInt32LE(at + 20);
    const size = data.readUInt32LE(at + 24);
    const nameLength = data.readUInt16LE(at + 28);
    const local = data.readUInt32LE(at + 42);
    const name = data.toString("utf8", at + 46, at + 46 + nameLength);
    expect(data.readUInt32LE(local)).toBe(0x04034b50);
    expect(data.readUInt32LE(local + 14)).toBe(crc);
    const start = local + 30 + data.readUInt16LE(local + 26) + data.readUInt16LE(local + 28);
    const content = inflateRawSync(data.subarray(start, start + compressed));
    expect(content.length).toBe(size);
    expect(crc32(content)).toBe(crc);
    out.set(name, content);
    at += 46 + nameLength;
  }
  return out;
}

const awkward = [
  "统一社会信用代码",
  "A & B <公司>",
  "  leading and trailing  ",
  "line\nbreak",
  "bell\u0007 dropped",
  "'=1+1",
  "𠮷野家",
];

function sheets(rows: number): XlsxSheet[] {
  return [
    {
      name: "市场监管局",
      header: ["序号", "名称"],
      widths: [6, 30],
      *rows() {
        for (let i = 1; i <= rows; i++) yield [i, awkward[i % awkward.length]];
      },
    },
    { name: "应急管理局", header: ["序号", "名称"], widths: [6, 30], rows: () => [] },
  ];
}

describe("tasks.xlsx writer", () => {
  it("writes a workbook exceljs reads back cell for cell: Chinese, markup, spaces, numbers", async () => {
    const file = join(tmp(), "t.xlsx");
    await writeXlsx(file, sheets(5000), { creator: "gradedraw", date: "2026-01-01" });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["市场监管局", "应急管理局"]);
    const ws = wb.worksheets[0];
    expect(ws.rowCount).toBe(5001);
    expect(ws.getRow(1).values).toEqual([undefined, "序号", "名称"]);
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.getColumn(2).width).toBe(30);
    for (const i of [1, 2, 3, 4, 5, 6, 7, 4999, 5000]) {
      const expected = awkward[i % awkward.length].replace("\u0007", "");
      expect(ws.getRow(i + 1).values).toEqual([undefined, i, expected]);
    }
    expect(wb.worksheets[1].rowCount).toBe(1);
    expect(wb.creator).toBe("gradedraw");
  });

  it("writes a workbook gradedraw's own reader reads back cell for cell, a text that looks like an Excel escape (_x0041_) as written", async () => {
    const file = join(tmp(), "t.xlsx");
    const looksEscaped = ["A_x0041_B", "_x000D_", "_x005F_x0041_", "x_0041_"];
    await writeXlsx(
      file,
      [
        ...sheets(50),
        { name: "转义", header: ["名称"], widths: [20], rows: () => looksEscaped.map((t) => [t]) },
      ],
      { creator: "gradedraw", date: "2026-01-01" },
    );
    const book = await openWorkbook(file);
    const read = [];
    for (const sheet of book ?? []) {
      const rows = [];
      for await (const r of sheet.rows()) rows.push(r.values);
      read.push({ name: sheet.name, rows });
    }
    expect(read).toEqual([
      {
        name: "市场监管局",
        rows: [
          ["序号", "名称"],
          ...Array.from({ length: 50 }, (_, k) => [
            k + 1,
            awkward[(k + 1) % awkward.length].replace("\u0007", ""),
          ]),
        ],
      },
      { name: "应急管理局", rows: [["序号", "名称"]] },
      { name: "转义", rows: [["名称"], ...looksEscaped.map((t) => [t])] },
    ]);
  });

  it("is a valid ZIP whose every entry inflates to its recorded size and CRC, with the header row frozen", async () => {
    const file = join(tmp(), "t.xlsx");
    await writeXlsx(file, sheets(20_000), { creator: "gradedraw", date: "2026-01-01" });
    const entries = unzip(readFileSync(file));
    expect([...entries.keys()]).toEqual([
      "[Content_Types].xml",
      "_rels/.rels",
      "docProps/core.xml",
      "xl/workbook.xml",
      "xl/_rels/workbook.xml.rels",
      "xl/styles.xml",
      "xl/worksheets/sheet1.xml",
      "xl/worksheets/sheet2.xml",
    ]);
    const sheet = entries.get("xl/worksheets/sheet1.xml")?.toString("utf8") ?? "";
    expect(sheet).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>');
    expect(sheet).toContain("A &amp; B &lt;公司&gt;");
    expect(sheet).toContain('<t xml:space="preserve">  leading and trailing  </t>');
    expect(sheet.endsWith("</headerFooter></worksheet>")).toBe(true);
  });

  it("prints each sheet landscape on A4 with its grid, every column on a page's width, the header row on every page, numbered", async () => {
    const file = join(tmp(), "t.xlsx");
    const named = { name: "王's 组", header: ["序号"], widths: [6], rows: () => [[1]] };
    await writeXlsx(file, [...sheets(100), named], { creator: "gradedraw", date: "2026-01-01" });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["市场监管局", "应急管理局", "王's 组"]);
    for (const ws of wb.worksheets) {
      expect(ws.pageSetup).toMatchObject({
        paperSize: 9,
        orientation: "landscape",
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        showGridLines: true,
        printTitlesRow: "1:1",
      });
      expect(ws.headerFooter.oddFooter).toBe("&C&P / &N");
    }
    const entries = unzip(readFileSync(file));
    expect(entries.get("xl/workbook.xml")?.toString("utf8")).toContain(
      `<definedName name="_xlnm.Print_Titles" localSheetId="2">'王''s 组'!$1:$1</definedName>`,
    );
  });

  it("offers a column's choices from another sheet in each of its data rows, taking any other text too", async () => {
    const file = join(tmp(), "t.xlsx");
    const lists = { name: "王's 代码", header: ["代码"], widths: [10], rows: () => [["甲"], ["乙"]] };
    const prompt = "从列表中选择；".repeat(40);
    const form: XlsxSheet = {
      name: "表",
      header: ["序号", "结果"],
      widths: [6, 10],
      rows: () => [
        [1, ""],
        [2, ""],
        [3, ""],
      ],
      choices: [{ column: 1, source: cellsOf(lists.name, 0, 2, 3), title: "结果", prompt }],
    };
    await writeXlsx(file, [form, lists], { creator: "gradedraw", date: "2026-01-01" });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
    const [sheet, codes] = wb.worksheets;
    for (const n of [2, 3, 4])
      expect(sheet.getCell(n, 2).dataValidation).toEqual({
        type: "list",
        allowBlank: true,
        showInputMessage: true,
        showErrorMessage: false,
        promptTitle: "结果",
        // Excel's limit: 255 characters.
        prompt: prompt.slice(0, 255),
        formulae: ["'王''s 代码'!$A$2:$A$3"],
      });
    for (const [n, column] of [
      [1, 2],
      [5, 2],
      [2, 1],
    ])
      expect(sheet.getCell(n, column).dataValidation, `${n},${column}`).toBeUndefined();
    expect(codes.getCell(1, 1).dataValidation).toBeUndefined();
    // The validations stand where the schema has them: after the cells, before the page setup.
    const xml = unzip(readFileSync(file)).get("xl/worksheets/sheet1.xml")?.toString("utf8") ?? "";
    expect(xml).toMatch(/<\/sheetData><dataValidations count="1"><dataValidation [^>]* sqref="B2:B4">/);
    expect(xml.indexOf("</dataValidations><printOptions")).toBeGreaterThan(0);
  });

  it("wraps each data cell's text in its column, aligned to the top, and makes a row as tall as its longest cell: a printed list shows every item and team member", async () => {
    const file = join(tmp(), "t.xlsx");
    const items = "SC-GS 企业公示信息抽查；SC-SP 食品经营者监督检查；SC-ZL 产品质量监督抽查";
    const sheet: XlsxSheet = {
      name: "表",
      header: ["序号", "检查事项", "检查组（组长在前）"],
      widths: [6, 40, 16],
      rows: () => [
        [1, "SC-GS 企业公示信息抽查", "HA001 李勇"],
        [2, items, "HA001 李勇；HA015 郭杰；HA010 徐洋"],
      ],
    };
    await writeXlsx(file, [sheet], { creator: "gradedraw", date: "2026-01-01" });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    for (const n of [2, 3])
      for (const c of [1, 2, 3])
        expect(ws.getCell(n, c).alignment, `${n},${c}`).toEqual({ vertical: "top", wrapText: true });
    // The header is bold, on one line.
    expect(ws.getCell(1, 2).font).toMatchObject({ bold: true });
    expect(ws.getCell(1, 2).alignment).toBeUndefined();
    // A row that fits on a line keeps the default height; the team of three takes three lines of a
    // column 16 wide, each of 16.5 points, and so does the row.
    expect(ws.getRow(1).height).toBeUndefined();
    expect(ws.getRow(2).height).toBeUndefined();
    expect(wrappedLines("HA001 李勇；HA015 郭杰；HA010 徐洋", 16)).toBe(3);
    expect(ws.getRow(3).height).toBe(3 * 16.5);
    // Not a height set by hand: Excel fits the row again once a cell is edited.
    const xml = unzip(readFileSync(file)).get("xl/worksheets/sheet1.xml")?.toString("utf8") ?? "";
    expect(xml).toContain('<row r="3" ht="49.5">');
    expect(xml).not.toContain("customHeight");
  });

  it("asks for a date on or after a day in a date column, warning of anything else without refusing it", async () => {
    const file = join(tmp(), "t.xlsx");
    const form: XlsxSheet = {
      name: "表",
      header: ["序号", "检查日期", "检查结果"],
      widths: [6, 12, 10],
      rows: () => [
        [1, "", ""],
        [2, "", ""],
      ],
      choices: [{ column: 2, source: cellsOf("表", 0, 2, 3), title: "结果", prompt: "选择" }],
      dates: [
        {
          column: 1,
          from: "2026-01-05",
          title: "检查日期",
          prompt: "如 2026-03-15",
          warning: "不早于 2026-01-05",
        },
      ],
    };
    await writeXlsx(file, [form], { creator: "gradedraw", date: "2026-01-01" });
    expect(excelSerial("2026-01-05")).toBe(46027);
    expect(excelDate(excelSerial("2024-02-29"), false)).toBe("2024-02-29");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    for (const n of [2, 3]) {
      expect(sheet.getCell(n, 2).dataValidation).toMatchObject({
        type: "date",
        operator: "greaterThanOrEqual",
        allowBlank: true,
        showInputMessage: true,
        promptTitle: "检查日期",
        prompt: "如 2026-03-15",
        showErrorMessage: true,
        errorStyle: "warning",
        errorTitle: "检查日期",
        error: "不早于 2026-01-05",
      });
      expect(sheet.getCell(n, 3).dataValidation).toMatchObject({ type: "list" });
    }
    expect(sheet.getCell(4, 2).dataValidation).toBeUndefined();
    const xml = unzip(readFileSync(file)).get("xl/worksheets/sheet1.xml")?.toString("utf8") ?? "";
    expect(xml).toContain('<dataValidations count="2">');
    expect(xml).toMatch(/sqref="B2:B3"><formula1>46027<\/formula1>/);
    // Longer messages are cut to Excel's limits ([MS-XLS] DValStrings): titles 32, prompt 255, warning 225.
    const long = join(tmp(), "long.xlsx");
    const date = {
      ...(form.dates?.[0] as SheetDates),
      title: "题".repeat(40),
      prompt: "提".repeat(300),
      warning: "警".repeat(300),
    };
    await writeXlsx(long, [{ ...form, dates: [date] }], { creator: "gradedraw", date: "2026-01-01" });
    const cut = unzip(readFileSync(long)).get("xl/worksheets/sheet1.xml")?.toString("utf8") ?? "";
    expect(cut).toContain(` promptTitle="${"题".repeat(32)}" prompt="${"提".repeat(255)}" `);
    expect(cut).toContain(` errorTitle="${"题".repeat(32)}" error="${"警".repeat(225)}" `);
  });

  it("keeps the header row in view, and the first columns where a sheet asks: tasks.xlsx its 序号, code and name", async () => {
    const loaded = loadPolicyFile("policies/huaian-2021/1.0.0.yaml").policy as LoadedPolicy;
    const drawn = await dryRunDraw(loaded.policy, smallDistrict("frozen", 200), "frozen");
    const file = join(tmp(), "t.xlsx");
    const plain = { name: "其他", header: ["序号"], widths: [6], rows: () => [[1]] };
    await writeXlsx(file, [...taskSheets(drawn, loaded, new Map()), plain], {
      creator: "gradedraw",
      date: "2026-01-01",
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
    const views = wb.worksheets.map((w) => [w.name, w.views[0]] as const);
    expect(views.length).toBeGreaterThan(2);
    for (const [name, view] of views)
      if (name === plain.name)
        // A sheet that asks for none: the header row alone.
        expect(view).toMatchObject({ state: "frozen", xSplit: 0, ySplit: 1, topLeftCell: "A2" });
      else {
        expect(view, name).toMatchObject({ state: "frozen", xSplit: 3, ySplit: 1, topLeftCell: "D2" });
        const header = wb.getWorksheet(name)?.getRow(1).values as unknown[];
        expect(header.slice(1, 4)).toEqual(["序号", "统一社会信用代码", "企业名称"]);
      }
  });

  it("gives the same bytes for the same content and date", async () => {
    const dir = tmp();
    await writeXlsx(join(dir, "a.xlsx"), sheets(3000), { creator: "gradedraw", date: "2026-07-01" });
    await new Promise((r) => setTimeout(r, 1100));
    await writeXlsx(join(dir, "b.xlsx"), sheets(3000), { creator: "gradedraw", date: "2026-07-01" });
    expect(readFileSync(join(dir, "a.xlsx")).equals(readFileSync(join(dir, "b.xlsx")))).toBe(true);
  });

  it("refuses a sheet name Excel would refuse, and leaves no file", async () => {
    const file = join(tmp(), "t.xlsx");
    const bad = { ...sheets(1)[0], name: "a/b" };
    await expect(writeXlsx(file, [bad], { creator: "x", date: "2026-01-01" })).rejects.toThrow(
      /'a\/b' cannot name a worksheet/,
    );
    expect(existsSync(file)).toBe(false);
  });

  it("removes the file when a sheet's rows fail part way", async () => {
    const file = join(tmp(), "t.xlsx");
    const failing: XlsxSheet = {
      ...sheets(1)[0],
      *rows() {
        yield [1, "one"];
        throw new Error("rows broke");
      },
    };
    await expect(writeXlsx(file, [failing], { creator: "x", date: "2026-01-01" })).rejects.toThrow(
      "rows broke",
    );
    expect(existsSync(file)).toBe(false);
  });
});

describe("sheet names", () => {
  it("keeps department names within Excel's rules: 31 characters, no []:*?/\\, unique", () => {
    const long = "省市场监督管理局食品安全抽检监测和产品质量监督抽查处第一科室（试点）";
    expect(excelSheetNames(["市场监管局", "a/b:c", long, `${long}二`, ""])).toEqual([
      "市场监管局",
      "a_b_c",
      long.slice(0, 31),
      `${long.slice(0, 28)}(2)`,
      "_",
    ]);
  });

  it("and the rest of them: unique without regard to case, no apostrophe first or last, not History, no half character", () => {
    const wide = "𠀀".repeat(16); // 32 UTF-16 units: 31 would end inside a character
    expect(excelSheetNames(["AMR", "amr", "'q'", "History", wide])).toEqual([
      "AMR",
      "amr(2)",
      "_q_",
      "History_",
      "𠀀".repeat(15),
    ]);
  });

  it("writeXlsx refuses the same names Excel would", async () => {
    const file = join(tmp(), "t.xlsx");
    const named = (...names: string[]) => names.map((name) => ({ ...sheets(1)[0], name }));
    const props = { creator: "x", date: "2026-01-01" };
    await expect(writeXlsx(file, named("Sheet", "sheet"), props)).rejects.toThrow(/without regard to case/);
    await expect(writeXlsx(file, named("'x"), props)).rejects.toThrow(/apostrophe/);
    await expect(writeXlsx(file, named("history"), props)).rejects.toThrow(/History is reserved/);
    expect(existsSync(file)).toBe(false);
  });
});

describe("tasks.xlsx sheets", () => {
  it("a department with more visits than a sheet holds continues on sheets （续2）, （续3）…, numbering running on", async () => {
    const loaded = loadPolicyFile("policies/huaian-2021/1.0.0.yaml").policy as LoadedPolicy;
    const d = smallDistrict("sheets", 3000);
    const o = await dryRunDraw(loaded.policy, d, "sheets");
    const whole = taskSheets(o, loaded, new Map());
    const split = taskSheets(o, loaded, new Map(), 50);
    const market = whole.find((s) => s.name === "市场监管局");
    const visits = [...(market?.rows() ?? [])].length;
    expect(visits).toBeGreaterThan(100);
    const parts = split.filter((s) => s.name.startsWith("市场监管局"));
    expect(parts.map((s) => s.name)).toEqual(
      Array.from({ length: Math.ceil(visits / 50) }, (_, i) =>
        i ? `市场监管局（续${i + 1}）` : "市场监管局",
      ),
    );
    expect(parts.map((s) => [...s.rows()].length)).toEqual(
      parts.map((_, i) => Math.min(50, visits - 50 * i)),
    );
    // Every department's rows, sheet after sheet, are the rows of its one sheet, numbers included.
    const rowsOf = (sheets: TaskSheet[], department: string) =>
      sheets
        .filter((s) => s.name === department || s.name.startsWith(`${department}（续`))
        .flatMap((s) => [...s.rows()]);
    for (const sheet of whole) expect(rowsOf(split, sheet.name)).toEqual([...sheet.rows()]);
    // And the workbook of the split sheets is written.
    const file = join(tmp(), "t.xlsx");
    await writeXlsx(
      file,
      split.map((s) => ({ name: s.name, header: TASK_HEADERS, widths: [], rows: () => s.rows() })),
      { creator: "gradedraw", date: "2026-01-01" },
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
    expect(wb.getWorksheet("市场监管局（续2）")?.getRow(2).getCell(1).value).toBe(51);
  });
});

describe("a task sheet's row", () => {
  it("gives a text a spreadsheet would run as a formula after an apostrophe, and the department's own items and the visit's team", async () => {
    const loaded = loadPolicyFile("policies/huaian-2021/1.0.0.yaml").policy as LoadedPolicy;
    const drawn = await dryRunDraw(loaded.policy, smallDistrict("rows", 400), "rows");
    const names = ['=HYPERLINK("http://x")', "+86 公司", "-1", "@SUM(A1)", "正常 = 公司"];
    const o = {
      ...drawn,
      selected: drawn.selected.map((s, i) => (i < names.length ? { ...s, name: names[i] } : s)),
    };
    const inspectorNames = new Map(o.assignments.map((a) => [a.inspector, `姓名${a.inspector.slice(-2)}`]));
    const sheets = taskSheets(o, loaded, inspectorNames);
    const itemDepartment = new Map(loaded.policy.items.map((i) => [i.code, i.department]));
    const itemName = new Map(loaded.policy.items.map((i) => [i.code, i.name]));
    let checked = 0;
    for (const sheet of sheets)
      for (const row of sheet.rows()) {
        const s = o.selected.find((x) => x.uscc === row[1]);
        if (!s) throw new Error(`a row of ${row[1]}, which was not drawn`);
        const at = o.selected.indexOf(s);
        expect(row[2]).toBe(at < 4 ? `'${names[at]}` : s.name);
        const items = row[row.length - 3];
        expect(items).toBe(
          s.items
            .filter((c) => itemDepartment.get(c) === sheet.name)
            .map((c) => `${c} ${itemName.get(c)}`)
            .join("；"),
        );
        expect(row[row.length - 2]).toBe(
          o.assignments
            .filter((a) => a.uscc === s.uscc)
            .map((a) => `${a.inspector} ${inspectorNames.get(a.inspector)}`)
            .join("；"),
        );
        checked++;
      }
    expect(checked).toBeGreaterThan(names.length);
  });
});
