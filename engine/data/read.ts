import { type Lang, tr } from "../lang.js";
import type { Category, Grade } from "../policy/vocabulary.js";
import { InputError, type Problem } from "../problem.js";
import { type InputKind, mapHeader } from "./columns.js";
import type {
  Conflict,
  Enterprise,
  HistoryEntry,
  InspectionKind,
  Inspector,
  ResultRecord,
} from "./records.js";
import { findResultCode, inconsistency, type ResultCode } from "./result-codes.js";
import { readRows, type SourceOptions } from "./source.js";
import { checkUscc } from "./uscc.js";
import { parseBool, parseCount, parseDate, parseList } from "./values.js";

/** Options of every reader. */
export interface ReadOptions extends SourceOptions {
  readonly lang?: Lang;
  /** Most bad rows listed one by one; the rest are counted. Default 100. */
  readonly maxProblems?: number;
}

/** Records read from a file, with notices (not errors) such as normalised codes. */
export interface ReadResult<T> {
  readonly records: T[];
  readonly notices: string[];
}

/** Reading context of one row: cell text by canonical column, and a way to report a bad cell. */
interface Row {
  readonly row: number;
  text(column: string): string;
  raw(column: string): unknown;
  bad(column: string, en: string, zh: string): void;
  extras(): Record<string, unknown>;
}

/**
 * The row being read: one object reused for every row, so a million rows make no per-row
 * closures. Cells are found by header position (CSV, XLSX) or by key (JSON, NDJSON).
 */
class RowCursor implements Row {
  row = 0;
  values: readonly unknown[] | undefined;
  cells: Readonly<Record<string, unknown>> | undefined;
  /** Canonical column → header position; original header → canonical name. */
  index = new Map<string, number>();
  names = new Map<string, string>();
  header: readonly string[] = [];
  extraColumns: { name: string; at: number }[] = [];
  problems = 0;

  constructor(
    private readonly kind: InputKind,
    private readonly report: (row: number, column: string, en: string, zh: string) => void,
  ) {}

  setHeader(header: readonly string[], names: Map<string, string>) {
    this.header = header;
    this.names = names;
    this.index = new Map(header.map((h, i) => [names.get(h) ?? h, i]));
    this.extraColumns = header
      .map((h, at) => ({ name: names.get(h) ?? h, at }))
      .filter((c) => !CANONICAL[this.kind].has(c.name));
  }

  raw(column: string): unknown {
    if (this.values) {
      const at = this.index.get(column);
      return at === undefined ? undefined : this.values[at];
    }
    const cells = this.cells as Record<string, unknown>;
    if (column in cells) return cells[column];
    for (const [h, n] of this.names) if (n === column && h in cells) return cells[h];
    return undefined;
  }

  text(column: string): string {
    return cellText(this.raw(column));
  }

  bad(column: string, en: string, zh: string): void {
    this.problems++;
    this.report(this.row, column, en, zh);
  }

  extras(): Record<string, unknown> {
    const out: Record<string, unknown> = Object.create(null);
    const put = (k: string, v: unknown) => {
      out[k] = typeof v === "string" ? v.trim() : v;
    };
    if (this.values) for (const c of this.extraColumns) put(c.name, this.values[c.at] ?? "");
    else {
      const cells = this.cells as Record<string, unknown>;
      for (const k of Object.keys(cells)) {
        const name = this.names.get(k) ?? k;
        if (!CANONICAL[this.kind].has(name)) put(name, cells[k]);
      }
    }
    return out;
  }
}

async function readKind<T>(
  kind: InputKind,
  file: string,
  opts: ReadOptions,
  convert: (r: Row) => T | undefined,
  finish?: (
    records: T[],
    rows: number[],
    problem: (row: number, column: string, en: string, zh: string) => void,
  ) => void,
): Promise<T[]> {
  const lang = opts.lang ?? "en";
  const max = opts.maxProblems ?? 100;
  const problems: Problem[] = [];
  let dropped = 0;
  let colIndex = new Map<string, number>();
  let sawHeader = false;
  const report = (row: number, column: string, en: string, zh: string) => {
    if (problems.length >= max) {
      dropped++;
      return;
    }
    problems.push({
      file,
      line: row,
      col: (colIndex.get(column) ?? -1) + 1,
      column,
      message: tr(lang, en, zh),
    });
  };
  const cursor = new RowCursor(kind, report);
  const onHeader = (h: string[]) => {
    sawHeader = true;
    const mapped = mapHeader(kind, h);
    cursor.setHeader(h, mapped.names);
    colIndex = cursor.index;
    if (mapped.missing.length) {
      throw new InputError(
        mapped.missing.map((m) => ({
          file,
          line: 1,
          col: 0,
          column: m,
          message: tr(lang, `missing required column '${m}'`, `缺少必需的列“${m}”`),
        })),
      );
    }
  };
  const records: T[] = [];
  const rowNumbers: number[] = [];
  for await (const raw of readRows(file, opts, onHeader)) {
    cursor.row = raw.row;
    cursor.values = raw.values;
    cursor.cells = raw.cells;
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
  finish?.(records, rowNumbers, report);
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
  return records;
}

const CANONICAL: Record<InputKind, Set<string>> = {
  enterprises: new Set([
    "uscc",
    "name",
    "grade",
    "category",
    "industry",
    "region",
    "departments",
    "tags",
    "abnormal",
    "gradedOn",
  ]),
  inspectors: new Set([
    "id",
    "name",
    "department",
    "licenseNo",
    "licenseExpires",
    "items",
    "active",
    "capacity",
  ]),
  conflicts: new Set(["inspector", "uscc", "reason"]),
  history: new Set(["uscc", "date", "department", "kind", "result"]),
  results: new Set(["uscc", "date", "department", "item", "kind", "result", "inspectors"]),
};

/** Text of a cell whatever its source type: lists are joined with `;`. */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v.trim();
  if (Array.isArray(v)) return v.map(cellText).join(";");
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

function usccCell(r: Row, column: string, normalised: { count: number }): string | undefined {
  const raw = r.text(column);
  if (!raw) {
    r.bad(column, "the unified social credit code is empty", "统一社会信用代码为空");
    return undefined;
  }
  const check = checkUscc(String(r.raw(column) ?? ""));
  if (check.fault) {
    r.bad(
      column,
      `invalid unified social credit code '${check.code}': ${check.fault.en}`,
      `统一社会信用代码“${check.code}”无效：${check.fault.zh}`,
    );
    return undefined;
  }
  if (check.normalised) normalised.count++;
  return check.code;
}

function dateCell(r: Row, column: string, required: boolean): string | null | undefined {
  const raw = r.raw(column);
  // A date cell Excel stored without a date format arrives as its serial number (days since 1899-12-30).
  if (typeof raw === "number" && Number.isInteger(raw) && raw > 0 && raw < 200_000) {
    return new Date(Date.UTC(1899, 11, 30) + raw * 86_400_000).toISOString().slice(0, 10);
  }
  const t = r.text(column);
  if (!t) {
    if (required) r.bad(column, "the date is empty", "日期为空");
    return null;
  }
  const d = parseDate(t);
  if (!d)
    r.bad(
      column,
      `'${t}' is not a date (use YYYY-MM-DD, YYYY/MM/DD or YYYY年M月D日)`,
      `“${t}”不是有效日期（应为 YYYY-MM-DD、YYYY/MM/DD 或 YYYY年M月D日）`,
    );
  return d;
}

const GRADE_RE = /^([ABCD])(级|類|类)?$/;
const CATEGORY: Record<string, Category> = {
  key: "key",
  general: "general",
  重点: "key",
  重点类: "key",
  一般: "general",
  一般类: "general",
};
const KIND: Record<string, InspectionKind> = {
  random: "random",
  随机: "random",
  双随机: "random",
  随机抽查: "random",
  joint: "joint",
  联合: "joint",
  联合检查: "joint",
  联合抽查: "joint",
  targeted: "targeted",
  重点检查: "targeted",
  专项检查: "targeted",
  定向: "targeted",
  complaint: "complaint",
  投诉举报: "complaint",
  投诉: "complaint",
  举报: "complaint",
};

function normalisedNotice(count: number, file: string, lang: Lang): string[] {
  return count
    ? [
        tr(
          lang,
          `${file}: ${count} unified social credit code(s) were in lower case or padded with spaces and have been normalised`,
          `${file}：${count} 个统一社会信用代码含小写字母或空格，已规范化`,
        ),
      ]
    : [];
}

function duplicates<T>(
  records: T[],
  rows: number[],
  key: (t: T) => string,
  column: string,
  what: { en: string; zh: string },
  problem: (row: number, column: string, en: string, zh: string) => void,
) {
  const seen = new Map<string, number>();
  records.forEach((rec, i) => {
    const k = key(rec);
    const first = seen.get(k);
    if (first !== undefined)
      problem(
        rows[i],
        column,
        `duplicate ${what.en} '${k}' (also on row ${first})`,
        `${what.zh}“${k}”重复（另见第 ${first} 行）`,
      );
    else seen.set(k, rows[i]);
  });
}

/** Reads the directory of enterprises (检查对象名录库). */
export async function readEnterprises(file: string, opts: ReadOptions = {}): Promise<ReadResult<Enterprise>> {
  const normalised = { count: 0 };
  const records = await readKind<Enterprise>(
    "enterprises",
    file,
    opts,
    (r) => {
      const uscc = usccCell(r, "uscc", normalised);
      const g = r.text("grade").toUpperCase();
      let grade: Grade = null;
      if (g) {
        const m = GRADE_RE.exec(g);
        if (m) grade = m[1] as Grade;
        else
          r.bad(
            "grade",
            `unknown grade '${r.text("grade")}' (expected A, B, C, D or empty for ungraded)`,
            `未知信用等级“${r.text("grade")}”（应为 A、B、C、D，未分级留空）`,
          );
      }
      const c = r.text("category");
      const category = CATEGORY[c.toLowerCase()] ?? CATEGORY[c];
      if (!category) {
        if (c)
          r.bad(
            "category",
            `unknown category '${c}' (expected key/重点 or general/一般)`,
            `未知企业类别“${c}”（应为 key/重点 或 general/一般）`,
          );
        else
          r.bad(
            "category",
            "the category is empty (expected key/重点 or general/一般)",
            "企业类别为空（应为 key/重点 或 general/一般）",
          );
      }
      const abnormalText = r.text("abnormal");
      const abnormal = parseBool(abnormalText);
      if (abnormal === undefined)
        r.bad("abnormal", `'${abnormalText}' is not yes/no`, `“${abnormalText}”不是“是/否”`);
      const gradedOn = dateCell(r, "gradedOn", false);
      if (!uscc || !category) return undefined;
      return {
        uscc,
        name: r.text("name"),
        grade,
        category,
        industry: r.text("industry") || null,
        region: r.text("region") || null,
        departments: parseList(r.text("departments")),
        tags: parseList(r.text("tags")),
        abnormal: abnormal ?? false,
        gradedOn: gradedOn ?? null,
        extra: r.extras(),
      };
    },
    (records, rows, problem) =>
      duplicates(
        records,
        rows,
        (e) => e.uscc,
        "uscc",
        { en: "unified social credit code", zh: "统一社会信用代码" },
        problem,
      ),
  );
  return { records, notices: normalisedNotice(normalised.count, file, opts.lang ?? "en") };
}

/** Reads the directory of enforcement inspectors (执法检查人员名录库). */
export async function readInspectors(file: string, opts: ReadOptions = {}): Promise<ReadResult<Inspector>> {
  const records = await readKind<Inspector>(
    "inspectors",
    file,
    opts,
    (r) => {
      const id = r.text("id");
      if (!id) r.bad("id", "the inspector id is empty", "执法人员编号为空");
      const department = r.text("department");
      if (!department) r.bad("department", "the inspector has no department", "执法人员没有所属部门");
      const licenseExpires = dateCell(r, "licenseExpires", false);
      const activeText = r.text("active");
      const active =
        activeText === ""
          ? true
          : (parseBool(activeText) ??
            (activeText === "在岗" ? true : activeText === "离岗" ? false : undefined));
      if (active === undefined)
        r.bad("active", `'${activeText}' is not yes/no`, `“${activeText}”不是“是/否”`);
      const capText = r.text("capacity");
      const capacity = capText === "" ? null : parseCount(capText);
      if (capacity === undefined)
        r.bad("capacity", `capacity '${capText}' is not a whole number`, `检查能力“${capText}”不是整数`);
      return {
        id,
        name: r.text("name"),
        department,
        licenseNo: r.text("licenseNo"),
        licenseExpires: licenseExpires ?? null,
        items: parseList(r.text("items")),
        active: active ?? true,
        capacity: capacity ?? null,
      };
    },
    (records, rows, problem) =>
      duplicates(records, rows, (i) => i.id, "id", { en: "inspector id", zh: "执法人员编号" }, problem),
  );
  return { records, notices: [] };
}

/** Reads declared conflicts of interest (回避). */
export async function readConflicts(file: string, opts: ReadOptions = {}): Promise<ReadResult<Conflict>> {
  const normalised = { count: 0 };
  const records = await readKind<Conflict>("conflicts", file, opts, (r) => {
    const inspector = r.text("inspector");
    if (!inspector) r.bad("inspector", "the inspector id is empty", "执法人员编号为空");
    const uscc = usccCell(r, "uscc", normalised);
    return uscc ? { inspector, uscc, reason: r.text("reason") } : undefined;
  });
  return { records, notices: normalisedNotice(normalised.count, file, opts.lang ?? "en") };
}

function kindCell(r: Row): InspectionKind | undefined {
  const k = r.text("kind");
  if (!k) return "random";
  const kind = KIND[k.toLowerCase()] ?? KIND[k];
  if (!kind)
    r.bad(
      "kind",
      `unknown inspection kind '${k}' (expected random, joint, targeted or complaint)`,
      `未知检查类型“${k}”（应为 random/随机、joint/联合、targeted/专项、complaint/投诉举报）`,
    );
  return kind;
}

function resultCell(r: Row, required: boolean): string[] | undefined {
  const t = r.text("result");
  if (!t) {
    if (required) r.bad("result", "the result is empty", "检查结果为空");
    return required ? undefined : [];
  }
  const codes: ResultCode[] = [];
  for (const part of parseList(t)) {
    const code = findResultCode(part);
    if (!code) {
      r.bad("result", `unknown result code '${part}'`, `未知检查结果代码“${part}”`);
      return undefined;
    }
    if (!codes.includes(code)) codes.push(code);
  }
  const why = inconsistency(codes);
  if (why) {
    r.bad("result", why.en, why.zh);
    return undefined;
  }
  return codes.map((c) => c.id);
}

/** Reads the inspection history that caps and history facts count. */
export async function readHistory(file: string, opts: ReadOptions = {}): Promise<ReadResult<HistoryEntry>> {
  const normalised = { count: 0 };
  const records = await readKind<HistoryEntry>("history", file, opts, (r) => {
    const uscc = usccCell(r, "uscc", normalised);
    const date = dateCell(r, "date", true);
    const kind = kindCell(r);
    const result = resultCell(r, false);
    if (!uscc || !date || !kind || !result) return undefined;
    return { uscc, date, department: r.text("department"), kind, result };
  });
  return { records, notices: normalisedNotice(normalised.count, file, opts.lang ?? "en") };
}

/** Reads inspection results to record (检查结果). */
export async function readResults(file: string, opts: ReadOptions = {}): Promise<ReadResult<ResultRecord>> {
  const normalised = { count: 0 };
  const records = await readKind<ResultRecord>(
    "results",
    file,
    opts,
    (r) => {
      const uscc = usccCell(r, "uscc", normalised);
      const date = dateCell(r, "date", true);
      const department = r.text("department");
      if (!department) r.bad("department", "the department is empty", "检查部门为空");
      const item = r.text("item");
      if (!item) r.bad("item", "the inspection item is empty", "检查事项为空");
      const kind = kindCell(r);
      const result = resultCell(r, true);
      if (!uscc || !date || !kind || !result) return undefined;
      return { uscc, date, department, item, kind, result, inspectors: parseList(r.text("inspectors")) };
    },
    (records, rows, problem) =>
      duplicates(
        records,
        rows,
        (x) => `${x.uscc}|${x.date}|${x.department}|${x.item}`,
        "item",
        { en: "result for enterprise, date, department and item", zh: "同一企业、日期、部门和事项的结果" },
        problem,
      ),
  );
  return { records, notices: normalisedNotice(normalised.count, file, opts.lang ?? "en") };
}
