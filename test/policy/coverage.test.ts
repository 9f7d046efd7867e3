import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JreEvaluator } from "../../engine/evaluate.js";
import { cellOutcome, coverage } from "../../engine/policy/coverage.js";
import { diffPolicies } from "../../engine/policy/diff.js";
import type { Policy } from "../../engine/policy/types.js";
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

  it("diff says a grade × category cell unchanged only where each enterprise of it gets the same outcome under both policies: a rule's treatment or priority changed, one dropped or added, the default or a ratio changed (json-rules-engine the judge)", async () => {
    /** What json-rules-engine gives an enterprise: its treatment with the treatment's parameters, or a tie. */
    const outcome = async (p: Policy, e: object): Promise<string> => {
      try {
        const t = (await new JreEvaluator(p).evaluate(e as never)).treatment ?? "reject";
        return `${t} ${JSON.stringify(p.treatments[t] ?? null)}`;
      } catch (x) {
        return (x as { rules?: string[] }).rules ? "tie" : "error";
      }
    };
    await fc.assert(
      fc.asyncProperty(
        rules,
        fc.array(generatedFacts, { minLength: 1, maxLength: 8 }),
        fc.constantFrom("reject", "low"),
        fc.nat(1000),
        fc.nat(1000),
        async (rs, es, dflt, k, j) => {
          // The policy after one change of the kind an officer makes.
          const changed = structuredClone(rs);
          const i = k % changed.length;
          const kind = j % 6;
          if (kind === 0 && changed.length > 1) changed.splice(i, 1);
          else if (kind === 1) changed[i].t = (["low", "high", "out"] as const)[(j >> 3) % 3];
          else if (kind === 2) changed[i].priority = 1 + ((j >> 3) % 3);
          else if (kind === 3) changed.push({ ...changed[i], t: "high" });
          const before = policyOf(rs, dflt);
          const changedPolicy = policyOf(changed, kind === 4 ? (dflt === "low" ? "reject" : "low") : dflt);
          const after: Policy =
            kind === 5
              ? {
                  ...changedPolicy,
                  treatments: {
                    ...changedPolicy.treatments,
                    high: { ...changedPolicy.treatments.high, ratio: 0.7 },
                  },
                }
              : changedPolicy;
          const cells = diffPolicies(before, after).cells;
          for (const e of es) {
            const cell = cells.find((c) => c.grade === e.grade && c.category === e.category);
            if (!cell || cell.changed) continue;
            // A cell two rules certain to match cover with different treatments: validate refuses such a policy.
            const tied = (p: Policy) =>
              coverage(p).some((c) => c.grade === cell.grade && c.category === cell.category && c.conflict);
            if (tied(before) || tied(after)) continue;
            const was = await outcome(before, e);
            const is = await outcome(after, e);
            if (was !== "error" && is !== "error") expect(is).toBe(was);
          }
        },
      ),
      { numRuns: 1500 },
    );
  });

  it("a change of what a cell gets where no rule deciding by other facts matches is a change, though its treatments stay the same ones", () => {
    const deciding = [
      {
        conditions: {
          all: [
            { fact: "grade", operator: "equal", value: "A" },
            { fact: "n", operator: "greaterThan", value: 5 },
          ],
        },
        priority: 2,
        t: "high" as const,
      },
      {
        conditions: {
          all: [
            { fact: "grade", operator: "equal", value: "A" },
            { fact: "s", operator: "equal", value: "x" },
          ],
        },
        priority: 2,
        t: "low" as const,
      },
    ];
    const gradeA = { all: [{ fact: "grade", operator: "equal", value: "A" }] };
    const before = policyOf([{ conditions: gradeA, priority: 1, t: "low" }, ...deciding], "reject");
    const after = policyOf([{ conditions: gradeA, priority: 1, t: "high" }, ...deciding], "reject");
    const cell = diffPolicies(before, after).cells.find((c) => c.grade === "A" && c.category === "general");
    expect(cell).toMatchObject({
      changed: true,
      beforeOutcome: { treatments: ["high", "low"] },
      afterOutcome: { treatments: ["low", "high"] },
    });
  });

  it("a change of the priority of the rule certain to match is a change where a rule deciding by other facts tied with it (an enterprise both match is refused) and now outranks it", async () => {
    const gradeA = { fact: "grade", operator: "equal", value: "A" };
    const deciding = {
      conditions: { all: [gradeA, { fact: "n", operator: "greaterThan", value: 5 }] },
      priority: 2,
      t: "high" as const,
    };
    const before = policyOf([{ conditions: { all: [gradeA] }, priority: 2, t: "low" }, deciding], "reject");
    const after = policyOf([{ conditions: { all: [gradeA] }, priority: 1, t: "low" }, deciding], "reject");
    const cell = diffPolicies(before, after).cells.find((c) => c.grade === "A" && c.category === "general");
    expect(cell?.changed).toBe(true);
    const e = { uscc: "91110108551385082Q", grade: "A", category: "general", n: 9 };
    await expect(new JreEvaluator(before).evaluate(e)).rejects.toThrow(/equal priority/);
    expect((await new JreEvaluator(after).evaluate(e)).treatment).toBe("high");
    // Where no rule decides by other facts, the priority of the one certain to match changes nothing.
    const alone = (priority: number) =>
      policyOf([{ conditions: { all: [gradeA] }, priority, t: "low" }], "reject");
    expect(diffPolicies(alone(2), alone(1)).cells.find((c) => c.grade === "A")?.changed).toBe(false);
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
