import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { openDb } from "../../engine/store/db.js";
import { cannotRunAsUser, runAsUser } from "../helpers/as-user.js";
import { cancelExampleDraw, exampleDraw } from "../helpers/examples.js";
import { runCli } from "../helpers/run-cli.js";
import { tmp } from "../helpers/tmp.js";

/** A folder anyone may enter, with a ledger of one recorded draw and imported results. */
async function ledgerWithADraw(): Promise<{ dir: string; db: string }> {
  const dir = tmp();
  chmodSync(dir, 0o755);
  const db = join(dir, "gradedraw.db");
  expect((await runCli(...exampleDraw(join(dir, "draw"), { db }))).code).toBe(0);
  expect((await runCli("results", "import", "examples/results.csv", "--db", db)).code).toBe(0);
  return { dir, db };
}

/** A copy of the ledger's files in a folder of its own, then both made read-only. */
function readOnlyCopy(dir: string, files: string[]): string {
  const ro = join(dir, "copy");
  mkdirSync(ro);
  for (const f of files) {
    copyFileSync(f, join(ro, f.slice(f.lastIndexOf("/") + 1)));
    chmodSync(join(ro, f.slice(f.lastIndexOf("/") + 1)), 0o444);
  }
  chmodSync(ro, 0o555);
  return ro;
}

const skip = cannotRunAsUser();

describe.skipIf(skip !== undefined)("a ledger that cannot be written", () => {
  it("an auditor's read-only copy is verified, listed, checked against a draw folder, published from and drawn on dry, and nothing is written beside it", async () => {
    const { dir, db } = await ledgerWithADraw();
    const ro = readOnlyCopy(dir, [db]);
    const copy = join(ro, "gradedraw.db");
    const bytes = readFileSync(copy);
    const verify = runAsUser("ledger", "verify", "--db", copy);
    expect(verify.stderr).toBe("");
    expect(verify.stdout).toContain("ok: 1 ledger entry, chain intact (last hash ");
    expect(verify.code).toBe(0);
    const list = runAsUser("ledger", "list", "--db", copy, "--json");
    expect(list.stderr).toBe("");
    expect(JSON.parse(list.stdout)).toMatchObject([{ seq: 1, kind: "draw" }]);
    const recorded = runAsUser("verify", join(dir, "draw"), "--db", copy);
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(recorded.stdout).toContain(`ok: it is entry #1 of the ledger ${copy}, in force`);
    const out = join(dir, "public");
    mkdirSync(out);
    chmodSync(out, 0o777);
    const publish = runAsUser("publish", "--db", copy, "--period", "2026-H1", "--out", join(out, "p.csv"));
    expect(publish.code, publish.stderr).toBe(0);
    expect(readFileSync(join(out, "p.csv"), "utf8").trim().split("\n").length).toBe(5);
    const dry = runAsUser(...exampleDraw(join(out, "trial"), { db: copy, dryRun: true }));
    expect(dry.code, dry.stderr).toBe(0);
    expect(readdirSync(ro)).toEqual(["gradedraw.db"]);
    expect(readFileSync(copy).equals(bytes)).toBe(true);
  }, 60_000);

  it("a draw, a cancellation or a results import into it is refused, naming the file, and nothing is written", async () => {
    const { dir, db } = await ledgerWithADraw();
    const ro = readOnlyCopy(dir, [db]);
    const copy = join(ro, "gradedraw.db");
    const out = join(dir, "public");
    mkdirSync(out);
    chmodSync(out, 0o777);
    for (const args of [
      [...exampleDraw(join(out, "h2"), { db: copy }), "--period", "2026-H2"],
      cancelExampleDraw(copy),
      ["results", "import", "examples/results.csv", "--db", copy],
    ]) {
      const r = runAsUser(...args);
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.stderr).toContain(`cannot write the ledger`);
      expect(r.stderr).toContain(`the file ${copy} is read-only`);
      expect(r.stderr).not.toContain("internal error");
    }
    expect(readdirSync(out)).toEqual([]);
    expect(readdirSync(ro)).toEqual(["gradedraw.db"]);
  }, 60_000);

  it("a read-only copy whose write-ahead log still holds changes is refused with what to do", async () => {
    const dir = tmp();
    chmodSync(dir, 0o755);
    const db = join(dir, "gradedraw.db");
    // Copied while open: the new ledger's tables are still in its write-ahead log.
    const open = openDb(db);
    expect(statSync(`${db}-wal`).size).toBeGreaterThan(0);
    const ro = readOnlyCopy(dir, [db, `${db}-wal`]);
    open.close();
    const r = runAsUser("ledger", "verify", "--db", join(ro, "gradedraw.db"));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "cannot read the ledger in a read-only folder while its write-ahead log gradedraw.db-wal holds changes: copy both files to a folder that can be written",
    );
    expect(readdirSync(ro).sort()).toEqual(["gradedraw.db", "gradedraw.db-wal"]);
  }, 60_000);

  it("a read-only file that is empty, not SQLite, or another program's database is refused with the reason", () => {
    const dir = tmp();
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, "empty.db"), "");
    writeFileSync(join(dir, "notes.db"), "not a database\n");
    const other = new Database(join(dir, "other.db"));
    other.exec("CREATE TABLE customers (id INTEGER)");
    other.close();
    const ro = readOnlyCopy(
      dir,
      ["empty.db", "notes.db", "other.db"].map((f) => join(dir, f)),
    );
    const expected = {
      "empty.db": "an empty database: nothing has been recorded in this ledger yet",
      "notes.db": "not a ledger database (not an SQLite file)",
      "other.db": "not a gradedraw ledger: an SQLite database with tables of another program",
    };
    for (const [f, message] of Object.entries(expected)) {
      const r = runAsUser("ledger", "verify", "--db", join(ro, f));
      expect(r.code, f).toBe(1);
      expect(r.stderr, f).toBe(`gradedraw: ${message} (${join(ro, f)})\n`);
    }
    expect(readdirSync(ro).sort()).toEqual(["empty.db", "notes.db", "other.db"]);
  }, 60_000);
});
