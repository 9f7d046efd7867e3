/**
 * Where a policy's rules compare the history facts with numbers alone (`daysSinceInspection
 * greaterThan 365`, `inspectionsLast12m in [0, 1]`), whether a comparison holds depends only on the
 * fact's place among those numbers: below one, equal to it, between two, above all, or null. A
 * slot's treatment is then a function of its static facts, its grade and those places, and a
 * period's evaluation is a table looked up, each combination evaluated once, when first met.
 */
import { walkConditions } from "../engine/policy/conditions.js";
import type { Policy } from "../engine/policy/types.js";
import { comparesFacts, KindNumbers } from "./slot-treatments.js";

/** The operators whose outcome on a number is its place among the numbers compared with (json-rules-engine's: `a < b`, `b.indexOf(a)`…). */
const BY_PLACE = new Set([
  "equal",
  "notEqual",
  "lessThan",
  "lessThanInclusive",
  "greaterThan",
  "greaterThanInclusive",
  "in",
  "notIn",
]);

/**
 * Per history fact of `facts`, the numbers the rules compare it with, ascending; undefined where a
 * comparison's outcome is not its place among them: a fact compared with another (see
 * comparesFacts), another operator, a path or decorator, or a value that is not a number (null is
 * compared as 0 by `<` and `>`, and equals no number).
 */
export function historyCuts(policy: Policy, facts: readonly string[]): Map<string, Float64Array> | undefined {
  if (policy.rules.some((r) => comparesFacts(r.conditions))) return undefined;
  const cuts = new Map(facts.map((f) => [f, new Set<number>()]));
  let byPlace = true;
  for (const r of policy.rules)
    walkConditions(r.conditions, [], (c) => {
      const numbers = "fact" in c ? cuts.get(c.fact) : undefined;
      if (!numbers || !("fact" in c)) return;
      const list = c.operator === "in" || c.operator === "notIn";
      if (c.path !== undefined || !BY_PLACE.has(c.operator) || Array.isArray(c.value) !== list) {
        byPlace = false;
        return;
      }
      for (const x of list ? (c.value as unknown[]) : [c.value]) {
        if (x === null) numbers.add(0);
        else if (typeof x === "number" && Number.isFinite(x)) numbers.add(x);
        else byPlace = false;
      }
    });
  if (!byPlace) return undefined;
  return new Map([...cuts].map(([f, s]) => [f, Float64Array.from([...s].sort((a, b) => a - b))]));
}

/** How many places a fact compared with `cuts` may take (see placeAmong); 1 for a fact not read (undefined). */
export const placesAmong = (cuts: Float64Array | undefined): number => (cuts ? 2 * cuts.length + 2 : 1);

/** The place of `x` among `cuts` (ascending): 0 for null; else 1 + 2 × the cuts below it, + 1 where it is one. */
export function placeAmong(x: number | null, cuts: Float64Array): number {
  if (x === null) return 0;
  let i = 0;
  while (i < cuts.length && cuts[i] < x) i++;
  return 1 + 2 * i + (i < cuts.length && cuts[i] === x ? 1 : 0);
}

/**
 * Kinds of slots, told apart by the values of the static facts the rules read (lists by their
 * items), numbered as first met; and per kind a row of treatments by grade and places, -2 until
 * evaluated. A pure function of the facts, so one table serves every run of a policy on a
 * population in a thread, whatever order its kinds were met in.
 */
export class KindTable {
  private readonly numbers: KindNumbers;
  /** Per kind, `row` entries: a treatment's index, -1 for none, -2 not evaluated yet. */
  table: Int8Array;

  constructor(
    facts: number,
    /** Entries per kind: grades × the places of each history fact. */
    readonly row: number,
  ) {
    this.numbers = new KindNumbers(facts);
    this.table = new Int8Array(row * 16).fill(-2);
  }

  /** The kind of a slot whose static facts the rules read have `values`. */
  kindOf(values: readonly unknown[]): number {
    const kind = this.numbers.of((k) => values[k]);
    if ((kind + 1) * this.row > this.table.length) {
      const grown = new Int8Array(this.table.length * 2).fill(-2);
      grown.set(this.table);
      this.table = grown;
    }
    return kind;
  }
}
