import { readEnterprises } from "../engine/data/read.js";
import type { Enterprise } from "../engine/data/records.js";
import { generateDistrict, HUAIAN_LIKE } from "../engine/synthetic.js";
import { GRADE_KEYS, type GradeKey, type Scenario } from "./scenario.js";

/** Grade codes of the columnar state: index into GRADE_KEYS (4 = ungraded). */
export const GRADE_VALUES: readonly (string | null)[] = ["A", "B", "C", "D", null];

/**
 * The population in columns: one slot per enterprise (entrants appended), no per-enterprise
 * objects. Static facts are shared; grades, liveness and inspection history are per run.
 */
export interface Population {
  /** Slots in use (initial enterprises plus entrants so far). */
  n: number;
  readonly capacity: number;
  readonly uscc: string[];
  readonly category: string[];
  readonly industry: (string | null)[];
  readonly region: (string | null)[];
  readonly departments: (readonly string[])[];
  readonly tags: (readonly string[])[];
  readonly abnormal: boolean[];
  /** Grade code per slot (0–3 = A–D, 4 = ungraded). */
  readonly grade: Uint8Array;
  readonly alive: Uint8Array;
  readonly everInspected: Uint8Array;
  /** Day numbers of the last 4 inspections per slot (a ring), -1e9 when none. */
  readonly lastDays: Int32Array;
}

/** The initial enterprises of a scenario: its file, or a synthetic district from its population spec. */
export async function initialEnterprises(s: Scenario): Promise<Enterprise[]> {
  if (s.population.enterprises) return (await readEnterprises(s.population.enterprises)).records;
  const p = s.population;
  const grades = p.grades as Record<GradeKey, number>;
  return generateDistrict(
    {
      ...HUAIAN_LIKE,
      size: p.size ?? HUAIAN_LIKE.size,
      grades,
      keyShare: p.keyShare ?? HUAIAN_LIKE.keyShare,
      individualShare: p.individualShare ?? HUAIAN_LIKE.individualShare,
      industries: p.industries ?? HUAIAN_LIKE.industries,
      regions: p.regions ?? HUAIAN_LIKE.regions,
    },
    s.seed,
  ).enterprises;
}

/** A population with room for `extra` entrants. */
export function makePopulation(enterprises: readonly Enterprise[], extra: number): Population {
  const capacity = enterprises.length + extra;
  const pop: Population = {
    n: enterprises.length,
    capacity,
    uscc: new Array(capacity),
    category: new Array(capacity),
    industry: new Array(capacity),
    region: new Array(capacity),
    departments: new Array(capacity),
    tags: new Array(capacity),
    abnormal: new Array(capacity),
    grade: new Uint8Array(capacity),
    alive: new Uint8Array(capacity),
    everInspected: new Uint8Array(capacity),
    lastDays: new Int32Array(capacity * 4).fill(-1e9),
  };
  enterprises.forEach((e, i) => {
    pop.uscc[i] = e.uscc;
    pop.category[i] = e.category;
    pop.industry[i] = e.industry;
    pop.region[i] = e.region;
    pop.departments[i] = e.departments;
    pop.tags[i] = e.tags;
    pop.abnormal[i] = e.abnormal;
    pop.grade[i] = e.grade === null ? 4 : GRADE_KEYS.indexOf(e.grade as GradeKey);
    pop.alive[i] = 1;
  });
  return pop;
}

/** A copy for one run of one variant: static columns shared, mutable ones copied. */
export function forkPopulation(p: Population): Population {
  return {
    ...p,
    grade: p.grade.slice(),
    alive: p.alive.slice(),
    everInspected: p.everInspected.slice(),
    lastDays: p.lastDays.slice(),
  };
}

/** Adds an entrant in the next free slot: ungraded, with the industry, region and departments of a template enterprise picked by `u` in [0,1). */
export function addEntrant(p: Population, template: readonly Enterprise[], u: number, seed: string): number {
  const i = p.n++;
  const like = template[Math.floor(u * template.length)];
  p.uscc[i] = `NEW${seed.length}-${String(i).padStart(12, "0")}`;
  p.category[i] = like.category;
  p.industry[i] = like.industry;
  p.region[i] = like.region;
  p.departments[i] = like.departments;
  p.tags[i] = [];
  p.abnormal[i] = false;
  p.grade[i] = 4;
  p.alive[i] = 1;
  p.everInspected[i] = 0;
  for (let k = 0; k < 4; k++) p.lastDays[i * 4 + k] = -1e9;
  return i;
}
