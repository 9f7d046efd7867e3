import type { Classified, StratumPlan } from "./plan.js";

/** An enterprise drawn in a stratum, with the rank that drew it. */
export interface Drawn<R> {
  readonly classified: Classified;
  readonly treatment: string;
  readonly rank: R;
}

/**
 * Selection, shared by the official draw and the simulator: in each stratum the n eligible
 * enterprises of lowest rank are drawn. Only the rank differs: SHA-256 tickets for the draw,
 * seeded random streams for the simulator.
 */
export function selectStrata<R>(
  plans: readonly StratumPlan[],
  classified: readonly Classified[],
  rank: (c: Classified) => R,
  compare: (a: R, b: R) => number,
): Drawn<R>[] {
  const members = new Map<string, { c: Classified; r: R }[]>();
  for (const c of classified) {
    if (!c.eligible || !c.decision.treatment) continue;
    let list = members.get(c.decision.treatment);
    if (!list) members.set(c.decision.treatment, (list = []));
    list.push({ c, r: rank(c) });
  }
  const out: Drawn<R>[] = [];
  for (const plan of plans) {
    const list = members.get(plan.treatment) ?? [];
    list.sort((a, b) => compare(a.r, b.r) || (a.c.enterprise.uscc < b.c.enterprise.uscc ? -1 : 1));
    for (let i = 0; i < plan.n && i < list.length; i++)
      out.push({ classified: list[i].c, treatment: plan.treatment, rank: list[i].r });
  }
  return out;
}
