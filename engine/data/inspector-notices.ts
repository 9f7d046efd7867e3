/** What a draw says of its inspector directory: inspectors not qualified for an item, with no licence recorded, or a licence expiring. */
import { type Lang, someOf, tr } from "../lang.js";
import { parsePeriod } from "../period.js";
import type { Inspector } from "./records.js";

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
