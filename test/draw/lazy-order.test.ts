import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import { LazyOrder } from "../../engine/draw/lazy-order.js";

/** Positions 0..n−1 sorted plainly: by key, then by the tie-break. */
function sorted(keys: Float64Array, tieBreak: Float64Array): number[] {
  return Array.from(keys, (_, p) => p).sort((a, b) => keys[a] - keys[b] || tieBreak[a] - tieBreak[b]);
}

/** Runs of these lengths, keys drawn by `key`, a tenth of them repeating an earlier key. */
function candidates(lengths: number[], key: () => number, random: () => number) {
  const n = lengths.reduce((a, b) => a + b, 0);
  const keys = new Float64Array(n);
  for (let p = 0; p < n; p++) keys[p] = p > 0 && random() < 0.1 ? keys[Math.floor(random() * p)] : key();
  const tieBreak = Float64Array.from({ length: n }, () => random());
  const ends = new Int32Array(lengths.length);
  lengths.reduce((at, length, r) => {
    ends[r] = at + length;
    return ends[r];
  }, 0);
  return { n, keys, tieBreak, ends };
}

describe("a visit's candidates in ticket order (SPEC §6: the eligible inspectors ranked by ticket)", () => {
  const random = seedrandom("lazy-order");
  const kinds: [string, () => number][] = [
    // Team keys: the first five digits, spread over [0, 10^5).
    ["team keys", () => Math.floor(random() * 1e5)],
    // Keys all below the shortlist's bound: every position is listed.
    ["keys crowded near zero", () => Math.floor(random() * 100)],
    // Keys all above it: too few are listed, and every position is looked at instead.
    ["keys crowded at the top", () => 1e5 - 1 - Math.floor(random() * 100)],
    // A few distinct keys: most of the order is decided by the tie-break.
    ["many equal keys", () => Math.floor(random() * 5) * 1e4],
  ];
  for (const [kind, key] of kinds)
    it(`come out as a plain sort gives them, department by department and overall, with ${kind}`, () => {
      const order = new LazyOrder(5000);
      for (const lengths of [[1200, 111], [40], [7, 2000, 33], [1, 1, 300]]) {
        const { n, keys, tieBreak, ends } = candidates(lengths, key, random);
        order.reset(n, keys, { before: (a, b) => tieBreak[a] - tieBreak[b] }, ends, lengths.length);
        const expected = sorted(keys, tieBreak);
        // Each department's kept few are its lowest, in order.
        for (let r = 0; r < lengths.length; r++) {
          const start = r ? ends[r - 1] : 0;
          const own = expected.filter((p) => p >= start && p < ends[r]);
          const kept = Array.from({ length: order.keptOf(r) }, (_, i) => order.keptAt(r, i));
          expect(kept).toEqual(own.slice(0, Math.min(8, own.length)));
          expect(order.allKept(r)).toBe(own.length <= 8);
        }
        // The overall order, read well past the kept few.
        expect(Array.from({ length: Math.min(n, 60) }, (_, i) => order.at(i))).toEqual(expected.slice(0, 60));
      }
    });
});
