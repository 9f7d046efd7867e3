/**
 * What a scenario's resources leave out: the load of a period of all inspectors together is
 * measured against their capacity together (resources.inspectors × perInspector), each
 * department's against its own, so a department the policies inspect without inspectors of its
 * own, or inspectors of a department no policy inspects with, changes those figures without a word.
 */
import { listCounts } from "../engine/data/departments.js";
import { type Lang, tr } from "../engine/lang.js";
import { type Policy, policyId } from "../engine/policy/types.js";
import type { Scenario } from "./scenario.js";

/**
 * The notes on a scenario's inspectors (resources.inspectors): a department the policies' items
 * name and the enterprises name, without inspectors; and inspectors of a department no item names.
 * `departments`: each enterprise's list; `known`: the departments of the policies' items.
 */
export function resourceNotices(
  s: Scenario,
  departments: readonly (readonly string[])[],
  known: readonly string[],
  lang: Lang,
): string[] {
  const staffed = s.resources.inspectors;
  const named = new Map<string, number>();
  for (const [list, n] of listCounts(departments))
    for (const d of list) if (known.includes(d)) named.set(d, (named.get(d) ?? 0) + n);
  const notes: string[] = [];
  const without = [...named].filter(([d]) => !(staffed[d] > 0)).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  if (without.length)
    notes.push(
      tr(
        lang,
        `note: ${s.file} gives no inspectors to ${without.map(([d, n]) => `${d} (named by ${n.toLocaleString("en")} enterprise(s))`).join(", ")}, which the policies inspect: their inspections are counted against the others' capacity in the load of all inspectors together, and in no department's own; give their inspectors under resources.inspectors`,
        `提示：${s.file} 未给${without.map(([d, n]) => `${d}（${n} 家企业属其监管）`).join("、")}配置检查人员，而政策会安排其检查：这些检查在全部人员合计的“负荷/能力”中计入其他部门人员的检查能力，不计入任何部门自身的负荷；请在 resources.inspectors 中给出其人员数`,
      ),
    );
  const idle = Object.entries(staffed)
    .filter(([d, n]) => n > 0 && !known.includes(d))
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
  if (idle.length)
    notes.push(
      tr(
        lang,
        `note: ${s.file} gives inspectors to ${idle.map(([d, n]) => `${d} (${n})`).join(", ")}, which no item of the policies names: they never inspect, but are counted in the capacity load is measured against; is a department written another way?`,
        `提示：${s.file} 为 ${idle.map(([d, n]) => `${d}（${n} 人）`).join("、")} 配置了检查人员，但政策的检查事项不涉及该部门：这些人员不会被安排检查，却计入“负荷/能力”中的检查能力；部门名称是否写法不同？`,
      ),
    );
  return notes;
}

/**
 * The note on policies whose teams are larger than the scenario's (resources.teamSize): their draws
 * staff teams of their own teamSize, which their load counts (a variant raising it is compared by
 * it); a scenario's larger teams are the office's practice, and counted as they are.
 */
export function teamSizeNotice(s: Scenario, policies: readonly Policy[], lang: Lang): string[] {
  const larger = policies.filter((p) => p.teamSize > s.resources.teamSize);
  if (!larger.length) return [];
  const named = larger.map((p) => `${policyId(p)} (${p.teamSize})`);
  const namedZh = larger.map((p) => `${policyId(p)}（${p.teamSize} 人）`);
  return [
    tr(
      lang,
      `note: ${s.file} assumes teams of ${s.resources.teamSize}, but ${named.join(", ")} ${larger.length > 1 ? "staff" : "staffs"} larger teams (teamSize), as ${larger.length > 1 ? "their" : "its"} draws would: ${larger.length > 1 ? "their" : "its"} load counts ${larger.length > 1 ? "those" : "that"}`,
      `提示：${s.file} 假设检查组 ${s.resources.teamSize} 人，而 ${namedZh.join("、")}的检查组更大（teamSize），抽查时即按此选派：其负荷按该人数计算`,
    ),
  ];
}
