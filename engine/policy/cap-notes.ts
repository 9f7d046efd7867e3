/** What `validate` notes of a policy's caps: a cap of count 0, which keeps every enterprise of its treatment from a draw. */
import { type Lang, tr } from "../lang.js";
import type { Problem } from "../problem.js";
import { overrideKeys } from "./overlay.js";
import { type LoadedPolicy, policyId } from "./types.js";
import { windowText } from "./vocabulary.js";
import { loadedSource } from "./yaml-source.js";

/**
 * A treatment in the pool whose cap counts 0 inspections allowed: every enterprise of it is over
 * its cap, so the draw takes none of them. Where 0 is written for "no limit" (as many forms read
 * 0), the treatment's enterprises are silently never inspected; where none is meant, `pool: false`
 * says so. Noted at the cap's `count` (in a variant, at the override that set it or put the
 * treatment in the pool; a cap a variant takes from its base, noted there, is the base's to note).
 */
export function zeroCapNotes(policies: readonly LoadedPolicy[], lang: Lang): Problem[] {
  return policies.flatMap((lp) => {
    const zero = Object.entries(lp.policy.treatments).filter(([, t]) => t.pool && t.cap?.count === 0);
    if (!zero.length) return [];
    const src = loadedSource(lp);
    const overrides = overrideKeys(src.value);
    const base =
      lp.extends === undefined ? undefined : policies.find((b) => policyId(b.policy) === lp.extends);
    return zero.flatMap(([name, t]) => {
      let at: { line: number; col: number };
      if (lp.extends === undefined) at = src.locate(["treatments", name, "cap", "count"]);
      else {
        const set = overrides.find(
          (k) =>
            k === `treatments.${name}` ||
            k === `treatments.${name}.pool` ||
            k.startsWith(`treatments.${name}.cap`),
        );
        const inBase = base?.policy.treatments[name];
        if (set === undefined && inBase?.pool && inBase.cap?.count === 0) return [];
        at = set === undefined ? src.locate(["extends"]) : src.locate(["overrides", set], true);
      }
      const window = t.cap?.window ?? "";
      return [
        {
          file: lp.file,
          ...at,
          message: tr(
            lang,
            `note: treatment \`${name}\`'s cap allows 0 inspections in ${window}, so every enterprise of it is over its cap and none is ever drawn (a cap's count is the inspections allowed, not 0 for no limit): for no limit leave \`cap\` out; for none, write \`pool: false\``,
            `提示：处理方式 \`${name}\` 的上限为“${windowText(window, "zh")}内至多 0 次”，其所有企业均已达上限，永远不会被抽中（count 为允许的检查次数，0 不表示不限）：不设上限请删去 \`cap\`；不抽查请写 \`pool: false\``,
          ),
        },
      ];
    });
  });
}
