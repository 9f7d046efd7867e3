/** What `validate` notes of a policy's treatments: one that no rule gives and that is not the default, which no enterprise gets. */
import { type Lang, tr } from "../lang.js";
import type { Problem } from "../problem.js";
import { overrideKeys } from "./overlay.js";
import type { LoadedPolicy, Policy } from "./types.js";
import { loadedSource } from "./yaml-source.js";

/** The treatments of a policy that no rule's event names and that are not its default. */
export function unusedTreatments(p: Policy): string[] {
  const given = new Set([...p.rules.map((r) => r.event.params.name), p.default]);
  return Object.keys(p.treatments).filter((name) => !given.has(name));
}

/**
 * A treatment of valid policies that no enterprise can get: most often a rule's event naming it
 * another way, or a treatment left from an earlier version whose rule was removed. Noted at the
 * treatment's name; in a variant at the override that adds or changes it (one its base leaves
 * unused is the base's to note).
 */
export function unusedTreatmentNotes(policies: readonly LoadedPolicy[], lang: Lang): Problem[] {
  return policies.flatMap((lp) => {
    const unused = unusedTreatments(lp.policy);
    if (!unused.length) return [];
    const src = loadedSource(lp);
    const overrides = overrideKeys(src.value);
    return unused.flatMap((name) => {
      let at: { line: number; col: number };
      if (lp.extends === undefined) at = src.locate(["treatments", name], true);
      else {
        // A variant's rule sent to another treatment leaves the first unused on purpose (b-halved's
        // ungraded treated as B): noted only where the variant adds or changes the treatment itself.
        const set = overrides.find((k) => k === `treatments.${name}` || k.startsWith(`treatments.${name}.`));
        if (set === undefined) return [];
        at = src.locate(["overrides", set], true);
      }
      return [
        {
          file: lp.file,
          ...at,
          message: tr(
            lang,
            `note: treatment \`${name}\` is given by no rule, nor is it the default: no enterprise gets it (is a rule's treatment written another way, or is it left from an earlier version?)`,
            `提示：处理方式 \`${name}\` 没有任何规则给出，也不是默认处理方式：不会有企业适用（规则中的处理方式是否写法不同，或为旧版本遗留？）`,
          ),
        },
      ];
    });
  });
}
