/** A simulation's inputs resolved: its scenario read, its policies loaded from their files or folders, its periods, its overrides within bounds. */
import { existsSync } from "node:fs";
import { resolve as resolvePath } from "node:path";
import { type Lang, tr } from "../engine/lang.js";
import { type Period, parsePeriod } from "../engine/period.js";
import { expandPolicyArgs, isFolder } from "../engine/policy/files.js";
import { loadPolicyFile } from "../engine/policy/load.js";
import type { LoadedPolicy, Policy } from "../engine/policy/types.js";
import { compareSemver } from "../engine/policy/versions.js";
import { cadenceText } from "../engine/policy/vocabulary.js";
import { InputError } from "../engine/problem.js";
import { refuseUnsimulable } from "./policy-checks.js";
import type { Prepared } from "./replicate.js";
import type { SimulationRequest } from "./run.js";
import { loadScenario, type Scenario } from "./scenario.js";
import { scenarioPeriods } from "./variant-sim.js";

/** What a simulation's inputs are resolved from: a request's files, overrides and language. */
export type Inputs = Pick<
  SimulationRequest,
  "scenario" | "policies" | "years" | "replications" | "seed" | "lang" | "onNotice" | "read" | "district"
>;

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
  // The files the command line gives in the scenario's place need not be where the scenario says.
  const own = r.district ?? {};
  const loaded = loadScenario(r.scenario, r.lang, {
    enterprises: own.enterprises !== undefined,
    history: own.history !== undefined,
    ledger: own.ledger !== undefined,
    gradeHistory: own.gradeHistory !== undefined,
    inspectors: own.inspectors !== undefined,
  });
  if (!loaded.scenario) throw new InputError(loaded.problems);
  const directory = own.inspectors;
  const scenario: Scenario = {
    ...loaded.scenario,
    population: ownDistrict(loaded.scenario, own, r.lang ?? "en"),
    // Counted from the directory given in place of the scenario's inspectors (see directory.ts).
    resources: directory
      ? { ...loaded.scenario.resources, inspectors: {}, directory: resolvePath(directory) }
      : loaded.scenario.resources,
    horizon: r.years ?? loaded.scenario.horizon,
    replications: r.replications ?? loaded.scenario.replications,
    seed: r.seed ?? loaded.scenario.seed,
  };
  const files = r.policies?.length ? r.policies : scenario.policies;
  if (files === scenario.policies && loaded.missingPolicies?.length)
    throw new InputError(loaded.missingPolicies);
  const policies = files.flatMap((f) => policiesAt(f, r.lang ?? "en"));
  refuseUnsimulable(policies, r.lang, {
    generated: scenario.population.enterprises === undefined ? scenario.file : undefined,
    findingCodes: scenario.behaviour.findingResults !== undefined,
  });
  const periods = scenarioPeriods(scenario, policies[0].policy);
  return { scenario, policies, periods };
}

/**
 * A scenario's population with the district's own files given in its place (see
 * SimulationRequest's `district`): each must be there, and a history or ledger needs the
 * enterprises it is of, the scenario's or those given.
 */
function ownDistrict(s: Scenario, own: NonNullable<Inputs["district"]>, lang: Lang): Scenario["population"] {
  const given = Object.entries(own).filter((e): e is [string, string] => e[1] !== undefined);
  const absent = given.filter(([, f]) => !existsSync(f));
  if (absent.length)
    throw new InputError(
      absent.map(([, f]) => ({ file: f, line: 0, col: 0, message: tr(lang, "no such file", "文件不存在") })),
    );
  if (!own.enterprises && !s.population.enterprises && (own.history || own.ledger || own.gradeHistory))
    throw new InputError([
      {
        file: (own.history ?? own.ledger ?? own.gradeHistory) as string,
        line: 0,
        col: 0,
        message: tr(
          lang,
          `past inspections are of the enterprises of a file: give the district's enterprise file with --enterprises (${s.file} generates its district, whose codes are made up)`,
          `以往检查须对应企业名录文件中的企业：请用 --enterprises 给出本辖区的企业名录（${s.file} 的辖区为生成的模拟数据，信用代码为虚构）`,
        ),
      },
    ]);
  // Another enterprise file replaces the scenario's district whole: its sheet, history and ledger are of its own file.
  const population = own.enterprises
    ? {
        ...s.population,
        enterprises: resolvePath(own.enterprises),
        sheet: undefined,
        history: undefined,
        ledger: undefined,
        gradeHistory: undefined,
      }
    : s.population;
  const resolved = {
    ...population,
    ...(own.history ? { history: resolvePath(own.history) } : {}),
    ...(own.ledger ? { ledger: resolvePath(own.ledger) } : {}),
    ...(own.gradeHistory ? { gradeHistory: resolvePath(own.gradeHistory) } : {}),
  };
  if (resolved.gradeHistory && !resolved.history && !resolved.ledger)
    throw new InputError([
      {
        file: resolved.gradeHistory,
        line: 0,
        col: 0,
        message: tr(
          lang,
          "a grade history is checked against the district's past inspections, which tell a change after a finding from one without: give --history or --db too",
          "等级推送记录须结合本辖区以往检查核对（据此区分发现问题后与未发现问题的等级变化）：请同时给出 --history 或 --db",
        ),
      },
    ]);
  return resolved;
}

/**
 * The policies a `--policy` or an entry of a scenario's `policies` names: a file's, or every policy
 * file of a folder and the folders in it (tests/ left out): its policies first, by version (the
 * first is the baseline), then its variants, as `validate` finds them.
 */
function policiesAt(path: string, lang: Lang): LoadedPolicy[] {
  const folder = isFolder(path);
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
