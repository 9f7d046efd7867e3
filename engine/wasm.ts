/**
 * Just enough of the WebAssembly binary format to write small numeric kernels as code that writes
 * their instructions (see sha256x4 and ticket-keys-wasm): opcodes, LEB128 numbers, and a module of
 * functions sharing one exported memory. No binary file and no build step; the bytes are made and
 * validated when first needed.
 */

/** Instructions used here (opcodes from the WebAssembly core specification). */
export enum Op {
  Block = 0x02,
  Loop = 0x03,
  If = 0x04,
  Else = 0x05,
  Br = 0x0c,
  BrIf = 0x0d,
  End = 0x0b,
  Select = 0x1b,
  LocalGet = 0x20,
  LocalSet = 0x21,
  LocalTee = 0x22,
  I32Load = 0x28,
  F64Load = 0x2b,
  I32Load8S = 0x2c,
  I32Load8U = 0x2d,
  I32Load16U = 0x2f,
  I32Store = 0x36,
  F64Store = 0x39,
  I32Store8 = 0x3a,
  I32Const = 0x41,
  F64Const = 0x44,
  I32Eqz = 0x45,
  I32LtS = 0x48,
  I32GtU = 0x4b,
  I32LeS = 0x4c,
  I32GeS = 0x4e,
  I32GeU = 0x4f,
  F64Lt = 0x63,
  F64Ge = 0x66,
  I32Add = 0x6a,
  I32Sub = 0x6b,
  I32Mul = 0x6c,
  I32DivU = 0x6e,
  I32And = 0x71,
  I32Shl = 0x74,
  I32ShrS = 0x75,
  I32ShrU = 0x76,
  F64Floor = 0x9c,
  F64Trunc = 0x9d,
  F64Add = 0xa0,
  F64Sub = 0xa1,
  F64Mul = 0xa2,
  F64Div = 0xa3,
  I32WrapI64 = 0xa7,
  I32TruncF64U = 0xab,
  I64TruncF64U = 0xb1,
  F64ConvertI32U = 0xb8,
  Simd = 0xfd,
}

/** SIMD instructions (after the 0xfd prefix, as LEB128; see {@link simd}). */
export enum Simd {
  Load = 0x00,
  Store = 0x0b,
  Const = 0x0c,
  Shuffle = 0x0d,
  I32x4ExtractLane = 0x1b,
  I32x4ReplaceLane = 0x1c,
  F64x2Splat = 0x14,
  F64x2ExtractLane = 0x21,
  F64x2Lt = 0x49,
  F64x2Ge = 0x4c,
  And = 0x4e,
  Or = 0x50,
  Xor = 0x51,
  Bitselect = 0x52,
  F64x2Floor = 0x75,
  Shl = 0xab,
  ShrU = 0xad,
  Add = 0xae,
  Sub = 0xb1,
  Mul = 0xb5,
  DotI16x8S = 0xba,
  F64x2Add = 0xf0,
  F64x2Sub = 0xf1,
  F64x2Mul = 0xf2,
  F64x2Div = 0xf3,
  I32x4TruncSatF64x2SZero = 0xfc,
  F64x2ConvertLowI32x4S = 0xfe,
}

/** A SIMD instruction (`Shl`, `ShrU`, `Add`, `Sub` and `Mul` are those of i32x4). */
export const simd = (op: Simd): number[] => [Op.Simd, ...uleb(op)];
/** A v128 constant of the 32-bit `word` in each of its four lanes. */
export const i32x4 = (word: number): number[] => [
  ...simd(Simd.Const),
  ...new Uint8Array(new Int32Array([word, word, word, word]).buffer),
];

/** Block type of a block or loop that leaves nothing on the stack. */
export const VOID = 0x40;

/** Value types. */
export enum Type {
  I32 = 0x7f,
  F64 = 0x7c,
  V128 = 0x7b,
}

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) return [...out, b];
    out.push(b | 0x80);
  }
}

/** `local.get` of a local. */
export const get = (local: number): number[] => [Op.LocalGet, ...uleb(local)];
/** `local.set` of a local. */
export const set = (local: number): number[] => [Op.LocalSet, ...uleb(local)];
/** `local.tee` of a local (set, leaving the value on the stack). */
export const tee = (local: number): number[] => [Op.LocalTee, ...uleb(local)];
/** An `i32.const`. */
export const i32 = (n: number): number[] => [Op.I32Const, ...sleb(n)];
/** An `f64.const`. */
export const f64 = (x: number): number[] => [Op.F64Const, ...new Uint8Array(new Float64Array([x]).buffer)];
/** A memory instruction with its alignment (log2 of bytes) and offset. */
export const mem = (op: Op, align: number, offset: number): number[] => [op, align, ...uleb(offset)];

/** A function of the module: its exported name, parameters, further locals and body (without the final `end`). */
export interface WasmFunction {
  readonly name: string;
  readonly params: readonly Type[];
  readonly locals: readonly Type[];
  readonly body: readonly number[];
}

/** The most pages of 64 KiB one memory has: 4 GiB. */
export const MAX_PAGES = 65_536;

const section = (id: number, items: number[][]): number[] => {
  const body = [...uleb(items.length), ...items.flat()];
  return [id, ...uleb(body.length), ...body];
};
const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

/**
 * The bytes of a module of these functions (no results) and one exported memory of one page to
 * start. A `shared` memory (up to 4 GiB) keeps the arrays viewing it when it grows, where an
 * unshared one detaches them. An `imported` memory is another module's, given at instantiation as
 * `env.memory`.
 */
export function moduleBytes(
  functions: readonly WasmFunction[],
  { shared = false, imported = false }: { shared?: boolean; imported?: boolean } = {},
): Uint8Array<ArrayBuffer> {
  const code = functions.map((f) => {
    const body = [...uleb(f.locals.length), ...f.locals.flatMap((t) => [1, t]), ...f.body, Op.End];
    return [...uleb(body.length), ...body];
  });
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(
      1,
      functions.map((f) => [0x60, ...uleb(f.params.length), ...f.params, 0]),
    ),
    ...(imported ? section(2, [[...name("env"), ...name("memory"), 0x02, 0x00, 1]]) : []),
    ...section(
      3,
      functions.map((_, k) => uleb(k)),
    ),
    ...(imported ? [] : section(5, [shared ? [0x03, 1, ...uleb(MAX_PAGES)] : [0x00, 1]])),
    ...section(7, [
      [...name("memory"), 0x02, 0],
      ...functions.map((f, k) => [...name(f.name), 0x00, ...uleb(k)]),
    ]),
    ...section(10, code),
  ]);
}

/**
 * The exports of a module of these functions, or undefined where the engine cannot run it (no
 * SIMD, say). Its memory is its own, or `memory` when given (another module's, shared with it).
 */
export function instantiate(
  functions: readonly WasmFunction[],
  memory?: WebAssembly.Memory,
): Record<string, unknown> | undefined {
  const bytes = moduleBytes(functions, { imported: memory !== undefined });
  if (typeof WebAssembly === "undefined" || !WebAssembly.validate(bytes)) return undefined;
  return new WebAssembly.Instance(new WebAssembly.Module(bytes), memory ? { env: { memory } } : {}).exports;
}
