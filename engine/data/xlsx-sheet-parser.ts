/** A sheet's rows read from its XML into values, a piece of whole rows at a time. */
import { type ColumnsRead, UNREAD } from "./rows.js";
import { type Book, type CellValue, put, type SheetRow, XlsxFault } from "./xlsx-book.js";
import { columnAt, columnName } from "./xlsx-cell-refs.js";
import { type Merge, MergedRanges } from "./xlsx-merges.js";
import { excelDate } from "./xlsx-styles.js";
import {
  cellText,
  malformedZh,
  rst,
  rstAttributes,
  scanned,
  skipOther,
  tagEnd,
  unescapeX,
  unreadText,
} from "./xlsx-text.js";

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

/**
 * Reads a sheet's rows from its XML, a piece of whole rows at a time, into rows of values. The
 * XML is its UTF-8 bytes read as Latin-1 (the markup is ASCII): only the text of a cell is
 * decoded, and the attributes it reads are read where they are, so nothing is made per cell but
 * its value.
 */
export class SheetParser {
  private readonly out: SheetRow[] = [];
  /** The last row read, and the merged ranges not yet passed. */
  private lastRow = 0;
  private readonly merges: MergedRanges;
  // The row and cell being read.
  private values: CellValue[] = [];
  private rowNumber = 0;
  private hidden = false;
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

  constructor(
    private readonly book: Book,
    merges: Merge[],
    private readonly read: ColumnsRead,
  ) {
    this.merges = new MergedRanges(merges);
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
        // Up to the piece's end: past it charCodeAt is NaN, which ends no name.
        for (; q < to; q++) {
          const c = xml.charCodeAt(q);
          if (c === 0x3e || c === 0x2f || c <= 0x20) break;
          if (c === 0x3a) local = q + 1;
        }
        if (q >= to) throw new Error("a tag is not closed");
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
          p = rstAttributes(xml, q);
          this.startCell(xml);
          if (xml.charCodeAt(p - 2) === 0x2f) this.endCell();
        } else if (length === 3 && c0 === 0x72 && xml.charCodeAt(local + 1) === 0x6f) {
          // <row r="2">
          p = rstAttributes(xml, q);
          this.startRow(xml);
          if (xml.charCodeAt(p - 2) === 0x2f) this.endRow();
        } else {
          p = xml.charCodeAt(q) === 0x3e ? q + 1 : tagEnd(xml, q);
          const empty = xml.charCodeAt(p - 2) === 0x2f;
          if (length === 1 && c0 === 0x76) {
            // <v>: the cell's value as stored.
            if (empty) this.v = "";
            else {
              this.v = this.text(xml, p, bytes);
              this.underscore = scanned.underscore;
              p = scanned.end;
            }
          } else if (length === 1 && c0 === 0x66) {
            // <f>: a formula (of a shared one, only the first cell has the text).
            if (empty) this.formula ??= "";
            else {
              this.formula = this.text(xml, p, bytes);
              p = scanned.end;
            }
          } else if (length === 2 && c0 === 0x69 && xml.charCodeAt(local + 1) === 0x73) this.inline ??= "";
          else if (length === 1 && c0 === 0x74 && !empty) {
            // <t>: the text of an inline string, or of one of its runs.
            const text = this.text(xml, p, bytes);
            if (this.inline !== undefined && !this.phonetic) {
              this.inline += text;
              this.underscore ||= scanned.underscore;
            }
            p = scanned.end;
          } else if (length === 3 && c0 === 0x72 && xml.charCodeAt(local + 1) === 0x50)
            this.phonetic = !empty;
        }
      }
    } catch (e) {
      if (e instanceof XlsxFault) throw e;
      const why = (e as Error).message.replace(/^malformed XML:?\s*/, "");
      this.fault(
        `malformed XML (${why}): the file may be damaged; open it in Excel or WPS and save it again`,
        `XML 格式错误（${malformedZh(why)}）：文件可能已损坏，请在 Excel 或 WPS 中打开后重新保存`,
      );
    }
  }

  /** The text at `p`: decoded, or for a cell not decoded only whether it is empty (see unreadText). */
  private text(xml: string, p: number, bytes: Buffer): string {
    return this.skip ? unreadText(xml, p, bytes) : cellText(xml, p, bytes);
  }

  private startRow(xml: string): void {
    const r = rst.rFrom < 0 ? -1 : integerAt(xml, rst.rFrom, rst.rTo);
    this.beginRow(r > 0 ? r : this.lastRow + 1);
    this.hidden = rst.hidden;
  }

  private beginRow(number: number): void {
    this.rowNumber = number;
    this.hidden = false;
    this.values = [];
    this.col = 0;
    this.merges.enter(number);
  }

  private endRow(): void {
    if (this.rowNumber) this.finishRow();
  }

  private finishRow(): void {
    const values = this.values;
    // A row holding no value of its own is empty, as Excel shows it, whatever merged range passes
    // through it: a department merged down a whole column (G2:G1048576) makes no rows of its own.
    if (this.merges.any() && values.some((v) => v !== "")) this.merges.fill(values, this.rowNumber);
    if (values.length)
      this.out.push(
        this.hidden ? { number: this.rowNumber, values, hidden: true } : { number: this.rowNumber, values },
      );
    this.lastRow = this.rowNumber;
    this.rowNumber = 0;
  }

  private startCell(xml: string): void {
    const col = rst.rFrom < 0 ? 0 : columnAt(xml, rst.rFrom, rst.rTo);
    this.col = col > 0 ? col : this.col + 1;
    this.type = rst.tFrom < 0 ? NUMBER : cellType(xml, rst.tFrom, rst.tTo);
    this.style = rst.sFrom < 0 ? 0 : integerAt(xml, rst.sFrom, rst.sTo);
    this.v = this.formula = this.inline = undefined;
    this.phonetic = this.underscore = false;
    // A merged range's first cell is read whatever its column: the range's other cells take its value.
    this.unread =
      this.read.columns?.[this.col - 1] === false && !this.merges.beginsAt(this.rowNumber, this.col);
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
      // Its text (#N/A), which the readers refuse where they read it (see RowCursor.take).
      case ERROR:
        return v.trim();
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
