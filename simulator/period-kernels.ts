import { MAX_PAGES, moduleBytes } from "../engine/wasm.js";
import { type AleaKernel, type AleaLanes, aleaFunction, LANES, lanesIn } from "./alea-wasm.js";
import { eligibleFunction, exitsFunction } from "./period-kernel-code.js";
import type { eligibleMembers, inspectionsToExits } from "./period-passes.js";

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

/** The module of the kernels per number of inspections a slot remembers; null where WebAssembly is missing. */
const compiled = new Map<number, WebAssembly.Module | null>();

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

  private constructor(
    module: WebAssembly.Module,
    /** How many inspections the slots given to its kernels remember. */
    readonly remembered: number,
  ) {
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

  /**
   * A new arena whose kernels take slots that remember `remembered` inspections (a power of two,
   * see {@link Population}), or undefined where WebAssembly (or its shared memory) is missing.
   */
  static make(remembered = 4): Arena | undefined {
    let module = compiled.get(remembered);
    if (module === undefined) {
      const bytes = moduleBytes([aleaFunction(), eligibleFunction(remembered), exitsFunction(remembered)], {
        shared: true,
      });
      module =
        typeof WebAssembly !== "undefined" && WebAssembly.validate(bytes)
          ? new WebAssembly.Module(bytes)
          : null;
      compiled.set(remembered, module);
    }
    return module ? new Arena(module, remembered) : undefined;
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

  /**
   * Maps the pages of these arrays (this arena's) ahead of their use, as a thread with nothing
   * else to do can do before its first replication: the first write to a fresh page is a page
   * fault, some 10 µs each on a virtual machine. Each page is written by an atomic add of 0, which
   * faults once, as a write, and leaves what it holds.
   */
  touch(...arrays: readonly Typed[]): void {
    const words = new Int32Array(this.memory.buffer);
    for (const a of arrays) {
      if (!this.made.has(a)) continue;
      for (let i = a.byteOffset; i < a.byteOffset + a.byteLength; i += 4096) Atomics.add(words, i >> 2, 0);
    }
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
    this.remembering(pop);
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
    this.remembering(pop);
    this.kernels.exits(
      n,
      at(pop.alive),
      at(pop.grade),
      at(pop.everInspected),
      at(pop.lastDays),
      at(pop.lastResult),
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
      at(b.findingAt),
      at(b.findingByte),
      at(out.inspections),
      at(out.found),
      at(out.undetected),
      at(out.byGrade),
      at(out.covered),
      0,
    );
    out.slots = this.results.double[0];
  }

  /** Refuses a population whose slots remember another number of inspections than the kernels read. */
  private remembering(pop: { remembered: number }): void {
    if (pop.remembered !== this.remembered)
      throw new Error(`kernels of slots remembering ${this.remembered} inspections given ${pop.remembered}`);
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
