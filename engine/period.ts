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
