import { readdirSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { commandRun, gradedrawProgram } from "../../bin/cli.js";
import { allCommands, HELP_ZH } from "../../bin/help-zh.js";
import { RESULT_CODES } from "../../engine/data/result-codes.js";
import { inFolder } from "../helpers/doc-commands.js";
import { EXAMPLE_DRAW_OPTIONS } from "../helpers/examples.js";
import { runCli } from "../helpers/run-cli.js";
import { seed } from "../helpers/seed-policy.js";
import { tmp } from "../helpers/tmp.js";

describe("gradedraw's help and command line", () => {
  it("a malformed command line is reported as gradedraw reports its own errors, in the language asked for", async () => {
    const en = await runCli("validate", "--frobnicate", seed);
    expect(en.stderr).toBe("gradedraw: unknown option '--frobnicate'");
    expect((await runCli("drwa")).stderr).toBe("gradedraw: unknown command 'drwa' (Did you mean draw?)");

    const zh = async (...args: string[]) => {
      const r = await runCli(...args);
      expect(r.code).toBe(2);
      return r.stderr;
    };
    expect(await zh("--lang", "zh", "validate", "--frobnicate", seed)).toBe(
      "gradedraw: 未知选项“--frobnicate”",
    );
    expect(await zh("--lang=zh", "drwa")).toBe("gradedraw: 未知命令“drwa”（是否想输入 draw？）");
    expect(await zh("draw", "--lang", "zh", "--policy")).toBe("gradedraw: 选项“--policy <file>”缺少取值");
    expect(await zh("--lang", "zh", "validate")).toBe("gradedraw: 缺少必需的参数“file”");
    expect(await zh("--lang", "zh", "diff", "a", "b", "c")).toBe(
      "gradedraw: 命令“diff”的参数过多：应为 2 个，实际为 3 个",
    );
    // LANG=zh_CN without --lang, as a Chinese desktop sets it.
    vi.stubEnv("LC_ALL", "zh_CN.UTF-8");
    try {
      expect(await zh("validate", "--frobnicate", seed)).toBe("gradedraw: 未知选项“--frobnicate”");
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("every required option a command line leaves out is named at once, in the language asked for; one alone as commander names it", async () => {
    const said = async (...args: string[]) => {
      const r = await runCli(...args);
      expect(r.code).toBe(2);
      return r.stderr;
    };
    expect(await said("draw", "--policy", seed)).toBe(
      "gradedraw: required options '--enterprises', '--inspectors', '--period', '--seed', '--out' not specified",
    );
    expect(
      await said("--lang", "zh", "draw", "--policy", seed, "--enterprises", "e.csv", "--inspectors", "i.csv"),
    ).toBe("gradedraw: 缺少必需的选项“--period”、“--seed”、“--out”");
    // Commander's own required options: draw cancel's, results import's.
    expect(await said("draw", "cancel", "--policy", "huaian-credit-graded")).toBe(
      "gradedraw: required options '--period <period>', '--reason <text>' not specified",
    );
    expect(await said("--lang", "zh", "draw", "cancel", "--policy", "huaian-credit-graded")).toBe(
      "gradedraw: 缺少必需的选项“--period <period>”、“--reason <text>”",
    );
    expect(await said("classify", "--policy", seed)).toBe(
      "gradedraw: required option '--enterprises <file>' not specified",
    );
  });

  it("an option given another option as its value is a value left out, and nothing is made of it (no ledger named --help); an empty file or folder is refused", async () => {
    const dir = tmp("gd-");
    const said = async (...args: string[]) => {
      const r = await runCli(...args);
      expect(r.code).toBe(2);
      // (A line with --json in it, taken as a value here, is given its document: see json-failures.)
      if (!args.includes("--json")) expect(r.stdout).toBe("");
      return r.stderr;
    };
    expect(await said("results", "import", "examples/results.csv", "--db", "--help")).toBe(
      "gradedraw: option '--db <file>' argument missing",
    );
    expect(
      await said(
        "--lang",
        "zh",
        "draw",
        "--policy",
        seed,
        ...EXAMPLE_DRAW_OPTIONS,
        "--dry-run",
        "--out",
        "--json",
      ),
    ).toBe("gradedraw: 选项“--out <dir>”缺少取值");
    expect(
      await said(
        "simulate",
        "--scenario",
        "simulator/scenarios/frozen.yaml",
        "--policy",
        seed,
        "--policy",
        "--lang",
      ),
    ).toBe("gradedraw: option '--policy <file>' argument missing");
    await inFolder(dir, async () => {
      expect(
        await said("calendar", "import", `${process.cwd()}/examples/holiday-notice-2026.txt`, "--db", "-h"),
      ).toBe("gradedraw: option '--db <file>' argument missing");
    });
    expect(readdirSync(dir)).toEqual([]);
    // A file or folder given as empty, or blanks (a shell variable never set).
    expect(await said("results", "import", "examples/results.csv", "--db", "")).toBe(
      "gradedraw: option '--db <file>' has an empty value",
    );
    expect(await said("--lang", "zh", "publish", "--period", "2026-H1", "--out", " ")).toBe(
      "gradedraw: 选项“--out <file>”的取值为空",
    );
    // A value that is no option of the command stays a value.
    expect((await runCli("tickets", "--seed", "--x", "91320803NC9CMRX29P")).code).toBe(0);
  });

  it("classify and explain given a draw's --period are told the --date a draw of that period would be made on", async () => {
    const args = ["--policy", seed, "--enterprises", "examples/enterprises.csv"];
    const r = await runCli("classify", ...args, "--period", "2027-H1");
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "gradedraw: unknown option '--period': classify sees the enterprises as a draw made on --date would; for 2027-H1 drawn on its first day, --date 2027-01-01",
    );
    // A period as Chinese writes it, after =, in Chinese; and a value that is no period.
    expect(
      (await runCli("--lang", "zh", "explain", ...args, "--uscc", "x", "--period=2027年第二季度")).stderr,
    ).toBe(
      "gradedraw: 未知选项“--period=2027年第二季度”：explain 按 --date 当天抽取的情形计算；2027-Q2 在其首日抽取，即 --date 2027-04-01",
    );
    expect((await runCli("classify", ...args, "--period", "next")).stderr).toBe(
      "gradedraw: unknown option '--period': classify sees the enterprises as a draw made on --date would; give the day of the draw, --date YYYY-MM-DD",
    );
    // explain of a past draw takes the draw's own.
    expect((await runCli("explain", "--draw", "d", "--uscc", "x", "--period", "2026-H1")).stderr).toBe(
      "gradedraw: unknown option '--period': explain --draw sees the enterprise on the draw's own date and period, from its folder",
    );
    // Another command's unknown option is said as commander says it.
    expect((await runCli("validate", "--period", "2027-H1", seed)).stderr).toBe(
      "gradedraw: unknown option '--period'",
    );
  });

  it("a command line loads the code of the command it runs alone; the help that lists them, or no or an unknown command, all", async () => {
    const io = { out: () => {}, err: () => {}, isTTY: false };
    const names = async (...argv: string[]) =>
      (await gradedrawProgram(argv, io)).program.commands.map((c) => c.name());
    expect(await names("tickets", "--seed", "s", "X")).toEqual(["tickets"]);
    expect(await names("--lang", "zh", "draw", "cancel", "--help")).toEqual(["draw"]);
    expect(await names("--lang=en", "ledger", "list")).toEqual(["ledger"]);
    const all = await names();
    expect(all).toEqual([
      "validate",
      "test",
      "diff",
      "explain",
      "classify",
      "results",
      "draw",
      "verify",
      "tickets",
      "ledger",
      "publish",
      "calendar",
      "calibrate",
      "simulate",
      "report",
      "demo",
    ]);
    for (const argv of [
      ["--help"],
      ["-h", "draw"],
      ["help", "draw"],
      ["drwa"],
      ["--version"],
      ["--lang", "zh"],
    ])
      expect(await names(...argv), argv.join(" ")).toEqual(all);
    expect(commandRun(["--lang", "zh", "simulate", "--no-tui"])).toBe("simulate");
  });

  it("every command, argument and option has a Chinese description for its help", async () => {
    const { program } = await gradedrawProgram([], { out: () => {}, err: () => {}, isTTY: false });
    const texts = allCommands(program).flatMap((c) => [
      c.description(),
      ...c.registeredArguments.map((a) => a.description),
      ...c.options.map((o) => o.description),
    ]);
    expect(texts.length).toBeGreaterThan(60);
    expect(texts.filter((t) => t && !Object.hasOwn(HELP_ZH, t))).toEqual([]);
  });

  it("help under --lang zh or a zh LANG is in Chinese: descriptions, headings, defaults and examples", async () => {
    const draw = await runCli("draw", "--help", "--lang", "zh");
    expect(draw.code).toBe(0);
    expect(draw.stdout).toMatch(/^用法： gradedraw draw \[options\] \[command\]$/m);
    expect(draw.stdout).toMatch(
      /^ +--period <period> +抽取期间：YYYY、YYYY-H1、YYYY-Q1 或 YYYY-MM，须与政策的抽查周期一致$/m,
    );
    expect(draw.stdout).toMatch(
      /^ +--task <name> +任务名称；同一期间的多个任务依次抽取（默认："default"）$/m,
    );
    expect(draw.stdout).toMatch(/^ +-h, --help +显示命令的帮助$/m);
    expect(draw.stdout).toContain("\n示例：\n  gradedraw draw --policy");
    expect(draw.stdout).not.toMatch(/Options:|Usage:|Example:|the draw period|\(default:/);
    vi.stubEnv("LC_ALL", "zh_CN.UTF-8");
    try {
      expect((await runCli("--help")).stdout).toMatch(/^ +simulate \[options\] +政策方案的多年蒙特卡洛模拟/m);
    } finally {
      vi.unstubAllEnvs();
    }
    // English stays English.
    expect((await runCli("draw", "--help")).stdout).toMatch(/^ +--period <period> +the draw period/m);
  });

  it("help asked for exits 0; gradedraw without a command shows help on stderr as a usage error, exit 2", async () => {
    for (const args of [["--help"], ["help"], ["help", "draw"], ["draw", "--help"], ["--version"]]) {
      const r = await runCli(...args);
      expect(r.code, args.join(" ")).toBe(0);
      expect(r.stdout, args.join(" ")).not.toBe("");
    }
    const bare = await runCli();
    expect(bare.code).toBe(2);
    expect(bare.stdout).toBe("");
    expect(bare.stderr).toMatch(/^Usage: gradedraw /);
  });

  it("results import --help lists every result code, as the message of an unknown one says, in either language", async () => {
    for (const lang of ["en", "zh"]) {
      const help = (await runCli("results", "import", "--help", "--lang", lang)).stdout;
      for (const c of RESULT_CODES) expect(help).toMatch(new RegExp(`^  ${c.id} +${c.zh}`, "m"));
      expect(help.includes("(no problem found)")).toBe(lang === "en");
    }
  });

  it("every command has --help", async () => {
    for (const c of ["validate", "test", "diff", "explain", "classify"]) {
      const r = await runCli(c, "--help");
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Usage: gradedraw/);
      expect(r.stdout).toMatch(/Example:/);
    }
  });
});
