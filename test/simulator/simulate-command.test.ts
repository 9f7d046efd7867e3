import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { tmp } from "../helpers/tmp.js";

const flat = "test/fixtures/sim/flat-scenario.yaml";

describe("gradedraw simulate on the command line", () => {
  it("gradedraw simulate says what reading its enterprise file noticed, as the draw does (a code normalised)", async () => {
    const dir = tmp();
    const csv = readFileSync("examples/enterprises.csv", "utf8").split("\n");
    // The first enterprise's code typed in lower case.
    csv[1] = csv[1].replace(/^[0-9A-Z]{18}/, (code) => code.toLowerCase());
    writeFileSync(`${dir}/e.csv`, csv.join("\n"));
    const scenario = `${dir}/from-file.yaml`;
    writeFileSync(
      scenario,
      readFileSync("simulator/scenarios/huaian.yaml", "utf8")
        .replace(/population:\n( {2}(?!entryRate).*\n)+/, `population:\n  enterprises: ${dir}/e.csv\n`)
        .replaceAll("../../policies/", `${resolve("policies")}/`),
    );
    const r = await runCli(
      "simulate",
      "--scenario",
      scenario,
      "--years",
      "1",
      "--replications",
      "2",
      "--workers",
      "1",
      "--no-tui",
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^gradedraw: \S+e\.csv: 1 unified social credit code\(s\) were in lower case/m);
  }, 60_000);

  it("gradedraw simulate reads the sheet of an enterprise workbook given by --sheet or the scenario's sheet:, all of them as one list with all; the first of several is read with a note", async () => {
    const ExcelJS = (await import("exceljs")).default;
    const dir = tmp();
    const [header, ...rows] = readFileSync("examples/enterprises.csv", "utf8")
      .trim()
      .split("\n")
      .map((line) => line.split(","));
    const book = new ExcelJS.Workbook();
    book.addWorksheet("河下街道").addRows([header, ...rows.slice(0, 10)]);
    book.addWorksheet("淮城街道").addRows([header, ...rows.slice(10)]);
    await book.xlsx.writeFile(`${dir}/名录.xlsx`);
    const scenario = (sheet: string) => {
      const file = `${dir}/s${sheet ? "-sheet" : ""}.yaml`;
      writeFileSync(
        file,
        readFileSync("simulator/scenarios/huaian.yaml", "utf8")
          .replace(
            /population:\n( {2}(?!entryRate).*\n)+/,
            `population:\n  enterprises: ${dir}/名录.xlsx\n${sheet ? `  sheet: ${sheet}\n` : ""}`,
          )
          .replaceAll("../../policies/", `${resolve("policies")}/`),
      );
      return file;
    };
    const run = async (file: string, ...more: string[]) => {
      const args = ["--years", "1", "--replications", "2", "--workers", "1", "--json", ...more];
      const r = await runCli("simulate", "--scenario", file, ...args);
      expect(r.code, r.stderr).toBe(0);
      return { stderr: r.stderr, periods: JSON.parse(r.stdout).performance.enterprisePeriods as number };
    };
    const first = await run(scenario(""));
    expect(first.stderr).toContain("note: read the first sheet, '河下街道', of");
    const all = await run(scenario(""), "--sheet", "all");
    expect(all.stderr).not.toContain("note: read the first sheet");
    expect(all.periods).toBeGreaterThan(first.periods);
    // The scenario's own sheet: all, and --sheet in its place.
    expect((await run(scenario("all"))).periods).toBe(all.periods);
    const second = await run(scenario("all"), "--sheet", "淮城街道");
    expect(second.periods).toBeLessThan(all.periods);
    expect(second.periods).not.toBe(first.periods);
    // A scenario generating its district reads no file: said.
    const flatRun = await runCli(
      "simulate",
      "--scenario",
      flat,
      "--replications",
      "2",
      "--years",
      "1",
      "--workers",
      "1",
      "--json",
      "--sheet",
      "all",
    );
    expect(flatRun.code, flatRun.stderr).toBe(0);
    expect(flatRun.stderr).toBe(
      `gradedraw: note: --sheet reads a scenario's enterprise file (population.enterprises); ${flat} generates its district, so it was not used`,
    );
  }, 120_000);

  it("gradedraw simulate refuses an --out that is someone's folder before simulating, and leaves it as it was", async () => {
    const mine = `${tmp()}/mine`;
    mkdirSync(mine);
    writeFileSync(`${mine}/notes.txt`, "keep");
    const r = await runCli("simulate", "--scenario", flat, "--replications", "3", "--out", mine, "--no-tui");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `gradedraw: ${mine} is not empty and is not a previous output (no results.json)`,
    );
    expect(r.stderr).not.toContain("internal error");
    expect(r.stderr).not.toContain("replication 1/3");
    expect(readdirSync(mine)).toEqual(["notes.txt"]);
  });

  it("gradedraw simulate --lang zh reports a policy or scenario it cannot read in Chinese, with the file", async () => {
    const policy = await runCli(
      "simulate",
      "--scenario",
      flat,
      "--policy",
      "nope.yaml",
      "--lang",
      "zh",
      "--no-tui",
    );
    expect(policy.code).toBe(1);
    expect(policy.stderr).toContain("gradedraw: 文件不存在 (nope.yaml)");
    // A table given as the scenario (the enterprise file it names) is told it is one.
    const table = await runCli(
      "simulate",
      "--scenario",
      "examples/enterprises.csv",
      "--lang",
      "zh",
      "--no-tui",
    );
    expect(table.code).toBe(1);
    expect(table.stderr).toContain(
      "这是表格文件（.csv），不是模拟情景文件：情景文件为 YAML 格式（simulator/scenarios/*.yaml），企业名录文件在其 population: enterprises: 中指定",
    );
    const scenario = await runCli("simulate", "--scenario", "nope.yaml", "--lang", "zh", "--no-tui");
    expect(scenario.code).toBe(1);
    expect(scenario.stderr).toContain("gradedraw: 文件不存在 (nope.yaml)");
    const years = await runCli("simulate", "--scenario", flat, "--years", "0", "--lang", "zh", "--no-tui");
    expect(years.code).toBe(2);
    expect(years.stderr.trim()).toBe("gradedraw: --years 应为 1 到 50 之间的整数，而不是“0”");
  });

  it("gradedraw simulate refuses a policy whose rules tie at an enterprise entering the district, naming the policy's file among those compared", async () => {
    const dir = tmp();
    // Every enterprise of the file tagged 老店; those entering have no tags, so both rules match them alone.
    const [header, ...rows] = readFileSync("examples/enterprises.csv", "utf8").trimEnd().split("\n");
    writeFileSync(
      `${dir}/e.csv`,
      [header, ...rows.map((r) => r.replace(/^((?:[^,]*,){7})[^,]*/, "$1老店"))].join("\n"),
    );
    const rule = (name: string, condition: string, treatment: string) =>
      `  - name: ${name}\n    priority: 30\n    conditions: { all: [${condition}] }\n    event: { type: treatment, params: { name: ${treatment} } }\n`;
    const tie = `${dir}/tie.yaml`;
    writeFileSync(
      tie,
      readFileSync("policies/huaian-2021/1.0.0.yaml", "utf8")
        .replace("version: 1.0.0", "version: 1.0.1")
        .replace(
          "rules:\n",
          `rules:\n${rule("untagged", "{ fact: tags, operator: doesNotContain, value: 老店 }", "general-d")}${rule("any-code", '{ fact: uscc, operator: notEqual, value: "x" }', "general-b")}`,
        ),
    );
    const scenario = `${dir}/s.yaml`;
    writeFileSync(
      scenario,
      readFileSync("simulator/scenarios/huaian.yaml", "utf8").replace(
        /population:\n( {2}(?!entryRate).*\n)+/,
        `population:\n  enterprises: ${dir}/e.csv\n`,
      ),
    );
    const run = (...more: string[]) =>
      runCli(
        "simulate",
        "--scenario",
        scenario,
        "--policy",
        "policies/huaian-2021/1.0.0.yaml",
        "--policy",
        tie,
        "--years",
        "2",
        "--replications",
        "2",
        "--workers",
        "1",
        ...more,
      );
    const message =
      "policy huaian-credit-graded@1.0.1: rules `any-code` and `untagged` both match enterprise NEW-000000000030 with equal priority and different treatments; rules of equal priority that match one enterprise must name one treatment: give the rule meant to win a higher priority";
    const r = await run();
    expect([r.code, r.stderr]).toEqual([1, `gradedraw: ${message} (${tie})`]);
    const json = await run("--json");
    expect(JSON.parse(json.stdout).problems).toEqual([{ file: tie, line: 0, col: 0, message }]);
  }, 60_000);

  it("gradedraw simulate prints a comparison table and writes results.json and metrics.csv", async () => {
    const out = `${tmp()}/sim`;
    const args = ["simulate", "--scenario", flat, "--replications", "3", "--years", "1", "--workers", "1"];
    const r = await runCli(...args, "--out", out);
    expect(r.code).toBe(0);
    // How far it is goes to a terminal's status line only: stderr here is a pipe.
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/inspections\s+2000 \[2000–2000\]/);
    const json = JSON.parse(readFileSync(`${out}/results.json`, "utf8"));
    expect(json).toMatchObject({ scenario: "flat-check", seed: "flat", replications: 3 });
    expect(json.variants[0]).toMatchObject({ policy: "flat-twenty", version: "1.0.0" });
    expect(json.variants[0].metrics[0]).toEqual({
      period: "2026-H1",
      grade: "A",
      name: "inspections",
      mean: expect.any(Number),
      lo: expect.any(Number),
      hi: expect.any(Number),
    });
    const csv = readFileSync(`${out}/metrics.csv`, "utf8").split("\r\n");
    expect(csv[0]).toBe("\uFEFFpolicy,version,kind,period,grade,name,mean,lo,hi,department");
    // Each department's load against its own inspectors' capacity: the one department's is all of them.
    const all = csv.find(
      (l) => l.startsWith("flat-twenty,1.0.0,value,2026-H2,all,loadVsCapacity,") && l.endsWith(","),
    );
    const own = csv.find(
      (l) => l.startsWith("flat-twenty,1.0.0,value,2026-H2,all,loadVsCapacity,") && l.endsWith(",市场监管局"),
    );
    expect(own?.split(",").slice(6, 9)).toEqual(all?.split(",").slice(6, 9));
    expect(all?.split(",")[6]).toBe("0.4");
    expect(r.stdout).toMatch(
      /load vs capacity by department \(2026-H2\)\s+1\.0\.0\n-+ +-+\n市场监管局 +40\.0% \[40\.0%–40\.0%\]\n/,
    );
    expect(r.stdout.split("\n")[0]).toMatch(/ — 3 replications, 1 year, seed flat$/);
    const zh = await runCli("--lang", "zh", ...args);
    // The load of all inspectors said apart from each department's.
    expect(r.stdout).toMatch(/\nload vs capacity, all inspectors +40\.0% \[40\.0%–40\.0%\]\n/);
    expect(zh.stdout).toMatch(/\n负荷\/能力（全部人员） +40\.0% /);
    expect(zh.stdout.split("\n")[0]).toMatch(/ —— 3 次重复，1 年，种子 flat$/);
    expect(zh.stdout).toMatch(/检查次数\s+2000 \[2000–2000\]/);
    // The note says a difference of shares is in percentage points, not a relative change.
    expect(r.stdout).toContain(
      "paired difference against the first variant (of a share, in percentage points)",
    );
    expect(zh.stdout).toContain("配对差值（比率之差以百分点计）");
    // The grade mix at the end (SPEC §7): each grade's share, as results.json has it.
    const lines = r.stdout.split("\n");
    const at = lines.findIndex((l) => l.startsWith("grade share (2026-H2)"));
    const shares = lines.slice(at + 2, at + 7).map((l) => l.split(/\s{2,}/).slice(0, 2));
    const share = (g: string) =>
      json.variants[0].metrics.find(
        (m: { period: string; grade: string; name: string }) =>
          m.period === "2026-H2" && m.grade === g && m.name === "gradeShare",
      ).mean;
    expect(shares.map(([g]) => g)).toEqual(["A", "B", "C", "D", "ungraded"]);
    for (const [g, text] of shares) expect(text).toMatch(new RegExp(`^${(share(g) * 100).toFixed(1)}% \\[`));
    expect(zh.stdout).toMatch(/等级占比（2026-H2）[^\n]+\n-+[ -]+\nA级 +\d/);
    expect(zh.stdout).toContain("\n未分级 ");
    // Then what the tables say, in a sentence a variant (here the baseline alone), as the reports open.
    expect(r.stdout).toContain(
      "\nIn brief:\n- 1.0.0 (the baseline, 2026-H2). Within capacity: all inspectors 40.0%, every department below 100%.\n",
    );
    expect(zh.stdout).toContain(
      "\n要点：\n- 1.0.0（基准方案，2026-H2）。均未超出能力：全部人员 40.0%，各部门均在 100% 以下。\n",
    );
  });

  it("gradedraw simulate --policy, or a scenario's policies, may name a folder: its policies by version, the first the baseline, then its variants (tests/ left out); a folder of none is refused", async () => {
    const quick = ["--years", "1", "--replications", "2", "--workers", "1"];
    const args = ["simulate", "--scenario", "simulator/scenarios/frozen.yaml", ...quick];
    const r = await runCli(...args, "--policy", "policies/huaian-2021");
    expect(r.code).toBe(0);
    expect(
      r.stdout
        .split("\n")
        .slice(1, 5)
        .map((l) => l.trim().split(":")[0]),
    ).toEqual(["1.0.0", "1.1.0-b25", "1.1.0-c50", "1.1.0-d80"]);
    const dir = tmp();
    const scenario = `${dir}/s.yaml`;
    writeFileSync(
      scenario,
      readFileSync("simulator/scenarios/frozen.yaml", "utf8").replace(
        "  - ../../policies/huaian-2021/1.0.0.yaml",
        `  - ${resolve("policies/huaian-2021")}`,
      ),
    );
    const named = await runCli("simulate", "--scenario", scenario, ...quick);
    expect(named.stdout.split("\n").slice(1, 5)).toEqual(r.stdout.split("\n").slice(1, 5));
    mkdirSync(`${dir}/none`);
    const none = await runCli(...args, "--policy", `${dir}/none`);
    expect(none.code).toBe(1);
    expect(none.stderr).toBe(`gradedraw: the folder holds no policy file (.yaml) (${dir}/none)`);
  });
});
