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
 * SHA-256 of `canonicalJson(items)` for an array, fed to the hash item by item: the same hex as
 * hashing the whole string, without building a string of a million records.
 */
export function sha256OfCanonicalArray(items: readonly unknown[]): string {
  const h = createHash("sha256");
  let chunk = "[";
  for (let i = 0; i < items.length; i++) {
    chunk += (i ? "," : "") + (JSON.stringify(sortKeys(items[i])) ?? "null");
    if (chunk.length > 1 << 16) {
      h.update(chunk);
      chunk = "";
    }
  }
  h.update(`${chunk}]`);
  return h.digest("hex");
}
