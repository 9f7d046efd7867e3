/**
 * The text encoding of a CSV, JSON or NDJSON file: detected (UTF-8, GB18030/GBK as Excel writes a
 * CSV on a Chinese Windows, UTF-16 by its BOM), and checked on the way through, so that a part in
 * another encoding (two exports joined) is refused at its line instead of read as wrong characters.
 */
import { isAscii, isUtf8 } from "node:buffer";
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { Transform, type TransformCallback } from "node:stream";
import iconv from "iconv-lite";
import { isChineseUtf8 } from "../chinese-utf8.js";
import { InputError } from "../problem.js";
import { garbledLine, garbledLineMessage } from "./garbled-lines.js";
import type { Say } from "./rows.js";

/**
 * Detects UTF-8 (with or without BOM) versus GB18030/GBK, or UTF-16 by its BOM (Excel's Unicode
 * Text, Unicode 文本, export: little-endian, tab-separated). The decision is made on the first part
 * of the file with any byte beyond ASCII: a file whose first rows are all ASCII (codes, English
 * names) and whose Chinese comes later is judged by that Chinese, not by its ASCII start (which
 * would call a GBK file UTF-8 and garble every Chinese name after it). A file of ASCII alone reads
 * the same either way. A part that is not UTF-8 in a file whose first line beyond ASCII is UTF-8
 * Chinese (see isChineseUtf8) does not make it GBK: it began in UTF-8 and has a part in another
 * encoding (two exports joined, both in the first part), which the check refuses at that part's
 * line, as it would further on (GbkCheck would refuse the first line instead, as UTF-8 in GBK).
 */
export async function detectEncoding(file: string): Promise<string> {
  const fh = await open(file, "r");
  try {
    const size = 1 << 16;
    const buf = Buffer.alloc(size);
    for (let position = 0; ; ) {
      const { bytesRead } = await fh.read(buf, 0, size, position);
      const sample = buf.subarray(0, bytesRead);
      if (position === 0) {
        if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return "utf8";
        if (sample[0] === 0xff && sample[1] === 0xfe) return "utf-16le";
        if (sample[0] === 0xfe && sample[1] === 0xff) return "utf-16be";
      }
      position += bytesRead;
      if (bytesRead === 0) return "utf8";
      // A sample of ASCII alone starts the next one at a character boundary.
      if (isAscii(sample)) continue;
      // A character cut at the end of the sample is left out, unless the file ends there.
      const end = bytesRead === size ? wholeCharacters(sample, 0) : bytesRead;
      const head = sample.subarray(0, end);
      return isUtf8(head) || isChineseUtf8(firstLineBeyondAscii(head)) ? "utf8" : "gb18030";
    }
  } finally {
    await fh.close();
  }
}

/** The line of `b` (up to its end, if it has none) where the first byte beyond ASCII is. */
function firstLineBeyondAscii(b: Buffer): Buffer {
  let at = 0;
  while (at < b.length && b[at] < 0x80) at++;
  const end = b.indexOf(0x0a, at);
  return b.subarray(b.lastIndexOf(0x0a, at) + 1, end < 0 ? b.length : end);
}

/** The encoding of a file: `given` (--encoding), which must be one iconv-lite knows, else detected (see detectEncoding). */
export async function fileEncoding(file: string, given: string | undefined, t: Say): Promise<string> {
  const encoding = given ?? (await detectEncoding(file));
  if (!iconv.encodingExists(encoding))
    throw new InputError([
      { file, line: 0, col: 0, message: t(`unknown encoding '${encoding}'`, `未知编码“${encoding}”`) },
    ]);
  return encoding;
}

/** Whether an encoding's name is UTF-8's. */
export function isUtf8Encoding(encoding: string): boolean {
  return /^utf-?8$/i.test(encoding);
}

/** Whether an encoding's name is UTF-16's (either byte order, or the one its BOM says). */
export function isUtf16(encoding: string | undefined): boolean {
  return encoding !== undefined && /^(utf-?16|ucs-?2)(-?(le|be))?$/i.test(encoding);
}

/** Raised by {@link Utf8Check} at the first byte that is not UTF-8. */
export class NotUtf8 extends Error {
  constructor(readonly offset: number) {
    super(`not UTF-8 at byte ${offset}`);
  }
}

/** The length of the UTF-8 sequence a lead byte starts (1 for ASCII), or 0 for a byte no sequence starts with. */
function sequenceLength(b: number): number {
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b <= 0xdf) return 2;
  if (b >= 0xe0 && b <= 0xef) return 3;
  if (b >= 0xf0 && b <= 0xf4) return 4;
  return 0;
}

/**
 * Where the whole characters of `b[from..]` end: before a last character cut short (its lead byte
 * and the continuation bytes after it), else at the end.
 */
function wholeCharacters(b: Uint8Array, from: number): number {
  const end = b.length;
  let k = end;
  while (k > from && end - k < 3 && (b[k - 1] & 0xc0) === 0x80) k--;
  return k > from && sequenceLength(b[k - 1]) > end - k + 1 ? k - 1 : end;
}

/** The offset of the first byte of `b` that does not begin a well-formed sequence (for the message), or b.length. */
function firstBadByte(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const n = sequenceLength(b[i]);
    if (n === 0 || !isUtf8(b.subarray(i, i + n))) return i;
    i += n;
  }
  return b.length;
}

/**
 * Passes bytes on unchanged, checking that they are UTF-8 (node:buffer's isUtf8, a few
 * milliseconds for a million rows). A character cut between two chunks is checked whole.
 */
export class Utf8Check extends Transform {
  private carry: Buffer = Buffer.alloc(0);
  private offset = 0;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    let from = 0;
    if (this.carry.length) {
      // Complete the cut character with the bytes it still needs.
      const need = sequenceLength(this.carry[0]) - this.carry.length;
      const whole = Buffer.concat([this.carry, chunk.subarray(0, need)]);
      if (!isUtf8(whole)) {
        done(new NotUtf8(this.offset - this.carry.length));
        return;
      }
      from = need;
      this.carry = Buffer.alloc(0);
    }
    // A character cut at the end waits for the next chunk.
    const end = wholeCharacters(chunk, from);
    const body = chunk.subarray(from, end);
    if (!isUtf8(body)) {
      done(new NotUtf8(this.offset + from + firstBadByte(body)));
      return;
    }
    this.carry = Buffer.from(chunk.subarray(end));
    this.offset += chunk.length;
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    done(this.carry.length ? new NotUtf8(this.offset - this.carry.length) : null);
  }
}

/** Raised by {@link GbkCheck} at the first line of a GBK file that is UTF-8 Chinese instead. */
export class NotGbk extends Error {
  constructor(readonly line: number) {
    super(`UTF-8 at line ${line} of a GBK file`);
  }
}

/** The longest line {@link GbkCheck} keeps whole across chunks; the parser refuses longer records anyway. */
const LONGEST_LINE = 1 << 20;

/**
 * Passes the bytes of a file detected as GBK on unchanged, refusing the first line that is UTF-8
 * Chinese instead: GB18030 decodes almost any bytes, so a UTF-8 part (two exports joined) would
 * become wrong characters without a word. A line is taken as UTF-8 when its bytes beyond ASCII
 * are well-formed UTF-8 that reads as Chinese alone (see {@link isChineseUtf8}).
 */
export class GbkCheck extends Transform {
  private carry: Buffer = Buffer.alloc(0);
  private line = 1;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const bytes = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    let start = 0;
    for (let nl = bytes.indexOf(0x0a); nl >= 0; nl = bytes.indexOf(0x0a, start)) {
      if (isChineseUtf8(bytes.subarray(start, nl))) {
        done(new NotGbk(this.line));
        return;
      }
      this.line++;
      start = nl + 1;
    }
    this.carry = Buffer.from(bytes.subarray(Math.max(start, bytes.length - LONGEST_LINE)));
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    done(isChineseUtf8(this.carry) ? new NotGbk(this.line) : null);
  }
}

/**
 * The check a file's bytes pass through on their way in `encoding` (`given` by --encoding, or
 * detected), so that a part in another encoding (two exports joined) is refused at its line, not
 * decoded into replacement or wrong characters without a word: UTF-8 is checked throughout
 * (Utf8Check), a file detected as GBK for lines of UTF-8 Chinese (GbkCheck); UTF-16, or GBK
 * given, is trusted (none).
 */
export function encodingCheck(encoding: string, given: string | undefined): Transform | undefined {
  if (isUtf8Encoding(encoding)) return new Utf8Check();
  return given === undefined && !isUtf16(encoding) ? new GbkCheck() : undefined;
}

/** The line (1-based) of a byte offset of a file. */
export async function lineAt(file: string, offset: number): Promise<number> {
  let line = 1;
  let at = 0;
  for await (const chunk of createReadStream(file, {
    end: Math.max(0, offset - 1),
  }) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(0x0a); i >= 0 && at + i < offset; i = chunk.indexOf(0x0a, i + 1)) line++;
    at += chunk.length;
  }
  return line;
}

/**
 * The input problem of a file that an encoding check refused (NotGbk, NotUtf8: a part in another
 * encoding than its beginning, as two exports joined make, or a file not in the encoding `given`
 * by --encoding), at its line; undefined for another error.
 */
export async function mixedEncoding(
  e: unknown,
  file: string,
  t: Say,
  given: string | undefined,
): Promise<InputError | undefined> {
  // UTF-8 opened as GBK and saved again reads as either, by where its first character is cut short.
  const garbled =
    e instanceof NotUtf8
      ? await garbledLine(file, e.offset)
      : e instanceof NotGbk
        ? await garbledLine(file)
        : undefined;
  if (garbled)
    return new InputError([
      {
        file,
        line: await lineAt(file, garbled.at + 1),
        col: 0,
        message: garbledLineMessage(garbled.meant, t),
      },
    ]);
  if (e instanceof NotGbk)
    return new InputError([
      {
        file,
        line: e.line,
        col: 0,
        message: t(
          "this line is UTF-8, though the file began in GBK: is part of it in UTF-8 (two files joined)? Save it again in one encoding, or give --encoding if the file is GBK throughout",
          "文件以 GBK 编码开头，但此行为 UTF-8 编码：是否有一部分为 UTF-8（两个文件拼接）？请统一编码后重新保存；如确为 GBK 编码，请指定 --encoding gbk",
        ),
      },
    ]);
  if (e instanceof NotUtf8)
    return new InputError([
      {
        file,
        line: await lineAt(file, e.offset),
        col: 0,
        message:
          given === undefined
            ? t(
                "the text is not UTF-8 from here on, though the file began in UTF-8: is part of it in GBK (two files joined)? Save it again in one encoding",
                "文件以 UTF-8 开头，但从此处起不是 UTF-8：是否有一部分为 GBK 编码（两个文件拼接）？请统一编码后重新保存",
              )
            : t(
                `the text is not UTF-8 from here on, though --encoding ${given} was given: is the file in GBK (leave --encoding out to have its encoding detected), or part of it (two files joined)?`,
                `已指定 --encoding ${given}，但从此处起不是 UTF-8：文件是否为 GBK 编码（去掉 --encoding 即可自动识别），或有一部分为 GBK 编码（两个文件拼接）？`,
              ),
      },
    ]);
  return undefined;
}
