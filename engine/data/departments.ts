/** Department names as files write them against the policy's: one written another way (市场监督管理局 for 市场监管局), several joined in one cell, and the notices and refusal that say so. */
import { type Lang, someOf, tr } from "../lang.js";
import { joinedParts, parseList } from "./values.js";

const PEOPLE = { en: "", zh: "人" };
const FIRMS = { en: "", zh: "家" };

/** Whether the characters of `short` stand in `long` in order (市场监管局 in 淮安区市场监督管理局). */
function within(short: string, long: string): boolean {
  let at = 0;
  for (const ch of long) if (at < short.length && ch === short[at]) at++;
  return at === short.length;
}

/**
 * The department of the policy a department written another way most likely is: the one whose
 * characters stand in order in it, or it in the one (市场监督管理局 for 市场监管局, 人力资源和社会保障局
 * for 人社局, 应急局 for 应急管理局); none when no one, or more than one, does.
 */
export function likelyDepartment(name: string, known: readonly string[]): string | undefined {
  const near = known.filter((k) => within(k, name) || within(name, k));
  return near.length === 1 ? near[0] : undefined;
}

/** A foreign department with its count, and the policy's department it most likely is. */
function foreignNamed(
  d: string,
  n: number,
  known: readonly string[],
  unit: { en: string; zh: string },
  lang: Lang,
) {
  const likely = likelyDepartment(d, known);
  const parts = likely ? undefined : joinedDepartments(d, known);
  if (parts)
    return lang === "zh"
      ? `${d}（${n} ${unit.zh}：多个部门请用“;”分隔，${parts.join(";")}）`
      : `${d} (${n}: separate departments with ';', ${parts.join(";")})`;
  return lang === "zh"
    ? `${d}（${n} ${unit.zh}${likely ? `，是否即政策中的 ${likely}？` : ""}）`
    : `${d} (${n}${likely ? `; the policy's ${likely}?` : ""})`;
}

/**
 * The policy's departments a name joins with a mark a list is not separated by (市场监管局/人社局,
 * 市场监管局 人社局), when every part is one; undefined otherwise.
 */
export function joinedDepartments(name: string, known: readonly string[]): string[] | undefined {
  const parts = joinedParts(name, true);
  return parts.length > 1 && parts.every((p) => known.includes(p)) ? parts : undefined;
}

/**
 * The departments enterprises name that none of a policy's items does (市场监督管理局 where the
 * policy writes 市场监管局), each with how many enterprises name it, and how many enterprises name
 * only such departments: no task's pool holds those.
 */
export function foreignDepartments(
  departments: readonly (readonly string[])[],
  known: readonly string[],
): { names: [string, number][]; stranded: number } {
  const ours = new Set(known);
  const names = new Map<string, number>();
  let stranded = 0;
  for (const [list, n] of listCounts(departments)) {
    if (list.length === 0) continue;
    if (!list.some((d) => ours.has(d))) stranded += n;
    for (const d of list) if (!ours.has(d)) names.set(d, (names.get(d) ?? 0) + n);
  }
  return { names: [...names].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])), stranded };
}

/**
 * How many enterprises name each list of departments (each enterprise's list, in `departments`),
 * by the list itself: a million enterprises share a few hundred lists (the readers and the
 * synthetic district keep one copy of each), so a count of departments goes over lists, not
 * enterprises. A list written twice (two copies alike) is counted as two, which sums the same.
 */
export function listCounts(departments: readonly (readonly string[])[]): Map<readonly string[], number> {
  const counts = new Map<readonly string[], number>();
  for (const list of departments) counts.set(list, (counts.get(list) ?? 0) + 1);
  return counts;
}

/**
 * Why a draw is refused for the departments an enterprise file names: the policy's departments
 * joined by a slash or a space (市场监管局/人社局), with how many enterprises name each, which no
 * task's pool of those departments would hold; undefined where none is.
 */
export function joinedDepartmentsRefusal(
  found: { names: [string, number][] },
  known: readonly string[],
  lang: Lang,
): string | undefined {
  const joined = found.names.flatMap(([d, n]) => {
    const parts = joinedDepartments(d, known);
    return parts ? [{ d, n, parts }] : [];
  });
  if (!joined.length) return undefined;
  const count = joined.reduce((sum, j) => sum + j.n, 0);
  return tr(
    lang,
    `${count} enterprise(s) name the policy's departments joined by a slash or a space, not separated: ${someOf(
      joined.map((j) => `${j.d} (${j.n}: ${j.parts.join(";")})`),
      lang,
    )}; separate departments with ';', or those enterprises are in no pool of those departments`,
    `${count} 家企业的监管部门把政策中的多个部门用斜杠或空格连在一起，未分隔：${someOf(
      joined.map((j) => `${j.d}（${j.n} 家：${j.parts.join(";")}）`),
      lang,
    )}；多个部门请用“;”分隔，否则这些企业不在相应部门的抽取范围内`,
  );
}

/**
 * The departments of inspectors that none of a policy's items has, said for their file (an
 * inspector of one is never drawn): nothing when there are none.
 */
export function foreignInspectorNotice(
  inspectors: readonly { readonly department: string }[],
  known: readonly string[],
  file: string,
  lang: Lang,
): string[] {
  const found = foreignDepartments(
    inspectors.map((i) => [i.department]),
    known,
  ).names;
  if (found.length === 0) return [];
  const named = (d: string, n: number, lang: Lang) => {
    // An inspector of several departments, as a list writes them: an inspector is drawn for one.
    const parts = parseList(d);
    if (parts.length > 1 && parts.every((p) => known.includes(p)))
      return lang === "zh"
        ? `${d}（${n} 人：每名执法人员按一个部门抽取，请填写 ${parts.join("或")} 之一）`
        : `${d} (${n}: an inspector is drawn for one department: write the one, ${parts.join(" or ")})`;
    return foreignNamed(d, n, known, PEOPLE, lang);
  };
  return [
    tr(
      lang,
      `note: ${file} has inspectors of department(s) that no item of the policy has, who are never drawn: ${found.map(([d, n]) => named(d, n, "en")).join(", ")}; the policy's are ${known.join(", ")}: is a department written another way?`,
      `提示：${file} 中有执法人员所属部门不是政策检查事项涉及的部门，他们不会被抽中：${found.map(([d, n]) => named(d, n, "zh")).join("、")}；政策为 ${known.join("、")}：部门名称是否写法不同？`,
    ),
  ];
}

/** What {@link foreignDepartments} found, said for the file it was found in (nothing when it found nothing). */
export function foreignNotice(
  found: { names: [string, number][]; stranded: number },
  known: readonly string[],
  file: string,
  lang: Lang,
): string[] {
  if (found.names.length === 0) return [];
  const en = someOf(
    found.names.map(([d, n]) => foreignNamed(d, n, known, FIRMS, "en")),
    "en",
  );
  const zh = someOf(
    found.names.map(([d, n]) => foreignNamed(d, n, known, FIRMS, "zh")),
    "zh",
  );
  return [
    tr(
      lang,
      `note: ${file} names department(s) that no item of the policy has: ${en}; the policy's are ${known.join(", ")}; ${found.stranded ? `${found.stranded} enterprise(s) name no other and are in no task's pool` : "their enterprises are drawn through their other departments only"}: is a department written another way?`,
      `提示：${file} 中的部门 ${zh}不是政策检查事项涉及的部门（政策为 ${known.join("、")}）；${found.stranded ? `${found.stranded} 家企业只属于这些部门，不在任何任务的抽取范围内` : "相关企业只通过其他部门被抽取"}：部门名称是否写法不同？`,
    ),
  ];
}
