/** The rows of JSON and NDJSON files: records by name, each of which may have keys of its own. */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { InputError } from "../problem.js";
import { MAX_RECORD_CHARS } from "./csv-records.js";
import { type ArrayElement, ArrayScanner, ArraySyntaxError, ElementTooLongError } from "./json-array.js";
import { BATCH, cleanHeader, type OnHeader, type RawRow, type Say, sameKeys } from "./rows.js";

/** Bytes of a JSON file read at a time. */
const PIECE = 1 << 20;

/**
 * The records of a JSON file (an array of records), each by name with its number and the line it
 * begins on, in batches; the header, every key of the file's records, is told after the last. The
 * file is read a piece at a time (see ArrayScanner) and each record parsed alone, so an array of
 * any length is read in the memory of its records, not of its text as well. `piece`: bytes read
 * at a time (at least 3, so that a byte order mark is whole in the first).
 */
export async function* jsonRows(
  file: string,
  t: Say,
  onHeader?: OnHeader,
  piece = PIECE,
): AsyncGenerator<RawRow[]> {
  const scanner = new ArrayScanner(3 * MAX_RECORD_CHARS);
  const keys = new Set<string>();
  let last: string[] = [];
  let first = 0;
  let n = 0;
  const row = (e: ArrayElement): RawRow => {
    n++;
    if (e.text.length > MAX_RECORD_CHARS) throw tooLong(file, t, n, e.line);
    let r: unknown;
    try {
      r = JSON.parse(e.text);
    } catch (x) {
      throw elementSyntax(e, x as Error);
    }
    if (!r || typeof r !== "object" || Array.isArray(r))
      throw new InputError([
        {
          file,
          line: e.line,
          col: 0,
          record: n,
          message: t(`JSON: record ${n} is not an object`, `JSON：第 ${n} 条记录不是对象`),
        },
      ]);
    first ||= e.line;
    const cells = plainCells(r as Record<string, unknown>);
    // Records of one export share their keys: only one whose keys differ from the last adds any.
    const own = Object.keys(cells);
    if (!sameKeys(own, last)) for (const k of own) keys.add(k);
    last = own;
    return { row: n, line: e.line, cells };
  };
  try {
    let bom = true;
    for await (const bytes of createReadStream(file, { highWaterMark: piece }) as AsyncIterable<Buffer>) {
      const elements = scanner.feed(bom && hasBom(bytes) ? bytes.subarray(3) : bytes);
      bom = false;
      let batch: RawRow[] = [];
      for (const e of elements) {
        batch.push(row(e));
        if (batch.length < BATCH) continue;
        yield batch;
        batch = [];
      }
      if (batch.length) yield batch;
    }
    const dangling = scanner.end();
    // A value that ends the file unclosed: JSON.parse says what is wrong with it.
    if (dangling) {
      yield [row(dangling)];
      scanner.end();
    }
  } catch (e) {
    if (e instanceof ElementTooLongError) throw tooLong(file, t, e.element, e.line);
    if (e instanceof ArraySyntaxError) throw await syntaxProblem(file, t, e);
    throw e;
  }
  onHeader?.([...keys], first || 1, undefined, true);
}

const hasBom = (b: Buffer) => b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;

/** JSON.parse's error for an element, placed in the file (V8 gives the position in the element's text). */
function elementSyntax(e: ArrayElement, x: Error): ArraySyntaxError {
  const said = x.message.split("\n")[0];
  const m = /^(.*?) at position (\d+)/.exec(said);
  if (!m) return new ArraySyntaxError(e.at, said, false);
  return new ArraySyntaxError(e.at + Buffer.byteLength(e.text.slice(0, Number(m[2]))), m[1], true);
}

function tooLong(file: string, t: Say, record: number, line: number): InputError {
  return new InputError([
    {
      file,
      line,
      col: 0,
      record,
      message: t(
        `JSON: record ${record} is longer than ${MAX_RECORD_CHARS} characters`,
        `JSON：第 ${record} 条记录超过 ${MAX_RECORD_CHARS} 个字符`,
      ),
    },
  ]);
}

/**
 * The problem of a JSON file whose syntax breaks at a byte: its line and column, and its position
 * as JSON.parse counts it (characters of the text without its byte order mark), found by reading
 * the file again up to there.
 */
async function syntaxProblem(file: string, t: Say, e: ArraySyntaxError): Promise<InputError> {
  const { line, col, position } = await placeOf(file, e.at);
  const message = e.notArray
    ? t("JSON: expected an array of records", "JSON：应为记录的数组")
    : `JSON: ${e.reason}${e.positioned ? ` at position ${position}` : ""}`;
  return new InputError([{ file, line, col, message }]);
}

/**
 * The line, column and character position (UTF-16 units) of byte `at` of a UTF-8 file's text, which
 * begins after its byte order mark, if any.
 */
export async function placeOf(
  file: string,
  at: number,
): Promise<{ line: number; col: number; position: number }> {
  let line = 1;
  let col = 1;
  let position = 0;
  let offset = 0;
  let end = at;
  for await (const bytes of createReadStream(file, { highWaterMark: PIECE }) as AsyncIterable<Buffer>) {
    const from = offset === 0 && hasBom(bytes) ? 3 : 0;
    end += from;
    const to = Math.min(bytes.length, end - offset);
    for (let i = from; i < to; i++) {
      const b = bytes[i];
      // A character's first byte counts one unit, and a second for one beyond U+FFFF (four bytes).
      if ((b & 0xc0) === 0x80) continue;
      const units = b >= 0xf0 ? 2 : 1;
      position += units;
      col += units;
      if (b === 0x0a) {
        line++;
        col = 1;
      }
    }
    offset += bytes.length;
    if (offset >= end) break;
  }
  return { line, col, position };
}

/**
 * The records of an NDJSON file, one JSON object a line (blank lines passed over), read a line at a
 * time; the header, every key of the file's records, is told after the last.
 */
export async function* ndjsonRows(file: string, t: Say, onHeader?: OnHeader): AsyncGenerator<RawRow> {
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

/** Copies an object's own keys into a null-prototype record, so `__proto__` keys stay plain data. */
function plainCells(r: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  for (const k of Object.keys(r)) out[cleanHeader(k)] = r[k];
  return out;
}
