import { type Lang, tr } from "../engine/lang.js";
import { factsRead, factsReadBy, valueFact, walkConditions } from "../engine/policy/conditions.js";
import { otherBases } from "../engine/policy/load.js";
import { overrideKeys } from "../engine/policy/overlay.js";
import { type LoadedPolicy, policyId } from "../engine/policy/types.js";
import { cadenceText } from "../engine/policy/vocabulary.js";
import { loadedSource, type NodePath } from "../engine/policy/yaml-source.js";
import { InputError, type Problem } from "../engine/problem.js";
import { SIMULATED_HISTORY_FACTS } from "./history-treatments.js";
import { PROBLEM_CODES, undecidedOutcomes } from "./last-results.js";

/**
 * What a simulation refuses of the policies it compares, each at its place in the policy's file:
 * a version compared twice, different cadences, rules reading facts the simulator does not model
 * (or declared facts, where the scenario file `generated` generates its district), results it
 * cannot tell apart (problem codes, where the scenario gives no `findingCodes`), or a fact
 * declared of two types.
 */
export function refuseUnsimulable(
  policies: readonly LoadedPolicy[],
  lang: Lang = "en",
  scenario: { generated?: string; findingCodes?: boolean } = {},
): void {
  const problems = [
    ...repeatedVersions(policies, lang),
    ...otherBases(policies, lang),
    ...mixedCadences(policies, lang),
    ...unmodelledReads(policies, lang, scenario.generated),
    ...undecidedResults(policies, lang, scenario.findingCodes === true),
    ...declaredTwice(policies, lang),
    ...tooManyTreatments(policies, lang),
  ];
  if (problems.length) throw new InputError(problems);
}

/** The facts the simulator gives the rules: an enterprise's static facts, kept per slot, and its grade. */
export const SIMULATED_FACTS = [
  "uscc",
  "grade",
  "category",
  "industry",
  "region",
  "departments",
  "tags",
  "abnormal",
] as const;

/** The facts of the inspection history the simulator gives the rules, as strings to look a fact up among. */
const simulatedHistory: readonly string[] = SIMULATED_HISTORY_FACTS;

/** One of {@link SIMULATED_FACTS}. */
export type SimulatedFact = (typeof SIMULATED_FACTS)[number];

/**
 * A simulation's variants are told apart by policy and version, as a changed policy is a new
 * version: one named twice, by a file listed twice or by two files, would be compared with itself,
 * or two policies under one name. Each repeat is named at its `version`, with the file that named
 * it first.
 */
function repeatedVersions(policies: readonly LoadedPolicy[], lang: Lang): Problem[] {
  const first = new Map<string, string>();
  return policies.flatMap((lp) => {
    const named = first.get(policyId(lp.policy));
    if (named === undefined) {
      first.set(policyId(lp.policy), lp.file);
      return [];
    }
    const src = loadedSource(lp, lang);
    return [
      {
        file: lp.file,
        ...src.locate(["version"]),
        message:
          named === lp.file
            ? tr(
                lang,
                `${policyId(lp.policy)} is compared twice: its file is listed twice; list it once`,
                `${policyId(lp.policy)} 被比较了两次：其文件列出了两次；请只列一次`,
              )
            : tr(
                lang,
                `${policyId(lp.policy)} is compared twice: ${named} is that version too; a changed policy takes a new version`,
                `${policyId(lp.policy)} 被比较了两次：${named} 也是这一版本；修改过的政策应使用新的版本号`,
              ),
      },
    ];
  });
}

/**
 * Variants are compared period by period, on common random numbers per period: a policy drawing
 * per quarter beside one drawing per half-year would be run on the first one's periods, and
 * compared wrongly. Each policy whose cadence differs from the first one's is named, at its
 * `cadence`.
 */
function mixedCadences(policies: readonly LoadedPolicy[], lang: Lang): Problem[] {
  const first = policies[0].policy;
  return policies
    .filter((lp) => lp.policy.cadence !== first.cadence)
    .map((lp) => {
      const src = loadedSource(lp, lang);
      const at = overrideKeys(src.value).includes("cadence") ? ["overrides", "cadence"] : ["cadence"];
      return {
        file: lp.file,
        ...src.locate(at),
        message: tr(
          lang,
          `${policyId(lp.policy)} draws per ${lp.policy.cadence}, but ${policyId(first)} per ${first.cadence}: the policies of a simulation are compared period by period, so they must draw at the same cadence`,
          `${policyId(lp.policy)} 按${cadenceText(lp.policy.cadence, lang)}抽查，而 ${policyId(first)} 按${cadenceText(first.cadence, lang)}抽查：同一模拟中的各方案逐期比较，抽查周期必须相同`,
        ),
      };
    });
}

/**
 * The simulator gives the rules an enterprise's static facts and its grade ({@link SIMULATED_FACTS}),
 * of its inspection history the days since its latest inspection, those of the last twelve months
 * and the latest one's result ({@link SIMULATED_HISTORY_FACTS}), and the facts the policy declares,
 * as the district's enterprise file gives them; it keeps no name or grading date of an enterprise,
 * and a district it generates (from the scenario file `generated`) has no declared fact, so a rule
 * reading one would be evaluated without it. Each such rule is named at the first condition reading
 * one (in a variant's file, at the rule it overrides, or at the top when its rules come from the base).
 */
function unmodelledReads(policies: readonly LoadedPolicy[], lang: Lang, generated?: string): Problem[] {
  return policies.flatMap((lp) => {
    const declared = (fact: string) => Object.hasOwn(lp.policy.facts ?? {}, fact);
    const reads = lp.policy.rules.flatMap((rule, i) => {
      const [first] = factsRead(rule.conditions, ["rules", i, "conditions"]).filter(
        (x) =>
          !(SIMULATED_FACTS as readonly string[]).includes(x.fact) &&
          !simulatedHistory.includes(x.fact) &&
          !(declared(x.fact) && generated === undefined),
      );
      return first ? [{ rule: rule.name, ...first }] : [];
    });
    if (!reads.length) return [];
    const src = loadedSource(lp, lang);
    const modelled = [...SIMULATED_FACTS, ...simulatedHistory].join(", ");
    return reads.map((x) => ({
      file: lp.file,
      ...src.locate(x.path),
      message: declared(x.fact)
        ? tr(
            lang,
            `rule ${x.rule} of ${policyId(lp.policy)} reads ${x.fact}, a fact the policy declares, which the district's enterprise file gives; ${generated} generates its district, which has none: give the district's enterprise file (population.enterprises, or --enterprises)`,
            `${policyId(lp.policy)} 的规则 ${x.rule} 使用了政策声明的事实 ${x.fact}，该事实来自本辖区的企业名录；${generated} 的辖区为生成的模拟数据，没有这一事实：请给出本辖区的企业名录（population.enterprises 或 --enterprises）`,
          )
        : tr(
            lang,
            `rule ${x.rule} of ${policyId(lp.policy)} reads ${x.fact}, which the simulator does not keep of an enterprise (its rules may read ${modelled}, and the facts the policy declares)`,
            `${policyId(lp.policy)} 的规则 ${x.rule} 使用了事实 ${x.fact}，模拟器不保留企业的这一事实（规则只能使用 ${modelled}，以及政策声明的事实）`,
          ),
    }));
  });
}

/**
 * The policies of a simulation read one enterprise file, each declared fact of it as one type (a
 * list split, a number checked: see prepare.ts): a fact that a policy declares of another type
 * than an earlier one did (both read by their rules) is named at its declaration, with the policy
 * that declared it first.
 */
function declaredTwice(policies: readonly LoadedPolicy[], lang: Lang): Problem[] {
  const first = new Map<string, { type: string; by: string }>();
  return policies.flatMap((lp) =>
    Object.entries(lp.policy.facts ?? {}).flatMap(([name, { type }]) => {
      // Only a fact the rules read is read of the file.
      if (!factsReadBy(lp.policy).has(name)) return [];
      const earlier = first.get(name);
      if (!earlier) first.set(name, { type, by: policyId(lp.policy) });
      if (!earlier || earlier.type === type) return [];
      return [
        {
          file: lp.file,
          ...loadedSource(lp, lang).locate(["facts", name, "type"]),
          message: tr(
            lang,
            `${policyId(lp.policy)} declares ${name} a ${type} fact, but ${earlier.by} a ${earlier.type} fact: the policies of a simulation read one enterprise file, so a fact they declare must be of one type`,
            `${policyId(lp.policy)} 将 ${name} 声明为 ${type} 型事实，而 ${earlier.by} 声明为 ${earlier.type} 型：同一模拟中的各政策读取同一份企业名录，声明的事实类型必须一致`,
          ),
        },
      ];
    }),
  );
}

/**
 * Without the scenario's `behaviour.findingResults` (`coded`), a simulated inspection finds a
 * problem or none, and a problem found has no code of its own (see last-results.ts): a condition on
 * `lastResult` that some problem codes meet and others do not (`lastResult equal rectified`) could
 * not be decided of it. A condition comparing `lastResult` with another fact is refused with or
 * without. Each such condition is named at its place.
 */
function undecidedResults(policies: readonly LoadedPolicy[], lang: Lang, coded: boolean): Problem[] {
  return policies.flatMap((lp) => {
    const found: { rule: string; path: NodePath; en: string; zh: string; compared?: boolean }[] = [];
    lp.policy.rules.forEach((rule, i) => {
      walkConditions(rule.conditions, ["rules", i, "conditions"], (c, path) => {
        if (!("fact" in c)) return;
        const other = valueFact(c);
        if (other !== undefined && (c.fact === "lastResult" || other === "lastResult"))
          found.push({
            rule: rule.name,
            path: c.fact === "lastResult" ? [...path, "fact"] : [...path, "value", "fact"],
            en: "compares lastResult with another fact",
            zh: "将 lastResult 与另一事实比较",
            compared: true,
          });
        else if (c.fact === "lastResult" && !coded) {
          const split = undecidedOutcomes(c);
          if (split)
            found.push({
              rule: rule.name,
              path: [...path, "value"],
              en: `compares lastResult so that some codes of a problem found meet it (${split.holds.join(", ")}) and others do not (${split.fails.join(", ")})`,
              zh: `对 lastResult 的比较使部分“发现问题”类代码成立（${split.holds.join("、")}）而其余不成立（${split.fails.join("、")}）`,
            });
        }
      });
    });
    if (!found.length) return [];
    const src = loadedSource(lp, lang);
    return found.map((x) => ({
      file: lp.file,
      ...src.locate(x.path),
      message: x.compared
        ? tr(
            lang,
            `rule ${x.rule} of ${policyId(lp.policy)} ${x.en}, which the simulator does not model; compare lastResult with result codes (none, ${PROBLEM_CODES.join(", ")}…)`,
            `${policyId(lp.policy)} 的规则 ${x.rule} ${x.zh}，模拟器不支持；请将 lastResult 与检查结果代码比较（none、${PROBLEM_CODES.join("、")}…）`,
          )
        : tr(
            lang,
            `rule ${x.rule} of ${policyId(lp.policy)} ${x.en}: a simulated inspection finds a problem or none, without saying which problem, so the rule cannot be decided of it; give the scenario's behaviour.findingResults (the share of findings recorded with each problem code; gradedraw calibrate counts them from the district's results), compare lastResult with none (未发现问题), or list every problem code (${PROBLEM_CODES.join(", ")})`,
            `${policyId(lp.policy)} 的规则 ${x.rule} ${x.zh}：模拟的检查只区分发现问题与否，不区分是哪种问题，无法据此判定该规则；请在情景的 behaviour.findingResults 中给出发现问题时各结果代码的比例（gradedraw calibrate 可从本辖区检查结果统计），或将 lastResult 与 none（未发现问题）比较，或列出全部“发现问题”类代码（${PROBLEM_CODES.join("、")}）`,
          ),
    }));
  });
}

/** The most treatments a simulated policy may have: a slot's treatment is kept in a byte (Int8Array, −1 for none). */
export const MOST_TREATMENTS = 127;

/**
 * A policy of more treatments than {@link MOST_TREATMENTS}, which the simulator's tables could not
 * number (the 128th would be read as another): named at its `treatments`.
 */
function tooManyTreatments(policies: readonly LoadedPolicy[], lang: Lang): Problem[] {
  return policies.flatMap((lp) => {
    const count = Object.keys(lp.policy.treatments).length;
    if (count <= MOST_TREATMENTS) return [];
    const src = loadedSource(lp, lang);
    const value = src.value as { treatments?: unknown } | undefined;
    return [
      {
        file: lp.file,
        ...src.locate(value && typeof value === "object" && "treatments" in value ? ["treatments"] : []),
        message: tr(
          lang,
          `${policyId(lp.policy)} has ${count} treatments; the simulator compares policies of at most ${MOST_TREATMENTS}`,
          `${policyId(lp.policy)} 有 ${count} 种处理方式；模拟器只能比较至多 ${MOST_TREATMENTS} 种处理方式的政策`,
        ),
      },
    ];
  });
}
