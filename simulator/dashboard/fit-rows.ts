/**
 * The comparison screen's rows laid out to the terminal: one layout for every metric and grade,
 * what goes first where room is short, and a row's text in a layout.
 */
import { cutToWidth, displayWidth, pad } from "../../reports/text-table.js";

/** The fewest periods a sparkline is cut to where room is short. */
const SPARK_LEAST = 6;
/** The widest a label is shown, and the least a cut one keeps. */
const LABEL_MOST = 34;
const LABEL_LEAST = 8;
/** The columns of the value and its interval, as wide as 12.3万 [12.1万–12.5万] and room after it. */
const VALUE_COLUMNS = 26;

/** A variant's row on the comparison screen, before it is fitted to the terminal. */
export interface RowParts {
  readonly label: string;
  /** The last period's mean and interval, and the mean alone. */
  readonly value: string;
  readonly mean: string;
  readonly spark: string;
  /** The paired difference from the baseline and its interval, and the difference alone; or the word for the baseline. */
  readonly diff: string;
  readonly diffMean: string;
  readonly baseline: boolean;
}

/** How the rows are laid out: the columns of labels and values, and what they show. */
export interface RowFit {
  readonly labelWidth: number;
  readonly valueWidth: number;
  /** The periods of the sparkline shown, the last ones: all of them, fewer, or 0 for none. */
  readonly spark: number;
  /** "vs baseline " before each difference, or none. */
  readonly prefix: string;
  /** The intervals shown: of the values and the differences, of the differences alone, or none. */
  readonly intervals: "all" | "differences" | "none";
}

/**
 * The widest layout of the rows that fits `width` columns. Given room, labels up to 34 columns,
 * values in 26, the sparkline, and the difference said to be against the baseline. Where that is
 * too wide, what goes first is what says least: the words "vs baseline" (the baseline's own row
 * says it), then the room after the values, then the sparkline's first periods (down to the last
 * 6), then the sparkline; then the labels are cut, never to fewer than 8 columns nor so far
 * that two read alike (1.1.0-c50 and 1.1.0-d80 both 1.1.0-…); last the values' intervals go, then
 * the differences' (rather than a row wrapping inside a figure).
 */
export function fitRows(rows: readonly RowParts[], prefix: string, width: number): RowFit {
  const widest = (f: (p: RowParts) => string) => Math.max(0, ...rows.map((p) => displayWidth(f(p))));
  const labelWidth = Math.min(LABEL_MOST, widest((p) => p.label) + 2);
  const tightValues = widest((p) => p.value) + 2;
  const periods = Math.max(0, ...rows.map((p) => p.spark.length));
  const sparkWidth = periods + 2;
  const diffWidth = widest((p) => (p.baseline ? p.diff : prefix + p.diff));
  const bareDiffWidth = widest((p) => p.diff);
  // The most periods of the sparkline the room left beside tight values gives.
  const shortened = Math.min(periods, width - labelWidth - tightValues - bareDiffWidth - 2);
  const all = "all" as const;
  const layouts: [RowFit, number][] = [
    [
      { labelWidth, valueWidth: VALUE_COLUMNS, spark: periods, prefix, intervals: all },
      sparkWidth + diffWidth,
    ],
    [
      { labelWidth, valueWidth: VALUE_COLUMNS, spark: periods, prefix: "", intervals: all },
      sparkWidth + bareDiffWidth,
    ],
    [
      { labelWidth, valueWidth: tightValues, spark: periods, prefix: "", intervals: all },
      sparkWidth + bareDiffWidth,
    ],
    ...(shortened >= SPARK_LEAST
      ? [
          [
            { labelWidth, valueWidth: tightValues, spark: shortened, prefix: "", intervals: all },
            shortened + 2 + bareDiffWidth,
          ] as [RowFit, number],
        ]
      : []),
    [{ labelWidth, valueWidth: tightValues, spark: 0, prefix: "", intervals: all }, bareDiffWidth],
  ];
  for (const [fit, rest] of layouts) if (fit.labelWidth + fit.valueWidth + rest <= width) return fit;
  // The labels cut beside every interval; then beside the differences' alone; then beside none.
  const least = leastLabelWidth(rows, labelWidth);
  const means = widest((p) => p.mean) + 2;
  const narrower = [
    { intervals: all, values: tightValues, diffs: bareDiffWidth },
    { intervals: "differences" as const, values: means, diffs: bareDiffWidth },
    { intervals: "none" as const, values: means, diffs: widest((p) => p.diffMean) },
  ];
  const chosen = narrower.find((n) => width - n.values - n.diffs >= least) ?? narrower[narrower.length - 1];
  return {
    labelWidth: Math.max(least, Math.min(labelWidth, width - chosen.values - chosen.diffs)),
    valueWidth: chosen.values,
    spark: 0,
    prefix: "",
    intervals: chosen.intervals,
  };
}

/** The narrowest column the rows' labels are cut to: LABEL_LEAST, or wider where they would read alike. */
function leastLabelWidth(rows: readonly RowParts[], labelWidth: number): number {
  const labels = [...new Set(rows.map((p) => p.label))];
  let least = LABEL_LEAST;
  while (least < labelWidth && new Set(labels.map((l) => cutToWidth(l, least - 2))).size < labels.length)
    least++;
  return least;
}

/** A row's text in a layout: its label cut where the column is narrower (ending in …). */
export function rowText(p: RowParts, fit: RowFit): string {
  const label = cutToWidth(p.label, fit.labelWidth - 2);
  const spark = fit.spark ? `${p.spark.slice(-fit.spark)}  ` : "";
  const value = fit.intervals === "all" ? p.value : p.mean;
  const diff = fit.intervals === "none" ? p.diffMean : p.diff;
  return `${pad(label, fit.labelWidth)}${pad(value, fit.valueWidth)}${spark}${p.baseline ? "" : fit.prefix}${diff}`;
}
