/**
 * A scenario's inspectors counted from the district's directory (执法检查人员名录库), where its
 * `resources.inspectors` names the file a draw reads as `--inspectors` rather than giving counts:
 * per department, those a draw on the first period's first day could put on a team (active, their
 * licence valid), each taking part in as many inspections a period as the directory's `capacity`
 * says, or the scenario's `perInspector` where it says none.
 */
import { readInspectors } from "../engine/data/read.js";
import { frameInspectors } from "../engine/draw/outputs.js";
import { staffableByDepartment } from "../engine/draw/roster.js";
import { type Lang, tr } from "../engine/lang.js";
import { loadedSource } from "../engine/policy/yaml-source.js";
import { InputError } from "../engine/problem.js";
import { perInspectorOf, perInspectorProblems } from "./capacity.js";
import type { Resolved } from "./resolve.js";

/**
 * The resolved simulation with its inspectors counted from its directory, and their inspections
 * per period: each department's the sum of its inspectors' capacities (the scenario's perInspector
 * for one the directory gives none), as inspections per inspector. As it was where the scenario
 * gives counts, or they are counted already.
 */
export async function staffFromDirectory(
  resolved: Resolved,
  lang: Lang,
  onNotice?: (notice: string) => void,
): Promise<Resolved> {
  const { scenario, policies, periods } = resolved;
  const r = scenario.resources;
  if (!r.directory || Object.keys(r.inspectors).length) return resolved;
  const start = periods[0].start;
  const items = policies.flatMap((lp) => lp.policy.items);
  const read = await readInspectors(r.directory, { lang }, items);
  for (const n of read.notices) onNotice?.(n);
  // As a draw reads them: an inspector of no licence number nor expiry date, where others have one,
  // has none; and as its teams are made, of those active and licensed, by department in directory order.
  const directory = frameInspectors(read.records);
  const byIndex = staffableByDepartment(directory, start);
  const byDepartment = new Map([...byIndex].map(([d, ks]) => [d, ks.map((k) => directory[k])]));
  const staffed = [...byDepartment.values()].reduce((a, list) => a + list.length, 0);
  if (!staffed)
    throw new InputError([
      {
        file: r.directory,
        line: 0,
        col: 0,
        message: tr(
          lang,
          `none of its ${read.records.length} inspectors is active and licensed on ${start}, when the simulation begins: no team could be made`,
          `其中 ${read.records.length} 名执法人员在模拟开始日 ${start} 均不在岗或执法证无效：无法组成检查组`,
        ),
      },
    ]);
  const departments = [...byDepartment.keys()];
  const inspectors = Object.fromEntries(departments.map((d) => [d, byDepartment.get(d)?.length ?? 0]));
  // A figure of the scenario's is needed for a department with inspectors of no capacity; one it
  // gives a department the directory does not staff is told, as where the scenario gives counts.
  const given = typeof r.perInspector === "number" ? [] : Object.keys(r.perInspector);
  const needed = departments.filter(
    (d) => given.includes(d) || (byDepartment.get(d) ?? []).some((i) => i.capacity === null),
  );
  const at = loadedSource(scenario, lang).at;
  const problems = perInspectorProblems(
    { ...r, inspectors: Object.fromEntries(needed.map((d) => [d, inspectors[d]])) },
    at,
    lang,
    // Of inspectors without a capacity of their own: those needing the scenario's figure.
    { en: "the directory, of inspectors without a capacity,", zh: "名录中无 capacity 的人员中" },
  );
  if (problems.length) throw new InputError(problems);
  const per = (d: string) =>
    (byDepartment.get(d) ?? []).reduce((a, i) => a + (i.capacity ?? perInspectorOf(r, d)), 0) / inspectors[d];
  const figures = departments.map(per);
  const perInspector =
    figures.length && figures.every((f) => f === figures[0]) && typeof r.perInspector === "number"
      ? figures[0]
      : Object.fromEntries(departments.map((d, k) => [d, figures[k]]));
  onNotice?.(
    tr(
      lang,
      `note: ${staffed} of the ${read.records.length} inspectors of ${r.directory} active and licensed on ${start}, the inspectors simulated: ${departments.map((d) => `${d} ${inspectors[d]}`).join(", ")}`,
      `提示：${r.directory} 的 ${read.records.length} 名执法人员中，${start} 在岗且执法证有效的 ${staffed} 名参与模拟：${departments.map((d) => `${d} ${inspectors[d]} 名`).join("、")}`,
    ),
  );
  return { ...resolved, scenario: { ...scenario, resources: { ...r, inspectors, perInspector } } };
}
