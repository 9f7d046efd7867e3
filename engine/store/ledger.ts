import { canonicalJson, sha256 } from "../canonical.js";
import { type Lang, tr } from "../lang.js";
import { today } from "../period.js";
import type { Db } from "./db.js";
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

/** A draw of the same policy, task and period already recorded and not cancelled. */
export class DuplicateDrawError extends Error {
  constructor(readonly seq: number) {
    super(DuplicateDrawError.text(seq, "en"));
  }

  static text(seq: number, lang: Lang): string {
    return tr(
      lang,
      `draw #${seq} for this policy, task and period is already recorded; cancel it first (gradedraw draw cancel)`,
      `该政策、任务和期间的抽取已记入台账（第 ${seq} 条）；如需重新抽取，请先撤销（gradedraw draw cancel）`,
    );
  }
}

/**
 * A policy version whose content is not what the ledger's earlier draws of it were made with: an
 * approved version edited in place. Its draws would be recorded under one name for two policies,
 * and a draw verified against the file would no longer match it; a change is a new version.
 */
export class ChangedVersionError extends Error {
  constructor(
    readonly id: string,
    readonly seq: number,
    readonly recorded: string,
    readonly now: string,
  ) {
    super(ChangedVersionError.text(id, seq, recorded, now, "en"));
  }

  static text(id: string, seq: number, recorded: string, now: string, lang: Lang): string {
    const [was, is] = [recorded.slice(0, 12), now.slice(0, 12)];
    return tr(
      lang,
      `${id} is not the policy the ledger's draw #${seq} was made with under that version (policy hash ${was}… recorded, ${is}… now): the file was changed after its draws; a changed policy takes a new version, approved again (or put back the content it had)`,
      `${id} 与台账第 ${seq} 条抽取使用的同一版本内容不同（记录的政策哈希 ${was}…，现为 ${is}…）：该文件在抽取后被修改；修改后的政策应使用新的版本号并重新批准（或恢复原内容）`,
    );
  }
}

/** The first draw of the ledger made with `policy@version` under other content than `hash`, if any. */
export function changedVersion(
  db: Db,
  policy: string,
  version: string,
  hash: string,
): ChangedVersionError | undefined {
  const row = db
    .prepare(
      "SELECT seq, policy_hash AS hash FROM ledger WHERE kind = 'draw' AND policy = ? AND version = ? AND policy_hash <> ? ORDER BY seq LIMIT 1",
    )
    .get(policy, version, hash) as { seq: number; hash: string } | undefined;
  return row && new ChangedVersionError(`${policy}@${version}`, row.seq, row.hash, hash);
}

/**
 * Where the ledger stood when a draw read it: its last entry (0 when it has none), how many
 * inspection results it holds, and how many corrections and withdrawals of them it has recorded
 * (the history a draw reads). Entries and corrections only grow: a draw or cancellation appends an
 * entry, an import appends results, a correction or withdrawal appends a correction (a withdrawal
 * deletes its result).
 */
export interface LedgerMark {
  readonly seq: number;
  readonly results: number;
  readonly corrections: number;
}

/** The mark of a ledger not yet created. */
export const EMPTY_LEDGER_MARK: LedgerMark = { seq: 0, results: 0, corrections: 0 };

/** Where the ledger stands now (see {@link LedgerMark}). */
export function ledgerMark(db: Db): LedgerMark {
  const row = db
    .prepare(
      "SELECT (SELECT coalesce(max(seq), 0) FROM ledger) AS seq, (SELECT count(*) FROM results) AS results, (SELECT count(*) FROM corrections) AS corrections",
    )
    .get() as LedgerMark;
  return { seq: row.seq, results: row.results, corrections: row.corrections };
}

/**
 * The ledger changed between the moment a draw read it and the moment the draw was to be recorded:
 * another process recorded a draw, a cancellation or results meanwhile. The draw was derived
 * from the ledger as it stood before (caps, exclusive treatments, inspector loads) and records
 * that state as an input, so it is not recorded.
 */
export class LedgerMovedError extends Error {
  constructor(
    readonly seen: LedgerMark,
    readonly now: LedgerMark,
  ) {
    super(LedgerMovedError.text(seen, now, "en"));
  }

  static text(seen: LedgerMark, now: LedgerMark, lang: Lang): string {
    const what =
      now.seq !== seen.seq
        ? tr(
            lang,
            `entr${now.seq - seen.seq === 1 ? "y" : "ies"} ${range(seen.seq + 1, now.seq)} (a draw or a cancellation)`,
            `第 ${range(seen.seq + 1, now.seq)} 条（抽取或撤销）`,
          )
        : now.corrections !== seen.corrections
          ? tr(
              lang,
              `${now.corrections - seen.corrections} correction(s) or withdrawal(s) of inspection results`,
              `${now.corrections - seen.corrections} 条检查结果的更正或撤回`,
            )
          : tr(
              lang,
              `${now.results - seen.results} inspection result row(s)`,
              `${now.results - seen.results} 行检查结果`,
            );
    return tr(
      lang,
      `the ledger changed while this draw was being made: ${what} recorded by another process meanwhile. The draw was derived from the ledger as it stood before, so it is not recorded; run it again`,
      `抽取期间台账有变化：其他进程同时记入了${what}。本次抽取依据的是变化前的台账，因此未记入；请重新抽取`,
    );
  }
}

function range(from: number, to: number): string {
  return from === to ? `#${from}` : `#${from}–#${to}`;
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
