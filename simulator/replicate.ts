import type { Period } from "../engine/period.js";
import type { LoadedPolicy, Policy } from "../engine/policy/types.js";
import type { Population } from "./population.js";
import type { Scenario } from "./scenario.js";
import { adoptStaticTables, type StaticTable } from "./static-tables.js";
import { fillStreams, independentSeed } from "./streams.js";
import { type VariantRun, VariantSim } from "./variant-sim.js";
import { streamsOf } from "./workspace.js";

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
