import type { Enterprise } from "../engine/data/records.js";
import type { FactColumn } from "../engine/data/unmatched.js";
import type { Policy } from "../engine/policy/types.js";
import type { DistrictColumns } from "../engine/synthetic.js";
import { GRADE_KEYS, type GradeKey } from "./grades.js";

/** Grade codes of the columnar state: index into GRADE_KEYS (4 = ungraded). */
export const GRADE_VALUES: readonly (string | null)[] = ["A", "B", "C", "D", null];

/**
 * The population in columns: one slot per enterprise (entrants appended), no per-enterprise
 * objects. Static facts are shared; grades, liveness and inspection history are per run. An
 * entrant is modelled on an initial enterprise (`like`): it takes that one's category, industry,
 * region and departments, with its own code, no tags and no abnormal listing.
 */
export interface Population {
  /** Slots in use (initial enterprises plus entrants so far). */
  n: number;
  readonly capacity: number;
  /** Initial enterprises: slots 0 to initial − 1. */
  readonly initial: number;
  /** Code per slot (entrants' codes are made up, one per slot). */
  readonly uscc: string[];
  /** Category, industry, region and departments of the initial enterprises (entrants: see `like`). */
  readonly category: string[];
  readonly industry: (string | null)[];
  readonly region: (string | null)[];
  readonly departments: (readonly string[])[];
  /** Tags and abnormal listing per slot (entrants: none). */
  readonly tags: (readonly string[])[];
  readonly abnormal: boolean[];
  /**
   * The facts the compared policies declare (`facts:`) that their rules read, by name: each initial
   * enterprise's value as the enterprise file gives it (entrants: their model's). Absent from a
   * generated district, which has none (a rule reading one is refused, see policy-checks.ts).
   */
  readonly declared: Readonly<Record<string, readonly unknown[]>>;
  /** Grade code per slot (0–3 = A–D, 4 = ungraded). */
  readonly grade: Uint8Array;
  readonly alive: Uint8Array;
  readonly everInspected: Uint8Array;
  /** How many inspections a slot remembers (see {@link inspectionsRemembered}): 4, or a larger power of two. */
  readonly remembered: number;
  /** Day numbers of the last `remembered` inspections per slot, the latest first, -1e9 when none. */
  readonly lastDays: Int32Array;
  /** The result of each slot's latest inspection, as rules read `lastResult` (see last-results.ts; 0 when none). */
  readonly lastResult: Uint8Array;
  /** For an entrant, the initial slot it is modelled on; -1 for initial enterprises. */
  readonly like: Int32Array;
}

/** A typed array's constructor: Uint8Array, Int8Array, Int32Array… */
type TypedArrayOf<T> = { new (buffer: SharedArrayBuffer): T; readonly BYTES_PER_ELEMENT: number };

/**
 * A zeroed typed array of `length` in shared memory. The population's columns and static tables
 * are read-only once made (runs copy what they change), so worker threads are sent them without
 * a copy: copying their some 8 MB (100,000 enterprises, four policies) cost each side 30–60 ms.
 */
export function sharedArray<T>(Type: TypedArrayOf<T>, length: number): T {
  return new Type(new SharedArrayBuffer(length * Type.BYTES_PER_ELEMENT));
}

/** The tags of an enterprise with none. */
export const NO_TAGS: readonly string[] = Object.freeze([]);

/** The slot whose category, industry, region and departments slot i has: itself, or the one it is modelled on. */
export function modelOf(p: Population, i: number): number {
  const j = p.like[i];
  return j < 0 ? i : j;
}

/**
 * How many inspections a slot must remember for the caps of these policies to be counted as a
 * draw counts them: at least the largest cap count that a run of `periods` periods can reach, with
 * the `past` inspections the most inspected enterprise of the district's history brings (a slot is
 * inspected at most once a period; a cap of more inspections than that never binds), and at least
 * 4 (or `least`, what the rules' history facts need: see historyRemembered), rounded up to a
 * power of two. A cap of count c is over when c inspections fall in its window; the c latest are
 * then among them, so remembering c is enough, and fewer is not: a slot that remembered 4 would
 * never be over a cap of 6 a year drawn monthly.
 */
export function inspectionsRemembered(
  policies: readonly Policy[],
  periods: number,
  past = 0,
  least = 4,
): number {
  let most = Math.max(4, least);
  for (const p of policies)
    for (const t of Object.values(p.treatments))
      if (t.cap && t.cap.count <= periods + past) most = Math.max(most, t.cap.count);
  return 2 ** Math.ceil(Math.log2(most));
}

/**
 * The initial enterprises' values of a fact, as the notice on words no enterprise has reads them
 * (see unmatched.ts): an office's own fact (industry, region, departments, tags) or a declared one.
 */
export function populationFacts(p: Population): FactColumn {
  return (fact) => {
    switch (fact) {
      case "industry":
        return p.industry;
      case "region":
        return p.region;
      case "departments":
        return p.departments;
      case "tags":
        return p.tags.slice(0, p.initial);
      default:
        return p.declared[fact] ?? [];
    }
  };
}

/**
 * A population with room for `extra` entrants, each slot remembering `remembered` inspections (a
 * power of two, see {@link inspectionsRemembered}), keeping the `declared` facts of its enterprises.
 * The enterprises are not kept: only their columns.
 */
export function makePopulation(
  enterprises: readonly Enterprise[],
  extra: number,
  remembered = 4,
  declared: readonly string[] = [],
): Population {
  const pop = emptyPopulation(
    enterprises.length,
    extra,
    remembered,
    Object.fromEntries(declared.map((name) => [name, enterprises.map((e) => e.extra[name])])),
  );
  enterprises.forEach((e, i) => {
    pop.uscc[i] = e.uscc;
    pop.category[i] = e.category;
    pop.industry[i] = e.industry;
    pop.region[i] = e.region;
    pop.departments[i] = e.departments;
    pop.tags[i] = e.tags;
    pop.abnormal[i] = e.abnormal;
    pop.grade[i] = gradeCode(e.grade);
  });
  return pop;
}

/**
 * The population of a synthetic district made in columns (see generateDistrictColumns): the same
 * as {@link makePopulation} of the district's enterprises, without an object per enterprise.
 */
export function districtPopulation(
  district: DistrictColumns,
  extra: number,
  remembered = 4,
  declared: readonly string[] = [],
): Population {
  const initial = district.size;
  // A generated enterprise has no declared fact (see policy-checks.ts, which refuses rules reading one).
  const pop = emptyPopulation(
    initial,
    extra,
    remembered,
    Object.fromEntries(declared.map((name) => [name, new Array(initial).fill(undefined)])),
  );
  for (let i = 0; i < initial; i++) {
    pop.uscc[i] = district.uscc[i];
    pop.category[i] = district.category[i];
    pop.industry[i] = district.industry[i];
    pop.region[i] = district.region[i];
    pop.departments[i] = district.departments[i];
    pop.tags[i] = NO_TAGS;
    pop.abnormal[i] = district.abnormal[i];
    pop.grade[i] = gradeCode(district.grade[i]);
  }
  return pop;
}

/** A grade's code in the columns (see GRADE_VALUES). */
const gradeCode = (g: string | null) => (g === null ? 4 : GRADE_KEYS.indexOf(g as GradeKey));

/**
 * A population of `initial` enterprises, their columns to be filled, every one alive, and room for
 * `extra` entrants, each with its own code, no tags and no abnormal listing.
 */
function emptyPopulation(
  initial: number,
  extra: number,
  remembered: number,
  declared: Record<string, readonly unknown[]>,
): Population {
  const capacity = initial + extra;
  const pop: Population = {
    n: initial,
    capacity,
    initial,
    uscc: new Array(capacity),
    category: new Array(initial),
    industry: new Array(initial),
    region: new Array(initial),
    departments: new Array(initial),
    tags: new Array(capacity),
    abnormal: new Array(capacity),
    declared,
    grade: sharedArray(Uint8Array, capacity),
    alive: sharedArray(Uint8Array, capacity),
    everInspected: sharedArray(Uint8Array, capacity),
    remembered,
    lastDays: sharedArray(Int32Array, capacity * remembered).fill(-1e9),
    lastResult: sharedArray(Uint8Array, capacity),
    like: sharedArray(Int32Array, capacity).fill(-1),
  };
  pop.alive.fill(1, 0, initial);
  for (let i = initial; i < capacity; i++) {
    pop.uscc[i] = `NEW-${String(i).padStart(12, "0")}`;
    pop.tags[i] = NO_TAGS;
    pop.abnormal[i] = false;
  }
  return pop;
}

/** A copy for one run of one variant: static columns shared (or replaced), mutable ones copied (into `into`'s arrays when given). */
export function forkPopulation(
  p: Population,
  replace: Partial<Pick<Population, "tags" | "abnormal">> = {},
  into?: Population,
): Population {
  const copy = <T extends Uint8Array | Int32Array>(from: T, to: T | undefined): T => {
    if (!to) return from.slice() as T;
    to.set(from);
    return to;
  };
  // Built field by field in the order of makePopulation, so every population has one object
  // shape and the period loops stay optimised whichever population they are given.
  return {
    n: p.n,
    capacity: p.capacity,
    initial: p.initial,
    uscc: p.uscc,
    category: p.category,
    industry: p.industry,
    region: p.region,
    departments: p.departments,
    tags: replace.tags ?? p.tags,
    abnormal: replace.abnormal ?? p.abnormal,
    declared: p.declared,
    grade: copy(p.grade, into?.grade),
    alive: copy(p.alive, into?.alive),
    everInspected: copy(p.everInspected, into?.everInspected),
    remembered: p.remembered,
    lastDays: copy(p.lastDays, into?.lastDays),
    lastResult: copy(p.lastResult, into?.lastResult),
    like: copy(p.like, into?.like),
  };
}

/** Adds an entrant in the next free slot: ungraded, modelled on the initial enterprise picked by `u` in [0,1). */
export function addEntrant(p: Population, u: number): number {
  const i = p.n++;
  p.like[i] = Math.floor(u * p.initial);
  p.grade[i] = 4;
  p.alive[i] = 1;
  p.everInspected[i] = 0;
  const r = p.remembered;
  p.lastDays.fill(-1e9, i * r, i * r + r);
  p.lastResult[i] = 0;
  return i;
}
