import type { Lang } from "../../engine/lang.js";
import { loadPolicyFile } from "../../engine/policy/load.js";
import type { LoadedPolicy } from "../../engine/policy/types.js";
import { InputError } from "../../engine/problem.js";

/** Loads one policy file for a command, failing with every problem if it does not validate. */
export function requirePolicy(file: string, lang: Lang): LoadedPolicy {
  const r = loadPolicyFile(file, lang);
  if (!r.policy) throw new InputError(r.problems);
  return r.policy;
}
