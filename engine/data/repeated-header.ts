/**
 * A row repeating the table's header among its records, as a list exported or printed page by
 * page has one at the top of every page: no record, read past with a note.
 */
import { type Lang, someOf, tr } from "../lang.js";
import { fileAndSheet, UNREAD } from "./rows.js";

/**
 * Whether a row's cells are the header's, each where it has anything (two at least): a record
 * has a code or an id where the header has its name. Cheap for a record: its first cell differs.
 */
export function repeatsHeader(values: readonly unknown[], header: readonly string[]): boolean {
  let same = 0;
  for (let i = 0; i < header.length; i++) {
    const v = values[i];
    if (v === UNREAD || v === undefined || v === null || v === "") continue;
    if (typeof v !== "string" || v.trim() !== header[i].trim()) return false;
    same++;
  }
  return same >= 2;
}

/** What is said of the rows of a sheet (a file) that repeat its header, read past. */
export function repeatedHeaderNotice(
  rows: readonly number[],
  file: string,
  lang: Lang,
  sheet?: string,
): string[] {
  if (!rows.length) return [];
  const where = fileAndSheet(file, sheet);
  return [
    tr(
      lang,
      `note: ${rows.length} row(s) of ${where} repeat its header (as a list exported page by page does), and are read past: row(s) ${someOf(rows, "en")}`,
      `提示：${where} 中有 ${rows.length} 行与表头相同（分页导出的名单常见），已跳过：第 ${someOf(rows, "zh")} 行`,
    ),
  ];
}
