import { type Lang, tr } from "../lang.js";
import type { FactDeclaration } from "../policy/types.js";
import { InputError, type Problem } from "../problem.js";
import { isAddressColumn } from "./address.js";
import { CANONICAL_NAMES, headerKey, type InputKind, mapHeader } from "./columns.js";
import { ignoredColumns, missingColumn, repeatedNotice } from "./header-notices.js";
import { type HeaderKind, type SourceOptions, sameKeys } from "./rows.js";
import { readRowBatches } from "./source.js";

/**
 * The row machinery shared by every reader: header mapping, one reused row cursor, problems
 * collected with file, row and column up to a limit, and nothing returned unless every row is good.
 */

/** Options of every reader. */
export interface ReadOptions extends SourceOptions {
  readonly lang?: Lang;
  /**
   * The facts a policy declares (`facts:`): an enterprise file with a header must have a column
   * of each, and a value must be of its fact's type.
   */
  readonly facts?: Readonly<Record<string, FactDeclaration>>;
  /** Most bad rows listed one by one; the rest are counted. Default 100. */
  readonly maxProblems?: number;
  /**
   * Enterprises read to be drawn from (a draw, classify, the simulator): those that name no
   * supervising department, which no task's pool holds, are said in a notice.
   */
  readonly pooled?: boolean;
  /**
   * Keep, of an enterprise file's other columns, only those the commands read: the declared facts
   * and the address columns (default: every one). A draw's recorded inputs then carry no column
   * it does not use, such as a legal representative's name or a telephone number, and a wide
   * directory export costs no memory for its unused columns.
   */
  readonly onlyUsedColumns?: boolean;
}

/** Records read from a file, with notices (not errors) such as normalised codes. */
export interface ReadResult<T> {
  readonly records: T[];
  readonly notices: string[];
}

/** Reading context of one row: cell text by canonical column, and a way to report a bad cell. */
export interface Row {
  readonly row: number;
  text(column: string): string;
  raw(column: string): unknown;
  bad(column: string, en: string, zh: string): void;
  extras(): Record<string, unknown>;
}

/** The extra facts of a row of a file without extra columns: one shared, frozen, empty object. */
const NO_EXTRAS: Record<string, unknown> = Object.freeze(Object.create(null));

/**
 * The row being read: one object reused for every row, so a million rows make no per-row
 * closures. Cells are found by header position (CSV, XLSX) or by key (JSON, NDJSON). A keyed
 * record names its own columns: its keys are mapped as a header, anew when they differ from the
 * previous record's.
 */
class RowCursor implements Row {
  row = 0;
  values: readonly unknown[] | undefined;
  cells: Readonly<Record<string, unknown>> | undefined;
  /** Canonical column → header position. */
  index = new Map<string, number>();
  header: readonly string[] = [];
  extraColumns: { name: string; at: number }[] = [];
  problems = 0;
  /** A keyed record's keys; each key's column; each column's key (the first, when two name it). */
  private keys: readonly string[] = [];
  private columnOf = new Map<string, string>();
  private keyOf = new Map<string, string>();

  constructor(
    private readonly kind: InputKind,
    private readonly report: (row: number, column: string, en: string, zh: string) => void,
    /** Which other columns are kept as extra facts (by their names as read); absent, every one. */
    private readonly keeps?: (name: string) => boolean,
  ) {}

  /** Takes a header; returns which of its columns are read, by position (undefined when every one is). */
  setHeader(header: readonly string[], names: Map<string, string>): readonly boolean[] | undefined {
    this.header = header;
    // The first column of a name: a later one named so (an English name after the Chinese header
    // that took it: 企业名称, then name) is not the column, as mapHeader has it.
    this.index = new Map();
    header.forEach((h, i) => {
      const name = names.get(h) ?? h;
      if (!this.index.has(name)) this.index.set(name, i);
    });
    const read = header.map((h) => this.reads(names.get(h) ?? h));
    this.extraColumns = header
      .map((h, at) => ({ name: names.get(h) ?? h, at }))
      .filter((c, at) => read[at] && !CANONICAL_NAMES[this.kind].has(c.name));
    return this.keeps && read.includes(false) ? read : undefined;
  }

  /** Whether a column (by its name as read) is read: a canonical one, or an extra fact kept. */
  private reads(name: string): boolean {
    return CANONICAL_NAMES[this.kind].has(name) || this.kept(name);
  }

  /** Whether a column that is not canonical is kept as an extra fact. */
  private kept(name: string): boolean {
    return this.keeps?.(name) ?? true;
  }

  /** The next row: its cells by position, or a keyed record. */
  take(values: readonly unknown[] | undefined, cells: Readonly<Record<string, unknown>> | undefined) {
    this.values = values;
    this.cells = cells;
    if (!cells) return;
    const keys = Object.keys(cells);
    if (sameKeys(keys, this.keys)) return;
    this.keys = keys;
    this.columnOf = mapHeader(this.kind, keys).names;
    this.keyOf = new Map();
    for (const [k, c] of this.columnOf) if (!this.keyOf.has(c)) this.keyOf.set(c, k);
  }

  raw(column: string): unknown {
    if (this.values) {
      const at = this.index.get(column);
      return at === undefined ? undefined : this.values[at];
    }
    const key = this.keyOf.get(column);
    return key === undefined ? undefined : (this.cells as Record<string, unknown>)[key];
  }

  /** Where a column is in this row, for its problems: its 1-based position (0 when absent), and its header as written where that is not the column's name. */
  place(column: string): { col: number; header?: string } {
    let at: number | undefined;
    let header: string | undefined;
    if (this.values) {
      at = this.index.get(column);
      header = at === undefined ? undefined : this.header[at];
    } else {
      header = this.keyOf.get(column);
      at = header === undefined ? undefined : this.keys.indexOf(header);
    }
    return { col: (at ?? -1) + 1, ...(header !== undefined && header !== column ? { header } : {}) };
  }

  text(column: string): string {
    return cellText(this.raw(column));
  }

  bad(column: string, en: string, zh: string): void {
    this.problems++;
    this.report(this.row, column, en, zh);
  }

  extras(): Record<string, unknown> {
    if (this.values && this.extraColumns.length === 0) return NO_EXTRAS;
    const out: Record<string, unknown> = Object.create(null);
    const put = (k: string, v: unknown) => {
      out[k] = typeof v === "string" ? v.trim() : v;
    };
    if (this.values) for (const c of this.extraColumns) put(c.name, this.values[c.at] ?? "");
    else {
      const cells = this.cells as Record<string, unknown>;
      for (const k of this.keys) {
        const name = this.columnOf.get(k) ?? k;
        if (!CANONICAL_NAMES[this.kind].has(name) && this.kept(name)) put(name, cells[k]);
      }
    }
    return out;
  }
}

export async function readKind<T>(
  kind: InputKind,
  file: string,
  opts: ReadOptions,
  convert: (r: Row) => T | undefined,
  finish?: (
    records: T[],
    rows: number[],
    problem: (row: number, column: string, en: string, zh: string) => void,
    named: (row: number) => { en: string; zh: string },
  ) => void,
): Promise<{ records: T[]; ignored: string[]; notices: string[]; lines: number[] }> {
  const lang = opts.lang ?? "en";
  let ignored: string[] = [];
  const max = opts.maxProblems ?? 100;
  const problems: Problem[] = [];
  let dropped = 0;
  let sawHeader = false;
  /** The sheet read, for a workbook: a row number alone would send its reader to the first sheet. */
  let sheet: string | undefined;
  const inSheet = () => (sheet === undefined ? {} : { sheet });
  const report = (row: number, column: string, en: string, zh: string) => {
    if (problems.length >= max) {
      dropped++;
      return;
    }
    const line = lineOf[row];
    problems.push({
      file,
      line: line ?? row,
      ...(line === undefined ? {} : { record: row }),
      ...cursor.place(column),
      ...inSheet(),
      column,
      message: tr(lang, en, zh),
    });
  };
  const notices: string[] = [];
  const declared = opts.facts ?? {};
  const cursor = new RowCursor(
    kind,
    report,
    opts.onlyUsedColumns ? (name) => Object.hasOwn(declared, name) || isAddressColumn(name) : undefined,
  );
  const onHeader = (
    h: string[],
    row: number,
    inWorkbook?: string,
    keyed?: boolean,
  ): readonly boolean[] | undefined => {
    sawHeader = true;
    sheet = inWorkbook;
    const mapped = mapHeader(kind, h, keyed);
    const repeats = new Set([...mapped.repeated.values()].flat());
    ignored = ignoredColumns(kind, h, mapped.names).filter((c) => !repeats.has(c));
    notices.push(...repeatedNotice(mapped.repeated, h, mapped.names, file, lang));
    const read = cursor.setHeader(h, mapped.names);
    // Without its column, a declared fact would be empty for every enterprise: rules on it would
    // never match, and enterprises would take other treatments without a word.
    const factsWithoutColumn =
      kind === "enterprises" ? Object.keys(opts.facts ?? {}).filter((f) => !cursor.index.has(f)) : [];
    if (mapped.missing.length || factsWithoutColumn.length) {
      throw new InputError([
        ...mapped.missing.map((m) => ({
          file,
          line: row,
          col: 0,
          ...inSheet(),
          column: m,
          message: missingColumn(kind, m, lang),
        })),
        ...factsWithoutColumn.map((f) => {
          const readAsIt = h.filter((x) => headerKey(x) === f);
          return {
            file,
            line: row,
            col: readAsIt.length > 1 ? h.indexOf(readAsIt[1]) + 1 : 0,
            ...inSheet(),
            column: f,
            message:
              readAsIt.length > 1
                ? tr(
                    lang,
                    `columns ${readAsIt.map((x) => `'${x}'`).join(" and ")} ${readAsIt.length > 2 ? "all" : "both"} read as ${f}, which the policy declares a fact (facts:): keep one of them`,
                    `${readAsIt.map((x) => `“${x}”`).join("和")}列都读作“${f}”（政策在 facts 中声明的事实）：请只保留其中一列`,
                  )
                : tr(
                    lang,
                    `no column ${f}: the policy declares it a fact (facts:), which its rules would see empty for every enterprise`,
                    `缺少“${f}”列：政策在 facts 中声明了这一事实，缺少该列时其规则对每家企业都只能看到空值`,
                  ),
          };
        }),
      ]);
    }
    return read;
  };
  const records: T[] = [];
  const rowNumbers: number[] = [];
  /** For a JSON array, the line where each record begins, by record number. */
  const lineOf: number[] = [];
  /** A row as messages name another one: "on row 12", or "in record 3 at line 12" of a JSON array. */
  const named = (row: number) => {
    const line = lineOf[row];
    return line === undefined
      ? { en: `on row ${row}`, zh: `第 ${row} 行` }
      : { en: `in record ${row} at line ${line}`, zh: `第 ${line} 行的第 ${row} 条记录` };
  };
  // A sheet's header is the first row that names every required column; a title above it is skipped.
  const headerKind = (cells: string[]): HeaderKind => {
    const mapped = mapHeader(kind, cells);
    return mapped.missing.length === 0 ? "whole" : mapped.known > 0 ? "partial" : "none";
  };
  for await (const batch of readRowBatches(file, opts, onHeader, headerKind, (n) => notices.push(n)))
    for (const raw of batch) {
      cursor.row = raw.row;
      if (raw.line !== undefined) lineOf[raw.row] = raw.line;
      cursor.take(raw.values, raw.cells);
      const before = cursor.problems;
      const rec = convert(cursor);
      if (rec !== undefined && cursor.problems === before) {
        records.push(rec);
        rowNumbers.push(raw.row);
      }
    }
  if (!sawHeader && records.length === 0 && problems.length === 0) {
    throw new InputError([
      { file, line: 1, col: 1, message: tr(lang, "the file has no rows", "文件没有数据行") },
    ]);
  }
  finish?.(records, rowNumbers, report, named);
  if (problems.length === 0 && records.length === 0) {
    throw new InputError([
      {
        file,
        line: 2,
        col: 1,
        message: tr(lang, "the file has a header but no data rows", "文件只有表头，没有数据行"),
      },
    ]);
  }
  if (dropped)
    problems.push({
      file,
      line: Number.MAX_SAFE_INTEGER,
      col: 0,
      message: tr(lang, `... and ${dropped} more problem(s)`, `……另有 ${dropped} 个问题`),
    });
  if (problems.length) throw new InputError(problems);
  // The line of each record: its row, but for a JSON array's records.
  const lines = lineOf.length ? rowNumbers.map((row) => lineOf[row]) : rowNumbers;
  return { records, ignored, notices, lines };
}

/** Text of a cell whatever its source type: lists are joined with `;`. */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v.trim();
  if (Array.isArray(v)) return v.map(cellText).join(";");
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}
