/**
 * The drawn visit a random or joint result reports (its enterprise, task and department, among the
 * live draws' visits up to its day), as results import matches it: the one it fulfils, one that
 * another of its items fulfilled, or none, and what is worth saying of it.
 */

import { likelyDepartment } from "../data/departments.js";
import type { ResultRecord } from "../data/records.js";
import { parseList } from "../data/values.js";
import { type Period, parsePeriod } from "../period.js";
import type { Db } from "./db.js";
import { LIVE } from "./ledger-state.js";
import { storedJson, TEXT_LIST } from "./stored-json.js";

/** What a result newly recorded says of its enterprise's drawn visits. */
export interface Reported {
  /** The visit it reports, by its draw: the one it fulfils, or one fulfilled already. */
  readonly visit?: number;
  /** Whether it fulfils that visit, open until it. */
  readonly fulfils: boolean;
  /** The department (or the several) the ledger's draws write for the one it names another way, in a period they draw. */
  readonly meant?: string | readonly string[];
  /** Dated before the draw of its enterprise and department (a mistyped year?): that draw's date. */
  readonly beforeDraw?: string;
  /** Of a period the ledger has draws of, with no visit drawn for its enterprise and department. */
  readonly unplanned?: boolean;
  /** Its visit's item reported already, on the day of the result that fulfilled it: that day. */
  readonly twice?: string;
}

/** A live draw's visit of an enterprise, as the matching reads it. */
interface DrawnVisit {
  readonly draw_seq: number;
  readonly date: string;
  readonly departments: string;
  readonly open: number;
  readonly task: string;
}

/**
 * The matching of results to the visits they report, within an import's transaction (its
 * statements prepared once; the periods the ledger draws read at the first result).
 */
export function visitMatcher(db: Db): {
  /** A result just recorded as `id`: the visit it reports, marked fulfilled by it where it was open. */
  recorded(r: ResultRecord, id: number | bigint): Reported;
  /** A result corrected: the visit it fulfils, else the latest, as when it was recorded. */
  corrected(r: ResultRecord, id: number | bigint): number | undefined;
  /**
   * A row naming its task (a results form's) identical to the result `id` recorded already (from
   * another task's form: one visit made for both tasks' items, 进一次门、查多项事): the task's latest
   * visit of the enterprise and department, if open, is fulfilled by it too; whether it was.
   */
  alsoReports(r: ResultRecord, id: number | bigint): boolean;
} {
  // The live draws' visits of the enterprise up to the result's date, latest first: a cancelled
  // draw's visit is not made, and fulfilling it would leave the live one open.
  const planned = db.prepare(
    `SELECT p.draw_seq, p.date, p.departments, p.done_by IS NULL AS open, l.task FROM planned p JOIN ledger l ON l.seq = p.draw_seq
     WHERE p.uscc = ? AND p.date <= ? AND ${LIVE} ORDER BY p.date DESC, p.draw_seq DESC`,
  );
  // The live draws' visits of the enterprise after the result's date, earliest first.
  const later = db.prepare(
    `SELECT p.date, p.departments, l.task FROM planned p JOIN ledger l ON l.seq = p.draw_seq
     WHERE p.uscc = ? AND p.date > ? AND ${LIVE} ORDER BY p.date, p.draw_seq`,
  );
  const done = db.prepare("UPDATE planned SET done_by = ? WHERE draw_seq = ? AND uscc = ?");
  // The visits of the enterprise a result of a day fulfilled: a visit's other items, and a joint
  // one's other departments, report the same visit.
  const fulfilledOn = db
    .prepare(
      "SELECT p.draw_seq FROM planned p JOIN results x ON x.id = p.done_by WHERE p.uscc = ? AND x.date = ?",
    )
    .pluck();
  // Another result of an enterprise's item since a day (the row's own aside).
  const itemSince = db
    .prepare("SELECT 1 FROM results WHERE uscc = ? AND department = ? AND item = ? AND date >= ? AND id != ?")
    .pluck();
  const fulfilledBy = db.prepare("SELECT draw_seq FROM planned WHERE done_by = ?").pluck();
  // The day of the result that fulfilled a visit, where a result of the same department and item is recorded that day.
  const sameItemDay = db
    .prepare(
      `SELECT x.date FROM planned p JOIN results x ON x.id = p.done_by
       WHERE p.draw_seq = ? AND p.uscc = ?
         AND EXISTS (SELECT 1 FROM results y WHERE y.uscc = x.uscc AND y.date = x.date AND y.department = ? AND y.item = ?)`,
    )
    .pluck();
  const livePeriods = db.prepare(`SELECT DISTINCT p.period FROM planned p WHERE ${LIVE}`);
  // The departments the ledger's draws name, for a random result's written another way.
  const drawnDepartments = [
    ...new Set(
      (db.prepare("SELECT DISTINCT departments FROM planned").pluck().all() as string[]).flatMap((d) =>
        storedJson(d, TEXT_LIST, { table: "planned", column: "departments" }),
      ),
    ),
  ];
  let periods: Period[] | undefined;
  const drawnPeriod = (date: string) => {
    periods ??= (livePeriods.all() as { period: string }[])
      .map((r) => parsePeriod(r.period))
      .filter((p) => p !== undefined);
    return periods.some((p) => p.start <= date && date <= p.end);
  };
  // Of the task the row names, when it names one: two tasks may draw one enterprise for a department.
  const ownOf =
    (r: ResultRecord) =>
    (p: { departments: string; task: string }): boolean =>
      (r.task === undefined || p.task === r.task) &&
      storedJson(p.departments, TEXT_LIST, {
        table: "planned",
        row: r.uscc,
        column: "departments",
      }).includes(r.department);
  // The drawn visits of its enterprise and department up to its day, latest first.
  const drawnOf = (r: ResultRecord) => (planned.all(r.uscc, r.date) as DrawnVisit[]).filter(ownOf(r));
  return {
    corrected: (r, id) => (fulfilledBy.get(id) as number | undefined) ?? drawnOf(r)[0]?.draw_seq,
    alsoReports(r, id) {
      // Not where the task's visit was made already: that day (this form given again), or another.
      const latest = r.task === undefined ? undefined : drawnOf(r)[0];
      if (!latest?.open) return false;
      done.run(id, latest.draw_seq, r.uscc);
      return true;
    },
    recorded(r, id) {
      const drawn = drawnOf(r);
      // Of a period the ledger has draws of: an export of earlier inspections may name departments its own way.
      const several = parseList(r.department);
      const meant =
        drawnDepartments.includes(r.department) || !drawnPeriod(r.date)
          ? undefined
          : several.length > 1 && several.every((d) => drawnDepartments.includes(d))
            ? several
            : likelyDepartment(r.department, drawnDepartments);
      const said = meant ? { meant } : {};
      // The visit this row is another item (or a joint visit's department) of, fulfilled
      // already: one made that day; else the latest, made on another day, where this item is
      // not reported since its draw (a visit over two days). Fulfilling the next open visit
      // instead, an earlier period's not made, would say that one was made too.
      const fulfilledThatDay = new Set(fulfilledOn.all(r.uscc, r.date) as number[]);
      const latest = drawn[0];
      const made =
        drawn.find((p) => fulfilledThatDay.has(p.draw_seq)) ??
        (latest && !latest.open && !itemSince.get(r.uscc, r.department, r.item, latest.date, id)
          ? latest
          : undefined);
      if (made) return { ...said, visit: made.draw_seq, fulfils: false };
      const open = drawn.find((p) => p.open);
      if (open) {
        done.run(id, open.draw_seq, r.uscc);
        return { ...said, visit: open.draw_seq, fulfils: true };
      }
      if (latest) {
        // The latest, which another item's result of the same visit fulfilled: this item reported
        // already, on the day of that result?
        const day = sameItemDay.get(latest.draw_seq, r.uscc, r.department, r.item) as string | undefined;
        return {
          ...said,
          visit: latest.draw_seq,
          fulfils: false,
          ...(day !== undefined && day !== r.date ? { twice: day } : {}),
        };
      }
      // Only a row that names its task (a results form's) is known to report a draw of this
      // ledger: an export of every inspection may hold random ones from before the ledger.
      const next =
        r.task === undefined
          ? undefined
          : (later.all(r.uscc, r.date) as { date: string; departments: string; task: string }[]).find(
              ownOf(r),
            );
      if (next) return { ...said, fulfils: false, beforeDraw: next.date };
      return { ...said, fulfils: false, ...(drawnPeriod(r.date) ? { unplanned: true } : {}) };
    },
  };
}
