/**
 * The State Council's notice of a year's holidays (国务院办公厅关于2027年部分节假日安排的通知), its
 * text as published, copied into a .txt file: a section a holiday, as
 * `一、元旦：1月1日（周五）至3日（周日）放假调休，共3天。1月4日（周一）上班。`
 */
import type { CalendarDay } from "../calendar.js";
import { type Lang, tr } from "../lang.js";
import { daysBetween } from "../period.js";
import { readTextFile } from "../policy/yaml-text.js";
import { InputError, type Problem } from "../problem.js";
import { misnamedLunarDay } from "./lunar-days.js";
import { readSchedule, type ScheduleRead } from "./read-calendar.js";
import type { ReadOptions } from "./read-options.js";
import { checkSchedule, type ScheduleEntry, unbalancedNotice } from "./schedule-checks.js";
import { halfWidth, parseDate } from "./values.js";
import { misnamedWeekday, weekdayNamed } from "./weekdays.js";

/** A section of the notice: its number, the holiday's name, and what is arranged. */
const SECTION = /^\s*[一二三四五六七八九十]+\s*[、.．]\s*([^：:]{1,20}?)\s*[：:]/;

/** The year of the notice, as its title says it: 关于2027年部分节假日安排的通知. */
const TITLE_YEAR = /(\d{4})\s*年\s*(?:部分)?\s*节假日\s*安排/;

/** A day as the notice writes it, with what it says of it in brackets: 2月5日（农历除夕、周五）. */
const DAY = String.raw`(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:\s*[（(]([^）)]*)[）)])?`;
const RANGE = new RegExp(`${DAY}(?:\\s*(?:至|到|~|～|—|－)\\s*${DAY})?`, "g");

/** Whether a text reads as the notice: a section arranging days off. */
export function isNotice(text: string): boolean {
  return text.split(/\r?\n/).some((l) => SECTION.test(halfWidth(l)) && /放假/.test(l));
}

/** Where a day of the notice is written: its line and column. */
interface At {
  readonly line: number;
  readonly col: number;
}

/**
 * Reads the notice: each section's days off (a sentence saying 放假) and make-up workdays (one
 * saying 上班), of the year its title names, or `year` where the text does not. A day whose weekday
 * in brackets is not its own is refused at its place; so is whatever the checks of a schedule find.
 */
export function readNotice(file: string, opts: { lang?: Lang; year?: number } = {}): ScheduleRead {
  const lang = opts.lang ?? "en";
  const read = readTextFile(file, lang);
  if (read.problem) throw new InputError([read.problem]);
  // Matched with full-width digits and brackets made half-width (one for one), quoted as written.
  const written = (read.text ?? "").split(/\r?\n/);
  const lines = written.map(halfWidth);
  const titled = lines.map((l) => TITLE_YEAR.exec(l)?.[1]).find((y) => y !== undefined);
  const year = opts.year ?? (titled === undefined ? undefined : Number(titled));
  const problems: Problem[] = [];
  const bad = (at: At, en: string, zh: string) =>
    problems.push({ file, line: at.line, col: at.col, message: tr(lang, en, zh) });
  if (year === undefined) {
    bad(
      { line: 1, col: 1 },
      "the notice does not say its year (国务院办公厅关于2027年部分节假日安排的通知): give it with --year",
      "通知中未写明年份（如“国务院办公厅关于2027年部分节假日安排的通知”）：请用 --year 指定",
    );
    throw new InputError(problems);
  }
  const entries: ScheduleEntry<At>[] = [];
  let name = "";
  lines.forEach((text, i) => {
    const section = SECTION.exec(text);
    if (section) name = section[1].trim();
    // A section's sentences, each day of them off (放假) or a make-up workday (上班).
    let offset = section ? section[0].length : 0;
    for (const sentence of text.slice(offset).split(/(?<=[。；;])/)) {
      // The days off the sentence arranges, to compare with the count it states (共7天).
      let daysOff = 0;
      let ranges = 0;
      let refused = false;
      if (name)
        for (const m of sentence.matchAll(RANGE)) {
          // What is arranged for a day is said after it: the first 放假 or 上班 that follows
          // (2月14日（周六）、2月28日（周六）上班; 1月1日至3日放假，1月4日上班).
          const said = /放假|休息|上班/.exec(sentence.slice((m.index ?? 0) + m[0].length))?.[0];
          if (said === undefined) continue;
          const kind: CalendarDay["kind"] = said === "上班" ? "workday" : "holiday";
          const at = { line: i + 1, col: offset + (m.index ?? 0) + 1 };
          const quoted = written[i].slice(at.col - 1, at.col - 1 + m[0].length);
          const day = (y: string | undefined, mo: string | undefined, d: string, base?: string) =>
            parseDate(
              `${y ?? base?.slice(0, 4) ?? year}-${(mo ?? base?.slice(5, 7) ?? "").padStart(2, "0")}-${d.padStart(2, "0")}`,
            );
          const from = m[2] === undefined ? undefined : day(m[1], m[2], m[3]);
          const to = m[7] === undefined ? from : from && day(m[5], m[6], m[7], from);
          if (!from || !to || to < from) {
            bad(
              at,
              `'${quoted}' is not a day or a range of days of ${year}`,
              `“${quoted}”不是 ${year} 年的日期或日期范围`,
            );
            refused = true;
            continue;
          }
          const misnamed = misnamedWeekday(quoted, [
            [from, weekdayNamed(m[4])],
            [to, weekdayNamed(m[8])],
          ]);
          const wrong =
            misnamed ??
            misnamedLunarDay(quoted, [
              [from, m[4]],
              [to, m[8]],
            ]);
          if (wrong) {
            bad(at, wrong.en, wrong.zh);
            refused = true;
            continue;
          }
          entries.push({ from, to, kind, name, at });
          if (kind === "holiday") {
            daysOff += daysBetween(from, to) + 1;
            ranges++;
          }
        }
      const total = /共\s*(\d{1,3})\s*天/.exec(sentence);
      // A sentence with a day refused already is not counted: its count would say the same again.
      if (total && ranges > 0 && !refused && Number(total[1]) !== daysOff) {
        const stated = written[i].slice(offset + total.index, offset + total.index + total[0].length);
        bad(
          { line: i + 1, col: offset + total.index + 1 },
          `the days off before it make ${daysOff}, where the notice says ${stated}: a day is mistyped`,
          `前面所列放假日共 ${daysOff} 天，而通知写的是“${stated}”：有日期写错`,
        );
      }
      offset += sentence.length;
    }
  });
  if (!entries.length && !problems.length)
    bad(
      { line: 1, col: 1 },
      "no day off (放假) or make-up workday (上班) was found in the notice's sections (一、元旦：1月1日……放假)",
      "通知的各条（如“一、元旦：1月1日……放假”）中未找到放假日或上班日",
    );
  const days = new Map<string, CalendarDay>();
  checkSchedule(
    entries,
    days,
    (at, _column, en, zh) => bad(at, en, zh),
    (at) => ({ en: `at line ${at.line}`, zh: `第 ${at.line} 行` }),
    problems.length > 0,
  );
  if (problems.length) throw new InputError(problems);
  const all = [...days.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const years = [...new Set(all.map((d) => Number(d.date.slice(0, 4))))].sort((a, b) => a - b);
  return { days: all, years, notices: years.flatMap((y) => unbalancedNotice(y, all, file, lang)) };
}

/**
 * A holiday schedule from a file: the notice's text (a .txt file whose lines read as its sections),
 * or a table (see readSchedule). `notice` says which it was read as.
 */
export async function readHolidays(
  file: string,
  opts: ReadOptions & { readonly year?: number } = {},
): Promise<ScheduleRead & { readonly notice: boolean }> {
  if (/\.txt$/i.test(file)) {
    const read = readTextFile(file, opts.lang ?? "en");
    if (read.text !== undefined && isNotice(read.text))
      return { ...readNotice(file, { lang: opts.lang, year: opts.year }), notice: true };
  }
  return { ...(await readSchedule(file, opts)), notice: false };
}
