/**
 * The notices of what a sheet (a CSV) holds that its reader reads all the same: rows and columns
 * it hides, and an end at the last row an Excel sheet has, where a longer list was cut off.
 */
import { type Lang, someOf, tr } from "../lang.js";
import { CANONICAL_NAMES, type InputKind } from "./columns.js";
import { fileAndSheet } from "./rows.js";
import { columnName } from "./xlsx-cell-refs.js";

/** The last row of an Excel sheet: 1,048,576 rows, and 65,536 in a workbook of Excel 97–2003 (.xls). */
const SHEET_LIMITS: ReadonlyMap<number, { en: string; zh: string }> = new Map([
  [1_048_576, { en: "the last row an Excel sheet has", zh: "Excel 工作表的最后一行" }],
  [
    65_536,
    { en: "the last row of an Excel 97–2003 (.xls) sheet", zh: "Excel 97–2003（.xls）工作表的最后一行" },
  ],
]);

/**
 * The notice for a sheet (a CSV) whose last row is the last a sheet of Excel has: a longer list
 * opened in Excel and saved loses every row below it, without a word, and a list of exactly that
 * many rows is rare. Said, not refused: such a list may be whole.
 */
export function sheetLimitNotice(lastRow: number, file: string, lang: Lang, sheet?: string): string[] {
  const limit = SHEET_LIMITS.get(lastRow);
  if (!limit) return [];
  const where = fileAndSheet(file, sheet);
  return [
    tr(
      lang,
      `note: ${where} ends at row ${lastRow}, ${limit.en}: was the list cut off there when saved from Excel, which drops the rows below it? A list longer than a sheet is given as the CSV its system exports, not saved from Excel`,
      `提示：${where} 恰好结束于第 ${lastRow} 行，即${limit.zh}：名单是否在用 Excel 保存时被截断（超出的行会被丢弃）？超过一个工作表的名单请直接使用系统导出的 CSV，勿经 Excel 另存`,
    ),
  ];
}

/**
 * The notice for a sheet's hidden rows read as records: a row hidden, or filtered out, is still in
 * the file, and is read like the others; one hidden to leave it out (a firm since deregistered)
 * must be deleted.
 */
export function hiddenNotice(rows: readonly number[], file: string, lang: Lang, sheet?: string): string[] {
  if (!rows.length) return [];
  const where = fileAndSheet(file, sheet);
  return [
    tr(
      lang,
      `note: ${rows.length} row(s) of ${where} are hidden in the sheet (hidden, or filtered out) and are read like the others: row(s) ${someOf(rows, "en")}; delete from the sheet the rows not to be read`,
      `提示：${where} 中有 ${rows.length} 行在工作表中被隐藏（隐藏或被筛选掉），仍与其他行一样读取：第 ${someOf(rows, "zh")} 行；不应读取的行请从工作表中删除`,
    ),
  ];
}

/**
 * The notice for the columns a sheet hides that are read (canonical columns, declared facts): a
 * hidden column is read like the others, and one is most often hidden because another replaced it
 * (last year's grades beside this year's).
 */
export function hiddenColumnsNotice(
  kind: InputKind,
  header: readonly string[],
  names: ReadonlyMap<string, string>,
  hidden: readonly number[] | undefined,
  declared: Readonly<Record<string, unknown>>,
  file: string,
  lang: Lang,
  sheet?: string,
): string[] {
  const read = (hidden ?? []).filter((at) => {
    const h = header[at];
    if (h === undefined || h === "") return false;
    const name = names.get(h) ?? h;
    return CANONICAL_NAMES[kind].has(name) || Object.hasOwn(declared, name);
  });
  if (!read.length) return [];
  const where = fileAndSheet(file, sheet);
  const en = read.map((at) => {
    const name = names.get(header[at]) ?? header[at];
    return `${columnName(at + 1)} (${header[at]}${name === header[at] ? "" : `, read as ${name}`})`;
  });
  const zh = read.map((at) => `${columnName(at + 1)} 列（${header[at]}）`);
  return [
    tr(
      lang,
      `note: column(s) ${en.join(", ")} of ${where} are hidden in the sheet and are read like the others: a column is most often hidden because another replaced it; if so, delete it from the sheet`,
      `提示：${where} 中被隐藏的 ${zh.join("、")}仍照常读取：被隐藏的列往往已由其他列取代，如是，请将其从工作表中删除`,
    ),
  ];
}
