import { describe, expect, it } from "vitest";
import { WorkUnits } from "../../simulator/replicate.js";

const all = (units: WorkUnits) => Array.from({ length: units.count }, (_, u) => units.at(u));

describe("the simulation's work is shared out in units", () => {
  it("runs every variant of every replication exactly once, whatever the number of threads", () => {
    for (const [replications, variants, threads] of [
      [20, 4, 2],
      [20, 4, 8],
      [3, 4, 8],
      [1, 2, 2],
      [5, 1, 2],
      [7, 3, 1],
    ]) {
      const seen = all(new WorkUnits(replications, variants, threads)).flatMap((u) =>
        u.variants.map((v) => `${u.rep}/${v}`),
      );
      const expected = Array.from({ length: replications }, (_, r) =>
        Array.from({ length: variants }, (_, v) => `${r}/${v}`),
      ).flat();
      expect(seen.sort(), `${replications} × ${variants}, ${threads} threads`).toEqual(expected.sort());
    }
  });

  it("hands out whole replications first, then the last threads − 1 replications a variant at a time", () => {
    const units = all(new WorkUnits(20, 4, 2));
    expect(units).toHaveLength(19 + 4);
    expect(units.slice(0, 19)).toEqual(
      Array.from({ length: 19 }, (_, rep) => ({ rep, variants: [0, 1, 2, 3] })),
    );
    expect(units.slice(19)).toEqual([0, 1, 2, 3].map((v) => ({ rep: 19, variants: [v] })));
    const three = all(new WorkUnits(20, 4, 3));
    expect(three.filter((u) => u.variants.length === 1).map((u) => u.rep)).toEqual([
      18, 18, 18, 18, 19, 19, 19, 19,
    ]);
  });

  it("splits nothing for one thread or one variant, and no more replications than there are", () => {
    expect(all(new WorkUnits(20, 4, 1)).every((u) => u.variants.length === 4)).toBe(true);
    expect(all(new WorkUnits(20, 1, 2))).toEqual(
      Array.from({ length: 20 }, (_, rep) => ({ rep, variants: [0] })),
    );
    expect(all(new WorkUnits(2, 3, 8))).toHaveLength(6);
  });
});
