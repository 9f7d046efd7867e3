/**
 * Parsing of cell values as offices write them: dates in ISO or Chinese forms, lists separated
 * by `;`, `；` or `、`, yes/no in English or Chinese. Each parser returns undefined for a value it
 * cannot read, so the caller can report the cell.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: the whole ASCII range, control characters included
const NOT_ASCII = /[^\u0000-\u007f]/;

const HAN = /\p{Script=Han}/u;

/**
 * Whether a text has a Chinese character (as a name or a note has, and no code or id does): a quick
 * look for any character from U+2E80 on first, so that a code's cell costs a few comparisons.
 */
export function hasHan(t: string): boolean {
  for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) >= 0x2e80) return HAN.test(t);
  return false;
}

/** `text`, or its first `most` characters and an ellipsis where it is longer, as a message quotes a cell. */
export function clipped(text: string, most: number): string {
  return text.length > most ? `${text.slice(0, most)}…` : text;
}

/**
 * A cell's text with full-width letters, digits and signs (全角, as a Chinese input method types
 * them) in their ASCII forms (Unicode NFKC); ASCII text, the common case, is returned as it is.
 */
export function halfWidth(s: string): string {
  return NOT_ASCII.test(s) ? s.normalize("NFKC") : s;
}

/**
 * Characters that show as nothing, which text copied from a web page (a publicity system's list)
 * carries: zero-width spaces and joiners, the word joiner, a byte-order mark.
 */
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;

/**
 * The parts of a cell that joins several values with a mark no list of the files is separated by
 * (市场监管局/人社局, SC-GS|SC-SP): a slash or a bar, and spaces too where `spaces` (not in result
 * codes, whose English glosses have them).
 */
export function joinedParts(text: string, spaces: boolean): string[] {
  return text
    .split(spaces ? /[/／|｜\\\s]+/ : /[/／|｜\\]/)
    .map((p) => p.trim())
    .filter(Boolean);
}

/** The text without characters that show as nothing (see INVISIBLE), trimmed. */
export function withoutInvisible(s: string): string {
  return s.replace(INVISIBLE, "").trim();
}

/**
 * Parses `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYY.MM.DD`, `YYYYMMDD` or `YYYY年M月D日` (full-width digits
 * too, a time of day after it ignored) to ISO; undefined if not a real date.
 */
export function parseDate(s: string): string | undefined {
  if (s.length > 32) return parseDateText(s);
  const known = DATES.get(s);
  if (known !== undefined || DATES.has(s)) return known;
  const parsed = parseDateText(s);
  if (DATES.size >= 4096) DATES.clear();
  DATES.set(s, parsed);
  return parsed;
}

/**
 * parseDate's answers to the short texts it was given last (at most 4,096 of up to 32 characters,
 * so a file of odd cells cannot make it large): a file of a million rows repeats a few dates.
 */
const DATES = new Map<string, string | undefined>();

function parseDateText(s: string): string | undefined {
  // Full-width digits become ASCII; a time of day after the date (a database export's
  // "2026-01-05 00:00:00" or "…T08:30") is not part of the date.
  let text = halfWidth(s).trim();
  if (text.length > 10) text = text.replace(/[ T](?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?$/, "");
  // A date as a document writes it (二〇二六年十二月一日), and a time of day after a Chinese one
  // (2026年12月1日 上午, 2026年12月1日10时30分), as a form filled in by hand has them.
  if (CHINESE_DIGITS.test(text)) text = withArabicNumerals(text);
  // Spaced as a form's date is typed into its blanks (2026 年 1 月 5 日).
  if (text.includes("年")) text = text.replace(/\s*([年月])\s*/g, "$1").replace(/\s+([日号])/, "$1");
  if (text.includes("日")) text = text.replace(TIME_AFTER_DAY, "日");
  const m = /^(\d{4})(?:[-/.](\d{1,2})[-/.](\d{1,2})|年(\d{1,2})月(\d{1,2})[日号]?|(\d{2})(\d{2}))$/.exec(
    text,
  );
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2] ?? m[4] ?? m[6]);
  const d = Number(m[3] ?? m[5] ?? m[7]);
  const iso = `${m[1]}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d ? iso : undefined;
}

/** The characters of a number written in Chinese, as a document dates itself (二〇二六年十二月一日). */
export const CHINESE_DIGITS = /[〇零一二三四五六七八九十]/;
/** The value of each Chinese digit. */
export const DIGIT_OF: Readonly<Record<string, number>> = {
  〇: 0,
  零: 0,
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/**
 * Numbers in Chinese as Arabic ones: a year digit by digit (二〇二六 → 2026), and any other below a
 * hundred by tens (十二 → 12, 二十一 → 21, 四十 → 40), as a date's month and day or a capacity.
 * Text that is no such number is kept.
 */
function withArabicNumerals(text: string): string {
  return text
    .replace(/[〇零一二三四五六七八九]{4}(?=年)/, (year) => [...year].map((c) => DIGIT_OF[c]).join(""))
    .replace(
      /([一二三四五六七八九]?)十([一二三四五六七八九]?)|[一二三四五六七八九]/g,
      (all, tens: string, ones: string) =>
        all.includes("十")
          ? String((tens ? DIGIT_OF[tens] : 1) * 10 + (ones ? DIGIT_OF[ones] : 0))
          : String(DIGIT_OF[all]),
    );
}

/** A time of day after a Chinese date's 日: 上午, 下午, 10时30分, 10:30, as a form filled in by hand adds it. */
const TIME_AFTER_DAY =
  /日\s*(?:上午|下午|中午|晚上|早上|凌晨)?\s*(?:\d{1,2}\s*[:时点]\s*(?:\d{1,2}\s*分?)?(?:\s*:\s*\d{1,2}\s*秒?)?)?\s*$/;

/** Whether a text is a real date written exactly as ISO `YYYY-MM-DD` (what options and policy tests take). */
export function isIsoDate(s: string): boolean {
  return parseDate(s) === s;
}

/**
 * What separates the names of a list typed on a command line or in YAML: `,` and `;`, and the
 * full-width `，`, `；` and `、` a Chinese input method types.
 */
export const NAME_SEPARATORS = /[;,；，、]/;

/**
 * What separates the values of a list in a cell: those of {@link NAME_SEPARATORS}, and a line
 * break (a cell of a sheet holds one value a line after Alt+Enter, as offices often list a
 * firm's departments).
 */
const CELL_SEPARATORS = /[;,；，、\r\n]/;

/**
 * Splits a list cell (departments, tags, an inspector's items, a visit's inspectors) on `;`, `,`,
 * `；`, `，`, `、` and line breaks, trimming each value and leaving out empty ones.
 */
export function parseList(s: string, separators: RegExp = CELL_SEPARATORS): string[] {
  return s
    .split(separators)
    .map((x) => x.trim())
    .filter((x) => x.length > 0);
}

// With the marks a sheet ticks a box with (√, ✓, ✔) or crosses it (×, ✗, ✘).
const TRUE = new Set(["true", "yes", "y", "1", "是", "有", "在册", "有效", "√", "✓", "✔"]);
const FALSE = new Set(["false", "no", "n", "0", "否", "无", "", "×", "✗", "✘"]);

/** Parses a yes/no cell; undefined when it is neither. */
export function parseBool(s: string): boolean | undefined {
  const v = s.trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  return undefined;
}

/**
 * Parses a non-negative integer cell, in full-width digits too, in Chinese numerals below a
 * hundred (十, 二十五), as a decimal a spreadsheet writes a whole number as (10.0), and with the
 * unit offices write after a number of inspections (10次, 10家, 10户); undefined when it is not one.
 */
export function parseCount(s: string): number | undefined {
  let v = halfWidth(s).trim();
  if (CHINESE_DIGITS.test(v)) v = withArabicNumerals(v);
  const m = /^(\d{1,9})(?:\.0+)?\s*(?:次|家|户|件|个|家次|户次)?$/.exec(v);
  return m ? Number(m[1]) : undefined;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters no name or code holds (tab and line ends aside)
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * The first control character of a text that no name or code holds (a NUL of a fixed-width export,
 * a text read in another encoding), as `U+0000`; undefined where there is none. Published, it would
 * break the list where it stands.
 */
export function controlCharacter(text: string): string | undefined {
  const m = CONTROL.exec(text);
  return m ? `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}` : undefined;
}
