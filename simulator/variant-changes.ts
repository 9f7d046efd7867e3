/**
 * What each variant changes against the baseline in the last period, said in sentences for the
 * reader who will not read a table of intervals: the changes whose paired difference's 95%
 * interval leaves out 0, those that it does not (no clear difference), and who is over capacity.
 */
import type { Lang } from "../engine/lang.js";
import type { DepartmentLoad } from "./department-loads.js";
import type { MetricRow } from "./metrics.js";
import {
  formatMetric,
  gradeShareLabel,
  isShareMetric,
  lastPeriod,
  METRIC_LABELS,
  SUMMARY_METRICS,
  signedMetric,
  unsignedZero,
  variantLabels,
} from "./output.js";
import type { SimulationResult } from "./run.js";

type Figure = Pick<MetricRow, "mean" | "lo" | "hi">;

/** A paired difference whose 95% interval leaves out 0: a change the replications agree on. */
function clearDifference(d: Figure): boolean {
  return d.lo > 0 || d.hi < 0;
}

/**
 * A figure to a tenth, or to a hundredth where a tenth would show a change the replications agree
 * on as 0.0 (-0.03 points, not -0.0).
 */
function tenths(x: number): string {
  const t = x.toFixed(1);
  return unsignedZero(Number.parseFloat(t) === 0 ? x.toFixed(2) : t);
}

/**
 * A change of a metric as a sentence says it: a share's in percentage points, a count's with its
 * part of the baseline's; then the variant's figure. `-41.1 points, to 116.4%`, `-4880 (-26.0%), to 13869`.
 */
function change(name: string, d: Figure, base: Figure, value: Figure, lang: Lang): string {
  const to = formatMetric(value.mean, name);
  if (isShareMetric(name)) {
    const points = signedMetric(d.mean * 100, "", tenths);
    return lang === "zh" ? `${points} 个百分点，为 ${to}` : `${points} points, to ${to}`;
  }
  const part = base.mean === 0 ? "" : signedMetric((d.mean / base.mean) * 100, "", (x) => `${tenths(x)}%`);
  const said = signedMetric(d.mean, name);
  if (!part) return lang === "zh" ? `${said}，为 ${to}` : `${said}, to ${to}`;
  return lang === "zh" ? `${said}（${part}），为 ${to}` : `${said} (${part}), to ${to}`;
}

/** Who is over capacity in a variant's last period: all inspectors together, then each department. */
function overCapacity(all: Figure, departments: readonly DepartmentLoad[], lang: Lang): string {
  const over = departments.filter((d) => d.mean > 1);
  const load = (x: Figure) => formatMetric(x.mean, "loadVsCapacity");
  const allOver = all.mean > 1;
  if (!allOver && !over.length)
    return lang === "zh"
      ? `均未超出能力：全部人员 ${load(all)}${departments.length ? "，各部门均在 100% 以下" : ""}。`
      : `Within capacity: all inspectors ${load(all)}${departments.length ? ", every department below 100%" : ""}.`;
  const parts = [
    ...(allOver ? [lang === "zh" ? `全部人员 ${load(all)}` : `all inspectors ${load(all)}`] : []),
    over.map((d) => `${d.department} ${load(d)}`).join(lang === "zh" ? "、" : ", "),
  ].filter(Boolean);
  return lang === "zh" ? `超出能力：${parts.join("；")}。` : `Over capacity: ${parts.join("; ")}.`;
}

/** A paragraph of {@link variantChanges}: the variant it is of, as tables name it, and what follows that name. */
export interface VariantChange {
  readonly variant: string;
  readonly text: string;
}

/**
 * A paragraph for the baseline (who is over capacity under it), then one for each variant: its
 * changes against the baseline in the last period (every grade together) that the replications
 * agree on, the metrics it leaves without a clear difference, and who is over capacity under it.
 */
export function variantChanges(r: SimulationResult, lang: Lang): VariantChange[] {
  const last = lastPeriod(r);
  const labels = variantLabels(r);
  const at = (rows: readonly MetricRow[] | undefined, name: string, grade = "all") =>
    rows?.find((m) => m.period === last && m.grade === grade && m.name === name) as MetricRow;
  /** The metrics said: every grade's together, then grade D's share of the enterprises (the high-risk share of the mix). */
  const said = [
    ...SUMMARY_METRICS.map((name) => ({ name, grade: "all", label: METRIC_LABELS[name][lang] })),
    { name: "gradeShare", grade: "D", label: gradeShareLabel("D", lang) },
  ];
  const loads = (v: SimulationResult["variants"][number]) =>
    (v.departmentLoads ?? []).filter((d) => d.period === last);
  const base = r.variants[0];
  const capacity = overCapacity(at(base.metrics, "loadVsCapacity"), loads(base), lang);
  const baseline = {
    variant: labels[0],
    text: lang === "zh" ? `（基准方案，${last}）。${capacity}` : ` (the baseline, ${last}). ${capacity}`,
  };
  const variants = r.variants.slice(1).map((v, i) => {
    const clear: string[] = [];
    const unclear: string[] = [];
    for (const { name, grade, label } of said) {
      const d = at(v.differences, name, grade);
      if (!d) continue;
      if (clearDifference(d))
        clear.push(
          `${label} ${change(name, d, at(base.metrics, name, grade), at(v.metrics, name, grade), lang)}`,
        );
      else unclear.push(label);
    }
    const head = lang === "zh" ? ` 与 ${labels[0]} 相比（${last}）：` : ` against ${labels[0]} (${last}): `;
    const changes = clear.length
      ? `${clear.join(lang === "zh" ? "；" : "; ")}${lang === "zh" ? "。" : "."}`
      : lang === "zh"
        ? "各项指标均无明显差异。"
        : "no clear difference in any metric.";
    const none =
      !clear.length || !unclear.length
        ? ""
        : lang === "zh"
          ? `无明显差异（配对差值的 95% 区间包含 0）：${unclear.join("、")}。`
          : ` No clear difference (the 95% interval of the paired difference holds 0): ${unclear.join(", ")}.`;
    const capacity = overCapacity(at(v.metrics, "loadVsCapacity"), loads(v), lang);
    return {
      variant: labels[i + 1],
      text: `${head}${changes}${none}${lang === "zh" ? "" : " "}${capacity}`,
    };
  });
  return [baseline, ...variants];
}
