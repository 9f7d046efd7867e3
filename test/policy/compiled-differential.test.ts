import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CompiledEvaluator, NotCompilable } from "../../engine/compile.js";
import { type Evaluator, JreEvaluator } from "../../engine/evaluate.js";
import { enterpriseFacts, type Facts } from "../../engine/facts.js";
import { HistoryIndex } from "../../engine/history.js";
import { expandPolicyArgs } from "../../engine/policy/files.js";
import { loadPolicyFiles } from "../../engine/policy/load.js";
import { generateDistrict, HUAIAN_LIKE } from "../../engine/synthetic.js";
import { generatedFacts, generatedRules, policyOf } from "../helpers/generated-rules.js";

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

const rules = generatedRules();
const facts = generatedFacts;

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
