import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { countTicks, periodTicks, simulationCharts } from "../../reports/sim-charts.js";
import { simulate } from "../../simulator/run.js";
import { tmpFile } from "../helpers/tmp.js";

const flat = "test/fixtures/sim/flat-scenario.yaml";

/** The tick labels of a chart's SVG (Observable Plot writes each in a text element). */
const ticks = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

/** A year of the Huai'an scenario's variants, simulated once for the tests that chart it. */
let year: ReturnType<typeof simulate> | undefined;
const huaianYear = () => {
  year ??= simulate({ scenario: "simulator/scenarios/huaian.yaml", years: 1, replications: 2, workers: 1 });
  return year;
};

describe("the simulation report's charts", () => {
  it("count in Chinese in whole numbers, or on a long axis all in 万 or 亿; in English by k or M past 10,000; a fraction as it is", () => {
    const zh = (max: number) => countTicks("zh", max);
    expect([0, 2000, 18_000].map(zh(18_400))).toEqual(["0", "2000", "18000"]);
    expect([0, 50_000, 150_000, 1_250_000].map(zh(1_300_000))).toEqual(["0", "5万", "15万", "125万"]);
    expect([0, 5e8, 2.5e9].map(zh(2.6e9))).toEqual(["0", "5亿", "25亿"]);
    const en = (max: number) => countTicks("en", max);
    expect([0, 2000, 18_000].map(en(18_400))).toEqual(["0", "2k", "18k"]);
    expect([0, 200_000, 1_400_000].map(en(1_450_000))).toEqual(["0", "0.2M", "1.4M"]);
    expect([0, 500, 2400].map(en(2500))).toEqual(["0", "500", "2400"]);
    // A mean over replications below one inspection: 0.2, not 200m (milli-inspections).
    expect([0, 0.2, 0.8].map(en(0.8))).toEqual(["0", "0.2", "0.8"]);
  });

  it("an axis whose every value is zero (no violation found in a frozen scenario) runs from 0 to 1, in no chart NaN", async () => {
    const r = await simulate({
      scenario: "simulator/scenarios/frozen.yaml",
      years: 1,
      replications: 2,
      workers: 1,
    });
    for (const lang of ["en", "zh"] as const) {
      const found = simulationCharts(r, lang).find((c) => c.id === "line-violationsFound");
      expect(found?.table.rows.every((row) => row[3] === "0")).toBe(true);
      // From 0 to 1, the line along the bottom: an axis of zeros put it across the middle.
      expect(ticks(found?.svg ?? "")).toEqual(expect.arrayContaining(["0", "0.5", "1"]));
      for (const chart of simulationCharts(r, lang)) expect(ticks(chart.svg), chart.id).not.toContain("NaN");
    }
  }, 60_000);

  it("a Chinese report's inspection chart reads whole numbers, never k", async () => {
    const r = await huaianYear();
    const [zhLine] = simulationCharts(r, "zh");
    const [enLine] = simulationCharts(r, "en");
    expect(ticks(zhLine.svg)).toContain("10000");
    expect(ticks(zhLine.svg).filter((t) => /\dk$/.test(t))).toEqual([]);
    expect(ticks(enLine.svg).some((t) => /^\d+k$/.test(t))).toBe(true);
  }, 60_000);

  it("name as many periods on the axis as fit, none running into the next: every half-year of five years, every third month of two years from the first", async () => {
    // The period axis' names and where each is centred.
    const axis = (svg: string) => {
      const g = svg.match(/<g aria-label="x-axis tick label"[^>]*>(.*?)<\/g>/s)?.[1] ?? "";
      return [...g.matchAll(/translate\(([\d.]+),[\d.]+\)">([^<]*)</g)].map((m) => ({
        x: Number(m[1]),
        text: m[2],
      }));
    };
    const apart = (named: { x: number; text: string }[]) => {
      // A name of 7 characters of 10 px text is some 45 px wide.
      for (let k = 1; k < named.length; k++) expect(named[k].x - named[k - 1].x).toBeGreaterThan(50);
    };
    const halfYears = await simulate({ scenario: flat, years: 5, replications: 2, workers: 1 });
    const [line] = simulationCharts(halfYears, "en");
    expect(axis(line.svg).map((t) => t.text)).toEqual(
      [2026, 2027, 2028, 2029, 2030].flatMap((y) => [`${y}-H1`, `${y}-H2`]),
    );
    apart(axis(line.svg));
    const policy = tmpFile(
      "monthly.yaml",
      readFileSync("test/fixtures/sim/flat-20.yaml", "utf8").replace("cadence: half-year", "cadence: month"),
    );
    const months = await simulate({
      scenario: flat,
      policies: [policy],
      years: 2,
      replications: 2,
      workers: 1,
    });
    for (const lang of ["en", "zh"] as const) {
      const named = axis(simulationCharts(months, lang)[0].svg);
      expect(named.map((t) => t.text)).toEqual(
        [2026, 2027].flatMap((y) => ["01", "04", "07", "10"].map((m) => `${y}-${m}`)),
      );
      apart(named);
    }
    // Fifty years of months: every fifth year.
    const fifty = Array.from(
      { length: 600 },
      (_, i) => `${2026 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`,
    );
    expect(periodTicks(fifty, 560)).toEqual([
      "2026-01",
      "2031-01",
      "2036-01",
      "2041-01",
      "2046-01",
      "2051-01",
      "2056-01",
      "2061-01",
      "2066-01",
      "2071-01",
    ]);
  }, 60_000);

  it("name each variant beside its line's end, no two names nearer than a line of text", async () => {
    // 1.1.0-d80 changes only grade D and high-risk enterprises of 1.0.0: their lines of coverage, and
    // of inspections of A and B, end close together.
    const r = await huaianYear();
    const lines = simulationCharts(r, "zh").filter((c) => c.id.startsWith("line-"));
    expect(lines.map((c) => c.id)).toContain("line-honestBurden");
    for (const chart of lines) {
      const names = chart.svg.match(/<g aria-label="text"[^>]*>(.*?)<\/g>/)?.[1] ?? "";
      const ys = [...names.matchAll(/translate\([\d.]+,([\d.-]+)\)/g)].map((m) => Number(m[1]));
      expect(ys).toHaveLength(r.variants.length);
      ys.sort((a, b) => a - b);
      for (let k = 1; k < ys.length; k++)
        expect(ys[k] - ys[k - 1], chart.id).toBeGreaterThanOrEqual(14 - 1e-9);
    }
  }, 60_000);

  it("show the grade mix over time (SPEC §7): a panel per grade, a line per variant in its colour, the periods in the title, the shares of each period adding up to 100%", async () => {
    const r = await huaianYear();
    for (const lang of ["en", "zh"] as const) {
      const mix = simulationCharts(r, lang).find((c) => c.id === "mix-gradeShare");
      expect(mix?.title).toBe(
        lang === "en"
          ? "grade mix: each grade's share, per period from 2026-H1 to 2026-H2"
          : "等级构成：各等级占比（2026-H1 至 2026-H2 各期）",
      );
      const svg = mix?.svg ?? "";
      // The grades name the panels.
      expect(ticks(svg)).toEqual(
        expect.arrayContaining(
          lang === "en" ? ["A", "B", "C", "D", "ungraded"] : ["A", "B", "C", "D", "未分级"],
        ),
      );
      // A line per variant in each of the five panels, in the variants' colours.
      const lineMark = svg.slice(svg.indexOf('aria-label="line"')).split('<g aria-label="')[0];
      const lines = [...lineMark.matchAll(/<path [^>]*stroke="(#[0-9a-f]+)"/g)];
      expect(lines).toHaveLength(5 * r.variants.length);
      expect(new Set(lines.map((m) => m[1])).size).toBe(r.variants.length);
      expect(mix?.table.rows).toHaveLength(r.variants.length * 2 * 5);
    }
    for (const v of r.variants)
      for (const period of ["2026-H1", "2026-H2"]) {
        const shares = v.metrics.filter(
          (m) => m.name === "gradeShare" && m.period === period && m.grade !== "all",
        );
        expect(shares.reduce((a, m) => a + m.mean, 0)).toBeCloseTo(1, 9);
      }
  }, 60_000);

  it("show each department's load against its own inspectors' capacity: a panel per department the scenario staffs, a line per variant, the line of full capacity; absent from a results.json of before", async () => {
    const r = await huaianYear();
    for (const lang of ["en", "zh"] as const) {
      const chart = simulationCharts(r, lang).find((c) => c.id === "departments-loadVsCapacity");
      const svg = chart?.svg ?? "";
      expect(ticks(svg)).toEqual(
        expect.arrayContaining(["市场监管局", "生态环境局", "应急管理局", "人社局"]),
      );
      const lineMark = svg.slice(svg.indexOf('aria-label="line"')).split('<g aria-label="')[0];
      expect([...lineMark.matchAll(/<path [^>]*stroke="(#[0-9a-f]+)"/g)]).toHaveLength(4 * r.variants.length);
      expect(svg).toContain('aria-label="rule"');
      // Its axis is each department's load, not all inspectors'.
      expect(svg).toContain(lang === "en" ? "load vs capacity</text>" : "负荷/能力</text>");
      expect(svg).not.toMatch(/all inspectors|全部人员/);
      // Its numbers: every variant, period and department, as results.json has them.
      expect(chart?.table.rows).toHaveLength(r.variants.length * 2 * 4);
      const row = chart?.table.rows.find((x) => x[0] === "1.0.0" && x[1] === "2026-H2" && x[2] === "人社局");
      const load = r.variants[0].departmentLoads?.find(
        (m) => m.period === "2026-H2" && m.department === "人社局",
      );
      expect(row?.[3]).toBe(`${((load?.mean ?? 0) * 100).toFixed(1)}%`);
    }
    // 人社局's few inspectors are over their capacity where all together are not as far over.
    const all = r.variants[0].metrics.find(
      (m) => m.period === "2026-H2" && m.grade === "all" && m.name === "loadVsCapacity",
    );
    const hr = r.variants[0].departmentLoads?.find(
      (m) => m.period === "2026-H2" && m.department === "人社局",
    );
    expect(hr?.mean).toBeGreaterThan(1.5 * (all?.mean ?? 0));
    const before = { ...r, variants: r.variants.map(({ departmentLoads: _, ...v }) => v) };
    expect(simulationCharts(before, "en").map((c) => c.id)).not.toContain("departments-loadVsCapacity");
  });

  it("give each variant one colour in every chart, the baseline's first, and name them once above the bars of all grades", async () => {
    const r = await huaianYear();
    const charts = simulationCharts(r, "en");
    const colours = new Map<string, string>();
    const colourOf = (name: string, fill: string) => {
      expect(colours.get(name) ?? fill, name).toBe(fill);
      colours.set(name, fill);
    };
    for (const chart of charts.filter((c) => c.id.startsWith("line-")))
      for (const m of chart.svg.matchAll(/<text [^>]*fill="(#[0-9a-f]+)">([^<]+)<\/text>/g))
        colourOf(m[2], m[1]);
    const bars = charts.find((c) => c.id === "bars-inspections")?.svg ?? "";
    const squares = [...bars.matchAll(/<g aria-label="dot"[^>]*><path [^>]*fill="(#[0-9a-f]+)"/g)].map(
      (m) => m[1],
    );
    const names = [...bars.matchAll(/<g aria-label="text"[^>]*><text [^>]*>([^<]+)<\/text><\/g>/g)].map(
      (m) => m[1],
    );
    expect([...names].sort()).toEqual(r.variants.map((v) => v.version).sort());
    names.forEach((name, i) => {
      colourOf(name, squares[i]);
    });
    expect(colours.get(r.variants[0].version)).toBe("#4269d0");
    expect(colours.size).toBe(r.variants.length);
  }, 60_000);
});
