import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ALGORITHM, algorithmText, DERIVABLE_ALGORITHMS } from "../../engine/draw/algorithm.js";
import { runDraw } from "../../engine/draw/run.js";
import { drawReport } from "../../reports/draw-report.js";
import { legendAbove, textWidth } from "../../reports/legend.js";
import { renderSvg, wholeTicks } from "../../reports/plot.js";
import { base, seedPolicy } from "../helpers/draw-setup.js";
import { exampleDryRun } from "../helpers/examples.js";
import { runCli } from "../helpers/run-cli.js";
import { tmp } from "../helpers/tmp.js";

/** Where a chart's marks placed from the frame's corner are (the legend's dots and texts): their group's offset plus their own place. */
function placed(svg: string, label: "text" | "dot") {
  const at = new RegExp(
    `<g aria-label="${label}"[^>]*translate\\((-?[\\d.]+),(-?[\\d.]+)\\)"><[^>]*translate\\(([\\d.]+),([\\d.]+)\\)"[^>]*>([^<]*)<`,
    "g",
  );
  return [...svg.matchAll(at)].map((m) => ({
    x: Number(m[1]) + Number(m[3]),
    y: Number(m[2]) + Number(m[4]),
    text: m[5],
  }));
}
/** The tick labels of a chart's x or y axis. */
const axisTicks = (svg: string, axis: "x" | "y") =>
  [
    ...(svg.match(new RegExp(`aria-label="${axis}-axis tick label".*?</g>`))?.[0] ?? "").matchAll(
      />([^<]+)<\/text>/g,
    ),
  ].map((m) => m[1]);
const barTop = (svg: string) =>
  Math.min(...[...svg.matchAll(/<rect [^>]*y="([\d.]+)"/g)].map((m) => Number(m[1])));

describe("the draw report's charts", () => {
  it("name the departments' colours above the bars, even when every inspector has the same load", async () => {
    const out = join(tmp(), "draw");
    await runDraw({ ...base, policy: seedPolicy, out, dryRun: true });
    // Forty-five inspectors of one department, each with 100 inspections: the bars reach the frame's top at the right too.
    const rows = Array.from({ length: 45 }, (_, k) =>
      Array.from({ length: 100 }, (_, j) => `9132080000000${j},I${k},市场监管局,member,0.5`),
    ).flat();
    writeFileSync(
      join(out, "assignments.csv"),
      `uscc,inspector,department,role,ticket\n${rows.join("\n")}\n`,
    );
    const loads = drawReport(out, "zh").charts.find((c) => c.id === "loads")?.svg ?? "";
    const [texts, dots] = [placed(loads, "text"), placed(loads, "dot")];
    expect(texts.map((t) => t.text)).toEqual(["市场监管局"]);
    expect(dots).toHaveLength(1);
    // A text's middle at least half a 12px line above the highest bar; the square beside it, level with it.
    for (const { y } of [...texts, ...dots]) expect(y).toBeLessThanOrEqual(barTop(loads) - 6);
    expect(dots[0].y).toBeCloseTo(texts[0].y, 6);
  }, 60_000);

  it("lay a legend out in lines that fit, each entry's square before its text, none over another", () => {
    const entries: [string, string][] = [
      "市场监管局",
      "人社局",
      "应急管理局",
      "生态环境局",
      "Fire service",
    ].map((d) => [d, d]);
    const { marks, marginTop } = legendAbove(entries, 200);
    // Entries of 5 + 9 + 60 = 74 px (市场监管局), 50, 74, 74 and 104 px (12 × 7.5), 16 px apart, in 200 px: three lines.
    expect(marginTop).toBe(12 + 2 * 16 + 14);
    const svg = renderSvg({
      width: 300,
      height: 100,
      marginTop,
      marginRight: 10,
      x: { domain: [0, 1] },
      marks,
    });
    // In reading order: line by line, left to right.
    const reading = (a: { x: number; y: number }, b: { x: number; y: number }) => a.y - b.y || a.x - b.x;
    const [texts, dots] = [placed(svg, "text").sort(reading), placed(svg, "dot").sort(reading)];
    expect(texts.map((t) => t.text)).toEqual(entries.map(([text]) => text));
    expect(new Set(texts.map((t) => t.y)).size).toBe(3);
    texts.forEach((t, i) => {
      const square = dots[i];
      expect(square.y).toBe(t.y);
      // The text begins 9 px after the square's middle; as wide as estimated, it ends 16 px before
      // the next square, or at the frame's right edge.
      expect(t.x - square.x).toBeCloseTo(9, 6);
      const ends = t.x + textWidth(t.text);
      const next = texts[i + 1];
      if (next?.y === t.y) expect(dots[i + 1].x - 5 - ends).toBeCloseTo(16, 6);
      else expect(ends).toBeCloseTo(290, 6);
    });
  });

  it("say beside a stratum's drawn none of those eligible why, and from how many it draws one, in the table under the chart", async () => {
    const out = join(tmp(), "draw");
    expect((await runCli(...exampleDryRun(out))).code).toBe(0);
    const rows = (lang: "zh" | "en") =>
      drawReport(out, lang).charts.find((c) => c.id === "strata")?.table?.rows ?? [];
    expect(rows("en")).toContainEqual([
      "general-b",
      "7",
      "5.0%",
      "0 (5% of 7 is 0.35, round gives 0; one from 10 eligible)",
    ]);
    expect(rows("en")).toContainEqual(["key-strict", "6", "30.0%", "2"]);
    expect(rows("zh")).toContainEqual([
      "general-b B级（每年至多一次）",
      "7",
      "5.0%",
      "0（7 家的 5% 为 0.35，四舍五入为 0；可抽取达 10 家时抽 1 家）",
    ]);
  }, 60_000);

  it("count enterprises and inspections in whole numbers, never half of one", async () => {
    expect([0, 1, 2, 7, 45, 100, 2600].map((max) => wholeTicks(max))).toEqual([
      [0, 1],
      [0, 1],
      [0, 1, 2],
      [0, 1, 2, 3, 4, 5, 6, 7],
      [0, 10, 20, 30, 40],
      [0, 20, 40, 60, 80, 100],
      [0, 500, 1000, 1500, 2000, 2500],
    ]);
    // 人社局's task of the examples: 2 eligible at most in a stratum, where Plot's ticks were 0.0, 0.5 … 2.0.
    const out = join(tmp(), "draw");
    expect((await runCli(...exampleDryRun(out), "--departments", "人社局")).code).toBe(0);
    const strata = drawReport(out, "en").charts.find((c) => c.id === "strata")?.svg ?? "";
    expect(axisTicks(strata, "x")).toEqual(["0", "1", "2"]);
    const loads = drawReport(out, "en").charts.find((c) => c.id === "loads")?.svg ?? "";
    expect(axisTicks(loads, "y").every((t) => /^\d+$/.test(t))).toBe(true);
  }, 60_000);

  it("a draw that drew none (every enterprise of grade A × general, not in the pool) charts its strata from 0 to 1 with no bar, no inspectors' loads, and each department's 0 enterprises", async () => {
    const dir = tmp();
    const [header, ...rows] = readFileSync("examples/enterprises.csv", "utf8").trimEnd().split("\n");
    const enterprises = join(dir, "a.csv");
    writeFileSync(enterprises, `${[header, ...rows.filter((r) => r.includes(",A,一般,"))].join("\n")}\n`);
    const out = join(dir, "draw");
    const drew = await runCli(
      ...exampleDryRun(out).map((a) => (a === "examples/enterprises.csv" ? enterprises : a)),
    );
    expect(drew.stdout).toContain("0 enterprise(s) drawn");
    for (const lang of ["en", "zh"] as const) {
      const { charts } = drawReport(out, lang);
      expect(charts.map((c) => c.id)).toEqual(["strata"]);
      // Every bar of none eligible ran across the frame, on an axis whose one tick read 0.000000.
      expect(axisTicks(charts[0].svg, "x")).toEqual(["0", "1"]);
      expect([...charts[0].svg.matchAll(/<rect [^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]))).toEqual(
        Array(12).fill(0),
      );
      expect(charts[0].svg).not.toMatch(/Infinity|NaN/);
    }
    // Its departments each with 0 enterprises, where the table had no row.
    expect(drawReport(out, "en").tables[0].rows).toEqual([
      ["人社局", "0", "0", "0", "-", "-"],
      ["市场监管局", "0", "0", "0", "-", "-"],
      ["应急管理局", "0", "0", "0", "-", "-"],
      ["生态环境局", "0", "0", "0", "-", "-"],
    ]);
  }, 60_000);

  it("give each department its enterprises, the inspectors it sends, their team places, the places per inspector and the most of one, as assignments.csv has them", async () => {
    const out = join(tmp(), "draw");
    await runDraw({ ...base, policy: seedPolicy, out, dryRun: true });
    const [, ...lines] = readFileSync(join(out, "assignments.csv"), "utf8").trimEnd().split(/\r?\n/);
    const places = new Map<string, Map<string, number>>();
    for (const line of lines) {
      const [, inspector, department] = line.split(",");
      const own = places.get(department) ?? new Map<string, number>();
      own.set(inspector, (own.get(inspector) ?? 0) + 1);
      places.set(department, own);
    }
    const report = drawReport(out, "en").tables[0];
    expect(report.header).toEqual([
      "department",
      "enterprises",
      "inspectors sent",
      "team places",
      "places per inspector",
      "most of one",
    ]);
    const byDepartment = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")).counts.byDepartment;
    for (const [d, own] of places) {
      const n = [...own.values()];
      const total = n.reduce((a, b) => a + b, 0);
      expect(report.rows.find((r) => r[0] === d)).toEqual([
        d,
        String(byDepartment[d]),
        String(own.size),
        String(total),
        (total / own.size).toFixed(1),
        String(Math.max(...n)),
      ]);
    }
    expect(places.size).toBeGreaterThan(1);
    expect(drawReport(out, "zh").tables[0].header).toEqual([
      "部门",
      "企业数",
      "选派人员",
      "选派人次",
      "人均人次",
      "最多人次",
    ]);
  });

  it("say the algorithm a draw was made by in Chinese in a Chinese report, each algorithm this version derives, and as recorded in an English one", async () => {
    const out = join(tmp(), "draw");
    expect((await runCli(...exampleDryRun(out))).code).toBe(0);
    expect((await runCli("--lang", "zh", "report", out, "--format", "md")).code).toBe(0);
    expect(readFileSync(join(out, "report.md"), "utf8")).toContain(
      "gradedraw-draw/3（SHA-256 一致性抽样（Rivest）；按处理方式分层；",
    );
    expect((await runCli("report", out, "--format", "md")).code).toBe(0);
    expect(readFileSync(join(out, "report.md"), "utf8")).toContain(ALGORITHM.replace("|", "\\|"));
    for (const a of DERIVABLE_ALGORITHMS) {
      const zh = algorithmText(a, "zh");
      // No English words left but the algorithm's name, SHA-256, Rivest and the file name.
      expect(zh.replace(/gradedraw-draw\/\d|SHA-256|Rivest|tasks\.xlsx/g, ""), a).not.toMatch(/[A-Za-z]{2,}/);
      expect(algorithmText(a, "en")).toBe(a);
    }
    // One this version does not know (a later version's) is shown as recorded.
    const later = "gradedraw-draw/9 (SHA-256 consistent sampling, Rivest; something new)";
    expect(algorithmText(later, "zh")).toBe(later);
  }, 60_000);

  it("name each stratum by its id and, in Chinese, its Chinese label below it, in a left margin as wide as the widest line", async () => {
    const out = join(tmp(), "draw");
    await runDraw({ ...base, policy: seedPolicy, out, dryRun: true });
    const ticks = (lang: "zh" | "en") => {
      const svg = drawReport(out, lang).charts.find((c) => c.id === "strata")?.svg ?? "";
      const axis = svg.slice(svg.indexOf('aria-label="y-axis tick label"'));
      const margin = Number(/<text [^>]*transform="translate\(([\d.]+),/.exec(axis)?.[1]);
      const labels = [...axis.slice(0, axis.indexOf("</g>")).matchAll(/<text [^>]*>(.*?)<\/text>/g)].map(
        (m) =>
          m[1].includes("<tspan") ? [...m[1].matchAll(/<tspan[^>]*>([^<]*)</g)].map((t) => t[1]) : [m[1]],
      );
      return { margin, labels, spacing: /<tspan x="0" dy="([\d.]+)em"/.exec(axis)?.[1] };
    };
    const strata = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")).counts.strata as {
      stratum: string;
    }[];
    const zh = ticks("zh");
    // In the policy's order (the manifest's, the table's), key enterprises first.
    expect(zh.labels).toEqual(
      strata.map((s) => [s.stratum, seedPolicy.policy.treatments[s.stratum].label.zh]),
    );
    expect(zh.labels.flat()).toContain("D级（重点监管，比例不设上限）");
    // The second line 1.25 em below the first: at 1 em the Chinese characters touched the id.
    expect(zh.spacing).toBe("1.25");
    // The tick labels end 9 px left of the frame: each line's estimated width fits the margin.
    for (const line of zh.labels.flat()) expect(textWidth(line) + 9).toBeLessThanOrEqual(zh.margin);
    // In English the ids alone, as the table beside has them; the margin narrower.
    const en = ticks("en");
    expect(en.labels).toEqual(strata.map((s) => [s.stratum]));
    expect(en.margin).toBeLessThan(zh.margin);
  }, 60_000);

  it("show each inspector's inspections on those of the period's earlier draws, and the capacity per period where one is set", async () => {
    const out = join(tmp(), "draw");
    await runDraw({ ...base, policy: seedPolicy, out, dryRun: true });
    const assigned = (rows: [string, string][]) =>
      writeFileSync(
        join(out, "assignments.csv"),
        `uscc,inspector,department,role,ticket\n${rows.map(([i, d], k) => `9132080000000${k},${i},${d},lead,0.5`).join("\n")}\n`,
      );
    assigned([
      ["I1", "市场监管局"],
      ["I1", "市场监管局"],
      ["I1", "市场监管局"],
      ["I2", "市场监管局"],
      ["I3", "人社局"],
      ["I3", "人社局"],
    ]);
    // As recorded for verify: the ledger's loads of this period before the draw, the inspectors' capacities.
    const ledger = JSON.parse(readFileSync(join(out, "inputs", "ledger.json"), "utf8"));
    writeFileSync(join(out, "inputs", "ledger.json"), JSON.stringify({ ...ledger, load: { I2: 4, I9: 7 } }));
    writeFileSync(
      join(out, "inputs", "inspectors.json"),
      JSON.stringify([
        { id: "I1", capacity: null },
        { id: "I2", capacity: 6 },
        { id: "I3", capacity: 2 },
      ]),
    );
    const chart = drawReport(out, "zh").charts.find((c) => c.id === "loads");
    const svg = chart?.svg ?? "";
    // The most loaded in the period first: I2 has 1 here on 4 earlier.
    expect(chart?.table).toEqual({
      header: ["执法人员编号", "部门", "任务数", "本期此前的抽取", "每期检查上限"],
      rows: [
        ["I2", "市场监管局", "1", "4", "6"],
        ["I1", "市场监管局", "3", "0", "—"],
        ["I3", "人社局", "2", "0", "2"],
      ],
    });
    const legend = (chart: string) =>
      placed(chart, "text")
        .sort((a, b) => a.y - b.y || a.x - b.x)
        .map((t) => t.text);
    expect(legend(svg)).toEqual(["市场监管局", "人社局", "本期此前的抽取", "每期检查上限"]);
    // Bars: the earlier draws' (grey) from 0, this draw's on them; a tick at each capacity set.
    const rects = (group: number) =>
      [
        ...(svg.match(/<g aria-label="bar"[^>]*>(.*?)<\/g>/g)?.[group] ?? "").matchAll(
          /<rect x="([\d.]+)" width="[\d.]+" y="([\d.]+)" height="([\d.]+)" fill="([^"]+)"/g,
        ),
      ].map((m) => ({ x: Number(m[1]), top: Number(m[2]), bottom: Number(m[2]) + Number(m[3]), fill: m[4] }));
    const [earlier, drawn] = [rects(0), rects(1)];
    expect(earlier.map((r) => r.fill)).toEqual(["#c4c4c4", "#c4c4c4", "#c4c4c4"]);
    expect(drawn.map((r) => r.x)).toEqual(earlier.map((r) => r.x));
    expect(drawn.map((r) => r.bottom)).toEqual(earlier.map((r) => expect.closeTo(r.top, 6)));
    const unit = (earlier[0].bottom - earlier[0].top) / 4;
    expect(drawn.map((r) => (r.bottom - r.top) / unit)).toEqual([1, 3, 2].map((n) => expect.closeTo(n, 6)));
    const tickMark = /<g aria-label="tick"[^>]*>(.*?)<\/g>/.exec(svg)?.[1] ?? "";
    const ticks = [...tickMark.matchAll(/<line x1="([\d.]+)" x2="[\d.]+" y1="([\d.]+)"/g)].map((m) => ({
      x: Number(m[1]),
      y: Number(m[2]),
    }));
    expect(ticks.map((t) => t.x)).toEqual([earlier[0].x, earlier[2].x]);
    expect((earlier[0].bottom - ticks[0].y) / unit).toBeCloseTo(6, 6);
    expect((earlier[2].bottom - ticks[1].y) / unit).toBeCloseTo(2, 6);

    // Without earlier draws or capacities: the departments alone, and no empty columns.
    writeFileSync(join(out, "inputs", "ledger.json"), JSON.stringify(ledger));
    writeFileSync(join(out, "inputs", "inspectors.json"), "[]");
    const plain = drawReport(out, "en").charts.find((c) => c.id === "loads");
    expect(plain?.table.header).toEqual(["inspector", "department", "inspections"]);
    expect(legend(plain?.svg ?? "")).toEqual(["市场监管局", "人社局"]);
    expect(plain?.svg.match(/<g aria-label="bar"/g)).toHaveLength(1);
  }, 60_000);
});
