const BARS = "▁▂▃▄▅▆▇█";

/** A sparkline of values on a shared scale [min, max]. */
export function sparkline(values: readonly number[], min: number, max: number): string {
  const span = max - min;
  return values
    .map((v) => BARS[span > 0 ? Math.min(7, Math.max(0, Math.round(((v - min) / span) * 7))) : 3])
    .join("");
}
