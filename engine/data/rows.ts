/**
 * What every reader of a table (CSV, XLSX, JSON, NDJSON) shares: the rows it hands on, its
 * options, how it tells its header, and the checks a header gets whatever the format.
 */
import { type Lang, tr } from "../lang.js";
import { InputError, type Problem } from "../problem.js";

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
  /**
   * For a CSV row of fewer fields than its header, how many it has: a note typed below a table
   * (合计：2 家, with no commas) may be one, and is read as one; a record is refused (see widthProblem).
   */
  readonly fields?: number;
  /**
   * A CSV row refused as it was read: more fields than its header. Said with the file's other
   * problems, never read as a record or a note.
   */
  readonly refused?: Problem;
  /** A sheet's row hidden (by Hide, or filtered out): read like the others, and said. */
  readonly hidden?: true;
  /** The row's sheet, where several sheets of a workbook are read as one list (`--sheet all`). */
  readonly sheet?: string;
}

/**
 * Yielded by a workbook's reader between two sheets read as one list, before the second one's
 * header is told (OnHeader): the rows of the first are handed on first, in a batch of their own,
 * so that none is read under the second one's header. Not a row: never handed on.
 */
export const SHEET_BREAK: RawRow = Object.freeze({ row: 0 });

/** Options of a tabular reader. */
export interface SourceOptions {
  /** Language of the messages (default English). */
  readonly lang?: Lang;
  /** Force the text encoding of a CSV, JSON or NDJSON file (`utf8`, `gb18030`, `gbk`); default: detected. */
  readonly encoding?: string;
  /** Sheet of an XLSX file, by name or 1-based number; default: the first. */
  readonly sheet?: string;
  /**
   * Read for a draw's frame, which is a whole list, never part of one: without `sheet`, a workbook
   * whose later sheets have a header naming the columns too is refused, not read from its first
   * with a note (one sheet of several lists); and so is a list holding fewer records than a note
   * below it counts (合计：5000户 under 30 rows), said otherwise.
   */
  readonly wholeList?: boolean;
  /** The `sheet` a workbook does not have, when it is read again without it (see xlsxRows). */
  readonly sheetTried?: string;
}

/**
 * Told a file's header and its row number; in a workbook, the sheet read. For JSON and NDJSON,
 * `keyed`: the header is every key of the file's records, each record naming its own columns
 * (one may write 信用等级 where another writes grade, or leave out a key whose value is empty).
 * May return which columns it reads, by position: a CSV or XLSX reader then need not decode the
 * others (see ColumnsRead); undefined, every one.
 */
export type OnHeader = (
  header: string[],
  row: number,
  sheet?: string,
  keyed?: boolean,
  /** A sheet's hidden columns (0-based), which are read like the others. */
  hidden?: readonly number[],
  /** The title block above the header (a title, the unit, a date), a row's cells joined by spaces. */
  title?: readonly TitleRow[],
) => readonly boolean[] | undefined;

/** A row of the title block above a header: its number, and its cells with anything in them, joined by spaces. */
export interface TitleRow {
  readonly row: number;
  readonly text: string;
}

/** A title row of cells (CSV fields, a sheet's values), as {@link TitleRow} gives it. */
export function titleRow(row: number, cells: readonly unknown[]): TitleRow {
  return {
    row,
    text: cells
      .map((c) => (c === null || c === undefined ? "" : String(c).trim()))
      .filter((c) => c !== "")
      .join(" "),
  };
}

/**
 * Which columns of the rows to come their reader reads (by position; absent: every one), set
 * once it has their header: a field (CSV) or text cell (XLSX) of another column is not decoded,
 * and is handed on as "" when empty and as {@link UNREAD} when not, so that a row is still empty
 * only when every field is. Rows split or parsed before it is set are read whole.
 */
export interface ColumnsRead {
  columns?: readonly boolean[];
  /** Set by a workbook's sheet before its first row: the columns it hides (0-based), none when empty. */
  hidden?: readonly number[];
}

/** A field of a column its reader does not read (see {@link ColumnsRead}) that is not empty. */
export const UNREAD = "\u0000unread";

/**
 * What a row is as a header: one naming every column required (`whole`), some of the kind's
 * columns but not all (`partial`: a header that lacks some), or none of them.
 */
export type HeaderKind = "whole" | "partial" | "none";

/** Rows handed on in a batch at a time (see readRowBatches). */
export const BATCH = 4096;

/** How many rows a sheet or CSV file is looked through for its header: those above it are a title block (a title, the unit, a date, the source, a note). */
export const TITLE_ROWS = 10;

/** Picks the English or the Chinese of a message. */
export type Say = (en: string, zh: string) => string;

/** The message function of a language (default English). */
export const say =
  (lang: Lang = "en"): Say =>
  (en, zh) =>
    tr(lang, en, zh);

/** A header cell as its column is named: without a BOM at its start and spaces around it. */
export function cleanHeader(h: string): string {
  return h.replace(/^\uFEFF/, "").trim();
}

/** The most problems of a header said one by one; the rest are counted. */
const HEADER_PROBLEMS = 20;

/**
 * Refuses a header that names a column twice (in a workbook, `sheet` is named with the row); past
 * 20, the columns named again are counted, not listed (a header merged across a whole row, A1:XFD1,
 * names one column 16,384 times).
 */
export function checkHeader(file: string, header: string[], line: number, t: Say, sheet?: string) {
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  let more = 0;
  header.forEach((h, i) => {
    if (h && seen.has(h) && problems.length >= HEADER_PROBLEMS) more++;
    else if (h && seen.has(h))
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
  if (more)
    problems.push({
      file,
      line: 0,
      col: 0,
      ...(sheet === undefined ? {} : { sheet }),
      more,
      message: t(`... and ${more} more column(s) named twice`, `……另有 ${more} 列列名重复`),
    });
  if (problems.length) throw new InputError(problems);
}

/** Whether two records have the same keys in the same order. */
export function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The problem of a CSV row of `fields` fields, not the header's `columns`: more, or fewer where the
 * row is a record (see RawRow.fields), not a note below the table. More, in a file separated by
 * commas, is most often a value holding a comma (an address, a name) that was not put in quotes.
 */
export function widthProblem(
  file: string,
  line: number,
  fields: number,
  columns: number,
  t: Say,
  delimiter?: string,
): Problem {
  const unquoted = fields > columns && delimiter === ",";
  return {
    file,
    line,
    col: 0,
    message: `CSV: ${t(
      `the row has ${fields} field${fields === 1 ? "" : "s"}, not the header's ${columns} columns${unquoted ? ": a value holding a comma, not in quotes?" : ""}`,
      `该行有 ${fields} 个字段，与表头的 ${columns} 列不符${unquoted ? "：是否有含逗号的值未加引号？" : ""}`,
    )}`,
  };
}

/** A file as a notice names it: with its sheet in brackets, for a workbook's (名单.xlsx (企业)). */
export function fileAndSheet(file: string, sheet?: string): string {
  return sheet === undefined ? file : `${file} (${sheet})`;
}

/**
 * Rows as a list in a message says them: by number, and with their sheet where several sheets
 * are read as one list, whose row numbers repeat (`5 (sheet 河下街道)`, `5（工作表“河下街道”）`).
 */
export function rowsSaid(rows: readonly { readonly row: number; readonly sheet?: string | undefined }[]): {
  en: string[];
  zh: string[];
} {
  return {
    en: rows.map((r) => (r.sheet === undefined ? String(r.row) : `${r.row} (sheet ${r.sheet})`)),
    zh: rows.map((r) => (r.sheet === undefined ? String(r.row) : `${r.row}（工作表“${r.sheet}”）`)),
  };
}
