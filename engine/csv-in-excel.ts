/**
 * What Excel does to a CSV it opens by a double click: a cell of digits alone is read as a number,
 * so a code of 18 digits (a unified social credit code may have no letter) keeps 15 significant
 * digits and shows as 9.13208E+17, and an id with a leading zero loses it. A list written as CSV
 * for people to open is told which of its columns that changes.
 */
import { type Lang, tr } from "./lang.js";

/** Excel keeps 15 significant digits of a number. */
const EXCEL_DIGITS = 15;

/** Whether Excel, opening a CSV, would read the cell as a number other than its text. */
export function changedByExcel(cell: string): boolean {
  return /^\d+$/.test(cell) && (cell.length > EXCEL_DIGITS || (cell.length > 1 && cell[0] === "0"));
}

/** The cell as Excel shows it once read as a number (in the General format of a new sheet). */
function shownByExcel(cell: string): string {
  if (cell.length <= EXCEL_DIGITS) return String(Number(cell));
  const [mantissa, exponent] = Number(cell).toPrecision(6).split("e");
  return `${mantissa.replace(/\.?0+$/, "")}E${exponent}`;
}

/**
 * A note for a CSV written to `file` whose cells Excel would change on opening it, naming each
 * such column with its count and first cell; undefined where there is none.
 */
export function excelChangesNote(
  file: string,
  header: readonly string[],
  rows: readonly (readonly string[])[],
  lang: Lang,
): string | undefined {
  const found = header.flatMap((name, col) => {
    const cells = rows.map((r) => r[col] ?? "").filter(changedByExcel);
    return cells.length ? [{ name, count: cells.length, first: cells[0] }] : [];
  });
  if (!found.length) return undefined;
  const en = found
    .map((f) => `${f.count} in column ${f.name}, such as ${f.first}, shown ${shownByExcel(f.first)}`)
    .join("; ");
  const zh = found
    .map((f) => `“${f.name}”列 ${f.count} 个，如 ${f.first} 显示为 ${shownByExcel(f.first)}`)
    .join("；");
  return tr(
    lang,
    `gradedraw: note: Excel opening ${file} by a double click reads cells of digits alone as numbers and changes them (${en}), and saving it writes them so; open it with Data → From Text/CSV, those columns as text, or write the list as .xlsx, whose cells are text`,
    `gradedraw: 提示：用 Excel 双击打开 ${file} 时，全为数字的单元格会被读作数字而改变（${zh}），保存后即以改变后的值写入文件；请用“数据 → 从文本/CSV”导入并将这些列设为文本，或输出为 .xlsx（其单元格为文本）`,
  );
}
