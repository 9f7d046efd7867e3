import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { verifyDrawDir } from "../../engine/draw/verify.js";
import { openDb } from "../../engine/store/db.js";
import { verifyLedger } from "../../engine/store/ledger-audit.js";
import { liveDraw } from "../../engine/store/ledger-draws.js";
import {
  cancelExampleDraw,
  EXAMPLE_INPUTS,
  exampleDraw,
  publishH1,
  readmeDraw,
} from "../helpers/examples.js";
import { runCli } from "../helpers/run-cli.js";
import { tmp } from "../helpers/tmp.js";

const require = createRequire(import.meta.url);

const drawArgs = (db: string, out: string, seed = "crash-test") => [
  "bin/gradedraw.js",
  "draw",
  "--policy",
  "policies/huaian-2021/1.0.0.yaml",
  ...EXAMPLE_INPUTS,
  "--db",
  db,
  "--period",
  "2026-H1",
  "--date",
  "2026-01-01",
  "--seed",
  seed,
  "--out",
  out,
];

function start(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, LANG: "C", ...env },
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
    (resolve) => child.on("exit", (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, done };
}

describe("crashes mid-write", () => {
  it("a draw killed with SIGKILL at random points leaves an intact ledger, no half-written draw folder, and can be run again", async () => {
    const dir = tmp();
    const db = join(dir, "g.db");
    const runs = Number(process.env.GRADEDRAW_KILL_RUNS ?? 30);
    let killedBeforeRecord = 0;
    let recorded = 0;
    for (let i = 0; i < runs; i++) {
      const out = join(dir, `draw-${i}`);
      // A redraw after a cancellation takes a new public seed.
      const { child, done } = start(drawArgs(db, out, `crash-test-${i}`));
      const delay = 150 + Math.floor(((i * 7919) % 1000) * 2.2);
      const timer = setTimeout(() => child.kill("SIGKILL"), delay);
      const r = await done;
      clearTimeout(timer);
      const ledger = verifyLedger(openDb(db));
      expect(ledger.problems, `run ${i}`).toEqual([]);
      const seq = liveDraw(openDb(db), "huaian-credit-graded", "default", "2026-H1");
      if (seq !== undefined) {
        // Recorded: its folder is complete and verifies. Cancel it so the next run draws again.
        recorded++;
        const folders = readdirSync(dir).filter(
          (f) => f.startsWith("draw-") && existsSync(join(dir, f, "manifest.json")),
        );
        expect(folders.length, `run ${i}`).toBeGreaterThan(0);
        for (const f of folders) expect((await verifyDrawDir(join(dir, f))).ok, `run ${i} ${f}`).toBe(true);
        expect((await runCli(...cancelExampleDraw(db, { reason: "crash test" }))).code).toBe(0);
      } else {
        if (r.signal === "SIGKILL") killedBeforeRecord++;
        expect(existsSync(join(out, "manifest.json")), `run ${i}: a folder without a ledger entry`).toBe(
          false,
        );
      }
    }
    expect(killedBeforeRecord).toBeGreaterThan(0);
    // And the draw can be run again to completion.
    const final = await runCli(...drawArgs(db, join(dir, "final"), "crash-test-final").slice(1));
    expect(final.code, final.stderr).toBe(0);
    expect(verifyLedger(openDb(db)).problems).toEqual([]);
    expect(recorded + killedBeforeRecord).toBeGreaterThan(0);
  }, 600_000);
});

describe("crashes between the ledger record and the draw folder", () => {
  it.each([
    ["draw-staged", "killed with the folder staged, before the record: no draw, no folder", false],
    [
      "draw-recorded",
      "killed after the record, before the move: the next opening moves the folder into place",
      true,
    ],
    [
      "draw-moved",
      "killed after the move, before the pending row is forgotten: the draw and folder stand",
      true,
    ],
  ] as const)(
    "%s: %s",
    async (point, _what, recorded) => {
      const dir = tmp();
      const db = join(dir, "g.db");
      const out = join(dir, "draw");
      const r = await start(drawArgs(db, out), { GRADEDRAW_CRASH_AT: point }).done;
      expect(r.signal).toBe("SIGKILL");
      const opened = openDb(db);
      expect(verifyLedger(opened).problems).toEqual([]);
      expect(liveDraw(opened, "huaian-credit-graded", "default", "2026-H1")).toBe(recorded ? 1 : undefined);
      expect(existsSync(join(out, "manifest.json"))).toBe(recorded);
      if (recorded) expect(await verifyDrawDir(out)).toEqual({ ok: true, differences: [] });
      expect(readdirSync(dir).filter((f) => f.startsWith(".draw."))).toEqual(
        recorded ? [] : [expect.any(String)],
      );
      opened.close();
      // The operator runs the command again: refused while recorded, drawn when not; no leftovers.
      const again = await runCli(...drawArgs(db, out).slice(1));
      if (recorded)
        expect(again.stderr).toMatch(/draw #1 for this policy, task and period is already recorded/);
      else expect(again.code, again.stderr).toBe(0);
      expect(readdirSync(dir).filter((f) => f.startsWith(".draw."))).toEqual([]);
      expect(verifyLedger(openDb(db)).problems).toEqual([]);
    },
    60_000,
  );
});

describe("outputs of interrupted runs", () => {
  it.each([
    ["a publication (workbook)", "公示.xlsx"],
    ["a publication (CSV)", "公示.csv"],
  ])(
    "%s killed before its rename leaves the old file whole and a temporary one, which the next run removes",
    async (_what, name) => {
      const dir = tmp();
      const db = await readmeDraw(dir);
      expect((await runCli("results", "import", "examples/results.csv", "--db", db)).code).toBe(0);
      const out = join(dir, name);
      const publish = ["bin/gradedraw.js", "publish", "--db", db, "--period", "2026-H1", "--out", out];
      const first = await start(publish).done;
      expect(first.code, first.stderr).toBe(0);
      const before = readFileSync(out);
      const killed = await start([...publish, "--lang", "zh"], { GRADEDRAW_CRASH_AT: "file-written" }).done;
      expect(killed.signal).toBe("SIGKILL");
      const temporary = (f: string) => f.startsWith(`.${name}.tmp-`);
      expect(readdirSync(dir).filter(temporary)).toHaveLength(1);
      expect(readFileSync(out)).toEqual(before);
      // A temporary file of a run still going (this one's pid) is not another's to remove.
      const running = `.${name}.tmp-${process.pid}-1`;
      writeFileSync(join(dir, running), "");
      const again = await start(publish).done;
      expect(again.code, again.stderr).toBe(0);
      expect(readdirSync(dir).filter(temporary)).toEqual([running]);
    },
    60_000,
  );
});

describe("concurrent operators", () => {
  it("opening the database while another process writes a new one waits for the write instead of failing", async () => {
    // SQLite refuses the switch to WAL at once, without its busy handler, while another process
    // holds the write lock of a database still in its first journal mode. (The other process
    // creates no table of its own: a database with another program's tables is refused.)
    const file = join(tmp(), "g.db");
    const holder = spawn(
      process.execPath,
      [
        "-e",
        `const D = require(${JSON.stringify(require.resolve("better-sqlite3"))});
         const db = new D(${JSON.stringify(file)});
         db.exec("BEGIN IMMEDIATE");
         process.stdout.write("locked\\n");
         Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 400);
         db.exec("COMMIT");`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    await new Promise((resolve) => holder.stdout.once("data", resolve));
    const t = Date.now();
    const db = openDb(file);
    expect(Date.now() - t).toBeGreaterThan(100);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(verifyLedger(db)).toMatchObject({ entries: 0, problems: [] });
    db.close();
  }, 30_000);

  it("processes opening one new database at the same instant all open it as a ledger, none takes it for another program's", async () => {
    // Each process opens the same series of new files, each at an agreed instant, so that their
    // openings meet while one of them is creating the ledger's tables.
    const dir = tmp();
    const rounds = 20;
    const files = Array.from({ length: rounds }, (_, i) => join(dir, `g${i}.db`));
    const at = Date.now() + 3000;
    const script = `
      const { openDb } = await import(${JSON.stringify(new URL("../../engine/store/db.ts", import.meta.url).href)});
      const files = ${JSON.stringify(files)};
      for (let i = 0; i < files.length; i++) {
        while (Date.now() < ${at} + i * 150);
        try { openDb(files[i]).close(); } catch (e) { console.log(i + ": " + e.message); }
      }`;
    const opener = () =>
      new Promise<string>((resolve) => {
        const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
          stdio: ["ignore", "pipe", "inherit"],
        });
        let out = "";
        child.stdout.on("data", (d) => (out += d));
        child.on("exit", () => resolve(out));
      });
    const outs = await Promise.all([opener(), opener(), opener(), opener()]);
    expect(outs.join("")).toBe("");
    for (const file of files) expect(verifyLedger(openDb(file))).toMatchObject({ entries: 0, problems: [] });
  }, 60_000);

  it("two draws started at once for the same policy, task and period: exactly one succeeds, the other exits 1 clearly", async () => {
    const dir = tmp();
    const db = join(dir, "g.db");
    const a = start(drawArgs(db, join(dir, "a")));
    const b = start(drawArgs(db, join(dir, "b")));
    const results = await Promise.all([a.done, b.done]);
    const codes = results.map((r) => r.code).sort();
    expect(codes).toEqual([0, 1]);
    const loser = results.find((r) => r.code === 1);
    expect(loser?.stderr).toMatch(
      /draw #1 for this policy, task and period is already recorded; cancel it first/,
    );
    expect(verifyLedger(openDb(db))).toMatchObject({ entries: 1, problems: [] });
  }, 120_000);
});

describe("outputs", () => {
  it("an output whose path runs through a file is refused naming the file in the way, not as an internal error", async () => {
    const dir = tmp();
    const file = join(dir, "notes");
    writeFileSync(file, "keep");
    const draw = await runCli(...exampleDraw(join(file, "d")));
    expect(draw.code).toBe(1);
    expect(draw.stderr).toContain(
      `cannot make the folder ${file}: ${file} is a file, not a folder (${join(file, "d")})`,
    );
    const sim = await runCli(
      "simulate",
      "--scenario",
      "simulator/scenarios/frozen.yaml",
      "--years",
      "1",
      "--replications",
      "2",
      "--no-tui",
      "--out",
      join(file, "a", "b"),
    );
    expect(sim.code).toBe(1);
    expect(sim.stderr).toContain(
      `cannot make the folder ${join(file, "a")}: ${file} is a file, not a folder`,
    );
    expect(sim.stderr).not.toContain("internal error");
    // Refused before the simulation runs, not after it.
    expect(sim.stderr).not.toMatch(/replication 1\//);
    const db = join(dir, "g.db");
    await runCli("results", "import", "examples/results.csv", "--db", db);
    const publish = await runCli(...publishH1(db, join(file, "p.csv"), "--lang", "zh"));
    expect(publish.code).toBe(1);
    expect(publish.stderr).toBe(
      `gradedraw: 无法创建文件夹 ${file}：${file} 是文件，不是文件夹 (${join(file, "p.csv")})`,
    );
    expect(readFileSync(file, "utf8")).toBe("keep");
  }, 60_000);

  it("--out refuses a non-empty folder that is not a previous draw folder, and replaces a previous draw", async () => {
    const dir = tmp();
    const out = join(dir, "mine");
    mkdirSync(out);
    writeFileSync(join(out, "notes.txt"), "keep me");
    const args = [
      "draw",
      "--dry-run",
      "--policy",
      "policies/huaian-2021/1.0.0.yaml",
      "--enterprises",
      "examples/enterprises.csv",
      "--inspectors",
      "examples/inspectors.csv",
      "--period",
      "2026-H1",
      "--seed",
      "s",
      "--db",
      join(dir, "none.db"),
    ];
    const r = await runCli(...args, "--out", out);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is not empty and is not a previous output/);
    expect(readdirSync(out)).toEqual(["notes.txt"]);
    const d = join(dir, "draw");
    expect((await runCli(...args, "--out", d)).code).toBe(0);
    expect((await runCli(...args, "--seed", "t", "--out", d)).code).toBe(0);
    expect((await verifyDrawDir(d)).ok).toBe(true);
  });

  it("cells that a spreadsheet would run as a formula are neutralised in CSV and XLSX outputs", async () => {
    const { toCsv } = await import("../../engine/csv.js");
    expect(toCsv(["a"], [["=1+1"], ["+SUM(A1)"], ["-2"], ["@cmd"], ["ok"]])).toBe(
      "\uFEFFa\r\n'=1+1\r\n'+SUM(A1)\r\n'-2\r\n'@cmd\r\nok\r\n",
    );
  });
});
