/** Why a visit's team is not valid, and the lines that say so of a refused draw, in English and Chinese. */
import { type Lang, tr } from "../lang.js";
import type { Item } from "../policy/types.js";
import { qualifiesFor, type Roster } from "./roster.js";
import type { TeamContext, TeamFailure, Visit } from "./teams.js";

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
  // The departments whose inspectors' eligibility the failure turns on, for the reasons' tail.
  const concerned = new Set<string>();
  for (const d of visit.departments) {
    if (deps.has(d)) continue;
    concerned.add(d);
    if (roster.byDepartment.get(d)?.length)
      reasons.push({ en: `no eligible inspector of ${d}`, zh: `${d}没有符合条件的执法人员` });
    else reasons.push({ en: `no inspector of ${d} is in the list`, zh: `名录中没有${d}的执法人员` });
  }
  for (const it of visit.items) {
    if (deps.has(it.department) && !items.has(it.code)) {
      concerned.add(it.department);
      reasons.push({
        en: `no eligible inspector qualified for item ${it.code} (${it.name})`,
        zh: `没有具备事项 ${it.code}（${it.name}）资格的执法人员`,
      });
    }
  }
  if (members < ctx.teamSize) {
    for (const d of staffed) concerned.add(d);
    reasons.push({
      en: `only ${members} eligible inspector(s), a team needs ${ctx.teamSize}`,
      zh: `仅有 ${members} 名符合条件的执法人员，检查组至少需要 ${ctx.teamSize} 人`,
    });
  }
  if (!reasons.length) return reasons;
  // Why the others are not eligible, department by department where the visit has more than one.
  const counted = staffed
    .map((d, s) => ({
      d,
      ex: Object.entries(exclusions(visit.uscc, ctx, roster, d, own[s])).filter(([, n]) => n > 0),
    }))
    .filter(({ d, ex }) => concerned.has(d) && ex.length > 0);
  if (counted.length) {
    const named = visit.departments.length > 1;
    const en = counted.map(
      ({ d, ex }) => (named ? `of ${d}, ` : "") + ex.map(([k, n]) => `${n} ${EN_REASON[k]}`).join(", "),
    );
    const zh = counted.map(
      ({ d, ex }) => (named ? d : "") + ex.map(([k, n]) => `${ZH_REASON[k]} ${n} 人`).join("，"),
    );
    reasons.push({ en: `not eligible: ${en.join("; ")}`, zh: `不符合条件：${zh.join("；")}` });
  }
  return reasons;
}

/**
 * The lines of a draw refused for visits without a valid team, naming each enterprise and the
 * reason (SPEC §6): visits failing for the same reasons are one line, the reasons first and then
 * every enterprise, the most first, so that a department written another way in the inspector
 * list is one line, not one per visit. One visit's failure is said as it is; several have a
 * summary first.
 */
export function teamFailureLines(
  failures: readonly TeamFailure[],
  visits: number,
  lang: Lang,
): { summary?: string; lines: string[] } {
  const head = tr(lang, "no valid inspector team", "无法组成有效检查组");
  const groups = new Map<string, string[]>();
  for (const f of failures) {
    const why = f.reasons.map((x) => x[lang]).join(lang === "zh" ? "；" : "; ");
    const group = groups.get(why);
    if (group) group.push(f.uscc);
    else groups.set(why, [f.uscc]);
  }
  const lines = [...groups]
    .sort((a, b) => b[1].length - a[1].length)
    .map(([why, usccs]) =>
      usccs.length === 1
        ? tr(lang, `${usccs[0]}: ${head}: ${why}`, `${usccs[0]}：${head}：${why}`)
        : tr(
            lang,
            `${head}: ${why}; for ${usccs.length.toLocaleString("en")} enterprises: ${usccs.join(", ")}`,
            `${head}：${why}；共 ${usccs.length} 家企业：${usccs.join("、")}`,
          ),
    );
  // Several failures are introduced by their count, which names no input.
  const summary =
    failures.length > 1
      ? tr(
          lang,
          `${failures.length.toLocaleString("en")} of the ${visits.toLocaleString("en")} drawn enterprises have no valid inspector team:`,
          `抽中的 ${visits} 家企业中有 ${failures.length} 家无法组成有效检查组：`,
        )
      : undefined;
  return { summary, lines };
}

/**
 * Why the inspectors of one of a visit's departments are not eligible: not qualified for its
 * items there (an inspector whose items list none of them), then inactive, unlicensed and so on,
 * each counted once, by the first reason that applies (for the message of a failed visit).
 */
function exclusions(
  uscc: string,
  ctx: TeamContext,
  roster: Roster,
  department: string,
  own: readonly Item[],
) {
  const excluded = { unqualified: 0, inactive: 0, licence: 0, conflict: 0, repeat: 0, capacity: 0 };
  const conflicts = roster.conflicts.get(uscc);
  const codes = own.map((it) => it.code);
  for (const k of roster.byDepartment.get(department) ?? []) {
    const q = roster.qualified[k];
    if (q && !qualifiesFor(q, codes)) excluded.unqualified++;
    else if (!roster.active[k]) excluded.inactive++;
    else if (!roster.licensed[k]) excluded.licence++;
    else if (conflicts?.has(k)) excluded.conflict++;
    else if (ctx.recent.get(ctx.inspectors[k].id)?.has(uscc)) excluded.repeat++;
    else if (roster.load[k] >= roster.capacity[k]) excluded.capacity++;
  }
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
