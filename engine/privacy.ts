/**
 * Personal data in published files (SPEC §8): inspectors never appear; natural persons' names are
 * masked. An individual business (个体工商户, code type 92) registered under its operator's own
 * name carries a person's name as its enterprise name.
 */

const SUFFIX = /[（(]个体工商户[)）]$/;

/** True when an enterprise name is a natural person's name: an individual business named by 2–4 Chinese characters. */
export function isPersonalName(uscc: string, name: string): boolean {
  if (!uscc.startsWith("92")) return false;
  const bare = name.replace(SUFFIX, "").trim();
  return /^[\u4e00-\u9fff·]{2,4}$/.test(bare);
}

/** Masks a person's name keeping the surname: 张三 → 张*, 欧阳娜娜 → 欧***. Other names are returned unchanged. */
export function maskName(uscc: string, name: string): string {
  if (!isPersonalName(uscc, name)) return name;
  const suffix = SUFFIX.exec(name)?.[0] ?? "";
  const bare = name.replace(SUFFIX, "").trim();
  return `${bare[0]}${"*".repeat([...bare].length - 1)}${suffix}`;
}
