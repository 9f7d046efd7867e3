import { isAscii, isUtf8 } from "node:buffer";
import { createReadStream } from "node:fs";
import { access, constants, open, readFile, stat } from "node:fs/promises";
import { extname } from "node:path";
import { createInterface } from "node:readline";
import { type Readable, Transform, type TransformCallback } from "node:stream";
import { Parser } from "csv-parse";
import iconv from "iconv-lite";
import { isChineseUtf8 } from "../chinese-utf8.js";
import { type Lang, tr, unreadable } from "../lang.js";
import { InputError, type Problem } from "../problem.js";
import { openWorkbook, type SheetSource, XlsxFault } from "./xlsx-sheets.js";

/**
 * One data row of a tabular file: its row number as the user sees it, and its cells, either in
 * header order (`values`, CSV and XLSX) or by name (`cells`, JSON and NDJSON, whose records may
 * have keys of their own).
 */
export interface RawRow {
  /** Line of a CSV/NDJSON file, row of a sheet, or position (1-based) in a JSON array. */
  readonly row: number;
  /** For a record of a JSON array, the line of the file where it begins. */
  readonly line?: number;
  readonly values?: readonly unknown[];
  readonly cells?: Readonly<Record<string, unknown>>;
}

/** Options of a tabular reader. */
export interface SourceOptions {
  /** Language of the messages (default English). */
  readonly lang?: Lang;
  /** Force the text encoding of a CSV file (`utf8`, `gb18030`, `gbk`); default: detected. */
  readonly encoding?: string;
  /** Sheet of an XLSX file, by name or 1-based number; default: the first. */
  readonly sheet?: string;
}

/** File formats, chosen by extension. */
export type Format = "csv" | "xlsx" | "json" | "ndjson";

/** Longest CSV record accepted; longer ones are reported instead of exhausting memory. */
export const MAX_RECORD_CHARS = 1_000_000;

/** The format of a file from its extension, or undefined. */
export function formatOf(file: string): Format | undefined {
  const ext = extname(file).toLowerCase();
  if (ext === ".csv" || ext === ".txt" || ext === ".tsv") return "csv";
  // A macro-enabled workbook (.xlsm) keeps its sheets as .xlsx does; its macros are not run.
  if (ext === ".xlsx" || ext === ".xlsm") return "xlsx";
  if (ext === ".json") return "json";
  if (ext === ".ndjson" || ext === ".jsonl") return "ndjson";
  return undefined;
}

/**
 * Told a file's header and its row number; in a workbook, the sheet read. For JSON and NDJSON,
 * `keyed`: the header is every key of the file's records, each record naming its own columns
 * (one may write 信用等级 where another writes grade, or leave out a key whose value is empty).
 */
export type OnHeader = (header: string[], row: number, sheet?: string, keyed?: boolean) => void;

/**
 * Streams the rows of a CSV, XLSX, JSON or NDJSON file. The header comes first through
 * `onHeader`, with its row number; rows follow (NDJSON, read a line at a time, tells its keys
 * after its last line instead). In a workbook, rows above the header that `isHeader` recognises
 * (a title, a date line, as offices head their sheets) are skipped, and so is a first sheet with
 * no header at all (see xlsxRows), said through `onNotice`. A file that cannot be read as a table
 * throws an InputError naming the place. The rows come in batches, in order: a million rows
 * handed on one at a time through each reader's generator cost 0.4 s of turns of the event loop.
 */
export async function* readRowBatches(
  file: string,
  options: SourceOptions = {},
  onHeader?: OnHeader,
  isHeader?: (cells: string[]) => HeaderKind,
  onNotice?: (notice: string) => void,
): AsyncGenerator<RawRow[]> {
  const format = formatOf(file);
  const t = say(options.lang);
  const fail = (line: number, col: number, message: string): never => {
    throw new InputError([{ file, line, col, message }]);
  };
  if (!format) {
    const ext = extname(file).toLowerCase();
    // Offices often keep tables in Excel 97–2003 (.xls) or WPS (.et) workbooks: say how to convert.
    if (ext === ".xls" || ext === ".et")
      fail(
        0,
        0,
        t(
          `${ext} workbooks are not read: save the sheet as .xlsx (Excel Workbook) or .csv`,
          `不能读取 ${ext} 工作簿：请将其另存为 .xlsx（Excel 工作簿）或 .csv`,
        ),
      );
    fail(
      0,
      0,
      t(
        "unknown file type: use .csv (or .txt, .tsv), .xlsx (or .xlsm), .json or .ndjson (or .jsonl)",
        "无法识别的文件类型：请使用 .csv（或 .txt、.tsv）、.xlsx（或 .xlsm）、.json 或 .ndjson（或 .jsonl）",
      ),
    );
  }
  let size: number;
  try {
    const info = await stat(file);
    // A folder is reported as opening it would fail (stat itself succeeds on one).
    if (info.isDirectory()) throw Object.assign(new Error(file), { code: "EISDIR" });
    // A file that cannot be read is said here, with its place, like a missing one (stat succeeds on it).
    await access(file, constants.R_OK);
    size = info.size;
  } catch (e) {
    return fail(0, 0, unreadable(e, options.lang ?? "en"));
  }
  if (size === 0) fail(1, 1, t("the file is empty", "文件为空"));
  if (format === "csv") yield* csvRows(file, options, onHeader, isHeader);
  else if (format === "xlsx") yield* batched(xlsxRows(file, options, onHeader, isHeader, onNotice));
  else if (format === "json") yield* batched(jsonRows(file, t, onHeader));
  else yield* batched(ndjsonRows(file, t, onHeader));
}

/** Rows handed on in a batch at a time (see readRowBatches). */
const BATCH = 4096;

/** The rows of `rows` in batches of at most {@link BATCH}, in order. */
async function* batched(rows: AsyncIterable<RawRow>): AsyncGenerator<RawRow[]> {
  let batch: RawRow[] = [];
  for await (const r of rows) {
    batch.push(r);
    if (batch.length < BATCH) continue;
    yield batch;
    batch = [];
  }
  if (batch.length) yield batch;
}

/**
 * What a row is as a header: one naming every column required (`whole`), some of the kind's
 * columns but not all (`partial`: a header that lacks some), or none of them.
 */
export type HeaderKind = "whole" | "partial" | "none";

/** Picks the English or the Chinese of a message. */
type Say = (en: string, zh: string) => string;
const say =
  (lang: Lang = "en"): Say =>
  (en, zh) =>
    tr(lang, en, zh);

/**
 * Detects UTF-8 (with or without BOM) versus GB18030/GBK, or UTF-16 by its BOM (Excel's Unicode
 * Text, Unicode 文本, export: little-endian, tab-separated). The decision is made on the first part
 * of the file with any byte beyond ASCII: a file whose first rows are all ASCII (codes, English
 * names) and whose Chinese comes later is judged by that Chinese, not by its ASCII start (which
 * would call a GBK file UTF-8 and garble every Chinese name after it). A file of ASCII alone reads
 * the same either way.
 */
export async function detectEncoding(file: string): Promise<string> {
  const fh = await open(file, "r");
  try {
    const size = 1 << 16;
    const buf = Buffer.alloc(size);
    for (let position = 0; ; ) {
      const { bytesRead } = await fh.read(buf, 0, size, position);
      const sample = buf.subarray(0, bytesRead);
      if (position === 0) {
        if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return "utf8";
        if (sample[0] === 0xff && sample[1] === 0xfe) return "utf-16le";
        if (sample[0] === 0xfe && sample[1] === 0xff) return "utf-16be";
      }
      position += bytesRead;
      if (bytesRead === 0) return "utf8";
      // A sample of ASCII alone starts the next one at a character boundary.
      if (isAscii(sample)) continue;
      // A character cut at the end of the sample is left out, unless the file ends there.
      const end = bytesRead === size ? wholeCharacters(sample, 0) : bytesRead;
      return isUtf8(sample.subarray(0, end)) ? "utf8" : "gb18030";
    }
  } finally {
    await fh.close();
  }
}

/** Raised by {@link Utf8Check} at the first byte that is not UTF-8. */
class NotUtf8 extends Error {
  constructor(readonly offset: number) {
    super(`not UTF-8 at byte ${offset}`);
  }
}

/** The length of the UTF-8 sequence a lead byte starts (1 for ASCII), or 0 for a byte no sequence starts with. */
function sequenceLength(b: number): number {
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b <= 0xdf) return 2;
  if (b >= 0xe0 && b <= 0xef) return 3;
  if (b >= 0xf0 && b <= 0xf4) return 4;
  return 0;
}

/**
 * Where the whole characters of `b[from..]` end: before a last character cut short (its lead byte
 * and the continuation bytes after it), else at the end.
 */
function wholeCharacters(b: Uint8Array, from: number): number {
  const end = b.length;
  let k = end;
  while (k > from && end - k < 3 && (b[k - 1] & 0xc0) === 0x80) k--;
  return k > from && sequenceLength(b[k - 1]) > end - k + 1 ? k - 1 : end;
}

/** The offset of the first byte of `b` that does not begin a well-formed sequence (for the message), or b.length. */
function firstBadByte(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const n = sequenceLength(b[i]);
    if (n === 0 || !isUtf8(b.subarray(i, i + n))) return i;
    i += n;
  }
  return b.length;
}

/**
 * Passes bytes on unchanged, checking that they are UTF-8 (node:buffer's isUtf8, a few
 * milliseconds for a million rows). A character cut between two chunks is checked whole.
 */
class Utf8Check extends Transform {
  private carry: Buffer = Buffer.alloc(0);
  private offset = 0;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    let from = 0;
    if (this.carry.length) {
      // Complete the cut character with the bytes it still needs.
      const need = sequenceLength(this.carry[0]) - this.carry.length;
      const whole = Buffer.concat([this.carry, chunk.subarray(0, need)]);
      if (!isUtf8(whole)) {
        done(new NotUtf8(this.offset - this.carry.length));
        return;
      }
      from = need;
      this.carry = Buffer.alloc(0);
    }
    // A character cut at the end waits for the next chunk.
    const end = wholeCharacters(chunk, from);
    const body = chunk.subarray(from, end);
    if (!isUtf8(body)) {
      done(new NotUtf8(this.offset + from + firstBadByte(body)));
      return;
    }
    this.carry = Buffer.from(chunk.subarray(end));
    this.offset += chunk.length;
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    done(this.carry.length ? new NotUtf8(this.offset - this.carry.length) : null);
  }
}

/** Raised by {@link GbkCheck} at the first line of a GBK file that is UTF-8 Chinese instead. */
class NotGbk extends Error {
  constructor(readonly line: number) {
    super(`UTF-8 at line ${line} of a GBK file`);
  }
}

/** The longest line {@link GbkCheck} keeps whole across chunks; the parser refuses longer records anyway. */
const LONGEST_LINE = 1 << 20;

/**
 * Passes the bytes of a file detected as GBK on unchanged, refusing the first line that is UTF-8
 * Chinese instead: GB18030 decodes almost any bytes, so a UTF-8 part (two exports joined) would
 * become wrong characters without a word. A line is taken as UTF-8 when its bytes beyond ASCII
 * are well-formed UTF-8 that reads as Chinese alone (see {@link isChineseUtf8}).
 */
class GbkCheck extends Transform {
  private carry: Buffer = Buffer.alloc(0);
  private line = 1;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const bytes = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    let start = 0;
    for (let nl = bytes.indexOf(0x0a); nl >= 0; nl = bytes.indexOf(0x0a, start)) {
      if (isChineseUtf8(bytes.subarray(start, nl))) {
        done(new NotGbk(this.line));
        return;
      }
      this.line++;
      start = nl + 1;
    }
    this.carry = Buffer.from(bytes.subarray(Math.max(start, bytes.length - LONGEST_LINE)));
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    done(isChineseUtf8(this.carry) ? new NotGbk(this.line) : null);
  }
}

/** The line (1-based) of a byte offset of a file. */
async function lineAt(file: string, offset: number): Promise<number> {
  let line = 1;
  let at = 0;
  for await (const chunk of createReadStream(file, {
    end: Math.max(0, offset - 1),
  }) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(0x0a); i >= 0 && at + i < offset; i = chunk.indexOf(0x0a, i + 1)) line++;
    at += chunk.length;
  }
  return line;
}

/** How many rows above the header of a sheet or CSV file (a title, a date line) are looked through for it. */
const TITLE_ROWS = 5;

/**
 * The delimiter of a .tsv, a tab; of a CSV or text file, from its header line (the first line with
 * either): a tab when the header has tabs and no comma (a tab-separated .txt, as many systems
 * export), else a comma. Both are ASCII bytes, which no byte of a GBK or UTF-8 character can be, so the bytes are
 * read undecoded; a UTF-16 file's (`encoding`) are decoded first.
 */
export async function detectDelimiter(file: string, encoding?: string): Promise<"," | "\t"> {
  // A .tsv says its delimiter: a comma in a header of one (注册资本(万元,人民币)) is text.
  if (extname(file).toLowerCase() === ".tsv") return "\t";
  const fh = await open(file, "r");
  try {
    const buf = Buffer.alloc(65536);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    // In UTF-16 the bytes of a tab, comma or line end are also halves of characters (吉 is 09 54).
    const text = isUtf16(encoding)
      ? iconv.decode(buf.subarray(0, bytesRead), encoding as string)
      : buf.toString("latin1", 0, bytesRead);
    // The first line with a tab or a comma: a title above the header may have neither.
    let header = "";
    for (let start = 0, k = 0; start < text.length && k <= TITLE_ROWS; k++) {
      const newline = text.indexOf("\n", start);
      const end = newline < 0 ? text.length : newline;
      header = text.slice(start, end);
      if (header.includes("\t") || header.includes(",")) break;
      start = end + 1;
    }
    return header.includes("\t") && !header.includes(",") ? "\t" : ",";
  } finally {
    await fh.close();
  }
}

/** Whether an encoding's name is UTF-16's (either byte order, or the one its BOM says). */
function isUtf16(encoding: string | undefined): boolean {
  return encoding !== undefined && /^(utf-?16|ucs-?2)(-?(le|be))?$/i.test(encoding);
}

/** A CSV record and the line it ends on. */
export interface LineRecord {
  readonly record: string[];
  readonly lines: number;
}

/** The records of a CSV text through csv-parse; an error of `from` (a check on the way) ends them. */
function csvParse(
  input: NodeJS.ReadableStream,
  delimiter: "," | "\t",
  from?: Readable,
): AsyncIterable<LineRecord> {
  const parser = input.pipe(
    new LineParser({
      delimiter,
      bom: true,
      skip_empty_lines: true,
      // A title above the header has its own number of fields: rows are counted against the header here.
      relax_column_count: true,
      // A quote inside a field that does not begin with one is text, as Excel reads it: exports
      // write a code as ="91320803…" so that Excel keeps it as text.
      relax_quotes: true,
      max_record_size: MAX_RECORD_CHARS,
    }),
  );
  from?.on("error", (e) => parser.destroy(e));
  return parser;
}

/**
 * The records of a UTF-8 CSV file (checked as UTF-8 on the way): split by simpleRecords as long
 * as the file is simple; csv-parse reads the rest, from the file's start again past the records
 * already given, so the records and messages are csv-parse's. `bytes` and `checked`, the file's
 * stream and its check, when the caller has opened them already.
 */
export function utf8Records(
  file: string,
  delimiter: "," | "\t",
  bytes = createReadStream(file),
  checked: Transform = bytes.pipe(new Utf8Check()),
): AsyncIterable<LineRecord> {
  return simpleRecords(checked, delimiter, async function* (given) {
    bytes.destroy();
    const again = createReadStream(file).pipe(new Utf8Check());
    let k = 0;
    for await (const r of csvParse(again, delimiter, again)) if (k++ >= given) yield r;
  });
}

/**
 * The records of a CSV file in GB18030 or GBK (as Excel writes a CSV on a Chinese Windows), as
 * csv-parse reads the text iconv-lite decodes from it: split by simpleRecords, each field decoded
 * on its own (see gbField), for as long as the file is simple; then as utf8Records does, from the
 * file's start again. In these encodings no byte of a two- or four-byte character is a quote,
 * comma, tab, CR or LF, so the bytes split as the text does. `checked`, the file's stream through
 * its check when it has one, and `check`, that check made anew (see GbkCheck).
 */
export function gbRecords(
  file: string,
  encoding: string,
  delimiter: "," | "\t",
  bytes: Readable,
  checked?: Transform,
  check?: () => Transform,
): AsyncIterable<LineRecord> {
  return simpleRecords(
    checked ?? bytes,
    delimiter,
    async function* (given) {
      bytes.destroy();
      const raw = createReadStream(file);
      const again = check ? raw.pipe(check()) : raw;
      const text = again.pipe(new WholeCharacters()).pipe(iconv.decodeStream(encoding, { stripBOM: true }));
      let k = 0;
      for await (const r of csvParse(text, delimiter, again)) if (k++ >= given) yield r;
    },
    (data, start, end) => gbField(data, start, end, encoding),
  );
}

/**
 * The bytes of a GB18030 or GBK stream in pieces that end between characters: each piece is cut
 * after its last byte below 0x30 (a comma, a space, a line end), which no character of two or
 * four bytes has in it, and the rest goes on with the next. iconv-lite's stream decoder (0.7.3)
 * mishandles a four-byte character cut between two pieces (𠀀, of CJK Extension B, which some
 * names are written with): cut after its third byte, it loses the next piece's last character
 * when all that piece holds after 𠀀 is ASCII, as at the end of a file (a test has one).
 */
export class WholeCharacters extends Transform {
  private carry?: Buffer;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const bytes = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    let cut = bytes.length;
    while (cut > 0 && bytes[cut - 1] >= 0x30) cut--;
    this.carry = cut < bytes.length ? bytes.subarray(cut) : undefined;
    done(null, cut > 0 ? bytes.subarray(0, cut) : undefined);
  }

  override _flush(done: TransformCallback): void {
    done(null, this.carry);
  }
}

/**
 * Whether a file in this encoding (iconv-lite's name, compared as iconv-lite compares them) may be
 * split by its bytes, each field decoded by gbField: GB18030 (what a file not in UTF-8 is read
 * as) and GBK. Not cp936 or gb2312, where iconv-lite reads a code that has no character as U+FFFD
 * and then its second byte on its own (FE50 as "�P"), which no table of codes gives.
 */
export function splitsAsGb(encoding: string): boolean {
  return GB_ENCODINGS.has(encoding.toLowerCase().replace(/[^0-9a-z]/g, ""));
}
const GB_ENCODINGS = new Set(["gb18030", "gbk"]);

/**
 * Per two-byte code (lead × 256 + second byte), the character iconv-lite reads it as in
 * `encoding` (U+FFFD for a code no character has), 0 for bytes that are no two-byte character:
 * made once per encoding by decoding every code with iconv-lite itself (a few milliseconds), so
 * that a field decoded with it reads as iconv-lite reads the file.
 */
function gbTable(encoding: string): Uint16Array {
  let table = gbTables.get(encoding);
  if (table) return table;
  const codes: number[] = [];
  for (let lead = 0x81; lead <= 0xfe; lead++)
    for (let second = 0x40; second <= 0xfe; second++) if (second !== 0x7f) codes.push(lead * 256 + second);
  const bytes = Buffer.alloc(2 * codes.length);
  for (let k = 0; k < codes.length; k++) bytes.writeUInt16BE(codes[k], 2 * k);
  const text = iconv.decode(bytes, encoding, { stripBOM: false });
  table = new Uint16Array(65536);
  // Each code one UTF-16 unit (a character of the BMP, or U+FFFD), as in GBK and GB18030; else
  // the table stays empty, and a file with any character past ASCII goes to csv-parse. A code
  // read as U+0000 (none is) would stay 0, and its file go there too.
  if (text.length === codes.length)
    for (let k = 0; k < codes.length; k++) table[codes[k]] = text.charCodeAt(k);
  gbTables.set(encoding, table);
  return table;
}
const gbTables = new Map<string, Uint16Array>();
/** A field's characters, made a string at once (see gbField). */
let units = new Uint16Array(256);
/** Fields longer than this many bytes are decoded by iconv-lite: String.fromCharCode takes a bounded number of arguments. */
const TABLE_FIELD = 4096;

/**
 * The text of the bytes start..end of a field of a GB18030 or GBK file, as iconv-lite decodes
 * them in `encoding` within the file: ASCII as it is; two-byte characters from gbTable, about
 * 40% faster than the native decoder and 5 times faster than iconv-lite per field; a field with
 * a four-byte character or the euro sign 0x80 by iconv-lite. Undefined at a byte no character
 * starts with, or a character cut short: iconv-lite, reading the file as a stream, may take the
 * byte after it (a comma, say) into the character, so csv-parse must read such a file from the
 * decoded text.
 */
export function gbField(data: Buffer, start: number, end: number, encoding: string): string | undefined {
  const table = gbTable(encoding);
  if (units.length < end - start) units = new Uint16Array(end - start);
  let n = 0;
  let ascii = true;
  let tabled = end - start <= TABLE_FIELD;
  for (let i = start; i < end; i++) {
    const lead = data[i];
    if (lead < 0x80) {
      units[n++] = lead;
      continue;
    }
    ascii = false;
    // 0x80 alone is the euro sign (GBK), which iconv-lite decodes.
    if (lead === 0x80) {
      tabled = false;
      continue;
    }
    if (lead === 0xff || i + 1 >= end) return undefined;
    const second = data[i + 1];
    if (second >= 0x30 && second <= 0x39) {
      // Four bytes: lead, digit, 0x81–0xFE, digit.
      if (i + 3 >= end) return undefined;
      const third = data[i + 2];
      const fourth = data[i + 3];
      if (third < 0x81 || third === 0xff || fourth < 0x30 || fourth > 0x39) return undefined;
      tabled = false;
      i += 3;
      continue;
    }
    const unit = table[lead * 256 + second];
    if (unit === 0) return undefined;
    units[n++] = unit;
    i++;
  }
  if (ascii) return data.toString("latin1", start, end);
  if (tabled) return String.fromCharCode.apply(null, units.subarray(0, n) as unknown as number[]);
  return iconv.decode(data.subarray(start, end), encoding, { stripBOM: false });
}

/** The text of the bytes start..end of a field of a UTF-8 file (checked as UTF-8 on the way). */
function utf8Field(data: Buffer, start: number, end: number): string {
  return data.toString("utf8", start, end);
}

/** A field's text from its bytes; undefined where csv-parse must read the file instead (see gbField). */
export type FieldDecoder = (data: Buffer, start: number, end: number) => string | undefined;

/**
 * The records of a CSV file as csv-parse reads them (the same fields and lines; see LineParser),
 * for a file with one line ending throughout (LF, or CRLF), as a program or Excel writes a list:
 * lines and fields are found with the engine's byte search and each field decoded at once (by
 * `decode`, UTF-8 by default), instead of csv-parse's loop over every character (about three
 * quarters of reading a million enterprises), fields quoted as Excel quotes them (a comma or a
 * quote in a name) too (see fieldsOf).
 * At the first line that is not so simple (a field with a line end in it, a stray quote, another
 * line ending, a line over MAX_RECORD_CHARS bytes, a field `decode` leaves to csv-parse) the rest
 * comes from `rest`, told how many records were given.
 */
export async function* simpleRecords(
  bytes: AsyncIterable<Buffer>,
  delimiter: "," | "\t",
  rest: (given: number) => AsyncIterable<LineRecord>,
  decode: FieldDecoder = utf8Field,
): AsyncGenerator<LineRecord> {
  const sep = delimiter.charCodeAt(0);
  let carry: Buffer | undefined;
  let line = 0;
  let given = 0;
  let started = false;
  /** Whether lines end in CRLF, once the first line end is seen. */
  let crlf: boolean | undefined;
  let simple = true;
  chunks: for await (const chunk of bytes) {
    const data: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
    let start = 0;
    if (!started) {
      if (data.length < 3) {
        carry = data;
        continue;
      }
      started = true;
      if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) start = 3;
    }
    // In a file of LF lines a CR anywhere: csv-parse reads on.
    if (crlf === false && data.indexOf(0x0d, start) >= 0) {
      simple = false;
      break;
    }
    // The first quote at or after the line being split (the chunk's length when there is none).
    let quote = nextQuote(data, start);
    for (let nl = data.indexOf(0x0a, start); nl >= 0; nl = data.indexOf(0x0a, start)) {
      let end = nl;
      if (crlf === undefined) {
        crlf = nl > start && data[nl - 1] === 0x0d;
        if (!crlf && data.indexOf(0x0d, start) >= 0) {
          simple = false;
          break chunks;
        }
      }
      if (crlf) {
        // The line's only CR is the one before its LF.
        if (nl === start || data.indexOf(0x0d, start) !== nl - 1) {
          simple = false;
          break chunks;
        }
        end--;
      }
      if (end - start > MAX_RECORD_CHARS) {
        simple = false;
        break chunks;
      }
      line++;
      if (end > start) {
        const record =
          quote >= end && decode === utf8Field
            ? utf8FieldsOf(data, start, end, sep)
            : fieldsOf(data, start, end, sep, decode, quote);
        if (!record) {
          simple = false;
          break chunks;
        }
        yield { record, lines: line };
        given++;
      }
      start = nl + 1;
      if (quote < start) quote = nextQuote(data, start);
    }
    carry = start < data.length ? data.subarray(start) : undefined;
    if (carry && carry.length > MAX_RECORD_CHARS) {
      simple = false;
      break;
    }
  }
  // The last line, without a line end.
  let last: string[] | undefined;
  if (simple && carry?.length) {
    simple = started && carry.indexOf(0x0d) < 0;
    if (simple) {
      last = fieldsOf(carry, 0, carry.length, sep, decode, nextQuote(carry, 0));
      simple = last !== undefined;
    }
  }
  if (!simple) {
    yield* rest(given);
    return;
  }
  if (last) yield { record: last, lines: line + 1 };
}

/** Where the next quote is in `data` from `start`, or data's length when there is none. */
function nextQuote(data: Buffer, start: number): number {
  const at = data.indexOf(0x22, start);
  return at < 0 ? data.length : at;
}

/**
 * The fields of a UTF-8 line without a quote, each decoded on its own (a field split from a
 * decoded line would keep the whole line in memory): {@link fieldsOf} for the usual line, the
 * decoding written in (about 3% of splitting a million rows).
 */
function utf8FieldsOf(data: Buffer, start: number, end: number, sep: number): string[] {
  const fields: string[] = [];
  for (let at = start; ; ) {
    const next = data.indexOf(sep, at);
    if (next < 0 || next >= end) {
      fields.push(data.toString("utf8", at, end));
      return fields;
    }
    fields.push(data.toString("utf8", at, next));
    at = next + 1;
  }
}

/**
 * The fields of the line at start..end of `data`, separated by the byte `sep`, each decoded on
 * its own by `decode`, as csv-parse reads them (quotes strict, as the readers ask of it): a field
 * that begins with a quote runs to the quote that closes it, which a separator or the line's end
 * must follow, and may hold separators and doubled quotes, each read as one. Undefined for
 * anything else: a quote in a field that does not begin with one, a character after a closing
 * quote, a quoted field still open at the line's end (it holds a line end), or a field `decode`
 * leaves: csv-parse reads those, or says what is wrong. `quote`: where the first quote from
 * `start` is (data's length when there is none), found again only once a field is past it.
 */
function fieldsOf(
  data: Buffer,
  start: number,
  end: number,
  sep: number,
  decode: FieldDecoder,
  quote: number,
): string[] | undefined {
  const fields: string[] = [];
  for (let at = start; ; ) {
    if (at < end && data[at] === 0x22) {
      let close = at + 1;
      let doubled = false;
      for (;;) {
        close = data.indexOf(0x22, close);
        if (close < 0 || close >= end) return undefined;
        if (close + 1 < end && data[close + 1] === 0x22) {
          doubled = true;
          close += 2;
        } else break;
      }
      if (close + 1 < end && data[close + 1] !== sep) return undefined;
      const text = decode(data, at + 1, close);
      if (text === undefined) return undefined;
      fields.push(doubled ? text.replaceAll('""', '"') : text);
      if (close + 1 === end) return fields;
      at = close + 2;
    } else {
      const next = data.indexOf(sep, at);
      const stop = next < 0 || next >= end ? end : next;
      if (quote < at) quote = nextQuote(data, at);
      if (quote < stop) return undefined;
      const text = decode(data, at, stop);
      if (text === undefined) return undefined;
      fields.push(text);
      if (stop === end) return fields;
      at = next + 1;
    }
  }
}

/**
 * csv-parse handing on each record with the line it ends on: the parser's line count when it
 * hands the record on, which is what its `info` option reports, without the two objects that
 * option builds per record (1.3 s of a million rows).
 */
export class LineParser extends Parser {
  override push(record: unknown, encoding?: BufferEncoding): boolean {
    return super.push(record === null ? null : { record, lines: this.info.lines }, encoding);
  }
}

/**
 * The rows of a CSV file. As in a workbook, rows above the header that `isHeader` recognises (a
 * title, a date line: what a sheet saved as CSV keeps) are skipped, and so are rows with every field
 * empty (what Excel writes for a row it once formatted). In batches (see readRowBatches).
 */
async function* csvRows(
  file: string,
  options: SourceOptions,
  onHeader?: OnHeader,
  isHeader?: (cells: string[]) => HeaderKind,
): AsyncGenerator<RawRow[]> {
  const t = say(options.lang);
  const encoding = options.encoding ?? (await detectEncoding(file));
  if (!iconv.encodingExists(encoding))
    throw new InputError([
      { file, line: 0, col: 0, message: t(`unknown encoding '${encoding}'`, `未知编码“${encoding}”`) },
    ]);
  // UTF-8, GB18030 and GBK are read as bytes, each field decoded on its own (a second pass over
  // the text cost 0.8 s of 6.3 for a million rows); other encodings are decoded first.
  const bytes = createReadStream(file);
  const utf8 = /^utf-?8$/i.test(encoding);
  // The encoding is checked on the way: a part in another one (two exports joined) would
  // otherwise be decoded into replacement or wrong characters without a word. UTF-8 is checked
  // throughout; a file detected as GBK, for lines of UTF-8 Chinese (an --encoding given is trusted).
  const checked = utf8
    ? bytes.pipe(new Utf8Check())
    : options.encoding === undefined && !isUtf16(encoding)
      ? bytes.pipe(new GbkCheck())
      : undefined;
  const delimiter = await detectDelimiter(file, encoding);
  const parser = utf8
    ? utf8Records(file, delimiter, bytes, checked as Transform)
    : splitsAsGb(encoding)
      ? gbRecords(
          file,
          encoding,
          delimiter,
          bytes,
          checked,
          options.encoding === undefined ? () => new GbkCheck() : undefined,
        )
      : csvParse(
          (checked ?? bytes).pipe(iconv.decodeStream(encoding, { stripBOM: true })),
          delimiter,
          checked,
        );
  let header: string[] | undefined;
  /** The first rows, until one is a whole header (those above it are a title), or TITLE_ROWS of them. */
  const above: LineRecord[] = [];
  let partial = -1;
  /** The header at `above[at]`; the rows after it, to be read as data. */
  const take = (at: number): LineRecord[] => {
    const h = above[at];
    header = h.record.map(cleanHeader);
    checkHeader(file, header, h.lines, t);
    onHeader?.(header, h.lines);
    return above.splice(0).slice(at + 1);
  };
  const row = ({ record, lines }: LineRecord): RawRow => {
    const columns = (header as string[]).length;
    if (record.length !== columns)
      throw new InputError([
        {
          file,
          line: lines,
          col: 0,
          message: `CSV: ${t(`the row does not have the header's ${columns} columns`, `该行列数与表头的 ${columns} 列不符`)}`,
        },
      ]);
    for (let i = 0; i < record.length; i++) {
      const c = record[i].charCodeAt(0);
      if (c === 0x3d || c === 0x27) record[i] = asExcelShows(record[i]);
      if (record[i].includes("\uFEFF")) {
        throw new InputError([
          {
            file,
            line: lines,
            col: i + 1,
            message: t(
              "a byte-order mark (U+FEFF) in the middle of the file: were two files joined? Save it again as one CSV",
              "文件中间出现字节顺序标记（U+FEFF）：是否把两个文件拼接在一起了？请重新另存为一个 CSV 文件",
            ),
          },
        ]);
      }
    }
    return { row: lines, values: record };
  };
  let batch: RawRow[] = [];
  try {
    for await (const line of parser) {
      if (line.record.every((v) => v === "")) continue;
      if (header) {
        batch.push(row(line));
        if (batch.length < BATCH) continue;
        yield batch;
        batch = [];
        continue;
      }
      above.push(line);
      // A row naming every column the file needs is the header. Failing that within TITLE_ROWS rows,
      // the first naming some of them is (and its message says what it lacks); failing that too, the first.
      const kind = isHeader?.(line.record.map(cleanHeader));
      if (kind === "partial" && partial < 0) partial = above.length - 1;
      if (kind === undefined || kind === "whole") for (const r of take(above.length - 1)) batch.push(row(r));
      else if (above.length >= TITLE_ROWS) for (const r of take(Math.max(partial, 0))) batch.push(row(r));
    }
    // A file of fewer rows than that, none of them a whole header.
    if (!header && above.length) for (const r of take(Math.max(partial, 0))) batch.push(row(r));
    if (batch.length) yield batch;
  } catch (e) {
    if (e instanceof InputError) throw e;
    if (e instanceof NotGbk) {
      throw new InputError([
        {
          file,
          line: e.line,
          col: 0,
          message: t(
            "this line is UTF-8, though the file began in GBK: is part of it in UTF-8 (two files joined)? Save it again in one encoding, or give --encoding if the file is GBK throughout",
            "文件以 GBK 编码开头，但此行为 UTF-8 编码：是否有一部分为 UTF-8（两个文件拼接）？请统一编码后重新保存；如确为 GBK 编码，请指定 --encoding gbk",
          ),
        },
      ]);
    }
    if (e instanceof NotUtf8) {
      throw new InputError([
        {
          file,
          line: await lineAt(file, e.offset),
          col: 0,
          message: t(
            "the text is not UTF-8 from here on, though the file began in UTF-8: is part of it in GBK (two files joined)? Save it again in one encoding",
            "文件以 UTF-8 开头，但从此处起不是 UTF-8：是否有一部分为 GBK 编码（两个文件拼接）？请统一编码后重新保存",
          ),
        },
      ]);
    }
    const err = e as Error & { lines?: number };
    const message = err.message.split("\n")[0];
    throw new InputError([{ file, line: err.lines ?? 0, col: 0, message: `CSV: ${message}` }]);
  }
  if (!header)
    throw new InputError([
      { file, line: 1, col: 1, message: t("the file has no header row", "文件没有表头行") },
    ]);
}

/**
 * The rows of a workbook's sheet: the one `--sheet` names, or else the first sheet whose first rows
 * hold a header (`isHeader`: one naming any of the columns, whole or not). Offices put a sheet of
 * instructions (填表说明) before the list: a sheet with no such row is passed over, and a notice
 * says which sheet was read. When the first sheet has none and several later ones have a whole
 * header, which list is meant is not guessed: `--sheet` must say. Sheets after the one read that
 * have a whole header too are named in a notice.
 */
async function* xlsxRows(
  file: string,
  options: SourceOptions,
  onHeader?: OnHeader,
  isHeader?: (cells: string[]) => HeaderKind,
  onNotice?: (notice: string) => void,
): AsyncGenerator<RawRow> {
  const t = say(options.lang);
  let sheets: SheetSource[];
  const unreadableBook = (e: unknown) => {
    const why = (e as Error).message.split("\n")[0];
    return new InputError([
      {
        file,
        line: 1,
        col: 1,
        message: t(`XLSX: cannot read the workbook (${why})`, `XLSX：无法读取工作簿（${why}）`),
      },
    ]);
  };
  // An XLSX workbook is a ZIP archive: a file of another kind named .xlsx (a CSV or an old .xls
  // renamed) is said to be one.
  const head = Buffer.alloc(4);
  const fh = await open(file, "r");
  try {
    await fh.read(head, 0, 4, 0);
  } finally {
    await fh.close();
  }
  // Excel saves a workbook with a password to open it as an OLE compound file, as it did .xls files.
  if (head.readUInt32LE(0) === 0xe011cfd0)
    throw new InputError([
      {
        file,
        line: 1,
        col: 1,
        message: t(
          "XLSX: the workbook is protected by a password to open it, or is an Excel 97–2003 file renamed: open it in Excel, remove the password (File, Info, Protect Workbook) or save it as .xlsx",
          "XLSX：该工作簿设置了打开密码，或是由 Excel 97–2003 文件改名而来：请在 Excel 中打开，取消密码（文件 → 信息 → 保护工作簿）或另存为 .xlsx",
        ),
      },
    ]);
  if (head.readUInt32LE(0) !== 0x04034b50)
    throw new InputError([
      {
        file,
        line: 1,
        col: 1,
        message: t(
          "XLSX: the file is not an Excel workbook (.xlsx): was it renamed from another format? Save it from Excel as .xlsx",
          "XLSX：该文件不是 Excel 工作簿（.xlsx）：是否由其他格式改名而来？请在 Excel 中另存为 .xlsx",
        ),
      },
    ]);
  /** A fault of the workbook (row 0) or of the sheet being read, as a problem of the file. */
  const faultOf = (e: XlsxFault, sheet: string | undefined) =>
    new InputError([
      {
        file,
        line: e.row || 1,
        col: e.row ? 0 : 1,
        ...(e.row && sheet !== undefined ? { sheet } : {}),
        message: t(`XLSX: ${e.en}`, `XLSX：${e.zh}`),
      },
    ]);
  try {
    sheets = await openWorkbook(file);
  } catch (e) {
    throw e instanceof XlsxFault ? faultOf(e, undefined) : unreadableBook(e);
  }
  const blank = (values: unknown[]) => values.every((v) => v === "" || v === null || v === undefined);
  const headerCells = (values: readonly unknown[]) => values.map((v) => cleanHeader(String(v ?? "")));
  const kindOf = (values: unknown[]) => isHeader?.(headerCells(values));
  let index = 0;
  let header: string[] | undefined;
  /** The sheet read, and the first sheet's first rows (for its header's message when no sheet has one). */
  let chosen: string | undefined;
  let first: { name: string; above: RawRow[] } | undefined;
  /** Sheets before the one read that have no header, and after it that have a whole one too. */
  const passed: string[] = [];
  const alsoHeaded: string[] = [];
  const take = (sheet: string, above: RawRow[], at: number): RawRow[] => {
    const h = above[at];
    header = headerCells(h.values ?? []);
    checkHeader(file, header, h.row, t, sheet);
    onHeader?.(header, h.row, sheet);
    return above.slice(at + 1);
  };
  /** The sheet being read, for a message about its XML. */
  let reading = "";
  try {
    for (const sheet of sheets) {
      index++;
      const name = sheet.name;
      reading = name;
      const named = options.sheet === undefined || options.sheet === String(index) || options.sheet === name;
      if (!named || (options.sheet !== undefined && chosen !== undefined)) continue;
      // The first rows, until one is a whole header: those above it are a title. Failing that, the
      // first row naming some columns is the header (and its message says what it lacks); failing
      // that too, the first row.
      const above: RawRow[] = [];
      let whole = -1;
      let partial = -1;
      const rows = sheet.rows();
      try {
        for (let r = await rows.next(); !r.done; r = await rows.next()) {
          const values = r.value.values;
          if (blank(values)) continue;
          above.push({ row: r.value.number, values });
          const kind = kindOf(values);
          if (kind === undefined || kind === "whole") {
            whole = above.length - 1;
            break;
          }
          if (kind === "partial" && partial < 0) partial = above.length - 1;
          if (above.length >= TITLE_ROWS) break;
        }
        const headed = whole >= 0 ? whole : partial;
        if (index === 1) first = { name, above };
        const read = chosen === undefined && (options.sheet !== undefined || headed >= 0);
        if (!read) {
          if (whole >= 0) alsoHeaded.push(name);
          else if (chosen === undefined) passed.push(name);
          continue;
        }
        chosen = name;
        if (above.length) yield* take(name, above, Math.max(headed, 0));
        for (let r = await rows.next(); !r.done; r = await rows.next()) {
          const values = r.value.values;
          if (!blank(values)) yield { row: r.value.number, values };
        }
      } finally {
        // Stops the sheet's reading (nothing once it is read to its end), however this one ends.
        await rows.return(undefined);
      }
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw e instanceof XlsxFault ? faultOf(e, reading) : unreadableBook(e);
  }
  // No sheet at all, or none of the name --sheet gives.
  if (options.sheet !== undefined ? chosen === undefined : index === 0)
    throw new InputError([
      {
        file,
        line: 0,
        col: 0,
        message: options.sheet
          ? t(`no sheet '${options.sheet}'`, `没有工作表“${options.sheet}”`)
          : t("the workbook has no sheet", "工作簿中没有工作表"),
      },
    ]);
  if (options.sheet === undefined) {
    const quoted = (names: readonly string[]) => names.map((n) => `'${n}'`).join(", ");
    const quotedZh = (names: readonly string[]) => names.map((n) => `“${n}”`).join("、");
    if (chosen === undefined) {
      // No sheet has a header: the first sheet's first row is taken for one, and its message says what it lacks.
      if (first?.above.length) yield* take(first.name, first.above, 0);
    } else if (passed.length && alsoHeaded.length) {
      const all = [chosen, ...alsoHeaded];
      throw new InputError([
        {
          file,
          line: 0,
          col: 0,
          message: t(
            `the first sheet, '${passed[0]}', has no header, and sheets ${quoted(all)} each have one: give --sheet to say which to read`,
            `第一个工作表“${passed[0]}”没有表头，而工作表 ${quotedZh(all)} 都有：请用 --sheet 指明读取哪一个`,
          ),
        },
      ]);
    } else if (passed.length)
      onNotice?.(
        t(
          `note: read sheet '${chosen}' of ${file}: ${passed.length === 1 ? `the first sheet, '${passed[0]}', has` : `sheets ${quoted(passed)} before it have`} no header`,
          `提示：读取 ${file} 的工作表“${chosen}”：${passed.length === 1 ? `第一个工作表“${passed[0]}”` : `此前的工作表 ${quotedZh(passed)}`}没有表头`,
        ),
      );
    else if (alsoHeaded.length)
      onNotice?.(
        t(
          `note: read the first sheet, '${chosen}', of ${file}; sheet(s) ${quoted(alsoHeaded)} have a header too and were not read (give --sheet to read another)`,
          `提示：读取 ${file} 的第一个工作表“${chosen}”；工作表 ${quotedZh(alsoHeaded)} 也有表头，未读取（如需读取其他工作表，请用 --sheet 指明）`,
        ),
      );
  }
  if (!header)
    throw new InputError([
      { file, line: 1, col: 1, message: t("the sheet has no header row", "工作表没有表头行") },
    ]);
}

async function* jsonRows(file: string, t: Say, onHeader?: OnHeader): AsyncGenerator<RawRow> {
  let data: unknown;
  const text = (await readFile(file, "utf8")).replace(/^\uFEFF/, "");
  try {
    data = JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const pos = m ? lineCol(text, Number(m[1])) : { line: 1, col: 1 };
    throw new InputError([{ file, ...pos, message: `JSON: ${(e as Error).message.split("\n")[0]}` }]);
  }
  if (!Array.isArray(data))
    throw new InputError([
      { file, line: 1, col: 1, message: t("JSON: expected an array of records", "JSON：应为记录的数组") },
    ]);
  const header = [
    ...new Set(data.flatMap((r) => (r && typeof r === "object" && !Array.isArray(r) ? Object.keys(r) : []))),
  ];
  const lines = elementLines(text);
  onHeader?.(header.map(cleanHeader), lines[0] ?? 1, undefined, true);
  for (let i = 0; i < data.length; i++) {
    const r = data[i];
    if (!r || typeof r !== "object" || Array.isArray(r))
      throw new InputError([
        {
          file,
          line: lines[i] ?? i + 1,
          col: 0,
          record: i + 1,
          message: t(`JSON: record ${i + 1} is not an object`, `JSON：第 ${i + 1} 条记录不是对象`),
        },
      ]);
    yield { row: i + 1, line: lines[i] ?? i + 1, cells: plainCells(r as Record<string, unknown>) };
  }
}

/**
 * The line where each element of a JSON text's top-level array begins (the text is valid JSON): a
 * record's number alone would send its reader to the wrong line of a file written one key a line.
 */
export function elementLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let next = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) line++;
    if (c === 0x0a || c === 0x0d || c === 0x20 || c === 0x09) continue;
    if (next && c !== 0x5d) lines.push(line);
    next = false;
    if (c === 0x22) {
      // A string: to its closing quote, past escaped characters (no line break can be in one).
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x5b || c === 0x7b) {
      depth++;
      next = depth === 1;
    } else if (c === 0x5d || c === 0x7d) depth--;
    else if (c === 0x2c && depth === 1) next = true;
  }
  return lines;
}

async function* ndjsonRows(file: string, t: Say, onHeader?: OnHeader): AsyncGenerator<RawRow> {
  const lines = createInterface({
    input: createReadStream(file, { encoding: "utf8" }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let n = 0;
  // Every key of the file's records, in the order first met, and the line of its first record.
  const keys = new Set<string>();
  let first = 0;
  let last: string[] = [];
  for await (const raw of lines) {
    n++;
    const line = n === 1 ? raw.replace(/^\uFEFF/, "") : raw;
    if (!line.trim()) continue;
    if (line.length > MAX_RECORD_CHARS)
      throw new InputError([
        {
          file,
          line: n,
          col: 1,
          message: t(
            `NDJSON: line longer than ${MAX_RECORD_CHARS} characters`,
            `NDJSON：该行超过 ${MAX_RECORD_CHARS} 个字符`,
          ),
        },
      ]);
    let r: unknown;
    try {
      r = JSON.parse(line);
    } catch (e) {
      throw new InputError([
        { file, line: n, col: 1, message: `NDJSON: ${(e as Error).message.split("\n")[0]}` },
      ]);
    }
    if (!r || typeof r !== "object" || Array.isArray(r))
      throw new InputError([
        {
          file,
          line: n,
          col: 1,
          message: t("NDJSON: the line is not a JSON object", "NDJSON：该行不是 JSON 对象"),
        },
      ]);
    first ||= n;
    const cells = plainCells(r as Record<string, unknown>);
    // Lines of one export share their keys: only a line whose keys differ from the last adds any.
    const own = Object.keys(cells);
    if (!sameKeys(own, last)) for (const k of own) keys.add(k);
    last = own;
    yield { row: n, cells };
  }
  if (first) onHeader?.([...keys], first, undefined, true);
}

/** Whether two records have the same keys in the same order. */
export function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Copies an object's own keys into a null-prototype record, so `__proto__` keys stay plain data. */
function plainCells(r: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  for (const k of Object.keys(r)) out[cleanHeader(k)] = r[k];
  return out;
}

function cleanHeader(h: string): string {
  return h.replace(/^\uFEFF/, "").trim();
}

/**
 * A CSV field as Excel shows it, for the marks exports put on a code so that Excel keeps it as text
 * (its leading zeros, its 18 digits): ="00123" is the text 00123 (a formula of a string, its
 * doubled quotes one), and a leading apostrophe ('00123) is not shown. Any other field as it is.
 */
function asExcelShows(field: string): string {
  if (field.charCodeAt(0) === 0x27) return field.slice(1);
  const formula = /^="((?:[^"]|"")*)"$/s.exec(field);
  return formula ? formula[1].replaceAll('""', '"') : field;
}

/** Refuses a header that names a column twice (in a workbook, `sheet` is named with the row). */
function checkHeader(file: string, header: string[], line: number, t: Say, sheet?: string) {
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  header.forEach((h, i) => {
    if (h && seen.has(h))
      problems.push({
        file,
        line,
        col: i + 1,
        ...(sheet === undefined ? {} : { sheet }),
        message: t(
          `duplicate column '${h}' (also column ${(seen.get(h) ?? 0) + 1})`,
          `列名“${h}”重复（第 ${(seen.get(h) ?? 0) + 1} 列也是）`,
        ),
      });
    seen.set(h, i);
  });
  if (problems.length) throw new InputError(problems);
}

function lineCol(text: string, pos: number): { line: number; col: number } {
  const before = text.slice(0, pos);
  const line = before.split("\n").length;
  return { line, col: pos - before.lastIndexOf("\n") };
}
