import type { Conflict, Inspector } from "../data/records.js";
import type { Item } from "../policy/types.js";
import { compareTickets, type RankedTicket, type TicketSource } from "../tickets.js";

/** One inspection visit to staff: the enterprise, its departments and items. */
export interface Visit {
  readonly uscc: string;
  readonly departments: readonly string[];
  readonly items: readonly Item[];
}

/** A member of a team. */
export interface TeamMember {
  readonly inspector: Inspector;
  readonly role: "lead" | "member";
  readonly ticket: string;
}

/** Why no valid team could be formed for a visit. */
export interface TeamFailure {
  readonly uscc: string;
  readonly reasons: { en: string; zh: string }[];
}

/** The state inspector assignment reads and updates: loads, conflicts, avoidance of repeats. */
export interface TeamContext {
  readonly inspectors: readonly Inspector[];
  /** The inspectors grouped by department (built on first use). */
  byDepartment?: Map<string, Inspector[]>;
  readonly teamSize: number;
  readonly date: string;
  /** Declared conflicts (回避) as `inspector|uscc`. */
  readonly conflicts: ReadonlySet<string>;
  /** Enterprises each inspector inspected in their previous N draws (optional avoidance). */
  readonly recent: ReadonlyMap<string, ReadonlySet<string>>;
  /** Inspections already assigned this period (earlier tasks and this draw), by inspector. */
  readonly load: Map<string, number>;
}

/** The set of conflicts as `inspector|uscc` keys. */
export function conflictKeys(conflicts: readonly Conflict[]): Set<string> {
  return new Set(conflicts.map((c) => `${c.inspector}|${c.uscc}`));
}

/** True when the inspector may inspect at least one item of the visit. */
function qualifiesForAny(ins: Inspector, visit: Visit): boolean {
  for (const it of visit.items)
    if (it.department === ins.department && (ins.items.length === 0 || ins.items.includes(it.code)))
      return true;
  return false;
}

/** The items of a department an inspector may inspect: their list, or every item of the department when empty. */
function qualifiedItems(ins: Inspector, visit: Visit): Item[] {
  return visit.items.filter(
    (it) => it.department === ins.department && (ins.items.length === 0 || ins.items.includes(it.code)),
  );
}

/**
 * Staffs one visit: inspectors are ranked by `ticket(effectiveSeed, uscc + "|" + id)` and taken
 * lowest first while they add a department or an item not yet covered, then up to the team size.
 * A team is valid with at least `teamSize` members, one of every department of the visit, every
 * item covered by a qualified member, and nobody inactive, unlicensed, in conflict, repeated or
 * over capacity.
 */
export function staffVisit(
  visit: Visit,
  ctx: TeamContext,
  tickets: TicketSource,
): { team?: TeamMember[]; failure?: TeamFailure } {
  const excluded = { inactive: 0, licence: 0, conflict: 0, repeat: 0, capacity: 0 };
  if (!ctx.byDepartment) {
    ctx.byDepartment = new Map();
    for (const ins of ctx.inspectors) {
      const list = ctx.byDepartment.get(ins.department);
      if (list) list.push(ins);
      else ctx.byDepartment.set(ins.department, [ins]);
    }
  }
  // Every eligible inspector gets a ticket (the rule), but only numbers are kept while ranking:
  // a few thousand candidates per visit, a hundred thousand visits.
  const pool: Inspector[] = [];
  const keys: number[] = [];
  for (const d of visit.departments) {
    for (const ins of ctx.byDepartment.get(d) ?? []) {
      if (!qualifiesForAny(ins, visit)) continue;
      if (!ins.active) excluded.inactive++;
      else if (ins.licenseExpires !== null && ins.licenseExpires < ctx.date) excluded.licence++;
      else if (ctx.conflicts.has(`${ins.id}|${visit.uscc}`)) excluded.conflict++;
      else if (ctx.recent.size > 0 && ctx.recent.get(ins.id)?.has(visit.uscc)) excluded.repeat++;
      else if (ins.capacity !== null && (ctx.load.get(ins.id) ?? 0) >= ins.capacity) excluded.capacity++;
      else {
        pool.push(ins);
        keys.push(tickets.key(`${visit.uscc}|${ins.id}`));
      }
    }
  }
  const full = new Map<number, RankedTicket>();
  const rankedOf = (k: number) => {
    const known = full.get(k);
    if (known) return known;
    const r = tickets.ranked(`${visit.uscc}|${pool[k].id}`);
    full.set(k, r);
    return r;
  };
  const order = pool
    .map((_, k) => k)
    .sort((a, b) => keys[a] - keys[b] || compareTickets(rankedOf(a), rankedOf(b)));
  const chosen: number[] = [];
  const deps = new Set<string>();
  const items = new Set<string>();
  for (const k of order) {
    const mine = qualifiedItems(pool[k], visit);
    if (!deps.has(pool[k].department) || mine.some((it) => !items.has(it.code))) {
      chosen.push(k);
      deps.add(pool[k].department);
      for (const it of mine) items.add(it.code);
    }
    if (
      deps.size === visit.departments.length &&
      items.size === visit.items.length &&
      chosen.length >= ctx.teamSize
    )
      break;
  }
  for (const k of order) if (chosen.length < ctx.teamSize && !chosen.includes(k)) chosen.push(k);
  chosen.sort((a, b) => keys[a] - keys[b] || compareTickets(rankedOf(a), rankedOf(b)));

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
  if (chosen.length < ctx.teamSize)
    reasons.push({
      en: `only ${chosen.length} eligible inspector(s), a team needs ${ctx.teamSize}`,
      zh: `仅有 ${chosen.length} 名符合条件的执法人员，检查组至少需要 ${ctx.teamSize} 人`,
    });
  if (reasons.length) {
    const ex = Object.entries(excluded).filter(([, n]) => n > 0);
    if (ex.length) {
      const en = ex.map(([k, n]) => `${n} ${k}`).join(", ");
      reasons.push({
        en: `not eligible: ${en}`,
        zh: `不符合条件：${ex.map(([k, n]) => `${ZH_REASON[k]} ${n} 人`).join("，")}`,
      });
    }
    return { failure: { uscc: visit.uscc, reasons } };
  }
  for (const k of chosen) ctx.load.set(pool[k].id, (ctx.load.get(pool[k].id) ?? 0) + 1);
  return {
    team: chosen.map((k, i) => ({
      inspector: pool[k],
      role: i === 0 ? "lead" : "member",
      ticket: rankedOf(k).ticket,
    })),
  };
}

const ZH_REASON: Record<string, string> = {
  inactive: "不在岗",
  licence: "执法证过期",
  conflict: "需回避",
  repeat: "近期检查过该企业",
  capacity: "已达检查上限",
};
