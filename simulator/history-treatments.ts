/**
 * Treatments that depend on an enterprise's inspection history: a policy whose rules read
 * `daysSinceInspection` or `inspectionsLast12m` (every D enterprise not inspected for a year drawn,
 * say) gives a slot another treatment as its inspections age, so its slots are evaluated again
 * each period, with the facts a draw on the period's first day would read: the days since the
 * latest inspection the slot remembers (null where none), and the inspections after the day twelve
 * months before (as engine/facts.ts counts them).
 */
import type { CompiledEvaluator } from "../engine/compile.js";
import { ineligibility } from "../engine/plan.js";
import type { Policy } from "../engine/policy/types.js";
import { GRADE_VALUES, modelOf, type Population } from "./population.js";
import { evaluatorOf } from "./static-tables.js";

/** The facts of the inspection history the simulator gives the rules (lastResult it does not: its inspections find a problem or none, with no result code). */
export const SIMULATED_HISTORY_FACTS = ["daysSinceInspection", "inspectionsLast12m"] as const;

/** Whether a policy's rules, compiled, read a fact of the inspection history. */
export function readsHistory(evaluator: CompiledEvaluator): boolean {
  return evaluator.facts.some((f) => (SIMULATED_HISTORY_FACTS as readonly string[]).includes(f));
}

/** Periods a year, by cadence. */
const PER_YEAR = { month: 12, quarter: 4, "half-year": 2, year: 1 } as const;

/**
 * How many inspections a slot must remember for the rules' `inspectionsLast12m` to count every one
 * of a year (see inspectionsRemembered, which takes it as its least): a year's periods, each
 * inspecting a slot at most once, with the `past` inspections the most inspected enterprise of the
 * district's history brings; 0 where no rule reads it (`daysSinceInspection` needs the latest alone).
 */
export function historyRemembered(policies: readonly Policy[], periods: number, past = 0): number {
  let most = 0;
  for (const p of policies)
    if (evaluatorOf(p).facts.includes("inspectionsLast12m"))
      most = Math.max(most, Math.min(periods, PER_YEAR[p.cadence]) + past);
  return most;
}

/** A slot's static fact, by name, as the static table reads it (see slot-treatments.ts). */
const STATIC_FACTS: Record<string, (pop: Population, i: number) => unknown> = {
  uscc: (pop, i) => pop.uscc[i],
  category: (pop, i) => pop.category[modelOf(pop, i)],
  industry: (pop, i) => pop.industry[modelOf(pop, i)],
  region: (pop, i) => pop.region[modelOf(pop, i)],
  departments: (pop, i) => pop.departments[modelOf(pop, i)],
  tags: (pop, i) => pop.tags[i],
  abnormal: (pop, i) => pop.abnormal[i],
};

/**
 * One run's evaluation of a policy whose rules read the inspection history: each period, every
 * slot's treatment under its grade then, written where the period's first pass reads it
 * (candidateOf at slot × 5 + grade), shut out of a stratum it can never join as the static table
 * does. A slot's static facts are read once, as it arrives.
 */
export class HistoryTreatments {
  private readonly columns: Record<string, unknown[]>;
  /** The facts of the static ones the rules read. */
  private readonly statics: string[];
  private filledUpTo = 0;
  private readonly rule: Int32Array;
  /** Per rule, its treatment's index; and the default's (-1 for reject, which a draw refuses). */
  private readonly ofRule: Int32Array;
  private readonly fallback: number;
  /** Per treatment and task membership (0, 1): whether a slot of it may join its stratum once under its cap. */
  private readonly open: boolean[][];

  constructor(
    policy: Policy,
    private readonly evaluator: CompiledEvaluator,
    capacity: number,
  ) {
    const names = Object.keys(policy.treatments);
    this.ofRule = Int32Array.from(policy.rules, (r) => names.indexOf(r.event.params.name));
    this.fallback = names.indexOf(policy.default);
    this.open = Object.values(policy.treatments).map((tr) =>
      [false, true].map((inTask) => ineligibility(tr, inTask, false, () => false) === undefined),
    );
    this.statics = evaluator.facts.filter((f) => f in STATIC_FACTS);
    this.columns = Object.fromEntries(evaluator.facts.map((f) => [f, new Array(capacity)]));
    this.rule = new Int32Array(capacity);
  }

  /**
   * Writes the treatment of slots [0, n) under their grade on day `today` (a day number), counting
   * the inspections after day `since` (twelve months before) as the last twelve months'.
   */
  into(
    pop: Population,
    n: number,
    today: number,
    since: number,
    candidateOf: Int8Array,
    inTask: Uint8Array,
  ): void {
    const { columns, rule, ofRule, fallback, open } = this;
    for (const f of this.statics) {
      const column = columns[f];
      const read = STATIC_FACTS[f];
      for (let i = this.filledUpTo; i < n; i++) column[i] = read(pop, i);
    }
    this.filledUpTo = n;
    const { grade, lastDays, remembered: r } = pop;
    const grades = columns.grade;
    const days = columns.daysSinceInspection;
    const lastYear = columns.inspectionsLast12m;
    for (let i = 0; i < n; i++) {
      if (grades) grades[i] = GRADE_VALUES[grade[i]];
      // The latest first; -1e9 where the slot remembers none.
      const latest = lastDays[i * r];
      if (days) days[i] = latest > -1e9 ? today - latest : null;
      if (lastYear) {
        let count = 0;
        for (let k = i * r, end = k + r; k < end; k++)
          count += +(lastDays[k] > since && lastDays[k] <= today);
        lastYear[i] = count;
      }
    }
    this.evaluator.decideColumns(columns, n, (i) => pop.uscc[i], rule);
    for (let i = 0; i < n; i++) {
      const ti = rule[i] >= 0 ? ofRule[rule[i]] : fallback;
      candidateOf[i * 5 + grade[i]] = ti >= 0 && open[ti][inTask[i]] ? ti : -1;
    }
  }
}
