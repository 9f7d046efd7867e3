import type { Period } from "../engine/period.js";
import { GRADE_KEYS } from "./grades.js";

/** Metric names, in the order of the metric arrays. */
export const METRICS = [
  "inspections",
  "loadPerInspector",
  "loadVsCapacity",
  "coverage",
  "honestBurden",
  "violationsFound",
  "hitRate",
  "violationsUndetected",
  "gradeShare",
] as const;

/** A metric name. */
export type MetricName = (typeof METRICS)[number];

/** Grade keys of metrics: the grades, ungraded, and `all`. */
export const METRIC_GRADES = [...GRADE_KEYS, "all"] as const;

const G = METRIC_GRADES.length;

const M = METRICS.length;

/** Index of a value in a replication's metric array. */
export function metricIndex(period: number, grade: number, metric: number): number {
  return (period * G + grade) * M + metric;
}

/** One aggregated value: the mean over replications and its 95% confidence interval. */
export interface MetricRow {
  readonly period: string;
  readonly grade: string;
  readonly name: string;
  readonly mean: number;
  readonly lo: number;
  readonly hi: number;
}

/** Two-sided 97.5% quantiles of Student's t for 1–30 degrees of freedom; 1.96 beyond. */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** Mean and 95% t-interval of the mean. */
export function meanInterval(xs: readonly number[]): { mean: number; lo: number; hi: number } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, lo: mean, hi: mean };
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1));
  const half = (T975[n - 2] ?? 1.96) * (sd / Math.sqrt(n));
  return { mean, lo: mean - half, hi: mean + half };
}

/**
 * The values a metric's mean can take: shares lie in [0, 1]; counts, loads and the load against
 * capacity (which may pass 1) are never negative. An interval of a mean is kept within them: with
 * few replications or rare events, mean ± t·s/√n would otherwise show leadership a count of
 * violations found from -0.75 or a hit rate above 100%.
 */
const METRIC_RANGE: Record<MetricName, readonly [number, number]> = {
  inspections: [0, Infinity],
  loadPerInspector: [0, Infinity],
  loadVsCapacity: [0, Infinity],
  coverage: [0, 1],
  honestBurden: [0, Infinity],
  violationsFound: [0, Infinity],
  hitRate: [0, 1],
  violationsUndetected: [0, Infinity],
  gradeShare: [0, 1],
};

/** The values a paired difference of a metric can take: of shares, [-1, 1]; of the others, any. */
function differenceRange(name: MetricName): readonly [number, number] {
  const [, max] = METRIC_RANGE[name];
  return [-max, max];
}

const round = (x: number) => Number(x.toPrecision(10));

/**
 * Aggregates replications (metric arrays in replication order) into rows, each interval within
 * the values its metric can take; `minus` gives paired differences against a baseline.
 */
export function aggregate(
  periods: readonly Period[],
  reps: readonly Float64Array[],
  minus?: readonly Float64Array[],
): MetricRow[] {
  const rows: MetricRow[] = [];
  for (let t = 0; t < periods.length; t++) {
    for (let g = 0; g < METRIC_GRADES.length; g++) {
      for (let m = 0; m < METRICS.length; m++) {
        const k = metricIndex(t, g, m);
        const xs = reps.map((r, i) => r[k] - (minus ? minus[i][k] : 0));
        const { mean, lo, hi } = meanInterval(xs);
        const [min, max] = minus ? differenceRange(METRICS[m]) : METRIC_RANGE[METRICS[m]];
        rows.push({
          period: periods[t].label,
          grade: METRIC_GRADES[g],
          name: METRICS[m],
          mean: round(mean),
          lo: round(Math.max(lo, min)),
          hi: round(Math.min(hi, max)),
        });
      }
    }
  }
  return rows;
}
