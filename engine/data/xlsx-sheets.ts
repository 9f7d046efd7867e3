import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream";
import { createInflateRaw } from "node:zlib";
import { type ColumnsRead, UNREAD } from "./rows.js";
import {
  centralDirectory,
  dataOffset,
  elements,
  entryBytes,
  readable,
  xmlText,
  type ZipEntry,
} from "./xlsx-parts.js";

/**
 * The sheets of an XLSX workbook read straight from its XML, row by row, as Excel shows them.
 * exceljs's reader, which this replaces, built objects per cell and ran a general XML parser over
 * them: it took 7× the time of the same rows as CSV; it read a workbook differently depending on
 * its size (merged cells filled or not, dates in formula results converted or not, error results
 * as NaN); and its streaming reader, for workbooks over 2 MB, turned a Chinese character cut
 * between two pieces of the inflated XML into U+FFFD (exceljs#2084).
 *
 * What a cell reads as:
 * - text (shared, inline or a formula's), its runs joined, without phonetic guides (`rPh`), and
 *   `_xHHHH_` escapes (Excel's way of writing a carriage return) decoded;
 * - a number; a number with a date format (Chinese ones among the built-in formats 27–36 and
 *   50–58 included) as its day, `YYYY-MM-DD`, in the workbook's date system (1900 or 1904);
 * - true or false; an error value (`#N/A`) as empty text;
 * - a formula with no saved value (a file written by a program, never calculated) as its formula,
 *   `=…`, so that a column that needs a value names the cell rather than reading it as empty;
 * - a cell of a merged range as the range's first cell (exceljs did so for workbooks read whole).
 *
 * The text of a cell in a column the reader does not read (see ColumnsRead) is not decoded: the
 * cell reads as "" or UNREAD. Numbers are short, and read as always.
 */

/** A cell's value as read: text, a number or true/false; a date is ISO `YYYY-MM-DD` text. */
export type CellValue = string | number | boolean;

/** A row of a sheet: its number as Excel shows it, and its cells from column A, "" where empty. */
export interface SheetRow {
  readonly number: number;
  readonly values: CellValue[];
}

/** A worksheet: its name, and its rows with a value in order, read when iterated. */
export interface SheetSource {
  readonly name: string;
  /** Leaving the loop early stops the reading. `read`: the columns read, once the caller has the header. */
  rows(read?: ColumnsRead): AsyncGenerator<SheetRow>;
}

/** A workbook or sheet that cannot be read: the row (0 for the workbook as a whole), and why in English and Chinese. */
export class XlsxFault extends Error {
  constructor(
    readonly row: number,
    readonly en: string,
    readonly zh: string,
  ) {
    super(en);
  }
}

/** The workbook cannot be read, for a reason said in English (a part's name, a format's term). */
function damaged(why: string): XlsxFault {
  return new XlsxFault(
    0,
    `cannot read the workbook (${why}): open it in Excel or WPS and save it again as .xlsx`,
    `无法读取工作簿（${why}）：请在 Excel 或 WPS 中打开后重新另存为 .xlsx`,
  );
}

/** The parts of a workbook every sheet needs. */
interface Book {
  readonly file: string;
  readonly shared: SharedStrings;
  /** By style (cell format) index: whether a number in it is a date. */
  readonly dateStyles: readonly boolean[];
  readonly date1904: boolean;
}

/**
 * The worksheets of a workbook in the order its tabs show them (chart sheets left out). A file
 * that is no workbook this reader can read (no ZIP directory, a part missing, encrypted, or
 * compressed otherwise than Excel does) is refused with an XlsxFault saying why.
 */
export async function openWorkbook(file: string): Promise<SheetSource[]> {
  const fh = await open(file, "r");
  try {
    const { size } = await fh.stat();
    const entries = await centralDirectory(fh, size).catch(() => undefined);
    if (!entries) throw damaged("its ZIP directory is missing or damaged: the file may be cut short");
    /** Where a part's data begins, or undefined when the workbook has no part of that name. */
    const locate = async (path: string) => {
      const entry = entries.get(path);
      if (!entry) return undefined;
      if (!readable(entry))
        throw damaged(
          entry.encrypted
            ? `part ${path} is encrypted`
            : `part ${path} is compressed by method ${entry.method}, which Excel does not use`,
        );
      const at = await dataOffset(fh, entry);
      if (at === undefined) throw damaged(`part ${path} is not where the ZIP directory says`);
      return { entry, at };
    };
    /** A part's UTF-8 bytes, or undefined when the workbook has none of that name. */
    const partBytes = async (path: string | undefined) => {
      const found = path === undefined ? undefined : await locate(path);
      if (!found) return undefined;
      const bytes = await entryBytes(fh, found.entry, found.at).catch((e: Error) => {
        throw damaged(`part ${path}: ${e.message}`);
      });
      // Parts in UTF-16, which no spreadsheet program writes.
      if (bytes[0] === 0xff || bytes[0] === 0xfe) throw damaged(`part ${path} is not in UTF-8`);
      return bytes;
    };
    /** A part's text, or undefined when the workbook has none of that name. */
    const part = async (path: string | undefined) => (await partBytes(path))?.toString("utf8");
    const root = await part("_rels/.rels");
    const bookPath =
      (root === undefined
        ? undefined
        : target("", relOfType(elements(root, "Relationship"), "officeDocument"))) ?? "xl/workbook.xml";
    const dir = bookPath.slice(0, bookPath.lastIndexOf("/") + 1);
    const book = await part(bookPath);
    if (book === undefined) throw damaged(`it has no ${bookPath}`);
    const relsPath = `${dir}_rels/${bookPath.slice(dir.length)}.rels`;
    const relsText = await part(relsPath);
    if (relsText === undefined) throw damaged(`it has no ${relsPath}`);
    const rels = elements(relsText, "Relationship");
    const stringsBytes = await partBytes(target(dir, relOfType(rels, "sharedStrings")));
    const stylesXml = await part(target(dir, relOfType(rels, "styles")));
    const pr = elements(book, "workbookPr")[0]?.date1904;
    const parts: Book = {
      file,
      shared: sharedStrings(stringsBytes ?? Buffer.alloc(0)),
      dateStyles: stylesXml === undefined ? [] : dateStyles(stylesXml),
      date1904: pr === "1" || pr === "true",
    };
    const sheets: SheetSource[] = [];
    for (const s of elements(book, "sheet")) {
      // The relationships namespace's id, whatever its prefix (r:id as Excel writes it).
      const id = Object.entries(s).find(([k]) => k.endsWith(":id"))?.[1];
      const rel = rels.find((r) => r.Id === id);
      if (!rel || !isType(rel, "worksheet")) continue;
      const path = target(dir, rel) ?? "";
      const found = await locate(path);
      if (!found) throw damaged(`sheet '${s.name ?? ""}' has no part ${path}`);
      sheets.push(sheetSource(parts, s.name ?? "", found.entry, found.at));
    }
    return sheets;
  } finally {
    await fh.close();
  }
}

/** Whether a relationship is of a type (by the last part of its URI, transitional or strict). */
const isType = (rel: Record<string, string>, type: string) => (rel.Type ?? "").endsWith(`/${type}`);

const relOfType = (rels: Record<string, string>[], type: string) => rels.find((r) => isType(r, type));

/** The part a relationship targets, from the folder of the part it belongs to. */
function target(dir: string, rel: Record<string, string> | undefined): string | undefined {
  const t = rel?.Target;
  if (t === undefined || rel?.TargetMode === "External") return undefined;
  const segments: string[] = [];
  for (const s of (t.startsWith("/") ? t.slice(1) : dir + t).split("/"))
    if (s === "..") segments.pop();
    else if (s !== "." && s !== "") segments.push(s);
  return segments.join("/");
}

/**
 * A workbook's shared-string table, each item's text decoded when a cell first asks for it: of an
 * export's columns a reader may use three, and the table holds the text of all of them (for a
 * directory of 1,000,000 enterprises and 15 columns, 4.4 million items: 330 MB of heap when
 * decoded whole). Until then an item is where its text lies in the table's bytes. The text is
 * its runs joined, phonetic guides left out. An item as Excel writes most, `<si><t>…</t></si>`,
 * is its one text; any other is read by the general loop.
 */
export class SharedStrings {
  /** Items read: where each one's text (or, for another item, its `<si>` element) begins and ends. */
  private readonly from: Int32Array;
  private readonly to: Int32Array;
  /** Which items are not a plain `<si><t>`, and are read by the general loop. */
  private readonly general: Uint8Array;
  private readonly texts: (string | undefined)[];
  readonly count: number;

  /** `bytes`: the table's UTF-8 XML. */
  constructor(private readonly bytes: Buffer) {
    // Read as Latin-1 to find the items: one character a byte, the markup as it is.
    const xml = bytes.toString("latin1");
    // A table whose items are not all written <si> (a prefix, an empty <si/>), or with a CDATA
    // section (which could hold "</si>"), is read by the general loop throughout, at once.
    if (xml.length && (!xml.includes("<si>") || /<si[\s/]|<!\[CDATA\[/.test(xml))) {
      const text = bytes.toString("utf8");
      this.texts = stringItems(text, 0, text.length);
      this.count = this.texts.length;
      this.from = this.to = new Int32Array(0);
      this.general = new Uint8Array(0);
      return;
    }
    let from = new Int32Array(1024);
    let to = new Int32Array(1024);
    let general = new Uint8Array(1024);
    let n = 0;
    for (let p = xml.indexOf("<si>"); p >= 0; n++) {
      if (n === from.length) {
        from = grown(from);
        to = grown(to);
        const g = new Uint8Array(general.length * 2);
        g.set(general);
        general = g;
      }
      let q = p + 4;
      if (xml.startsWith("<t>", q)) q += 3;
      else if (xml.startsWith(PRESERVED, q)) q += PRESERVED.length;
      else q = -1;
      const lt = q < 0 ? -1 : xml.indexOf("<", q);
      if (lt >= 0 && xml.startsWith("</t></si>", lt)) {
        from[n] = q;
        to[n] = lt;
        p = xml.indexOf("<si>", lt + 9);
        continue;
      }
      const end = xml.indexOf("</si>", p);
      if (end < 0) throw new Error("malformed XML: a shared text does not end");
      from[n] = p;
      to[n] = end + 5;
      general[n] = 1;
      p = xml.indexOf("<si>", end + 5);
    }
    this.from = from;
    this.to = to;
    this.general = general;
    this.count = n;
    this.texts = new Array(n);
  }

  /** The text of item `k`, or undefined when the table has no such item. */
  text(k: number): string | undefined {
    if (!(k >= 0 && k < this.count)) return undefined;
    let text = this.texts[k];
    if (text === undefined) {
      const piece = this.bytes.toString("utf8", this.from[k], this.to[k]);
      text = this.general[k]
        ? (stringItems(piece, 0, piece.length)[0] ?? "")
        : unescapeX(xmlText(piece.includes("\r") ? piece.replace(/\r\n?/g, "\n") : piece));
      this.texts[k] = text;
    }
    return text;
  }

  /** Whether item `k` (one the table has) is empty text, without decoding a plain one. */
  isEmpty(k: number): boolean {
    return this.texts[k] === undefined && !this.general[k]
      ? this.to[k] === this.from[k]
      : this.text(k) === "";
  }
}

/** `a` in an array twice its length. */
function grown(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** The shared-string table of a workbook, from its XML's UTF-8 bytes (see SharedStrings). */
export function sharedStrings(bytes: Buffer): SharedStrings {
  return new SharedStrings(bytes);
}

const PRESERVED = '<t xml:space="preserve">';

/** The shared-string items from `from` to `to` of a table, read tag by tag. */
export function stringItems(xml: string, from: number, to: number): string[] {
  const out: string[] = [];
  let text: string | undefined;
  let phonetic = false;
  let p = from;
  for (;;) {
    const lt = xml.indexOf("<", p);
    if (lt < 0 || lt >= to) break;
    const tag = tagAt(xml, lt);
    p = tag.end;
    if (tag.kind === OTHER) continue;
    const name = tag.name;
    if (tag.kind === CLOSE) {
      if (name === "si") {
        out.push(text ?? "");
        text = undefined;
      } else if (name === "rPh") phonetic = false;
    } else if (name === "si") {
      text = "";
      if (tag.kind === EMPTY) {
        out.push("");
        text = undefined;
      }
    } else if (name === "rPh") phonetic = tag.kind === OPEN;
    else if (name === "t" && tag.kind === OPEN) {
      const read = textAt(xml, p);
      p = textEnd;
      if (text !== undefined && !phonetic) text += read;
    }
  }
  return out.map(unescapeX);
}

/** Whether each cell format (`cellXfs`) of a styles part shows a number as a date. */
export function dateStyles(xml: string): boolean[] {
  const codes = new Map<number, string>();
  for (const f of elements(xml, "numFmt")) codes.set(Number(f.numFmtId), f.formatCode ?? "");
  const xfs = /<(?:[\w.-]+:)?cellXfs(?=[\s/>])[\s\S]*?<\/(?:[\w.-]+:)?cellXfs>/.exec(xml);
  if (!xfs) return [];
  return elements(xfs[0], "xf").map((xf) => {
    const id = Number(xf.numFmtId ?? 0);
    const code = codes.get(id);
    return code === undefined ? BUILT_IN_DATES.has(id) : isDateFormat(code);
  });
}

/**
 * Built-in number formats that show a date or a time: Excel's own (14–22, 45–47) and those of
 * East Asian locales, which a workbook saved by a Chinese Excel uses without writing their code
 * (27–36 and 50–58: `yyyy"年"m"月"d"日"` is 31).
 */
const BUILT_IN_DATES = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58,
]);

/**
 * Whether a number format code shows a date or a time: a y, m, d, h or s outside quoted text,
 * escaped characters, padding and fill (`_x`, `*x`) and bracketed parts (colours, conditions,
 * locales; an elapsed time such as `[h]:mm` is a duration, not a date).
 */
export function isDateFormat(code: string): boolean {
  const unquoted = code.replace(/"[^"]*"|\\.|[_*]./g, "");
  if (/\[(?:h+|m+|s+)\]/i.test(unquoted)) return false;
  return /[ymdhs]/i.test(unquoted.replace(/\[[^\]]*\]/g, "").replace(/general/gi, ""));
}

/** The day (ISO) of an Excel date number, as exceljs computed it; undefined outside years 0–9999. */
export function excelDate(serial: number, date1904: boolean): string | undefined {
  const ms = Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000);
  if (!(ms >= -62_167_219_200_000 && ms < 253_402_300_800_000)) return undefined;
  return new Date(ms).toISOString().slice(0, 10);
}

/** Text with Excel's `_xHHHH_` escapes decoded (`_x000D_` a carriage return, `_x005F_` an underscore). */
export function unescapeX(s: string): string {
  return s.includes("_x")
    ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    : s;
}

/** The kinds of markup `tagAt` finds. */
const OPEN = 0;
const EMPTY = 1;
const CLOSE = 2;
const OTHER = 3;

/** A tag: its kind, its name without a namespace prefix, and where it ends (after `>`). */
interface Tag {
  kind: number;
  name: string;
  end: number;
}

/**
 * The markup at `lt` (a `<`): an element's opening, empty or closing tag, or else a comment,
 * processing instruction, CDATA section or declaration (OTHER). A `>` inside a quoted attribute
 * value does not end a tag.
 */
function tagAt(xml: string, lt: number): Tag {
  const first = xml.charCodeAt(lt + 1);
  if (first === 0x21 || first === 0x3f) return { kind: OTHER, name: "", end: skipOther(xml, lt) };
  const close = first === 0x2f;
  let p = close ? lt + 2 : lt + 1;
  const start = p;
  let local = p;
  for (; p < xml.length; p++) {
    const c = xml.charCodeAt(p);
    if (c === 0x3e || c === 0x2f || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) break;
    if (c === 0x3a) local = p + 1;
  }
  if (p === start || p >= xml.length) throw new Error(`malformed XML at character ${lt}`);
  const name = xml.slice(local, p);
  const end = tagEnd(xml, p);
  const kind = close ? CLOSE : xml.charCodeAt(end - 2) === 0x2f ? EMPTY : OPEN;
  return { kind, name, end };
}

/** Where a tag whose attributes begin at `p` ends (after its `>`), quoted values skipped. */
function tagEnd(xml: string, p: number): number {
  for (;;) {
    const c = xml.charCodeAt(p);
    if (c === 0x3e) return p + 1;
    if (c === 0x22 || c === 0x27) {
      const q = xml.indexOf(c === 0x22 ? '"' : "'", p + 1);
      if (q < 0) break;
      p = q + 1;
    } else if (Number.isNaN(c)) break;
    else p++;
  }
  throw new Error("malformed XML: a tag is not closed");
}

/** What closes the comment, CDATA section, processing instruction or declaration at `lt` of `xml`. */
const otherClose = (xml: string, lt = 0): string =>
  xml.startsWith("<!--", lt)
    ? "-->"
    : xml.startsWith("<![CDATA[", lt)
      ? "]]>"
      : xml.startsWith("<?", lt)
        ? "?>"
        : ">";

/** Where a comment, processing instruction, CDATA section or declaration at `lt` ends. */
function skipOther(xml: string, lt: number): number {
  const close = otherClose(xml, lt);
  const at = xml.indexOf(close, lt + 2);
  if (at < 0) throw new Error("malformed XML: a comment or declaration is not closed");
  return at + close.length;
}

/**
 * The text of an element whose content begins at `p`, up to its next tag: character and entity
 * references decoded, line ends as XML reads them (CRLF and CR as LF), CDATA sections and
 * comments within it read and skipped. `textEnd` is then where the tag after it begins. Given
 * `bytes`, the XML is those UTF-8 bytes read as Latin-1 (one character a byte), and the text is
 * decoded from them.
 */
function textAt(xml: string, p: number, bytes?: Buffer): string {
  let lt = xml.indexOf("<", p);
  if (lt < 0) throw new Error("text does not end");
  let text = rawText(xml, bytes, p, lt);
  // A CDATA section or a comment inside the text (no spreadsheet program writes one; XML allows it).
  if (xml.charCodeAt(lt + 1) === 0x21) {
    text = xmlText(text);
    while (xml.charCodeAt(lt + 1) === 0x21) {
      if (xml.startsWith("<![CDATA[", lt)) {
        const end = xml.indexOf("]]>", lt);
        if (end < 0) throw new Error("a CDATA section is not closed");
        text += rawText(xml, bytes, lt + 9, end);
      }
      const after = skipOther(xml, lt);
      lt = xml.indexOf("<", after);
      if (lt < 0) throw new Error("text does not end");
      text += xmlText(rawText(xml, bytes, after, lt));
    }
    textEnd = lt;
    return text;
  }
  textEnd = lt;
  return xmlText(text);
}

/** Where the text textAt read last ends. */
let textEnd = 0;

const NOT_ASCII = /[\u0080-\u00ff]/;

/** The characters from `from` to `to`, decoded from `bytes` if given, with line ends as XML reads them. */
function rawText(xml: string, bytes: Buffer | undefined, from: number, to: number): string {
  let text = xml.slice(from, to);
  if (bytes) text = NOT_ASCII.test(text) ? bytes.toString("utf8", from, to) : ownText(xml, bytes, from, to);
  return text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
}

/**
 * ASCII text from `from` to `to` of a sheet's XML, as a string of its own: V8 makes a slice of 13
 * characters or more a view of the string it is cut from, and a cell's value kept in a record
 * would keep the whole piece of XML it was read from (for 1,000,000 rows, 998 MB at the peak
 * against 354 MB for the same rows from CSV).
 */
function ownText(xml: string, bytes: Buffer, from: number, to: number): string {
  return to - from < 13 ? xml.slice(from, to) : bytes.toString("latin1", from, to);
}

/** Whether the text cellText read last has an underscore (which may begin an `_xHHHH_` escape). */
let textUnderscore = false;

/**
 * textAt for a sheet's XML (`bytes` read as Latin-1): one pass over the text finds its end and
 * whether it has anything to decode (bytes above ASCII, references, CR, underscores).
 */
function cellText(xml: string, p: number, bytes: Buffer): string {
  let q = p;
  let found = 0;
  for (const n = xml.length; q < n; q++) {
    const c = xml.charCodeAt(q);
    if (c === 0x3c) break;
    if (c >= 0x80) found |= 1;
    else if (c === 0x26) found |= 2;
    else if (c === 0x0d) found |= 4;
    else if (c === 0x5f) found |= 8;
  }
  if (q >= xml.length) throw new Error("text does not end");
  if (xml.charCodeAt(q + 1) === 0x21) {
    textUnderscore = true;
    return textAt(xml, p, bytes);
  }
  textEnd = q;
  textUnderscore = (found & 8) !== 0;
  let text = found & 1 ? bytes.toString("utf8", p, q) : ownText(xml, bytes, p, q);
  if (found & 4) text = text.replace(/\r\n?/g, "\n");
  return found & 2 ? xmlText(text) : text;
}

/**
 * cellText for a column not read: where the text ends (`textEnd`), and "" when it is empty or
 * else a text that is not (" "), without decoding it.
 */
function unreadText(xml: string, p: number, bytes: Buffer): string {
  const q = xml.indexOf("<", p);
  if (q < 0) throw new Error("text does not end");
  // A CDATA section or comment within it (never written by spreadsheet programs) is read whole.
  if (xml.charCodeAt(q + 1) === 0x21) {
    const text = textAt(xml, p, bytes);
    textUnderscore = false;
    return text === "" ? "" : " ";
  }
  textEnd = q;
  textUnderscore = false;
  return q > p ? " " : "";
}

/** A merged range of cells (1-based, inclusive), and its first cell's value once its row is read. */
interface Merge {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
  value: CellValue;
}

/** The row and column (1-based) of a cell reference such as `AB12`; both 0 when it is not one. */
function cellRef(ref: string): { row: number; col: number } {
  const m = /^([A-Za-z]{1,3})(\d{1,7})$/.exec(ref);
  return m ? { row: Number(m[2]), col: columnAt(m[1], 0, m[1].length) } : { row: 0, col: 0 };
}

/** The merged ranges a sheet's `mergeCells` list (after its rows), sorted by their first row. */
export function mergesOf(xml: string): Merge[] {
  const merges: Merge[] = [];
  for (const m of elements(xml, "mergeCell")) {
    const [a, b = a] = (m.ref ?? "").split(":");
    const from = cellRef(a ?? "");
    const to = cellRef(b ?? "");
    if (!from.row || !from.col || !to.row || !to.col) continue;
    merges.push({
      top: Math.min(from.row, to.row),
      left: Math.min(from.col, to.col),
      bottom: Math.max(from.row, to.row),
      right: Math.max(from.col, to.col),
      value: "",
    });
  }
  return merges.sort((x, y) => x.top - y.top);
}

/** The bytes of an entry as they inflate, in pieces; destroying the result stops the reading. */
function entryStream(file: string, entry: ZipEntry, at: number): Readable {
  const source = createReadStream(file, {
    start: at,
    end: at + entry.compressed - 1,
    highWaterMark: 1 << 20,
  });
  if (entry.method === 0) return source;
  const inflate = createInflateRaw({ chunkSize: 1 << 18 });
  // Errors reach the reader through `inflate` (pipeline destroys it with them).
  pipeline(source, inflate, () => {});
  return inflate;
}

/** A sheet's `</sheetData>` in bytes, with or without a namespace prefix. */
const SHEET_DATA = Buffer.from("sheetData");

/**
 * The merged ranges of a sheet. They are listed after its rows, so the sheet is inflated once
 * to find them (some 0.2 s for 200,000 rows) and only the part after its rows is decoded.
 */
async function sheetMerges(file: string, entry: ZipEntry, at: number): Promise<Merge[]> {
  const stream = entryStream(file, entry, at);
  let carry: Buffer = Buffer.alloc(0);
  const after: Buffer[] = [];
  let found = false;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (found) {
      after.push(chunk);
      continue;
    }
    const bytes = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    for (let k = bytes.indexOf(SHEET_DATA); k >= 0; k = bytes.indexOf(SHEET_DATA, k + 1)) {
      // `</sheetData>` or `</x:sheetData>`: back over a prefix to `</`.
      let b = k - 1;
      if (bytes[b] === 0x3a) while (b > 0 && bytes[b - 1] !== 0x2f && bytes[b - 1] !== 0x3c) b--;
      else b = k;
      if (bytes[b - 1] === 0x2f && bytes[b - 2] === 0x3c) {
        after.push(bytes.subarray(k));
        found = true;
        break;
      }
    }
    if (!found) carry = bytes.subarray(Math.max(0, bytes.length - 64));
  }
  if (!found) return [];
  const tail = Buffer.concat(after).toString("utf8");
  return tail.includes("mergeCell") ? mergesOf(tail) : [];
}

/** A sheet that reads its rows when iterated. */
function sheetSource(book: Book, name: string, entry: ZipEntry, at: number): SheetSource {
  return {
    name,
    async *rows(read: ColumnsRead = {}) {
      const merges = await sheetMerges(book.file, entry, at);
      const parser = new SheetParser(book, merges, read);
      const stream = entryStream(book.file, entry, at);
      /** Bytes not read yet: a row cut between two pieces, or what comes before the rows. */
      let carry: Buffer = Buffer.alloc(0);
      let rowEnd: Buffer | undefined;
      let dataEnd = Buffer.alloc(0);
      let ended = false;
      try {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          let bytes = carry.length ? Buffer.concat([carry, chunk]) : chunk;
          if (!rowEnd) {
            const open = /<(?:([\w.-]+):)?sheetData(?=[\s/>])((?:[^>"']|"[^"]*"|'[^']*')*)>/.exec(
              bytes.toString("latin1"),
            );
            if (!open) {
              if (bytes.length > MAX_BEFORE_ROWS) break;
              carry = bytes;
              continue;
            }
            const prefix = open[1] ? `${open[1]}:` : "";
            rowEnd = Buffer.from(`</${prefix}row>`);
            dataEnd = Buffer.from(`</${prefix}sheetData>`);
            if (open[2].endsWith("/")) {
              ended = true;
              break;
            }
            bytes = bytes.subarray(open.index + open[0].length);
          }
          const whole = wholeRows(bytes, rowEnd, dataEnd);
          if (!whole) {
            if (bytes.length > MAX_ROW_CHARS) parser.fault("a row longer than 64 MB", "有一行超过 64 MB");
            carry = bytes;
            continue;
          }
          const { end, last } = whole;
          const part = bytes.subarray(0, end);
          // Latin-1: one character a byte, the markup's ASCII as it is; texts are decoded from the bytes.
          parser.parse(part.toString("latin1"), part);
          if (last) parser.end();
          yield* parser.take();
          if (last) {
            ended = true;
            break;
          }
          carry = bytes.subarray(end);
        }
      } finally {
        stream.destroy();
      }
      if (!ended)
        parser.fault(
          "the sheet's XML ends before its rows do (the file is cut short or damaged)",
          "工作表的 XML 在数据行结束前中断（文件不完整或已损坏）",
        );
    },
  };
}

/**
 * Where the whole rows at the start of `bytes` end: after the last row's end tag, or at the end of
 * the rows (`last`); none if no row ends in them. `bytes` begin between rows, outside markup. A
 * comment, CDATA section or processing instruction may hold the text of either tag (no spreadsheet
 * program writes one; XML allows it): each is stepped over, and one not closed in `bytes` ends the
 * search.
 */
function wholeRows(
  bytes: Buffer,
  rowEnd: Buffer,
  dataEnd: Buffer,
): { end: number; last: boolean } | undefined {
  let end = -1;
  // The next `<!` (comment, CDATA, declaration) and `<?` (processing instruction), each searched
  // for again only once passed: a sheet of many sections and no instruction is not searched to
  // its end for one at every section.
  let bang = -2;
  let question = -2;
  for (let from = 0; from >= 0; ) {
    if (bang !== -1 && bang < from) bang = bytes.indexOf("<!", from, "latin1");
    if (question !== -1 && question < from) question = bytes.indexOf("<?", from, "latin1");
    const open = bang < 0 ? question : question < 0 ? bang : Math.min(bang, question);
    const text = bytes.subarray(from, open < 0 ? bytes.length : open);
    const data = text.indexOf(dataEnd);
    if (data >= 0) return { end: from + data, last: true };
    const row = text.lastIndexOf(rowEnd);
    if (row >= 0) end = from + row + rowEnd.length;
    from = open < 0 ? -1 : otherMarkupEnd(bytes, open);
  }
  return end < 0 ? undefined : { end, last: false };
}

/** Where the markup at `lt` (`<!` or `<?`) ends, as skipOther reads it; -1 if not in `bytes`. */
function otherMarkupEnd(bytes: Buffer, lt: number): number {
  const close = otherClose(bytes.toString("latin1", lt, lt + 9));
  const at = bytes.indexOf(close, lt + 2, "latin1");
  return at < 0 ? -1 : at + close.length;
}

/** How far into a sheet's XML its rows may begin (column widths, views and the like come first). */
const MAX_BEFORE_ROWS = 64 * 1024 * 1024;
/** The longest row read (a sheet holds at most 16,384 cells of 32,767 characters a row). */
const MAX_ROW_CHARS = 64 * 1024 * 1024;

/** A cell's type (its `t` attribute). */
const NUMBER = 0;
const SHARED = 1;
const STR = 2;
const INLINE = 3;
const BOOLEAN = 4;
const ERROR = 5;
const DATE = 6;

/** The type a cell's `t` attribute names, from its characters in `xml` (a number if unknown). */
function cellType(xml: string, from: number, to: number): number {
  const c = xml.charCodeAt(from);
  const n = to - from;
  if (n === 1)
    return c === 0x73 ? SHARED : c === 0x62 ? BOOLEAN : c === 0x65 ? ERROR : c === 0x64 ? DATE : NUMBER;
  // The only types of three and nine characters, "str" and "inlineStr".
  if (n === 3 && c === 0x73) return STR;
  if (n === 9 && c === 0x69) return INLINE;
  return NUMBER;
}

/** A non-negative integer written at `from` to `to` in `xml`, or -1. */
function integerAt(xml: string, from: number, to: number): number {
  if (from >= to || to - from > 9) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = xml.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** The column (1-based) of a cell reference written at `from` in `xml` (`AB12` is 28), or 0. */
function columnAt(xml: string, from: number, to: number): number {
  let col = 0;
  for (let i = from; i < to && i < from + 3; i++) {
    const c = xml.charCodeAt(i) | 0x20;
    if (c < 0x61 || c > 0x7a) break;
    col = col * 26 + (c - 0x60);
  }
  return col;
}

/**
 * Reads a sheet's rows from its XML, a piece of whole rows at a time, into rows of values. The
 * XML is its UTF-8 bytes read as Latin-1 (the markup is ASCII): only the text of a cell is
 * decoded, and the attributes it reads are read where they are, so nothing is made per cell but
 * its value.
 */
class SheetParser {
  private readonly out: SheetRow[] = [];
  /** The last row read, and the merged ranges not yet passed. */
  private lastRow = 0;
  private pending: Merge[];
  private active: Merge[] = [];
  // The row and cell being read.
  private values: CellValue[] = [];
  private rowNumber = 0;
  private col = 0;
  private type = NUMBER;
  private style = 0;
  private v: string | undefined;
  private formula: string | undefined;
  private inline: string | undefined;
  private phonetic = false;
  /** Whether the cell's text has an underscore, which may begin an `_xHHHH_` escape. */
  private underscore = false;
  /** Whether the cell is in a column not read (and is not a merged range's first cell). */
  private unread = false;
  /** Whether the cell's text is not decoded: an inline or formula string of a column not read. */
  private skip = false;
  // Where the values of the `r`, `s` and `t` attributes of the last row or cell tag are (-1: absent).
  private rFrom = -1;
  private rTo = -1;
  private sFrom = -1;
  private sTo = -1;
  private tFrom = -1;
  private tTo = -1;

  constructor(
    private readonly book: Book,
    merges: Merge[],
    private readonly read: ColumnsRead,
  ) {
    this.pending = merges;
  }

  /** After the last row: the rows a merged range covers below it, which the sheet does not list. */
  end(): void {
    const last = this.active.reduce((bottom, m) => Math.max(bottom, m.bottom), 0);
    for (let k = this.lastRow + 1; k <= last; k++) {
      this.beginRow(k);
      this.finishRow();
    }
  }

  /** The rows read since last asked. */
  take(): SheetRow[] {
    return this.out.splice(0);
  }

  fault(en: string, zh: string): never {
    throw new XlsxFault(this.rowNumber || this.lastRow + 1, en, zh);
  }

  /** Reads the rows in `xml`, the UTF-8 `bytes` read as Latin-1 (whole rows, and what lies between them). */
  parse(xml: string, bytes: Buffer): void {
    const to = xml.length;
    let p = 0;
    try {
      for (;;) {
        while (p < to && xml.charCodeAt(p) !== 0x3c) p++;
        if (p >= to) break;
        const lt = p;
        const first = xml.charCodeAt(lt + 1);
        if (first === 0x21 || first === 0x3f) {
          p = skipOther(xml, lt);
          continue;
        }
        const close = first === 0x2f;
        // The name, without a prefix: where it starts, its length, and where the attributes begin.
        let q = close ? lt + 2 : lt + 1;
        let local = q;
        for (; ; q++) {
          const c = xml.charCodeAt(q);
          if (c === 0x3e || c === 0x2f || c <= 0x20) break;
          if (c === 0x3a) local = q + 1;
        }
        if (q >= xml.length) throw new Error("a tag is not closed");
        const length = q - local;
        const c0 = xml.charCodeAt(local);
        if (close) {
          p = xml.charCodeAt(q) === 0x3e ? q + 1 : tagEnd(xml, q);
          if (length === 1 && c0 === 0x63) this.endCell();
          else if (length === 3 && c0 === 0x72 && xml.charCodeAt(local + 1) === 0x6f) this.endRow();
          else if (length === 3 && c0 === 0x72 && xml.charCodeAt(local + 1) === 0x50) this.phonetic = false;
          continue;
        }
        if (length === 1 && c0 === 0x63) {
          // <c r="B2" s="3" t="s">
          p = this.attributes(xml, q);
          this.startCell(xml);
          if (xml.charCodeAt(p - 2) === 0x2f) this.endCell();
        } else if (length === 3 && c0 === 0x72 && xml.charCodeAt(local + 1) === 0x6f) {
          // <row r="2">
          p = this.attributes(xml, q);
          this.startRow(xml);
          if (xml.charCodeAt(p - 2) === 0x2f) this.endRow();
        } else {
          p = xml.charCodeAt(q) === 0x3e ? q + 1 : tagEnd(xml, q);
          const empty = xml.charCodeAt(p - 2) === 0x2f;
          if (length === 1 && c0 === 0x76) {
            // <v>: the cell's value as stored.
            if (empty) this.v = "";
            else {
              this.v = this.skip ? unreadText(xml, p, bytes) : cellText(xml, p, bytes);
              this.underscore = textUnderscore;
              p = textEnd;
            }
          } else if (length === 1 && c0 === 0x66) {
            // <f>: a formula (of a shared one, only the first cell has the text).
            if (empty) this.formula ??= "";
            else {
              this.formula = this.skip ? unreadText(xml, p, bytes) : cellText(xml, p, bytes);
              p = textEnd;
            }
          } else if (length === 2 && c0 === 0x69 && xml.charCodeAt(local + 1) === 0x73) this.inline ??= "";
          else if (length === 1 && c0 === 0x74 && !empty) {
            // <t>: the text of an inline string, or of one of its runs.
            const text = this.skip ? unreadText(xml, p, bytes) : cellText(xml, p, bytes);
            if (this.inline !== undefined && !this.phonetic) {
              this.inline += text;
              this.underscore ||= textUnderscore;
            }
            p = textEnd;
          } else if (length === 3 && c0 === 0x72 && xml.charCodeAt(local + 1) === 0x50)
            this.phonetic = !empty;
        }
      }
    } catch (e) {
      if (e instanceof XlsxFault) throw e;
      const why = (e as Error).message.replace(/^malformed XML:?\s*/, "");
      this.fault(
        `malformed XML (${why}): the file may be damaged; open it in Excel or WPS and save it again`,
        `XML 格式错误（${why}）：文件可能已损坏，请在 Excel 或 WPS 中打开后重新保存`,
      );
    }
  }

  /** Finds the `r`, `s` and `t` attributes of a row or cell tag whose attributes begin at `p`; where the tag ends. */
  private attributes(xml: string, p: number): number {
    this.rFrom = this.sFrom = this.tFrom = -1;
    for (;;) {
      let c = xml.charCodeAt(p);
      while (c <= 0x20) c = xml.charCodeAt(++p);
      if (c === 0x3e) return p + 1;
      if (c === 0x2f) {
        p++;
        continue;
      }
      const name = p;
      while (c !== 0x3d && c !== 0x3e && c > 0x20) c = xml.charCodeAt(++p);
      const nameLength = p - name;
      while (c <= 0x20) c = xml.charCodeAt(++p);
      if (c !== 0x3d) throw new Error("an attribute has no value");
      c = xml.charCodeAt(++p);
      while (c <= 0x20) c = xml.charCodeAt(++p);
      if (c !== 0x22 && c !== 0x27) throw new Error("an attribute's value is not quoted");
      const end = xml.indexOf(c === 0x22 ? '"' : "'", p + 1);
      if (end < 0) throw new Error("an attribute's value does not end");
      if (nameLength === 1) {
        const n = xml.charCodeAt(name);
        if (n === 0x72) {
          this.rFrom = p + 1;
          this.rTo = end;
        } else if (n === 0x73) {
          this.sFrom = p + 1;
          this.sTo = end;
        } else if (n === 0x74) {
          this.tFrom = p + 1;
          this.tTo = end;
        }
      }
      p = end + 1;
    }
  }

  private startRow(xml: string): void {
    const r = this.rFrom < 0 ? -1 : integerAt(xml, this.rFrom, this.rTo);
    const number = r > 0 ? r : this.lastRow + 1;
    // Rows a merged range covers that the sheet does not list still take its value.
    if (this.active.length || this.pending.length)
      for (let k = this.lastRow + 1; k < number; k++) {
        this.beginRow(k);
        this.finishRow();
      }
    this.beginRow(number);
  }

  private beginRow(number: number): void {
    this.rowNumber = number;
    this.values = [];
    this.col = 0;
    while (this.pending.length && this.pending[0].top <= number)
      this.active.push(this.pending.shift() as Merge);
  }

  private endRow(): void {
    if (this.rowNumber) this.finishRow();
  }

  private finishRow(): void {
    const values = this.values;
    if (this.active.length) this.fillMerges(values);
    if (values.length) this.out.push({ number: this.rowNumber, values });
    this.lastRow = this.rowNumber;
    this.rowNumber = 0;
  }

  /** Gives every cell of a merged range but its first the first's value (read with its row). */
  private fillMerges(values: CellValue[]): void {
    const row = this.rowNumber;
    for (const m of this.active) {
      if (row < m.top || row > m.bottom) continue;
      if (row === m.top) m.value = values[m.left - 1] ?? "";
      for (let c = m.left; c <= m.right; c++) if (row !== m.top || c !== m.left) put(values, c - 1, m.value);
    }
    // Ranges passed stay out of the next rows.
    if (this.active.some((m) => m.bottom <= row)) this.active = this.active.filter((m) => m.bottom > row);
  }

  private startCell(xml: string): void {
    const col = this.rFrom < 0 ? 0 : columnAt(xml, this.rFrom, this.rTo);
    this.col = col > 0 ? col : this.col + 1;
    this.type = this.tFrom < 0 ? NUMBER : cellType(xml, this.tFrom, this.tTo);
    this.style = this.sFrom < 0 ? 0 : integerAt(xml, this.sFrom, this.sTo);
    this.v = this.formula = this.inline = undefined;
    this.phonetic = this.underscore = false;
    // A merged range's first cell is read whatever its column: the range's other cells take its value.
    this.unread =
      this.read.columns?.[this.col - 1] === false &&
      !this.active.some((m) => m.top === this.rowNumber && m.left === this.col);
    this.skip = this.unread && (this.type === INLINE || this.type === STR);
  }

  private endCell(): void {
    if (!this.rowNumber) return;
    const value = this.value();
    if (value !== undefined) put(this.values, this.col - 1, value);
  }

  /** The value of the cell just read, or undefined for an empty one. */
  private value(): CellValue | undefined {
    const v = this.v;
    if (this.skip) {
      // As below, but whether the text is empty is all that was read of it.
      const text =
        this.type === INLINE ? (this.inline ?? v) : (v ?? (this.formula === undefined ? undefined : "="));
      return text === undefined || text === "" ? text : UNREAD;
    }
    if (this.type === INLINE) {
      const text = this.inline ?? v;
      return text !== undefined && this.underscore ? unescapeX(text) : text;
    }
    if (v === undefined) return this.formula === undefined ? undefined : `=${this.formula}`;
    switch (this.type) {
      case SHARED: {
        const k = Number(v);
        const shared = this.book.shared;
        if (!(Number.isInteger(k) && k >= 0 && k < shared.count))
          this.fault(
            `cell ${columnName(this.col)}${this.rowNumber} refers to shared text ${v.trim()}, which the workbook does not have`,
            `单元格 ${columnName(this.col)}${this.rowNumber} 引用的共享文本 ${v.trim()} 在工作簿中不存在`,
          );
        // A column not read needs only whether the cell is empty.
        if (this.unread) return shared.isEmpty(k) ? "" : UNREAD;
        return shared.text(k);
      }
      case STR:
        return this.underscore ? unescapeX(v) : v;
      case BOOLEAN:
        return v.trim() === "1" || v.trim() === "true";
      case ERROR:
        return "";
      case DATE: {
        const t = v.trim();
        return /^\d{4}-\d{2}-\d{2}/.test(t) ? t.slice(0, 10) : t;
      }
      default: {
        const t = v.trim();
        if (t === "") return undefined;
        const n = Number(t);
        if (Number.isNaN(n)) return t;
        return (this.style >= 0 && this.book.dateStyles[this.style] && excelDate(n, this.book.date1904)) || n;
      }
    }
  }
}

/** Sets `values[at]`, with "" in the cells before it that have none (the array stays dense). */
function put(values: CellValue[], at: number, value: CellValue): void {
  while (values.length < at) values.push("");
  values[at] = value;
}

/** The letters of a column (1 is A). */
function columnName(col: number): string {
  let s = "";
  for (let c = col; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}
