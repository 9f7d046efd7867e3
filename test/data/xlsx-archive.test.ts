import { readFileSync, statSync, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import ExcelJS from "exceljs";
import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import { readEnterprises, readInspectors } from "../../engine/data/read.js";
import { makeUscc } from "../../engine/data/uscc.js";
import { centralDirectory, dataOffset, EntryTooLarge, entryBytes } from "../../engine/data/xlsx-parts.js";
import { InputError } from "../../engine/problem.js";
import { writeXlsx } from "../../engine/xlsx.js";
import { ZipWriter } from "../../engine/zip.js";
import { problemsOf } from "../helpers/problems.js";
import { tmp, tmpFile } from "../helpers/tmp.js";
import { A, MAIN, ours, sheetXml, toZip64, workbook } from "../helpers/workbooks.js";

describe("XLSX workbooks: their sheets, archives and limits", () => {
  it("only worksheets are sheets, in the order the workbook lists them, found through its relationships whatever their folder (strict OOXML too)", async () => {
    const one = sheetXml(`<row r="1"><c t="inlineStr"><is><t>甲</t></is></c></row>`);
    const two = sheetXml(`<row r="1"><c t="inlineStr"><is><t>乙</t></is></c></row>`);
    const file = await workbook("strict.xlsx", {
      sheets: [
        { name: "图表", xml: one, type: "chartsheet" },
        { name: "第一", xml: one },
        { name: "第二", xml: two },
      ],
      relType: "http://purl.oclc.org/ooxml/officeDocument/relationships",
      idPrefix: "rel",
    });
    expect((await ours(file)).map((s) => [s.name, s.rows])).toEqual([
      ["第一", [[1, ["甲"]]]],
      ["第二", [[1, ["乙"]]]],
    ]);
  });

  it("a sheet cut short, malformed or naming shared text the workbook lacks is refused with its sheet and row, the reason in Chinese too", async () => {
    const cut = await workbook("cut.xlsx", {
      sheets: [
        {
          name: "企业",
          xml: sheetXml(`<row r="1"><c t="inlineStr"><is><t>uscc</t></is></c></row><row r="2">`).replace(
            /<\/sheetData>.*/,
            "",
          ),
        },
      ],
    });
    const lacking = await workbook("lacking.xlsx", {
      sheets: [
        {
          name: "企业",
          xml: sheetXml(
            `<row r="1"><c t="s"><v>0</v></c></row><row r="2"><c r="B2" t="s"><v>7</v></c></row>`,
          ),
        },
      ],
      shared: `<sst xmlns="${MAIN}"><si><t>uscc</t></si></sst>`,
    });
    const broken = await workbook("broken.xlsx", {
      sheets: [
        {
          name: "企业",
          xml: sheetXml(
            `<row r="1"><c t="inlineStr"><is><t>uscc</t></is></c></row><row r="2"><c r="A2 t="s"><v>0</v></c></row>`,
          ),
        },
      ],
    });
    // The end of the rows inside a row, cutting a cell's tag after its `<`: it was read forever.
    const ended = await workbook("ended.xlsx", {
      sheets: [
        {
          name: "企业",
          xml: sheetXml(
            `<row r="1"><c t="inlineStr"><is><t>uscc</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c><</sheetData>c r="B2"/></row>`,
          ).replace(/<\/sheetData>(?!c)/, ""),
        },
      ],
    });
    const sharedCut = await workbook("shared-cut.xlsx", {
      sheets: [{ name: "企业", xml: sheetXml(`<row r="1"><c t="s"><v>0</v></c></row>`) }],
      shared: `<sst xmlns="${MAIN}"><si><t>uscc`,
    });
    const problems = async (file: string) => {
      try {
        await readEnterprises(file, { lang: "zh" });
      } catch (e) {
        if (e instanceof InputError) return e.problems.map((p) => [p.sheet, p.line, p.message]);
        throw e;
      }
      return [];
    };
    expect(await problems(cut)).toEqual([
      ["企业", 2, "XLSX：工作表的 XML 在数据行结束前中断（文件不完整或已损坏）"],
    ]);
    expect(await problems(lacking)).toEqual([
      ["企业", 2, "XLSX：单元格 B2 引用的共享文本 7 在工作簿中不存在"],
    ]);
    expect((await problems(broken))[0]?.slice(0, 2)).toEqual(["企业", 2]);
    expect(await problems(sharedCut)).toEqual([
      [undefined, 1, "XLSX：无法读取工作簿（XML 格式错误：共享文本未结束）"],
    ]);
    expect(await problems(ended)).toEqual([
      ["企业", 2, "XLSX：XML 格式错误（标签未闭合）：文件可能已损坏，请在 Excel 或 WPS 中打开后重新保存"],
    ]);
  });

  it("lists read from workbooks: a date a Chinese Excel formats as 2024年1月1日 and a department merged over its inspectors", async () => {
    const styles = `<styleSheet xmlns="${MAIN}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="31"/></cellXfs></styleSheet>`;
    const text = (ref: string, t: string) => `<c r="${ref}" t="inlineStr"><is><t>${t}</t></is></c>`;
    const enterprises = await workbook("e.xlsx", {
      sheets: [
        {
          name: "企业",
          xml: sheetXml(
            `<row r="1">${text("A1", "统一社会信用代码")}${text("B1", "企业类别")}${text("C1", "信用等级")}${text("D1", "评级日期")}</row><row r="2">${text("A2", A)}${text("B2", "一般")}${text("C2", "B")}<c r="D2" s="1"><v>45292.5</v></c></row>`,
          ),
        },
      ],
      styles,
    });
    const { records } = await readEnterprises(enterprises);
    expect(records.map((e) => [e.uscc, e.grade, e.gradedOn])).toEqual([[A, "B", "2024-01-01"]]);
    const inspectors = await workbook("i.xlsx", {
      sheets: [
        {
          name: "执法人员",
          xml: sheetXml(
            `<row r="1">${text("A1", "人员编号")}${text("B1", "姓名")}${text("C1", "所属部门")}</row><row r="2">${text("A2", "3208001")}${text("B2", "张三")}${text("C2", "市场监管局")}</row><row r="3">${text("A3", "3208002")}${text("B3", "李四")}<c r="C3" s="0"/></row>`,
            `<mergeCells count="1"><mergeCell ref="C2:C3"/></mergeCells>`,
          ),
        },
      ],
    });
    const read = await readInspectors(inspectors);
    expect(read.records.map((i) => [i.id, i.department])).toEqual([
      ["3208001", "市场监管局"],
      ["3208002", "市场监管局"],
    ]);
  });

  it("a workbook whose sheet is damaged inside the archive is refused as unreadable, not read in part", async () => {
    const rows = Array.from(
      { length: 3000 },
      (_, i) =>
        `<row r="${i + 2}"><c t="inlineStr"><is><t>${A}</t></is></c><c t="inlineStr"><is><t>一般${i}</t></is></c></row>`,
    ).join("");
    const file = await workbook("damaged.xlsx", {
      sheets: [
        {
          name: "企业",
          xml: sheetXml(
            `<row r="1"><c t="inlineStr"><is><t>uscc</t></is></c><c t="inlineStr"><is><t>category</t></is></c></row>${rows}`,
          ),
        },
      ],
    });
    const bytes = readFileSync(file);
    const sheetAt = bytes.indexOf("xl/worksheets/sheet1.xml");
    // The deflated sheet follows its local header: bytes in its middle overwritten.
    bytes.fill(0xff, sheetAt + 2000, sheetAt + 2400);
    writeFileSync(file, bytes);
    const failure = await readEnterprises(file).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(InputError);
    expect((failure as InputError).problems[0].message).toMatch(/^XLSX: /);
  });

  it("a ZIP64 archive (as a program streaming a large export may write one) is read as the same rows", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("企业");
    ws.addRow(["统一社会信用代码", "企业类别", "信用等级", "评级日期"]);
    ws.addRow([A, "一般", "B", new Date("2024-01-01")]);
    ws.addRow(["91110000600037341L", "重点", { richText: [{ text: "C" }] }, "2025/3/1"]);
    const plain = tmpFile("e.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()));
    const zip64 = tmpFile("e.xlsx", toZip64(readFileSync(plain)));
    expect(await ours(zip64)).toEqual(await ours(plain));
    const records = async (file: string) =>
      (await readEnterprises(file)).records.map((e) => [e.uscc, e.category, e.grade, e.gradedOn]);
    expect(await records(zip64)).toEqual([
      [A, "general", "B", "2024-01-01"],
      ["91110000600037341L", "key", "C", "2025-03-01"],
    ]);
  });

  it("Chinese text is read whole across the pieces a large sheet inflates in (exceljs's streaming reader, which read workbooks over 2 MB, cut characters there: exceljs#2084)", async () => {
    const random = seedrandom("pieces");
    const names = "淮安清河食品机械恒通宏达鑫源华盛永泰科技贸易餐饮商店有限公司";
    const rows = Array.from({ length: 50_000 }, (_, i) => [
      makeUscc(random),
      Array.from({ length: 12 }, () => names[Math.floor(random() * names.length)]).join(""),
      "ABCD"[i % 4],
      "一般",
    ]);
    const file = join(tmp(), "big.xlsx");
    await writeXlsx(
      file,
      [
        {
          name: "企业",
          header: ["统一社会信用代码", "企业名称", "信用等级", "企业类别"],
          widths: [20, 30, 8, 8],
          rows: () => rows,
        },
      ],
      { creator: "test", date: "2026-01-01" },
    );
    expect(readFileSync(file).length).toBeGreaterThan(2 * 1024 * 1024);
    const read = (await readEnterprises(file)).records.map((e) => [e.uscc, e.name, e.grade, "一般"]);
    expect(read).toEqual(rows);
  });

  it("a part read whole that unpacks to more than 512 MB is refused before it is inflated, saying to save the sheet as CSV; one whose ZIP directory says less is refused once inflating passes the bound", async () => {
    const shared = `<sst xmlns="${MAIN}"><si><t>uscc</t></si><si><t>category</t></si><si><t>${A}</t></si><si><t>一般</t></si></sst>`;
    const file = await workbook("shared.xlsx", {
      sheets: [
        {
          name: "企业",
          xml: sheetXml(
            `<row r="1"><c t="s"><v>0</v></c><c t="s"><v>1</v></c></row><row r="2"><c t="s"><v>2</v></c><c t="s"><v>3</v></c></row>`,
          ),
        },
      ],
      shared,
    });
    expect((await readEnterprises(file)).records.map((e) => e.uscc)).toEqual([A]);
    // The shared strings' size in the ZIP directory (its entry: 46 bytes, then the name) made 600 MB.
    const bytes = readFileSync(file);
    const entry = bytes.lastIndexOf("xl/sharedStrings.xml") - 46;
    expect(bytes.readUInt32LE(entry)).toBe(0x02014b50);
    bytes.writeUInt32LE(600 * 2 ** 20, entry + 24);
    const large = tmpFile("large.xlsx", bytes);
    const failure = await readEnterprises(large).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(InputError);
    expect((failure as InputError).problems.map((p) => `${p.line}:${p.col}: ${p.message}`)).toEqual([
      "1:1: XLSX: cannot read the workbook (its part xl/sharedStrings.xml unpacks to more than 511 MB, the most a part read whole may have): save the sheet as CSV (UTF-8) in Excel or WPS and read that",
    ]);
    // A part inflating past the bound, whatever size the directory gives it: 10,000 bytes, 1,000 at most.
    const zip = join(tmp(), "bomb.zip");
    const w = new ZipWriter(zip, "2026-01-01");
    await w.add("part.xml", ["x".repeat(10_000)]);
    w.close();
    const fh = await open(zip, "r");
    try {
      const [part] = (await centralDirectory(fh, statSync(zip).size))?.values() ?? [];
      const at = (await dataOffset(fh, part)) as number;
      expect((await entryBytes(fh, part, at, 10_000)).length).toBe(10_000);
      await expect(entryBytes(fh, { ...part, size: 10 }, at, 1_000)).rejects.toBeInstanceOf(EntryTooLarge);
    } finally {
      await fh.close();
    }
  });

  it("a file that is no workbook this reader can read is refused, saying why: no ZIP directory (cut short), no workbook part, a password to open it, a sheet whose relationship is missing", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("企业").addRow(["统一社会信用代码", "企业类别"]);
    const whole = new Uint8Array(await wb.xlsx.writeBuffer());
    const cut = tmpFile("cut.xlsx", whole.subarray(0, whole.length - 40));
    const zip = join(tmp(), "parts.xlsx");
    const w = new ZipWriter(zip, "2026-01-01");
    await w.add("hello.txt", ["hi"]);
    w.close();
    // As Excel saves a workbook with a password to open it: an OLE compound file.
    const locked = tmpFile("locked.xlsx", Buffer.from("d0cf11e0a1b11ae1000000000000000000000000", "hex"));
    const problems = async (file: string) => {
      try {
        await readEnterprises(file);
      } catch (e) {
        if (e instanceof InputError) return e.problems.map((p) => `${p.line}:${p.col}: ${p.message}`);
        throw e;
      }
      return [];
    };
    expect(await problems(cut)).toEqual([
      "1:1: XLSX: cannot read the workbook (its ZIP directory is missing or damaged: the file may be cut short): open it in Excel or WPS and save it again as .xlsx",
    ]);
    expect(await problems(zip)).toEqual([
      "1:1: XLSX: cannot read the workbook (it has no xl/workbook.xml): open it in Excel or WPS and save it again as .xlsx",
    ]);
    await expect(readEnterprises(cut, { lang: "zh" })).rejects.toThrow(
      "XLSX：无法读取工作簿（其 ZIP 目录缺失或已损坏：文件可能不完整）：请在 Excel 或 WPS 中打开后重新另存为 .xlsx",
    );
    expect((await problems(locked))[0]).toMatch(
      /^1:1: XLSX: the workbook is protected by a password to open it/,
    );
    // A sheet whose relationship is missing: it had been passed over, and another sheet read in its place.
    const unlinked = await workbook("unlinked.xlsx", {
      sheets: [
        {
          name: "企业",
          id: "rId9",
          xml: sheetXml(`<row r="1"><c t="inlineStr"><is><t>统一社会信用代码</t></is></c></row>`),
        },
        {
          name: "说明",
          xml: sheetXml(`<row r="1"><c t="inlineStr"><is><t>统一社会信用代码</t></is></c></row>`),
        },
      ],
    });
    expect(await problems(unlinked)).toEqual([
      "1:1: XLSX: cannot read the workbook (sheet '企业' refers to relationship 'rId9', which xl/_rels/workbook.xml.rels does not have): open it in Excel or WPS and save it again as .xlsx",
    ]);
  });

  it("a workbook damaged after it was written (a byte changed, its part's CRC-32 no longer matching) is refused, not read with the changed value: in a sheet or in its shared strings", async () => {
    const cell = (t: string) => `<c t="inlineStr"><is><t>${t}</t></is></c>`;
    const xml = sheetXml(
      `<row r="1">${cell("统一社会信用代码")}${cell("企业类别")}${cell("信用等级")}<c t="s"><v>0</v></c></row><row r="2">${cell(A)}${cell("一般")}${cell("B")}<c t="s"><v>1</v></c></row>`,
    );
    const shared = `<sst xmlns="${MAIN}"><si><t>监管部门</t></si><si><t>市场监管局</t></si></sst>`;
    // Stored blocks: the parts' text is in the file as written, and a byte changed there inflates as changed.
    const file = await workbook("w.xlsx", { sheets: [{ name: "企业", xml }], shared, level: 0 });
    expect((await readEnterprises(file)).records.map((e) => [e.grade, e.departments])).toEqual([
      ["B", ["市场监管局"]],
    ]);
    const changed = (from: string, to: string) => {
      const bytes = readFileSync(file);
      const at = bytes.indexOf(from);
      expect(at).toBeGreaterThan(0);
      bytes.write(to, at);
      return tmpFile("damaged.xlsx", bytes);
    };
    expect((await problemsOf(readEnterprises(changed("<t>B</t>", "<t>C</t>"))))[0]).toBe(
      "1:1: XLSX: cannot read the workbook (part xl/worksheets/sheet1.xml: its data does not match its CRC-32: the file is damaged): open it in Excel or WPS and save it again as .xlsx",
    );
    expect((await problemsOf(readEnterprises(changed("市场监管局", "市场监督局"))))[0]).toBe(
      "1:1: XLSX: cannot read the workbook (part xl/sharedStrings.xml: its data does not match its CRC-32: the file is damaged): open it in Excel or WPS and save it again as .xlsx",
    );
    // In Chinese, the reason too (it was said in English inside the Chinese sentence).
    expect((await problemsOf(readEnterprises(changed("<t>B</t>", "<t>C</t>"), { lang: "zh" })))[0]).toBe(
      "1:1: XLSX：无法读取工作簿（部件 xl/worksheets/sheet1.xml：数据与其 CRC-32 校验值不符：文件已损坏）：请在 Excel 或 WPS 中打开后重新另存为 .xlsx",
    );
  });
});
