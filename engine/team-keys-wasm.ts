import { corrected, DIGESTS, half, kernel, OUT, remainder, TABLES } from "./key-kernel.js";
import { CHUNK_MOD3125, INV5 } from "./tickets.js";
import { get, i32, i32x4, mem, Op, Simd, set, simd, Type, tee, uleb, type WasmFunction } from "./wasm.js";

/**
 * `teamKeys(digests, out, count, tables)`: the team keys (see teamKeyFromWords) of `count`
 * digests laid out as hash4 writes them, as doubles at `out` (whole groups of four), `tables` as
 * for keysFunction (ticket-keys-wasm). The same numbers as teamKeyFromWords, tested equal to it, made four at
 * a time in i32x4 lanes: each word's two 16-bit chunks less 2^15 are signed 16-bit numbers, so one
 * i16x8 dot product with the chunks' weights mod 5^5 sums both (2^15 times the weights is added
 * once, as a constant), and the sum of eight stays below 2^31 in magnitude; only the digit
 * reversal is done lane by lane, by one table lookup each. 5.2 ns a key here, where the
 * fourteen digits of `keys` take 15.5.
 */
export function teamKeysFunction(): WasmFunction {
  return kernel("teamKeys", TEAM_LOCALS, teamGroup());
}

// v128: the sum, the last word read, the residues mod 5^5 of lanes 0–1 and 2–3, then of all
// four, n mod 10^5 and its quotient by 10^4, the keys.
const T_SUM = 5;
const T_LAST = 6;
const T_R = [7, 8];
const T_B = 9;
const T_N = 10;
const T_HIGH = 11;
const T_KEYS = 12;
const TEAM_LOCALS = [Type.I32, ...Array.from({ length: 8 }, () => Type.V128)];

/** A v128 constant of eight 16-bit numbers. */
const i16x8 = (values: readonly number[]): number[] => [
  ...simd(Simd.Const),
  ...new Uint8Array(Int16Array.from(values).buffer),
];

/** One group of four digests at DIGESTS: their team keys at OUT. */
function teamGroup(): number[] {
  // Σ chunk·weight = Σ (chunk − 2^15)·weight + 2^15·Σ weight; the constant reduced mod 5^5.
  const offset = (32768 * CHUNK_MOD3125.reduce((a, b) => a + b, 0)) % 3125;
  const code: number[] = [...i32x4(offset), ...set(T_SUM)];
  for (let j = 0; j < 8; j++) {
    // In each 32-bit lane the low 16 bits come first: chunk 2j+1, then chunk 2j (the high half).
    const weights = [0, 1, 2, 3].flatMap(() => [CHUNK_MOD3125[2 * j + 1], CHUNK_MOD3125[2 * j]]);
    code.push(
      ...get(T_SUM),
      ...get(DIGESTS),
      ...simd(Simd.Load),
      4,
      ...uleb(16 * j),
      ...(j === 7 ? tee(T_LAST) : []),
      ...i32x4(0x80008000 | 0),
      ...simd(Simd.Xor),
      ...i16x8(weights),
      ...simd(Simd.DotI16x8S),
      ...simd(Simd.Add),
      ...set(T_SUM),
    );
  }
  // b = sum mod 5^5 in doubles, two lanes at a time: the quotient by a multiplication with
  // fl(5^−5), which exceeds 5^−5 by a relative 8·10^−17, so that the floor is exact but where the
  // sum is a negative multiple of 5^5, and there one too low, which the correction mends.
  for (const h of [0, 1])
    code.push(
      ...half(T_SUM, h),
      ...remainder(3125, T_R[h]),
      ...set(T_R[h]),
      ...corrected(T_R[h], Simd.F64x2Sub, Simd.F64x2Ge, 3125, 3125),
      ...get(T_R[h]),
      ...simd(Simd.I32x4TruncSatF64x2SZero),
      ...set(T_R[h]),
    );
  // The four residues in one i32x4: lanes 0–1 of each half.
  code.push(
    ...get(T_R[0]),
    ...get(T_R[1]),
    ...simd(Simd.Shuffle),
    0,
    1,
    2,
    3,
    4,
    5,
    6,
    7,
    16,
    17,
    18,
    19,
    20,
    21,
    22,
    23,
  );
  code.push(...set(T_B));
  // n = b + 5^5·(((a − b)·INV5) mod 2^5), a the digest's last word, of which the arithmetic
  // mod 2^5 sees only the low five bits, as it sees b's.
  code.push(
    ...get(T_B),
    ...get(T_LAST),
    ...get(T_B),
    ...simd(Simd.Sub),
    ...i32x4(INV5),
    ...simd(Simd.Mul),
    ...i32x4(31),
    ...simd(Simd.And),
    ...i32x4(3125),
    ...simd(Simd.Mul),
    ...simd(Simd.Add),
    ...tee(T_N),
  );
  // high = ⌊n / 10^4⌋ = ⌊⌊n / 16⌋·26844 / 2^24⌋ for every n < 10^5 (a test checks each), and
  // T_N becomes n's low four digits.
  code.push(
    ...i32(4),
    ...simd(Simd.ShrU),
    ...i32x4(26844),
    ...simd(Simd.Mul),
    ...i32(24),
    ...simd(Simd.ShrU),
  );
  code.push(
    ...set(T_HIGH),
    ...get(T_N),
    ...get(T_HIGH),
    ...i32x4(10_000),
    ...simd(Simd.Mul),
    ...simd(Simd.Sub),
  );
  code.push(...set(T_N));
  // The low four digits reversed, lane by lane from the table.
  for (let k = 0; k < 4; k++)
    code.push(
      ...get(T_KEYS),
      ...get(TABLES),
      ...get(T_N),
      ...simd(Simd.I32x4ExtractLane),
      k,
      ...i32(1),
      Op.I32Shl,
      Op.I32Add,
      ...mem(Op.I32Load16U, 1, 0),
      ...simd(Simd.I32x4ReplaceLane),
      k,
      ...set(T_KEYS),
    );
  // key = reversed(low four digits)·10 + high, stored as doubles.
  code.push(
    ...get(T_KEYS),
    ...i32x4(10),
    ...simd(Simd.Mul),
    ...get(T_HIGH),
    ...simd(Simd.Add),
    ...set(T_KEYS),
  );
  for (const h of [0, 1]) code.push(...get(OUT), ...half(T_KEYS, h), ...simd(Simd.Store), 4, 16 * h);
  return code;
}
