/**
 * Output folders written whole or not at all: their files go into a temporary sibling that
 * replaces the target, by renames, only when complete; temporary folders of processes that died
 * mid-write are removed.
 */

import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { BackgroundWrite } from "./background-write.js";
import { Utf8Sink } from "./byte-sink.js";
import { besideName, makeFolder, RENAME_PATIENCE_MS, removeStale, renameSteadily } from "./files.js";
import type { Lang } from "./lang.js";
import { refuseRename, refuseUnreplaceable, refuseUnwritable, refuseWrite } from "./output-refusals.js";

/** A hash fed bytes as they are written (valid only during the call), and its digest at the end. */
export interface BytesHash {
  update(bytes: Uint8Array): void;
  digest(): string;
}

/** The SHA-256 of the bytes, in hex. */
function sha256Bytes(): BytesHash {
  const hash = createHash("sha256");
  return { update: (bytes) => hash.update(bytes), digest: () => hash.digest("hex") };
}

/** A folder being written: files go into a temporary sibling that replaces the target only when complete. */
export interface StagedDir {
  readonly path: string;
  write(name: string, data: string | Uint8Array): void;
  /**
   * Writes a file from pieces of text, one after the other, without joining them in memory;
   * returns the digest `hash` makes of the bytes written: by default their SHA-256 (hex).
   */
  writeChunks(name: string, chunks: Iterable<string>, hash?: BytesHash): string;
  /**
   * Moves the complete folder into place (replacing a previous one of the same kind); where it
   * cannot (a file of the previous one open in another program), the previous one stays, and the
   * complete folder where it is.
   */
  commit(): void;
  /** Removes the temporary folder. */
  abort(): void;
}

/**
 * Stages an output folder. The target must not exist, be empty, or hold `marker` (a previous
 * output of the same kind, which is replaced); anything else is refused, so no user folder is
 * ever overwritten. Temporary folders of dead processes beside it are removed, but for those in
 * `keep` (absolute paths: a recorded draw's folder still to be put in place).
 */
export function stageDir(
  target: string,
  marker: string,
  lang: Lang = "en",
  keep: ReadonlySet<string> = new Set(),
): StagedDir {
  refuseUnreplaceable(target, marker, lang);
  refuseUnwritable(target, lang);
  const parent = dirname(target);
  makeFolder(parent, target, lang);
  removeStale(parent, besideName(target), keep);
  const path = join(parent, `${besideName(target)}tmp-${process.pid}-${Date.now()}`);
  try {
    mkdirSync(path);
  } catch (e) {
    refuseWrite(e, target, lang);
  }
  return {
    path,
    write(name, data) {
      const file = join(path, name);
      try {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, data);
      } catch (e) {
        refuseWrite(e, target, lang);
      }
    },
    writeChunks(name, chunks, hash = sha256Bytes()) {
      const file = join(path, name);
      let fd: number;
      try {
        mkdirSync(dirname(file), { recursive: true });
        fd = openSync(file, "w");
      } catch (e) {
        refuseWrite(e, target, lang);
      }
      // Written by a thread of its own as it is made, when larger than a piece (see BackgroundWrite).
      const out = new BackgroundWrite(fd);
      try {
        const sink = new Utf8Sink((bytes) => {
          out.write(bytes);
          hash.update(bytes);
        });
        for (const c of chunks) sink.put(c);
        sink.flush();
        out.finish();
        return hash.digest();
      } catch (e) {
        refuseWrite(e, target, lang);
      } finally {
        out.settle();
        closeSync(fd);
      }
    },
    commit() {
      moveIntoPlace(path, target, lang);
    },
    abort() {
      rmSync(path, { recursive: true, force: true });
    },
  };
}

/**
 * Moves a complete staged folder to `target`, replacing what is there (the caller has checked it
 * is a previous output of the same kind). Each step is a rename, so a crash leaves either the old
 * folder, or none and the staged one, never a mix. A rename Windows refuses is tried again for
 * `patienceMs` (see renameSteadily); then the old folder is put back, and the input problem of
 * `target` thrown.
 */
export function moveIntoPlace(
  staged: string,
  target: string,
  lang: Lang = "en",
  patienceMs = RENAME_PATIENCE_MS,
): void {
  const parent = dirname(target);
  let old: string | undefined;
  if (existsSync(target)) {
    old = join(parent, `${besideName(target)}old-${process.pid}-${Date.now()}`);
    try {
      renameSteadily(target, old, patienceMs);
    } catch (e) {
      refuseRename(e, target, lang);
    }
  }
  try {
    renameSteadily(staged, target, patienceMs);
  } catch (e) {
    // The previous folder back in place; should that fail too, it stays under its hidden name.
    if (old)
      try {
        renameSteadily(old, target);
      } catch {}
    refuseRename(e, target, lang);
  }
  // The new folder is in place: an old copy that cannot be removed now (refuseUnwritable checks
  // beforehand) stays under its hidden name, and the next output made here tries again.
  if (old)
    try {
      rmSync(old, { recursive: true, force: true });
    } catch {
      // Left under its hidden name (see above).
    }
}
