import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JreEvaluator } from "../../engine/evaluate.js";
import { cellOutcome, coverage } from "../../engine/policy/coverage.js";
import { FACT_NAMES, generatedFacts, generatedRules, policyOf } from "../helpers/generated-rules.js";

// Rules as the compiled evaluator's differential test makes them, naming grade and category more
// often: the facts the coverage table decides by.
const rules = generatedRules(fc.oneof(fc.constantFrom("grade", "category"), fc.constantFrom(...FACT_NAMES)));

describe("the coverage table (diff, validate, the simulator's idle rules)", () => {
  it("an enterprise gets one of the treatments its grade × category lists, that cell's own where grade and category decide, and no tie where the cell has none (json-rules-engine the judge)", async () => {
    await fc.assert(
      fc.asyncProperty(
        rules,
        fc.array(generatedFacts, { minLength: 1, maxLength: 8 }),
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
