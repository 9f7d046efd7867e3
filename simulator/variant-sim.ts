import {
  addMonths,
  PERIODS_A_YEAR,
  type Period,
  parsePeriod,
  periodContaining,
  periodsFrom,
} from "../engine/period.js";
import { drawRatio, policyDepartments, sampleSize } from "../engine/plan.js";
import { type Policy, policyId, type Treatment } from "../engine/policy/types.js";
import { lowestRankedInto } from "../engine/select.js";
import { departmentCapacity, totalCapacity } from "./capacity.js";
import { loadDepartments, loadsInto, teamShares } from "./department-loads.js";
import { GRADE_KEYS } from "./grades.js";
import { HistoryTreatments, historyRemembered, readsHistory } from "./history-treatments.js";
import { findingCodesInto } from "./last-results.js";
import { METRIC_GRADES, METRICS, metricIndex } from "./metrics.js";
import { addTotals, eligibleMembers, inspectionsToExits } from "./period-passes.js";
import {
  addEntrants,
  capsInto,
  type DrawnLog,
  dayNumber,
  logDrawn,
  logResults,
  markDrawn,
  periodMetrics,
} from "./period-steps.js";
import { forkPopulation, inspectionsRemembered, type Population } from "./population.js";
import type { Scenario } from "./scenario.js";
import { evaluatorOf, fillStatic, type StaticTable, staticTable } from "./static-tables.js";
import type { Streams } from "./streams.js";
import { type Workspace, workspace } from "./workspace.js";

const G = METRIC_GRADES.length;
const M = METRICS.length;
/** The metric grade of every grade together. */
const ALL = G - 1;

/**
 * One replication of one variant: metrics per period × grade × metric, then each period's load of
 * each department against its capacity (see {@link loadsOffset}), and the work done.
 */
export interface VariantRun {
  readonly metrics: Float64Array;
  readonly enterprisePeriods: number;
  /** When asked for: each inspection as [slot, period, grade code at the time, category key?]. */
  readonly log?: DrawnLog;
}

/** The periods a scenario simulates: the policy cadence from `start` for `horizon` years. */
export function scenarioPeriods(s: Scenario, policy: Policy): Period[] {
  const first = parsePeriod(s.start) as Period;
  const perYear = PERIODS_A_YEAR[policy.cadence];
  // A start written in another cadence than the policy's is the policy's period it begins in.
  const start = first.cadence === policy.cadence ? first : periodContaining(first.start, policy.cadence);
  return periodsFrom(start, s.horizon * perYear);
}

/**
 * The team a policy's inspections are counted with in its load: its `teamSize`, which its draws
 * staff, or the scenario's where larger (an office sending more than the policy's least).
 */
export function countedTeam(s: Scenario, policy: Policy): number {
  return Math.max(s.resources.teamSize, policy.teamSize);
}

/** Where a run's metrics array holds the department loads: after every period's metrics by grade (see {@link VariantRun}). */
export function loadsOffset(periods: number): number {
  return periods * G * M;
}

/** Ties of random ranks (equal doubles) go to the lower slot. */
const byIndex = (a: number, b: number) => a - b;

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
  private readonly visitList: Uint16Array;
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
  /** The inspections all inspectors together can take part in per period. */
  private readonly totalCapacity: number;
  /** The buffers of this run, reused from the previous run of its place (see {@link Workspace}). */
  private readonly ws: Workspace;
  /** Per list of departments (see {@link StaticTable}): the period's visits, and the inspectors of each measured department a visit takes. */
  private readonly listVisits: Float64Array;
  private readonly teamShares: Float64Array;
  /** Per measured department (see loadDepartments): its inspectors' inspections a period. */
  private readonly capacity: Float64Array;
  /** Where the rules read the inspection history: the slots' treatments evaluated each period. */
  private readonly history?: HistoryTreatments;

  constructor(
    private readonly s: Scenario,
    policy: Policy,
    base: Population,
    log: boolean,
    /** The variant's place in its replication: its buffers are reused from the previous one. */
    slot = 0,
  ) {
    this.periods = scenarioPeriods(s, policy);
    const periods = this.periods.length;
    const remembered = inspectionsRemembered([policy], periods, 0, historyRemembered([policy], periods));
    if (remembered > base.remembered)
      throw new Error(
        `${policyId(policy)}'s caps and rules need slots that remember ${remembered} inspections; the population's slots remember ${base.remembered} (see inspectionsRemembered)`,
      );
    const ws = workspace(base, slot, Object.keys(policy.treatments).length);
    this.ws = ws;
    this.population = forkPopulation(base, {}, ws.population);
    const departments = loadDepartments(s);
    this.metrics = new Float64Array(
      loadsOffset(this.periods.length) + this.periods.length * departments.length,
    );
    this.log = log ? [] : undefined;
    this.policy = policy;
    const names = Object.keys(policy.treatments);
    this.treatments = names.map((n) => policy.treatments[n]);
    this.totalInspectors = Object.values(s.resources.inspectors).reduce((a, b) => a + b, 0);
    this.totalCapacity = totalCapacity(s.resources);
    // The initial slots' static facts are shared; entrants' are filled in as they arrive.
    const shared = staticTable(policy, base);
    this.shared = shared;
    this.listVisits = new Float64Array(shared.lists.length);
    const team = countedTeam(s, policy);
    this.teamShares = teamShares(shared.lists, policyDepartments(policy), team, s, departments);
    this.capacity = Float64Array.from(departments, (d) => departmentCapacity(s.resources, d));
    // Entrants' slots keep the previous run's values until entrants arrive and overwrite them.
    this.candidateOf = ws.candidateOf;
    this.candidateOf.set(shared.candidateOf);
    this.inTask = ws.inTask;
    this.inTask.set(shared.inTask);
    this.visitDeps = ws.visitDeps;
    this.visitDeps.set(shared.visitDeps);
    this.visitList = ws.visitList;
    this.visitList.set(shared.listOf);
    this.staticUpTo = base.n;
    if (readsHistory(policy)) this.history = new HistoryTreatments(policy, evaluatorOf(policy), base);
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
    findingCodesInto(ws.findingAt, ws.findingByte, s.behaviour.findingResults, s.behaviour.detection);
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
    const today = dayNumber(period.start);
    if (this.history) {
      const since = dayNumber(addMonths(period.start, -12));
      this.history.into({ pop, n, today, since, candidateOf: this.candidateOf, inTask: this.inTask });
    }
    // The arena's kernel where the workspace is in one, the same pass in JavaScript where not.
    const pass = this.ws.arena ?? { eligibleMembers };
    const alive = pass.eligibleMembers(n, pop, this.candidateOf, caps, gradeCount, members, stride, counts);
    for (let g = 0; g < G - 1; g++) metrics[metricIndex(t, g, 8)] = gradeCount[g];
    metrics[metricIndex(t, ALL, 8)] = alive;
    this.enterprisePeriods += alive;
    const { treatments, log, listVisits } = this;
    const visitList = this.visitList;
    listVisits.fill(0);
    for (let ti = 0; ti < T; ti++) {
      const tr = treatments[ti];
      const size = sampleSize(drawRatio(tr), tr.rounding, counts[ti]);
      const from = ti * stride;
      const count = lowestRankedInto(members.subarray(from, from + counts[ti]), size, u.rank, byIndex, drawn);
      // The drawn are only marked here, in the order of their ranks: what an inspection does is
      // done by the pass after, in slot order, which reads memory in order.
      markDrawn(inspected, listVisits, visitList, drawn, count);
      if (log) logDrawn(log, pop, t, drawn, count);
    }
    this.endOfPeriod(t, u, alive, today);
    if (log) logResults(log, pop, t);
    loadsInto(metrics, loadsOffset(this.periods.length), t, listVisits, this.teamShares, this.capacity);
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
    // An entrant's departments are its model's.
    const { visitList } = this;
    for (let i = this.staticUpTo; i < n; i++) visitList[i] = shared.listOf[pop.like[i]];
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
      teamSize: countedTeam(s, this.policy),
      detection: s.behaviour.detection,
      violationRate: this.violationRate,
      cum: this.cum,
      exitRate: this.exitPerPeriod,
      findingAt: this.ws.findingAt,
      findingByte: this.ws.findingByte,
    };
    const pass = arena?.holds(u.violation, u.detect, u.transition, u.exit) ? arena : { inspectionsToExits };
    pass.inspectionsToExits(pop.n, pop, this.inspected, this.visitDeps, u, b, c);
    addTotals(c);
    periodMetrics(this.metrics, t, c, alive, this.totalInspectors, this.totalCapacity);
  }

  /** The metrics and work of the run so far. */
  result(): VariantRun {
    return { metrics: this.metrics, enterprisePeriods: this.enterprisePeriods, log: this.log };
  }
}
