/**
 * Why an output cannot be written or put in place, as the input problem that names it: no
 * permission, no space, a file in the way, a folder that is not a previous output, a file held
 * open by another program; asked before the work where it can be, so nothing is half-written.
 */

import { accessSync, constants, existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { type Lang, tr } from "./lang.js";
import { InputError } from "./problem.js";

/** Whether an error is Windows refusing a file another program holds open (or, for EBUSY, any system). */
export function heldOnWindows(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === "EBUSY" || (process.platform === "win32" && (code === "EPERM" || code === "EACCES"));
}

/**
 * Throws the input problem of an output `target` that a rename could not put in place: held open
 * by another program (Excel, WPS, an antivirus) where the system says so, else as refuseWrite says.
 */
export function refuseRename(e: unknown, target: string, lang: Lang): never {
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
 * or any other refusal of the system's, naming the output (`target`) and why; an error of
 * gradedraw's own as it is.
 */
export function refuseWrite(e: unknown, target: string, lang: Lang): never {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "EACCES" || code === "EPERM" || code === "EROFS") noPermission(target, dirname(target), lang);
  if (code === "ENOSPC" || code === "EDQUOT")
    refuseOutput(
      target,
      tr(lang, `cannot write ${target}: no space left on the disk`, `无法写入 ${target}：磁盘空间不足`),
    );
  if (code === "ENAMETOOLONG") refuseOutput(target, nameTooLong(target, lang));
  // Any other refusal of the system's (a folder that takes no new file, as /proc; a device gone),
  // said with its own words; an error of gradedraw's own is thrown on.
  if (code === "ENOENT")
    refuseOutput(
      target,
      tr(
        lang,
        `cannot write ${target}: its folder ${dirname(target)} takes no new file (ENOENT)`,
        `无法写入 ${target}：所在文件夹 ${dirname(target)} 不能新建文件（ENOENT）`,
      ),
    );
  if (typeof code === "string" && /^E[A-Z0-9]+$/.test(code))
    refuseOutput(
      target,
      tr(
        lang,
        `cannot write ${target}: ${(e as Error).message}`,
        `无法写入 ${target}：${(e as Error).message}`,
      ),
    );
  throw e;
}

/** The most bytes a file system allows a file's or folder's name. */
export const NAME_MOST_BYTES = 255;

/** How long a name is, against what a file system allows, in both languages (for a message's brackets). */
export function nameBytes(bytes: number): { en: string; zh: string } {
  return {
    en: `${bytes} bytes in UTF-8; a file system allows 255, some 85 Chinese characters`,
    zh: `UTF-8 编码 ${bytes} 字节；文件系统最多允许 255 字节，约 85 个汉字`,
  };
}

/** Why an output path is refused whose name, or a folder's in it, is longer than a file system allows. */
export function nameTooLong(target: string, lang: Lang): string {
  const longest = Math.max(...target.split(/[\\/]/).map((part) => Buffer.byteLength(part)));
  // Each name short enough, the path as a whole is not.
  if (longest <= NAME_MOST_BYTES) {
    const bytes = Buffer.byteLength(resolve(target));
    return tr(
      lang,
      `cannot write ${target}: the path is too long (${bytes} bytes in UTF-8 from the root; a file system allows 4,096)`,
      `无法写入 ${target}：路径过长（自根目录起 UTF-8 编码 ${bytes} 字节；文件系统最多允许 4096 字节）`,
    );
  }
  const long = nameBytes(longest);
  return tr(
    lang,
    `cannot write ${target}: a name in it is too long (${long.en})`,
    `无法写入 ${target}：路径中的名称过长（${long.zh}）`,
  );
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
export function nearestExisting(path: string): string {
  let at = path;
  while (!existsSync(at) && dirname(at) !== at) at = dirname(at);
  return at;
}

/** Why the folder `dir` cannot be made: `file`, a part of its path, is a file. */
export function fileInTheWay(dir: string, file: string, lang: Lang): string {
  return tr(
    lang,
    `cannot make the folder ${dir}: ${file} is a file, not a folder`,
    `无法创建文件夹 ${dir}：${file} 是文件，不是文件夹`,
  );
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
