/** Weekdays as schedules and notices write them beside a day (2月5日（周五）), checked against the day, and as messages name them. */
import { weekday } from "../calendar.js";
import type { Lang } from "../lang.js";
import { DIGIT_OF } from "./values.js";

/** The weekdays by their number from Sunday (0), as messages name them. */
export const WEEKDAYS: Readonly<Record<Lang, readonly string[]>> = {
  en: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
  zh: ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"],
};

/** A day's weekday as the notice writes it after the day, 2月5日（周五）: not part of the date, but checked against it. */
export const WEEKDAY_NOTE = /\s*[（(](?:周|星期|礼拜)([一二三四五六日天])[)）]/;
/** A weekday's number from Sunday by the character naming it: 日 or 天 for Sunday, the digits for the rest. */
const WEEKDAY_NUMBER: Readonly<Record<string, number>> = { ...DIGIT_OF, 日: 0, 天: 0 };

/** The weekday a text names (周五, 星期五: a day's bracket, 农历除夕、周五), as a number from Sunday. */
export function weekdayNamed(text: string | undefined): number | undefined {
  const m = /(?:周|星期|礼拜)([一二三四五六日天])/.exec(text ?? "");
  return m ? WEEKDAY_NUMBER[m[1]] : undefined;
}

/**
 * Of days each with the weekday written beside it (if any), the first whose weekday is not its
 * own, as said of `written`: the day is mistyped, or the weekday. Undefined where none is.
 */
export function misnamedWeekday(
  written: string,
  days: readonly (readonly [day: string, named: number | undefined])[],
): { en: string; zh: string } | undefined {
  const wrong = days.find(([day, named]) => named !== undefined && named !== weekday(day));
  if (!wrong) return undefined;
  const [day, named] = wrong as readonly [string, number];
  return {
    en: `'${written}': ${day} is a ${WEEKDAYS.en[weekday(day)]}, not a ${WEEKDAYS.en[named]}: a day or its weekday is mistyped`,
    zh: `“${written}”：${day} 是${WEEKDAYS.zh[weekday(day)]}，不是${WEEKDAYS.zh[named]}：日期或星期写错了`,
  };
}

/** A day as a message names it: `2027-02-10 (Wednesday)`. */
export function dayText(date: string, lang: Lang): string {
  return lang === "zh"
    ? `${date}（${WEEKDAYS.zh[weekday(date)]}）`
    : `${date} (${WEEKDAYS.en[weekday(date)]})`;
}
