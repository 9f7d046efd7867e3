import { EventEmitter } from "node:events";
import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import type { Lang } from "../../engine/lang.js";
import { displayWidth } from "../../engine/text-width.js";
import { Comparison, ProgressView, periodsSaid } from "../../simulator/dashboard/Dashboard.js";
import { fitRows, type RowParts, rowText } from "../../simulator/dashboard/fit-rows.js";
import { useColumns } from "../../simulator/dashboard/run-dashboard.js";
import type { MetricRow } from "../../simulator/metrics.js";
import { simulate } from "../../simulator/run.js";

const result = await simulate({
  scenario: "test/fixtures/sim/flat-scenario.yaml",
  policies: ["test/fixtures/sim/flat-20.yaml", "policies/huaian-2021/1.0.0.yaml"],
  replications: 3,
  years: 2,
  workers: 1,
});
const tick = () => new Promise((r) => setTimeout(r, 20));
/** The seed district under the seed policy and c-half, two years: grades that move, departments' loads far apart. */
let seeded: ReturnType<typeof simulate> | undefined;
const seedDistrict = () => {
  seeded ??= simulate({
    scenario: "simulator/scenarios/huaian.yaml",
    policies: ["policies/huaian-2021/1.0.0.yaml", "policies/huaian-2021/variants/c-half.yaml"],
    replications: 3,
    years: 2,
    workers: 1,
  });
  return seeded;
};
/** The comparison screen as wide as `terminal` says, laid out again when it is resized. */
const Resizable = (props: { terminal: EventEmitter }) => (
  <Comparison result={result} lang="en" width={useColumns(props.terminal as NodeJS.WriteStream)} />
);
/** The progress screen of `variants` with 3 of 12 replications done, 600,000 enterprise-periods in 2 s. */
const progressFrame = (variants: string[], lang: Lang, width: number) =>
  render(
    <ProgressView
      progress={{ done: 3, total: 12, enterprisePeriods: 600_000, seconds: 2 }}
      variants={variants}
      lang={lang}
      width={width}
    />,
  ).lastFrame() ?? "";

describe("the terminal dashboard", () => {
  it("shows progress: replications done, enterprise-periods per second, time left", () => {
    const frame = progressFrame(["1.0.0", "1.1.0-c50"], "en", 100);
    expect(frame).toContain("Simulating");
    expect(frame).toMatch(/1\.0\.0\s+█+░+ 3\/12 replications/);
    expect(frame).toContain("300,000 enterprise-periods/s · 6 s left");
    const zh = progressFrame(["1.0.0"], "zh", 100);
    expect(zh).toMatch(/3\/12 次重复/);
    expect(zh).toContain("30万 企业·期/秒 · 剩余 6 秒");
  });

  it("lines the progress bars up after the longest variant name, within the terminal's width", () => {
    const names = ["huaian-credit-graded@1.0.0", "county-pilot@1.0.0"];
    const bars = progressFrame(names, "en", 100)
      .split("\n")
      .filter((l) => /[█░]/.test(l));
    expect(bars.map((l) => l.search(/[█░]/))).toEqual([names[0].length + 1, names[0].length + 1]);
    // On a terminal of 80 columns, no line wraps.
    for (const l of progressFrame(names, "en", 80).split("\n")) expect([...l].length).toBeLessThanOrEqual(80);
  });

  it("compares the variants side by side with intervals, a sparkline and the paired difference", () => {
    const { lastFrame } = render(<Comparison result={result} lang="en" width={120} />);
    const frame = lastFrame() ?? "";
    expect(frame).toContain("metric: inspections · grade: all");
    expect(frame).toMatch(/flat-twenty@1\.0\.0\s+2\.0k \[2\.0k–2\.0k\]\s+[▁▂▃▄▅▆▇█]{4}\s+baseline/);
    expect(frame).toMatch(/vs baseline [+-]/);
    // Chinese shows counts whole up to five digits, never by k.
    const zh = render(<Comparison result={result} lang="zh" width={120} />).lastFrame() ?? "";
    expect(zh).toMatch(/flat-twenty@1\.0\.0\s+2000 \[2000–2000\]/);
    expect(zh).not.toMatch(/\dk\b/);
    expect(frame).toContain("←/→ metric  ↑/↓ grade  tab variant  e export report  q quit");
  });

  it("says which period its figures are of (the last) and which periods its sparklines show; none where the sparklines are left out; shorter where the line would wrap", async () => {
    const frame = (lang: Lang, width: number) =>
      render(<Comparison result={result} lang={lang} width={width} />).lastFrame() ?? "";
    expect(frame("en", 120)).toContain(
      "last period 2027-H2: mean [95% interval] · per period 2026-H1 to 2027-H2",
    );
    expect(frame("zh", 120)).toContain("末期 2027-H2：均值 [95% 区间] · 各期走势 2026-H1 至 2027-H2");
    // Too narrow for the sparklines: the period of the figures alone.
    const narrow = frame("en", 50);
    expect(narrow).not.toMatch(/[▁▂▃▄▅▆▇█]/);
    expect(narrow).toContain("last period 2027-H2: mean [95% interval]");
    expect(narrow).not.toContain("per period");
    // A sparkline of the last 2 of 4 periods begins at the third.
    expect(periodsSaid(result, 2, "en")).toBe(
      "last period 2027-H2: mean [95% interval] · per period 2027-H1 to 2027-H2",
    );
    // Where the line would wrap (70 columns), it says where the sparklines begin, shorter.
    expect(periodsSaid(result, 4, "en", 70)).toBe("last period 2027-H2: mean [95% interval] · from 2026-H1");
    expect(periodsSaid(result, 4, "zh", 50)).toBe("末期 2027-H2：均值 [95% 区间] · 自 2026-H1");
    expect(periodsSaid(result, 4, "en", 45)).toBe("last period 2027-H2: mean [95% interval]");
    const seeded = await seedDistrict();
    const at70 = (lang: Lang) =>
      render(<Comparison result={seeded} lang={lang} width={70} />).lastFrame() ?? "";
    for (const lang of ["en", "zh"] as const)
      for (const l of at70(lang).split("\n")) expect(displayWidth(l), l).toBeLessThanOrEqual(70);
    expect(at70("en")).toMatch(/[▁▂▃▄▅▆▇█]{4}/);
    expect(at70("en")).toContain("last period 2027-H2: mean [95% interval] · from 2026-H1\n");
  });

  it("in Chinese shows a district's tens of thousands whole, with an interval that says something", async () => {
    const district = await simulate({
      scenario: "simulator/scenarios/huaian.yaml",
      replications: 3,
      years: 1,
      workers: 1,
    });
    const zh = render(<Comparison result={district} lang="zh" width={120} />).lastFrame() ?? "";
    // Not 1.4万 [1.4万–1.4万]: as wide as 13.8k [13.7k–13.9k], and as telling.
    expect(zh).toMatch(/^1\.0\.0\s+\d{5} \[\d{5}–\d{5}\]/m);
    expect(zh).not.toMatch(/万 \[/);
  });

  it("←/→ change the metric, ↑/↓ the grade, tab the variant, e exports, q quits", async () => {
    let exported = 0;
    const { lastFrame, stdin } = render(
      <Comparison
        result={result}
        lang="en"
        width={120}
        onExport={() => {
          exported++;
          return "report exported to x/report.html";
        }}
      />,
    );
    await tick();
    stdin.write("\u001B[C");
    await tick();
    expect(lastFrame()).toContain("metric: load vs capacity");
    stdin.write("\u001B[D");
    stdin.write("\u001B[D");
    await tick();
    // Round from the first to the last: the grade mix, the violations no inspection found (SPEC §7), the hit rate.
    expect(lastFrame()).toContain("metric: grade share");
    stdin.write("\u001B[D");
    await tick();
    expect(lastFrame()).toContain("metric: violations undetected");
    stdin.write("\u001B[D");
    await tick();
    expect(lastFrame()).toContain("metric: hit rate");
    stdin.write("\u001B[B");
    await tick();
    expect(lastFrame()).toContain("grade: A");
    stdin.write("\u001B[A");
    stdin.write("\u001B[A");
    await tick();
    expect(lastFrame()).toContain("grade: ungraded");
    stdin.write("\t");
    await tick();
    expect(lastFrame()).toContain(result.variants[1].title.en);
    stdin.write("e");
    await tick();
    expect(exported).toBe(1);
    expect(lastFrame()).toContain("report exported to x/report.html");
  });

  it("adapts to a narrow terminal and aligns Chinese labels", () => {
    const { lastFrame } = render(<Comparison result={result} lang="zh" width={60} />);
    const frame = lastFrame() ?? "";
    expect(frame).toContain("指标：检查次数 · 等级：全部 · 3 次重复");
    expect(frame).not.toContain("对比基准");
    const lines = frame.split("\n").filter((l) => /^\s*(flat|huai)/.test(l));
    expect(lines.length).toBe(2);
    for (const l of frame.split("\n")) expect(displayWidth(l)).toBeLessThanOrEqual(60);
  });

  it("names the district's own files under its title where they stand in for the scenario's, on one line", () => {
    const own = {
      ...result,
      district: {
        enterprises: 3000,
        file: { path: "/d/enterprises.csv", sha256: "ab" },
        directory: { path: "/d/inspectors.csv", sha256: "cd", inspectors: 70, on: "2026-01-01" },
        past: {
          before: "2026-01-01",
          inspections: 10,
          enterprises: 9,
          history: { path: "/d/history.csv", sha256: "ef" },
        },
      },
    };
    const line = (lang: Lang, width: number) =>
      (render(<Comparison result={own} lang={lang} width={width} />).lastFrame() ?? "").split("\n")[1];
    expect(line("en", 100)).toBe("district: enterprises.csv (3,000) · history.csv · inspectors.csv");
    expect(line("zh", 100)).toBe("辖区：enterprises.csv（企业 3000 家） · history.csv · inspectors.csv");
    expect(line("en", 40)).toBe("district: enterprises.csv (3,000) · his…");
    // A generated district: none.
    expect(
      (render(<Comparison result={result} lang="en" width={100} />).lastFrame() ?? "").split("\n")[1],
    ).toMatch(/^metric: /);
  });

  /** The result of a district's own files and history, with `checks` of its behaviour (hitRates, gradeChanges). */
  const ownDistrict = (checks: object) => ({
    ...result,
    district: {
      enterprises: 3000,
      file: { path: "/d/enterprises.csv", sha256: "ab" },
      past: {
        before: "2026-01-01",
        inspections: 10,
        enterprises: 9,
        history: { path: "/d/history.csv", sha256: "ef" },
        ...checks,
      },
    },
  });

  it("says under the district's files where the hit rate the scenario assumes for a grade is not the district's, on one line; nothing where it is", () => {
    const past = (findings: number) =>
      ownDistrict({
        hitRates: {
          grades: [
            { grade: "A" as const, inspections: 40, findings, assumed: 0.014 },
            { grade: "C" as const, inspections: 20, findings: 3, assumed: 0.126 },
          ],
          beforeGrade: 0,
          undated: 0,
          detection: 0.7,
        },
      });
    const line = (r: ReturnType<typeof past>, lang: Lang, width: number) =>
      (render(<Comparison result={r} lang={lang} width={width} />).lastFrame() ?? "").split("\n")[2];
    expect(line(past(10), "en", 100)).toBe(
      "caution: the hit rate assumed for A is not the district's (see the report)",
    );
    expect(line(past(10), "zh", 100)).toBe("注意：A级假设的问题发现率与本辖区以往检查不符（见报告）");
    expect(line(past(10), "en", 40)).toBe("caution: the hit rate assumed for A is …");
    // 1 of 40 (2.5% [0.4%–12.9%]) holds the 1.4% assumed: the metric's line follows the district's.
    expect(line(past(1), "en", 100)).toMatch(/^metric: /);
  });

  it("says there too where the grade changes the scenario assumes are not the district's, after the hit rate's", () => {
    const to = (B: number, C: number) => ({ A: 0, B, C, D: 0, ungraded: 0 });
    const withChanges = (stay: number) =>
      ownDistrict({
        gradeHistory: { path: "/d/grades.csv", sha256: "cd" },
        gradeChanges: {
          cadence: "half-year" as const,
          from: "2025-01-01",
          to: "2026-01-01",
          normal: [{ grade: "B" as const, periods: 200, to: to(stay, 200 - stay), assumed: to(0.96, 0.04) }],
          found: [],
          elsewhere: 0,
          differing: 0,
        },
      });
    const lines = (r: ReturnType<typeof withChanges>, lang: Lang) =>
      (render(<Comparison result={r} lang={lang} width={140} />).lastFrame() ?? "").split("\n");
    // 150 of 200 B stay B against 96% assumed.
    expect(lines(withChanges(150), "en")[1]).toBe(
      "district: enterprises.csv (3,000) · history.csv · grades.csv",
    );
    expect(lines(withChanges(150), "en")[2]).toBe(
      "caution: the grade changes assumed from B (without a finding) are not the district's (see the report)",
    );
    expect(lines(withChanges(150), "zh")[2]).toBe(
      "注意：B级（未发现问题）假设的等级变化与本辖区不符（见报告）",
    );
    // 193 of 200 (96.5%) hold it.
    expect(lines(withChanges(193), "en")[2]).toMatch(/^metric: /);
  });

  it("says there too where the share of findings the scenario records as a code is not the district's", () => {
    const withCodes = (rectified: number) =>
      ownDistrict({
        findingResults: {
          total: 20,
          codes: [
            { code: "rectified" as const, found: 14, assumed: rectified },
            { code: "pending" as const, found: 4, assumed: 0.9 - rectified },
            { code: "transferred" as const, found: 2, assumed: 0.1 },
          ],
        },
      });
    const line = (r: ReturnType<typeof withCodes>, lang: Lang) =>
      (render(<Comparison result={r} lang={lang} width={140} />).lastFrame() ?? "").split("\n")[2];
    // 14 of 20 rectified (70.0% [48.1%–85.5%]) against 20% assumed; 4 pending against 70%.
    expect(line(withCodes(0.2), "en")).toBe(
      "caution: the share of findings assumed as rectified, pending is not the district's (see the report)",
    );
    expect(line(withCodes(0.2), "zh")).toBe(
      "注意：发现问题记为“发现问题已责令改正”“发现问题待后续处理”的假设比例与本辖区不符（见报告）",
    );
    // 0.7 / 0.2 / 0.1 as found.
    expect(line(withCodes(0.7), "en")).toMatch(/^metric: /);
  });

  it("leaves out the replications from the line of the metric where it would wrap", () => {
    const line = (lang: Lang, width: number) =>
      (render(<Comparison result={result} lang={lang} width={width} />).lastFrame() ?? "").split("\n")[1];
    expect(line("en", 49)).toBe("metric: inspections · grade: all · 3 replications");
    expect(line("en", 48)).toBe("metric: inspections · grade: all");
    expect(line("zh", 40)).toBe("指标：检查次数 · 等级：全部 · 3 次重复");
    expect(line("zh", 35)).toBe("指标：检查次数 · 等级：全部");
  });

  it("fits one layout of its rows, for every metric and grade, to the terminal: ←/→ and ↑/↓ change the figures, not the columns; labels cut only where nothing else is left", async () => {
    /**
     * The rows of each of the 54 screens (9 metrics × 6 grades), `width` columns wide: the variants',
     * or, of the grade share of all grades, the grades' of the second variant's mix, or, of the
     * departments' loads, the departments' of the second variant.
     */
    const screens = async (lang: Lang, width: number) => {
      const { lastFrame, stdin } = render(<Comparison result={result} lang={lang} width={width} />);
      const all: string[][] = [];
      stdin.write("\t");
      for (let m = 0; m < 9; m++) {
        for (let g = 0; g < 6; g++) {
          await tick();
          const frame = lastFrame() ?? "";
          for (const l of frame.split("\n")) expect(displayWidth(l)).toBeLessThanOrEqual(width);
          // The rows: the lines between the first blank line and the next.
          const lines = frame.split("\n");
          const from = lines.indexOf("") + 1;
          all.push(lines.slice(from, lines.indexOf("", from)));
          stdin.write("\u001B[B");
        }
        stdin.write("\u001B[C");
      }
      expect(new Set(all.map((lines) => lines.join("\n"))).size).toBeGreaterThan(8);
      expect(all.filter((lines) => lines[0].startsWith("A "))).toHaveLength(1);
      return all;
    };
    /** Where a screen's columns start: the values (after the labels), and the difference (on the last row, the baseline's on none). */
    const columns = (lines: string[]) => {
      const last = lines[lines.length - 1];
      const diff = / ((?:vs baseline |对比基准 )?\S+ \[[^\]]*\])$/.exec(last)?.[1] ?? "";
      return [displayWidth(/^\S+\s+/.exec(lines[0])?.[0] ?? ""), displayWidth(last) - displayWidth(diff)];
    };
    const spark = /[▁▂▃▄▅▆▇█]{4}/;
    for (const lang of ["en", "zh"] as const) {
      const [wide, eighty, narrow, forty] = [
        await screens(lang, 120),
        await screens(lang, 80),
        await screens(lang, 50),
        await screens(lang, 40),
      ];
      for (const [width, all] of [
        [120, wide],
        [80, eighty],
        [50, narrow],
        [40, forty],
      ] as const) {
        // The same columns on every screen, and the same parts shown.
        const starts = new Set(all.map((lines) => JSON.stringify(columns(lines))));
        expect([...starts], `${lang} ${width}`).toHaveLength(1);
        const shown = (re: RegExp) => new Set(all.map((lines) => re.test(lines.join("\n"))));
        expect(shown(spark).size).toBe(1);
        expect(shown(/vs baseline|对比基准/).size).toBe(1);
      }
      // Given room, every part on every screen.
      expect(wide[0][1]).toMatch(
        /^huaian-credit-graded@1\.0\.0\s+\S+ \[.+\]\s+[▁▂▃▄▅▆▇█]{4}\s+(vs baseline|对比基准) -474 \[/,
      );
      // The two policies share a version, so each is named policy@version (26 columns): whole on 80.
      expect(eighty[0][1]).toMatch(/^huaian-credit-graded@1\.0\.0\s+\S+ \[.+\]\s+(\S+\s+)?-474 \[/);
      expect(eighty.flat().join("\n")).not.toMatch(/…|vs baseline|对比基准/);
      // 50 columns: the sparkline goes, then the labels are cut, still one column apart, then the
      // values' intervals go.
      expect(narrow[0][1]).toMatch(/^huai\S*… +(1\.5k|1526) /);
      expect(narrow.flat().join("\n")).not.toMatch(spark);
      // 40 columns: the values' intervals go and then the labels are cut, the differences' interval kept.
      expect(forty[0][1]).toMatch(/^huaian… {2}(1\.5k|1526) {4}-474 \[-474, -474\]$/);
    }
  });

  it("gives up the words 'vs baseline' first, then the room after the values, then the sparkline's first periods, then the sparkline, then the labels' length, then the values' intervals, then the differences'", () => {
    const rows: RowParts[] = [
      {
        label: "1.0.0",
        value: "16.1k [15.9k–16.3k]",
        mean: "16.1k",
        spark: "▆▇▇▇",
        diff: "baseline",
        diffMean: "baseline",
        baseline: true,
      },
      {
        label: "1.1.0-c50",
        value: "12.0k [11.9k–12.2k]",
        mean: "12.0k",
        spark: "▅▅▆▆",
        diff: "-4.1k [-4.2k, -3.9k]",
        diffMean: "-4.1k",
        baseline: false,
      },
    ];
    // The layout of `parts` at a width, each row checked to fit it.
    const fitting = (parts: RowParts[]) => (width: number) => {
      const fit = fitRows(parts, "vs baseline ", width);
      expect(Math.max(...parts.map((p) => displayWidth(rowText(p, fit))))).toBeLessThanOrEqual(width);
      return fit;
    };
    const at = fitting(rows);
    // 11 + 26 + 6 + 12 + 20 columns in all.
    expect(at(75)).toEqual({
      labelWidth: 11,
      valueWidth: 26,
      spark: 4,
      prefix: "vs baseline ",
      intervals: "all",
    });
    expect(at(74)).toEqual({ labelWidth: 11, valueWidth: 26, spark: 4, prefix: "", intervals: "all" });
    expect(at(62)).toEqual({ labelWidth: 11, valueWidth: 21, spark: 4, prefix: "", intervals: "all" });
    expect(at(57)).toEqual({ labelWidth: 11, valueWidth: 21, spark: 0, prefix: "", intervals: "all" });
    expect(at(52)).toEqual({ labelWidth: 11, valueWidth: 21, spark: 0, prefix: "", intervals: "all" });
    expect(at(50)).toEqual({ labelWidth: 9, valueWidth: 21, spark: 0, prefix: "", intervals: "all" });
    expect(rowText(rows[1], at(50))).toBe("1.1.0-…  12.0k [11.9k–12.2k]  -4.1k [-4.2k, -3.9k]");
    expect(rowText(rows[0], at(50))).toBe("1.0.0    16.1k [15.9k–16.3k]  baseline");
    // 8 + 21 + 20: the labels cut no further. Then the values' intervals go (7 columns a value),
    // the labels whole again where that leaves room; then the differences'.
    expect(at(49)).toEqual({ labelWidth: 8, valueWidth: 21, spark: 0, prefix: "", intervals: "all" });
    expect(at(48)).toEqual({ labelWidth: 11, valueWidth: 7, spark: 0, prefix: "", intervals: "differences" });
    expect(rowText(rows[1], at(48))).toBe("1.1.0-c50  12.0k  -4.1k [-4.2k, -3.9k]");
    expect(at(35)).toEqual({ labelWidth: 8, valueWidth: 7, spark: 0, prefix: "", intervals: "differences" });
    expect(at(34)).toEqual({ labelWidth: 11, valueWidth: 7, spark: 0, prefix: "", intervals: "none" });
    expect(rowText(rows[1], at(34))).toBe("1.1.0-c50  12.0k  -4.1k");
    expect(rowText(rows[0], at(34))).toBe("1.0.0      16.1k  baseline");
    expect(at(23)).toEqual({ labelWidth: 8, valueWidth: 7, spark: 0, prefix: "", intervals: "none" });
    // Labels that would read alike cut to 8 columns (1.1.0-…) are cut no further than tells them apart.
    const three = [...rows, { ...rows[1], label: "1.1.0-d80" }];
    const apart = fitting(three);
    expect(apart(51)).toEqual({ labelWidth: 10, valueWidth: 21, spark: 0, prefix: "", intervals: "all" });
    expect(apart(50)).toEqual({
      labelWidth: 11,
      valueWidth: 7,
      spark: 0,
      prefix: "",
      intervals: "differences",
    });
    expect(rowText(three[2], apart(51))).toBe("1.1.0-d…  12.0k [11.9k–12.2k]  -4.1k [-4.2k, -3.9k]");
    // Ten years of half-years: the sparkline keeps its last periods, down to 6, before it goes.
    const long = rows.map((p) => ({ ...p, spark: `▁▂▃▄▅▆▇█▇▆${p.spark}▅▄▃▂▁▂` }));
    const fits = fitting(long);
    // 11 + 21 + 22 + 20 columns with all 20 periods.
    expect(fits(74)).toEqual({ labelWidth: 11, valueWidth: 21, spark: 20, prefix: "", intervals: "all" });
    expect(fits(73)).toEqual({ labelWidth: 11, valueWidth: 21, spark: 19, prefix: "", intervals: "all" });
    expect(fits(60)).toEqual({ labelWidth: 11, valueWidth: 21, spark: 6, prefix: "", intervals: "all" });
    expect(fits(59)).toEqual({ labelWidth: 11, valueWidth: 21, spark: 0, prefix: "", intervals: "all" });
    expect(rowText(long[1], fits(60))).toBe("1.1.0-c50  12.0k [11.9k–12.2k]  ▅▄▃▂▁▂  -4.1k [-4.2k, -3.9k]");
  });

  it("lays its rows out again when the terminal is resized", async () => {
    const terminal = Object.assign(new EventEmitter(), { columns: 120 });
    const { lastFrame } = render(<Resizable terminal={terminal} />);
    await tick();
    const widest = () => Math.max(...(lastFrame() ?? "").split("\n").map(displayWidth));
    expect(widest()).toBeGreaterThan(80);
    terminal.columns = 40;
    terminal.emit("resize");
    await tick();
    expect(widest()).toBeLessThanOrEqual(40);
    expect(lastFrame()).toMatch(/^huaian… +\S+ +-474 \[/m);
  });

  it("shows the grade mix: each grade's share, and of all grades the mix of the variant chosen with tab, its difference from the baseline's", async () => {
    const moved = await seedDistrict();
    const grades = ["A", "B", "C", "D", "ungraded"];
    const last = (rows: readonly MetricRow[] | undefined, g: string) =>
      rows?.filter((m) => m.grade === g && m.name === "gradeShare").at(-1)?.mean ?? Number.NaN;
    const share = (v: number, g: string) => last(moved.variants[v].metrics, g);
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    const signed = (x: number) =>
      `${x > 0 && pct(x) !== "0.0%" ? "+" : ""}${pct(x)}`.replace("-0.0%", "0.0%");
    const { lastFrame, stdin } = render(<Comparison result={moved} lang="en" width={120} />);
    await tick();
    stdin.write("\u001B[D");
    await tick();
    /** The rows of the screen: each grade's label and the rest. */
    const rows = () =>
      (lastFrame() ?? "")
        .split("\n")
        .filter((l) => /^(A|B|C|D|ungraded) /.test(l))
        .map((l) => [l.split(" ")[0], l.replace(/^\S+ +/, "")]);
    // All grades: the baseline's mix, a row per grade, its share in the last period.
    expect(lastFrame()).toContain("metric: grade share · grade: each of 1.0.0 · 3 replications");
    expect(rows().map(([g]) => g)).toEqual(grades);
    for (const [g, rest] of rows()) expect(rest).toMatch(new RegExp(`^${pct(share(0, g))} \\[.+ baseline$`));
    expect(grades.reduce((a, g) => a + share(0, g), 0)).toBeCloseTo(1, 9);
    // tab: the next variant's mix, each grade's difference from the baseline's share.
    stdin.write("\t");
    await tick();
    expect(lastFrame()).toContain("grade: each of 1.1.0-c50");
    expect(share(1, "D")).toBeLessThan(share(0, "D") - 0.002);
    for (const [g, rest] of rows())
      expect(rest).toMatch(
        new RegExp(
          `^${pct(share(1, g))} \\[.+ vs baseline ${signed(last(moved.variants[1].differences, g)).replace("+", "\\+")} \\[`,
        ),
      );
    // One grade: each variant's share of it.
    for (let k = 0; k < 4; k++) stdin.write("\u001B[B");
    await tick();
    expect(lastFrame()).toContain("metric: grade share · grade: D");
    expect(lastFrame()).toMatch(new RegExp(`^1\\.0\\.0 +${pct(share(0, "D"))} \\[.+baseline$`, "m"));
    expect(lastFrame()).toMatch(new RegExp(`^1\\.1\\.0-c50 +${pct(share(1, "D"))} \\[.+vs baseline -`, "m"));
    const zh = render(<Comparison result={moved} lang="zh" width={120} />);
    await tick();
    zh.stdin.write("\u001B[D");
    await tick();
    expect(zh.lastFrame()).toContain("指标：等级占比 · 等级：1.0.0 各等级");
    expect(zh.lastFrame()).toMatch(new RegExp(`^未分级 +${pct(share(0, "ungraded"))} \\[`, "m"));
  });

  it("shows each department's load against its own inspectors' capacity, of the variant tab chooses, against the baseline's", async () => {
    const r = await seedDistrict();
    const { lastFrame, stdin } = render(<Comparison result={r} lang="en" width={120} />);
    await tick();
    stdin.write("\u001B[C");
    stdin.write("\u001B[C");
    await tick();
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    const load = (v: number, d: string) =>
      r.variants[v].departmentLoads?.filter((m) => m.department === d).at(-1)?.mean ?? Number.NaN;
    expect(lastFrame()).toContain("metric: load vs capacity by department · variant: 1.0.0 · 3 replications");
    const rows = () =>
      (lastFrame() ?? "").split("\n").filter((l) => /^(市场监管局|生态环境局|应急管理局|人社局) /.test(l));
    expect(rows().map((l) => l.split(" ")[0])).toEqual(["市场监管局", "生态环境局", "应急管理局", "人社局"]);
    for (const l of rows())
      expect(l).toMatch(new RegExp(` ${pct(load(0, l.split(" ")[0]))} \\[.+ baseline$`));
    // 人社局's inspectors far more loaded than all inspectors together.
    const all = r.variants[0].metrics.filter((m) => m.grade === "all" && m.name === "loadVsCapacity").at(-1);
    expect(load(0, "人社局")).toBeGreaterThan(1.5 * (all?.mean ?? Number.NaN));
    stdin.write("\t");
    await tick();
    expect(lastFrame()).toContain("variant: 1.1.0-c50");
    const hr = rows().find((l) => l.startsWith("人社局")) ?? "";
    expect(hr).toMatch(new RegExp(` ${pct(load(1, "人社局"))} \\[.+ vs baseline -`));
    // ↑/↓ leave it as it is: a department's load is of every grade.
    stdin.write("\u001B[B");
    await tick();
    expect(rows().find((l) => l.startsWith("人社局"))).toBe(hr);
    const zh = render(<Comparison result={r} lang="zh" width={120} />);
    await tick();
    zh.stdin.write("\u001B[C");
    zh.stdin.write("\u001B[C");
    await tick();
    expect(zh.lastFrame()).toContain("指标：各部门负荷/能力 · 方案：1.0.0");
  });

  it("has no screen of departments' loads where the scenario staffs no department (or the results are of before)", async () => {
    const none = {
      ...result,
      variants: result.variants.map(({ departmentLoads: _, departmentLoadDifferences: __, ...v }) => v),
    };
    const { lastFrame, stdin } = render(<Comparison result={none} lang="en" width={120} />);
    const seen = new Set<string>();
    for (let k = 0; k < 9; k++) {
      await tick();
      seen.add(/metric: ([^·]+) ·/.exec(lastFrame() ?? "")?.[1] ?? "");
      stdin.write("\u001B[C");
    }
    expect(seen.size).toBe(8);
    expect([...seen].join()).not.toContain("by department");
  });

  it("names the ungraded 未分级 in Chinese", async () => {
    const { lastFrame, stdin } = render(<Comparison result={result} lang="zh" width={120} />);
    await tick();
    stdin.write("\u001B[A");
    await tick();
    expect(lastFrame()).toContain("等级：未分级");
  });
});
