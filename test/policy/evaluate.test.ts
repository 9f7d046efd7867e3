import { describe, expect, it } from "vitest";
import { CompiledEvaluator } from "../../engine/compile.js";
import type { Enterprise } from "../../engine/data/records.js";
import { JreEvaluator, RuleConflictError } from "../../engine/evaluate.js";
import { enterpriseFacts } from "../../engine/facts.js";
import { HistoryIndex } from "../../engine/history.js";
import { classifyAll, drawRatio, sampleSize } from "../../engine/plan.js";
import { loadPolicyFile, loadPolicyText } from "../../engine/policy/load.js";
import type { Policy } from "../../engine/policy/types.js";
import { enterprise } from "../helpers/enterprise.js";

const seed = loadPolicyFile("policies/huaian-2021/1.0.0.yaml").policy?.policy as Policy;

/** Two rules of equal priority with different treatments, which an abnormal enterprise of 250 employees both matches. */
function tiePolicy(): Policy {
  return loadPolicyText(
    "t.yaml",
    `policy: t
version: 1.0.0
status: draft
effective: { from: 2026-01-01 }
title: { zh: 测试, en: Test }
source: { document: x }
cadence: year
teamSize: 2
default: low
items: [{ code: I1, name: n, department: 市场监管局, basis: b }]
treatments:
  low: { label: { zh: 低, en: Low }, pool: true, ratio: 0.1 }
  high: { label: { zh: 高, en: High }, pool: true, ratio: 0.5 }
facts:
  employees: { type: number }
rules:
  - name: big
    conditions: { all: [{ fact: employees, operator: greaterThan, value: 100 }] }
    event: { type: treatment, params: { name: high } }
  - name: abnormal
    conditions: { all: [{ fact: abnormal, operator: equal, value: true }] }
    event: { type: treatment, params: { name: low } }
`,
  ).policy?.policy as Policy;
}

async function treatmentOf(p: Policy, e: Enterprise) {
  return new JreEvaluator(p).evaluate(enterpriseFacts(e, p, new HistoryIndex(), "2026-01-01"));
}

describe("rule evaluation with json-rules-engine and the hit policy", () => {
  it("the matching rule of highest priority wins", async () => {
    const d = await treatmentOf(seed, enterprise({ category: "key", grade: "D" }));
    expect(d).toEqual({ treatment: "key-stricter", rule: "key-high-risk" });
  });

  it("an ungraded enterprise is matched by `grade equal null`", async () => {
    expect((await treatmentOf(seed, enterprise({ grade: null }))).treatment).toBe("general-ungraded");
  });

  it("two matching rules of equal top priority naming different treatments are an error naming both rules and the enterprise", async () => {
    const p = tiePolicy();
    expect(p).toBeDefined();
    const e = enterprise({ abnormal: true, extra: { employees: "250" } });
    await expect(treatmentOf(p, e)).rejects.toThrow(RuleConflictError);
    await expect(treatmentOf(p, e)).rejects.toThrow(/`abnormal` and `big`.*91110108551385082Q/);
    expect((await treatmentOf(p, enterprise({ extra: { employees: "20" } }))).treatment).toBe("low");
    expect((await treatmentOf(p, enterprise({ extra: {} }))).rule).toBeNull();
  });
});

describe("sample sizes", () => {
  it("n = rounding(ratio × eligible) with exact decimal arithmetic", () => {
    expect(sampleSize(0.3, "ceil", 10)).toBe(3);
    expect(sampleSize(0.1, "ceil", 30)).toBe(3);
    expect(sampleSize(0.05, "round", 30)).toBe(2);
    expect(sampleSize(0.05, "round", 29)).toBe(1);
    expect(sampleSize(0.05, "floor", 39)).toBe(1);
    expect(sampleSize(0.05, "ceil", 1)).toBe(1);
    expect(sampleSize(1, "ceil", 7)).toBe(7);
    expect(sampleSize(0.5, "ceil", 0)).toBe(0);
  });

  it("a ratio with no upper limit is drawn at its floor unless raised, and never above its max", () => {
    expect(drawRatio({ label: { zh: "", en: "" }, pool: true, ratio: { min: 0.5 } })).toBe(0.5);
    expect(drawRatio({ label: { zh: "", en: "" }, pool: true, ratio: { min: 0.5 } }, 0.9)).toBe(0.9);
    expect(drawRatio({ label: { zh: "", en: "" }, pool: true, ratio: { min: 0.5, max: 0.7 } }, 0.9)).toBe(
      0.7,
    );
    expect(drawRatio({ label: { zh: "", en: "" }, pool: true, ratio: { min: 0.5 } }, 0.1)).toBe(0.5);
  });
});

describe("a tie of rules under the compiled evaluator", () => {
  it("names the two rules and the enterprise, one enterprise at a time, over columns, and when a whole list is classified", async () => {
    const p = tiePolicy();
    const c = new CompiledEvaluator(p);
    const tie = enterprise({ uscc: "91320800MA1XYZ1230", abnormal: true, extra: { employees: "250" } });
    const calm = enterprise({ extra: { employees: "20" } });
    const facts = (e: Enterprise) => enterpriseFacts(e, p, new HistoryIndex(), "2026-01-01");
    expect(() => c.decideSync(facts(tie))).toThrow(/`abnormal` and `big`.*91320800MA1XYZ1230/);
    const list = [calm, tie].map(facts);
    const columns = Object.fromEntries(c.facts.map((f) => [f, list.map((x) => x[f])]));
    expect(() => c.decideColumns(columns, 2, (i) => list[i].uscc as string)).toThrow(
      /`abnormal` and `big`.*91320800MA1XYZ1230/,
    );
    const ctx = { policy: p, date: "2026-01-01", history: new HistoryIndex(), departments: ["市场监管局"] };
    await expect(classifyAll([calm, tie], c, ctx)).rejects.toThrow(RuleConflictError);
    expect((await classifyAll([calm], c, ctx))[0].decision.treatment).toBe("low");
  });
});

describe("an enterprise's facts of its inspection history", () => {
  it("days since its last inspection up to the date, inspections in the 12 months before it, and that inspection's result; later ones do not count", () => {
    const e = enterprise({ uscc: "91320800MA1XYZ1230" });
    const visit = (date: string, result: string[]) => ({
      uscc: e.uscc,
      date,
      department: "市场监管局",
      kind: "random" as const,
      result,
    });
    const history = new HistoryIndex([
      visit("2026-03-01", ["99"]),
      visit("2024-12-31", ["1"]),
      visit("2025-06-30", ["2"]),
      visit("2025-01-02", []),
    ]);
    const facts = enterpriseFacts(e, seed, history, "2026-01-01");
    expect([facts.daysSinceInspection, facts.inspectionsLast12m, facts.lastResult]).toEqual([185, 2, "2"]);
    const never = enterpriseFacts(enterprise({}), seed, history, "2026-01-01");
    expect([never.daysSinceInspection, never.inspectionsLast12m, never.lastResult]).toEqual([null, 0, null]);
  });
});
