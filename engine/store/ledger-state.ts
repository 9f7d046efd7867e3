// What the ledger says of the draws recorded: which planned inspections are live, and what a new
// draw takes from them (visits not yet made, enterprises taken, inspectors' load and recent visits).

import type { HistoryEntry } from "../data/records.js";
import type { LedgerState } from "../draw/frame.js";
import type { Db } from "./db.js";
import { storedJson, TEXT_LIST } from "./stored-json.js";

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
    department: storedJson(p.departments, TEXT_LIST, {
      table: "planned",
      row: p.uscc,
      column: "departments",
    }).join(";"),
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
