/** The recorded inputs of a draw read back a record at a time (see jsonLines), whatever their layout. */
import { MAX_RECORD_CHARS } from "../data/csv-records.js";
import { ArraySyntaxError, arrayElements, ElementTooLongError, parseElement } from "../data/json-array.js";
import { syntaxPlace } from "../data/json-place.js";
import { fileBytes } from "../data/utf8-bytes.js";
import { listKey } from "../list-key.js";

/**
 * Where a recorded list is not a JSON array of records: JSON.parse's reason where it is not JSON,
 * none where it is JSON but no array, or the record longer than a record can be.
 */
export interface ListBroken {
  readonly line: number;
  readonly col: number;
  readonly reason?: string;
  readonly tooLong?: number;
}

/**
 * The records of a recorded list, a JSON array of any layout (the draw writes one record a line;
 * another program may rewrite it), read a record at a time: the text of a directory of 2.5
 * million enterprises is longer than a string can be. Where the file is not such an array, where.
 * Pooled, the records' lists and empty objects are shared (see ValuePool). `onRecords` is told
 * the records read so far, as they are read.
 */
export async function recordedList(
  file: string,
  pooled = false,
  onRecords?: (records: number) => void,
  /** Only the records whose text it keeps are parsed and returned (one enterprise of a million). */
  only?: (text: string) => boolean,
): Promise<unknown[] | ListBroken> {
  const records: unknown[] = [];
  const pool = pooled ? new ValuePool() : undefined;
  try {
    for await (const elements of arrayElements(fileBytes(file), MAX_RECORD_CHARS)) {
      for (const e of elements) {
        if (only && !only(e.text)) continue;
        records.push(pool ? pool.record(parseElement(e)) : parseElement(e));
      }
      onRecords?.(records.length);
    }
  } catch (e) {
    if (e instanceof ElementTooLongError) return { line: e.line, col: 1, tooLong: e.element };
    if (!(e instanceof ArraySyntaxError)) throw e;
    const { line, col, reason } = await syntaxPlace(fileBytes(file), e);
    return e.notArray ? { line, col } : { line, col, reason };
  }
  return records;
}

/** The shared empty object of pooled records. */
const EMPTY: Readonly<Record<string, never>> = Object.freeze({});

/**
 * One frozen copy of each list of strings and of the empty object among records' values, shared
 * by every record holding an equal one, as the enterprise reader shares them: JSON.parse makes
 * each enterprise its own department list, tag list and facts object, some 140 bytes an
 * enterprise that a million enterprises' handful of lists does not need (336 MB of records
 * became 195 MB, for 0.45 s). At most LIMIT lists are kept; others stay the record's own.
 */
class ValuePool {
  private static readonly LIMIT = 100_000;
  private readonly lists = new Map<string, readonly string[]>();

  record(r: unknown): unknown {
    if (r === null || typeof r !== "object" || Array.isArray(r)) return r;
    const values = r as Record<string, unknown>;
    for (const k of Object.keys(values)) {
      const v = values[k];
      if (Array.isArray(v)) values[k] = this.list(v);
      else if (isEmptyObject(v)) values[k] = EMPTY;
    }
    return r;
  }

  private list(v: unknown[]): readonly unknown[] {
    if (!v.every((x) => typeof x === "string")) return v;
    const key = listKey(v as string[]);
    const known = this.lists.get(key);
    if (known) return known;
    const list = Object.freeze(v as string[]);
    if (this.lists.size < ValuePool.LIMIT) this.lists.set(key, list);
    return list;
  }
}

/** Whether a value is `{}` as JSON.parse makes it. */
function isEmptyObject(v: unknown): boolean {
  if (v === null || typeof v !== "object" || Object.getPrototypeOf(v) !== Object.prototype) return false;
  for (const _ in v) return false;
  return true;
}
