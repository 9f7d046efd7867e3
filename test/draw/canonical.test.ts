import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson, sha256, sha256OfCanonical } from "../../engine/canonical.js";
import { jsonLineChunks } from "../../engine/draw/run.js";

const records = fc.array(
  fc.record({
    uscc: fc.string(),
    name: fc.string({ unit: "grapheme" }),
    grade: fc.option(fc.constantFrom("A", "B", "C", "D")),
    departments: fc.array(fc.string({ unit: "grapheme" }), { maxLength: 3 }),
    n: fc.integer(),
  }),
  { maxLength: 3000 },
);

describe("frame hashes and recorded inputs of large inputs", () => {
  it("a hash fed record by record equals the hash of the whole canonical JSON, for an input and for the draw's result", () => {
    fc.assert(
      fc.property(records, (rs) => {
        expect(sha256OfCanonical(rs)).toBe(sha256(canonicalJson(rs)));
        const nested = { selected: rs, assignments: rs.slice(1), n: rs.length, none: undefined };
        expect(sha256OfCanonical(nested)).toBe(sha256(canonicalJson(nested)));
      }),
      { numRuns: 60 },
    );
  });

  it("recorded inputs written in pieces are a JSON array of the canonical records, one per line", () => {
    fc.assert(
      fc.property(records, (rs) => {
        const text = [...jsonLineChunks(rs)].join("");
        expect(JSON.parse(text)).toEqual(JSON.parse(canonicalJson(rs)));
        expect(text.split("\n").length).toBe(rs.length ? rs.length + 3 : 2);
      }),
      { numRuns: 60 },
    );
  });
});
