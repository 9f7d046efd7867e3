import {
  get,
  i32,
  MAX_PAGES,
  mem,
  moduleBytes,
  Op,
  set,
  Type,
  tee,
  VOID,
  type WasmFunction,
} from "../engine/wasm.js";
import { type AleaKernel, type AleaLanes, aleaFunction, LANES, lanesIn } from "./alea-wasm.js";
import type { eligibleMembers, inspectionsToExits } from "./period-passes.js";

/**
 * The period loop's two passes over every slot (see eligibleMembers and inspectionsToExits in
 * period-passes.ts, which they copy operation for operation) as WebAssembly, with the arrays they read
 * in its memory. In JavaScript each pass reads a dozen typed arrays given as arguments, and V8
 * checks each one's bounds and finds its memory again at every access; here an array is an offset
 * into one memory, and the two passes take about half the time (bench/cases/period-passes.ts).
 */

/** A function's parameters and locals by name, in order, and its body's instructions. */
function kernel(
  name: string,
  params: Record<string, Type>,
  locals: Record<string, Type>,
  body: (at: Record<string, number>) => number[],
): WasmFunction {
  const at = Object.fromEntries([...Object.keys(params), ...Object.keys(locals)].map((k, j) => [k, j]));
  return { name, params: Object.values(params), locals: Object.values(locals), body: body(at) };
}

const I = Type.I32;
const F = Type.F64;

/** `for (i = 0; i < n; i++) { body }` over the local `i`. */
const forSlots = (i: number, n: number, body: number[]): number[] => [
  ...i32(0),
  ...set(i),
  Op.Block,
  VOID,
  Op.Loop,
  VOID,
  ...get(i),
  ...get(n),
  Op.I32GeU,
  Op.BrIf,
  1,
  ...body,
  ...get(i),
  ...i32(1),
  Op.I32Add,
  ...set(i),
  Op.Br,
  0,
  Op.End,
  Op.End,
];

/** The address `base + index × size` (index and base as instructions that leave an i32). */
const address = (base: number[], index: number[], shift: number): number[] => [
  ...base,
  ...index,
  ...(shift ? [...i32(shift), Op.I32Shl] : []),
  Op.I32Add,
];

/** The byte (unsigned), i32 or double at `array[index]`, both locals. */
const byteOf = (array: number, index: number): number[] => [
  ...address(get(array), get(index), 0),
  ...mem(Op.I32Load8U, 0, 0),
];
const i32Of = (array: number, index: number): number[] => [
  ...address(get(array), get(index), 2),
  ...mem(Op.I32Load, 2, 0),
];
const f64Of = (array: number, index: number): number[] => [
  ...address(get(array), get(index), 3),
  ...mem(Op.F64Load, 3, 0),
];

/** Adds the i32 value `value` (0 or 1 or a count) to the double at `addr`. */
const addToF64 = (addr: number[], value: number[]): number[] => [
  ...addr,
  ...addr,
  ...mem(Op.F64Load, 3, 0),
  ...value,
  Op.F64ConvertI32U,
  Op.F64Add,
  ...mem(Op.F64Store, 3, 0),
];

/**
 * `eligible(n, alive, grade, candidateOf, lastDays, capCount, winFrom, winTo, gradeCount,
 * members, stride, counts, none, result)`: eligibleMembers, the number alive stored at `result`.
 */
export function eligibleFunction(): WasmFunction {
  const p = {
    n: I,
    alive: I,
    grade: I,
    candidateOf: I,
    lastDays: I,
    capCount: I,
    winFrom: I,
    winTo: I,
    gradeCount: I,
    members: I,
    stride: I,
    counts: I,
    none: I,
    result: I,
  };
  const l = {
    i: I,
    a: I,
    g: I,
    ti: I,
    from: I,
    to: I,
    ring: I,
    inWindow: I,
    row: I,
    at: I,
    living: I,
    day: I,
  };
  return kernel("eligible", p, l, (v) => {
    // Whether the k-th day remembered is inside the window: the day loaded once, compared twice.
    const inside = (k: number) => [
      ...get(v.ring),
      ...mem(Op.I32Load, 2, 4 * k),
      ...tee(v.day),
      ...get(v.from),
      Op.I32GeS,
      ...get(v.day),
      ...get(v.to),
      Op.I32LeS,
      Op.I32And,
    ];
    const loop = [
      ...byteOf(v.alive, v.i),
      ...set(v.a),
      ...byteOf(v.grade, v.i),
      ...set(v.g),
      ...get(v.living),
      ...get(v.a),
      Op.I32Add,
      ...set(v.living),
      ...addToF64(address(get(v.gradeCount), get(v.g), 3), get(v.a)),
      // c = candidateOf[i × 5 + g]; −1 (never a candidate) becomes the row of no stratum.
      ...get(v.candidateOf),
      ...get(v.i),
      ...i32(5),
      Op.I32Mul,
      Op.I32Add,
      ...get(v.g),
      Op.I32Add,
      ...mem(Op.I32Load8S, 0, 0),
      ...set(v.ti),
      ...get(v.ti),
      ...get(v.ti),
      ...i32(31),
      Op.I32ShrS,
      ...get(v.none),
      ...i32(1),
      Op.I32Add,
      Op.I32And,
      Op.I32Add,
      ...set(v.ti),
      ...i32Of(v.winFrom, v.ti),
      ...set(v.from),
      ...i32Of(v.winTo, v.ti),
      ...set(v.to),
      ...address(get(v.lastDays), get(v.i), 4),
      ...set(v.ring),
      ...inside(0),
      ...inside(1),
      Op.I32Add,
      ...inside(2),
      Op.I32Add,
      ...inside(3),
      Op.I32Add,
      ...set(v.inWindow),
      ...address(get(v.counts), get(v.ti), 2),
      ...set(v.row),
      ...get(v.row),
      ...mem(Op.I32Load, 2, 0),
      ...set(v.at),
      // members[ti × stride + at] = i
      ...address(get(v.members), [...get(v.ti), ...get(v.stride), Op.I32Mul, ...get(v.at), Op.I32Add], 2),
      ...get(v.i),
      ...mem(Op.I32Store, 2, 0),
      // counts[ti] = at + (a & (inWindow < capCount[ti]))
      ...get(v.row),
      ...get(v.at),
      ...get(v.a),
      ...get(v.inWindow),
      ...i32Of(v.capCount, v.ti),
      Op.I32LtS,
      Op.I32And,
      Op.I32Add,
      ...mem(Op.I32Store, 2, 0),
    ];
    return [...forSlots(v.i, v.n, loop), ...get(v.result), ...get(v.living), ...mem(Op.I32Store, 2, 0)];
  });
}

/**
 * `exits(n, alive, grade, everInspected, lastDays, inspected, visitDeps, violation, detect,
 * transition, exit, today, teamSize, detection, violationRate, cum, hasCum, exitRate,
 * inspections, found, undetected, byGrade, covered, result)`: inspectionsToExits without its
 * totals over grades, the team slots stored at `result` as a double.
 */
export function exitsFunction(): WasmFunction {
  const p = {
    n: I,
    alive: I,
    grade: I,
    everInspected: I,
    lastDays: I,
    inspected: I,
    visitDeps: I,
    violation: I,
    detect: I,
    transition: I,
    exit: I,
    today: I,
    teamSize: I,
    detection: F,
    violationRate: I,
    cum: I,
    hasCum: I,
    exitRate: F,
    inspections: I,
    found: I,
    undetected: I,
    byGrade: I,
    covered: I,
    result: I,
  };
  const l = {
    i: I,
    a: I,
    g: I,
    violating: I,
    f: I,
    deps: I,
    ring: I,
    row: I,
    x: F,
    stays: I,
    slots: F,
  };
  return kernel("exits", p, l, (v) => {
    /** A stream's number for slot i. */
    const u = (stream: number) => f64Of(stream, v.i);
    const byG = (array: number) => address(get(array), get(v.g), 3);
    const shift = (from: number, to: number) => [
      ...get(v.ring),
      ...get(v.ring),
      ...mem(Op.I32Load, 2, 4 * from),
      ...mem(Op.I32Store, 2, 4 * to),
    ];
    /** x ≥ cum[row + k] as 0 or 1. */
    const atLeast = (k: number) => [...get(v.x), ...get(v.row), ...mem(Op.F64Load, 3, 8 * k), Op.F64Ge];
    const inspection = [
      ...addToF64(byG(v.inspections), i32(1)),
      ...byteOf(v.visitDeps, v.i),
      ...set(v.deps),
      // slots += Math.max(deps, teamSize)
      ...get(v.slots),
      ...get(v.deps),
      ...get(v.teamSize),
      ...get(v.deps),
      ...get(v.teamSize),
      Op.I32GtU,
      Op.Select,
      Op.F64ConvertI32U,
      Op.F64Add,
      ...set(v.slots),
      ...get(v.violating),
      ...u(v.detect),
      ...get(v.detection),
      Op.F64Lt,
      Op.I32And,
      ...set(v.f),
      ...address(get(v.lastDays), get(v.i), 4),
      ...set(v.ring),
      ...shift(2, 3),
      ...shift(1, 2),
      ...shift(0, 1),
      ...get(v.ring),
      ...get(v.today),
      ...mem(Op.I32Store, 2, 0),
      ...address(get(v.everInspected), get(v.i), 0),
      ...i32(1),
      ...mem(Op.I32Store8, 0, 0),
    ];
    const transition = [
      ...u(v.transition),
      ...set(v.x),
      // The row of the grade, without a finding from 0 and with one from 25 (doubles).
      ...get(v.cum),
      ...get(v.f),
      ...i32(25),
      Op.I32Mul,
      ...get(v.g),
      ...i32(5),
      Op.I32Mul,
      Op.I32Add,
      ...i32(3),
      Op.I32Shl,
      Op.I32Add,
      ...set(v.row),
      // grade[i] = g = a ? next : g
      ...address(get(v.grade), get(v.i), 0),
      ...atLeast(0),
      ...atLeast(1),
      Op.I32Add,
      ...atLeast(2),
      Op.I32Add,
      ...atLeast(3),
      Op.I32Add,
      ...get(v.g),
      ...get(v.a),
      Op.Select,
      ...set(v.g),
      ...get(v.g),
      ...mem(Op.I32Store8, 0, 0),
    ];
    const loop = [
      ...byteOf(v.alive, v.i),
      ...set(v.a),
      ...byteOf(v.grade, v.i),
      ...set(v.g),
      ...get(v.a),
      ...u(v.violation),
      ...f64Of(v.violationRate, v.g),
      Op.F64Lt,
      Op.I32And,
      ...set(v.violating),
      ...i32(0),
      ...set(v.f),
      ...byteOf(v.inspected, v.i),
      Op.If,
      VOID,
      ...inspection,
      Op.End,
      ...get(v.f),
      Op.If,
      VOID,
      ...addToF64(byG(v.found), i32(1)),
      Op.Else,
      ...get(v.violating),
      Op.If,
      VOID,
      ...addToF64(byG(v.undetected), i32(1)),
      Op.End,
      Op.End,
      ...get(v.hasCum),
      Op.If,
      VOID,
      ...transition,
      Op.End,
      ...get(v.a),
      ...u(v.exit),
      ...get(v.exitRate),
      Op.F64Ge,
      Op.I32And,
      ...set(v.stays),
      ...address(get(v.alive), get(v.i), 0),
      ...get(v.stays),
      ...mem(Op.I32Store8, 0, 0),
      ...addToF64(byG(v.byGrade), get(v.stays)),
      ...addToF64(byG(v.covered), [...get(v.stays), ...byteOf(v.everInspected, v.i), Op.I32And]),
    ];
    return [...forSlots(v.i, v.n, loop), ...get(v.result), ...get(v.slots), ...mem(Op.F64Store, 3, 0)];
  });
}

/** The kernels of one arena: byte offsets into its memory, numbers as they are. */
export interface Kernels {
  alea: AleaKernel;
  eligible(...args: number[]): void;
  exits(...args: number[]): void;
}

/** An array's place in its arena's memory, as the kernels take it. */
const at = (a: Typed): number => a.byteOffset;
/** The arguments of the passes in JavaScript, which the arena's take too. */
type EligibleArgs = Parameters<typeof eligibleMembers>;
type ExitsArgs = Parameters<typeof inspectionsToExits>;

/** The arrays an arena holds. */
export type Typed = Float64Array | Int32Array | Uint8Array | Int8Array;
/** Their constructors. */
export type TypedOf<T extends Typed> = {
  new (length: number): T;
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): T;
  readonly BYTES_PER_ELEMENT: number;
};

let compiled: WebAssembly.Module | null | undefined;

/**
 * Arrays in one WebAssembly memory and the kernels that read them: one arena per population and
 * thread, for its streams and its variants' buffers. The memory is shared, so it grows without
 * detaching the arrays made before; nothing is freed but the whole arena, with its population.
 */
export class Arena {
  readonly kernels: Kernels;
  private readonly memory: WebAssembly.Memory;
  /** The first 64 bytes, where a kernel stores its result. */
  private readonly results: { int: Int32Array; double: Float64Array };
  /** The arrays made here, which alone the kernels may be given. */
  private readonly made = new WeakSet<Typed>();
  /** The next free byte. */
  private next = 64;

  private constructor(module: WebAssembly.Module) {
    const exports = new WebAssembly.Instance(module).exports as unknown as Kernels & {
      memory: WebAssembly.Memory;
    };
    this.kernels = exports;
    this.memory = exports.memory;
    this.results = {
      int: new Int32Array(this.memory.buffer, 0, 1),
      double: new Float64Array(this.memory.buffer, 0, 1),
    };
  }

  /** A new arena, or undefined where WebAssembly (or its shared memory) is missing. */
  static make(): Arena | undefined {
    if (compiled === undefined) {
      const bytes = moduleBytes([aleaFunction(), eligibleFunction(), exitsFunction()], { shared: true });
      compiled =
        typeof WebAssembly !== "undefined" && WebAssembly.validate(bytes)
          ? new WebAssembly.Module(bytes)
          : null;
    }
    return compiled ? new Arena(compiled) : undefined;
  }

  /** `length` zeros of a type, 64-byte aligned; undefined past what the memory can grow to. */
  alloc<T extends Typed>(Type: TypedOf<T>, length: number): T | undefined {
    const start = this.next;
    const end = start + Math.ceil((length * Type.BYTES_PER_ELEMENT) / 64) * 64;
    const pages = Math.ceil(end / 65_536);
    const have = this.memory.buffer.byteLength / 65_536;
    if (pages > MAX_PAGES) return undefined;
    try {
      if (pages > have) this.memory.grow(pages - have);
    } catch {
      return undefined;
    }
    this.next = end;
    const array = new Type(this.memory.buffer, start, length);
    this.made.add(array);
    return array;
  }

  /** Whether every one of these arrays was made here. */
  holds(...arrays: readonly Typed[]): boolean {
    return arrays.every((a) => this.made.has(a));
  }

  /**
   * eligibleMembers of period-passes.ts, with the same arguments, by the kernel: every array must be
   * this arena's (see {@link holds}).
   */
  eligibleMembers(
    n: EligibleArgs[0],
    pop: EligibleArgs[1],
    candidateOf: EligibleArgs[2],
    caps: EligibleArgs[3],
    gradeCount: EligibleArgs[4],
    members: EligibleArgs[5],
    stride: EligibleArgs[6],
    counts: EligibleArgs[7],
  ): number {
    // Each offset written out, not mapped over a list: this runs every period, and V8 optimises
    // it sooner and at less cost without arrays made and spread.
    this.kernels.eligible(
      n,
      at(pop.alive),
      at(pop.grade),
      at(candidateOf),
      at(pop.lastDays),
      at(caps.count),
      at(caps.from),
      at(caps.to),
      at(gradeCount),
      at(members),
      stride,
      at(counts),
      counts.length - 1,
      0,
    );
    return this.results.int[0];
  }

  /** inspectionsToExits of period-passes.ts, with the same arguments, by the kernel (see {@link eligibleMembers}). */
  inspectionsToExits(
    n: ExitsArgs[0],
    pop: ExitsArgs[1],
    inspected: ExitsArgs[2],
    visitDeps: ExitsArgs[3],
    u: ExitsArgs[4],
    b: ExitsArgs[5],
    out: ExitsArgs[6],
  ): void {
    this.kernels.exits(
      n,
      at(pop.alive),
      at(pop.grade),
      at(pop.everInspected),
      at(pop.lastDays),
      at(inspected),
      at(visitDeps),
      at(u.violation),
      at(u.detect),
      at(u.transition),
      at(u.exit),
      b.today,
      b.teamSize,
      b.detection,
      at(b.violationRate),
      b.cum ? at(b.cum) : 0,
      b.cum ? 1 : 0,
      b.exitRate,
      at(out.inspections),
      at(out.found),
      at(out.undetected),
      at(out.byGrade),
      at(out.covered),
      0,
    );
    out.slots = this.results.double[0];
  }

  /** The five per-slot streams of {@link aleaLanes}, here, or undefined when they do not fit. */
  aleaLanes(capacity: number): AleaLanes | undefined {
    const states = this.alloc(Float64Array, 4 * LANES);
    const block = this.alloc(Float64Array, LANES * capacity);
    if (!states || !block) return undefined;
    const lanes = lanesIn(this.memory.buffer, this.kernels.alea, at(states), at(block), capacity);
    for (const array of lanes.arrays) this.made.add(array);
    return lanes;
  }
}
