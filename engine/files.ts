/**
 * Files written whole or not at all: to a temporary name beside them, then renamed into place
 * (a rename Windows refuses for a moment is tried again); their folders made with a clear refusal.
 * A folder of outputs is staged the same way (see staged-dir.ts).
 */

import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { crashPoint } from "./crash-point.js";
import { type Lang, tr } from "./lang.js";
import {
  fileInTheWay,
  heldOnWindows,
  nameTooLong,
  nearestExisting,
  refuseRename,
  refuseWrite,
} from "./output-refusals.js";
import { InputError } from "./problem.js";

/**
 * Makes a folder and its missing parents for the output `target`. A path through a file, or a
 * place the user may not write, is refused naming the output, not thrown as a system error.
 */
export function makeFolder(dir: string, target: string, lang: Lang = "en"): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const at = nearestExisting(dir);
    const message =
      code === "EEXIST" || code === "ENOTDIR"
        ? fileInTheWay(dir, at, lang)
        : code === "ENAMETOOLONG"
          ? nameTooLong(target, lang)
          : code === "EACCES" || code === "EPERM" || code === "EROFS"
            ? tr(
                lang,
                `cannot make the folder ${dir}: no permission to write in ${at}`,
                `无法创建文件夹 ${dir}：没有在 ${at} 中写入的权限`,
              )
            : tr(
                lang,
                `cannot make the folder ${dir}: ${(e as Error).message}`,
                `无法创建文件夹 ${dir}：${(e as Error).message}`,
              );
    throw new InputError([{ file: target, line: 0, col: 0, message }]);
  }
}

/** How long a rename that Windows refuses is tried again (see {@link renameSteadily}). */
export const RENAME_PATIENCE_MS = 5_000;

/**
 * renameSync, tried again on Windows for up to five seconds while it fails with EACCES, EPERM or
 * EBUSY: an antivirus or indexing service holds newly written files for a moment, which refuses
 * the rename of a file, or of the folder that holds them (graceful-fs retries the same way). A file
 * open in Excel or WPS is held until it is closed: the last error is then thrown.
 */
export function renameSteadily(from: string, to: string, patienceMs = RENAME_PATIENCE_MS): void {
  const start = Date.now();
  for (let wait = 10; ; wait = Math.min(wait * 2, 250)) {
    try {
      renameSync(from, to);
      return;
    } catch (e) {
      if (!heldOnWindows(e) || Date.now() - start >= patienceMs) throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, wait);
    }
  }
}

/** Writes a file atomically: to a temporary name beside it, then renamed. */
export function writeFileAtomic(file: string, data: string | Uint8Array, lang: Lang = "en"): void {
  const tmp = temporaryBeside(file, lang);
  let written = false;
  try {
    writeFileSync(tmp, data);
    written = true;
    crashPoint("file-written");
    renameSteadily(tmp, file);
  } catch (e) {
    if (written) refuseRename(e, file, lang);
    refuseWrite(e, file, lang);
  } finally {
    if (existsSync(tmp)) rmSync(tmp, { force: true });
  }
}

/** {@link writeFileAtomic} for a file `write` makes piece by piece at the path it is given. */
export async function writeFileAtomicWith(
  file: string,
  write: (path: string) => Promise<void>,
  lang: Lang = "en",
): Promise<void> {
  const tmp = temporaryBeside(file, lang);
  let written = false;
  try {
    await write(tmp);
    written = true;
    crashPoint("file-written");
    renameSteadily(tmp, file);
  } catch (e) {
    if (written) refuseRename(e, file, lang);
    refuseWrite(e, file, lang);
  } finally {
    if (existsSync(tmp)) rmSync(tmp, { force: true });
  }
}

/**
 * A temporary name beside `file`, its folder made when missing (as an output folder's parents are,
 * by stageDir); those of the same file left by a run that was interrupted are removed.
 */
function temporaryBeside(file: string, lang: Lang): string {
  makeFolder(dirname(file), file, lang);
  removeStale(dirname(file), besideName(file));
  return join(dirname(file), `${besideName(file)}tmp-${process.pid}-${Date.now()}`);
}

/** The most bytes of an output's name its temporary names beside it keep (see {@link besideName}). */
const BESIDE_NAME_BYTES = 200;

/**
 * The start of the names of an output's temporary files and folders beside it: a dot, its name,
 * and a dot. A long name is kept to its first 200 bytes there: a file system allows a name 255
 * (85 Chinese characters in UTF-8), and the temporary name adds some 30 (`tmp-<pid>-<time>`).
 */
export function besideName(target: string): string {
  let name = "";
  let bytes = 0;
  for (const ch of basename(target)) {
    bytes += Buffer.byteLength(ch);
    if (bytes > BESIDE_NAME_BYTES) break;
    name += ch;
  }
  return `.${name}.`;
}

/**
 * Removes the temporary files and folders beside an output (their names begin with `prefix`) left
 * by processes that died mid-write, killed or interrupted (their pid no longer runs), but for those
 * in `keep` (absolute paths).
 */
export function removeStale(parent: string, prefix: string, keep: ReadonlySet<string> = new Set()): void {
  for (const name of readdirSync(parent)) {
    const m = name.startsWith(prefix) ? /\.(tmp|old)-(\d+)-\d+$/.exec(name) : null;
    if (m && !isRunning(Number(m[2])) && !keep.has(resolve(parent, name)))
      try {
        rmSync(join(parent, name), { recursive: true, force: true });
      } catch {
        // Left for whoever may remove it: a leftover is no reason to refuse this output.
      }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
