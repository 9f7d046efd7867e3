// What the WebAssembly key functions share (see ticket-keys-wasm and team-keys-wasm): their
// parameters, the loop over groups of four digests, and the f64x2 arithmetic their keys are made in.
import { f64, get, i32, Op, Simd, set, simd, Type, tee, VOID, type WasmFunction } from "./wasm.js";

// A key function's parameters (digests, out, count, tables), then its first local: the groups left.
export const DIGESTS = 0;
export const OUT = 1;
const COUNT = 2;
export const TABLES = 3;
const GROUPS = 4;

/** A key function `name(digests, out, count, tables)`: `group` for each group of four digests (see body). */
export function kernel(name: string, locals: readonly Type[], group: readonly number[]): WasmFunction {
  return { name, params: [Type.I32, Type.I32, Type.I32, Type.I32], locals, body: body(group) };
}

/** The loop over the ⌈count / 4⌉ groups of digests: `group` for each, then DIGESTS and OUT step on. */
function body(group: readonly number[]): number[] {
  // groups = ⌈count / 4⌉
  const code: number[] = [...get(COUNT), ...i32(3), Op.I32Add, ...i32(2), Op.I32ShrU, ...set(GROUPS)];
  code.push(Op.Block, VOID, Op.Loop, VOID, ...get(GROUPS), Op.I32Eqz, Op.BrIf, 1);
  code.push(...group);
  code.push(...get(DIGESTS), ...i32(128), Op.I32Add, ...set(DIGESTS));
  code.push(...get(OUT), ...i32(32), Op.I32Add, ...set(OUT));
  code.push(...get(GROUPS), ...i32(1), Op.I32Sub, ...set(GROUPS), Op.Br, 0, Op.End, Op.End);
  return code;
}

/** f64x2 of x in both lanes. */
export const splat = (x: number): number[] => [...f64(x), ...simd(Simd.F64x2Splat)];
/**
 * Lanes 0–1 (half 0) or 2–3 (half 1) of the i32x4 in `local`, as f64x2 of their signed values:
 * every value converted here is a signed 32-bit number (chunks below 2^16, sums below 2^31 in
 * magnitude, keys below 10^5), and the signed conversion is one x64 instruction where the
 * unsigned one is a sequence of them (2 of the 18 ns a fourteen-digit key took).
 */
export const half = (local: number, h: number): number[] => [
  ...get(local),
  ...(h ? [...get(local), ...simd(Simd.Shuffle), ...UPPER_LANES] : []),
  ...simd(Simd.F64x2ConvertLowI32x4S),
];
/** The shuffle of an i32x4 with itself that moves lanes 2–3 to lanes 0–1. */
const UPPER_LANES = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];
/** The f64x2 in `local` with `modulus` added or subtracted (`op`) in the lanes that compare (`cmp`) so with `bound`. */
export const corrected = (local: number, op: Simd, cmp: Simd, bound: number, modulus: number): number[] => [
  ...get(local),
  ...splat(modulus),
  ...simd(op),
  ...get(local),
  ...get(local),
  ...splat(bound),
  ...simd(cmp),
  ...simd(Simd.Bitselect),
  ...set(local),
];
/**
 * x − ⌊x·fl(1/m)⌋·m of the f64x2 on the stack (kept in `temp` meanwhile): x mod m for integers,
 * exactly where m is a power of two; otherwise the floor may be one off where x/m is within
 * rounding of an integer, and the caller corrects the remainder.
 */
export const remainder = (m: number, temp: number): number[] => [
  ...tee(temp),
  ...get(temp),
  ...splat(1 / m),
  ...simd(Simd.F64x2Mul),
  ...simd(Simd.F64x2Floor),
  ...splat(m),
  ...simd(Simd.F64x2Mul),
  ...simd(Simd.F64x2Sub),
];
