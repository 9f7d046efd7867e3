/** The simulation report's charts: lines per period of each metric, and the panel charts (sim-panels.ts), in the report's order. */
import type { Lang } from "../engine/lang.js";
import { isShareMetric, METRIC_LABELS, periodsOf, variantLabels } from "../simulator/output.js";
import type { SimulationResult } from "../simulator/run.js";
import { byGrade, countTicks, highest, tableOf } from "./chart-numbers.js";
import { spreadY } from "./end-labels.js";
import { textWidth } from "./legend.js";
import { Plot, renderSvg } from "./plot.js";
import { departmentLoads, fullCapacity, gradeBars, gradeMix } from "./sim-panels.js";

export { countTicks } from "./chart-numbers.js";

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

/** The charts of a simulation report. */
export function simulationCharts(r: SimulationResult, lang: Lang): Chart[] {
  return [
    lineChart(r, "inspections", lang),
    gradeBars(r, "inspections", lang),
    lineChart(r, "loadVsCapacity", lang, [fullCapacity()]),
    ...[departmentLoads(r, lang)].filter((c): c is Chart => c !== undefined),
    lineChart(r, "coverage", lang),
    lineChart(r, "honestBurden", lang),
    lineChart(r, "violationsFound", lang),
    gradeMix(r, lang),
  ];
}
