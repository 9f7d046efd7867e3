import ExcelJS from "exceljs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { UNREAD } from "../../engine/data/rows.js";
import { openWorkbook } from "../../engine/data/xlsx-sheets.js";
import { tmpFile } from "../helpers/tmp.js";
import { exceljs, MAIN, ours, sheetXml, withValues, workbook } from "../helpers/workbooks.js";

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
      [2, [day, "45293", "2024-03-05", true, false, "#REF!", "", "1900-01-02"]],
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

  it("a formula with no saved value reads as its formula; a merged range gives its value to every cell of it in a row with a value of its own, and a row it alone passes through is empty, listed or not", async () => {
    const xml = sheetXml(
      `<row r="1"><c r="A1" t="inlineStr"><is><t>科室</t></is></c><c r="B1" t="inlineStr"><is><t>姓名</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>一科</t></is></c><c r="B2" t="inlineStr"><is><t>张三</t></is></c><c r="C2"><f>SUM(A1:A2)</f></c><c r="D2"><f t="shared" si="0"/></c></row><row r="4"><c r="B4" t="inlineStr"><is><t>李四</t></is></c></row><row r="5"><c r="B5" s="1"/><c r="C5" t="inlineStr"><is><t></t></is></c></row><row r="6"><c r="B6" t="inlineStr"><is><t>王五</t></is></c></row>`,
      `<mergeCells count="2"><mergeCell ref="A2:A1048576"/><mergeCell ref="E1:F1"/></mergeCells>`,
    );
    const file = await workbook("merged.xlsx", { sheets: [{ name: "s", xml }] });
    expect((await ours(file))[0].rows).toEqual([
      [1, ["科室", "姓名", "", "", "", ""]],
      [2, ["一科", "张三", "=SUM(A1:A2)", "="]],
      [4, ["一科", "李四"]],
      [5, ["", "", ""]],
      [6, ["一科", "王五"]],
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
    ];
    expect((await ours(file))[0].rows).toEqual(whole);
    expect((await ours(file, [true, true, true, true, true]))[0].rows).toEqual(whole);
    expect((await ours(file, [false, false, false, false, false]))[0].rows).toEqual([
      [1, [UNREAD, "", UNREAD, UNREAD, ""]],
      [2, [UNREAD, 12.5, UNREAD, UNREAD]],
      [3, ["", UNREAD, UNREAD, "=SUM(B2:B3)"]],
      [4, ["一科", "", UNREAD]],
    ]);
    // A column past the mask's end is read.
    expect((await ours(file, [true, false]))[0].rows).toEqual([
      [1, ["淮安", "", "名称", "清", ""]],
      [2, ["中&文", 12.5, "<raw>", "上"]],
      [3, ["", UNREAD, "\r", "=SUM(B2:B3)"]],
      [4, ["一科", "", "张三"]],
    ]);
  });

  it("merged ranges are given their value in a sheet of 120,000 rows read in many pieces: at the top, in the middle, and at the last row (not past it: a row the sheet does not list is empty)", async () => {
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
    expect(read.size).toBe(n);
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
      undefined,
      undefined,
    ]);
  });
});
