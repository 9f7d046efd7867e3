/** Generated rules, enterprises' facts and policies, for the tests that hold parts of the engine against json-rules-engine. */
import fc from "fast-check";
import type { Condition, Policy, Rule } from "../../engine/policy/types.js";
import { OPERATORS } from "../../engine/policy/vocabulary.js";

const primitive = fc.oneof(
  fc.constantFrom("A", "B", "C", "D", "key", "general", "x", "", "10", "abc"),
  fc.constantFrom(null, true, false, 0, 5, 10, -1, 2.5, 100),
);
const value = fc.oneof(
  primitive,
  fc.array(primitive, { maxLength: 4 }),
  fc.constantFrom({ fact: "n" }, { fact: "grade" }, { fact: "category" }, { fact: "obj", path: "$.a" }),
);
/** The facts the generated enterprises have, each kind of value among them. */
export const FACT_NAMES = ["grade", "category", "n", "s", "tags", "flag", "obj"] as const;
// Every built-in operator, and operators with json-rules-engine's decorators (someFact, everyFact,
// someValue, everyValue, not, swap).
const operator = fc.constantFrom(
  ...OPERATORS,
  "someFact:equal",
  "everyFact:in",
  "not:equal",
  "swap:in",
  "someValue:greaterThan",
  "everyValue:notEqual",
  "not:contains",
);

/** Lists of one to five rules (all/any/not, every operator, paths, fact-to-fact values, priorities 1–3, three treatments), their conditions naming the facts `factName` gives. */
export function generatedRules(factName: fc.Arbitrary<string> = fc.constantFrom(...FACT_NAMES)) {
  const leaf: fc.Arbitrary<Condition> = fc
    .record({ fact: factName, operator, value })
    .chain((c) =>
      c.fact === "obj" ? fc.constantFrom({ ...c, path: "$.a" }, { ...c, path: "$.b[1]" }, c) : fc.constant(c),
    );
  const { condition } = fc.letrec<{ condition: Condition }>((tie) => ({
    condition: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leaf,
      fc.record({ all: fc.array(tie("condition"), { maxLength: 3 }) }),
      fc.record({ any: fc.array(tie("condition"), { maxLength: 3 }) }),
      fc.record({ not: tie("condition") }),
    ),
  }));
  return fc.array(
    fc.record({
      conditions: fc.oneof(
        fc.record({ all: fc.array(condition, { maxLength: 3 }) }),
        fc.record({ any: fc.array(condition, { maxLength: 3 }) }),
      ),
      priority: fc.integer({ min: 1, max: 3 }),
      t: fc.constantFrom("low", "high", "out"),
    }),
    { minLength: 1, maxLength: 5 },
  );
}

/** An enterprise's facts: every grade (ungraded too) and category, and values of every kind. */
export const generatedFacts = fc.record({
  uscc: fc.constant("91110108551385082Q"),
  grade: fc.constantFrom("A", "B", "C", "D", null),
  category: fc.constantFrom("key", "general"),
  n: fc.oneof(fc.integer({ min: -5, max: 120 }), fc.constantFrom(null, "10", "abc", 2.5)),
  s: fc.constantFrom("A", "x", "", null, "10", "key"),
  tags: fc.oneof(fc.array(fc.constantFrom("A", "x", "10", "key"), { maxLength: 3 }), fc.constant(null)),
  flag: fc.constantFrom(true, false, null),
  obj: fc.oneof(
    fc.constant(null),
    fc.record({
      a: fc.oneof(fc.integer({ min: 0, max: 10 }), fc.constant("A")),
      b: fc.array(fc.constantFrom(1, 5, "A"), { maxLength: 3 }),
    }),
  ),
});

/** A policy of the generated rules, with the treatments they name (low, high, out) and `dflt` as its default. */
export function policyOf(rs: { conditions: Condition; priority: number; t: string }[], dflt: string): Policy {
  const label = { zh: "x", en: "x" };
  return {
    policy: "gen",
    version: "1.0.0",
    status: "draft",
    effective: { from: "2026-01-01" },
    title: label,
    source: { document: "x" },
    cadence: "year",
    teamSize: 2,
    default: dflt,
    items: [{ code: "I", name: "i", department: "d", basis: "b" }],
    treatments: {
      low: { label, pool: true, ratio: 0.1 },
      high: { label, pool: true, ratio: 0.5 },
      out: { label, pool: false },
    },
    rules: rs.map(
      (r, i): Rule => ({
        name: `r${i}`,
        priority: r.priority,
        conditions: r.conditions,
        event: { type: "treatment", params: { name: r.t } },
      }),
    ),
  };
}
