/**
 * Each department's load against its inspectors' capacity (SPEC §7's inspector load against
 * capacity, department by department). A visit is staffed by inspectors of the departments that
 * make it, never by another's: a district whose inspectors could take every visit together may
 * still send one department's few inspectors to twice what they can do.
 */
import type { Period } from "../engine/period.js";
import { meanInterval } from "./metrics.js";
import type { Scenario } from "./scenario.js";

/** One department's load against its capacity in a period: the mean over replications and its 95% interval. */
export interface DepartmentLoad {
  readonly period: string;
  readonly department: string;
  readonly mean: number;
  readonly lo: number;
  readonly hi: number;
}

/** The departments whose load is measured: those the scenario gives inspectors, in its order. */
export function loadDepartments(s: Scenario): string[] {
  return Object.entries(s.resources.inspectors)
    .filter(([, n]) => n > 0)
    .map(([d]) => d);
}

/**
 * The inspectors of each measured department a visit takes, by the departments that supervise the
 * enterprise visited (`lists`, see visitLists): at `lists[l] × departments.length + d`. A visit of
 * the policy's departments among them has a team of `team`, or of one of each where they are more
 * (see {@link expectedTeam}); a department the scenario gives no inspectors takes no place.
 */
export function teamShares(
  lists: readonly (readonly string[])[],
  policyDepartments: readonly string[],
  team: number,
  s: Scenario,
  departments: readonly string[],
): Float64Array {
  const D = departments.length;
  const shares = new Float64Array(lists.length * D);
  lists.forEach((list, l) => {
    const visiting = list.filter((d) => policyDepartments.includes(d));
    const staffed = visiting.filter((d) => departments.includes(d));
    const fill = Math.max(team, visiting.length) - visiting.length;
    const expected = expectedTeam(
      staffed.map((d) => s.resources.inspectors[d]),
      staffed.length + fill,
    );
    staffed.forEach((d, k) => {
      shares[l * D + departments.indexOf(d)] = expected[k];
    });
  });
  return shares;
}

/**
 * How many inspectors of each of a visit's departments (`pools`: each one's inspectors) its team
 * of `team` has, in expectation over the tickets. The draw (SPEC §6) walks every inspector of them
 * in ticket order, taking the first of each department and, while places are left, the lowest of
 * the rest; so each inspector in turn is of a department in proportion to those of it not yet
 * passed, and joins where the department has none on the team yet or a place is left. Walked here
 * over what the team can hold so far (which departments it has, how many more of each), each
 * with its probability, until its places are filled.
 */
export function expectedTeam(pools: readonly number[], team: number): readonly number[] {
  const key = `${team}|${pools.join(",")}`;
  let known = teamsWalked.get(key);
  if (!known) {
    known = walkTeam(pools, team);
    teamsWalked.set(key, known);
  }
  return known;
}

/** Teams worked out already, by size and pools: each variant's every replication asks for the same ones. */
const teamsWalked = new Map<string, readonly number[]>();

/** {@link expectedTeam} worked out. */
function walkTeam(pools: readonly number[], team: number): number[] {
  const k = pools.length;
  const fill = Math.max(team, k) - k;
  const expected = pools.map((n) => (n > 0 ? 1 : 0));
  if (fill === 0) return expected;
  type State = { seen: number; took: number[]; p: number };
  let states = new Map<string, State>([["0", { seen: 0, took: new Array(k).fill(0), p: 1 }]]);
  while (states.size) {
    const next = new Map<string, State>();
    for (const { seen, took, p } of states.values()) {
      const left = pools.map((n, d) => n - ((seen >> d) & 1) - took[d]);
      const all = left.reduce((a, b) => a + b, 0);
      if (took.reduce((a, b) => a + b, 0) === fill || all === 0) {
        took.forEach((t, d) => {
          expected[d] += p * t;
        });
        continue;
      }
      left.forEach((n, d) => {
        if (n === 0) return;
        const first = ((seen >> d) & 1) === 0;
        const state = {
          seen: seen | (1 << d),
          took: first ? took : took.map((t, e) => t + (e === d ? 1 : 0)),
          p: (p * n) / all,
        };
        const key = `${state.seen}|${state.took.join(",")}`;
        const had = next.get(key);
        if (had) had.p += state.p;
        else next.set(key, state);
      });
    }
    states = next;
    // A team of dozens over several departments (no office's) has too many ways to be filled to
    // walk them all: its places past each department's first are shared as the inspectors are.
    if (states.size > MOST_STATES) return shareByHeads(pools, fill);
  }
  return expected;
}

/** The most ways a team can be filled that {@link expectedTeam} walks (a team of 24 of four departments takes some 10,000). */
const MOST_STATES = 50_000;

/** A team's places past each department's first in proportion to the departments' inspectors, as many as each has. */
function shareByHeads(pools: readonly number[], fill: number): number[] {
  const all = pools.reduce((a, b) => a + b, 0);
  return pools.map((n) => (n > 0 ? Math.min(n, 1 + (fill * n) / all) : 0));
}

/**
 * Period t's load of each department against its capacity (its inspectors × perInspector), from
 * the period's visits per list of departments, into `out` at `offset + t × departments`.
 */
export function loadsInto(
  out: Float64Array,
  offset: number,
  t: number,
  visits: Float64Array,
  shares: Float64Array,
  capacity: Float64Array,
): void {
  const D = capacity.length;
  for (let d = 0; d < D; d++) {
    let taken = 0;
    for (let l = 0; l < visits.length; l++) taken += visits[l] * shares[l * D + d];
    out[offset + t * D + d] = capacity[d] > 0 ? taken / capacity[d] : 0;
  }
}

const round = (x: number) => Number(x.toPrecision(10));

/**
 * Aggregates the replications' department loads (each run's array from `offset`, period by
 * period, `departments` values each) into rows; `minus` gives paired differences against a
 * baseline. A load is never negative; a difference may be.
 */
export function aggregateLoads(
  periods: readonly Period[],
  departments: readonly string[],
  offset: number,
  reps: readonly Float64Array[],
  minus?: readonly Float64Array[],
): DepartmentLoad[] {
  const rows: DepartmentLoad[] = [];
  const D = departments.length;
  for (let t = 0; t < periods.length; t++)
    for (let d = 0; d < D; d++) {
      const k = offset + t * D + d;
      const { mean, lo, hi } = meanInterval(reps.map((r, i) => r[k] - (minus ? minus[i][k] : 0)));
      rows.push({
        period: periods[t].label,
        department: departments[d],
        mean: round(mean),
        lo: round(minus ? lo : Math.max(lo, 0)),
        hi: round(hi),
      });
    }
  return rows;
}
