import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { threadId } from "node:worker_threads";
import { sha256 } from "./canonical.js";

/**
 * Generated code kept in a file between runs (worker bundles, compiled schemas): a first line of
 * `mark` and JSON saying what the code was made from, then the code. The JSON holds the code's
 * digest, so a file cut short or edited is not taken for the code it was.
 */
export interface Kept<M> {
  readonly meta: M;
  readonly code: string;
}

/** The code kept in `file` with its description, or undefined when the file is missing or not whole. */
export function readKept<M>(file: string, mark: string): Kept<M> | undefined {
  try {
    const text = readFileSync(file, "utf8");
    const eol = text.indexOf("\n");
    if (!text.startsWith(mark) || eol < 0) return undefined;
    const { codeDigest, ...meta } = JSON.parse(text.slice(mark.length, eol)) as { codeDigest: string };
    const code = text.slice(eol + 1);
    return sha256(code) === codeDigest ? { meta: meta as M, code } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Keeps `code` in `file` with its description: written under a temporary name, then renamed, so
 * that another process reading the file meanwhile sees the old file or the new one, whole.
 * Throws when the folder cannot be made or written.
 */
export function writeKept<M extends object>(file: string, mark: string, meta: M, code: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}-${threadId}.tmp`;
  try {
    writeFileSync(temp, `${mark}${JSON.stringify({ ...meta, codeDigest: sha256(code) })}\n${code}`);
    renameSync(temp, file);
  } finally {
    rmSync(temp, { force: true });
  }
}
