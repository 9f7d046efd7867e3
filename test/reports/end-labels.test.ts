import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { spreadLabels } from "../../reports/end-labels.js";

const place = fc.double({ min: -500, max: 500, noNaN: true });
const gap = fc.double({ min: 1, max: 30, noNaN: true });
/** Labels in the order of where they want to be (ties by their order given). */
const sortedBy = (wanted: readonly number[]) =>
  wanted.map((_, i) => i).sort((a, b) => wanted[a] - wanted[b] || a - b);

describe("the names beside the ends of a chart's lines", () => {
  it("stay where they are when each is a gap from the others", () => {
    expect(spreadLabels([40, 10, 100], 14)).toEqual([40, 10, 100]);
  });

  it("move apart around where they want to be, the uncrowded ones left alone", () => {
    expect(spreadLabels([20, 20, 100], 14)).toEqual([13, 27, 100]);
    expect(spreadLabels([50, 0, 0], 10)).toEqual([50, -5, 5]);
  });

  it("keep their order and are never nearer each other than the gap", () => {
    fc.assert(
      fc.property(fc.array(place, { maxLength: 12 }), gap, (wanted, g) => {
        const placed = spreadLabels(wanted, g);
        const order = sortedBy(wanted);
        for (let k = 1; k < order.length; k++)
          expect(placed[order[k]] - placed[order[k - 1]]).toBeGreaterThanOrEqual(g - 1e-9);
      }),
      { numRuns: 1000 },
    );
  });

  it("move as a group no further than they must: their mean stays where it was, without bounds", () => {
    fc.assert(
      fc.property(fc.array(place, { minLength: 1, maxLength: 12 }), gap, (wanted, g) => {
        const mean = (xs: readonly number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
        expect(mean(spreadLabels(wanted, g))).toBeCloseTo(mean(wanted), 6);
      }),
      { numRuns: 1000 },
    );
  });

  it("stay within the bounds where all of them fit, a gap apart", () => {
    fc.assert(
      fc.property(fc.array(place, { minLength: 1, maxLength: 12 }), gap, (wanted, g) => {
        const [low, high] = [-100, -100 + wanted.length * g + 50];
        const placed = spreadLabels(wanted, g, low, high);
        for (const y of placed) {
          expect(y).toBeGreaterThanOrEqual(low - 1e-9);
          expect(y).toBeLessThanOrEqual(high + 1e-9);
        }
        const order = sortedBy(wanted);
        for (let k = 1; k < order.length; k++)
          expect(placed[order[k]] - placed[order[k - 1]]).toBeGreaterThanOrEqual(g - 1e-9);
      }),
      { numRuns: 1000 },
    );
  });

  it("at a bound, crowd away from it: two at the top edge go one below the other", () => {
    expect(spreadLabels([7, 7], 14, 7, 300)).toEqual([7, 21]);
  });
});
