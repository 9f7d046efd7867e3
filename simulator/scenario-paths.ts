/**
 * The paths of a scenario: read from the scenario file's folder, each checked to be there (its
 * own policies apart, see loadScenario's `missingPolicies`), and a history or ledger refused beside
 * a generated district, whose codes are made up.
 */
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { type Lang, tr } from "../engine/lang.js";
import type { Problem } from "../engine/problem.js";
import type { Scenario } from "./scenario.js";

/** Where a problem of a scenario file is: at a node of its YAML (at its key when `key` is true). */
type At = (path: (string | number)[], key: boolean, message: string) => Problem;

/**
 * The files of a scenario that the command line gives in its place (simulate --enterprises,
 * --history, --db, --inspectors): theirs need not be there. Another enterprise file replaces the
 * scenario's district whole, its history and ledger with it.
 */
export interface Replaced {
  readonly enterprises?: boolean;
  readonly history?: boolean;
  readonly ledger?: boolean;
  readonly gradeHistory?: boolean;
  readonly inspectors?: boolean;
}

/** The scenario's paths as found (its directory of inspectors where `resources.inspectors` names one), and the problems of those not there. */
export function scenarioPaths(
  s: Omit<Scenario, "file">,
  file: string,
  at: At,
  lang: Lang,
  replaced: Replaced = {},
) {
  const problems: Problem[] = [];
  const base = dirname(file);
  const policies = s.policies.map((p) => resolve(base, p));
  const enterprises = s.population.enterprises ? resolve(base, s.population.enterprises) : undefined;
  const inspectors = s.resources.inspectors as unknown;
  const directory = typeof inspectors === "string" ? resolve(base, inspectors) : undefined;
  // A path is read from the scenario's folder, not from where the command runs: said with the path found.
  const absent = (path: (string | number)[], found: string) =>
    at(
      path,
      false,
      tr(
        lang,
        `no such file: ${found} (a path in a scenario is read from the scenario file's folder)`,
        `文件不存在：${found}（场景中的路径相对于场景文件所在的文件夹）`,
      ),
    );
  if (enterprises && !replaced.enterprises && !existsSync(enterprises))
    problems.push(absent(["population", "enterprises"], enterprises));
  // A synthetic district's codes are made up: no district's history or ledger is of them.
  const past = (key: "history" | "ledger" | "gradeHistory") => {
    const given = s.population[key];
    if (!given) return undefined;
    const found = resolve(base, given);
    if (replaced[key] || replaced.enterprises) return found;
    if (!enterprises)
      problems.push(
        at(
          ["population", key],
          true,
          tr(
            lang,
            `a ${key === "gradeHistory" ? "grade history" : key} is of the enterprises of a file: give the district's enterprise file as population.enterprises (a generated district's codes are made up)`,
            `${{ history: "历史检查记录", ledger: "台账", gradeHistory: "等级推送记录" }[key]}须对应企业名录文件中的企业：请在 population.enterprises 中给出本辖区的企业名录（生成的模拟辖区的信用代码为虚构）`,
          ),
        ),
      );
    else if (!existsSync(found)) problems.push(absent(["population", key], found));
    return found;
  };
  if (directory !== undefined && !replaced.inspectors && !existsSync(directory))
    problems.push(absent(["resources", "inspectors"], directory));
  const history = past("history");
  const ledger = past("ledger");
  const gradeHistory = past("gradeHistory");
  // A grade's change after a finding is told from one without by the district's inspections.
  const told = (key: "history" | "ledger") => s.population[key] || replaced[key];
  if (s.population.gradeHistory && !told("history") && !told("ledger") && !replaced.enterprises)
    problems.push(
      at(
        ["population", "gradeHistory"],
        true,
        tr(
          lang,
          "a grade history is checked against the district's past inspections, which tell a change after a finding from one without: give population.history or population.ledger too",
          "等级推送记录须结合本辖区以往检查核对（据此区分发现问题后与未发现问题的等级变化）：请同时给出 population.history 或 population.ledger",
        ),
      ),
    );
  const missingPolicies = policies.flatMap((p, i) => (existsSync(p) ? [] : [absent(["policies", i], p)]));
  return { problems, policies, enterprises, history, ledger, gradeHistory, directory, missingPolicies };
}
