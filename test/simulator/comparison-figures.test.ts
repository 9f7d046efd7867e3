import { describe, expect, it } from "vitest";
import { zhCount } from "../../engine/lang.js";
import { type Period, parsePeriod } from "../../engine/period.js";
import {
  aggregate,
  METRIC_GRADES,
  METRICS,
  type MetricName,
  type MetricRow,
  metricIndex,
} from "../../simulator/metrics.js";
import { formatMetric, signedMetric } from "../../simulator/output.js";

describe("the comparison table's figures", () => {
  it("shows counts whole when they are, else to about three significant figures, and shares in percent", () => {
    expect([16101, 32, -4, 32.25, -56.5, 1823.4, 0.125].map((x) => formatMetric(x, "inspections"))).toEqual([
      "16101",
      "32",
      "-4",
      "32.3",
      "-56.5",
      "1823",
      "0.13",
    ]);
    expect(formatMetric(0.2934, "coverage")).toBe("29.3%");
  });

  it("shows a figure that rounds to zero without a sign, and a difference with its sign otherwise", () => {
    expect(formatMetric(-0.00001, "coverage")).toBe("0.0%");
    expect(formatMetric(-0.001, "inspections")).toBe("0.00");
    expect(
      [
        [0.0001, "coverage"],
        [-0.0001, "coverage"],
        [0, "inspections"],
        [0.5, "inspections"],
        [-1.25, "inspections"],
        [0.023, "hitRate"],
      ].map(([x, name]) => signedMetric(x as number, name as string)),
    ).toEqual(["0.0%", "0.0%", "0", "+0.50", "-1.25", "+2.3%"]);
  });

  it("keeps every interval within the values its metric can take: counts from 0, shares from 0% to 100%", () => {
    const periods = [parsePeriod("2026-H1") as Period];
    const at = (name: MetricName) => metricIndex(0, METRIC_GRADES.length - 1, METRICS.indexOf(name));
    // Four replications: a rare finding and a hit rate near 100% give t-intervals past both ends.
    const reps = [
      [0, 1],
      [0, 1],
      [0, 1],
      [3, 0.4],
    ].map(([found, hit]) => {
      const r = new Float64Array(METRIC_GRADES.length * METRICS.length);
      r[at("violationsFound")] = found;
      r[at("hitRate")] = hit;
      return r;
    });
    const rows = aggregate(periods, reps);
    const row = (name: string) => rows.find((m) => m.grade === "all" && m.name === name) as MetricRow;
    expect(row("violationsFound")).toMatchObject({ mean: 0.75, lo: 0 });
    expect(row("violationsFound").hi).toBeCloseTo(0.75 + 3.182 * 0.75, 6);
    expect(row("hitRate")).toMatchObject({ mean: 0.85, hi: 1 });
    expect(row("hitRate").lo).toBeCloseTo(0.85 - 3.182 * 0.15, 6);
    // Paired differences may be negative, but a difference of shares stays within ±100 points.
    const zero = reps.map(() => new Float64Array(METRIC_GRADES.length * METRICS.length));
    const minus = aggregate(periods, zero, reps);
    const diff = (name: string) => minus.find((m) => m.grade === "all" && m.name === name) as MetricRow;
    expect(diff("violationsFound").lo).toBeCloseTo(-0.75 - 3.182 * 0.75, 6);
    expect(diff("hitRate")).toMatchObject({ mean: -0.85, lo: -1 });
  });

  it("counts large numbers in Chinese by 万 and 亿, not by thousands and millions", () => {
    expect([9999, 6_581_276, 171_200_000, 300_000].map(zhCount)).toEqual(["9999", "658万", "1.7亿", "30万"]);
  });
});
