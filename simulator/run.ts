import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { loadPolicyFile } from "../engine/policy/load.js";
import type { LoadedPolicy } from "../engine/policy/types.js";
import { InputError } from "../engine/problem.js";
import { aggregate, type MetricRow } from "./metrics.js";
import { initialEnterprises, makePopulation } from "./population.js";
import { runReplication, scenarioPeriods } from "./replicate.js";
import { loadScenario, type Scenario } from "./scenario.js";

/** What to simulate: a scenario file, optionally with other policies and overrides. */
export interface SimulationRequest {
  readonly scenario: string;
  /** Policy files to compare instead of the scenario's own. */
  readonly policies?: readonly string[];
  readonly years?: number;
  readonly replications?: number;
  readonly seed?: string;
  /** Worker threads (default: every core, at most one per replication). */
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

/** The resolved inputs of a simulation, the same in the main thread and in workers. */
export async function prepare(r: Inputs) {
  const { scenario, policies, periods } = resolve(r);
  const template = await initialEnterprises(scenario);
  const perYear = periods.length / scenario.horizon;
  const entrants =
    Math.round(((scenario.population.entryRate ?? 0) * template.length) / perYear) * periods.length;
  const base = makePopulation(template, entrants);
  return { scenario, policies, base, periods };
}

/** The scenario, policies and periods of a simulation, without its population. */
function resolve(r: Inputs) {
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

/** Runs replications `reps` of every variant; returns metric arrays per variant in the order of `reps`. */
export async function runReplications(
  r: SimulationRequest,
  reps: readonly number[],
  onRep?: (enterprisePeriods: number, seconds: number) => void,
) {
  const { scenario, policies, base } = await prepare(r);
  const out = policies.map(() => [] as Float64Array[]);
  for (const rep of reps) {
    const started = performance.now();
    const runs = runReplication(
      scenario,
      policies.map((lp) => lp.policy),
      base,
      rep,
      { crn: r.crn !== false },
    );
    runs.forEach((run, v) => {
      out[v].push(run.metrics);
    });
    onRep?.(
      runs.reduce((a, run) => a + run.enterprisePeriods, 0),
      (performance.now() - started) / 1000,
    );
  }
  return out;
}

/** The multi-year Monte Carlo simulation (SPEC §7), replications spread over worker threads. */
export async function simulate(r: SimulationRequest): Promise<SimulationResult> {
  const started = performance.now();
  const { scenario, policies, periods } = resolve(r);
  const R = scenario.replications;
  const workers = Math.max(1, Math.min(r.workers ?? availableParallelism(), R));
  // A file of enterprises is read here first, so its problems are reported like any input's;
  // a synthetic population cannot fail and is generated only where replications run.
  if (workers > 1 && scenario.population.enterprises) await prepare(r);
  const byRep: Float64Array[][] = policies.map(() => new Array(R));
  let done = 0;
  let work = 0;
  let loopSeconds = 0;
  const progress = (ep: number, seconds: number) => {
    done++;
    work += ep;
    loopSeconds += seconds;
    r.onProgress?.({ done, total: R, enterprisePeriods: work });
  };
  const shares = Array.from({ length: workers }, (_, w) =>
    Array.from({ length: R }, (_, i) => i).filter((i) => i % workers === w),
  );
  if (workers === 1) {
    const res = await runReplications(r, shares[0], progress);
    res.forEach((list, v) => {
      list.forEach((m, k) => {
        byRep[v][shares[0][k]] = m;
      });
    });
  } else {
    await Promise.all(
      shares.map(
        (reps) =>
          new Promise<void>((resolve, reject) => {
            const w = new Worker(new URL("./worker-entry.js", import.meta.url), {
              workerData: { request: { ...r, onProgress: undefined }, reps },
            });
            w.on(
              "message",
              (
                msg:
                  | { kind: "rep"; enterprisePeriods: number; seconds: number }
                  | { kind: "done"; metrics: Float64Array[][] },
              ) => {
                if (msg.kind === "rep") progress(msg.enterprisePeriods, msg.seconds);
                else
                  msg.metrics.forEach((list, v) => {
                    list.forEach((m, k) => {
                      byRep[v][reps[k]] = m;
                    });
                  });
              },
            );
            w.on("error", reject);
            w.on("exit", (code) =>
              code === 0 ? resolve() : reject(new Error(`simulation worker exited with ${code}`)),
            );
          }),
      ),
    );
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
