import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * The words a shell passes for a command line as the docs print it: `\` continuations joined,
 * `"…"` one word, a `#` comment dropped, and a `*` in a file name expanded (in the working folder).
 */
export function shellWords(line: string): string[] {
  const joined = line.replace(/\\\n/g, " ");
  const words = [...joined.matchAll(/"([^"]*)"|(#.*$)|(\S+)/gm)]
    .filter((m) => m[2] === undefined)
    .map((m) => m[1] ?? m[3]);
  return words.flatMap((w) => (w.includes("*") ? matching(w) : [w]));
}

/** The files a pattern such as `policies/huaian-2021/variants/*.yaml` names, sorted, as a shell expands it. */
function matching(pattern: string): string[] {
  const name = pattern.split("/").at(-1) ?? "";
  const re = new RegExp(`^${name.replace(/\./g, "\\.").replace(/\*/g, ".*")}$`);
  return readdirSync(dirname(pattern))
    .filter((f) => re.test(f))
    .sort()
    .map((f) => join(dirname(pattern), f));
}
