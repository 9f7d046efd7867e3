/**
 * SHA-256 compressions four at a time (as in sha256x4) for the blocks of a team's tickets, with
 * the work every lane shares done once per call. The block of `uscc|id` after the seed's prefix
 * holds the visit's code first, the same in every lane, then an inspector's bytes, the same at
 * every visit. So the rounds before the first word that differs between lanes are the same in
 * every lane (an 18-byte USCC, `|` and an id's first character fill five words: five rounds of
 * 64), and so is the round after them but for one addition; and the message schedule's first
 * words are sums of σ-functions of message words, which split into a part of the call and a part
 * of the lane, each computed once. The lanes' parts lie in a table laid out once per department;
 * the call's parts are computed here in JavaScript for each visit. Tests hold it to hash4 for blocks
 * of any shape, and the keys it gives to TicketSource's for any code and ids.
 */

import { K } from "./sha256.js";
import {
  groupLoop,
  load,
  MID,
  OUT,
  round,
  s,
  sigma0,
  sigma1,
  storeDigest,
  TABLE,
  V128_LOCALS,
  w,
} from "./sha256x4.js";
import { get, i32x4, Simd, set, simd, Type, type WasmFunction } from "./wasm.js";

/**
 * How message word j of a block differs between the lanes of a call: not at all ("call": code
 * bytes, and inspector bytes every inspector has there), only in the inspectors' bytes ("lane"),
 * or in both (the word where the code ends and the ids begin, when the ids start differently).
 */
export type WordKind = "call" | "lane" | "mixed";

const ID = 0;
const S0 = 1;
const S1 = 2;
type Fn = typeof ID | typeof S0 | typeof S1;
/** The parameter that holds where the call's entries lie (hash4's `fixed`). */
const CALL = 1;
/** The terms of schedule word t: W[t] = σ1(W[t−2]) + W[t−7] + σ0(W[t−15]) + W[t−16]. */
const terms = (t: number): readonly (readonly [number, Fn])[] => [
  [t - 16, ID],
  [t - 15, S0],
  [t - 7, ID],
  [t - 2, S1],
];

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
/** f(x) for a term's function f. */
const sigma = (f: number, x: number): number =>
  f === ID ? x : f === S0 ? rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3) : rotr(x, 17) ^ rotr(x, 19) ^ (x >>> 10);
/** The sum of the terms f(W[j]) of `sum`. */
function sumOf(sum: readonly (readonly [number, Fn])[], words: Int32Array): number {
  let value = 0;
  for (const [j, f] of sum) value += sigma(f, words[j]);
  return value | 0;
}
const fill4 = (into: Int32Array, at: number, value: number): void => {
  into[at] = value;
  into[at + 1] = value;
  into[at + 2] = value;
  into[at + 3] = value;
};

/** An entry of a table's group or of a call: what it holds (see BlockShape) and of which word. */
interface Entry {
  readonly key: string;
  readonly what: "r" | "c" | "s";
  readonly n: number;
  /** For a schedule word's part, the terms summed in it. */
  readonly sum: readonly (readonly [number, Fn])[];
}

/**
 * Where each shared part lies, for blocks whose words differ as `kinds` say. A table's group holds
 * `lane` entries (v128, one word per lane): `r<i>`, round i's K[i] + word i (the word alone where
 * it is mixed); `s<t>`, the lanes' part of schedule word t. A call's entries are the state after
 * round `first` (eight, in the order of the locals that hold them then), then `call`: `r<i>`,
 * K[i] + word i of a word the lanes share; `c<j>`, the code's part of mixed word j; `s<t>`, the
 * call's part of schedule word t.
 */
export class BlockShape {
  /** The first round whose word differs between lanes. */
  readonly first: number;
  readonly lane: readonly Entry[];
  readonly call: readonly Entry[];
  private readonly state = new Int32Array(8);
  private readonly laneAt: Map<string, number>;
  private readonly callAt: Map<string, number>;

  constructor(readonly kinds: readonly WordKind[]) {
    this.first = kinds.findIndex((k) => k !== "call");
    if (kinds.length !== 16 || this.first < 0)
      throw new Error("a shape needs 16 words, one differing between lanes");
    const lane: Entry[] = [];
    const call: Entry[] = [];
    const entry = (what: Entry["what"], n: number, sum: Entry["sum"] = []): Entry => ({
      key: `${what}${n}`,
      what,
      n,
      sum,
    });
    for (let i = this.first; i < 16; i++) {
      (kinds[i] === "call" ? call : lane).push(entry("r", i));
      if (kinds[i] === "mixed" && i > 0) call.push(entry("c", i));
    }
    for (let t = 16; t < 32; t++) {
      const parts = terms(t).filter(([j, f]) => j < 16 && !this.inKernel(j, f));
      const ofLanes = parts.filter(([j]) => kinds[j] !== "call");
      const ofCall = parts.filter(([j]) => kinds[j] !== "lane");
      if (ofLanes.length) lane.push(entry("s", t, ofLanes));
      if (ofCall.length) call.push(entry("s", t, ofCall));
    }
    this.lane = lane;
    this.call = call;
    this.laneAt = new Map(lane.map((e, k) => [e.key, k]));
    this.callAt = new Map(call.map((e, k) => [e.key, 8 + k]));
  }

  /** Whether term f(W[j]) is computed in the lanes: a schedule word, or a σ of a mixed word. */
  private inKernel(j: number, f: Fn): boolean {
    return j >= 16 || (this.kinds[j] === "mixed" && f !== ID);
  }

  /** The lane entries of a message whose block has `words`, the code's bytes left zero. */
  laneValues(words: Int32Array): Int32Array {
    return Int32Array.from(this.lane, ({ what, n, sum }) =>
      what === "s" ? sumOf(sum, words) : this.kinds[n] === "lane" ? (K[n] + words[n]) | 0 : words[n],
    );
  }

  /**
   * Writes the call's entries, each repeated in four lanes, into `into` from word `at`: `words` is
   * the block with the code's bytes and, in the words the lanes share, the inspectors' bytes;
   * `mid` the state after the prefix.
   */
  callValues(words: Int32Array, mid: Int32Array, into: Int32Array, at: number): void {
    const first = this.first;
    let a = mid[0];
    let b = mid[1];
    let c = mid[2];
    let d = mid[3];
    let e = mid[4];
    let f = mid[5];
    let g = mid[6];
    let h = mid[7];
    for (let i = 0; i <= first; i++) {
      // Round `first` without its word where the word is the lanes' (see the kernel).
      const word = i < first || this.kinds[i] === "mixed" ? K[i] + words[i] : 0;
      const t1 = (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + word) | 0;
      const t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    // At round first + 1, a is in the local s(−first − 1), b in the next, and so on.
    const state = this.state;
    state[0] = a;
    state[1] = b;
    state[2] = c;
    state[3] = d;
    state[4] = e;
    state[5] = f;
    state[6] = g;
    state[7] = h;
    for (let k = 0; k < 8; k++) fill4(into, at + 4 * ((k - first - 1) & 7), state[k]);
    for (let k = 0; k < this.call.length; k++) {
      const { what, n, sum } = this.call[k];
      const value = what === "s" ? sumOf(sum, words) : what === "r" ? K[n] + words[n] : words[n];
      fill4(into, at + 32 + 4 * k, value | 0);
    }
  }

  /** The function `hashShaped(mid, call, table, out, groups)`, as hash4 with `call` for `fixed`. */
  kernel(): WasmFunction {
    return {
      name: "hashShaped",
      params: [Type.I32, Type.I32, Type.I32, Type.I32, Type.I32],
      locals: Array.from({ length: V128_LOCALS }, () => Type.V128),
      body: groupLoop(MID, this.groupBody(), 16 * this.lane.length),
    };
  }

  private fromLane(key: string): number[] {
    return load(TABLE, 16 * (this.laneAt.get(key) as number));
  }

  private fromCall(key: string): number[] {
    return load(CALL, 16 * (this.callAt.get(key) as number));
  }

  private groupBody(): number[] {
    const first = this.first;
    const code: number[] = [];
    // A mixed word is put together where a σ of it is taken (of every word but the first) or its round comes after `first`.
    for (let j = Math.max(first, 1); j < 16; j++)
      if (this.kinds[j] === "mixed")
        code.push(...this.fromLane(`r${j}`), ...this.fromCall(`c${j}`), ...simd(Simd.Add), ...set(w(j)));
    // Round `first` is the call's but for its word: the new a and e are the call's plus that word.
    for (let q = 0; q < 8; q++) code.push(...load(CALL, 16 * q), ...set(s(q)));
    for (const q of [-first - 1, 3 - first]) {
      code.push(...get(s(q + 64)), ...this.fromLane(`r${first}`), ...simd(Simd.Add), ...set(s(q + 64)));
    }
    for (let i = first + 1; i < 64; i++) {
      if (i >= 16) code.push(...this.schedule(i));
      const kind = this.kinds[i];
      if (i >= 16 || kind === "mixed")
        code.push(...round(i, [...get(w(i)), ...i32x4(K[i]), ...simd(Simd.Add)]));
      else code.push(...round(i, kind === "lane" ? this.fromLane(`r${i}`) : this.fromCall(`r${i}`)));
    }
    return [...code, ...storeDigest(OUT)];
  }

  private schedule(t: number): number[] {
    const parts: number[][] = [];
    for (const [j, f] of terms(t))
      if (this.inKernel(j, f)) parts.push(f === ID ? get(w(j)) : f === S0 ? sigma0(w(j)) : sigma1(w(j)));
    if (this.laneAt.has(`s${t}`)) parts.push(this.fromLane(`s${t}`));
    if (this.callAt.has(`s${t}`)) parts.push(this.fromCall(`s${t}`));
    return [...parts[0], ...parts.slice(1).flatMap((p) => [...p, ...simd(Simd.Add)]), ...set(w(t))];
  }
}
