import type { Lang } from "../../engine/lang.js";
import { tr } from "../../engine/lang.js";
import { type Period, today } from "../../engine/period.js";
import { expandPolicyArgs, isFolder } from "../../engine/policy/files.js";
import { loadPolicyFile, loadPolicyFiles } from "../../engine/policy/load.js";
import { type LoadedPolicy, policyId } from "../../engine/policy/types.js";
import { approvedAmong } from "../../engine/policy/versions.js";
import { InputError } from "../../engine/problem.js";
import { Failed } from "../context.js";

/** Loads one policy file for a command, failing with every problem if it does not validate. */
export function requirePolicy(file: string, lang: Lang): LoadedPolicy {
  const r = loadPolicyFile(file, lang);
  if (!r.policy) throw new InputError(r.problems);
  return r.policy;
}

/**
 * The approved version in force on `date` from a folder of versions of one policy (the draw date
 * picks the version), with every version the folder holds. Fails when the folder holds several
 * policies or none is in force.
 */
function policyInForce(dir: string, date: string | undefined, lang: Lang): PolicyAndVersions {
  const { policies, ids } = policiesIn(dir, lang);
  if (ids.length !== 1)
    throw new Failed(
      tr(
        lang,
        `${dir} holds ${ids.length} policies (${ids.join(", ")}); name one file`,
        `${dir} 中有 ${ids.length} 个政策（${ids.join("、")}）；请指定文件`,
      ),
    );
  return { policy: inForceOf(policies, ids, dir, date ?? today(), lang)[0], versions: policies };
}

/** A policy a command names, and the versions of the folder it was taken from (none for a file). */
export interface PolicyAndVersions {
  readonly policy: LoadedPolicy;
  readonly versions: readonly LoadedPolicy[];
}

/** A folder's policy versions, every one valid, and the ids of the policies they are versions of, in the order first met. */
function policiesIn(dir: string, lang: Lang): { policies: LoadedPolicy[]; ids: string[] } {
  const { policies, problems } = loadPolicyFiles(expandPolicyArgs([dir], lang), lang);
  if (problems.length) throw new InputError(problems);
  return { policies, ids: [...new Set(policies.map((p) => p.policy.policy))] };
}

/** The approved version in force on `day` of each policy `ids` names that has one; fails where none has. */
function inForceOf(
  policies: readonly LoadedPolicy[],
  ids: readonly string[],
  dir: string,
  day: string,
  lang: Lang,
): LoadedPolicy[] {
  const found = ids.flatMap((id) => approvedAmong(policies, id, day) ?? []);
  if (!found.length)
    throw new Failed(
      tr(
        lang,
        `no approved version of ${ids.join(", ")} is in force on ${day} in ${dir}`,
        `${dir} 中没有在 ${day} 生效的 ${ids.join("、")} 已批准版本`,
      ),
    );
  return found;
}

/**
 * Notes on the approved versions of a folder (see policyAndVersions) that take effect after `date`
 * but within `period`: a draw made on `date` follows the version in force that day, though most
 * of the period's inspections are made under theirs. None for a file, which names its version.
 */
export function laterVersionNotes(
  { policy: drawn, versions: policies }: PolicyAndVersions,
  date: string,
  period: Period,
  lang: Lang,
): string[] {
  const id = drawn.policy.policy;
  return policies
    .filter((lp) => {
      const from = lp.policy.effective.from;
      // Only a version a draw on its first day would take: one an older version outranks is
      // validate's to say (outrankedVersionNotes).
      return from > date && from <= period.end && approvedAmong(policies, id, from) === lp;
    })
    .sort((a, b) => (a.policy.effective.from < b.policy.effective.from ? -1 : 1))
    .map((lp) => {
      const { version, effective } = lp.policy;
      return tr(
        lang,
        `note: ${policyId(lp.policy)} takes effect on ${effective.from}, within ${period.label}: a draw made on ${date} follows ${drawn.policy.version}, the version in force that day (${drawn.file}); to follow ${version}, draw on or after ${effective.from} (--date)`,
        `提示：${policyId(lp.policy)} 自 ${effective.from} 起生效，在期间 ${period.label} 之内：${date} 进行的抽取按当天生效的 ${drawn.policy.version}（${drawn.file}）执行；如需按 ${version} 执行，请在 ${effective.from} 或之后抽取（--date）`,
      );
    });
}

/** Every policy version a file or a folder holds (its variants too), by `id@version`. */
export function policyVersions(path: string, lang: Lang): Map<string, LoadedPolicy> {
  const loaded = isFolder(path) ? policiesIn(path, lang).policies : [requirePolicy(path, lang)];
  return new Map(loaded.map((lp) => [policyId(lp.policy), lp]));
}

/**
 * The policy a command names: a file, or a folder of versions of one policy, of which the approved
 * version in force on `date` is taken (as a draw on that date would take it).
 */
export function policyFor(path: string, date: string | undefined, lang: Lang): LoadedPolicy {
  return policyAndVersions(path, date, lang).policy;
}

/** {@link policyFor}, with the versions of the folder the policy was taken from (none for a file). */
export function policyAndVersions(path: string, date: string | undefined, lang: Lang): PolicyAndVersions {
  return isFolder(path)
    ? policyInForce(path, date, lang)
    : { policy: requirePolicy(path, lang), versions: [] };
}

/**
 * The names of the inspection items, by code, that `path` gives: a policy file's, or, of a folder,
 * those of each policy's approved version in force on `date` (an office's folder of policies, such
 * as a special campaign's beside the routine one, names the items of every one; the first policy,
 * by id, to name a code names it). Fails, as policyFor, where a folder has no version in force.
 */
export function itemNamesFor(path: string, date: string, lang: Lang): Map<string, string> {
  const folder = isFolder(path) ? policiesIn(path, lang) : undefined;
  const policies = folder
    ? inForceOf(folder.policies, folder.ids.sort(), path, date, lang)
    : [requirePolicy(path, lang)];
  const names = new Map<string, string>();
  for (const p of policies) for (const i of p.policy.items) if (!names.has(i.code)) names.set(i.code, i.name);
  return names;
}
