/**
 * SHA-256 compressions four at a time, one per 32-bit lane of WebAssembly SIMD. A large draw ranks
 * a hundred million (visit, inspector) pairs, each one compression of `uscc|id` after the seed's
 * prefix block (see Sha256Prefix); in lanes they cost about a fifth of the scalar JavaScript
 * compression. The function is written out here as instructions (see wasm.ts), its 64 rounds
 * unrolled by the loop below, and checked against node:crypto in tests.
 *
 * `hash4(mid, fixed, table, out, groups)`, all byte offsets into the exported memory:
 * - `mid`: the midstate, eight v128 (each word repeated in the four lanes);
 * - `fixed`: sixteen v128, message words shared by every message of the call;
 * - `table`: `groups` × sixteen v128, the words of four messages each (word j of lane l at
 *   16·j + 4·l), OR-ed with `fixed`: the two must not set the same bits;
 * - `out`: `groups` × eight v128, the digests in the same layout.
 */

import { K } from "./sha256.js";
import {
  get,
  i32,
  i32x4,
  instantiate,
  Op,
  Simd,
  set,
  simd,
  Type,
  uleb,
  VOID,
  type WasmFunction,
} from "./wasm.js";

/** v128.load from `local` + offset (16-byte alignment hint). */
export const load = (local: number, offset: number): number[] => [
  ...get(local),
  ...simd(Simd.Load),
  4,
  ...uleb(offset),
];
const rotr = (local: number, n: number): number[] => [
  ...get(local),
  ...i32(n),
  ...simd(Simd.ShrU),
  ...get(local),
  ...i32(32 - n),
  ...simd(Simd.Shl),
  ...simd(Simd.Or),
];
const xor3 = (a: number[], b: number[], c: number[]): number[] => [
  ...a,
  ...b,
  ...simd(Simd.Xor),
  ...c,
  ...simd(Simd.Xor),
];
/** The message schedule's σ0 and σ1 of the word in `local`. */
export const sigma0 = (x: number): number[] =>
  xor3(rotr(x, 7), rotr(x, 18), [...get(x), ...i32(3), ...simd(Simd.ShrU)]);
export const sigma1 = (y: number): number[] =>
  xor3(rotr(y, 17), rotr(y, 19), [...get(y), ...i32(10), ...simd(Simd.ShrU)]);

// Locals: parameters, then v128 locals: the rolling message schedule, the working state, the midstate, a temporary.
export const MID = 0;
const FIXED = 1;
export const TABLE = 2;
export const OUT = 3;
const GROUPS = 4;
export const w = (j: number) => 5 + (j & 15);
export const s = (j: number) => 21 + (j & 7);
const m = (j: number) => 29 + j;
const T1 = 37;
export const V128_LOCALS = 33;

/**
 * Round i of the compression, with `kw` the code that leaves K[i] + W[i] on the stack. The working
 * variables rotate through the eight locals instead of being copied: at round i, a is s(−i), b is
 * s(1 − i), … h is s(7 − i); the new a goes into h's local, the new e into d's.
 */
export function round(i: number, kw: readonly number[]): number[] {
  const [a, b, c, d, e, f, g, h] = [0, 1, 2, 3, 4, 5, 6, 7].map((k) => s(k - i + 64));
  return [
    ...get(h),
    ...xor3(rotr(e, 6), rotr(e, 11), rotr(e, 25)),
    ...simd(Simd.Add),
    // ch(e, f, g) = e ? f : g, bit by bit.
    ...get(f),
    ...get(g),
    ...get(e),
    ...simd(Simd.Bitselect),
    ...simd(Simd.Add),
    ...kw,
    ...simd(Simd.Add),
    ...set(T1),
    ...get(d),
    ...get(T1),
    ...simd(Simd.Add),
    ...set(d),
    ...get(T1),
    ...xor3(rotr(a, 2), rotr(a, 13), rotr(a, 22)),
    ...simd(Simd.Add),
    // maj(a, b, c): a where a and c agree, otherwise b.
    ...get(b),
    ...get(a),
    ...get(a),
    ...get(c),
    ...simd(Simd.Xor),
    ...simd(Simd.Bitselect),
    ...simd(Simd.Add),
    ...set(h),
  ];
}

/** Stores the digest of the group (the state after round 63 plus the midstate) at `out`. */
export function storeDigest(out: number): number[] {
  const code: number[] = [];
  for (let j = 0; j < 8; j++)
    code.push(
      ...get(out),
      ...get(s(j)),
      ...get(m(j)),
      ...simd(Simd.Add),
      ...simd(Simd.Store),
      4,
      ...uleb(16 * j),
    );
  return code;
}

/** The loop over `groups` groups: `body` for each, then the table and `out` offsets step on by their strides. */
export function groupLoop(mid: number, body: readonly number[], tableStride: number): number[] {
  const code: number[] = [];
  for (let j = 0; j < 8; j++) code.push(...load(mid, 16 * j), ...set(m(j)));
  code.push(Op.Block, VOID, Op.Loop, VOID, ...get(GROUPS), Op.I32Eqz, Op.BrIf, 1, ...body);
  for (const [local, step] of [
    [TABLE, tableStride],
    [OUT, 128],
  ])
    code.push(...get(local), ...i32(step), Op.I32Add, ...set(local));
  code.push(...get(GROUPS), ...i32(1), Op.I32Sub, ...set(GROUPS), Op.Br, 0, Op.End, Op.End);
  return code;
}

/** One group of four: load the words, 64 rounds, add the midstate, store. */
function groupBody(): number[] {
  const code: number[] = [];
  for (let j = 0; j < 16; j++)
    code.push(...load(TABLE, 16 * j), ...load(FIXED, 16 * j), ...simd(Simd.Or), ...set(w(j)));
  for (let j = 0; j < 8; j++) code.push(...get(m(j)), ...set(s(j)));
  for (let i = 0; i < 64; i++) {
    if (i >= 16)
      code.push(
        ...get(w(i)),
        ...sigma0(w(i + 1)),
        ...simd(Simd.Add),
        ...get(w(i + 9)),
        ...simd(Simd.Add),
        ...sigma1(w(i + 14)),
        ...simd(Simd.Add),
        ...set(w(i)),
      );
    code.push(...round(i, [...get(w(i)), ...i32x4(K[i]), ...simd(Simd.Add)]));
  }
  return [...code, ...storeDigest(OUT)];
}

/** The function `hash4`. */
export function hash4Function(): WasmFunction {
  return {
    name: "hash4",
    params: [Type.I32, Type.I32, Type.I32, Type.I32, Type.I32],
    locals: Array.from({ length: V128_LOCALS }, () => Type.V128),
    body: groupLoop(MID, groupBody(), 256),
  };
}

/** `hash4` and its memory. */
export interface Sha256x4 {
  readonly memory: WebAssembly.Memory;
  readonly hash4: (mid: number, fixed: number, table: number, out: number, groups: number) => void;
}

/** A module of `hash4` alone, or undefined where WebAssembly SIMD is not available. */
export function sha256x4(): Sha256x4 | undefined {
  return instantiate([hash4Function()]) as Sha256x4 | undefined;
}
