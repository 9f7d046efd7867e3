import { toCsv } from "../engine/csv.js";
import type { Lang } from "../engine/lang.js";
import { policyId } from "../engine/policy/types.js";
import { gradeText } from "../engine/policy/vocabulary.js";
import { textTable } from "../reports/text-table.js";
import type { DepartmentLoad } from "./department-loads.js";
import { districtPhrase, ownFiles } from "./district-source.js";
import type { MetricRow } from "./metrics.js";
import type { SimulationResult } from "./run.js";

/** Labels of the metrics in both languages. */
export const METRIC_LABELS: Record<string, { zh: string; en: string }> = {
  inspections: { zh: "检查次数", en: "inspections" },
  loadPerInspector: { zh: "人均检查", en: "load per inspector" },
  // Of all inspectors together, beside each department's (DEPARTMENT_LOAD_LABEL).
  loadVsCapacity: { zh: "负荷/能力（全部人员）", en: "load vs capacity, all inspectors" },
  coverage: { zh: "覆盖率", en: "coverage" },
  honestBurden: { zh: "A/B级受检次数", en: "honest burden (A+B)" },
  violationsFound: { zh: "发现违法", en: "violations found" },
  hitRate: { zh: "问题发现率", en: "hit rate" },
  violationsUndetected: { zh: "未发现违法", en: "violations undetected" },
  gradeShare: { zh: "等级占比", en: "grade share" },
};

/** A department's load against its own inspectors' capacity, as a label beside the department's name. */
export const DEPARTMENT_LOAD_LABEL = { zh: "负荷/能力", en: "load vs capacity" } as const;

/** Every department's load against its own inspectors' capacity, as a table, chart or screen is named. */
export const DEPARTMENT_LOADS_LABEL = {
  zh: "各部门负荷/能力",
  en: "load vs capacity by department",
} as const;

/**
 * The names the variants are shown by: their versions, or where two policies of a simulation
 * have the same version, policy@version. A simulation compares a policy's version once (see
 * refuseUnsimulable); a results.json of an earlier gradedraw may have one twice, whose repeats
 * are numbered, " (2)" on, so that no two variants are shown, or charted, as one.
 */
export function variantLabels(r: {
  readonly variants: readonly { readonly policy: string; readonly version: string }[];
}): string[] {
  const unique = new Set(r.variants.map((v) => v.version)).size === r.variants.length;
  const seen = new Map<string, number>();
  return r.variants.map((v) => {
    const label = unique ? v.version : policyId(v);
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    return n === 1 ? label : `${label} (${n})`;
  });
}

/**
 * The metrics of results.json as CSV rows: one per variant × period × grade × metric (differences
 * marked), then each department's load against its capacity (grade all, metric loadVsCapacity, the
 * department named; the rows of all inspectors together name none).
 */
export function metricsCsv(r: SimulationResult): string {
  const rows: string[][] = [];
  for (const v of r.variants) {
    const add = (kind: string, ms: readonly (MetricRow | DepartmentLoad)[] | undefined) => {
      for (const m of ms ?? []) {
        const department = "department" in m ? m.department : "";
        const [grade, name] = "department" in m ? ["all", "loadVsCapacity"] : [m.grade, m.name];
        rows.push([
          v.policy,
          v.version,
          kind,
          m.period,
          grade,
          name,
          String(m.mean),
          String(m.lo),
          String(m.hi),
          department,
        ]);
      }
    };
    add("value", v.metrics);
    add("difference", v.differences);
    add("value", v.departmentLoads);
    add("difference", v.departmentLoadDifferences);
  }
  return toCsv(
    ["policy", "version", "kind", "period", "grade", "name", "mean", "lo", "hi", "department"],
    rows,
  );
}

/** A metric row's grade as people read it: 全部/all for every grade, 未分级 for ungraded in Chinese. */
export function gradeLabel(grade: string, lang: Lang): string {
  return grade === "all" ? (lang === "zh" ? "全部" : "all") : gradeText(grade, lang);
}

/** True for metrics that are shares (shown as percentages). */
export function isShareMetric(name: string): boolean {
  return name === "coverage" || name === "hitRate" || name === "loadVsCapacity" || name === "gradeShare";
}

/**
 * A metric value as tables show it: shares in percent; counts (means over replications, often
 * fractional) whole when they are, else to about three significant figures.
 */
export function formatMetric(x: number, name: string): string {
  if (isShareMetric(name)) return unsignedZero(`${(x * 100).toFixed(1)}%`);
  if (Number.isInteger(x)) return String(x);
  const a = Math.abs(x);
  return unsignedZero(x.toFixed(a >= 100 ? 0 : a >= 10 ? 1 : 2));
}

/** A figure that shows as zero without its sign: a mean difference of -0.0001 reads "0.0%", not "-0.0%". */
export function unsignedZero(text: string): string {
  return Number.parseFloat(text) === 0 ? text.replace(/^-/, "") : text;
}

/** A paired difference as tables show it: with its sign, "+" for a gain, none when it shows as zero. */
export function signedMetric(x: number, name: string, format = formatMetric): string {
  const text = format(x, name);
  return x > 0 && Number.parseFloat(text) !== 0 ? `+${text}` : text;
}

const fmt = formatMetric;

/** The metrics that summaries (the plain table, the report's differences) show, in order. */
export const SUMMARY_METRICS = [
  "inspections",
  "loadVsCapacity",
  "coverage",
  "honestBurden",
  "violationsFound",
  "hitRate",
  "violationsUndetected",
] as const;

/** The grades of the grade mix (each grade's share of the enterprises), in the order of the charts. */
export const MIX_GRADES = ["A", "B", "C", "D", "ungraded"] as const;

/** A grade as a table's row names it (the grade mix's, the hit rates'): D, ungraded; D级, 未分级 in Chinese. */
export function mixGrade(grade: string, lang: Lang): string {
  return lang === "zh" && grade !== "ungraded" ? `${grade}级` : gradeLabel(grade, lang);
}

/** A grade's share of the enterprises as tables name it: `grade share (D)`, `等级占比（D级）`. */
export function gradeShareLabel(grade: string, lang: Lang): string {
  return lang === "zh"
    ? `${METRIC_LABELS.gradeShare.zh}（${mixGrade(grade, lang)}）`
    : `${METRIC_LABELS.gradeShare.en} (${grade})`;
}

/** The simulated periods, in order (every variant runs the same). */
export function periodsOf(r: SimulationResult): string[] {
  return [...new Set(r.variants[0].metrics.map((m) => m.period))];
}

/** The last simulated period: what summaries compare. */
export function lastPeriod(r: SimulationResult): string {
  return r.variants[0].metrics[r.variants[0].metrics.length - 1].period;
}

/**
 * The last period's figures of each variant, as tables: every grade together; the grade mix; each
 * department's load against its own inspectors' capacity (none in a results.json written before
 * it was measured). Each figure is the mean, its 95% interval, and in parentheses its paired
 * difference from the baseline's (see {@link COMPARISON_NOTE}).
 */
export function comparisonTables(r: SimulationResult, lang: Lang): { header: string[]; rows: string[][] }[] {
  const last = lastPeriod(r);
  const labels = variantLabels(r);
  /** A figure: the mean, its interval, and the paired difference where there is one. */
  const figure = (name: string, m: MetricRow | DepartmentLoad, d?: MetricRow | DepartmentLoad) =>
    `${fmt(m.mean, name)} [${fmt(m.lo, name)}–${fmt(m.hi, name)}]${d ? ` (${signedMetric(d.mean, name)})` : ""}`;
  /** Each variant's figure of a metric and grade in the last period. */
  const figures = (name: string, grade: string) =>
    r.variants.map((v) => {
      const at = (x: MetricRow) => x.period === last && x.grade === grade && x.name === name;
      return figure(name, v.metrics.find(at) as MetricRow, v.differences?.find(at));
    });
  const all = {
    header: [lang === "zh" ? `指标（${last}，全部等级）` : `metric (${last}, all grades)`, ...labels],
    rows: SUMMARY_METRICS.map((name) => [METRIC_LABELS[name][lang], ...figures(name, "all")]),
  };
  // The grade mix at the end (SPEC §7's grade mix over time): each grade's share of the enterprises.
  const mix = {
    header: [lang === "zh" ? `等级占比（${last}）` : `grade share (${last})`, ...labels],
    rows: MIX_GRADES.map((g) => [mixGrade(g, lang), ...figures("gradeShare", g)]),
  };
  const departments = [...new Set((r.variants[0].departmentLoads ?? []).map((d) => d.department))];
  const loads = {
    header: [
      lang === "zh" ? `${DEPARTMENT_LOADS_LABEL.zh}（${last}）` : `${DEPARTMENT_LOADS_LABEL.en} (${last})`,
      ...labels,
    ],
    rows: departments.map((d) => [
      d,
      ...r.variants.map((v) => {
        const at = (x: DepartmentLoad) => x.period === last && x.department === d;
        return figure(
          "loadVsCapacity",
          v.departmentLoads?.find(at) as DepartmentLoad,
          v.departmentLoadDifferences?.find(at),
        );
      }),
    ]),
  };
  return loads.rows.length ? [all, mix, loads] : [all, mix];
}

/** What the comparison tables' brackets and parentheses hold. */
export const COMPARISON_NOTE = {
  zh: "括号内为与第一个方案的配对差值（比率之差以百分点计）；方括号为 95% 区间",
  en: "in parentheses: paired difference against the first variant (of a share, in percentage points); in brackets: 95% interval",
};

/** The plain comparison table (non-TTY): the variants, then the last period's figures of each (see {@link comparisonTables}). */
export function comparisonTable(r: SimulationResult, lang: Lang): string {
  const labels = variantLabels(r);
  const title =
    lang === "zh"
      ? `${r.title.zh} —— ${r.replications} 次重复，${r.years} 年，种子 ${r.seed}`
      : `${r.title.en} — ${r.replications} replication${r.replications === 1 ? "" : "s"}, ${r.years} year${r.years === 1 ? "" : "s"}, seed ${r.seed}`;
  const legend = r.variants.map((v, i) => `  ${labels[i]}: ${v.title[lang]}`).join("\n");
  const tables = comparisonTables(r, lang).map((t) => textTable(t.header, t.rows));
  // The district's own files, where they stand in for the scenario's (whose title may say it is generated).
  const own = ownFiles(r.district) ? `\n${districtPhrase(r.district, lang)}` : "";
  return `${title}\n${legend}${own}\n\n${tables.join("\n\n")}\n\n${COMPARISON_NOTE[lang]}`;
}
