/**
 * The enterprises of a file that a code typed by hand most likely means, where it is no code of
 * the file: an operator who knows a firm by its name types the name, or copies a code with one
 * character wrong, missing, doubled or two swapped.
 */

import { halfWidth, hasHan, withoutInvisible } from "./values.js";

/** What the lookup needs of an enterprise. */
export interface Named {
  readonly uscc: string;
  readonly name: string;
}

/**
 * The enterprises `typed` most likely means, in file order: where it holds Chinese
 * text, those whose name contains it; otherwise those whose code is one slip from it (a character
 * wrong, left out or added, or two neighbours swapped), as typed with full-width characters,
 * spaces or lower case.
 */
export function enterprisesMeant<T extends Named>(typed: string, enterprises: readonly T[]): T[] {
  const text = withoutInvisible(typed).trim();
  if (text === "") return [];
  const out: T[] = [];
  if (hasHan(text)) {
    const words = text.replace(/\s+/g, "");
    for (const e of enterprises) if (e.name.replace(/\s+/g, "").includes(words)) out.push(e);
    return out;
  }
  const code = halfWidth(text).replace(/\s+/g, "").toUpperCase();
  if (code.length < 16 || code.length > 20) return [];
  for (const e of enterprises) if (oneSlip(code, e.uscc)) out.push(e);
  return out;
}

/**
 * Whether `a` and `b` differ by one slip: one character wrong, left out or added, or two
 * neighbours swapped. An edit distance of one (editDistance, vocabulary.ts) told in linear time,
 * without a table: a code typed by hand is looked for among a million.
 */
export function oneSlip(a: string, b: string): boolean {
  if (a === b) return false;
  if (a.length === b.length) {
    let i = 0;
    while (a[i] === b[i]) i++;
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  if (long.length - short.length !== 1) return false;
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  return short.slice(i) === long.slice(i + 1);
}
