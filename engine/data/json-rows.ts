/** The rows of JSON and NDJSON files: records by name, each of which may have keys of its own. */
import { createReadStream, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { InputError } from "../problem.js";
import { MAX_RECORD_CHARS } from "./csv-records.js";
import { cleanHeader, type OnHeader, type RawRow, type Say, sameKeys } from "./rows.js";

/**
 * A JSON file's text. A JSON array is parsed whole, and a string holds at most 2^29 − 24
 * characters: a larger file (some 600 MB of records) is refused, saying how to read it instead.
 */
async function wholeText(file: string, t: Say): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (e) {
    if (!(e instanceof RangeError) && (e as NodeJS.ErrnoException).code !== "ERR_STRING_TOO_LONG") throw e;
    const mb = Math.round(statSync(file).size / 2 ** 20);
    throw new InputError([
      {
        file,
        line: 0,
        col: 0,
        message: t(
          `JSON: the file (${mb} MB) is too large to read as one array: save it as NDJSON (one record a line, .ndjson) or as CSV, which are read a record at a time`,
          `JSON：文件（${mb} MB）过大，无法作为一个数组读取：请另存为 NDJSON（每行一条记录，.ndjson）或 CSV，这两种格式逐条读取`,
        ),
      },
    ]);
  }
}

/**
 * The records of a JSON file (an array of records), each by name with its number and the line it
 * begins on; the header is every key of the file's records, told before the first.
 */
export async function* jsonRows(file: string, t: Say, onHeader?: OnHeader): AsyncGenerator<RawRow> {
  let data: unknown;
  const text = (await wholeText(file, t)).replace(/^\uFEFF/, "");
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

function lineCol(text: string, pos: number): { line: number; col: number } {
  const before = text.slice(0, pos);
  const line = before.split("\n").length;
  return { line, col: pos - before.lastIndexOf("\n") };
}
