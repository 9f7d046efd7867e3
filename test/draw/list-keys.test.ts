import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Inspector } from "../../engine/data/records.js";
import { Roster } from "../../engine/draw/roster.js";
import { listKey } from "../../engine/list-key.js";

/** Strings made of the characters a separator or a length prefix could be confused with. */
const piece = fc.string({ unit: fc.constantFrom("a", "b", "1", "2", ":", ",", "|", "\u0000"), maxLength: 6 });

describe("caches keyed by lists of department and item codes", () => {
  it("two lists share a key only when they are equal, whatever characters their codes hold", () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 4 }), fc.array(piece, { maxLength: 4 }), (a, b) => {
        const equal = a.length === b.length && a.every((s, i) => s === b[i]);
        expect(listKey(a) === listKey(b)).toBe(equal);
      }),
      { numRuns: 5000 },
    );
    expect(listKey(["a\u0000b"])).not.toBe(listKey(["a", "b"]));
    // Lengths about the bound where a length takes three units, not one.
    const long = [0, 1, 0xfffe, 0xffff, 0x10000, 0x10001].flatMap((n) => ["x".repeat(n), "\uffff".repeat(n)]);
    const lists = long.flatMap((a) => [[a], ...long.map((b) => [a, b])]);
    const distinct = new Set(lists.map((l) => JSON.stringify(l)));
    expect(new Set(lists.map(listKey)).size).toBe(distinct.size);
    expect(listKey([])).not.toBe(listKey([""]));
  });

  it("the open positions for one item list are not handed to another whose codes joined look the same", () => {
    const inspector = (id: string, items: string[]): Inspector => ({
      id,
      name: id,
      department: "市场监管局",
      licenseNo: "L1",
      licenseExpires: null,
      items,
      active: true,
      capacity: null,
    });
    const roster = new Roster({
      inspectors: [inspector("I1", ["SC\u0000SP"]), inspector("I2", ["SC"])],
      teamSize: 2,
      date: "2026-01-01",
      conflicts: new Set(),
      recent: new Map(),
      load: new Map(),
    });
    expect([...roster.openPositions("市场监管局", ["SC\u0000SP"])]).toEqual([0]);
    expect([...roster.openPositions("市场监管局", ["SC", "SP"])]).toEqual([1]);
  });
});
