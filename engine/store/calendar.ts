/** The holiday schedules an office recorded in its ledger, for years chinese-days does not list yet. */
import { type Calendar, type CalendarDay, PACKAGE_CALENDAR, withSchedules } from "../calendar.js";
import type { Db } from "./db.js";

/** Every day of the schedules recorded, by date. */
export function recordedDays(db: Db, year?: number): CalendarDay[] {
  return (
    year === undefined
      ? db.prepare("SELECT date, kind, name FROM calendar_days ORDER BY date")
      : db.prepare("SELECT date, kind, name FROM calendar_days WHERE year = ? ORDER BY date")
  ).all(...(year === undefined ? [] : [year])) as CalendarDay[];
}

/** The working-day calendar of the ledger: chinese-days' years, and the years it records besides. */
export function ledgerCalendar(db: Db): Calendar {
  return withSchedules(PACKAGE_CALENDAR, recordedDays(db));
}

/** A year whose schedule the ledger records: its days, the file's SHA-256 and when it was recorded. */
export interface RecordedYear {
  readonly year: number;
  readonly holidays: number;
  readonly workdays: number;
  readonly file: string;
  readonly at: string;
}

/** The years whose schedule the ledger records, in order (a year's days are all of one file: recorded, or replaced, at once). */
export function recordedYears(db: Db): RecordedYear[] {
  return db
    .prepare(
      `SELECT year, SUM(kind = 'holiday') AS holidays, SUM(kind = 'workday') AS workdays,
              MAX(source_hash) AS file, MAX(imported_at) AS at
       FROM calendar_days GROUP BY year ORDER BY year`,
    )
    .all() as RecordedYear[];
}

/** What recording a schedule did, or would have done, to each year of it. */
export interface ScheduleRecorded {
  /** Years recorded now. */
  readonly recorded: number[];
  /** Years recorded before with the same days: nothing to do. */
  readonly same: number[];
  /** Years recorded before with other days: replaced where asked, else nothing was recorded. */
  readonly differing: { readonly year: number; readonly days: number }[];
  /** Years chinese-days lists: its schedule is used, nothing recorded. */
  readonly known: number[];
  /** False when a year recorded before differs and replacing was not asked: nothing was written. */
  readonly written: boolean;
}

/**
 * Records the schedules of the years of `days` that chinese-days does not list, in one transaction:
 * a year recorded before with other days is replaced only where `replace` is given, else nothing is.
 */
export function recordSchedule(
  db: Db,
  days: readonly CalendarDay[],
  sourceHash: string,
  at: string,
  replace: boolean,
): ScheduleRecorded {
  const byYear = new Map<number, CalendarDay[]>();
  for (const d of days) {
    const year = Number(d.date.slice(0, 4));
    const of = byYear.get(year);
    if (of) of.push(d);
    else byYear.set(year, [d]);
  }
  const out = {
    recorded: [] as number[],
    same: [] as number[],
    differing: [] as ScheduleRecorded["differing"][number][],
    known: [] as number[],
  };
  const insert = db.prepare(
    "INSERT INTO calendar_days (date, year, kind, name, source_hash, imported_at) VALUES (?, ?, ?, ?, ?, ?)",
  );
  const write = db.transaction(() => {
    for (const [year, of] of [...byYear].sort(([a], [b]) => a - b)) {
      if (PACKAGE_CALENDAR.years.has(year)) {
        out.known.push(year);
        continue;
      }
      const before = recordedDays(db, year);
      if (before.length) {
        // The dates off or worked in one and not in the other, or of another holiday's name.
        const said = (d: CalendarDay | undefined) => (d ? `${d.kind}|${d.name}` : "");
        const was = new Map(before.map((d) => [d.date, d]));
        const now = new Map(of.map((d) => [d.date, d]));
        const changed = [...new Set([...was.keys(), ...now.keys()])].filter(
          (date) => said(was.get(date)) !== said(now.get(date)),
        ).length;
        if (changed === 0) {
          out.same.push(year);
          continue;
        }
        out.differing.push({ year, days: changed });
        if (!replace) continue;
        db.prepare("DELETE FROM calendar_days WHERE year = ?").run(year);
      } else out.recorded.push(year);
      for (const d of of) insert.run(d.date, year, d.kind, d.name, sourceHash, at);
    }
    if (out.differing.length && !replace) throw new Rollback();
  });
  try {
    write.immediate();
    return { ...out, written: true };
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
    return { ...out, recorded: [], written: false };
  }
}

class Rollback extends Error {}
