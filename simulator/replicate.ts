import { capWindow } from "../engine/caps.js";
import { CompiledEvaluator } from "../engine/compile.js";
import type { Enterprise } from "../engine/data/records.js";
import { type Period, parsePeriod, periodsFrom } from "../engine/period.js";
import { drawRatio, ineligibility, policyDepartments, sampleSize } from "../engine/plan.js";
import type { Policy, Treatment } from "../engine/policy/types.js";
import { lowestRanked } from "../engine/select.js";
import { addEntrant, forkPopulation, GRADE_VALUES, type Population } from "./population.js";
import { GRADE_KEYS, type Scenario } from "./scenario.js";
import { fillStream, independentSeed, type Purpose } from "./streams.js";

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
  readonly log?: { slot: number; period: number; grade: number; key: boolean }[];
}

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

const dayNumber = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);

/** Random numbers of one period, one array per purpose, indexed by enterprise slot. */
export type Streams = Record<Purpose, Float64Array>;

/** Allocates stream arrays for a population's capacity. */
export function allocStreams(capacity: number): Streams {
  return Object.fromEntries(
    (["rank", "violation", "detect", "transition", "exit", "entry"] as Purpose[]).map((k) => [
      k,
      new Float64Array(capacity),
    ]),
  ) as Streams;
}

/** Fills the streams of a period for `count` slots. */
export function fillStreams(
  u: Streams,
  seed: string,
  replication: number,
  period: number,
  count: number,
): void {
  for (const k of Object.keys(u) as Purpose[]) fillStream(seed, replication, period, k, u[k], count);
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
  template: readonly Enterprise[],
  replication: number,
  options: { crn: boolean; log?: boolean },
): VariantRun[] {
  const sims = policies.map((p) => new VariantSim(s, p, base, template, options.log === true));
  const shared = options.crn ? allocStreams(base.capacity) : undefined;
  const own = options.crn ? [] : sims.map(() => allocStreams(base.capacity));
  for (let t = 0; t < sims[0].periods.length; t++) {
    if (shared) fillStreams(shared, s.seed, replication, t, sims[0].population.n);
    sims.forEach((sim, v) => {
      const u = shared ?? own[v];
      if (!shared) fillStreams(u, independentSeed(s.seed, v), replication, t, sim.population.n);
      sim.step(t, u, `${s.seed}|${replication}`);
    });
  }
  return sims.map((sim) => sim.result());
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
  private readonly log?: { slot: number; period: number; grade: number; key: boolean }[];
  private enterprisePeriods = 0;
  private readonly evaluator: CompiledEvaluator;
  private readonly treatments: Treatment[];
  private readonly ruleTreatment: number[];
  private readonly defaultTreatment: number;
  private readonly depsInPolicy: Set<string>;
  private readonly columns: Record<string, ArrayLike<unknown>>;
  private readonly gradeCol: (string | null)[];
  private readonly ruleIdx: Int32Array;
  private readonly violating: Uint8Array;
  private readonly found: Uint8Array;
  private readonly inTask: Uint8Array;
  private readonly visitDeps: Uint8Array;
  private staticUpTo = 0;
  private readonly exitPerPeriod: number;
  private readonly entrantsPerPeriod: number;
  private readonly normalCum?: number[][];
  private readonly foundCum?: number[][];
  private readonly totalInspectors: number;

  constructor(
    private readonly s: Scenario,
    policy: Policy,
    base: Population,
    private readonly template: readonly Enterprise[],
    log: boolean,
  ) {
    this.population = forkPopulation(base);
    this.periods = scenarioPeriods(s, policy);
    this.metrics = new Float64Array(this.periods.length * G * M);
    this.log = log ? [] : undefined;
    this.evaluator = new CompiledEvaluator(policy);
    if (
      this.evaluator.facts.some(
        (f) => f === "daysSinceInspection" || f === "inspectionsLast12m" || f === "lastResult",
      )
    ) {
      throw new Error(
        "the simulator does not model history facts (daysSinceInspection, inspectionsLast12m, lastResult) yet",
      );
    }
    const names = Object.keys(policy.treatments);
    this.treatments = names.map((n) => policy.treatments[n]);
    this.ruleTreatment = policy.rules.map((r) => names.indexOf(r.event.params.name));
    this.defaultTreatment = names.indexOf(policy.default);
    this.depsInPolicy = new Set(policyDepartments(policy));
    this.totalInspectors = Object.values(s.resources.inspectors).reduce((a, b) => a + b, 0);
    const cap = this.population.capacity;
    this.gradeCol = new Array(cap);
    this.ruleIdx = new Int32Array(cap);
    this.violating = new Uint8Array(cap);
    this.found = new Uint8Array(cap);
    this.inTask = new Uint8Array(cap);
    this.visitDeps = new Uint8Array(cap);
    const p = this.population;
    this.columns = {
      uscc: p.uscc,
      category: p.category,
      industry: p.industry,
      region: p.region,
      departments: p.departments,
      tags: p.tags,
      abnormal: p.abnormal,
      grade: this.gradeCol,
    };
    const perYear = this.periods.length / s.horizon;
    this.exitPerPeriod = 1 - (1 - (s.population.exitRate ?? 0)) ** (1 / perYear);
    this.entrantsPerPeriod = Math.round(((s.population.entryRate ?? 0) * base.n) / perYear);
    const tr = s.behaviour.transitions;
    if (tr !== "none") {
      const cum = (m: Record<string, Record<string, number>>) =>
        GRADE_KEYS.map((from) => {
          let acc = 0;
          return GRADE_KEYS.map((to) => (acc += m[from][to]));
        });
      this.normalCum = cum(tr.normal);
      this.foundCum = cum(tr.found);
    }
  }

  /** Advances one period with that period's random numbers. */
  step(t: number, u: Streams, entrantSeed: string): void {
    const { population: pop, metrics, s } = this;
    const n = pop.n;
    const period = this.periods[t];
    const today = dayNumber(period.start);
    for (let i = this.staticUpTo; i < n; i++) {
      let k = 0;
      for (const d of pop.departments[i]) if (this.depsInPolicy.has(d)) k++;
      this.visitDeps[i] = k;
      this.inTask[i] = k > 0 ? 1 : 0;
    }
    this.staticUpTo = n;
    for (let i = 0; i < n; i++) this.gradeCol[i] = GRADE_VALUES[pop.grade[i]];
    this.evaluator.decideColumns(this.columns, n, (i) => pop.uscc[i], this.ruleIdx);
    const windows = this.treatments
      .map((tr) => (tr.cap ? capWindow(tr.cap.window, period.start) : undefined))
      .map((w) => (w ? [dayNumber(w.from), dayNumber(w.to)] : [0, -1]));
    const members: number[][] = this.treatments.map(() => []);
    let slot = 0;
    let win = windows[0];
    let count = 0;
    const overCap = () => {
      let c = 0;
      for (let k = slot * 4, end = k + 4; k < end; k++) {
        const d = pop.lastDays[k];
        if (d >= win[0] && d <= win[1]) c++;
      }
      return c >= count;
    };
    const violation = GRADE_KEYS.map((g) => s.behaviour.violation[g]);
    let alive = 0;
    for (let i = 0; i < n; i++) {
      this.found[i] = 0;
      if (!pop.alive[i]) continue;
      alive++;
      const g = pop.grade[i];
      this.violating[i] = u.violation[i] < violation[g] ? 1 : 0;
      metrics[metricIndex(t, g, 8)]++;
      const ti = this.ruleIdx[i] >= 0 ? this.ruleTreatment[this.ruleIdx[i]] : this.defaultTreatment;
      if (ti < 0) continue;
      const tr = this.treatments[ti];
      slot = i;
      win = windows[ti];
      count = tr.cap?.count ?? 0;
      if (!ineligibility(tr, this.inTask[i] === 1, false, overCap)) members[ti].push(i);
    }
    metrics[metricIndex(t, ALL, 8)] = alive;
    this.enterprisePeriods += alive;
    let slots = 0;
    const rank = u.rank;
    this.treatments.forEach((tr, ti) => {
      const size = sampleSize(drawRatio(tr), tr.rounding, members[ti].length);
      for (const i of lowestRanked(
        members[ti],
        size,
        (k) => rank[k],
        (a, b) => a - b,
      )) {
        const g = pop.grade[i];
        slots += Math.max(s.resources.teamSize, this.visitDeps[i]);
        metrics[metricIndex(t, g, 0)]++;
        metrics[metricIndex(t, ALL, 0)]++;
        if (g <= 1) metrics[metricIndex(t, ALL, 4)]++;
        if (this.violating[i] && u.detect[i] < s.behaviour.detection) this.found[i] = 1;
        const ring = i * 4;
        pop.lastDays.copyWithin(ring + 1, ring, ring + 3);
        pop.lastDays[ring] = today;
        pop.everInspected[i] = 1;
        this.log?.push({ slot: i, period: t, grade: g, key: pop.category[i] === "key" });
      }
    });
    metrics[metricIndex(t, ALL, 1)] = this.totalInspectors ? slots / this.totalInspectors : 0;
    metrics[metricIndex(t, ALL, 2)] = this.totalInspectors
      ? slots / this.totalInspectors / s.resources.perInspector
      : 0;
    this.transitionsAndExits(t, u, alive);
    for (let k = 0; k < this.entrantsPerPeriod && pop.n < pop.capacity; k++)
      addEntrant(pop, this.template, u.entry[k], entrantSeed);
  }

  private transitionsAndExits(t: number, u: Streams, alive: number): void {
    const { population: pop, metrics } = this;
    const n = pop.n;
    const byGrade = new Float64Array(G);
    const covered = new Float64Array(G);
    for (let i = 0; i < n; i++) {
      if (!pop.alive[i]) continue;
      const g = pop.grade[i];
      if (this.found[i]) {
        metrics[metricIndex(t, g, 5)]++;
        metrics[metricIndex(t, ALL, 5)]++;
      } else if (this.violating[i]) {
        metrics[metricIndex(t, g, 7)]++;
        metrics[metricIndex(t, ALL, 7)]++;
      }
      if (this.normalCum && this.foundCum) {
        const row = (this.found[i] ? this.foundCum : this.normalCum)[g];
        const x = u.transition[i];
        let to = 0;
        while (to < 4 && x >= row[to]) to++;
        pop.grade[i] = to;
      }
      if (u.exit[i] < this.exitPerPeriod) {
        pop.alive[i] = 0;
        continue;
      }
      byGrade[pop.grade[i]]++;
      byGrade[ALL]++;
      if (pop.everInspected[i]) {
        covered[pop.grade[i]]++;
        covered[ALL]++;
      }
    }
    for (let gi = 0; gi < G; gi++) {
      metrics[metricIndex(t, gi, 3)] = byGrade[gi] ? covered[gi] / byGrade[gi] : 0;
      const ins = metrics[metricIndex(t, gi, 0)];
      metrics[metricIndex(t, gi, 6)] = ins ? metrics[metricIndex(t, gi, 5)] / ins : 0;
      metrics[metricIndex(t, gi, 8)] = alive ? metrics[metricIndex(t, gi, 8)] / alive : 0;
    }
  }

  /** The metrics and work of the run so far. */
  result(): VariantRun {
    return { metrics: this.metrics, enterprisePeriods: this.enterprisePeriods, log: this.log };
  }
}
