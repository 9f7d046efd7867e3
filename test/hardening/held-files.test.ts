import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, renameSync } from "node:fs";
import { join, sep } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { verifyDrawDir } from "../../engine/draw/verify.js";
import { writeFileAtomic } from "../../engine/files.js";
import { InputError } from "../../engine/problem.js";
import { openDb } from "../../engine/store/db.js";
import { verifyLedger } from "../../engine/store/ledger-audit.js";
import { liveDraw } from "../../engine/store/ledger-draws.js";
import { exampleDraw } from "../helpers/examples.js";
import { runCli } from "../helpers/run-cli.js";
import { tmp } from "../helpers/tmp.js";

/**
 * Windows refuses to rename a file another program holds open (a task list open in Excel or WPS),
 * or the folder that holds it, and an antivirus holds newly written files for a moment. Neither
 * happens on Linux, so renameSync is made to refuse as Windows does: renames of or onto `held`
 * paths always, and the next `transient` renames once each.
 */
const fault = vi.hoisted(() => ({ held: new Set<string>(), transient: 0, code: "EPERM", refused: 0 }));
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  const renameSync: typeof fs.renameSync = (from, to) => {
    const path = String(from);
    // A held file is neither moved, nor replaced, nor is a folder holding it moved.
    const held = [...fault.held].some((h) => h === path || h === String(to) || h.startsWith(path + sep));
    if (held || fault.transient > 0) {
      if (!held) fault.transient--;
      fault.refused++;
      throw Object.assign(new Error(`${fault.code}: operation not permitted, rename '${path}' -> '${to}'`), {
        code: fault.code,
      });
    }
    fs.renameSync(from, to);
  };
  return { ...fs, renameSync, default: { ...fs, renameSync } };
});

const platform = process.platform;
const onWindows = () => Object.defineProperty(process, "platform", { value: "win32" });
beforeEach(() => {
  fault.held.clear();
  fault.transient = 0;
  fault.code = "EPERM";
  fault.refused = 0;
});
afterEach(() => {
  Object.defineProperty(process, "platform", { value: platform });
});

const leftovers = (dir: string) => readdirSync(dir).filter((f) => f.startsWith("."));

describe("outputs held open by another program (Windows)", () => {
  it("a rename refused for a moment, as an antivirus refuses it on Windows, is tried again and the draw is written", async () => {
    onWindows();
    const out = join(tmp(), "d");
    fault.transient = 3;
    const r = await runCli(...exampleDraw(out));
    expect(r.code, r.stderr).toBe(0);
    expect(fault.refused).toBe(3);
    expect((await verifyDrawDir(out)).ok).toBe(true);
  });

  it("a draw over a previous folder whose task list is open in Excel or WPS is refused naming the folder and saying to close it; the previous folder stays whole, and nothing else is left", async () => {
    onWindows();
    const dir = tmp();
    const out = join(dir, "d");
    expect((await runCli(...exampleDraw(out))).code).toBe(0);
    const before = readFileSync(join(out, "manifest.json"), "utf8");
    fault.held.add(join(out, "tasks.xlsx"));
    const started = Date.now();
    const r = await runCli(...exampleDraw(out, { seed: "2" }));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `gradedraw: cannot replace ${out}: it, or a file in it, is open in another program (such as Excel or WPS) or held by antivirus software; close it and run the command again`,
    );
    expect(r.stderr).not.toMatch(/internal error/);
    // Tried again for five seconds first, as a moment's hold by an antivirus would pass.
    expect(Date.now() - started).toBeGreaterThanOrEqual(5_000);
    expect(readFileSync(join(out, "manifest.json"), "utf8")).toBe(before);
    expect(leftovers(dir)).toEqual([]);
    // Closed, the same command replaces it.
    fault.held.clear();
    expect((await runCli(...exampleDraw(out, { seed: "2" }))).code).toBe(0);
    expect(readFileSync(join(out, "manifest.json"), "utf8")).not.toBe(before);
  }, 30_000);

  it("a recorded draw whose folder cannot replace one held open stays recorded, says so, keeps its complete folder, and the next command that opens the ledger puts it in place once the file is closed", async () => {
    onWindows();
    const dir = tmp();
    const db = join(dir, "g.db");
    const out = join(dir, "d");
    expect((await runCli(...exampleDraw(out))).code).toBe(0);
    fault.held.add(join(out, "tasks.xlsx"));
    const r = await runCli(...exampleDraw(out, { db }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /draw #1 is recorded, but its folder could not be put in place: cannot replace .* open in another program .* The complete folder is at .*; the next gradedraw command that opens the ledger puts it in place/,
    );
    const opened = openDb(db);
    expect(liveDraw(opened, "huaian-credit-graded", "default", "2026-H1")).toBe(1);
    opened.close();
    const [kept] = leftovers(dir);
    expect(existsSync(join(dir, kept, "manifest.json"))).toBe(true);
    // The draw's process has ended (these commands run in this one): its folder named as a dead process's.
    const staged = `.d.tmp-${spawnSync(process.execPath, ["-e", ""]).pid}-1`;
    renameSync(join(dir, kept), join(dir, staged));
    const ledger = openDb(db);
    ledger.prepare("UPDATE pending_outputs SET staged = ?").run(join(dir, staged));
    ledger.close();
    // A dry run into the same folder meanwhile is refused too, and does not take the recorded
    // draw's folder for a dead process's leftover.
    expect((await runCli(...exampleDraw(out, { seed: "3" }), "--db", db)).code).toBe(1);
    expect(leftovers(dir)).toEqual([staged]);
    const verifying = await runCli("ledger", "verify", "--db", db);
    expect(verifying.code).toBe(1);
    expect(verifying.stderr).toContain(
      `the complete copy is still at ${join(dir, staged)}, and is put in place by the next command that opens the ledger once no file of ${out} is open in another program, such as Excel or WPS`,
    );
    // Closed: any command opening the ledger puts the recorded draw's folder in place.
    fault.held.clear();
    const list = await runCli("ledger", "list", "--db", db);
    expect(list.code, list.stderr).toBe(0);
    expect(leftovers(dir)).toEqual([]);
    const verified = await runCli("verify", out, "--db", db);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verifyLedger(openDb(db)).problems).toEqual([]);
  }, 60_000);

  it("a publication or results form over a file open in another program is refused as such, in Chinese too", () => {
    onWindows();
    const file = join(tmp(), "公示.csv");
    writeFileAtomic(file, "old");
    fault.held.add(file);
    let thrown: unknown;
    try {
      writeFileAtomic(file, "new", "zh");
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(InputError);
    expect((thrown as InputError).problems[0].message).toMatch(
      /^无法替换 .*公示\.csv：它（或其中的文件）正被其他程序（如 Excel、WPS）打开，或被杀毒软件占用；请关闭后重新运行命令/,
    );
    expect(readFileSync(file, "utf8")).toBe("old");
    expect(leftovers(join(file, ".."))).toEqual([]);
  }, 30_000);

  it("elsewhere than Windows a refused rename is not tried again and is said as a want of permission; EBUSY is said as held on any system", () => {
    const file = join(tmp(), "p.csv");
    writeFileAtomic(file, "old");
    fault.held.add(file);
    const started = Date.now();
    expect(() => writeFileAtomic(file, "new")).toThrow(/cannot write .*p\.csv: no permission to write in/);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(fault.refused).toBe(1);
    fault.code = "EBUSY";
    expect(() => writeFileAtomic(file, "new")).toThrow(
      /cannot replace .*p\.csv: it, or a file in it, is open/,
    );
  }, 30_000);
});
