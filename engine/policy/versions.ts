import { type Lang, tr } from "../lang.js";
import { addDays } from "../period.js";
import type { Problem } from "../problem.js";
import { expandPolicyArgs } from "./files.js";
import { loadPolicyFiles } from "./load.js";
import { type LoadedPolicy, policyId } from "./types.js";
import { loadedSource } from "./yaml-source.js";

/** True when a policy version is in force on a date (effective.from ≤ date ≤ effective.to). */
export function inForce(lp: LoadedPolicy, date: string): boolean {
  const { from, to } = lp.policy.effective;
  return from <= date && (to === undefined || date <= to);
}

/**
 * Picks the approved version of `policyId` in force on `date` from a folder of versions: of
 * several in force, the one that took effect last (then the highest version) wins.
 */
export function approvedInForce(
  dir: string,
  policyId: string,
  date: string,
): { policy?: LoadedPolicy; problems: Problem[] } {
  const { policies, problems } = loadPolicyFiles(expandPolicyArgs([dir]));
  return { policy: approvedAmong(policies, policyId, date), problems };
}

/** The approved version of `policyId` in force on `date` among versions loaded, as approvedInForce picks it. */
export function approvedAmong(
  policies: readonly LoadedPolicy[],
  policyId: string,
  date: string,
): LoadedPolicy | undefined {
  const candidates = policies.filter(
    (p) => p.policy.policy === policyId && p.policy.status === "approved" && inForce(p, date),
  );
  candidates.sort((a, b) =>
    a.policy.effective.from === b.policy.effective.from
      ? compareSemver(a.policy.version, b.policy.version)
      : a.policy.effective.from < b.policy.effective.from
        ? -1
        : 1,
  );
  return candidates[candidates.length - 1];
}

/** Compares two semantic versions (pre-releases before the release). */
export function compareSemver(a: string, b: string): number {
  const parse = (v: string) => {
    const [core, pre] = v.split("-", 2);
    return { nums: core.split(".").map(Number), pre };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) if (x.nums[i] !== y.nums[i]) return x.nums[i] - y.nums[i];
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  return x.pre < y.pre ? -1 : 1;
}

/**
 * Notes on approved versions that an older approved version outranks: a newer version whose `from`
 * is before an older one's, still in force on that day, gives way to the older then (of the
 * versions in force, the one that took effect last is drawn), so it is drawn only until the day
 * before; most often its `from` is mistyped. One note a newer version, at its `from`, naming the
 * older version it first gives way to.
 */
export function outrankedVersionNotes(policies: readonly LoadedPolicy[], lang: Lang): Problem[] {
  const approved = policies.filter((p) => p.policy.status === "approved");
  const notes: Problem[] = [];
  for (const newer of approved) {
    const { from, to } = newer.policy.effective;
    const older = approved
      .filter(
        (o) =>
          o.policy.policy === newer.policy.policy &&
          compareSemver(o.policy.version, newer.policy.version) < 0 &&
          o.policy.effective.from > from &&
          (to === undefined || o.policy.effective.from <= to),
      )
      .sort((a, b) => (a.policy.effective.from < b.policy.effective.from ? -1 : 1))[0];
    if (!older) continue;
    const id = policyId(newer.policy);
    const on = older.policy.effective.from;
    const until = addDays(on, -1);
    notes.push({
      file: newer.file,
      ...loadedSource(newer).locate(["effective", "from"]),
      message: tr(
        lang,
        `note: ${id} takes effect on ${from}, before the older ${older.policy.version} (from ${on}, ${older.file}): of the versions in force, the one that took effect last is drawn, so from ${on} draws take ${older.policy.version}, and ${newer.policy.version} only until ${until}; is its \`from\` mistyped?`,
        `提示：${id} 自 ${from} 起生效，早于较旧的 ${older.policy.version}（自 ${on} 起，${older.file}）：生效的各版本中取最后生效的一个，因此自 ${on} 起抽取使用 ${older.policy.version}，${newer.policy.version} 只用到 ${until}；其 \`from\` 是否写错？`,
      ),
    });
  }
  return notes;
}
