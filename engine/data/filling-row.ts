/**
 * A row of notes on filling the table in, under its header, as import templates have one
 * (（必填，18位）, （A/B/C/D，未评级留空）, （重点/一般）): no record of the file, read past with a note.
 */
import { type Lang, tr } from "../lang.js";
import { fileAndSheet, UNREAD } from "./rows.js";
import { clipped } from "./values.js";

/** A cell's text wholly in brackets, as a template's note on filling its column in is written. */
const BRACKETED = /^[(（].*[)）]$/s;

/** The most characters of a note quoted. */
const QUOTED = 20;

/**
 * The notes of a row, joined, where each of its cells that holds anything is a note in brackets;
 * else undefined. A record has a code, a name or an id, none of them in brackets.
 */
export function fillingNotes(values: readonly unknown[]): string | undefined {
  const notes: string[] = [];
  for (const v of values) {
    // A column not read is not looked at (see UNREAD).
    if (v === UNREAD || v === null || v === undefined) continue;
    const text = String(v).trim();
    if (text === "") continue;
    if (!BRACKETED.test(text)) return undefined;
    notes.push(clipped(text, QUOTED));
  }
  return notes.length ? notes.join("; ") : undefined;
}

/** What is said of a row of notes on filling the table in, read past. */
export function fillingNotice(row: number, notes: string, file: string, lang: Lang, sheet?: string): string {
  const where = fileAndSheet(file, sheet);
  return tr(
    lang,
    `note: row ${row} of ${where}, under its header, is read as notes on filling the table in, not a record (${notes})`,
    `提示：${where} 第 ${row} 行在表头之下，视为填表说明，不作记录读取（${notes.replaceAll("; ", "；")}）`,
  );
}
