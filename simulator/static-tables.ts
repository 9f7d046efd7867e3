/**
 * What the simulator evaluates once per policy and population instead of every period: each
 * slot's treatment per grade, its task membership and its visit's departments (the static table).
 */
import { canonicalJson } from "../engine/canonical.js";
import { CompiledEvaluator } from "../engine/compile.js";
import { listKey } from "../engine/list-key.js";
import { policyDepartments } from "../engine/plan.js";
import type { Policy } from "../engine/policy/types.js";
import { kept } from "./kept.js";
import {
  forkPopulation,
  GRADE_VALUES,
  modelOf,
  NO_TAGS,
  type Population,
  sharedArray,
} from "./population.js";
import { ENTRANTS_DIFFER_IN, treatmentIndex, treatmentsInto } from "./slot-treatments.js";

/** What never changes for a slot under a policy: its treatment per grade, task membership and visit departments. */
export interface StaticTable {
  /**
   * Per slot and grade code (slot × 5 + grade): the index of the treatment whose stratum the slot
   * may join, or -1 when it never can (no treatment, outside the task, or a treatment outside the
   * pool). Only the cap is left to check each period.
   */
  readonly candidateOf: Int8Array;
  /** 1 when a department of the policy supervises the slot. */
  readonly inTask: Uint8Array;
  /** How many of the policy's departments supervise the slot (a visit takes one of each). */
  readonly visitDeps: Uint8Array;
  /**
   * `candidateOf` of an entrant modelled on slot j (its industry, region, category and
   * departments, no tags, not abnormal), at j × 5 + grade; absent when the rules read the code
   * (each entrant's is new), and entrants are then evaluated as they arrive.
   */
  readonly entrantCandidateOf?: Int8Array;
  /** The distinct lists of departments supervising the initial enterprises (of the population, not the policy). */
  readonly lists: (readonly string[])[];
  /** Per initial slot: its list of departments in `lists` (an entrant has its model's). */
  readonly listOf: Uint16Array;
}

/** The static tables of a population under each policy, computed once per thread (see {@link staticTable}). */
export function staticTables(policies: readonly Policy[], base: Population): StaticTable[] {
  return policies.map((p) => staticTable(p, base));
}

/**
 * Takes static tables computed elsewhere (another thread's, for its copies of the same population
 * and policies) as this thread's, so that they are not computed again.
 */
export function adoptStaticTables(
  policies: readonly Policy[],
  base: Population,
  list: readonly StaticTable[],
): void {
  const byKey = kept(tables, base, () => new Map());
  policies.forEach((p, i) => {
    const key = staticKey(p);
    if (!byKey.has(key)) byKey.set(key, list[i]);
  });
}

/**
 * The static table of every initial enterprise, computed once per population and policy (or
 * policies alike in what it depends on, see {@link staticKey}) and shared by every replication.
 * The facts the simulator gives the rules are the enterprise's static ones and its grade, so a
 * (slot, grade) pair always gets the same treatment: looking it up each period is evaluating it,
 * without doing the work again.
 */
export function staticTable(policy: Policy, base: Population): StaticTable {
  return kept(
    kept(tables, base, () => new Map()),
    staticKey(policy),
    (): StaticTable => {
      const n = base.n;
      const candidateOf = sharedArray(Int8Array, n * GRADE_VALUES.length);
      const inTask = sharedArray(Uint8Array, n);
      const visitDeps = sharedArray(Uint8Array, n);
      fillStatic(policy, base, 0, n, candidateOf, inTask, visitDeps);
      const facts = evaluatorOf(policy).facts;
      // Entrants are evaluated as they arrive when the rules read the code. Where they read none
      // of the facts in which an entrant differs from its model, its row is its model's.
      const entrantCandidateOf = entrantsEvaluated(policy)
        ? undefined
        : facts.some((f) => ENTRANTS_DIFFER_IN.includes(f))
          ? entrantTable(policy, base, inTask)
          : candidateOf;
      return { candidateOf, inTask, visitDeps, entrantCandidateOf, ...visitLists(base) };
    },
  );
}

/** Whether a policy's rules read the code, so that entrants are evaluated as they arrive (see {@link StaticTable}). */
export function entrantsEvaluated(policy: Policy): boolean {
  return evaluatorOf(policy).facts.includes("uscc");
}

const tables = new WeakMap<Population, Map<string, StaticTable>>();

const staticKeys = new WeakMap<Policy, string>();

/**
 * What of a policy its static table depends on: its rules, declared facts and default, its
 * treatments' names in order with whether each is drawn from (its pool), and its items'
 * departments. Variants that change ratios, caps, roundings or labels share one table.
 */
function staticKey(policy: Policy): string {
  return kept(staticKeys, policy, () =>
    canonicalJson({
      rules: policy.rules,
      facts: policy.facts ?? {},
      default: policy.default,
      treatments: Object.entries(policy.treatments).map(([name, t]) => [name, t.pool === true]),
      departments: policyDepartments(policy),
    }),
  );
}

/** One compiled evaluator per policy, shared by every run of it in this thread. */
const evaluators = new WeakMap<Policy, CompiledEvaluator>();

export function evaluatorOf(policy: Policy): CompiledEvaluator {
  return kept(evaluators, policy, () => new CompiledEvaluator(policy));
}

/** Each initial enterprise's row as an entrant modelled on it would have it (see {@link likeEntrants}). */
function entrantTable(policy: Policy, base: Population, inTask: Uint8Array): Int8Array {
  const table = sharedArray(Int8Array, base.n * GRADE_VALUES.length);
  treatmentsInto(policy, evaluatorOf(policy), likeEntrants(base), 0, base.n, table);
  // An entrant has its model's departments, so its model's task membership.
  shutOut(policy, table, inTask, 0, base.n);
  return table;
}

const entrantModels = new WeakMap<Population, Population>();

/** The initial enterprises as entrants modelled on them would be: no tags, not abnormal. */
function likeEntrants(base: Population): Population {
  return kept(entrantModels, base, () =>
    forkPopulation(base, { tags: new Array(base.n).fill(NO_TAGS), abnormal: new Array(base.n).fill(false) }),
  );
}

/** Fills the static table of slots [from, to). */
export function fillStatic(
  policy: Policy,
  pop: Population,
  from: number,
  to: number,
  candidateOf: Int8Array,
  inTask: Uint8Array,
  visitDeps: Uint8Array,
): void {
  treatmentsInto(policy, evaluatorOf(policy), pop, from, to, candidateOf);
  const { idOf, lists } = departmentLists(pop);
  const deps = new Set(policyDepartments(policy));
  const countOf = Uint8Array.from(lists, (list) => list.filter((d) => deps.has(d)).length);
  for (let i = from; i < to; i++) {
    const k = countOf[idOf[modelOf(pop, i)]];
    visitDeps[i] = k;
    inTask[i] = k > 0 ? 1 : 0;
  }
  shutOut(policy, candidateOf, inTask, from, to);
}

/**
 * Takes slots [from, to) out of the strata they can never join: the draw's eligibility rule with
 * the cap passed, for a treatment in and out of the task, fails there every period.
 */
function shutOut(policy: Policy, candidateOf: Int8Array, inTask: Uint8Array, from: number, to: number): void {
  const { joins } = treatmentIndex(policy);
  for (let i = from; i < to; i++)
    for (let g = 0, at = i * 5; g < 5; g++, at++) {
      const ti = candidateOf[at];
      if (ti >= 0) candidateOf[at] = joins[ti * 2 + inTask[i]];
    }
}

const visitListsKept = new WeakMap<Population, { lists: (readonly string[])[]; listOf: Uint16Array }>();

/** The most lists of departments a population's slots are told apart by (see visitLists). */
const MOST_LISTS = 0xffff;

/**
 * The population's lists of departments and each initial slot's, in shared memory for the workers
 * (one copy for every policy). A district's enterprises name a few dozen lists; one naming more
 * than 65,535 is refused rather than counted wrongly.
 */
function visitLists(base: Population): { lists: (readonly string[])[]; listOf: Uint16Array } {
  return kept(visitListsKept, base, () => {
    const { idOf, lists } = departmentLists(base);
    if (lists.length > MOST_LISTS)
      throw new Error(
        `the enterprises name ${lists.length} lists of departments; the simulator tells apart at most ${MOST_LISTS}`,
      );
    const listOf = sharedArray(Uint16Array, base.n);
    listOf.set(idOf);
    return { lists, listOf };
  });
}

const departmentListsKept = new WeakMap<
  Population["departments"],
  { idOf: Int32Array; lists: (readonly string[])[] }
>();

/**
 * The distinct lists of departments of the initial enterprises (by their items), and each one's
 * list among them: kept per column, so every policy and fork of a population counts departments
 * per list, not per enterprise.
 */
function departmentLists(pop: Population): { idOf: Int32Array; lists: (readonly string[])[] } {
  return kept(departmentListsKept, pop.departments, () => {
    const column = pop.departments;
    const idOf = new Int32Array(column.length);
    const ids = new Map<string, number>();
    // Enterprises share their lists (one copy of each): a list met again is not keyed again.
    const idOfList = new Map<readonly string[], number>();
    const lists: (readonly string[])[] = [];
    for (let i = 0; i < column.length; i++) {
      let id = idOfList.get(column[i]);
      if (id === undefined) {
        const key = listKey(column[i]);
        id = ids.get(key);
        if (id === undefined) {
          id = lists.push(column[i]) - 1;
          ids.set(key, id);
        }
        idOfList.set(column[i], id);
      }
      idOf[i] = id;
    }
    return { idOf, lists };
  });
}
