/** The merged ranges of a sheet, whose first cell's value the reader gives every cell of each. */

import { crc32 } from "node:zlib";
import { type CellValue, put } from "./xlsx-book.js";
import { cellRef } from "./xlsx-cell-refs.js";
import { checkCrc, elements, entryStream, type ZipEntry } from "./xlsx-parts.js";

/** A merged range of cells (1-based, inclusive), and its first cell's value once its row is read. */
export interface Merge {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
  value: CellValue;
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

/**
 * A sheet's merged ranges as its rows are read in order: each range's first cell's value, read with
 * its row, is given to the range's other cells, in that row and the rows below.
 */
export class MergedRanges {
  /** The ranges that cover the rows being read; those from `next` on (sorted by first row) are yet to begin. */
  private active: Merge[] = [];
  private next = 0;

  constructor(private readonly merges: readonly Merge[]) {}

  /** Whether a range covers the rows being read or is still to begin. */
  any(): boolean {
    return this.active.length > 0 || this.next < this.merges.length;
  }

  /** Row `row` begins: the ranges that begin at it, or above, cover the rows being read. */
  enter(row: number): void {
    while (this.next < this.merges.length && this.merges[this.next].top <= row)
      this.active.push(this.merges[this.next++]);
  }

  /** Whether the cell at `row`, `col` is a range's first cell. */
  beginsAt(row: number, col: number): boolean {
    return this.active.some((m) => m.top === row && m.left === col);
  }

  /** Gives every cell of a range in row `row` but its first the first's value; ranges passed are dropped. */
  fill(values: CellValue[], row: number): void {
    if (!this.active.length) return;
    for (const m of this.active) {
      if (row < m.top || row > m.bottom) continue;
      if (row === m.top) m.value = values[m.left - 1] ?? "";
      for (let c = m.left; c <= m.right; c++) if (row !== m.top || c !== m.left) put(values, c - 1, m.value);
    }
    if (this.active.some((m) => m.bottom <= row)) this.active = this.active.filter((m) => m.bottom > row);
  }
}

/** A sheet's `</sheetData>` in bytes, with or without a namespace prefix. */
const SHEET_DATA = Buffer.from("sheetData");

/**
 * The merged ranges of a sheet. They are listed after its rows, so the sheet is inflated once
 * to find them (some 0.2 s for 200,000 rows) and only the part after its rows is decoded; its bytes
 * are checked against their CRC-32 meanwhile (EntryDamaged when they do not match), before any row
 * is read.
 */
export async function sheetMerges(file: string, entry: ZipEntry, at: number): Promise<Merge[]> {
  const stream = entryStream(file, entry, at);
  let carry: Buffer = Buffer.alloc(0);
  const after: Buffer[] = [];
  let found = false;
  let crc = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    crc = crc32(chunk, crc);
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
  checkCrc(entry, crc);
  if (!found) return [];
  const tail = Buffer.concat(after).toString("utf8");
  return tail.includes("mergeCell") ? mergesOf(tail) : [];
}
