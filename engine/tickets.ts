import { Buffer } from "node:buffer";
import { createHash } from "node:crypto";
import { Sha256Prefix } from "./sha256.js";

/**
 * Consistent-sampling tickets (Rivest, as used by public election-audit tools):
 * `ticket(id) = "0." + reverse(decimal(int(SHA256(hex(SHA256(seed)) + id))))`, the decimal
 * zero-padded to at least 64 digits, strings in UTF-8, hex in lower case. A ticket depends only
 * on (seed, id), so outsiders can recompute anyone's ticket with the reference implementation.
 */

/** Lowercase hex SHA-256 of a UTF-8 string. */
export function sha256Hex(s: string): string {
  return createHash("sha256").update(s, "utf8").digest("hex");
}

/** `sha256_uniform(s)` of the reference: the reversed decimal of SHA-256(s) as a fraction in [0, 1). */
export function sha256Uniform(s: string): string {
  return uniformFromHex(sha256Hex(s));
}

/** The reversed-decimal fraction of a 256-bit value given in hex. */
export function uniformFromHex(hex: string): string {
  const digits = BigInt(`0x${hex}`).toString(10).padStart(64, "0");
  return `0.${[...digits].reverse().join("")}`;
}

/** The ticket of one id under a seed. */
export function ticket(seed: string, id: string): string {
  return sha256Uniform(sha256Hex(seed) + id);
}

export const FIVE14 = 6103515625; // 5^14; 10^14 = 2^14 × 5^14
/** The inverse of 5^14 modulo 2^14, for the Chinese remainder step. */
export const INV = (() => {
  const m = FIVE14 % 16384;
  for (let x = 1; x < 16384; x++) if ((m * x) % 16384 === 1) return x;
  throw new Error("no inverse");
})();

/** The digits of 0–9999 (four, zero-padded) and of 0–999 (three) in reverse order, as numbers. */
export const REVERSED4 = Uint16Array.from({ length: 10_000 }, (_, x) =>
  Number(String(x).padStart(4, "0").split("").reverse().join("")),
);
export const REVERSED3 = Uint16Array.from({ length: 1000 }, (_, x) =>
  Number(String(x).padStart(3, "0").split("").reverse().join("")),
);

/** The seven digits of 0 ≤ x < 10^7 (zero-padded) in reverse order, by two table lookups. */
function reverse7(x: number): number {
  const high = (x / 10_000) | 0;
  return REVERSED4[x - high * 10_000] * 1000 + REVERSED3[high];
}

/**
 * 2^(16·(15 − j)) mod 5^14 for the j-th 16-bit chunk of a digest, most significant first: N mod
 * 5^14 is Σ chunk × weight, each product below 2^49 and the sum of sixteen below 2^53, so exact
 * in doubles with a single reduction at the end.
 */
export const CHUNK_MOD5 = Float64Array.from(chunkWeights(FIVE14));

/** 2^(16·(15 − j)) mod m for j = 0…15, m below 2^37 (so each product below 2^53). */
function chunkWeights(m: number): number[] {
  const w: number[] = [];
  for (let j = 15, p = 1; j >= 0; j--, p = (p * 65536) % m) w[j] = p;
  return w;
}

/**
 * x mod 5^14 for an integer 0 ≤ x < 2^53, without the floating-point `%` (a library call):
 * the quotient from one division is off by at most one, and every product stays exact.
 */
function mod5(x: number): number {
  const r = x - Math.floor(x / FIVE14) * FIVE14;
  return r < 0 ? r + FIVE14 : r >= FIVE14 ? r - FIVE14 : r;
}

/**
 * The first 14 ticket digits from a digest given as eight 32-bit words (the 14 least significant
 * decimal digits of the hash, reversed): N mod 2^14 is the low bits, N mod 5^14 a weighted sum of
 * its sixteen 16-bit chunks, and the Chinese remainder theorem joins them into N mod 10^14, whose
 * digits are reversed in two 7-digit halves.
 */
export function ticketKeyFromWords(w: Int32Array): number {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const x = w[i] >>> 0;
    sum += (x >>> 16) * CHUNK_MOD5[2 * i] + (x & 0xffff) * CHUNK_MOD5[2 * i + 1];
  }
  const b = mod5(sum);
  const a = w[7] & 16383;
  // b mod 2^14 exactly (b exceeds 32 bits), then t = (a − b)·INV mod 2^14 in 32-bit integers.
  const bLow = b - Math.floor(b / 16384) * 16384;
  const t = ((a - bLow + 16384) * INV) & 16383;
  const n = b + FIVE14 * t;
  const hi = Math.floor(n / 1e7);
  const lo = n - hi * 1e7;
  return reverse7(lo) * 1e7 + reverse7(hi);
}

/**
 * The team key's span: a team key is a ticket's first five digits as an integer, 0 ≤ key < 10^5
 * (see {@link teamKeyFromWords}).
 */
export const TEAM_KEY_SPAN = 100_000;
/** 5^5: 10^5 = 2^5 × 5^5. */
const FIVE5 = 3125;
/** The inverse of 5^5 modulo 2^5, for the Chinese remainder step of team keys. */
export const INV5 = (() => {
  for (let x = 1; x < 32; x++) if ((FIVE5 * x) % 32 === 1) return x;
  throw new Error("no inverse");
})();
/** 2^(16·(15 − j)) mod 5^5 for the j-th 16-bit chunk of a digest, most significant first. */
export const CHUNK_MOD3125 = Int32Array.from(chunkWeights(FIVE5));

/**
 * The team key of a digest given as eight 32-bit words: the first five ticket digits (the five
 * least significant decimal digits of the hash, reversed), from N mod 2^5 (its low bits) and N mod
 * 5^5 (a weighted sum of its sixteen 16-bit chunks, below 2^32) joined by the Chinese remainder
 * theorem. A visit ranks a thousand candidates and needs the first few: keys of five digits tell
 * them apart but for about one comparison in 10^5, which the full tickets then decide (see
 * compareTickets), and cost a third of the fourteen digits of {@link ticketKeyFromWords} to make.
 */
export function teamKeyFromWords(w: Int32Array): number {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const x = w[i] >>> 0;
    sum += (x >>> 16) * CHUNK_MOD3125[2 * i] + (x & 0xffff) * CHUNK_MOD3125[2 * i + 1];
  }
  const b = sum % FIVE5;
  const t = (((w[7] & 31) - (b & 31) + 32) * INV5) & 31;
  const n = b + FIVE5 * t;
  const high = (n / 10_000) | 0;
  return REVERSED4[n - high * 10_000] * 10 + high;
}

/** The 16-bit limbs of a digest, most significant first, divided in place by 10^7 in {@link uniformFromWords}. */
const LIMBS = new Float64Array(16);
const CHUNKS = new Float64Array(12);
/** "0." and up to 84 digits, decoded at once into one flat string (a string built by `+` keeps its pieces). */
const TEXT = Buffer.alloc(86);
TEXT.write("0.");

/**
 * The reversed-decimal fraction of a 256-bit value given as eight 32-bit words, as
 * {@link uniformFromHex} writes it, without BigInt: twelve divisions by 10^7 of its sixteen 16-bit
 * limbs (each partial dividend below 10^7 · 2^16 < 2^53, so exact in doubles) give its 84 lowest
 * decimal digits in 7-digit chunks, least significant first, which is the order the ticket
 * writes them in.
 */
export function uniformFromWords(w: Int32Array): string {
  for (let i = 0; i < 8; i++) {
    const x = w[i] >>> 0;
    LIMBS[2 * i] = x >>> 16;
    LIMBS[2 * i + 1] = x & 0xffff;
  }
  let top = 0;
  // Leading limbs that have become zero are skipped: each division shortens the value by 23 bits.
  let first = 0;
  for (let c = 0; c < 12; c++) {
    while (first < 16 && LIMBS[first] === 0) first++;
    let r = 0;
    for (let j = first; j < 16; j++) {
      const n = r * 65536 + LIMBS[j];
      // A multiplication rather than a division (a third of the time), and as exact: n·fl(10^−7) is
      // within 2^−36 of n / 10^7, which is at least 10^−7 from an integer unless n is a multiple
      // of 10^7, and each of those (below 2^16 · 10^7) is floored right, as a test checks.
      const q = Math.floor(n * 1e-7);
      r = n - q * 1e7;
      LIMBS[j] = q;
    }
    CHUNKS[c] = r;
    if (r) top = c;
  }
  let length = 2;
  let significant = 2;
  for (let c = 0; c <= top; c++) {
    // An int32, so that the divisions by 10 are integer ones.
    let x = CHUNKS[c] | 0;
    for (let d = 0; d < 7; d++) {
      const q = (x / 10) | 0;
      const digit = x - 10 * q;
      TEXT[length++] = 48 + digit;
      if (digit) significant = length;
      x = q;
    }
  }
  // Every significant digit, and at least 64 (zero-padded).
  const end = Math.max(significant, 66);
  TEXT.fill(48, length, end);
  return TEXT.toString("latin1", 0, end);
}

/** Tickets of many ids under one seed: the seed's hash is one SHA-256 block, hashed once. */
export class TicketSource {
  private readonly prefix: Sha256Prefix;

  constructor(readonly seed: string) {
    this.prefix = new Sha256Prefix(sha256Hex(seed));
  }

  /** The SHA-256 state after `hex(SHA256(seed))`, the one block every ticket starts with. */
  midstate(): Int32Array {
    return this.prefix.midstate();
  }

  /** The full ticket string of an id. */
  ticket(id: string): string {
    return uniformFromWords(this.prefix.digestWords(id));
  }

  /** The hash of an id under this seed, in hex. */
  hex(id: string): string {
    return this.prefix.digestHex(id);
  }

  /** The numeric key of an id's ticket (its first 14 digits), without building any string. */
  key(id: string): number {
    return ticketKeyFromWords(this.prefix.digestWords(id));
  }

  /** The team key (see teamKeyFromWords) of the ticket of the id whose UTF-8 is `a` followed by `b`. */
  teamKeyOfParts(a: Uint8Array, b: Uint8Array): number {
    return teamKeyFromWords(this.prefix.digestParts(a, b));
  }

  /** The ticket of an id as a comparable value: a numeric key from its first 14 digits; the full string on demand. */
  ranked(id: string): RankedTicket {
    return this.rankedWithKey(id, this.key(id));
  }

  /**
   * `ranked(id)` for an id whose key is known already (computed elsewhere): `key(id)`, or its team
   * key (see teamKeyFromWords) where every ticket it is compared with has a team key too.
   */
  rankedWithKey(id: string, key: number): RankedTicket {
    return new RankedTicket(key, () => this.ticket(id));
  }
}

/** A ticket with a numeric key for fast comparison; the 78-digit string is built only when asked for. */
export class RankedTicket {
  private full?: string;

  constructor(
    readonly key: number,
    private readonly make: () => string,
  ) {}

  /** The full ticket string. */
  get ticket(): string {
    if (this.full === undefined) this.full = this.make();
    return this.full;
  }
}

/** Compares two tickets as numbers: by key, then by the full digits (trailing zeros do not count). */
export function compareTickets(a: RankedTicket, b: RankedTicket): number {
  if (a.key !== b.key) return a.key - b.key;
  return compareTicketStrings(a.ticket, b.ticket);
}

/** Compares two ticket strings ("0.ddd...") as numbers. */
export function compareTicketStrings(a: string, b: string): number {
  const n = Math.max(a.length, b.length);
  const x = a.padEnd(n, "0");
  const y = b.padEnd(n, "0");
  return x < y ? -1 : x > y ? 1 : 0;
}
