/**
 * The past of the demo's district: its inspections of 2024 and 2025, and the grades the provincial
 * platform pushed in 2025, both as the demo's scenario has enterprises behave. `calibrate` and the
 * simulation's checks then find in the district's own files the behaviour the scenario assumes:
 * each grade's hit rate (violation × detection) by the grade a visit met, and the grade changes
 * from one half-year to the next, without and after a finding.
 *
 * The grade history begins on 2025-01-01 and ends at each enterprise's grade in the enterprise
 * file (on its gradedOn). It could not begin earlier: the scenario's grade changes move a district
 * of the demo's grade mix (A 32%, B 55%) towards one of more A's, and no mix two years before it
 * leads there (three half-years back, the share of C would be below zero). So the grades of 2025's
 * first day are drawn from the mix that becomes the file's in two half-years, and each enterprise's
 * changes from there to its grade in the file as the scenario's transitions have them, given that
 * end: counted over the district, the changes are the scenario's. A visit of 2024 is before its
 * enterprise's first known grade, as in a district whose platform's history begins later.
 */
import seedrandom from "seedrandom";
import { GRADE_KEYS as KEYS, type GradeKey as Key } from "../simulator/grades.js";
import type { Scenario } from "../simulator/scenario.js";
import type { GradePush } from "./data/read-grades.js";
import type { Enterprise, HistoryEntry } from "./data/records.js";
import { addDays } from "./period.js";
import { weightedPicker } from "./synthetic.js";
import { sha256Hex } from "./tickets.js";

/** The district's past inspections, and the grades pushed before the enterprise file's. */
export interface DemoPast {
  readonly history: HistoryEntry[];
  readonly grades: GradePush[];
}

/** The visits: of an enterprise in this share, one, on a day of the two years from FIRST_VISIT_DAY. */
const VISITED = 0.35;
const VISIT_DAYS = 730;
const FIRST_VISIT_DAY = "2024-01-01";
/** The days a visit may be on, in order. */
const VISIT_DATES = Array.from({ length: VISIT_DAYS }, (_, d) => addDays(FIRST_VISIT_DAY, d));
/** Of the visits, this share drawn at random; the others on a complaint. */
const RANDOM = 0.7;
/** The pushes of the grade history: the first days of the half-years before the file's grades. */
const PUSHES = ["2025-01-01", "2025-07-01"] as const;

/**
 * The past of `enterprises` under `behaviour`, the same for the same `key`. The visits (which
 * enterprises, their days and kinds) are drawn as the demo drew them before it had a grade history,
 * so a draw or simulation counting them is unchanged; only their results and the pushes depend on
 * the grades.
 */
export function demoPast(
  enterprises: readonly Enterprise[],
  behaviour: Scenario["behaviour"],
  key: string,
): DemoPast {
  const random = seedrandom.alea(sha256Hex(`${key}|history`));
  const grading = seedrandom.alea(sha256Hex(`${key}|grades`));
  const { violation, detection } = behaviour;
  const hit = (g: Key) => violation[g] * detection;
  const chain = pastChain(enterprises, behaviour);
  const history: HistoryEntry[] = [];
  const grades: GradePush[] = [];
  for (const e of enterprises) {
    if (random() >= VISITED) {
      if (graded(e)) grades.push(...pushes(e, chain.path(e, undefined, 0, grading)));
      continue;
    }
    const date = VISIT_DATES[Math.floor(random() * VISIT_DAYS)];
    const kind = random() < RANDOM ? "random" : "complaint";
    const u = random();
    let found: boolean;
    if (graded(e)) {
      // Its half-year of the chain, where it is one: a visit of 2024 meets the grade of 2025's first
      // day (no push says otherwise), and one on or after gradedOn the file's grade.
      const t = date < PUSHES[0] || date >= e.gradedOn ? undefined : date < PUSHES[1] ? 0 : 1;
      const path = chain.path(e, kind === "random" ? t : undefined, u, grading);
      grades.push(...pushes(e, path));
      const met = date < PUSHES[0] ? path.grades[0] : t === undefined ? (e.grade as Key) : path.grades[t];
      found = kind === "random" && t !== undefined ? path.found : u < hit(met);
    } else found = u < hit(e.grade ?? "ungraded");
    history.push({
      uscc: e.uscc,
      date,
      department: e.departments[0],
      kind,
      result: [found ? "rectified" : "none"],
    });
  }
  return { history, grades };
}

/** An enterprise the chain ends at: graded on a day after the pushes. */
const graded = (e: Enterprise): e is Enterprise & { gradedOn: string } =>
  e.grade !== null && e.gradedOn !== null && e.gradedOn > PUSHES[1];

/** Its pushes: the first day's grade, and the second's where it changed. */
function pushes(e: Enterprise, path: { grades: readonly [Key, Key] }): GradePush[] {
  const [g0, g1] = path.grades;
  const push = (g: Key, gradedOn: string): GradePush => ({
    uscc: e.uscc,
    grade: g === "ungraded" ? null : g,
    gradedOn,
  });
  return g1 === g0 ? [push(g0, PUSHES[0])] : [push(g0, PUSHES[0]), push(g1, PUSHES[1])];
}

type Matrix = number[][];

/** The grades proper, the first of KEYS. */
const GRADED = KEYS.filter((g) => g !== "ungraded");

/**
 * The grades of the two half-years before each enterprise's grade in the file, drawn backwards from
 * it: the first day's from a start mix weighted by how likely each grade leads to the file's, then
 * each change given the grade it must reach. A half-year with a visit drawn at random moves by the
 * `found` transitions where it found a problem (drawn here, with the visit's own number `u`, given the
 * grade reached) and by `normal` otherwise; one without, by `normal`.
 *
 * The start mix is one for each of the three ways an enterprise's half-years can go (a visit drawn
 * at random in the first, in the second, or in neither): the mix the transitions take to the file's
 * in that way. The file's grades do not depend on the visits, so each way must end in the file's
 * mix; drawn from one mix for all, the enterprises visited would be pulled back to the others' end
 * (a B that a finding sent to C drawn less often than the transitions have it).
 */
function pastChain(enterprises: readonly Enterprise[], behaviour: Scenario["behaviour"]) {
  const { transitions, violation, detection } = behaviour;
  // Without transitions, every grade stays as it is.
  const stays = KEYS.map((g) => KEYS.map((h) => (g === h ? 1 : 0)));
  const normal = transitions === "none" ? stays : KEYS.map((g) => KEYS.map((h) => transitions.normal[g][h]));
  const found = transitions === "none" ? stays : KEYS.map((g) => KEYS.map((h) => transitions.found[g][h]));
  const hit = KEYS.map((g) => violation[g] * detection);
  // A half-year with a visit drawn at random: found with the grade's hit rate, then its changes.
  const visited = KEYS.map((_, i) => KEYS.map((_, j) => (1 - hit[i]) * normal[i][j] + hit[i] * found[i][j]));
  const stepsOf = (t: 0 | 1 | undefined) => [t === 0 ? visited : normal, t === 1 ? visited : normal] as const;
  const ends = endMix(enterprises);
  const weighed = (m: Matrix, i: number, beta: readonly number[]) => KEYS.map((_, j) => m[i][j] * beta[j]);
  // A half-year's change from each grade towards `beta` (how likely each grade leads to the file's):
  // the next grades' weights without a finding and after one, and the chance its visit, if any, found one.
  const half = (beta: readonly number[]): HalfYear => {
    const without = KEYS.map((_, i) => weighed(normal, i, beta));
    const after = KEYS.map((_, i) => weighed(found, i, beta));
    const chance = KEYS.map((_, i) => {
      const f = hit[i] * sum(after[i]);
      return f / (f + (1 - hit[i]) * sum(without[i]));
    });
    return { without: without.map(picker), after: after.map(picker), chance };
  };
  // The same for every enterprise of a way (t: the half-year of its visit drawn at random, if any)
  // and a grade in the file: worked out once for each of the 3 × 5.
  const ways = ([0, 1, undefined] as const).map((t) => {
    const step = stepsOf(t);
    const start = startMix(ends, ...step);
    return KEYS.map((_, end) => {
      // How likely each grade leads to the file's: at the second push, and at the first.
      const beta1 = KEYS.map((_, i) => step[1][i][end]);
      const beta0 = KEYS.map((_, i) => sum(weighed(step[0], i, beta1)));
      // None where no grade leads to the file's (the transitions never reach it).
      const weights = KEYS.map((_, i) => start[i] * beta0[i]);
      return {
        start: sum(weights) > 0 ? picker(weights) : undefined,
        first: half(beta1),
        second: half(KEYS.map((_, j) => (j === end ? 1 : 0))),
      };
    });
  });
  return {
    /**
     * The grades of 2025's first day and of the second push's for `e`, and, for a visit drawn at
     * random in half-year `t`, whether it found a problem.
     */
    path(e: Enterprise, t: 0 | 1 | undefined, u: number, random: () => number) {
      const way = ways[t ?? 2][KEYS.indexOf(e.grade as Key)];
      if (!way.start) return { grades: [e.grade, e.grade] as [Key, Key], found: false };
      const g0 = way.start(random);
      const first = move(way.first, g0, t === 0, u, random);
      const second = move(way.second, first.next, t === 1, u, random);
      return {
        grades: [KEYS[g0], KEYS[first.next]] as [Key, Key],
        found: t === 0 ? first.found : second.found,
      };
    },
  };
}

/** A grade's index drawn by the weights of the grades (see weightedPicker). */
type Picker = (random: () => number) => number;
const picker = (weights: readonly number[]): Picker =>
  weightedPicker(
    KEYS.map((_, j) => j),
    (j) => weights[j],
  );

/** A half-year's changes from each grade (see pastChain): the next grade without a finding and after one. */
interface HalfYear {
  readonly without: readonly Picker[];
  readonly after: readonly Picker[];
  readonly chance: readonly number[];
}

/** A half-year's change from grade i: whether its visit, if any, found a problem (its number `u` below the chance), and the next grade. */
function move(h: HalfYear, i: number, withVisit: boolean, u: number, random: () => number) {
  const found = withVisit && u < h.chance[i];
  return { found, next: (found ? h.after : h.without)[i](random) };
}

/** The mix of the file's grades, of the enterprises the chain ends at. */
function endMix(enterprises: readonly Enterprise[]): number[] {
  const ends = KEYS.map(() => 0);
  for (const e of enterprises) if (graded(e)) ends[KEYS.indexOf(e.grade as Key)]++;
  const n = sum(ends);
  return ends.map((c) => (n ? c / n : 0));
}

/**
 * The mix of grades on 2025's first day that the half-years' changes `first` then `second` take to
 * `ends`: `ends` times the inverse of their product, over the grades A to D (an enterprise graded in
 * the file is taken as graded then: no grade leads to ungraded, so its share would be anything). A
 * share below zero (a mix the transitions cannot lead to) is taken as none; `ends` itself where none
 * can be found.
 */
function startMix(ends: readonly number[], first: Matrix, second: Matrix): number[] {
  const g = GRADED.length;
  const both = times(first, second);
  const mix = solve(transpose(both.slice(0, g).map((r) => r.slice(0, g))), ends.slice(0, g));
  const kept = mix ? [...mix.map((x) => Math.max(0, x)), 0] : [...ends];
  const total = sum(kept);
  return total > 0 ? kept.map((x) => x / total) : [...ends];
}

const sum = (xs: readonly number[]) => xs.reduce((a, x) => a + x, 0);
const times = (a: Matrix, b: Matrix): Matrix =>
  a.map((r) => b[0].map((_, j) => sum(r.map((x, k) => x * b[k][j]))));
const transpose = (a: Matrix): Matrix => a[0].map((_, j) => a.map((r) => r[j]));

/** The x of a·x = b by Gaussian elimination with partial pivoting; undefined where a is singular. */
function solve(a: Matrix, b: readonly number[]): number[] | undefined {
  const m = a.map((r, i) => [...r, b[i]]);
  const n = m.length;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    if (Math.abs(m[p][c]) < 1e-12) return undefined;
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((r, i) => r[n] / r[i]);
}
