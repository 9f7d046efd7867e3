import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAP_MOST, StringMap, stringMap } from "../../engine/string-map.js";

/** Check characters of unified social credit codes (GB 32100: no I, O, S, V, Z). */
const CHECK = "0123456789ABCDEFGHJKLMNPQRTUWXY";

describe("a StringMap holds more codes than a Map can", () => {
  it("keeps every entry as a Map does, in one Map per last character", () => {
    const key = fc.oneof(
      fc.string({ maxLength: 4 }),
      fc.tuple(fc.constantFrom("9132080012345678", ""), fc.constantFrom(...CHECK)).map(([a, b]) => a + b),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.integer()), { maxLength: 200 }), fc.array(key), (sets, gets) => {
        const map = new Map<string, number>();
        const small = new StringMap<number>();
        for (const [k, v] of sets) {
          map.set(k, v);
          small.set(k, v);
          expect(small.size).toBe(map.size);
        }
        for (const k of [...gets, ...map.keys()]) expect(small.get(k)).toBe(map.get(k));
      }),
    );
  });

  it("is a Map where one holds the keys, a StringMap only beyond", () => {
    expect(stringMap(MAP_MOST - 1)).toBeInstanceOf(Map);
    expect(stringMap(MAP_MOST)).toBeInstanceOf(StringMap);
  });
});
