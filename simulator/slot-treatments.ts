/**
 * A population's slots evaluated under a policy for every grade code, each kind of slot once: slots
 * alike in every fact the rules read get the same treatments.
 */
import type { CompiledEvaluator } from "../engine/compile.js";
import { typedFact } from "../engine/facts.js";
import { listKey } from "../engine/list-key.js";
import { ineligibility } from "../engine/plan.js";
import type { Policy } from "../engine/policy/types.js";
import { kept } from "./kept.js";
import type { SimulatedFact } from "./policy-checks.js";
import { GRADE_VALUES, modelOf, type Population } from "./population.js";

/** A policy's treatments by their index in `treatments`, as a slot's table holds them. */
export interface TreatmentIndex {
  /** Per rule, the index of its treatment. */
  readonly ofRule: Int32Array;
  /** The default's, -1 for reject (a draw refuses the enterprise; the simulator draws it into no stratum). */
  readonly fallback: number;
  /**
   * Per treatment and task membership (treatment × 2 + 1 where a department of the policy
   * supervises the slot): the treatment, where a slot of it may join its stratum once under its
   * cap, else -1 (the draw's eligibility rule with the cap passed fails there every period).
   */
  readonly joins: Int8Array;
}

const indexes = new WeakMap<Policy, TreatmentIndex>();

/** A policy's {@link TreatmentIndex}, kept. */
export function treatmentIndex(policy: Policy): TreatmentIndex {
  return kept(indexes, policy, () => {
    const names = Object.keys(policy.treatments);
    return {
      ofRule: Int32Array.from(policy.rules, (r) => names.indexOf(r.event.params.name)),
      fallback: names.indexOf(policy.default),
      joins: Int8Array.from(
        Object.values(policy.treatments).flatMap((tr, ti) =>
          [false, true].map((inTask) =>
            ineligibility(tr, inTask, false, () => false) === undefined ? ti : -1,
          ),
        ),
      ),
    };
  });
}

/** A simulated fact kept per slot: every one but the grade. */
export type StaticFact = Exclude<SimulatedFact, "grade">;

/** The facts in which an entrant differs from the enterprise it is modelled on, besides its code (see addEntrant). */
export const ENTRANTS_DIFFER_IN: readonly string[] = ["tags", "abnormal"];

/** A fact of a population's slot, read by the slot's index. */
export type SlotFact = (pop: Population, i: number) => unknown;

/** A slot's static fact, by name: an entrant's category, industry, region and departments are its model's. */
export const SLOT_FACTS: Readonly<Record<StaticFact, SlotFact>> = {
  uscc: (pop, i) => pop.uscc[i],
  category: (pop, i) => pop.category[modelOf(pop, i)],
  industry: (pop, i) => pop.industry[modelOf(pop, i)],
  region: (pop, i) => pop.region[modelOf(pop, i)],
  departments: (pop, i) => pop.departments[modelOf(pop, i)],
  tags: (pop, i) => pop.tags[i],
  abnormal: (pop, i) => pop.abnormal[i],
};

const slotFactsKept = new WeakMap<Policy, Readonly<Record<string, SlotFact>>>();

/**
 * The facts of a slot that a policy's rules may read besides its grade and inspection history, by
 * name: the static ones, and those the policy declares (`facts:`), of the type it declares, an
 * entrant's its model's, as the population keeps them (see Population's `declared`).
 */
export function slotFacts(policy: Policy): Readonly<Record<string, SlotFact>> {
  return kept(slotFactsKept, policy, () => ({
    ...SLOT_FACTS,
    ...Object.fromEntries(
      Object.entries(policy.facts ?? {}).map(([name, { type }]): [string, SlotFact] => [
        name,
        (pop, i) => {
          const column = pop.declared[name];
          if (!column) throw new Error(`the population keeps no column of the declared fact ${name}`);
          return typedFact(column[modelOf(pop, i)], type);
        },
      ]),
    ),
  }));
}

/** Slots' kinds (see {@link treatmentsInto}): each slot's kind, and the first slot of each. */
interface Kinds {
  readonly kindOf: Int32Array;
  readonly first: number[];
}

const kindsKept = new WeakMap<Population, Map<string, Kinds>>();

/**
 * Kinds numbered as first met, told apart by the values of some facts: the ids of the values met
 * of each fact, lists by their items in a map of their own, so that no list shares its id with a
 * string.
 */
export class KindNumbers {
  private readonly ids: { values: Map<unknown, number>; lists: Map<string, number> }[];
  private readonly kinds = new Map<string, number>();

  constructor(facts: number) {
    this.ids = Array.from({ length: facts }, () => ({ values: new Map(), lists: new Map() }));
  }

  /** How many kinds have been met. */
  get size(): number {
    return this.kinds.size;
  }

  /** The kind of the values `value` gives of each fact (0, 1, …): a new one is the next number. */
  of(value: (k: number) => unknown): number {
    let key = "";
    for (let k = 0; k < this.ids.length; k++) {
      const x = value(k);
      const { values, lists } = this.ids[k];
      const list = Array.isArray(x);
      const known: Map<unknown, number> = list ? lists : values;
      const v = list ? listKey(x) : x;
      let id = known.get(v);
      if (id === undefined) {
        id = values.size + lists.size;
        known.set(v, id);
      }
      key += `${id},`;
    }
    let kind = this.kinds.get(key);
    if (kind === undefined) {
      kind = this.kinds.size;
      this.kinds.set(key, kind);
    }
    return kind;
  }
}

/**
 * The kinds of `count` slots from `from`: by the values a slot has of the facts `read` (see
 * KindNumbers); with `everyOne`, each slot is its own kind.
 */
function kindsOf(read: ((i: number) => unknown)[], from: number, count: number, everyOne: boolean): Kinds {
  const kindOf = new Int32Array(count);
  const first: number[] = [];
  const numbers = new KindNumbers(read.length);
  for (let j = 0; j < count; j++) {
    const i = from + j;
    const kind = everyOne ? first.length : numbers.of((k) => read[k](i));
    if (kind === first.length) first.push(i);
    kindOf[j] = kind;
  }
  return { kindOf, first };
}

/**
 * Evaluates slots [from, to) of a population under every grade code into `out` (slot × 5 + grade).
 * Slots alike in every fact the rules read are evaluated once: the compiled rules are a function
 * of those facts, so the answer is the same. The first slot of each kind stands for it, so a rule
 * conflict is reported for the same enterprise as when every slot is evaluated.
 */
export function treatmentsInto(
  policy: Policy,
  evaluator: CompiledEvaluator,
  pop: Population,
  from: number,
  to: number,
  out: Int8Array,
): void {
  const { ofRule, fallback } = treatmentIndex(policy);
  const count = to - from;
  // Every fact the rules read but the grade, which is given per grade code below, and the history.
  const all = Object.fromEntries(
    Object.entries(slotFacts(policy))
      .filter(([f]) => evaluator.facts.includes(f))
      .map(([f, read]) => [f, (i: number) => read(pop, i)]),
  );
  const facts = evaluator.facts.filter((f) => f in all);
  // Every slot is its own kind when the rules read the code, or compare one fact with another (two
  // lists are then compared as objects, which items do not decide).
  const everyOne = evaluator.facts.includes("uscc") || policy.rules.some((r) => comparesFacts(r.conditions));
  // The kinds of a whole population are kept for the next policy that reads the same facts (a
  // declared one of the same type: "01" and "1" are one number, and two texts).
  const make = () =>
    kindsOf(
      facts.map((f) => all[f]),
      from,
      count,
      everyOne,
    );
  const whole = from === 0 && to === pop.n;
  const { kindOf, first } = whole
    ? kept(
        kept(kindsKept, pop, () => new Map()),
        `${everyOne}|${facts.map((f) => `${f}:${policy.facts?.[f]?.type ?? ""}`).join(",")}`,
        make,
      )
    : make();
  const gradeCol: (string | null)[] = new Array(first.length);
  // The inspection history of a slot never inspected: a policy reading it is evaluated again each
  // period (see history-treatments.ts), this row standing only until then.
  const columns: Record<string, unknown[]> = {
    grade: gradeCol,
    daysSinceInspection: first.map(() => null),
    inspectionsLast12m: first.map(() => 0),
    lastResult: first.map(() => null),
  };
  for (const [f, read] of Object.entries(all)) columns[f] = first.map(read);
  const rule = new Int32Array(first.length);
  const byKind = new Int8Array(first.length * 5);
  for (let g = 0; g < GRADE_VALUES.length; g++) {
    gradeCol.fill(GRADE_VALUES[g]);
    evaluator.decideColumns(columns, first.length, (j) => pop.uscc[first[j]], rule);
    for (let k = 0; k < first.length; k++) byKind[k * 5 + g] = rule[k] >= 0 ? ofRule[rule[k]] : fallback;
  }
  for (let j = 0; j < count; j++)
    for (let g = 0, at = (from + j) * 5, k = kindOf[j] * 5; g < 5; g++) out[at + g] = byKind[k + g];
}

/** Whether a condition (or one inside it) compares a fact with another fact rather than a value. */
export function comparesFacts(c: unknown): boolean {
  if (c === null || typeof c !== "object") return false;
  const o = c as Record<string, unknown>;
  const v = o.value;
  if (typeof o.fact === "string" && v !== null && typeof v === "object" && "fact" in v) return true;
  return Object.values(o).some(comparesFacts);
}
