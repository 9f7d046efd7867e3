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
  /** The variants to run (their places in `policies`), all by default: each variant's run is the same alone or with the others. */
  variants: readonly number[] = policies.map((_, v) => v),
): Generator<void, VariantRun[]> {
  const sims = variants.map((v) => new VariantSim(s, policies[v], base, options.log === true, v));
  const shared = options.crn ? streamsOf(base, 0) : undefined;
  const own = options.crn ? [] : variants.map((v) => streamsOf(base, v));
  for (let t = 0; t < sims[0].periods.length; t++) {
    if (shared) fillStreams(shared, s.seed, replication, t, sims[0].population.n, sims[0].entrantsPerPeriod);
    sims.forEach((sim, i) => {
      const u = shared ?? own[i];
      if (!shared)
        fillStreams(
          u,
          independentSeed(s.seed, variants[i]),
          replication,
          t,
          sim.population.n,
          sim.entrantsPerPeriod,
        );
      sim.step(t, u);
    });
    yield;
  }
  return sims.map((sim) => sim.result());
}

/** A share of a simulation's work that one thread takes at a time: one replication, of every variant or of one. */
export interface WorkUnit {
  readonly rep: number;
  /** The variants run (places in the compared policies), in order. */
  readonly variants: readonly number[];
}

/**
 * The work of `replications` replications of `variants` variants shared by `threads` threads, as
 * units taken in order from a shared counter: whole replications, then the last `threads − 1`
 * replications a variant at a time. A thread that runs out of whole replications while the others
 * are still in theirs then takes the last ones' variants, and the threads finish within about a
 * variant's run of each other rather than a replication's. A variant run alone fills the
 * replication's common random numbers again: some 5% of a replication, paid on those few only.
 */
export class WorkUnits {
  /** The replications run a variant at a time, at the end. */
  private readonly split: number;
  readonly count: number;

  constructor(
    private readonly replications: number,
    private readonly variants: number,
    threads: number,
  ) {
    this.split = variants > 1 ? Math.min(replications, Math.max(0, threads - 1)) : 0;
    this.count = replications - this.split + this.split * variants;
  }

  /** Unit `u` (0 ≤ u < count). */
  at(u: number): WorkUnit {
    const whole = this.replications - this.split;
    if (u < whole) return { rep: u, variants: Array.from({ length: this.variants }, (_, v) => v) };
    const k = u - whole;
    return { rep: whole + Math.floor(k / this.variants), variants: [k % this.variants] };
  }
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

/** One unit's metric arrays (one per variant run, in the order of its `variants`) and the work it took. */
export interface ReplicationDone extends WorkUnit {
  readonly metrics: Float64Array[];
  readonly enterprisePeriods: number;
  readonly seconds: number;
}

/** Runs one unit of work in this thread; with `yieldBetweenPeriods`, lets the event loop run between periods. */
export async function runHere(
  prepared: Prepared,
  options: { crn?: boolean },
  { rep, variants }: WorkUnit,
  yieldBetweenPeriods: boolean,
): Promise<ReplicationDone> {
  const started = performance.now();
  const policies = prepared.policies.map((lp) => lp.policy);
  adoptStaticTables(policies, prepared.base, prepared.tables);
  const steps = replicationSteps(
    prepared.scenario,
    policies,
    prepared.base,
    rep,
    { crn: options.crn !== false },
    variants,
  );
  let step = steps.next();
  while (!step.done) {
    if (yieldBetweenPeriods) await new Promise((go) => setImmediate(go));
    step = steps.next();
  }
  return {
    rep,
    variants,
    metrics: step.value.map((run) => run.metrics),
    enterprisePeriods: step.value.reduce((a, run) => a + run.enterprisePeriods, 0),
    seconds: (performance.now() - started) / 1000,
  };
}
