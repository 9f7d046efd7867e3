import { typedFact } from "../facts.js";
import { type Lang, someOf, tr } from "../lang.js";
import type { Grade } from "../policy/vocabulary.js";
import { categoryOf, gradeOf, KIND, LISTED, ON_DUTY, word } from "./cell-words.js";
import type { InputKind } from "./columns.js";
import { undrawable } from "./drawable.js";
import type {
  Conflict,
  Enterprise,
  HistoryEntry,
  InspectionKind,
  Inspector,
  ResultRecord,
} from "./records.js";
import { findResultCode, inconsistency, type ResultCode } from "./result-codes.js";
import { ignoredNotice, type ReadOptions, type ReadResult, type Row, readKind } from "./row-reader.js";
import { checkUscc } from "./uscc.js";
import { halfWidth, parseBool, parseCount, parseDate, parseList } from "./values.js";

export type { ReadOptions, ReadResult } from "./row-reader.js";

function usccCell(r: Row, column: string, normalised: { count: number }): string | undefined {
  const raw = r.text(column);
  if (!raw) {
    r.bad(column, "the unified social credit code is empty", "统一社会信用代码为空");
    return undefined;
  }
  const cell = r.raw(column);
  // Excel keeps 15 significant digits of a number: an all-digit code typed into a cell not
  // formatted as text loses its last digits, and a CSV saved from it shows 9.13208E+17.
  if ((typeof cell === "number" && !Number.isSafeInteger(cell)) || /^\d(\.\d+)?e\+\d+$/i.test(raw)) {
    r.bad(
      column,
      `the unified social credit code '${raw}' was stored by Excel as a number, which keeps only 15 digits: format the column as text and enter the codes again`,
      `统一社会信用代码“${raw}”被 Excel 存成了数字，只保留 15 位有效数字：请将该列设置为文本格式后重新录入`,
    );
    return undefined;
  }
  const check = checkUscc(String(cell ?? ""));
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

/** The day of an Excel date serial number (days since 1899-12-30). */
const excelDay = (serial: number) =>
  new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10);

function dateCell(r: Row, column: string, required: boolean): string | null | undefined {
  const raw = r.raw(column);
  // A date cell Excel stored without a date format arrives as its serial number.
  if (typeof raw === "number" && Number.isInteger(raw) && raw > 0 && raw < 200_000) return excelDay(raw);
  const t = r.text(column);
  if (!t) {
    if (required) r.bad(column, "the date is empty", "日期为空");
    return null;
  }
  const d = parseDate(t);
  if (!d) {
    // In a CSV, a column of dates Excel held as numbers is saved as their serial numbers: the
    // number is not taken as a date (a five-digit code could be anything), but what it would be is said.
    const serial = /^\d{5}$/.test(t) ? excelDay(Number(t)) : undefined;
    r.bad(
      column,
      `'${t}' is not a date (use YYYY-MM-DD, YYYY/MM/DD or YYYY年M月D日)${serial ? `: as an Excel date number it is ${serial}; give the column a date format in Excel before saving the CSV` : ""}`,
      `“${t}”不是有效日期（应为 YYYY-MM-DD、YYYY/MM/DD 或 YYYY年M月D日）${serial ? `：若为 Excel 日期序号，即 ${serial}；请在 Excel 中将该列设为日期格式后再保存为 CSV` : ""}`,
    );
  }
  return d;
}

/** The notices of a file: codes normalised, columns not read. */
function noticesOf(
  kind: InputKind,
  file: string,
  opts: ReadOptions,
  normalised: number,
  ignored: readonly string[],
): string[] {
  const lang = opts.lang ?? "en";
  return [...normalisedNotice(normalised, file, lang), ...ignoredNotice(kind, ignored, file, lang)];
}

function normalisedNotice(count: number, file: string, lang: Lang): string[] {
  return count
    ? [
        tr(
          lang,
          `${file}: ${count} unified social credit code(s) were in lower case, full-width or padded with spaces and have been normalised`,
          `${file}：${count} 个统一社会信用代码含小写字母、全角字符或空格，已规范化`,
        ),
      ]
    : [];
}

/**
 * A reader's last check: each record whose key an earlier record has is reported, naming the first
 * one's row. The keys are found in an open-addressing table of record indices: for a million codes
 * a third of the time of a Map from key to row, and an eighth of its memory.
 */
const unique =
  <T>(key: (t: T) => string, column: string, what: { en: string; zh: string }) =>
  (
    records: T[],
    rows: number[],
    problem: (row: number, column: string, en: string, zh: string) => void,
    named: (row: number) => { en: string; zh: string },
  ) => {
    const keys = records.map(key);
    const mask = (1 << (32 - Math.clz32(Math.max(1, 2 * keys.length - 1)))) - 1;
    const table = new Int32Array(mask + 1).fill(-1);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      for (let at = fnv1a(k) & mask; ; at = (at + 1) & mask) {
        const j = table[at];
        if (j < 0) {
          table[at] = i;
          break;
        }
        if (keys[j] === k) {
          problem(
            rows[i],
            column,
            `duplicate ${what.en} '${k}' (also ${named(rows[j]).en})`,
            `${what.zh}“${k}”重复（另见${named(rows[j]).zh}）`,
          );
          break;
        }
      }
    }
  };

/** The 32-bit FNV-1a hash of a string's UTF-16 code units. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Reads the directory of enterprises (检查对象名录库). */
export async function readEnterprises(file: string, opts: ReadOptions = {}): Promise<ReadResult<Enterprise>> {
  const normalised = { count: 0 };
  // A million enterprises share a few hundred industries, regions, dates and department lists:
  // one copy of each (lists frozen) instead of one per row.
  const shared = new Interner();
  const declared = Object.entries(opts.facts ?? {});
  // The enterprises that name no supervising department: how many, and where the first ones are.
  const unsupervised = { count: 0, first: [] as { en: string; zh: string }[] };
  const { records, notices } = await readKind<Enterprise>(
    "enterprises",
    file,
    opts,
    (r) => {
      const uscc = usccCell(r, "uscc", normalised);
      const g = r.text("grade");
      let grade: Grade = null;
      if (g) {
        const found = gradeOf(g);
        if (found) grade = found;
        else
          r.bad(
            "grade",
            `unknown grade '${g}' (expected A, B, C, D or empty for ungraded)`,
            `未知信用等级“${g}”（应为 A、B、C、D，未分级留空）`,
          );
      }
      const c = r.text("category");
      const category = categoryOf(c);
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
      const abnormal = parseBool(abnormalText) ?? word(LISTED, abnormalText);
      if (abnormal === undefined)
        r.bad("abnormal", `'${abnormalText}' is not yes/no`, `“${abnormalText}”不是“是/否”`);
      const gradedOn = dateCell(r, "gradedOn", false);
      const extra = r.extras();
      for (const [name, { type }] of declared) {
        const v = extra[name];
        if (v !== undefined && v !== null && v !== "" && typedFact(v, type) === null)
          r.bad(
            name,
            `'${v}' is not ${type === "number" ? "a number" : "yes/no"}: the policy declares ${name} a ${type} fact`,
            `“${v}”不是${type === "number" ? "数字" : "“是/否”"}：政策将 ${name} 声明为${type === "number" ? "数值" : "是否"}型事实`,
          );
      }
      if (!uscc || !category) return undefined;
      // Keys in canonical (sorted) order, so the frame writes each record by JSON.stringify's fast path.
      return {
        abnormal: abnormal ?? false,
        category,
        departments: shared.list(r.text("departments")),
        extra,
        grade,
        gradedOn: gradedOn === null || gradedOn === undefined ? null : shared.text(gradedOn),
        industry: shared.text(r.text("industry")) || null,
        name: r.text("name"),
        region: shared.text(r.text("region")) || null,
        tags: shared.list(r.text("tags")),
        uscc,
      };
    },
    (records, rows, problem, named) => {
      unique((e: Enterprise) => e.uscc, "uscc", { en: "unified social credit code", zh: "统一社会信用代码" })(
        records,
        rows,
        problem,
        named,
      );
      records.forEach((e, i) => {
        if (e.departments.length) return;
        unsupervised.count++;
        if (unsupervised.first.length < 10) unsupervised.first.push(named(rows[i]));
      });
    },
  );
  return {
    records,
    notices: [
      ...notices,
      ...normalisedNotice(normalised.count, file, opts.lang ?? "en"),
      ...(opts.pooled ? poolNotices(records, unsupervised, file, opts.lang ?? "en") : []),
    ],
  };
}

/**
 * The notices of enterprises read to be drawn from: what {@link undrawable} finds, and the
 * enterprises that name no supervising department, which no task's pool holds.
 */
function poolNotices(
  records: readonly Enterprise[],
  unsupervised: { count: number; first: readonly { en: string; zh: string }[] },
  file: string,
  lang: Lang,
): string[] {
  const whole = undrawable(records);
  const notices = whole.map((u) => tr(lang, `note: ${file}: ${u.en}`, `提示：${file}：${u.zh}`));
  const { count, first } = unsupervised;
  if (count === 0 || whole.some((u) => u.column === "departments")) return notices;
  const more = count > first.length;
  notices.push(
    tr(
      lang,
      `note: ${count} enterprise(s) of ${file} name no supervising department (departments, 监管部门) and are in no task's pool: ${first.map((r) => r.en.replace(/^(on|in) /, "")).join(", ")}${more ? ", …" : ""}`,
      `提示：${file} 中 ${count} 家企业未填写监管部门，不在任何任务的抽取范围内：${first.map((r) => r.zh).join("、")}${more ? "……" : ""}`,
    ),
  );
  return notices;
}

/** Reads the directory of enforcement inspectors (执法检查人员名录库). */
export async function readInspectors(file: string, opts: ReadOptions = {}): Promise<ReadResult<Inspector>> {
  const { records, ignored, notices } = await readKind<Inspector>(
    "inspectors",
    file,
    opts,
    (r) => {
      const id = r.text("id");
      if (!id) r.bad("id", "the inspector id is empty", "执法人员编号为空");
      const department = r.text("department");
      if (!department) r.bad("department", "the inspector has no department", "执法人员没有所属部门");
      const licenseExpires = NO_EXPIRY.test(r.text("licenseExpires").replace(/\s+/g, ""))
        ? FOREVER
        : dateCell(r, "licenseExpires", false);
      const activeText = r.text("active");
      const active = activeText === "" ? true : (parseBool(activeText) ?? word(ON_DUTY, activeText));
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
        licenseNo: licenceNumber(r.text("licenseNo")),
        licenseExpires: licenseExpires ?? null,
        items: parseList(r.text("items")),
        active: active ?? true,
        capacity: capacity ?? null,
      };
    },
    unique((i) => i.id, "id", { en: "inspector id", zh: "执法人员编号" }),
  );
  return { records, notices: [...notices, ...ignoredNotice("inspectors", ignored, file, opts.lang ?? "en")] };
}

/**
 * What offices write in a licence's expiry cell for a licence that does not expire (长期, 长期有效,
 * 永久): read as valid forever, rather than as a date that is not one, which refused the whole file.
 */
const NO_EXPIRY = /^(?:长期|长期有效|永久|永久有效|无期限)$/;
const FOREVER = "9999-12-31";

/**
 * What offices write in a licence-number cell for an inspector who holds none yet (无, 暂无, 未取得,
 * 待发证, a dash or a slash): no number, as an empty cell is. Kept as written, such a word would
 * pass for a number and the inspector for licensed.
 */
const NO_LICENCE = /^(?:无|暂无|没有|未办理|未取得|未发证|待发|待办|待发证|空|[-—–/\\]+|n\/?a|none|null)$/i;
function licenceNumber(text: string): string {
  return NO_LICENCE.test(halfWidth(text).replace(/\s+/g, "")) ? "" : text;
}

/** Reads declared conflicts of interest (回避). */
export async function readConflicts(file: string, opts: ReadOptions = {}): Promise<ReadResult<Conflict>> {
  const normalised = { count: 0 };
  const { records, ignored, notices } = await readKind<Conflict>("conflicts", file, opts, (r) => {
    const inspector = r.text("inspector");
    if (!inspector) r.bad("inspector", "the inspector id is empty", "执法人员编号为空");
    const uscc = usccCell(r, "uscc", normalised);
    return uscc ? { inspector, uscc, reason: r.text("reason") } : undefined;
  });
  return {
    records,
    notices: [...notices, ...noticesOf("conflicts", file, opts, normalised.count, ignored)],
  };
}

function kindCell(r: Row): InspectionKind | undefined {
  const k = r.text("kind");
  if (!k) return "random";
  const kind = word(KIND, k.toLowerCase()) ?? word(KIND, k);
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
  const { records, ignored, notices } = await readKind<HistoryEntry>("history", file, opts, (r) => {
    const uscc = usccCell(r, "uscc", normalised);
    const date = dateCell(r, "date", true);
    const kind = kindCell(r);
    const result = resultCell(r, false);
    if (!uscc || !date || !kind || !result) return undefined;
    return { uscc, date, department: r.text("department"), kind, result };
  });
  return {
    records,
    notices: [...notices, ...noticesOf("history", file, opts, normalised.count, ignored)],
  };
}

/** Reads inspection results to record (检查结果). */
export async function readResults(
  file: string,
  opts: ReadOptions = {},
): Promise<ReadResult<ResultRecord> & { rows: number[]; unreported: number[] }> {
  const normalised = { count: 0 };
  // Rows of a results template whose visit is not reported yet: neither a date nor a result.
  const unreported: number[] = [];
  const { records, ignored, notices, lines } = await readKind<ResultRecord>(
    "results",
    file,
    opts,
    (r) => {
      if (!r.text("date") && !r.text("result")) {
        unreported.push(r.row);
        return undefined;
      }
      const uscc = usccCell(r, "uscc", normalised);
      const date = dateCell(r, "date", true);
      const department = r.text("department");
      if (!department) r.bad("department", "the department is empty", "检查部门为空");
      const item = r.text("item");
      if (!item) r.bad("item", "the inspection item is empty", "检查事项为空");
      const kind = kindCell(r);
      const result = resultCell(r, true);
      if (!uscc || !date || !kind || !result) return undefined;
      const task = r.text("task");
      return {
        uscc,
        date,
        department,
        item,
        kind,
        result,
        inspectors: parseList(r.text("inspectors")),
        ...(task ? { task } : {}),
      };
    },
    unique((x) => `${x.uscc}|${x.date}|${x.department}|${x.item}`, "item", {
      en: "result for enterprise, date, department and item",
      zh: "同一企业、日期、部门和事项的结果",
    }),
  );
  // The line of each record, for what the store finds wrong with it later (a contradicted result);
  // the rows left out as not reported yet.
  return {
    records,
    rows: lines,
    unreported,
    notices: [
      ...notices,
      ...noticesOf("results", file, opts, normalised.count, ignored),
      ...unreportedNotice(unreported, file, opts.lang ?? "en"),
    ],
  };
}

/** The rows left out as visits not reported yet (a results template's rows not filled in). */
function unreportedNotice(rows: readonly number[], file: string, lang: Lang): string[] {
  if (!rows.length) return [];
  return [
    tr(
      lang,
      `note: ${rows.length} row(s) have neither a date nor a result, at row(s) ${someOf(rows, "en")}: visits not reported yet, left out (${file})`,
      `提示：${rows.length} 行既无检查日期也无检查结果，见第 ${someOf(rows, "zh")} 行：视为尚未报告的检查，未录入（${file}）`,
    ),
  ];
}

/**
 * One shared copy of each repeated value of a file: texts, and lists parsed from the same text
 * (frozen, so sharing is safe). Bounded: past a limit new values are simply not shared.
 */
class Interner {
  private readonly texts = new Map<string, string>();
  private readonly lists = new Map<string, readonly string[]>();
  private static readonly LIMIT = 100_000;

  text(s: string): string {
    const known = this.texts.get(s);
    if (known !== undefined) return known;
    if (this.texts.size < Interner.LIMIT) this.texts.set(s, s);
    return s;
  }

  list(s: string): readonly string[] {
    const known = this.lists.get(s);
    if (known) return known;
    const list = Object.freeze(parseList(s).map((x) => this.text(x)));
    if (this.lists.size < Interner.LIMIT) this.lists.set(s, list);
    return list;
  }
}
