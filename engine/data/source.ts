/**
 * A tabular input file's rows, whatever its format (chosen by extension): the one entry point of
 * the readers in csv-rows, xlsx-rows and json-rows.
 */
import { access, constants, stat } from "node:fs/promises";
import { extname } from "node:path";
import { unreadable } from "../lang.js";
import { InputError } from "../problem.js";
import { csvRows } from "./csv-rows.js";
import { jsonRows, ndjsonRows } from "./json-rows.js";
import {
  BATCH,
  type HeaderKind,
  type OnHeader,
  type RawRow,
  SHEET_BREAK,
  type SourceOptions,
  say,
} from "./rows.js";
import { xlsxRows } from "./xlsx-rows.js";

/** File formats, chosen by extension. */
export type Format = "csv" | "xlsx" | "json" | "ndjson";

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
    // A policy or scenario given for a table: a command line's files swapped.
    if (ext === ".yaml" || ext === ".yml")
      fail(
        0,
        0,
        t(
          "this is a YAML file (a policy or a scenario), not a table: a policy is given with --policy, a scenario with simulate --scenario; a table is .csv, .xlsx, .json or .ndjson",
          "这是 YAML 文件（政策或模拟情景），不是表格：政策请用 --policy 指定，情景请用 simulate --scenario 指定；表格应为 .csv、.xlsx、.json 或 .ndjson",
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
  else if (format === "json") yield* jsonRows(file, options, onHeader);
  else yield* ndjsonRows(file, options, onHeader);
}

/** The rows of `rows` in batches of at most {@link BATCH}, in order; a batch ends at a {@link SHEET_BREAK}. */
async function* batched(rows: AsyncIterable<RawRow>): AsyncGenerator<RawRow[]> {
  let batch: RawRow[] = [];
  for await (const r of rows) {
    if (r === SHEET_BREAK) {
      if (batch.length) yield batch;
      batch = [];
      continue;
    }
    batch.push(r);
    if (batch.length < BATCH) continue;
    yield batch;
    batch = [];
  }
  if (batch.length) yield batch;
}
