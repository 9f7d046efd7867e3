/**
 * Each enterprise's grades by the day they were given: the grade history's pushes (see
 * read-grades) and the enterprise file's own grade on its gradedOn, and the grade in force on a day.
 */
import type { GradePush } from "../engine/data/read-grades.js";
import type { Enterprise } from "../engine/data/records.js";
import type { GradeKey } from "./grades.js";

/** Each enterprise's grades by the day they were given, the earliest first (by slot of the enterprise file). */
export interface GradeTimeline {
  /** Per slot, its pushes' days (ISO) and grades, in order of day. */
  readonly days: readonly (readonly string[] | undefined)[];
  readonly grades: readonly (readonly GradeKey[] | undefined)[];
  /** Pushes of enterprises the enterprise file does not hold, left out. */
  readonly elsewhere: number;
  /** Enterprises whose grade in the enterprise file differs from the grade history's of the same day (the file's taken). */
  readonly differing: number;
  /** The earliest day of a push, if any. */
  readonly first?: string;
}

/**
 * The timeline of the enterprises of `enterprises` (slot i is enterprises[i]) from the grade
 * history and the enterprise file's own grade on its gradedOn, a push like the others (taken where
 * the history gives another grade that day).
 */
export function gradeTimeline(
  enterprises: readonly Enterprise[],
  pushes: readonly GradePush[],
  slotOf: (uscc: string) => number | undefined,
): GradeTimeline {
  const bySlot: Map<string, GradeKey>[] = [];
  let elsewhere = 0;
  for (const p of pushes) {
    const slot = slotOf(p.uscc);
    if (slot === undefined) {
      elsewhere++;
      continue;
    }
    bySlot[slot] ??= new Map();
    bySlot[slot].set(p.gradedOn, p.grade ?? "ungraded");
  }
  let differing = 0;
  enterprises.forEach((e, slot) => {
    if (e.gradedOn === null) return;
    const grade: GradeKey = e.grade ?? "ungraded";
    bySlot[slot] ??= new Map();
    const pushed = bySlot[slot].get(e.gradedOn);
    if (pushed !== undefined && pushed !== grade) differing++;
    bySlot[slot].set(e.gradedOn, grade);
  });
  const days: (string[] | undefined)[] = new Array(enterprises.length);
  const grades: (GradeKey[] | undefined)[] = new Array(enterprises.length);
  let first: string | undefined;
  for (let slot = 0; slot < enterprises.length; slot++) {
    const m = bySlot[slot];
    if (!m) continue;
    const d = [...m.keys()].sort();
    days[slot] = d;
    grades[slot] = d.map((day) => m.get(day) as GradeKey);
    if (first === undefined || d[0] < first) first = d[0];
  }
  return { days, grades, elsewhere, differing, first };
}

/** The grade of slot `slot` in force on `day`: the latest given on or before it; undefined before its first. */
export function gradeOn(t: GradeTimeline, slot: number, day: string): GradeKey | undefined {
  const d = t.days[slot];
  if (!d || d[0] > day) return undefined;
  let lo = 0;
  let hi = d.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (d[mid] <= day) lo = mid;
    else hi = mid - 1;
  }
  return (t.grades[slot] as GradeKey[])[lo];
}
