import { CHUNK_MOD5, FIVE14, INV, REVERSED3, REVERSED4 } from "./tickets.js";
import { f64, get, i32, mem, Op, set, Type, tee, VOID, type WasmFunction } from "./wasm.js";

/**
 * `keys(digests, out, count, tables)`: the numeric ticket keys of `count` digests laid out as
 * hash4 writes them (word j of message k at 128·⌊k/4⌋ + 16·j + 4·(k mod 4)), as doubles at `out`;
 * `tables` holds {@link REVERSED4} then {@link REVERSED3} as 16-bit numbers. The same arithmetic,
 * step for step in doubles, as ticketKeyFromWords (and tested equal to it): a team key costs
 * about a third of its time in JavaScript there.
 */
export function keysFunction(): WasmFunction {
  return { name: "keys", params: [Type.I32, Type.I32, Type.I32, Type.I32], locals: LOCALS, body: body() };
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
const K = 4;
const BASE = 5;
const X = 6;
const HIGH = 7;
const SUM = 8;
const B = 9;
const HI = 10;
const LOCALS = [Type.I32, Type.I32, Type.I32, Type.I32, Type.F64, Type.F64, Type.F64];

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

function body(): number[] {
  const code: number[] = [Op.Block, VOID, Op.Loop, VOID, ...get(K), ...get(COUNT), Op.I32GeU, Op.BrIf, 1];
  // base = digests + 128·⌊k/4⌋ + 4·(k mod 4)
  code.push(
    ...get(DIGESTS),
    ...get(K),
    ...i32(2),
    Op.I32ShrU,
    ...i32(7),
    Op.I32Shl,
    Op.I32Add,
    ...get(K),
    ...i32(3),
    Op.I32And,
    ...i32(2),
    Op.I32Shl,
    Op.I32Add,
    ...set(BASE),
  );
  // sum = Σ (x >>> 16)·CHUNK_MOD5[2i] + (x & 0xffff)·CHUNK_MOD5[2i + 1], in the same order as ticketKeyFromWords.
  code.push(...f64(0));
  for (let i = 0; i < 8; i++)
    code.push(
      ...get(BASE),
      ...mem(Op.I32Load, 2, 16 * i),
      ...tee(X),
      ...i32(16),
      Op.I32ShrU,
      Op.F64ConvertI32U,
      ...f64(CHUNK_MOD5[2 * i]),
      Op.F64Mul,
      ...get(X),
      ...i32(0xffff),
      Op.I32And,
      Op.F64ConvertI32U,
      ...f64(CHUNK_MOD5[2 * i + 1]),
      Op.F64Mul,
      Op.F64Add,
      Op.F64Add,
    );
  code.push(...set(SUM));
  // b = mod5(sum): one division, then at most one correction either way.
  code.push(
    ...get(SUM),
    ...get(SUM),
    ...f64(FIVE14),
    Op.F64Div,
    Op.F64Floor,
    ...f64(FIVE14),
    Op.F64Mul,
    Op.F64Sub,
    ...set(B),
    ...get(B),
    ...f64(FIVE14),
    Op.F64Add,
    ...get(B),
    ...get(B),
    ...f64(0),
    Op.F64Lt,
    Op.Select,
    ...set(B),
    ...get(B),
    ...f64(FIVE14),
    Op.F64Sub,
    ...get(B),
    ...get(B),
    ...f64(FIVE14),
    Op.F64Ge,
    Op.Select,
    ...set(B),
  );
  // n = b + 5^14·(((a − b mod 2^14 + 2^14)·INV) mod 2^14), a = the digest's low 14 bits; kept in SUM.
  code.push(
    ...get(BASE),
    ...mem(Op.I32Load, 2, 16 * 7),
    ...i32(16383),
    Op.I32And,
    ...get(B),
    Op.I64TruncF64U,
    Op.I32WrapI64,
    ...i32(16383),
    Op.I32And,
    Op.I32Sub,
    ...i32(16384),
    Op.I32Add,
    ...i32(INV),
    Op.I32Mul,
    ...i32(16383),
    Op.I32And,
    Op.F64ConvertI32U,
    ...f64(FIVE14),
    Op.F64Mul,
    ...get(B),
    Op.F64Add,
    ...set(SUM),
  );
  // hi = ⌊n / 10^7⌋, lo = n − hi·10^7; key = reverse7(lo)·10^7 + reverse7(hi).
  code.push(...get(SUM), ...f64(1e7), Op.F64Div, Op.F64Floor, ...set(HI));
  code.push(...get(SUM), ...get(HI), ...f64(1e7), Op.F64Mul, Op.F64Sub, Op.I32TruncF64U, ...set(X));
  code.push(...get(OUT), ...get(K), ...i32(3), Op.I32Shl, Op.I32Add);
  code.push(...reverse7(), ...f64(1e7), Op.F64Mul);
  code.push(...get(HI), Op.I32TruncF64U, ...set(X), ...reverse7(), Op.F64Add);
  code.push(...mem(Op.F64Store, 3, 0));
  code.push(...get(K), ...i32(1), Op.I32Add, ...set(K), Op.Br, 0, Op.End, Op.End);
  return code;
}
