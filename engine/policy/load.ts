import { dirname, relative } from "node:path";
import { canonicalJson, sha256 } from "../canonical.js";
import { type Lang, tr } from "../lang.js";
import { type Problem, sortProblems } from "../problem.js";
import { extendsMeant, findPolicyFile, keepHeader, nearBases } from "./bases.js";
import { applyOverrides, overridePath } from "./overlay.js";
import { checkSchema, POLICY_SCHEMA_URL, type SchemaError, VARIANT_SCHEMA_URL } from "./schema.js";
import { checkSemantics } from "./semantics.js";
import { type LoadedPolicy, type Policy, policyId } from "./types.js";
import {
  fileProblem,
  isMapping,
  loadedSource,
  parseYaml,
  tableGiven,
  type YamlSource,
} from "./yaml-source.js";
import { readTextFile } from "./yaml-text.js";

/** The outcome of loading policy files: what loaded cleanly, and every problem found. */
export interface LoadResult {
  readonly policies: LoadedPolicy[];
  readonly problems: Problem[];
}

interface VariantFile {
  extends: string;
  overrides: Record<string, unknown>;
  [k: string]: unknown;
}

/** Keys of a variant that replace the base's own (identity and lifecycle of the new version). */
const VARIANT_OWN_KEYS = ["policy", "version", "status", "title", "effective", "approval"] as const;

/**
 * Loads policy files (full policies or `extends` variants), reporting every problem of every file
 * at once, sorted by place. Also flags the same `policy@version` loaded with different content.
 */
export function loadPolicyFiles(files: readonly string[], lang: Lang = "en"): LoadResult {
  const policies: LoadedPolicy[] = [];
  const problems: Problem[] = [];
  for (const file of files) {
    const r = loadPolicyFile(file, lang);
    problems.push(...r.problems);
    if (r.policy) policies.push(r.policy);
  }
  const seen = new Map<string, LoadedPolicy>();
  for (const lp of policies) {
    const id = policyId(lp.policy);
    const first = seen.get(id);
    if (first && first.hash !== lp.hash) {
      const src = loadedSource(lp);
      problems.push({
        file: lp.file,
        ...src.locate(["version"]),
        message: tr(
          lang,
          `${id} is also defined in ${first.file} with different content; change the version`,
          `${id} 在 ${first.file} 中已有不同内容的定义；请更改版本号`,
        ),
      });
    } else if (!first) seen.set(id, lp);
  }
  problems.push(...otherBases(policies, lang));
  return { policies, problems: sortProblems(problems) };
}

/**
 * Variants resolved against another file of their base's version than the one loaded with them,
 * of other content: a variant takes the base beside it (or in its parent folder), so next to
 * `policies/huaian-2021/1.0.0.yaml` a variant in a folder holding an edited copy of 1.0.0 is that
 * copy with its overrides, and a comparison of the two would differ by more than the overrides.
 * The same of two variants whose bases of one version differ, where the base itself is not given.
 * Each is named at its `extends`.
 */
export function otherBases(policies: readonly LoadedPolicy[], lang: Lang): Problem[] {
  // Each base version's content as first met: the file given, else the first variant's base.
  const known = new Map<string, { hash: string; file: string; variant?: string }>();
  for (const lp of policies)
    if (lp.extends === undefined && !known.has(policyId(lp.policy)))
      known.set(policyId(lp.policy), { hash: lp.hash, file: lp.file });
  return policies.flatMap((lp) => {
    if (!lp.base || lp.extends === undefined) return [];
    const first = known.get(lp.extends);
    if (!first) known.set(lp.extends, { ...lp.base, variant: lp.file });
    if (!first || first.hash === lp.base.hash) return [];
    const src = loadedSource(lp);
    const base = lp.base.file;
    const other =
      first.variant === undefined
        ? { en: `${first.file}, given too`, zh: `同时给出的 ${first.file} ` }
        : {
            en: `${first.file}, the base of ${first.variant}`,
            zh: ` ${first.variant} 的基础政策 ${first.file} `,
          };
    return [
      {
        file: lp.file,
        ...src.locate(["extends"]),
        message: tr(
          lang,
          `${lp.extends} is taken from ${base}, beside this variant, whose content differs from ${other.en}: the variant is the first with its overrides; give that file, or keep the variant beside the second`,
          `${lp.extends} 取自本变体旁的 ${base}，其内容与${other.zh}不同：本变体是前者加上其覆盖项；请给出前者，或将本变体放在后者旁边`,
        ),
      },
    ];
  });
}

/** Loads one policy file, resolving `extends` against the policy files beside it. */
export function loadPolicyFile(
  file: string,
  lang: Lang = "en",
  chain: readonly string[] = [],
): { policy?: LoadedPolicy; problems: Problem[] } {
  const table = tableGiven(file, "policy", lang);
  if (table) return { problems: [table] };
  const read = readTextFile(file, lang);
  if (read.problem) return { problems: [read.problem] };
  return loadPolicyText(file, read.text as string, lang, chain);
}

/**
 * Full policies loaded cleanly, by language, file and text: the variants of one policy each load
 * their base, and a simulation of a policy and three variants would otherwise parse and check it
 * four times. A few are kept; each caller is given its own copy.
 */
const loadedPolicies = new Map<string, LoadedPolicy>();
const KEEP_LOADED = 16;

/** Loads policy text (already read) as if it came from `file`. */
export function loadPolicyText(
  file: string,
  text: string,
  lang: Lang = "en",
  chain: readonly string[] = [],
): { policy?: LoadedPolicy; problems: Problem[] } {
  const key = `${lang}\0${file}\0${text}`;
  const kept = loadedPolicies.get(key);
  if (kept) return { policy: { ...kept, policy: structuredClone(kept.policy) }, problems: [] };
  const loaded = loadUncached(file, text, lang, chain);
  if (loaded.policy && !loaded.policy.extends) {
    if (loadedPolicies.size >= KEEP_LOADED)
      loadedPolicies.delete(loadedPolicies.keys().next().value as string);
    loadedPolicies.set(key, { ...loaded.policy, policy: structuredClone(loaded.policy.policy) });
  }
  return loaded;
}

function loadUncached(
  file: string,
  text: string,
  lang: Lang,
  chain: readonly string[],
): { policy?: LoadedPolicy; problems: Problem[] } {
  const src = parseYaml(file, text, lang);
  // What the file says it is, for a variant beside it that looks for its base.
  keepHeader(file, text, src.value);
  if (src.problems.length) return { problems: src.problems };
  const at = src.at;
  const value = src.value;
  if (!isMapping(value))
    return {
      problems: [
        fileProblem(
          file,
          lang,
          "a policy file must be a YAML mapping (policy:, version:, ...)",
          "政策文件必须是 YAML 映射（policy:、version: 等）",
        ),
      ],
    };
  // A scenario given where a policy is expected gets one sentence, not the policy schema's every complaint.
  if (!("policy" in value) && "population" in value && "policies" in value)
    return {
      problems: [
        fileProblem(
          file,
          lang,
          `this is a simulation scenario, not a policy file: run it with gradedraw simulate --scenario ${file}`,
          `这是模拟情景文件，不是政策文件：请用 gradedraw simulate --scenario ${file} 运行`,
        ),
      ],
    };
  if ("extends" in value) return loadVariant(src, value as VariantFile, lang, chain);
  const schemaErrors = checkSchema(POLICY_SCHEMA_URL, value, lang);
  const policy = value as Policy;
  const errors = [...schemaErrors, ...checkSemantics(policy, lang, schemaErrors.length === 0)];
  if (errors.length) return { problems: sortProblems(errors.map((e) => at(e.path, e.key, e.message))) };
  return { policy: { policy, file, hash: policyHash(policy), text: src.text }, problems: [] };
}

/** SHA-256 of the canonical JSON of a resolved policy: the identity recorded with every draw. */
export function policyHash(policy: Policy): string {
  const { $schema: _ignored, ...rest } = policy as Policy & { $schema?: string };
  return sha256(canonicalJson(rest));
}

function loadVariant(
  src: YamlSource,
  v: VariantFile,
  lang: Lang,
  chain: readonly string[],
): { policy?: LoadedPolicy; problems: Problem[] } {
  const file = src.file;
  const at = src.at;
  const schemaErrors = checkSchema(VARIANT_SCHEMA_URL, v, lang);
  if (schemaErrors.length) {
    // `extends` written as the base's file, or its id alone: the id@version meant, where one is near.
    const meant = extendsMeant(v.extends, dirname(file));
    const told = (e: SchemaError) =>
      meant && e.path.length === 1 && e.path[0] === "extends" && !e.key
        ? `${e.message}: ${tr(lang, `for '${v.extends}' write ${meant}`, `“${v.extends}”请写作 ${meant}`)}`
        : e.message;
    return { problems: schemaErrors.map((e) => at(e.path, e.key, told(e))) };
  }
  if (chain.includes(v.extends)) {
    return {
      problems: [
        at(
          ["extends"],
          false,
          tr(
            lang,
            `\`extends\` forms a cycle: ${[...chain, v.extends].join(" → ")}`,
            `\`extends\` 形成循环：${[...chain, v.extends].join(" → ")}`,
          ),
        ),
      ],
    };
  }
  const baseFile = findPolicyFile(v.extends, dirname(file));
  if (!baseFile) {
    return {
      problems: [
        at(
          ["extends"],
          false,
          tr(
            lang,
            `base policy ${v.extends} not found beside this file or in its parent folder${nearBases(v.extends, dirname(file), "en")}`,
            `在本文件所在目录及上级目录中找不到基础政策 ${v.extends}${nearBases(v.extends, dirname(file), "zh")}`,
          ),
        ),
      ],
    };
  }
  const base = loadPolicyFile(baseFile, lang, [...chain, v.extends]);
  if (!base.policy) {
    return {
      problems: [
        at(
          ["extends"],
          false,
          tr(
            lang,
            `base policy ${v.extends} (${relative(dirname(file), baseFile)}) has ${base.problems.length} problem(s)`,
            `基础政策 ${v.extends}（${relative(dirname(file), baseFile)}）有 ${base.problems.length} 个问题`,
          ),
        ),
        ...base.problems,
      ],
    };
  }
  const applied = applyOverrides(base.policy.policy, v.overrides, lang);
  if (!applied.value)
    return { problems: applied.errors.map((e) => at(["overrides", e.key], true, e.message)) };
  const merged: Record<string, unknown> = { ...(applied.value as Record<string, unknown>) };
  for (const k of VARIANT_OWN_KEYS) {
    if (k in v) merged[k] = v[k];
    else if (k === "approval" || k === "effective") delete merged[k];
  }
  if (!merged.effective) merged.effective = base.policy.policy.effective;
  // Each override's path with its list elements by index, as a problem's path has them.
  const overridden = Object.keys(v.overrides).map((k) => [k, overridePath(base.policy?.policy, k)] as const);
  const locateResolved = (path: readonly (string | number)[], message: string): Problem => {
    const dotted = path.join(".");
    const key = overridden.find(
      ([, k]) => dotted === k || dotted.startsWith(`${k}.`) || k.startsWith(`${dotted}.`),
    )?.[0];
    if (key) return at(["overrides", key], true, message);
    const own = VARIANT_OWN_KEYS.find((k) => path[0] === k && k in v);
    return own ? at(path, false, message) : at(["extends"], false, message);
  };
  const schemaResolved = checkSchema(POLICY_SCHEMA_URL, merged, lang);
  if (schemaResolved.length)
    return { problems: schemaResolved.map((e) => locateResolved(e.path, e.message)) };
  const policy = merged as unknown as Policy;
  const semantic = checkSemantics(policy, lang);
  if (semantic.length) return { problems: semantic.map((e) => locateResolved(e.path, e.message)) };
  return {
    policy: {
      policy,
      file,
      hash: policyHash(policy),
      extends: v.extends,
      base: { file: baseFile, hash: base.policy.hash },
      text: src.text,
    },
    problems: [],
  };
}
