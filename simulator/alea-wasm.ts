import { f64, get, i32, mem, moduleBytes, Op, set, Type, VOID, type WasmFunction } from "../engine/wasm.js";

/** The state of an alea generator (seedrandom's): its carry and its three lags. */
export interface AleaState {
  c: number;
  s0: number;
  s1: number;
  s2: number;
}

/** Generators run side by side by {@link aleaFunction}. */
export const LANES = 5;

const STATES = 0;
const OUT = 1;
const COUNT = 2;
const STRIDE = 3;
const AT = 4;
const END = 5;
/** Generator k's array (i32), then its carry, s0, s1 and s2 (f64), then t. */
const ARRAY = (k: number) => 6 + k;
const C = (k: number) => 6 + LANES + 4 * k;
const S0 = (k: number) => C(k) + 1;
const S1 = (k: number) => C(k) + 2;
const S2 = (k: number) => C(k) + 3;
const T = 6 + 5 * LANES;

/**
 * `alea(states, out, count, stride)`: the first `count` numbers of each of five alea generators,
 * generator k's at `out + k·stride` as doubles; `states` holds each one's carry, s0, s1 and s2 as
 * doubles. alea's step in doubles, operation for operation, so the same numbers as seedrandom's:
 * t = 2091639·s0 + c·2⁻³²; s0 = s1; s1 = s2; c = t | 0, which is trunc(t) as 0 ≤ t < 2³¹; s2 = t − c.
 * One step waits on the one before, so the five are interleaved.
 */
export function aleaFunction(): WasmFunction {
  const body: number[] = [];
  for (let k = 0; k < LANES; k++) {
    body.push(...get(OUT), ...get(STRIDE), ...i32(k), Op.I32Mul, Op.I32Add, ...set(ARRAY(k)));
    [C(k), S0(k), S1(k), S2(k)].forEach((local, j) => {
      body.push(...get(STATES), ...mem(Op.F64Load, 3, 32 * k + 8 * j), ...set(local));
    });
  }
  body.push(...get(COUNT), ...i32(3), Op.I32Shl, ...set(END));
  body.push(Op.Block, VOID, Op.Loop, VOID, ...get(AT), ...get(END), Op.I32GeU, Op.BrIf, 1);
  for (let k = 0; k < LANES; k++)
    body.push(
      ...[...f64(2091639), ...get(S0(k)), Op.F64Mul, ...get(C(k)), ...f64(2.3283064365386963e-10), Op.F64Mul],
      ...[Op.F64Add, ...set(T)],
      ...[...get(S1(k)), ...set(S0(k)), ...get(S2(k)), ...set(S1(k))],
      ...[...get(T), Op.F64Trunc, ...set(C(k))],
      ...[...get(ARRAY(k)), ...get(AT), Op.I32Add],
      ...[...get(T), ...get(C(k)), Op.F64Sub, ...set(S2(k)), ...get(S2(k)), ...mem(Op.F64Store, 3, 0)],
    );
  body.push(...get(AT), ...i32(8), Op.I32Add, ...set(AT), Op.Br, 0, Op.End, Op.End);
  return {
    name: "alea",
    params: [Type.I32, Type.I32, Type.I32, Type.I32],
    locals: [Type.I32, Type.I32, ...Array(LANES).fill(Type.I32), ...Array(4 * LANES + 1).fill(Type.F64)],
    body,
  };
}

/** Five arrays in WebAssembly memory and the kernel that fills them. */
export interface AleaLanes {
  readonly arrays: readonly Float64Array[];
  /** Fills [0, count) of array k with generator k's numbers from `states[k]`, for the five at once. */
  fill(states: readonly AleaState[], count: number): void;
}

let compiled: WebAssembly.Module | null | undefined;

/** Five arrays of `capacity` doubles filled by the kernel, or undefined where WebAssembly is missing. */
export function aleaLanes(capacity: number): AleaLanes | undefined {
  if (compiled === undefined) {
    const bytes = moduleBytes([aleaFunction()]);
    compiled =
      typeof WebAssembly !== "undefined" && WebAssembly.validate(bytes)
        ? new WebAssembly.Module(bytes)
        : null;
  }
  if (!compiled) return undefined;
  const { alea, memory } = new WebAssembly.Instance(compiled).exports as {
    alea: AleaKernel;
    memory: WebAssembly.Memory;
  };
  const out = 64 * LANES;
  const stride = 8 * capacity;
  const bytes = out + LANES * stride;
  try {
    memory.grow(Math.max(0, Math.ceil(bytes / 65_536) - memory.buffer.byteLength / 65_536));
  } catch {
    // Past what one WebAssembly memory holds (4 GiB: some hundred million slots), plain arrays.
    return undefined;
  }
  return lanesIn(memory.buffer, alea, 0, out, capacity);
}

/** The kernel's signature: byte offsets of the states and the first array, a count and the arrays' stride in bytes. */
export type AleaKernel = (states: number, out: number, count: number, stride: number) => void;

/**
 * The five arrays of `capacity` doubles at byte `out` of a kernel's memory `buffer`, one after the
 * other, filled by its `alea` from the states at byte `states`.
 */
export function lanesIn(
  buffer: ArrayBufferLike,
  alea: AleaKernel,
  states: number,
  out: number,
  capacity: number,
): AleaLanes {
  const state = new Float64Array(buffer, states, 4 * LANES);
  const stride = 8 * capacity;
  const arrays = Array.from(
    { length: LANES },
    (_, k) => new Float64Array(buffer, out + k * stride, capacity),
  );
  return {
    arrays,
    fill(list, count) {
      list.forEach((s, k) => {
        state.set([s.c, s.s0, s.s1, s.s2], 4 * k);
      });
      alea(states, out, Math.min(count, capacity), stride);
    },
  };
}
