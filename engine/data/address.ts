import { headerKey } from "./columns.js";

/**
 * The enterprise file's columns an address is read from, best first: where the business is
 * carried on (where the inspectors go) before the registered domicile. English names match in any case.
 */
export const ADDRESS_COLUMNS = [
  "实际经营地址",
  "生产经营地址",
  "经营地址",
  "经营场所",
  "住所（经营场所）",
  "住所(经营场所)",
  "住所/经营场所",
  "住所",
  "企业地址",
  "地址",
  "注册地址",
  "address",
] as const;
const RANK: ReadonlyMap<string, number> = new Map(ADDRESS_COLUMNS.map((c, i) => [c, i]));
/** A header's rank among the address columns (as headerKey reads it), -1 for none; looked at once per header. */
const ranks = new Map<string, number>();
function rankOf(header: string): number {
  let r = ranks.get(header);
  if (r === undefined) {
    const key = headerKey(header);
    r = RANK.get(key) ?? RANK.get(key.toLowerCase()) ?? -1;
    if (ranks.size < 4096) ranks.set(header, r);
  }
  return r;
}

/** Whether a column (an extra fact's name) is one of {@link ADDRESS_COLUMNS}. */
export function isAddressColumn(header: string): boolean {
  return rankOf(header) >= 0;
}

/**
 * An enterprise's address from its extra facts: the best non-empty one of {@link ADDRESS_COLUMNS},
 * "" when its record has such a column but every one is empty, undefined when it has none.
 */
export function addressOf(extra: Readonly<Record<string, unknown>>): string | undefined {
  let found: string | undefined;
  let rank = ADDRESS_COLUMNS.length as number;
  for (const k in extra) {
    const r = rankOf(k);
    if (r < 0) continue;
    found ??= "";
    const v = extra[k];
    const text = v === undefined || v === null ? "" : String(v).trim();
    if (r < rank && text !== "") {
      found = text;
      rank = r;
    }
  }
  return found;
}
