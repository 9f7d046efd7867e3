import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The temporary folders made by this test file, removed when it ends (see test/setup.ts). */
const made: string[] = [];

/** A fresh temporary folder, removed when the test file ends. */
export function tmp(prefix = "gradedraw-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Writes a file into a fresh temporary folder and returns its path. */
export function tmpFile(name: string, content: string | Uint8Array): string {
  const p = join(tmp(), name);
  writeFileSync(p, content);
  return p;
}

/**
 * Removes the temporary folders this test file made. A folder a test locked (no write or no
 * search permission, to see the product refuse it) is opened up first; what cannot be removed
 * even so is left, rather than failing a test that passed.
 */
export function removeTemporaryFolders(): void {
  for (const dir of made.splice(0)) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      try {
        openUp(dir);
        rmSync(dir, { recursive: true, force: true });
      } catch {
        // Left behind: a folder the operating system will not let go of is no test's failure.
      }
    }
  }
}

/** Gives the owner every permission on a folder and the folders in it. */
function openUp(dir: string): void {
  chmodSync(dir, 0o700);
  for (const entry of readdirSync(dir, { withFileTypes: true }))
    if (entry.isDirectory()) openUp(join(dir, entry.name));
}
