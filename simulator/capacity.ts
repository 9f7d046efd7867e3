/**
 * A scenario's inspection capacity: its inspectors (resources.inspectors) times the inspections one
 * can take part in per period (resources.perInspector), one figure for every department or one per
 * department: a department whose inspectors also answer complaints has fewer for random inspections.
 */
import { type Lang, tr } from "../engine/lang.js";
import { didYouMean, nearestName } from "../engine/policy/vocabulary.js";
import type { Problem } from "../engine/problem.js";
import type { Scenario } from "./scenario.js";

/** A scenario's resources. */
type Resources = Scenario["resources"];

/** The inspections one inspector of `department` can take part in per period. */
export function perInspectorOf(r: Resources, department: string): number {
  return typeof r.perInspector === "number" ? r.perInspector : (r.perInspector[department] ?? 0);
}

/** The inspections all of a department's inspectors can take part in per period. */
export function departmentCapacity(r: Resources, department: string): number {
  return (r.inspectors[department] ?? 0) * perInspectorOf(r, department);
}

/** The inspections all inspectors together can take part in per period. */
export function totalCapacity(r: Resources): number {
  return Object.keys(r.inspectors).reduce((a, d) => a + departmentCapacity(r, d), 0);
}

/**
 * What is wrong with a perInspector given per department: a department it names that inspectors
 * does not (said at its key, with the one it likely means), or a department given inspectors and
 * no figure of its own (said at perInspector). `source` names where the inspectors come from:
 * the scenario's `inspectors`, or the directory of inspectors counted in its place.
 */
export function perInspectorProblems(
  r: Resources,
  at: (path: (string | number)[], key: boolean, message: string) => Problem,
  lang: Lang,
  source: { en: string; zh: string } = { en: "inspectors", zh: " inspectors 中" },
): Problem[] {
  if (typeof r.perInspector === "number") return [];
  const staffed = Object.keys(r.inspectors);
  const given = Object.keys(r.perInspector);
  const unknown = given
    .filter((d) => !staffed.includes(d))
    .map((d) => {
      const near = didYouMean(nearestName(d, staffed));
      return at(
        ["resources", "perInspector", d],
        true,
        tr(
          lang,
          `perInspector gives ${d} a figure, but ${source.en} gives it none${near.en}`,
          `perInspector 给出了 ${d} 的数字，但${source.zh}没有该部门${near.zh}`,
        ),
      );
    });
  const missing = staffed.filter((d) => r.inspectors[d] > 0 && !given.includes(d));
  const none = missing.length
    ? [
        at(
          ["resources", "perInspector"],
          false,
          tr(
            lang,
            `perInspector gives no figure for ${missing.join(", ")}, which ${source.en} staffs: give one for every department, or one number for all`,
            `perInspector 未给出 ${missing.join("、")} 的数字，而${source.zh}有其人员：请逐一给出各部门的数字，或用一个数字统一给出`,
          ),
        ),
      ]
    : [];
  return [...unknown, ...none];
}

/**
 * The inspections per inspector as the report's introduction says them: `up to 60 inspections each
 * per period`, and where departments differ, the most common figure with the others after it,
 * `up to 60 inspections each per period (人社局 30)`, `每人每期最多 60 次检查（人社局 30 次）`.
 */
export function perInspectorPhrase(r: Resources, lang: Lang): string {
  // Of the departments given inspectors: one given none needs no figure.
  const figures = Object.keys(r.inspectors)
    .filter((d) => r.inspectors[d] > 0)
    .map((d) => [d, perInspectorOf(r, d)] as const);
  const counts = new Map<number, number>();
  for (const [, n] of figures) counts.set(n, (counts.get(n) ?? 0) + 1);
  const usual =
    typeof r.perInspector === "number"
      ? r.perInspector
      : ([...counts].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0] ?? 0);
  const others = figures.filter(([, n]) => n !== usual);
  return lang === "zh"
    ? `每人每期最多 ${usual} 次检查${others.length ? `（${others.map(([d, n]) => `${d} ${n} 次`).join("，")}）` : ""}`
    : `up to ${usual} inspections each per period${others.length ? ` (${others.map(([d, n]) => `${d} ${n}`).join(", ")})` : ""}`;
}
