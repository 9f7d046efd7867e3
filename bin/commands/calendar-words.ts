/** What the calendar commands share: a schedule file's headers and words, and the --year option. */
import type { CalendarDay } from "../../engine/calendar.js";
import { type Lang, tr } from "../../engine/lang.js";
import { UsageError } from "../context.js";
import { fullWidthDigits } from "../options.js";

/** The headers of a schedule file as gradedraw writes it (calendar template). */
export const HEADERS: Readonly<Record<Lang, readonly string[]>> = {
  en: ["date", "kind", "name"],
  zh: ["日期", "安排", "节日"],
};

/** The words of a day's kind as gradedraw writes and lists it. */
export const KIND_WORDS: Readonly<Record<Lang, Readonly<Record<CalendarDay["kind"], string>>>> = {
  en: { holiday: "holiday", workday: "workday" },
  zh: { holiday: "放假", workday: "上班" },
};

/** A year given by --year: a whole number of four digits (full-width ones told how to write). */
export function yearOption(value: string, lang: Lang): number {
  if (/^\d{4}$/.test(value.trim())) return Number(value);
  throw (
    fullWidthDigits(value, "--year", lang, /^\d{4}$/) ??
    new UsageError(
      tr(lang, `--year must be a year, e.g. 2027: '${value}'`, `--year 应为年份，如 2027：“${value}”`),
    )
  );
}
