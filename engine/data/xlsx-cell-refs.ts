/** Cell references as a sheet writes them (`AB12`): their column letters and row numbers. */

/** The column (1-based) of a cell reference written at `from` in `xml` (`AB12` is 28), or 0. */
export function columnAt(xml: string, from: number, to: number): number {
  let col = 0;
  for (let i = from; i < to && i < from + 3; i++) {
    const c = xml.charCodeAt(i) | 0x20;
    if (c < 0x61 || c > 0x7a) break;
    col = col * 26 + (c - 0x60);
  }
  return col;
}

/** The letters of a column (1 is A). */
export function columnName(col: number): string {
  let s = "";
  for (let c = col; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

/** The row and column (1-based) of a cell reference such as `AB12`; both 0 when it is not one. */
export function cellRef(ref: string): { row: number; col: number } {
  const m = /^([A-Za-z]{1,3})(\d{1,7})$/.exec(ref);
  return m ? { row: Number(m[2]), col: columnAt(m[1], 0, m[1].length) } : { row: 0, col: 0 };
}
