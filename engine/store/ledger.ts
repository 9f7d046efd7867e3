import { canonicalJson, sha256 } from "../canonical.js";
import type { HistoryEntry } from "../data/records.js";
import type { LedgerState } from "../draw/frame.js";
import { type Lang, tr } from "../lang.js";
import { today } from "../period.js";
import type { Db } from "./db.js";
import { type PendingOutput, unfinishedOutputs } from "./outputs.js";

/** The hash that starts the chain. */
export const GENESIS = "0".repeat(64);

/** A row of the ledger table. */
interface LedgerRow {
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
 * Where the ledger stood when a draw read it: its last entry (0 when it has none) and how many
 * inspection results it holds. Both only grow: a draw or cancellation appends an entry, an import
 * appends results.
 */
export interface LedgerMark {
  readonly seq: number;
  readonly results: number;
}

/** The mark of a ledger not yet created. */
export const EMPTY_LEDGER_MARK: LedgerMark = { seq: 0, results: 0 };

export function ledgerMark(db: Db): LedgerMark {
  const row = db
    .prepare(
      "SELECT (SELECT coalesce(max(seq), 0) FROM ledger) AS seq, (SELECT count(*) FROM results) AS results",
    )
    .get() as LedgerMark;
  return { seq: row.seq, results: row.results };
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

function entryHash(r: Omit<LedgerRow, "entry_hash">): string {
  return sha256(canonicalJson(r));
}

/** The live (not cancelled) draw of a policy, task and period, if any. */
export function liveDraw(db: Db, policy: string, task: string, period: string): number | undefined {
  const row = db
    .prepare(
      "SELECT l.seq FROM ledger l WHERE l.kind = 'draw' AND l.policy = ? AND l.task = ? AND l.period = ? AND NOT EXISTS (SELECT 1 FROM ledger c WHERE c.kind = 'cancel' AND json_extract(c.body, '$.cancels') = l.seq) ORDER BY l.seq DESC LIMIT 1",
    )
    .get(policy, task, period) as { seq: number } | undefined;
  return row?.seq;
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
    if (seen) {
      const mark = ledgerMark(db);
      if (mark.seq !== seen.seq || mark.results !== seen.results) throw new LedgerMovedError(seen, mark);
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

/** The condition that a planned inspection `p` belongs to a draw that is not cancelled. */
export const LIVE =
  "NOT EXISTS (SELECT 1 FROM ledger c WHERE c.kind = 'cancel' AND json_extract(c.body, '$.cancels') = p.draw_seq)";

/** What the ledger contributes to a new draw in `period` (see LedgerState). */
export function ledgerState(db: Db, period: string, avoidRepeat: number): LedgerState {
  const planned = db
    .prepare(
      `SELECT p.uscc, p.date, p.departments, p.joint FROM planned p WHERE p.done_by IS NULL AND ${LIVE}`,
    )
    .all() as { uscc: string; date: string; departments: string; joint: number }[];
  const history: HistoryEntry[] = planned.map((p) => ({
    uscc: p.uscc,
    date: p.date,
    department: (JSON.parse(p.departments) as string[]).join(";"),
    kind: p.joint ? "joint" : "random",
    result: [],
  }));
  const exclusiveTaken = (
    db
      .prepare(`SELECT DISTINCT p.uscc FROM planned p WHERE p.period = ? AND p.exclusive = 1 AND ${LIVE}`)
      .all(period) as { uscc: string }[]
  ).map((r) => r.uscc);
  const load: Record<string, number> = {};
  for (const r of db
    .prepare(
      `SELECT a.inspector, count(*) AS n FROM assigned a JOIN planned p ON p.draw_seq = a.draw_seq AND p.uscc = a.uscc WHERE p.period = ? AND ${LIVE} GROUP BY a.inspector`,
    )
    .all(period) as { inspector: string; n: number }[])
    load[r.inspector] = r.n;
  const recent: Record<string, string[]> = {};
  if (avoidRepeat > 0) {
    const rows = db
      .prepare(
        `SELECT a.inspector, a.draw_seq, a.uscc FROM assigned a JOIN planned p ON p.draw_seq = a.draw_seq AND p.uscc = a.uscc WHERE ${LIVE} ORDER BY a.inspector, a.draw_seq DESC`,
      )
      .all() as { inspector: string; draw_seq: number; uscc: string }[];
    const seen = new Map<string, Set<number>>();
    for (const r of rows) {
      const draws = seen.get(r.inspector) ?? new Set<number>();
      seen.set(r.inspector, draws);
      if (!draws.has(r.draw_seq)) {
        if (draws.size >= avoidRepeat) continue;
        draws.add(r.draw_seq);
      }
      const seenBy = recent[r.inspector] ?? [];
      seenBy.push(r.uscc);
      recent[r.inspector] = seenBy;
    }
  }
  return { history, exclusiveTaken, load, recent };
}

/** A problem found by the ledger check. */
export interface LedgerProblem {
  readonly seq: number;
  readonly message: string;
}

/**
 * Checks the hash chain and every draw's recorded manifest, planned inspections and assignments:
 * an edited, deleted or reordered row is named.
 */
export function verifyLedger(db: Db, lang: Lang = "en"): { entries: number; problems: LedgerProblem[] } {
  const rows = db.prepare("SELECT * FROM ledger ORDER BY seq").all() as LedgerRow[];
  const problems: LedgerProblem[] = [];
  let prev = GENESIS;
  rows.forEach((r, i) => {
    if (r.seq !== i + 1)
      problems.push({
        seq: r.seq,
        message: tr(
          lang,
          `entry #${r.seq} is at position ${i + 1}: an entry before it was deleted or the entries were renumbered`,
          `第 ${r.seq} 条位于第 ${i + 1} 位：之前的条目被删除，或条目被重新编号`,
        ),
      });
    const { entry_hash, ...rest } = r;
    if (entryHash(rest) !== entry_hash)
      problems.push({
        seq: r.seq,
        message: tr(
          lang,
          `entry #${r.seq} was edited: its content does not match its hash`,
          `第 ${r.seq} 条被修改：内容与其哈希值不符`,
        ),
      });
    if (r.prev_hash !== prev)
      problems.push({
        seq: r.seq,
        message: tr(
          lang,
          `entry #${r.seq} does not follow entry #${r.seq - 1}: the chain is broken (deleted, inserted or reordered entries)`,
          `第 ${r.seq} 条未接续第 ${r.seq - 1} 条：哈希链断裂（条目被删除、插入或调换顺序）`,
        ),
      });
    prev = entry_hash;
    if (r.kind === "draw") {
      const body = JSON.parse(r.body) as { manifest: unknown; plannedHash: string; assignedHash: string };
      if (sha256(canonicalJson(body.manifest)) !== r.manifest_hash)
        problems.push({
          seq: r.seq,
          message: tr(
            lang,
            `entry #${r.seq}: the recorded manifest does not match its hash`,
            `第 ${r.seq} 条：记录的清单（manifest）与其哈希值不符`,
          ),
        });
      const planned = (
        db
          .prepare(
            "SELECT uscc, name, date, period, departments, treatment, joint, exclusive FROM planned WHERE draw_seq = ? ORDER BY rowid",
          )
          .all(r.seq) as {
          uscc: string;
          name: string;
          date: string;
          period: string;
          departments: string;
          treatment: string;
          joint: number;
          exclusive: number;
        }[]
      ).map((p) => ({
        ...p,
        departments: JSON.parse(p.departments),
        joint: p.joint === 1,
        exclusive: p.exclusive === 1,
      }));
      if (sha256(canonicalJson(planned)) !== body.plannedHash)
        problems.push({
          seq: r.seq,
          message: tr(
            lang,
            `entry #${r.seq}: its planned inspections were edited, added or deleted`,
            `第 ${r.seq} 条：计划检查被修改、增加或删除`,
          ),
        });
      const assigned = db
        .prepare("SELECT uscc, inspector, role FROM assigned WHERE draw_seq = ? ORDER BY rowid")
        .all(r.seq);
      if (sha256(canonicalJson(assigned)) !== body.assignedHash)
        problems.push({
          seq: r.seq,
          message: tr(
            lang,
            `entry #${r.seq}: its inspector assignments were edited, added or deleted`,
            `第 ${r.seq} 条：执法人员选派被修改、增加或删除`,
          ),
        });
    }
  });
  problems.push(...unfinishedOutputs(db, lang));
  return { entries: rows.length, problems };
}

/** An entry of the ledger as `gradedraw ledger list` shows it. */
export interface LedgerListing {
  readonly seq: number;
  readonly kind: "draw" | "cancel";
  /** When the entry was recorded (ISO, UTC). */
  readonly recordedAt: string;
  readonly policy: string;
  readonly version: string;
  readonly task: string;
  readonly period: string;
  /** The day the draw was made (a cancellation: the day it was cancelled). */
  readonly drawDate: string;
  /** A draw: its public seed and counts, from its manifest. */
  readonly seed?: string;
  readonly selected?: number;
  readonly assignments?: number;
  /** A draw: its visits, and how many of them have results recorded. */
  readonly visits?: number;
  readonly made?: number;
  /** A draw since cancelled: the entry that cancelled it, and why. */
  readonly cancelledBy?: { readonly seq: number; readonly reason: string };
  /** A cancellation: the draw it cancels, and why. */
  readonly cancels?: number;
  readonly reason?: string;
}

/**
 * The ledger's entries in order, or those of one period: each draw with its seed, counts, the
 * visits made so far and whether it was cancelled; each cancellation with its draw and reason.
 * What an entry's body does not say (an edited ledger: see {@link verifyLedger}) is left out.
 */
export function listLedger(db: Db, period?: string): LedgerListing[] {
  const rows = (
    period === undefined
      ? db.prepare("SELECT * FROM ledger ORDER BY seq").all()
      : db.prepare("SELECT * FROM ledger WHERE period = ? ORDER BY seq").all(period)
  ) as LedgerRow[];
  const cancelled = new Map<number, { seq: number; reason: string }>();
  const bodies = new Map(rows.map((r) => [r.seq, parsedBody(r.body)]));
  for (const r of rows) {
    const b = bodies.get(r.seq);
    if (r.kind === "cancel" && typeof b?.cancels === "number")
      cancelled.set(b.cancels, { seq: r.seq, reason: String(b.reason ?? "") });
  }
  return rows.map((r) => {
    const b = bodies.get(r.seq) ?? {};
    const entry = {
      seq: r.seq,
      kind: r.kind,
      recordedAt: r.recorded_at,
      policy: r.policy,
      version: r.version,
      task: r.task,
      period: r.period,
      drawDate: r.draw_date,
    };
    if (r.kind === "cancel")
      return {
        ...entry,
        cancels: typeof b.cancels === "number" ? b.cancels : undefined,
        reason: typeof b.reason === "string" ? b.reason : undefined,
      };
    const m = (b.manifest ?? {}) as {
      seed?: unknown;
      counts?: { selected?: unknown; assignments?: unknown };
    };
    return {
      ...entry,
      seed: typeof m.seed === "string" ? m.seed : undefined,
      selected: typeof m.counts?.selected === "number" ? m.counts.selected : undefined,
      assignments: typeof m.counts?.assignments === "number" ? m.counts.assignments : undefined,
      ...visitsMade(db, r.seq),
      cancelledBy: cancelled.get(r.seq),
    };
  });
}

/** An entry's body as recorded, or an empty one when it is not JSON. */
function parsedBody(body: string): Record<string, unknown> {
  try {
    const v = JSON.parse(body) as unknown;
    return v && typeof v === "object" ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** A draw's entry in the ledger, found by its manifest, and the entry that cancelled it, if any. */
export interface RecordedDraw {
  readonly seq: number;
  readonly cancelledBy?: { readonly seq: number; readonly reason: string };
}

/** The draw entry of the ledger whose manifest is `manifest` (its latest, were there two), or undefined. */
export function recordedDraw(db: Db, manifest: unknown): RecordedDraw | undefined {
  const row = db
    .prepare("SELECT seq FROM ledger WHERE kind = 'draw' AND manifest_hash = ? ORDER BY seq DESC LIMIT 1")
    .get(sha256(canonicalJson(manifest))) as { seq: number } | undefined;
  if (!row) return undefined;
  const cancel = db
    .prepare(
      "SELECT seq, json_extract(body, '$.reason') AS reason FROM ledger WHERE kind = 'cancel' AND json_extract(body, '$.cancels') = ? ORDER BY seq LIMIT 1",
    )
    .get(row.seq) as { seq: number; reason: unknown } | undefined;
  return cancel
    ? { seq: row.seq, cancelledBy: { seq: cancel.seq, reason: String(cancel.reason ?? "") } }
    : row;
}
