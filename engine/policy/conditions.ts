/**
 * Walking a rule's conditions: each condition inside another (all, any, not), and the facts they
 * read. No other import than types, so that a worker thread may walk them without the policy checks.
 */
import type { Condition, FactCondition, Policy } from "./types.js";
import type { NodePath } from "./yaml-source.js";

/** Visits a condition and every condition inside it (all, any, not), each with its path. */
export function walkConditions(c: Condition, path: NodePath, visit: (c: Condition, path: NodePath) => void) {
  visit(c, path);
  if ("all" in c) {
    c.all.forEach((x, i) => {
      walkConditions(x, [...path, "all", i], visit);
    });
  } else if ("any" in c) {
    c.any.forEach((x, i) => {
      walkConditions(x, [...path, "any", i], visit);
    });
  } else if ("not" in c) walkConditions(c.not, [...path, "not"], visit);
}

/** The fact a condition's value names (`value: { fact: … }`: one fact compared with another), or undefined for a plain value. */
export function valueFact(c: FactCondition): string | undefined {
  const v = c.value as { fact?: unknown } | null;
  return v !== null && typeof v === "object" && typeof v.fact === "string" ? v.fact : undefined;
}

/** Every fact a condition reads (`fact`, or a `value` that is itself a fact), with its path. */
export function factsRead(conditions: Condition, at: NodePath): { fact: string; path: NodePath }[] {
  const out: { fact: string; path: NodePath }[] = [];
  walkConditions(conditions, at, (c, path) => {
    if (!("fact" in c)) return;
    out.push({ fact: c.fact, path: [...path, "fact"] });
    const other = valueFact(c);
    if (other !== undefined) out.push({ fact: other, path: [...path, "value", "fact"] });
  });
  return out;
}

const factsKept = new WeakMap<Policy, ReadonlySet<string>>();

/**
 * The facts a policy's rules read (a condition's fact, or a value that is a fact), found without
 * compiling them: a worker thread, sent the static tables, compiles no rules it does not evaluate.
 */
export function factsReadBy(policy: Policy): ReadonlySet<string> {
  let facts = factsKept.get(policy);
  if (!facts) {
    facts = new Set(policy.rules.flatMap((r) => factsRead(r.conditions, []).map((x) => x.fact)));
    factsKept.set(policy, facts);
  }
  return facts;
}
