/**
 * Notes below a table: the rows an office's spreadsheet often ends with (合计：, 制表人：张三,
 * 注：本名单截至 6 月 30 日, a row merged across the table), which are no record of the file's
 * kind. Only rows after the last record are taken as notes; the same row between records is read
 * as a record, and its problems reported, since a record may have been cut short there.
 */

import { type Lang, tr } from "../lang.js";
import { CANONICAL_NAMES, type InputKind } from "./columns.js";
import { UNREAD } from "./rows.js";

/** Where a file's notes would stand: its first column, and the columns its kind reads. */
export interface NoteShape {
  /** Position of the header's first named column (a table may begin in column B). */
  readonly first: number;
  /** Whether that first column is one the kind reads (统一社会信用代码), or another (序号). */
  readonly firstRead: boolean;
  /** Positions of the columns the kind reads, the first column aside. */
  readonly read: readonly number[];
}

/** The shape of notes under a header whose columns read as `names` (header → column name). */
export function noteShape(kind: InputKind, header: readonly string[], names: ReadonlyMap<string, string>) {
  const canonical = CANONICAL_NAMES[kind];
  const first = header.findIndex((h) => h !== "");
  const reads = (at: number) => canonical.has(names.get(header[at]) ?? header[at]);
  const read = header.flatMap((_, at) => (at !== first && reads(at) ? [at] : []));
  return { first, firstRead: first >= 0 && reads(first), read };
}

const HAN = /\p{Script=Han}/u;

/** Whether a text has a Chinese character: a quick look for any character from U+2E80 on first. */
function hasHan(t: string): boolean {
  for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) >= 0x2e80) return HAN.test(t);
  return false;
}

const text = (v: unknown): string => (v === null || v === undefined ? "" : String(v).trim());

/**
 * The text of a row that is a note (its first cell's, or "" where that column's cells are not
 * read), or undefined for a row that may be a record. A note fills the first column and nothing
 * the kind reads but copies of it (a merged row); where the first column is read it holds Chinese
 * text (no code or identifier does), and where it is not (序号), the columns read are empty or
 * hold one Chinese text in two cells at least (a row merged across them). Other columns are not
 * looked at: a draw does not read them.
 */
export function noteText(values: readonly unknown[], shape: NoteShape): string | undefined {
  if (shape.first < 0) return undefined;
  const cell = values[shape.first];
  // Every record of a file whose first column is read (a code, an id) ends here.
  if (shape.firstRead && !(typeof cell === "string" && hasHan(cell))) return undefined;
  const first = text(cell);
  if (first === "") return undefined;
  let copy = "";
  let copies = 0;
  for (const at of shape.read) {
    const v = text(values[at]);
    if (v === "") continue;
    if (copy !== "" && v !== copy) return undefined;
    copy = v;
    copies++;
  }
  if (shape.firstRead) return copies === 0 || copy === first ? first : undefined;
  if (copies === 0) return first === UNREAD ? "" : first;
  return copies >= 2 && hasHan(copy) ? copy : undefined;
}

/** At most this many characters of a note, and this many notes, are quoted. */
const QUOTED = 30;
const QUOTED_NOTES = 3;

/**
 * The notice for the notes found below a file's last record: their rows (every row with anything
 * in it from the first to the last: a template numbered beyond its records may leave 100 of them)
 * and the first few notes in words (a bare number is no note worth quoting).
 */
export function notesNotice(
  notes: readonly { row: number; text: string }[],
  file: string,
  lang: Lang,
  sheet?: string,
): string[] {
  if (!notes.length) return [];
  const first = notes[0].row;
  const last = notes[notes.length - 1].row;
  const words = [...new Set(notes.map((n) => n.text).filter(hasHan))];
  const quoted = words
    .slice(0, QUOTED_NOTES)
    .map((t) => (t.length > QUOTED ? `${t.slice(0, QUOTED)}…` : t))
    .concat(words.length > QUOTED_NOTES ? ["…"] : []);
  const where = sheet === undefined ? file : `${file} (${sheet})`;
  return [
    tr(
      lang,
      `note: ${first === last ? `row ${first}` : `rows ${first}–${last}`} of ${where}, below its last record, ${first === last ? "is" : "are"} read as notes, not records${quoted.length ? ` (${quoted.join("; ")})` : ""}`,
      `提示：${where} 第 ${first === last ? first : `${first}–${last}`} 行在最后一条记录之下，视为表格附注，不作记录读取${quoted.length ? `（${quoted.join("；")}）` : ""}`,
    ),
  ];
}
