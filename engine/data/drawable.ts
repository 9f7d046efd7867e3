import { type Lang, someOf, tr } from "../lang.js";
import { addMonths, daysBetween, parsePeriod } from "../period.js";
import type { Enterprise, HistoryEntry, Inspector } from "./records.js";
import { findResultCode, type ResultCode } from "./result-codes.js";
import { joinedParts, parseList } from "./values.js";

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
    const named = foreignDepartments(enterprises, known)
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

const PEOPLE = { en: "", zh: "人" };
const FIRMS = { en: "", zh: "家" };

/** Whether the characters of `short` stand in `long` in order (市场监管局 in 淮安区市场监督管理局). */
function within(short: string, long: string): boolean {
  let at = 0;
  for (const ch of long) if (at < short.length && ch === short[at]) at++;
  return at === short.length;
}

/**
 * The department of the policy a department written another way most likely is: the one whose
 * characters stand in order in it, or it in the one (市场监督管理局 for 市场监管局, 人力资源和社会保障局
 * for 人社局, 应急局 for 应急管理局); none when no one, or more than one, does.
 */
export function likelyDepartment(name: string, known: readonly string[]): string | undefined {
  const near = known.filter((k) => within(k, name) || within(name, k));
  return near.length === 1 ? near[0] : undefined;
}

/** A foreign department with its count, and the policy's department it most likely is. */
function foreignNamed(
  d: string,
  n: number,
  known: readonly string[],
  unit: { en: string; zh: string },
  lang: Lang,
) {
  const likely = likelyDepartment(d, known);
  const parts = likely ? undefined : joinedDepartments(d, known);
  if (parts)
    return lang === "zh"
      ? `${d}（${n} ${unit.zh}：多个部门请用“;”分隔，${parts.join(";")}）`
      : `${d} (${n}: separate departments with ';', ${parts.join(";")})`;
  return lang === "zh"
    ? `${d}（${n} ${unit.zh}${likely ? `，是否即政策中的 ${likely}？` : ""}）`
    : `${d} (${n}${likely ? `; the policy's ${likely}?` : ""})`;
}

/**
 * The policy's departments a name joins with a mark a list is not separated by (市场监管局/人社局,
 * 市场监管局 人社局), when every part is one; undefined otherwise.
 */
export function joinedDepartments(name: string, known: readonly string[]): string[] | undefined {
  const parts = joinedParts(name, true);
  return parts.length > 1 && parts.every((p) => known.includes(p)) ? parts : undefined;
}

/**
 * The departments enterprises name that none of a policy's items does (市场监督管理局 where the
 * policy writes 市场监管局), each with how many enterprises name it, and how many enterprises name
 * only such departments: no task's pool holds those.
 */
export function foreignDepartments(
  enterprises: readonly { readonly departments: readonly string[] }[],
  known: readonly string[],
): { names: [string, number][]; stranded: number } {
  const ours = new Set(known);
  const names = new Map<string, number>();
  let stranded = 0;
  // A million enterprises share a few hundred lists (the reader keeps one copy of each): each list
  // is looked at once.
  const seen = new Map<readonly string[], boolean>();
  for (const e of enterprises) {
    if (e.departments.length === 0) continue;
    let ourOne = seen.get(e.departments);
    if (ourOne === undefined) {
      ourOne = e.departments.some((d) => ours.has(d));
      seen.set(e.departments, ourOne);
    }
    if (!ourOne) stranded++;
    for (const d of e.departments) if (!ours.has(d)) names.set(d, (names.get(d) ?? 0) + 1);
  }
  return { names: [...names].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])), stranded };
}

/**
 * Why a draw is refused for the departments an enterprise file names: the policy's departments
 * joined by a slash or a space (市场监管局/人社局), with how many enterprises name each, which no
 * task's pool of those departments would hold; undefined where none is.
 */
export function joinedDepartmentsRefusal(
  found: { names: [string, number][] },
  known: readonly string[],
  lang: Lang,
): string | undefined {
  const joined = found.names.flatMap(([d, n]) => {
    const parts = joinedDepartments(d, known);
    return parts ? [{ d, n, parts }] : [];
  });
  if (!joined.length) return undefined;
  const count = joined.reduce((sum, j) => sum + j.n, 0);
  return tr(
    lang,
    `${count} enterprise(s) name the policy's departments joined by a slash or a space, not separated: ${someOf(
      joined.map((j) => `${j.d} (${j.n}: ${j.parts.join(";")})`),
      lang,
    )}; separate departments with ';', or those enterprises are in no pool of those departments`,
    `${count} 家企业的监管部门把政策中的多个部门用斜杠或空格连在一起，未分隔：${someOf(
      joined.map((j) => `${j.d}（${j.n} 家：${j.parts.join(";")}）`),
      lang,
    )}；多个部门请用“;”分隔，否则这些企业不在相应部门的抽取范围内`,
  );
}

/**
 * The departments of inspectors that none of a policy's items has, said for their file (an
 * inspector of one is never drawn): nothing when there are none.
 */
export function foreignInspectorNotice(
  inspectors: readonly { readonly department: string }[],
  known: readonly string[],
  file: string,
  lang: Lang,
): string[] {
  const found = foreignDepartments(
    inspectors.map((i) => ({ departments: [i.department] })),
    known,
  ).names;
  if (found.length === 0) return [];
  const named = (d: string, n: number, lang: Lang) => {
    // An inspector of several departments, as a list writes them: an inspector is drawn for one.
    const parts = parseList(d);
    if (parts.length > 1 && parts.every((p) => known.includes(p)))
      return lang === "zh"
        ? `${d}（${n} 人：每名执法人员按一个部门抽取，请填写 ${parts.join("或")} 之一）`
        : `${d} (${n}: an inspector is drawn for one department: write the one, ${parts.join(" or ")})`;
    return foreignNamed(d, n, known, PEOPLE, lang);
  };
  return [
    tr(
      lang,
      `note: ${file} has inspectors of department(s) that no item of the policy has, who are never drawn: ${found.map(([d, n]) => named(d, n, "en")).join(", ")}; the policy's are ${known.join(", ")}: is a department written another way?`,
      `提示：${file} 中有执法人员所属部门不是政策检查事项涉及的部门，他们不会被抽中：${found.map(([d, n]) => named(d, n, "zh")).join("、")}；政策为 ${known.join("、")}：部门名称是否写法不同？`,
    ),
  ];
}

/** What {@link foreignDepartments} found, said for the file it was found in (nothing when it found nothing). */
export function foreignNotice(
  found: { names: [string, number][]; stranded: number },
  known: readonly string[],
  file: string,
  lang: Lang,
): string[] {
  if (found.names.length === 0) return [];
  const en = someOf(
    found.names.map(([d, n]) => foreignNamed(d, n, known, FIRMS, "en")),
    "en",
  );
  const zh = someOf(
    found.names.map(([d, n]) => foreignNamed(d, n, known, FIRMS, "zh")),
    "zh",
  );
  return [
    tr(
      lang,
      `note: ${file} names department(s) that no item of the policy has: ${en}; the policy's are ${known.join(", ")}; ${found.stranded ? `${found.stranded} enterprise(s) name no other and are in no task's pool` : "their enterprises are drawn through their other departments only"}: is a department written another way?`,
      `提示：${file} 中的部门 ${zh}不是政策检查事项涉及的部门（政策为 ${known.join("、")}）；${found.stranded ? `${found.stranded} 家企业只属于这些部门，不在任何任务的抽取范围内` : "相关企业只通过其他部门被抽取"}：部门名称是否写法不同？`,
    ),
  ];
}

/**
 * The inspectors whose items (检查事项) name none of the policy's items of their department, said
 * for their file: they are never drawn by this policy (an empty list qualifies for every item).
 * Most often an item written another way than the policy writes it, or another policy's item.
 */
export function unqualifiedNotice(
  inspectors: readonly Inspector[],
  items: readonly { readonly code: string; readonly department: string }[],
  file: string,
  lang: Lang,
): string[] {
  const byDepartment = new Map<string, Set<string>>();
  for (const it of items)
    byDepartment.set(it.department, (byDepartment.get(it.department) ?? new Set()).add(it.code));
  const none = inspectors.filter((i) => {
    const codes = byDepartment.get(i.department);
    return codes !== undefined && i.items.length > 0 && !i.items.some((c) => codes.has(c));
  });
  if (none.length === 0) return [];
  const named = none.map((i) => `${i.id} (${i.items.join(";")})`);
  const namedZh = none.map((i) => `${i.id}（${i.items.join(";")}）`);
  return [
    tr(
      lang,
      `note: ${none.length} inspector(s) of ${file} are qualified for no item of the policy in their department, and are never drawn: ${someOf(named, "en")}; is an item written another way? The policy's items are ${items.map((it) => it.code).join(", ")}`,
      `提示：${file} 中有 ${none.length} 名执法人员不具备政策中本部门任何检查事项的资格，不会被抽中：${someOf(namedZh, "zh")}；事项编码是否写法不同？政策的事项为 ${items.map((it) => it.code).join("、")}`,
    ),
  ];
}

/**
 * The ids of the inspectors a directory records no licence for (neither a number nor an expiry
 * date) when it records one for some other inspector: they hold no enforcement licence, and are
 * not drawn (SPEC §2). None when the directory records no licence at all.
 */
export function unlicensedInspectors(list: readonly Inspector[]): string[] {
  if (list.every(noLicence)) return [];
  return list.filter(noLicence).map((i) => i.id);
}

/** True when the directory gives an inspector neither a licence number nor an expiry date. */
function noLicence(i: Inspector): boolean {
  return i.licenseNo === "" && i.licenseExpires === null;
}

/** What a draw takes of the inspectors' licences, said for their file: who is not drawn for want of one, or that the file records none. */
export function licenceNotice(list: readonly Inspector[], file: string, lang: Lang): string[] {
  if (list.length === 0) return [];
  if (list.every(noLicence))
    return [
      tr(
        lang,
        `note: ${file} records no enforcement licence (columns licenseNo 执法证号, licenseExpires 执法证有效期): every active inspector is taken as licensed`,
        `提示：${file} 未记录执法证（“执法证号”“执法证有效期”列）：所有在岗执法人员均视为持有有效执法证`,
      ),
    ];
  const ids = unlicensedInspectors(list);
  if (ids.length === 0) return [];
  return [
    tr(
      lang,
      `note: ${ids.length} inspector(s) of ${file} have neither a licence number nor an expiry date, where the others have one: they hold no enforcement licence and are not drawn (${someOf(ids, lang)})`,
      `提示：${file} 中有 ${ids.length} 名执法人员既无执法证号也无执法证有效期（其他人员有）：视为未持有执法证，不会被抽中（${someOf(ids, lang)}）`,
    ),
  ];
}

/**
 * The assigned inspectors whose licence, valid on the draw date, expires before the period ends:
 * their visits must be made before then, or the licence renewed (said, not refused: the draw
 * judges the licence on its date, SPEC §6).
 */
export function expiringNotice(
  inspectors: readonly Inspector[],
  assignments: readonly { readonly inspector: string }[],
  period: string,
  lang: Lang,
): string[] {
  const end = parsePeriod(period)?.end;
  if (!end) return [];
  const assigned = new Set(assignments.map((a) => a.inspector));
  const expiring = inspectors
    .filter((i) => assigned.has(i.id) && i.licenseExpires !== null && i.licenseExpires < end)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((i) => (lang === "zh" ? `${i.id}（${i.licenseExpires}）` : `${i.id} (${i.licenseExpires})`));
  if (expiring.length === 0) return [];
  const listed = someOf(expiring, lang);
  return [
    tr(
      lang,
      `note: ${expiring.length} assigned inspector(s) have a licence that expires before ${period} ends (${end}): ${listed}; their visits must be made by then, or the licence renewed`,
      `提示：${expiring.length} 名被选派的执法人员的执法证在 ${period} 结束（${end}）前到期：${listed}；须在到期前完成检查或换证`,
    ),
  ];
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
