import type { Inspector } from "../data/records.js";
import type { Item } from "../policy/types.js";
import { staffableByDepartment } from "./roster.js";
import { TeamKeyLanes } from "./team-key-lanes.js";
import { TeamKeysAhead, type TeamKeyWorkers, type TeamThreads } from "./team-keys-ahead.js";
import { barId, staffedDepartments, type Visit } from "./teams.js";

/** The keys of each visit's candidates, in the layout of {@link CandidateLayout}. */
export interface TeamKeys {
  /** The keys of visit v's candidates (valid until the keys of another visit are asked for). */
  keysOf(v: number): Float64Array | Promise<Float64Array>;
  close(): Promise<void>;
}

/**
 * Where each visit's candidates come from: the inspectors of its staffed departments (see
 * staffedDepartments) who may be on a team that day (see staffableByDepartment), department
 * after department, each in directory order.
 */
export interface CandidateLayout {
  /** Per visit, its departments by index into `ids`. */
  readonly deps: readonly number[][];
  /** Per visit, its number of candidates. */
  readonly counts: Int32Array;
  /** Per department, the ids of its inspectors in directory order. */
  readonly ids: readonly string[][];
}

/** The layout of the candidates of every visit on `date`. */
export function candidateLayout(
  visits: readonly Visit[],
  inspectors: readonly Inspector[],
  date: string,
): CandidateLayout {
  const byDepartment = staffableByDepartment(inspectors, date);
  const departments = [...byDepartment.keys()];
  const lists = departments.map((d) => byDepartment.get(d) as number[]);
  // Visits of one plan share their lists of departments and items (see computeDraw): each pair of
  // lists is looked up once.
  const known = new Map<readonly string[], Map<readonly Item[], number[]>>();
  const deps = visits.map((v) => {
    let byItems = known.get(v.departments);
    if (!byItems) {
      byItems = new Map();
      known.set(v.departments, byItems);
    }
    let list = byItems.get(v.items);
    if (!list) {
      list = staffedDepartments(v)
        .map((d) => departments.indexOf(d))
        .filter((i) => i >= 0);
      byItems.set(v.items, list);
    }
    return list;
  });
  const counts = Int32Array.from(deps, (list) => list.reduce((n, d) => n + lists[d].length, 0));
  return { deps, counts, ids: lists.map((list) => list.map((k) => inspectors[k].id)) };
}

/**
 * The team keys of a draw: computed ahead in worker threads when there are enough of them
 * (see {@link TeamKeysAhead}), otherwise in this thread as each visit is staffed.
 */
export function teamKeys(
  visits: readonly Visit[],
  inspectors: readonly Inspector[],
  date: string,
  seed: string,
  threads?: TeamThreads,
  started?: TeamKeyWorkers,
): TeamKeys {
  const layout = candidateLayout(visits, inspectors, date);
  return (
    TeamKeysAhead.start(visits, layout, seed, threads, started) ?? new TeamKeysHere(visits, layout, seed)
  );
}

/** Team keys computed in this thread, one visit at a time, four in SIMD lanes (see TeamKeyLanes). */
class TeamKeysHere implements TeamKeys {
  private readonly lanes: TeamKeyLanes;
  private readonly keys: Float64Array;

  constructor(
    private readonly visits: readonly Visit[],
    private readonly layout: CandidateLayout,
    seed: string,
  ) {
    this.lanes = new TeamKeyLanes(
      seed,
      layout.ids.map((list) => list.map(barId)),
    );
    this.keys = new Float64Array(layout.counts.reduce((a, b) => Math.max(a, b), 0));
  }

  keysOf(v: number): Float64Array {
    const code = encoder.encode(this.visits[v].uscc);
    return this.keys.subarray(0, this.lanes.visitInto(code, this.layout.deps[v], this.keys, 0));
  }

  async close(): Promise<void> {}
}

const encoder = new TextEncoder();
