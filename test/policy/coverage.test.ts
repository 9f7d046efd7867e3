import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JreEvaluator } from "../../engine/evaluate.js";
import { cellOutcome, coverage } from "../../engine/policy/coverage.js";
import type { Condition, Policy, Rule } from "../../engine/policy/types.js";
import { OPERATORS } from "../../engine/policy/vocabulary.js";

// Rules as the compiled evaluator's differential test makes them, with grade and category named
// more often: the facts the coverage table decides by.
const primitive = fc.oneof(
  fc.constantFrom("A", "B", "C", "D", "key", "general", "x", "", "10"),
  fc.constantFrom(null, true, false, 0, 5, -1, 2.5),
);
const value = fc.oneof(
  primitive,
  fc.array(primitive, { maxLength: 4 }),
  fc.constantFrom({ fact: "n" }, { fact: "grade" }, { fact: "category" }, { fact: "obj", path: "$.a" }),
);
const factName = fc.constantFrom("grade", "category", "grade", "category", "n", "s", "tags", "obj");
const operator = fc.constantFrom(
  ...OPERATORS,
  "someFact:equal",
  "not:equal",
  "swap:in",
  "everyValue:notEqual",
);
const leaf: fc.Arbitrary<Condition> = fc
  .record({ fact: factName, operator, value })
  .chain((c) => (c.fact === "obj" ? fc.constantFrom({ ...c, path: "$.a" }, c) : fc.constant(c)));
const { condition } = fc.letrec<{ condition: Condition }>((tie) => ({
  condition: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.record({ all: fc.array(tie("condition"), { maxLength: 3 }) }),
    fc.record({ any: fc.array(tie("condition"), { maxLength: 3 }) }),
    fc.record({ not: tie("condition") }),
  ),
}));
const rules = fc.array(
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
const enterprise = fc.record({
  uscc: fc.constant("91110108551385082Q"),
  grade: fc.constantFrom("A", "B", "C", "D", null),
  category: fc.constantFrom("key", "general"),
  n: fc.oneof(fc.integer({ min: -5, max: 20 }), fc.constantFrom(null, "10", 2.5)),
  s: fc.constantFrom("A", "x", "", null, "key"),
  tags: fc.oneof(fc.array(fc.constantFrom("A", "x", "key"), { maxLength: 3 }), fc.constant(null)),
  obj: fc.oneof(
    fc.constant(null),
    fc.record({ a: fc.oneof(fc.integer({ min: 0, max: 10 }), fc.constant("A")) }),
  ),
});

function policyOf(rs: { conditions: Condition; priority: number; t: string }[], dflt: string): Policy {
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

describe("the coverage table (diff, validate, the simulator's idle rules)", () => {
  it("an enterprise gets one of the treatments its grade × category lists, that cell's own where grade and category decide, and no tie where the cell has none (json-rules-engine the judge)", async () => {
    await fc.assert(
      fc.asyncProperty(
        rules,
        fc.array(enterprise, { minLength: 1, maxLength: 8 }),
        fc.constantFrom("reject", "low"),
        async (rs, es, dflt) => {
          const p = policyOf(rs, dflt);
          const jre = new JreEvaluator(p);
          const cells = coverage(p);
          for (const e of es) {
            const cell = cells.find((c) => c.grade === e.grade && c.category === e.category);
            if (!cell) throw new Error(`no cell for ${e.grade} × ${e.category}`);
            const decided = cell.treatment !== undefined && !cell.conflict;
            let got: string;
            try {
              got = (await jre.evaluate(e)).treatment ?? "reject";
            } catch (x) {
              // A tie of different treatments, or an operator json-rules-engine refuses the value of.
              if ((x as { rules?: string[] }).rules) expect(decided, "a tie in a decided cell").toBe(false);
              continue;
            }
            expect(cellOutcome(p, cell).treatments).toContain(got);
            if (decided) expect(got).toBe(cell.treatment);
          }
        },
      ),
      { numRuns: 1500 },
    );
  });

  it("holds an empty `any` true, as json-rules-engine does: the rule certain to match its cells", () => {
    const p = policyOf(
      [
        {
          conditions: { all: [{ fact: "grade", operator: "equal", value: "C" }, { any: [] }] },
          priority: 2,
          t: "high",
        },
      ],
      "low",
    );
    const c = coverage(p).find((x) => x.grade === "C" && x.category === "general");
    expect(c?.treatment).toBe("high");
    expect(cellOutcome(p, c as NonNullable<typeof c>).treatments).toEqual(["high"]);
  });
});
