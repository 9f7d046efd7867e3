/** The recorded results as the draws, the publication and the notices read them: by visit, by period, their span. */

import type { HistoryEntry, InspectionKind, ResultRecord } from "../data/records.js";
import type { Db } from "./db.js";
import { storedJson, TEXT_LIST } from "./stored-json.js";

/**
 * How many visits the recorded results make (see visits: the results of an enterprise on one day
 * are one), and the day of the first; counted by SQLite on the results' index, without
 * reading them.
 */
export function recordedVisits(db: Db): { count: number; first?: string } {
  const row = db
    .prepare(
      "SELECT count(*) AS count, min(date) AS first FROM (SELECT uscc, date FROM results GROUP BY uscc, date)",
    )
    .get() as { count: number; first: string | null };
  return row.first === null ? { count: row.count } : { count: row.count, first: row.first };
}

/**
 * The recorded results as history entries, one per result (a visit's items each one, which
 * visits() merges), of the enterprise `uscc` alone where given, by enterprise and date as SQLite
 * sorts the table's rows (the unary plus keeps it from walking the unique index instead, which
 * looked up the table for each row: 600,000 results read in 4.9 s, against 1.9 s in the table's
 * order and 2.5 s sorted so). A draw sorts its history anyway (see canonicalInputs), and does it
 * faster for rows that come mostly in order. The rows are taken one at a time: `all()` first made
 * every row an object in one array, 3.5 s and 400 MB for 600,000 against 2.3 s and 265 MB so.
 */
export function storeResultEntries(db: Db, uscc?: string): HistoryEntry[] {
  const columns = "SELECT uscc, date, department, kind, result FROM results";
  const rows = (
    uscc === undefined
      ? db.prepare(`${columns} ORDER BY +uscc, +date`).iterate()
      : db.prepare(`${columns} WHERE uscc = ? ORDER BY date`).iterate(uscc)
  ) as IterableIterator<{
    uscc: string;
    date: string;
    department: string;
    kind: InspectionKind;
    result: unknown;
  }>;
  // A few texts stand for most results (["none"], no problem found): each is parsed once, its list shared.
  const lists = new Map<unknown, readonly string[]>();
  const entries: HistoryEntry[] = [];
  for (const r of rows) {
    let result = lists.get(r.result);
    if (result === undefined) {
      result = Object.freeze(
        storedJson(r.result, TEXT_LIST, { table: "results", row: `${r.uscc} ${r.date}`, column: "result" }),
      );
      lists.set(r.result, result);
    }
    entries.push({ uscc: r.uscc, date: r.date, department: r.department, kind: r.kind, result });
  }
  return entries;
}

/** How many results the database holds, and the dates of its first and last (undefined when it holds none). */
export function resultsSpan(db: Db): { count: number; first: string; last: string } | undefined {
  const row = db
    .prepare("SELECT count(*) AS count, min(date) AS first, max(date) AS last FROM results")
    .get() as {
    count: number;
    first: string | null;
    last: string | null;
  };
  return row.count && row.first && row.last
    ? { count: row.count, first: row.first, last: row.last }
    : undefined;
}

/**
 * Results recorded for a period (inclusive dates), for publication, each with the time of its
 * latest correction (ISO, as recorded), or null when it says what it said when recorded. A
 * withdrawal is no correction of a result the table holds, nor one of another place: a ledger made
 * before result ids were kept unique may have given a withdrawn result's id to a later one.
 */
export function resultsBetween(
  db: Db,
  from: string,
  to: string,
): (ResultRecord & { readonly corrected: string | null })[] {
  const rows = db
    .prepare(
      `SELECT uscc, date, department, item, kind, result, inspectors,
         (SELECT max(c.corrected_at) FROM corrections c WHERE c.result_id = r.id AND c.after IS NOT NULL
           AND c.uscc = r.uscc AND c.date = r.date AND c.department = r.department AND c.item = r.item) AS corrected
       FROM results r WHERE date >= ? AND date <= ? ORDER BY date, uscc, department, item`,
    )
    .all(from, to) as {
    uscc: string;
    date: string;
    department: string;
    item: string;
    kind: InspectionKind;
    result: string;
    inspectors: string;
    corrected: string | null;
  }[];
  return rows.map((r) => {
    const at = (column: string) => ({ table: "results", row: `${r.uscc} ${r.date} ${r.item}`, column });
    return {
      ...r,
      result: storedJson(r.result, TEXT_LIST, at("result")),
      inspectors: storedJson(r.inspectors, TEXT_LIST, at("inspectors")),
    };
  });
}
