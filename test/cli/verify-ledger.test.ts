import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { cancelExampleDraw, exampleDraw, readmeDraw } from "../helpers/examples.js";
import { runCli } from "../helpers/run-cli.js";
import { tmp } from "../helpers/tmp.js";

describe("gradedraw verify --db: the draw the ledger records", () => {
  it("a recorded draw in force passes, and says its entry; once cancelled, it fails with the cancelling entry and its reason", async () => {
    const dir = tmp();
    const db = await readmeDraw(dir);
    const folder = join(dir, "d");
    const ok = await runCli("verify", folder, "--db", db);
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(
      `ok: it is entry #1 of the ledger ${db}, in force, and the ledger's chain is intact`,
    );
    expect(JSON.parse((await runCli("verify", folder, "--db", db, "--json")).stdout)).toMatchObject({
      ok: true,
      ledger: { ok: true, seq: 1, problems: [] },
    });

    expect((await runCli(...cancelExampleDraw(db, { reason: "名录库数据有误" }))).code).toBe(0);
    const cancelled = await runCli("verify", folder, "--db", db);
    expect(cancelled.code).toBe(1);
    // The folder itself still holds what its inputs give: said, with why it is not the draw in force.
    expect(cancelled.stdout).toContain("is re-derived identically");
    expect(cancelled.stderr).toBe(
      `gradedraw: the draw is entry #1 of the ledger, cancelled by entry #2: 名录库数据有误 (${db})`,
    );
    const zh = await runCli("verify", folder, "--db", db, "--lang", "zh");
    expect(zh.stderr).toContain(`该抽取为台账第 1 条，已由第 2 条撤销：名录库数据有误（${db}）`);
    // Without --db, the folder is checked alone, as before.
    expect((await runCli("verify", folder)).code).toBe(0);
  });

  it("a dry run, or a draw recorded in another ledger, is not the ledger's, and a ledger whose chain was edited fails", async () => {
    const dir = tmp();
    const db = await readmeDraw(dir);
    const trial = join(dir, "trial");
    expect((await runCli(...exampleDraw(trial))).code).toBe(0);
    const dry = await runCli("verify", trial, "--db", db);
    expect(dry.code).toBe(1);
    expect(dry.stderr).toContain("the draw is a dry run, which is never recorded in a ledger");

    const elsewhere = tmp();
    await readmeDraw(elsewhere);
    const other = await runCli("verify", join(elsewhere, "d"), "--db", join(elsewhere, "..", "none.db"));
    expect(other.code).toBe(1);
    expect(other.stderr).toContain("no ledger at");
    const otherDraw = join(dir, "other");
    expect((await runCli(...exampleDraw(otherDraw, { db: join(elsewhere, "g2.db"), seed: "9" }))).code).toBe(
      0,
    );
    const foreign = await runCli("verify", otherDraw, "--db", db);
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toContain(
      `the draw is not recorded in the ledger: no entry holds its manifest; it was recorded in another ledger, or its manifest was changed since (${db})`,
    );

    const edited = new Database(db);
    edited.exec("UPDATE ledger SET draw_date = '2026-01-02' WHERE seq = 1");
    edited.close();
    const tampered = await runCli("verify", join(dir, "d"), "--db", db);
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toContain("entry #1 was edited: its content does not match its hash");
  });
});
