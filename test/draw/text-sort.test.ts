import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalInputs } from "../../engine/draw/frame.js";
import { loadPolicyFile } from "../../engine/policy/load.js";
import type { Policy } from "../../engine/policy/types.js";
import { sortedByText } from "../../engine/text-sort.js";
import { smallDistrict } from "../helpers/district.js";

const policy = loadPolicyFile("policies/huaian-2021/1.0.0.yaml").policy?.policy as Policy;

/** The order the frame is defined by, written plainly: a stable sort comparing the keys as strings. */
function reference<T>(items: readonly T[], key: (t: T) => string): T[] {
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

const order = (keys: readonly string[]) => {
  const items = keys.map((k, i) => ({ k, i }));
  return {
    sorted: sortedByText(items, (x) => x.k).map((x) => x.i),
    expected: reference(items, (x) => x.k).map((x) => x.i),
  };
};

describe("the frame's inputs are canonicalised (sorted by id)", () => {
  it("in the order a comparison of the ids as strings gives, equal ids in input order (few characters, many ties)", () => {
    // Short keys over a few characters: long runs of equal windows, keys that are prefixes of
    // others, equal keys, empty keys, characters on both sides of 255 and surrogate halves.
    const key = fc
      .array(fc.constantFrom("a", "b", "9", "A", "中", "𠀀", "\u00ff", "\u0100", ""), { maxLength: 8 })
      .map((a) => a.join(""));
    fc.assert(
      fc.property(fc.array(key, { maxLength: 400 }), (keys) => {
        const { sorted, expected } = order(keys);
        expect(sorted).toEqual(expected);
      }),
      { numRuns: 1500 },
    );
  });

  it("in the same order when many ids start alike and end at different lengths", () => {
    // Two characters, up to twelve of them: most windows are shared by keys that end within
    // them and keys that go on.
    const key = fc.array(fc.constantFrom("a", "b"), { maxLength: 12 }).map((a) => a.join(""));
    fc.assert(
      fc.property(fc.array(key, { minLength: 30, maxLength: 400 }), (keys) => {
        const { sorted, expected } = order(keys);
        expect(sorted).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it("in the same order for long ids that share a prefix, as a district's codes do", () => {
    const key = fc
      .tuple(
        fc.constantFrom("9132080", "91320", "913208036", "中文前缀", ""),
        fc.string({ maxLength: 12 }),
        fc.string({ unit: "grapheme", maxLength: 3 }),
      )
      .map((parts) => parts.join(""));
    fc.assert(
      fc.property(fc.array(key, { minLength: 100, maxLength: 3000 }), (keys) => {
        const { sorted, expected } = order(keys);
        expect(sorted).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });

  it("whatever the order of the rows, for every list of a district", () => {
    const d = smallDistrict("text-sort", 600);
    // Another order of the same rows: every 7th from each start.
    const interleaved = <T>(xs: readonly T[]) =>
      Array.from({ length: 7 }, (_, s) => xs.filter((_, i) => i % 7 === s)).flat();
    const inputs = (arrange: <T>(xs: readonly T[]) => T[]) =>
      canonicalInputs({
        policy,
        enterprises: arrange(d.enterprises),
        inspectors: arrange(d.inspectors),
        conflicts: arrange(d.conflicts),
        history: arrange(d.history),
        ledger: { history: arrange(d.history), exclusiveTaken: [], load: {}, recent: {} },
      });
    const a = inputs(interleaved);
    const b = inputs((xs) => [...xs].reverse());
    expect(d.history.length).toBeGreaterThan(300);
    expect(a.enterprises.map((e) => e.uscc)).toEqual(d.enterprises.map((e) => e.uscc).sort());
    for (const list of ["enterprises", "inspectors", "conflicts", "history"] as const)
      expect(a[list]).toEqual(b[list]);
    expect(a.ledger.history).toEqual(a.history);
  });
});
