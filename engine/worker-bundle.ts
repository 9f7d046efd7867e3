import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { sha256 } from "./canonical.js";
import { readKept, writeKept } from "./kept-code.js";

/** The first line of a bundle, before the JSON of what it was made from (see {@link readKept}). */
const MARK = "// gradedraw worker bundle: ";

/** What a bundle was made from: the project files it holds, and a digest of their contents. */
interface Made {
  readonly inputs: readonly string[];
  readonly digest: string;
}

/**
 * The TypeScript module at `entry`, with what it imports from the project, bundled by esbuild into
 * one ES module in the folder `dir`, and its path; packages stay imports, found from `dir` up.
 * A bundle is kept and used again while none of the files it was made from changes, and made
 * again when one does. A worker thread loads it in about a third of the time it takes tsx to
 * load the module's files one by one, and without a loader thread of tsx's beside it.
 * Undefined where no bundle can be made or kept (esbuild missing, `dir` not writable, a module
 * that reads its own location): the module is then to be loaded as it is.
 */
export function workerBundle(entry: string, dir: string): string | undefined {
  const file = join(dir, `${sha256(resolve(entry)).slice(0, 16)}.mjs`);
  try {
    return isFresh(file) ? file : make(resolve(entry), file);
  } catch {
    return undefined;
  }
}

/** Whether the bundle `file` is whole and every file it was made from is as it was then. */
function isFresh(file: string): boolean {
  const kept = readKept<Made>(file, MARK);
  try {
    return kept !== undefined && digestOf(kept.meta.inputs) === kept.meta.digest;
  } catch {
    return false;
  }
}

/** A digest of the files' names and contents. */
function digestOf(files: readonly string[]): string {
  return sha256(files.map((f) => `${f}\n${sha256(readFileSync(f))}\n`).join(""));
}

/** Bundles `entry` into `file` (written under a temporary name, then renamed), or undefined. */
function make(entry: string, file: string): string | undefined {
  const esbuild = createRequire(import.meta.url)("esbuild") as typeof import("esbuild");
  const base = dirname(entry);
  const out = esbuild.buildSync({
    entryPoints: [entry],
    absWorkingDir: base,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const code = out.outputFiles[0].text;
  // A module that finds files beside itself would look for them in the cache folder.
  if (code.includes("import.meta")) return undefined;
  const inputs = Object.keys(out.metafile.inputs).map((p) => resolve(base, p));
  writeKept<Made>(file, MARK, { inputs, digest: digestOf(inputs) }, code);
  pruneOrphans(dirname(file));
  return file;
}

/**
 * Removes the bundles in `dir` made from a file that is gone: a copy of the project since moved
 * or deleted (each test run makes one in a temporary folder). None could be used again, since a
 * bundle is made again when one of its files is missing, and each would otherwise stay for good.
 * A bundle that cannot be read or removed is left.
 */
function pruneOrphans(dir: string): void {
  for (const name of readdirSync(dir)) {
    if (!name.endsWith(".mjs")) continue;
    const path = join(dir, name);
    const inputs = readKept<Made>(path, MARK)?.meta.inputs;
    if (inputs && !inputs.every((f) => existsSync(f))) rmSync(path, { force: true });
  }
}
