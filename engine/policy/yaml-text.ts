/**
 * The text of a policy, variant, test or scenario file: UTF-8, or GB18030/GBK as Chinese Windows
 * editors save it; bytes of neither, or a file of both, are a problem at their place.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { isChineseUtf8 } from "../chinese-utf8.js";
import { garbledIn, garbledLineMessage } from "../data/garbled-lines.js";
import { say } from "../data/rows.js";
import { type Lang, tr, unreadable } from "../lang.js";
import type { Problem } from "../problem.js";

/**
 * The text of a YAML file's bytes: UTF-8 (a byte-order mark dropped), UTF-16 by its byte-order
 * mark, or else GB18030/GBK, as Chinese Windows editors save text by default (记事本's "ANSI"). A file that reads as UTF-8 is
 * UTF-8: Chinese in GBK is almost never valid UTF-8, and ASCII reads the same either way. `mixed`:
 * the first line that is UTF-8 Chinese in a file that is not UTF-8 (two files joined), which
 * GB18030 would decode into wrong characters without a word. Neither text nor mixed: the bytes
 * are neither encoding.
 */
function decoded(bytes: Uint8Array): { text?: string; mixed?: number } {
  // UTF-16 by its byte-order mark (记事本's "Unicode" and "Unicode big endian"), as YAML allows.
  const utf16 =
    bytes[0] === 0xff && bytes[1] === 0xfe
      ? "utf-16le"
      : bytes[0] === 0xfe && bytes[1] === 0xff
        ? "utf-16be"
        : "";
  if (utf16)
    try {
      return { text: new TextDecoder(utf16, { fatal: true }).decode(bytes) };
    } catch {
      return {};
    }
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {}
  let line = 1;
  for (let start = 0; start < bytes.length; line++) {
    const nl = bytes.indexOf(0x0a, start);
    const end = nl < 0 ? bytes.length : nl;
    if (isChineseUtf8(bytes.subarray(start, end))) return { mixed: line };
    start = end + 1;
  }
  try {
    return { text: new TextDecoder("gb18030", { fatal: true }).decode(bytes) };
  } catch {
    return {};
  }
}

/** The text of a YAML file's bytes in UTF-8 or GBK (see decoded), or undefined. */
export function decodeYaml(bytes: Uint8Array): string | undefined {
  return decoded(bytes).text;
}

/**
 * Reads a YAML file's bytes as text (see decoded): bytes that are neither UTF-8 nor GBK, or a file
 * of both, are a problem at their line and column, not silently replaced.
 */
export function readYamlText(
  file: string,
  bytes: Uint8Array,
  lang: Lang = "en",
): { text?: string; problem?: Problem } {
  const binary = binaryKind(bytes, lang);
  if (binary) return { problem: { file, line: 1, col: 1, message: binary } };
  const { text, mixed } = decoded(bytes);
  if (text !== undefined) return { text };
  // Where the text first stops being UTF-8.
  const end = firstInvalidUtf8(bytes);
  const before = new TextDecoder("utf-8").decode(bytes.subarray(0, end));
  const line = before.split("\n").length;
  const col = before.length - before.lastIndexOf("\n");
  // UTF-8 an editor read as GBK and saved again: neither encoding, nor two files joined.
  const garbled = garbledIn(bytes, end);
  if (garbled)
    return { problem: { file, line, col: 1, message: garbledLineMessage(garbled.meant, say(lang), "text") } };
  const message =
    mixed === undefined
      ? tr(
          lang,
          "the file is neither UTF-8 nor GBK text (save YAML files as UTF-8)",
          "文件既不是 UTF-8 也不是 GBK 文本（YAML 文件请以 UTF-8 编码保存）",
        )
      : tr(
          lang,
          `line ${mixed} is UTF-8 and line ${line} is not: is part of the file in GBK (two files joined)? Save it again in one encoding (UTF-8)`,
          `第 ${mixed} 行是 UTF-8，第 ${line} 行却不是：是否有一部分为 GBK 编码（两个文件拼接）？请统一编码（UTF-8）后重新保存`,
        );
  // The problem is where the encoding changes: the later of the two lines.
  return {
    problem:
      mixed !== undefined && mixed > line
        ? { file, line: mixed, col: 1, message }
        : { file, line, col, message },
  };
}

/**
 * What a file that is no text is, by its first bytes, where gradedraw knows: a ledger (SQLite) or a
 * workbook or Word document (ZIP) given where a text file (YAML, a notice) is expected, under a
 * name that does not say so (a tab completed to gradedraw.db, a workbook saved as .yaml).
 */
function binaryKind(bytes: Uint8Array, lang: Lang): string | undefined {
  const starts = (magic: string) => Buffer.from(bytes.subarray(0, magic.length)).toString("latin1") === magic;
  if (starts("SQLite format 3\0"))
    return tr(
      lang,
      "this is an SQLite database, as a gradedraw ledger is, not a text file: a ledger is given with --db",
      "这是 SQLite 数据库文件（gradedraw 的台账即是），不是文本文件：台账请用 --db 指定",
    );
  if (starts("PK\x03\x04"))
    return tr(
      lang,
      "this is a ZIP file (a workbook, .xlsx, or a Word document under another name?), not a text file: save it as text (UTF-8)",
      "这是 ZIP 文件（是否为改了扩展名的 .xlsx 工作簿或 Word 文档？），不是文本文件：请另存为文本（UTF-8）",
    );
  return undefined;
}

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    const n =
      c < 0x80
        ? 0
        : c >= 0xc2 && c <= 0xdf
          ? 1
          : c >= 0xe0 && c <= 0xef
            ? 2
            : c >= 0xf0 && c <= 0xf4
              ? 3
              : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k] & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return b.length;
}

/** Reads a YAML file (UTF-8 or GBK, see decodeYaml): its text, or the problem (unreadable, or neither). */
export function readTextFile(file: string, lang: Lang): { text?: string; problem?: Problem } {
  let bytes: Uint8Array | undefined;
  try {
    bytes = readAtMost(file, TEXT_FILE_MOST);
  } catch (e) {
    return { problem: { file, line: 0, col: 0, message: unreadable(e, lang) } };
  }
  if (!bytes)
    return {
      problem: {
        file,
        line: 0,
        col: 0,
        message: tr(
          lang,
          `the file is larger than ${TEXT_FILE_MOST / 2 ** 20} MB: a policy, its tests, a scenario or a notice is a few KB (is it the file meant?)`,
          `文件超过 ${TEXT_FILE_MOST / 2 ** 20} MB：政策、政策测试、模拟情景或通知文件通常只有几 KB（是否选错了文件？）`,
        ),
      },
    };
  return readYamlText(file, bytes, lang);
}

/** The most a text file gradedraw reads whole (a policy, its tests, a scenario, a notice) may hold. */
export const TEXT_FILE_MOST = 64 * 2 ** 20;

/**
 * A file's bytes, or undefined where it holds more than `most`: read a piece at a time, so that a
 * device or a pipe without end (/dev/zero) is not read until memory runs out, nor a large file
 * read whole before it is refused.
 */
export function readAtMost(file: string, most: number): Buffer | undefined {
  const fd = openSync(file, "r");
  try {
    const { size } = fstatSync(fd);
    if (size > most) return undefined;
    const pieces: Buffer[] = [];
    let total = 0;
    for (;;) {
      const piece = Buffer.allocUnsafe(Math.max(64 * 1024, Math.min(size + 1, most + 1 - total)));
      const n = readSync(fd, piece, 0, piece.length, null);
      if (n === 0) return Buffer.concat(pieces, total);
      total += n;
      if (total > most) return undefined;
      pieces.push(piece.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
}
