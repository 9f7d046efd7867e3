import { CANONICAL_NAMES, type InputKind, mapHeader } from "./columns.js";
import { sameKeys } from "./rows.js";
import { clipped, withoutInvisible } from "./values.js";

/** Reading context of one row: cell text by canonical column, and a way to report a bad cell. */
export interface Row {
  readonly row: number;
  /** The row's sheet, where several sheets are read as one list (--sheet all); else undefined. */
  readonly sheet: string | undefined;
  text(column: string): string;
  /**
   * The text of a cell that names something to be matched (an id, a department, an item code),
   * without the characters that show as nothing (a zero-width space copied from a web page): a
   * file's few inspectors' or results' cells, not a million enterprises' (see Interner).
   */
  word(column: string): string;
  raw(column: string): unknown;
  /** The header a column is read from, as written (a keyed record's key); undefined when absent. */
  headerOf(column: string): string | undefined;
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
export class RowCursor implements Row {
  row = 0;
  sheet: string | undefined;
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
  /** Whether the rows are a workbook's (see setHeader). */
  private workbook = false;

  constructor(
    private readonly kind: InputKind,
    private readonly report: (row: number, column: string, en: string, zh: string) => void,
    /** Which other columns are kept as extra facts (by their names as read); absent, every one. */
    private readonly keeps?: (name: string) => boolean,
    /** Which other columns the commands read, whose cells holding an Excel error are said (see take). */
    private readonly used: (name: string) => boolean = () => false,
  ) {}

  /** Takes a header; returns which of its columns are read, by position (undefined when every one is). */
  setHeader(
    header: readonly string[],
    names: Map<string, string>,
    /** Whether the rows are a workbook's, whose reader gives a formula never calculated as `=…` (see noValue). */
    workbook = false,
  ): readonly boolean[] | undefined {
    this.header = header;
    this.workbook = workbook;
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

  /**
   * The next row: its cells by position, or a keyed record. A cell of a column read that holds an
   * Excel error or a formula never calculated (see noValue) is said at once, and read as empty,
   * so that nothing else is said of it.
   */
  take(values: readonly unknown[] | undefined, cells: Readonly<Record<string, unknown>> | undefined) {
    this.values = values;
    this.cells = cells;
    if (values) this.values = this.withoutErrors(values);
    if (!cells) return;
    const keys = Object.keys(cells);
    if (!sameKeys(keys, this.keys)) {
      this.keys = keys;
      this.columnOf = mapHeader(this.kind, keys).names;
      this.keyOf = new Map();
      for (const [k, c] of this.columnOf) if (!this.keyOf.has(c)) this.keyOf.set(c, k);
    }
    for (const k of keys) {
      const why = noValue(cells[k], this.workbook);
      if (why === undefined) continue;
      const column = this.columnOf.get(k) ?? k;
      if (!this.checked(column)) continue;
      this.bad(column, why.en, why.zh);
      this.cells = { ...this.cells, [k]: "" };
    }
  }

  /**
   * Whether a column's cells are refused for holding no value (see noValue): the columns of its kind and
   * those the commands read. Another column (a remark, a telephone number) is no fact of a draw.
   */
  private checked(column: string): boolean {
    return CANONICAL_NAMES[this.kind].has(column) || this.used(column);
  }

  /** A row's cells by position, those holding no value (see noValue) said and read as empty. */
  private withoutErrors(values: readonly unknown[]): readonly unknown[] {
    let out = values;
    for (let at = 0; at < values.length; at++) {
      const why = noValue(values[at], this.workbook);
      if (why === undefined) continue;
      const column = this.nameAt(at);
      if (column === undefined || !this.checked(column)) continue;
      this.bad(column, why.en, why.zh);
      if (out === values) out = values.slice();
      (out as unknown[])[at] = "";
    }
    return out;
  }

  /** The column at a position of the header (its canonical name, or its header), the first of its name. */
  private nameAt(at: number): string | undefined {
    for (const [column, i] of this.index) if (i === at) return column;
    return undefined;
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
    const header = this.headerOf(column);
    const at = this.values
      ? this.index.get(column)
      : header === undefined
        ? undefined
        : this.keys.indexOf(header);
    return { col: (at ?? -1) + 1, ...(header !== undefined && header !== column ? { header } : {}) };
  }

  headerOf(column: string): string | undefined {
    if (!this.values) return this.keyOf.get(column);
    const at = this.index.get(column);
    return at === undefined ? undefined : this.header[at];
  }

  text(column: string): string {
    return cellText(this.raw(column));
  }

  word(column: string): string {
    return withoutInvisible(this.text(column));
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

/** Excel's error values, as a workbook's cell or a CSV saved from it holds them. */
const EXCEL_ERRORS = new Set([
  "#N/A",
  "#REF!",
  "#VALUE!",
  "#DIV/0!",
  "#NAME?",
  "#NUM!",
  "#NULL!",
  "#SPILL!",
  "#CALC!",
  "#GETTING_DATA",
]);

/**
 * Why a cell holds no value but what a spreadsheet makes of a formula, or undefined: an Excel
 * error (`#N/A`: a formula that found nothing), or, in a `workbook`, a formula never calculated
 * (a workbook written by a program, which its reader gives as `=…`; a CSV's `=…` is its text). A grade looked up with VLOOKUP that found none
 * would otherwise read as empty, an enterprise ungraded; a formula, as an unknown grade.
 */
function noValue(v: unknown, workbook: boolean): { en: string; zh: string } | undefined {
  if (typeof v === "object" && v !== null) return nested(v);
  if (typeof v !== "string") return undefined;
  const first = v.charCodeAt(0);
  if (first === 0x23) {
    const error = v.trim();
    if (!EXCEL_ERRORS.has(error)) return undefined;
    const vlookup = error === "#N/A";
    return {
      en: `the cell holds Excel's error ${error}, not a value: its formula could not be worked out${vlookup ? " (a VLOOKUP that found nothing?)" : ""}; enter the value, or mend the formula, and save the file again`,
      zh: `单元格为 Excel 错误值 ${error}，不是有效值：其公式无法算出结果${vlookup ? "（VLOOKUP 未找到匹配项？）" : ""}；请填入数值或修正公式后重新保存文件`,
    };
  }
  if (!workbook || first !== 0x3d || !FORMULA.test(v)) return undefined;
  const formula = clipped(v, 40);
  return {
    en: `the cell holds a formula, ${formula}, not its value: a workbook a program wrote keeps its formulas uncalculated until Excel or WPS opens it; open the file in one and save it, so that each formula's value is stored`,
    zh: `单元格为公式 ${formula}，而非其计算结果：由程序生成的工作簿在用 Excel 或 WPS 打开前不会计算公式；请用其打开该文件并保存，使每个公式的结果存入文件`,
  };
}

/** A formula as a cell holds one: a function called (=IF(…), =VLOOKUP(…)) or a cell referred to (=C2, =Sheet2!B3). */
const FORMULA =
  /^=(?:[A-Za-z_][A-Za-z0-9_.]*\(|\$?[A-Za-z]{1,3}\$?\d+\b|[^"=(\s][^!]*!\$?[A-Za-z]{1,3}\$?\d+)/;

/**
 * Why a JSON record's field holding an object (or a list of them) has no value, or undefined: an
 * interface that nests a field, `"industry": {"code": "C13", "name": "农副食品加工业"}`, was read as
 * the object's JSON text, which no condition or list matches.
 */
function nested(v: object): { en: string; zh: string } | undefined {
  const inner = Array.isArray(v) ? v.find((x) => typeof x === "object" && x !== null) : v;
  if (inner === undefined) return undefined;
  const keys = clipped(Object.keys(inner).join(", "), 40);
  const [en, zh] = Array.isArray(inner)
    ? ["a list within a list", "列表中的列表"]
    : [`an object ({${keys}})`, `对象（{${keys}}）`];
  return {
    en: `the field holds ${en}, not a value: the export nests it; give the value itself as the field (as text, a number, or a list of them)`,
    zh: `该字段为${zh}，而非取值：导出数据为嵌套结构；请直接以取值作为该字段（文本、数字或其列表）`,
  };
}

/** Text of a cell whatever its source type: lists are joined with `;`. */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v.trim();
  if (Array.isArray(v)) return v.map(cellText).join(";");
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}
