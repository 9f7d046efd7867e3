import { capWindow } from "../engine/caps.js";
import { CompiledEvaluator } from "../engine/compile.js";
import { type Period, parsePeriod, periodsFrom } from "../engine/period.js";
import { drawRatio, ineligibility, policyDepartments, sampleSize } from "../engine/plan.js";
import type { LoadedPolicy, Policy, Treatment } from "../engine/policy/types.js";
import { lowestRankedInto } from "../engine/select.js";
import { GRADE_KEYS } from "./grades.js";
import { Arena, type Typed, type TypedOf } from "./period-kernels.js";
import type { SimulatedFact } from "./policy-checks.js";
import {
  addEntrant,
  forkPopulation,
  GRADE_VALUES,
  modelOf,
  NO_TAGS,
  type Population,
  sharedArray,
} from "./population.js";
import type { Scenario } from "./scenario.js";
import { allocSlotStreams, fillSlotStreams, fillStream, independentSeed, type Purpose } from "./streams.js";

/** Metric names, in the order of the metric arrays. */
export const METRICS = [
  "inspections",
  "loadPerInspector",
  "loadVsCapacity",
  "coverage",
  "honestBurden",
  "violationsFound",
  "hitRate",
  "violationsUndetected",
  "gradeShare",
] as const;
/** A metric name. */
export type MetricName = (typeof METRICS)[number];
/** Grade keys of metrics: the grades, ungraded, and `all`. */
export const METRIC_GRADES = [...GRADE_KEYS, "all"] as const;
const G = METRIC_GRADES.length;
const M = METRICS.length;
const ALL = G - 1;

/** Index of a value in a replication's metric array. */
export function metricIndex(period: number, grade: number, metric: number): number {
  return (period * G + grade) * M + metric;
}

/** One replication of one variant: metrics per period × grade × metric, and the work done. */
export interface VariantRun {
  readonly metrics: Float64Array;
  readonly enterprisePeriods: number;
  /** When asked for: each inspection as [slot, period, grade code at the time, category key?]. */
  readonly log?: DrawnLog;
}

/** Each inspection of a run: its slot, period, grade code at the time and whether its category is key. */
type DrawnLog = { slot: number; period: number; grade: number; key: boolean }[];

/** The periods a scenario simulates: the policy cadence from `start` for `horizon` years. */
export function scenarioPeriods(s: Scenario, policy: Policy): Period[] {
  const first = parsePeriod(s.start) as Period;
  const perYear = { month: 12, quarter: 4, "half-year": 2, year: 1 }[policy.cadence];
  const start =
    first.cadence === policy.cadence
      ? first
      : (parsePeriod(policy.cadence === "year" ? first.start.slice(0, 4) : first.label) ?? first);
  return periodsFrom(start, s.horizon * perYear);
}

/** Ties of random ranks (equal doubles) go to the lower slot. */
const byIndex = (a: number, b: number) => a - b;

const dayNumber = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);

/** Random numbers of one period, one array per purpose, indexed by enterprise slot. */
export type Streams = Record<Purpose, Float64Array>;

/**
 * Allocates stream arrays for a population's capacity (the per-slot ones where their kernel fills
 * them fastest: in `arena` when given, where the period's kernels read them).
 */
export function allocStreams(capacity: number, arena?: Arena): Streams {
  return { ...allocSlotStreams(capacity, arena), entry: new Float64Array(capacity) };
}

/** Fills the streams of a period for `count` slots, and the entry stream for `entrants` arrivals. */
export function fillStreams(
  u: Streams,
  seed: string,
  replication: number,
  period: number,
  count: number,
  entrants: number,
): void {
  fillSlotStreams(seed, replication, period, u, count);
  fillStream(seed, replication, period, "entry", u.entry, Math.min(entrants, u.entry.length));
}

/**
 * One replication of several policy variants, run in lockstep period by period. With common
 * random numbers (the default) every variant reads the same streams, filled once per period;
 * without, each variant gets its own.
 */
export function runReplication(
  s: Scenario,
  policies: readonly Policy[],
  base: Population,
  replication: number,
  options: { crn: boolean; log?: boolean },
): VariantRun[] {
  const steps = replicationSteps(s, policies, base, replication, options);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** {@link runReplication} one period at a time: it yields after each, so a caller can let other work in between. */
export function* replicationSteps(
  s: Scenario,
  policies: readonly Policy[],
  base: Population,
  replication: number,
  options: { crn: boolean; log?: boolean },
): Generator<void, VariantRun[]> {
  const sims = policies.map((p, v) => new VariantSim(s, p, base, options.log === true, v));
  const shared = options.crn ? streamsOf(base, 0) : undefined;
  const own = options.crn ? [] : sims.map((_, v) => streamsOf(base, v));
  for (let t = 0; t < sims[0].periods.length; t++) {
    if (shared) fillStreams(shared, s.seed, replication, t, sims[0].population.n, sims[0].entrantsPerPeriod);
    sims.forEach((sim, v) => {
      const u = shared ?? own[v];
      if (!shared)
        fillStreams(u, independentSeed(s.seed, v), replication, t, sim.population.n, sim.entrantsPerPeriod);
      sim.step(t, u);
    });
    yield;
  }
  return sims.map((sim) => sim.result());
}

/** A simulation ready to run replications in a thread: its inputs, population and static tables. */
export interface Prepared {
  readonly scenario: Scenario;
  readonly policies: readonly LoadedPolicy[];
  readonly periods: readonly Period[];
  readonly base: Population;
  /** The static table of the population under each policy, in the order of `policies`. */
  readonly tables: readonly StaticTable[];
}

/** One replication's metric arrays (one per variant) and the work it took. */
export interface ReplicationDone {
  readonly rep: number;
  readonly metrics: Float64Array[];
  readonly enterprisePeriods: number;
  readonly seconds: number;
}

/** Runs one replication in this thread; with `yieldBetweenPeriods`, lets the event loop run between periods. */
export async function runHere(
  prepared: Prepared,
  options: { crn?: boolean },
  rep: number,
  yieldBetweenPeriods: boolean,
): Promise<ReplicationDone> {
  const started = performance.now();
  const policies = prepared.policies.map((lp) => lp.policy);
  adoptStaticTables(policies, prepared.base, prepared.tables);
  const steps = replicationSteps(prepared.scenario, policies, prepared.base, rep, {
    crn: options.crn !== false,
  });
  let step = steps.next();
  while (!step.done) {
    if (yieldBetweenPeriods) await new Promise((go) => setImmediate(go));
    step = steps.next();
  }
  return {
    rep,
    metrics: step.value.map((run) => run.metrics),
    enterprisePeriods: step.value.reduce((a, run) => a + run.enterprisePeriods, 0),
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * One policy variant's run: each period, grades → evaluation → eligibility and caps → selection →
 * inspections → findings → grade transitions → exits and entries. Evaluation, eligibility, sample
 * sizes and selection are the official draw's own functions; only the ranks come from seeded
 * streams instead of SHA-256 tickets. State is columnar: no per-enterprise objects.
 */
export class VariantSim {
  readonly population: Population;
  readonly periods: Period[];
  private readonly metrics: Float64Array;
  private readonly log?: DrawnLog;
  private enterprisePeriods = 0;
  private readonly policy: Policy;
  private readonly shared: StaticTable;
  private readonly treatments: Treatment[];
  /** Per slot and grade code (slot × 5 + grade): the treatment whose stratum the slot may join, see {@link StaticTable}. */
  private readonly candidateOf: Int8Array;
  /**
   * Members of each treatment's stratum this period, treatment ti's from ti × capacity, reused
   * every period; one more row past the last treatment takes the slots of no stratum.
   */
  private readonly members: Int32Array;
  /** Per grade code: the probability that an enterprise of that grade is violating in a period. */
  private readonly violationRate: Float64Array;
  /** 1 for the slots drawn this period. */
  private readonly inspected: Uint8Array;
  /** The members drawn from a stratum, reused by every stratum and period. */
  private readonly drawn: Int32Array;
  private readonly inTask: Uint8Array;
  private readonly visitDeps: Uint8Array;
  private staticUpTo = 0;
  private readonly exitPerPeriod: number;
  /** Entrants added at the end of each period. */
  readonly entrantsPerPeriod: number;
  /**
   * Cumulative transition rows, flat (from × 5 + to), without a finding from 0 and with one from
   * 25; absent when grades are frozen.
   */
  private readonly cum?: Float64Array;
  private readonly totalInspectors: number;
  /** The buffers of this run, reused from the previous run of its place (see {@link Workspace}). */
  private readonly ws: Workspace;

  constructor(
    private readonly s: Scenario,
    policy: Policy,
    base: Population,
    log: boolean,
    /** The variant's place in its replication: its buffers are reused from the previous one. */
    slot = 0,
  ) {
    const ws = workspace(base, slot, Object.keys(policy.treatments).length);
    this.ws = ws;
    this.population = forkPopulation(base, {}, ws.population);
    this.periods = scenarioPeriods(s, policy);
    this.metrics = new Float64Array(this.periods.length * G * M);
    this.log = log ? [] : undefined;
    this.policy = policy;
    const names = Object.keys(policy.treatments);
    this.treatments = names.map((n) => policy.treatments[n]);
    this.totalInspectors = Object.values(s.resources.inspectors).reduce((a, b) => a + b, 0);
    // The initial slots' static facts are shared; entrants' are filled in as they arrive.
    const shared = staticTable(policy, base);
    this.shared = shared;
    // Entrants' slots keep the previous run's values until entrants arrive and overwrite them.
    this.candidateOf = ws.candidateOf;
    this.candidateOf.set(shared.candidateOf);
    this.inTask = ws.inTask;
    this.inTask.set(shared.inTask);
    this.visitDeps = ws.visitDeps;
    this.visitDeps.set(shared.visitDeps);
    this.staticUpTo = base.n;
    this.members = ws.members;
    this.violationRate = ws.violationRate;
    this.violationRate.set(GRADE_KEYS.map((g) => s.behaviour.violation[g]));
    this.inspected = ws.inspected;
    this.drawn = ws.drawn;
    const perYear = this.periods.length / s.horizon;
    this.exitPerPeriod = 1 - (1 - (s.population.exitRate ?? 0)) ** (1 / perYear);
    this.entrantsPerPeriod = Math.round(((s.population.entryRate ?? 0) * base.n) / perYear);
    const tr = s.behaviour.transitions;
    if (tr !== "none") {
      const cum = (m: Record<string, Record<string, number>>) =>
        Float64Array.from(
          GRADE_KEYS.flatMap((from) => {
            let acc = 0;
            return GRADE_KEYS.map((to) => (acc += m[from][to]));
          }),
        );
      this.cum = ws.cum;
      this.cum.set(cum(tr.normal), 0);
      this.cum.set(cum(tr.found), 25);
    }
  }

  /** Advances one period with that period's random numbers. */
  step(t: number, u: Streams): void {
    const { population: pop, metrics } = this;
    const n = pop.n;
    this.fillEntrants();
    const period = this.periods[t];
    const T = this.treatments.length;
    const { caps, counts, gradeCount } = this.ws;
    capsInto(this.treatments, period.start, caps);
    counts.fill(0);
    gradeCount.fill(0);
    const { members, inspected, drawn } = this;
    const stride = pop.capacity;
    inspected.fill(0, 0, n);
    // The arena's kernel where the workspace is in one, the same pass in JavaScript where not.
    const pass = this.ws.arena ?? { eligibleMembers };
    const alive = pass.eligibleMembers(n, pop, this.candidateOf, caps, gradeCount, members, stride, counts);
    for (let g = 0; g < G - 1; g++) metrics[metricIndex(t, g, 8)] = gradeCount[g];
    metrics[metricIndex(t, ALL, 8)] = alive;
    this.enterprisePeriods += alive;
    const { treatments, log } = this;
    for (let ti = 0; ti < T; ti++) {
      const tr = treatments[ti];
      const size = sampleSize(drawRatio(tr), tr.rounding, counts[ti]);
      const from = ti * stride;
      const count = lowestRankedInto(members.subarray(from, from + counts[ti]), size, u.rank, byIndex, drawn);
      // The drawn are only marked here, in the order of their ranks: what an inspection does is
      // done by the pass after, in slot order, which reads memory in order.
      markDrawn(inspected, drawn, count);
      if (log) logDrawn(log, pop, t, drawn, count);
    }
    this.endOfPeriod(t, u, alive, dayNumber(period.start));
    addEntrants(pop, u.entry, this.entrantsPerPeriod);
  }

  /**
   * The static facts of the entrants since the last period: their models' rows, or evaluated.
   * Loops of a period are functions of their own, here and below, rather than inside `step`: V8
   * then optimises each once, where `step` was optimised in the middle of its first period's
   * loop and again, at a higher cost, when entrants arrived (in each thread, competing with the
   * other thread's work).
   */
  private fillEntrants(): void {
    const pop = this.population;
    const n = pop.n;
    if (this.staticUpTo >= n) return;
    const shared = this.shared;
    const rows = shared.entrantCandidateOf;
    if (rows) {
      const { candidateOf, inTask, visitDeps } = this;
      for (let i = this.staticUpTo; i < n; i++) {
        const j = pop.like[i];
        for (let g = 0; g < 5; g++) candidateOf[i * 5 + g] = rows[j * 5 + g];
        inTask[i] = shared.inTask[j];
        visitDeps[i] = shared.visitDeps[j];
      }
    } else fillStatic(this.policy, pop, this.staticUpTo, n, this.candidateOf, this.inTask, this.visitDeps);
    this.staticUpTo = n;
  }

  /** Inspections, findings, grade transitions and exits of period t (see {@link inspectionsToExits}), and their metrics. */
  private endOfPeriod(t: number, u: Streams, alive: number, today: number): void {
    const { population: pop, s } = this;
    const c = this.ws.out;
    c.inspections.fill(0);
    c.found.fill(0);
    c.undetected.fill(0);
    c.byGrade.fill(0);
    c.covered.fill(0);
    c.slots = 0;
    const { arena } = this.ws;
    const b = {
      today,
      teamSize: s.resources.teamSize,
      detection: s.behaviour.detection,
      violationRate: this.violationRate,
      cum: this.cum,
      exitRate: this.exitPerPeriod,
    };
    const pass = arena?.holds(u.violation, u.detect, u.transition, u.exit) ? arena : { inspectionsToExits };
    pass.inspectionsToExits(pop.n, pop, this.inspected, this.visitDeps, u, b, c);
    addTotals(c);
    periodMetrics(this.metrics, t, c, alive, this.totalInspectors, s.resources.perInspector);
  }

  /** The metrics and work of the run so far. */
  result(): VariantRun {
    return { metrics: this.metrics, enterprisePeriods: this.enterprisePeriods, log: this.log };
  }
}

/**
 * The period's caps per treatment, and for the row of no stratum after them: the count reached
 * that means over, and the window in day numbers. Without a cap the count is 5, more than the four
 * inspections a slot remembers; the row of no stratum is always over (count 0).
 */
function capsInto(
  treatments: readonly Treatment[],
  start: string,
  caps: { count: Int32Array; from: Int32Array; to: Int32Array },
): void {
  const { count: capCount, from: winFrom, to: winTo } = caps;
  capCount.fill(0);
  winFrom.fill(0);
  winTo.fill(0);
  for (let ti = 0; ti < treatments.length; ti++) {
    const cap = treatments[ti].cap;
    if (!cap) {
      capCount[ti] = 5;
      continue;
    }
    const w = capWindow(cap.window, start);
    capCount[ti] = cap.count;
    winFrom[ti] = dayNumber(w.from);
    winTo[ti] = dayNumber(w.to);
  }
}

/**
 * Period t's metrics from its counts: inspections, findings, undetected violators, coverage and
 * hit rate per grade and in all, the grade mix (counts of the alive until now) as shares, and the
 * inspectors' load.
 */
function periodMetrics(
  metrics: Float64Array,
  t: number,
  c: PeriodCounts,
  alive: number,
  totalInspectors: number,
  perInspector: number,
): void {
  for (let gi = 0; gi < G; gi++) {
    const ins = c.inspections[gi];
    metrics[metricIndex(t, gi, 0)] = ins;
    metrics[metricIndex(t, gi, 5)] = c.found[gi];
    metrics[metricIndex(t, gi, 7)] = c.undetected[gi];
    metrics[metricIndex(t, gi, 3)] = c.byGrade[gi] ? c.covered[gi] / c.byGrade[gi] : 0;
    metrics[metricIndex(t, gi, 6)] = ins ? c.found[gi] / ins : 0;
    metrics[metricIndex(t, gi, 8)] = alive ? metrics[metricIndex(t, gi, 8)] / alive : 0;
  }
  metrics[metricIndex(t, ALL, 4)] = c.inspections[0] + c.inspections[1];
  metrics[metricIndex(t, ALL, 1)] = totalInspectors ? c.slots / totalInspectors : 0;
  metrics[metricIndex(t, ALL, 2)] = totalInspectors ? c.slots / totalInspectors / perInspector : 0;
}

/** Marks the first `count` of `drawn` as inspected. */
function markDrawn(inspected: Uint8Array, drawn: Int32Array, count: number): void {
  for (let k = 0; k < count; k++) inspected[drawn[k]] = 1;
}

/** Logs the first `count` of `drawn`, drawn in period t. */
function logDrawn(log: DrawnLog, pop: Population, t: number, drawn: Int32Array, count: number): void {
  for (let k = 0; k < count; k++) {
    const i = drawn[k];
    log.push({ slot: i, period: t, grade: pop.grade[i], key: pop.category[modelOf(pop, i)] === "key" });
  }
}

/** Adds `count` entrants, from the period's entry numbers, while the population has room. */
function addEntrants(pop: Population, entry: Float64Array, count: number): void {
  for (let k = 0; k < count && pop.n < pop.capacity; k++) addEntrant(pop, entry[k]);
}

/** One compiled evaluator per policy, shared by every run of it in this thread. */
const evaluators = new WeakMap<Policy, CompiledEvaluator>();
function evaluatorOf(policy: Policy): CompiledEvaluator {
  return kept(evaluators, policy, () => {
    const e = new CompiledEvaluator(policy);
    if (e.facts.some((f) => f === "daysSinceInspection" || f === "inspectionsLast12m" || f === "lastResult"))
      throw new Error(
        "the simulator does not model history facts (daysSinceInspection, inspectionsLast12m, lastResult) yet",
      );
    return e;
  });
}

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
}

/** The value of `key` in `map`, made and kept on first use. */
function kept<K, V>(
  map: { get(key: K): V | undefined; set(key: K, value: V): unknown },
  key: K,
  make: () => V,
): V {
  let v = map.get(key);
  if (v === undefined) {
    v = make();
    map.set(key, v);
  }
  return v;
}

const tables = new WeakMap<Population, WeakMap<Policy, StaticTable>>();

/**
 * The static table of every initial enterprise, computed once per policy and population and
 * shared by every replication. The facts the simulator gives the rules are the enterprise's
 * static ones and its grade, so a (slot, grade) pair always gets the same treatment: looking it
 * up each period is evaluating it, without doing the work again.
 */
function staticTable(policy: Policy, base: Population): StaticTable {
  return kept(
    kept(tables, base, () => new WeakMap()),
    policy,
    (): StaticTable => {
      const n = base.n;
      const candidateOf = sharedArray(Int8Array, n * GRADE_VALUES.length);
      const inTask = sharedArray(Uint8Array, n);
      const visitDeps = sharedArray(Uint8Array, n);
      fillStatic(policy, base, 0, n, candidateOf, inTask, visitDeps);
      const facts = evaluatorOf(policy).facts;
      // Entrants are evaluated as they arrive when the rules read the code. Where they read none
      // of the facts in which an entrant differs from its model, its row is its model's.
      const entrantCandidateOf = facts.includes("uscc")
        ? undefined
        : facts.some((f) => ENTRANTS_DIFFER_IN.includes(f))
          ? entrantTable(policy, base, inTask)
          : candidateOf;
      return { candidateOf, inTask, visitDeps, entrantCandidateOf };
    },
  );
}

/** Each initial enterprise's row as an entrant modelled on it would have it (see {@link likeEntrants}). */
function entrantTable(policy: Policy, base: Population, inTask: Uint8Array): Int8Array {
  const table = sharedArray(Int8Array, base.n * GRADE_VALUES.length);
  treatmentsInto(policy, evaluatorOf(policy), likeEntrants(base), 0, base.n, table);
  // An entrant has its model's departments, so its model's task membership.
  shutOut(policy, table, inTask, 0, base.n);
  return table;
}

/** The static tables of a population under each policy, computed once per thread (see {@link staticTable}). */
export function staticTables(policies: readonly Policy[], base: Population): StaticTable[] {
  return policies.map((p) => staticTable(p, base));
}

/**
 * Takes static tables computed elsewhere (another thread's, for its copies of the same population
 * and policies) as this thread's, so that they are not computed again.
 */
function adoptStaticTables(
  policies: readonly Policy[],
  base: Population,
  list: readonly StaticTable[],
): void {
  const byPolicy = kept(tables, base, () => new WeakMap());
  policies.forEach((p, i) => {
    if (!byPolicy.has(p)) byPolicy.set(p, list[i]);
  });
}

/** The facts in which an entrant differs from the enterprise it is modelled on (see {@link likeEntrants}). */
const ENTRANTS_DIFFER_IN = ["tags", "abnormal"];

const entrantModels = new WeakMap<Population, Population>();

/** The initial enterprises as entrants modelled on them would be: no tags, not abnormal. */
function likeEntrants(base: Population): Population {
  return kept(entrantModels, base, () =>
    forkPopulation(base, { tags: new Array(base.n).fill(NO_TAGS), abnormal: new Array(base.n).fill(false) }),
  );
}

/** Fills the static table of slots [from, to). */
function fillStatic(
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
  const open = Object.values(policy.treatments).map((tr) =>
    [false, true].map((inTask) => ineligibility(tr, inTask, false, () => false) === undefined),
  );
  for (let i = from; i < to; i++)
    for (let g = 0, at = i * 5; g < 5; g++, at++) {
      const ti = candidateOf[at];
      if (ti >= 0 && !open[ti][inTask[i]]) candidateOf[at] = -1;
    }
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
    const lists: (readonly string[])[] = [];
    for (let i = 0; i < column.length; i++) {
      const key = column[i].join("\u0000");
      let id = ids.get(key);
      if (id === undefined) {
        id = lists.push(column[i]) - 1;
        ids.set(key, id);
      }
      idOf[i] = id;
    }
    return { idOf, lists };
  });
}

/** Slots' kinds (see {@link treatmentsInto}): each slot's kind, and the first slot of each. */
interface Kinds {
  readonly kindOf: Int32Array;
  readonly first: number[];
}

const kindsKept = new WeakMap<Population, Map<string, Kinds>>();

/**
 * The kinds of `count` slots from `from`: the ids of the values a slot has of the facts `read`,
 * lists by their items; with `everyOne`, each slot is its own kind.
 */
function kindsOf(read: ((i: number) => unknown)[], from: number, count: number, everyOne: boolean): Kinds {
  const kindOf = new Int32Array(count);
  const first: number[] = [];
  const kinds = new Map<string, number>();
  const ids = read.map(() => new Map<unknown, number>());
  for (let j = 0; j < count; j++) {
    if (everyOne) {
      kindOf[j] = first.push(from + j) - 1;
      continue;
    }
    let key = "";
    for (let k = 0; k < read.length; k++) {
      const x = read[k](from + j);
      const v = Array.isArray(x) ? `\u0000${x.join("\u0000")}` : x;
      let id = ids[k].get(v);
      if (id === undefined) {
        id = ids[k].size;
        ids[k].set(v, id);
      }
      key += `${id},`;
    }
    let kind = kinds.get(key);
    if (kind === undefined) {
      kind = first.push(from + j) - 1;
      kinds.set(key, kind);
    }
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
function treatmentsInto(
  policy: Policy,
  evaluator: CompiledEvaluator,
  pop: Population,
  from: number,
  to: number,
  out: Int8Array,
): void {
  const names = Object.keys(policy.treatments);
  const ofRule = policy.rules.map((r) => names.indexOf(r.event.params.name));
  const fallback = names.indexOf(policy.default);
  const count = to - from;
  const model = (i: number) => modelOf(pop, i);
  // Every simulated fact but the grade, which is given per grade code below.
  const all: Record<Exclude<SimulatedFact, "grade">, (i: number) => unknown> = {
    uscc: (i) => pop.uscc[i],
    category: (i) => pop.category[model(i)],
    industry: (i) => pop.industry[model(i)],
    region: (i) => pop.region[model(i)],
    departments: (i) => pop.departments[model(i)],
    tags: (i) => pop.tags[i],
    abnormal: (i) => pop.abnormal[i],
  };
  const facts = evaluator.facts.filter((f): f is keyof typeof all => f !== "grade" && f in all);
  // Every slot is its own kind when the rules read the code, or compare one fact with another (two
  // lists are then compared as objects, which items do not decide).
  const everyOne = evaluator.facts.includes("uscc") || policy.rules.some((r) => comparesFacts(r.conditions));
  // The kinds of a whole population are kept for the next policy that reads the same facts.
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
        `${everyOne}|${facts.join(",")}`,
        make,
      )
    : make();
  const gradeCol: (string | null)[] = new Array(first.length);
  const columns: Record<string, unknown[]> = { grade: gradeCol };
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
function comparesFacts(c: unknown): boolean {
  if (c === null || typeof c !== "object") return false;
  const o = c as Record<string, unknown>;
  const v = o.value;
  if (typeof o.fact === "string" && v !== null && typeof v === "object" && "fact" in v) return true;
  return Object.values(o).some(comparesFacts);
}

/**
 * The period's first pass over every slot: the grade mix, and each treatment's eligible members:
 * a candidate (see {@link StaticTable}) not over its treatment's cap, counted as the draw's
 * `overCap` does: the inspections inside the window, the cap's count reached means over. Members
 * are appended to their treatment's row of `members` (`stride` apart) in slot order. Returns the
 * number alive.
 *
 * The loop has no branch that depends on the slot: a slot of no stratum goes to the last row,
 * which is always over its cap, and every slot is written where its row's next member would go,
 * the row's count moving on only when it joins. Whether a slot is alive, a candidate or under its
 * cap is close to a coin toss, which a branch predictor cannot learn.
 */
export function eligibleMembers(
  n: number,
  pop: Population,
  candidateOf: Int8Array,
  caps: { count: Int32Array; from: Int32Array; to: Int32Array },
  gradeCount: Float64Array,
  members: Int32Array,
  stride: number,
  counts: Int32Array,
): number {
  const { alive: isAlive, grade, lastDays } = pop;
  const { count: capCount, from: winFrom, to: winTo } = caps;
  const none = counts.length - 1;
  let alive = 0;
  for (let i = 0; i < n; i++) {
    const a = isAlive[i];
    const g = grade[i];
    alive += a;
    gradeCount[g] += a;
    const c = candidateOf[i * 5 + g];
    // -1 (never a candidate) becomes the row of no stratum.
    const ti = c + ((c >> 31) & (none + 1));
    const from = winFrom[ti];
    const to = winTo[ti];
    // Inspections of the last four inside the window.
    const k = i * 4;
    const d0 = lastDays[k];
    const d1 = lastDays[k + 1];
    const d2 = lastDays[k + 2];
    const d3 = lastDays[k + 3];
    const inWindow =
      (+(d0 >= from) & +(d0 <= to)) +
      (+(d1 >= from) & +(d1 <= to)) +
      (+(d2 >= from) & +(d2 <= to)) +
      (+(d3 >= from) & +(d3 <= to));
    const at = counts[ti];
    members[ti * stride + at] = i;
    counts[ti] = at + (a & +(inWindow < capCount[ti]));
  }
  return alive;
}

/**
 * The period's second pass over every slot, after the draw has marked the inspected: what each
 * inspection does (its team's slots, a finding when the enterprise is violating and the
 * inspection detects it, the slot's inspection history), then grade transitions and exits, with
 * the counts the metrics need (by the grade at the inspection, and coverage by the grade after).
 */
export function inspectionsToExits(
  n: number,
  pop: Population,
  inspected: Uint8Array,
  visitDeps: Uint8Array,
  u: Streams,
  b: {
    today: number;
    teamSize: number;
    detection: number;
    violationRate: Float64Array;
    /** Both transition matrices' cumulative rows, see {@link VariantSim}; absent when grades are frozen. */
    cum: Float64Array | undefined;
    exitRate: number;
  },
  out: PeriodCounts,
): void {
  const { alive: isAlive, grade, everInspected, lastDays } = pop;
  const { violation: uViolation, detect: uDetect, transition: uTransition, exit: uExit } = u;
  const { today, teamSize, detection, violationRate, cum, exitRate } = b;
  const { inspections, found, undetected, byGrade, covered } = out;
  let slots = 0;
  // Whether a slot is alive, and whether it stays, are not branched on (see eligibleMembers): a
  // slot that is not alive counts nothing and keeps its grade. Inspections, findings and
  // violations are rare enough to branch on.
  for (let i = 0; i < n; i++) {
    const a = isAlive[i];
    let g = grade[i];
    const violating = a & +(uViolation[i] < violationRate[g]);
    // Only slots alive at the start of the period were drawn.
    let f = 0;
    if (inspected[i]) {
      inspections[g]++;
      const deps = visitDeps[i];
      slots += Math.max(deps, teamSize);
      f = violating & +(uDetect[i] < detection);
      const ring = i * 4;
      lastDays[ring + 3] = lastDays[ring + 2];
      lastDays[ring + 2] = lastDays[ring + 1];
      lastDays[ring + 1] = lastDays[ring];
      lastDays[ring] = today;
      everInspected[i] = 1;
    }
    if (f) found[g]++;
    else if (violating) undetected[g]++;
    if (cum) {
      const x = uTransition[i];
      // The first grade whose cumulative probability exceeds x: rows are cumulative sums, so
      // that is the count of the first four at or below x.
      const at = f * 25 + g * 5;
      const next = +(x >= cum[at]) + +(x >= cum[at + 1]) + +(x >= cum[at + 2]) + +(x >= cum[at + 3]);
      grade[i] = g += (next - g) * a;
    }
    const stays = a & +(uExit[i] >= exitRate);
    isAlive[i] = stays;
    byGrade[g] += stays;
    covered[g] += stays & everInspected[i];
  }
  out.slots = slots;
}

/** The counts over every grade, from each grade's (see {@link inspectionsToExits}). */
function addTotals(out: PeriodCounts): void {
  const { inspections, found, undetected, byGrade, covered } = out;
  for (let g = 0; g < G - 1; g++) {
    inspections[ALL] += inspections[g];
    byGrade[ALL] += byGrade[g];
    covered[ALL] += covered[g];
    found[ALL] += found[g];
    undetected[ALL] += undetected[g];
  }
}

/**
 * The buffers of one variant of a replication, kept for the next replication of the same
 * population in this thread: a replication then allocates nothing large, which spares the page
 * faults of fresh memory and, with several threads, the cost of returning it.
 */
interface Workspace {
  readonly population: Population;
  readonly candidateOf: Int8Array;
  readonly inTask: Uint8Array;
  readonly visitDeps: Uint8Array;
  readonly members: Int32Array;
  readonly inspected: Uint8Array;
  readonly drawn: Int32Array;
  /** Per treatment and the row of no stratum after them: each period's caps (see {@link eligibleMembers}). */
  readonly caps: { count: Int32Array; from: Int32Array; to: Int32Array };
  /** Per treatment and the row of no stratum: the period's eligible members. */
  readonly counts: Int32Array;
  /** Per metric grade: the period's enterprises alive. */
  readonly gradeCount: Float64Array;
  readonly violationRate: Float64Array;
  readonly cum: Float64Array;
  /** The period's counts by grade (see {@link inspectionsToExits}). */
  readonly out: PeriodCounts;
  /**
   * The arena that holds every array above (and the population's columns that the period's
   * passes read), whose kernels then make those passes; absent where WebAssembly is missing or
   * the arena is full, and the passes are made in JavaScript.
   */
  readonly arena?: Arena;
}

/** The counts of a period by metric grade, and the team slots its inspections took. */
export interface PeriodCounts {
  readonly inspections: Float64Array;
  readonly found: Float64Array;
  readonly undetected: Float64Array;
  readonly byGrade: Float64Array;
  readonly covered: Float64Array;
  slots: number;
}

const workspaces = new WeakMap<Population, Workspace[]>();

function workspace(base: Population, slot: number, treatments: number): Workspace {
  const list = kept(workspaces, base, () => []);
  const ws = list[slot];
  if (!ws || ws.counts.length !== treatments + 1) list[slot] = makeWorkspace(base, treatments, arenaOf(base));
  return list[slot];
}

/** A workspace for a population and a policy of `treatments` treatments, in `arena` where it fits. */
function makeWorkspace(base: Population, treatments: number, arena: Arena | undefined): Workspace {
  const cap = base.capacity;
  const rows = treatments + 1;
  const make = <T extends Typed>(Type: TypedOf<T>, length: number): T =>
    arena?.alloc(Type, length) ?? new Type(length);
  const into: Population = {
    ...base,
    grade: make(Uint8Array, cap),
    alive: make(Uint8Array, cap),
    everInspected: make(Uint8Array, cap),
    lastDays: make(Int32Array, cap * 4),
    like: new Int32Array(cap),
  };
  const ws = {
    population: forkPopulation(base, {}, into),
    candidateOf: make(Int8Array, cap * GRADE_VALUES.length),
    inTask: make(Uint8Array, cap),
    visitDeps: make(Uint8Array, cap),
    members: make(Int32Array, rows * cap),
    inspected: make(Uint8Array, cap),
    drawn: new Int32Array(cap),
    caps: { count: make(Int32Array, rows), from: make(Int32Array, rows), to: make(Int32Array, rows) },
    counts: make(Int32Array, rows),
    gradeCount: make(Float64Array, G),
    violationRate: make(Float64Array, GRADE_KEYS.length),
    cum: make(Float64Array, 50),
    out: {
      inspections: make(Float64Array, G),
      found: make(Float64Array, G),
      undetected: make(Float64Array, G),
      byGrade: make(Float64Array, G),
      covered: make(Float64Array, G),
      slots: 0,
    },
  };
  const read = [
    ...[into.grade, into.alive, into.everInspected, into.lastDays],
    ...[ws.candidateOf, ws.visitDeps, ws.members, ws.inspected],
    ...[ws.caps.count, ws.caps.from, ws.caps.to, ws.counts, ws.gradeCount, ws.violationRate, ws.cum],
    ...[ws.out.inspections, ws.out.found, ws.out.undetected, ws.out.byGrade, ws.out.covered],
  ];
  return arena?.holds(...read) ? { ...ws, arena } : ws;
}

/** This thread's arena for a population's buffers (undefined where WebAssembly is missing). */
const arenas = new WeakMap<Population, Arena | null>();
function arenaOf(base: Population): Arena | undefined {
  return kept(arenas, base, () => Arena.make() ?? null) ?? undefined;
}

const streams = new WeakMap<Population, Streams[]>();

/** Stream arrays for a population, reused by every replication in this thread (each period overwrites what it reads). */
function streamsOf(base: Population, slot: number): Streams {
  const list = kept(streams, base, () => []);
  list[slot] ??= allocStreams(base.capacity, arenaOf(base));
  return list[slot];
}
