/** The rows of a workbook's sheet, the sheet chosen as an office would mean it. */
import { InputError } from "../problem.js";
import {
  type ColumnsRead,
  checkHeader,
  cleanHeader,
  type HeaderKind,
  type OnHeader,
  type RawRow,
  SHEET_BREAK,
  type SourceOptions,
  say,
  TITLE_ROWS,
  titleRow,
} from "./rows.js";
import { isValidUscc } from "./uscc.js";
import { sayChoice } from "./xlsx-choice.js";
import { bookFault, openSheets } from "./xlsx-open.js";
import type { SheetRow } from "./xlsx-sheets.js";

/**
 * The rows of a workbook's sheet: the one `--sheet` names, or else the first sheet whose first rows
 * hold a header (`isHeader`: one naming any of the columns, whole or not). Offices put a sheet of
 * instructions (填表说明) before the list: a sheet with no such row is passed over, and a notice
 * says which sheet was read. When the first sheet has none and several later ones have a whole
 * header, which list is meant is not guessed: `--sheet` must say. Sheets after the one read that
 * have a whole header too are named in a notice. `--sheet all` reads every sheet with a whole
 * header, one after the other, as one list (each row with its sheet).
 */
export async function* xlsxRows(
  file: string,
  options: SourceOptions,
  onHeader?: OnHeader,
  isHeader?: (cells: string[]) => HeaderKind,
  onNotice?: (notice: string) => void,
): AsyncGenerator<RawRow> {
  const t = say(options.lang);
  const sheets = await openSheets(file, t);
  const blank = (values: unknown[]) => values.every((v) => v === "" || v === null || v === undefined);
  const headerCells = (values: readonly unknown[]) => values.map((v) => cleanHeader(String(v ?? "")));
  const kindOf = (values: unknown[]) => isHeader?.(headerCells(values));
  let index = 0;
  let header: string[] | undefined;
  /** The sheet read, and the first sheet's first rows (for its header's message when no sheet has one). */
  let chosen: string | undefined;
  let first: { name: string; above: RawRow[] } | undefined;
  /** Sheets before the one read that have no header, and after it that have a whole one too. */
  const passed: string[] = [];
  const alsoHeaded: string[] = [];
  /**
   * `--sheet all` (unless a sheet is named so): every sheet with a whole header is read, as one
   * list split over sheets (one a township, a category); each row says its sheet.
   */
  const every = options.sheet === ALL_SHEETS && !sheets.some((s) => s.name === ALL_SHEETS);
  const readSheets: string[] = [];
  /** Sheets after the one read (no `--sheet`) whose first rows hold codes under no header. */
  const continued: string[] = [];
  /** Under `--sheet all`, the sheets passed over whose first rows hold codes: lists whose header is missing or partial. */
  const headless: { name: string; above: RawRow[]; partial: number; coded: RawRow[] }[] = [];
  /** Under `--sheet all`, the first sheet whose header names some of the columns needed, not all. */
  let firstPartial: { name: string; above: RawRow[]; at: number } | undefined;
  /** Takes the header at `above[at]`; `read` is told which columns of the rows after it are read. */
  const take = (sheet: string, above: RawRow[], at: number, read: ColumnsRead = {}): RawRow[] => {
    const h = above[at];
    header = headerCells(h.values ?? []);
    checkHeader(file, header, h.row, t, sheet);
    read.columns = onHeader?.(
      header,
      h.row,
      sheet,
      false,
      read.hidden,
      above.slice(0, at).map((r) => titleRow(r.row, r.values ?? [])),
    );
    return above.slice(at + 1);
  };
  /** The sheet being read, for a message about its XML. */
  let reading = "";
  try {
    for (const sheet of sheets) {
      index++;
      const name = sheet.name;
      reading = name;
      const named =
        options.sheet === undefined || every || options.sheet === String(index) || options.sheet === name;
      if (!named || (options.sheet !== undefined && !every && chosen !== undefined)) continue;
      // The first rows, until one is a whole header: those above it are a title. Failing that, the
      // first row naming some columns is the header (and its message says what it lacks); failing
      // that too, the first row.
      const above: RawRow[] = [];
      let whole = -1;
      let partial = -1;
      const columns: ColumnsRead = {};
      const rows = sheet.rows(columns);
      try {
        for (let r = await rows.next(); !r.done; r = await rows.next()) {
          const values = r.value.values;
          if (blank(values)) continue;
          above.push(rawRow(r.value));
          const kind = kindOf(values);
          if (kind === undefined || kind === "whole") {
            whole = above.length - 1;
            break;
          }
          if (kind === "partial" && partial < 0) partial = above.length - 1;
          if (above.length >= TITLE_ROWS) break;
        }
        const headed = whole >= 0 ? whole : partial;
        if (index === 1) first = { name, above };
        // Every sheet: those with a whole header, one after another as one list.
        const read = every
          ? whole >= 0
          : chosen === undefined && (options.sheet !== undefined || headed >= 0);
        if (!read) {
          if (every && whole < 0 && partial >= 0) firstPartial ??= { name, above, at: partial };
          // A list whose header is missing or written otherwise: passed over, its enterprises would
          // be left out of the one list the others make, said in a note alone.
          const coded = whole < 0 ? above.filter((r) => r.values?.some(isCode)) : [];
          if (every && coded.length >= 2) headless.push({ name, above, partial, coded });
          // After the sheet read, one of codes without a header: the rest of a list an export split
          // over sheets, writing the header once (at 1,048,576 rows a sheet).
          if (!every && chosen !== undefined && coded.length >= 2) continued.push(name);
          if (whole >= 0) alsoHeaded.push(name);
          else if (chosen === undefined || every) passed.push(name);
          continue;
        }
        // The rows of the sheet before are handed on before this one's header is (see SHEET_BREAK).
        if (chosen !== undefined) yield SHEET_BREAK;
        chosen ??= name;
        readSheets.push(name);
        const inSheet = every ? name : undefined;
        if (above.length)
          for (const r of take(name, above, Math.max(headed, 0), columns))
            yield inSheet ? { ...r, sheet: inSheet } : r;
        for (let r = await rows.next(); !r.done; r = await rows.next()) {
          const values = r.value.values;
          if (!blank(values)) yield rawRow(r.value, inSheet);
        }
      } finally {
        // Stops the sheet's reading (nothing once it is read to its end), however this one ends.
        await rows.return(undefined);
      }
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw bookFault(file, t, e, reading);
  }
  if (every && chosen !== undefined && headless.length) {
    // A header naming some columns is told which it lacks; one naming none, that the sheet holds codes.
    const partly = headless.find((h) => h.partial >= 0);
    if (partly) take(partly.name, partly.above, partly.partial);
    throw new InputError(
      headless.map(({ name, coded }) => {
        const code = String(coded[0].values?.find(isCode) ?? "").trim();
        return {
          file,
          line: coded[0].row,
          col: 0,
          sheet: name,
          message: t(
            `--sheet all: sheet '${name}' has no header naming every column needed, yet its rows hold unified social credit codes (row ${coded[0].row}: ${code}): is its header missing, or written otherwise than sheet '${chosen}' writes it? Give it that header, or take the sheet out of the workbook; passed over, its enterprises would be left out of the list`,
            `--sheet all：工作表“${name}”没有包含所需各列的表头，但其中各行含统一社会信用代码（第 ${coded[0].row} 行：${code}）：表头是否缺失，或与工作表“${chosen}”的写法不同？请补上该表头，或将该工作表移出工作簿；否则其中的企业会被漏读`,
          ),
        };
      }),
    );
  }
  if (every) {
    // The first header that lacks a column is taken, to be told, with its sheet, which one it lacks.
    if (chosen === undefined && firstPartial) take(firstPartial.name, firstPartial.above, firstPartial.at);
    if (chosen === undefined)
      throw new InputError([
        {
          file,
          line: 0,
          col: 0,
          message: t(
            "--sheet all: no sheet has a header naming every column the file needs",
            "--sheet all：没有工作表的表头包含文件所需的全部列",
          ),
        },
      ]);
    const en = readSheets.map((n) => `'${n}'`).join(", ");
    const zh = readSheets.map((n) => `“${n}”`).join("、");
    onNotice?.(
      passed.length
        ? t(
            `note: read sheets ${en} of ${file} as one list; sheet(s) ${passed.map((n) => `'${n}'`).join(", ")} have no header naming every column needed and were not read`,
            `提示：已将 ${file} 的工作表${zh}作为一个名单读取；工作表${passed.map((n) => `“${n}”`).join("、")}没有包含所需各列的表头，未读取`,
          )
        : t(
            `note: read sheets ${en} of ${file} as one list`,
            `提示：已将 ${file} 的工作表${zh}作为一个名单读取`,
          ),
    );
    return;
  }
  // --sheet names no sheet of this workbook, which holds one list: the name is another input's
  // (a draw reads several workbooks and --sheet is for all), and this one is read as it would be
  // without it; a workbook of several lists is still refused.
  if (options.sheet !== undefined && chosen === undefined && index > 0 && !options.sheetTried) {
    const only: string[] = [];
    yield* xlsxRows(
      file,
      { ...options, sheet: undefined, wholeList: true, sheetTried: options.sheet },
      onHeader,
      isHeader,
      (n) => only.push(n),
    );
    onNotice?.(
      t(
        `note: ${file} has no sheet '${options.sheet}' (--sheet names another file's): its one list is read`,
        `提示：${file} 中没有工作表“${options.sheet}”（--sheet 指的是其他文件的工作表）：读取其中唯一的名单`,
      ),
    );
    for (const n of only) onNotice?.(n);
    return;
  }
  // No sheet at all, or none of the name --sheet gives.
  if (options.sheet !== undefined ? chosen === undefined : index === 0)
    throw new InputError([
      {
        file,
        line: 0,
        col: 0,
        message: options.sheet
          ? t(`no sheet '${options.sheet}'`, `没有工作表“${options.sheet}”`)
          : t("the workbook has no sheet", "工作簿中没有工作表"),
      },
    ]);
  if (options.sheet === undefined) {
    // No sheet has a header: the first sheet's first row is taken for one, and its message says what it lacks.
    if (chosen === undefined) {
      if (first?.above.length) yield* take(first.name, first.above, 0);
    } else sayChoice({ file, chosen, passed, alsoHeaded, continued }, options, t, onNotice);
  }
  if (!header)
    throw new InputError([
      { file, line: 1, col: 1, message: t("the sheet has no header row", "工作表没有表头行") },
    ]);
}

/** A sheet's row as the readers take it: its number, its values, whether it is hidden, and its sheet where several are read. */
function rawRow(r: SheetRow, sheet?: string): RawRow {
  const row: RawRow = r.hidden
    ? { row: r.number, values: r.values, hidden: true }
    : { row: r.number, values: r.values };
  return sheet === undefined ? row : { ...row, sheet };
}

/** Whether a cell holds a unified social credit code (check characters right): a record's, not a header's or a note's. */
const isCode = (v: unknown) => typeof v === "string" && v.length >= 18 && isValidUscc(v.trim());

/** What `--sheet` says to read every sheet with a header. */
export const ALL_SHEETS = "all";
