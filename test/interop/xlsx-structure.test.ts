import { JSDOM } from "jsdom";
import { describe, expect, it } from "vitest";
import { englishWorkbooks, readmeWorkbooks } from "../helpers/examples.js";
import { tmp } from "../helpers/tmp.js";
import { workbookParts } from "../helpers/workbooks.js";

/**
 * What Excel checks as it opens a workbook, and "repairs" (dropping what it does not take) where
 * LibreOffice and the readers of the other tests read on: each part well-formed XML, the children
 * of a worksheet, workbook and style sheet in the order of their schema (ECMA-376 Part 1, §18), and
 * data validations within the limits of [MS-XLS] DValStrings.
 */
const ORDER: Record<string, readonly string[]> = {
  // CT_Worksheet
  worksheet: [
    "sheetPr",
    "dimension",
    "sheetViews",
    "sheetFormatPr",
    "cols",
    "sheetData",
    "sheetCalcPr",
    "sheetProtection",
    "protectedRanges",
    "scenarios",
    "autoFilter",
    "sortState",
    "dataConsolidate",
    "customSheetViews",
    "mergeCells",
    "phoneticPr",
    "conditionalFormatting",
    "dataValidations",
    "hyperlinks",
    "printOptions",
    "pageMargins",
    "pageSetup",
    "headerFooter",
    "rowBreaks",
    "colBreaks",
    "customProperties",
    "cellWatches",
    "ignoredErrors",
    "smartTags",
    "drawing",
    "legacyDrawing",
    "legacyDrawingHF",
    "drawingHF",
    "picture",
    "oleObjects",
    "controls",
    "webPublishItems",
    "tableParts",
    "extLst",
  ],
  // CT_Workbook
  workbook: [
    "fileVersion",
    "fileSharing",
    "workbookPr",
    "workbookProtection",
    "bookViews",
    "sheets",
    "functionGroups",
    "externalReferences",
    "definedNames",
    "calcPr",
    "oleSize",
    "customWorkbookViews",
    "pivotCaches",
    "smartTagPr",
    "smartTagTypes",
    "webPublishing",
    "fileRecoveryPr",
    "webPublishObjects",
    "extLst",
  ],
  // CT_Stylesheet
  styleSheet: [
    "numFmts",
    "fonts",
    "fills",
    "borders",
    "cellStyleXfs",
    "cellXfs",
    "cellStyles",
    "dxfs",
    "tableStyles",
    "colors",
    "extLst",
  ],
  // CT_SheetPr, CT_SheetView, CT_Xf, CT_DataValidation
  sheetPr: ["tabColor", "outlinePr", "pageSetUpPr"],
  sheetView: ["pane", "selection", "pivotSelection", "extLst"],
  xf: ["alignment", "protection", "extLst"],
  dataValidation: ["formula1", "formula2"],
};

/** The elements each element may hold once at most (the schema's minOccurs 0, maxOccurs 1 of the sequences above). */
const ONCE = new Set([
  "sheetData",
  "sheetViews",
  "cols",
  "dataValidations",
  "definedNames",
  "sheets",
  "fonts",
  "cellXfs",
]);

const VALIDATION = {
  type: ["none", "whole", "decimal", "list", "date", "time", "textLength", "custom"],
  operator: [
    "between",
    "notBetween",
    "equal",
    "notEqual",
    "lessThan",
    "lessThanOrEqual",
    "greaterThan",
    "greaterThanOrEqual",
  ],
  errorStyle: ["stop", "warning", "information"],
} as const;
/** [MS-XLS] 2.5.37 DValStrings: the longest titles, error message and prompt, in characters. */
const LONGEST = { errorTitle: 32, error: 225, promptTitle: 32, prompt: 255 } as const;

const CELL_TYPES = ["b", "d", "e", "inlineStr", "n", "s", "str"];
const REF = /^([A-Z]{1,3})([1-9]\d*)$/;
const SQREF = /^[A-Z]{1,3}[1-9]\d*(:[A-Z]{1,3}[1-9]\d*)?( [A-Z]{1,3}[1-9]\d*(:[A-Z]{1,3}[1-9]\d*)?)*$/;

const column = (letters: string) => [...letters].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);

/** What Excel would find wrong in one workbook's parts, each said with its part. */
function faults(parts: ReadonlyMap<string, string>): string[] {
  const { DOMParser } = new JSDOM("").window;
  const found: string[] = [];
  const types = parts.get("[Content_Types].xml") ?? "";
  for (const [name, text] of parts) {
    if (!/\.(xml|rels)$/.test(name)) continue;
    const doc = new DOMParser().parseFromString(text, "application/xml");
    const error = doc.getElementsByTagName("parsererror")[0];
    if (error) {
      found.push(`${name}: not well-formed: ${error.textContent?.slice(0, 200)}`);
      continue;
    }
    // Every part but the content types is named there, by its extension or itself.
    const ext = name.split(".").pop();
    if (
      name !== "[Content_Types].xml" &&
      !types.includes(`PartName="/${name}"`) &&
      !types.includes(`Extension="${ext}"`)
    )
      found.push(`${name}: no content type`);
    for (const e of [doc.documentElement, ...doc.documentElement.getElementsByTagName("*")]) {
      const order = ORDER[e.localName];
      const children = [...e.children].map((c) => c.localName);
      if (order) {
        const places = children.map((c) => order.indexOf(c));
        const unknown = children.filter((_, i) => places[i] < 0);
        if (unknown.length)
          found.push(`${name}: ${e.localName} holds ${unknown.join(", ")}, not in its schema`);
        if (places.some((p, i) => i > 0 && p < places[i - 1]))
          found.push(`${name}: ${e.localName}'s children out of the schema's order: ${children.join(", ")}`);
        for (const c of new Set(children))
          if (ONCE.has(c) && children.filter((x) => x === c).length > 1)
            found.push(`${name}: ${e.localName} holds ${c} more than once`);
      }
      // A count is its element's children (but a shared-string table's: the cells that use them).
      const count = e.getAttribute("count");
      if (count !== null && e.localName !== "sst" && Number(count) !== e.children.length)
        found.push(`${name}: ${e.localName} count="${count}", holding ${e.children.length}`);
    }
    if (name.startsWith("xl/worksheets/")) found.push(...sheetFaults(name, doc));
  }
  return found;
}

/** Rows and cells in order with refs of their row, cell types of the schema, and valid data validations. */
function sheetFaults(name: string, doc: Document): string[] {
  const found: string[] = [];
  let lastRow = 0;
  for (const row of doc.getElementsByTagName("row")) {
    const r = Number(row.getAttribute("r"));
    if (!(r > lastRow)) found.push(`${name}: row ${r} after row ${lastRow}`);
    lastRow = r;
    let lastColumn = 0;
    for (const c of row.getElementsByTagName("c")) {
      const ref = REF.exec(c.getAttribute("r") ?? "");
      if (!ref || Number(ref[2]) !== r) found.push(`${name}: cell ${c.getAttribute("r")} in row ${r}`);
      else if (column(ref[1]) <= lastColumn) found.push(`${name}: cell ${ref[0]} out of order`);
      else lastColumn = column(ref[1]);
      const t = c.getAttribute("t");
      if (t !== null && !CELL_TYPES.includes(t))
        found.push(`${name}: cell ${c.getAttribute("r")} of type ${t}`);
      if (t === "inlineStr" && !c.getElementsByTagName("is").length)
        found.push(`${name}: inline cell ${c.getAttribute("r")} without <is>`);
    }
  }
  for (const v of doc.getElementsByTagName("dataValidation")) {
    for (const [attribute, allowed] of Object.entries(VALIDATION)) {
      const value = v.getAttribute(attribute);
      if (value !== null && !(allowed as readonly string[]).includes(value))
        found.push(`${name}: dataValidation ${attribute}="${value}"`);
    }
    for (const [attribute, most] of Object.entries(LONGEST)) {
      const value = v.getAttribute(attribute) ?? "";
      if (value.length > most)
        found.push(`${name}: dataValidation ${attribute} of ${value.length} characters, over ${most}`);
    }
    if (!SQREF.test(v.getAttribute("sqref") ?? ""))
      found.push(`${name}: dataValidation sqref="${v.getAttribute("sqref")}"`);
    const type = v.getAttribute("type") ?? "none";
    if (type !== "none" && !v.getElementsByTagName("formula1")[0]?.textContent)
      found.push(`${name}: dataValidation of type ${type} without formula1`);
  }
  return found;
}

describe("the workbooks as Excel opens them", () => {
  it("every workbook gradedraw writes (tasks.xlsx, the results form, the publication list, in both languages) is well-formed, in its schema's order, its data validations within Excel's limits", async () => {
    const dir = tmp();
    const { db, tasks, form, list } = await readmeWorkbooks(dir);
    const english = await englishWorkbooks(dir, db);
    let validations = 0;
    for (const file of [tasks, form, list, english.form, english.list]) {
      const parts = await workbookParts(file);
      expect(parts.size, file).toBeGreaterThan(5);
      expect(faults(parts), file).toEqual([]);
      for (const [name, text] of parts)
        if (name.startsWith("xl/worksheets/")) validations += (text.match(/<dataValidation /g) ?? []).length;
    }
    // The results forms offer their choices and dates (two validations each).
    expect(validations).toBeGreaterThanOrEqual(4);
  }, 120_000);

  it("finds what Excel would repair: children out of order, a count that is not theirs, a message over Excel's length, a part that is not XML", () => {
    const sheet = (body: string) =>
      new Map([
        ["[Content_Types].xml", '<Types><Default Extension="xml" ContentType="application/xml"/></Types>'],
        ["xl/worksheets/sheet1.xml", `<worksheet>${body}</worksheet>`],
      ]);
    const data = '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row></sheetData>';
    const rule = (attributes: string) =>
      `<dataValidations count="1"><dataValidation type="date" operator="greaterThanOrEqual" sqref="A2:A9" ${attributes}><formula1>46023</formula1></dataValidation></dataValidations>`;
    expect(faults(sheet(`${data}${rule('error="x"')}<printOptions/>`))).toEqual([]);
    expect(faults(sheet(`${data}<printOptions/>${rule('error="x"')}`))).toEqual([
      "xl/worksheets/sheet1.xml: worksheet's children out of the schema's order: sheetData, printOptions, dataValidations",
    ]);
    expect(faults(sheet(`${data}${rule(`error="${"错".repeat(226)}"`)}`))).toEqual([
      "xl/worksheets/sheet1.xml: dataValidation error of 226 characters, over 225",
    ]);
    expect(faults(sheet(`${data}${rule('error="x"').replace('count="1"', 'count="2"')}`))).toEqual([
      'xl/worksheets/sheet1.xml: dataValidations count="2", holding 1',
    ]);
    expect(faults(sheet(data.replace('r="A1"', 'r="A2"')))).toEqual([
      "xl/worksheets/sheet1.xml: cell A2 in row 1",
    ]);
    expect(faults(sheet(`${data}<sheetData/>`))).toEqual([
      "xl/worksheets/sheet1.xml: worksheet holds sheetData more than once",
    ]);
    expect(faults(sheet(`${data}<row broken>`))[0]).toMatch(/^xl\/worksheets\/sheet1\.xml: not well-formed/);
  });
});
