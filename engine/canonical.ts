import { createHash } from "node:crypto";
import { Utf8Sink } from "./byte-sink.js";

/** JSON with object keys sorted at every level, so equal values always serialise to equal bytes. */
export function canonicalJson(value: unknown): string {
  const keys = flatRecordKeys(value);
  // A record whose keys are already in canonical order is written as it is, which is JSON.stringify's
  // fast path (twice as fast as with a list of keys): readers build their records in that order.
  // Another record is copied in that order first (the draw's rows: a third faster than the list),
  // unless a key is __proto__, which a copy made by assignment would not keep as a key.
  if (keys) {
    if (lastInOrder) return JSON.stringify(value);
    if (lastHasProto) return JSON.stringify(value, keys);
    const copy: Record<string, unknown> = {};
    for (const k of keys) copy[k] = (value as Record<string, unknown>)[k];
    return JSON.stringify(copy);
  }
  return JSON.stringify(sortKeys(value));
}

/**
 * The last record shape seen, its keys sorted, and whether they were in that order (so for the
 * record flatRecordKeys was last asked about): records of one input share one shape.
 */
let lastKeys: readonly string[] = [];
let lastSorted: string[] = [];
let lastInOrder = false;
let lastHasProto = false;

/**
 * For a plain object whose values are all primitives, lists of primitives or empty plain objects
 * (the records of every input), its keys in canonical order; otherwise undefined. JSON.stringify
 * with that list as its allowlist writes exactly the canonical JSON of such a record, natively
 * and without copying it: the list orders the keys, and nothing nested has keys of its own.
 */
function flatRecordKeys(value: unknown): string[] | undefined {
  if (!isPlainObject(value)) return undefined;
  const keys = Object.keys(value);
  for (const k of keys) {
    const v = (value as Record<string, unknown>)[k];
    if (v === null || v === undefined) continue;
    const t = typeof v;
    if (t === "string" || t === "number" || t === "boolean") continue;
    if (Array.isArray(v)) {
      for (const x of v) if (x !== null && typeof x === "object") return undefined;
      // A function or symbol in a list is written as null either way; a bigint fails either way.
      continue;
    }
    if (isPlainObject(v) && Object.keys(v).length === 0) continue;
    return undefined;
  }
  let same = keys.length === lastKeys.length;
  for (let i = 0; same && i < keys.length; i++) same = keys[i] === lastKeys[i];
  if (!same) {
    lastKeys = keys;
    lastSorted = canonicalOrder(keys);
    lastInOrder = lastSorted.every((k, i) => k === keys[i]);
    lastHasProto = keys.includes("__proto__");
  }
  return lastSorted;
}

/**
 * Keys in the order canonical JSON writes them: the order of an object built key by key in sorted
 * order, that is integer-like keys first in numeric order, then the rest sorted, as
 * JSON.stringify(sortKeys(value)) has always written them.
 */
function canonicalOrder(keys: readonly string[]): string[] {
  return Object.keys(Object.fromEntries([...keys].sort().map((k) => [k, 0])));
}

function isPlainObject(v: unknown): v is object {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    // Built as own properties, so a key "__proto__" is kept as a key, not taken as the prototype.
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** Lowercase hex SHA-256 of a string (UTF-8) or bytes. */
export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * SHA-256 of `canonicalJson(value)`, fed to the hash in large pieces: the same hex as hashing the
 * whole string, without building one string of a million records.
 */
export function sha256OfCanonical(value: unknown): string {
  const h = createHash("sha256");
  const sink = new Utf8Sink((bytes) => h.update(bytes));
  putCanonical(sink, value, 0);
  sink.flush();
  return h.digest("hex");
}

/**
 * SHA-256 of the canonical JSON of a list, given its records' canonical JSON one at a time in
 * order: for a caller that writes each record's JSON elsewhere too, so it is made once.
 */
export class CanonicalListHash {
  private readonly hash = createHash("sha256");
  private readonly sink = new Utf8Sink((bytes) => this.hash.update(bytes));
  private count = 0;

  /** The next record, as `canonicalJson(record)`. */
  add(json: string): void {
    this.sink.put(this.count++ ? `,${json}` : `[${json}`);
  }

  /** The lowercase hex hash of the list added, as `sha256OfCanonical(list)` gives it. */
  digest(): string {
    this.sink.put(this.count ? "]" : "[]");
    this.sink.flush();
    return this.hash.digest("hex");
  }
}

/** Writes `canonicalJson(value)` to a sink: lists and objects of the first two levels opened up, records whole. */
function putCanonical(sink: Utf8Sink, value: unknown, depth: number): void {
  if (depth < 2 && Array.isArray(value)) {
    sink.put("[");
    for (let i = 0; i < value.length; i++) {
      if (i) sink.put(",");
      putCanonical(sink, value[i], depth + 1);
    }
    sink.put("]");
  } else if (depth < 2 && isPlainObject(value) && !flatRecordKeys(value)) {
    sink.put("{");
    let first = true;
    for (const k of canonicalOrder(Object.keys(value))) {
      const v = (value as Record<string, unknown>)[k];
      // Left out as JSON.stringify leaves them out of an object.
      if (v === undefined || typeof v === "function" || typeof v === "symbol") continue;
      sink.put(`${first ? "" : ","}${JSON.stringify(k)}:`);
      first = false;
      putCanonical(sink, v, depth + 1);
    }
    sink.put("}");
  } else sink.put(canonicalJson(value) ?? "null");
}
