import { operatorFn } from "./operators.js";
import type { Condition, Policy, Rule } from "./types.js";
import { CATEGORIES, type Category, GRADES, type Grade } from "./vocabulary.js";

/** Three-valued truth: a condition on a fact other than grade and category is `unknown`. */
type Truth = true | false | "unknown";

/** One grade × category cell of the coverage table. */
export interface CoverageCell {
  readonly grade: Grade;
  readonly category: Category;
  /** The rules certain to match any enterprise of this cell, highest priority first. */
  readonly certain: readonly Rule[];
  /** The rules that may match, depending on other facts. */
  readonly possible: readonly Rule[];
  /** The treatment an enterprise of this cell gets when only grade and category matter, or undefined. */
  readonly treatment?: string;
  /** Rules of equal top priority certain to match with different treatments. */
  readonly conflict?: readonly [Rule, Rule];
}

/**
 * For every grade (ungraded included) × category, which rules certainly or possibly match.
 * Conditions on other facts are unknown, so a cell is covered only by a rule that matches it
 * whatever those facts are.
 */
export function coverage(policy: Policy): CoverageCell[] {
  const cells: CoverageCell[] = [];
  for (const category of CATEGORIES) {
    for (const grade of GRADES) {
      const certain: Rule[] = [];
      const possible: Rule[] = [];
      for (const rule of policy.rules) {
        const t = truth(rule.conditions, { grade, category });
        if (t === true) certain.push(rule);
        else if (t === "unknown") possible.push(rule);
      }
      certain.sort((a, b) => (b.priority ?? 1) - (a.priority ?? 1));
      const top = certain[0];
      let conflict: [Rule, Rule] | undefined;
      for (const r of certain.slice(1)) {
        if ((r.priority ?? 1) !== (top.priority ?? 1)) break;
        if (r.event.params.name !== top.event.params.name) {
          conflict = [top, r];
          break;
        }
      }
      const outranked = possible.some((r) => (r.priority ?? 1) >= (top?.priority ?? 1));
      const treatment =
        top && !outranked
          ? top.event.params.name
          : !top && possible.length === 0 && policy.default !== "reject"
            ? policy.default
            : undefined;
      cells.push({ grade, category, certain, possible, treatment, conflict });
    }
  }
  return cells;
}

/** What an enterprise of one grade × category may get under a policy. */
export interface CellOutcome {
  /**
   * The treatments it may get, in the order the hit policy tries them (highest priority first),
   * the last being the one it gets when no rule that depends on other facts matches: the top
   * certain rule's, or the policy's default (`reject` included). One treatment where grade and
   * category decide.
   */
  readonly treatments: readonly string[];
  /** The other facts that decide between them, as the rules name them; empty where grade and category decide. */
  readonly facts: readonly string[];
  /** The rules that depend on other facts and may outrank the fallback, in the order they are tried. */
  readonly deciding: readonly Rule[];
}

/** A cell's outcome: the treatments an enterprise of it may get, and what decides between them. */
export function cellOutcome(policy: Policy, cell: CoverageCell): CellOutcome {
  const top = cell.certain[0];
  const deciding = cell.possible
    .filter((r) => !top || (r.priority ?? 1) >= (top.priority ?? 1))
    .sort((a, b) => (b.priority ?? 1) - (a.priority ?? 1));
  const fallback = top ? top.event.params.name : policy.default;
  // The fallback last, even where a deciding rule names it too: it is what the cell gets otherwise,
  // and a change of it alone is a change of the cell (diff compares these lists).
  const treatments = [
    ...new Set(deciding.map((r) => r.event.params.name).filter((t) => t !== fallback)),
    fallback,
  ];
  if (treatments.length === 1) return { treatments, facts: [], deciding: [] };
  const facts = new Set<string>();
  const known = { grade: cell.grade, category: cell.category };
  for (const r of deciding) unknownFacts(r.conditions, known, facts);
  return { treatments, facts: [...facts], deciding };
}

/** Adds to `out` the facts of the leaves of `c` that grade and category alone do not decide. */
function unknownFacts(c: Condition, facts: Record<string, unknown>, out: Set<string>) {
  if ("all" in c) for (const x of c.all) unknownFacts(x, facts, out);
  else if ("any" in c) for (const x of c.any) unknownFacts(x, facts, out);
  else if ("not" in c) unknownFacts(c.not, facts, out);
  else if ("condition" in c) out.add(`condition ${c.condition}`);
  else if (truth(c, facts) === "unknown") {
    out.add(c.path ? `${c.fact}${c.path.replace(/^\$/, "")}` : c.fact);
    if (isFactRef(c.value)) out.add(String((c.value as { fact: unknown }).fact));
  }
}

function truth(c: Condition, facts: Record<string, unknown>): Truth {
  if ("all" in c) return c.all.reduce<Truth>((acc, x) => and(acc, truth(x, facts)), true);
  // An empty list of `any` holds, as json-rules-engine evaluates it (every enterprise matches it).
  if ("any" in c)
    return c.any.length === 0 ? true : c.any.reduce<Truth>((acc, x) => or(acc, truth(x, facts)), false);
  if ("not" in c) {
    const t = truth(c.not, facts);
    return t === "unknown" ? t : !t;
  }
  if ("condition" in c) return "unknown";
  if (!(c.fact in facts) || c.path || isFactRef(c.value)) return "unknown";
  const fn = operatorFn(c.operator);
  if (!fn) return "unknown";
  try {
    return fn(facts[c.fact], c.value);
  } catch {
    return "unknown";
  }
}

function isFactRef(v: unknown): boolean {
  return typeof v === "object" && v !== null && "fact" in v;
}

function and(a: Truth, b: Truth): Truth {
  if (a === false || b === false) return false;
  return a === "unknown" || b === "unknown" ? "unknown" : true;
}

function or(a: Truth, b: Truth): Truth {
  if (a === true || b === true) return true;
  return a === "unknown" || b === "unknown" ? "unknown" : false;
}
