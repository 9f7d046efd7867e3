import type { WordKind } from "../sha256x4-shaped.js";

/** Message bytes one block holds after the prefix: 64 less the 0x80 byte and the 8-byte length. */
export const ONE_BLOCK = 55;

/** Byte offset of the first word of message k of a table laid out from byte `table`: four messages to a group of sixteen v128. */
export const laneOf = (table: number, k: number): number => table + 256 * (k >> 2) + 4 * (k & 3);

/**
 * Writes the first `n` bytes of `tail` at bytes `from`… of the block in the lane whose first word
 * is at byte `lane`, then the 0x80 that ends the message and its length in bits (the prefix block
 * and `from + n` bytes) in the last word. Words are big-endian, memory is not: byte i of the block
 * is byte 3 − (i mod 4) of word ⌊i/4⌋, 16 bytes after the word before it. The lane must be zero.
 */
export function putTail(bytes: Uint8Array, lane: number, from: number, tail: Uint8Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const b = from + i;
    bytes[lane + 16 * (b >> 2) + 3 - (b & 3)] = tail[i];
  }
  const end = from + n;
  bytes[lane + 16 * (end >> 2) + 3 - (end & 3)] = 0x80;
  const bits = (64 + end) * 8;
  // Bytes 60–63, the last word: its most significant byte first.
  for (let i = 0; i < 4; i++) bytes[lane + 16 * 15 + i] = (bits >>> (8 * i)) & 0xff;
}

/**
 * The message blocks of a department's inspectors after codes of `length` bytes, as words (the
 * code's bytes zero), and what each word is to their shape (see BlockShape): the same in every
 * block (`call`: a visit's code and the bytes every inspector has), holding bytes of the code and
 * of inspectors (`mixed`), or the inspectors' alone (`lane`).
 */
export function blockWords(
  ids: readonly Uint8Array[],
  length: number,
): { blocks: Int32Array[]; kinds: WordKind[] } {
  const blocks = ids.map((id) => {
    const block = new Uint8Array(256);
    putTail(block, 0, length, id, id.length);
    return new Int32Array(block.buffer).filter((_, k) => k % 4 === 0);
  });
  const kinds = Array.from({ length: 16 }, (_, j): WordKind => {
    if (blocks.every((words) => words[j] === blocks[0][j])) return "call";
    return 4 * j < length ? "mixed" : "lane";
  });
  return { blocks, kinds };
}
