/**
 * The period loop's two passes over every slot, in JavaScript: the reference that the kernels of
 * period-kernels.ts make the same passes as, and what runs where WebAssembly is missing.
 */
import { CLEAN } from "./last-results.js";
import { METRIC_GRADES } from "./metrics.js";
import type { Population } from "./population.js";
import type { Streams } from "./streams.js";

const G = METRIC_GRADES.length;
/** The metric grade of every grade together. */
const ALL = G - 1;

/** The counts of a period by metric grade, and the team slots its inspections took. */
export interface PeriodCounts {
  readonly inspections: Float64Array;
  readonly found: Float64Array;
  readonly undetected: Float64Array;
  readonly byGrade: Float64Array;
  readonly covered: Float64Array;
  slots: number;
}

/**
 * The period's first pass over every slot: the grade mix, and each treatment's eligible members:
 * a candidate (see {@link StaticTable}) not over its treatment's cap, counted as the draw's
 * `overCap` does: the inspections inside the window, the cap's count reached means over. Members
 * are appended to their treatment's row of `members` (`stride` apart) in slot order. Returns the
 * number alive.
 *
 * The loop has no branch that depends on the slot: a slot of no stratum goes to the last row,
 * which is always over its cap, and every slot is written where its row's next member would go,
 * the row's count moving on only when it joins. Whether a slot is alive, a candidate or under its
 * cap is close to a coin toss, which a branch predictor cannot learn.
 */
export function eligibleMembers(
  n: number,
  pop: Population,
  candidateOf: Int8Array,
  caps: { count: Int32Array; from: Int32Array; to: Int32Array },
  gradeCount: Float64Array,
  members: Int32Array,
  stride: number,
  counts: Int32Array,
): number {
  const { alive: isAlive, grade, lastDays, remembered: r } = pop;
  const { count: capCount, from: winFrom, to: winTo } = caps;
  const none = counts.length - 1;
  let alive = 0;
  for (let i = 0; i < n; i++) {
    const a = isAlive[i];
    const g = grade[i];
    alive += a;
    gradeCount[g] += a;
    const c = candidateOf[i * 5 + g];
    // -1 (never a candidate) becomes the row of no stratum.
    const ti = c + ((c >> 31) & (none + 1));
    const from = winFrom[ti];
    const to = winTo[ti];
    // Inspections remembered inside the window, four at a time (a slot remembers 4, 8, 16…).
    let inWindow = 0;
    for (let k = i * r, end = k + r; k < end; k += 4) {
      const d0 = lastDays[k];
      const d1 = lastDays[k + 1];
      const d2 = lastDays[k + 2];
      const d3 = lastDays[k + 3];
      inWindow +=
        (+(d0 >= from) & +(d0 <= to)) +
        (+(d1 >= from) & +(d1 <= to)) +
        (+(d2 >= from) & +(d2 <= to)) +
        (+(d3 >= from) & +(d3 <= to));
    }
    const at = counts[ti];
    members[ti * stride + at] = i;
    counts[ti] = at + (a & +(inWindow < capCount[ti]));
  }
  return alive;
}

/**
 * The period's second pass over every slot, after the draw has marked the inspected: what each
 * inspection does (its team's slots, a finding when the enterprise is violating and the
 * inspection detects it, the slot's inspection history and last result, a finding's code drawn
 * with the number that found it), then grade transitions and exits, with
 * the counts the metrics need (by the grade at the inspection, and coverage by the grade after).
 */
export function inspectionsToExits(
  n: number,
  pop: Population,
  inspected: Uint8Array,
  visitDeps: Uint8Array,
  u: Streams,
  b: {
    today: number;
    teamSize: number;
    detection: number;
    violationRate: Float64Array;
    /** Both transition matrices' cumulative rows, see {@link VariantSim}; absent when grades are frozen. */
    cum: Float64Array | undefined;
    exitRate: number;
    /** How a finding gets its code (see findingCodesInto): 5 thresholds of the detection number, and 6 bytes. */
    findingAt: Float64Array;
    findingByte: Uint8Array;
  },
  out: PeriodCounts,
): void {
  const { alive: isAlive, grade, everInspected, lastDays, lastResult, remembered: r } = pop;
  const { violation: uViolation, detect: uDetect, transition: uTransition, exit: uExit } = u;
  const { today, teamSize, detection, violationRate, cum, exitRate, findingAt: at, findingByte } = b;
  const { inspections, found, undetected, byGrade, covered } = out;
  let slots = 0;
  // Whether a slot is alive, and whether it stays, are not branched on (see eligibleMembers): a
  // slot that is not alive counts nothing and keeps its grade. Inspections, findings and
  // violations are rare enough to branch on.
  for (let i = 0; i < n; i++) {
    const a = isAlive[i];
    let g = grade[i];
    const violating = a & +(uViolation[i] < violationRate[g]);
    // Only slots alive at the start of the period were drawn.
    let f = 0;
    if (inspected[i]) {
      inspections[g]++;
      const deps = visitDeps[i];
      slots += Math.max(deps, teamSize);
      const x = uDetect[i];
      f = violating & +(x < detection);
      // The latest first: the others move down one, the oldest is forgotten.
      const k = i * r;
      for (let j = k + r - 1; j > k; j--) lastDays[j] = lastDays[j - 1];
      lastDays[k] = today;
      // A finding's code: the number that found it, below detection, against the codes' shares of it.
      const code = +(x >= at[0]) + +(x >= at[1]) + +(x >= at[2]) + +(x >= at[3]) + +(x >= at[4]);
      lastResult[i] = f ? findingByte[code] : CLEAN;
      everInspected[i] = 1;
    }
    if (f) found[g]++;
    else if (violating) undetected[g]++;
    if (cum) {
      const x = uTransition[i];
      // The first grade whose cumulative probability exceeds x: rows are cumulative sums, so
      // that is the count of the first four at or below x.
      const at = f * 25 + g * 5;
      const next = +(x >= cum[at]) + +(x >= cum[at + 1]) + +(x >= cum[at + 2]) + +(x >= cum[at + 3]);
      grade[i] = g += (next - g) * a;
    }
    const stays = a & +(uExit[i] >= exitRate);
    isAlive[i] = stays;
    byGrade[g] += stays;
    covered[g] += stays & everInspected[i];
  }
  out.slots = slots;
}

/** The counts over every grade, from each grade's (see {@link inspectionsToExits}). */
export function addTotals(out: PeriodCounts): void {
  const { inspections, found, undetected, byGrade, covered } = out;
  for (let g = 0; g < G - 1; g++) {
    inspections[ALL] += inspections[g];
    byGrade[ALL] += byGrade[g];
    covered[ALL] += covered[g];
    found[ALL] += found[g];
    undetected[ALL] += undetected[g];
  }
}
