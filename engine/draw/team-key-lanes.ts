import { hash4Function } from "../sha256x4.js";
import { BlockShape } from "../sha256x4-shaped.js";
import { teamKeysFunction } from "../team-keys-wasm.js";
import { keysFunction, keyTables } from "../ticket-keys-wasm.js";
import { TicketSource, uniformFromWords } from "../tickets.js";
import { instantiate } from "../wasm.js";
import { blockWords, laneOf, ONE_BLOCK, putTail } from "./lane-blocks.js";

/** Byte offsets in the module's memory: the midstate, the code's words, a call's shared parts, the digit tables, then keys, digests and message tables. */
const MID = 0;
const FIXED = 128;
const CALL = 384;
const DIGITS = CALL + 1024;
const KEYS = DIGITS + 22_016;
const PAGE = 65536;
/** Ids hashed at a time by keysOfIds. */
const BATCH = 4096;
const encoder = new TextEncoder();
/** An id's UTF-8, as far as one block holds it (see keysOfIds). */
const utf8 = new Uint8Array(ONE_BLOCK + 4);

type Hash = (mid: number, fixed: number, table: number, out: number, groups: number) => void;

/** The module's exports: hash4 (see sha256x4), keys and teamKeys (see ticket-keys-wasm, team-keys-wasm) and their memory. */
interface Lanes {
  readonly memory: WebAssembly.Memory;
  readonly hash4: Hash;
  readonly keys: Keys;
  readonly teamKeys: Keys;
}
type Keys = (digests: number, out: number, count: number, tables: number) => void;

/**
 * A department's messages for codes of one length: whole blocks for hash4 from byte `at`, and
 * once `hashed` (keys made from them) passes the lanes' `shapeAfter`, the shaped layout too, or
 * null if the department has none.
 */
interface Table {
  readonly at: number;
  hashed: number;
  shaped?: Shaped | null;
}

/** A department's lane entries for blocks of one shape (see BlockShape), from byte `at`, and that shape's hash. */
interface Shaped {
  readonly at: number;
  readonly shape: BlockShape;
  readonly hash: Hash;
  /** The inspectors' bytes of the words the lanes share (zero in the others). */
  readonly common: Int32Array;
}

/**
 * A table's blocks are laid out for their shape after this many keys: compiling a shape's hash
 * takes some 30 ms, which saving 0.013 µs a key repays after about 2,000,000 keys.
 */
const SHAPE_AFTER = 1_000_000;
/** A department of fewer inspectors keeps whole blocks: the work a visit adds for a shape is not repaid. */
const SHAPED_FROM = 32;

/**
 * Team ticket keys of a whole department at a time, four SHA-256 compressions per SIMD
 * instruction (see sha256x4). The candidates of a visit of code `uscc` are a department's
 * inspectors in directory order, and their messages `uscc|id` share the code: the inspectors'
 * part of the message block (`|id` after as many bytes as the code has, the padding and the
 * length) is laid out once per department and code length, and each visit only adds its code's
 * words; once a department has made many keys, its table is laid out again for the shape of its
 * blocks, so that each visit does the work its candidates share once (see BlockShape). The keys
 * are team keys (a ticket's first five digits: see teamKeyFromWords), made from the digests in
 * WebAssembly too. A message longer than one block after the prefix goes through TicketSource;
 * so does everything where WebAssembly SIMD is missing. The keys equal
 * `TicketSource.teamKeyOfParts`. The enterprise keys of a draw (fourteen digits) are made here
 * too, each message its own code (see keysOfIds).
 */
export class TeamKeyLanes {
  private readonly tickets: TicketSource;
  private readonly lanes?: Lanes;
  private words = new Int32Array(0);
  private doubles = new Float64Array(0);
  /** Each department's table by code length (department × 64 + length), undefined when a message spills. */
  private readonly tables = new Map<number, Table | undefined>();
  private readonly kernels = new Map<string, Hash | undefined>();
  private readonly mid: Int32Array;
  /** A visit's block: its code's bytes, and the inspectors' bytes the lanes share (see keysInto). */
  private readonly callWords = new Int32Array(16);
  private readonly digests: number;
  private top: number;

  /**
   * `ids`: per department, `"|" + id` in UTF-8 of each inspector, in directory order (see barId);
   * `shapeAfter`: the keys a table makes from whole blocks before it is laid out for its shape.
   */
  constructor(
    seed: string,
    private readonly ids: readonly (readonly Uint8Array[])[],
    private readonly shapeAfter = SHAPE_AFTER,
  ) {
    this.tickets = new TicketSource(seed);
    this.mid = this.tickets.midstate();
    this.lanes = instantiate([hash4Function(), keysFunction(), teamKeysFunction()]) as Lanes | undefined;
    const largest = Math.max(0, ...ids.map((list) => list.length));
    // Keys are written for whole groups of four (see keysFunction).
    this.digests = KEYS + 32 * Math.ceil(largest / 4);
    this.top = this.digests + Math.ceil(largest / 4) * 128;
    if (!this.lanes) return;
    this.reserve(this.top);
    for (let j = 0; j < 8; j++) this.words.fill(this.mid[j], MID / 4 + 4 * j, MID / 4 + 4 * j + 4);
    new Uint8Array(this.lanes.memory.buffer).set(keyTables(), DIGITS);
  }

  /**
   * Writes the keys of a visit's candidates, the inspectors of each of its departments `deps` in
   * turn, for the visit of `code` (UTF-8) into `keys` from `at`; returns where they end.
   */
  visitInto(code: Uint8Array, deps: readonly number[], keys: Float64Array, at: number): number {
    for (const d of deps) {
      this.keysInto(code, d, keys, at);
      at += this.ids[d].length;
    }
    return at;
  }

  /** Writes the team keys of department `d`'s inspectors for the visit of `code` (UTF-8) into `keys` from `at`. */
  keysInto(code: Uint8Array, d: number, keys: Float64Array, at: number): void {
    const list = this.ids[d];
    const table = this.lanes ? this.table(d, code.length) : undefined;
    if (!table) {
      for (let k = 0; k < list.length; k++) keys[at + k] = this.tickets.teamKeyOfParts(code, list[k]);
      return;
    }
    const lanes = this.lanes as Lanes;
    const groups = (list.length + 3) >> 2;
    if (table.shaped === undefined) {
      table.hashed += list.length;
      if (table.hashed > this.shapeAfter) table.shaped = this.shaped(d, code.length);
    }
    // The visit's block as its lanes share it: the code's bytes, and any inspectors' bytes every lane has.
    const words = this.callWords;
    if (table.shaped) words.set(table.shaped.common);
    else words.fill(0);
    for (let i = 0; i < code.length; i++) words[i >> 2] |= code[i] << (24 - 8 * (i & 3));
    if (table.shaped) {
      const { shape, hash } = table.shaped;
      shape.callValues(words, this.mid, this.words, CALL / 4);
      hash(MID, CALL, table.shaped.at, this.digests, groups);
    } else {
      const lanesWords = this.words;
      for (let j = 0, q = FIXED / 4; j < 16; j++, q += 4) {
        const word = words[j];
        lanesWords[q] = word;
        lanesWords[q + 1] = word;
        lanesWords[q + 2] = word;
        lanesWords[q + 3] = word;
      }
      lanes.hash4(MID, FIXED, table.at, this.digests, groups);
    }
    lanes.teamKeys(this.digests, KEYS, list.length, DIGITS);
    keys.set(this.doubles.subarray(KEYS / 8, KEYS / 8 + list.length), at);
  }

  /**
   * The keys of `ticket(seed, id)` of each id (as `TicketSource.key` gives them), four at a time
   * in the lanes: the enterprise keys of a draw.
   */
  keysOfIds(ids: readonly string[]): Float64Array {
    const keys = new Float64Array(ids.length);
    const long = this.hashIds(ids, (from, n, digests, out) => {
      (this.lanes as Lanes).keys(digests, out, n, DIGITS);
      keys.set(this.doubles.subarray(out / 8, out / 8 + n), from);
    });
    for (const k of long) keys[k] = this.tickets.key(ids[k]);
    return keys;
  }

  /**
   * The full ticket of each id (as `TicketSource.ticket` gives it), hashed four at a time in the
   * lanes: the tickets of the drawn enterprises and of their teams' members.
   */
  ticketsOfIds(ids: readonly string[]): string[] {
    const tickets = new Array<string>(ids.length);
    const words = new Int32Array(8);
    const long = this.hashIds(ids, (from, n, digests) => {
      const all = this.words;
      for (let k = 0; k < n; k++) {
        // Word j of message k: 128·⌊k/4⌋ + 16·j + 4·(k mod 4) bytes from the digests.
        const at = digests / 4 + 32 * (k >> 2) + (k & 3);
        for (let j = 0; j < 8; j++) words[j] = all[at + 4 * j];
        tickets[from + k] = uniformFromWords(words);
      }
    });
    for (const k of long) tickets[k] = this.tickets.ticket(ids[k]);
    return tickets;
  }

  /**
   * Hashes `ticket(seed, id)` of each id, four at a time in the lanes, in batches laid out one
   * after another in the same place past all the departments' tables (not kept: the next batch or
   * table overwrites them); hands each batch's digests (and room for a double per id at `out`) to
   * `batch`. Returns the ids it left out, longer than one block after the prefix (or every id
   * where WebAssembly SIMD is missing), for TicketSource.
   */
  private hashIds(
    ids: readonly string[],
    batch: (from: number, n: number, digests: number, out: number) => void,
  ): number[] {
    if (!this.lanes) return ids.map((_, k) => k);
    const lanes = this.lanes;
    const size = Math.min(BATCH, 4 * Math.ceil(ids.length / 4));
    const table = this.top;
    const digests = table + (size / 4) * 256;
    const out = digests + (size / 4) * 128;
    this.reserve(out + 8 * size);
    this.words.fill(0, FIXED / 4, FIXED / 4 + 64);
    const bytes = new Uint8Array(lanes.memory.buffer);
    const long: number[] = [];
    for (let from = 0; from < ids.length; from += size) {
      const n = Math.min(size, ids.length - from);
      bytes.fill(0, table, digests);
      for (let k = 0; k < n; k++) {
        const { read, written } = encoder.encodeInto(ids[from + k], utf8);
        if (read < ids[from + k].length || written > ONE_BLOCK) long.push(from + k);
        else putTail(bytes, laneOf(table, k), 0, utf8, written);
      }
      lanes.hash4(MID, FIXED, table, digests, (n + 3) >> 2);
      batch(from, n, digests, out);
    }
    return long;
  }

  /** The table of department `d` for codes of `length` bytes, laid out on first use; undefined if a message spills. */
  private table(d: number, length: number): Table | undefined {
    const key = d * 64 + length;
    if (this.tables.has(key)) return this.tables.get(key);
    const list = this.ids[d];
    let table: Table | undefined;
    if (length <= ONE_BLOCK && list.every((id) => length + id.length <= ONE_BLOCK)) {
      const at = this.alloc(Math.ceil(list.length / 4) * 256);
      const bytes = new Uint8Array((this.lanes as Lanes).memory.buffer);
      list.forEach((id, k) => {
        putTail(bytes, laneOf(at, k), length, id, id.length);
      });
      table = { at, hashed: 0 };
    }
    this.tables.set(key, table);
    return table;
  }

  /**
   * The table of department `d` laid out for the shape of its blocks after codes of `length`
   * bytes (see BlockShape), or null when it has too few inspectors for the shared work to pay, no
   * word differs between them, or its hash cannot be compiled.
   */
  private shaped(d: number, length: number): Shaped | null {
    const list = this.ids[d];
    if (list.length < SHAPED_FROM) return null;
    const { blocks, kinds } = blockWords(list, length);
    if (kinds.every((kind) => kind === "call")) return null;
    const shape = new BlockShape(kinds);
    const hash = this.kernel(shape);
    if (!hash) return null;
    const stride = 16 * shape.lane.length;
    const at = this.alloc(Math.ceil(list.length / 4) * stride);
    blocks.forEach((words, k) => {
      const lane = at / 4 + (k >> 2) * (stride / 4) + (k & 3);
      shape.laneValues(words).forEach((value, e) => {
        this.words[lane + 4 * e] = value;
      });
    });
    const common = blocks[0].map((word, j) => (kinds[j] === "call" ? word : 0));
    return { at, shape, hash, common };
  }

  /** `bytes` of zeros in the memory, after everything laid out so far; returns where they begin. */
  private alloc(bytes: number): number {
    const at = this.top;
    this.top += bytes;
    this.reserve(this.top);
    new Uint8Array((this.lanes as Lanes).memory.buffer).fill(0, at, this.top);
    return at;
  }

  /** The hash of blocks of this shape, compiled on first use into a module over the same memory (undefined where it cannot be). */
  private kernel(shape: BlockShape): Hash | undefined {
    const key = shape.kinds.join();
    if (!this.kernels.has(key)) {
      const module = instantiate([shape.kernel()], (this.lanes as Lanes).memory) as
        | { hashShaped: Hash }
        | undefined;
      this.kernels.set(key, module?.hashShaped);
    }
    return this.kernels.get(key);
  }

  private reserve(bytes: number): void {
    const memory = (this.lanes as Lanes).memory;
    const pages = Math.ceil(bytes / PAGE) - memory.buffer.byteLength / PAGE;
    if (pages > 0 || this.words.buffer !== memory.buffer) {
      if (pages > 0) memory.grow(pages);
      this.words = new Int32Array(memory.buffer);
      this.doubles = new Float64Array(memory.buffer);
    }
  }
}
