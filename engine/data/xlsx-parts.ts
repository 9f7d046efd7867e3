import { open } from "node:fs/promises";
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

/**
 * The entries of a ZIP file by name, read from its central directory: each one's method, sizes and
 * the offset of its local header. Undefined when the file is not a ZIP this reader understands
 * (then exceljs's own reading reports the problem).
 */
async function centralDirectory(
  fh: Awaited<ReturnType<typeof open>>,
  size: number,
): Promise<Map<string, { method: number; compressed: number; local: number }> | undefined> {
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
  const entries = new Map<string, { method: number; compressed: number; local: number }>();
  for (let p = 0, k = 0; k < count && p + 46 <= length; k++) {
    if (dir.readUInt32LE(p) !== CENTRAL) return undefined;
    const nameLength = dir.readUInt16LE(p + 28);
    const name = dir.toString("utf8", p + 46, p + 46 + nameLength);
    entries.set(name, {
      method: dir.readUInt16LE(p + 10),
      compressed: dir.readUInt32LE(p + 20),
      local: dir.readUInt32LE(p + 42),
    });
    p += 46 + nameLength + dir.readUInt16LE(p + 30) + dir.readUInt16LE(p + 32);
  }
  return entries;
}

/** The text of one entry of a ZIP file, or undefined when it is missing or not stored or deflated. */
async function entryText(
  fh: Awaited<ReturnType<typeof open>>,
  entry: { method: number; compressed: number; local: number } | undefined,
): Promise<string | undefined> {
  if (!entry || (entry.method !== 0 && entry.method !== 8)) return undefined;
  const header = Buffer.alloc(30);
  await fh.read(header, 0, 30, entry.local);
  if (header.readUInt32LE(0) !== LOCAL) return undefined;
  const data = Buffer.alloc(entry.compressed);
  await fh.read(
    data,
    0,
    entry.compressed,
    entry.local + 30 + header.readUInt16LE(26) + header.readUInt16LE(28),
  );
  return (entry.method === 8 ? inflateRawSync(data) : data).toString("utf8");
}

/** The attributes of each element `tag` (with or without a namespace prefix) of an XML text, entities decoded. */
function elements(xml: string, tag: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const m of xml.matchAll(new RegExp(`<(?:\\w+:)?${tag}\\b([^>]*)>`, "g"))) {
    const attrs: Record<string, string> = {};
    for (const a of m[1].matchAll(/([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
      attrs[a[1]] = xmlText(a[2] ?? a[3]);
    out.push(attrs);
  }
  return out;
}

function xmlText(s: string): string {
  return s.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(amp|lt|gt|quot|apos));/gi, (_, hex, dec, name) =>
    hex
      ? String.fromCodePoint(Number.parseInt(hex, 16))
      : dec
        ? String.fromCodePoint(Number(dec))
        : { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[name as "amp"],
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
