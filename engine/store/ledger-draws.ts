/** The draws of the ledger as later draws and commands ask after them: in force or cancelled, by place, by seed. */

import type { Db } from "./db.js";
import { storedJson, TEXT_LIST } from "./stored-json.js";

/**
 * The draws cancelled, by their entries' seq: a subquery SQLite runs once for a statement, where
 * one correlated to each row read the ledger's entries again for each of a draw's some 200,000
 * planned inspections and assignments.
 */
export const CANCELLED =
  "SELECT json_extract(c.body, '$.cancels') FROM ledger c WHERE c.kind = 'cancel' AND json_extract(c.body, '$.cancels') IS NOT NULL";

/** A draw entry `l` no entry cancels. */
export const IN_FORCE = `l.seq NOT IN (${CANCELLED})`;

/** The live (not cancelled) draw of a policy, task and period, if any. */
export function liveDraw(db: Db, policy: string, task: string, period: string): number | undefined {
  const row = db
    .prepare(
      `SELECT l.seq FROM ledger l WHERE l.kind = 'draw' AND l.policy = ? AND l.task = ? AND l.period = ? AND ${IN_FORCE} ORDER BY l.seq DESC LIMIT 1`,
    )
    .get(policy, task, period) as { seq: number } | undefined;
  return row?.seq;
}

/** Where a draw is made: its policy, task and period. */
export interface DrawPlace {
  readonly policy: string;
  readonly task: string;
  readonly period: string;
}

/**
 * Whether a draw at `at` may not take the public seed of the earlier draw `earlier`: one of
 * another period (its seed was known before this draw's frame was fixed), or of the same policy,
 * task and period (a cancelled draw, redrawn with its seed known). Several tasks of one period
 * drawn at one public drawing share its seed.
 */
export function seedNotShared(earlier: DrawPlace, at: DrawPlace): boolean {
  return earlier.period !== at.period || (earlier.policy === at.policy && earlier.task === at.task);
}

/**
 * The first draw of the ledger made with the public seed `seed` that a draw at `at` may not share
 * it with (see seedNotShared), the draw of its own task and period in force aside (a second draw
 * of them is refused as such).
 */
export function seedUsedBefore(
  db: Db,
  seed: string,
  at: DrawPlace,
): (DrawPlace & { seq: number }) | undefined {
  const draws = db
    .prepare(
      `SELECT l.seq, l.policy, l.task, l.period, ${IN_FORCE} AS live FROM ledger l WHERE l.kind = 'draw' AND json_extract(l.body, '$.manifest.seed') = ? ORDER BY l.seq`,
    )
    .all(seed) as (DrawPlace & { seq: number; live: number })[];
  return draws.find((d) => seedNotShared(d, at) && !(d.live && d.period === at.period));
}

/** The departments a recorded draw's task took part with (its manifest's), where it records them. */
export function drawDepartments(db: Db, seq: number): string[] | undefined {
  const row = db
    .prepare(
      "SELECT json_extract(body, '$.manifest.task.departments') AS departments FROM ledger WHERE seq = ?",
    )
    .get(seq) as { departments: string | null } | undefined;
  if (!row?.departments) return undefined;
  return storedJson(row.departments, TEXT_LIST, {
    table: "ledger",
    row: seq,
    column: "body (task.departments)",
  });
}

/**
 * The latest draw of a policy and task not cancelled, of any period, with how many enterprises
 * its directory held (its manifest's count); undefined where there is none.
 */
export function lastDrawOf(
  db: Db,
  policy: string,
  task: string,
): { seq: number; period: string; enterprises: number } | undefined {
  const row = db
    .prepare(
      `SELECT l.seq, l.period, json_extract(l.body, '$.manifest.inputs.enterprises.records') AS enterprises FROM ledger l WHERE l.kind = 'draw' AND l.policy = ? AND l.task = ? AND ${IN_FORCE} ORDER BY l.seq DESC LIMIT 1`,
    )
    .get(policy, task) as { seq: number; period: string; enterprises: number | null } | undefined;
  return row && typeof row.enterprises === "number" ? { ...row, enterprises: row.enterprises } : undefined;
}

/** The draws of the ledger not cancelled, latest first: what a cancellation may name. */
export function liveDraws(db: Db): { seq: number; policy: string; task: string; period: string }[] {
  return db
    .prepare(
      `SELECT l.seq, l.policy, l.task, l.period FROM ledger l WHERE l.kind = 'draw' AND ${IN_FORCE} ORDER BY l.seq DESC`,
    )
    .all() as { seq: number; policy: string; task: string; period: string }[];
}

/** The cancellation of the latest draw of a policy, task and period, where it was cancelled: its entry and the draw's. */
export function cancelledDraw(
  db: Db,
  policy: string,
  task: string,
  period: string,
): { draw: number; cancel: number } | undefined {
  return db
    .prepare(
      "SELECT l.seq AS draw, c.seq AS cancel FROM ledger l JOIN ledger c ON c.kind = 'cancel' AND json_extract(c.body, '$.cancels') = l.seq WHERE l.kind = 'draw' AND l.policy = ? AND l.task = ? AND l.period = ? ORDER BY l.seq DESC LIMIT 1",
    )
    .get(policy, task, period) as { draw: number; cancel: number } | undefined;
}
