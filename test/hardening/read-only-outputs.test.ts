import { chmodSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cannotRunAsUser, runAsUser } from "../helpers/as-user.js";
import { exampleDraw } from "../helpers/examples.js";
import { runCli } from "../helpers/run-cli.js";
import { tmp } from "../helpers/tmp.js";

/** A folder anyone may enter, with a read-only folder in it. */
function readOnlyFolder(): { dir: string; ro: string } {
  const dir = tmp();
  chmodSync(dir, 0o755);
  const ro = join(dir, "read-only");
  mkdirSync(ro);
  chmodSync(ro, 0o555);
  return { dir, ro };
}

const skip = cannotRunAsUser();

describe.skipIf(skip !== undefined)("an output where nothing can be written", () => {
  it("is refused before the work, naming the output and the folder: draw, simulate, demo, publish", async () => {
    const { dir, ro } = readOnlyFolder();
    const simulate = ["simulate", "--scenario", "simulator/scenarios/huaian.yaml", "--no-tui"];
    const cases: [string, string[]][] = [
      [join(ro, "trial"), exampleDraw(join(ro, "trial"))],
      [join(ro, "sim"), [...simulate, "--years", "1", "--replications", "2", "--out", join(ro, "sim")]],
      [join(ro, "demo"), ["demo", "--out", join(ro, "demo")]],
    ];
    for (const [out, args] of cases) {
      const r = runAsUser(...args);
      expect(r.code, args[0]).toBe(1);
      expect(r.stderr, args[0]).toBe(
        `gradedraw: cannot write ${out}: no permission to write in ${ro} (${out})\n`,
      );
      // Refused before the simulation ran, not after.
      expect(r.stdout, args[0]).not.toContain("replication");
    }
    // publish, from a ledger of one draw (readable by all, as the office may keep it).
    const db = join(dir, "gradedraw.db");
    const drawn = await runCli(...exampleDraw(join(dir, "draw"), { db }));
    expect(drawn.code, drawn.stderr).toBe(0);
    chmodSync(db, 0o644);
    const out = join(ro, "p.csv");
    const publish = runAsUser("publish", "--period", "2026-H1", "--db", db, "--out", out);
    expect(publish.code).toBe(1);
    expect(publish.stderr).toBe(`gradedraw: cannot write ${out}: no permission to write in ${ro} (${out})\n`);
    expect(readdirSync(ro)).toEqual([]);
  }, 120_000);

  it("a report into a draw folder that cannot be written is refused naming the file, not an internal error", async () => {
    const dir = tmp();
    chmodSync(dir, 0o755);
    const draw = join(dir, "draw");
    expect((await runCli(...exampleDraw(draw))).code).toBe(0);
    chmodSync(draw, 0o555);
    const before = readdirSync(draw).sort();
    const html = runAsUser("report", draw, "--format", "html");
    expect(html.code).toBe(1);
    expect(html.stderr).toContain(
      `cannot write ${join(draw, "report.html")}: no permission to write in ${draw}`,
    );
    const md = runAsUser("report", draw, "--format", "md");
    expect(md.code).toBe(1);
    expect(md.stderr).toContain(
      `cannot make the folder ${join(draw, "charts")}: no permission to write in ${draw}`,
    );
    expect(md.stderr).not.toContain("internal error");
    expect(readdirSync(draw).sort()).toEqual(before);
  }, 60_000);

  it("a previous output that could not be removed is refused before the work, and left as it was", () => {
    const dir = tmp();
    chmodSync(dir, 0o777);
    const out = join(dir, "draw");
    expect(runAsUser(...exampleDraw(out)).code).toBe(0);
    // Its recorded inputs locked, as an office may lock an official folder.
    chmodSync(join(out, "inputs"), 0o555);
    const before = readdirSync(out).sort();
    const again = runAsUser(...exampleDraw(out));
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(
      `gradedraw: cannot write ${out}: no permission to write in ${join(out, "inputs")} (${out})\n`,
    );
    expect(readdirSync(out).sort()).toEqual(before);
    expect(readdirSync(dir)).toEqual(["draw"]);
  }, 60_000);
});
