/** A simulation made ready to run: its initial enterprises (read, or generated from the scenario), its population in columns with room for entrants, and their static tables. */
import { foreignDepartments, foreignNotice } from "../engine/data/departments.js";
import { undrawable } from "../engine/data/drawable.js";
import { gradesInNames } from "../engine/data/list-names.js";
import { readEnterprises } from "../engine/data/read.js";
import type { Enterprise } from "../engine/data/records.js";
import { unmatchedNotice, unmatchedValues } from "../engine/data/unmatched.js";
import { type Lang, tr } from "../engine/lang.js";
import type { Period } from "../engine/period.js";
import { policyDepartments } from "../engine/plan.js";
import { factsReadBy } from "../engine/policy/conditions.js";
import { type FactDeclaration, type Policy, policyId } from "../engine/policy/types.js";
import { InputError } from "../engine/problem.js";
import {
  type DistrictColumns,
  type DistrictSpec,
  generateDistrictColumns,
  HUAIAN_LIKE,
} from "../engine/synthetic.js";
import { staffFromDirectory } from "./directory.js";
import { type DistrictSource, fileSha256 } from "./district-source.js";
import { findingCodeCheck, findingResultsNotice } from "./finding-codes.js";
import { againstAssumed, countGradeChanges, type GradeChanges, gradeChangeNotice } from "./grade-changes.js";
import type { GradeKey } from "./grades.js";
import { historyRemembered, readsHistory, SIMULATED_HISTORY_FACTS } from "./history-treatments.js";
import { hitRateNotice, hitRates } from "./hit-rates.js";
import {
  NO_PAST,
  type PastInspections,
  readPastInspections,
  seedPastInspections,
} from "./past-inspections.js";
import {
  districtPopulation,
  inspectionsRemembered,
  makePopulation,
  type Population,
  populationFacts,
} from "./population.js";
import type { Prepared } from "./replicate.js";
import { cadenceNotice, type Inputs, type Resolved, resolve } from "./resolve.js";
import { resourceNotices, teamSizeNotice } from "./resource-notices.js";
import type { SimulationRequest } from "./run.js";
import type { Scenario } from "./scenario.js";
import { staticTables } from "./static-tables.js";

/**
 * The resolved inputs of a simulation, its population and their static tables (resolved already
 * when `resolved` is given). `onPopulation` is given the population as soon as it is made, before
 * the notices and the static tables: workers make their buffers meanwhile.
 */
export async function prepare(
  r: Inputs,
  resolved: Resolved = resolve(r),
  onPopulation?: (base: Population) => void,
): Promise<Prepared & { readonly district: DistrictSource }> {
  const { scenario, policies, periods } = await staffFromDirectory(resolved, r.lang ?? "en", r.onNotice);
  const declared = declaredFacts(policies.map((lp) => lp.policy));
  const initial = await initialEnterprises(scenario, declared, r.lang, r.onNotice, r.read);
  const size = Array.isArray(initial) ? initial.length : initial.size;
  const perYear = periods.length / scenario.horizon;
  const entrants = Math.round(((scenario.population.entryRate ?? 0) * size) / perYear) * periods.length;
  const compared = policies.map((lp) => lp.policy);
  const { history, ledger, gradeHistory } = scenario.population;
  // Past inspections come with an enterprise file only (the scenario's schema says so).
  const past =
    (history || ledger) && Array.isArray(initial)
      ? await readPastInspections(
          { history, ledger, gradeHistory },
          initial,
          periods[0].start,
          r.lang ?? "en",
          r.onNotice,
        )
      : NO_PAST;
  const remembered = inspectionsRemembered(
    compared,
    periods.length,
    past.most,
    historyRemembered(compared, periods.length, past.most),
  );
  const base = Array.isArray(initial)
    ? makePopulation(initial, entrants, remembered, Object.keys(declared))
    : districtPopulation(initial, entrants, remembered, Object.keys(declared));
  seedPastInspections(base, past);
  onPopulation?.(base);
  const district = await districtSource(scenario, size, past, periods[0]);
  // A department the scenario writes another way than the policies do: its enterprises are never drawn.
  const known = [...new Set(policies.flatMap((lp) => policyDepartments(lp.policy)))].sort();
  const foreign = foreignDepartments(base.departments, known);
  const file = scenario.population.enterprises ?? scenario.file;
  for (const n of foreignNotice(foreign, known, file, r.lang ?? "en")) r.onNotice?.(n);
  // Variants of one policy share its rules: each note is said once.
  const unmatched = policies.flatMap((lp) =>
    unmatchedNotice(unmatchedValues(lp.policy, populationFacts(base)), file, r.lang ?? "en"),
  );
  for (const n of new Set(unmatched)) r.onNotice?.(n);
  for (const n of cadenceNotice(scenario, policies[0].policy, periods, scenario.file, r.lang ?? "en"))
    r.onNotice?.(n);
  for (const n of resourceNotices(scenario, base.departments, known, r.lang ?? "en")) r.onNotice?.(n);
  for (const n of teamSizeNotice(scenario, compared, r.lang ?? "en")) r.onNotice?.(n);
  const unseeded = history || ledger ? undefined : noPastNotice(scenario, compared, r.lang ?? "en");
  if (unseeded) r.onNotice?.(unseeded);
  // The behaviour assumed against the district's own results, where its past inspections were given.
  const hits = district.past?.hitRates;
  const off = hits && hitRateNotice(hits, scenario.file, r.lang ?? "en");
  if (off) r.onNotice?.(off);
  const codes = findingResultsNotice(district.past?.findingResults, scenario.file, r.lang ?? "en");
  if (codes) r.onNotice?.(codes);
  const changes = gradeChangeNotice(district.past?.gradeChanges, scenario.file, r.lang ?? "en");
  if (changes) r.onNotice?.(changes);
  const unchecked = gradeHistory && !district.past?.gradeChanges;
  if (unchecked) r.onNotice?.(uncheckedNotice(scenario, gradeHistory, periods[0].start, r.lang ?? "en"));
  const tables = staticTables(compared, base);
  return { scenario, policies, base, periods, tables, district };
}

/**
 * Said where a compared policy's rules read the inspection history and the scenario gives no past
 * inspections: every enterprise begins never inspected, which the first periods' draws show.
 */
function noPastNotice(s: Scenario, policies: readonly Policy[], lang: Lang): string | undefined {
  const reading = policies.filter(readsHistory);
  if (!reading.length) return undefined;
  const ids = reading.map(policyId).join(", ");
  const facts = SIMULATED_HISTORY_FACTS.filter((f) => reading.some((p) => factsReadBy(p).has(f)));
  return tr(
    lang,
    `note: the rules of ${ids} read the inspection history (${facts.join(", ")}), and the scenario gives no past inspections (population.history or population.ledger; --history or --db with the district's enterprise file): every enterprise begins the simulation never inspected, and the first periods draw as in a district without inspections (${s.file})`,
    `提示：${ids} 的规则使用检查历史（${facts.join("、")}），而情景未给出以往检查（population.history 或 population.ledger；或随本辖区企业名录给出 --history、--db）：模拟开始时所有企业均视为从未检查，最初几期的抽取如同一个从未检查过的辖区（${s.file}）`,
  );
}

/**
 * Said where a grade history was given and no grade change checked: the scenario freezes grades, or
 * no enterprise's grade is known on two first days of periods before the start.
 */
function uncheckedNotice(s: Scenario, file: string, start: string, lang: Lang): string {
  return s.behaviour.transitions === "none"
    ? tr(
        lang,
        `note: the scenario's grades do not change (behaviour.transitions: none): the grade history dates the grade each past inspection met, and no grade change is checked (${file})`,
        `提示：情景中等级不变（behaviour.transitions: none）：等级推送记录仅用于确定以往每次检查时的等级，不核对等级变化（${file}）`,
      )
    : tr(
        lang,
        `note: no enterprise of the enterprise file has a grade known on the first days of two periods before ${start}, when the simulation begins: no grade change could be checked (were the pushes of the last periods alone given?) (${file})`,
        `提示：企业名录中没有企业在模拟开始日 ${start} 之前相邻两期的首日均有已知等级，未能核对等级变化（是否只给出了最近一期的推送？）（${file}）`,
      );
}

/** The district's grade changes beside the scenario's, where a grade history was given, grades change and any period could be counted. */
function gradeCheck(
  past: PastInspections,
  first: Period,
  transitions: Scenario["behaviour"]["transitions"],
): GradeChanges | undefined {
  if (!past.timeline || !past.findings || transitions === "none") return undefined;
  const counted = countGradeChanges(past.timeline, past.findings, first.cadence, first.start);
  return counted && againstAssumed(counted, transitions);
}

/** Where the district came from (see DistrictSource): its file's hash, and its past inspections' sources. */
async function districtSource(
  s: Scenario,
  enterprises: number,
  past: PastInspections,
  first: Period,
): Promise<DistrictSource> {
  const start = first.start;
  const { enterprises: file, history, ledger, gradeHistory } = s.population;
  const transitions = s.behaviour.transitions;
  const staff = s.resources.directory;
  const directory = staff
    ? {
        path: staff,
        sha256: await fileSha256(staff),
        inspectors: Object.values(s.resources.inspectors).reduce((a, b) => a + b, 0),
        on: start,
      }
    : undefined;
  if (!file) return { enterprises, directory };
  return {
    enterprises,
    directory,
    file: { path: file, sha256: await fileSha256(file) },
    past:
      history || ledger
        ? {
            before: start,
            inspections: [...past.days.values()].reduce((a, list) => a + list.length, 0),
            enterprises: past.days.size,
            history: history ? { path: history, sha256: await fileSha256(history) } : undefined,
            ledger: ledger && past.ledger ? { path: ledger, ...past.ledger } : undefined,
            hitRates:
              past.hits &&
              hitRates(past.hits, s.behaviour.violation, s.behaviour.detection, past.timeline !== undefined),
            gradeHistory: gradeHistory
              ? { path: gradeHistory, sha256: await fileSha256(gradeHistory) }
              : undefined,
            gradeChanges: gradeCheck(past, first, transitions),
            findingResults: findingCodeCheck(s.behaviour.findingResults, past.hits?.codes),
          }
        : undefined,
  };
}

/**
 * The facts the compared policies declare (`facts:`) that their rules read, which the enterprise
 * file's columns give: read of it as a draw reads them (a list split, a number checked), and kept
 * per slot. A fact two policies declare of two types is refused before (see policy-checks.ts).
 */
function declaredFacts(policies: readonly Policy[]): Record<string, FactDeclaration> {
  const out: Record<string, FactDeclaration> = {};
  for (const p of policies)
    for (const [name, decl] of Object.entries(p.facts ?? {})) if (factsReadBy(p).has(name)) out[name] = decl;
  return out;
}

/**
 * The initial enterprises of a scenario: its file's (with the `declared` facts), or a synthetic
 * district's from its population spec, in columns (see districtPopulation).
 */
async function initialEnterprises(
  s: Scenario,
  declared: Readonly<Record<string, FactDeclaration>>,
  lang?: Lang,
  onNotice?: (notice: string) => void,
  how: SimulationRequest["read"] = {},
): Promise<Enterprise[] | DistrictColumns> {
  if (s.population.enterprises) {
    const file = s.population.enterprises;
    const sheet = how.sheet ?? (s.population.sheet === undefined ? undefined : String(s.population.sheet));
    const read = await readEnterprises(file, {
      lang,
      pooled: true,
      onlyUsedColumns: true,
      facts: declared,
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
          message:
            tr(lang ?? "en", u.en, u.zh) +
            (u.column === "grade" ? gradesInNames(file, read.sheets, lang ?? "en") : ""),
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
  const spec: DistrictSpec = {
    ...HUAIAN_LIKE,
    size: p.size ?? HUAIAN_LIKE.size,
    grades,
    keyShare: p.keyShare ?? HUAIAN_LIKE.keyShare,
    individualShare: p.individualShare ?? HUAIAN_LIKE.individualShare,
    industries: p.industries ?? HUAIAN_LIKE.industries,
    regions: p.regions ?? HUAIAN_LIKE.regions,
  };
  // The simulator reads no names (it refuses rules that read them): the district's enterprises in
  // columns, its population made of them without an object per enterprise.
  return generateDistrictColumns(spec, s.seed);
}
