import type { Classified, StratumPlan } from "./plan.js";

/** An enterprise drawn in a stratum, with the rank that drew it. */
export interface Drawn<R> {
  readonly classified: Classified;
  readonly treatment: string;
  readonly rank: R;
}

/**
 * The selection rule of a stratum, shared by the official draw and the simulator: the `n`
 * members of lowest rank are drawn. A rank is a numeric key (the first digits of a ticket, or a
 * random number) refined by `tieBreak` where keys are equal, so the choice is exact while the
 * work is on plain numbers. The chosen come back in member order; callers that list them sort.
 */
export function lowestRanked(
  members: readonly number[],
  n: number,
  key: (i: number) => number,
  tieBreak: (a: number, b: number) => number,
): number[] {
  if (n <= 0 || members.length === 0) return [];
  if (n >= members.length) return [...members];
  const keys = new Float64Array(members.length);
  for (let k = 0; k < members.length; k++) keys[k] = key(members[k]);
  const threshold = keys.slice().sort()[n - 1];
  const chosen: number[] = [];
  const atThreshold: number[] = [];
  for (let k = 0; k < members.length; k++) {
    if (keys[k] < threshold) chosen.push(members[k]);
    else if (keys[k] === threshold) atThreshold.push(members[k]);
  }
  if (chosen.length < n) {
    atThreshold.sort(tieBreak);
    for (let k = 0; chosen.length < n; k++) chosen.push(atThreshold[k]);
  }
  return chosen;
}

/**
 * Selection over classified enterprises (the official draw): per stratum, the n eligible
 * enterprises of lowest rank, in rank order.
 */
export function selectStrata<R>(
  plans: readonly StratumPlan[],
  classified: readonly Classified[],
  rank: (c: Classified) => R,
  key: (r: R) => number,
  compare: (a: R, b: R) => number,
): Drawn<R>[] {
  const members = new Map<string, number[]>();
  const ranks: R[] = new Array(classified.length);
  classified.forEach((c, i) => {
    if (!c.eligible || !c.decision.treatment) return;
    const list = members.get(c.decision.treatment);
    if (list) list.push(i);
    else members.set(c.decision.treatment, [i]);
    ranks[i] = rank(c);
  });
  const out: Drawn<R>[] = [];
  const order = (a: number, b: number) =>
    compare(ranks[a], ranks[b]) || (classified[a].enterprise.uscc < classified[b].enterprise.uscc ? -1 : 1);
  for (const plan of plans) {
    const chosen = lowestRanked(members.get(plan.treatment) ?? [], plan.n, (i) => key(ranks[i]), order).sort(
      order,
    );
    for (const i of chosen)
      out.push({ classified: classified[i], treatment: plan.treatment, rank: ranks[i] });
  }
  return out;
}
