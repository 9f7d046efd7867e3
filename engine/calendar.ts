import { createRequire } from "node:module";
import { addDays } from "./period.js";

/**
 * The Chinese working-day calendar: weekends and public holidays are rest days, and the make-up
 * workdays (调休) the State Council announces each year are working days. The years the maintained
 * `chinese-days` package lists come from it; an office adds a year it does not list yet from the
 * State Council's notice (`gradedraw calendar import`, kept in the ledger).
 */
const require = createRequire(import.meta.url);
const data = require("chinese-days/dist/chinese-days.json") as {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
};

/** The package the years it lists come from, as said to people: `chinese-days 1.5.7`. */
export const CALENDAR_PACKAGE = `chinese-days ${(require("chinese-days/package.json") as { version: string }).version}`;

/** A day that is not as its weekday would have it: a holiday (放假), or a make-up workday (调休上班). */
export interface CalendarDay {
  readonly date: string;
  readonly kind: "holiday" | "workday";
  /** The holiday's name (春节), or the one whose make-up day it is; may be empty. */
  readonly name: string;
}

/** The days of the years whose schedule is known; a year not in `years` is counted on weekends alone. */
export interface Calendar {
  readonly days: ReadonlyMap<string, CalendarDay>;
  readonly years: ReadonlySet<number>;
}

/** The name of a holiday as chinese-days writes it (`New Year's Day,元旦,1`): the Chinese one. */
const packageName = (s: string) => s.split(",")[1] ?? s;

/** The calendar of the years chinese-days lists. */
export const PACKAGE_CALENDAR: Calendar = (() => {
  const days = new Map<string, CalendarDay>();
  for (const [date, name] of Object.entries(data.holidays))
    days.set(date, { date, kind: "holiday", name: packageName(name) });
  for (const [date, name] of Object.entries(data.workdays))
    days.set(date, { date, kind: "workday", name: packageName(name) });
  return { days, years: new Set(Object.keys(data.holidays).map((d) => Number(d.slice(0, 4)))) };
})();

/** The last year whose official holiday schedule chinese-days lists. */
export const LAST_CALENDAR_YEAR = Math.max(...PACKAGE_CALENDAR.years);

/**
 * `base` with the schedules of other years added (an office's, from the ledger): a year `base`
 * knows stays as `base` has it.
 */
export function withSchedules(base: Calendar, days: Iterable<CalendarDay>): Calendar {
  const all = new Map(base.days);
  const years = new Set(base.years);
  for (const d of days) {
    const year = Number(d.date.slice(0, 4));
    if (base.years.has(year)) continue;
    all.set(d.date, d);
    years.add(year);
  }
  return { days: all, years };
}

/** 0 for Sunday to 6 for Saturday. */
export function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** True when a date is a Saturday or a Sunday. */
export const isWeekend = (date: string) => weekday(date) % 6 === 0;

/** True when a date is a working day. */
export function isWorkingDay(date: string, calendar: Calendar = PACKAGE_CALENDAR): boolean {
  const day = calendar.days.get(date);
  return day ? day.kind === "workday" : !isWeekend(date);
}

/**
 * The date `n` working days after `date` (the day itself not counted). `unknownYear` is the first
 * year the count crossed whose holiday schedule is not known (weekends alone were used), else null.
 */
export function addWorkingDays(
  date: string,
  n: number,
  calendar: Calendar = PACKAGE_CALENDAR,
): { date: string; unknownYear: number | null } {
  let d = date;
  let left = n;
  let unknownYear: number | null = null;
  while (left > 0) {
    d = addDays(d, 1);
    const year = Number(d.slice(0, 4));
    if (unknownYear === null && !calendar.years.has(year)) unknownYear = year;
    if (isWorkingDay(d, calendar)) left--;
  }
  return { date: d, unknownYear };
}

/** The first year of the statutory holidays of the 2024 revision of 全国年节及纪念日放假办法. */
export const STATUTORY_SINCE = 2025;

/**
 * The holidays every citizen has by law in `year` (全国年节及纪念日放假办法, as revised in 2024, in
 * force from 2025): 元旦 1 January; 春节 the eve of the lunar new year and its first three days;
 * 清明节 the day of the solar term; 劳动节 1 and 2 May; 端午节 the fifth of the fifth lunar month;
 * 中秋节 the fifteenth of the eighth; 国庆节 1 to 3 October. Thirteen days; the State Council's
 * notice for a year gives each of them, with the days off around them and the make-up workdays.
 * Undefined for a year before {@link STATUTORY_SINCE}.
 */
export function statutoryHolidays(year: number): CalendarDay[] | undefined {
  if (year < STATUTORY_SINCE) return undefined;
  const lunar = require("chinese-days") as {
    getSolarDateFromLunar(date: string): { date: string };
    getSolarTerms(start: string, end: string): { date: string; name: string }[];
  };
  const solar = (monthDay: string) => lunar.getSolarDateFromLunar(`${year}-${monthDay}`).date;
  const newYear = solar("01-01");
  const qingming = lunar.getSolarTerms(`${year}-04-01`, `${year}-04-10`).find((t) => t.name === "清明");
  if (!qingming) throw new Error(`no 清明 in April ${year}`);
  const day = (date: string, name: string): CalendarDay => ({ date, kind: "holiday", name });
  return [
    day(`${year}-01-01`, "元旦"),
    ...[-1, 0, 1, 2].map((n) => day(addDays(newYear, n), "春节")),
    day(qingming.date, "清明节"),
    day(`${year}-05-01`, "劳动节"),
    day(`${year}-05-02`, "劳动节"),
    day(solar("05-05"), "端午节"),
    day(solar("08-15"), "中秋节"),
    ...[1, 2, 3].map((n) => day(`${year}-10-0${n}`, "国庆节")),
  ].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
