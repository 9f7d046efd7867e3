/**
 * Where in a JSON file the scanner (json-array.ts) or JSON.parse found its syntax broken, as a
 * message names it: the line and column, and the character position V8 gives.
 */
import { type ArraySyntaxError, hasBom, PIECE } from "./json-array.js";
import type { ByteSource } from "./utf8-bytes.js";

/**
 * The line, column and character position (UTF-16 units) of byte `at` of a file's UTF-8 text
 * (`source`, as arrayElements read it), which begins after its byte order mark, if any.
 */
export async function placeOf(
  source: ByteSource,
  at: number,
): Promise<{ line: number; col: number; position: number }> {
  let line = 1;
  let col = 1;
  let position = 0;
  let offset = 0;
  let end = at;
  for await (const bytes of source(PIECE)) {
    const from = offset === 0 && hasBom(bytes) ? 3 : 0;
    end += from;
    const to = Math.min(bytes.length, end - offset);
    for (let i = from; i < to; i++) {
      const b = bytes[i];
      // A character's first byte counts one unit, and a second for one beyond U+FFFF (four bytes).
      if ((b & 0xc0) === 0x80) continue;
      const units = b >= 0xf0 ? 2 : 1;
      position += units;
      col += units;
      if (b === 0x0a) {
        line++;
        col = 1;
      }
    }
    offset += bytes.length;
    if (offset >= end) break;
  }
  return { line, col, position };
}

/** What JSON.parse would say of the break, with its position in the file's text, and where it is. */
export async function syntaxPlace(
  source: ByteSource,
  e: ArraySyntaxError,
): Promise<{ line: number; col: number; reason: string }> {
  const { line, col, position } = await placeOf(source, e.at);
  return { line, col, reason: `${e.reason}${e.positioned ? ` at position ${position}` : ""}` };
}
