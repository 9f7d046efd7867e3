import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { openDb } from "../../engine/store/db.js";
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
