/**
 * The rows of JSON and NDJSON files: records by name, each of which may have keys of its own. A
 * file is read in UTF-8, GBK or UTF-16 as a CSV is (see fileEncoding), its bytes as UTF-8 (see
 * utf8Bytes).
 */
import { InputError } from "../problem.js";
import { byteLines, LineTooLongError } from "./byte-lines.js";
import { MAX_RECORD_CHARS } from "./csv-records.js";
import { fileEncoding, mixedEncoding } from "./encoding.js";
import {
  type ArrayElement,
  ArraySyntaxError,
  arrayElements,
  ElementTooLongError,
  parseElement,
} from "./json-array.js";
import { syntaxPlace } from "./json-place.js";
import {
  cleanHeader,
  type OnHeader,
  type RawRow,
  type Say,
  type SourceOptions,
  sameKeys,
  say,
} from "./rows.js";
import { type ByteSource, utf8Bytes } from "./utf8-bytes.js";

/** A JSON or NDJSON file's bytes as UTF-8 (see utf8Bytes), from its encoding given or detected. */
async function jsonBytes(file: string, options: SourceOptions, t: Say): Promise<ByteSource> {
  const encoding = await fileEncoding(file, options.encoding, t);
  return utf8Bytes(file, encoding, options.encoding);
}

/**
 * The records of a JSON file (an array of records), each by name with its number and the line it
 * begins on, in batches; the header, every key of the file's records, is told after the last. The
 * file is read a piece at a time (see arrayElements) and each record parsed alone, so an array of
 * any length is read in the memory of its records, not of its text as well. `piece`: see
 * arrayElements.
 */
export async function* jsonRows(
  file: string,
  options: SourceOptions,
  onHeader?: OnHeader,
  piece?: number,
): AsyncGenerator<RawRow[]> {
  const t = say(options.lang);
  const bytes = await jsonBytes(file, options, t);
  const keys = new RecordKeys();
  let n = 0;
  const row = (e: ArrayElement): RawRow => {
    n++;
    const r = parseElement(e);
    // Refused with the file's other problems, not at once: every such record is said together.
    if (!r || typeof r !== "object" || Array.isArray(r))
      return {
        row: n,
        line: e.line,
        refused: {
          file,
          line: e.line,
          col: 0,
          record: n,
          message: t(`JSON: record ${n} is not an object`, `JSON：第 ${n} 条记录不是对象`),
        },
      };
    return { row: n, line: e.line, cells: keys.cells(r as Record<string, unknown>, e.line) };
  };
  try {
    for await (const elements of arrayElements(bytes, MAX_RECORD_CHARS, piece))
      if (elements.length) yield elements.map(row);
  } catch (e) {
    if (e instanceof ElementTooLongError) throw tooLong(file, t, e.element, e.line);
    if (!(e instanceof ArraySyntaxError)) throw (await mixedEncoding(e, file, t, options.encoding)) ?? e;
    const { line, col, reason } = await syntaxPlace(bytes, e);
    const message = e.notArray
      ? t("JSON: expected an array of records", "JSON：应为记录的数组") + (await arraysInside(bytes, t))
      : `JSON: ${reason}`;
    throw new InputError([{ file, line, col, message }]);
  }
  onHeader?.(keys.header(), keys.first || 1, undefined, true);
}

/** The most bytes of a file that is no array read whole to say where its records are. */
const MOST_LOOKED_INTO = 64 << 20;
/** The most arrays of records named. */
const ARRAYS_NAMED = 3;

/**
 * Where the records of a file that is an object may be, said after "expected an array of
 * records": an interface's reply wraps them (`{"code": 200, "data": {"list": [...]}}`), so the arrays
 * of records inside it, by path, with their lengths; or that the object is itself one record.
 * Nothing where the file is larger than MOST_LOOKED_INTO, is no JSON, or holds no such array.
 */
async function arraysInside(bytes: ByteSource, t: Say): Promise<string> {
  const pieces: Buffer[] = [];
  let size = 0;
  for await (const b of bytes(1 << 16)) {
    size += b.length;
    if (size > MOST_LOOKED_INTO) return "";
    pieces.push(b);
  }
  let top: unknown;
  try {
    top = JSON.parse(
      Buffer.concat(pieces)
        .toString("utf8")
        .replace(/^\uFEFF/, ""),
    );
  } catch {
    return "";
  }
  if (!top || typeof top !== "object" || Array.isArray(top)) return "";
  const found: { path: string; length: number; total?: { path: string; count: number } }[] = [];
  const look = (
    v: unknown,
    path: string,
    depth: number,
    counts: readonly { path: string; count: number }[],
  ) => {
    if (!v || typeof v !== "object" || depth > 4) return;
    if (Array.isArray(v)) {
      if (v.length && v.every((x) => x && typeof x === "object" && !Array.isArray(x)))
        found.push({ path, length: v.length, total: counts.find((c) => c.count > v.length) });
      return;
    }
    const here = [...totalsOf(v as Record<string, unknown>, path), ...counts];
    for (const [k, x] of Object.entries(v)) look(x, path ? `${path}.${k}` : k, depth + 1, here);
  };
  look(top, "", 0, []);
  if (!found.length) {
    const values = Object.values(top);
    const record = values.length > 0 && values.every((x) => x === null || typeof x !== "object");
    return record
      ? t(
          ": the file is one record (an object); a file of records is an array of them, [ {...}, {...} ]",
          "：文件是单条记录（一个对象）；记录文件应为由记录组成的数组，[ {...}, {...} ]",
        )
      : "";
  }
  const named = found
    .slice(0, ARRAYS_NAMED)
    .map((f) =>
      t(
        `${f.path} (${f.length} record${f.length === 1 ? "" : "s"}${f.total ? `, one page of ${f.total.count} by ${f.total.path}` : ""})`,
        `${f.path}（${f.length} 条记录${f.total ? `，仅为 ${f.total.path} 所示共 ${f.total.count} 条中的一页` : ""}）`,
      ),
    )
    .concat(found.length > ARRAYS_NAMED ? ["…"] : []);
  // A page of a longer list, given alone, would be drawn from as if it were the whole directory.
  const paged = found.some((f) => f.total);
  return found.length === 1
    ? paged
      ? t(
          `: the file is an object, whose ${named[0]} is an array of records: an interface gives a long list a page at a time; give the whole list, every page's records in one array, as the file`,
          `：文件是一个对象，其中 ${named[0]}为记录数组：接口分页返回长名单；请将各页的记录合并为一个数组，作为文件`,
        )
      : t(
          `: the file is an object, whose ${named[0]} is an array of records: give that array alone as the file`,
          `：文件是一个对象，其中 ${named[0]}为记录数组：请以该数组本身作为文件`,
        )
    : t(
        `: the file is an object, which holds arrays of records at ${named.join(", ")}: give the one meant alone as the file${paged ? ", every page's records in one array" : ""}`,
        `：文件是一个对象，其中 ${named.join("、")} 均为记录数组：请以所需的数组本身作为文件${paged ? "，各页的记录合并为一个数组" : ""}`,
      );
}

/** The keys an interface's reply counts the records of the whole list by, lower case (total, totalCount, 总数…). */
const TOTAL_KEYS = new Set([
  "total",
  "totalcount",
  "totalnum",
  "totalrecords",
  "totalelements",
  "totalsize",
  "totalrows",
  "recordstotal",
  "recordcount",
  "count",
  "总数",
  "总条数",
  "总记录数",
  "记录总数",
]);

/** The counts of a whole list an object of an interface's reply holds (total: 5000, or "5000"), by path. */
function totalsOf(v: Record<string, unknown>, path: string): { path: string; count: number }[] {
  const counts: { path: string; count: number }[] = [];
  for (const [k, x] of Object.entries(v)) {
    if (!TOTAL_KEYS.has(k.toLowerCase())) continue;
    const count =
      typeof x === "number" ? x : typeof x === "string" && /^\d+$/.test(x.trim()) ? Number(x) : NaN;
    if (Number.isSafeInteger(count)) counts.push({ path: path ? `${path}.${k}` : k, count });
  }
  return counts;
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
 * The records of an NDJSON file, one JSON object a line (blank lines passed over), in batches, read
 * a piece at a time (see byteLines); the header, every key of the file's records, is told after
 * the last.
 */
export async function* ndjsonRows(
  file: string,
  options: SourceOptions,
  onHeader?: OnHeader,
): AsyncGenerator<RawRow[]> {
  const t = say(options.lang);
  const bytes = await jsonBytes(file, options, t);
  let n = 0;
  const tooLong = (line: number) =>
    new InputError([
      {
        file,
        line,
        col: 1,
        message: t(
          `NDJSON: line longer than ${MAX_RECORD_CHARS} characters`,
          `NDJSON：该行超过 ${MAX_RECORD_CHARS} 个字符`,
        ),
      },
    ]);
  const keys = new RecordKeys();
  /** A line's record; undefined for a blank line. */
  const row = (raw: string): RawRow | undefined => {
    n++;
    const line = n === 1 ? raw.replace(/^\uFEFF/, "") : raw;
    if (!line.trim()) return undefined;
    if (line.length > MAX_RECORD_CHARS) throw tooLong(n);
    // A line that is no record is refused with the file's other problems: each line stands alone,
    // so every one is said together.
    const refused = (message: string): RawRow => ({ row: n, refused: { file, line: n, col: 1, message } });
    let r: unknown;
    try {
      r = JSON.parse(line);
    } catch (e) {
      return refused(`NDJSON: ${(e as Error).message.split("\n")[0]}`);
    }
    if (!r || typeof r !== "object" || Array.isArray(r))
      return refused(t("NDJSON: the line is not a JSON object", "NDJSON：该行不是 JSON 对象"));
    return { row: n, cells: keys.cells(r as Record<string, unknown>, n) };
  };
  try {
    for await (const lines of byteLines(bytes, 3 * MAX_RECORD_CHARS)) {
      const rows: RawRow[] = [];
      for (const raw of lines) {
        const r = row(raw);
        if (r) rows.push(r);
      }
      if (rows.length) yield rows;
    }
  } catch (e) {
    throw e instanceof LineTooLongError
      ? tooLong(e.line)
      : ((await mixedEncoding(e, file, t, options.encoding)) ?? e);
  }
  if (keys.first) onHeader?.(keys.header(), keys.first, undefined, true);
}

/**
 * The header of a file of records by name: every key of its records, in the order first met, and
 * the line of its first record.
 */
class RecordKeys {
  private readonly keys = new Set<string>();
  private last: string[] = [];
  first = 0;

  /** A record's cells (see plainCells), its keys added to the header; `line`, where it is. */
  cells(r: Record<string, unknown>, line: number): Record<string, unknown> {
    this.first ||= line;
    const cells = plainCells(r);
    // Records of one export share their keys: only one whose keys differ from the last adds any.
    const own = Object.keys(cells);
    if (!sameKeys(own, this.last)) for (const k of own) this.keys.add(k);
    this.last = own;
    return cells;
  }

  header(): string[] {
    return [...this.keys];
  }
}

/** Copies an object's own keys into a null-prototype record, so `__proto__` keys stay plain data. */
function plainCells(r: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  for (const k of Object.keys(r)) out[cleanHeader(k)] = r[k];
  return out;
}
