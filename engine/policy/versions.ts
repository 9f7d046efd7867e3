import type { Problem } from "../problem.js";
import { expandPolicyArgs } from "./files.js";
import { loadPolicyFiles } from "./load.js";
import type { LoadedPolicy } from "./types.js";

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
  return { policy: candidates[candidates.length - 1], problems };
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
