/** The reader of a year's holiday schedule (节假日安排), as the State Council's notice gives it. */
import {
  CALENDAR_PACKAGE,
  type CalendarDay,
  isWeekend,
  PACKAGE_CALENDAR,
  STATUTORY_SINCE,
  statutoryHolidays,
  weekday,
} from "../calendar.js";
import { type Lang, tr } from "../lang.js";
import { addDays, daysBetween } from "../period.js";
import { dateCell, noticesOf } from "./read-cells.js";
import type { Row } from "./row-cursor.js";
import { type ReadOptions, readKind } from "./row-reader.js";
import { halfWidth, parseDate } from "./values.js";

/** A row of a schedule: one day, or days from `from` to `to` (2027年2月5日至11日). */
interface ScheduleRow {
  readonly from: string;
  readonly to: string;
  readonly kind: CalendarDay["kind"];
  readonly name: string;
}

export const WEEKDAYS: Readonly<Record<Lang, readonly string[]>> = {
  en: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
  zh: ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"],
};

/** The words of the notice and of a table: 放假 / 休 for a day off, 上班 / 班 for a make-up workday. */
const HOLIDAY = /^(holiday|rest|off|day off|放假|休|休息|假|休假|假日|节假日|放假日|放假调休|调休放假)$/i;
const WORKDAY = /^(workday|working day|work|上班|班|补班|调休上班|工作日|上班日)$/i;

/** What separates a range's first and last day: not '-', which an ISO date has. */
const RANGE = /\s*(?:~|～|至|到|—|–|－)\s*/;

/** The longest holiday period taken as meant; a longer range is a mistyped day. */
const LONGEST_RANGE_DAYS = 31;

/** The last day of a range, written in full or as the notice shortens it after its first (至13日, 至3月1日). */
function rangeEnd(from: string, text: string): string | undefined {
  const full = parseDate(text);
  if (full) return full;
  const m = /^(?:(\d{1,2})月)?(\d{1,2})日$/.exec(halfWidth(text).replace(/\s+/g, ""));
  if (!m) return undefined;
  const month = m[1] === undefined ? from.slice(5, 7) : m[1].padStart(2, "0");
  return parseDate(`${from.slice(0, 4)}-${month}-${m[2].padStart(2, "0")}`);
}

/** A day's weekday as the notice writes it after the day, 2月5日（周五）: not part of the date, but checked against it. */
const WEEKDAY_NOTE = /\s*[（(](?:周|星期|礼拜)([一二三四五六日天])[)）]/;
const WEEKDAY_NUMBER: Readonly<Record<string, number>> = {
  日: 0,
  天: 0,
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
};

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

function dayCells(r: Row): { from: string; to: string } | undefined {
  const written = r.text("date");
  const parts = written.split(RANGE);
  const bare = parts.map((p) => p.replace(WEEKDAY_NOTE, ""));
  let from: string | null | undefined;
  let to: string | undefined;
  if (parts.length === 1) {
    // A date cell as such (an Excel date among them), unless a weekday follows it.
    from = bare[0] === written ? dateCell(r, "date", true) : parseDate(bare[0]);
    if (from === null || (from === undefined && bare[0] === written)) return undefined;
    to = from;
  } else if (parts.length === 2) {
    from = parseDate(bare[0]);
    to = from && rangeEnd(from, bare[1]);
  }
  if (!from || !to) {
    r.bad(
      "date",
      `'${written}' is neither a date nor a range of dates (2027-02-05~2027-02-11, 2027年2月5日至11日)`,
      `“${written}”既不是日期也不是日期范围（如 2027-02-05~2027-02-11、2027年2月5日至11日）`,
    );
    return undefined;
  }
  const misnamed = misnamedWeekday(written, [
    [from, weekdayNamed(parts[0])],
    [to, weekdayNamed(parts[1])],
  ]);
  if (misnamed) {
    r.bad("date", misnamed.en, misnamed.zh);
    return undefined;
  }
  const span = daysBetween(from, to);
  if (span < 0 || span >= LONGEST_RANGE_DAYS) {
    r.bad(
      "date",
      span < 0
        ? `the range '${written}' ends before it begins`
        : `the range '${written}' is ${span + 1} days long: a holiday period is at most a few days`,
      span < 0
        ? `日期范围“${written}”的结束日早于开始日`
        : `日期范围“${written}”长达 ${span + 1} 天：假期最多只有几天`,
    );
    return undefined;
  }
  return { from, to };
}

function kindCell(r: Row): CalendarDay["kind"] | undefined {
  const k = halfWidth(r.word("kind")).trim();
  if (HOLIDAY.test(k)) return "holiday";
  if (WORKDAY.test(k)) return "workday";
  if (k === "调休")
    r.bad(
      "kind",
      "'调休' may be a day off in lieu or a make-up workday: write 放假 (holiday) or 上班 (workday)",
      "“调休”既可指调休放假也可指调休上班：请写“放假”或“上班”",
    );
  else
    r.bad(
      "kind",
      k
        ? `unknown kind of day '${k}' (expected holiday or workday)`
        : "the kind of day is empty (holiday or workday)",
      k ? `未知安排“${k}”（应为 放假/休 或 上班/班）` : "安排为空（应为 放假/休 或 上班/班）",
    );
  return undefined;
}

/** A day as a message names it: `2027-02-10 (Wednesday)`. */
function dayText(date: string, lang: Lang): string {
  return lang === "zh"
    ? `${date}（${WEEKDAYS.zh[weekday(date)]}）`
    : `${date} (${WEEKDAYS.en[weekday(date)]})`;
}

/** A holiday schedule read: its days, by date, and the row each came from. */
export interface ScheduleRead {
  readonly days: CalendarDay[];
  /** The years the file gives days of, in order. */
  readonly years: number[];
  readonly notices: string[];
}

/**
 * Reads a holiday schedule: each row a day or a range of days, off (放假) or a make-up workday
 * (上班), with the holiday's name. Refused at the row: a day said both off and a workday, a make-up
 * workday on a weekday (which is a working day already), a day of a year chinese-days lists that
 * its schedule has otherwise; and, for a year since 2025, a statutory holiday missing or a workday.
 * A year whose weekday holidays are not its 13 statutory days plus its make-up workdays is noted:
 * a day off or a make-up workday is most likely missing.
 */
export async function readSchedule(file: string, opts: ReadOptions = {}): Promise<ScheduleRead> {
  const lang = opts.lang ?? "en";
  const days = new Map<string, CalendarDay>();
  const { ignored, notices } = await readKind<ScheduleRow>(
    "calendar",
    file,
    opts,
    (r) => {
      const span = dayCells(r);
      const kind = kindCell(r);
      if (!span || !kind) return undefined;
      return { ...span, kind, name: r.word("name") };
    },
    (rows, lines, problem, named) => {
      checkSchedule(
        rows.map((x, i) => ({ ...x, at: lines[i] })),
        days,
        problem,
        named,
      );
    },
  );
  const all = [...days.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const years = [...new Set(all.map((d) => Number(d.date.slice(0, 4))))].sort((a, b) => a - b);
  return {
    days: all,
    years,
    notices: [
      ...notices,
      ...years.flatMap((y) => unbalancedNotice(y, all, file, lang)),
      ...noticesOf("calendar", file, opts, 0, ignored),
    ],
  };
}

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
    if (missing.length)
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
