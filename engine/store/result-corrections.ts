/** The corrections (更正) and withdrawals (撤回) of recorded results: kept as they are made, and listed. */

import type { Db } from "./db.js";
import type { RecordedResult } from "./results.js";
import { OBJECT, storedJson } from "./stored-json.js";

/**
 * Records in the corrections table, before the result `id` is corrected or withdrawn, what it says
 * and what it is to say (null: withdrawn).
 */
export function correctionRecorder(db: Db) {
  const insert = db.prepare(
    `INSERT INTO corrections (result_id, uscc, date, department, item, before, after, reason, source_hash, corrected_at)
     SELECT id, uscc, date, department, item,
       json_object('kind', kind, 'result', json(result), 'inspectors', json(inspectors), 'source_hash', source_hash, 'imported_at', imported_at),
       ?, ?, ?, ? FROM results WHERE id = ?`,
  );
  return (
    id: number | bigint,
    after: RecordedResult | null,
    reason: string,
    sourceHash: string,
    now: string,
  ) => {
    const said =
      after === null
        ? null
        : JSON.stringify({ kind: after.kind, result: after.result, inspectors: after.inspectors });
    insert.run(said, reason, sourceHash, now, id);
  };
}

/** A correction of a recorded result: which result, what it said before and after (null: withdrawn), why, from which file and when. */
export interface CorrectionListing {
  readonly uscc: string;
  readonly date: string;
  readonly department: string;
  readonly item: string;
  readonly before: RecordedResult;
  /** What it says since; null when the result was withdrawn. */
  readonly after: RecordedResult | null;
  readonly reason: string;
  /** The SHA-256 of the file that corrected it. */
  readonly file: string;
  /** When it was corrected (ISO). */
  readonly at: string;
}

/**
 * The corrections and withdrawals of recorded results, in the order they were made; of the
 * results of inspections dated from `from` to `to` (inclusive) when given.
 */
export function listCorrections(
  db: Db,
  span?: { from: string; to: string },
  /** Of one enterprise's results; `beforeTheLog`: only those made before the results log began (no entry of it has them). */
  of?: { readonly uscc: string; readonly beforeTheLog?: boolean },
): CorrectionListing[] {
  const rows = db
    .prepare(
      `SELECT uscc, date, department, item, before, after, reason, source_hash, corrected_at FROM corrections c
       WHERE (? IS NULL OR date BETWEEN ? AND ?) AND (? IS NULL OR uscc = ?)
         AND (? = 0 OR NOT EXISTS (SELECT 1 FROM result_log l WHERE l.op <> 'record' AND l.result_id = c.result_id AND l.at = c.corrected_at))
       ORDER BY id`,
    )
    .all(
      span?.from ?? null,
      span?.from ?? null,
      span?.to ?? null,
      of?.uscc ?? null,
      of?.uscc ?? null,
      of?.beforeTheLog ? 1 : 0,
    ) as {
    uscc: string;
    date: string;
    department: string;
    item: string;
    before: string;
    after: string | null;
    reason: string;
    source_hash: string;
    corrected_at: string;
  }[];
  const said = (json: string, row: number | string, column: string): RecordedResult => {
    const x = storedJson(json, OBJECT, { table: "corrections", row, column }) as unknown as RecordedResult;
    return { kind: x.kind, result: x.result, inspectors: x.inspectors };
  };
  return rows.map((c) => ({
    uscc: c.uscc,
    date: c.date,
    department: c.department,
    item: c.item,
    before: said(c.before, `${c.uscc} ${c.date} ${c.item}`, "before"),
    after: c.after === null ? null : said(c.after, `${c.uscc} ${c.date} ${c.item}`, "after"),
    reason: c.reason,
    file: c.source_hash,
    at: c.corrected_at,
  }));
}

/** The withdrawals (撤回) of results of inspections dated from `from` to `to`: how many, and when the latest was made (ISO). */
export function withdrawnBetween(db: Db, from: string, to: string): { count: number; latest: string | null } {
  return db
    .prepare(
      "SELECT count(*) AS count, max(corrected_at) AS latest FROM corrections WHERE after IS NULL AND date BETWEEN ? AND ?",
    )
    .get(from, to) as { count: number; latest: string | null };
}
