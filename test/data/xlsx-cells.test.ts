import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sharedStrings, stringItems } from "../../engine/data/xlsx-shared.js";
import { dateStyles, excelDate, isDateFormat } from "../../engine/data/xlsx-styles.js";
import { unescapeX } from "../../engine/data/xlsx-text.js";

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

/** Every item of a shared-string table, each decoded when asked for (see SharedStrings). */
function sharedTexts(xml: string): (string | undefined)[] {
  const table = sharedStrings(Buffer.from(xml));
  return Array.from({ length: table.count }, (_, k) => table.text(k));
}

describe("XLSX cell formats and text", () => {
  it("a format shows a date when a y, m, d, h or s is outside quotes, escapes, padding and brackets", () => {
    for (const code of [
      "yyyy-mm-dd",
      'yyyy"年"m"月"d"日";@',
      "m/d/yy h:mm",
      "[$-804]yyyy/m/d",
      "h:mm AM/PM",
      "[Red]yyyy",
    ])
      expect(isDateFormat(code), code).toBe(true);
    for (const code of [
      "General",
      "0.00",
      "#,##0_);[Red](#,##0)",
      '"m"0',
      "\\d0",
      "0.00E+00",
      "[h]:mm",
      "@",
      "_-* #,##0_-",
    ])
      expect(isDateFormat(code), code).toBe(false);
  });

  it("the cell formats' date flags follow cellXfs, not cellStyleXfs, and a format code overrides a built-in id", () => {
    expect(
      dateStyles(
        `<styleSheet><numFmts><numFmt numFmtId="14" formatCode="0.00"/></numFmts><cellStyleXfs><xf numFmtId="22"/></cellStyleXfs><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="58"/><xf/></cellXfs></styleSheet>`,
      ),
    ).toEqual([false, false, true, false]);
  });

  it("Excel date numbers become days as exceljs computed them; outside years 0 to 9999 there is none", () => {
    expect(excelDate(45292, false)).toBe("2024-01-01");
    expect(excelDate(45292.99999, false)).toBe("2024-01-01");
    expect(excelDate(45292.9999999999, false)).toBe("2024-01-02");
    expect(excelDate(0, true)).toBe("1904-01-01");
    expect(excelDate(1e12, false)).toBeUndefined();
  });

  it("_xHHHH_ escapes are decoded once, and an escaped underscore stays one", () => {
    expect(unescapeX("a_x000D_b")).toBe("a\rb");
    expect(unescapeX("_x005F_x000D_")).toBe("_x000D_");
    expect(unescapeX("x_y_")).toBe("x_y_");
  });

  it("shared text read directly, item by item, is what the general loop reads: plain, preserved, runs, phonetic guides, references, escapes, empty items", () => {
    const text = fc.stringMatching(/^[a-z &<>"'\r\n企业_x0041D]{0,8}$/);
    const lineEnds = (t: string) => t.replace(/\r\n?/g, "\n");
    const markup = (t: string) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    const item = fc.oneof(
      text.map((t) => ({ xml: `<si><t>${markup(t)}</t></si>`, t })),
      text.map((t) => ({ xml: `<si><t xml:space="preserve">${markup(t)}</t></si>`, t })),
      fc.tuple(text, text).map(([a, b]) => ({
        xml: `<si><r><t>${markup(a)}</t></r><r><rPr><b/></rPr><t>${markup(b)}</t></r><rPh sb="0" eb="1"><t>yin</t></rPh></si>`,
        // Each text as XML reads its line ends (CRLF and CR as LF), the runs then joined.
        t: lineEnds(a) + lineEnds(b),
      })),
      fc.constant({ xml: "<si><t/></si>", t: "" }),
    );
    fc.assert(
      fc.property(fc.array(item, { maxLength: 20 }), fc.boolean(), (items, emptyItem) => {
        const all = emptyItem ? [...items, { xml: "<si/>", t: "" }] : items;
        const xml = `<sst xmlns="${MAIN}">${all.map((i) => i.xml).join("")}</sst>`;
        const expected = all.map((i) => unescapeX(lineEnds(i.t)));
        expect(sharedTexts(xml)).toEqual(expected);
        expect(stringItems(xml, 0, xml.length)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("shared text: runs joined, phonetic guides left out, empty items kept in place", () => {
    expect(
      sharedTexts(
        `<sst><si><t>甲</t></si><si/><si><r><t>乙</t></r><rPh><t>yi</t></rPh><r><t xml:space="preserve"> 丙</t></r></si><si><t></t></si></sst>`,
      ),
    ).toEqual(["甲", "", "乙 丙", ""]);
  });
});
