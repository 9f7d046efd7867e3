/**
 * What a period of a variant's run does besides its two passes over every slot (period-passes.ts):
 * the period's caps per treatment, the drawn marked and counted, the log of inspections, the
 * period's metrics from its counts, and the entrants at its end.
 */
import { capWindow } from "../engine/caps.js";
import type { Treatment } from "../engine/policy/types.js";
import { resultOfState } from "./last-results.js";
import { METRIC_GRADES, metricIndex } from "./metrics.js";
import type { PeriodCounts } from "./period-passes.js";
import { addEntrant, modelOf, type Population } from "./population.js";

const G = METRIC_GRADES.length;
/** The metric grade of every grade together. */
const ALL = G - 1;

/** Each inspection of a run: its slot, period, grade code at the time, whether its category is key, and (once made) its result. */
export type DrawnLog = {
  slot: number;
  period: number;
  grade: number;
  key: boolean;
  /** Once the period's inspections are made: the result recorded, as rules read it (see last-results.ts). */
  result?: string | null;
}[];

/** A date's day number (days since 1970-01-01). */
export const dayNumber = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);

/**
 * The period's caps per treatment, and for the row of no stratum after them: the count reached
 * that means over, and the window in day numbers. Without a cap the count is one no slot reaches;
 * the row of no stratum is always over (count 0).
 */
export function capsInto(
  treatments: readonly Treatment[],
  start: string,
  caps: { count: Int32Array; from: Int32Array; to: Int32Array },
): void {
  const { count: capCount, from: winFrom, to: winTo } = caps;
  capCount.fill(0);
  winFrom.fill(0);
  winTo.fill(0);
  for (let ti = 0; ti < treatments.length; ti++) {
    const cap = treatments[ti].cap;
    if (!cap) {
      capCount[ti] = 0x7fff_ffff;
      continue;
    }
    const w = capWindow(cap.window, start);
    capCount[ti] = cap.count;
    winFrom[ti] = dayNumber(w.from);
    winTo[ti] = dayNumber(w.to);
  }
}

/**
 * Period t's metrics from its counts: inspections, findings, undetected violators, coverage and
 * hit rate per grade and in all, the grade mix (counts of the alive until now) as shares, and the
 * inspectors' load.
 */
export function periodMetrics(
  metrics: Float64Array,
  t: number,
  c: PeriodCounts,
  alive: number,
  totalInspectors: number,
  capacity: number,
): void {
  for (let gi = 0; gi < G; gi++) {
    const ins = c.inspections[gi];
    metrics[metricIndex(t, gi, 0)] = ins;
    metrics[metricIndex(t, gi, 5)] = c.found[gi];
    metrics[metricIndex(t, gi, 7)] = c.undetected[gi];
    metrics[metricIndex(t, gi, 3)] = c.byGrade[gi] ? c.covered[gi] / c.byGrade[gi] : 0;
    metrics[metricIndex(t, gi, 6)] = ins ? c.found[gi] / ins : 0;
    metrics[metricIndex(t, gi, 8)] = alive ? metrics[metricIndex(t, gi, 8)] / alive : 0;
  }
  metrics[metricIndex(t, ALL, 4)] = c.inspections[0] + c.inspections[1];
  metrics[metricIndex(t, ALL, 1)] = totalInspectors ? c.slots / totalInspectors : 0;
  metrics[metricIndex(t, ALL, 2)] = capacity ? c.slots / capacity : 0;
}

/** Marks the first `count` of `drawn` as inspected, and counts them as visits of their lists of departments. */
export function markDrawn(
  inspected: Uint8Array,
  visits: Float64Array,
  visitList: Uint16Array,
  drawn: Int32Array,
  count: number,
): void {
  for (let k = 0; k < count; k++) {
    const i = drawn[k];
    inspected[i] = 1;
    visits[visitList[i]]++;
  }
}

/** Logs the first `count` of `drawn`, drawn in period t. */
export function logDrawn(log: DrawnLog, pop: Population, t: number, drawn: Int32Array, count: number): void {
  for (let k = 0; k < count; k++) {
    const i = drawn[k];
    log.push({ slot: i, period: t, grade: pop.grade[i], key: pop.category[modelOf(pop, i)] === "key" });
  }
}

/** Writes the result of each inspection logged of period t, once the period's inspections are made. */
export function logResults(log: DrawnLog, pop: Population, t: number): void {
  for (let k = log.length - 1; k >= 0 && log[k].period === t; k--)
    log[k].result = resultOfState(pop.lastResult[log[k].slot]);
}

/** Adds `count` entrants, from the period's entry numbers, while the population has room. */
export function addEntrants(pop: Population, entry: Float64Array, count: number): void {
  for (let k = 0; k < count && pop.n < pop.capacity; k++) addEntrant(pop, entry[k]);
}
