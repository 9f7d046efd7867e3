/**
 * Fields of a GB18030 or GBK file decoded from their bytes, as iconv-lite decodes the whole file,
 * and the file's bytes cut between characters for iconv-lite's stream decoder.
 */
import { Transform, type TransformCallback } from "node:stream";
import iconv from "iconv-lite";

/**
 * Whether a file in this encoding (iconv-lite's name, compared as iconv-lite compares them) may be
 * split by its bytes, each field decoded by gbField: GB18030 (what a file not in UTF-8 is read
 * as) and GBK. Not cp936 or gb2312, where iconv-lite reads a code that has no character as U+FFFD
 * and then its second byte on its own (FE50 as "�P"), which no table of codes gives.
 */
export function splitsAsGb(encoding: string): boolean {
  return GB_ENCODINGS.has(encoding.toLowerCase().replace(/[^0-9a-z]/g, ""));
}

const GB_ENCODINGS = new Set(["gb18030", "gbk"]);

/**
 * The bytes of a GB18030 or GBK stream in pieces that end between characters: each piece is cut
 * after its last byte below 0x30 (a comma, a space, a line end), which no character of two or
 * four bytes has in it, and the rest goes on with the next. iconv-lite's stream decoder (0.7.3)
 * mishandles a four-byte character cut between two pieces (𠀀, of CJK Extension B, which some
 * names are written with): cut after its third byte, it loses the next piece's last character
 * when all that piece holds after 𠀀 is ASCII, as at the end of a file (a test has one).
 */
export class WholeCharacters extends Transform {
  private carry?: Buffer;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const bytes = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    let cut = bytes.length;
    while (cut > 0 && bytes[cut - 1] >= 0x30) cut--;
    this.carry = cut < bytes.length ? bytes.subarray(cut) : undefined;
    done(null, cut > 0 ? bytes.subarray(0, cut) : undefined);
  }

  override _flush(done: TransformCallback): void {
    done(null, this.carry);
  }
}

/**
 * Per two-byte code (lead × 256 + second byte), the character iconv-lite reads it as in
 * `encoding` (U+FFFD for a code no character has), 0 for bytes that are no two-byte character:
 * made once per encoding by decoding every code with iconv-lite itself (a few milliseconds), so
 * that a field decoded with it reads as iconv-lite reads the file.
 */
function gbTable(encoding: string): Uint16Array {
  let table = gbTables.get(encoding);
  if (table) return table;
  const codes: number[] = [];
  for (let lead = 0x81; lead <= 0xfe; lead++)
    for (let second = 0x40; second <= 0xfe; second++) if (second !== 0x7f) codes.push(lead * 256 + second);
  const bytes = Buffer.alloc(2 * codes.length);
  for (let k = 0; k < codes.length; k++) bytes.writeUInt16BE(codes[k], 2 * k);
  const text = iconv.decode(bytes, encoding, { stripBOM: false });
  table = new Uint16Array(65536);
  // Each code one UTF-16 unit (a character of the BMP, or U+FFFD), as in GBK and GB18030; else
  // the table stays empty, and a file with any character past ASCII goes to csv-parse. A code
  // read as U+0000 (none is) would stay 0, and its file go there too.
  if (text.length === codes.length)
    for (let k = 0; k < codes.length; k++) table[codes[k]] = text.charCodeAt(k);
  gbTables.set(encoding, table);
  return table;
}

const gbTables = new Map<string, Uint16Array>();

/** A field's characters, made a string at once (see gbField). */
let units = new Uint16Array(256);

/** Fields longer than this many bytes are decoded by iconv-lite: String.fromCharCode takes a bounded number of arguments. */
const TABLE_FIELD = 4096;

/**
 * The text of the bytes start..end of a field of a GB18030 or GBK file, as iconv-lite decodes
 * them in `encoding` within the file: ASCII as it is; two-byte characters from gbTable, about
 * 40% faster than the native decoder and 5 times faster than iconv-lite per field; a field with
 * a four-byte character or the euro sign 0x80 by iconv-lite. Undefined at a byte no character
 * starts with, or a character cut short: iconv-lite, reading the file as a stream, may take the
 * byte after it (a comma, say) into the character, so csv-parse must read such a file from the
 * decoded text.
 */
export function gbField(data: Buffer, start: number, end: number, encoding: string): string | undefined {
  const table = gbTable(encoding);
  if (units.length < end - start) units = new Uint16Array(end - start);
  let n = 0;
  let ascii = true;
  let tabled = end - start <= TABLE_FIELD;
  for (let i = start; i < end; i++) {
    const lead = data[i];
    if (lead < 0x80) {
      units[n++] = lead;
      continue;
    }
    ascii = false;
    // 0x80 alone is the euro sign (GBK), which iconv-lite decodes.
    if (lead === 0x80) {
      tabled = false;
      continue;
    }
    if (lead === 0xff || i + 1 >= end) return undefined;
    const second = data[i + 1];
    if (second >= 0x30 && second <= 0x39) {
      // Four bytes: lead, digit, 0x81–0xFE, digit.
      if (i + 3 >= end) return undefined;
      const third = data[i + 2];
      const fourth = data[i + 3];
      if (third < 0x81 || third === 0xff || fourth < 0x30 || fourth > 0x39) return undefined;
      tabled = false;
      i += 3;
      continue;
    }
    const unit = table[lead * 256 + second];
    if (unit === 0) return undefined;
    units[n++] = unit;
    i++;
  }
  if (ascii) return data.toString("latin1", start, end);
  if (tabled) return String.fromCharCode.apply(null, units.subarray(0, n) as unknown as number[]);
  return iconv.decode(data.subarray(start, end), encoding, { stripBOM: false });
}
