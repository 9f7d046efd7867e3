/**
 * Walking a rule's conditions: each condition inside another (all, any, not), and the facts they
 * read. No other import than types, so that a worker thread may walk them without the policy checks.
 */
import type { Condition } from "./types.js";
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

/** Every fact a condition reads (`fact`, or a `value` that is itself a fact), with its path. */
export function factsRead(conditions: Condition, at: NodePath): { fact: string; path: NodePath }[] {
  const out: { fact: string; path: NodePath }[] = [];
  walkConditions(conditions, at, (c, path) => {
    if (!("fact" in c)) return;
    out.push({ fact: c.fact, path: [...path, "fact"] });
    const value = c.value as { fact?: unknown } | null;
    if (value !== null && typeof value === "object" && typeof value.fact === "string")
      out.push({ fact: value.fact, path: [...path, "value", "fact"] });
  });
  return out;
}
