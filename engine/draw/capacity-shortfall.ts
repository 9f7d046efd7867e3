/** Departments whose inspectors' capacities cannot make the inspections a draw's visits need of them. */
import type { Inspector } from "../data/records.js";
import { type Lang, tr } from "../lang.js";
import { staffableByDepartment } from "./roster.js";
import { staffedDepartments, type Visit } from "./teams.js";

/** A department short of places: what the visits need of its inspectors at least, what they can take. */
export interface Shortfall {
  readonly department: string;
  /** Inspections of its inspectors the visits need at least: a team for a visit of its alone, one for a joint visit. */
  readonly needed: number;
  /** Inspections its active, licensed inspectors can still take: their capacity less their load. */
  readonly places: number;
  /** Its active, licensed inspectors. */
  readonly inspectors: number;
}

/**
 * The departments whose active, licensed inspectors cannot take the inspections `visits` need of
 * them, whoever is drawn: a visit of the department alone needs a team of `teamSize` of its
 * inspectors, a joint one at least one; their places are their capacities less `load` (this
 * period's earlier tasks), a blank capacity without limit. Only a certain shortfall is one: the
 * need is the least the visits take and the places the most the inspectors give (one qualified
 * for no item of a visit counts as giving).
 */
export function capacityShortfalls(
  visits: readonly Visit[],
  inspectors: readonly Inspector[],
  date: string,
  teamSize: number,
  load: Readonly<Record<string, number>>,
): Shortfall[] {
  const needed = new Map<string, number>();
  for (const v of visits) {
    const staffed = staffedDepartments(v);
    for (const d of staffed) needed.set(d, (needed.get(d) ?? 0) + (staffed.length === 1 ? teamSize : 1));
  }
  const staffable = staffableByDepartment(inspectors, date);
  const short: Shortfall[] = [];
  for (const [department, need] of needed) {
    const ks = staffable.get(department) ?? [];
    let places = 0;
    for (const k of ks) {
      const { id, capacity } = inspectors[k];
      places += capacity === null ? Number.POSITIVE_INFINITY : Math.max(0, capacity - (load[id] ?? 0));
    }
    if (ks.length && places < need) short.push({ department, needed: need, places, inspectors: ks.length });
  }
  return short.sort((a, b) => (a.department < b.department ? -1 : a.department > b.department ? 1 : 0));
}

/** What a refused draw says of a department short of places. */
export function shortfallLine(s: Shortfall, lang: Lang): string {
  return tr(
    lang,
    `${s.department}'s inspectors cannot take the inspections drawn: the visits need at least ${s.needed.toLocaleString("en")} of them (a whole team for a visit of that department alone, one inspector for a joint visit), and its ${s.inspectors.toLocaleString("en")} active, licensed inspectors can take ${s.places.toLocaleString("en")} more (their capacity column, less this period's earlier tasks): raise their capacities or add inspectors`,
    `${s.department}执法人员的检查上限不足以承担本次抽中的检查：至少需要其执法人员 ${s.needed} 人次（本部门单独检查的每户一个检查组，联合检查的每户至少 1 人），其 ${s.inspectors} 名在岗持证人员尚可承担 ${s.places} 人次（按检查上限一栏，扣除本期之前任务已安排的）：请提高检查上限或增加执法人员`,
  );
}
