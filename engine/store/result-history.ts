/** One enterprise's results, recorded, corrected and withdrawn, from the results log and the corrections table. */

import type { InspectionKind } from "../data/records.js";
import type { Db } from "./db.js";
import { listCorrections } from "./result-corrections.js";
import type { ResultLogOp } from "./result-log.js";
import { OBJECT, type StoredShape, storedJson, TEXT_LIST } from "./stored-json.js";

/** A change of one enterprise's results, as `results history` lists it. */
export interface ResultHistoryEntry {
  /** Its entry of the results log; null for a correction or withdrawal made before the log began (the corrections table's). */
  readonly seq: number | null;
  /** held: a result the ledger held when the log began, as it stood then. */
  readonly op: ResultLogOp | "held";
  /** When it was recorded (ISO). */
  readonly at: string;
  readonly date: string;
  readonly department: string;
  readonly item: string;
  /** What the result said after the change (a withdrawal: what it said when withdrawn). */
  readonly kind: InspectionKind;
  readonly result: readonly string[];
  readonly inspectors: readonly string[];
  /** The SHA-256 of the file that recorded, corrected or withdrew it, and a correction's or withdrawal's reason. */
  readonly file: string;
  readonly reason?: string;
}

/** What a result said, as a log entry's body keeps it. */
interface Said {
  readonly kind: InspectionKind;
  readonly result: string[];
  readonly inspectors: string[];
  readonly source_hash: string;
}

/**
 * One enterprise's results, recorded, corrected and withdrawn, in the order made, or those of its
 * inspections dated from `from` to `to`, as an objection to a published result (异议) asks: the
 * entries of the results log, and the corrections and withdrawals the corrections table keeps from
 * before the log began (a ledger made by an earlier gradedraw).
 */

/** A result's entry of the results log, as gradedraw records it: the fields a history says. */
const LOG_BODY: StoredShape<Record<string, unknown>> = {
  is: (v): v is Record<string, unknown> => {
    if (!OBJECT.is(v)) return false;
    const text = (k: string) => typeof v[k] === "string";
    return (
      text("date") &&
      text("department") &&
      text("item") &&
      text("kind") &&
      TEXT_LIST.is(v.result) &&
      TEXT_LIST.is(v.inspectors) &&
      typeof (v.by ?? v.source_hash) === "string" &&
      (v.reason === undefined || text("reason"))
    );
  },
  en: "a result's entry as gradedraw records it",
  zh: "gradedraw 记录的结果条目",
};
export function resultHistory(
  db: Db,
  uscc: string,
  span?: { from: string; to: string },
): ResultHistoryEntry[] {
  const when = [span?.from ?? null, span?.from ?? null, span?.to ?? null];
  const logged = (
    db
      .prepare(
        `SELECT seq, op, at, body FROM result_log WHERE json_extract(body, '$.uscc') = ?
         AND (? IS NULL OR json_extract(body, '$.date') BETWEEN ? AND ?) ORDER BY seq`,
      )
      .all(uscc, ...when) as { seq: number; op: ResultLogOp; at: string; body: string }[]
  ).map((r): ResultHistoryEntry => {
    const b = storedJson(r.body, LOG_BODY, {
      table: "result_log",
      row: r.seq,
      column: "body",
    }) as unknown as Said & {
      date: string;
      department: string;
      item: string;
      reason?: string;
      by?: string;
      held?: true;
    };
    return {
      seq: r.seq,
      op: b.held ? "held" : r.op,
      at: r.at,
      date: b.date,
      department: b.department,
      item: b.item,
      kind: b.kind,
      result: b.result,
      inspectors: b.inspectors,
      file: b.by ?? b.source_hash,
      ...(b.reason === undefined ? {} : { reason: b.reason }),
    };
  });
  const before = listCorrections(db, span, { uscc, beforeTheLog: true }).map((c): ResultHistoryEntry => {
    const x = c.after ?? c.before;
    return {
      seq: null,
      op: c.after === null ? "withdraw" : "correct",
      at: c.at,
      date: c.date,
      department: c.department,
      item: c.item,
      kind: x.kind,
      result: x.result,
      inspectors: x.inspectors,
      file: c.file,
      reason: c.reason,
    };
  });
  // In the order made; a change before the log began ahead of the log's entry made at the same moment.
  return [...before, ...logged].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
