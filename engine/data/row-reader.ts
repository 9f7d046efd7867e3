import { tr } from "../lang.js";
import { InputError, type Problem } from "../problem.js";
import { isAddressColumn } from "./address.js";
import { type InputKind, isOperatorColumn, mapHeader } from "./columns.js";
import { fillingNotes, fillingNotice } from "./filling-row.js";
import { ignoredColumns, pinyinNotice, repeatedNotice } from "./header-notices.js";
import { headerRefusal } from "./header-refusal.js";
import { MisreadRows, misreadHeader } from "./misread-rows.js";
import {
  type CountedRow,
  countMismatch,
  type NoteShape,
  noteShape,
  notesNotice,
  noteText,
  type SheetCounts,
  statedCount,
  titleCount,
} from "./note-rows.js";
import type { ReadOptions } from "./read-options.js";
import { isGoneDateColumn, isRegistrationNumberColumn, isStatusColumn } from "./registration.js";
import { repeatedHeaderNotice, repeatsHeader } from "./repeated-header.js";
import { type Row, RowCursor } from "./row-cursor.js";
import { type HeaderKind, type RawRow, say, type TitleRow, widthProblem } from "./rows.js";
import { hiddenColumnsNotice, hiddenNotice, sheetLimitNotice } from "./sheet-notices.js";
import { readRowBatches } from "./source.js";

/**
 * The row machinery shared by every reader: header mapping, one reused row cursor, problems
 * collected with file, row and column up to a limit, and nothing returned unless every row is good.
 */

/**
 * Reads a file of `kind` a row at a time: maps its header, gives `convert` each row (a record, or
 * undefined after it reported the row's problems), then `finish` the records for checks across
 * rows (duplicates); throws every problem at once, and returns the records (with the columns
 * ignored, the notices and each record's line) only when every row is good.
 */
export async function readKind<T>(
  kind: InputKind,
  file: string,
  opts: ReadOptions,
  convert: (r: Row) => T | undefined,
  finish?: (
    records: T[],
    rows: number[],
    problem: (row: number, column: string, en: string, zh: string) => void,
    named: (row: number) => { en: string; zh: string },
  ) => void,
): Promise<{
  records: T[];
  ignored: string[];
  notices: string[];
  lines: number[];
  /** Each record's sheet, where several sheets are read as one list (--sheet all): its lines repeat across them. */
  sheets: readonly (string | undefined)[];
  /** Where a column is, as the file's header writes it (of the last record, for a JSON file), for messages made after reading. */
  place: (column: string) => { col: number; header?: string };
}> {
  const lang = opts.lang ?? "en";
  /**
   * A list that may hold none (no conflict declared, no inspection made): a header alone, or an
   * empty JSON array, is read as empty (its reader says so where it matters), not refused.
   */
  const mayBeEmpty = kind === "conflicts" || kind === "history";
  let ignored: string[] = [];
  const max = opts.maxProblems ?? 100;
  const problems: Problem[] = [];
  let dropped = 0;
  let sawHeader = false;
  /** Whether the next row is the first under a header (where a template has its notes on filling it in). */
  let underHeader = false;
  /** The header's number of columns. */
  let columns = 0;
  /** Where notes below the table would stand (none in a JSON file's records). */
  let notes: NoteShape | undefined;
  /** The sheet read, for a workbook: a row number alone would send its reader to the first sheet. */
  let sheet: string | undefined;
  const inSheet = (of = sheet) => (of === undefined ? {} : { sheet: of });
  /** Keeps `problem`, or counts it past the most listed. */
  const collect = (problem: Problem) => {
    if (problems.length >= max) dropped++;
    else problems.push(problem);
  };
  /** A problem of `row` of the sheet being read, or of `of` (a record's, found after reading). */
  const report = (row: number, column: string, en: string, zh: string, of = sheet) => {
    const line = lineOf[row];
    collect({
      file,
      line: line ?? row,
      ...(line === undefined ? {} : { record: row }),
      ...cursor.place(column),
      ...inSheet(of),
      column,
      message: tr(lang, en, zh),
    });
  };
  const notices: string[] = [];
  const declared = opts.facts ?? {};
  /** The other columns the commands read: declared facts, addresses, registration status, operators, registration numbers. */
  const used = (name: string) =>
    Object.hasOwn(declared, name) ||
    isAddressColumn(name) ||
    isStatusColumn(name) ||
    isGoneDateColumn(name) ||
    (kind === "enterprises" && (isOperatorColumn(name) || isRegistrationNumberColumn(name)));
  const cursor = new RowCursor(kind, report, opts.onlyUsedColumns ? used : undefined, used);
  const onHeader = (
    h: string[],
    row: number,
    inWorkbook?: string,
    keyed?: boolean,
    hidden?: readonly number[],
    title?: readonly TitleRow[],
  ): readonly boolean[] | undefined => {
    // An empty JSON array (its header is made once its records are read) is a list of none, not
    // one missing its columns.
    if (keyed && h.length === 0 && rowsRead === 0) {
      if (!mayBeEmpty)
        throw new InputError([
          { file, line: row, col: 1, message: tr(lang, "the file holds no records", "文件中没有任何记录") },
        ]);
      sawHeader = true;
      return undefined;
    }
    // The next sheet of several read as one list (--sheet all): the last one's rows are all read.
    if (sawHeader && inWorkbook !== undefined) {
      endSheet();
      several = true;
    }
    sawHeader = true;
    underHeader = !keyed;
    titleCounted = titleCount(title ?? []);
    columns = h.length;
    sheet = inWorkbook;
    const mapped = mapHeader(kind, h, keyed);
    const repeats = new Set([...mapped.repeated.values()].flat());
    ignored = ignoredColumns(kind, h, mapped.names).filter((c) => !repeats.has(c));
    // A second operator column is read too (see isOperatorColumn): not said to be left unread.
    if (kind === "enterprises") mapped.repeated.delete("operator");
    notices.push(...repeatedNotice(mapped.repeated, h, mapped.names, file, lang));
    notices.push(...pinyinNotice(kind, mapped.pinyin, mapped.names, file, lang));
    const read = cursor.setHeader(h, mapped.names, inWorkbook !== undefined);
    notices.push(...hiddenColumnsNotice(kind, h, mapped.names, hidden, declared, file, lang, inWorkbook));
    notes = keyed ? undefined : noteShape(kind, h, mapped.names);
    // Without its column, a declared fact would be empty for every enterprise: rules on it would
    // never match, and enterprises would take other treatments without a word.
    const factsWithoutColumn =
      kind === "enterprises" ? Object.keys(opts.facts ?? {}).filter((f) => !cursor.index.has(f)) : [];
    headerCells = h;
    if (mapped.missing.length || factsWithoutColumn.length) {
      // A header garbled by an encoding mistake lacks its columns for that alone.
      const garbled = misreadHeader(h, { file, line: row, ...inSheet() }, say(lang));
      if (garbled) throw new InputError([garbled]);
      throw new InputError(
        headerRefusal(
          {
            kind,
            file,
            row,
            cells: h,
            missing: mapped.missing,
            factsWithoutColumn,
            index: cursor.index,
            sheet: inWorkbook,
            keyed,
          },
          lang,
        ),
      );
    }
    return read;
  };
  const records: T[] = [];
  const rowNumbers: number[] = [];
  /** For a JSON array, the line where each record begins, by record number. */
  const lineOf: number[] = [];
  /** A row as messages name another one: "on row 12", or "in record 3 at line 12" of a JSON array. */
  const named = (row: number, of?: string) => {
    const line = lineOf[row];
    if (of !== undefined) return { en: `on row ${row} of sheet ${of}`, zh: `工作表“${of}”第 ${row} 行` };
    return line === undefined
      ? { en: `on row ${row}`, zh: `第 ${row} 行` }
      : { en: `in record ${row} at line ${line}`, zh: `第 ${line} 行的第 ${row} 条记录` };
  };
  // A sheet's header is the first row that names every required column; a title above it is skipped.
  const headerKind = (cells: string[]): HeaderKind => {
    const mapped = mapHeader(kind, cells);
    return mapped.missing.length === 0 ? "whole" : mapped.known > 0 ? "partial" : "none";
  };
  /** The header's cells, naming a row's values by position. */
  let headerCells: readonly string[] = [];
  const misread = new MisreadRows(file, say(lang));
  const take = (raw: RawRow) => {
    if (raw.refused) return collect(raw.refused);
    // A row of fewer fields than the header is read as a note below the table, never as a record.
    if (raw.fields !== undefined) return collect(widthProblem(file, raw.row, raw.fields, columns, say(lang)));
    misread.check(raw, headerCells, raw.sheet ?? sheet);
    cursor.row = raw.row;
    cursor.sheet = raw.sheet;
    if (raw.line !== undefined) lineOf[raw.row] = raw.line;
    cursor.take(raw.values, raw.cells);
    const before = cursor.problems;
    const rec = convert(cursor);
    if (rec !== undefined && cursor.problems === before) {
      records.push(rec);
      rowNumbers.push(raw.row);
      if (raw.sheet !== undefined) sheetOf[records.length - 1] = raw.sheet;
      if (raw.hidden) hidden.push(raw.row);
    }
  };
  /** The rows read as records that the sheet hides (see hiddenNotice). */
  const hidden: number[] = [];
  /** The rows of the sheet (the file) that repeat its header (see repeatsHeader). */
  const headerAgain: number[] = [];
  /** Rows that read as notes, held until a record after them shows they were not below the table. */
  const held: { raw: RawRow; text: string; count: number | undefined }[] = [];
  /** Each record's sheet, where several sheets are read as one list (see RawRow.sheet). */
  const sheetOf: (string | undefined)[] = [];
  let several = false;
  /** How many records the sheets before this one gave. */
  let recordsBefore = 0;
  /** After a sheet's last row (a file's): its notes below the table and its hidden rows are said. */
  function endSheet() {
    // Notes without a record before them are no table's notes: they are read, and refused, as rows.
    if (records.length === recordsBefore && problems.length === 0)
      for (const h of held.splice(0)) take(h.raw);
    const below = held.splice(0).map((h) => ({ row: h.raw.row, text: h.text, count: h.count }));
    notices.push(...notesNotice(below, file, lang, sheet));
    const counted = [...(titleCounted ? [titleCounted] : []), ...below].filter((n) => n.count !== undefined);
    if (counted.length) countedSheets.push({ counted, holds: records.length - recordsBefore, sheet });
    notices.push(...hiddenNotice(hidden.splice(0), file, lang, sheet));
    notices.push(...repeatedHeaderNotice(headerAgain.splice(0), file, lang, sheet));
    notices.push(...sheetLimitNotice(lastRow, file, lang, sheet));
    recordsBefore = records.length;
  }
  /** The sheet's (a CSV's) last row with anything in it; 0 for a JSON file, whose rows are records. */
  let lastRow = 0;
  /** A count of the records the title above the sheet's header makes (检查对象名录（共 5000 户）). */
  let titleCounted: CountedRow | undefined;
  /** Each sheet's rows counting its records (its title, notes below it), with how many it holds. */
  const countedSheets: SheetCounts[] = [];
  let rowsRead = 0;
  for await (const batch of readRowBatches(file, opts, onHeader, headerKind, (n) => notices.push(n))) {
    for (const raw of batch) {
      // A template's row of notes on filling each column in, under the header.
      if (underHeader) {
        underHeader = false;
        const filling = raw.values && !raw.refused ? fillingNotes(raw.values) : undefined;
        if (filling !== undefined) {
          notices.push(fillingNotice(raw.row, filling, file, lang, raw.sheet ?? sheet));
          continue;
        }
      }
      if (raw.values && !raw.refused && repeatsHeader(raw.values, headerCells)) {
        headerAgain.push(raw.row);
        continue;
      }
      const note = notes && raw.values && !raw.refused ? noteText(raw.values, notes) : undefined;
      if (note !== undefined && notes && raw.values) {
        held.push({ raw, text: note, count: statedCount(raw.values, notes) });
        continue;
      }
      for (const h of held) take(h.raw);
      held.length = 0;
      take(raw);
    }
    if (notes) lastRow = batch[batch.length - 1]?.row ?? lastRow;
    rowsRead += batch.length;
    opts.onRows?.(rowsRead);
  }
  endSheet();
  misread.end();
  // Held to the whole list as well, once read: the first sheet's title may count every sheet's.
  if (problems.length === 0)
    for (const c of countedSheets) {
      const said = countMismatch(c, records.length, file, lang, opts.wholeList === true);
      if (said?.problem) problems.push(said.problem);
      else if (said?.notice) notices.push(said.notice);
    }
  if (!sawHeader && records.length === 0 && problems.length === 0) {
    throw new InputError([
      { file, line: 1, col: 1, message: tr(lang, "the file has no rows", "文件没有数据行") },
    ]);
  }
  if (several)
    // Rows of several sheets: a record is named by its sheet too (rowNumbers repeat across sheets).
    finish?.(
      records,
      rowNumbers.map((_, i) => i),
      (i, column, en, zh) => report(rowNumbers[i], column, en, zh, sheetOf[i]),
      (i) => named(rowNumbers[i], sheetOf[i]),
    );
  else finish?.(records, rowNumbers, report, named);
  if (problems.length === 0 && records.length === 0 && !mayBeEmpty) {
    throw new InputError([
      {
        file,
        line: 2,
        col: 1,
        message: tr(lang, "the file has a header but no data rows", "文件只有表头，没有数据行"),
      },
    ]);
  }
  if (dropped)
    problems.push({
      file,
      line: 0,
      col: 0,
      more: dropped,
      message: tr(lang, `... and ${dropped} more problem(s)`, `……另有 ${dropped} 个问题`),
    });
  if (problems.length) throw new InputError(problems);
  // The line of each record: its row, but for a JSON array's records.
  const lines = lineOf.length ? rowNumbers.map((row) => lineOf[row]) : rowNumbers;
  return {
    records,
    ignored,
    notices: [...new Set(notices)],
    lines,
    sheets: sheetOf,
    place: (column) => cursor.place(column),
  };
}
