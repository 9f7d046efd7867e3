import { readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { sha256 } from "../../engine/canonical.js";
import { exampleDraw } from "../helpers/examples.js";
import { runCli } from "../helpers/run-cli.js";
import { tmp } from "../helpers/tmp.js";

/** A ledger with the examples' results recorded, one corrected and one withdrawn: 6 entries of its results log. */
async function ledgerWithResults(): Promise<string> {
  const db = join(tmp(), "g.db");
  for (const args of [
    ["results", "import", "examples/results.csv"],
    ["results", "import", "examples/results-corrected.csv", "--correct", "录入错误"],
    ["results", "withdraw", "examples/results-withdrawn.csv", "--reason", "误录"],
  ]) {
    const r = await runCli(...args, "--db", db);
    expect(r.code, r.stderr).toBe(0);
  }
  return db;
}

/** Changes the ledger as a database browser would, outside gradedraw. */
function edit(db: string, sql: string): void {
  const d = new Database(db);
  d.exec(sql);
  d.close();
}

describe("the results log", () => {
  it("chains every result recorded, corrected or withdrawn, and ledger verify finds the results as it says", async () => {
    const db = await ledgerWithResults();
    const d = new Database(db, { readonly: true });
    const ops = d.prepare("SELECT op, result_id FROM result_log ORDER BY seq").all();
    d.close();
    expect(ops).toEqual([
      { op: "record", result_id: 1 },
      { op: "record", result_id: 2 },
      { op: "record", result_id: 3 },
      { op: "record", result_id: 4 },
      { op: "correct", result_id: 2 },
      { op: "withdraw", result_id: 3 },
    ]);
    const v = await runCli("ledger", "verify", "--db", db, "--json");
    expect(v.code, v.stderr).toBe(0);
    expect(JSON.parse(v.stdout)).toMatchObject({
      ok: true,
      results: { entries: 6, results: 3, problems: [] },
    });
  });

  it("ledger verify names a result edited, added or deleted outside gradedraw, with what differs", async () => {
    const db = await ledgerWithResults();
    edit(
      db,
      `UPDATE results SET result = '["none"]' WHERE id = 2;
       DELETE FROM results WHERE id = 4;
       INSERT INTO results (uscc, date, department, item, kind, result, inspectors, source_hash, imported_at)
         VALUES ('91320803NC9CMRX29P', '2026-03-11', '市场监管局', 'SC-GS', 'random', '["none"]', '[]', 'x', 'y');`,
    );
    const v = await runCli("ledger", "verify", "--db", db);
    expect(v.code).toBe(1);
    expect(v.stderr.split("\n")).toEqual([
      `gradedraw: result #2 (91320803NC9CMRX29P 2026-03-10 市场监管局 SC-SP) was edited outside gradedraw: result 'no problem found', its log says 'problem found, further action pending' (${db})`,
      `gradedraw: result #3 (91320803NC9CMRX29P 2026-03-11 市场监管局 SC-GS) is in no entry of the results log: added outside gradedraw, or its entry deleted (${db})`,
      `gradedraw: result #4 (91320803GAJX7JYB4K 2026-03-15 市场监管局 SC-GS) was deleted outside gradedraw: its log has it, the results table does not (${db})`,
    ]);
    edit(db, "DELETE FROM corrections WHERE after IS NULL");
    expect((await runCli("ledger", "verify", "--db", db)).stderr).toMatch(
      /^gradedraw: the withdrawal of result #3 \(913208038HB40T6T9M 2026-03-12 生态环境局 HJ-PW\) on \S+ \(results log entry #6: 误录\) is not in the corrections table: deleted or edited outside gradedraw/,
    );
    const zh = await runCli("ledger", "verify", "--db", db, "--lang", "zh");
    expect(zh.stderr).toContain(
      "在 gradedraw 之外被修改：result 为 '未发现问题'，日志记载为 '发现问题待后续处理'",
    );
  });

  it("ledger verify names an entry of the log edited, or deleted (the first entry out of place, the rest counted)", async () => {
    const db = await ledgerWithResults();
    edit(db, `UPDATE result_log SET body = replace(body, '误录', '复核') WHERE seq = 6`);
    const edited = await runCli("ledger", "verify", "--db", db);
    expect(edited.code).toBe(1);
    // The reason edited is the corrections table's no more, which is said too.
    expect(edited.stderr.split("\n")).toEqual([
      `gradedraw: results log entry #6 was edited: its content does not match its hash (${db})`,
      expect.stringMatching(
        /^gradedraw: the withdrawal of result #3 .* \(results log entry #6: 复核\) is not in the corrections table/,
      ),
    ]);
    edit(db, "DELETE FROM result_log WHERE seq = 2");
    const deleted = await runCli("ledger", "verify", "--db", db);
    expect(deleted.stderr.split("\n").slice(0, 2)).toEqual([
      `gradedraw: results log entry #3 is at position 2, and 3 after it out of place too: an entry before it was deleted or the entries were renumbered (${db})`,
      `gradedraw: results log entry #3 does not follow entry #2: the chain is broken (deleted, inserted or reordered entries) (${db})`,
    ]);
  });

  it("ledger verify names every entry of a log edited throughout (200,000 entries written in by hand), not an internal error", async () => {
    const db = await ledgerWithResults();
    edit(
      db,
      `WITH RECURSIVE n(i) AS (SELECT 7 UNION ALL SELECT i + 1 FROM n WHERE i < 200006)
       INSERT INTO result_log (seq, op, result_id, body, at, prev_hash, entry_hash)
         SELECT i, 'record', 1, '{}', '2026-01-01', 'x', 'y' FROM n`,
    );
    const v = await runCli("ledger", "verify", "--db", db);
    expect(v.code).toBe(1);
    expect(v.stderr).not.toContain("internal error");
    const lines = v.stderr.split("\n");
    // Each entry written in: its content does not match its hash, and it does not follow the one before;
    // then result #1, whose last entry now says nothing of it, named by the results table's place.
    expect(lines).toHaveLength(400_001);
    expect(lines[0]).toBe(
      `gradedraw: results log entry #7 was edited: its content does not match its hash (${db})`,
    );
    expect(lines.at(-2)).toBe(
      `gradedraw: results log entry #200006 does not follow entry #200005: the chain is broken (deleted, inserted or reordered entries) (${db})`,
    );
    expect(lines.at(-1)).toMatch(
      /^gradedraw: result #1 \(91320803NC9CMRX29P 2026-03-10 市场监管局 SC-GS\) was edited outside gradedraw: uscc '91320803NC9CMRX29P', its log says nothing; /,
    );
    expect(v.stderr).not.toContain("undefined");
  }, 60_000);

  it("ledger verify names a log entry given a key gradedraw does not write as edited, and its result, which says what the entry says, not", async () => {
    const db = await ledgerWithResults();
    edit(db, `UPDATE result_log SET body = replace(body, '{', '{"x":1,') WHERE seq = 1`);
    const v = await runCli("ledger", "verify", "--db", db, "--json");
    expect(v.code).toBe(1);
    expect(JSON.parse(v.stdout).results.problems).toEqual([
      "results log entry #1 was edited: its content does not match its hash",
    ]);
  });

  it("ledger verify --anchor finds a hash it printed before in the ledger or the results log, and names one a rewrite lost", async () => {
    const db = await ledgerWithResults();
    const head = (await runCli("ledger", "verify", "--db", db, "--json")).stdout;
    const anchor = (JSON.parse(head).results.head as string).slice(0, 16);
    expect((await runCli("results", "import", "examples/results-withdrawn.csv", "--db", db)).code).toBe(0);
    const later = await runCli("ledger", "verify", "--db", db, "--anchor", anchor);
    expect(later.code, later.stderr).toBe(0);
    expect(later.stdout.split("\n")[1]).toBe(
      `${anchor}: entry #6 of the results log's 7: what it holds up to that entry stands as it was`,
    );
    // Entry 6's hash changed, as a log rewritten from it on (every hash made again) would have it: the anchor is lost.
    // Its first digit made another (a '0' already there would leave the hash as it was, one run in 16).
    edit(
      db,
      `UPDATE result_log SET entry_hash = (CASE substr(entry_hash, 1, 1) WHEN '0' THEN '1' ELSE '0' END) || substr(entry_hash, 2) WHERE seq = 6`,
    );
    const rewritten = await runCli("ledger", "verify", "--db", db, "--anchor", anchor);
    expect(rewritten.code).toBe(1);
    expect(rewritten.stderr.split("\n").at(-1)).toBe(
      `gradedraw: the hash ${anchor} written down before is in neither the ledger nor its results log: one of them was rewritten since, or the hash is another ledger's (${db})`,
    );
    expect((await runCli("ledger", "verify", "--db", db, "--anchor", "abc")).code).toBe(2);
  });

  it("publish prints with the list the last hashes ledger verify prints, to be kept with it, and ledger verify --anchor finds them later", async () => {
    const db = await ledgerWithResults();
    const out = join(tmp(), "p.csv");
    const verified = async () => JSON.parse((await runCli("ledger", "verify", "--db", db, "--json")).stdout);
    // Results and no draw: the results log's hash alone, in publish and in ledger verify.
    const alone = await runCli("publish", "--db", db, "--period", "2026-H1", "--out", out);
    expect(alone.code, alone.stderr).toBe(0);
    const before = await verified();
    expect(before.head).toBeNull();
    expect(before.results.head).toMatch(/^[0-9a-f]{64}$/);
    expect(alone.stdout.split("\n")[1]).toBe(
      `keep with the list: the results log's last hash ${before.results.head.slice(0, 16)} (gradedraw ledger verify --anchor HASH tells later that the ledger was not rewritten since)`,
    );
    expect((await runCli(...exampleDraw(join(tmp(), "d"), { db }))).code).toBe(0);
    const both = await runCli("publish", "--db", db, "--period", "2026-H1", "--out", out, "--json");
    const now = await verified();
    expect(JSON.parse(both.stdout).anchors).toEqual({ ledger: now.head, results: now.results.head });
    const zh = await runCli("publish", "--db", db, "--period", "2026-H1", "--out", out, "--lang", "zh");
    expect(zh.stdout.split("\n")[1]).toBe(
      `请与公示表一并留存：台账末条哈希 ${now.head.slice(0, 16)}，结果日志末条哈希 ${now.results.head.slice(0, 16)}（日后可用 gradedraw ledger verify --anchor 哈希值 核对台账此后未被重写）`,
    );
    // Results recorded after the list: both hashes are still found, where they were.
    expect((await runCli("results", "import", "examples/results-withdrawn.csv", "--db", db)).code).toBe(0);
    const [ledger, results] = zh.stdout.match(/[0-9a-f]{16}/g) ?? ["", ""];
    const later = await runCli("ledger", "verify", "--db", db, "--anchor", ledger, "--anchor", results);
    expect(later.code, later.stderr).toBe(0);
    expect(later.stdout.split("\n").slice(1)).toEqual([
      `${ledger}: entry #1 of the ledger's 1: what it holds up to that entry stands as it was`,
      `${results}: entry #6 of the results log's 7: what it holds up to that entry stands as it was`,
    ]);
  });

  it("results history lists one enterprise's results recorded, corrected and withdrawn, in order, with the file and reason of each change", async () => {
    const db = await ledgerWithResults();
    const h = await runCli("results", "history", "--uscc", "91320803nc9cmrx29p", "--db", db, "--json");
    expect(h.code, h.stderr).toBe(0);
    const corrected = readFileSync("examples/results-corrected.csv");
    expect(JSON.parse(h.stdout)).toMatchObject([
      { seq: 1, op: "record", item: "SC-GS", result: ["none"] },
      { seq: 2, op: "record", item: "SC-SP", result: ["rectified"] },
      {
        seq: 5,
        op: "correct",
        item: "SC-SP",
        result: ["pending"],
        reason: "录入错误",
        file: sha256(corrected),
      },
    ]);
    const withdrawn = await runCli(
      "results",
      "history",
      "--uscc",
      "913208038HB40T6T9M",
      "--db",
      db,
      "--lang",
      "zh",
    );
    expect(withdrawn.stdout.split("\n").slice(2)).toEqual([
      expect.stringMatching(
        /#3 +录入 +2026-03-12 +生态环境局 +HJ-PW +双随机抽查 +未按规定公示应当公示的信息 +HA011 +\S{12}$/,
      ),
      expect.stringMatching(
        new RegExp(
          `#6 +撤回 +2026-03-12 .* HA011 +误录 +${sha256(readFileSync("examples/results-withdrawn.csv")).slice(0, 12)}$`,
        ),
      ),
    ]);
    expect((await runCli("results", "history", "--uscc", "91320803NC9CMRX29X", "--db", db)).code).toBe(2);
    const none = await runCli(
      "results",
      "history",
      "--uscc",
      "91320803NC9CMRX29P",
      "--period",
      "2026-H2",
      "--db",
      db,
    );
    expect(none.stdout).toBe(`the results log of ${db} has no result of this enterprise dated in 2026-H2`);
  });

  it("a ledger made before the log gets one at its first opening, begun with the results it holds", async () => {
    const db = await ledgerWithResults();
    edit(db, "DROP TABLE result_log; PRAGMA user_version = 4;");
    const v = await runCli("ledger", "verify", "--db", db);
    expect(v.stdout).toMatch(
      /^ok: 0 ledger entries, chain intact; 3 result\(s\), as their log of 3 entries has them/,
    );
    // Its history: the results it held, marked so, and the corrections and withdrawals made before it.
    const held = await runCli("results", "history", "--uscc", "91320803NC9CMRX29P", "--db", db, "--json");
    expect(JSON.parse(held.stdout)).toMatchObject([
      { seq: 1, op: "held", item: "SC-GS" },
      { seq: null, op: "correct", item: "SC-SP", result: ["pending"], reason: "录入错误" },
      { seq: 2, op: "held", item: "SC-SP", result: ["pending"] },
    ]);
    const gone = await runCli("results", "history", "--uscc", "913208038HB40T6T9M", "--db", db);
    expect(gone.stdout).toMatch(/ before the log +withdrawn +2026-03-12 .* 误录 /);
    // And it goes on: a result recorded since is logged after them.
    const r = await runCli("results", "import", "examples/results-withdrawn.csv", "--db", db);
    expect(r.code, r.stderr).toBe(0);
    expect((await runCli("ledger", "verify", "--db", db)).stdout).toContain(
      "4 result(s), as their log of 4 entries",
    );
  });
});
