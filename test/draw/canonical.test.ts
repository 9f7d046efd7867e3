import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import {
  CanonicalListsHash,
  canonicalJson,
  HashWithoutLineEnds,
  jsonLines,
  sha256,
  sha256OfCanonical,
} from "../../engine/canonical.js";

const records = fc.array(
  fc.record({
    uscc: fc.string(),
    name: fc.string({ unit: "grapheme" }),
    grade: fc.option(fc.constantFrom("A", "B", "C", "D")),
    departments: fc.array(fc.string({ unit: "grapheme" }), { maxLength: 3 }),
    n: fc.integer(),
    // Line ends and other control characters inside values, which JSON escapes.
    note: fc.string({ unit: fc.constantFrom("a", "\n", "\r", "\u0000", '"', "\\", "中") }),
  }),
  { maxLength: 3000 },
);

/** The bytes cut at the given places (taken modulo their length), in order. */
function inPieces(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const at = [0, ...cuts.map((c) => c % (bytes.length + 1)).sort((a, b) => a - b), bytes.length];
  return at.slice(1).map((end, i) => bytes.subarray(at[i], end));
}

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

  it("writes the records of one shape, met again and again, as the definition does, whatever their values", () => {
    // The text JSON escapes or writes as it is: control characters, quotes, backslashes, lone and
    // paired surrogates, Chinese.
    const text = fc.string({
      unit: fc.constantFrom(
        "a",
        "中",
        "\n",
        "\u001f",
        "\u007f",
        '"',
        "\\",
        "\ud800",
        "\udfff",
        "😀",
        "\u2028",
      ),
    });
    const primitive = fc.oneof(text, fc.double(), fc.integer(), fc.boolean(), fc.constant(null));
    const flatValue = fc.oneof(
      primitive,
      fc.array(primitive, { maxLength: 4 }),
      fc.constantFrom({}, Object.create(null)),
    );
    // What a flat record's writer hands back to the generic path.
    const odd = fc.oneof(
      fc.array(fc.oneof(primitive, fc.constant(undefined), fc.constant({ a: 1 })), {
        minLength: 1,
        maxLength: 3,
      }),
      fc.constantFrom({ a: 1 }, [[1]], undefined, new Date(0), () => 1, Symbol("s")),
    );
    const value = fc.oneof({ weight: 30, arbitrary: flatValue }, { weight: 1, arbitrary: odd });
    // Keys in any order, integer-like ones and __proto__ among them.
    const keys = fc.uniqueArray(fc.constantFrom("z", "a", "10", "2", "__proto__", "名", "b c", '"q"', ""), {
      minLength: 1,
      maxLength: 6,
    });
    const recordOf = (names: string[], values: unknown[]) => {
      const r: Record<string, unknown> = Object.create(names.includes("__proto__") ? null : Object.prototype);
      for (const [i, k] of names.entries())
        Object.defineProperty(r, k, { value: values[i], enumerable: true, writable: true });
      return r;
    };
    fc.assert(
      fc.property(
        keys.chain((names) =>
          fc.tuple(
            fc.constant(names),
            fc.array(fc.array(value, { minLength: names.length, maxLength: names.length }), {
              minLength: 1,
              maxLength: 8,
            }),
          ),
        ),
        ([names, rows]) => {
          for (const values of rows) {
            const r = recordOf(names, values);
            expect(canonicalJson(r)).toBe(reference(r));
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('writes each record by its own shape\'s writer when shapes\' keys join alike: [] and [""], ["a\\u0000b"] and ["a", "b"] (found by the property above)', () => {
    // Each record twice: the second of a shape is written by the shape's writer.
    const records = [
      {},
      {},
      { "": {} },
      { "": {} },
      { "a\u0000b": 1 },
      { "a\u0000b": 1 },
      { a: 1, b: 2 },
      { a: 1, b: 2 },
    ];
    expect(records.map((r) => canonicalJson(r))).toEqual(records.map((r) => reference(r)));
  });

  it("keeps a key named __proto__ as a key, at any depth (found by the property above)", () => {
    const v = JSON.parse('[{"__proto__":false,"a":{"__proto__":{"b":1}}}]');
    expect(canonicalJson(v)).toBe(reference(v));
    expect(canonicalJson(v)).toBe('[{"__proto__":false,"a":{"__proto__":{"b":1}}}]');
    expect(sha256OfCanonical(v)).toBe(sha256(reference(v)));
    // A flat record whose keys are out of order, __proto__ among them.
    const flat = JSON.parse('{"z":1,"__proto__":2,"a":[3]}');
    expect(canonicalJson(flat)).toBe('{"__proto__":2,"a":[3],"z":1}');
    // A record with the first keys of the shape before it (whose writer would read its __proto__).
    const shaped = JSON.parse('{"a":1,"__proto__":2}');
    expect([shaped, shaped, { a: 1 }].map(canonicalJson)).toEqual([
      '{"__proto__":2,"a":1}',
      '{"__proto__":2,"a":1}',
      '{"a":1}',
    ]);
  });

  it("hashes a list of records with an empty object among their values (as enterprises have extra: {}) by their shape's writer, not a record at a time by the generic path", () => {
    const list = Array.from({ length: 1000 }, (_, i) => ({
      uscc: String(i),
      extra: {},
      tags: [],
      grade: "A",
    }));
    const stringify = vi.spyOn(JSON, "stringify");
    try {
      const hash = sha256OfCanonical(list);
      // The generic path writes each record with JSON.stringify, several calls a record; a writer
      // writes it alone, once made (about 20 calls for the first two records and the writer).
      expect(stringify.mock.calls.length).toBeLessThan(100);
      expect(hash).toBe(
        sha256(JSON.stringify(list.map((r) => ({ extra: {}, grade: "A", tags: [], uscc: r.uscc })))),
      );
    } finally {
      stringify.mockRestore();
    }
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

  it("a draw's result hash made as its results are, the lists' records interleaved in any way, equals the hash of their canonical JSON", () => {
    fc.assert(
      fc.property(
        records,
        records,
        fc.array(fc.boolean(), { maxLength: 8000 }),
        (assignments, selected, turns) => {
          const hash = new CanonicalListsHash(["assignments", "selected"]);
          let a = 0;
          let s = 0;
          for (const first of turns) {
            if (first && a < assignments.length) hash.add(0, assignments[a++]);
            else if (!first && s < selected.length) hash.add(1, selected[s++]);
          }
          while (s < selected.length) hash.add(1, selected[s++]);
          while (a < assignments.length) hash.add(0, assignments[a++]);
          expect(hash.digest()).toBe(sha256(canonicalJson({ selected, assignments })));
        },
      ),
      { numRuns: 60 },
    );
    // Selected rows longer than a buffer, kept until the assignments are done.
    const long = [{ name: "名".repeat(500_000) }, { name: "x" }];
    const hash = new CanonicalListsHash(["assignments", "selected"]);
    for (const row of long) hash.add(1, row);
    hash.add(0, { uscc: "1" });
    expect(hash.digest()).toBe(sha256(canonicalJson({ selected: long, assignments: [{ uscc: "1" }] })));
    expect(() => new CanonicalListsHash(["selected", "assignments"])).toThrow(RangeError);
  });

  it("recorded inputs written in pieces are a JSON array of the canonical records, one per line, hashed as the frame hashes them", () => {
    fc.assert(
      fc.property(records, fc.array(fc.nat(), { maxLength: 6 }), (rs, cuts) => {
        const text = [...jsonLines(rs)].join("");
        // The file's bytes, fed in pieces cut anywhere, hash as the frame hashes the list.
        const bytes = Buffer.from(text);
        const hash = new HashWithoutLineEnds();
        for (const piece of inPieces(bytes, cuts)) hash.update(piece);
        expect(hash.digest()).toBe(sha256(canonicalJson(rs)));
        expect(JSON.parse(text)).toEqual(JSON.parse(canonicalJson(rs)));
        expect(text.split("\n").length).toBe(rs.length ? rs.length + 3 : 2);
      }),
      { numRuns: 60 },
    );
  });
});
