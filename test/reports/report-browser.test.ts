import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { chromium, type ElementHandle } from "playwright-core";
import { describe, expect, it } from "vitest";
import { writeSimulation } from "../../bin/commands/simulate.js";
import { runDraw } from "../../engine/draw/run.js";
import { loadPolicyFile } from "../../engine/policy/load.js";
import type { LoadedPolicy } from "../../engine/policy/types.js";
import { writeReport } from "../../reports/write.js";
import { simulate } from "../../simulator/run.js";
import { smallDistrict } from "../helpers/district.js";
import { tmp } from "../helpers/tmp.js";

const CHROMIUM = "/usr/bin/chromium";

/** Debian's Chromium, headless, with nothing of its own going to the network. */
function launch() {
  expect(
    existsSync(CHROMIUM),
    "Debian chromium is required (apt-get install chromium); .ci/run installs it",
  ).toBe(true);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** A dry-run draw of a small district into a new folder; the folder. */
async function drawDir(): Promise<{ out: string; names: string[] }> {
  const d = smallDistrict("report", 300);
  const out = join(tmp(), "draw");
  await runDraw({
    policy: loadPolicyFile("policies/huaian-2021/1.0.0.yaml").policy as LoadedPolicy,
    enterprises: d.enterprises,
    inspectors: d.inspectors,
    conflicts: d.conflicts,
    history: d.history,
    period: "2026-H1",
    seed: "s",
    out,
    dryRun: true,
  });
  return { out, names: d.inspectors.map((i) => i.name) };
}

/** A simulation of `scenario` (2 years, 3 replications) written into a new folder; the folder. */
async function simulationDir(scenario = "simulator/scenarios/huaian.yaml"): Promise<string> {
  const dir = join(tmp(), "sim");
  const r = await simulate({ scenario, years: 2, replications: 3, workers: 1 });
  writeSimulation(dir, r);
  return dir;
}

describe("reports", () => {
  it("a simulation report is one self-contained HTML file: no scripts, no network, every chart with its numbers, bilingual headings", async () => {
    const dir = await simulationDir();
    const [file] = writeReport(dir, "html", "zh");
    const html = readFileSync(file, "utf8");
    expect(html).not.toMatch(/<script|<link|https?:\/\/(?!www\.w3\.org)/);
    expect((html.match(/<figure id="[^"]+" class="chart">/g) ?? []).length).toBe(8);
    expect((html.match(/<details>/g) ?? []).length).toBe(8);
    expect(html).toContain("政策方案模拟报告 / Policy simulation report");
    expect(html).toContain("huaian-credit-graded");
    expect(html).toContain("与基准方案的配对差值");
    // The paired differences of the grade mix too: each grade's share, in percentage points.
    for (const grade of ["A级", "B级", "C级", "D级", "未分级"])
      expect(html).toMatch(new RegExp(`<td[^>]*>等级占比（${grade}）</td><td[^>]*>-?\\d+\\.\\d\\d pp</td>`));
    // The last period at a glance, first: every grade together, the grade mix, each department's load,
    // each variant's figure with its interval and difference, as the plain table gives them.
    const glance = html.slice(
      html.indexOf("<h2>末期概览 / The last period at a glance</h2>"),
      html.indexOf("<h2>假设与来源"),
    );
    expect(glance.indexOf("<table")).toBeGreaterThan(0);
    expect(html.indexOf("末期概览")).toBeLessThan(html.indexOf("<h2>图表"));
    for (const cell of [
      "指标（2027-H2，全部等级）",
      "等级占比（2027-H2）",
      "各部门负荷/能力（2027-H2）",
      "人社局",
      "D级",
    ])
      expect(glance).toContain(`>${cell}</`);
    // Its pieces, each kept whole where a printed page breaks the cell (see html.ts's pieces).
    expect(glance).toMatch(
      /<td[^>]*><span>\d+\.\d%<\/span> <span>\[\d+\.\d%–\d+\.\d%\]<\/span> <span>\([+-]\d+\.\d%\)<\/span><\/td>/,
    );
    expect(glance).toContain("括号内为与第一个方案的配对差值");
    // And of each department's load against its own inspectors' capacity.
    for (const d of ["市场监管局", "生态环境局", "应急管理局", "人社局"])
      expect(html).toMatch(new RegExp(`<td[^>]*>负荷/能力（${d}）</td><td[^>]*>-?\\d+\\.\\d\\d pp</td>`));
    // In Chinese throughout: the scenario's assumptions, grades, headings; in English under en.
    expect(html).toContain("<li>信用等级占比 A 32%、B 55%、C 7%、D 2%、未分级 4% — <em>假设值");
    expect(html).toContain("检查次数（按等级，2027-H2）");
    expect(html).toMatch(/<td[^>]*>未分级<\/td>/);
    expect(html).not.toMatch(/<td[^>]*>(ungraded|all)<\/td>|Grade shares/);
    const [en] = writeReport(dir, "html", "en");
    expect(readFileSync(en, "utf8")).toContain(
      "<li>Grade shares A 32%, B 55%, C 7%, D 2%, ungraded 4% — <em>Assumed",
    );
  }, 120_000);

  it("a simulation whose scenario lists no assumptions says so under the heading, rather than nothing, in HTML and Markdown", async () => {
    const dir = await simulationDir("test/fixtures/sim/flat-scenario.yaml");
    expect(JSON.parse(readFileSync(join(dir, "results.json"), "utf8")).assumptions).toEqual([]);
    const [html] = writeReport(dir, "html", "zh");
    expect(readFileSync(html, "utf8")).toMatch(
      /<h2>假设与来源 \/ Assumptions and sources<\/h2>\n<p>情景文件未列出任何假设（assumptions:），未说明其企业、行为与执法力量等数字从何而来/,
    );
    writeReport(dir, "md", "en");
    expect(readFileSync(join(dir, "report.md"), "utf8")).toContain(
      "## Assumptions and sources / 假设与来源\n\nThe scenario lists no assumptions (assumptions:): where its figures of population, behaviour and resources come from is not said",
    );
  }, 120_000);

  it("Markdown and PNG reports write a PNG per chart", async () => {
    const dir = await simulationDir();
    const files = writeReport(dir, "md", "en");
    expect(files.filter((f) => f.endsWith(".png"))).toHaveLength(8);
    for (const f of files.filter((f) => f.endsWith(".png"))) expect(statSync(f).size).toBeGreaterThan(5000);
    expect(readFileSync(join(dir, "report.md"), "utf8")).toContain("![");
  }, 120_000);

  it("a draw folder gets a draw report: strata, departments, loads by inspector id only, manifest, how to verify", async () => {
    const { out, names } = await drawDir();
    const [file] = writeReport(out, "html", "en");
    const html = readFileSync(file, "utf8");
    expect(html).toContain("gradedraw verify");
    expect(html).toContain("Eligible and drawn per stratum");
    for (const name of names) expect(html).not.toContain(name);
  });

  it("opens in Chromium from disk with no console error, every chart of non-zero size (screenshot saved)", async () => {
    const dir = await simulationDir();
    const [file] = writeReport(dir, "html", "zh");
    const browser = await launch();
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const errors: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`file://${file}`);
      const sizes = await page.$$eval("figure.chart svg", (svgs) =>
        svgs.map((s) => s.getBoundingClientRect()).map((r) => [r.width, r.height]),
      );
      expect(sizes).toHaveLength(8);
      for (const [w, h] of sizes) {
        expect(w).toBeGreaterThan(100);
        expect(h).toBeGreaterThan(100);
      }
      await page.screenshot({ path: join(dir, "report.png"), fullPage: true });
      expect(statSync(join(dir, "report.png")).size).toBeGreaterThan(20_000);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);

  it("reads on a phone (390 pixels wide): the page never scrolls sideways, only a wide table's own box; no figure, interval, version or label breaks over two lines; hashes and seeds break anywhere", async () => {
    const files = [
      writeReport(await simulationDir(), "html", "zh")[0],
      writeReport((await drawDir()).out, "html", "zh")[0],
    ];
    const browser = await launch();
    try {
      const page = await browser.newPage({ viewport: { width: 390, height: 800 } });
      for (const file of files) {
        await page.goto(`file://${file}`);
        const seen = await page.evaluate(() => {
          const lines = (e: Element) => {
            const r = document.createRange();
            r.selectNodeContents(e);
            return new Set([...r.getClientRects()].map((b) => Math.round(b.top))).size;
          };
          const kept = [...document.querySelectorAll("td.n")];
          return {
            pageWidth: document.documentElement.scrollWidth,
            outside: [...document.querySelectorAll("body *")]
              .filter((e) => !e.closest(".table") && e.getBoundingClientRect().right > 391)
              .map((e) => e.textContent?.slice(0, 60)),
            kept: kept.length,
            broken: kept.filter((e) => lines(e) > 1).map((e) => e.textContent),
            tallest: Math.max(...[...document.querySelectorAll("td")].map((e) => lines(e))),
          };
        });
        expect(seen.pageWidth, file).toBe(390);
        expect(seen.outside, file).toEqual([]);
        expect(seen.kept, file).toBeGreaterThan(20);
        expect(seen.broken, file).toEqual([]);
        // A text column is never squeezed to a character a line.
        expect(seen.tallest, file).toBeLessThan(12);
      }
    } finally {
      await browser.close();
    }
  }, 120_000);

  it("prints on A4: every column of every table on the paper (none cut at the page's edge, as a box that scrolls is), no figure or interval broken inside, charts' numbers printed only where opened", async () => {
    const files = [
      writeReport(await simulationDir(), "html", "en")[0],
      writeReport((await drawDir()).out, "html", "zh")[0],
    ];
    /** A4's width less the page's margins (16 mm and 14 mm a side), in CSS pixels. */
    const paper = Math.floor(((210 - 28) / 25.4) * 96);
    const browser = await launch();
    try {
      const page = await browser.newPage({ viewport: { width: paper, height: 1000 } });
      await page.emulateMedia({ media: "print" });
      for (const file of files) {
        await page.goto(`file://${file}`);
        // One chart's numbers opened by the reader before printing; the others left closed.
        await page.evaluate(() => {
          (document.querySelector("details") as HTMLDetailsElement).open = true;
        });
        const seen = await page.evaluate((width) => {
          const lines = (e: Element) => {
            const r = document.createRange();
            r.selectNodeContents(e);
            return new Set([...r.getClientRects()].map((b) => Math.round(b.top))).size;
          };
          const tables = [...document.querySelectorAll("div.table")].filter(
            (e) => getComputedStyle(e).display !== "none" && !e.closest("details:not([open])"),
          );
          return {
            tables: tables.length,
            cut: tables
              .filter((e) => e.scrollWidth > e.clientWidth || e.getBoundingClientRect().right > width + 1)
              .map((e) => e.querySelector("th")?.textContent),
            pageWidth: document.documentElement.scrollWidth,
            pieces: document.querySelectorAll("td.p > span").length,
            broken: [...document.querySelectorAll("td.p > span")]
              .filter((e) => lines(e) > 1)
              .map((e) => e.textContent),
            printed: [...document.querySelectorAll("details")].map(
              (d) => getComputedStyle(d).display !== "none",
            ),
          };
        }, paper);
        expect(seen.tables, file).toBeGreaterThan(2);
        expect(seen.cut, file).toEqual([]);
        expect(seen.pageWidth, file).toBeLessThanOrEqual(paper);
        // The simulation's figures with their intervals (a draw report has none).
        if (file === files[0]) expect(seen.pieces, file).toBeGreaterThan(20);
        expect(seen.broken, file).toEqual([]);
        expect(seen.printed[0], file).toBe(true);
        expect(
          seen.printed.slice(1).some((p) => p),
          file,
        ).toBe(false);
        // Printed, the page is A4 (595 × 842 points), as the report's CSS asks.
        const pdf = (await page.pdf({ preferCSSPageSize: true })).toString("latin1");
        expect(
          pdf
            .match(/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/)
            ?.slice(1)
            .map((x) => Math.round(Number(x))),
          file,
        ).toEqual([595, 842]);
      }
      // The table of the last period at a glance wraps its figures on paper, each piece whole.
      await page.goto(`file://${files[0]}`);
      const wrapped = await page.evaluate(
        () =>
          [...document.querySelectorAll("td.p")].filter(
            (td) =>
              td.children.length > 1 &&
              new Set([...td.children].map((s) => s.getBoundingClientRect().top)).size > 1,
          ).length,
      );
      expect(wrapped).toBeGreaterThan(0);
    } finally {
      await browser.close();
    }
  }, 120_000);

  it("on a phone, a table wider than its box is shaded at the side where more of it lies: on the right before it is scrolled, on the left at its end, on both between", async () => {
    const browser = await launch();
    try {
      const page = await browser.newPage({ viewport: { width: 390, height: 800 } });
      await page.goto(`file://${writeReport(await simulationDir(), "html", "zh")[0]}`);
      await page.evaluate(() => {
        for (const d of document.querySelectorAll("details")) d.open = true;
      });
      /** How much darker the box's outermost pixels are, left and right, than with the shading taken away. */
      const shade = async (box: ElementHandle<SVGElement | HTMLElement>, scroll: number) => {
        await box.evaluate((e, at) => {
          e.scrollLeft = at * (e.scrollWidth - e.clientWidth);
        }, scroll);
        const sides = async () => {
          const png = (await box.screenshot()).toString("base64");
          return page.evaluate(async (b64) => {
            const img = new Image();
            img.src = `data:image/png;base64,${b64}`;
            await img.decode();
            const canvas = document.createElement("canvas");
            [canvas.width, canvas.height] = [img.width, img.height];
            const g = canvas.getContext("2d") as CanvasRenderingContext2D;
            g.drawImage(img, 0, 0);
            const column = (x: number) => {
              const { data } = g.getImageData(x, 0, 3, img.height);
              let sum = 0;
              for (let i = 0; i < data.length; i += 4) sum += (data[i] + data[i + 1] + data[i + 2]) / 3;
              return sum / (data.length / 4);
            };
            return [column(2), column(img.width - 5)];
          }, png);
        };
        const shaded = await sides();
        const style = await page.addStyleTag({ content: ".table { background: none !important; }" });
        const plain = await sides();
        await style.evaluate((e) => (e as Element).remove());
        return [plain[0] - shaded[0], plain[1] - shaded[1]].map((d) => Math.round(d));
      };
      const boxes: ElementHandle<SVGElement | HTMLElement>[] = [];
      for (const box of await page.$$("div.table"))
        if (await box.evaluate((e) => e.scrollWidth > e.clientWidth + 40)) boxes.push(box);
      expect(boxes.length).toBeGreaterThan(0);
      for (const box of boxes) {
        const [start, middle, end] = [await shade(box, 0), await shade(box, 0.5), await shade(box, 1)];
        expect(start[0]).toBe(0);
        expect(start[1]).toBeGreaterThan(10);
        expect(middle[0]).toBeGreaterThan(10);
        expect(middle[1]).toBeGreaterThan(10);
        expect(end[0]).toBeGreaterThan(10);
        expect(end[1]).toBe(0);
      }
      // A table that fits its box has no shade.
      const fits: ElementHandle<SVGElement | HTMLElement>[] = [];
      for (const box of await page.$$("div.table"))
        if (await box.evaluate((e) => e.scrollWidth <= e.clientWidth)) fits.push(box);
      expect(fits.length).toBeGreaterThan(0);
      expect(await shade(fits[0], 0)).toEqual([0, 0]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
