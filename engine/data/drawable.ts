/** Whether a list of enterprises can be drawn from at all, and what a draw says of its inputs: grades exported long ago, enterprises gone at their last visit, conflicts with unknown codes. */
import { type Lang, someOf, tr } from "../lang.js";
import { addMonths, daysBetween } from "../period.js";
import { foreignDepartments, likelyDepartment } from "./departments.js";
import type { Enterprise, HistoryEntry } from "./records.js";
import { findResultCode, type ResultCode } from "./result-codes.js";

/**
 * Why no draw can be made from a list of enterprises, each with the column it is about: none names
 * a supervising department (every task's pool would be empty), or none has a credit grade (every
 * one would be drawn as ungraded). Both are what a directory exported without that column gives,
 * and the draw would be made, and recorded, without a word.
 */
export function undrawable(
  enterprises: readonly Enterprise[],
  /** The departments of the policy's items, when the enterprises are to be drawn under it. */
  known?: readonly string[],
): { column: string; en: string; zh: string }[] {
  if (enterprises.length === 0) return [];
  const reasons: { column: string; en: string; zh: string }[] = [];
  if (enterprises.every((e) => e.departments.length === 0))
    reasons.push({
      column: "departments",
      en: "no enterprise names a supervising department (column departments, 监管部门): every task's pool would be empty",
      zh: "没有企业填写监管部门（“监管部门”列）：各任务的抽取范围将为空",
    });
  else if (known && !enterprises.some((e) => e.departments.some((d) => known.includes(d)))) {
    const named = foreignDepartments(
      enterprises.map((e) => e.departments),
      known,
    )
      .names.slice(0, 5)
      .map(([d]) => ({ d, likely: likelyDepartment(d, known) }));
    const en = named.map(({ d, likely }) => (likely ? `${d} (the policy's ${likely}?)` : d));
    const zh = named.map(({ d, likely }) => (likely ? `${d}（是否即政策中的 ${likely}？）` : d));
    reasons.push({
      column: "departments",
      en: `no enterprise names a department of the policy's items (${known.join(", ")}): every task's pool would be empty (the file names ${en.join(", ")}); is a department written another way?`,
      zh: `没有企业属于政策检查事项涉及的部门（${known.join("、")}）：各任务的抽取范围将为空（文件中为 ${zh.join("、")}）；部门名称是否写法不同？`,
    });
  }
  if (enterprises.every((e) => e.grade === null))
    reasons.push({
      column: "grade",
      en: "no enterprise has a credit grade (column grade, 信用等级): every one would be drawn as ungraded",
      zh: "没有企业有信用等级（“信用等级”列）：所有企业都将按未分级抽取",
    });
  return reasons;
}

/** Months after which a directory's newest grade shows an old export: grades are pushed monthly (SPEC §2). */
const GRADES_STALE_MONTHS = 2;

/**
 * What the grades' dates (`gradedOn`, where the file has them) say of a draw made on `date`: the
 * newest is over two months old, so the file is most likely an old export and the strata are drawn
 * from grades since replaced; or, for a production draw, some enterprises were graded after its date,
 * so the draw judged them by grades given after the day it is recorded as made.
 * Said, not refused: the file is what the operator gives, and may be right.
 */
export function gradeDateNotice(
  enterprises: readonly Enterprise[],
  date: string,
  production: boolean,
  file: string,
  lang: Lang,
): string[] {
  let newest = "";
  let after = 0;
  for (const e of enterprises) {
    const on = e.gradedOn;
    if (on === null || e.grade === null) continue;
    if (on > newest) newest = on;
    if (on > date) after++;
  }
  if (newest === "") return [];
  if (production && after > 0)
    return [
      tr(
        lang,
        `note: ${after} enterprise(s) of ${file} were graded after the draw date ${date} (the latest on ${newest}): the draw took their grades as the file gives them, grades given after the day it is recorded as made`,
        `提示：${file} 中有 ${after} 家企业的评级日期晚于抽取日期 ${date}（最晚 ${newest}）：抽取按文件中的等级进行，而这些等级是在抽取记入台账之日以后评定的`,
      ),
    ];
  if (newest < addMonths(date, -GRADES_STALE_MONTHS))
    return [
      tr(
        lang,
        `note: the newest grade in ${file} is dated ${newest}, ${daysBetween(newest, date)} days before the draw date ${date}: grades are pushed monthly; check that the file is the latest export of the directory`,
        `提示：${file} 中最新的评级日期为 ${newest}，早于抽取日期 ${date} ${daysBetween(newest, date)} 天：信用等级每月推送，请确认该文件为最新导出的名录`,
      ),
    ];
  return [];
}

/**
 * The drawn enterprises whose last inspection before the draw date, in the history or the ledger's
 * results, found them no longer in business (已注销或被吊销营业执照, 已迁出): the directory still
 * lists them, and the visit drawn may go to nobody. Said, with that result, for the team to check
 * before the visit; the draw stands (the directory is the office's to correct).
 */
export function goneAtLastVisitNotice(
  drawn: readonly string[],
  visits: readonly (readonly HistoryEntry[])[],
  date: string,
  lang: Lang,
): string[] {
  const wanted = new Set(drawn);
  const last = new Map<string, HistoryEntry>();
  for (const list of visits)
    for (const h of list) {
      if (h.date > date || !wanted.has(h.uscc)) continue;
      const known = last.get(h.uscc);
      // Of one day's entries, one that says the enterprise is gone is the one kept.
      if (!known || h.date > known.date || (h.date === known.date && goneCode(h) && !goneCode(known)))
        last.set(h.uscc, h);
    }
  const gone = drawn.flatMap((uscc) => {
    const h = last.get(uscc);
    const code = h && goneCode(h);
    return h && code ? [{ uscc, date: h.date, code }] : [];
  });
  if (!gone.length) return [];
  const en = gone.map((g) => `${g.uscc} (${g.date}: ${g.code.zh})`);
  const zh = gone.map((g) => `${g.uscc}（${g.date}：${g.code.zh}）`);
  return [
    tr(
      lang,
      `note: ${gone.length} drawn enterprise(s) were found no longer in business at their last inspection: ${someOf(en, "en")}; check before the visit that they still are`,
      `提示：${gone.length} 家抽中企业在最近一次检查中被发现已不在登记地经营：${someOf(zh, "zh")}；请在检查前核实其是否仍在经营`,
    ),
  ];
}

/** The code of a visit's results that says the enterprise is gone (deregistered, moved out), if any. */
function goneCode(h: HistoryEntry): ResultCode | undefined {
  for (const id of h.result) {
    const code = findResultCode(id);
    if (code?.class === "gone") return code;
  }
  return undefined;
}

/**
 * The enterprise codes of declared conflicts (回避) that are not in the enterprise file: those
 * declarations exclude nobody (an enterprise since gone from the directory, or a code mistyped into
 * another valid one). `sorted`: the enterprises in the order of their codes, as a draw's frame has
 * them, looked up by halves (a directory of millions is not made into a set for a few declarations).
 */
export function unknownConflictCodesNotice(
  codes: readonly string[],
  sorted: readonly Enterprise[],
  enterprisesFile: string,
  conflictsFile: string,
  lang: Lang,
): string[] {
  const has = (code: string) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid].uscc < code) lo = mid + 1;
      else hi = mid;
    }
    return lo < sorted.length && sorted[lo].uscc === code;
  };
  const unknown = [...new Set(codes)].filter((c) => !has(c));
  if (!unknown.length) return [];
  return [
    tr(
      lang,
      `note: ${unknown.length} enterprise code(s) of the declared conflicts are not in ${enterprisesFile} (${someOf(unknown, "en")}): those declarations exclude nobody; check the codes (${conflictsFile})`,
      `提示：回避声明中有 ${unknown.length} 个统一社会信用代码不在 ${enterprisesFile} 中（${someOf(unknown, "zh")}）：这些声明不排除任何人；请核对代码（${conflictsFile}）`,
    ),
  ];
}

/**
 * A history none of whose inspections is of an enterprise of the directory (another district's,
 * or an export that writes the enterprises another way): the caps count none of it. Said; a
 * history holding some of the directory's enterprises is as it may be (others since gone).
 */
export function foreignHistoryNotice(
  history: readonly { readonly uscc: string }[],
  enterprises: readonly Enterprise[],
  historyFile: string,
  enterprisesFile: string,
  lang: Lang,
): string[] {
  if (!history.length || !enterprises.length) return [];
  const codes = new Set(history.map((h) => h.uscc));
  if (enterprises.some((e) => codes.has(e.uscc))) return [];
  return [
    tr(
      lang,
      `note: none of the ${codes.size.toLocaleString("en")} enterprise(s) inspected in ${historyFile} is in ${enterprisesFile} (${someOf([...codes], "en")}): the caps count none of its ${history.length.toLocaleString("en")} inspection(s); is it this directory's history?`,
      `提示：${historyFile} 中被检查的 ${codes.size} 家企业都不在 ${enterprisesFile} 中（${someOf([...codes], "zh")}）：其 ${history.length} 条检查记录均不计入上限；是否为本名录的检查历史？`,
    ),
  ];
}
