import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CanonicalListHash, canonicalJson, sha256, sha256OfCanonical } from "../../engine/canonical.js";
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

/** The definition of canonical JSON, written plainly: keys sorted at every level, undefined left out. */
function reference(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === "object")
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
          .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
      );
    return v;
  };
  return JSON.stringify(sort(value));
}

describe("canonical JSON", () => {
  it("is JSON with keys sorted at every level and undefined left out, for records and any other value", () => {
    const flat = fc.record(
      {
        z: fc.string({ unit: "grapheme" }),
        a: fc.option(fc.integer()),
        m: fc.array(fc.option(fc.string()), { maxLength: 3 }),
        b: fc.boolean(),
        u: fc.constant(undefined),
        e: fc.constantFrom({}, Object.create(null)),
        "10": fc.double(),
      },
      { requiredKeys: ["z", "b"] },
    );
    // Keys declared in canonical order: written as they are, by JSON.stringify's fast path.
    const inOrder = fc.record(
      {
        "10": fc.double(),
        a: fc.option(fc.integer()),
        b: fc.boolean(),
        e: fc.constantFrom({}, Object.create(null)),
        m: fc.array(fc.option(fc.string()), { maxLength: 3 }),
        u: fc.constant(undefined),
        z: fc.string({ unit: "grapheme" }),
      },
      { requiredKeys: ["z", "b"] },
    );
    const odd = fc.oneof(
      fc.jsonValue(),
      fc.record({ d: fc.date({ noInvalidDate: true }), x: fc.string() }),
      fc.record({ nested: fc.record({ q: fc.string(), a: fc.integer() }), k: fc.string() }),
      fc.record({ list: fc.array(fc.record({ y: fc.string(), b: fc.integer() })), k: fc.string() }),
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(flat, inOrder, odd), { maxLength: 20 }), (values) => {
        for (const v of values) expect(canonicalJson(v)).toBe(reference(v));
        expect(canonicalJson(values)).toBe(reference(values));
      }),
      { numRuns: 300 },
    );
  });

  it("keeps a key named __proto__ as a key, at any depth (found by the property above)", () => {
    const v = JSON.parse('[{"__proto__":false,"a":{"__proto__":{"b":1}}}]');
    expect(canonicalJson(v)).toBe(reference(v));
    expect(canonicalJson(v)).toBe('[{"__proto__":false,"a":{"__proto__":{"b":1}}}]');
    expect(sha256OfCanonical(v)).toBe(sha256(reference(v)));
    // A flat record whose keys are out of order, __proto__ among them.
    const flat = JSON.parse('{"z":1,"__proto__":2,"a":[3]}');
    expect(canonicalJson(flat)).toBe('{"__proto__":2,"a":[3],"z":1}');
  });

  it("hashes a record longer than the hashing buffer like any other", () => {
    const rs = [
      { uscc: "1", name: "名".repeat(700_000) },
      { uscc: "2", name: "x" },
    ];
    expect(sha256OfCanonical(rs)).toBe(sha256(canonicalJson(rs)));
  });
});

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

  it("recorded inputs written in pieces are a JSON array of the canonical records, one per line, hashed as the frame hashes them", () => {
    fc.assert(
      fc.property(records, (rs) => {
        const hash = new CanonicalListHash();
        const text = [...jsonLineChunks(rs, hash)].join("");
        // The hash made while recording is the frame's hash of the list.
        expect(hash.digest()).toBe(sha256(canonicalJson(rs)));
        expect(JSON.parse(text)).toEqual(JSON.parse(canonicalJson(rs)));
        expect(text.split("\n").length).toBe(rs.length ? rs.length + 3 : 2);
      }),
      { numRuns: 60 },
    );
  });
});
