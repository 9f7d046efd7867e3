import { constants } from "node:buffer";
import { createReadStream } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import { pipeline, type Readable } from "node:stream";
import { crc32, createInflateRaw, inflateRawSync } from "node:zlib";

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** An entry of a ZIP file as its central directory describes it. */
export interface ZipEntry {
  /** 0 stored, 8 deflated (others are not read). */
  readonly method: number;
  readonly compressed: number;
  /** Its size uncompressed. */
  readonly size: number;
  /** Where its local header is. */
  readonly local: number;
  /** Whether it is encrypted (bit 0 of its flags). */
  readonly encrypted: boolean;
  /** The CRC-32 of its bytes uncompressed, which a reader checks them against (see EntryDamaged). */
  readonly crc: number;
}

const ZIP64_END = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
/** What a field of the classic records holds when ZIP64 gives its value elsewhere. */
const ALL_ONES_16 = 0xffff;
const ALL_ONES_32 = 0xffffffff;

/**
 * The entries of a ZIP file by name, read from its central directory (ZIP64 too, as a program
 * streaming a large export may write it): each one's method, sizes and the offset of its local
 * header. Undefined when the file has no central directory this reader can find.
 */
export async function centralDirectory(
  fh: FileHandle,
  size: number,
): Promise<Map<string, ZipEntry> | undefined> {
  // The end record is the last 22 bytes, after a comment of at most 65,535 bytes.
  const tail = Math.min(size, 22 + 65_535);
  const end = Buffer.alloc(tail);
  await fh.read(end, 0, tail, size - tail);
  let at = -1;
  for (let i = tail - 22; i >= 0; i--)
    if (end.readUInt32LE(i) === EOCD) {
      at = i;
      break;
    }
  if (at < 0) return undefined;
  let count = end.readUInt16LE(at + 10);
  let length = end.readUInt32LE(at + 12);
  let offset = end.readUInt32LE(at + 16);
  if (count === ALL_ONES_16 || length === ALL_ONES_32 || offset === ALL_ONES_32) {
    // ZIP64: a locator just before the end record says where the ZIP64 end record is.
    if (at < 20 || end.readUInt32LE(at - 20) !== ZIP64_LOCATOR) return undefined;
    const record = Buffer.alloc(56);
    await fh.read(record, 0, 56, Number(end.readBigUInt64LE(at - 20 + 8)));
    if (record.readUInt32LE(0) !== ZIP64_END) return undefined;
    count = Number(record.readBigUInt64LE(32));
    length = Number(record.readBigUInt64LE(40));
    offset = Number(record.readBigUInt64LE(48));
  }
  if (offset + length > size) return undefined;
  const dir = Buffer.alloc(length);
  await fh.read(dir, 0, length, offset);
  const entries = new Map<string, ZipEntry>();
  for (let p = 0, k = 0; k < count && p + 46 <= length; k++) {
    if (dir.readUInt32LE(p) !== CENTRAL) return undefined;
    const nameLength = dir.readUInt16LE(p + 28);
    const extraLength = dir.readUInt16LE(p + 30);
    const name = dir.toString("utf8", p + 46, p + 46 + nameLength);
    let compressed = dir.readUInt32LE(p + 20);
    let unpacked = dir.readUInt32LE(p + 24);
    let local = dir.readUInt32LE(p + 42);
    if (compressed === ALL_ONES_32 || unpacked === ALL_ONES_32 || local === ALL_ONES_32) {
      // The ZIP64 extra field (id 1) gives, in this order, those of the three that are all ones.
      const extra = extraField(dir, p + 46 + nameLength, extraLength, 1);
      if (!extra) return undefined;
      let q = extra.start;
      const next = () => {
        if (q + 8 > extra.end) throw new RangeError("ZIP64 extra field too short");
        const v = Number(dir.readBigUInt64LE(q));
        q += 8;
        return v;
      };
      if (unpacked === ALL_ONES_32) unpacked = next();
      if (compressed === ALL_ONES_32) compressed = next();
      if (local === ALL_ONES_32) local = next();
    }
    entries.set(name, {
      method: dir.readUInt16LE(p + 10),
      compressed,
      size: unpacked,
      local,
      encrypted: (dir.readUInt16LE(p + 8) & 1) === 1,
      crc: dir.readUInt32LE(p + 16),
    });
    p += 46 + nameLength + extraLength + dir.readUInt16LE(p + 32);
  }
  return entries;
}

/** Where the data of the extra field `id` is, in the extra fields from `from` of `length` bytes. */
function extraField(
  dir: Buffer,
  from: number,
  length: number,
  id: number,
): { start: number; end: number } | undefined {
  for (let p = from; p + 4 <= from + length; ) {
    const size = dir.readUInt16LE(p + 2);
    if (dir.readUInt16LE(p) === id) return { start: p + 4, end: Math.min(p + 4 + size, from + length) };
    p += 4 + size;
  }
  return undefined;
}

/** Whether an entry can be read here: stored or deflated, and not encrypted. */
export function readable(entry: ZipEntry): boolean {
  return (entry.method === 0 || entry.method === 8) && !entry.encrypted;
}

/** Where an entry's data begins (after its local header), or undefined when no local header is there. */
export async function dataOffset(fh: FileHandle, entry: ZipEntry): Promise<number | undefined> {
  const header = Buffer.alloc(30);
  await fh.read(header, 0, 30, entry.local);
  if (header.readUInt32LE(0) !== LOCAL) return undefined;
  return entry.local + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
}

/** An entry whose bytes would be more than a reader takes (see entryBytes). */
export class EntryTooLarge extends Error {
  constructor(readonly max: number) {
    super(`an entry is larger than ${max} bytes`);
  }
}

/**
 * An entry whose bytes are not those its CRC-32 was computed from: the file was damaged after it
 * was written (a bit flipped in storage or in a transfer may change a cell's value and nothing else).
 */
export class EntryDamaged extends Error {
  constructor() {
    super("its data does not match its CRC-32: the file is damaged");
  }
}

/** Refuses bytes whose CRC-32 is not the entry's (see EntryDamaged). */
export function checkCrc(entry: ZipEntry, crc: number): void {
  if (crc >>> 0 !== entry.crc >>> 0) throw new EntryDamaged();
}

/**
 * The bytes of an entry whose data begins at `at` (see dataOffset), inflated if deflated, and
 * checked against its CRC-32 (EntryDamaged when they do not match). More
 * than `max` of them are refused with EntryTooLarge as soon as inflating passes it, whatever size
 * the ZIP directory gives: a damaged or crafted file may say less than its data inflates to (a
 * part of 1.7 MB inflated to 600 MB took 2 GB of memory before it was refused).
 */
export async function entryBytes(
  fh: FileHandle,
  entry: ZipEntry,
  at: number,
  max = constants.MAX_LENGTH,
): Promise<Buffer> {
  if (entry.method !== 8 && entry.compressed > max) throw new EntryTooLarge(max);
  const data = Buffer.alloc(entry.compressed);
  await fh.read(data, 0, entry.compressed, at);
  let bytes = data;
  if (entry.method === 8)
    try {
      bytes = inflateRawSync(data, { maxOutputLength: max });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") throw new EntryTooLarge(max);
      throw e;
    }
  checkCrc(entry, crc32(bytes));
  return bytes;
}

/**
 * The attributes of each element `tag` (with or without a namespace prefix) of an XML text,
 * entities decoded. A `>` inside a quoted value (a number format's `[>=100]`) does not end a tag.
 */
export function elements(xml: string, tag: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const m of xml.matchAll(
    new RegExp(`<(?:[\\w.-]+:)?${tag}(?=[\\s/>])((?:[^>"']|"[^"]*"|'[^']*')*)>`, "g"),
  )) {
    const attrs: Record<string, string> = {};
    for (const a of m[1].matchAll(/([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
      attrs[a[1]] = xmlText(a[2] ?? a[3]);
    out.push(attrs);
  }
  return out;
}

const ENTITIES: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** XML text with its character and entity references decoded (a reference to no character is left as written). */
export function xmlText(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(
    /&(?:#x([0-9a-fA-F]{1,8})|#([0-9]{1,8})|(amp|lt|gt|quot|apos));/g,
    (whole, hex, dec, name) => {
      if (name) return ENTITIES[name];
      const code = hex ? Number.parseInt(hex, 16) : Number(dec);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    },
  );
}

/** The bytes of an entry as they inflate, in pieces; destroying the result stops the reading. */
export function entryStream(file: string, entry: ZipEntry, at: number): Readable {
  const source = createReadStream(file, {
    start: at,
    end: at + entry.compressed - 1,
    highWaterMark: 1 << 20,
  });
  if (entry.method === 0) return source;
  const inflate = createInflateRaw({ chunkSize: 1 << 18 });
  // Errors reach the reader through `inflate` (pipeline destroys it with them).
  pipeline(source, inflate, () => {});
  return inflate;
}
