/** The merged ranges of a sheet, whose first cell's value the reader gives every cell of each. */
import type { CellValue } from "./xlsx-book.js";
import { elements, entryStream, type ZipEntry } from "./xlsx-parts.js";
import { columnAt } from "./xlsx-sheet-parser.js";

/** A merged range of cells (1-based, inclusive), and its first cell's value once its row is read. */
export interface Merge {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
  value: CellValue;
}

/** The row and column (1-based) of a cell reference such as `AB12`; both 0 when it is not one. */
function cellRef(ref: string): { row: number; col: number } {
  const m = /^([A-Za-z]{1,3})(\d{1,7})$/.exec(ref);
  return m ? { row: Number(m[2]), col: columnAt(m[1], 0, m[1].length) } : { row: 0, col: 0 };
}

/** The merged ranges a sheet's `mergeCells` list (after its rows), sorted by their first row. */
export function mergesOf(xml: string): Merge[] {
  const merges: Merge[] = [];
  for (const m of elements(xml, "mergeCell")) {
    const [a, b = a] = (m.ref ?? "").split(":");
    const from = cellRef(a ?? "");
    const to = cellRef(b ?? "");
    if (!from.row || !from.col || !to.row || !to.col) continue;
    merges.push({
      top: Math.min(from.row, to.row),
      left: Math.min(from.col, to.col),
      bottom: Math.max(from.row, to.row),
      right: Math.max(from.col, to.col),
      value: "",
    });
  }
  return merges.sort((x, y) => x.top - y.top);
}

/** A sheet's `</sheetData>` in bytes, with or without a namespace prefix. */
const SHEET_DATA = Buffer.from("sheetData");

/**
 * The merged ranges of a sheet. They are listed after its rows, so the sheet is inflated once
 * to find them (some 0.2 s for 200,000 rows) and only the part after its rows is decoded.
 */
export async function sheetMerges(file: string, entry: ZipEntry, at: number): Promise<Merge[]> {
  const stream = entryStream(file, entry, at);
  let carry: Buffer = Buffer.alloc(0);
  const after: Buffer[] = [];
  let found = false;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (found) {
      after.push(chunk);
      continue;
    }
    const bytes = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    for (let k = bytes.indexOf(SHEET_DATA); k >= 0; k = bytes.indexOf(SHEET_DATA, k + 1)) {
      // `</sheetData>` or `</x:sheetData>`: back over a prefix to `</`.
      let b = k - 1;
      if (bytes[b] === 0x3a) while (b > 0 && bytes[b - 1] !== 0x2f && bytes[b - 1] !== 0x3c) b--;
      else b = k;
      if (bytes[b - 1] === 0x2f && bytes[b - 2] === 0x3c) {
        after.push(bytes.subarray(k));
        found = true;
        break;
      }
    }
    if (!found) carry = bytes.subarray(Math.max(0, bytes.length - 64));
  }
  if (!found) return [];
  const tail = Buffer.concat(after).toString("utf8");
  return tail.includes("mergeCell") ? mergesOf(tail) : [];
}
