import {
  BEYOND_ASCII,
  lostMessage,
  type Misread,
  misreadMessage,
  misreadText,
} from "../data/misread-text.js";
import { say } from "../data/rows.js";
import type { Lang } from "../lang.js";
import type { NodePath } from "./yaml-source.js";

/**
 * The problem of a YAML file whose values are text garbled by an encoding mistake (see
 * misreadText: UTF-8 an editor read as GBK and saved again), or hold characters lost to one (see
 * lostMessage), at the first such value: two of
 * them, or every value beyond ASCII, garbled, as the readers of tables ask (see MisreadRows).
 * Undefined for a file that is not. Its comments are not read: most of a policy's Chinese is in
 * them, but its titles, labels, item names and departments are values.
 */
export function garbledValue(value: unknown, lang: Lang): { path: NodePath; message: string } | undefined {
  const found: { path: NodePath; text: string; misread?: Misread }[] = [];
  let texts = 0;
  const walk = (v: unknown, path: (string | number)[], seen: Set<object>) => {
    if (typeof v === "string") {
      if (!BEYOND_ASCII.test(v)) return;
      texts++;
      const misread = misreadText(v);
      if (misread || v.includes("\ufffd")) found.push({ path, text: v, misread });
    } else if (v && typeof v === "object" && !seen.has(v)) {
      seen.add(v);
      const entries: [string | number, unknown][] = Array.isArray(v)
        ? v.map((x, i) => [i, x])
        : Object.entries(v);
      for (const [k, x] of entries) walk(x, [...path, k], seen);
    }
  };
  walk(value, [], new Set());
  if (!found.length || (found.length < 2 && found.length < texts)) return undefined;
  const [first] = found;
  return {
    path: first.path,
    message: first.misread
      ? misreadMessage(first.text, first.misread, say(lang), { others: found.length - 1, kind: "text" })
      : lostMessage(first.text, say(lang), "text"),
  };
}
