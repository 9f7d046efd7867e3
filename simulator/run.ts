import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { loadPolicyFile } from "../engine/policy/load.js";
import type { LoadedPolicy } from "../engine/policy/types.js";
import { InputError } from "../engine/problem.js";
import { aggregate, type MetricRow } from "./metrics.js";
import { initialEnterprises, makePopulation } from "./population.js";
import { replicationSteps, scenarioPeriods } from "./replicate.js";
import { loadScenario, type Scenario } from "./scenario.js";

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
  /** Called after each replication with how many are done and the enterprise-periods so far. */
  readonly onProgress?: (p: { done: number; total: number; enterprisePeriods: number }) => void;
}

/** The results of a simulation (results.json). */
export interface SimulationResult {
  readonly scenario: string;
  readonly title: { zh: string; en: string };
  readonly seed: string;
  readonly replications: number;
  readonly years: number;
  readonly assumptions: readonly { text: string; source?: string }[];
  readonly resources: Scenario["resources"];
  readonly variants: {
    policy: string;
    version: string;
    hash: string;
    file: string;
    title: { zh: string; en: string };
    metrics: MetricRow[];
    differences?: MetricRow[];
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

type Inputs = Pick<SimulationRequest, "scenario" | "policies" | "years" | "replications" | "seed">;

/** The resolved inputs of a simulation and its population (resolved already when `resolved` is given). */
export async function prepare(r: Inputs, resolved: ReturnType<typeof resolve> = resolve(r)) {
  const { scenario, policies, periods } = resolved;
  const template = await initialEnterprises(scenario);
  const perYear = periods.length / scenario.horizon;
  const entrants =
    Math.round(((scenario.population.entryRate ?? 0) * template.length) / perYear) * periods.length;
  const base = makePopulation(template, entrants);
  return { scenario, policies, base, periods };
}

/** The scenario, policies and periods of a simulation, without its population. */
export function resolve(r: Inputs) {
  const loaded = loadScenario(r.scenario);
  if (!loaded.scenario) throw new InputError(loaded.problems);
  const scenario: Scenario = {
    ...loaded.scenario,
    horizon: r.years ?? loaded.scenario.horizon,
    replications: r.replications ?? loaded.scenario.replications,
    seed: r.seed ?? loaded.scenario.seed,
  };
  const files = r.policies?.length ? r.policies : scenario.policies;
  const policies: LoadedPolicy[] = files.map((f) => {
    const lp = loadPolicyFile(f);
    if (!lp.policy) throw new InputError(lp.problems);
    return lp.policy;
  });
  const periods = scenarioPeriods(scenario, policies[0].policy);
  return { scenario, policies, periods };
}

/** One replication's metric arrays (one per variant) and the work it took. */
export interface ReplicationDone {
  readonly rep: number;
  readonly metrics: Float64Array[];
  readonly enterprisePeriods: number;
  readonly seconds: number;
}

/** A prepared simulation: its inputs and population, ready to run replications in this thread. */
export type Prepared = Awaited<ReturnType<typeof prepare>>;

/** Runs one replication in this thread; with `yieldBetweenPeriods`, lets the event loop run between periods. */
export async function runHere(
  prepared: Prepared,
  r: Pick<SimulationRequest, "crn">,
  rep: number,
  yieldBetweenPeriods: boolean,
): Promise<ReplicationDone> {
  const started = performance.now();
  const steps = replicationSteps(
    prepared.scenario,
    prepared.policies.map((lp) => lp.policy),
    prepared.base,
    rep,
    { crn: r.crn !== false },
  );
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
 * The multi-year Monte Carlo simulation (SPEC §7). Replications are handed out one at a time to
 * this thread and to `workers − 1` worker threads, whichever is free: this thread starts at once
 * while workers load, and nobody waits at the end for a fixed share. Each replication's numbers
 * depend only on its index, so the results are the same whatever the number of workers.
 */
export async function simulate(r: SimulationRequest): Promise<SimulationResult> {
  const started = performance.now();
  const resolved = resolve(r);
  const { scenario, policies, periods } = resolved;
  const R = scenario.replications;
  const workers = Math.max(1, Math.min(r.workers ?? availableParallelism(), R));
  const byRep: Float64Array[][] = policies.map(() => new Array(R));
  let done = 0;
  let work = 0;
  let loopSeconds = 0;
  const store = (d: ReplicationDone) => {
    d.metrics.forEach((m, v) => {
      byRep[v][d.rep] = m;
    });
    done++;
    work += d.enterprisePeriods;
    loopSeconds += d.seconds;
    r.onProgress?.({ done, total: R, enterprisePeriods: work });
  };
  let next = 0;
  const take = () => (next < R ? next++ : undefined);
  // This thread's share. It yields between periods when workers are running or progress is
  // shown, so their results and the dashboard are handled while it computes.
  const here = async () => {
    const prepared = await prepare(r, resolved);
    // Workers take this population rather than generate or read it again.
    for (const w of threads) w.postMessage({ kind: "population", base: prepared.base });
    for (let rep = take(); rep !== undefined; rep = take())
      store(await runHere(prepared, r, rep, workers > 1 || r.onProgress !== undefined));
  };
  const threads: Worker[] = [];
  try {
    // Workers first: they load while this thread prepares (which computes before its first await).
    const remote = Array.from({ length: workers - 1 }, () => inWorker(r, take, store, threads));
    await Promise.all([...remote, here()]);
  } catch (e) {
    // One failure stops the simulation: no worker keeps running replications nobody will read.
    next = R;
    await Promise.all(threads.map((w) => w.terminate()));
    throw e;
  }
  return {
    scenario: scenario.name,
    title: scenario.title,
    seed: scenario.seed,
    replications: R,
    years: scenario.horizon,
    assumptions: scenario.assumptions ?? [],
    resources: scenario.resources,
    variants: policies.map((lp, v) => ({
      policy: lp.policy.policy,
      version: lp.policy.version,
      hash: lp.hash,
      file: lp.file,
      title: lp.policy.title,
      metrics: aggregate(periods, byRep[v]),
      differences: v === 0 ? undefined : aggregate(periods, byRep[v], byRep[0]),
    })),
    performance: {
      enterprisePeriods: work,
      seconds: (performance.now() - started) / 1000,
      loopSeconds,
      workers,
    },
  };
}

/** Runs replications in a worker thread, one at a time as `take` hands them out, until none is left. */
function inWorker(
  r: SimulationRequest,
  take: () => number | undefined,
  store: (d: ReplicationDone) => void,
  threads: Worker[],
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const w = new Worker(new URL("./worker-entry.js", import.meta.url), {
      workerData: { request: { ...r, onProgress: undefined } },
    });
    threads.push(w);
    const feed = () => {
      const rep = take();
      w.postMessage(rep === undefined ? { kind: "stop" } : { kind: "run", rep });
    };
    w.on("message", (msg: { kind: "ready" } | ({ kind: "done" } & ReplicationDone)) => {
      if (msg.kind === "done") store(msg);
      feed();
    });
    w.on("error", reject);
    w.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`simulation worker exited with ${code}`)),
    );
  });
}
