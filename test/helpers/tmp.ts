import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A fresh temporary folder. */
export function tmp(): string {
  return mkdtempSync(join(tmpdir(), "gradedraw-test-"));
}

/** Writes a file into a fresh temporary folder and returns its path. */
export function tmpFile(name: string, content: string | Uint8Array): string {
  const p = join(tmp(), name);
  writeFileSync(p, content);
  return p;
}
