import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { tmp } from "../helpers/tmp.js";

describe("gradedraw demo (what npm start runs)", () => {
  it("makes a district, a dry-run draw that verifies, a simulation and the reports", async () => {
    const out = join(tmp(), "demo");
    const r = await runCli("demo", "--size", "2000", "--replications", "2", "--out", out);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n").filter((l) => l.startsWith("✔"))).toHaveLength(5);
    for (const f of [
      "demo.json",
      "data/enterprises.csv",
      "data/inspectors.csv",
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
  }, 120_000);

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
