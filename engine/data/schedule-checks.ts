/** The checks of a year's holiday schedule, however it was written (a table, or the State Council's notice): its days against each other, the statutory holidays and the years chinese-days lists. */

import {
  CALENDAR_PACKAGE,
  type CalendarDay,
  isWeekend,
  PACKAGE_CALENDAR,
  STATUTORY_SINCE,
  statutoryHolidays,
} from "../calendar.js";
import { type Lang, tr } from "../lang.js";
import { addDays } from "../period.js";
import { dayText } from "./weekdays.js";

/** Days of a schedule as written: one day or a range, and where (a table's row, a notice's place). */
export interface ScheduleEntry<P> {
  readonly from: string;
  readonly to: string;
  readonly kind: CalendarDay["kind"];
  readonly name: string;
  readonly at: P;
}

/** Each day of an entry, in order. */
function daysOf(x: { readonly from: string; readonly to: string }): string[] {
  const out: string[] = [];
  for (let d = x.from; d <= x.to; d = addDays(d, 1)) out.push(d);
  return out;
}

/**
 * Checks a schedule's entries and puts their days in `days`: a make-up workday on a weekday, a day
 * said both off and a workday, a day of a year chinese-days lists said otherwise, and, for a year
 * since 2025, a holiday by law missing or a workday, each told `problem` at its entry (the missing
 * ones of a year at once, at its first entry).
 */
export function checkSchedule<P>(
  entries: readonly ScheduleEntry<P>[],
  days: Map<string, CalendarDay>,
  problem: (at: P, column: "date" | "kind", en: string, zh: string) => void,
  named: (at: P) => { en: string; zh: string },
  /** Some of the file's days were refused already (a weekday or lunar day not their own): its holidays missing are not said too. */
  refused = false,
): void {
  const placeOf = new Map<string, P>();
  const firstOfYear = new Map<number, P>();
  for (const x of entries) {
    // A make-up workday on a weekday is no change to the calendar: a mistyped day.
    const weekday = x.kind === "workday" ? daysOf(x).find((d) => !isWeekend(d)) : undefined;
    if (weekday !== undefined) {
      problem(
        x.at,
        "kind",
        `a make-up workday (调休上班) is a Saturday or a Sunday: ${dayText(weekday, "en")} is a working day already`,
        `调休上班日应为星期六或星期日：${dayText(weekday, "zh")}本来就是工作日`,
      );
      continue;
    }
    for (const d of daysOf(x)) {
      const seen = days.get(d);
      if (seen && seen.kind !== x.kind) {
        const other = named(placeOf.get(d) as P);
        problem(
          x.at,
          "kind",
          `${d} is a ${x.kind === "holiday" ? "holiday" : "make-up workday"} here and a ${seen.kind === "holiday" ? "holiday" : "make-up workday"} ${other.en}`,
          `${d} 在此为${x.kind === "holiday" ? "放假" : "上班"}，在${other.zh}为${seen.kind === "holiday" ? "放假" : "上班"}`,
        );
        continue;
      }
      if (!seen) {
        days.set(d, { date: d, kind: x.kind, name: x.name });
        placeOf.set(d, x.at);
      }
      const year = Number(d.slice(0, 4));
      if (!firstOfYear.has(year)) firstOfYear.set(year, x.at);
    }
  }
  for (const [year, first] of firstOfYear) {
    if (PACKAGE_CALENDAR.years.has(year)) {
      // A year chinese-days lists: the file must agree with its schedule.
      for (const d of days.values()) {
        if (Number(d.date.slice(0, 4)) !== year) continue;
        const known = PACKAGE_CALENDAR.days.get(d.date);
        if (known?.kind === d.kind) continue;
        const said = known
          ? {
              en: `a ${known.kind === "holiday" ? "holiday" : "make-up workday"} (${known.name})`,
              zh: `${known.kind === "holiday" ? "放假" : "调休上班"}（${known.name}）`,
            }
          : isWeekend(d.date)
            ? { en: "a weekend day", zh: "周末休息日" }
            : { en: "a working day", zh: "工作日" };
        problem(
          placeOf.get(d.date) ?? first,
          "kind",
          `${year}'s schedule is known (${CALENDAR_PACKAGE}, from the State Council's notice): ${dayText(d.date, "en")} is ${said.en} in it, a ${d.kind === "holiday" ? "holiday" : "make-up workday"} here`,
          `${year} 年的节假日安排已知（${CALENDAR_PACKAGE}，据国务院办公厅通知）：其中 ${dayText(d.date, "zh")}为${said.zh}，此处为${d.kind === "holiday" ? "放假" : "上班"}`,
        );
      }
      continue;
    }
    // A statutory holiday is off by law: said at its row where the file has it as a workday,
    // else, missing, all of the year's at once, at the year's first row.
    const missing: CalendarDay[] = [];
    for (const s of statutoryHolidays(year) ?? []) {
      const d = days.get(s.date);
      if (!d) missing.push(s);
      else if (d.kind !== "holiday")
        problem(
          placeOf.get(s.date) ?? first,
          "kind",
          `${dayText(s.date, "en")} is ${s.name}, a holiday by law (全国年节及纪念日放假办法), not a workday`,
          `${dayText(s.date, "zh")}是${s.name}，为法定节假日（全国年节及纪念日放假办法），不是上班日`,
        );
    }
    if (missing.length && !refused)
      problem(
        first,
        "date",
        `the schedule of ${year} lacks ${missing.length} of its ${STATUTORY_DAYS} holidays by law (全国年节及纪念日放假办法): ${missing.map((s) => `${dayText(s.date, "en")} ${s.name}`).join(", ")}; list every day off of the State Council's notice, Saturdays and Sundays among them`,
        `${year} 年的安排缺少 ${STATUTORY_DAYS} 天法定节假日（全国年节及纪念日放假办法）中的 ${missing.length} 天：${missing.map((s) => `${dayText(s.date, "zh")}${s.name}`).join("、")}；请列出国务院办公厅通知中的每一个放假日，包括其中的星期六和星期日`,
      );
  }
}

/** The holidays every year has by law since 2025, as days. */
const STATUTORY_DAYS = 13;

/**
 * The note of a year whose weekday holidays are not its 13 statutory days plus its make-up workdays:
 * each make-up workday pays for a weekday off, and a statutory day on a weekend is given on a weekday
 * (2025 and 2026 have 13 + 5 and 13 + 6): a day off or a make-up workday missing, or one too many.
 */
export function unbalancedNotice(
  year: number,
  days: readonly CalendarDay[],
  file: string,
  lang: Lang,
): string[] {
  if (year < STATUTORY_SINCE || PACKAGE_CALENDAR.years.has(year)) return [];
  const of = days.filter((d) => Number(d.date.slice(0, 4)) === year);
  const off = of.filter((d) => d.kind === "holiday" && !isWeekend(d.date)).length;
  const work = of.filter((d) => d.kind === "workday").length;
  if (off === STATUTORY_DAYS + work) return [];
  return [
    tr(
      lang,
      `note: ${file} gives ${year} ${off} holiday(s) on weekdays and ${work} make-up workday(s); a year's notice has as many weekday holidays as its ${STATUTORY_DAYS} statutory days and its make-up workdays (${STATUTORY_DAYS} + ${work} = ${STATUTORY_DAYS + work}): a day off or a make-up workday is missing, or one is too many? Check it against the State Council's notice`,
      `提示：${file} 中 ${year} 年有 ${off} 个工作日放假、${work} 个调休上班日；每年通知中工作日放假的天数应为 ${STATUTORY_DAYS} 天法定节假日加上调休上班天数（${STATUTORY_DAYS} + ${work} = ${STATUTORY_DAYS + work}）：是否漏列或多列了放假日或上班日？请对照国务院办公厅通知核对`,
    ),
  ];
}
