import { BEYOND_ASCII, damageMessage, damageOf, isDamaged, type Misread } from "../data/misread-text.js";
import { say } from "../data/rows.js";
import type { Lang } from "../lang.js";
import type { NodePath } from "./yaml-source.js";

/**
 * The problem of a YAML file whose values are damaged by an encoding mistake (see damageOf:
 * UTF-8 an editor read as GBK and saved again, or GBK read as UTF-8), at the first damaged value,
 * where enough are to tell (see isDamaged). Undefined for a file that is not. Its comments are not
 * read: most of a policy's Chinese is in them, but its titles, labels, item names and departments
 * are values.
 */
export function garbledValue(value: unknown, lang: Lang): { path: NodePath; message: string } | undefined {
  const found: { path: NodePath; text: string; damage: { misread?: Misread } }[] = [];
  let texts = 0;
  const walk = (v: unknown, path: (string | number)[], seen: Set<object>) => {
    if (typeof v === "string") {
      if (!BEYOND_ASCII.test(v)) return;
      texts++;
      const damage = damageOf(v);
      if (damage) found.push({ path, text: v, damage });
    } else if (v && typeof v === "object" && !seen.has(v)) {
      seen.add(v);
      const entries: [string | number, unknown][] = Array.isArray(v)
        ? v.map((x, i) => [i, x])
        : Object.entries(v);
      for (const [k, x] of entries) walk(x, [...path, k], seen);
    }
  };
  walk(value, [], new Set());
  if (!isDamaged(found.length, texts)) return undefined;
  const [first] = found;
  return {
    path: first.path,
    message: damageMessage(first.text, first.damage, say(lang), { others: found.length - 1, kind: "text" }),
  };
}
