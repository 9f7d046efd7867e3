/**
 * The records of a CSV file, each with the line it ends on: split from the bytes while the file is
 * simple (one line ending, fields quoted as Excel quotes them), csv-parse from there on.
 */
import { createReadStream } from "node:fs";
import type { Readable, Transform } from "node:stream";
import { Parser } from "csv-parse";
import iconv from "iconv-lite";
import { Utf8Check } from "./encoding.js";
import { gbField, WholeCharacters } from "./gb-fields.js";
import { type ColumnsRead, UNREAD } from "./rows.js";

/** Longest CSV record accepted; longer ones are reported instead of exhausting memory. */
export const MAX_RECORD_CHARS = 1_000_000;

/** A CSV record and the line it ends on. */
export interface LineRecord {
  readonly record: string[];
  readonly lines: number;
}

/** The records of a CSV text through csv-parse; an error of `from` (a check on the way) ends them. */
export function csvParse(
  input: NodeJS.ReadableStream,
  delimiter: "," | "\t",
  from?: Readable,
): AsyncIterable<LineRecord> {
  const parser = input.pipe(
    new LineParser({
      delimiter,
      bom: true,
      // Lines ending each way, as Excel reads them: rows added by another program to a file saved
      // on Windows end in LF under a header ending in CRLF (csv-parse would take the line ending
      // of the first line for the file's, and the rest as one record).
      record_delimiter: ["\r\n", "\n", "\r"],
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
  read: ColumnsRead = {},
): AsyncIterable<LineRecord> {
  return simpleRecords(
    checked,
    delimiter,
    async function* (given) {
      bytes.destroy();
      const again = createReadStream(file).pipe(new Utf8Check());
      let k = 0;
      for await (const r of csvParse(again, delimiter, again)) if (k++ >= given) yield r;
    },
    utf8Field,
    read,
  );
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
  check?: () => Transform | undefined,
  read: ColumnsRead = {},
): AsyncIterable<LineRecord> {
  return simpleRecords(
    checked ?? bytes,
    delimiter,
    async function* (given) {
      bytes.destroy();
      const raw = createReadStream(file);
      const step = check?.();
      const again = step ? raw.pipe(step) : raw;
      const text = again.pipe(new WholeCharacters()).pipe(iconv.decodeStream(encoding, { stripBOM: true }));
      let k = 0;
      for await (const r of csvParse(text, delimiter, again)) if (k++ >= given) yield r;
    },
    (data, start, end) => gbField(data, start, end, encoding),
    read,
  );
}

/** A field's text from its bytes; undefined where csv-parse must read the file instead (see gbField). */
export type FieldDecoder = (data: Buffer, start: number, end: number) => string | undefined;

/** The text of the bytes start..end of a field of a UTF-8 file (checked as UTF-8 on the way). */
function utf8Field(data: Buffer, start: number, end: number): string {
  return data.toString("utf8", start, end);
}

/**
 * The records of a CSV file as csv-parse reads them (the same fields and lines; see LineParser),
 * for a file with one line ending throughout (LF, or CRLF), as a program or Excel writes a list:
 * lines and fields are found with the engine's byte search and each field decoded at once (by
 * `decode`, UTF-8 by default), instead of csv-parse's loop over every character (about three
 * quarters of reading a million enterprises), fields quoted as Excel quotes them (a comma or a
 * quote in a name) too (see fieldsOf).
 * At the first line that is not so simple (a field with a line end in it, a stray quote, another
 * line ending, a line over MAX_RECORD_CHARS bytes, a field `decode` leaves to csv-parse) the rest
 * comes from `rest`, told how many records were given. Only the columns `read` says are decoded.
 */
export async function* simpleRecords(
  bytes: AsyncIterable<Buffer>,
  delimiter: "," | "\t",
  rest: (given: number) => AsyncIterable<LineRecord>,
  decode: FieldDecoder = utf8Field,
  read: ColumnsRead = {},
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
          quote >= end && decode === utf8Field && !read.columns
            ? utf8FieldsOf(data, start, end, sep)
            : fieldsOf(data, start, end, sep, decode, quote, read.columns);
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
      last = fieldsOf(carry, 0, carry.length, sep, decode, nextQuote(carry, 0), read.columns);
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
 * A field of a column `columns` does not read is not decoded (see {@link ColumnsRead}).
 */
function fieldsOf(
  data: Buffer,
  start: number,
  end: number,
  sep: number,
  decode: FieldDecoder,
  quote: number,
  columns?: readonly boolean[],
): string[] | undefined {
  const fields: string[] = [];
  for (let at = start; ; ) {
    const skip = columns?.[fields.length] === false;
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
      const text = skip ? (close > at + 1 ? UNREAD : "") : decode(data, at + 1, close);
      if (text === undefined) return undefined;
      fields.push(doubled && !skip ? text.replaceAll('""', '"') : text);
      if (close + 1 === end) return fields;
      at = close + 2;
    } else {
      const next = data.indexOf(sep, at);
      const stop = next < 0 || next >= end ? end : next;
      if (quote < at) quote = nextQuote(data, at);
      if (quote < stop) return undefined;
      const text = skip ? (stop > at ? UNREAD : "") : decode(data, at, stop);
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
