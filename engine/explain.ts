import type { RuleResult } from "json-rules-engine";
import { capWindow, countInWindow } from "./caps.js";
import type { Enterprise } from "./data/records.js";
import { type Decision, decide, JreEvaluator, RuleConflictError } from "./evaluate.js";
import { enterpriseFacts, type Facts } from "./facts.js";
import type { HistoryIndex } from "./history.js";
import { eligibility, type Ineligibility } from "./plan.js";
import type { Policy, Rule } from "./policy/types.js";

/** The outcome of one condition node: leaves carry the fact's value and the comparison. */
export interface ConditionOutcome {
  readonly kind: "all" | "any" | "not" | "fact";
  readonly result: boolean;
  readonly fact?: string;
  readonly operator?: string;
  readonly value?: unknown;
  readonly factValue?: unknown;
  /** True when json-rules-engine did not evaluate the condition (an earlier sibling decided). */
  readonly skipped?: boolean;
  readonly children?: ConditionOutcome[];
}

/** Why an enterprise gets its treatment: every rule's outcome, the winner, the cap and eligibility. */
export interface Explanation {
  readonly uscc: string;
  readonly facts: Facts;
  readonly rules: {
    name: string;
    priority: number;
    treatment: string;
    matched: boolean;
    conditions: ConditionOutcome;
  }[];
  readonly rule: string | null;
  readonly treatment: string | null;
  /**
   * Two rules of equal top priority that match with different treatments (sorted by name): then
   * no treatment, and a command refuses the policy (SPEC §4) after showing how each rule came out.
   */
  readonly tie?: readonly [string, string];
  readonly cap?: {
    count: number;
    window: string;
    from: string;
    to: string;
    inspections: number;
    over: boolean;
  };
  readonly eligible: boolean;
  readonly reason?: Ineligibility;
}

/** Explains the decision for one enterprise with json-rules-engine, the reference evaluator. */
export async function explain(
  policy: Policy,
  e: Enterprise,
  history: HistoryIndex,
  date: string,
  departments: readonly string[],
  exclusiveTaken?: ReadonlySet<string>,
): Promise<Explanation> {
  const facts = enterpriseFacts(e, policy, history, date);
  const jre = new JreEvaluator(policy);
  const run = await jre.run(facts);
  const all = [...run.results, ...run.failureResults];
  const rules = policy.rules.map((rule) => {
    const r = all.find((x) => x.name === rule.name) as RuleResult;
    return {
      name: rule.name,
      priority: rule.priority ?? 1,
      treatment: rule.event.params.name,
      matched: run.results.includes(r),
      conditions: outcome(r.conditions),
    };
  });
  let decision: Decision;
  try {
    decision = decide(
      policy,
      rules.filter((r) => r.matched).map((r) => policy.rules.find((x) => x.name === r.name) as Rule),
      e.uscc,
    );
  } catch (tie) {
    if (!(tie instanceof RuleConflictError)) throw tie;
    return { uscc: e.uscc, facts, rules, rule: null, treatment: null, tie: tie.rules, eligible: false };
  }
  const cl = eligibility(e, decision, { policy, date, history, departments, exclusiveTaken });
  const t = decision.treatment ? policy.treatments[decision.treatment] : undefined;
  const cap = t?.cap
    ? (() => {
        const w = capWindow(t.cap.window, date);
        const n = countInWindow(history.dates(e.uscc), t.cap, date);
        return { count: t.cap.count, window: t.cap.window, ...w, inspections: n, over: n >= t.cap.count };
      })()
    : undefined;
  return {
    uscc: e.uscc,
    facts,
    rules,
    rule: decision.rule,
    treatment: decision.treatment,
    cap,
    eligible: cl.eligible,
    reason: cl.reason,
  };
}

function outcome(c: unknown): ConditionOutcome {
  const n = c as {
    all?: unknown[];
    any?: unknown[];
    not?: unknown;
    fact?: string;
    operator?: string;
    value?: unknown;
    factResult?: unknown;
    result?: boolean;
  };
  if (n.all) {
    const children = n.all.map(outcome);
    return { kind: "all", result: children.every((x) => x.result), children };
  }
  if (n.any) {
    const children = n.any.map(outcome);
    return { kind: "any", result: children.some((x) => x.result), children };
  }
  if (n.not) {
    const child = outcome(n.not);
    return { kind: "not", result: !child.result, children: [child] };
  }
  return {
    kind: "fact",
    result: n.result === true,
    fact: n.fact,
    operator: n.operator,
    value: n.value,
    factValue: n.factResult,
    skipped: n.result === undefined,
  };
}
