import { execFileSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { shellPath } from "../../bin/commands/demo.js";
import { DEMO_SCENARIO, demoInspectors, simulatesOwnDistrict } from "../../engine/demo.js";
import { loadScenario } from "../../simulator/scenario.js";
import { runCli } from "../helpers/run-cli.js";
import { tmp } from "../helpers/tmp.js";

describe("gradedraw demo (what npm start runs)", () => {
  it("makes a district, a dry-run draw that verifies, a simulation and the reports", async () => {
    const out = join(tmp(), "demo");
    const r = await runCli("demo", "--size", "2000", "--replications", "2", "--out", out);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n").filter((l) => l.startsWith("✔"))).toHaveLength(5);
    // --size is the draw's district; the simulation is of the same district, its files, with the
    // scenario's behaviour, and its first half-year under the seed policy draws what the dry run drew.
    // Its inspectors are the simulated scenario's, fewer in proportion and at least 10 a department:
    // 260, 60, 60 and 40 of 100,000 become 10 each.
    expect(r.stdout).toMatch(
      /synthetic district: 2000 enterprises, 40 inspectors, \d+ past inspections, \d+ grades pushed in 2025 → data\//,
    );
    expect(r.stdout).toContain(
      "simulated 4 policy variants for the district drawn above (data/: its 2,000 enterprises, history and inspectors; behaviour from simulator/scenarios/huaian.yaml)",
    );
    const [, simulated, drawn] =
      /2026-H1 under 1\.0\.0: ([\d,]+) inspections \(the dry run drew ([\d,]+)\)/.exec(r.stdout) ?? [];
    expect(simulated).toMatch(/^[\d,]+$/);
    expect(simulated).toBe(drawn);
    expect(r.stdout).toMatch(/✔ dry-run draw 2026-H1: (\d+) enterprises drawn/);
    expect(r.stdout).toContain(
      `--enterprises ${join(out, "data/enterprises.csv")} --history ${join(out, "data/history.csv")} --grade-history ${join(out, "data/grades.csv")} --inspectors ${join(out, "data/inspectors.csv")}   the dashboard`,
    );
    // Its behaviour from its own results, as the last line says, for a scenario of it.
    const calibrate = /gradedraw (calibrate .*?) {3}its behaviour/.exec(r.stdout)?.[1].split(" ") ?? [];
    expect(calibrate.slice(0, 3)).toEqual(["calibrate", "--enterprises", join(out, "data/enterprises.csv")]);
    const calibrated = await runCli(...calibrate);
    expect(calibrated.code, calibrated.stderr).toBe(0);
    expect(calibrated.stdout).toMatch(/^ {4}B: [\d.]+ # \d+ of \d+ visits found a problem/m);
    // With the grades pushed in 2025 (data/grades.csv): its visits of 2025 counted, and its grade changes.
    expect(calibrate).toContain(join(out, "data/grades.csv"));
    expect(calibrated.stdout).toContain("# transitions per half-year from 2025-01-01 to 2026-01-01");
    // Its ungraded enterprises' visits left out, told as of a grade history given, not asked for one.
    expect(calibrated.stdout).toMatch(
      /\d+ of enterprises with no graded day \(neither the grade history nor gradedOn in the enterprise file dates a grade of theirs\)/,
    );
    expect(calibrated.stdout).not.toContain("give --grade-history");
    expect(calibrated.stdout).toMatch(
      /^ {6}B: \{ A: [\d.]+, B: [\d.]+, C: [\d.]+, D: [\d.]+, ungraded: 0 \} # [\d,]+ enterprise-half-years$/m,
    );
    // The district as results.json records it: the demo's own files, where they are now.
    const results = JSON.parse(readFileSync(join(out, "simulation/results.json"), "utf8"));
    expect(results.district.file.path).toBe(join(out, "data/enterprises.csv"));
    expect(JSON.stringify(results.district)).not.toContain(".tmp-");
    // Its past inspections' results checked against the hit rates its scenario assumes, by grade
    // (of some 250 inspections at this size; at the demo's 100,000, 11,684, each grade's within its
    // interval), and its grade changes against the scenario's.
    const hits = results.district.past.hitRates.grades as { grade: string; inspections: number }[];
    expect(hits.map((g) => g.grade)).toEqual(["A", "B", "C", "D"]);
    expect(results.district.past.gradeChanges.from).toBe("2025-01-01");
    expect(readFileSync(join(out, "simulation/report.md"), "utf8")).toContain(
      "| grade | inspections | with a finding |",
    );
    for (const f of [
      "demo.json",
      "data/enterprises.csv",
      "data/inspectors.csv",
      "data/grades.csv",
      "draw-2026-H1/manifest.json",
      "draw-2026-H1/tasks.xlsx",
      "draw-2026-H1/report.html",
      "simulation/results.json",
      "simulation/report.html",
      "simulation/report.md",
    ])
      expect(existsSync(join(out, f)), f).toBe(true);
    const verified = await runCli("verify", join(out, "draw-2026-H1"));
    expect(verified.code).toBe(0);
    // The draw report, written before the demo's folder is moved into place, names it where it is.
    const report = readFileSync(join(out, "draw-2026-H1/report.html"), "utf8");
    expect(report).toContain(`<code>gradedraw verify ${join(out, "draw-2026-H1")}</code>`);
    expect(report).not.toContain(".tmp-");
  }, 120_000);

  it("runs from a copy of the product in a folder named in Chinese with a space, and says how to reach it", () => {
    // Its files were found from its own URL's path, which spells such a folder %E6%B7%AE...%20.
    const product = join(tmp(), "淮安 政策", "gradedraw");
    for (const part of ["bin", "engine", "simulator", "reports", "policies", "package.json"])
      cpSync(part, join(product, part), { recursive: true });
    symlinkSync(resolve("node_modules"), join(product, "node_modules"));
    const work = tmp();
    const stdout = execFileSync(
      process.execPath,
      [
        join(product, "bin/gradedraw.js"),
        "demo",
        "--size",
        "200",
        "--replications",
        "2",
        "--out",
        "演示 结果",
      ],
      { cwd: work, encoding: "utf8", env: { ...process.env, LANG: "C" } },
    );
    expect(stdout.split("\n").filter((l) => l.startsWith("✔"))).toHaveLength(5);
    expect(stdout).toContain('gradedraw verify "演示 结果/draw-2026-H1"');
    expect(stdout).toContain(`gradedraw simulate --scenario "${product}/simulator/scenarios/huaian.yaml"`);
  }, 120_000);

  it("simulates the district it drew up to the scenario's size; a larger one's draw shows the draw's speed, and the scenario's district is simulated", () => {
    const scenario = loadScenario(DEMO_SCENARIO).scenario;
    if (!scenario) throw new Error("the demo's scenario does not load");
    expect(simulatesOwnDistrict(scenario, 100_000)).toBe(true);
    expect(simulatesOwnDistrict(scenario, 2_000)).toBe(true);
    expect(simulatesOwnDistrict(scenario, 100_001)).toBe(false);
  });

  it("draws on the inspectors the simulation counts against their capacity: the scenario's resources per department, fewer in proportion for a smaller district, as many for a larger one", () => {
    const scenario = loadScenario(DEMO_SCENARIO).scenario;
    if (!scenario) throw new Error("the demo's scenario does not load");
    expect(demoInspectors(scenario, 100_000)).toEqual(scenario.resources.inspectors);
    expect(demoInspectors(scenario, 1_000_000)).toEqual(scenario.resources.inspectors);
    expect(demoInspectors(scenario, 50_000)).toEqual({
      市场监管局: 130,
      生态环境局: 30,
      应急管理局: 30,
      人社局: 20,
    });
    expect(demoInspectors(scenario, 20_000)).toEqual({
      市场监管局: 52,
      生态环境局: 12,
      应急管理局: 12,
      人社局: 10,
    });
    expect(demoInspectors(scenario, 100)).toEqual({
      市场监管局: 10,
      生态环境局: 10,
      应急管理局: 10,
      人社局: 10,
    });
  });

  it("names a path as it can be typed: relative below the working folder, absolute elsewhere, quoted with a space", () => {
    expect(shellPath(join(process.cwd(), "simulator/scenarios/huaian.yaml"))).toBe(
      "simulator/scenarios/huaian.yaml",
    );
    expect(shellPath("/srv/共享 文件/huaian.yaml")).toBe('"/srv/共享 文件/huaian.yaml"');
    expect(shellPath("/srv/huaian.yaml")).toBe("/srv/huaian.yaml");
  });

  it("refuses a district smaller than 100 or larger than 20,000,000 enterprises (a scenario's largest), as a usage error", async () => {
    for (const size of ["99", "20000001", "1e99", "many"]) {
      const r = await runCli("demo", "--size", size, "--out", join(tmp(), "demo"), "--lang", "en");
      expect(r.code, size).toBe(2);
      expect(r.stderr).toContain("--size must be a whole number from 100 to 20000000");
    }
    const zh = await runCli("demo", "--size", "0", "--out", join(tmp(), "demo"), "--lang", "zh");
    expect(zh.stderr).toContain("--size 应为 100 到 20000000 之间的整数");
  });

  it("refuses an --out that is someone's folder, with the reason, and leaves it as it was", async () => {
    const mine = join(tmp(), "mine");
    mkdirSync(mine);
    writeFileSync(join(mine, "notes.txt"), "keep");
    const r = await runCli("demo", "--size", "200", "--replications", "2", "--out", mine, "--lang", "zh");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${mine} 不是空文件夹，也不是以前的输出（没有 demo.json）；请另选 --out`);
    expect(r.stderr).not.toContain("internal error");
    expect(readdirSync(mine)).toEqual(["notes.txt"]);
  });
});
