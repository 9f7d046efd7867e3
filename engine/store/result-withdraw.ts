/** Withdrawing (撤回) recorded results: their rows deleted, what they said kept, the visits they reported reported again or reopened. */

import type { ResultRecord } from "../data/records.js";
import type { Db } from "./db.js";
import { LIVE } from "./ledger-state.js";
import { correctionRecorder } from "./result-corrections.js";
import { resultLogger } from "./result-log.js";
import { ConflictAbort, differences, type ImportConflict, recordedFinder } from "./results.js";
import { storedJson, TEXT_LIST } from "./stored-json.js";

/** What a withdrawal did. */
export interface WithdrawSummary {
  /** The rows withdrawn, by their place among those given. */
  readonly withdrawn: number[];
  /** Drawn visits a withdrawn result reported (each once) that another recorded result of theirs reports now. */
  readonly reported: number;
  /** Drawn visits a withdrawn result reported that are open again: no other result reports them. */
  readonly reopened: number;
}

/**
 * Withdraws (撤回) recorded results, in one transaction: all rows or none. Each row names a result
 * recorded as it says (its enterprise, date, department and item, and its kind, codes and
 * inspectors as recorded); its row is deleted and the corrections table keeps what it said, the
 * reason and the file. A drawn visit it reported is reported by another result of it (another
 * item's of the same visit, or one recorded under the right date), or is open again.
 * A row naming no recorded result, or saying another thing than the one recorded, stops it.
 */
export function withdrawResults(
  db: Db,
  records: readonly ResultRecord[],
  reason: string,
  sourceHash: string,
  now: string,
): {
  summary?: WithdrawSummary;
  /**
   * Rows naming no recorded result: their place, the days results of their enterprise, department
   * and item are recorded on, and when the result they name was withdrawn, if it was.
   */
  unknown: { index: number; recordedOn: string[]; withdrawn?: { at: string; reason: string } }[];
  conflicts: ImportConflict[];
} {
  const find = recordedFinder(db);
  const keep = correctionRecorder(db);
  const log = resultLogger(db);
  const remove = db.prepare("DELETE FROM results WHERE id = ?");
  const reports = db.prepare("SELECT draw_seq, uscc, date, departments FROM planned WHERE done_by = ?");
  const open = db.prepare("UPDATE planned SET done_by = NULL WHERE done_by = ?");
  // Another drawn result of the enterprise, of one of the visit's departments, from its day on,
  // that reports no visit yet: the earliest first.
  const candidates = db.prepare(
    `SELECT r.id, r.date, r.department FROM results r
     WHERE r.uscc = ? AND r.date >= ? AND r.kind IN ('random', 'joint')
       AND NOT EXISTS (SELECT 1 FROM planned q WHERE q.done_by = r.id)
     ORDER BY r.date, r.id`,
  );
  // The live visits of the enterprise up to a day, latest first, as results import matches them.
  const latest = db.prepare(
    `SELECT p.draw_seq, p.departments FROM planned p JOIN ledger l ON l.seq = p.draw_seq
     WHERE p.uscc = ? AND p.date <= ? AND ${LIVE} ORDER BY p.date DESC, p.draw_seq DESC`,
  );
  const done = db.prepare("UPDATE planned SET done_by = ? WHERE draw_seq = ? AND uscc = ?");
  const fulfilled = db.prepare("SELECT done_by FROM planned WHERE draw_seq = ? AND uscc = ?").pluck();
  const days = db
    .prepare("SELECT date FROM results WHERE uscc = ? AND department = ? AND item = ? ORDER BY date")
    .pluck();
  // The last withdrawal of a result of an enterprise, date, department and item: a row naming it
  // again is most likely a withdrawal made twice (the file given again).
  const withdrawal = db.prepare(
    `SELECT corrected_at AS at, reason FROM corrections
     WHERE uscc = ? AND date = ? AND department = ? AND item = ? AND after IS NULL ORDER BY id DESC LIMIT 1`,
  );
  const unknown: { index: number; recordedOn: string[]; withdrawn?: { at: string; reason: string } }[] = [];
  const conflicts: ImportConflict[] = [];
  const run = db.transaction(() => {
    const withdrawn: number[] = [];
    // The visits a withdrawn result reported, each once, however many of its results are withdrawn.
    const touched = new Map<string, { draw_seq: number; uscc: string }>();
    for (const [index, r] of records.entries()) {
      const found = find(r);
      if (!found) {
        const withdrawn = withdrawal.get(r.uscc, r.date, r.department, r.item) as
          | { at: string; reason: string }
          | undefined;
        unknown.push({
          index,
          recordedOn: days.all(r.uscc, r.department, r.item) as string[],
          ...(withdrawn ? { withdrawn } : {}),
        });
        continue;
      }
      const { existing } = found;
      if (differences(existing, r).length) {
        conflicts.push({ index, record: r, existing });
        continue;
      }
      const visits = reports.all(found.id) as {
        draw_seq: number;
        uscc: string;
        date: string;
        departments: string;
      }[];
      keep(found.id, null, reason, sourceHash, now);
      log("withdraw", found.id, now, { reason, file: sourceHash });
      open.run(found.id);
      remove.run(found.id);
      withdrawn.push(index);
      for (const v of visits) {
        touched.set(`${v.draw_seq}|${v.uscc}`, v);
        const departments = storedJson(v.departments, TEXT_LIST, plannedAt(v));
        // A result that this visit is the latest live one of its department up to its day.
        const other = (
          candidates.all(v.uscc, v.date) as { id: number; date: string; department: string }[]
        ).find(
          (c) =>
            departments.includes(c.department) &&
            (latest.all(v.uscc, c.date) as { draw_seq: number; departments: string }[]).find((p) =>
              storedJson(p.departments, TEXT_LIST, plannedAt({ ...p, uscc: v.uscc })).includes(c.department),
            )?.draw_seq === v.draw_seq,
        );
        if (other) done.run(other.id, v.draw_seq, v.uscc);
      }
    }
    if (unknown.length || conflicts.length) throw new ConflictAbort();
    // Whether each is reported now, once every row is withdrawn.
    const reopened = [...touched.values()].filter((v) => fulfilled.get(v.draw_seq, v.uscc) === null).length;
    return { withdrawn, reported: touched.size - reopened, reopened };
  });
  try {
    return { summary: run.immediate(), unknown, conflicts };
  } catch (e) {
    if (e instanceof ConflictAbort) return { unknown, conflicts };
    throw e;
  }
}

/** Where a planned visit of a draw is in the ledger, for a value of it not as gradedraw writes it. */
function plannedAt(v: { draw_seq: number; uscc: string }) {
  return { table: "planned", row: `#${v.draw_seq} ${v.uscc}`, column: "departments" };
}
