import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cancelExampleDraw, exampleDraw, readmeDraw } from "../helpers/examples.js";
import { runCli } from "../helpers/run-cli.js";
import { tmp } from "../helpers/tmp.js";

describe("gradedraw ledger list", () => {
  it("lists each recorded draw with its seed, counts and visits with results, and each cancellation with its draw and reason", async () => {
    const dir = tmp();
    const db = await readmeDraw(dir);
    const imported = await runCli("results", "import", "examples/results.csv", "--db", db);
    expect(imported.code, imported.stderr).toBe(0);
    expect((await runCli(...cancelExampleDraw(db, { reason: "名录库数据有误" }))).code).toBe(0);
    const again = await runCli(...exampleDraw(join(dir, "d2"), { db, seed: "7" }));
    expect(again.code, again.stderr).toBe(0);

    const json = await runCli("ledger", "list", "--db", db, "--json");
    expect(json.code, json.stderr).toBe(0);
    const entries = JSON.parse(json.stdout);
    expect(entries.map((e: { seq: number; kind: string }) => [e.seq, e.kind])).toEqual([
      [1, "draw"],
      [2, "cancel"],
      [3, "draw"],
    ]);
    // The README's draw: 8 enterprises, 20 assignments; results.csv reports 3 of its visits.
    expect(entries[0]).toMatchObject({
      policy: "huaian-credit-graded",
      version: "1.0.0",
      task: "default",
      period: "2026-H1",
      drawDate: "2026-01-01",
      seed: "20260105-3141592653",
      selected: 8,
      assignments: 20,
      visits: 8,
      made: 3,
      cancelledBy: { seq: 2, reason: "名录库数据有误" },
    });
    expect(entries[1]).toMatchObject({ cancels: 1, reason: "名录库数据有误" });
    expect(entries[2]).toMatchObject({ seed: "7", made: 0 });
    expect(entries[2].cancelledBy).toBeUndefined();

    const table = await runCli("ledger", "list", "--db", db);
    const lines = table.stdout.split("\n");
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^#\s+recorded\s+kind\s+policy\s+task\s+period\s+draw date\s+drawn/);
    // Recorded when, in this machine's local time with its offset (a Chinese office's: +08:00).
    expect(lines[2]).toMatch(
      /^1\s+\d{4}-\d\d-\d\d \d\d:\d\d [+-]\d\d:\d\d\s+draw\s+huaian-credit-graded@1\.0\.0\s+default\s+2026-H1\s+2026-01-01\s+8\s+20\s+3\/8\s+20260105-3141592653\s+/,
    );
    expect(lines[2]).toContain("cancelled by #2: 名录库数据有误");
    expect(lines[3]).toContain("cancels #1: 名录库数据有误");
    expect(lines[4]).toMatch(/in force$/);

    const zh = await runCli("ledger", "list", "--db", db, "--lang", "zh");
    expect(zh.stdout.split("\n")[0]).toMatch(/^序号\s+记录时间\s+类型/);
    expect(zh.stdout).toContain("已由第 2 条撤销：名录库数据有误");
    expect(zh.stdout).toContain("撤销第 1 条：名录库数据有误");
    // The default task called so in Chinese, beside the name that --task takes.
    expect(zh.stdout.split("\n")[2]).toMatch(
      /\s抽取\s+huaian-credit-graded@1\.0\.0\s+默认任务（default）\s+2026-H1\s/,
    );
  });

  it("--period keeps that period's entries; a period without any says so, a ledger that does not exist fails, and a mistyped period is a usage error", async () => {
    const dir = tmp();
    const db = await readmeDraw(dir);
    const h1 = await runCli("ledger", "list", "--db", db, "--period", "2026-H1", "--json");
    expect(JSON.parse(h1.stdout)).toHaveLength(1);
    const h2 = await runCli("ledger", "list", "--db", db, "--period", "2026-H2");
    expect(h2).toMatchObject({ code: 0, stdout: "the ledger has no entries of 2026-H2" });
    expect(
      JSON.parse((await runCli("ledger", "list", "--db", db, "--period", "2026-H2", "--json")).stdout),
    ).toEqual([]);
    const missing = await runCli("ledger", "list", "--db", join(dir, "none.db"));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`no ledger at ${join(dir, "none.db")}`);
    const typo = await runCli("ledger", "list", "--db", db, "--period", "2026H1");
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("'2026H1' is not a period");
  });
});

describe("gradedraw draw cancel", () => {
  it("a draw to cancel that the ledger does not hold in force is refused, saying what it holds: that draw cancelled already, or the draws in force", async () => {
    const dir = tmp();
    const db = join(dir, "g.db");
    expect((await runCli(...exampleDraw(join(dir, "d"), { db }))).code).toBe(0);
    const typo = await runCli(...cancelExampleDraw(db), "--task", "安全专项");
    expect(typo.code).toBe(1);
    expect(typo.stderr).toBe(
      "gradedraw: no recorded draw of huaian-credit-graded, task 安全专项, period 2026-H1 to cancel; the draws in force: #1 huaian-credit-graded default 2026-H1",
    );
    expect((await runCli(...cancelExampleDraw(db))).code).toBe(0);
    const again = await runCli(...cancelExampleDraw(db));
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(
      "gradedraw: no recorded draw of huaian-credit-graded, task default, period 2026-H1 to cancel: draw #1 was cancelled by entry #2",
    );
    const other = await runCli(...cancelExampleDraw(db, { period: "2026-H2" }), "--lang", "zh");
    expect(other.stderr).toBe(
      "gradedraw: 没有可撤销的抽取：huaian-credit-graded，任务 default，期间 2026-H2；台账中没有有效的抽取",
    );
  });
});
