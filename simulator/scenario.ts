import { findResultCode, nearestResultCode } from "../engine/data/result-codes.js";
import { NAME_SEPARATORS } from "../engine/data/values.js";
import type { Bilingual } from "../engine/lang.js";
import { type Lang, tr } from "../engine/lang.js";
import { parsePeriod } from "../engine/period.js";
import { checkSchema } from "../engine/policy/schema.js";
import { fileProblem, isMapping, parseYaml, tableGiven } from "../engine/policy/yaml-source.js";
import { readTextFile } from "../engine/policy/yaml-text.js";
import { type Problem, sortProblems } from "../engine/problem.js";
import { perInspectorProblems } from "./capacity.js";
import { GRADE_KEYS, type GradeKey, type PerGrade } from "./grades.js";
import { PROBLEM_CODES } from "./last-results.js";
import { type Replaced, scenarioPaths } from "./scenario-paths.js";

/** The published schema of scenario files. */
export const SCENARIO_SCHEMA_URL = new URL("./scenario.schema.json", import.meta.url);

/** A simulation scenario (SPEC §7). Paths are resolved against the scenario file. */
export interface Scenario {
  readonly file: string;
  /** The text the scenario was loaded from, which a problem found later (see directory.ts) is placed in. */
  readonly text: string;
  readonly name: string;
  readonly title: Bilingual;
  readonly population: {
    readonly size?: number;
    readonly enterprises?: string;
    /** The sheet of a workbook `enterprises` names: by name or number, or all (every headed sheet as one list). */
    readonly sheet?: string | number;
    /** The district's past inspections (a history file), which the caps count from the first period on; with `enterprises` only. */
    readonly history?: string;
    /** The district's ledger, whose results and open visits count as past inspections as a draw reads them; with `enterprises` only. */
    readonly ledger?: string;
    /** The grades the provincial platform pushed (see grade-changes.ts), against which the scenario's grade changes are checked; with `history` or `ledger` only. */
    readonly gradeHistory?: string;
    readonly grades?: PerGrade;
    readonly keyShare?: number;
    readonly individualShare?: number;
    readonly industries?: readonly {
      name: string;
      share: number;
      key: boolean;
      departments: readonly string[];
    }[];
    readonly regions?: readonly string[];
    readonly entryRate?: number;
    readonly exitRate?: number;
  };
  readonly behaviour: {
    readonly violation: PerGrade;
    readonly detection: number;
    readonly transitions:
      | "none"
      | {
          readonly normal: Readonly<Record<GradeKey, PerGrade>>;
          readonly found: Readonly<Record<GradeKey, PerGrade>>;
        };
    /**
     * Per result code of a problem found (by id, Chinese text or English gloss), the share of the
     * simulation's findings recorded with it (see last-results.ts); absent, a finding has no code.
     */
    readonly findingResults?: Readonly<Record<string, number>>;
  };
  readonly resources: {
    /** Inspectors per department: the scenario's, or those of `directory` counted (none until they are, see directory.ts). */
    readonly inspectors: Readonly<Record<string, number>>;
    /** Inspections one inspector can take part in per period: for every department, or per department (see capacity.ts). */
    readonly perInspector: number | Readonly<Record<string, number>>;
    readonly teamSize: number;
    /** The district's directory of inspectors, where the scenario names one in place of counts (see directory.ts). */
    readonly directory?: string;
  };
  readonly horizon: number;
  readonly replications: number;
  readonly seed: string;
  readonly start: string;
  readonly policies: readonly string[];
  readonly assumptions?: readonly Assumption[];
}

/** What a name of a scenario names, in English and Chinese. */
interface Kind {
  readonly en: string;
  readonly zh: string;
}
const KINDS = {
  region: { en: "region", zh: "区域" },
  industry: { en: "industry", zh: "行业" },
  department: { en: "department", zh: "部门" },
} satisfies Record<string, Kind>;

/** An assumption of a scenario and where it comes from, as the report lists them: one text, or its Chinese and English. */
export interface Assumption {
  readonly text: string | Bilingual;
  readonly source?: string | Bilingual;
}

/**
 * Loads and validates a scenario file: YAML syntax, schema, then shares that must sum to 1, and
 * an enterprise file that is not there. Its own policies that are not there are told apart, in
 * `missingPolicies`, placed at their lines: they matter only when no other policies are given.
 */
export function loadScenario(
  file: string,
  lang: Lang = "en",
  replaced: Replaced = {},
): { scenario?: Scenario; problems: Problem[]; missingPolicies?: Problem[] } {
  const table = tableGiven(file, "scenario", lang);
  if (table) return { problems: [table] };
  const read = readTextFile(file, lang);
  if (read.problem) return { problems: [read.problem] };
  const src = parseYaml(file, read.text as string, lang);
  if (src.problems.length) return { problems: src.problems };
  const at = src.at;
  if (!isMapping(src.value))
    return {
      problems: [
        fileProblem(
          file,
          lang,
          "a scenario file must be a YAML mapping (name:, population:, ...)",
          "场景文件必须是 YAML 映射（name:、population: 等）",
        ),
      ],
    };
  // A policy or variant given where a scenario is expected: one sentence saying how to compare it.
  if (
    !("population" in src.value) &&
    (("policy" in src.value && "treatments" in src.value) || "extends" in src.value)
  )
    return {
      problems: [
        fileProblem(
          file,
          lang,
          `this is a policy file, not a simulation scenario: compare it with gradedraw simulate --scenario simulator/scenarios/huaian.yaml --policy ${file}`,
          `这是政策文件，不是模拟情景文件：请用 gradedraw simulate --scenario simulator/scenarios/huaian.yaml --policy ${file} 进行比较`,
        ),
      ],
    };
  const errors = checkSchema(SCENARIO_SCHEMA_URL, src.value, lang);
  if (errors.length) return { problems: sortProblems(errors.map((e) => at(e.path, e.key, e.message))) };
  const s = src.value as Omit<Scenario, "file">;
  const problems: Problem[] = [];
  const sums = (path: (string | number)[], v: PerGrade | undefined) => {
    const off =
      v &&
      unsummed(
        GRADE_KEYS.map((k) => v[k]),
        path,
        at,
        lang,
      );
    if (off) problems.push(off);
  };
  sums(["population", "grades"], s.population.grades);
  if (s.population.industries) {
    const total = s.population.industries.reduce((a, i) => a + i.share, 0);
    if (Math.abs(total - 1) > 1e-9)
      problems.push(
        at(
          ["population", "industries"],
          false,
          tr(
            lang,
            `industry shares sum to ${Number(total.toFixed(6))}, not 1`,
            `行业比例之和为 ${Number(total.toFixed(6))}，不等于 1`,
          ),
        ),
      );
  }
  if (s.behaviour.transitions !== "none") {
    for (const m of ["normal", "found"] as const)
      for (const g of GRADE_KEYS) sums(["behaviour", "transitions", m, g], s.behaviour.transitions[m][g]);
  }
  problems.push(...findingResultProblems(s.behaviour.findingResults, at, lang));
  // A list typed with a Chinese comma is one name: `[市场监管局，人社局]` would be a department of its
  // own, which no task draws from, and its enterprises would never be inspected.
  const joined = (path: (string | number)[], name: string) => {
    const sep = NAME_SEPARATORS.exec(name);
    if (!sep) return;
    const names = name.split(NAME_SEPARATORS).map((n) => n.trim());
    // A department of a list is an element of it; a department given inspectors is a key.
    const listed = typeof path.at(-1) === "number";
    problems.push(
      at(
        path,
        !listed,
        listed
          ? tr(
              lang,
              `'${name}' is one department name with '${sep[0]}' in it: write a list of departments as [${names.join(", ")}], with ASCII commas`,
              `“${name}”是一个含“${sep[0]}”的部门名称：多个部门请写作 [${names.join(", ")}]，用半角逗号分隔`,
            )
          : tr(
              lang,
              `'${name}' is one department name with '${sep[0]}' in it: give each department its inspectors, as { ${names.map((n) => `${n}: …`).join(", ")} }`,
              `“${name}”是一个含“${sep[0]}”的部门名称：请分别给出各部门的检查人员数，如 { ${names.map((n) => `${n}: …`).join(", ")} }`,
            ),
      ),
    );
  };
  for (const [i, industry] of (s.population.industries ?? []).entries())
    for (const [j, d] of industry.departments.entries())
      joined(["population", "industries", i, "departments", j], d);
  // A directory's departments are its file's, checked once it is read (see directory.ts).
  const counted = typeof s.resources.inspectors === "string" ? {} : s.resources.inspectors;
  for (const d of Object.keys(counted)) joined(["resources", "inspectors", d], d);
  // No inspector at all: no capacity to measure a load against (each load would read 0%, "within capacity").
  // (Nor checked where a directory given on the command line replaces them.)
  const byCount = typeof s.resources.inspectors !== "string" && !replaced.inspectors;
  if (byCount && Object.values(counted).every((n) => n === 0))
    problems.push(
      at(
        ["resources", "inspectors"],
        false,
        tr(
          lang,
          "no department is given an inspector: the inspections would be measured against no capacity; give each department's inspectors",
          "各部门的检查人员数均为 0：检查负荷无从与检查能力比较；请给出各部门的检查人员数",
        ),
      ),
    );
  // A name left blank, or listed twice, is a slip: a blank department is one no task draws from, a
  // region listed twice gets twice its enterprises, an industry twice two meanings of one name.
  // `key`: the names are a mapping's keys (the departments given inspectors), said at the key.
  const names = (kind: Kind, list: readonly { path: (string | number)[]; name: string }[], key = false) => {
    const first = new Map<string, (string | number)[]>();
    for (const { path, name } of list) {
      if (name.trim() === "") {
        problems.push(
          at(
            path,
            key,
            tr(lang, `the ${kind.en} is blank: write its name`, `${kind.zh}名称为空：请填写名称`),
          ),
        );
        continue;
      }
      const before = first.get(name);
      if (before === undefined) first.set(name, path);
      else {
        const was = at(before, key, "");
        const here = at(path, key, "");
        const [also, alsoZh] =
          was.line === here.line
            ? [`also column ${was.col}`, `另见本行第 ${was.col} 列`]
            : [`also line ${was.line}`, `另见第 ${was.line} 行`];
        problems.push(
          at(
            path,
            key,
            tr(
              lang,
              `${kind.en} '${name}' is listed twice (${also})`,
              `${kind.zh}“${name}”重复（${alsoZh}）`,
            ),
          ),
        );
      }
    }
  };
  const industries = s.population.industries ?? [];
  names(
    KINDS.region,
    (s.population.regions ?? []).map((name, i) => ({ path: ["population", "regions", i], name })),
  );
  names(
    KINDS.industry,
    industries.map((industry, i) => ({ path: ["population", "industries", i, "name"], name: industry.name })),
  );
  for (const [i, industry] of industries.entries())
    names(
      KINDS.department,
      industry.departments.map((name, j) => ({
        path: ["population", "industries", i, "departments", j],
        name,
      })),
    );
  names(
    KINDS.department,
    Object.keys(counted).map((name) => ({ path: ["resources", "inspectors", name], name })),
    true,
  );
  // A directory's departments are known once it is read (directory.ts checks perInspector then).
  if (byCount) problems.push(...perInspectorProblems(s.resources, at, lang));
  if (!parsePeriod(s.start))
    problems.push(at(["start"], false, tr(lang, `'${s.start}' is not a period`, `“${s.start}”不是有效期间`)));
  const paths = scenarioPaths(s, file, at, lang, replaced);
  problems.push(...paths.problems);
  if (problems.length) return { problems: sortProblems(problems) };
  const { policies, enterprises, history, ledger, gradeHistory, directory, missingPolicies } = paths;
  return {
    scenario: {
      ...s,
      file,
      text: src.text,
      policies,
      population: { ...s.population, enterprises, history, ledger, gradeHistory },
      resources: directory ? { ...s.resources, inspectors: {}, directory } : s.resources,
    },
    problems: [],
    missingPolicies,
  };
}

/**
 * The problems of a scenario's `behaviour.findingResults`: a key that is not a result code of a
 * problem found (未发现问题 is no finding, 无法联系 no problem), a code written twice (by id and in
 * Chinese), shares that do not sum to 1.
 */
function findingResultProblems(
  shares: Readonly<Record<string, number>> | undefined,
  at: (path: (string | number)[], key: boolean, message: string) => Problem,
  lang: Lang,
): Problem[] {
  if (!shares) return [];
  const path = ["behaviour", "findingResults"];
  const problems: Problem[] = [];
  const seen = new Map<string, string>();
  const codes = PROBLEM_CODES.join(", ");
  const say = (key: string, en: string, zh: string) =>
    problems.push(at([...path, key], true, tr(lang, en, zh)));
  for (const key of Object.keys(shares)) {
    const code = findResultCode(key);
    const near = code ? undefined : nearestResultCode(key);
    if (!code)
      say(
        key,
        `${key} is not a result code${near ? ` (did you mean ${near}?)` : ""}; a finding is recorded with one of ${codes}`,
        `${key} 不是检查结果代码${near ? `（是否为 ${near}？）` : ""}；发现问题的结果为以下之一：${PROBLEM_CODES.join("、")}`,
      );
    else if (code.class !== "problem")
      say(
        key,
        `${key} (${code.zh}) is not a problem found; a finding is recorded with one of ${codes}`,
        `${key}（${code.zh}）不是“发现问题”类结果；发现问题的结果为以下之一：${PROBLEM_CODES.join("、")}`,
      );
    else if (seen.has(code.id))
      say(
        key,
        `${key} is ${code.id}, written already as ${seen.get(code.id)}: give each code once`,
        `${key} 即 ${code.id}，已写作 ${seen.get(code.id)}：每个代码只写一次`,
      );
    else seen.set(code.id, key);
  }
  const off = unsummed(Object.values(shares), path, at, lang);
  return off ? [...problems, off] : problems;
}

/** Where shares given at `path` do not sum to 1: the problem, at the mapping. */
function unsummed(
  shares: readonly number[],
  path: (string | number)[],
  at: (path: (string | number)[], key: boolean, message: string) => Problem,
  lang: Lang,
): Problem | undefined {
  const total = shares.reduce((a, v) => a + v, 0);
  if (Math.abs(total - 1) <= 1e-9) return undefined;
  return at(
    path,
    false,
    tr(
      lang,
      `shares sum to ${Number(total.toFixed(6))}, not 1`,
      `比例之和为 ${Number(total.toFixed(6))}，不等于 1`,
    ),
  );
}
