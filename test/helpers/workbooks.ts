// Workbooks for the tests of the XLSX reader: read as it reads them and as exceljs does, and made of given XML.
import { open } from "node:fs/promises";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { centralDirectory, dataOffset, entryBytes } from "../../engine/data/xlsx-parts.js";
import { openWorkbook } from "../../engine/data/xlsx-sheets.js";
import { ZipWriter } from "../../engine/zip.js";
import { tmp } from "./tmp.js";

/** A valid unified social credit code. */
export const A = "91110108551385082Q";

/**
 * Every sheet of a workbook as this reader reads it: its name and its rows (number, cells); given
 * `columns`, read as by a reader that reads only those (see ColumnsRead).
 */
export async function ours(
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

/**
 * The same as exceljs reads the workbook whole (as gradedraw did for workbooks up to 2 MB), but for
 * a row whose only values are a merged range's, given it by the range's first cell in a row above:
 * exceljs reads the value there, gradedraw an empty row (as Excel shows it).
 */
export async function exceljs(file: string): Promise<{ name: string; rows: [number, unknown[]][] }[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb.worksheets.map((ws) => {
    const rows: [number, unknown[]][] = [];
    ws.eachRow((row, n) => {
      let own = false;
      row.eachCell((cell) => {
        if ((!cell.isMerged || cell.master === cell) && excelValue(cell.value) !== "") own = true;
      });
      if (own) rows.push([n, Array.from((row.values as unknown[]).slice(1), excelValue)]);
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
    // Its text, which the readers refuse where they read it.
    if (o.error) return o.error;
  }
  return v;
}

/** Rows with a value (a row of empty cells is skipped by every reader of rows). */
export const withValues = (sheets: { name: string; rows: [number, unknown[]][] }[]) =>
  sheets.map((s) => ({ ...s, rows: s.rows.filter(([, cells]) => cells.some((c) => c !== "")) }));

export const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/** A workbook made of the XML given: sheets in order, shared strings and styles if any. */
export async function workbook(
  name: string,
  parts: {
    /** Each sheet: its name, XML, relationship type, and the relationship id the workbook gives it (its own by default). */
    sheets: { name: string; xml: string; type?: string; id?: string }[];
    shared?: string;
    styles?: string;
    workbookPr?: string;
    relType?: string;
    /** The prefix of the relationships namespace in the workbook part (Excel writes r). */
    idPrefix?: string;
    /** zlib's level (0: the parts' text as it is, in stored blocks). */
    level?: number;
  },
): Promise<string> {
  const file = join(tmp(), name);
  const type = parts.relType ?? REL;
  const zip = new ZipWriter(file, "2026-01-01", parts.level);
  await zip.add("_rels/.rels", [
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${type}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  ]);
  await zip.add("xl/workbook.xml", [
    `<workbook xmlns="${MAIN}" xmlns:${parts.idPrefix ?? "r"}="${REL}">${parts.workbookPr ?? ""}<sheets>${parts.sheets
      .map(
        (s, i) =>
          `<sheet name="${s.name}" sheetId="${i + 1}" ${parts.idPrefix ?? "r"}:id="${s.id ?? `rId${i + 10}`}"/>`,
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
export function toZip64(zip: Buffer): Buffer {
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
export const sheetXml = (rows: string, after = "") =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN}" xmlns:r="${REL}"><sheetData>${rows}</sheetData>${after}</worksheet>`;

/** Every part of a workbook (an XLSX file's ZIP entries) by name, as text. */
export async function workbookParts(file: string): Promise<Map<string, string>> {
  const parts = new Map<string, string>();
  const fh = await open(file, "r");
  try {
    const entries = await centralDirectory(fh, (await fh.stat()).size);
    for (const [name, entry] of entries ?? []) {
      const at = (await dataOffset(fh, entry)) ?? 0;
      parts.set(name, (await entryBytes(fh, entry, at)).toString("utf8"));
    }
  } finally {
    await fh.close();
  }
  return parts;
}
