// What the ledger says of the draws recorded: which planned inspections are live, and what a new
// draw takes from them (visits not yet made, enterprises taken, inspectors' load and recent visits).

import type { HistoryEntry } from "../data/records.js";
import type { LedgerState } from "../draw/frame.js";
import type { Db } from "./db.js";
import { CANCELLED } from "./ledger-draws.js";
import { storedJson, TEXT_LIST } from "./stored-json.js";

/** The condition that a planned inspection `p` belongs to a draw that is not cancelled. */
export const LIVE = `p.draw_seq NOT IN (${CANCELLED})`;

/** The condition that a planned inspection `p` is a live draw's visit no result has made yet. */
const OPEN = `p.done_by IS NULL AND ${LIVE}`;

/**
 * The draws of a period (`?`), by which its planned inspections and assignments are found by their
 * key: read by another index, every one of the ledger was (0.7 s for the inspectors' load in a
 * ledger of six draws of 100,000 enterprises, 5.6 s in one of thirty).
 */
const PERIOD_DRAWS = "SELECT seq FROM ledger WHERE kind = 'draw' AND period = ?";

/** A planned visit as openVisits reads it. */
type PlannedRow = { uscc: string; date: string; departments: string; joint: number };

/**
 * The visits of live draws not yet made (no result fulfilled them), as inspections on their planned
 * days: what caps count besides the inspections made. Of the enterprise `only` alone, where given
 * (one explained): read by its index, not the ledger's every visit.
 */
export function openVisits(db: Db, only?: string): HistoryEntry[] {
  const of = only === undefined ? "" : "p.uscc = ? AND ";
  const planned = db
    .prepare(`SELECT p.uscc, p.date, p.departments, p.joint FROM planned p WHERE ${of}${OPEN}`)
    .all(...(only === undefined ? [] : [only])) as PlannedRow[];
  return planned.map((p) => ({
    uscc: p.uscc,
    date: p.date,
    department: storedJson(p.departments, TEXT_LIST, {
      table: "planned",
      row: p.uscc,
      column: "departments",
    }).join(";"),
    kind: p.joint ? "joint" : "random",
    result: [],
  }));
}

/**
 * How many visits of live draws are not yet made: all of the ledger's, or those planned from `from`
 * to `to` (a cap's window).
 */
export function openVisitCount(db: Db, between?: { from: string; to: string }): number {
  const of = between ? "p.date BETWEEN ? AND ? AND " : "";
  return (
    db
      .prepare(`SELECT count(*) AS n FROM planned p WHERE ${of}${OPEN}`)
      .get(...(between ? [between.from, between.to] : [])) as { n: number }
  ).n;
}

/**
 * What the ledger contributes to a new draw in `period` (see LedgerState); its visits not yet made
 * of the enterprise `only` alone, where given (one explained, see openVisits).
 */
export function ledgerState(db: Db, period: string, avoidRepeat: number, only?: string): LedgerState {
  const history = openVisits(db, only);
  const exclusiveTaken = (
    db
      .prepare(
        `SELECT DISTINCT p.uscc FROM planned p
         WHERE p.draw_seq IN (${PERIOD_DRAWS}) AND p.period = ? AND p.exclusive = 1 AND ${LIVE}`,
      )
      .all(period, period) as { uscc: string }[]
  ).map((r) => r.uscc);
  const load: Record<string, number> = {};
  for (const r of db
    .prepare(
      `SELECT a.inspector, count(*) AS n FROM assigned a JOIN planned p ON p.draw_seq = a.draw_seq AND p.uscc = a.uscc
       WHERE a.draw_seq IN (${PERIOD_DRAWS}) AND p.period = ? AND ${LIVE} GROUP BY a.inspector`,
    )
    .all(period, period) as { inspector: string; n: number }[])
    load[r.inspector] = r.n;
  const recent: Record<string, string[]> = {};
  if (avoidRepeat > 0) {
    // Of each inspector, the latest `avoidRepeat` live draws that assigned them, chosen by SQLite on
    // the inspectors' index (inspector, draw), then their assignments: every assignment of the
    // ledger was read and those of older draws skipped (0.6 s in a ledger of six draws of 100,000).
    const rows = db
      .prepare(
        `WITH latest AS (
           SELECT inspector, draw_seq FROM (
             SELECT inspector, draw_seq, row_number() OVER (PARTITION BY inspector ORDER BY draw_seq DESC) AS n
             FROM (SELECT DISTINCT inspector, draw_seq FROM assigned WHERE draw_seq NOT IN (${CANCELLED})))
           WHERE n <= ?)
         SELECT a.inspector, a.uscc FROM latest d
           JOIN assigned a ON a.inspector = d.inspector AND a.draw_seq = d.draw_seq
           JOIN planned p ON p.draw_seq = a.draw_seq AND p.uscc = a.uscc
         ORDER BY a.inspector, a.draw_seq DESC`,
      )
      .all(avoidRepeat) as { inspector: string; uscc: string }[];
    for (const r of rows) {
      const seenBy = recent[r.inspector] ?? [];
      seenBy.push(r.uscc);
      recent[r.inspector] = seenBy;
    }
  }
  return { history, exclusiveTaken, load, recent };
}
