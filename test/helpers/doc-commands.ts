/** Running the commands the docs print (the README, each command's help) as a user would. */
import { readdirSync, symlinkSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { tmp } from "./tmp.js";

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

/**
 * Runs `body` with a fresh folder as the working folder, holding the product's examples, policies
 * and scenarios (linked) as a user's copy of it does, so that the docs' relative paths are found
 * and what the commands write lands there; the working folder is restored after.
 */
export async function inUsersFolder(body: () => Promise<void>): Promise<void> {
  const work = tmp();
  for (const d of ["examples", "policies", "simulator"]) symlinkSync(resolve(d), join(work, d));
  await inFolder(work, body);
}

/** Runs `body` with `dir` as the working folder, restored after. */
export async function inFolder<T>(dir: string, body: () => Promise<T>): Promise<T> {
  const home = process.cwd();
  process.chdir(dir);
  try {
    return await body();
  } finally {
    process.chdir(home);
  }
}
