/**
 * The simulation report's charts of a panel per grade or per department: the inspections by grade
 * in the last period, the grade mix over time, and each department's load against its capacity.
 */
import type { Lang } from "../engine/lang.js";
import {
  DEPARTMENT_LOAD_LABEL,
  DEPARTMENT_LOADS_LABEL,
  gradeLabel,
  lastPeriod,
  METRIC_LABELS,
  periodsOf,
  variantLabels,
} from "../simulator/output.js";
import type { SimulationResult } from "../simulator/run.js";
import { byGrade, countTicks, highest, type Numbered, tableOf } from "./chart-numbers.js";
import { legendAbove } from "./legend.js";
import { Plot, renderSvg } from "./plot.js";
import type { Chart } from "./sim-charts.js";

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
export function gradeBars(r: SimulationResult, name: string, lang: Lang): Chart {
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

/** The line of full capacity on a chart of load against capacity (a share of 1). */
export const fullCapacity = () => Plot.ruleY([1], { stroke: "#c00", strokeDasharray: "4,3" });

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
export function gradeMix(r: SimulationResult, lang: Lang): Chart {
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
export function departmentLoads(r: SimulationResult, lang: Lang): Chart | undefined {
  const labels = variantLabels(r);
  const rows = r.variants.flatMap((v, i) =>
    (v.departmentLoads ?? []).map((m) => ({ ...m, variant: labels[i] })),
  );
  if (!rows.length) return undefined;
  const departments = [...new Set(rows.map((m) => m.department))];
  const periods = periodsOf(r);
  const label = DEPARTMENT_LOAD_LABEL[lang];
  const svg = panelsOf(
    labels,
    { domain: departments, tickFormat: (d) => d },
    bandedShares(rows, "department", periods, label, [fullCapacity()]),
    0.12,
  );
  return {
    id: "departments-loadVsCapacity",
    title:
      lang === "zh"
        ? `${DEPARTMENT_LOADS_LABEL.zh}：本部门人员承担的检查（${periods[0]} 至 ${periods.at(-1)} 各期）`
        : `${DEPARTMENT_LOADS_LABEL.en}: each department's inspectors, per period from ${periods[0]} to ${periods.at(-1)}`,
    svg,
    table: tableOf(rows, "loadVsCapacity", lang, { zh: "部门", en: "department", cell: (m) => m.department }),
  };
}
