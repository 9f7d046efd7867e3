import { corrected, DIGESTS, half, kernel, OUT, remainder, splat, TABLES } from "./key-kernel.js";
import { CHUNK_MOD5, FIVE14, INV, REVERSED3, REVERSED4 } from "./tickets.js";
import {
  f64,
  get,
  i32,
  i32x4,
  mem,
  Op,
  Simd,
  set,
  simd,
  Type,
  tee,
  uleb,
  type WasmFunction,
} from "./wasm.js";

/**
 * `keys(digests, out, count, tables)`: the numeric ticket keys of `count` digests laid out as
 * hash4 writes them (word j of message k at 128·⌊k/4⌋ + 16·j + 4·(k mod 4)), as doubles at `out`
 * (for whole groups of four: `out` has room for a multiple of four); `tables` holds
 * {@link REVERSED4} then {@link REVERSED3} as 16-bit numbers. The same arithmetic, step for step
 * in doubles, as ticketKeyFromWords (and tested equal to it), two messages to an f64x2: a group's
 * words are loaded as the four lanes hash4 wrote them, and only the digit reversal is done lane by
 * lane.
 */
export function keysFunction(): WasmFunction {
  return kernel("keys", LOCALS, group());
}

/** Bytes {@link keysFunction} reads at `tables`. */
export function keyTables(): Uint8Array {
  const t = new Uint16Array(REVERSED4.length + REVERSED3.length);
  t.set(REVERSED4);
  t.set(REVERSED3, REVERSED4.length);
  return new Uint8Array(t.buffer);
}

// Locals after the groups left (see key-kernel), i32: a number below 10^7 and its quotient by 10^4;
const X = 5;
const HIGH = 6;
// v128: a word of the four digests, its high and low 16 bits, two pairs of sums, b, n, ⌊n/10^7⌋
// and n mod 10^7 for lanes 0–1 and 2–3, the digests' low 14 bits, a temporary.
const W = 7;
const HI = 8;
const LO = 9;
const SUM = [10, 11];
const B = [12, 13];
const N = [14, 15];
const H = [16, 17];
const L = [18, 19];
const A = 20;
const T = 21;
const LOCALS = [Type.I32, Type.I32, Type.I32, ...Array.from({ length: 15 }, () => Type.V128)];

/** x mod 2^14, exactly, of the f64x2 on the stack (in T). */
const mod14 = (): number[] => remainder(16384, T);

/** reverse7 of the i32 in X, as a double on the stack. */
const reverse7 = (): number[] => [
  ...get(X),
  ...i32(10_000),
  Op.I32DivU,
  ...set(HIGH),
  ...get(X),
  ...get(HIGH),
  ...i32(10_000),
  Op.I32Mul,
  Op.I32Sub,
  ...i32(1),
  Op.I32Shl,
  ...get(TABLES),
  Op.I32Add,
  ...mem(Op.I32Load16U, 1, 0),
  ...i32(1000),
  Op.I32Mul,
  ...get(HIGH),
  ...i32(1),
  Op.I32Shl,
  ...get(TABLES),
  Op.I32Add,
  ...mem(Op.I32Load16U, 1, 2 * REVERSED4.length),
  Op.I32Add,
  Op.F64ConvertI32U,
];
/** Lane `lane` of the f64x2 in `local`, as an i32 in X. */
const laneToX = (local: number, lane: number): number[] => [
  ...get(local),
  ...simd(Simd.F64x2ExtractLane),
  lane,
  Op.I32TruncF64U,
  ...set(X),
];

/** One group of four digests at DIGESTS: their keys at OUT. */
function group(): number[] {
  const code: number[] = [...splat(0), ...set(SUM[0]), ...splat(0), ...set(SUM[1])];
  // sum = Σ (x >>> 16)·CHUNK_MOD5[2i] + (x & 0xffff)·CHUNK_MOD5[2i + 1], in the same order as ticketKeyFromWords.
  for (let i = 0; i < 8; i++) {
    code.push(...get(DIGESTS), ...simd(Simd.Load), 4, ...uleb(16 * i), ...set(W));
    code.push(...get(W), ...i32(16), ...simd(Simd.ShrU), ...set(HI));
    code.push(...get(W), ...i32x4(0xffff), ...simd(Simd.And), ...set(LO));
    for (const h of [0, 1])
      code.push(
        ...get(SUM[h]),
        ...half(HI, h),
        ...splat(CHUNK_MOD5[2 * i]),
        ...simd(Simd.F64x2Mul),
        ...half(LO, h),
        ...splat(CHUNK_MOD5[2 * i + 1]),
        ...simd(Simd.F64x2Mul),
        ...simd(Simd.F64x2Add),
        ...simd(Simd.F64x2Add),
        ...set(SUM[h]),
      );
  }
  // a = the digest's low 14 bits (of its last word, still in W).
  code.push(...get(W), ...i32x4(16383), ...simd(Simd.And), ...set(A));
  for (const h of [0, 1]) {
    // b = mod5(sum), the quotient by a multiplication with 5^−14 instead of a division (0.7 ns a
    // key less): sum < 16·2^16·5^14 < 2^53 and sum/5^14 < 2^21, so the rounded product is within
    // 2^−30 of the quotient, whose floor is then off by at most one, which the corrections mend.
    code.push(
      ...get(SUM[h]),
      ...remainder(FIVE14, T),
      ...set(B[h]),
      ...corrected(B[h], Simd.F64x2Add, Simd.F64x2Lt, 0, FIVE14),
      ...corrected(B[h], Simd.F64x2Sub, Simd.F64x2Ge, FIVE14, FIVE14),
    );
    // n = b + 5^14·(((a − b mod 2^14 + 2^14)·INV) mod 2^14), every step an integer below 2^53.
    code.push(
      ...half(A, h),
      ...get(B[h]),
      ...mod14(),
      ...simd(Simd.F64x2Sub),
      ...splat(16384),
      ...simd(Simd.F64x2Add),
      ...splat(INV),
      ...simd(Simd.F64x2Mul),
      ...mod14(),
      ...splat(FIVE14),
      ...simd(Simd.F64x2Mul),
      ...get(B[h]),
      ...simd(Simd.F64x2Add),
      ...set(N[h]),
    );
    // hi = ⌊n / 10^7⌋, lo = n − hi·10^7.
    code.push(
      ...get(N[h]),
      ...splat(1e7),
      ...simd(Simd.F64x2Div),
      ...simd(Simd.F64x2Floor),
      ...tee(H[h]),
      ...splat(1e7),
      ...simd(Simd.F64x2Mul),
      ...set(T),
      ...get(N[h]),
      ...get(T),
      ...simd(Simd.F64x2Sub),
      ...set(L[h]),
    );
  }
  // key = reverse7(lo)·10^7 + reverse7(hi), lane by lane.
  for (let k = 0; k < 4; k++) {
    const h = k >> 1;
    code.push(...get(OUT), ...laneToX(L[h], k & 1), ...reverse7(), ...f64(1e7), Op.F64Mul);
    code.push(...laneToX(H[h], k & 1), ...reverse7(), Op.F64Add, ...mem(Op.F64Store, 3, 8 * k));
  }
  return code;
}
