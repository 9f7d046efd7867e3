import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Classified } from "../../engine/plan.js";
import { lowestRanked, nthSmallest, selectStrata } from "../../engine/select.js";

const keysArb = fc.array(
  fc.oneof(fc.integer({ min: 0, max: 20 }), fc.double({ min: 0, max: 1, noNaN: true })),
  {
    minLength: 1,
    maxLength: 300,
  },
);

describe("selection: the n members of lowest rank", () => {
  it("nthSmallest finds the value at index k of the sorted keys, duplicates and sorted input included", () => {
    fc.assert(
      fc.property(keysArb, fc.nat(), (keys, k0) => {
        const k = k0 % keys.length;
        const sorted = Float64Array.from(keys).sort();
        expect(nthSmallest(Float64Array.from(keys), k)).toBe(sorted[k]);
        expect(nthSmallest(sorted.slice(), k)).toBe(sorted[k]);
        expect(nthSmallest(sorted.slice().reverse(), k)).toBe(sorted[k]);
      }),
      { numRuns: 500 },
    );
  });

  it("lowestRanked draws exactly the n members a full sort by (key, tie-break) puts first, whatever the member order", () => {
    fc.assert(
      fc.property(keysArb, fc.nat(), fc.boolean(), (keys, n0, asArray) => {
        const n = n0 % (keys.length + 2);
        const members = keys.map((_, i) => i * 3);
        const key = (m: number) => keys[m / 3];
        const order = (a: number, b: number) => key(a) - key(b) || b - a;
        const expected = [...members]
          .sort(order)
          .slice(0, n)
          .sort((a, b) => a - b);
        const byKey = Float64Array.from({ length: keys.length * 3 }, (_, m) => (m % 3 ? -1 : key(m)));
        const shuffled = [...members].reverse();
        const got = lowestRanked(shuffled, n, asArray ? byKey : key, order).sort((a, b) => a - b);
        expect(got).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it("in large strata, narrowed by a sampled bound first, the choice is the same as by a full sort, ties and skewed keys included", () => {
    const kinds = fc.constantFrom("uniform", "ties", "skewed", "sorted", "sampled-low");
    fc.assert(
      fc.property(
        kinds,
        fc.integer({ min: 4096, max: 12_000 }),
        fc.integer({ min: 0, max: 100 }),
        fc.nat(),
        (kind, m, percent, seed) => {
          let x = seed + 1;
          const random = () => {
            x = (x * 1103515245 + 12345) % 2147483648;
            return x / 2147483648;
          };
          // Where an evenly spaced sample of keys looks (to mislead it on purpose).
          const sampled = new Set(Array.from({ length: 512 }, (_, j) => Math.floor((j * m) / 512)));
          const low = () => random() * 1e-9;
          const keys = Array.from({ length: m }, (_, i) => {
            if (kind === "uniform") return random();
            if (kind === "ties") return Math.floor(random() * 40);
            if (kind === "skewed") return i % 7 === 0 ? low() : 0.5 + random();
            if (kind === "sorted") return m - i;
            // Low keys only where the sample looks: its bound is too low, and every member is used.
            return sampled.has(i) ? low() : 0.5 + random();
          });
          const n = Math.max(1, Math.floor((percent / 100) * m));
          const members = keys.map((_, i) => i);
          const order = (a: number, b: number) => keys[a] - keys[b] || a - b;
          const expected = [...members]
            .sort(order)
            .slice(0, n)
            .sort((a, b) => a - b);
          const got = lowestRanked(members, n, Float64Array.from(keys), order).sort((a, b) => a - b);
          expect(got).toEqual(expected);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("selection over classified enterprises", () => {
  it("draws per stratum the n eligible enterprises a full sort by (key, rank, code) puts first, in that order, making ranks only for the drawn and for tied keys", () => {
    const member = fc.record({
      treatment: fc.constantFrom("t1", "t2"),
      eligible: fc.boolean(),
      key: fc.integer({ min: 0, max: 12 }),
      fine: fc.integer({ min: 0, max: 3 }),
    });
    fc.assert(
      fc.property(fc.array(member, { maxLength: 200 }), fc.nat(60), fc.nat(60), (ms, n1, n2) => {
        const classified = ms.map((m, i) => ({
          enterprise: { uscc: `U${String(1000 - i)}` },
          decision: { treatment: m.treatment },
          eligible: m.eligible,
        })) as unknown as Classified[];
        const made: number[] = [];
        const drawn = selectStrata(
          [
            { treatment: "t1", ratio: 0, eligible: 0, n: n1 },
            { treatment: "t2", ratio: 0, eligible: 0, n: n2 },
          ],
          classified,
          (eligible) => Float64Array.from(eligible, (c) => ms[classified.indexOf(c)].key),
          (c, key) => {
            const i = classified.indexOf(c);
            made.push(i);
            return { key, fine: ms[i].fine };
          },
          (a, b) => a.key - b.key || a.fine - b.fine,
        );
        const want = (
          [
            ["t1", n1],
            ["t2", n2],
          ] as const
        ).flatMap(([t, n]) =>
          ms
            .map((m, i) => ({ ...m, i, uscc: classified[i].enterprise.uscc }))
            .filter((m) => m.eligible && m.treatment === t)
            .sort((a, b) => a.key - b.key || a.fine - b.fine || (a.uscc < b.uscc ? -1 : 1))
            .slice(0, n)
            .map((m) => ({ i: m.i, treatment: t })),
        );
        expect(drawn.map((d) => ({ i: classified.indexOf(d.classified), treatment: d.treatment }))).toEqual(
          want,
        );
        expect(drawn.every((d) => d.rank.key === ms[classified.indexOf(d.classified)].key)).toBe(true);
        // A rank is made for the drawn and for members whose key equals another's in their stratum.
        const tied = (i: number) =>
          ms.some((m, j) => j !== i && m.eligible && m.treatment === ms[i].treatment && m.key === ms[i].key);
        for (const i of made) expect(want.some((w) => w.i === i) || tied(i)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
