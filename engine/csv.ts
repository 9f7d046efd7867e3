/**
 * CSV output: RFC 4180 quoting, and cells that a spreadsheet would run as a formula (starting
 * with =, +, -, @, tab or carriage return) prefixed with a quote so they stay text.
 */

/** Neutralises a cell against formula injection. */
export function safeCell(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

function quote(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Formats rows as CSV text (UTF-8 with BOM so Excel opens Chinese correctly), `\r\n` line ends. */
export function toCsv(header: readonly string[], rows: Iterable<readonly string[]>): string {
  return [...csvLines(header, rows)].join("");
}

/** {@link toCsv} a line at a time (the first with the BOM), for files too large to build as one string. */
export function* csvLines(header: readonly string[], rows: Iterable<readonly string[]>): Generator<string> {
  yield `\uFEFF${csvLine(header)}`;
  for (const r of rows) yield csvLine(r);
}

function csvLine(cells: readonly string[]): string {
  return `${cells.map((c) => quote(safeCell(c))).join(",")}\r\n`;
}
