import { canonicalJson, sha256 } from "../canonical.js";
import type { Lang } from "../lang.js";
import { today } from "../period.js";
import type { Db } from "./db.js";
import {
  changedVersion,
  DuplicateDrawError,
  type LedgerMark,
  LedgerMovedError,
  ledgerMark,
} from "./draw-refusals.js";
import { GENESIS } from "./hash-chain.js";
import { liveDraw } from "./ledger-draws.js";
import type { PendingOutput } from "./outputs.js";

/** A row of the ledger table. */
export interface LedgerRow {
  seq: number;
  kind: "draw" | "cancel";
  policy: string;
  version: string;
  policy_hash: string;
  task: string;
  period: string;
  draw_date: string;
  manifest_hash: string;
  body: string;
  recorded_at: string;
  prev_hash: string;
  entry_hash: string;
}

/** A planned inspection of a draw, as recorded in the ledger. */
export interface PlannedRow {
  readonly uscc: string;
  /**
   * The enterprise's name as published (natural persons' names masked, see maskName): the
   * publication list names by it an enterprise the command is not given a file of. A ledger
   * written by an earlier gradedraw holds names as the file wrote them, which the list masks as
   * it can (a person's name alone, not one in a trade name).
   */
  readonly name: string;
  readonly date: string;
  readonly period: string;
  readonly departments: readonly string[];
  readonly treatment: string;
  readonly joint: boolean;
  readonly exclusive: boolean;
}

/** An inspector assignment of a draw. */
export interface AssignedRow {
  readonly uscc: string;
  readonly inspector: string;
  readonly role: string;
}

/** A draw to append: its identity, manifest, planned inspections and assignments. */
export interface DrawEntry {
  readonly policy: string;
  readonly version: string;
  readonly policyHash: string;
  readonly task: string;
  readonly period: string;
  readonly drawDate: string;
  readonly manifest: unknown;
  readonly planned: readonly PlannedRow[];
  readonly assigned: readonly AssignedRow[];
}

/** The hash of an entry: of every field of its row but the hash itself, the previous entry's included. */
export function entryHash(r: Omit<LedgerRow, "entry_hash">): string {
  return sha256(canonicalJson(r));
}

function append(
  db: Db,
  e: Omit<LedgerRow, "seq" | "prev_hash" | "entry_hash" | "recorded_at">,
  now: string,
): number {
  const last = db.prepare("SELECT seq, entry_hash FROM ledger ORDER BY seq DESC LIMIT 1").get() as
    | { seq: number; entry_hash: string }
    | undefined;
  const row = { ...e, seq: (last?.seq ?? 0) + 1, recorded_at: now, prev_hash: last?.entry_hash ?? GENESIS };
  db.prepare(
    "INSERT INTO ledger (seq, kind, policy, version, policy_hash, task, period, draw_date, manifest_hash, body, recorded_at, prev_hash, entry_hash) VALUES (@seq, @kind, @policy, @version, @policy_hash, @task, @period, @draw_date, @manifest_hash, @body, @recorded_at, @prev_hash, @entry_hash)",
  ).run({ ...row, entry_hash: entryHash(row) });
  return row.seq;
}

/**
 * Appends a draw in one immediate transaction: refused when a live draw of the same policy, task
 * and period exists, or when the ledger no longer stands at `seen`, where the draw read it (see
 * {@link LedgerMovedError}); a failure records nothing. `output` is the draw's complete folder, staged
 * under a temporary name: the same transaction records that it must be moved to its target, which
 * the caller does once this returns ({@link finishOutput}), or the next opening of the database
 * does if the process died in between. So a recorded draw always ends up with its folder, and a
 * folder is only ever moved into place for a recorded draw.
 */
export function appendDraw(
  db: Db,
  d: DrawEntry,
  now: string,
  output?: PendingOutput,
  seen?: LedgerMark,
): number {
  const tx = db.transaction(() => {
    const live = liveDraw(db, d.policy, d.task, d.period);
    if (live !== undefined) throw new DuplicateDrawError(live);
    const changed = changedVersion(db, d.policy, d.version, d.policyHash);
    if (changed) throw changed;
    if (seen) {
      const mark = ledgerMark(db);
      if (mark.seq !== seen.seq || mark.results !== seen.results || mark.corrections !== seen.corrections)
        throw new LedgerMovedError(seen, mark);
    }
    const body = {
      manifest: d.manifest,
      plannedHash: sha256(canonicalJson(d.planned)),
      assignedHash: sha256(canonicalJson(d.assigned)),
    };
    const seq = append(
      db,
      {
        kind: "draw",
        policy: d.policy,
        version: d.version,
        policy_hash: d.policyHash,
        task: d.task,
        period: d.period,
        draw_date: d.drawDate,
        manifest_hash: sha256(canonicalJson(d.manifest)),
        body: canonicalJson(body),
      },
      now,
    );
    const p = db.prepare(
      "INSERT INTO planned (draw_seq, uscc, name, date, period, departments, treatment, joint, exclusive) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    for (const r of d.planned)
      p.run(
        seq,
        r.uscc,
        r.name,
        r.date,
        r.period,
        JSON.stringify(r.departments),
        r.treatment,
        r.joint ? 1 : 0,
        r.exclusive ? 1 : 0,
      );
    const a = db.prepare("INSERT INTO assigned (draw_seq, uscc, inspector, role) VALUES (?, ?, ?, ?)");
    for (const r of d.assigned) a.run(seq, r.uscc, r.inspector, r.role);
    if (output)
      db.prepare("INSERT INTO pending_outputs (draw_seq, staged, target) VALUES (?, ?, ?)").run(
        seq,
        output.staged,
        output.target,
      );
    return seq;
  });
  return tx.immediate();
}

/** Cancels the live draw of a policy, task and period, with a reason; returns the cancelled seq. */
export function cancelDraw(
  db: Db,
  policy: string,
  task: string,
  period: string,
  reason: string,
  now: string,
): number | undefined {
  const tx = db.transaction(() => {
    const live = liveDraw(db, policy, task, period);
    if (live === undefined) return undefined;
    const target = db.prepare("SELECT * FROM ledger WHERE seq = ?").get(live) as LedgerRow;
    const body = { cancels: live, reason };
    append(
      db,
      {
        kind: "cancel",
        policy,
        version: target.version,
        policy_hash: target.policy_hash,
        task,
        period,
        draw_date: today(new Date(now)),
        manifest_hash: target.manifest_hash,
        body: canonicalJson(body),
      },
      now,
    );
    return live;
  });
  return tx.immediate();
}

/** How many visits a recorded draw planned, and of those how many have a result recorded (were made). */
export function visitsMade(db: Db, seq: number): { visits: number; made: number } {
  return db
    .prepare("SELECT count(*) AS visits, count(done_by) AS made FROM planned WHERE draw_seq = ?")
    .get(seq) as { visits: number; made: number };
}

/** The name of a draw's task when none is given (the draw of the period for every department). */
export const DEFAULT_TASK = "default";

/**
 * A task's name as shown in `lang`: in Chinese the default task is called so, with the name that
 * options take (draw cancel --task default) beside it; any other name as it was given.
 */
export function taskText(name: string, lang: Lang): string {
  return lang === "zh" && name === DEFAULT_TASK ? `默认任务（${DEFAULT_TASK}）` : name;
}
