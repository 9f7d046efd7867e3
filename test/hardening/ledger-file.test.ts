import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { openDb } from "../../engine/store/db.js";
import { verifyLedger } from "../../engine/store/ledger-audit.js";
import { exampleDraw } from "../helpers/examples.js";
import { runCli } from "../helpers/run-cli.js";
import { tmp } from "../helpers/tmp.js";

const problemOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as { problems?: { message: string }[] }).problems?.[0]?.message ?? `not an input problem: ${e}`;
  }
  return "opened";
};

describe("a --db that is not a gradedraw ledger", () => {
  it("a file that is not SQLite is refused with the reason, not an internal error", async () => {
    const file = join(tmp(), "notes.txt");
    writeFileSync(file, "not a database\n");
    expect(problemOf(() => openDb(file))).toBe("not a ledger database (not an SQLite file)");
    for (const args of [
      ["ledger", "verify", "--db", file],
      ["publish", "--db", file, "--period", "2026-H1", "--out", join(tmp(), "p.csv")],
    ]) {
      const r = await runCli(...args);
      expect(r.code, args[0]).toBe(1);
      expect(r.stderr, args[0]).toContain(`gradedraw: not a ledger database (not an SQLite file) (${file})`);
      expect(r.stderr, args[0]).not.toContain("internal error");
    }
    expect(readFileSync(file, "utf8")).toBe("not a database\n");
  });

  it("another program's SQLite database is left as it was", () => {
    const file = join(tmp(), "other.db");
    const other = new Database(file);
    other.exec("CREATE TABLE customers (id INTEGER); INSERT INTO customers VALUES (1)");
    other.close();
    const before = readFileSync(file);
    expect(problemOf(() => openDb(file, "zh"))).toBe("不是 gradedraw 台账：这是其他程序的 SQLite 数据库");
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it("a ledger of a newer gradedraw is refused, asking for an update", () => {
    const file = join(tmp(), "g.db");
    openDb(file).close();
    const raw = new Database(file);
    raw.pragma("user_version = 99");
    raw.close();
    expect(problemOf(() => openDb(file))).toMatch(
      /^the ledger was written by a newer gradedraw \(schema 99;/,
    );
  });

  it("a new or empty file becomes a ledger", () => {
    const dir = tmp();
    const empty = join(dir, "empty.db");
    writeFileSync(empty, "");
    for (const file of [join(dir, "new.db"), empty]) {
      const db = openDb(file);
      expect(db.pragma("user_version", { simple: true })).toBeGreaterThan(0);
      db.close();
    }
  });
});

describe("a ledger SQLite cannot use", () => {
  it("a damaged ledger is refused as damaged, naming it, not as an internal error", async () => {
    const dir = tmp();
    const db = join(dir, "gradedraw.db");
    expect((await runCli(...exampleDraw(join(dir, "draw"), { db }))).code).toBe(0);
    // Every page after the first (the schema) overwritten, as a failing disk or a bad copy leaves them.
    const bytes = readFileSync(db);
    bytes.fill(0x5a, 4096);
    writeFileSync(db, bytes);
    for (const args of [
      ["ledger", "verify", "--db", db],
      ["publish", "--db", db, "--period", "2026-H1", "--out", join(dir, "p.csv")],
    ]) {
      const r = await runCli(...args);
      expect(r.code, args[0]).toBe(1);
      expect(r.stderr).toBe(
        `gradedraw: the ledger database is damaged (SQLite finds it corrupt): restore it from a backup; \`gradedraw ledger verify\` on the backup says whether it is intact (${db})`,
      );
    }
  }, 30_000);

  // A small file system of its own, where root may make one.
  const small = tmp();
  const mounted =
    process.platform === "linux" &&
    spawnSync("mount", ["-t", "tmpfs", "-o", "size=200k", "tmpfs", small]).status === 0;
  afterAll(() => {
    // Lazily, should a file in it still be open.
    if (mounted) spawnSync("umount", ["-l", small]);
  });

  it.skipIf(!mounted)(
    "a draw on a full disk is refused saying so, and nothing is recorded or written",
    async () => {
      const db = join(small, "gradedraw.db");
      const dir = tmp();
      expect((await runCli(...exampleDraw(join(dir, "h1"), { db }))).code).toBe(0);
      writeFileSync(join(small, "filler"), new Uint8Array(1 << 20).subarray(0, freeBytes(small)));
      const r = await runCli(
        ...exampleDraw(join(dir, "h2"), { db, seed: "2" }),
        "--period",
        "2026-H2",
        "--lang",
        "zh",
      );
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`gradedraw: 无法写入台账数据库：磁盘已满；请释放空间后重新运行 (${db})`);
      expect(readdirSync(dir)).toEqual(["h1"]);
      rmSync(join(small, "filler"));
      const ledger = openDb(db);
      expect(verifyLedger(ledger)).toMatchObject({ entries: 1, problems: [] });
      ledger.close();
    },
    30_000,
  );
});

/** The bytes still free in the file system of `dir`. */
function freeBytes(dir: string): number {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
}
