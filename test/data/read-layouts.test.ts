import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import { addressOf } from "../../engine/data/address.js";
import { readConflicts, readEnterprises, readInspectors } from "../../engine/data/read.js";
import type { Enterprise } from "../../engine/data/records.js";
import { makeUscc } from "../../engine/data/uscc.js";
import { openWorkbook } from "../../engine/data/xlsx-sheets.js";
import type { InputError } from "../../engine/problem.js";
import { writeXlsx } from "../../engine/xlsx.js";
import { A, B, C } from "../helpers/codes.js";
import { firstProblem, problemsOf } from "../helpers/problems.js";
import { runCli } from "../helpers/run-cli.js";
import { dryDraw } from "../helpers/seed-policy.js";
import { tmp, tmpFile } from "../helpers/tmp.js";
import { sheetXml, workbook } from "../helpers/workbooks.js";

describe("enterprise tables as offices lay them out: codes Excel changed, title lines, marked headers, columns, sheets", () => {
  it("a code Excel stored as a number (its last digits lost) is refused as such, from XLSX and from a CSV Excel saved", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("企业");
    ws.addRow(["统一社会信用代码", "企业类别"]);
    // As Excel holds an 18-digit number: rounded to a double.
    ws.addRow([Number("913208031234567890"), "一般"]);
    ws.addRow([A, "一般"]);
    const xlsx = tmpFile("e.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()));
    const [problem] = await problemsOf(readEnterprises(xlsx));
    expect(problem).toMatch(
      /^2:1 \[uscc\]: the unified social credit code '\d+' was stored by Excel as a number/,
    );
    const csv = tmpFile("e.csv", `uscc,category\n9.13208E+17,general\n${A},general\n`);
    expect(await problemsOf(readEnterprises(csv, { lang: "zh" }))).toEqual([
      "2:1 [uscc]: 统一社会信用代码“9.13208E+17”被 Excel 存成了数字，只保留 15 位有效数字：请将该列设置为文本格式后重新录入",
    ]);
  });

  it("a sheet headed by a title and a date line is read from its header row, rows named as the sheet numbers them", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("企业");
    ws.addRow(["淮安区检查对象名录库（2026年）"]);
    ws.mergeCells("A1:D1");
    ws.addRow(["导出日期：2026-01-05"]);
    ws.addRow(["统一社会信用代码", "企业名称", "信用等级", "企业类别"]);
    ws.addRow([A, "清河食品", "B", "一般"]);
    ws.addRow([B, "恒通机械", "E", "一般"]);
    const file = tmpFile("e.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(await problemsOf(readEnterprises(file))).toEqual([
      "5:3 [grade]: unknown grade 'E' (expected A, B, C, D or empty for ungraded)",
    ]);
    ws.getRow(5).getCell(3).value = "C";
    const fixed = tmpFile("e.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()));
    expect((await readEnterprises(fixed)).records.map((e) => [e.uscc, e.name, e.grade])).toEqual([
      [A, "清河食品", "B"],
      [B, "恒通机械", "C"],
    ]);
    // With no header among the first ten rows, the first row is the header, and says what it lacks.
    const bare = new ExcelJS.Workbook();
    const sheet = bare.addWorksheet("企业");
    for (let k = 0; k < 11; k++) sheet.addRow([`第 ${k + 1} 行`, "x"]);
    const none = tmpFile("e.xlsx", new Uint8Array(await bare.xlsx.writeBuffer()));
    expect((await problemsOf(readEnterprises(none)))[0]).toMatch(
      /^1:0 \[uscc\]: missing required column 'uscc'/,
    );
  });

  it("a CSV headed by a title and a date line (a sheet saved as CSV, or typed above the header) is read from its header row, rows named by their lines; rows of empty fields are skipped", async () => {
    // As Excel saves such a sheet: every row padded to the table's width, in GBK.
    const excel = tmpFile(
      "企业.csv",
      iconv.encode(
        `淮安区检查对象名录库（2026年）,,,\r\n导出日期：2026-01-05,,,\r\n统一社会信用代码,企业名称,信用等级,企业类别\r\n${A},清河食品,B,一般\r\n,,,\r\n${B},恒通机械,E,一般\r\n,,,\r\n`,
        "gbk",
      ),
    );
    expect(await problemsOf(readEnterprises(excel))).toEqual([
      "6:3 [grade]: unknown grade 'E' (expected A, B, C, D or empty for ungraded)",
    ]);
    // Typed by hand: a title with no comma, a tab-separated table below it.
    const typed = tmpFile(
      "e.txt",
      `淮安区检查对象名录库\nuscc\tname\tgrade\tcategory\n${A}\t清河食品\tB\tgeneral\n${B}\t恒通机械\tC\tgeneral\n`,
    );
    expect((await readEnterprises(typed)).records.map((e) => [e.uscc, e.name, e.grade])).toEqual([
      [A, "清河食品", "B"],
      [B, "恒通机械", "C"],
    ]);
    // A row of another width than the header, below it, is still one.
    const short = tmpFile("e.csv", `名录库\nuscc,category\n${A},general\n${B}\n`);
    expect(await problemsOf(readEnterprises(short))).toEqual([
      "4:0: CSV: the row has 1 field, not the header's 2 columns",
    ]);
    // A title block of nine lines, as an export heads its list (title, unit, date, source, notes…).
    const block = [
      "淮安区企业名录",
      "填报单位：淮安区市场监管局",
      "填报日期：2026-06-30",
      "数据来源：登记注册系统",
    ];
    const long = tmpFile(
      "e.csv",
      `${[...block, ...block, "单位：家"].join("\n")}\nuscc,category\n${A},general\n`,
    );
    expect((await readEnterprises(long)).records.map((e) => e.uscc)).toEqual([A]);
    // With no header among the first ten rows, the first row is the header, and says what it lacks.
    const none = tmpFile("e.csv", Array.from({ length: 11 }, (_, k) => `第 ${k + 1} 行,x\n`).join(""));
    expect((await problemsOf(readEnterprises(none)))[0]).toMatch(
      /^1:0 \[uscc\]: missing required column 'uscc'/,
    );
  });

  it("headers as import templates write them are read: a required column marked *, a note （必填） or (选填), a cell wrapped over two lines; another note in brackets is another column", async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet("名录");
    sheet.addRow([
      "*统一社会信用代码",
      "企业\n名称",
      "信用\n等级（必填）",
      "＊企业类别 ",
      "监管部门(选填)",
      "*实际经营地址",
      "企业名称（简称）",
    ]);
    sheet.addRow([A, "淮安市清河食品有限公司", "B", "一般", "市场监管局", "清河区北京路 1 号", "清河食品"]);
    sheet.addRow([B, "恒通机械", "E", "一般", "", "", ""]);
    const file = tmpFile("企业.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()));
    // The bad cell names its column as the sheet writes it, on one line.
    const bad = await readEnterprises(file).catch((e: InputError) => e.problems);
    expect(bad).toMatchObject([{ line: 3, col: 3, column: "grade", header: "信用\n等级（必填）" }]);
    const r = await runCli("classify", "--policy", "policies/huaian-2021/1.0.0.yaml", "--enterprises", file);
    expect(r.stderr).toContain(`(${file}:3:3, sheet 名录, column 信用 等级（必填）, read as grade)`);
    sheet.getCell("C3").value = "A";
    const good = tmpFile("企业.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()));
    const [first] = (await readEnterprises(good)).records;
    expect(first).toMatchObject({
      uscc: A,
      name: "淮安市清河食品有限公司",
      grade: "B",
      category: "general",
      departments: ["市场监管局"],
      extra: { 实际经营地址: "清河区北京路 1 号", "企业名称（简称）": "清河食品" },
    });
    expect(addressOf(first.extra)).toBe("清河区北京路 1 号");
    // The same header row read from a CSV, the wrapped cell quoted as Excel saves it.
    const csv = tmpFile(
      "e.csv",
      `*统一社会信用代码,"企业\r\n名称",信用等级（必填）,＊企业类别\r\n${A},清河食品,B,一般\r\n`,
    );
    expect((await readEnterprises(csv)).records[0]).toMatchObject({ uscc: A, name: "清河食品", grade: "B" });
  });

  it("a template's row of notes on filling each column in, under its header, every cell in brackets, is read past and said, in Chinese too; a record with one cell in brackets is still a record", async () => {
    const header = "统一社会信用代码,企业名称,信用等级,企业类别";
    const notes = "（必填，18位）,（必填）,（A/B/C/D，未评级留空）,(重点/一般)";
    const file = tmpFile("e.csv", `${header}\n${notes}\n${A},清河食品,B,一般\n`);
    const read = await readEnterprises(file);
    expect(read.records.map((e) => e.uscc)).toEqual([A]);
    expect(read.notices).toContain(
      `note: row 2 of ${file}, under its header, is read as notes on filling the table in, not a record (（必填，18位）; （必填）; （A/B/C/D，未评级留空）; (重点/一般))`,
    );
    expect((await readEnterprises(file, { lang: "zh" })).notices).toContain(
      `提示：${file} 第 2 行在表头之下，视为填表说明，不作记录读取（（必填，18位）；（必填）；（A/B/C/D，未评级留空）；(重点/一般)）`,
    );
    const record = tmpFile("e.csv", `${header}\n${A},（清河食品）,B,一般\n`);
    expect((await readEnterprises(record)).records.map((e) => e.name)).toEqual(["（清河食品）"]);
  });

  it("a header's note in brackets of how its column is filled in is not part of its name: its answers (重点/一般, A、B、C、D), a date's format (YYYY-MM-DD), how several are separated (多个用分号分隔)", async () => {
    const header = [
      "统一社会信用代码",
      "信用等级（A、B、C、D）",
      "企业类别\n（重点/一般）",
      "监管部门（多个用分号分隔）",
      "评级日期(YYYY-MM-DD)",
      "企业名称（简称）",
    ];
    const file = tmpFile(
      "e.csv",
      `${header.map((h) => `"${h}"`).join(",")}\n${A},C,重点,市场监管局；人社局,2025-12-01,清河食品\n`,
    );
    const [first] = (await readEnterprises(file)).records;
    expect(first).toMatchObject({
      grade: "C",
      category: "key",
      departments: ["市场监管局", "人社局"],
      gradedOn: "2025-12-01",
      name: "",
      extra: { "企业名称（简称）": "清河食品" },
    });
  });

  it("with onlyUsedColumns, an enterprise keeps of its other columns the declared facts and the address, and the rest of a CSV or workbook is not decoded: the records are those read in full, less those columns, in UTF-8 and GBK, quoted or not, and from a sheet; a row with data only in an unread column is still a row", async () => {
    const facts = { 注册资本: { type: "number" as const } };
    const usedOnly = (records: Enterprise[]) =>
      records.map((e) => ({
        ...e,
        extra: Object.fromEntries(Object.entries(e.extra).filter(([k]) => k === "注册资本" || k === "住所")),
      }));
    const lines = [
      "统一社会信用代码,企业名称,企业类别,法定代表人,注册资本,经营范围,住所",
      `${A},清河食品,一般,张三,500,"食品销售；日用百货,五金",清河区北京路 1 号`,
      `${B},"恒通""机械""",重点,,,,`,
      `${C},淮安燃气,一般,"李四",,"燃气供应",`,
    ];
    for (const encoding of ["utf8", "gbk"])
      for (const ending of ["\n", "\r\n"]) {
        const file = tmpFile("e.csv", iconv.encode(lines.join(ending) + ending, encoding));
        const whole = (await readEnterprises(file, { facts })).records;
        const used = (await readEnterprises(file, { facts, onlyUsedColumns: true })).records;
        expect(used).toEqual(usedOnly(whole));
        expect(used[0].extra).toEqual({ 注册资本: "500", 住所: "清河区北京路 1 号" });
      }
    // The same rows in a workbook of inline text, as gradedraw writes one, after 1,000 others: a
    // sheet's first piece of XML (256 KB) is read before its header is known, and read whole.
    const header = lines[0].split(",");
    const random = seedrandom("unread cells");
    const before = Array.from({ length: 1000 }, (_, i) => [
      makeUscc(random),
      `淮安市第${i}食品有限公司`,
      "一般",
      `王${i}`,
      i,
      "食品销售（依法须经批准的项目，经相关部门批准后方可开展经营活动）",
      `清河区某某路 ${i} 号`,
    ]);
    const rows = [
      [A, "清河食品", "一般", "张三", 500, "食品销售；日用百货,五金", "清河区北京路 1 号"],
      [B, '恒通"机械"', "重点", "", "", "", ""],
      [C, "淮安燃气", "一般", "李四", "", "燃气供应", ""],
    ];
    for (const gap of [false, true]) {
      const file = join(tmp(), "e.xlsx");
      const sheetRows = [...before, ...(gap ? [rows[0], ["", "", "", "王五", "", "", ""]] : rows)];
      await writeXlsx(file, [{ name: "名录", header, widths: header.map(() => 10), rows: () => sheetRows }], {
        creator: "test",
        date: "2026-01-01",
      });
      if (!gap) {
        const whole = (await readEnterprises(file, { facts })).records;
        const used = (await readEnterprises(file, { facts, onlyUsedColumns: true })).records;
        expect(used).toEqual(usedOnly(whole));
        expect(used.slice(1000).map((e) => e.name)).toEqual(["清河食品", '恒通"机械"', "淮安燃气"]);
        expect(used[1000].extra).toEqual({ 注册资本: 500, 住所: "清河区北京路 1 号" });
      } else
        expect(await problemsOf(readEnterprises(file, { facts, onlyUsedColumns: true }))).toEqual([
          "1003:1 [uscc]: the unified social credit code is empty",
          "1003:3 [category]: the category is empty (expected key/重点 or general/一般)",
        ]);
    }
    // A row with nothing in the columns read is not taken for an empty row: its empty code is said.
    const gap = tmpFile("e.csv", `${lines[0]}\n${lines[1]}\n,,,王五,,,\n`);
    expect(await problemsOf(readEnterprises(gap, { facts, onlyUsedColumns: true }))).toEqual([
      "3:1 [uscc]: the unified social credit code is empty",
      "3:3 [category]: the category is empty (expected key/重点 or general/一般)",
    ]);
  });

  it("notes below the table (合计：, 制表人：张三, a row merged across it) are not read as records, and are said; the same row between records, or a record cut short below them, is still refused", async () => {
    // As Excel saves such a sheet as CSV: every row padded to the table's width, in GBK.
    const header = "统一社会信用代码,企业名称,信用等级,企业类别";
    const table = `${header}\r\n${A},清河食品,B,一般\r\n${B},恒通机械,C,一般\r\n`;
    const csv = tmpFile(
      "企业.csv",
      iconv.encode(`${table},,,\r\n合计：2 家,,,\r\n制表人：张三,,,\r\n`, "gbk"),
    );
    const read = await readEnterprises(csv);
    expect(read.records.map((e) => e.uscc)).toEqual([A, B]);
    expect(read.notices).toContain(
      `note: rows 5–6 of ${csv}, below its last record, are read as notes, not records (合计：2 家; 制表人：张三)`,
    );
    expect((await readEnterprises(csv, { lang: "zh" })).notices).toContain(
      `提示：${csv} 第 5–6 行在最后一条记录之下，视为表格附注，不作记录读取（合计：2 家；制表人：张三）`,
    );
    // Between records, a heading row is refused as the row it stands in: a record may be cut short there.
    const between = tmpFile(
      "e.csv",
      `${header}\n${A},清河食品,B,一般\n二、个体工商户,,,\n${B},恒通机械,C,一般\n`,
    );
    expect(
      (await problemsOf(readEnterprises(between))).map((p) => p.split(":").slice(0, 2).join(":")),
    ).toEqual(["3:1 [uscc]", "3:4 [category]"]);
    // Below the records, a row with a code, or with a name alone, is a record cut short, not a note.
    for (const cut of [`${C},,,`, ",淮安燃气,,"]) {
      const file = tmpFile("e.csv", `${table}${cut}\n注：截至 2026 年 6 月,,,\n`);
      expect(await problemsOf(readEnterprises(file))).not.toEqual([]);
    }
    // A workbook numbered in a first column 序号 (not read), a row below numbered but not filled in,
    // and a note merged across the table: the same records and notice whether only the columns a
    // draw uses are read or all of them.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("名录");
    ws.addRow(["序号", ...header.split(",")]);
    ws.addRow([1, A, "清河食品", "B", "一般"]);
    ws.addRow([2, B, "恒通机械", "C", "一般"]);
    ws.addRow([2]);
    ws.addRow(["注：本名单截至 2026 年 6 月 30 日"]);
    ws.mergeCells("A5:E5");
    const xlsx = tmpFile("e.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()));
    for (const onlyUsedColumns of [false, true]) {
      const sheet = await readEnterprises(xlsx, { onlyUsedColumns });
      expect(sheet.records.map((e) => e.uscc)).toEqual([A, B]);
      expect(sheet.notices.filter((n) => n.includes("notes"))).toEqual([
        `note: rows 4–5 of ${xlsx} (名录), below its last record, are read as notes, not records (注：本名单截至 2026 年 6 月 30 日)`,
      ]);
    }
    // Under a first column of names, a name alone is an inspector cut short; a note merged across
    // the table is a note.
    const staff = "姓名,执法人员编号,所属部门\n李勇,HA001,市场监管局\n";
    const named = tmpFile("i.csv", `${staff}王五,,\n`);
    expect(await problemsOf(readInspectors(named))).toEqual([
      "3:2 [id]: the inspector id is empty",
      "3:3 [department]: the inspector has no department",
    ]);
    const merged = tmpFile("i.csv", `${staff}注：共 1 人,注：共 1 人,注：共 1 人\n`);
    expect((await readInspectors(merged)).notices).toContain(
      `note: row 3 of ${merged}, below its last record, is read as notes, not records (注：共 1 人)`,
    );
    // A file of notes alone has no record they stand below: its rows are refused as rows.
    const alone = tmpFile("e.csv", `${header}\n合计：0 家,,,\n`);
    expect((await problemsOf(readEnterprises(alone)))[0]).toMatch(/^2:1 \[uscc\]/);
  });

  it("ranges merged as offices merge them, a whole row or down to the sheet's last row (a title over A1:XFD1, a department over G3:G1048576), are read as Excel shows them: the rows they alone pass through are empty, not records", async () => {
    const cell = (ref: string, t: string) => `<c r="${ref}" t="inlineStr"><is><t>${t}</t></is></c>`;
    const header = ["统一社会信用代码", "企业名称", "信用等级", "企业类别", "行业", "区域", "监管部门"];
    const record = (r: number, code: string, name: string, department?: string) =>
      `<row r="${r}">${[code, name, "B", "一般", "制造业", "淮城街道", ...(department ? [department] : [])]
        .map((v, i) => cell(`${"ABCDEFG"[i]}${r}`, v))
        .join("")}</row>`;
    const xml = sheetXml(
      [
        `<row r="1">${cell("A1", "检查对象名录")}</row>`,
        `<row r="2">${header.map((h, i) => cell(`${"ABCDEFG"[i]}2`, h)).join("")}</row>`,
        record(3, A, "清河食品", "市场监管局;人社局"),
        record(4, B, "恒通机械"),
        record(5, C, "宏达化工", "市场监管局;应急管理局"),
        // Formatted, empty cells below the list, as a sheet keeps them.
        `<row r="6"><c r="A6" s="0"/><c r="G6" s="0"/></row>`,
      ].join(""),
      `<mergeCells count="3"><mergeCell ref="A1:XFD1"/><mergeCell ref="G3:G4"/><mergeCell ref="G5:G1048576"/></mergeCells>`,
    );
    const file = await workbook("名录.xlsx", { sheets: [{ name: "名录", xml }] });
    for (const onlyUsedColumns of [false, true]) {
      const read = await readEnterprises(file, { onlyUsedColumns });
      expect(read.records.map((e) => [e.uscc, e.departments])).toEqual([
        [A, ["市场监管局", "人社局"]],
        [B, ["市场监管局", "人社局"]],
        [C, ["市场监管局", "应急管理局"]],
      ]);
    }
    // A header merged across the whole row names one column 16,384 times: the first 20 are said.
    const whole = await workbook("h.xlsx", {
      sheets: [
        {
          name: "s",
          xml: sheetXml(
            `<row r="1">${cell("A1", "统一社会信用代码")}</row>${record(2, A, "清河食品")}`,
            `<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>`,
          ),
        },
      ],
    });
    const problems = await problemsOf(readEnterprises(whole));
    expect(problems).toHaveLength(21);
    expect(problems[0]).toBe("1:2: duplicate column '统一社会信用代码' (also column 1)");
    expect(problems[20]).toBe("0:0: ... and 16363 more column(s) named twice");
  });

  it("a totals row below the table (合计 in its first cell; in the columns read, counts or sums alone: 2户 under the codes, 120 under the capacities) is a note; one holding a value that is no count is still refused", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("名录");
    ws.addRow(["序号", "统一社会信用代码", "企业名称", "信用等级", "企业类别"]);
    ws.addRow([1, A, "清河食品", "B", "一般"]);
    ws.addRow([2, B, "恒通机械", "C", "一般"]);
    ws.addRow([]);
    ws.addRow(["合计", "2户"]);
    const xlsx = tmpFile("e.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()));
    const read = await readEnterprises(xlsx);
    expect(read.records.map((e) => e.uscc)).toEqual([A, B]);
    expect(read.notices).toContain(
      `note: row 5 of ${xlsx} (名录), below its last record, is read as notes, not records (合计 2户)`,
    );
    // Under a first column of codes, and with a sum in a column of numbers.
    const staff = tmpFile(
      "i.csv",
      "执法人员编号,姓名,所属部门,每期检查上限\nHA001,李勇,市场监管局,60\nHA002,张刚,市场监管局,60\n合 计,共 2 人,,120\n",
    );
    const inspectors = await readInspectors(staff);
    expect(inspectors.records.map((i) => i.id)).toEqual(["HA001", "HA002"]);
    expect(inspectors.notices).toContain(
      `note: row 4 of ${staff}, below its last record, is read as notes, not records (合 计 共 2 人 120)`,
    );
    // A value that is no count (a grade, a name) makes the row a record cut short, refused as one.
    for (const row of ["合计,,B,一般", "合计,淮安燃气,,"]) {
      const file = tmpFile(
        "e.csv",
        `统一社会信用代码,企业名称,信用等级,企业类别\n${A},清河食品,B,一般\n${row}\n`,
      );
      expect((await problemsOf(readEnterprises(file)))[0]).toMatch(/^3:1 \[uscc\]/);
    }
  });

  it("a title above the header counting more records than the list holds (检查对象名录（共 5,000 户）) is said, and refused for a draw's frame; a number in a title without 共 counts nothing", async () => {
    const table = `统一社会信用代码,企业名称,信用等级,企业类别\n${A},清河食品,B,一般\n${B},恒通机械,C,一般\n`;
    const titled = tmpFile("e.csv", `"检查对象名录（共 5,000 户）",,,\n导出时间：2026-12-01,,,\n${table}`);
    expect((await readEnterprises(titled)).notices).toContain(
      `note: row 1 of ${titled}, above its header, counts 5000 records (检查对象名录（共 5,000 户）) and the list holds 2: is it cut short (an export's row limit, part of it copied), or were rows taken out since the count was made?`,
    );
    expect(await problemsOf(readEnterprises(titled, { wholeList: true }))).toEqual([
      "1:1: the title above the header counts 5000 records (检查对象名录（共 5,000 户）) and the list holds 2: is it cut short (an export's row limit, part of it copied), or were rows taken out since the count was made? A draw is not made from part of a list: give the whole list, or correct the count if the rows were taken out on purpose",
    ]);
    // A title that counts the list as it is, or makes no count, says nothing.
    for (const title of ["检查对象名录（共2户）", "2026年度检查对象名录 第1页"]) {
      const file = tmpFile("e.csv", `${title},,,\n${table}`);
      expect((await readEnterprises(file, { wholeList: true })).notices).toEqual([]);
    }
    // A sheet's title, as a workbook heads its list.
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("名录").addRows([
      ["淮安区检查对象名录", null, null],
      ["共计 120 家", null, null],
      ["统一社会信用代码", "信用等级", "企业类别"],
      [A, "B", "一般"],
    ]);
    const book = tmpFile("e.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(await firstProblem(readEnterprises(book, { wholeList: true }))).toMatchObject({
      line: 2,
      message: expect.stringMatching(
        /^the title above the header counts 120 records \(共计 120 家\) and the list holds 1:/,
      ),
    });
    // A list split over sheets, the first one's title counting them all: whole.
    const split = new ExcelJS.Workbook();
    split
      .addWorksheet("河下街道")
      .addRows([["全区名录（共 2 户）"], ["统一社会信用代码", "信用等级", "企业类别"], [A, "B", "一般"]]);
    split.addWorksheet("淮城街道").addRows([
      ["统一社会信用代码", "信用等级", "企业类别"],
      [B, "C", "一般"],
    ]);
    const sheets = tmpFile("e.xlsx", new Uint8Array(await split.xlsx.writeBuffer()));
    const all = await readEnterprises(sheets, { wholeList: true, sheet: "all" });
    expect(all.records).toHaveLength(2);
    expect(all.notices.filter((n) => n.includes("counts"))).toEqual([]);
  });

  it("a list ending at the last row of an Excel sheet (65,536 rows of an .xls; 1,048,576 of an .xlsx) is said to have been cut off there, perhaps; one row short of it is not", async () => {
    const random = seedrandom("limit");
    const codes = new Set<string>();
    while (codes.size < 65_535) codes.add(makeUscc(random));
    const rows = [...codes].map((c) => `${c},一般`);
    const full = tmpFile("e.csv", `统一社会信用代码,企业类别\n${rows.join("\n")}\n`);
    const read = await readEnterprises(full, { wholeList: true });
    expect(read.records).toHaveLength(65_535);
    expect(read.notices).toContain(
      `note: ${full} ends at row 65536, the last row of an Excel 97–2003 (.xls) sheet: was the list cut off there when saved from Excel, which drops the rows below it? A list longer than a sheet is given as the CSV its system exports, not saved from Excel`,
    );
    const shorter = tmpFile("e.csv", `统一社会信用代码,企业类别\n${rows.slice(1).join("\n")}\n`);
    expect((await readEnterprises(shorter)).notices.filter((n) => n.includes("Excel"))).toEqual([]);
  });

  it("a note below the table counting more records than the list holds (合计：30户 under 2 rows) is said, and refused for a draw's frame: a list cut short is not drawn from; one counting fewer is said", async () => {
    const table = `统一社会信用代码,企业名称,信用等级,企业类别\n${A},清河食品,B,一般\n${B},恒通机械,C,一般\n`;
    const short = tmpFile("e.csv", `${table}合计：30户,,,\n`);
    const said = `note: row 4 of ${short}, below its last record, counts 30 records (合计：30户) and the list holds 2: is it cut short (an export's row limit, part of it copied), or were rows taken out since the count was made?`;
    expect((await readEnterprises(short)).notices).toContain(said);
    expect(await problemsOf(readEnterprises(short, { wholeList: true }))).toEqual([
      "4:1: the note below the last record counts 30 records (合计：30户) and the list holds 2: is it cut short (an export's row limit, part of it copied), or were rows taken out since the count was made? A draw is not made from part of a list: give the whole list, or correct the count if the rows were taken out on purpose",
    ]);
    // A count after 共 in a note, in a column of codes under 合计, a count of 5,000 written with a comma.
    for (const note of ['"注：本表共 5,000 家企业",,,', "合计,5000户,,"])
      expect(
        await problemsOf(readEnterprises(tmpFile("e.csv", `${table}${note}\n`), { wholeList: true })),
      ).toEqual([expect.stringMatching(/^4:1: the note below the last record counts 5000 records/)]);
    // Fewer counted than held: said, never refused (rows may have been added, or another list's).
    const more = tmpFile("e.csv", `${table}合计：1 家,,,\n`);
    for (const wholeList of [false, true])
      expect((await readEnterprises(more, { wholeList })).notices).toContain(
        `note: row 4 of ${more}, below its last record, counts 1 records (合计：1 家) and the list holds 2: were rows added since the count was made, or rows of another list?`,
      );
    // A subtotal counts a part, a sum without a unit is no count, and two different counts say nothing sure.
    for (const note of ["小计：30户,,,", "合计,,,120", "合计：30户,28户,,"]) {
      const file = tmpFile("e.csv", `${table}${note}\n`);
      const read = await readEnterprises(file, { wholeList: true });
      expect(read.notices.filter((n) => n.includes("counts"))).toEqual([]);
    }
    // Each sheet of a list split over sheets by its own count.
    const wb = new ExcelJS.Workbook();
    for (const [name, rows] of [
      ["河下街道", [[A, "B", "一般"], ["合计：1 家"]]],
      ["淮城街道", [[B, "C", "一般"], ["合计：9 家"]]],
    ] as const)
      wb.addWorksheet(name).addRows([["统一社会信用代码", "信用等级", "企业类别"], ...rows]);
    const sheets = tmpFile("e.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(await firstProblem(readEnterprises(sheets, { wholeList: true, sheet: "all" }))).toMatchObject({
      line: 3,
      sheet: "淮城街道",
      message: expect.stringMatching(
        /^the note below the last record counts 9 records \(合计：9 家\) and the list holds 1:/,
      ),
    });
    // In Chinese.
    expect((await readEnterprises(short, { lang: "zh" })).notices).toContain(
      `提示：${short} 第 4 行（最后一条记录之下）计数为 30 条（合计：30户），而名单只有 2 条：名单是否不完整（导出行数受限、只复制了一部分），或计数之后删除了部分行？`,
    );
  });

  it("a cell holding an Excel error (#N/A of a VLOOKUP that found nothing) is refused at its cell, in a workbook, a CSV saved from it or a JSON export, not read as empty (an enterprise ungraded); one in a column no command reads is let be", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("企业");
    ws.addRow(["统一社会信用代码", "企业名称", "信用等级", "企业类别", "备注"]);
    const lookup = (error: string) => ({ formula: "VLOOKUP(A2,等级!A:B,2,0)", result: { error } });
    ws.addRow([A, "清河食品", lookup("#N/A"), "一般", lookup("#REF!")]);
    ws.addRow([B, "恒通机械", { formula: "VLOOKUP(A3,等级!A:B,2,0)", result: "B" }, "一般", ""]);
    ws.addRow([C, { formula: "1/0", result: { error: "#DIV/0!" } }, "C", "一般", ""]);
    const xlsx = tmpFile("e.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()));
    const said = (error: string, at: string, column: string, extra = "") =>
      `${at} [${column}]: the cell holds Excel's error ${error}, not a value: its formula could not be worked out${extra}; enter the value, or mend the formula, and save the file again`;
    const vlookup = " (a VLOOKUP that found nothing?)";
    const expected = [said("#N/A", "2:3", "grade", vlookup), said("#DIV/0!", "4:2", "name")];
    expect(await problemsOf(readEnterprises(xlsx, { onlyUsedColumns: true }))).toEqual(expected);
    // Every column read: the remark is no fact a command reads, and is let be.
    expect(await problemsOf(readEnterprises(xlsx))).toEqual(expected);
    const csv = tmpFile(
      "e.csv",
      `统一社会信用代码,企业名称,信用等级,企业类别,备注\n${A},清河食品,#N/A,一般,#REF!\n${B},恒通机械,B,一般,\n${C},#DIV/0!,C,一般,\n`,
    );
    expect(await problemsOf(readEnterprises(csv))).toEqual(expected);
    const json = tmpFile("e.json", JSON.stringify([{ uscc: A, grade: "#N/A", category: "general" }]));
    expect(await problemsOf(readEnterprises(json))).toEqual([said("#N/A", "1:2", "grade", vlookup)]);
  });

  it('a workbook cell holding a formula never calculated (a workbook a program wrote) is refused at its cell with how to store its value, not read as an unknown grade; one in a column no command reads is let be; in a CSV, a code written ="…" to keep it text is still a code', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("企业");
    ws.addRow(["统一社会信用代码", "企业名称", "评分", "信用等级", "企业类别", "备注"]);
    ws.addRow([A, "清河食品", 92, { formula: 'IF(C2>=90,"A","B")' }, "一般", { formula: "C2*2" }]);
    ws.addRow([B, { formula: "Sheet2!B3" }, 55, "C", "一般", ""]);
    ws.addRow([C, "淮安燃气", 70, { formula: 'IF(C4>=90,"A","B")', result: "B" }, "一般", ""]);
    const xlsx = tmpFile("e.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()));
    const said = (formula: string, at: string, column: string) =>
      `${at} [${column}]: the cell holds a formula, ${formula}, not its value: a workbook a program wrote keeps its formulas uncalculated until Excel or WPS opens it; open the file in one and save it, so that each formula's value is stored`;
    const expected = [said('=IF(C2>=90,"A","B")', "2:4", "grade"), said("=Sheet2!B3", "3:2", "name")];
    expect(await problemsOf(readEnterprises(xlsx))).toEqual(expected);
    expect(await problemsOf(readEnterprises(xlsx, { onlyUsedColumns: true }))).toEqual(expected);
    const zh = await firstProblem(readEnterprises(xlsx, { lang: "zh" }));
    expect(zh?.message).toBe(
      '单元格为公式 =IF(C2>=90,"A","B")，而非其计算结果：由程序生成的工作簿在用 Excel 或 WPS 打开前不会计算公式；请用其打开该文件并保存，使每个公式的结果存入文件',
    );
    // A code an export writes as ="91320803…" (so that Excel keeps it as text), and a name beginning with =, are values.
    const csv = tmpFile("e.csv", `统一社会信用代码,企业名称,信用等级,企业类别\n="${A}",=清河食品,B,一般\n`);
    expect((await readEnterprises(csv)).records).toMatchObject([{ uscc: A, grade: "B" }]);
  });

  it("every CSV row of another number of fields than the header is said at once, with the file's other problems, each at its line: one of more fields is asked whether a value holds a comma not in quotes, and is never a note", async () => {
    const header = "统一社会信用代码,企业名称,信用等级,企业类别";
    const rows = [
      `${A},清河食品,B`,
      `${B},恒通机械,E,一般`,
      `${C},淮安市清江浦区健康路1号,淮安燃气,C,一般`,
      "合计,3,,,",
    ];
    const file = tmpFile("e.csv", [header, ...rows].join("\n"));
    expect(await problemsOf(readEnterprises(file))).toEqual([
      "2:0: CSV: the row has 3 fields, not the header's 4 columns",
      expect.stringMatching(/^3:3 \[grade\]: /),
      "4:0: CSV: the row has 5 fields, not the header's 4 columns: a value holding a comma, not in quotes?",
      "5:0: CSV: the row has 5 fields, not the header's 4 columns: a value holding a comma, not in quotes?",
    ]);
  });

  it("a CSV whose lines end each way (rows a program added under a header Excel saved ends in LF, its header in CRLF; a row ending in a lone CR) is read line by line, as Excel reads it, in UTF-8 and GBK; a line end in a quoted cell is the cell's", async () => {
    const header = "统一社会信用代码,企业名称,信用等级,企业类别";
    const text = `${header}\r\n${A},清河食品,B,一般\n${B},"恒通\r\n机械",C,一般\r${C},淮安燃气,D,重点\n`;
    for (const encoding of ["utf8", "gbk"]) {
      const read = await readEnterprises(tmpFile("e.csv", iconv.encode(text, encoding)));
      expect(
        read.records.map((e) => [e.uscc, e.name, e.grade, e.category]),
        encoding,
      ).toEqual([
        [A, "清河食品", "B", "general"],
        [B, "恒通\r\n机械", "C", "general"],
        [C, "淮安燃气", "D", "key"],
      ]);
    }
    // Each row's problem at its line.
    const wrong = tmpFile(
      "e.csv",
      `${header}\r\n${A},清河食品,E,一般\n${B},恒通机械,C,一般\n${C},淮安燃气,F,重点\n`,
    );
    expect((await problemsOf(readEnterprises(wrong))).map((p) => p.slice(0, 4))).toEqual(["2:3 ", "4:3 "]);
  });

  it("rows repeating the header among the records (a list exported page by page) are read past and said, in a CSV and a workbook, in Chinese too; a record holding one header's word is still a record", async () => {
    const header = "统一社会信用代码,企业名称,信用等级,企业类别";
    const file = tmpFile(
      "e.csv",
      `${header}\n${A},清河食品,B,一般\n${header}\n${B},企业名称,C,一般\n${header}\n${C},淮安燃气,D,重点\n`,
    );
    const read = await readEnterprises(file);
    expect(read.records.map((e) => [e.uscc, e.name])).toEqual([
      [A, "清河食品"],
      [B, "企业名称"],
      [C, "淮安燃气"],
    ]);
    expect(read.notices).toEqual([
      `note: 2 row(s) of ${file} repeat its header (as a list exported page by page does), and are read past: row(s) 3, 5`,
    ]);
    expect((await readEnterprises(file, { lang: "zh", onlyUsedColumns: true })).notices).toEqual([
      `提示：${file} 中有 2 行与表头相同（分页导出的名单常见），已跳过：第 3、5 行`,
    ]);
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("名录").addRows([
      header.split(","),
      [A, "清河食品", "B", "一般"],
      header.split(","),
      [B, "恒通机械", "C", "一般"],
    ]);
    const xlsx = tmpFile("e.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()));
    const sheet = await readEnterprises(xlsx);
    expect(sheet.records).toHaveLength(2);
    expect(sheet.notices).toContain(
      `note: 1 row(s) of ${xlsx} (名录) repeat its header (as a list exported page by page does), and are read past: row(s) 3`,
    );
  });

  it("a note typed below a CSV table without its commas (合计：2 家, one field under a header of four) is a note too; a row of fewer fields between records, below them with a code, or alone is refused as not having the header's columns", async () => {
    const header = "统一社会信用代码,企业名称,信用等级,企业类别";
    const table = `${header}\n${A},清河食品,B,一般\n${B},恒通机械,C,一般\n`;
    const typed = tmpFile("e.csv", iconv.encode(`${table}合计：2 家\n制表人：张三，2026-06-30\n`, "gbk"));
    const read = await readEnterprises(typed, { onlyUsedColumns: true });
    expect(read.records.map((e) => e.uscc)).toEqual([A, B]);
    expect(read.notices).toContain(
      `note: rows 4–5 of ${typed}, below its last record, are read as notes, not records (合计：2 家; 制表人：张三，2026-06-30)`,
    );
    const width = (fields: number) =>
      `CSV: the row has ${fields} field${fields > 1 ? "s" : ""}, not the header's 4 columns`;
    for (const [rows, line, fields] of [
      [`${A},清河食品,B,一般\n二、个体工商户\n${B},恒通机械,C,一般\n`, 3, 1],
      [`${A},清河食品,B,一般\n${C},淮安燃气\n`, 3, 2],
      ["合计：0 家\n", 2, 1],
    ] as const) {
      const file = tmpFile("e.csv", `${header}\n${rows}`);
      expect(await problemsOf(readEnterprises(file))).toEqual([`${line}:0: ${width(fields)}`]);
    }
  });
  it("a row without a code whose registration number (注册号) a column of its own holds is told the code replaced it and where to find it; the column is not recorded", async () => {
    const file = tmpFile(
      "e.csv",
      `统一社会信用代码,注册号,企业名称,信用等级,企业类别\n${A},,清河食品,B,一般\n,320803000012345,恒通机械,C,一般\n,,淮安燃气,D,重点\n`,
    );
    expect(await problemsOf(readEnterprises(file))).toEqual([
      "3:1 [uscc]: the unified social credit code is empty; the row has a registration number (注册号 320803000012345), which the code replaced in 2015: give the enterprise's code (the national enterprise credit information publicity system finds it by the number)",
      "4:1 [uscc]: the unified social credit code is empty",
    ]);
    expect((await firstProblem(readEnterprises(file, { lang: "zh" })))?.message).toBe(
      "统一社会信用代码为空；该行有注册号（注册号 320803000012345），2015 年起已由统一社会信用代码取代：请填写该企业的统一社会信用代码（可在国家企业信用信息公示系统按注册号查询）",
    );
    const whole = tmpFile(
      "e.csv",
      `统一社会信用代码,注册号,企业名称,信用等级,企业类别\n${A},320803000012345,清河食品,B,一般\n`,
    );
    expect((await readEnterprises(whole, { onlyUsedColumns: true })).records[0].extra).toEqual({});
  });

  it("a list as the national publication system heads it reads: 统一社会信用代码/注册号 as the code, 风险分类结果 as the grade", async () => {
    const file = tmpFile(
      "e.csv",
      `统一社会信用代码/注册号,企业名称,风险分类结果,企业类别\n${A},清河食品,A类,一般\n`,
    );
    expect((await readEnterprises(file)).records.map((e) => [e.uscc, e.grade])).toEqual([[A, "A"]]);
  });

  it("headers as a platform's export or data interface names its fields, by their pinyin initials (TYSHXYDM, qymc, XYDJ), read as their columns in any case, and are said; initials of two letters are not read as a column", async () => {
    const file = tmpFile("e.csv", `TYSHXYDM,QYMC,XYDJ,QYLB,JGBM,MC\n${A},清河食品,B,一般,市场监管局,x\n`);
    const read = await readEnterprises(file);
    expect(read.records).toMatchObject([
      {
        uscc: A,
        name: "清河食品",
        grade: "B",
        category: "general",
        departments: ["市场监管局"],
        extra: { MC: "x" },
      },
    ]);
    expect(read.notices).toContain(
      `note: headers of ${file} read by their pinyin initials: TYSHXYDM as uscc (统一社会信用代码), QYMC as name (企业名称), XYDJ as grade (信用等级), QYLB as category (企业类别), JGBM as departments (监管部门)`,
    );
    const json = tmpFile(
      "e.json",
      JSON.stringify([{ tyshxydm: B, qymc: "恒通机械", fxdj: "C", qylb: "重点", jgbm: "市场监管局" }]),
    );
    const zh = await readEnterprises(json, { lang: "zh" });
    expect(zh.records).toMatchObject([{ uscc: B, grade: "C", category: "key" }]);
    expect(zh.notices).toContain(
      `提示：${json} 的表头按拼音首字母读取：tyshxydm 读作“统一社会信用代码”，qymc 读作“企业名称”，fxdj 读作“信用等级”，qylb 读作“企业类别”，jgbm 读作“监管部门”`,
    );
    const staff = tmpFile(
      "i.csv",
      "ZFRYBH,ZFRYXM,SSBM,ZFZH,YXQZ,SFZG\nHA001,李勇,市场监管局,320801001,2028-12-31,是\n",
    );
    expect((await readInspectors(staff)).records).toMatchObject([
      {
        id: "HA001",
        name: "李勇",
        department: "市场监管局",
        licenseNo: "320801001",
        licenseExpires: "2028-12-31",
        active: true,
      },
    ]);
  });

  it("an English sheet's headers read as their columns: Credit Code (Unified Social Credit Code) as the code, Enterprise Name, Credit Grade; Inspector ID", async () => {
    for (const code of ["Credit Code", "Unified Social Credit Code", "SOCIAL CREDIT CODE"]) {
      const file = tmpFile(
        "e.csv",
        `${code},Enterprise Name,Credit Grade,category\n${A},Qinghe Foods,A,general\n`,
      );
      const read = await readEnterprises(file);
      expect(read.records.map((e) => [e.uscc, e.name, e.grade])).toEqual([[A, "Qinghe Foods", "A"]]);
    }
    const staff = tmpFile("i.csv", "Inspector ID,name,department\nHA001,Li Yong,市场监管局\n");
    expect((await readInspectors(staff)).records.map((i) => i.id)).toEqual(["HA001"]);
    const conflicts = tmpFile("c.csv", `Inspector ID,Credit Code,reason\nHA001,${A},relative\n`);
    expect((await readConflicts(conflicts)).records.map((c) => [c.inspector, c.uscc])).toEqual([
      ["HA001", A],
    ]);
  });

  it("of two columns that read as one canonical column, the first is read, an English name after a Chinese header as any other: 企业名称 then name; and it is said", async () => {
    for (const [first, second] of [
      ["企业名称", "name"],
      ["企业名称", "名称"],
      ["name", "企业名称"],
    ]) {
      const file = tmpFile(
        "e.csv",
        `统一社会信用代码,${first},企业类别,${second}\n${A},清河食品,一般,Qinghe Food\n`,
      );
      expect((await readEnterprises(file)).records[0].name, `${first}, ${second}`).toBe("清河食品");
    }
    // Said, since the author may have meant the other: 信用等级 and 风险等级 both read as grade.
    const two = tmpFile("e.csv", `统一社会信用代码,信用等级,企业类别,风险等级\n${A},B,一般,低\n`);
    const read = await readEnterprises(two);
    expect(read.records[0].grade).toBe("B");
    expect(read.notices).toEqual([
      `note: in ${two}, column '信用等级' is read as grade; '风险等级' would read as grade too and is not read as it (rename a header if another column was meant)`,
    ]);
    // An inspector file says it once, not also among the columns it does not read.
    const inspectors = tmpFile("i.csv", "执法人员编号,部门,单位\nHA001,市场监管局,清江浦分局\n");
    expect((await readInspectors(inspectors, { lang: "zh" })).notices).toEqual([
      `提示：${inspectors} 中“部门”列读作 department；“单位”列也可读作 department，未按此读取（如本应读取其他列，请修改表头）`,
    ]);
  });

  it("an extra column is the fact its header reads as: *注册资本（必填） is the fact 注册资本, unless another header of the file reads the same", async () => {
    const facts = { 注册资本: { type: "number" as const } };
    const marked = tmpFile(
      "e.csv",
      `统一社会信用代码,企业类别,*注册资本（必填）,"从业\n人数"\n${A},一般,500,12\n`,
    );
    const [first] = (await readEnterprises(marked, { facts })).records;
    expect(first.extra).toEqual({ 注册资本: "500", 从业人数: "12" });
    // A bad value names the column as the file writes it.
    const bad = tmpFile("e.csv", `统一社会信用代码,企业类别,*注册资本（必填）\n${A},一般,五百万\n`);
    expect(await readEnterprises(bad, { facts }).catch((e: InputError) => e.problems)).toMatchObject([
      { line: 2, col: 3, column: "注册资本", header: "*注册资本（必填）" },
    ]);
    // Two headers that read the same keep their names as written: neither is taken for the other.
    const both = tmpFile("e.csv", `统一社会信用代码,企业类别,注册资本,*注册资本\n${A},一般,500,600\n`);
    expect((await readEnterprises(both, { facts })).records[0].extra).toEqual({
      注册资本: "500",
      "*注册资本": "600",
    });
    const twoMarked = tmpFile(
      "e.csv",
      `统一社会信用代码,企业类别,*注册资本,注册资本（选填）\n${A},一般,500,600\n`,
    );
    expect(await problemsOf(readEnterprises(twoMarked, { facts }))).toEqual([
      "1:4 [注册资本]: columns '*注册资本' and '注册资本（选填）' both read as 注册资本, which the policy declares a fact (facts:): keep one of them",
    ]);
  });

  it("a workbook's sheets and relationships are read through its central directory, wherever workbook.xml is stored", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("说明 & <注>");
    wb.addWorksheet("企业").addRow(["统一社会信用代码"]);
    const file = tmpFile("e.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()));
    // exceljs stores xl/workbook.xml last (its own streaming reader could lose it: exceljs#3064).
    const names = [
      ...readFileSync(file)
        .toString("latin1")
        .matchAll(/xl\/[\w/.]+\.xml/g),
    ].map((m) => m[0]);
    expect(names.indexOf("xl/workbook.xml")).toBeGreaterThan(names.indexOf("xl/worksheets/sheet2.xml"));
    const sheets = await openWorkbook(file);
    expect(sheets.map((s) => s.name)).toEqual(["说明 & <注>", "企业"]);
    const rows = [];
    for await (const r of sheets[1].rows()) rows.push(r);
    expect(rows).toEqual([{ number: 1, values: ["统一社会信用代码"] }]);
  });

  it("rows a sheet hides (hidden, or filtered out) are read like the others, and said with their rows, in either language", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("企业");
    ws.addRow(["统一社会信用代码", "信用等级", "企业类别"]);
    ws.addRow([A, "B", "一般"]);
    ws.addRow([B, "C", "一般"]).hidden = true;
    ws.addRow([C, "A", "重点"]).hidden = true;
    const file = tmpFile("e.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()));
    for (const onlyUsedColumns of [false, true]) {
      const read = await readEnterprises(file, { onlyUsedColumns });
      expect(read.records.map((e) => e.uscc)).toEqual([A, B, C]);
      expect(read.notices).toEqual([
        `note: 2 row(s) of ${file} (企业) are hidden in the sheet (hidden, or filtered out) and are read like the others: row(s) 3, 4; delete from the sheet the rows not to be read`,
      ]);
    }
    expect((await readEnterprises(file, { lang: "zh" })).notices).toEqual([
      `提示：${file} (企业) 中有 2 行在工作表中被隐藏（隐藏或被筛选掉），仍与其他行一样读取：第 3、4 行；不应读取的行请从工作表中删除`,
    ]);
    // Nothing hidden, nothing said.
    ws.getRow(3).hidden = false;
    ws.getRow(4).hidden = false;
    const shown = tmpFile("e.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()));
    expect((await readEnterprises(shown)).notices).toEqual([]);
  });

  it("reads an XLSX written by exceljs: the first sheet with a header, or --sheet; a first sheet of instructions is passed over, with a note", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("说明").addRow(["这是说明页"]);
    const ws = wb.addWorksheet("企业");
    ws.addRow(["统一社会信用代码", "企业名称", "信用等级", "企业类别", "监管部门", "评级日期"]);
    ws.addRow([A, "清河食品", "B", "一般", "市场监管局", new Date(Date.UTC(2025, 11, 31))]);
    const file = tmpFile("e.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()));
    const r = await readEnterprises(file, { sheet: "企业" });
    expect(r.records).toHaveLength(1);
    expect(r.records[0]).toMatchObject({
      uscc: A,
      name: "清河食品",
      grade: "B",
      category: "general",
      gradedOn: "2025-12-31",
    });
    expect(r.notices).toEqual([]);
    const unnamed = await readEnterprises(file);
    expect(unnamed.records).toEqual(r.records);
    expect(unnamed.notices).toEqual([
      `note: read sheet '企业' of ${file}: the first sheet, '说明', has no header`,
    ]);
    expect((await readEnterprises(file, { lang: "zh" })).notices).toEqual([
      `提示：读取 ${file} 的工作表“企业”：第一个工作表“说明”没有表头`,
    ]);
    expect(await problemsOf(readEnterprises(file, { sheet: "2" }))).toEqual([]);
    // --sheet naming the instructions is read as named, and says what its header lacks.
    expect(await problemsOf(readEnterprises(file, { sheet: "说明" }))).toEqual([
      "1:0 [uscc]: missing required column 'uscc' (or a Chinese header: 统一社会信用代码, 信用代码, 社会信用代码, 统一代码)",
      "1:0 [category]: missing required column 'category' (or a Chinese header: 企业类别, 监管类别, 类别, 企业分类)",
    ]);
  });

  it("which of several lists a workbook holds is not guessed: past a first sheet without a header, two with one ask for --sheet", async () => {
    const header = ["统一社会信用代码", "企业名称", "信用等级", "企业类别"];
    const book = async (sheets: [string, unknown[][]][]) => {
      const wb = new ExcelJS.Workbook();
      for (const [name, rows] of sheets) wb.addWorksheet(name).addRows(rows);
      return tmpFile("e.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()));
    };
    const two = await book([
      ["填表说明", [["请勿修改表头"]]],
      ["2025年", [header, [A, "清河食品", "B", "一般"]]],
      ["2026年", [header, [B, "恒通机械", "C", "一般"]]],
    ]);
    expect(await problemsOf(readEnterprises(two))).toEqual([
      "0:0: the first sheet, '填表说明', has no header, and sheets '2025年', '2026年' each have one: give --sheet to say which to read, or --sheet all to read them all as one list",
    ]);
    expect((await readEnterprises(two, { sheet: "2026年" })).records.map((e) => e.uscc)).toEqual([B]);
    // A first sheet with a header is read, as always; the others with one are named.
    const firstHeaded = await book([
      ["2026年", [header, [B, "恒通机械", "C", "一般"]]],
      ["2025年", [header, [A, "清河食品", "B", "一般"]]],
    ]);
    const read = await readEnterprises(firstHeaded);
    expect(read.records.map((e) => e.uscc)).toEqual([B]);
    expect(read.notices).toEqual([
      `note: read the first sheet, '2026年', of ${firstHeaded}; sheet(s) '2025年' have a header too and were not read (give --sheet to read another, or --sheet all to read them all as one list)`,
    ]);
    // A draw's inputs are read with wholeList: not from the first of several lists, but refused.
    expect(await problemsOf(readEnterprises(firstHeaded, { wholeList: true }))).toEqual([
      "0:0: sheets '2026年', '2025年' each have a header naming the columns needed: give --sheet to say which to read, or --sheet all to read them all as one list (a draw is not made from the first of several lists)",
    ]);
    expect((await readEnterprises(firstHeaded, { wholeList: true, sheet: "2025年" })).records).toHaveLength(
      1,
    );
    // A --sheet this workbook does not have (a draw's --sheet is for all its workbooks): a workbook
    // of one list is read as it is, and said; one of several lists is refused, naming its sheets.
    const one = await book([["人员", [header, [A, "清河食品", "B", "一般"]]]]);
    const elsewhere = await readEnterprises(one, { sheet: "2026年" });
    expect(elsewhere.records.map((e) => e.uscc)).toEqual([A]);
    expect(elsewhere.notices).toContain(
      `note: ${one} has no sheet '2026年' (--sheet names another file's): its one list is read`,
    );
    expect(await problemsOf(readEnterprises(firstHeaded, { sheet: "2027年" }))).toEqual([
      "0:0: no sheet '2027年'; sheets '2026年', '2025年' each have a header naming the columns needed: give --sheet one of them, or all to read them all as one list",
    ]);
    expect((await problemsOf(readEnterprises(two, { sheet: "2027年" })))[0]).toMatch(
      /^0:0: no sheet '2027年'; the first sheet, '填表说明', has no header, and sheets '2025年', '2026年' each have one/,
    );
    // A first sheet whose header lacks a column is the list meant: it is not passed over for
    // another sheet, and its header row (below a title) says what it lacks.
    const lacking = await book([
      ["名单", [["淮安区名单"], header.slice(0, 3), [A, "清河食品", "B"]]],
      ["旧名单", [header, [B, "恒通机械", "C", "一般"]]],
    ]);
    expect(await problemsOf(readEnterprises(lacking))).toEqual([
      "2:0 [category]: missing required column 'category' (or a Chinese header: 企业类别, 监管类别, 类别, 企业分类)",
    ]);
    // A column named twice is said with the sheet too: the sheet read need not be the first.
    const twice = await book([
      ["填表说明", [["请勿修改表头"]]],
      [
        "名单",
        [
          [...header, "信用等级"],
          [A, "清河食品", "B", "一般", "C"],
        ],
      ],
    ]);
    const problem = await firstProblem(readEnterprises(twice));
    expect(problem).toMatchObject({
      line: 1,
      col: 5,
      sheet: "名单",
      message: "duplicate column '信用等级' (also column 3)",
    });
  });

  it("columns a sheet hides that are read (last year's grades beside this year's) are said, read like the others; a hidden column not read, or a range hidden past the table, is not", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("企业");
    ws.addRows([
      ["统一社会信用代码", "信用等级", "信用等级2026", "企业类别", "备注"],
      [A, "C", "A", "一般", ""],
    ]);
    ws.getColumn(2).hidden = true;
    ws.getColumn(5).hidden = true;
    for (let c = 7; c <= 9; c++) ws.getColumn(c).hidden = true;
    const file = tmpFile("e.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()));
    const read = await readEnterprises(file, { onlyUsedColumns: true });
    expect(read.records.map((e) => e.grade)).toEqual(["C"]);
    expect(read.notices).toEqual([
      `note: column(s) B (信用等级, read as grade) of ${file} (企业) are hidden in the sheet and are read like the others: a column is most often hidden because another replaced it; if so, delete it from the sheet`,
    ]);
    expect((await readEnterprises(file, { lang: "zh" })).notices).toEqual([
      `提示：${file} (企业) 中被隐藏的 B 列（信用等级）仍照常读取：被隐藏的列往往已由其他列取代，如是，请将其从工作表中删除`,
    ]);
    ws.getColumn(2).hidden = false;
    const shown = tmpFile("e.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()));
    expect((await readEnterprises(shown)).notices).toEqual([]);
  });

  it("--sheet all reads every sheet whose header names every column as one list (a directory split by township), in order; a row's problem, a duplicate across sheets, notes below a table and hidden rows are each said with their sheet", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("填表说明").addRow(["每个街道一个工作表"]);
    const first = wb.addWorksheet("河下街道");
    first.addRows([["统一社会信用代码", "信用等级", "企业类别"], [A, "B", "一般"], ["合计：1 家"]]);
    // Another column order, under a title, with a hidden row.
    const second = wb.addWorksheet("淮城街道");
    second.addRows([["淮城街道名录"], ["企业类别", "统一社会信用代码", "信用等级"], ["重点", B, "C"]]);
    second.addRow(["一般", C, "A"]).hidden = true;
    const book = async () => tmpFile("e.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()));
    const file = await book();
    for (const onlyUsedColumns of [false, true]) {
      const read = await readEnterprises(file, { sheet: "all", onlyUsedColumns });
      expect(read.records.map((e) => [e.uscc, e.grade, e.category])).toEqual([
        [A, "B", "general"],
        [B, "C", "key"],
        [C, "A", "general"],
      ]);
      expect(read.notices).toEqual([
        `note: row 3 of ${file} (河下街道), below its last record, is read as notes, not records (合计：1 家)`,
        `note: read sheets '河下街道', '淮城街道' of ${file} as one list; sheet(s) '填表说明' have no header naming every column needed and were not read`,
        `note: 1 row(s) of ${file} (淮城街道) are hidden in the sheet (hidden, or filtered out) and are read like the others: row(s) 4; delete from the sheet the rows not to be read`,
      ]);
    }
    // A problem of the second sheet is placed in it; a code of the first again, with both places.
    second.addRow(["一般", A, "E"]);
    const bad = await book();
    const problems = await readEnterprises(bad, { sheet: "all" }).catch((e: InputError) => e.problems);
    expect(problems).toMatchObject([
      {
        line: 5,
        col: 3,
        sheet: "淮城街道",
        message: "unknown grade 'E' (expected A, B, C, D or empty for ungraded)",
      },
    ]);
    second.getRow(5).getCell(3).value = "A";
    const again = await book();
    const twice = await readEnterprises(again, { sheet: "all", lang: "zh" }).catch(
      (e: InputError) => e.problems,
    );
    expect(twice).toMatchObject([
      {
        line: 5,
        col: 2,
        sheet: "淮城街道",
        message: `统一社会信用代码“${A}”重复（另见工作表“河下街道”第 2 行）`,
      },
    ]);
  });

  it("a sheet passed over whose rows hold codes (its header row deleted, or naming some columns only) is refused under --sheet all, and without it said, and refused for a draw's frame, not left out of the list; an instructions sheet with an example code is passed over", async () => {
    const header = ["统一社会信用代码", "信用等级", "企业类别"];
    const book = async (third: unknown[][]) => {
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet("填表说明").addRows([
        ["统一社会信用代码", "必填，18 位"],
        ["示例", A],
      ]);
      wb.addWorksheet("河下街道").addRows([header, [A, "B", "一般"]]);
      wb.addWorksheet("淮城街道").addRows(third);
      return tmpFile("e.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()));
    };
    const whole = await book([["淮城街道名录"], header, [B, "C", "重点"], [C, "A", "一般"]]);
    expect((await readEnterprises(whole, { sheet: "all" })).records.map((e) => e.uscc)).toEqual([A, B, C]);
    // Its header row deleted: the title above it, then the records.
    const headless = await book([["淮城街道名录"], [B, "C", "重点"], [C, "A", "一般"]]);
    expect(await problemsOf(readEnterprises(headless, { sheet: "all" }))).toEqual([
      "2:0: --sheet all: sheet '淮城街道' has no header naming every column needed, yet its rows hold unified social credit codes (row 2: " +
        `${B}): is its header missing, or written otherwise than sheet '河下街道' writes it? Give it that header, or take the sheet out of the workbook; passed over, its enterprises would be left out of the list`,
    ]);
    // Without --sheet, a sheet after the one read holding codes under no header (an export split
    // over sheets, its header written once) is said, and refused for a draw's frame.
    const exported = new ExcelJS.Workbook();
    exported.addWorksheet("河下街道").addRows([header, [A, "B", "一般"]]);
    exported.addWorksheet("淮城街道").addRows([
      [B, "C", "重点"],
      [C, "A", "一般"],
    ]);
    const split = tmpFile("e.xlsx", new Uint8Array(await exported.xlsx.writeBuffer()));
    const once = await readEnterprises(split);
    expect(once.records.map((e) => e.uscc)).toEqual([A]);
    expect(once.notices).toContain(
      `note: read sheet '河下街道' of ${split}; sheet(s) '淮城街道' after it hold rows of unified social credit codes under no header and were not read: is the list split over sheets? Give each the header and --sheet all to read them as one list`,
    );
    expect(await problemsOf(readEnterprises(split, { wholeList: true }))).toEqual([
      "0:0: sheet(s) '淮城街道' after '河下街道' hold rows of unified social credit codes under no header: is the list split over sheets, its header written once? Give each sheet the header and read them with --sheet all as one list, or, if they hold no part of it, name the sheet to read with --sheet (a draw is not made from part of a list)",
    ]);
    // Named with --sheet, the sheet is read alone.
    expect((await readEnterprises(split, { wholeList: true, sheet: "河下街道" })).records).toHaveLength(1);
    // A header written otherwise (类型 for the category): told the column it lacks, with its sheet.
    const partial = await book([
      ["统一社会信用代码", "信用等级", "类型"],
      [B, "C", "重点"],
      [C, "A", "一般"],
    ]);
    expect(await firstProblem(readEnterprises(partial, { sheet: "all" }))).toMatchObject({
      sheet: "淮城街道",
      column: "category",
      message: expect.stringMatching(/^missing required column 'category'/),
    });
  });

  it("--sheet all where no sheet's header names every column: the first header that lacks one is told which, with its sheet; an inspectors' sheet (or file) named after a department is told its name is not read as one", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("填表说明").addRow(["每个部门一个工作表"]);
    for (const [name, id] of [
      ["市场监管局", "HA001"],
      ["应急管理局", "HA012"],
    ])
      wb.addWorksheet(name).addRows([
        ["执法人员编号", "姓名"],
        [id, "李勇"],
      ]);
    const file = tmpFile("i.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()));
    const problems = await readInspectors(file, { sheet: "all" }).catch((e: InputError) => e.problems);
    expect(problems).toMatchObject([
      {
        line: 1,
        sheet: "市场监管局",
        column: "department",
        message:
          "missing required column 'department' (or a Chinese header: 所属部门, 部门, 单位): a sheet's name is not read as its inspectors' department; add the column, with the department (市场监管局?) in each row",
      },
    ]);
    const zh = await firstProblem(readInspectors(file, { sheet: "all", lang: "zh" }));
    expect(zh?.message).toBe(
      "缺少必需的列“所属部门”（表头可写作 department、所属部门、部门、单位）：工作表名称不作为其中执法人员的所属部门；请增加该列，并在每行填写部门（市场监管局？）",
    );
    // A file named after a department, as a CSV.
    const csv = join(tmp(), "应急管理局执法人员名单.csv");
    writeFileSync(csv, "执法人员编号,姓名\nHA012,马静\n");
    expect((await firstProblem(readInspectors(csv)))?.message).toBe(
      "missing required column 'department' (or a Chinese header: 所属部门, 部门, 单位): a file's name is not read as its inspectors' department; add the column, with the department (应急管理局?) in each row",
    );
  });

  it("a directory split into lists named by grade or category (sheets A级企业 and B级企业, a file 重点企业名单.csv) is told a name is not read as its enterprises' grade or category, where the column is missing", async () => {
    const sheets = new ExcelJS.Workbook();
    for (const [name, code] of [
      ["A级企业", A],
      ["B级企业", B],
    ])
      sheets.addWorksheet(name).addRows([
        ["统一社会信用代码", "企业名称", "企业类别", "监管部门"],
        [code, "清河食品", "一般", "市场监管局"],
      ]);
    const byGrade = tmpFile("名录.xlsx", new Uint8Array(await sheets.xlsx.writeBuffer()));
    const read = await readEnterprises(byGrade, { sheet: "all", pooled: true });
    expect(read.notices).toContain(
      `note: ${byGrade}: no enterprise has a credit grade (column grade, 信用等级): every one would be drawn as ungraded; its sheets' names read as grades (A级企业: A, B级企业: B), but a sheet's name is not read as its enterprises' grade: give each one's grade in a column 信用等级`,
    );
    // A draw is refused, saying so.
    const drawn = await runCli(
      ...["draw", "--policy", "policies/huaian-2021/1.0.0.yaml", "--enterprises", byGrade, "--sheet", "all"],
      ...dryDraw(join(tmp(), "d")),
      ...["--db", join(tmp(), "g.db")],
    );
    expect(drawn.code).toBe(1);
    expect(drawn.stderr).toContain(
      "every one would be drawn as ungraded; its sheets' names read as grades (A级企业: A, B级企业: B), but a sheet's name is not read as its enterprises' grade",
    );
    // A file so named.
    const file = join(tmp(), "2026年C级企业名单.csv");
    writeFileSync(file, `统一社会信用代码,企业名称,企业类别,监管部门\n${A},清河食品,一般,市场监管局\n`);
    expect((await readEnterprises(file, { pooled: true })).notices.join("\n")).toContain(
      "; the file's name reads as grade C, but a file's name is not read as its enterprises' grade",
    );
    // The category, a required column: in the refusal, of the sheet or of the file.
    const byCategory = new ExcelJS.Workbook();
    byCategory.addWorksheet("重点企业").addRows([
      ["统一社会信用代码", "企业名称", "信用等级"],
      [A, "清河食品", "B"],
    ]);
    const sheet = tmpFile("名录.xlsx", new Uint8Array(await byCategory.xlsx.writeBuffer()));
    expect((await firstProblem(readEnterprises(sheet)))?.message).toBe(
      "missing required column 'category' (or a Chinese header: 企业类别, 监管类别, 类别, 企业分类): the sheet's name reads as the category key, but a sheet's name is not read as its enterprises' category; add the column, with the category (重点) in each row",
    );
    const named = join(tmp(), "一般企业名单.csv");
    writeFileSync(named, `统一社会信用代码,企业名称,信用等级\n${A},清河食品,B\n`);
    expect((await firstProblem(readEnterprises(named, { lang: "zh" })))?.message).toBe(
      "缺少必需的列“企业类别”（表头可写作 category、企业类别、监管类别、类别、企业分类）：文件名看似企业类别“一般”，但文件名不作为其中企业的类别；请增加该列，并在每行填写类别（一般）",
    );
    // A workbook so named, its sheet named Sheet1: the file's name.
    const book = new ExcelJS.Workbook();
    book.addWorksheet("Sheet1").addRows([
      ["统一社会信用代码", "企业名称", "信用等级"],
      [A, "清河食品", "B"],
    ]);
    const workbook = join(tmp(), "重点企业名单.xlsx");
    writeFileSync(workbook, new Uint8Array(await book.xlsx.writeBuffer()));
    expect((await firstProblem(readEnterprises(workbook)))?.message).toContain(
      ": the file's name reads as the category key, but a file's name is not read as its enterprises' category; add the column, with the category (重点) in each row",
    );
    // A name that reads as nothing adds nothing.
    const plain = join(tmp(), "企业名单.csv");
    writeFileSync(plain, `统一社会信用代码,企业名称,信用等级\n${A},清河食品,B\n`);
    expect((await firstProblem(readEnterprises(plain)))?.message).toMatch(/企业分类\)$/);
  });
});
