import { constants } from "node:buffer";
import { open } from "node:fs/promises";
import type { ColumnsRead } from "./rows.js";
import { type Book, type SheetRow, XlsxFault } from "./xlsx-book.js";
import { sheetMerges } from "./xlsx-merges.js";
import {
  centralDirectory,
  dataOffset,
  EntryDamaged,
  EntryTooLarge,
  elements,
  entryBytes,
  entryStream,
  readable,
  type ZipEntry,
} from "./xlsx-parts.js";
import { sharedStrings } from "./xlsx-shared.js";
import { SheetParser } from "./xlsx-sheet-parser.js";
import { dateStyles } from "./xlsx-styles.js";
import { otherClose } from "./xlsx-text.js";

export { type CellValue, type SheetRow, XlsxFault } from "./xlsx-book.js";

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
 * - true or false; an error value as its text (`#N/A`), which the readers refuse where they read it;
 * - a formula with no saved value (a file written by a program, never calculated) as its formula,
 *   `=…`, so that a column that needs a value names the cell rather than reading it as empty;
 * - a cell of a merged range as the range's first cell (exceljs did so for workbooks read whole),
 *   in a row with a value of its own: a row the range alone passes through is empty, as Excel shows it.
 *
 * The text of a cell in a column the reader does not read (see ColumnsRead) is not decoded: the
 * cell reads as "" or UNREAD. Numbers are short, and read as always.
 */

/** A worksheet: its name, and its rows with a value in order, read when iterated. */
export interface SheetSource {
  readonly name: string;
  /** Leaving the loop early stops the reading. `read`: the columns read, once the caller has the header. */
  rows(read?: ColumnsRead): AsyncGenerator<SheetRow>;
}

/** The workbook cannot be read, for a reason said in English and in Chinese (zlib's own reasons in English alone). */
function damaged(why: string, whyZh = why): XlsxFault {
  return new XlsxFault(
    0,
    `cannot read the workbook (${why}): open it in Excel or WPS and save it again as .xlsx`,
    `无法读取工作簿（${whyZh}）：请在 Excel 或 WPS 中打开后重新另存为 .xlsx`,
  );
}

/** A part whose data does not match its CRC-32 (EntryDamaged), as the workbook's fault. */
function damagedPart(path: string, e: EntryDamaged): XlsxFault {
  return damaged(`part ${path}: ${e.message}`, `部件 ${path}：数据与其 CRC-32 校验值不符：文件已损坏`);
}

/**
 * The most bytes a part read whole (the shared strings, the workbook, its relationships and
 * styles) may have: the longest string Node makes of them (512 MB). A sheet is read in pieces,
 * without this bound.
 */
const MAX_PART_BYTES = constants.MAX_STRING_LENGTH;

/** The refusal of a part larger than MAX_PART_BYTES: saved as CSV, the sheet is read in pieces. */
function tooLarge(path: string): XlsxFault {
  const mb = Math.floor(MAX_PART_BYTES / 2 ** 20);
  return new XlsxFault(
    0,
    `cannot read the workbook (its part ${path} unpacks to more than ${mb} MB, the most a part read whole may have): save the sheet as CSV (UTF-8) in Excel or WPS and read that`,
    `无法读取工作簿（部件 ${path} 解压后超过 ${mb} MB，整体读取的部件最多 ${mb} MB）：请在 Excel 或 WPS 中将该表另存为 CSV（UTF-8）后读取`,
  );
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
    if (!entries)
      throw damaged(
        "its ZIP directory is missing or damaged: the file may be cut short",
        "其 ZIP 目录缺失或已损坏：文件可能不完整",
      );
    /** Where a part's data begins, or undefined when the workbook has no part of that name. */
    const locate = async (path: string) => {
      const entry = entries.get(path);
      if (!entry) return undefined;
      if (!readable(entry))
        throw entry.encrypted
          ? damaged(`part ${path} is encrypted`, `部件 ${path} 已加密`)
          : damaged(
              `part ${path} is compressed by method ${entry.method}, which Excel does not use`,
              `部件 ${path} 的压缩方法为 ${entry.method}，Excel 不使用该方法`,
            );
      const at = await dataOffset(fh, entry);
      if (at === undefined)
        throw damaged(
          `part ${path} is not where the ZIP directory says`,
          `部件 ${path} 不在 ZIP 目录所指的位置`,
        );
      return { entry, at };
    };
    /** A part's UTF-8 bytes, or undefined when the workbook has none of that name. */
    const partBytes = async (path: string | undefined) => {
      const found = path === undefined ? undefined : await locate(path);
      if (!found) return undefined;
      if (found.entry.size > MAX_PART_BYTES) throw tooLarge(path as string);
      const bytes = await entryBytes(fh, found.entry, found.at, MAX_PART_BYTES).catch((e: Error) => {
        if (e instanceof EntryTooLarge) throw tooLarge(path as string);
        throw e instanceof EntryDamaged
          ? damagedPart(path as string, e)
          : damaged(`part ${path}: ${e.message}`, `部件 ${path} 无法解压：${e.message}`);
      });
      // Parts in UTF-16, which no spreadsheet program writes.
      if (bytes[0] === 0xff || bytes[0] === 0xfe)
        throw damaged(`part ${path} is not in UTF-8`, `部件 ${path} 不是 UTF-8 编码`);
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
    if (book === undefined) throw damaged(`it has no ${bookPath}`, `缺少 ${bookPath}`);
    const relsPath = `${dir}_rels/${bookPath.slice(dir.length)}.rels`;
    const relsText = await part(relsPath);
    if (relsText === undefined) throw damaged(`it has no ${relsPath}`, `缺少 ${relsPath}`);
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
      // A sheet whose part is not named at all: another sheet would be read in its place.
      if (!rel)
        throw damaged(
          `sheet '${s.name ?? ""}' refers to relationship ${id ? `'${id}'` : "(none)"}, which ${relsPath} does not have`,
          `工作表“${s.name ?? ""}”引用的关系 ${id ? `“${id}”` : "（无）"} 在 ${relsPath} 中不存在`,
        );
      if (!isType(rel, "worksheet")) continue;
      const path = target(dir, rel) ?? "";
      const found = await locate(path);
      if (!found)
        throw damaged(
          `sheet '${s.name ?? ""}' has no part ${path}`,
          `工作表“${s.name ?? ""}”缺少部件 ${path}`,
        );
      sheets.push(sheetSource(parts, s.name ?? "", path, found.entry, found.at));
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

/** A sheet that reads its rows when iterated. */
function sheetSource(book: Book, name: string, path: string, entry: ZipEntry, at: number): SheetSource {
  return {
    name,
    async *rows(read: ColumnsRead = {}) {
      const merges = await sheetMerges(book.file, entry, at).catch((e: Error) => {
        throw e instanceof EntryDamaged ? damagedPart(path, e) : e;
      });
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
            read.hidden = hiddenColumns(bytes.toString("latin1", 0, open.index));
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

/**
 * The columns (0-based) a sheet's XML before its rows hides: each `<col min max hidden="1">` of its
 * `<cols>`, as Excel writes a column hidden (a range of columns in one element).
 */
function hiddenColumns(head: string): number[] {
  const hidden: number[] = [];
  for (const m of head.matchAll(/<(?:[\w.-]+:)?col\s([^>]*)>/g)) {
    const attr = (name: string) => new RegExp(`\\b${name}\\s*=\\s*["']([^"']*)["']`).exec(m[1])?.[1];
    const hides = attr("hidden");
    if (hides !== "1" && hides !== "true") continue;
    const min = Number(attr("min"));
    const max = Number(attr("max") ?? min);
    // Up to the last column a sheet can have (XFD), to which a range hiding what is past the table runs.
    if (Number.isInteger(min) && Number.isInteger(max) && min >= 1)
      for (let c = min; c <= Math.min(max, 16384); c++) hidden.push(c - 1);
  }
  return hidden;
}
