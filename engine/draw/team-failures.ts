/** Why a visit's team is not valid, in English and Chinese, as a failed draw names it. */
import type { Item } from "../policy/types.js";
import { qualifiesFor, type Roster } from "./roster.js";
import type { TeamContext, Visit } from "./teams.js";

/** What the members taken for a visit cover: departments, item codes, and how many they are. */
export interface Covered {
  readonly deps: ReadonlySet<string>;
  readonly items: ReadonlySet<string>;
  readonly members: number;
}

/**
 * Why the team taken for `visit` is not valid: each department and item no eligible inspector
 * covers, too few members, and then why the others are not eligible; none when it is valid.
 * `staffed`: the visit's departments whose inspectors were ranked, `own` the items of each.
 */
export function teamFailures(
  visit: Visit,
  ctx: TeamContext,
  roster: Roster,
  staffed: readonly string[],
  own: readonly Item[][],
  { deps, items, members }: Covered,
): { en: string; zh: string }[] {
  const reasons: { en: string; zh: string }[] = [];
  for (const d of visit.departments) {
    if (!deps.has(d)) reasons.push({ en: `no eligible inspector of ${d}`, zh: `${d}没有符合条件的执法人员` });
  }
  for (const it of visit.items) {
    if (deps.has(it.department) && !items.has(it.code))
      reasons.push({
        en: `no eligible inspector qualified for item ${it.code} (${it.name})`,
        zh: `没有具备事项 ${it.code}（${it.name}）资格的执法人员`,
      });
  }
  if (members < ctx.teamSize)
    reasons.push({
      en: `only ${members} eligible inspector(s), a team needs ${ctx.teamSize}`,
      zh: `仅有 ${members} 名符合条件的执法人员，检查组至少需要 ${ctx.teamSize} 人`,
    });
  if (!reasons.length) return reasons;
  const ex = Object.entries(exclusions(visit, ctx, roster, staffed, own)).filter(([, n]) => n > 0);
  if (ex.length) {
    const en = ex.map(([k, n]) => `${n} ${EN_REASON[k]}`).join(", ");
    reasons.push({
      en: `not eligible: ${en}`,
      zh: `不符合条件：${ex.map(([k, n]) => `${ZH_REASON[k]} ${n} 人`).join("，")}`,
    });
  }
  return reasons;
}

/**
 * Why the inspectors of a visit's departments are not eligible: not qualified for its items (an
 * inspector whose items list none of them), then inactive, unlicensed and so on, each counted
 * once, by the first reason that applies (for the message of a failed visit).
 */
function exclusions(
  visit: Visit,
  ctx: TeamContext,
  roster: Roster,
  staffed: readonly string[],
  own: readonly Item[][],
) {
  const excluded = { unqualified: 0, inactive: 0, licence: 0, conflict: 0, repeat: 0, capacity: 0 };
  const conflicts = roster.conflicts.get(visit.uscc);
  staffed.forEach((d, s) => {
    const codes = own[s].map((it) => it.code);
    for (const k of roster.byDepartment.get(d) ?? []) {
      const q = roster.qualified[k];
      if (q && !qualifiesFor(q, codes)) excluded.unqualified++;
      else if (!roster.active[k]) excluded.inactive++;
      else if (!roster.licensed[k]) excluded.licence++;
      else if (conflicts?.has(k)) excluded.conflict++;
      else if (ctx.recent.get(ctx.inspectors[k].id)?.has(visit.uscc)) excluded.repeat++;
      else if (roster.load[k] >= roster.capacity[k]) excluded.capacity++;
    }
  });
  return excluded;
}

const EN_REASON: Record<string, string> = {
  unqualified: "not qualified for its items",
  inactive: "inactive",
  licence: "licence",
  conflict: "conflict",
  repeat: "repeat",
  capacity: "capacity",
};

const ZH_REASON: Record<string, string> = {
  unqualified: "不具备本次检查事项资格",
  inactive: "不在岗",
  licence: "无有效执法证",
  conflict: "需回避",
  repeat: "近期检查过该企业",
  capacity: "已达检查上限",
};
