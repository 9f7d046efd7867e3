/** The cells and checks the readers of every kind of input share: codes, dates, duplicates, notices. */
import { type Lang, tr } from "../lang.js";
import { type Period, parsePeriod, periodMeant } from "../period.js";
import type { Grade } from "../policy/vocabulary.js";
import { gradeOf, isUngradedWord } from "./cell-words.js";
import type { InputKind } from "./columns.js";
import { ignoredNotice } from "./header-notices.js";
import type { ReadOptions } from "./read-options.js";
import type { Row } from "./row-cursor.js";
import { checkUscc } from "./uscc.js";
import { controlCharacter, halfWidth, parseDate } from "./values.js";

/**
 * Whether a cell's text is a number as Excel shows one too long for its column, and a CSV saved
 * from it keeps (3.20801E+08): its last digits are gone, so codes or ids that differ only there
 * read the same.
 */
export function isExcelScientific(text: string): boolean {
  return /^\d(\.\d+)?e\+\d+$/i.test(text);
}

/**
 * Refuses a cell whose text holds a control character no name or code has (a NUL of a fixed-width
 * export, a text of another encoding): published as read, it would break the list where it stands.
 * `holder` is the cell's subject (the name), `kind` what it is of (name); true where it refused.
 */
export function controlRefused(
  r: Row,
  column: string,
  text: string,
  holder: { en: string; zh: string },
  kind: { en: string; zh: string },
): boolean {
  const control = controlCharacter(text);
  if (control)
    r.bad(
      column,
      `${holder.en} holds a control character (${control}), which no ${kind.en} has: the file may be damaged, or exported in another encoding; remove it`,
      `${holder.zh}中含有控制字符（${control}），${kind.zh}中不应有：文件可能已损坏或以其他编码导出；请删除该字符`,
    );
  return control !== undefined;
}

/**
 * Says, for each of `ids` a row's `column` gives that Excel wrote in scientific notation (see
 * isExcelScientific), that it lost its last digits; returns whether any did.
 */
export function excelScientificIds(r: Row, column: string, ids: readonly string[]): boolean {
  const lost = ids.filter(isExcelScientific);
  for (const id of lost)
    r.bad(
      column,
      `the inspector id '${id}' was stored by Excel as a number and shown in scientific notation, which drops its last digits (320801001 and 320801002 both become 3.20801E+08): format the column as text and enter the ids again, or give the list as the system exported it`,
      `执法人员编号“${id}”被 Excel 存成了数字并以科学记数法显示，末几位数字已丢失（320801001 与 320801002 都成了 3.20801E+08）：请将该列设置为文本格式后重新录入，或使用系统导出的原文件`,
    );
  return lost.length > 0;
}

/**
 * The unified social credit code of a row's `column`, checked and normalised (counted in
 * `normalised`); undefined, and said, when it is not one.
 */
export function usccCell(
  r: Row,
  column: string,
  normalised: { count: number },
  /** What to add where the cell is empty (the row's registration number, see readEnterprises). */
  whenEmpty?: (r: Row) => { en: string; zh: string } | undefined,
): string | undefined {
  const raw = r.text(column);
  if (!raw) {
    const more = whenEmpty?.(r);
    r.bad(
      column,
      `the unified social credit code is empty${more?.en ?? ""}`,
      `统一社会信用代码为空${more?.zh ?? ""}`,
    );
    return undefined;
  }
  const cell = r.raw(column);
  // Excel keeps 15 significant digits of a number: an all-digit code typed into a cell not
  // formatted as text loses its last digits, and a CSV saved from it shows 9.13208E+17.
  if ((typeof cell === "number" && !Number.isSafeInteger(cell)) || isExcelScientific(raw)) {
    r.bad(
      column,
      `the unified social credit code '${raw}' was stored by Excel as a number, which keeps only 15 digits: format the column as text and enter the codes again`,
      `统一社会信用代码“${raw}”被 Excel 存成了数字，只保留 15 位有效数字：请将该列设置为文本格式后重新录入`,
    );
    return undefined;
  }
  return checkedCode(r, column, String(cell ?? ""), normalised);
}

/**
 * The code `text` of a row's `column` (one of several in its cell, `of` of them), checked: its
 * problem said and undefined when it breaks the standard; counted in `normalised` when normalised.
 */
export function checkedCode(
  r: Row,
  column: string,
  text: string,
  normalised: { count: number },
  of = 1,
): string | undefined {
  const check = checkUscc(text);
  if (check.fault) {
    const among = of > 1 ? { en: ` (of ${of} in the cell)`, zh: `（该格共 ${of} 个）` } : { en: "", zh: "" };
    r.bad(
      column,
      `invalid unified social credit code '${check.code}'${among.en}: ${check.fault.en}`,
      `统一社会信用代码“${check.code}”无效${among.zh}：${check.fault.zh}`,
    );
    return undefined;
  }
  if (check.normalised) normalised.count++;
  return check.code;
}

/** The Excel date serial numbers of 1990-01-01 and 2100-01-01: the days a date cell may hold. */
const SERIAL_1990 = 32_874;
const SERIAL_2100 = 73_051;

/** The day of an Excel date serial number (days since 1899-12-30). */
const excelDay = (serial: number) =>
  new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10);

/**
 * The grade of a row's grade cell: null where empty or a word for ungraded (未评级); an unknown one
 * is said, and read as null.
 */
export function gradeCell(r: Row, column: string): Grade {
  const g = r.text(column);
  if (!g) return null;
  const found = gradeOf(g);
  if (found) return found;
  if (!isUngradedWord(g))
    r.bad(
      column,
      `unknown grade '${g}' (expected A, B, C, D or empty for ungraded)`,
      `未知信用等级“${g}”（应为 A、B、C、D，未分级留空）`,
    );
  return null;
}

/**
 * The day of a row's date `column` (ISO); null when empty (said when `required`); undefined, and
 * said, when it is no date.
 */
export function dateCell(r: Row, column: string, required: boolean): string | null | undefined {
  const raw = r.raw(column);
  // A date cell Excel stored without a date format arrives as its serial number, with the time of
  // day as its fraction. Only a day of 1990 to 2099 is taken so: a year typed into a number cell
  // (2026) would be a day of 1905, and is said to be a year, as its text is.
  if (typeof raw === "number" && raw >= SERIAL_1990 && raw < SERIAL_2100) return excelDay(Math.floor(raw));
  const t = r.text(column);
  if (!t) {
    if (required) r.bad(column, "the date is empty", "日期为空");
    return null;
  }
  const d = parseDate(t);
  if (!d) {
    // A year or a month written where a day belongs (评级日期 2025年度, 2025-06): which it is, not a guess at the day.
    const period = parsePeriod(t) ?? parsePeriod(periodMeant(t) ?? "");
    if (period) {
      const [en, zh] = PERIOD_WORDS[period.cadence];
      r.bad(
        column,
        `'${t}' is ${en}, not a day: write the day (YYYY-MM-DD, YYYY/MM/DD or YYYY年M月D日)`,
        `“${t}”是${zh}而非日期：请写具体日期（YYYY-MM-DD、YYYY/MM/DD 或 YYYY年M月D日）`,
      );
      return undefined;
    }
    const told = dateMeant(t);
    if (told) {
      r.bad(column, `'${t}' is not a date: ${told.en}`, `“${t}”不是有效日期：${told.zh}`);
      return undefined;
    }
    // In a CSV, a column of dates Excel held as numbers is saved as their serial numbers: the
    // number is not taken as a date (a five-digit code could be anything), but what it would be is said.
    const serial = /^\d{5}$/.test(t) ? excelDay(Number(t)) : undefined;
    r.bad(
      column,
      `'${t}' is not a date (use YYYY-MM-DD, YYYY/MM/DD or YYYY年M月D日)${serial ? `: as an Excel date number it is ${serial}; give the column a date format in Excel before saving the CSV` : ""}`,
      `“${t}”不是有效日期（应为 YYYY-MM-DD、YYYY/MM/DD 或 YYYY年M月D日）${serial ? `：若为 Excel 日期序号，即 ${serial}；请在 Excel 中将该列设为日期格式后再保存为 CSV` : ""}`,
    );
  }
  return d;
}

/**
 * What a cell that is no date most likely says, where it says one of three things: two days (a
 * visit over several, 2026-12-01至2026-12-03), of which the cell is to hold one; a day without its
 * year (3月10日); or a day with its year last (12/1/2026, as a system set to another country's
 * format writes it), said as the day it can be, or both ways it can be read (not guessed: another
 * row may be written the other way).
 */
function dateMeant(t: string): { en: string; zh: string } | undefined {
  const span = t.split(/\s*(?:至|到|~|～|—+|－+|--)\s*/);
  if (span.length === 2 && span.every((d) => parseDate(d))) {
    const [from, to] = span.map((d) => parseDate(d) as string);
    return {
      en: `two days (${from} to ${to}): write the one day the inspection is dated`,
      zh: `为两个日期（${from} 至 ${to}）：请只写检查日期这一天`,
    };
  }
  // A day without its year, as a form is filled in by hand: the year is not guessed.
  const noYear = dayWithoutYear(t);
  if (noYear)
    return {
      en: `the year is missing: write the day with its year, ${noYear}`,
      zh: `缺少年份：请连同年份写作 ${noYear}`,
    };
  const yearLast = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(halfWidth(t).trim());
  if (!yearLast) return undefined;
  const [, a, b, year] = yearLast;
  const readings = [...new Set([`${year}-${b}-${a}`, `${year}-${a}-${b}`].map(parseDate))].filter(
    (d): d is string => d !== undefined,
  );
  if (!readings.length) return undefined;
  if (readings.length === 1)
    return {
      en: `the year is last: write ${readings[0]} (YYYY-MM-DD)`,
      zh: `年份在后：请写作 ${readings[0]}（YYYY-MM-DD）`,
    };
  return {
    en: `the year is last, and which of ${a} and ${b} is the month is not known: write ${readings.join(" or ")}, as meant (YYYY-MM-DD)`,
    zh: `年份在后，无法确定 ${a} 和 ${b} 哪个是月份：请按原意写作 ${readings.join(" 或 ")}（YYYY-MM-DD）`,
  };
}

/**
 * A day written without its year (3月10日, 3/10), as it would be written with one: `YYYY-03-10`;
 * undefined for anything else, or a day no year has (2月30日).
 */
export function dayWithoutYear(text: string): string | undefined {
  const m = /^(\d{1,2})(?:月(\d{1,2})[日号]?|[/.-](\d{1,2}))$/.exec(halfWidth(text).replace(/\s+/g, ""));
  if (!m) return undefined;
  const [month, day] = [m[1], m[2] ?? m[3]].map((x) => x.padStart(2, "0"));
  // 2024 is a leap year: 2月29日 is a day some year has.
  return parseDate(`2024-${month}-${day}`) ? `YYYY-${month}-${day}` : undefined;
}

/** A period as a date cell's message names it. */
const PERIOD_WORDS: Readonly<Record<Period["cadence"], readonly [string, string]>> = {
  year: ["a year", "年份"],
  "half-year": ["a half-year", "半年"],
  quarter: ["a quarter", "季度"],
  month: ["a month", "月份"],
};

/** The notices of a file: codes normalised, columns not read. */
export function noticesOf(
  kind: InputKind,
  file: string,
  opts: ReadOptions,
  normalised: number,
  ignored: readonly string[],
): string[] {
  const lang = opts.lang ?? "en";
  return [...normalisedNotice(normalised, file, lang), ...ignoredNotice(kind, ignored, file, lang)];
}

/** The notice that codes of a file were normalised (none when `count` is 0). */
export function normalisedNotice(count: number, file: string, lang: Lang): string[] {
  return count
    ? [
        tr(
          lang,
          `${file}: ${count} unified social credit code(s) were in lower case, full-width, or padded with spaces or characters that show as nothing (a zero-width space, as text copied from a web page has), and have been normalised`,
          `${file}：${count} 个统一社会信用代码含小写字母、全角字符、空格或不可见字符（如从网页复制带来的零宽空格），已规范化`,
        ),
      ]
    : [];
}

/**
 * A reader's last check: each record whose key an earlier record has is reported, naming the first
 * one's row. The keys are found in an open-addressing table of record indices: for a million codes
 * a third of the time of a Map from key to row, and an eighth of its memory. Each key's hash is kept,
 * and two keys' text is compared only when their hashes agree, not whenever they share a slot
 * (some 450,000 times for a million codes, each a string elsewhere in memory): the check of a
 * million codes took 470 ms comparing text, 360 comparing hashes first.
 */
export const unique =
  <T>(key: (t: T) => string, column: string, what: { en: string; zh: string }, blankless = false) =>
  (
    records: T[],
    rows: number[],
    problem: (row: number, column: string, en: string, zh: string) => void,
    named: (row: number) => { en: string; zh: string },
  ) => {
    const keys = records.map(key);
    const hashes = new Int32Array(keys.length);
    const mask = (1 << (32 - Math.clz32(Math.max(1, 2 * keys.length - 1)))) - 1;
    const table = new Int32Array(mask + 1).fill(-1);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      // `blankless`: an empty key (no licence number) is no key, however many have it.
      if (blankless && k === "") continue;
      const h = fnv1a(k);
      hashes[i] = h;
      for (let at = h & mask; ; at = (at + 1) & mask) {
        const j = table[at];
        if (j < 0) {
          table[at] = i;
          break;
        }
        if (hashes[j] === h && keys[j] === k) {
          problem(
            rows[i],
            column,
            `duplicate ${what.en} '${k}' (also ${named(rows[j]).en})`,
            `${what.zh}“${k}”重复（另见${named(rows[j]).zh}）`,
          );
          break;
        }
      }
    }
  };

/** The 32-bit FNV-1a hash of a string's UTF-16 code units (as a signed 32-bit integer). */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}
