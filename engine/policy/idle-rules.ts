/** Rules of a valid policy that decide no enterprise's treatment under the hit policy: most often a mistyped priority or condition. */
import { type Lang, tr } from "../lang.js";
import type { Problem } from "../problem.js";
import { type CoverageCell, coverage } from "./coverage.js";
import { overrideKeys } from "./overlay.js";
import { type LoadedPolicy, type Policy, policyId, type Rule } from "./types.js";
import { gradeLabel, gradeText } from "./vocabulary.js";
import { loadedSource } from "./yaml-source.js";

/** A rule that decides no enterprise's treatment, and why. */
export interface IdleRule {
  readonly index: number;
  readonly rule: Rule;
  /**
   * The grade × category cells it may match (none: no grade and category satisfy its conditions),
   * in each of which a rule of higher priority, certain to match, decides first: those rules.
   */
  readonly cells: readonly CoverageCell[];
  readonly outrankedBy: readonly Rule[];
}

const priorityOf = (r: Rule) => r.priority ?? 1;

/**
 * The rules of a policy that can decide no enterprise's treatment: those that match no grade ×
 * category, and those outranked wherever they may match by a rule of higher priority that
 * matches every enterprise there (the hit policy gives the highest priority's treatment).
 */
export function idleRules(policy: Policy): IdleRule[] {
  const cells = coverage(policy);
  const idle: IdleRule[] = [];
  policy.rules.forEach((rule, index) => {
    const reached = cells.filter((c) => c.certain.includes(rule) || c.possible.includes(rule));
    const outrankedBy = new Set<Rule>();
    for (const cell of reached) {
      // `certain` is sorted by priority, highest first.
      const top = cell.certain.find((r) => r !== rule);
      if (!top || priorityOf(top) <= priorityOf(rule)) return;
      outrankedBy.add(top);
    }
    idle.push({ index, rule, cells: reached, outrankedBy: [...outrankedBy] });
  });
  return idle;
}

/**
 * Notes for the rules of valid policies that decide no enterprise (see {@link idleRules}): each at
 * the rule, or for a variant at the override that changed it (at its `extends` where none did,
 * unless its base is among the policies, whose note says it).
 */
export function idleRuleNotes(policies: readonly LoadedPolicy[], lang: Lang): Problem[] {
  const notes: Problem[] = [];
  for (const lp of policies) {
    const idle = idleRules(lp.policy);
    if (!idle.length) continue;
    const base =
      lp.extends === undefined ? undefined : policies.find((b) => policyId(b.policy) === lp.extends);
    const idleInBase = new Set(base ? idleRules(base.policy).map((i) => i.rule.name) : []);
    const src = loadedSource(lp);
    const overrides = overrideKeys(src.value);
    for (const i of idle) {
      let at: { line: number; col: number };
      if (lp.extends === undefined) at = src.locate(["rules", i.index]);
      else {
        // The override of the rule, or of a rule that outranks it (a priority raised above it).
        const rules = [i.rule, ...i.outrankedBy].flatMap((r) => [r.name, String(lp.policy.rules.indexOf(r))]);
        const changed = overrides.find((k) => {
          const [list, which] = k.split(".");
          return list === "rules" && rules.includes(which);
        });
        if (changed === undefined && idleInBase.has(i.rule.name)) continue;
        at = changed === undefined ? src.locate(["extends"]) : src.locate(["overrides", changed], true);
      }
      notes.push({ file: lp.file, ...at, message: idleMessage(i, lang) });
    }
  }
  return notes;
}

function idleMessage(i: IdleRule, lang: Lang): string {
  const name = i.rule.name;
  if (!i.cells.length)
    return tr(
      lang,
      `note: rule \`${name}\` matches no enterprise: no grade and category satisfy its conditions`,
      `提示：规则 \`${name}\` 不匹配任何企业：没有哪个信用等级与企业类别满足其条件`,
    );
  const where = cellsText(i.cells, lang);
  const rules = i.outrankedBy.length > 1 ? "rules" : "rule";
  const by = i.outrankedBy.map((r) => `\`${r.name}\` (${priorityOf(r)})`).join(", ");
  const byZh = i.outrankedBy.map((r) => `\`${r.name}\`（${priorityOf(r)}）`).join("、");
  return tr(
    lang,
    `note: rule \`${name}\` (priority ${priorityOf(i.rule)}) decides no enterprise's treatment: every enterprise it matches (${where}) is decided first by ${rules} ${by} of higher priority, so treatment \`${i.rule.event.params.name}\` is not given by it; is a priority or a condition mistyped?`,
    `提示：规则 \`${name}\`（优先级 ${priorityOf(i.rule)}）不会决定任何企业的处理方式：其匹配的企业（${where}）均先由优先级更高的规则 ${byZh}决定，处理方式 \`${i.rule.event.params.name}\` 不会经它给出；优先级或条件是否写错？`,
  );
}

/** Cells as `C, D × key; D × general`: the grades of each category. */
function cellsText(cells: readonly CoverageCell[], lang: Lang): string {
  const byCategory = new Map<string, string[]>();
  for (const c of cells)
    byCategory.set(c.category, [...(byCategory.get(c.category) ?? []), gradeText(gradeLabel(c.grade), lang)]);
  return [...byCategory]
    .map(([category, grades]) => `${grades.join(lang === "zh" ? "、" : ", ")} × ${category}`)
    .join(lang === "zh" ? "；" : "; ");
}
