/** The buffers a replication works in, kept per population and thread for the next replication. */
import { GRADE_KEYS } from "./grades.js";
import { kept } from "./kept.js";
import { METRIC_GRADES } from "./metrics.js";
import { Arena, type Typed, type TypedOf } from "./period-kernels.js";
import type { PeriodCounts } from "./period-passes.js";
import { forkPopulation, GRADE_VALUES, type Population } from "./population.js";
import { allocStreams, type Streams } from "./streams.js";

const G = METRIC_GRADES.length;

/**
 * The buffers of one variant of a replication, kept for the next replication of the same
 * population in this thread: a replication then allocates nothing large, which spares the page
 * faults of fresh memory and, with several threads, the cost of returning it.
 */
export interface Workspace {
  readonly population: Population;
  readonly candidateOf: Int8Array;
  readonly inTask: Uint8Array;
  readonly visitDeps: Uint8Array;
  /** Per slot: its list of departments (see StaticTable's `listOf`), an entrant's its model's. */
  readonly visitList: Uint16Array;
  readonly members: Int32Array;
  readonly inspected: Uint8Array;
  readonly drawn: Int32Array;
  /** Per treatment and the row of no stratum after them: each period's caps (see {@link eligibleMembers}). */
  readonly caps: { count: Int32Array; from: Int32Array; to: Int32Array };
  /** Per treatment and the row of no stratum: the period's eligible members. */
  readonly counts: Int32Array;
  /** Per metric grade: the period's enterprises alive. */
  readonly gradeCount: Float64Array;
  readonly violationRate: Float64Array;
  readonly cum: Float64Array;
  /** How a finding gets its code (see findingCodesInto). */
  readonly findingAt: Float64Array;
  readonly findingByte: Uint8Array;
  /** The period's counts by grade (see {@link inspectionsToExits}). */
  readonly out: PeriodCounts;
  /**
   * The arena that holds every array above (and the population's columns that the period's
   * passes read), whose kernels then make those passes; absent where WebAssembly is missing or
   * the arena is full, and the passes are made in JavaScript.
   */
  readonly arena?: Arena;
}

const workspaces = new WeakMap<Population, Workspace[]>();

/** This thread's workspace `slot` (a variant's) for a population and a policy of `treatments` treatments. */
export function workspace(base: Population, slot: number, treatments: number): Workspace {
  const list = kept(workspaces, base, () => []);
  const ws = list[slot];
  if (!ws || ws.counts.length !== treatments + 1) list[slot] = makeWorkspace(base, treatments, arenaOf(base));
  return list[slot];
}

/** A workspace for a population and a policy of `treatments` treatments, in `arena` where it fits. */
function makeWorkspace(base: Population, treatments: number, arena: Arena | undefined): Workspace {
  const cap = base.capacity;
  const rows = treatments + 1;
  const make = <T extends Typed>(Type: TypedOf<T>, length: number): T =>
    arena?.alloc(Type, length) ?? new Type(length);
  const into: Population = {
    ...base,
    grade: make(Uint8Array, cap),
    alive: make(Uint8Array, cap),
    everInspected: make(Uint8Array, cap),
    lastDays: make(Int32Array, cap * base.remembered),
    lastResult: make(Uint8Array, cap),
    like: new Int32Array(cap),
  };
  const ws = {
    population: forkPopulation(base, {}, into),
    candidateOf: make(Int8Array, cap * GRADE_VALUES.length),
    inTask: make(Uint8Array, cap),
    visitDeps: make(Uint8Array, cap),
    visitList: new Uint16Array(cap),
    members: make(Int32Array, rows * cap),
    inspected: make(Uint8Array, cap),
    drawn: new Int32Array(cap),
    caps: { count: make(Int32Array, rows), from: make(Int32Array, rows), to: make(Int32Array, rows) },
    counts: make(Int32Array, rows),
    gradeCount: make(Float64Array, G),
    violationRate: make(Float64Array, GRADE_KEYS.length),
    cum: make(Float64Array, 50),
    findingAt: make(Float64Array, 5),
    findingByte: make(Uint8Array, 6),
    out: {
      inspections: make(Float64Array, G),
      found: make(Float64Array, G),
      undetected: make(Float64Array, G),
      byGrade: make(Float64Array, G),
      covered: make(Float64Array, G),
      slots: 0,
    },
  };
  const read = [
    ...[into.grade, into.alive, into.everInspected, into.lastDays, into.lastResult],
    ...[ws.candidateOf, ws.visitDeps, ws.members, ws.inspected],
    ...[ws.caps.count, ws.caps.from, ws.caps.to, ws.counts, ws.gradeCount, ws.violationRate, ws.cum],
    ...[ws.findingAt, ws.findingByte],
    ...[ws.out.inspections, ws.out.found, ws.out.undetected, ws.out.byGrade, ws.out.covered],
  ];
  return arena?.holds(...read) ? { ...ws, arena } : ws;
}

/** This thread's arena for a population's buffers (undefined where WebAssembly is missing). */
const arenas = new WeakMap<Population, Arena | null>();

function arenaOf(base: Population): Arena | undefined {
  return kept(arenas, base, () => Arena.make(base.remembered) ?? null) ?? undefined;
}

const streams = new WeakMap<Population, Streams[]>();

/** Stream arrays for a population, reused by every replication in this thread (each period overwrites what it reads). */
export function streamsOf(base: Population, slot: number): Streams {
  const list = kept(streams, base, () => []);
  list[slot] ??= allocStreams(base.capacity, arenaOf(base));
  return list[slot];
}

/**
 * Makes this thread's buffers for a population's replications under `treatments` (each variant's
 * count, in order), streams included, and maps their pages: what a first replication would do,
 * done by a worker while it waits for the static tables.
 */
export function readyAhead(base: Population, treatments: readonly number[], crn: boolean): void {
  treatments.forEach((t, v) => {
    const ws = workspace(base, v, t);
    const u = !crn || v === 0 ? streamsOf(base, v) : undefined;
    const pop = ws.population;
    // Every array a period writes in full; a stratum's members are a part of theirs.
    ws.arena?.touch(
      pop.grade,
      pop.alive,
      pop.everInspected,
      pop.lastDays,
      pop.lastResult,
      ws.candidateOf,
      ws.inTask,
      ws.visitDeps,
      ws.inspected,
    );
    if (u) ws.arena?.touch(...Object.values(u).filter((a): a is Float64Array => a instanceof Float64Array));
  });
}
