import { readFileSync, statSync, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import ExcelJS from "exceljs";
import fc from "fast-check";
import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import { readEnterprises, readInspectors } from "../../engine/data/read.js";
import { UNREAD } from "../../engine/data/rows.js";
import { makeUscc } from "../../engine/data/uscc.js";
import { centralDirectory, dataOffset, EntryTooLarge, entryBytes } from "../../engine/data/xlsx-parts.js";
import { openWorkbook } from "../../engine/data/xlsx-sheets.js";
import { InputError } from "../../engine/problem.js";
import { writeXlsx } from "../../engine/xlsx.js";
import { ZipWriter } from "../../engine/zip.js";
import { tmp, tmpFile } from "../helpers/tmp.js";

const A = "91110108551385082Q";

/**
 * Every sheet of a workbook as this reader reads it: its name and its rows (number, cells); given
 * `columns`, read as by a reader that reads only those (see ColumnsRead).
 */
async function ours(
  file: string,
  columns?: readonly boolean[],
): Promise<{ name: string; rows: [number, unknown[]][] }[]> {
  const book = await openWorkbook(file);
  const out = [];
  for (const sheet of book) {
    const rows: [number, unknown[]][] = [];
    for await (const r of sheet.rows({ columns })) rows.push([r.number, r.values]);
    out.push({ name: sheet.name, rows });
  }
  return out;
}

/** The same as exceljs reads the workbook whole (as gradedraw did for workbooks up to 2 MB). */
async function exceljs(file: string): Promise<{ name: string; rows: [number, unknown[]][] }[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb.worksheets.map((ws) => {
    const rows: [number, unknown[]][] = [];
    ws.eachRow((row, n) => {
      rows.push([n, Array.from((row.values as unknown[]).slice(1), excelValue)]);
    });
    return { name: ws.name, rows };
  });
}

/** exceljs's value as gradedraw's reader of exceljs rows turned it into a cell. */
function excelValue(v: unknown): unknown {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "object") {
    const o = v as { richText?: { text: string }[]; text?: string; result?: unknown; error?: string };
    if (o.richText) return o.richText.map((r) => r.text).join("");
    if ("result" in o) return excelValue(o.result);
    if (o.text !== undefined) return o.text;
    if (o.error) return "";
  }
  return v;
}

/** Rows with a value (a row of empty cells is skipped by every reader of rows). */
const withValues = (sheets: { name: string; rows: [number, unknown[]][] }[]) =>
  sheets.map((s) => ({ ...s, rows: s.rows.filter(([, cells]) => cells.some((c) => c !== "")) }));

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/** A workbook made of the XML given: sheets in order, shared strings and styles if any. */
async function workbook(
  name: string,
  parts: {
    sheets: { name: string; xml: string; type?: string }[];
    shared?: string;
    styles?: string;
    workbookPr?: string;
    relType?: string;
    /** The prefix of the relationships namespace in the workbook part (Excel writes r). */
    idPrefix?: string;
  },
): Promise<string> {
  const file = join(tmp(), name);
  const type = parts.relType ?? REL;
  const zip = new ZipWriter(file, "2026-01-01");
  await zip.add("_rels/.rels", [
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${type}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  ]);
  await zip.add("xl/workbook.xml", [
    `<workbook xmlns="${MAIN}" xmlns:${parts.idPrefix ?? "r"}="${REL}">${parts.workbookPr ?? ""}<sheets>${parts.sheets
      .map(
        (s, i) => `<sheet name="${s.name}" sheetId="${i + 1}" ${parts.idPrefix ?? "r"}:id="rId${i + 10}"/>`,
      )
      .join("")}</sheets></workbook>`,
  ]);
  await zip.add("xl/_rels/workbook.xml.rels", [
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${parts.sheets
      .map(
        (_, i) =>
          `<Relationship Id="rId${i + 10}" Type="${type}/${parts.sheets[i].type ?? "worksheet"}" Target="worksheets/sheet${i + 1}.xml"/>`,
      )
      .join(
        "",
      )}${parts.shared ? `<Relationship Id="rId1" Type="${type}/sharedStrings" Target="sharedStrings.xml"/>` : ""}${parts.styles ? `<Relationship Id="rId2" Type="${type}/styles" Target="/xl/styles.xml"/>` : ""}</Relationships>`,
  ]);
  if (parts.shared) await zip.add("xl/sharedStrings.xml", [parts.shared]);
  if (parts.styles) await zip.add("xl/styles.xml", [parts.styles]);
  for (let i = 0; i < parts.sheets.length; i++)
    await zip.add(`xl/worksheets/sheet${i + 1}.xml`, [parts.sheets[i].xml]);
  zip.close();
  return file;
}

/** The same archive with a ZIP64 central directory: every entry's sizes and offset in a ZIP64 extra field. */
function toZip64(zip: Buffer): Buffer {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(eocd + 10);
  const cdAt = zip.readUInt32LE(eocd + 16);
  const entries: Buffer[] = [];
  for (let p = cdAt, k = 0; k < count; k++) {
    const nameLength = zip.readUInt16LE(p + 28);
    const extraLength = zip.readUInt16LE(p + 30);
    const commentLength = zip.readUInt16LE(p + 32);
    const head = Buffer.from(zip.subarray(p, p + 46 + nameLength));
    const extra = Buffer.alloc(4 + 24);
    extra.writeUInt16LE(1, 0);
    extra.writeUInt16LE(24, 2);
    extra.writeBigUInt64LE(BigInt(head.readUInt32LE(24)), 4);
    extra.writeBigUInt64LE(BigInt(head.readUInt32LE(20)), 12);
    extra.writeBigUInt64LE(BigInt(head.readUInt32LE(42)), 20);
    head.writeUInt32LE(0xffffffff, 20);
    head.writeUInt32LE(0xffffffff, 24);
    head.writeUInt32LE(0xffffffff, 42);
    head.writeUInt16LE(extra.length, 30);
    head.writeUInt16LE(0, 32);
    head.writeUInt16LE(45, 6);
    entries.push(head, extra);
    p += 46 + nameLength + extraLength + commentLength;
  }
  const cd = Buffer.concat(entries);
  const record = Buffer.alloc(56);
  record.writeUInt32LE(0x06064b50, 0);
  record.writeBigUInt64LE(44n, 4);
  record.writeUInt16LE(45, 12);
  record.writeUInt16LE(45, 14);
  record.writeBigUInt64LE(BigInt(count), 24);
  record.writeBigUInt64LE(BigInt(count), 32);
  record.writeBigUInt64LE(BigInt(cd.length), 40);
  record.writeBigUInt64LE(BigInt(cdAt), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(cdAt + cd.length), 8);
  locator.writeUInt32LE(1, 16);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(0xffff, 8);
  end.writeUInt16LE(0xffff, 10);
  end.writeUInt32LE(0xffffffff, 12);
  end.writeUInt32LE(0xffffffff, 16);
  return Buffer.concat([zip.subarray(0, cdAt), cd, record, locator, end]);
}
const sheetXml = (rows: string, after = "") =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN}" xmlns:r="${REL}"><sheetData>${rows}</sheetData>${after}</worksheet>`;

describe("XLSX sheets read from their XML", () => {
  it("a workbook exceljs writes reads as exceljs reads it whole: text, numbers, dates, true/false, formulas' results, rich text, links, merged cells, gaps and sheets; and so do the columns read of it when others are not", async () => {
    const text = fc.stringMatching(/^[a-z0-9 &<>"'\n企业名称（）·、_-]{0,12}$/);
    const cell = fc.oneof(
      text,
      fc.integer({ min: -1e9, max: 1e12 }),
      fc
        .double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true })
        .filter((n) => !Object.is(n, -0)),
      fc.boolean(),
      fc.constant(null),
      fc.date({ min: new Date("1990-01-01"), max: new Date("2030-12-31"), noInvalidDate: true }),
      // exceljs reads an empty result (<v></v>) as no result at all: left out.
      fc.record({ formula: fc.constant("A1&B1"), result: text.filter((t) => t !== "") }),
      // …and a result of 0 as none.
      fc.record({ formula: fc.constant("1+1"), result: fc.integer({ min: 1, max: 99 }) }),
      fc.record({ formula: fc.constant("NA()"), result: fc.constant({ error: "#N/A" }) }),
      fc.array(text, { minLength: 1, maxLength: 3 }).map((parts) => ({
        richText: parts.map((t, i) => (i % 2 ? { text: t, font: { bold: true } } : { text: t })),
      })),
      text.map((t) => ({ text: t, hyperlink: "https://example.org/" })),
    );
    const sheet = fc.record({
      rows: fc.array(fc.array(cell, { maxLength: 7 }), { maxLength: 12 }),
      gaps: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 12 }),
      merges: fc.array(
        fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 6 }), fc.nat(2), fc.nat(2)),
        { maxLength: 3 },
      ),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(sheet, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        fc.array(fc.boolean(), { maxLength: 8 }),
        async (sheets, useSharedStrings, columns) => {
          const wb = new ExcelJS.Workbook();
          sheets.forEach((s, k) => {
            const ws = wb.addWorksheet(`表${k + 1}`);
            let r = 0;
            s.rows.forEach((cells, i) => {
              r += s.gaps[i] ?? 1;
              const row = ws.getRow(r);
              cells.forEach((v, c) => {
                if (v !== null) row.getCell(c + 1).value = v as ExcelJS.CellValue;
              });
              row.commit();
            });
            // Ranges that do not overlap: one per band of rows.
            s.merges.forEach(([top, left, down, across], m) => {
              const t = top + m * 16;
              try {
                ws.mergeCells(t, left, t + down, left + across);
              } catch {
                // A range exceljs refuses (a single cell) is left out.
              }
            });
          });
          const file = tmpFile("p.xlsx", new Uint8Array(await wb.xlsx.writeBuffer({ useSharedStrings })));
          const whole = await ours(file);
          expect(withValues(whole)).toEqual(withValues(await exceljs(file)));
          // Read for some columns only: those read as before; another's text, UNREAD or as empty.
          const some = await ours(file, columns);
          expect(some.map((x) => x.rows.map(([n, v]) => [n, v.length]))).toEqual(
            whole.map((x) => x.rows.map(([n, v]) => [n, v.length])),
          );
          for (const [k, x] of some.entries())
            for (const [i, [, values]] of x.rows.entries())
              for (const [c, v] of values.entries()) {
                const w = whole[k].rows[i][1][c];
                if (v === w) continue;
                // Read otherwise, only a text that is not empty, of a column not read.
                expect({
                  c,
                  v,
                  unread: columns[c] === false,
                  text: typeof w === "string" && w !== "",
                }).toEqual({
                  c,
                  v: UNREAD,
                  unread: true,
                  text: true,
                });
              }
        },
      ),
      { numRuns: 150 },
    );
  });

  it("a sheet as other programs write it: prefixed tags, rows and cells without references, quotes of either kind, comments, CDATA, references and _xHHHH_ escapes, phonetic guides", async () => {
    const shared = `<x:sst xmlns:x="${MAIN}"><x:si><x:t>淮安</x:t><x:rPh sb="0" eb="2"><x:t>huai an</x:t></x:rPh></x:si><x:si><x:r><x:t>清河</x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t xml:space="preserve"> 食品 </x:t></x:r></x:si><x:si/><x:si><x:t>a_x000D__x000A_b _x005F_x0041_</x:t></x:si></x:sst>`;
    const rows = [
      `<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t='s'><x:v>1</x:v></x:c><x:c r="C1" t="s"><x:v>2</x:v></x:c><x:c r="D1" t="s"><x:v>3</x:v></x:c></x:row>`,
      // No references: row 2, cells A, B, C.
      `<x:row><x:c t="inlineStr"><x:is><x:t>&#x4E2D;&amp;&lt;&#25991;</x:t></x:is></x:c><x:c><x:v> 12.5 </x:v></x:c><x:c t="str"><x:f>A1</x:f><x:v><![CDATA[<raw> & ]]>text</x:v></x:c></x:row>`,
      `<!-- a comment --><x:row r="4" spans = '1:3' ><x:c r="C4"  t = "inlineStr" ><x:is><x:r><x:t>上</x:t></x:r><x:rPh><x:t>shang</x:t></x:rPh><x:r><x:t>海&#13;</x:t></x:r></x:is></x:c></x:row>`,
      `<x:row r="5"><x:c r="A5" t="s"><x:v>0</x:v></x:c></x:row>`,
    ].join("\r\n");
    const file = await workbook("prefixed.xlsx", {
      sheets: [
        {
          name: "名录",
          xml: sheetXml(rows)
            .replace(/<(\/?)(worksheet|sheetData)/g, "<$1x:$2")
            .replace(`xmlns="${MAIN}"`, `xmlns:x="${MAIN}"`),
        },
      ],
      shared,
    });
    expect(await ours(file)).toEqual([
      {
        name: "名录",
        rows: [
          [1, ["淮安", "清河 食品 ", "", "a\r\nb _x0041_"]],
          [2, ["中&<文", 12.5, "<raw> & text"]],
          [4, ["", "", "上海\r"]],
          [5, ["淮安"]],
        ],
      },
    ]);
  });

  it("a comment, CDATA section or processing instruction holding the text </row> or </sheetData> cuts no row and ends no sheet, wherever the sheet's XML is cut into pieces", async () => {
    // Each row's CDATA holds </row> in its first tenth, so some piece of the 2.6 MB sheet ends
    // inside one after that text; a comment and a processing instruction near the start hold them too.
    const filler = "中".repeat(4000);
    const rows = [
      `<row r="1"><c t="inlineStr"><is><t>名称</t></is></c></row><!-- </row></sheetData> --><?pi </row><row r="9"><c><v>9</v></c></row> ?>`,
    ];
    for (let n = 2; n <= 201; n++)
      rows.push(
        `<row r="${n}"><c t="inlineStr"><is><t><![CDATA[${n}</row><!-- ]]>${filler}<![CDATA[</sheetData>]]></t></is></c></row>`,
      );
    const file = await workbook("cdata.xlsx", { sheets: [{ name: "s", xml: sheetXml(rows.join("")) }] });
    const read = (await ours(file))[0].rows;
    expect(read.length).toBe(201);
    expect(read[0]).toEqual([1, ["名称"]]);
    expect(read[200]).toEqual([201, [`201</row><!-- ${filler}</sheetData>`]]);
    expect(
      read.every(([n, [v]], i) => n === i + 1 && (n === 1 || v === `${n}</row><!-- ${filler}</sheetData>`)),
    ).toBe(true);
  });

  it("a number is a date when its cell's format shows one: built-in formats (Chinese ones too), format codes, and the 1904 date system", async () => {
    const styles = `<styleSheet xmlns="${MAIN}"><numFmts count="4"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;;@"/><numFmt numFmtId="177" formatCode="[h]:mm"/><numFmt numFmtId="178" formatCode="&quot;m&quot;0.00"/><numFmt numFmtId="179" formatCode="[&gt;=100]0;0.00E+00"/></numFmts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="8"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="31"/><xf numFmtId="57"/><xf numFmtId="176"/><xf numFmtId="177"/><xf numFmtId="178"/><xf numFmtId="179"><alignment horizontal="left"/></xf></cellXfs></styleSheet>`;
    const cells = [0, 1, 2, 3, 4, 5, 6, 7].map((s) => `<c s="${s}"><v>45292</v></c>`).join("");
    const xml = sheetXml(
      `<row r="1">${cells}</row><row r="2"><c s="1"><v>45292.75</v></c><c s="4" t="str"><f>TODAY()</f><v>45293</v></c><c t="d"><v>2024-03-05T00:00:00</v></c><c t="b"><v>1</v></c><c t="b"><v>0</v></c><c t="e"><v>#REF!</v></c><c s="1"/><c s="3"><v>3</v></c></row>`,
    );
    const file = await workbook("dates.xlsx", { sheets: [{ name: "d", xml }], styles });
    const day = "2024-01-01";
    expect((await ours(file))[0].rows).toEqual([
      [1, [45292, day, day, day, day, 45292, 45292, 45292]],
      [2, [day, "45293", "2024-03-05", true, false, "", "", "1900-01-02"]],
    ]);
    const in1904 = await workbook("1904.xlsx", {
      sheets: [{ name: "d", xml }],
      styles,
      workbookPr: `<workbookPr date1904="1"/>`,
    });
    expect((await ours(in1904))[0].rows[0][1]).toEqual([
      45292,
      "2028-01-02",
      "2028-01-02",
      "2028-01-02",
      "2028-01-02",
      45292,
      45292,
      45292,
    ]);
  });

  it("a formula with no saved value reads as its formula; a merged range gives its value to every cell of it, rows the sheet leaves out included", async () => {
    const xml = sheetXml(
      `<row r="1"><c r="A1" t="inlineStr"><is><t>科室</t></is></c><c r="B1" t="inlineStr"><is><t>姓名</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>一科</t></is></c><c r="B2" t="inlineStr"><is><t>张三</t></is></c><c r="C2"><f>SUM(A1:A2)</f></c><c r="D2"><f t="shared" si="0"/></c></row><row r="4"><c r="B4" t="inlineStr"><is><t>李四</t></is></c></row>`,
      `<mergeCells count="2"><mergeCell ref="A2:A5"/><mergeCell ref="E1:F1"/></mergeCells>`,
    );
    const file = await workbook("merged.xlsx", { sheets: [{ name: "s", xml }] });
    expect((await ours(file))[0].rows).toEqual([
      [1, ["科室", "姓名", "", "", "", ""]],
      [2, ["一科", "张三", "=SUM(A1:A2)", "="]],
      [3, ["一科"]],
      [4, ["一科", "李四"]],
      [5, ["一科"]],
    ]);
  });

  it("the text of a cell in a column not read (shared, inline or a formula's) is not decoded: it reads as UNREAD, or as empty when it is; numbers, formulas without a value and a merged range's first cell read as always", async () => {
    const shared = `<sst xmlns="${MAIN}"><si><t>淮安</t></si><si><t></t></si><si><r><t>清</t></r></si><si><r><t></t></r><rPh><t>x</t></rPh></si></sst>`;
    const xml = sheetXml(
      [
        `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>名称</t></is></c><c r="D1" t="s"><v>2</v></c><c r="E1" t="s"><v>3</v></c></row>`,
        `<row r="2"><c r="A2" t="inlineStr"><is><t>&#x4E2D;&amp;文</t></is></c><c r="B2"><v> 12.5 </v></c><c r="C2" t="str"><f>A1</f><v><![CDATA[<raw>]]></v></c><c r="D2" t="inlineStr"><is><r><t>上</t></r><rPh><t>shang</t></rPh></is></c></row>`,
        `<row r="3"><c r="A3" t="inlineStr"><is><t></t></is></c><c r="B3" t="str"><f>B2</f></c><c r="C3" t="inlineStr"><is><t>_x000D_</t></is></c><c r="D3"><f>SUM(B2:B3)</f></c></row>`,
        `<row r="4"><c r="A4" t="inlineStr"><is><t>一科</t></is></c><c r="B4" t="str"><v></v></c><c r="C4" t="inlineStr"><is><t>张三</t></is></c></row>`,
      ].join(""),
      `<mergeCells count="1"><mergeCell ref="A4:A5"/></mergeCells>`,
    );
    const file = await workbook("unread.xlsx", { sheets: [{ name: "s", xml }], shared });
    const whole: [number, unknown[]][] = [
      [1, ["淮安", "", "名称", "清", ""]],
      [2, ["中&文", 12.5, "<raw>", "上"]],
      [3, ["", "=B2", "\r", "=SUM(B2:B3)"]],
      [4, ["一科", "", "张三"]],
      [5, ["一科"]],
    ];
    expect((await ours(file))[0].rows).toEqual(whole);
    expect((await ours(file, [true, true, true, true, true]))[0].rows).toEqual(whole);
    expect((await ours(file, [false, false, false, false, false]))[0].rows).toEqual([
      [1, [UNREAD, "", UNREAD, UNREAD, ""]],
      [2, [UNREAD, 12.5, UNREAD, UNREAD]],
      [3, ["", UNREAD, UNREAD, "=SUM(B2:B3)"]],
      [4, ["一科", "", UNREAD]],
      [5, ["一科"]],
    ]);
    // A column past the mask's end is read.
    expect((await ours(file, [true, false]))[0].rows).toEqual([
      [1, ["淮安", "", "名称", "清", ""]],
      [2, ["中&文", 12.5, "<raw>", "上"]],
      [3, ["", UNREAD, "\r", "=SUM(B2:B3)"]],
      [4, ["一科", "", "张三"]],
      [5, ["一科"]],
    ]);
  });

  it("merged ranges are given their value in a sheet of 120,000 rows read in many pieces: at the top, in the middle, and past the last row", async () => {
    const n = 120_000;
    const cell = (ref: string, t: string) => `<c r="${ref}" t="inlineStr"><is><t>${t}</t></is></c>`;
    const rows = [`<row r="1">${cell("A1", "名录")}</row>`];
    for (let r = 2; r <= n; r++)
      rows.push(`<row r="${r}">${cell(`A${r}`, `a${r}`)}${cell(`B${r}`, `b${r}`)}</row>`);
    const xml = sheetXml(
      rows.join(""),
      `<mergeCells count="3"><mergeCell ref="A1:C1"/><mergeCell ref="B50000:B50003"/><mergeCell ref="A${n - 1}:A${n + 2}"/></mergeCells>`,
    );
    const file = await workbook("many.xlsx", { sheets: [{ name: "s", xml }] });
    const [sheet] = await openWorkbook(file);
    const read = new Map<number, unknown[]>();
    for await (const r of sheet.rows()) read.set(r.number, r.values);
    expect(read.size).toBe(n + 2);
    expect(read.get(1)).toEqual(["名录", "名录", "名录"]);
    expect(read.get(2)).toEqual(["a2", "b2"]);
    expect([49_999, 50_000, 50_001, 50_003, 50_004].map((r) => read.get(r))).toEqual([
      ["a49999", "b49999"],
      ["a50000", "b50000"],
      ["a50001", "b50000"],
      ["a50003", "b50000"],
      ["a50004", "b50004"],
    ]);
    expect([n - 1, n, n + 1, n + 2].map((r) => read.get(r))).toEqual([
      [`a${n - 1}`, `b${n - 1}`],
      [`a${n - 1}`, `b${n}`],
      [`a${n - 1}`],
      [`a${n - 1}`],
    ]);
  });

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

  it("a sheet cut short, malformed or naming shared text the workbook lacks is refused with its sheet and row", async () => {
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

  it("a file that is no workbook this reader can read is refused, saying why: no ZIP directory (cut short), no workbook part, a password to open it", async () => {
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
    expect((await problems(locked))[0]).toMatch(
      /^1:1: XLSX: the workbook is protected by a password to open it/,
    );
  });
});
