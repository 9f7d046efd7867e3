import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalQuantile } from "../../simulator/normal-quantile.js";

describe("the standard normal quantile", () => {
  it("is the tables' to nine digits, in the middle and in both tails", () => {
    // Known values (to 9 decimals): the median, 95% and 99% two-sided, and a far tail.
    for (const [p, z] of [
      [0.5, 0],
      [0.975, 1.959963985],
      [0.995, 2.575829304],
      [0.99375, 2.497705474],
      [0.00001, -4.264890794],
    ])
      expect(normalQuantile(p)).toBeCloseTo(z, 8);
  });

  // From 1e-6 on: nearer 0, 1 − p in floating point is no longer the p it was made from.
  it("is symmetric about the median and never falls as p rises (two p a rounding apart may share it)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 0.5, noNaN: true }),
        fc.double({ min: 1e-6, max: 0.5, noNaN: true }),
        (p, q) => {
          expect(normalQuantile(p) + normalQuantile(1 - p)).toBeCloseTo(0, 6);
          if (p < q) expect(normalQuantile(p)).toBeLessThanOrEqual(normalQuantile(q));
        },
      ),
    );
  });
});
