/**
 * Lines of a file that is not well-formed UTF-8 because it is UTF-8 garbled by GBK and saved again
 * in GBK (see misread-text.ts): each run of Chinese an odd number of bytes long lost its last byte
 * to a `?`, which tells it from a file with a part in GBK (two files joined).
 */
import { open } from "node:fs/promises";
import { BEYOND_ASCII, chineseWithCuts, type GarbledKind, remedy } from "./misread-text.js";
import type { Say } from "./rows.js";

/** The longest line read around a place to tell whether it is garbled. */
const LINE = 1 << 16;

/**
 * Where a file that is not well-formed UTF-8 is UTF-8 garbled by GBK (see the file comment): the
 * line around byte `offset`, or else the first line beyond ASCII, if its bytes are UTF-8 Chinese
 * but for characters cut short before a `?` (see garbledIn). Undefined otherwise (a part of the
 * file in GBK: two files joined).
 */
export async function garbledLine(
  file: string,
  offset?: number,
): Promise<{ at: number; meant: string } | undefined> {
  const fh = await open(file, "r");
  try {
    const from = offset === undefined ? 0 : Math.max(0, offset - LINE);
    const buf = Buffer.alloc(2 * LINE);
    const { bytesRead } = await fh.read(buf, 0, buf.length, from);
    const found = garbledIn(buf.subarray(0, bytesRead), offset === undefined ? undefined : offset - from);
    return found && { at: from + found.at, meant: found.meant };
  } finally {
    await fh.close();
  }
}

/**
 * In `b`, the line around byte `offset`, or else the first line beyond ASCII, if it is UTF-8
 * garbled by GBK: the offset where it begins, and what it says up to its first character lost.
 */
export function garbledIn(b: Uint8Array, offset?: number): { at: number; meant: string } | undefined {
  const at = offset ?? b.findIndex((x) => x >= 0x80);
  if (at < 0) return undefined;
  const start = b.lastIndexOf(0x0a, at) + 1;
  const nl = b.indexOf(0x0a, at);
  const read = chineseWithCuts(b.subarray(start, nl < 0 ? b.length : nl), true);
  if (!read?.lost) return undefined;
  // Up to the first character lost, as much as a message can hold.
  const cut = read.meant.indexOf("?", BEYOND_ASCII.exec(read.meant)?.index ?? 0);
  const field = Math.max(read.meant.lastIndexOf(",", cut), read.meant.lastIndexOf("\t", cut)) + 1;
  const shown = read.meant.slice(Math.max(field, cut - 20), cut + 1);
  return { at: start, meant: cut - field > 20 ? `…${shown}` : shown };
}

/** The message for a line garbledLine found. */
export function garbledLineMessage(meant: string, t: Say, kind: GarbledKind = "table"): string {
  return (
    t(
      `this line is UTF-8 with Chinese characters cut short, a '?' in place of each one's last byte (${meant}): `,
      `此行为 UTF-8 文本，其中有汉字被截断，末字节处为“?”（${meant}）：`,
    ) + remedy(t, kind)
  );
}
