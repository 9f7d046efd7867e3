import type { Lang } from "../engine/lang.js";
import type { MetricRow } from "../simulator/metrics.js";
import { formatMetric, gradeLabel, isShareMetric, lastPeriod, METRIC_LABELS } from "../simulator/output.js";
import type { SimulationResult } from "../simulator/run.js";
import { Plot, renderSvg } from "./plot.js";

/** A chart of a report: an id, bilingual title, its SVG, and the numbers behind it. */
export interface Chart {
  readonly id: string;
  readonly title: string;
  readonly svg: string;
  readonly table: { header: string[]; rows: string[][] };
}

const variantName = (r: SimulationResult, v: number) => r.variants[v].version;

function rowsOf(r: SimulationResult, name: string, grade = "all") {
  return r.variants.flatMap((v, i) =>
    v.metrics
      .filter((m) => m.name === name && m.grade === grade)
      .map((m) => ({ ...m, variant: variantName(r, i) })),
  );
}

const pct = isShareMetric;
const show = formatMetric;

function tableOf(rows: (MetricRow & { variant: string })[], name: string, lang: Lang) {
  return {
    header: [
      lang === "zh" ? "方案" : "variant",
      lang === "zh" ? "期间" : "period",
      lang === "zh" ? "等级" : "grade",
      lang === "zh" ? "均值" : "mean",
      lang === "zh" ? "95% 区间" : "95% interval",
    ],
    rows: rows.map((m) => [
      m.variant,
      m.period,
      gradeLabel(m.grade, lang),
      show(m.mean, name),
      `${show(m.lo, name)} – ${show(m.hi, name)}`,
    ]),
  };
}

/** Per-period lines with 95% bands, one per variant. */
function lineChart(r: SimulationResult, name: string, lang: Lang, extra: Plot.Markish[] = []): Chart {
  const rows = rowsOf(r, name);
  const label = METRIC_LABELS[name][lang];
  const svg = renderSvg({
    width: 720,
    height: 320,
    marginLeft: 60,
    marginBottom: 40,
    marginRight: 90,
    color: { type: "categorical" },
    x: { type: "point", label: lang === "zh" ? "期间" : "period", padding: 0.3 },
    y: { label, grid: true, tickFormat: pct(name) ? ".0%" : "~s", zero: true },
    marks: [
      Plot.areaY(rows, { x: "period", y1: "lo", y2: "hi", fill: "variant", fillOpacity: 0.18 }),
      Plot.lineY(rows, { x: "period", y: "mean", stroke: "variant", strokeWidth: 2, marker: "circle" }),
      Plot.text(
        rows,
        Plot.selectLast({
          x: "period",
          y: "mean",
          z: "variant",
          text: "variant",
          fill: "variant",
          dx: 8,
          textAnchor: "start",
        }),
      ),
      ...extra,
    ],
  });
  return {
    id: `line-${name}`,
    title: `${label} / ${METRIC_LABELS[name][lang === "zh" ? "en" : "zh"]}`,
    svg,
    table: tableOf(rows, name, lang),
  };
}

/** Grouped bars per grade for the last period. */
function gradeBars(r: SimulationResult, name: string, lang: Lang): Chart {
  const last = lastPeriod(r);
  const rows = r.variants.flatMap((v, i) =>
    v.metrics
      .filter((m) => m.name === name && m.period === last && m.grade !== "all")
      .map((m) => ({ ...m, variant: variantName(r, i) })),
  );
  const label = METRIC_LABELS[name][lang];
  const svg = renderSvg({
    width: 720,
    height: 320,
    marginLeft: 60,
    marginBottom: 70,
    color: { type: "categorical" },
    // The grades name the facets; the title says "by grade" (an axis label here would overlap the middle one).
    fx: {
      label: null,
      domain: ["A", "B", "C", "D", "ungraded"],
      tickFormat: (g: string) => gradeLabel(g, lang),
    },
    x: { label: null, tickRotate: -35 },
    y: { label, grid: true, tickFormat: "~s" },
    marks: [
      Plot.barY(rows, { fx: "grade", x: "variant", y: "mean", fill: "variant" }),
      Plot.ruleX(rows, { fx: "grade", x: "variant", y1: "lo", y2: "hi", stroke: "#333" }),
      Plot.ruleY([0]),
    ],
  });
  return {
    id: `bars-${name}`,
    title: lang === "zh" ? `${label}（按等级，${last}）` : `${label} by grade (${last})`,
    svg,
    table: tableOf(rows, name, lang),
  };
}

/** The charts of a simulation report. */
export function simulationCharts(r: SimulationResult, lang: Lang): Chart[] {
  return [
    lineChart(r, "inspections", lang),
    gradeBars(r, "inspections", lang),
    lineChart(r, "loadVsCapacity", lang, [Plot.ruleY([1], { stroke: "#c00", strokeDasharray: "4,3" })]),
    lineChart(r, "coverage", lang),
    lineChart(r, "honestBurden", lang),
    lineChart(r, "violationsFound", lang),
  ];
}
