/**
 * Treatments that depend on an enterprise's inspection history: a policy whose rules read
 * `daysSinceInspection`, `inspectionsLast12m` or `lastResult` (every D enterprise not inspected for
 * a year drawn, say, or every one whose last inspection found a problem) gives a slot another
 * treatment as its inspections age, so its slots are evaluated again each period, with the facts a
 * draw on the period's first day would read: the days since the latest inspection the slot
 * remembers (null where none), the inspections after the day twelve months before (as
 * engine/facts.ts counts them), and the latest one's result (see last-results.ts).
 */
import type { CompiledEvaluator } from "../engine/compile.js";
import { PERIODS_A_YEAR } from "../engine/period.js";
import { factsReadBy } from "../engine/policy/conditions.js";
import type { Policy } from "../engine/policy/types.js";
import { historyCuts, KindTable, placeAmong, placesAmong } from "./history-places.js";
import { kept } from "./kept.js";
import { RESULT_STATES, resultOfState } from "./last-results.js";
import { GRADE_VALUES, modelOf, type Population } from "./population.js";
import {
  ENTRANTS_DIFFER_IN,
  type SlotFact,
  slotFacts,
  type TreatmentIndex,
  treatmentIndex,
} from "./slot-treatments.js";

/** The facts of the inspection history the simulator gives the rules (lastResult as last-results.ts says). */
export const SIMULATED_HISTORY_FACTS = ["daysSinceInspection", "inspectionsLast12m", "lastResult"] as const;

/** Those of them compared with numbers (see history-places.ts). */
const COUNTED_FACTS = ["daysSinceInspection", "inspectionsLast12m"];

/** Whether a policy's rules read a fact of the inspection history. */
export function readsHistory(policy: Policy): boolean {
  const read = factsReadBy(policy);
  return SIMULATED_HISTORY_FACTS.some((f) => read.has(f));
}

/**
 * How many inspections a slot must remember for the rules' `inspectionsLast12m` to count every one
 * of a year (see inspectionsRemembered, which takes it as its least): a year's periods, each
 * inspecting a slot at most once, with the `past` inspections the most inspected enterprise of the
 * district's history brings; 0 where no rule reads it (`daysSinceInspection` needs the latest alone).
 */
export function historyRemembered(policies: readonly Policy[], periods: number, past = 0): number {
  let most = 0;
  for (const p of policies)
    if (factsReadBy(p).has("inspectionsLast12m"))
      most = Math.max(most, Math.min(periods, PERIODS_A_YEAR[p.cadence]) + past);
  return most;
}

/** The slots of a period's first day, whose treatments are written into `candidateOf`. */
export interface SlotsOnDay {
  readonly pop: Population;
  /** Slots [0, n) are evaluated. */
  readonly n: number;
  /** The day, a day number (see period-steps.ts). */
  readonly today: number;
  /** The day twelve months before: the inspections after it are the last twelve months'. */
  readonly since: number;
  /** Per slot and grade code (slot × 5 + grade): the treatment whose stratum the slot may join, -1 for none. */
  readonly candidateOf: Int8Array;
  /** 1 where a department of the policy supervises the slot. */
  readonly inTask: Uint8Array;
}

/**
 * Where the rules compare the history facts with numbers alone: the numbers of each fact read,
 * whether they read the last result (a place per byte it may be), and the kinds of a population's
 * initial slots with their table.
 */
interface Places {
  readonly days?: Float64Array;
  readonly count?: Float64Array;
  readonly results: boolean;
  readonly kinds: KindTable;
  readonly initial: Int32Array;
  /** Whether the rules read none of the facts in which an entrant differs from its model (tags, abnormal), so that it is of its model's kind. */
  readonly entrantsAsModels: boolean;
}

/** Per population and policy, in this thread: shared by every run (see KindTable). */
const placesKept = new WeakMap<Population, Map<Policy, Places | null>>();

/**
 * One run's evaluation of a policy whose rules read the inspection history: each period, every
 * slot's treatment under its grade then, written where the period's first pass reads it
 * (candidateOf at slot × 5 + grade), shut out of a stratum it can never join as the static table
 * does. Where the rules compare the history facts with numbers alone (see history-places.ts), a
 * treatment is looked up by the slot's kind, grade and places, each combination evaluated once in
 * the thread; otherwise every slot is evaluated every period.
 */
export class HistoryTreatments {
  /** The facts the rules read of a slot besides its grade and history (static and declared), and how each is read. */
  private readonly statics: string[];
  private readonly reads: SlotFact[];
  private readonly index: TreatmentIndex;
  /** With places: the places, and each slot's kind (entrants' as they arrive). */
  private readonly byKind?: { readonly places: Places; readonly kindOf: Int32Array };
  /** Without: every slot's facts, filled as slots arrive (static ones) and each period (the others). */
  private readonly columns: Record<string, unknown[]>;
  private readonly rule: Int32Array;
  /** The slots whose static facts are read (into kindOf or columns). */
  private arrived = 0;

  constructor(
    policy: Policy,
    private readonly evaluator: CompiledEvaluator,
    base: Population,
  ) {
    this.index = treatmentIndex(policy);
    const readers = slotFacts(policy);
    const statics = evaluator.facts.filter((f) => f in readers);
    this.statics = statics;
    this.reads = statics.map((f) => readers[f]);
    const places = kept(
      kept(placesKept, base, () => new Map()),
      policy,
      () => placesOf(policy, evaluator, base, statics, this.reads),
    );
    if (places) {
      const kindOf = new Int32Array(base.capacity);
      kindOf.set(places.initial);
      this.byKind = { places, kindOf };
      this.arrived = base.n;
    }
    // A slot evaluated alone with places; every slot at once without.
    const rows = places ? 1 : base.capacity;
    this.columns = Object.fromEntries(evaluator.facts.map((f) => [f, new Array(rows)]));
    this.rule = new Int32Array(rows);
  }

  /** Writes the treatment of the slots under their grade on the day (see SlotsOnDay). */
  into(day: SlotsOnDay): void {
    const { pop, n } = day;
    const { reads, byKind, columns } = this;
    for (let i = this.arrived; i < n; i++) {
      // An entrant differs from the slot it is modelled on in its code, tags and listing alone.
      if (byKind)
        byKind.kindOf[i] = byKind.places.entrantsAsModels
          ? byKind.places.initial[modelOf(pop, i)]
          : byKind.places.kinds.kindOf(reads.map((read) => read(pop, i)));
      else
        this.statics.forEach((f, k) => {
          columns[f][i] = reads[k](pop, i);
        });
    }
    this.arrived = n;
    if (byKind) this.byPlaces(byKind.places, byKind.kindOf, day);
    else this.everySlot(day);
  }

  /** Slot i's treatment's index (-1: none), evaluated alone with its facts on the day. */
  private evaluate(pop: Population, i: number, days: number | null, count: number): number {
    const { columns, rule } = this;
    this.statics.forEach((f, k) => {
      columns[f][0] = this.reads[k](pop, i);
    });
    if (columns.grade) columns.grade[0] = GRADE_VALUES[pop.grade[i]];
    if (columns.daysSinceInspection) columns.daysSinceInspection[0] = days;
    if (columns.inspectionsLast12m) columns.inspectionsLast12m[0] = count;
    if (columns.lastResult) columns.lastResult[0] = resultOfState(pop.lastResult[i]);
    this.evaluator.decideColumns(columns, 1, () => pop.uscc[i], rule);
    return rule[0] >= 0 ? this.index.ofRule[rule[0]] : this.index.fallback;
  }

  /** Each slot's treatment looked up by its kind, grade and places (see history-places.ts), evaluated where first met. */
  private byPlaces(places: Places, kindOf: Int32Array, day: SlotsOnDay): void {
    const { pop, n, today, since, candidateOf, inTask } = day;
    const { days: dayCuts, count: countCuts, results, kinds } = places;
    const { row } = kinds;
    const dayPlaces = placesAmong(dayCuts);
    const countPlaces = placesAmong(countCuts);
    const resultPlaces = results ? RESULT_STATES : 1;
    const { joins } = this.index;
    const { grade, lastDays, lastResult, remembered: r } = pop;
    let table = kinds.table;
    for (let i = 0; i < n; i++) {
      const g = grade[i];
      const latest = lastDays[i * r];
      const days = latest > -1e9 ? today - latest : null;
      const count = countCuts ? inYear(lastDays, i * r, r, since, today) : 0;
      const at =
        kindOf[i] * row +
        ((g * dayPlaces + (dayCuts ? placeAmong(days, dayCuts) : 0)) * countPlaces +
          (countCuts ? placeAmong(count, countCuts) : 0)) *
          resultPlaces +
        (results ? lastResult[i] : 0);
      let ti = table[at];
      if (ti === -2) {
        ti = this.evaluate(pop, i, days, count);
        kinds.table[at] = ti;
        table = kinds.table;
      }
      candidateOf[i * 5 + g] = ti >= 0 ? joins[ti * 2 + inTask[i]] : -1;
    }
  }

  /** Every slot evaluated (rules that read the code, compare facts, or compare the history otherwise than with numbers). */
  private everySlot(day: SlotsOnDay): void {
    const { pop, n, today, since, candidateOf, inTask } = day;
    const { columns, rule } = this;
    const { ofRule, fallback, joins } = this.index;
    const { grade, lastDays, lastResult, remembered: r } = pop;
    const grades = columns.grade;
    const days = columns.daysSinceInspection;
    const lastYear = columns.inspectionsLast12m;
    const results = columns.lastResult;
    for (let i = 0; i < n; i++) {
      if (grades) grades[i] = GRADE_VALUES[grade[i]];
      // The latest first; -1e9 where the slot remembers none.
      const latest = lastDays[i * r];
      if (days) days[i] = latest > -1e9 ? today - latest : null;
      if (lastYear) lastYear[i] = inYear(lastDays, i * r, r, since, today);
      if (results) results[i] = resultOfState(lastResult[i]);
    }
    this.evaluator.decideColumns(columns, n, (i) => pop.uscc[i], rule);
    for (let i = 0; i < n; i++) {
      const ti = rule[i] >= 0 ? ofRule[rule[i]] : fallback;
      candidateOf[i * 5 + grade[i]] = ti >= 0 ? joins[ti * 2 + inTask[i]] : -1;
    }
  }
}

/**
 * The places of a policy on a population (see history-places.ts), null where its rules read the
 * code (each slot a kind of its own) or do not compare the history by place (see historyCuts).
 */
function placesOf(
  policy: Policy,
  evaluator: CompiledEvaluator,
  base: Population,
  statics: readonly string[],
  reads: readonly SlotFact[],
): Places | null {
  if (evaluator.facts.includes("uscc")) return null;
  const cuts = historyCuts(policy, COUNTED_FACTS);
  if (!cuts) return null;
  const read = (f: string) => (evaluator.facts.includes(f) ? cuts.get(f) : undefined);
  const days = read("daysSinceInspection");
  const count = read("inspectionsLast12m");
  const results = evaluator.facts.includes("lastResult");
  const kinds = new KindTable(
    statics.length,
    GRADE_VALUES.length * placesAmong(days) * placesAmong(count) * (results ? RESULT_STATES : 1),
  );
  const initial = new Int32Array(base.n);
  for (let i = 0; i < base.n; i++) initial[i] = kinds.kindOf(reads.map((r) => r(base, i)));
  const entrantsAsModels = !statics.some((f) => ENTRANTS_DIFFER_IN.includes(f));
  return { days, count, results, kinds, initial, entrantsAsModels };
}

/** The inspections of the `r` remembered from `at` after day `since` and on or before `today`. */
function inYear(lastDays: Int32Array, at: number, r: number, since: number, today: number): number {
  let count = 0;
  for (let k = at, end = at + r; k < end; k++) count += +(lastDays[k] > since && lastDays[k] <= today);
  return count;
}
