/** The multi-year simulation run (SPEC §7): its replications handed out to this thread and to worker threads, their metrics aggregated. */
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { RuleConflictError } from "../engine/evaluate.js";
import type { Lang } from "../engine/lang.js";
import { policyId } from "../engine/policy/types.js";
import { moduleWorker, threadDone } from "../engine/workers.js";
import { aggregateLoads, type DepartmentLoad, loadDepartments } from "./department-loads.js";
import { staffFromDirectory } from "./directory.js";
import type { DistrictSource } from "./district-source.js";
import { readsHistory } from "./history-treatments.js";
import { aggregate, type MetricRow } from "./metrics.js";
import type { Population } from "./population.js";
import { prepare } from "./prepare.js";
import { type ReplicationDone, runHere, WorkUnits } from "./replicate.js";
import { type Resolved, resolve } from "./resolve.js";
import type { Assumption, Scenario } from "./scenario.js";
import { entrantsEvaluated } from "./static-tables.js";
import { countedTeam, loadsOffset } from "./variant-sim.js";

/** What to simulate: a scenario file, optionally with other policies and overrides. */
export interface SimulationRequest {
  readonly scenario: string;
  /** Policy files to compare instead of the scenario's own. */
  readonly policies?: readonly string[];
  readonly years?: number;
  readonly replications?: number;
  readonly seed?: string;
  /** Threads running replications, this one included (default: every core, at most one per replication). */
  readonly workers?: number;
  /** Common random numbers across variants (default true). */
  readonly crn?: boolean;
  /** Language of the problems reported in the scenario, policy and enterprise files (default English). */
  readonly lang?: Lang;
  /** Called after each replication with how many are done and the enterprise-periods so far. */
  readonly onProgress?: (p: { done: number; total: number; enterprisePeriods: number }) => void;
  /** Told what reading the scenario's enterprise file noticed (codes normalised, the sheet read). */
  readonly onNotice?: (notice: string) => void;
  /** How to read the scenario's enterprise file: its encoding, and its sheet in place of the scenario's. */
  readonly read?: { readonly encoding?: string; readonly sheet?: string };
  /**
   * The district's own files in place of the scenario's population (its enterprises) and past
   * inspections (history file, ledger), as a draw is given them: paths from the working folder.
   */
  readonly district?: {
    readonly enterprises?: string;
    readonly history?: string;
    readonly ledger?: string;
    /** The grades the provincial platform pushed (see grade-changes.ts), against which the scenario's grade changes are checked. */
    readonly gradeHistory?: string;
    /** The district's directory of inspectors, counted in place of the scenario's inspectors (see directory.ts). */
    readonly inspectors?: string;
  };
  /** The scenario, policies and periods, where resolve() has read them from the fields above already. */
  readonly resolved?: Resolved;
}

/** The results of a simulation (results.json). */
export interface SimulationResult {
  readonly scenario: string;
  readonly title: { zh: string; en: string };
  readonly seed: string;
  readonly replications: number;
  readonly years: number;
  readonly assumptions: readonly Assumption[];
  readonly resources: Scenario["resources"];
  /** Where the district came from (absent from a results.json written before it was recorded). */
  readonly district?: DistrictSource;
  readonly variants: {
    policy: string;
    version: string;
    hash: string;
    file: string;
    title: { zh: string; en: string };
    /** The team its load counts: its teamSize, or the scenario's where larger (absent from a results.json written before it was recorded). */
    teamSize?: number;
    metrics: MetricRow[];
    differences?: MetricRow[];
    /**
     * Each period's load of each department the scenario gives inspectors against their capacity,
     * and its paired differences from the baseline's (absent from a results.json written before
     * they were measured).
     */
    departmentLoads?: DepartmentLoad[];
    departmentLoadDifferences?: DepartmentLoad[];
  }[];
  readonly performance: {
    enterprisePeriods: number;
    /** Wall-clock time of the whole simulation, loading and starting workers included. */
    seconds: number;
    /** Time spent running replications, summed over workers (the period loop's own cost). */
    loopSeconds: number;
    workers: number;
  };
}

/**
 * The multi-year Monte Carlo simulation (SPEC §7). Replications are handed out one at a time to
 * this thread and to `workers − 1` worker threads, whichever is free, and the last few a variant
 * at a time (see {@link WorkUnits}): this thread starts at once while workers load, and nobody
 * waits at the end for a fixed share. Each variant's numbers in a replication depend only on the
 * replication's index, so the results are the same whatever the number of workers.
 */
export async function simulate(r: SimulationRequest): Promise<SimulationResult> {
  const started = performance.now();
  // Inspectors counted from the district's directory, where the scenario names one, before any thread reads them.
  const resolved = await staffFromDirectory(r.resolved ?? resolve(r), r.lang ?? "en", r.onNotice);
  const { scenario, policies, periods } = resolved;
  const R = scenario.replications;
  const workers = Math.max(1, Math.min(r.workers ?? availableParallelism(), R));
  const byRep: Float64Array[][] = policies.map(() => new Array(R));
  const units = new WorkUnits(R, policies.length, workers);
  // Per replication: its variants still running.
  const running = new Int32Array(R).fill(policies.length);
  let done = 0;
  // Settled once every replication's results are stored.
  let stored = () => {};
  const allStored = new Promise<void>((settle) => {
    stored = settle;
  });
  let work = 0;
  let loopSeconds = 0;
  const store = (d: ReplicationDone) => {
    d.metrics.forEach((m, i) => {
      byRep[d.variants[i]][d.rep] = m;
    });
    running[d.rep] -= d.variants.length;
    if (running[d.rep] === 0 && ++done === R) stored();
    work += d.enterprisePeriods;
    loopSeconds += d.seconds;
    r.onProgress?.({ done, total: R, enterprisePeriods: work });
  };
  // The next unit of work, shared with the workers: each thread takes one at a time, whichever
  // is free, so nobody waits at the end for a fixed share, nor for another thread to hand out work.
  const next = new Int32Array(new SharedArrayBuffer(4));
  const take = () => {
    const u = Atomics.add(next, 0, 1);
    return u < units.count ? units.at(u) : undefined;
  };
  // This thread's share. It yields between periods when workers are running or progress is
  // shown, so their results and the dashboard are handled while it computes.
  const here = async () => {
    // Workers take this population and its static tables rather than make them again: the
    // population first, whose buffers they make while this thread makes the tables.
    const prepared = await prepare(r, resolved, (base) => {
      // Their text columns too where a thread evaluates slots: entrants as they arrive, or every
      // slot each period under rules reading the inspection history.
      const text = policies.some((lp) => entrantsEvaluated(lp.policy) || readsHistory(lp.policy));
      for (const w of threads) w.postMessage({ base: text ? base : withoutText(base) });
    });
    for (const w of threads) w.postMessage({ tables: prepared.tables });
    district = prepared.district;
    for (let unit = take(); unit !== undefined; unit = take())
      store(await runHere(prepared, r, unit, workers > 1 || r.onProgress !== undefined));
  };
  const threads: Worker[] = [];
  let district: DistrictSource | undefined;
  try {
    // Workers first: they load while this thread prepares (which computes before its first await).
    const remote = Array.from({ length: workers - 1 }, () =>
      inWorker(r, resolved, { next, threads: workers }, store, threads),
    );
    const mine = here();
    // Done when every result is in: a worker then only closes, and its thread's exit (some 6 ms
    // of tearing down its heap) is not waited for. A worker failing before then fails the run.
    await Promise.race([Promise.all([...remote, mine]), Promise.all([mine, allStored])]);
  } catch (e) {
    // One failure stops the simulation: no worker starts a replication nobody will read.
    Atomics.store(next, 0, units.count);
    await Promise.all(threads.map((w) => w.terminate()));
    // A tie of rules named with the file of its policy, which the command, given several, cannot tell.
    if (e instanceof RuleConflictError && e.file === undefined) {
      const tied = policies.find((lp) => policyId(lp.policy) === e.policy);
      if (tied) throw new RuleConflictError(e.rules, e.uscc, e.policy, tied.file);
    }
    throw e;
  }
  const departments = loadDepartments(scenario);
  return {
    scenario: scenario.name,
    title: scenario.title,
    seed: scenario.seed,
    replications: R,
    years: scenario.horizon,
    assumptions: scenario.assumptions ?? [],
    resources: scenario.resources,
    district,
    variants: policies.map((lp, v) => ({
      policy: lp.policy.policy,
      version: lp.policy.version,
      hash: lp.hash,
      file: lp.file,
      title: lp.policy.title,
      teamSize: countedTeam(scenario, lp.policy),
      metrics: aggregate(periods, byRep[v]),
      differences: v === 0 ? undefined : aggregate(periods, byRep[v], byRep[0]),
      departmentLoads: aggregateLoads(periods, departments, loadsOffset(periods.length), byRep[v]),
      departmentLoadDifferences:
        v === 0
          ? undefined
          : aggregateLoads(periods, departments, loadsOffset(periods.length), byRep[v], byRep[0]),
    })),
    performance: {
      enterprisePeriods: work,
      seconds: (performance.now() - started) / 1000,
      loopSeconds,
      workers,
    },
  };
}

/**
 * The population without its text columns, as workers take it where entrants are not evaluated as
 * they arrive (no rule reads the code): with the static tables made, the period loop then reads
 * only the typed-array columns, and the text columns' copy would cost a worker about a second.
 */
function withoutText(base: Population): Population {
  return {
    ...base,
    uscc: [],
    category: [],
    industry: [],
    region: [],
    departments: [],
    tags: [],
    abnormal: [],
    declared: {},
  };
}

/**
 * Runs units of work (see {@link WorkUnits}, of `threads` threads) in a worker thread until none
 * is left, each taken from the shared counter `next`. The worker is given the resolved scenario
 * and policies, so it loads neither the schemas nor the files, then the population and its static
 * tables once this thread has made them.
 */
function inWorker(
  r: SimulationRequest,
  resolved: Resolved,
  shared: { next: Int32Array; threads: number },
  store: (d: ReplicationDone) => void,
  threads: Worker[],
): Promise<void> {
  const w = moduleWorker(new URL("./worker.ts", import.meta.url), {
    inputs: resolved,
    crn: r.crn,
    ...shared,
  });
  threads.push(w);
  w.on("message", (msg: ReplicationDone) => store(msg));
  return threadDone(w);
}
