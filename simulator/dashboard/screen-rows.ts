/**
 * The rows of the comparison screen before they are laid out: a variant's, a grade's of one
 * variant's mix, or a department's of one variant's loads; each its last period's figure and
 * interval, a sparkline of its periods and its paired difference from the baseline.
 */
import type { Lang } from "../../engine/lang.js";
import type { DepartmentLoad } from "../department-loads.js";
import type { MetricRow } from "../metrics.js";
import {
  gradeLabel,
  isShareMetric,
  MIX_GRADES,
  signedMetric,
  unsignedZero,
  variantLabels,
} from "../output.js";
import type { SimulationResult } from "../run.js";
import type { RowParts } from "./fit-rows.js";
import { sparkline } from "./sparkline.js";

/**
 * A figure in the dashboard's narrow columns: large counts by thousands in English (17.2k); in
 * Chinese whole up to five digits (17220, as wide) and by 万 past them (12.3万).
 */
const fmt = (x: number, name: string, lang: Lang) =>
  isShareMetric(name)
    ? unsignedZero(`${(x * 100).toFixed(1)}%`)
    : lang === "zh" && Math.abs(x) >= 1e5
      ? `${(x / 1e4).toFixed(1)}万`
      : lang === "en" && Math.abs(x) >= 1000
        ? `${(x / 1000).toFixed(1)}k`
        : unsignedZero(x.toFixed(Math.abs(x) >= 100 ? 0 : 1));
const signed = (x: number, name: string, lang: Lang) => signedMetric(x, name, (v, n) => fmt(v, n, lang));

/** The periods a row's sparkline shows, the last ones. */
const SPARK_PERIODS = 24;

/** A figure of a period: its mean and 95% interval. */
type Figure = Pick<MetricRow, "mean" | "lo" | "hi">;

/** The rows of the comparison screen of one metric and grade: each variant's last period, sparkline and difference. */
export function screenRows(r: SimulationResult, name: string, g: string, lang: Lang): RowParts[] {
  const series = r.variants.map((v) => row(v.metrics, g, name));
  const all = series.flat().map((m) => m.mean);
  const min = Math.min(0, ...all);
  const max = Math.max(...all);
  const labels = variantLabels(r);
  return r.variants.map((v, i) =>
    rowParts(labels[i], series[i], v.differences && row(v.differences, g, name), name, lang, [min, max]),
  );
}

/**
 * The rows of the grade mix of one variant (the grade share of every grade, where each variant's
 * would be 100%): a row per grade, its share in the last period, sparkline and difference from the
 * baseline's share. Each row's sparkline runs from 0 to its own highest share, so that D's rise
 * from 2% to 5% shows beside A's 40%.
 */
export function mixRows(r: SimulationResult, variant: number, lang: Lang): RowParts[] {
  const v = r.variants[variant];
  return MIX_GRADES.map((g) => {
    const series = row(v.metrics, g, "gradeShare");
    const top = Math.max(...series.map((m) => m.mean));
    const differences = v.differences && row(v.differences, g, "gradeShare");
    return rowParts(gradeLabel(g, lang), series, differences, "gradeShare", lang, [0, top]);
  });
}

/**
 * The rows of each department's load against its own inspectors' capacity under one variant: a
 * row per department the scenario staffs, its difference from the baseline's load. The sparklines
 * share one scale from 0, as a metric's variants do: a department's load reads against the others'.
 */
export function departmentRows(r: SimulationResult, variant: number, lang: Lang): RowParts[] {
  const v = r.variants[variant];
  const loads = v.departmentLoads ?? [];
  const top = Math.max(0, ...r.variants.flatMap((x) => (x.departmentLoads ?? []).map((m) => m.mean)));
  const of = (rows: readonly DepartmentLoad[], d: string) => rows.filter((m) => m.department === d);
  return [...new Set(loads.map((m) => m.department))].map((d) =>
    rowParts(
      d,
      of(loads, d),
      v.departmentLoadDifferences && of(v.departmentLoadDifferences, d),
      "loadVsCapacity",
      lang,
      [0, top],
    ),
  );
}

/** A row: the last period's mean and interval of a series, its sparkline on `scale`, and its last difference from the baseline (none: the baseline's row). */
function rowParts(
  label: string,
  series: readonly Figure[],
  differences: readonly Figure[] | undefined,
  name: string,
  lang: Lang,
  [min, max]: readonly [number, number],
): RowParts {
  const last = series[series.length - 1];
  const d = differences?.at(-1);
  const baseline = lang === "zh" ? "基准" : "baseline";
  return {
    label,
    value: `${fmt(last.mean, name, lang)} [${fmt(last.lo, name, lang)}–${fmt(last.hi, name, lang)}]`,
    mean: fmt(last.mean, name, lang),
    spark: sparkline(
      series.slice(-SPARK_PERIODS).map((m) => m.mean),
      min,
      max,
    ),
    diff: d
      ? `${signed(d.mean, name, lang)} [${signed(d.lo, name, lang)}, ${signed(d.hi, name, lang)}]`
      : baseline,
    diffMean: d ? signed(d.mean, name, lang) : baseline,
    baseline: !d,
  };
}

/** A metric's rows of one grade. */
function row(rows: readonly MetricRow[], grade: string, name: string) {
  return rows.filter((m) => m.grade === grade && m.name === name);
}
