/** The options commands share, read: a usage error, naming the form, for a value that is none. */
import { dayWithoutYear } from "../engine/data/read-cells.js";
import { halfWidth, isIsoDate, NAME_SEPARATORS, parseDate } from "../engine/data/values.js";
import { type Lang, tr } from "../engine/lang.js";
import { type Period, parsePeriod, periodMeant } from "../engine/period.js";
import { UsageError } from "./context.js";

/** A period option (`--period`): a usage error, naming the forms, when it is not a period. */
export function periodOption(value: string, lang: Lang = "en"): Period {
  const period = parsePeriod(value);
  if (!period) {
    const meant = periodMeant(value);
    throw new UsageError(
      tr(
        lang,
        `'${value}' is not a period (YYYY, YYYY-H1, YYYY-Q1 or YYYY-MM)${meant ? `: write ${meant}` : ""}`,
        `“${value}”不是有效期间（YYYY、YYYY-H1、YYYY-Q1 或 YYYY-MM）${meant ? `：请写作 ${meant}` : ""}`,
      ),
    );
  }
  return period;
}

/**
 * A seed option (`--seed`): a usage error when the seed would be published as one thing and
 * typed again as another by whoever checks the draw: empty, with a space at its start or end,
 * with a control or invisible character, or with full-width letters, digits or signs (as a
 * Chinese input method types them: ２０２６ is not 2026, and gives other tickets).
 */
export function seedOption(value: string, lang: Lang = "en"): string {
  const refuse = (en: string, zh: string, fix?: string) =>
    new UsageError(
      tr(
        lang,
        `--seed ${en}: a seed is published and typed again by anyone who checks the draw${fix ? `; give it as '${fix}'` : ""}`,
        `--seed ${zh}：种子要公开，任何人核对抽查时都要重新输入它${fix ? `；请写作“${fix}”` : ""}`,
      ),
    );
  if (value === "") throw refuse("is empty", "为空");
  if (/^\s|\s$/u.test(value))
    throw refuse(
      `has a space at its start or end ('${value}')`,
      `首尾有空格（“${value}”）`,
      value.trim() || undefined,
    );
  const hidden = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.exec(value);
  if (hidden)
    throw refuse(
      `has an invisible character (U+${hex(hidden[0])}) at position ${hidden.index + 1}`,
      `第 ${hidden.index + 1} 个字符是不可见字符（U+${hex(hidden[0])}）`,
    );
  const wide = /[\uff01-\uff5e\u3000]/u.exec(value);
  if (wide)
    throw refuse(
      `has full-width characters ('${wide[0]}' at position ${wide.index + 1})`,
      `含全角字符（第 ${wide.index + 1} 个字符“${wide[0]}”）`,
      value
        .replace(/[\uff01-\uff5e]/gu, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
        .replace(/\u3000/gu, " "),
    );
  return value;
}

/** A character's code point in hexadecimal, at least four digits. */
const hex = (c: string) => (c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0");

/** An ISO date option (`--date`): a usage error, naming the form, when it is not a date. */
export function dateOption(value: string | undefined, name: string, lang: Lang = "en"): string | undefined {
  if (value === undefined) return undefined;
  if (!isIsoDate(value)) {
    // Told the day it means (2026/1/5, 2026年1月5日), not read as it: as a period is. A day
    // without its year (3月10日) is told to be written with one, not guessed.
    const meant = parseDate(value);
    const noYear = meant ? undefined : dayWithoutYear(value);
    throw new UsageError(
      tr(
        lang,
        `${name} must be a date YYYY-MM-DD, not '${value}'${meant ? `: write ${meant}` : noYear ? `: the year is missing, ${noYear}` : ""}`,
        `${name} 应为日期 YYYY-MM-DD，而不是“${value}”${meant ? `：请写作 ${meant}` : noYear ? `：缺少年份，${noYear}` : ""}`,
      ),
    );
  }
  return value;
}

/**
 * The departments `--departments` names, split on `,`, `;`, `、` or their full-width forms (a
 * Chinese input method types `，`). A list given that names none (`--departments ""`, a shell
 * variable never set) is a usage error: left out, the option means every department of the policy,
 * which a draw for some would have taken without a word.
 */
export function departmentsList(v: string | undefined, lang: Lang): string[] | undefined {
  if (v === undefined) return undefined;
  const list = v
    .split(NAME_SEPARATORS)
    .map((s) => s.trim())
    .filter(Boolean);
  if (!list.length)
    throw new UsageError(
      tr(
        lang,
        "--departments names none: give the names separated by , ; or 、, or leave the option out for every department of the policy",
        "--departments 未给出任何名称：请用 , ; 或 、 分隔给出名称，或不使用该选项（即政策的全部部门）",
      ),
    );
  return list;
}

/** The reason an option gives (a cancellation's, a withdrawal's), trimmed; an empty one is a usage error. */
export function requireReason(reason: string, lang: Lang): string {
  if (!reason.trim()) throw new UsageError(tr(lang, "--reason must not be empty", "--reason 不能为空"));
  return reason.trim();
}

/**
 * A whole-number option within [min, max], given in digits: an empty value (an unset shell
 * variable) is not read as 0, nor `1e2` or `0x10` as numbers; full-width digits, as a Chinese input
 * method types them, are told how to write.
 */
export function wholeOption(
  text: string,
  name: string,
  lang: Lang,
  min: number,
  max = Number.POSITIVE_INFINITY,
): number {
  const n = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (n >= min && n <= max) return n;
  const wide = fullWidthDigits(text, name, lang);
  if (wide) throw wide;
  const range = Number.isFinite(max) ? `from ${min} to ${max}` : `≥ ${min}`;
  const rangeZh = Number.isFinite(max) ? ` ${min} 到 ${max} 之间的整数` : `不小于 ${min} 的整数`;
  throw new UsageError(
    tr(
      lang,
      `${name} must be a whole number ${range}, not '${text}'`,
      `${name} 应为${rangeZh}，而不是“${text}”`,
    ),
  );
}

/**
 * The usage error for an option's number typed in full-width digits, as a Chinese input method
 * types them (`２０２７`), told as digits (`give it as 2027`); undefined where `text` is not such a
 * number (`digits`: the form the option takes).
 */
export function fullWidthDigits(
  text: string,
  name: string,
  lang: Lang,
  digits = /^\d+$/,
): UsageError | undefined {
  const meant = halfWidth(text).trim();
  if (meant === text.trim() || !digits.test(meant)) return undefined;
  return new UsageError(
    tr(
      lang,
      `${name} is written in full-width digits ('${text}'): give it as ${meant}`,
      `${name} 使用了全角数字（“${text}”）：请写作 ${meant}`,
    ),
  );
}
