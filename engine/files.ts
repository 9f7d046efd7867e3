import { createHash } from "node:crypto";
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { Utf8Sink } from "./byte-sink.js";
import { type Lang, tr } from "./lang.js";
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
const RENAME_PATIENCE_MS = 5_000;

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

/** Whether an error is Windows refusing a file another program holds open (or, for EBUSY, any system). */
function heldOnWindows(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === "EBUSY" || (process.platform === "win32" && (code === "EPERM" || code === "EACCES"));
}

/**
 * Throws the input problem of an output `target` that a rename could not put in place: held open
 * by another program (Excel, WPS, an antivirus) where the system says so, else as refuseWrite says.
 */
function refuseRename(e: unknown, target: string, lang: Lang): never {
  if (heldOnWindows(e))
    refuseOutput(
      target,
      tr(
        lang,
        `cannot replace ${target}: it, or a file in it, is open in another program (such as Excel or WPS) or held by antivirus software; close it and run the command again (if nothing holds it, check that this account may write in ${dirname(target)})`,
        `无法替换 ${target}：它（或其中的文件）正被其他程序（如 Excel、WPS）打开，或被杀毒软件占用；请关闭后重新运行命令（若并无程序占用，请检查当前账户能否在 ${dirname(target)} 中写入）`,
      ),
    );
  refuseWrite(e, target, lang);
}

/**
 * Throws the input problem of an output that cannot be written for want of permission or space,
 * naming the output (`target`) and why; any other error as it is.
 */
function refuseWrite(e: unknown, target: string, lang: Lang): never {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "EACCES" || code === "EPERM" || code === "EROFS") noPermission(target, dirname(target), lang);
  if (code === "ENOSPC" || code === "EDQUOT")
    refuseOutput(
      target,
      tr(lang, `cannot write ${target}: no space left on the disk`, `无法写入 ${target}：磁盘空间不足`),
    );
  throw e;
}

/** Throws the input problem of an output `target` that cannot be written in the folder `dir`. */
function noPermission(target: string, dir: string, lang: Lang): never {
  refuseOutput(
    target,
    tr(
      lang,
      `cannot write ${target}: no permission to write in ${dir}`,
      `无法写入 ${target}：没有在 ${dir} 中写入的权限`,
    ),
  );
}

/** Throws `message` as the input problem of the output `target`. */
function refuseOutput(target: string, message: string): never {
  throw new InputError([{ file: target, line: 0, col: 0, message }]);
}

/** The nearest part of a path that exists: the path itself, or one of its parents. */
function nearestExisting(path: string): string {
  let at = path;
  while (!existsSync(at) && dirname(at) !== at) at = dirname(at);
  return at;
}

/** Why the folder `dir` cannot be made: `file`, a part of its path, is a file. */
function fileInTheWay(dir: string, file: string, lang: Lang): string {
  return tr(
    lang,
    `cannot make the folder ${dir}: ${file} is a file, not a folder`,
    `无法创建文件夹 ${dir}：${file} 是文件，不是文件夹`,
  );
}

/** Writes a file atomically: to a temporary name beside it, then renamed. */
export function writeFileAtomic(file: string, data: string | Uint8Array, lang: Lang = "en"): void {
  const tmp = temporaryBeside(file, lang);
  let written = false;
  try {
    writeFileSync(tmp, data);
    written = true;
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
    renameSteadily(tmp, file);
  } catch (e) {
    if (written) refuseRename(e, file, lang);
    refuseWrite(e, file, lang);
  } finally {
    if (existsSync(tmp)) rmSync(tmp, { force: true });
  }
}

/** A temporary name beside `file`, its folder made when missing (as an output folder's parents are, by stageDir). */
function temporaryBeside(file: string, lang: Lang): string {
  makeFolder(dirname(file), file, lang);
  return join(dirname(file), `.${basename(file)}.tmp-${process.pid}-${Date.now()}`);
}

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
  removeStale(parent, `.${basename(target)}.`, keep);
  const path = join(parent, `.${basename(target)}.tmp-${process.pid}-${Date.now()}`);
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
      try {
        const sink = new Utf8Sink((bytes) => {
          writeAll(fd, bytes);
          hash.update(bytes);
        });
        for (const c of chunks) sink.put(c);
        sink.flush();
        return hash.digest();
      } catch (e) {
        refuseWrite(e, target, lang);
      } finally {
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

/** Throws the input problem naming `target` when an output holding `marker` may not replace it (see notReplaceable). */
export function refuseUnreplaceable(target: string, marker: string, lang: Lang = "en"): void {
  const refused = notReplaceable(target, marker, lang);
  if (refused) refuseOutput(target, refused);
}

/**
 * Throws the input problem naming `target` when this process could not write it: an output is
 * staged beside its target, and replaces a previous one, which is removed. Asked before the work
 * (and by stageDir), so that what would stop either is said before, not after.
 */
export function refuseUnwritable(target: string, lang: Lang = "en"): void {
  const at = nearestExisting(dirname(target));
  if (!writable(at)) noPermission(target, at, lang);
  const locked = existsSync(target) && statSync(target).isDirectory() ? lockedFolder(target) : undefined;
  if (locked) noPermission(target, locked, lang);
}

/** The first folder in `dir` (itself included) whose entries this process may not remove. */
function lockedFolder(dir: string): string | undefined {
  if (!writable(dir)) return dir;
  for (const entry of readdirSync(dir, { withFileTypes: true }))
    if (entry.isDirectory()) {
      const locked = lockedFolder(join(dir, entry.name));
      if (locked) return locked;
    }
  return undefined;
}

/** Whether this process may write the file or folder (false on read-only media, even for root). */
export function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Why an output whose folder holds `marker` may not replace `target`, or undefined when it may:
 * the target must not exist (and its folder be one that can be made), be empty, or be a previous
 * output of the same kind.
 */
export function notReplaceable(target: string, marker: string, lang: Lang = "en"): string | undefined {
  if (!existsSync(target)) {
    // Its folder must be one that can be made: no file stands in its path.
    const at = nearestExisting(dirname(target));
    return statSync(at).isDirectory() ? undefined : fileInTheWay(dirname(target), at, lang);
  }
  if (!statSync(target).isDirectory())
    return tr(lang, `${target} exists and is not a folder`, `${target} 已存在，且不是文件夹`);
  const entries = readdirSync(target);
  if (entries.length > 0 && !entries.includes(marker))
    return tr(
      lang,
      `${target} is not empty and is not a previous output (no ${marker}); choose another --out`,
      `${target} 不是空文件夹，也不是以前的输出（没有 ${marker}）；请另选 --out`,
    );
  return undefined;
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
    old = join(parent, `.${basename(target)}.old-${process.pid}-${Date.now()}`);
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

/** Removes temporary folders left by processes that died mid-write (their pid no longer runs), but for those in `keep`. */
function removeStale(parent: string, prefix: string, keep: ReadonlySet<string>): void {
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

/** Writes every byte (writeSync may write fewer than asked). */
function writeAll(fd: number, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
}
