/**
 * The numbers of the simulation report's charts: a count axis's tick labels, and the table of
 * each chart's figures (a row per variant, period and grade or department, its mean and interval).
 */
import type { Lang } from "../engine/lang.js";
import type { MetricRow } from "../simulator/metrics.js";
import { formatMetric, gradeLabel } from "../simulator/output.js";

const show = formatMetric;

/**
 * Tick labels of a count axis reaching `max`, every tick of one axis in one unit: in English,
 * past 10,000 in k (18k), past a million in M, past a billion in B; in Chinese, where "k" is not
 * read, whole numbers (18000), past 100,000 in 万, past 10⁹ in 亿. Below those, the number as it is
 * (0.2, 2400): a mean over replications may be a fraction, and an axis of zeros reads 0 (d3's SI
 * format, "~s", made them 200m and NaN).
 */
export function countTicks(lang: Lang, max: number): (x: number) => string {
  const short = (x: number) => String(Number(x.toPrecision(4)));
  const inUnits = (size: number, unit: string) => (x: number) =>
    x === 0 ? "0" : `${short(x / size)}${unit}`;
  if (lang === "en") {
    if (max >= 1e9) return inUnits(1e9, "B");
    if (max >= 1e6) return inUnits(1e6, "M");
    if (max >= 1e4) return inUnits(1e3, "k");
    return short;
  }
  if (max >= 1e9) return inUnits(1e8, "亿");
  if (max >= 1e5) return inUnits(1e4, "万");
  return short;
}

/** The largest upper bound among rows. */
export const highest = (rows: readonly MetricRow[]) => rows.reduce((a, m) => Math.max(a, m.hi), 0);

/** A row of a chart's numbers: a variant's figure of a period. */
export type Numbered = Pick<MetricRow, "period" | "mean" | "lo" | "hi"> & { variant: string };

/**
 * The numbers behind a chart: a row per variant, period and grade (or another column: `by`'s
 * heading and each row's cell), the mean and its 95% interval.
 */
export function tableOf<R extends Numbered>(
  rows: R[],
  name: string,
  lang: Lang,
  by: { zh: string; en: string; cell: (m: R) => string },
) {
  return {
    header: [
      lang === "zh" ? "方案" : "variant",
      lang === "zh" ? "期间" : "period",
      by[lang],
      lang === "zh" ? "均值" : "mean",
      lang === "zh" ? "95% 区间" : "95% interval",
    ],
    rows: rows.map((m) => [
      m.variant,
      m.period,
      by.cell(m),
      show(m.mean, name),
      `${show(m.lo, name)} – ${show(m.hi, name)}`,
    ]),
  };
}

/** The grade column of a chart's numbers. */
export const byGrade = (lang: Lang) => ({
  zh: "等级",
  en: "grade",
  cell: (m: MetricRow) => gradeLabel(m.grade, lang),
});
