import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { DrawError, drawDate } from "../../engine/draw/request.js";
import { runDraw } from "../../engine/draw/run.js";
import { verifyDrawDir } from "../../engine/draw/verify.js";
import { type Period, parsePeriod } from "../../engine/period.js";
import { policyHash } from "../../engine/policy/load.js";
import { InputError } from "../../engine/problem.js";
import { type Db, openDb } from "../../engine/store/db.js";
import { ChangedVersionError } from "../../engine/store/draw-refusals.js";
import { appendDraw, cancelDraw, entryHash, type LedgerRow } from "../../engine/store/ledger.js";
import { verifyLedger } from "../../engine/store/ledger-audit.js";
import { ledgerState } from "../../engine/store/ledger-state.js";
import { withdrawResults } from "../../engine/store/result-withdraw.js";
import { importResults } from "../../engine/store/results.js";
import { storageProblem } from "../../engine/store/storage-errors.js";
import { LedgerDamaged } from "../../engine/store/stored-json.js";
import { base, district as d, seedPolicy, variant } from "../helpers/draw-setup.js";
import { tmp } from "../helpers/tmp.js";

/** A new ledger holding the seed policy's draws of 2026-H1, 2026-H2 and 2027-H1: its file. */
async function threeDraws(): Promise<string> {
  const dir = tmp();
  const file = join(dir, "g.db");
  const db = openDb(file);
  // Each period drawn with its own public seed.
  for (const period of ["2026-H1", "2026-H2", "2027-H1"])
    await runDraw({
      ...base,
      period,
      seed: `${base.seed}-${period}`,
      policy: seedPolicy,
      out: join(dir, period),
      dryRun: false,
      db,
    });
  db.close();
  return file;
}

/** The seed policy's 2026-H1 draw made again after its cancellation, with a new public seed. */
const redraw = (db: Db, out: string) =>
  runDraw({ ...base, seed: `${base.seed}-redraw`, policy: seedPolicy, out, dryRun: false, db });

describe("production draws and the ledger", () => {
  it("runs only from an approved version in force on the draw date", async () => {
    const db = openDb(join(tmp(), "g.db"));
    await expect(
      runDraw({ ...base, policy: variant, out: join(tmp(), "x"), dryRun: false, db }),
    ).rejects.toThrow(/is draft: production draws use only approved versions/);
    await expect(
      runDraw({
        ...base,
        policy: seedPolicy,
        period: "2021-H1",
        date: "2021-01-01",
        out: join(tmp(), "x"),
        dryRun: false,
        db,
      }),
    ).rejects.toThrow(/is not in force on 2021-01-01/);
    await expect(
      runDraw({ ...base, policy: seedPolicy, period: "2026-Q1", out: join(tmp(), "x"), dryRun: true }),
    ).rejects.toThrow(/draws per half-year/);
  });

  it("a production draw is dated the day it is made, or its period's first day when made ahead of the period; a dry run, the period's first day", async () => {
    const h1 = parsePeriod("2026-H1") as Period;
    // Made in March: a cap over the last 12 months then counts February's inspections.
    expect(drawDate(h1, false, "2026-03-15")).toBe("2026-03-15");
    expect(drawDate(h1, false, "2025-12-20")).toBe("2026-01-01");
    expect(drawDate(h1, true, "2026-03-15")).toBe("2026-01-01");
    // Undated, a production draw of a period that has ended is refused, saying so (2022-H1 ended
    // before any day these tests run on; the seed policy is in force since 2021-10-18).
    const { date: _, ...undated } = base;
    await expect(
      runDraw({
        ...undated,
        policy: seedPolicy,
        period: "2022-H1",
        out: join(tmp(), "x"),
        dryRun: false,
        db: openDb(join(tmp(), "g.db")),
      }),
    ).rejects.toThrow(
      /^today, \d{4}-\d\d-\d\d, is after the end of the period 2022-H1 \(2022-06-30\): a production draw plans inspections of a period not yet over; check --period \(a draw made on another day than today is given its --date\)$/,
    );
  });

  it("a draw from enterprises none of which names a supervising department is refused, and nothing is recorded", async () => {
    const db = openDb(join(tmp(), "g.db"));
    const out = join(tmp(), "x");
    const enterprises = base.enterprises.map((e) => ({ ...e, departments: [] }));
    await expect(
      runDraw({ ...base, enterprises, policy: seedPolicy, out, dryRun: false, db }),
    ).rejects.toThrow(/no enterprise names a supervising department .*: every task's pool would be empty/);
    expect(existsSync(out)).toBe(false);
    expect(verifyLedger(db).entries).toBe(0);
  });

  it("--raise lifts only a ratio that is a range, within it, of a treatment the policy has; every wrong one is named", async () => {
    const raise = (raised: Record<string, number>) =>
      runDraw({ ...base, policy: seedPolicy, out: join(tmp(), "x"), dryRun: true, raised });
    const refused = await raise({ constructor: 0.6, "general-b": 0.6, "general-d": 0.2 }).catch((e) => e);
    expect(refused).toBeInstanceOf(DrawError);
    expect(refused.reasons).toEqual([
      expect.stringMatching(
        /^--raise constructor: the policy has no treatment constructor \(it has key-strict, /,
      ),
      "--raise general-b: only a treatment whose ratio is a range can be raised",
      "--raise general-d=0.2: must be within [0.5, 1]",
    ]);
    const done = await raise({ "general-d": 0.8 });
    expect(done.manifest.counts.strata.find((s) => s.stratum === "general-d")?.ratio).toBe(0.8);
  });

  it("a production draw dated after its period has ended is refused; one dated on its last day or before it starts is made", async () => {
    const dir = tmp();
    const db = openDb(join(dir, "g.db"));
    const at = (date: string, dryRun = false) =>
      runDraw({ ...base, policy: seedPolicy, period: "2026-H1", date, out: join(dir, date), dryRun, db });
    await expect(at("2026-07-01")).rejects.toThrow(
      "the draw date 2026-07-01 is after the end of the period 2026-H1 (2026-06-30)",
    );
    expect(existsSync(join(dir, "2026-07-01"))).toBe(false);
    expect(verifyLedger(db).entries).toBe(0);
    // A dry run may look back at a period that is over.
    expect((await at("2026-07-01", true)).seq).toBeUndefined();
    expect((await at("2026-06-30")).seq).toBe(1);
  });

  it("records the draw, refuses a second one for the same policy, task and period until it is cancelled", async () => {
    const dir = tmp();
    const db = openDb(join(dir, "g.db"));
    const first = await runDraw({ ...base, policy: seedPolicy, out: join(dir, "a"), dryRun: false, db });
    expect(first.seq).toBe(1);
    const second = runDraw({ ...base, policy: seedPolicy, out: join(dir, "b"), dryRun: false, db });
    await expect(second).rejects.toBeInstanceOf(DrawError);
    await expect(second).rejects.toThrow(/draw #1 for this policy, task and period is already recorded/);
    expect(existsSync(join(dir, "b"))).toBe(false);
    expect(
      cancelDraw(db, "huaian-credit-graded", "default", "2026-H1", "名录有误", "2026-01-02T00:00:00Z"),
    ).toBe(1);
    // Redrawn with a new public seed: the cancelled draw's is refused.
    await expect(
      runDraw({ ...base, policy: seedPolicy, out: join(dir, "b"), dryRun: false, db }),
    ).rejects.toThrow(
      `the seed '${base.seed}' is the seed of the ledger's draw #1 (2026-H1, task 'default', cancelled): a seed known before a draw's frame is fixed would let the frame be chosen for the tickets it gives; take a new public seed for this draw (dice, a beacon value), as for each drawing`,
    );
    const third = await redraw(db, join(dir, "b"));
    expect(third.seq).toBe(3);
    expect(verifyLedger(db)).toEqual({
      entries: 3,
      head: expect.stringMatching(/^[0-9a-f]{64}$/),
      problems: [],
      notes: [],
    });
  });

  it("a result fulfils the live draw's planned inspection, never a cancelled one's, so the live one is not also counted by caps as still to come", async () => {
    const dir = tmp();
    const db = openDb(join(dir, "g.db"));
    await runDraw({ ...base, policy: seedPolicy, out: join(dir, "a"), dryRun: false, db });
    cancelDraw(db, "huaian-credit-graded", "default", "2026-H1", "名录有误", "2026-01-02T00:00:00Z");
    const again = await redraw(db, join(dir, "b"));
    const both = db
      .prepare(
        "SELECT uscc, departments FROM planned GROUP BY uscc HAVING count(*) = 2 ORDER BY uscc LIMIT 1",
      )
      .get() as { uscc: string; departments: string };
    expect(both).toBeDefined();
    const department = (JSON.parse(both.departments) as string[])[0];
    const out = importResults(
      db,
      [
        {
          uscc: both.uscc,
          date: "2026-03-01",
          department,
          item: "SC-GS",
          kind: "random",
          result: ["none"],
          inspectors: [],
        },
      ],
      "h",
      "now",
    );
    expect(out.summary?.fulfilled).toBe(1);
    const rows = db
      .prepare("SELECT draw_seq, done_by IS NOT NULL AS done FROM planned WHERE uscc = ? ORDER BY draw_seq")
      .all(both.uscc);
    expect(rows).toEqual([
      { draw_seq: 1, done: 0 },
      { draw_seq: again.seq, done: 1 },
    ]);
    // The next draw's caps see the visit once: as a result, not also as planned.
    const state = ledgerState(db, "2026-H2", 0);
    expect(state.history.filter((h) => h.uscc === both.uscc)).toEqual([]);
  });

  it("a visit both in the history file and recorded in the store is counted once by the draw", async () => {
    const dir = tmp();
    const db = openDb(join(dir, "g.db"));
    const uscc = d.enterprises[0].uscc;
    const visit = { uscc, date: "2025-11-03", department: "市场监管局", kind: "random" as const };
    importResults(
      db,
      [
        { ...visit, item: "SC-GS", result: ["none"], inspectors: [] },
        { ...visit, item: "SC-SP", result: ["rectified"], inspectors: [] },
        { ...visit, date: "2025-12-01", item: "SC-GS", result: ["none"], inspectors: [] },
      ],
      "h",
      "now",
    );
    const history = [...d.history, { ...visit, result: ["rectified"] }];
    await runDraw({ ...base, history, policy: seedPolicy, out: join(dir, "a"), dryRun: false, db });
    const recorded = JSON.parse(readFileSync(join(dir, "a", "inputs", "history.json"), "utf8")) as {
      uscc: string;
      date: string;
    }[];
    const dates = ["2025-11-03", "2025-12-01"];
    expect(recorded.filter((h) => h.uscc === uscc && dates.includes(h.date)).map((h) => h.date)).toEqual([
      "2025-11-03",
      "2025-12-01",
    ]);
  });

  /** A production draw of the seed policy for one department's task. */
  const departmentTask = (db: Db, task: string, department: string, out: string) => ({
    ...base,
    policy: seedPolicy,
    task,
    departments: [department],
    out,
    dryRun: false,
    db,
  });

  it("a second task in the period sees the first: exclusive treatments and caps hold across tasks", async () => {
    const dir = tmp();
    const db = openDb(join(dir, "g.db"));
    const a = await runDraw(departmentTask(db, "市场监管", "市场监管局", join(dir, "a")));
    const b = await runDraw(departmentTask(db, "人社", "人社局", join(dir, "b")));
    const first = new Set(a.outcome.selected.map((s) => s.uscc));
    for (const s of b.outcome.selected) {
      if (s.treatment === "general-c" || s.treatment === "general-b") expect(first.has(s.uscc)).toBe(false);
    }
    expect(b.manifest.inputs.ledger.records).toBe(a.outcome.selected.length);
  });

  it("a draw is not recorded when another process changed the ledger while it was made; it names the change, and writes nothing", async () => {
    const dir = tmp();
    const file = join(dir, "g.db");
    const db = openDb(file);
    const other = openDb(file); // another operator's process
    const task = departmentTask(db, "人社", "人社局", join(dir, "b"));
    await runDraw(departmentTask(db, "市场监管", "市场监管局", join(dir, "a")));
    // While the 人社 task is drawn from the ledger as it stands (entry #1), the other process
    // cancels the 市场监管 draw, whose exclusive treatments the 人社 task kept clear of.
    const raced = runDraw({
      ...task,
      out: join(dir, "b"),
      onPhase: (phase) => {
        if (phase === "frame")
          cancelDraw(
            other,
            "huaian-credit-graded",
            "市场监管",
            "2026-H1",
            "名录有误",
            "2026-01-02T00:00:00Z",
          );
      },
    });
    await expect(raced).rejects.toThrow(
      /the ledger changed while this draw was being made: entry #2 \(a draw or a cancellation\) recorded by another process meanwhile/,
    );
    expect(existsSync(join(dir, "b"))).toBe(false);
    expect(
      readdirSync(dir)
        .filter((f) => !f.startsWith("g.db"))
        .sort(),
    ).toEqual(["a"]);
    expect(verifyLedger(db)).toEqual({
      entries: 2,
      head: expect.stringMatching(/^[0-9a-f]{64}$/),
      problems: [],
      notes: [],
    });
    // Results imported, corrected or withdrawn meanwhile change the caps' history: the same.
    const visit = { uscc: d.enterprises[0].uscc, date: "2025-12-01", department: "人社局", item: "RS-LD" };
    const row = (result: string[]) => [{ ...visit, kind: "random" as const, result, inspectors: [] }];
    /** The draw, with `change` made to the ledger by another connection while its frame is made. */
    const meanwhile = (change: () => void) =>
      runDraw({ ...task, out: join(dir, "b"), onPhase: (phase) => phase === "frame" && change() });
    await expect(meanwhile(() => importResults(other, row(["none"]), "h", "now"))).rejects.toThrow(
      /being made: 1 inspection result row\(s\) recorded by another process meanwhile/,
    );
    // A correction leaves as many results; a withdrawal one fewer: each is a correction more.
    const corrected = meanwhile(() =>
      expect(
        importResults(other, row(["rectified"]), "h2", "now", "录入有误").summary?.corrected,
      ).toHaveLength(1),
    );
    await expect(corrected).rejects.toThrow(
      /being made: 1 correction\(s\) or withdrawal\(s\) of inspection results recorded by another process meanwhile/,
    );
    const withdrawn = meanwhile(() =>
      expect(withdrawResults(other, row(["rectified"]), "重复录入", "h3", "now").summary?.withdrawn).toEqual([
        0,
      ]),
    );
    await expect(withdrawn).rejects.toThrow(
      /being made: 1 correction\(s\) or withdrawal\(s\) of inspection results recorded by another process meanwhile/,
    );
    // Run again, it sees the cancellation and the results, and is recorded.
    expect((await runDraw({ ...task, out: join(dir, "b") })).seq).toBe(3);
    other.close();
  });

  it("a refused draw is told in Chinese under zh: the draw already recorded, the ledger changed", async () => {
    const dir = tmp();
    const db = openDb(join(dir, "g.db"));
    const draw = (out: string) =>
      runDraw({ ...base, policy: seedPolicy, out: join(dir, out), dryRun: false, db, lang: "zh" });
    await draw("a");
    await expect(draw("b")).rejects.toThrow(
      "该政策、任务和期间的抽取已记入台账（第 1 条）；如需重新抽取，请先撤销（gradedraw draw cancel）",
    );
  });

  it("a draw whose folder was taken by something else as it was recorded stays recorded, and says where its folder is, as an input problem", async () => {
    const dir = tmp();
    const db = openDb(join(dir, "g.db"));
    const out = join(dir, "a");
    // Someone puts their own files at --out in the instant between the checks and the recording.
    const now = () => {
      mkdirSync(out);
      writeFileSync(join(out, "notes.txt"), "mine");
      return "2026-01-01T00:00:00Z";
    };
    const failure = await runDraw({ ...departmentTask(db, "t", "市场监管局", out), now }).catch(
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(InputError);
    const problem = (failure as InputError).problems[0];
    expect(problem.file).toBe(resolve(out));
    expect(problem.message).toMatch(
      /^draw #1 is recorded, but .+ now holds something else; its folder is at .+\.a\.tmp-/,
    );
    expect(readFileSync(join(out, "notes.txt"), "utf8")).toBe("mine");
    expect(verifyLedger(db).problems.map((p) => p.seq)).toEqual([1]);
  });

  it("a draw recorded by a process that died before moving its folder into place gets the folder at the next opening of the database", async () => {
    const dir = tmp();
    const file = join(dir, "g.db");
    const staged = join(dir, ".a.tmp-1-1");
    const target = join(dir, "a");
    const recordWithoutMoving = async (db: ReturnType<typeof openDb>, target: string) => {
      const { outcome, manifest } = await runDraw({ ...base, policy: seedPolicy, out: staged, dryRun: true });
      return appendDraw(
        db,
        {
          policy: "huaian-credit-graded",
          version: "1.0.0",
          policyHash: outcome.frame.hashes.policy,
          task: "default",
          period: "2026-H1",
          drawDate: "2026-01-01",
          manifest,
          planned: [],
          assigned: [],
        },
        "2026-01-01T00:00:00Z",
        { staged, target },
      );
    };
    const db = openDb(file);
    expect(await recordWithoutMoving(db, target)).toBe(1);
    db.close();
    expect(existsSync(target)).toBe(false);
    const reopened = openDb(file);
    expect(existsSync(staged)).toBe(false);
    expect(await verifyDrawDir(target)).toEqual({ ok: true, differences: [] });
    expect(verifyLedger(reopened)).toEqual({
      entries: 1,
      head: expect.stringMatching(/^[0-9a-f]{64}$/),
      problems: [],
      notes: [],
    });
    // When the staged copy is lost too, ledger verify names the draw instead of passing.
    cancelDraw(reopened, "huaian-credit-graded", "default", "2026-H1", "test", "2026-01-02T00:00:00Z");
    const lostTarget = join(dir, "b");
    const seq = await recordWithoutMoving(reopened, lostTarget);
    rmSync(staged, { recursive: true });
    reopened.close();
    const problems = verifyLedger(openDb(file)).problems;
    expect(problems).toEqual([
      {
        seq,
        message: expect.stringMatching(
          new RegExp(
            `^entry #${seq}: the draw was recorded but its folder .*b was never completed \\(its staged copy is gone; cancel the draw and draw again\\)`,
          ),
        ),
      },
    ]);
    expect(existsSync(lostTarget)).toBe(false);
  });

  it("a production draw from a version whose content is not what the ledger's draws of it were made with is refused, naming the draw, and records nothing", async () => {
    const dir = tmp();
    const db = openDb(join(dir, "g.db"));
    await runDraw({ ...base, policy: seedPolicy, out: join(dir, "a"), dryRun: false, db });
    // The approved 1.0.0 edited in place: general-b's ratio 0.05 → 0.06, the version kept.
    const p = seedPolicy.policy;
    const edited = {
      ...p,
      treatments: { ...p.treatments, "general-b": { ...p.treatments["general-b"], ratio: 0.06 } },
    };
    const changed = { ...seedPolicy, policy: edited, hash: policyHash(edited) };
    const task = { task: "专项", departments: ["应急管理局"] };
    const refused = runDraw({ ...base, ...task, policy: changed, out: join(dir, "b"), dryRun: false, db });
    await expect(refused).rejects.toBeInstanceOf(DrawError);
    await expect(refused).rejects.toThrow(
      `huaian-credit-graded@1.0.0 is not the policy the ledger's draw #1 was made with under that version (policy hash ${seedPolicy.hash.slice(0, 12)}… recorded, ${changed.hash.slice(0, 12)}… now)`,
    );
    expect(existsSync(join(dir, "b"))).toBe(false);
    // Checked again where the draw is recorded, in the same transaction as the record.
    const entry = {
      policy: "huaian-credit-graded",
      version: "1.0.0",
      policyHash: changed.hash,
      task: "专项",
      period: "2026-H1",
      drawDate: "2026-01-01",
      manifest: {},
      planned: [],
      assigned: [],
    };
    expect(() => appendDraw(db, entry, "2026-01-01T00:00:00Z")).toThrow(ChangedVersionError);
    // A dry run of it is a trial, any content; the version as approved is drawn for the task.
    await runDraw({ ...base, ...task, policy: changed, out: join(dir, "c"), dryRun: true, db });
    const made = await runDraw({
      ...base,
      ...task,
      policy: seedPolicy,
      out: join(dir, "b"),
      dryRun: false,
      db,
    });
    expect(made.seq).toBe(2);
    expect(verifyLedger(db)).toEqual({
      entries: 2,
      head: expect.stringMatching(/^[0-9a-f]{64}$/),
      problems: [],
      notes: [],
    });
  });

  it("a production draw with the public seed of another period's draw is refused, before anything is written; the tasks of one period drawn together share theirs", async () => {
    const dir = tmp();
    const file = join(dir, "g.db");
    const db = openDb(file);
    await runDraw({ ...base, policy: seedPolicy, out: join(dir, "h1"), dryRun: false, db });
    // Another task of the same period, drawn at the same public drawing: its seed.
    await runDraw({
      ...base,
      policy: seedPolicy,
      task: "安全生产专项",
      departments: ["应急管理局"],
      out: join(dir, "h1-safety"),
      dryRun: false,
      db,
    });
    const next = { ...base, policy: seedPolicy, period: "2026-H2", date: "2026-07-01", dryRun: false, db };
    await expect(runDraw({ ...next, out: join(dir, "h2") })).rejects.toThrow(
      `the seed '${base.seed}' is the seed of the ledger's draw #1 (2026-H1): a seed known before a draw's frame is fixed would let the frame be chosen for the tickets it gives; take a new public seed for this period (dice, a beacon value), as for each drawing`,
    );
    expect(existsSync(join(dir, "h2"))).toBe(false);
    expect(db.prepare("SELECT COUNT(*) FROM ledger").pluck().get()).toBe(2);
    await runDraw({ ...next, seed: "20260701-2718281828", out: join(dir, "h2") });
    db.close();
  });

  it("ledger verify names a draw made from a version changed in place since an earlier draw of it (as a ledger of an earlier gradedraw may hold)", async () => {
    const file = await threeDraws();
    // Entry #2 recorded under another policy hash, its chain and the next entry's made again.
    const raw = new Database(file);
    const rows = raw.prepare("SELECT * FROM ledger ORDER BY seq").all() as LedgerRow[];
    let prev = rows[0].entry_hash;
    for (const r of rows.slice(1)) {
      const { entry_hash: _, ...rest } = { ...r, prev_hash: prev };
      const row = r.seq === 2 ? { ...rest, policy_hash: "ab".repeat(32) } : rest;
      prev = entryHash(row);
      raw
        .prepare("UPDATE ledger SET policy_hash = ?, prev_hash = ?, entry_hash = ? WHERE seq = ?")
        .run(row.policy_hash, row.prev_hash, prev, r.seq);
    }
    raw.close();
    const messages = verifyLedger(openDb(file)).problems.map((p) => p.message);
    expect(messages).toEqual([
      `entry #2 was drawn from huaian-credit-graded@1.0.0 with other content than entry #1 (policy hash abababababab…; entry #1's ${seedPolicy.hash.slice(0, 12)}…): the version was changed in place between the two draws; each has its own policy in its folder's inputs/policy.json`,
    ]);
  });

  it("ledger verify notes a draw an earlier gradedraw made with a public seed it may not share: another period's, or its own task's cancelled draw's; tasks of one period sharing one are not noted", () => {
    const db = openDb(join(tmp(), "g.db"));
    const entry = (period: string, seed: string, task = "default") => ({
      policy: "huaian-credit-graded",
      version: "1.0.0",
      policyHash: seedPolicy.hash,
      task,
      period,
      drawDate: `${period.slice(0, 4)}-0${period.endsWith("H1") ? 1 : 7}-01`,
      manifest: { seed },
      planned: [],
      assigned: [],
    });
    appendDraw(db, entry("2026-H1", "s1"), "2026-01-01T00:00:00Z");
    appendDraw(db, entry("2026-H1", "s1", "安全生产专项"), "2026-01-01T00:00:00Z");
    appendDraw(db, entry("2026-H2", "s1"), "2026-07-01T00:00:00Z");
    cancelDraw(db, "huaian-credit-graded", "default", "2026-H2", "名录有误", "2026-07-02T00:00:00Z");
    appendDraw(db, entry("2026-H2", "s1"), "2026-07-03T00:00:00Z");
    const r = verifyLedger(db);
    expect(r.problems).toEqual([]);
    expect(r.notes.map((n) => n.message)).toEqual([
      "note: draw #3 (2026-H2) was made with the public seed of draw #1 (2026-H1), known before its frame was fixed (a draw now refuses such a seed)",
      "note: draw #5 (2026-H2) was made with the public seed of draw #1 (2026-H1), known before its frame was fixed (a draw now refuses such a seed)",
    ]);
    db.close();
  });

  it("ledger verify names an edited, deleted or reordered entry", async () => {
    const file = await threeDraws();
    const tamper = (sql: string, lang: "en" | "zh" = "en") => {
      const copy = join(tmp(), "g.db");
      writeFileSync(copy, readFileSync(file));
      const raw = new Database(copy);
      raw.exec(`PRAGMA foreign_keys = OFF; ${sql}`);
      raw.close();
      const r = verifyLedger(openDb(copy), lang);
      return r.problems.map((p) => p.message);
    };
    expect(tamper("UPDATE ledger SET draw_date = '2026-01-02' WHERE seq = 2")).toContain(
      "entry #2 was edited: its content does not match its hash",
    );
    expect(tamper("UPDATE ledger SET draw_date = '2026-01-02' WHERE seq = 2", "zh")).toContain(
      "第 2 条被修改：内容与其哈希值不符",
    );
    expect(
      tamper(
        "DELETE FROM assigned WHERE draw_seq = 2 AND rowid IN (SELECT rowid FROM assigned WHERE draw_seq = 2 LIMIT 1)",
      ),
    ).toContain("entry #2: its inspector assignments were edited, added or deleted");
    expect(
      tamper(
        "DELETE FROM planned WHERE draw_seq = 1; DELETE FROM assigned WHERE draw_seq = 1; DELETE FROM ledger WHERE seq = 1",
      ).join("\n"),
    ).toMatch(/entry #2 is at position 1/);
    expect(
      tamper(
        "UPDATE ledger SET seq = 10 WHERE seq = 2; UPDATE ledger SET seq = 2 WHERE seq = 3; UPDATE ledger SET seq = 3 WHERE seq = 10",
      ).join("\n"),
    ).toMatch(/chain is broken/);
  });

  it("a ledger edited outside gradedraw into values it does not write (a body or a list that is no JSON) is named by ledger verify, and refused by the commands reading it at the table, row and column, not read into an internal error", async () => {
    const file = await threeDraws();
    const copy = (sql: string) => {
      const to = join(tmp(), "g.db");
      writeFileSync(to, readFileSync(file));
      const raw = new Database(to);
      raw.exec(`PRAGMA foreign_keys = OFF; ${sql}`);
      raw.close();
      return to;
    };
    const body = copy("UPDATE ledger SET body = '市场监管局' WHERE seq = 2");
    expect(verifyLedger(openDb(body)).problems.map((p) => p.message)).toContain(
      "entry #2: its recorded body is not the JSON object gradedraw records (edited outside gradedraw?)",
    );
    // JSON of another shape: an object without the manifest and hashes a draw records, or with them of other types.
    for (const other of [
      "{}",
      '{"manifest": 1, "plannedHash": "x", "assignedHash": "y"}',
      '{"manifest": {}, "plannedHash": 2}',
    ])
      expect(
        verifyLedger(openDb(copy(`UPDATE ledger SET body = '${other}' WHERE seq = 2`))).problems.map(
          (p) => p.message,
        ),
      ).toContain(
        "entry #2: its recorded body is not the JSON object gradedraw records (edited outside gradedraw?)",
      );
    const planned = copy("UPDATE planned SET departments = 'x' WHERE draw_seq = 3");
    expect(verifyLedger(openDb(planned)).problems.map((p) => p.message)).toContain(
      "entry #3: its planned inspections were edited, added or deleted",
    );
    const state = () => ledgerState(openDb(planned), "2027-H1", 0);
    expect(state).toThrow(LedgerDamaged);
    expect(
      storageProblem(
        (() => {
          try {
            state();
          } catch (e) {
            return e;
          }
        })(),
        "en",
      ),
    ).toMatch(
      /^the ledger holds what gradedraw does not write \(table planned, a row of \w{18}, column departments: not a list of strings as JSON\): it was edited outside gradedraw, or is damaged/,
    );
  });

  it("the database file is created readable by its owner only", () => {
    const file = join(tmp(), "g.db");
    openDb(file).close();
    const { statSync } = require("node:fs") as typeof import("node:fs");
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
