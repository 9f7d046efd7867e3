import { halfWidth } from "./data/values.js";
import type { Cadence } from "./policy/types.js";

/** A draw period: `YYYY`, `YYYY-H1`/`H2`, `YYYY-Q1`..`Q4` or `YYYY-MM`, with its first and last day. */
export interface Period {
  readonly label: string;
  readonly cadence: Cadence;
  readonly start: string;
  readonly end: string;
}

/** Parses a period label; undefined when it is not one. */
export function parsePeriod(label: string): Period | undefined {
  let m = /^(\d{4})$/.exec(label);
  if (m) return make(label, "year", Number(m[1]), 1, 12);
  m = /^(\d{4})-H([12])$/.exec(label);
  if (m) return make(label, "half-year", Number(m[1]), m[2] === "1" ? 1 : 7, m[2] === "1" ? 6 : 12);
  m = /^(\d{4})-Q([1-4])$/.exec(label);
  if (m) {
    const q = Number(m[2]);
    return make(label, "quarter", Number(m[1]), q * 3 - 2, q * 3);
  }
  m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(label);
  if (m) return make(label, "month", Number(m[1]), Number(m[2]), Number(m[2]));
  return undefined;
}

const QUARTER_WORDS: Readonly<Record<string, number>> = {
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  "1": 1,
  "2": 2,
  "3": 3,
  "4": 4,
};

/**
 * The period label another way of writing a period most likely means, or undefined: Chinese
 * (`2026年第一季度`, `2026年上半年`, `2026年3月`, `2026年度`), full-width digits, lower case and
 * left-out hyphens (`2026q1`, `2026H1`, `202603`), or a month without its zero (`2026-3`, `2026/03`).
 * Told to whoever typed it, not read as it: a period is recorded as its label.
 */
export function periodMeant(text: string): string | undefined {
  const t = halfWidth(text).replace(/\s+/g, "");
  let m = /^(\d{4})年度?$/.exec(t);
  if (m) return m[1];
  m = /^(\d{4})年?([上下])半年度?$/.exec(t);
  if (m) return `${m[1]}-H${m[2] === "上" ? 1 : 2}`;
  m = /^(\d{4})年?第?([一二三四1-4])季度?$/.exec(t);
  if (m) return `${m[1]}-Q${QUARTER_WORDS[m[2]]}`;
  m = /^(\d{4})[-/.]?([hHqQ])([1-4])$/.exec(t);
  if (m && (m[2].toUpperCase() === "Q" || Number(m[3]) <= 2)) return `${m[1]}-${m[2].toUpperCase()}${m[3]}`;
  m = /^(\d{4})(?:年|[-/.])(\d{1,2})月?$/.exec(t) ?? /^(\d{4})(\d{2})$/.exec(t);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return `${m[1]}-${pad(Number(m[2]))}`;
  return undefined;
}

/** How many periods of a cadence a year holds. */
export const PERIODS_A_YEAR: Readonly<Record<Cadence, number>> = {
  month: 12,
  quarter: 4,
  "half-year": 2,
  year: 1,
};

/** The period of a cadence that contains a date. */
export function periodContaining(date: string, cadence: Cadence): Period {
  const y = date.slice(0, 4);
  const mo = Number(date.slice(5, 7));
  const label =
    cadence === "year"
      ? y
      : cadence === "half-year"
        ? `${y}-H${mo <= 6 ? 1 : 2}`
        : cadence === "quarter"
          ? `${y}-Q${Math.ceil(mo / 3)}`
          : `${y}-${date.slice(5, 7)}`;
  return parsePeriod(label) as Period;
}

/**
 * The periods of `cadence` a period of another cadence overlaps, in order: the quarters of a
 * half-year (2026-H2: 2026-Q3, 2026-Q4), or the one a shorter period lies in (2026-12: 2026-Q4).
 */
export function periodsWithin(period: Period, cadence: Cadence): Period[] {
  const out = [periodContaining(period.start, cadence)];
  while (out[out.length - 1].end < period.end)
    out.push(periodContaining(addDays(out[out.length - 1].end, 1), cadence));
  return out;
}

/** The periods of a cadence starting at `first`, `count` of them. */
export function periodsFrom(first: Period, count: number): Period[] {
  const out: Period[] = [first];
  while (out.length < count) out.push(periodContaining(addDays(out[out.length - 1].end, 1), first.cadence));
  return out;
}

function make(label: string, cadence: Cadence, y: number, m1: number, m2: number): Period {
  const last = new Date(Date.UTC(y, m2, 0)).getUTCDate();
  return { label, cadence, start: `${y}-${pad(m1)}-01`, end: `${y}-${pad(m2)}-${pad(last)}` };
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/**
 * Today's date on this machine's clock, in its time zone (an office in China: Beijing time), as
 * YYYY-MM-DD. Not the UTC date, which until 08:00 in Beijing is still yesterday.
 */
export function today(now: Date = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Adds days to an ISO date. */
export function addDays(date: string, days: number): string {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

/** Adds calendar months to an ISO date, clamping to the month's last day (2024-08-31 − 6m = 2024-02-29). */
export function addMonths(date: string, months: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const d = Number(date.slice(8, 10));
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(d, last))).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (ISO dates). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}
