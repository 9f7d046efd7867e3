import { describe, expect, it } from "vitest";
import { simulationHtml, simulationMarkdown } from "../../reports/sim-report.js";
import type { MetricRow } from "../../simulator/metrics.js";
import { formatMetric, lastPeriod, signedMetric } from "../../simulator/output.js";
import { type SimulationResult, simulate } from "../../simulator/run.js";
import { variantChanges } from "../../simulator/variant-changes.js";

/** Each paragraph as one text, the variant's name first. */
const said = (r: SimulationResult, lang: "en" | "zh") =>
  variantChanges(r, lang).map((c) => c.variant + c.text);

/** The seed district under the seed policy and c-half, two years. */
const r = await simulate({
  scenario: "simulator/scenarios/huaian.yaml",
  policies: ["policies/huaian-2021/1.0.0.yaml", "policies/huaian-2021/variants/c-half.yaml"],
  replications: 3,
  years: 2,
  workers: 1,
});
const last = lastPeriod(r);
const of = (rows: readonly MetricRow[] | undefined, name: string) =>
  rows?.find((m) => m.period === last && m.grade === "all" && m.name === name) as MetricRow;

describe("what each variant changes, in sentences (the reports' 'In brief')", () => {
  it("says each change the replications agree on with the figures of the tables, and who is over capacity", () => {
    const [baseline, cHalf] = said(r, "en");
    const [base, variant] = r.variants;
    const d = of(variant.differences, "inspections");
    // c-half draws half of grade C: fewer inspections, a change whose interval leaves out 0.
    expect(d.hi).toBeLessThan(0);
    const part = ((d.mean / of(base.metrics, "inspections").mean) * 100).toFixed(1);
    expect(cHalf).toContain(
      `1.1.0-c50 against 1.0.0 (${last}): inspections ${signedMetric(d.mean, "inspections")} (${part}%), to ${formatMetric(of(variant.metrics, "inspections").mean, "inspections")}; `,
    );
    // Grade D's share of the enterprises, the high-risk part of the grade mix, after every grade's metrics.
    const shareD = variant.differences?.find(
      (m) => m.period === last && m.grade === "D" && m.name === "gradeShare",
    );
    const valueD = variant.metrics.find(
      (m) => m.period === last && m.grade === "D" && m.name === "gradeShare",
    );
    expect(cHalf).toContain(
      `; grade share (D) ${signedMetric((shareD?.mean ?? 0) * 100, "", (x) => x.toFixed(1))} points, to ${formatMetric(valueD?.mean ?? 0, "gradeShare")}. Over capacity`,
    );
    const load = of(variant.differences, "loadVsCapacity");
    expect(cHalf).toContain(
      `load vs capacity, all inspectors ${(load.mean * 100).toFixed(1)} points, to ${formatMetric(of(variant.metrics, "loadVsCapacity").mean, "loadVsCapacity")}`,
    );
    // Each department over its own inspectors' capacity, by name, as the tables give it.
    const over = (v: SimulationResult["variants"][number]) =>
      (v.departmentLoads ?? [])
        .filter((x) => x.period === last && x.mean > 1)
        .map((x) => `${x.department} ${formatMetric(x.mean, "loadVsCapacity")}`);
    expect(over(base).length).toBeGreaterThan(0);
    expect(baseline).toBe(
      `1.0.0 (the baseline, ${last}). Over capacity: all inspectors ${formatMetric(of(base.metrics, "loadVsCapacity").mean, "loadVsCapacity")}; ${over(base).join(", ")}.`,
    );
    expect(cHalf).toMatch(new RegExp(`Over capacity: .*${over(variant).join(", ")}\\.$`));
  });

  it("says a change the replications agree on that a tenth would show as 0.0 to a hundredth, never -0.0", () => {
    const [base, variant] = r.variants;
    const tiny: SimulationResult = {
      ...r,
      variants: [
        base,
        {
          ...variant,
          differences: variant.differences?.map((m) =>
            m.name === "gradeShare" && m.grade === "D" && m.period === last
              ? { ...m, mean: -0.0003, lo: -0.0004, hi: -0.0002 }
              : m,
          ),
        },
      ],
    };
    expect(said(tiny, "en")[1]).toContain("; grade share (D) -0.03 points, to ");
  });

  it("names the metrics whose paired difference's interval holds 0 as no clear difference, and says a variant within capacity", () => {
    const [base, variant] = r.variants;
    const within = (v: SimulationResult["variants"][number]) => ({
      ...v,
      metrics: v.metrics.map((m) => (m.name === "loadVsCapacity" ? { ...m, mean: 0.8 } : m)),
      departmentLoads: v.departmentLoads?.map((x) => ({ ...x, mean: 0.9 })),
    });
    const unclear: SimulationResult = {
      ...r,
      variants: [
        base,
        {
          ...within(variant),
          differences: variant.differences?.map((m) =>
            m.name === "hitRate" || m.name === "coverage" ? { ...m, lo: -0.01, hi: 0.01 } : m,
          ),
        },
      ],
    };
    const [, en] = said(unclear, "en");
    expect(en).toContain(
      " No clear difference (the 95% interval of the paired difference holds 0): coverage, hit rate. Within capacity: all inspectors 80.0%, every department below 100%.",
    );
    expect(en).not.toContain("coverage -");
    const [, zh] = said(unclear, "zh");
    expect(zh).toContain(
      "。无明显差异（配对差值的 95% 区间包含 0）：覆盖率、问题发现率。均未超出能力：全部人员 80.0%，各部门均在 100% 以下。",
    );
    const none: SimulationResult = {
      ...r,
      variants: [
        base,
        { ...variant, differences: variant.differences?.map((m) => ({ ...m, lo: -1, hi: 1 })) },
      ],
    };
    expect(said(none, "en")[1]).toContain(
      `1.1.0-c50 against 1.0.0 (${last}): no clear difference in any metric.`,
    );
  });

  it("opens both reports, after the policies compared, in the report's language", () => {
    const md = simulationMarkdown(r, "zh", []);
    const [base, cHalf] = variantChanges(r, "zh");
    expect(md).toContain(
      `## 要点 / In brief\n\n- **1.0.0**${base.text}\n- **1.1.0-c50**${cHalf.text}\n\n## 末期概览`,
    );
    expect(md.indexOf("## 要点")).toBeGreaterThan(md.indexOf("## 比较的政策方案"));
    // The introduction says where the district came from: here the scenario's generated one.
    expect(md).toContain("差异仅来自政策。辖区：按情景设定的企业构成生成（企业 100000 家）。\n");
    expect(simulationMarkdown(r, "en", [])).toContain(
      "so differences come from policy alone. The district: generated from the scenario's population (100,000 enterprises).\n",
    );
    const html = simulationHtml(r, "en", []);
    expect(html).toContain("<h2>In brief / 要点</h2>\n<ul><li><strong>1.0.0</strong> (the baseline, ");
  });
});
