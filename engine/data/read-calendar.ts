/** The reader of a year's holiday schedule (节假日安排), as the State Council's notice gives it. */

import type { CalendarDay } from "../calendar.js";
import { daysBetween } from "../period.js";
import { dateCell, noticesOf } from "./read-cells.js";
import type { ReadOptions } from "./read-options.js";
import type { Row } from "./row-cursor.js";
import { readKind } from "./row-reader.js";
import { checkSchedule, unbalancedNotice } from "./schedule-checks.js";
import { halfWidth, parseDate } from "./values.js";
import { misnamedWeekday, WEEKDAY_NOTE, weekdayNamed } from "./weekdays.js";

/** A row of a schedule: one day, or days from `from` to `to` (2027年2月5日至11日). */
interface ScheduleRow {
  readonly from: string;
  readonly to: string;
  readonly kind: CalendarDay["kind"];
  readonly name: string;
}

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
