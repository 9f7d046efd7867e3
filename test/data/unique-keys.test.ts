import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { unique } from "../../engine/data/read-cells.js";

/** What `unique` reports of `keys` (row = index + 2, as under a header): each repeat, with the first row of its key. */
function repeats(keys: readonly string[]): string[] {
  const found: string[] = [];
  unique((k: string) => k, "uscc", { en: "code", zh: "代码" })(
    [...keys],
    keys.map((_, i) => i + 2),
    (row, column, en) => found.push(`${row} ${column}: ${en}`),
    (row) => ({ en: `row ${row}`, zh: `第 ${row} 行` }),
  );
  return found;
}

/** The same, by a Map from key to its first row. */
function repeatsByMap(keys: readonly string[]): string[] {
  const first = new Map<string, number>();
  const found: string[] = [];
  keys.forEach((k, i) => {
    const row = first.get(k);
    if (row === undefined) first.set(k, i + 2);
    else found.push(`${i + 2} uscc: duplicate code '${k}' (also row ${row})`);
  });
  return found;
}

/** Two codes whose 32-bit FNV-1a hashes are the same: they share a slot, and only their text tells them apart. */
const SAME_HASH = ["91320859T300000000", "913208Q60400000000"];

describe("a reader's duplicate keys", () => {
  it("reports each record whose key an earlier record has, naming the first one's row", () => {
    expect(repeats(["A", "B", "A", "C", "B", "A"])).toEqual([
      "4 uscc: duplicate code 'A' (also row 2)",
      "6 uscc: duplicate code 'B' (also row 3)",
      "7 uscc: duplicate code 'A' (also row 2)",
    ]);
    expect(repeats([])).toEqual([]);
  });

  it("tells apart different keys of the same hash, and finds the repeats of each", () => {
    const fnv1a = (s: string) => {
      let h = 0x811c9dc5;
      for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
      return h | 0;
    };
    // The pair still collides, so this case still compares the text of keys that share a hash.
    expect(fnv1a(SAME_HASH[0])).toBe(fnv1a(SAME_HASH[1]));
    expect(repeats(SAME_HASH)).toEqual([]);
    expect(repeats([...SAME_HASH, SAME_HASH[1], SAME_HASH[0]])).toEqual([
      `4 uscc: duplicate code '${SAME_HASH[1]}' (also row 3)`,
      `5 uscc: duplicate code '${SAME_HASH[0]}' (also row 2)`,
    ]);
  });

  it("agrees with a Map of first rows on any keys", () => {
    const key = fc.oneof(
      fc.constantFrom(...SAME_HASH),
      fc.string({ maxLength: 3 }),
      fc.string({ unit: "grapheme" }),
    );
    fc.assert(
      fc.property(fc.array(key, { maxLength: 300 }), (keys) => {
        expect(repeats(keys)).toEqual(repeatsByMap(keys));
      }),
      { numRuns: 300 },
    );
  });
});
