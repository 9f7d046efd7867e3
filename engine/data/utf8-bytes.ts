/**
 * The bytes of a JSON or NDJSON file as UTF-8, whatever it was saved in, for readers that find
 * records in bytes (see byteLines and arrayElements): they look for brackets, quotes, backslashes
 * and line ends, ASCII bytes that the second byte of a GBK character can be (0x5B [, 0x5C \,
 * 0x7B {), so they must be given UTF-8. UTF-8 is checked on the way, so a part in GBK (two exports
 * joined) is refused at its line, not read as replacement characters; GB18030/GBK, as a program on
 * a Chinese Windows saves text, and UTF-16 are decoded and encoded again as UTF-8.
 */
import { createReadStream } from "node:fs";
import { pipeline, type Transform } from "node:stream";
import iconv from "iconv-lite";
import { encodingCheck, isUtf8Encoding } from "./encoding.js";

/** A file's bytes, read anew at each call, `piece` bytes at a time where the source allows. */
export type ByteSource = (piece: number) => AsyncIterable<Buffer>;

/** A file's bytes as they are. */
export function fileBytes(file: string): ByteSource {
  return (piece) => createReadStream(file, { highWaterMark: piece });
}

/**
 * A file's bytes as UTF-8, from `encoding` (`given` by --encoding, or detected), through its check
 * (see encodingCheck): UTF-8 passes unchanged; another encoding is decoded, its byte order mark
 * dropped, and encoded as UTF-8, so offsets in the bytes given are then not the file's.
 */
export function utf8Bytes(file: string, encoding: string, given: string | undefined): ByteSource {
  return (piece) => {
    const check = encodingCheck(encoding, given);
    const recode = isUtf8Encoding(encoding)
      ? []
      : [
          iconv.decodeStream(encoding, { stripBOM: true }) as unknown as Transform,
          iconv.encodeStream("utf8") as unknown as Transform,
        ];
    return piped(file, piece, [...(check ? [check] : []), ...recode]);
  };
}

/** The file's bytes through `steps`; stopping the reading (or an error in any step) ends them all. */
function piped(file: string, piece: number, steps: Transform[]): AsyncIterable<Buffer> {
  const source = createReadStream(file, { highWaterMark: piece });
  const last = steps[steps.length - 1];
  pipeline([source, ...steps], () => {});
  return last;
}
