/** @jsxRuntime automatic */
/** @jsxImportSource react */
// The pragmas keep the automatic JSX runtime when tsx runs the command outside this folder (no tsconfig found).
import { Box, Text, useApp, useInput } from "ink";
import { useMemo, useState } from "react";
import { type Lang, zhCount } from "../../engine/lang.js";
import { displayWidth, pad } from "../../reports/text-table.js";
import type { MetricRow } from "../metrics.js";
import {
  gradeLabel,
  isShareMetric,
  lastPeriod,
  METRIC_LABELS,
  MIX_GRADES,
  periodsOf,
  signedMetric,
  unsignedZero,
  variantLabels,
} from "../output.js";
import type { SimulationResult } from "../run.js";
import { fitRows, type RowParts, rowText } from "./fit-rows.js";
import { sparkline } from "./sparkline.js";

/** Metrics the comparison screen cycles through with ←/→. */
export const DASHBOARD_METRICS = [
  "inspections",
  "loadVsCapacity",
  "coverage",
  "honestBurden",
  "violationsFound",
  "hitRate",
  "violationsUndetected",
  "gradeShare",
] as const;
type DashboardMetric = (typeof DASHBOARD_METRICS)[number];
/** Grades the comparison screen cycles through with ↑/↓. */
export const DASHBOARD_GRADES = ["all", "A", "B", "C", "D", "ungraded"] as const;

/** Progress of a running simulation. */
export interface Progress {
  readonly done: number;
  readonly total: number;
  readonly enterprisePeriods: number;
  readonly seconds: number;
}

const ALL_GRADES_ONLY: ReadonlySet<string> = new Set(["loadVsCapacity", "honestBurden"]);

/** The grade a screen shows: the one chosen, or all grades for a metric measured over all only. */
function screenGrade(name: DashboardMetric, grade: number): string {
  return ALL_GRADES_ONLY.has(name) ? "all" : DASHBOARD_GRADES[grade];
}

const isShare = isShareMetric;
/**
 * A figure in the dashboard's narrow columns: large counts by thousands in English (17.2k); in
 * Chinese whole up to five digits (17220, as wide) and by 万 past them (12.3万).
 */
const fmt = (x: number, name: string, lang: Lang) =>
  isShare(name)
    ? unsignedZero(`${(x * 100).toFixed(1)}%`)
    : lang === "zh" && Math.abs(x) >= 1e5
      ? `${(x / 1e4).toFixed(1)}万`
      : lang === "en" && Math.abs(x) >= 1000
        ? `${(x / 1000).toFixed(1)}k`
        : unsignedZero(x.toFixed(Math.abs(x) >= 100 ? 0 : 1));
const signed = (x: number, name: string, lang: Lang) => signedMetric(x, name, (v, n) => fmt(v, n, lang));

const L = {
  running: { zh: "模拟进行中", en: "Simulating" },
  replications: { zh: "次重复", en: "replications" },
  rate: { zh: "企业·期/秒", en: "enterprise-periods/s" },
  metric: { zh: "指标", en: "metric" },
  grade: { zh: "等级", en: "grade" },
  last: { zh: "末期", en: "last period" },
  diff: { zh: "对比基准", en: "vs baseline" },
  perYear: { zh: "各期走势", en: "per period" },
  keys: {
    zh: "←/→ 指标  ↑/↓ 等级  tab 方案  e 导出报告  q 退出",
    en: "←/→ metric  ↑/↓ grade  tab variant  e export report  q quit",
  },
} as const;

/** The grades of a variant's mix, as the screen's grade: `each of 1.1.0-c50`, `1.1.0-c50 各等级`. */
const mixOf = (variant: string, lang: Lang) => (lang === "zh" ? `${variant} 各等级` : `each of ${variant}`);

/** A label's colon: full-width in Chinese. */
const colon = (lang: Lang) => (lang === "zh" ? "：" : ": ");

/** The time a run has left, in seconds; "…" until one replication is done. */
function timeLeft(seconds: number, lang: Lang): string {
  const n = Number.isNaN(seconds) ? "…" : seconds.toFixed(0);
  return lang === "zh" ? `剩余 ${n} 秒` : `${n} s left`;
}

/** The progress screen: replications done, enterprise-periods per second, time left, per variant. */
export function ProgressView(props: {
  readonly progress: Progress;
  readonly variants: readonly string[];
  readonly lang: Lang;
  readonly width: number;
}) {
  const { progress: p, lang, width } = props;
  const rate = p.seconds > 0 ? p.enterprisePeriods / p.seconds : 0;
  const left = p.done > 0 ? (p.seconds / p.done) * (p.total - p.done) : Number.NaN;
  // The bars line up after the longest name (policy@version where two policies share a version),
  // and leave room after them for the count, as they did beside names of 14 columns.
  const labelWidth = Math.max(14, ...props.variants.map(displayWidth));
  const barWidth = Math.max(10, Math.min(40, width - labelWidth - 26));
  const filled = Math.round((p.done / Math.max(1, p.total)) * barWidth);
  return (
    <Box flexDirection="column">
      <Text bold>{L.running[lang]}</Text>
      {props.variants.map((v) => (
        <Text key={v}>
          {pad(v, labelWidth)} {"█".repeat(filled)}
          {"░".repeat(barWidth - filled)} {p.done}/{p.total} {L.replications[lang]}
        </Text>
      ))}
      <Text dimColor>
        {lang === "zh" ? zhCount(rate) : Math.round(rate).toLocaleString("en-US")} {L.rate[lang]} ·{" "}
        {timeLeft(left, lang)}
      </Text>
    </Box>
  );
}

/** The periods a row's sparkline shows, the last ones. */
const SPARK_PERIODS = 24;

/** The rows of the comparison screen of one metric and grade: each variant's last period, sparkline and difference. */
function screenRows(r: SimulationResult, name: DashboardMetric, g: string, lang: Lang): RowParts[] {
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
function mixRows(r: SimulationResult, variant: number, lang: Lang): RowParts[] {
  const v = r.variants[variant];
  return MIX_GRADES.map((g) => {
    const series = row(v.metrics, g, "gradeShare");
    const top = Math.max(...series.map((m) => m.mean));
    const differences = v.differences && row(v.differences, g, "gradeShare");
    return rowParts(gradeLabel(g, lang), series, differences, "gradeShare", lang, [0, top]);
  });
}

/** A row: the last period's mean and interval of a series, its sparkline on `scale`, and its last difference from the baseline (none: the baseline's row). */
function rowParts(
  label: string,
  series: readonly MetricRow[],
  differences: readonly MetricRow[] | undefined,
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

/**
 * What period the rows' figures are of, and which periods their sparklines show (the last
 * `spark`, none where 0): `last period 2028-H2: mean [95% interval] · per period 2026-H1 to 2028-H2`.
 */
export function periodsSaid(r: SimulationResult, spark: number, lang: Lang): string {
  const periods = periodsOf(r);
  const last = lastPeriod(r);
  const shown = spark ? periods.slice(-spark) : [];
  const span =
    shown.length > 1
      ? lang === "zh"
        ? ` · ${L.perYear.zh} ${shown[0]} 至 ${last}`
        : ` · ${L.perYear.en} ${shown[0]} to ${last}`
      : "";
  return lang === "zh"
    ? `${L.last.zh} ${last}：均值 [95% 区间]${span}`
    : `${L.last.en} ${last}: mean [95% interval]${span}`;
}

function row(rows: readonly MetricRow[], grade: string, name: string) {
  return rows.filter((m) => m.grade === grade && m.name === name);
}

/** The comparison screen: variants side by side for one metric and grade, a per-period sparkline, and paired differences. */
export function Comparison(props: {
  readonly result: SimulationResult;
  readonly lang: Lang;
  readonly width: number;
  readonly onExport?: () => string;
}) {
  const { result: r, lang, width } = props;
  const [metric, setMetric] = useState(0);
  const [grade, setGrade] = useState(0);
  const [variant, setVariant] = useState(0);
  const [message, setMessage] = useState("");
  const { exit } = useApp();
  useInput((input, key) => {
    if (key.rightArrow) setMetric((m) => (m + 1) % DASHBOARD_METRICS.length);
    else if (key.leftArrow) setMetric((m) => (m + DASHBOARD_METRICS.length - 1) % DASHBOARD_METRICS.length);
    else if (key.downArrow) setGrade((g) => (g + 1) % DASHBOARD_GRADES.length);
    else if (key.upArrow) setGrade((g) => (g + DASHBOARD_GRADES.length - 1) % DASHBOARD_GRADES.length);
    else if (key.tab) setVariant((v) => (v + 1) % r.variants.length);
    else if (input === "e" && props.onExport) setMessage(props.onExport());
    else if (input === "q") exit();
  });
  const name = DASHBOARD_METRICS[metric];
  const g = screenGrade(name, grade);
  // The rows of every metric and grade (metric by metric), and of each variant's grade mix, and one
  // layout for them all, so that ←/→, ↑/↓ and tab change the figures, not the columns.
  const screens = useMemo(
    () =>
      DASHBOARD_METRICS.flatMap((m) =>
        DASHBOARD_GRADES.map((_, k) => screenRows(r, m, screenGrade(m, k), lang)),
      ),
    [r, lang],
  );
  const mixes = useMemo(() => r.variants.map((_, v) => mixRows(r, v, lang)), [r, lang]);
  const fit = useMemo(
    () => fitRows([...screens.flat(), ...mixes.flat()], `${L.diff[lang]} `, width),
    [screens, mixes, lang, width],
  );
  // The grade share of all grades is each variant's mix, the variant chosen with tab.
  const mix = name === "gradeShare" && g === "all";
  const rows = mix ? mixes[variant] : screens[metric * DASHBOARD_GRADES.length + grade];
  const labels = variantLabels(r);
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>{r.title[lang]}</Text>
      <Text>
        {L.metric[lang]}
        {colon(lang)}
        <Text color="cyan">{METRIC_LABELS[name][lang]}</Text> · {L.grade[lang]}
        {colon(lang)}
        <Text color="cyan">{mix ? mixOf(labels[variant], lang) : gradeLabel(g, lang)}</Text> ·{" "}
        {r.replications} {L.replications[lang]}
      </Text>
      <Text dimColor>{periodsSaid(r, fit.spark, lang)}</Text>
      <Box flexDirection="column" marginTop={1}>
        {rows.map((p, i) => (
          <Text key={p.label} inverse={!mix && i === variant}>
            {rowText(p, fit)}
          </Text>
        ))}
      </Box>
      <Box marginTop={1}>
        <Text dimColor>{r.variants[variant].title[lang]}</Text>
      </Box>
      {message ? <Text color="green">{message}</Text> : null}
      <Box marginTop={1}>
        <Text dimColor>{L.keys[lang]}</Text>
      </Box>
    </Box>
  );
}
