import seedrandom from "seedrandom";
import { sha256Hex } from "../engine/tickets.js";
import { type AleaLanes, type AleaState, aleaLanes } from "./alea-wasm.js";
import type { Arena } from "./period-kernels.js";

/** The purposes with one number per enterprise slot in every period. */
export const SLOT_PURPOSES = ["rank", "violation", "detect", "transition", "exit"] as const;
/** The purposes random numbers are drawn for; each gets its own streams (`entry`: one number per entrant). */
export type Purpose = (typeof SLOT_PURPOSES)[number] | "entry";

/** One array per per-slot purpose. */
export type SlotStreams = Record<(typeof SLOT_PURPOSES)[number], Float64Array>;

/**
 * Common random numbers: one seeded stream per (seed, replication, period, purpose), read in
 * enterprise order with exactly one number per enterprise slot, so enterprise i's number for a
 * purpose in a period is the same under every policy variant: variants differ by policy alone.
 * Streams are alea (seedrandom), seeded with a hex digest (seedrandom keeps only the low byte of
 * each character of a string seed, so raw Chinese text would collide).
 */
function streamSeed(seed: string, replication: number, period: number, purpose: Purpose): string {
  return sha256Hex(`${seed}|${replication}|${period}|${purpose}`);
}

/** Fills `out[0, count)` with the stream of (seed, replication, period, purpose). */
export function fillStream(
  seed: string,
  replication: number,
  period: number,
  purpose: Purpose,
  out: Float64Array,
  count = out.length,
): Float64Array {
  const next = seedrandom.alea(streamSeed(seed, replication, period, purpose));
  for (let i = 0; i < count; i++) out[i] = next();
  return out;
}

/** The kernels of arrays made by {@link allocSlotStreams}, by their `rank` array. */
const lanesOf = new WeakMap<Float64Array, AleaLanes>();

/**
 * Arrays for the five per-slot streams of `capacity` slots. Where WebAssembly runs, they lie in
 * the memory of a kernel that fills them (see {@link fillSlotStreams}) about three times as fast
 * as the loop in JavaScript, with the same numbers: the memory of `arena` when given, where the
 * period's kernels read them too.
 */
export function allocSlotStreams(capacity: number, arena?: Arena): SlotStreams {
  const lanes = arena ? arena.aleaLanes(capacity) : aleaLanes(capacity);
  const arrays = lanes?.arrays ?? SLOT_PURPOSES.map(() => new Float64Array(capacity));
  if (lanes) lanesOf.set(arrays[0], lanes);
  return Object.fromEntries(SLOT_PURPOSES.map((p, k) => [p, arrays[k]])) as SlotStreams;
}

/**
 * Fills `[0, count)` of the five per-slot streams of a period at once: the same numbers as
 * {@link fillStream} for each. One alea step waits on the one before it, so a stream alone keeps
 * the processor waiting; five independent ones stepped side by side run about five times as fast.
 * Arrays made by {@link allocSlotStreams} are filled by its WebAssembly kernel, others here.
 */
export function fillSlotStreams(
  seed: string,
  replication: number,
  period: number,
  out: SlotStreams,
  count: number,
): void {
  const start = (p: Purpose) =>
    seedrandom.alea(streamSeed(seed, replication, period, p), { state: true }).state() as AleaState;
  const lanes = lanesOf.get(out.rank);
  if (lanes && SLOT_PURPOSES.every((p, k) => out[p] === lanes.arrays[k]) && count <= out.rank.length) {
    lanes.fill(SLOT_PURPOSES.map(start), count);
    return;
  }
  // alea's own step, with its state in locals rather than behind a call per number: the same
  // arithmetic in the same order, so the same numbers (a test compares them with seedrandom's).
  let { c: ac, s0: a0, s1: a1, s2: a2 } = start("rank");
  let { c: bc, s0: b0, s1: b1, s2: b2 } = start("violation");
  let { c: cc, s0: c0, s1: c1, s2: c2 } = start("detect");
  let { c: dc, s0: d0, s1: d1, s2: d2 } = start("transition");
  let { c: ec, s0: e0, s1: e1, s2: e2 } = start("exit");
  const { rank: A, violation: B, detect: C, transition: D, exit: E } = out;
  for (let i = 0; i < count; i++) {
    let t = 2091639 * a0 + ac * 2.3283064365386963e-10;
    a0 = a1;
    a1 = a2;
    ac = t | 0;
    A[i] = a2 = t - ac;
    t = 2091639 * b0 + bc * 2.3283064365386963e-10;
    b0 = b1;
    b1 = b2;
    bc = t | 0;
    B[i] = b2 = t - bc;
    t = 2091639 * c0 + cc * 2.3283064365386963e-10;
    c0 = c1;
    c1 = c2;
    cc = t | 0;
    C[i] = c2 = t - cc;
    t = 2091639 * d0 + dc * 2.3283064365386963e-10;
    d0 = d1;
    d1 = d2;
    dc = t | 0;
    D[i] = d2 = t - dc;
    t = 2091639 * e0 + ec * 2.3283064365386963e-10;
    e0 = e1;
    e1 = e2;
    ec = t | 0;
    E[i] = e2 = t - ec;
  }
}

/** Independent streams (no common random numbers): each variant gets its own, for comparison in tests. */
export function independentSeed(seed: string, variant: number): string {
  return `${seed}|variant-${variant}`;
}

/** Random numbers of one period, one array per purpose, indexed by enterprise slot. */
export type Streams = Record<Purpose, Float64Array>;

/**
 * Allocates stream arrays for a population's capacity (the per-slot ones where their kernel fills
 * them fastest: in `arena` when given, where the period's kernels read them).
 */
export function allocStreams(capacity: number, arena?: Arena): Streams {
  return { ...allocSlotStreams(capacity, arena), entry: new Float64Array(capacity) };
}

/** Fills the streams of a period for `count` slots, and the entry stream for `entrants` arrivals. */
export function fillStreams(
  u: Streams,
  seed: string,
  replication: number,
  period: number,
  count: number,
  entrants: number,
): void {
  fillSlotStreams(seed, replication, period, u, count);
  fillStream(seed, replication, period, "entry", u.entry, Math.min(entrants, u.entry.length));
}
