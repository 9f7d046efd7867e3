import { createHash } from "node:crypto";

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

/**
 * The first 14 digits of a ticket as a number, from the hash in hex: they are the last 14 decimal
 * digits of the hash value, reversed, so N mod 10^14 (Horner's rule, exact in doubles) decides
 * almost every comparison without building the 78-digit decimal string.
 */
export function ticketKeyFromHex(hex: string): number {
  let r = 0;
  for (let i = 0; i < hex.length; i++) {
    const c = hex.charCodeAt(i);
    r = (r * 16 + (c <= 57 ? c - 48 : c - 87)) % 1e14;
  }
  let key = 0;
  for (let j = 0; j < 14; j++) {
    const d = r % 10;
    r = (r - d) / 10;
    key = key * 10 + d;
  }
  return key;
}

/** Tickets of many ids under one seed, computed from the seed's hash once. */
export class TicketSource {
  private readonly prefix: ReturnType<typeof createHash>;

  constructor(readonly seed: string) {
    this.prefix = createHash("sha256").update(sha256Hex(seed), "utf8");
  }

  /** The full ticket string of an id. */
  ticket(id: string): string {
    return uniformFromHex(this.hex(id));
  }

  /** The hash of an id under this seed, in hex. */
  hex(id: string): string {
    return this.prefix.copy().update(id, "utf8").digest("hex");
  }

  /** The ticket of an id as a comparable value: a numeric key from its first 14 digits; the full string on demand. */
  ranked(id: string): RankedTicket {
    const hex = this.hex(id);
    return new RankedTicket(ticketKeyFromHex(hex), hex);
  }
}

/** A ticket with a numeric key for fast comparison; the 78-digit string is built only when asked for. */
export class RankedTicket {
  private full?: string;

  constructor(
    readonly key: number,
    private readonly hex: string,
  ) {}

  /** The full ticket string. */
  get ticket(): string {
    if (this.full === undefined) this.full = uniformFromHex(this.hex);
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
