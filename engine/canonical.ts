import { createHash } from "node:crypto";

/** JSON with object keys sorted at every level, so equal values always serialise to equal bytes. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** Lowercase hex SHA-256 of a string (UTF-8) or bytes. */
export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * SHA-256 of `canonicalJson(value)`, fed to the hash piece by piece: the same hex as hashing the
 * whole string, without building one string of a million records.
 */
export function sha256OfCanonical(value: unknown): string {
  const h = createHash("sha256");
  let chunk = "";
  for (const piece of canonicalPieces(value, 0)) {
    chunk += piece;
    if (chunk.length > 1 << 16) {
      h.update(chunk);
      chunk = "";
    }
  }
  h.update(chunk);
  return h.digest("hex");
}

/** `canonicalJson(value)` in pieces: arrays and objects of the first two levels are opened up, deeper values stringified whole. */
function* canonicalPieces(value: unknown, depth: number): Generator<string> {
  if (depth < 2 && Array.isArray(value)) {
    yield "[";
    for (let i = 0; i < value.length; i++) {
      if (i) yield ",";
      if (value[i] === undefined) yield "null";
      else yield* canonicalPieces(value[i], depth + 1);
    }
    yield "]";
  } else if (depth < 2 && value && typeof value === "object") {
    yield "{";
    let first = true;
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v === undefined) continue;
      yield `${first ? "" : ","}${JSON.stringify(k)}:`;
      first = false;
      yield* canonicalPieces(v, depth + 1);
    }
    yield "}";
  } else yield JSON.stringify(sortKeys(value)) ?? "null";
}
