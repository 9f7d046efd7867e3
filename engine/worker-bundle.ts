import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { threadId } from "node:worker_threads";

/**
 * The first line of a bundle, before the JSON of what it was made from (the project files it holds
 * and a digest of their contents) and a digest of the code that follows.
 */
const MARK = "// gradedraw worker bundle: ";

interface Made {
  readonly inputs: readonly string[];
  readonly digest: string;
  readonly code: string;
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
  try {
    const text = readFileSync(file, "utf8");
    const eol = text.indexOf("\n");
    if (!text.startsWith(MARK) || eol < 0) return false;
    const made = JSON.parse(text.slice(MARK.length, eol)) as Made;
    return sha256(text.slice(eol + 1)) === made.code && digestOf(made.inputs) === made.digest;
  } catch {
    return false;
  }
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** A digest of the files' names and contents. */
function digestOf(files: readonly string[]): string {
  const h = createHash("sha256");
  for (const f of files) h.update(`${f}\n`).update(readFileSync(f)).update("\n");
  return h.digest("hex");
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
  const made: Made = { inputs, digest: digestOf(inputs), code: sha256(code) };
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}-${threadId}.tmp`;
  try {
    writeFileSync(temp, `${MARK}${JSON.stringify(made)}\n${code}`);
    renameSync(temp, file);
  } finally {
    rmSync(temp, { force: true });
  }
  return file;
}
