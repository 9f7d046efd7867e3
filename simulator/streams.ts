import seedrandom from "seedrandom";
import { sha256Hex } from "../engine/tickets.js";

/** The purposes random numbers are drawn for; each gets its own streams. */
export type Purpose = "rank" | "violation" | "detect" | "transition" | "exit" | "entry";

/**
 * Common random numbers: one seeded stream per (seed, replication, period, purpose), read in
 * enterprise order with exactly one number per enterprise slot, so enterprise i's number for a
 * purpose in a period is the same under every policy variant: variants differ by policy alone.
 * Streams are alea (seedrandom), seeded with a hex digest (seedrandom keeps only the low byte of
 * each character of a string seed, so raw Chinese text would collide).
 */
export function fillStream(
  seed: string,
  replication: number,
  period: number,
  purpose: Purpose,
  out: Float64Array,
  count = out.length,
): Float64Array {
  const next = seedrandom.alea(sha256Hex(`${seed}|${replication}|${period}|${purpose}`));
  for (let i = 0; i < count; i++) out[i] = next();
  return out;
}

/** Independent streams (no common random numbers): each variant gets its own, for comparison in tests. */
export function independentSeed(seed: string, variant: number): string {
  return `${seed}|variant-${variant}`;
}
