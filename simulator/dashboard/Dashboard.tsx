/** @jsxRuntime automatic */
/** @jsxImportSource react */
// The pragmas keep the automatic JSX runtime when tsx runs the command outside this folder (no tsconfig found).
import { Box, Text, useApp, useInput } from "ink";
import { useMemo, useState } from "react";
import { type Lang, zhCount } from "../../engine/lang.js";
import { displayWidth, pad } from "../../reports/text-table.js";
import { districtLine } from "../district-source.js";
import { findingCodeCautionLine } from "../finding-codes.js";
import { gradeChangeCautionLine } from "../grade-changes.js";
import { hitRateCautionLine } from "../hit-rates.js";
import {
  DEPARTMENT_LOADS_LABEL,
  gradeLabel,
  lastPeriod,
  METRIC_LABELS,
  periodsOf,
  variantLabels,
} from "../output.js";
import type { SimulationResult } from "../run.js";
import { fitRows, rowText } from "./fit-rows.js";
import { departmentRows, mixRows, screenRows } from "./screen-rows.js";

/** Metrics the comparison screen cycles through with ←/→. */
export const DASHBOARD_METRICS = [
  "inspections",
  "loadVsCapacity",
  "departmentLoads",
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

const ALL_GRADES_ONLY: ReadonlySet<string> = new Set(["loadVsCapacity", "departmentLoads", "honestBurden"]);

/** The names of the screens' metrics: the results' own, and each department's load against its capacity. */
const SCREEN_LABELS: Record<string, { zh: string; en: string }> = {
  ...METRIC_LABELS,
  departmentLoads: DEPARTMENT_LOADS_LABEL,
};

/** The grade a screen shows: the one chosen, or all grades for a metric measured over all only. */
function screenGrade(name: DashboardMetric, grade: number): string {
  return ALL_GRADES_ONLY.has(name) ? "all" : DASHBOARD_GRADES[grade];
}

const L = {
  running: { zh: "模拟进行中", en: "Simulating" },
  replications: { zh: "次重复", en: "replications" },
  rate: { zh: "企业·期/秒", en: "enterprise-periods/s" },
  metric: { zh: "指标", en: "metric" },
  grade: { zh: "等级", en: "grade" },
  variant: { zh: "方案", en: "variant" },
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

/**
 * What period the rows' figures are of, and which periods their sparklines show (the last
 * `spark`, none where 0): `last period 2028-H2: mean [95% interval] · per period 2026-H1 to 2028-H2`;
 * where that is wider than `width`, `… · from 2026-H1`, and the figures' period alone where that is
 * too (ink would wrap the line).
 */
export function periodsSaid(r: SimulationResult, spark: number, lang: Lang, width = Infinity): string {
  const periods = periodsOf(r);
  const last = lastPeriod(r);
  const shown = spark ? periods.slice(-spark) : [];
  const figures =
    lang === "zh" ? `${L.last.zh} ${last}：均值 [95% 区间]` : `${L.last.en} ${last}: mean [95% interval]`;
  if (shown.length < 2) return figures;
  const spans =
    lang === "zh"
      ? [` · ${L.perYear.zh} ${shown[0]} 至 ${last}`, ` · 自 ${shown[0]}`]
      : [` · ${L.perYear.en} ${shown[0]} to ${last}`, ` · from ${shown[0]}`];
  return spans.map((span) => figures + span).find((line) => displayWidth(line) <= width) ?? figures;
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
  // No department's load where the scenario gives no department inspectors.
  const metrics = useMemo(
    () => DASHBOARD_METRICS.filter((m) => m !== "departmentLoads" || r.variants[0].departmentLoads?.length),
    [r],
  );
  useInput((input, key) => {
    if (key.rightArrow) setMetric((m) => (m + 1) % metrics.length);
    else if (key.leftArrow) setMetric((m) => (m + metrics.length - 1) % metrics.length);
    else if (key.downArrow) setGrade((g) => (g + 1) % DASHBOARD_GRADES.length);
    else if (key.upArrow) setGrade((g) => (g + DASHBOARD_GRADES.length - 1) % DASHBOARD_GRADES.length);
    else if (key.tab) setVariant((v) => (v + 1) % r.variants.length);
    else if (input === "e" && props.onExport) setMessage(props.onExport());
    else if (input === "q") exit();
  });
  const name = metrics[metric];
  const g = screenGrade(name, grade);
  // The rows of every metric and grade (metric by metric), and of each variant's grade mix, and one
  // layout for them all, so that ←/→, ↑/↓ and tab change the figures, not the columns.
  const screens = useMemo(
    () =>
      metrics.flatMap((m) =>
        // The departments' loads are a variant's rows, not a metric's (below).
        DASHBOARD_GRADES.map((_, k) =>
          m === "departmentLoads" ? [] : screenRows(r, m, screenGrade(m, k), lang),
        ),
      ),
    [r, lang, metrics],
  );
  const mixes = useMemo(() => r.variants.map((_, v) => mixRows(r, v, lang)), [r, lang]);
  const loads = useMemo(() => r.variants.map((_, v) => departmentRows(r, v, lang)), [r, lang]);
  const fit = useMemo(
    () => fitRows([...screens.flat(), ...mixes.flat(), ...loads.flat()], `${L.diff[lang]} `, width),
    [screens, mixes, loads, lang, width],
  );
  // The grade share of all grades is each variant's mix, and the departments' loads are each
  // variant's: of the variant chosen with tab.
  const mix = name === "gradeShare" && g === "all";
  const byDepartment = name === "departmentLoads";
  const rows = mix
    ? mixes[variant]
    : byDepartment
      ? loads[variant]
      : screens[metric * DASHBOARD_GRADES.length + grade];
  const labels = variantLabels(r);
  // The district's own files, where they stand in for the scenario's (whose title may call it generated).
  const district = districtLine(r.district, lang);
  // The behaviour assumed against the district's results, where they disagree (see hit-rates,
  // grade-changes and finding-codes).
  const caution = [
    hitRateCautionLine(r.district?.past?.hitRates, lang),
    gradeChangeCautionLine(r.district?.past?.gradeChanges, lang),
    findingCodeCautionLine(r.district?.past?.findingResults, lang),
  ]
    .filter(Boolean)
    .join(lang === "zh" ? "；" : "; ");
  const chosen = byDepartment ? labels[variant] : mix ? mixOf(labels[variant], lang) : gradeLabel(g, lang);
  const picked = `${L.metric[lang]}${colon(lang)}${SCREEN_LABELS[name][lang]} · ${L[byDepartment ? "variant" : "grade"][lang]}${colon(lang)}${chosen}`;
  // The replications, which every screen of the run shares, give way where the line would wrap.
  const replications = ` · ${r.replications} ${L.replications[lang]}`;
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>{r.title[lang]}</Text>
      {district ? (
        <Text dimColor wrap="truncate-end">
          {district}
        </Text>
      ) : null}
      {caution ? (
        <Text color="yellow" wrap="truncate-end">
          {caution}
        </Text>
      ) : null}
      <Text>
        {L.metric[lang]}
        {colon(lang)}
        <Text color="cyan">{SCREEN_LABELS[name][lang]}</Text> · {L[byDepartment ? "variant" : "grade"][lang]}
        {colon(lang)}
        <Text color="cyan">{chosen}</Text>
        {displayWidth(picked + replications) <= width ? replications : ""}
      </Text>
      <Text dimColor>{periodsSaid(r, fit.spark, lang, width)}</Text>
      <Box flexDirection="column" marginTop={1}>
        {rows.map((p, i) => (
          <Text key={p.label} inverse={!mix && !byDepartment && i === variant}>
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
