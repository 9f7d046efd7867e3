import { type FileHandle, open } from "node:fs/promises";
import { inflateRawSync } from "node:zlib";

/** A sheet as a workbook lists it (exceljs's model of `xl/workbook.xml`). */
export interface WorkbookSheet {
  readonly name: string;
  readonly id: number;
  readonly rId: string;
  readonly state?: string;
}

/** A relationship of the workbook (exceljs's model of `xl/_rels/workbook.xml.rels`). */
export interface WorkbookRel {
  readonly Id: string;
  readonly Type: string;
  readonly Target: string;
}

/** The sheets of a workbook and its relationships, read through the ZIP's central directory. */
export interface WorkbookParts {
  readonly sheets: WorkbookSheet[];
  readonly rels: WorkbookRel[];
}

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
}

/**
 * The entries of a ZIP file by name, read from its central directory: each one's method, sizes and
 * the offset of its local header. Undefined when the file is not a ZIP this reader understands, a
 * ZIP64 archive among them (then exceljs's own reading reads it or reports the problem).
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
  const count = end.readUInt16LE(at + 10);
  const length = end.readUInt32LE(at + 12);
  const offset = end.readUInt32LE(at + 16);
  if (offset + length > size) return undefined;
  const dir = Buffer.alloc(length);
  await fh.read(dir, 0, length, offset);
  // ZIP64 marks its counts, sizes and offsets as all ones and gives them elsewhere.
  if (count === 0xffff || length === 0xffffffff || offset === 0xffffffff) return undefined;
  const entries = new Map<string, ZipEntry>();
  for (let p = 0, k = 0; k < count && p + 46 <= length; k++) {
    if (dir.readUInt32LE(p) !== CENTRAL) return undefined;
    const nameLength = dir.readUInt16LE(p + 28);
    const name = dir.toString("utf8", p + 46, p + 46 + nameLength);
    const entry = {
      method: dir.readUInt16LE(p + 10),
      compressed: dir.readUInt32LE(p + 20),
      size: dir.readUInt32LE(p + 24),
      local: dir.readUInt32LE(p + 42),
      encrypted: (dir.readUInt16LE(p + 8) & 1) === 1,
    };
    if (entry.compressed === 0xffffffff || entry.size === 0xffffffff || entry.local === 0xffffffff)
      return undefined;
    entries.set(name, entry);
    p += 46 + nameLength + dir.readUInt16LE(p + 30) + dir.readUInt16LE(p + 32);
  }
  return entries;
}

/** Whether an entry can be read here: stored or deflated, and not encrypted. */
export function readable(entry: ZipEntry | undefined): entry is ZipEntry {
  return entry !== undefined && (entry.method === 0 || entry.method === 8) && !entry.encrypted;
}

/** Where an entry's data begins (after its local header), or undefined when no local header is there. */
export async function dataOffset(fh: FileHandle, entry: ZipEntry): Promise<number | undefined> {
  const header = Buffer.alloc(30);
  await fh.read(header, 0, 30, entry.local);
  if (header.readUInt32LE(0) !== LOCAL) return undefined;
  return entry.local + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
}

/** The bytes of one entry of a ZIP file, or undefined when it is missing or cannot be read here. */
export async function entryBytes(fh: FileHandle, entry: ZipEntry | undefined): Promise<Buffer | undefined> {
  if (!readable(entry)) return undefined;
  const at = await dataOffset(fh, entry);
  if (at === undefined) return undefined;
  const data = Buffer.alloc(entry.compressed);
  await fh.read(data, 0, entry.compressed, at);
  return entry.method === 8 ? inflateRawSync(data) : data;
}

async function entryText(fh: FileHandle, entry: ZipEntry | undefined): Promise<string | undefined> {
  return (await entryBytes(fh, entry))?.toString("utf8");
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

/**
 * The sheets and relationships of an XLSX workbook, read through its central directory: whatever
 * the order of its parts, and without reading the sheets themselves. exceljs's streaming reader
 * reads the parts in stored order, and can lose the last one (exceljs#3064): when that is
 * `xl/workbook.xml`, as exceljs itself writes it, the reader fails at random.
 */
export async function workbookParts(file: string): Promise<WorkbookParts | undefined> {
  const fh = await open(file, "r");
  try {
    const { size } = await fh.stat();
    const entries = await centralDirectory(fh, size);
    if (!entries) return undefined;
    const book = await entryText(fh, entries.get("xl/workbook.xml"));
    const rels = await entryText(fh, entries.get("xl/_rels/workbook.xml.rels"));
    if (book === undefined || rels === undefined) return undefined;
    return {
      sheets: elements(book, "sheet").map((a) => ({
        name: a.name ?? "",
        id: Number.parseInt(a.sheetId ?? "", 10),
        rId: a["r:id"] ?? "",
        state: a.state,
      })),
      rels: elements(rels, "Relationship").map((a) => ({
        Id: a.Id ?? "",
        Type: a.Type ?? "",
        Target: a.Target ?? "",
      })),
    };
  } catch {
    return undefined;
  } finally {
    await fh.close();
  }
}
