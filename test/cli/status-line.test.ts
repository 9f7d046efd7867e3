import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { StatusLine } from "../../bin/progress.js";
import { cutToWidth, displayWidth } from "../../reports/text-table.js";
import { exampleDraw } from "../helpers/examples.js";
import { runCli, runCliWith } from "../helpers/run-cli.js";
import { tmp } from "../helpers/tmp.js";

/** An Io that logs, in order: `out …`, `err …`, and `status …` for each status line shown. */
function loggingIo(log: string[]) {
  return {
    out: (t: string) => log.push(`out ${t}`),
    err: (t: string) => log.push(`err ${t}`),
    status: (t: string) => log.push(`status ${t}`),
    isTTY: false,
  };
}

/** Runs `gradedraw ARGS` in-process with a logging Io (English messages unless --lang says otherwise). */
async function runWithStatus(...args: string[]): Promise<{ code: number; log: string[] }> {
  const log: string[] = [];
  return { code: await runCliWith(loggingIo(log), ...args), log };
}

/** The status lines of a log, those that only tell rows read left out (shown as time allows). */
const statuses = (log: readonly string[]) =>
  log
    .filter((l) => l.startsWith("status ") && !/ (rows|records)…$|已读 [\d,]+ (行|条记录)…$/.test(l))
    .map((l) => l.slice(7));

/** What a log printed on stdout and stderr, as runCli gives them. */
const printed = (log: readonly string[]) => ({
  stdout: log.flatMap((l) => (l.startsWith("out ") ? [l.slice(4)] : [])).join("\n"),
  stderr: log.flatMap((l) => (l.startsWith("err ") ? [l.slice(4)] : [])).join("\n"),
});

describe("a long command's status line", () => {
  it("a draw tells what it is doing: each file as it is read, then each phase of the draw; its results are printed as without, and the line is taken away at the end", async () => {
    const out = join(tmp(), "d");
    const { code, log } = await runWithStatus(...exampleDraw(out));
    expect(code).toBe(0);
    expect(statuses(log)).toEqual([
      "gradedraw: reading enterprises.csv…",
      "gradedraw: reading inspectors.csv…",
      "gradedraw: reading conflicts.csv…",
      "gradedraw: reading history.csv…",
      "gradedraw: hashing the inputs (the frame the seed is bound to)…",
      "gradedraw: applying the policy to every enterprise…",
      "gradedraw: drawing the enterprises…",
      "gradedraw: choosing the inspectors: 0 of 8 enterprises…",
      "gradedraw: writing the output folder…",
      "",
    ]);
    expect(log.at(-1)).toBe("status ");
    const plain = await runCli(...exampleDraw(out));
    expect(printed(log)).toEqual({ stdout: plain.stdout, stderr: plain.stderr });
  });

  it("verify tells the recorded inputs it reads, the phases of the draw derived again, then the comparison; in Chinese under zh", async () => {
    const out = join(tmp(), "d");
    expect((await runWithStatus(...exampleDraw(out))).code).toBe(0);
    const { code, log } = await runWithStatus("verify", out, "--lang", "zh");
    expect(code).toBe(0);
    expect(statuses(log)).toEqual([
      "gradedraw: 读取 inputs/enterprises.json…",
      "gradedraw: 读取 inputs/inspectors.json…",
      "gradedraw: 读取 inputs/conflicts.json…",
      "gradedraw: 读取 inputs/history.json…",
      "gradedraw: 规范化输入并计算哈希（与种子绑定的抽取框架）…",
      "gradedraw: 按政策确定每家企业的监管方式…",
      "gradedraw: 抽取企业…",
      "gradedraw: 选派执法人员：8 家企业中已完成 0 家…",
      "gradedraw: 与记录的结果逐项比对…",
      "",
    ]);
  });

  it("classify and results import tell the files they read; a command's results and messages are as without a status line", async () => {
    const classify = [
      "classify",
      "--policy",
      "policies/huaian-2021/1.0.0.yaml",
      "--enterprises",
      "examples/enterprises.csv",
      "--history",
      "examples/history.csv",
      "--date",
      "2026-01-01",
      "--db",
      join(tmp(), "none.db"),
    ];
    const { code, log } = await runWithStatus(...classify);
    expect(code).toBe(0);
    expect(statuses(log)).toEqual([
      "gradedraw: reading enterprises.csv…",
      "gradedraw: reading history.csv…",
      "",
    ]);
    const plain = await runCli(...classify);
    expect(printed(log)).toEqual({ stdout: plain.stdout, stderr: plain.stderr });
    const imported = await runWithStatus(
      "results",
      "import",
      "examples/results.csv",
      "--db",
      join(tmp(), "g.db"),
    );
    expect(imported.code).toBe(0);
    expect(statuses(imported.log)).toEqual(["gradedraw: reading results.csv…", ""]);
  });

  it("the demo tells each of its steps as it begins, the phases of its draw and the replications of its simulation, each before the line that says it is done", async () => {
    const { code, log } = await runWithStatus(
      "demo",
      "--size",
      "200",
      "--replications",
      "2",
      "--out",
      join(tmp(), "demo"),
    );
    expect(code).toBe(0);
    // A step's first line, and each line saying a step is done (the replications after the first
    // are shown as time allows).
    const shown = log
      .filter((l) => l.startsWith("status ") || l.startsWith("out ✔"))
      .filter((l) => !/: [1-9]\d* of \d+ replications done…$/.test(l))
      .map((l) => l.replace(/^out (✔ \S+).*$/, "$1").replace(/^status (gradedraw: )?/, ""));
    expect(shown).toEqual([
      "making a synthetic district of 200 enterprises…",
      "✔ synthetic",
      "validating and testing the policies…",
      "✔ validated",
      "✔ policy",
      "hashing the inputs (the frame the seed is bound to)…",
      "applying the policy to every enterprise…",
      "drawing the enterprises…",
      expect.stringMatching(/^choosing the inspectors: 0 of \d+ enterprises…$/),
      "writing the output folder…",
      "writing the reports…",
      "✔ dry-run",
      "simulating the policy variants: 0 of 2 replications done…",
      "writing the reports…",
      "✔ simulated",
      "",
    ]);
  });

  it("results template tells its steps: the draw read, the ledger checked, the form written; verify --db the ledger checked first", async () => {
    const dir = tmp();
    const db = join(dir, "g.db");
    const draw = join(dir, "d");
    expect((await runWithStatus(...exampleDraw(draw, { db }))).code).toBe(0);
    const form = join(dir, "form.xlsx");
    const { code, log } = await runWithStatus("results", "template", draw, "--db", db, "--out", form);
    expect(code).toBe(0);
    expect(statuses(log)).toEqual([
      `gradedraw: reading the draw in ${draw}…`,
      `gradedraw: checking that ${db} records the draw…`,
      `gradedraw: writing ${form}…`,
      "",
    ]);
    const verified = await runWithStatus("verify", draw, "--db", db);
    expect(verified.code).toBe(0);
    expect(statuses(verified.log).slice(0, 2)).toEqual([
      `gradedraw: checking that ${db} records the draw…`,
      "gradedraw: reading inputs/enterprises.json…",
    ]);
  });

  it("a refused draw's reasons take the line away: nothing of it is left once the command ends", async () => {
    const { code, log } = await runWithStatus(
      ...exampleDraw(join(tmp(), "d")),
      "--departments",
      "生态环境局",
    );
    expect(code).toBe(1);
    expect(log.some((l) => l.startsWith("err gradedraw: ") && l.includes("no valid inspector team"))).toBe(
      true,
    );
    expect(log.at(-1)).toBe("status ");
  });

  it("shows the rows read as they come, at most ten times a second within a step; a new step at once", () => {
    const log: string[] = [];
    let now = 0;
    const line = new StatusLine(loggingIo(log), "en", () => now);
    const rows = line.reading("data/enterprises.csv");
    rows(4096);
    now = 50;
    rows(8192);
    now = 120;
    rows(1_000_000);
    line.progress({ step: "read", file: "inputs/enterprises.json" });
    line.progress({ step: "read", file: "inputs/enterprises.json", done: 4096 });
    now = 240;
    line.progress({ step: "read", file: "inputs/enterprises.json", done: 1_000_000 });
    line.progress({ step: "frame" });
    line.progress({ step: "teams", done: 0, of: 135_448 });
    now = 250;
    line.progress({ step: "teams", done: 1000, of: 135_448 });
    now = 350;
    line.progress({ step: "teams", done: 2000, of: 135_448 });
    expect(log).toEqual([
      "status gradedraw: reading enterprises.csv…",
      "status gradedraw: reading enterprises.csv: 1,000,000 rows…",
      "status gradedraw: reading inputs/enterprises.json…",
      "status gradedraw: reading inputs/enterprises.json: 1,000,000 records…",
      "status gradedraw: hashing the inputs (the frame the seed is bound to)…",
      "status gradedraw: choosing the inspectors: 0 of 135,448 enterprises…",
      "status gradedraw: choosing the inspectors: 2,000 of 135,448 enterprises…",
    ]);
    const zh: string[] = [];
    let zhNow = 0;
    const zhLine = new StatusLine(loggingIo(zh), "zh", () => zhNow);
    const zhRows = zhLine.reading("名录/企业名录.csv");
    zhRows(20_000);
    zhNow = 200;
    zhRows(40_000);
    zhLine.progress({ step: "read", file: "inputs/enterprises.json", done: 4096 });
    expect(zh).toEqual([
      "status gradedraw: 读取 企业名录.csv…",
      "status gradedraw: 读取 企业名录.csv：已读 40,000 行…",
      "status gradedraw: 读取 inputs/enterprises.json：已读 4,096 条记录…",
    ]);
  });

  it("is cut to the terminal's width, a Chinese character counting two columns", () => {
    const text = "gradedraw: 读取 enterprises.csv：已读 1,000,000 行…";
    expect(cutToWidth(text, 80)).toBe(text);
    const cut = cutToWidth(text, 20);
    expect(cut).toBe("gradedraw: 读取 ent…");
    expect(displayWidth(cut)).toBeLessThanOrEqual(20);
    expect(displayWidth(cutToWidth(text, 17))).toBeLessThanOrEqual(17);
    expect(cutToWidth("gradedraw: 读取", 14)).toBe("gradedraw: 读…");
  });
});
