import { CHUNK_MOD5, CHUNK_MOD3125, FIVE14, INV, INV5, REVERSED3, REVERSED4 } from "./tickets.js";
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
  VOID,
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

/** A key function `name(digests, out, count, tables)`: `group` for each group of four digests (see body). */
function kernel(name: string, locals: readonly Type[], group: readonly number[]): WasmFunction {
  return { name, params: [Type.I32, Type.I32, Type.I32, Type.I32], locals, body: body(group) };
}

/** Bytes {@link keysFunction} reads at `tables`. */
export function keyTables(): Uint8Array {
  const t = new Uint16Array(REVERSED4.length + REVERSED3.length);
  t.set(REVERSED4);
  t.set(REVERSED3, REVERSED4.length);
  return new Uint8Array(t.buffer);
}

const DIGESTS = 0;
const OUT = 1;
const COUNT = 2;
const TABLES = 3;
const GROUPS = 4;
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

/** f64x2 of x in both lanes. */
const splat = (x: number): number[] => [...f64(x), ...simd(Simd.F64x2Splat)];
/**
 * Lanes 0–1 (half 0) or 2–3 (half 1) of the i32x4 in `local`, as f64x2 of their signed values:
 * every value converted here is a signed 32-bit number (chunks below 2^16, sums below 2^31 in
 * magnitude, keys below 10^5), and the signed conversion is one x64 instruction where the
 * unsigned one is a sequence of them (2 of the 18 ns a fourteen-digit key took).
 */
const half = (local: number, h: number): number[] => [
  ...get(local),
  ...(h ? [...get(local), ...simd(Simd.Shuffle), ...UPPER_LANES] : []),
  ...simd(Simd.F64x2ConvertLowI32x4S),
];
/** The shuffle of an i32x4 with itself that moves lanes 2–3 to lanes 0–1. */
const UPPER_LANES = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];
/** The f64x2 in `local` with `modulus` added or subtracted (`op`) in the lanes that compare (`cmp`) so with `bound`. */
const corrected = (local: number, op: Simd, cmp: Simd, bound: number, modulus = FIVE14): number[] => [
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
const remainder = (m: number, temp: number): number[] => [
  ...tee(temp),
  ...get(temp),
  ...splat(1 / m),
  ...simd(Simd.F64x2Mul),
  ...simd(Simd.F64x2Floor),
  ...splat(m),
  ...simd(Simd.F64x2Mul),
  ...simd(Simd.F64x2Sub),
];
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
      ...get(SUM[h]),
      ...splat(1 / FIVE14),
      ...simd(Simd.F64x2Mul),
      ...simd(Simd.F64x2Floor),
      ...splat(FIVE14),
      ...simd(Simd.F64x2Mul),
      ...simd(Simd.F64x2Sub),
      ...set(B[h]),
      ...corrected(B[h], Simd.F64x2Add, Simd.F64x2Lt, 0),
      ...corrected(B[h], Simd.F64x2Sub, Simd.F64x2Ge, FIVE14),
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

/**
 * `teamKeys(digests, out, count, tables)`: the team keys (see teamKeyFromWords) of `count`
 * digests laid out as hash4 writes them, as doubles at `out` (whole groups of four), `tables` as
 * for {@link keysFunction}. The same numbers as teamKeyFromWords, tested equal to it, made four at
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
