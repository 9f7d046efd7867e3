import type { Lang } from "../engine/lang.js";
import type { MetricRow } from "../simulator/metrics.js";
import {
  formatMetric,
  gradeLabel,
  isShareMetric,
  lastPeriod,
  METRIC_LABELS,
  periodsOf,
  variantLabels,
} from "../simulator/output.js";
import type { SimulationResult } from "../simulator/run.js";
import { spreadY } from "./end-labels.js";
import { legendAbove, textWidth } from "./legend.js";
import { Plot, renderSvg } from "./plot.js";

/** A chart of a report: an id, bilingual title, its SVG, and the numbers behind it. */
export interface Chart {
  readonly id: string;
  readonly title: string;
  readonly svg: string;
  readonly table: { header: string[]; rows: string[][] };
}

/** The rows of metric `name` for `grade` of every variant, each with its variant's name (see variantLabels). */
function rowsOf(r: SimulationResult, labels: readonly string[], name: string, grade = "all") {
  return r.variants.flatMap((v, i) =>
    v.metrics.filter((m) => m.name === name && m.grade === grade).map((m) => ({ ...m, variant: labels[i] })),
  );
}

const pct = isShareMetric;
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
const highest = (rows: readonly MetricRow[]) => rows.reduce((a, m) => Math.max(a, m.hi), 0);

/** A row of a chart's numbers: a variant's figure of a period. */
type Numbered = Pick<MetricRow, "period" | "mean" | "lo" | "hi"> & { variant: string };

/**
 * The numbers behind a chart: a row per variant, period and grade (or another column: `by`'s
 * heading and each row's cell), the mean and its 95% interval.
 */
function tableOf<R extends Numbered>(
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
const byGrade = (lang: Lang) => ({
  zh: "等级",
  en: "grade",
  cell: (m: MetricRow) => gradeLabel(m.grade, lang),
});

/** The least distance between the variants' names beside the lines' ends: a line of 12px text. */
const LABEL_GAP = 14;

/** How many periods apart the period axis may name them: a year's months and quarters evenly, then whole years. */
const TICK_STEPS = [1, 2, 3, 4, 6, 12, 24, 36, 60, 120, 240, 600];

/**
 * The periods a point axis of `room` pixels (padded 0.3 of a step at each end) names, as many as
 * fit without one name running into the next: every one, or every 2nd, 3rd… from the first (five
 * years of months, 2026-01 to 2030-12, are named every 6th month). An axis tick's text is 10 px,
 * five sixths of the 12 px that textWidth measures.
 */
export function periodTicks(periods: readonly string[], room: number): string[] {
  const step = room / Math.max(1, periods.length - 1 + 0.6);
  const widest = (Math.max(0, ...periods.map(textWidth)) * 10) / 12 + 8;
  const every = TICK_STEPS.find((k) => k * step >= widest) ?? (TICK_STEPS.at(-1) as number);
  return periods.filter((_, i) => i % every === 0);
}

/** Per-period lines with 95% bands, one per variant, each named beside its end. */
function lineChart(r: SimulationResult, name: string, lang: Lang, extra: Plot.Markish[] = []): Chart {
  const labels = variantLabels(r);
  const rows = rowsOf(r, labels, name);
  const label = METRIC_LABELS[name][lang];
  // Room at the right for the longest name, 8 px after the line's end.
  const names = Math.max(...labels.map(textWidth));
  const marginRight = Math.max(90, Math.ceil(8 + names + 6));
  const svg = renderSvg({
    width: 720,
    height: 320,
    marginLeft: 60,
    marginBottom: 40,
    marginRight,
    // Each variant's colour in every chart of the report: by their order, the baseline first.
    color: { type: "categorical", domain: labels },
    x: {
      type: "point",
      label: lang === "zh" ? "期间" : "period",
      padding: 0.3,
      ticks: periodTicks(periodsOf(r), 720 - 60 - marginRight),
    },
    // An axis of nothing but zeros from 0 to 1, its line at the bottom, not across the middle.
    y: {
      label,
      grid: true,
      tickFormat: pct(name) ? ".0%" : countTicks(lang, highest(rows)),
      zero: true,
      ...(highest(rows) === 0 ? { domain: [0, 1] } : {}),
    },
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
          render: spreadY(LABEL_GAP),
        }),
      ),
      ...extra,
    ],
  });
  return {
    id: `line-${name}`,
    title: `${label} / ${METRIC_LABELS[name][lang === "zh" ? "en" : "zh"]}`,
    svg,
    table: tableOf(rows, name, lang, byGrade(lang)),
  };
}

/**
 * A chart of a panel per grade, the grades named below them (the title says "by grade": an axis
 * label there would overlap the middle one), and the variants named by colour above the frame
 * (names under each panel would not fit five grades of them), but for 100 px at the left, where
 * the y axis' label is. `panels` is the room between panels, a share of each one's width.
 */
function gradePanels(
  labels: readonly string[],
  lang: Lang,
  plot: Pick<Plot.PlotOptions, "x" | "y"> & { marks: Plot.Markish[] },
  panels?: number,
): string {
  const grades = { domain: ["A", "B", "C", "D", "ungraded"], tickFormat: (g: string) => gradeLabel(g, lang) };
  return panelsOf(labels, grades, plot, panels);
}

/** A chart of a panel per value of `fx` (its domain, named below each panel as `tickFormat` says), as {@link gradePanels} lays them out. */
function panelsOf(
  labels: readonly string[],
  fx: { domain: readonly string[]; tickFormat: (v: string) => string },
  plot: Pick<Plot.PlotOptions, "x" | "y"> & { marks: Plot.Markish[] },
  panels?: number,
): string {
  const legend = legendAbove(
    labels.map((l) => [l, l]),
    720 - 60 - 20 - 100,
  );
  return renderSvg({
    width: 720,
    height: 320,
    marginTop: legend.marginTop,
    marginLeft: 60,
    marginRight: 20,
    marginBottom: 30,
    color: { type: "categorical", domain: [...labels] },
    fx: {
      axis: "bottom",
      label: null,
      domain: [...fx.domain],
      tickFormat: fx.tickFormat,
      ...(panels === undefined ? {} : { padding: panels }),
    },
    x: plot.x,
    y: plot.y,
    marks: [...plot.marks, ...legend.marks],
  });
}

/** Grouped bars per grade for the last period. */
function gradeBars(r: SimulationResult, name: string, lang: Lang): Chart {
  const last = lastPeriod(r);
  const labels = variantLabels(r);
  const rows = r.variants.flatMap((v, i) =>
    v.metrics
      .filter((m) => m.name === name && m.period === last && m.grade !== "all")
      .map((m) => ({ ...m, variant: labels[i] })),
  );
  const label = METRIC_LABELS[name][lang];
  const svg = gradePanels(labels, lang, {
    x: { axis: null, domain: labels },
    y: { label, grid: true, tickFormat: countTicks(lang, highest(rows)) },
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
    table: tableOf(rows, name, lang, byGrade(lang)),
  };
}

/**
 * The marks of a panel chart of shares per period (see {@link panelsOf}): in each panel (`fx`, a
 * row's field), a line per variant with its 95% band, on an axis of shares from 0; then `extra`.
 */
function bandedShares(
  rows: readonly Numbered[],
  fx: string,
  periods: readonly string[],
  label: string,
  extra: Plot.Markish[] = [],
): Pick<Plot.PlotOptions, "x" | "y"> & { marks: Plot.Markish[] } {
  return {
    x: { type: "point", axis: null, domain: [...periods], padding: 0.1 },
    y: { label, grid: true, tickFormat: ".0%", zero: true },
    marks: [
      Plot.areaY(rows, { fx, x: "period", y1: "lo", y2: "hi", fill: "variant", fillOpacity: 0.18 }),
      Plot.lineY(rows, { fx, x: "period", y: "mean", stroke: "variant", strokeWidth: 1.5 }),
      ...extra,
    ],
  };
}

/**
 * The grade mix over time (SPEC §7): each grade's share of the enterprises alive, per period, a
 * panel per grade and a line per variant with its 95% band. The panels share one axis of shares,
 * so a grade's size reads against the others'; each runs from the first period to the last, which
 * the title names (five panels have no room to name periods under them).
 */
function gradeMix(r: SimulationResult, lang: Lang): Chart {
  const labels = variantLabels(r);
  const rows = r.variants.flatMap((v, i) =>
    v.metrics
      .filter((m) => m.name === "gradeShare" && m.grade !== "all")
      .map((m) => ({ ...m, variant: labels[i] })),
  );
  const periods = periodsOf(r);
  const label = METRIC_LABELS.gradeShare[lang];
  const svg = gradePanels(labels, lang, bandedShares(rows, "grade", periods, label), 0.12);
  return {
    id: "mix-gradeShare",
    title:
      lang === "zh"
        ? `等级构成：各等级占比（${periods[0]} 至 ${periods.at(-1)} 各期）`
        : `grade mix: each grade's share, per period from ${periods[0]} to ${periods.at(-1)}`,
    svg,
    table: tableOf(rows, "gradeShare", lang, byGrade(lang)),
  };
}

/**
 * Each department's load against its own inspectors' capacity, per period: a panel per department
 * the scenario gives inspectors, a line per variant with its 95% band, and the line of full
 * capacity. A department's inspectors take only its own visits, so one may be over capacity
 * while all of them together are not. Absent from a results.json written before it was measured.
 */
function departmentLoads(r: SimulationResult, lang: Lang): Chart | undefined {
  const labels = variantLabels(r);
  const rows = r.variants.flatMap((v, i) =>
    (v.departmentLoads ?? []).map((m) => ({ ...m, variant: labels[i] })),
  );
  if (!rows.length) return undefined;
  const departments = [...new Set(rows.map((m) => m.department))];
  const periods = periodsOf(r);
  const label = METRIC_LABELS.loadVsCapacity[lang];
  const svg = panelsOf(
    labels,
    { domain: departments, tickFormat: (d) => d },
    bandedShares(rows, "department", periods, label, [
      Plot.ruleY([1], { stroke: "#c00", strokeDasharray: "4,3" }),
    ]),
    0.12,
  );
  return {
    id: "departments-loadVsCapacity",
    title:
      lang === "zh"
        ? `各部门负荷/能力：本部门人员承担的检查（${periods[0]} 至 ${periods.at(-1)} 各期）`
        : `load vs capacity by department: each department's inspectors, per period from ${periods[0]} to ${periods.at(-1)}`,
    svg,
    table: tableOf(rows, "loadVsCapacity", lang, { zh: "部门", en: "department", cell: (m) => m.department }),
  };
}

/** The charts of a simulation report. */
export function simulationCharts(r: SimulationResult, lang: Lang): Chart[] {
  return [
    lineChart(r, "inspections", lang),
    gradeBars(r, "inspections", lang),
    lineChart(r, "loadVsCapacity", lang, [Plot.ruleY([1], { stroke: "#c00", strokeDasharray: "4,3" })]),
    ...[departmentLoads(r, lang)].filter((c): c is Chart => c !== undefined),
    lineChart(r, "coverage", lang),
    lineChart(r, "honestBurden", lang),
    lineChart(r, "violationsFound", lang),
    gradeMix(r, lang),
  ];
}
