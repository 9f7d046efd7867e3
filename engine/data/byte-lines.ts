/**
 * The lines of a UTF-8 file, found in its bytes a piece at a time, with a bound on a line's
 * length: node's readline gathers a line of any length into one string, so a file with no line
 * end (a JSON array saved on one line as .ndjson, a file of zeros) ends in V8's string limit.
 */
import type { ByteSource } from "./utf8-bytes.js";

/** A line longer than the bound, the `line`th of the file, refused before it is gathered whole. */
export class LineTooLongError extends Error {
  constructor(readonly line: number) {
    super(`line ${line} too long`);
  }
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * The lines of a file (its UTF-8 bytes from `source`), as readline gives them (ended by LF, CRLF
 * or CR; the last one's end may be missing), a piece's at a time; a line of more than `maxBytes`
 * bytes throws LineTooLongError.
 */
export async function* byteLines(
  source: ByteSource,
  maxBytes: number,
  piece = 1 << 16,
): AsyncGenerator<string[]> {
  let kept: Buffer | undefined;
  let line = 0;
  // A piece ended by CR: a LF beginning the next one ends no line of its own.
  let afterCr = false;
  for await (const bytes of source(piece)) {
    const lines: string[] = [];
    let from = afterCr && bytes[0] === LF ? 1 : 0;
    afterCr = false;
    // Line ends found natively: the next LF, and the next CR (rare) while there is one.
    let cr = bytes.indexOf(CR, from);
    for (let i = from; i < bytes.length; i++) {
      const lf = bytes.indexOf(LF, i);
      if (cr >= 0 && cr < i) cr = bytes.indexOf(CR, i);
      i = cr >= 0 && (lf < 0 || cr < lf) ? cr : lf;
      if (i < 0) break;
      const c = bytes[i];
      // A line begun in an earlier piece is decoded whole: a character may straddle the two.
      lines.push(
        kept
          ? Buffer.concat([kept, bytes.subarray(from, i)]).toString("utf8")
          : bytes.toString("utf8", from, i),
      );
      kept = undefined;
      line++;
      if (c === CR) {
        if (i + 1 === bytes.length) afterCr = true;
        else if (bytes[i + 1] === LF) i++;
      }
      from = i + 1;
    }
    if (from < bytes.length) {
      kept = kept ? Buffer.concat([kept, bytes.subarray(from)]) : Buffer.from(bytes.subarray(from));
      if (kept.length > maxBytes) throw new LineTooLongError(line + 1);
    }
    yield lines;
  }
  if (kept) yield [kept.toString("utf8")];
}
