/**
 * Notes below a table: the rows an office's spreadsheet often ends with (合计：, 制表人：张三,
 * 注：本名单截至 6 月 30 日, a row merged across the table), which are no record of the file's
 * kind. Only rows after the last record are taken as notes; the same row between records is read
 * as a record, and its problems reported, since a record may have been cut short there.
 */

import { type Lang, tr } from "../lang.js";
import type { Problem } from "../problem.js";
import { CANONICAL_NAMES, type InputKind } from "./columns.js";
import { fileAndSheet, UNREAD } from "./rows.js";
import { clipped, hasHan } from "./values.js";

/** Where a file's notes would stand: its first column, and the columns its kind reads. */
export interface NoteShape {
  /** Position of the header's first named column (a table may begin in column B). */
  readonly first: number;
  /**
   * What that first column holds: codes, identifiers or dates, never Chinese (统一社会信用代码);
   * text a record may write in Chinese (企业名称); or nothing the kind reads (序号).
   */
  readonly firstHolds: "codes" | "text" | "unread";
  /** Positions of the columns the kind reads, the first column aside. */
  readonly read: readonly number[];
}

/** The columns, of any kind, whose values are codes, identifiers, numbers or dates. */
const CODE_COLUMNS: ReadonlySet<string> = new Set([
  "uscc",
  "id",
  "inspector",
  "licenseNo",
  "licenseExpires",
  "capacity",
  "date",
  "gradedOn",
  "item",
  "inspectors",
]);

/** The shape of notes under a header whose columns read as `names` (header → column name). */
export function noteShape(
  kind: InputKind,
  header: readonly string[],
  names: ReadonlyMap<string, string>,
): NoteShape {
  const canonical = CANONICAL_NAMES[kind];
  const first = header.findIndex((h) => h !== "");
  const name = (at: number) => names.get(header[at]) ?? header[at];
  const read = header.flatMap((_, at) => (at !== first && canonical.has(name(at)) ? [at] : []));
  const firstHolds =
    first < 0 || !canonical.has(name(first)) ? "unread" : CODE_COLUMNS.has(name(first)) ? "codes" : "text";
  return { first, firstHolds, read };
}

const text = (v: unknown): string => (v === null || v === undefined ? "" : String(v).trim());

/**
 * The text of a row that is a note (its first cell's, or "" where that column's cells are not
 * read), or undefined for a row that may be a record. A note fills the first column, and the
 * columns the kind reads hold nothing but copies of one Chinese text:
 * - under a first column of codes (统一社会信用代码), the first cell is Chinese (no code is), and
 *   the others read are empty or copies of it (a row merged across the table);
 * - under a first column of text (企业名称), the first cell and two others read at least hold the
 *   same Chinese text (a merged row): a name alone is a record cut short;
 * - under a first column not read (序号), the columns read are empty (a numbered row not filled
 *   in), or two of them at least hold one same Chinese text (a merged row);
 * - under any first column, a totals row (see totalsText).
 * Other columns are not looked at: a draw does not read them.
 */
export function noteText(values: readonly unknown[], shape: NoteShape): string | undefined {
  if (shape.first < 0) return undefined;
  const cell = values[shape.first];
  // Every record of a file whose first column is read ends here: a code, or a name with its code.
  if (shape.firstHolds !== "unread" && !(typeof cell === "string" && hasHan(cell))) return undefined;
  const totals = totalsText(values, shape);
  if (totals !== undefined) return totals;
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
  if (shape.firstHolds === "codes") return copies === 0 || copy === first ? first : undefined;
  if (shape.firstHolds === "text") return copies >= 2 && copy === first ? first : undefined;
  if (copies === 0) return first === UNREAD ? "" : first;
  return copies >= 2 && hasHan(copy) ? copy : undefined;
}

/**
 * A totals row's first cell: 合计, 总计, 共计, 小计 or 汇总, alone or before what it counts (合计：2 家);
 * not a name that begins so (合计（淮安）贸易有限公司).
 */
const TOTALS = /^(?:合\s*计|总\s*计|共\s*计|小\s*计|汇\s*总)(?:$|[\s:：])/;
/** What a totals row holds in the columns it counts: a number, with its unit or not (30, 共 30 户, 1,200). */
const COUNT = /^共?\s*\d[\d,，]*(?:\.\d+)?\s*(?:户|家|个|人|名|条|项|次|件|元|万元)?$/;

/**
 * The text of a totals row (合计 in its first cell; in the columns read, nothing but counts or sums,
 * 30户 under the codes, 120 under the capacities), or undefined for another row: what a count
 * leaves in a column is no record's value, whatever the column.
 */
function totalsText(values: readonly unknown[], shape: NoteShape): string | undefined {
  const first = text(values[shape.first]);
  if (!TOTALS.test(first)) return undefined;
  const counts: string[] = [];
  for (const at of shape.read) {
    const v = text(values[at]);
    if (v === "" || v === first) continue;
    if (!COUNT.test(v)) return undefined;
    counts.push(v);
  }
  return [first, ...counts].join(" ");
}

/** A count of records with its unit (30户, 5,000 条, 12 人), in a totals row or after 共 (本表共 30 家). */
const COUNTED = /(\d[\d,，]*)\s*(?:户|家|条|人|名|位|个)/;
const AFTER_ALL = /共\s*计?\s*[:：]?\s*(\d[\d,，]*)\s*(?:户|家|条|人|名|位|个)/;

/**
 * The number of records a note below a table says the table holds: a totals row's count, with
 * its unit, in any cell where it stands (合计：30户, or 合计 | 30户), or a note's count after 共
 * (注：本表共 30 家); undefined where it says none, where its cells say different numbers, and for
 * a subtotal (小计), which counts a part. A sum without a unit (合计 | | 120, the capacities) is
 * no count of records.
 */
export function statedCount(values: readonly unknown[], shape: NoteShape): number | undefined {
  if (shape.first < 0) return undefined;
  const first = text(values[shape.first]);
  const totals = TOTALS.test(first) && !/^小\s*计/.test(first);
  let count: number | undefined;
  for (const at of [shape.first, ...shape.read]) {
    const v = text(values[at]);
    const m = (totals ? COUNTED : AFTER_ALL).exec(v);
    if (!m) continue;
    const n = Number(m[1].replace(/[,，]/g, ""));
    if (count !== undefined && n !== count) return undefined;
    count = n;
  }
  return count;
}

/** A row that may count a list's records: a note below it, or its title; `count` where it does. */
export interface CountedRow {
  readonly row: number;
  readonly text: string;
  readonly count: number | undefined;
  /** A title above the header, not a note below the last record. */
  readonly above?: true;
}

/**
 * The count of records a title block above a header makes, after 共 (检查对象名录（共 5000 户）,
 * 导出 5,000 条，共计 5,000 条): its row, where one row of it says one; undefined where none does,
 * or rows say different numbers. A number without 共 (2026年度, 第1页) is no count.
 */
export function titleCount(title: readonly { row: number; text: string }[]): CountedRow | undefined {
  let found: CountedRow | undefined;
  for (const { row, text } of title) {
    const m = AFTER_ALL.exec(text);
    if (!m) continue;
    const count = Number(m[1].replace(/[,，]/g, ""));
    if (found && found.count !== count) return undefined;
    found ??= { row, text, count, above: true };
  }
  return found;
}

/** A sheet's rows counting its records (its title, notes below it), with how many records it holds. */
export interface SheetCounts {
  readonly counted: readonly CountedRow[];
  readonly holds: number;
  readonly sheet: string | undefined;
}

/**
 * A count of a sheet's records, in a note below it (合计：5000户) or in its title, that is neither
 * how many it holds nor (a list split over sheets, the first one's title counting them all) how
 * many the whole list holds (`whole`): a list cut short (an export's row limit, part of it copied)
 * or added to since. Said in a notice; with `refuse` (a draw's frame, see SourceOptions.wholeList)
 * fewer records than counted are a problem: a draw is not made from part of a directory. Nothing
 * where the rows agree with the list, or with each other not.
 */
export function countMismatch(
  { counted, holds, sheet }: SheetCounts,
  whole: number,
  file: string,
  lang: Lang,
  refuse: boolean,
): { problem?: Problem; notice?: string } | undefined {
  if (new Set(counted.map((n) => n.count)).size !== 1) return undefined;
  const { row, text, count, above } = counted[0] as CountedRow & { count: number };
  if (count === holds || count === whole) return undefined;
  const where = fileAndSheet(file, sheet);
  const quoted = clipped(text, QUOTED);
  const [en, zh] =
    count > holds
      ? [
          `counts ${count} records (${quoted}) and the list holds ${holds}: is it cut short (an export's row limit, part of it copied), or were rows taken out since the count was made?`,
          `计数为 ${count} 条（${quoted}），而名单只有 ${holds} 条：名单是否不完整（导出行数受限、只复制了一部分），或计数之后删除了部分行？`,
        ]
      : [
          `counts ${count} records (${quoted}) and the list holds ${holds}: were rows added since the count was made, or rows of another list?`,
          `计数为 ${count} 条（${quoted}），而名单有 ${holds} 条：计数之后是否增加了行，或混入了其他名单的行？`,
        ];
  if (count > holds && refuse)
    return {
      problem: {
        file,
        line: row,
        col: 1,
        ...(sheet === undefined ? {} : { sheet }),
        message: tr(
          lang,
          `${above ? "the title above the header" : "the note below the last record"} ${en} A draw is not made from part of a list: give the whole list, or correct the count if the rows were taken out on purpose`,
          `${above ? "表头之上的标题" : "最后一条记录之下的附注"}${zh}抽取不能只基于名单的一部分：请提供完整名单；如系有意删除，请更正计数`,
        ),
      },
    };
  return {
    notice: tr(
      lang,
      `note: row ${row} of ${where}, ${above ? "above its header" : "below its last record"}, ${en}`,
      `提示：${where} 第 ${row} 行（${above ? "表头之上" : "最后一条记录之下"}）${zh}`,
    ),
  };
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
    .map((t) => clipped(t, QUOTED))
    .concat(words.length > QUOTED_NOTES ? ["…"] : []);
  const where = fileAndSheet(file, sheet);
  return [
    tr(
      lang,
      `note: ${first === last ? `row ${first}` : `rows ${first}–${last}`} of ${where}, below its last record, ${first === last ? "is" : "are"} read as notes, not records${quoted.length ? ` (${quoted.join("; ")})` : ""}`,
      `提示：${where} 第 ${first === last ? first : `${first}–${last}`} 行在最后一条记录之下，视为表格附注，不作记录读取${quoted.length ? `（${quoted.join("；")}）` : ""}`,
    ),
  ];
}
