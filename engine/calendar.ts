import { createRequire } from "node:module";
import { addDays } from "./period.js";

/**
 * The Chinese working-day calendar: weekends and public holidays are rest days, and the make-up
 * workdays (调休) the State Council announces each year are working days. Data from the
 * maintained `chinese-days` package, which covers the years it lists.
 */
const data = createRequire(import.meta.url)("chinese-days/dist/chinese-days.json") as {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
};
const YEARS = new Set(Object.keys(data.holidays).map((d) => d.slice(0, 4)));

/** The last year whose official holiday schedule the calendar knows. */
export const LAST_CALENDAR_YEAR = Math.max(...[...YEARS].map(Number));

/** True when a date is a working day. */
export function isWorkingDay(date: string): boolean {
  if (date in data.workdays) return true;
  if (date in data.holidays) return false;
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6;
}

/**
 * The date `n` working days after `date` (the day itself not counted). `approximate` is true when
 * the count crossed a year whose holiday schedule is not yet known (weekends only were used).
 */
export function addWorkingDays(date: string, n: number): { date: string; approximate: boolean } {
  let d = date;
  let left = n;
  let approximate = false;
  while (left > 0) {
    d = addDays(d, 1);
    if (!YEARS.has(d.slice(0, 4))) approximate = true;
    if (isWorkingDay(d)) left--;
  }
  return { date: d, approximate };
}
