/**
 * Draws refused for their enterprises' departments and grades: a directory none of whose
 * enterprises a task's pool could hold, or that would be drawn as all ungraded. Each would be
 * made, and recorded, drawing nobody or everyone alike, without a word.
 */
import { undrawable } from "../data/drawable.js";
import type { Enterprise } from "../data/records.js";
import { type Lang, tr } from "../lang.js";
import { policyDepartments } from "../plan.js";
import type { Policy } from "../policy/types.js";
import { DrawError } from "./request.js";

/**
 * The refusal of a draw from enterprises none of which names a supervising department or has a
 * credit grade (see {@link undrawable}); undefined when it may be made.
 */
export function refuseUndrawable(
  enterprises: readonly Enterprise[],
  policy: Policy,
  lang: Lang,
  /** What the list's names say of grades, after the reason that none has one (see gradesInNames). */
  gradeNames = "",
): DrawError | undefined {
  const reasons = undrawable(enterprises, policyDepartments(policy));
  if (reasons.length === 0) return undefined;
  return new DrawError(
    reasons.map((u) => u[lang] + (u.column === "grade" ? gradeNames : "")),
    "enterprises",
  );
}

/**
 * The refusal of a task none of whose departments an enterprise names (given with --departments):
 * its pool would be empty, and the draw made, and recorded, drawing nobody. Undefined when one
 * does (a directory naming none of the policy's is refused by refuseUndrawable).
 */
export function emptyTaskPool(
  enterprises: readonly Enterprise[],
  departments: readonly string[],
  lang: Lang,
): string | undefined {
  const wanted = new Set(departments);
  const named = new Map<string, number>();
  for (const e of enterprises)
    for (const d of e.departments) {
      if (wanted.has(d)) return undefined;
      named.set(d, (named.get(d) ?? 0) + 1);
    }
  if (!named.size) return undefined;
  const most = [...named].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 5);
  return tr(
    lang,
    `no enterprise names a department of the task (${departments.join(", ")}): its pool would be empty, and the draw would record nobody drawn (the file names ${most.map(([d, n]) => `${d} ${n.toLocaleString("en")}`).join(", ")}); is a department written another way in the file, or is --departments another task's?`,
    `没有企业属于本任务的部门（${departments.join("、")}）：抽取范围将为空，抽取将记录为未抽中任何企业（文件中为 ${most.map(([d, n]) => `${d} ${n} 家`).join("、")}）；文件中的部门名称是否写法不同，或 --departments 是否为其他任务的？`,
  );
}
