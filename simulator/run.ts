import { statSync } from "node:fs";
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { foreignDepartments, foreignNotice } from "../engine/data/departments.js";
import { undrawable } from "../engine/data/drawable.js";
import { readEnterprises } from "../engine/data/read.js";
import type { Enterprise } from "../engine/data/records.js";
import { unmatchedNotice, unmatchedValues } from "../engine/data/unmatched.js";
import { type Lang, tr } from "../engine/lang.js";
import { type Period, parsePeriod } from "../engine/period.js";
import { policyDepartments } from "../engine/plan.js";
import { expandPolicyArgs } from "../engine/policy/files.js";
import { loadPolicyFile } from "../engine/policy/load.js";
import type { LoadedPolicy, Policy } from "../engine/policy/types.js";
import { compareSemver } from "../engine/policy/versions.js";
import { cadenceText } from "../engine/policy/vocabulary.js";
import { InputError } from "../engine/problem.js";
import { generateDistrict, HUAIAN_LIKE } from "../engine/synthetic.js";
import { moduleWorker } from "../engine/workers.js";
import type { GradeKey } from "./grades.js";
import { aggregate, type MetricRow } from "./metrics.js";
import { refuseUnsimulable } from "./policy-checks.js";
import { makePopulation, type Population } from "./population.js";
import { type Prepared, type ReplicationDone, runHere } from "./replicate.js";
import { type Assumption, loadScenario, type Scenario } from "./scenario.js";
import { staticTables } from "./static-tables.js";
import { scenarioPeriods } from "./variant-sim.js";

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

type Inputs = Pick<
  SimulationRequest,
  "scenario" | "policies" | "years" | "replications" | "seed" | "lang" | "onNotice" | "read"
>;

/** The resolved inputs of a simulation, its population and their static tables (resolved already when `resolved` is given). */
export async function prepare(r: Inputs, resolved: Resolved = resolve(r)): Promise<Prepared> {
  const { scenario, policies, periods } = resolved;
  const template = await initialEnterprises(scenario, r.lang, r.onNotice, r.read);
  // A department the scenario writes another way than the policies do: its enterprises are never drawn.
  const known = [...new Set(policies.flatMap((lp) => policyDepartments(lp.policy)))].sort();
  const foreign = foreignDepartments(template, known);
  const file = scenario.population.enterprises ?? scenario.file;
  for (const n of foreignNotice(foreign, known, file, r.lang ?? "en")) r.onNotice?.(n);
  // Variants of one policy share its rules: each note is said once.
  const unmatched = policies.flatMap((lp) =>
    unmatchedNotice(unmatchedValues(lp.policy, template), file, r.lang ?? "en"),
  );
  for (const n of new Set(unmatched)) r.onNotice?.(n);
  for (const n of cadenceNotice(scenario, policies[0].policy, periods, scenario.file, r.lang ?? "en"))
    r.onNotice?.(n);
  const perYear = periods.length / scenario.horizon;
  const entrants =
    Math.round(((scenario.population.entryRate ?? 0) * template.length) / perYear) * periods.length;
  const base = makePopulation(template, entrants);
  const tables = staticTables(
    policies.map((lp) => lp.policy),
    base,
  );
  return { scenario, policies, base, periods, tables };
}

/** The initial enterprises of a scenario: its file, or a synthetic district from its population spec. */
async function initialEnterprises(
  s: Scenario,
  lang?: Lang,
  onNotice?: (notice: string) => void,
  how: SimulationRequest["read"] = {},
): Promise<Enterprise[]> {
  if (s.population.enterprises) {
    const file = s.population.enterprises;
    const sheet = how.sheet ?? (s.population.sheet === undefined ? undefined : String(s.population.sheet));
    const read = await readEnterprises(file, {
      lang,
      pooled: true,
      onlyUsedColumns: true,
      encoding: how.encoding,
      sheet,
    });
    // Every figure would be 0, or every enterprise ungraded (refused before the notices, which say the same).
    const undrawn = undrawable(read.records);
    if (undrawn.length)
      throw new InputError(
        undrawn.map((u) => ({
          file,
          line: 1,
          col: 0,
          column: u.column,
          message: tr(lang ?? "en", u.en, u.zh),
        })),
      );
    for (const n of read.notices) onNotice?.(n);
    return read.records;
  }
  const unused = [
    how.sheet === undefined ? "" : "--sheet",
    how.encoding === undefined ? "" : "--encoding",
  ].filter(Boolean);
  if (unused.length)
    onNotice?.(
      tr(
        lang ?? "en",
        `note: ${unused.join(" and ")} ${unused.length > 1 ? "read" : "reads"} a scenario's enterprise file (population.enterprises); ${s.file} generates its district, so ${unused.length > 1 ? "they were" : "it was"} not used`,
        `提示：${unused.join(" 和 ")} 用于读取情景中的企业名录文件（population.enterprises）；${s.file} 的辖区为生成的模拟数据，未使用该选项`,
      ),
    );
  const p = s.population;
  const grades = p.grades as Record<GradeKey, number>;
  return generateDistrict(
    {
      ...HUAIAN_LIKE,
      size: p.size ?? HUAIAN_LIKE.size,
      grades,
      keyShare: p.keyShare ?? HUAIAN_LIKE.keyShare,
      individualShare: p.individualShare ?? HUAIAN_LIKE.individualShare,
      industries: p.industries ?? HUAIAN_LIKE.industries,
      regions: p.regions ?? HUAIAN_LIKE.regions,
    },
    s.seed,
    undefined,
    // The simulator reads no names (it refuses rules that read them).
    { names: false },
  ).enterprises;
}

/**
 * The bounds of a scenario's years and replications (scenario.schema.json's), which the command's
 * options and the API's overrides keep too: a single replication has no interval, and would show
 * its one value as a 95% interval of no width.
 */
export const BOUNDS = { years: [1, 50], replications: [2, 10_000] } as const;

/** Throws when an override of a scenario's number is not a whole number within its bounds. */
function inBounds(name: keyof typeof BOUNDS, value: number | undefined): void {
  const [min, max] = BOUNDS[name];
  if (value !== undefined && !(Number.isInteger(value) && value >= min && value <= max))
    throw new RangeError(`${name} must be a whole number from ${min} to ${max}, not ${value}`);
}

/** The scenario, policies and periods of a simulation, without its population. */
export function resolve(r: Inputs): Resolved {
  inBounds("years", r.years);
  inBounds("replications", r.replications);
  const loaded = loadScenario(r.scenario, r.lang);
  if (!loaded.scenario) throw new InputError(loaded.problems);
  const scenario: Scenario = {
    ...loaded.scenario,
    horizon: r.years ?? loaded.scenario.horizon,
    replications: r.replications ?? loaded.scenario.replications,
    seed: r.seed ?? loaded.scenario.seed,
  };
  const files = r.policies?.length ? r.policies : scenario.policies;
  if (files === scenario.policies && loaded.missingPolicies?.length)
    throw new InputError(loaded.missingPolicies);
  const policies = files.flatMap((f) => policiesAt(f, r.lang ?? "en"));
  refuseUnsimulable(policies, r.lang);
  const periods = scenarioPeriods(scenario, policies[0].policy);
  return { scenario, policies, periods };
}

/**
 * The policies a `--policy` or an entry of a scenario's `policies` names: a file's, or every policy
 * file of a folder and the folders in it (tests/ left out): its policies first, by version (the
 * first is the baseline), then its variants, as `validate` finds them.
 */
function policiesAt(path: string, lang: Lang): LoadedPolicy[] {
  const folder = statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
  const files = folder ? expandPolicyArgs([path], lang) : [path];
  if (!files.length)
    throw new InputError([
      {
        file: path,
        line: 0,
        col: 0,
        message: tr(lang, "the folder holds no policy file (.yaml)", "文件夹中没有政策文件（.yaml）"),
      },
    ]);
  const loaded = files.map((f) => {
    const lp = loadPolicyFile(f, lang);
    if (!lp.policy) throw new InputError(lp.problems);
    return lp.policy;
  });
  if (!folder) return loaded;
  const full = loaded.filter((lp) => !lp.extends);
  full.sort((a, b) => compareSemver(a.policy.version, b.policy.version));
  return [...full, ...loaded.filter((lp) => lp.extends)];
}

/** A simulation's scenario, policies and periods, without its population. */
export type Resolved = Pick<Prepared, "scenario" | "policies" | "periods">;

/**
 * The multi-year Monte Carlo simulation (SPEC §7). Replications are handed out one at a time to
 * this thread and to `workers − 1` worker threads, whichever is free: this thread starts at once
 * while workers load, and nobody waits at the end for a fixed share. Each replication's numbers
 * depend only on its index, so the results are the same whatever the number of workers.
 */
export async function simulate(r: SimulationRequest): Promise<SimulationResult> {
  const started = performance.now();
  const resolved = r.resolved ?? resolve(r);
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
  // The next replication to run, shared with the workers: each thread takes one at a time,
  // whichever is free, so nobody waits at the end for a fixed share, nor for another thread to
  // hand out work.
  const next = new Int32Array(new SharedArrayBuffer(4));
  const take = () => {
    const rep = Atomics.add(next, 0, 1);
    return rep < R ? rep : undefined;
  };
  // This thread's share. It yields between periods when workers are running or progress is
  // shown, so their results and the dashboard are handled while it computes.
  const here = async () => {
    const prepared = await prepare(r, resolved);
    // Workers take this population and its static tables rather than make them again.
    const base = forWorkers(prepared);
    for (const w of threads) w.postMessage({ base, tables: prepared.tables });
    for (let rep = take(); rep !== undefined; rep = take())
      store(await runHere(prepared, r, rep, workers > 1 || r.onProgress !== undefined));
  };
  const threads: Worker[] = [];
  try {
    // Workers first: they load while this thread prepares (which computes before its first await).
    const remote = Array.from({ length: workers - 1 }, () => inWorker(r, resolved, next, store, threads));
    await Promise.all([...remote, here()]);
  } catch (e) {
    // One failure stops the simulation: no worker starts a replication nobody will read.
    Atomics.store(next, 0, R);
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

/**
 * The population as workers need it. With the static tables made, the period loop reads only the
 * typed-array columns, unless entrants must be evaluated as they arrive (rules that read the
 * code): the text columns, whose copy would cost a worker about a second, are then left out.
 */
function forWorkers({ base, tables }: Prepared): Population {
  if (tables.some((t) => !t.entrantCandidateOf)) return base;
  return {
    ...base,
    uscc: [],
    category: [],
    industry: [],
    region: [],
    departments: [],
    tags: [],
    abnormal: [],
  };
}

/**
 * Runs replications in a worker thread until none is left, each taken from the shared counter
 * `next`. The worker is given the resolved scenario and policies, so it loads neither the schemas
 * nor the files, then the population and its static tables once this thread has made them.
 */
function inWorker(
  r: SimulationRequest,
  resolved: Resolved,
  next: Int32Array,
  store: (d: ReplicationDone) => void,
  threads: Worker[],
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const w = moduleWorker(new URL("./worker.ts", import.meta.url), { inputs: resolved, crn: r.crn, next });
    threads.push(w);
    w.on("message", (msg: ReplicationDone) => store(msg));
    w.on("error", reject);
    w.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`simulation worker exited with ${code}`)),
    );
  });
}

/**
 * A scenario whose start is another cadence's period than the policy's: its figures per period
 * (violation probabilities, grade transitions, inspections per inspector) are read per the
 * policy's period, which a scenario written for half-years may not mean. Said, with `periods`, those run.
 */
export function cadenceNotice(
  s: Scenario,
  policy: Policy,
  periods: readonly Period[],
  file: string,
  lang: Lang,
): string[] {
  const first = parsePeriod(s.start) as Period;
  if (first.cadence === policy.cadence) return [];
  const from = periods[0].label;
  const to = periods[periods.length - 1].label;
  const [was, is] = [cadenceText(first.cadence, lang), cadenceText(policy.cadence, lang)];
  return [
    tr(
      lang,
      `note: ${file} starts at ${s.start}, a ${was}, and the policies draw per ${is}: the simulation runs ${periods.length} ${is}s, ${from} to ${to}, and reads the scenario's figures per period (violation probabilities, grade transitions, inspections per inspector) as per ${is}`,
      `提示：${file} 的起始期间 ${s.start} 是${was}，而政策按${is}抽查：模拟按${is}进行 ${periods.length} 期（${from} 至 ${to}），情景中按期给出的数值（违法概率、等级变化、每人每期检查次数）按每${is}理解`,
    ),
  ];
}
