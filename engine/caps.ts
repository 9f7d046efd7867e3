import { addDays, addMonths, periodContaining } from "./period.js";
import type { Cap } from "./policy/types.js";

/**
 * The dates a cap counts, inclusive: a trailing window (`12m`: the 12 months up to and including
 * the date, i.e. after the same day 12 months earlier) or the calendar year, half-year, quarter or
 * month containing the date.
 */
export function capWindow(window: string, date: string): { readonly from: string; readonly to: string } {
  // A draw asks for the same window and date once per enterprise: the last asked is at hand, a few more are kept.
  if (lastAsked && window === lastAsked.window && date === lastAsked.date) return lastAsked.w;
  const key = `${window}|${date}`;
  let w = windows.get(key);
  if (!w) {
    if (windows.size > 64) windows.clear();
    w = computeWindow(window, date);
    windows.set(key, w);
  }
  lastAsked = { window, date, w };
  return w;
}

const windows = new Map<string, { readonly from: string; readonly to: string }>();
let lastAsked:
  | { window: string; date: string; w: { readonly from: string; readonly to: string } }
  | undefined;

function computeWindow(window: string, date: string): { from: string; to: string } {
  const m = /^(\d+)([dmy])$/.exec(window);
  if (m) {
    const n = Number(m[1]);
    const start = m[2] === "d" ? addDays(date, -n) : addMonths(date, m[2] === "y" ? -12 * n : -n);
    return { from: addDays(start, 1), to: date };
  }
  const p = periodContaining(date, window as "year" | "half-year" | "quarter" | "month");
  return { from: p.start, to: p.end };
}

/** Counts the inspection dates (sorted or not) inside a cap's window. */
export function countInWindow(dates: readonly string[], cap: Cap, date: string): number {
  const { from, to } = capWindow(cap.window, date);
  let n = 0;
  for (const d of dates) if (d >= from && d <= to) n++;
  return n;
}

/** True when one more inspection would exceed the cap. */
export function overCap(dates: readonly string[], cap: Cap | undefined, date: string): boolean {
  return cap !== undefined && countInWindow(dates, cap, date) >= cap.count;
}
