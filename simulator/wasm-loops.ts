/**
 * Pieces of WebAssembly code that the simulator's kernels are written with: a function's
 * parameters and locals by name, a loop over the slots, and loads and stores of array elements.
 */
import { get, i32, mem, Op, set, Type, VOID, type WasmFunction } from "../engine/wasm.js";

/** A function's parameters and locals by name, in order, and its body's instructions. */
export function kernel(
  name: string,
  params: Record<string, Type>,
  locals: Record<string, Type>,
  body: (at: Record<string, number>) => number[],
): WasmFunction {
  const at = Object.fromEntries([...Object.keys(params), ...Object.keys(locals)].map((k, j) => [k, j]));
  return { name, params: Object.values(params), locals: Object.values(locals), body: body(at) };
}

/** The value types of the loops' parameters and locals, short. */
export const I = Type.I32;
export const F = Type.F64;

/** `for (i = 0; i < n; i++) { body }` over the local `i`. */
export const forSlots = (i: number, n: number, body: number[]): number[] => [
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
export const address = (base: number[], index: number[], shift: number): number[] => [
  ...base,
  ...index,
  ...(shift ? [...i32(shift), Op.I32Shl] : []),
  Op.I32Add,
];

/** The byte (unsigned), i32 or double at `array[index]`, both locals. */
export const byteOf = (array: number, index: number): number[] => [
  ...address(get(array), get(index), 0),
  ...mem(Op.I32Load8U, 0, 0),
];
export const i32Of = (array: number, index: number): number[] => [
  ...address(get(array), get(index), 2),
  ...mem(Op.I32Load, 2, 0),
];
export const f64Of = (array: number, index: number): number[] => [
  ...address(get(array), get(index), 3),
  ...mem(Op.F64Load, 3, 0),
];

/** Adds the i32 value `value` (0 or 1 or a count) to the double at `addr`. */
export const addToF64 = (addr: number[], value: number[]): number[] => [
  ...addr,
  ...addr,
  ...mem(Op.F64Load, 3, 0),
  ...value,
  Op.F64ConvertI32U,
  Op.F64Add,
  ...mem(Op.F64Store, 3, 0),
];
