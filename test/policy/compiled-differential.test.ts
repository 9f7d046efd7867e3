import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CompiledEvaluator, NotCompilable } from "../../engine/compile.js";
import { type Evaluator, JreEvaluator } from "../../engine/evaluate.js";
import { enterpriseFacts, type Facts } from "../../engine/facts.js";
import { HistoryIndex } from "../../engine/history.js";
import { expandPolicyArgs } from "../../engine/policy/files.js";
import { loadPolicyFiles } from "../../engine/policy/load.js";
import type { Condition, Policy, Rule } from "../../engine/policy/types.js";
import { OPERATORS } from "../../engine/policy/vocabulary.js";
import { generateDistrict, HUAIAN_LIKE } from "../../engine/synthetic.js";

/** What an evaluator says for some facts: a decision, or the kind of error. */
async function outcome(ev: Evaluator, facts: Facts): Promise<string> {
  try {
    const d = await ev.evaluate(facts);
    return `ok ${d.treatment} ${d.rule}`;
  } catch (e) {
    const err = e as Error & { rules?: string[] };
    return err.rules ? `conflict ${err.rules.join(",")}` : "error";
  }
}

const primitive = fc.oneof(
  fc.constantFrom("A", "B", "C", "D", "key", "general", "x", "", "10", "abc"),
  fc.constantFrom(null, true, false, 0, 5, 10, -1, 2.5, 100),
);
const value = fc.oneof(
  primitive,
  fc.array(primitive, { maxLength: 4 }),
  fc.constantFrom({ fact: "n" }, { fact: "grade" }, { fact: "obj", path: "$.a" }),
);
const factName = fc.constantFrom("grade", "category", "n", "s", "tags", "flag", "obj");
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
const facts = fc.record({
  uscc: fc.constant("91110108551385082Q"),
  grade: fc.constantFrom("A", "B", "C", "D", null),
  category: fc.constantFrom("key", "general"),
  n: fc.oneof(fc.integer({ min: -5, max: 120 }), fc.constantFrom(null, "10", "abc", 2.5)),
  s: fc.constantFrom("A", "x", "", null, "10"),
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

describe("the compiled evaluator agrees with json-rules-engine", () => {
  it("on generated rules and facts (all/any/not, every operator and decorator, paths, fact-to-fact, priorities, ties)", async () => {
    await fc.assert(
      fc.asyncProperty(
        rules,
        fc.array(facts, { minLength: 1, maxLength: 8 }),
        fc.constantFrom("reject", "low"),
        async (rs, fs, dflt) => {
          const p = policyOf(rs, dflt);
          const jre = new JreEvaluator(p);
          const compiled = new CompiledEvaluator(p);
          for (const f of fs) expect(await outcome(compiled, f)).toBe(await outcome(jre, f));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("agrees for every policy in policies/ on 100,000 generated enterprises", async () => {
    const { policies } = loadPolicyFiles(expandPolicyArgs(["policies"]));
    const { enterprises } = generateDistrict(HUAIAN_LIKE, "differential", 100_000);
    const history = new HistoryIndex();
    for (const lp of policies) {
      const jre = new JreEvaluator(lp.policy);
      const compiled = new CompiledEvaluator(lp.policy);
      let disagreements = 0;
      for (const e of enterprises) {
        const f = enterpriseFacts(e, lp.policy, history, "2026-01-01");
        const a = await jre.evaluate(f);
        const b = compiled.decideSync(f);
        if (a.treatment !== b.treatment || a.rule !== b.rule) disagreements++;
      }
      expect(disagreements, lp.file).toBe(0);
    }
  }, 300_000);

  it("columns give the same decisions as fact objects", () => {
    const { policies } = loadPolicyFiles(["policies/huaian-2021/1.0.0.yaml"]);
    const p = policies[0].policy;
    const { enterprises } = generateDistrict(HUAIAN_LIKE, "columns", 5000);
    const c = new CompiledEvaluator(p);
    const cols = { category: enterprises.map((e) => e.category), grade: enterprises.map((e) => e.grade) };
    const idx = c.decideColumns(cols, enterprises.length, (i) => enterprises[i].uscc);
    const h = new HistoryIndex();
    enterprises.forEach((e, i) => {
      expect(c.fromIndex(idx[i])).toEqual(c.decideSync(enterpriseFacts(e, p, h, "2026-01-01")));
    });
  });

  it("refuses what it cannot translate exactly, so callers fall back to json-rules-engine", () => {
    const p = policyOf([{ conditions: { all: [{ condition: "shared" }] }, priority: 1, t: "low" }], "low");
    expect(() => new CompiledEvaluator(p)).toThrow(NotCompilable);
  });
});
