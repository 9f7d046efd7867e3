/** The visits each department makes in expectation under a policy's draw, before the tickets are known. */
import type { Classification } from "./classify.js";
import { visitPlanner } from "./draw/draw.js";
import type { Classified } from "./plan.js";
import type { Policy } from "./policy/types.js";

/**
 * Each department's visits in expectation over the draw's tickets: a stratum draws n of its e
 * eligible, so each of them is drawn with chance n ÷ e, and its visit takes the task's departments
 * that supervise it (all of them where the treatment is joint), as the draw's visitPlanner gives them.
 * Each to a millionth.
 */
export function expectedVisits(
  policy: Policy,
  c: { readonly summary: Classification; readonly classified: readonly Classified[] },
  task: readonly string[],
): Map<string, number> {
  const plan = visitPlanner(policy, task);
  const chance = new Map(
    c.summary.treatments.map((t) => [t.treatment, t.pool && t.eligible ? t.planned / t.eligible : 0]),
  );
  const visits = new Map<string, number>();
  for (const x of c.classified) {
    const t = x.decision.treatment;
    const p = x.eligible && t !== null ? (chance.get(t) ?? 0) : 0;
    if (p === 0) continue;
    for (const d of plan(x.enterprise.departments, t as string).departments)
      visits.set(d, (visits.get(d) ?? 0) + p);
  }
  // To a millionth: a sum of shares that is whole reads whole (8, not 7.999999999999999).
  for (const [d, x] of visits) visits.set(d, Number(x.toFixed(6)));
  return visits;
}

/**
 * Expected numbers of visits as tables show them: whole where every one is 100 or more, else to a
 * tenth (2.3 visits is not 2).
 */
export function visitCounter(values: readonly number[]): (x: number) => string {
  const whole = values.every((x) => x >= 100);
  return (x: number) => (whole ? String(Math.round(x)) : x.toFixed(1));
}
