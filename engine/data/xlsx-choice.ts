/** What is said of the sheets of a workbook read without `--sheet`, once one is chosen. */
import { InputError } from "../problem.js";
import type { Say, SourceOptions } from "./rows.js";

/** The sheets of a workbook as its reading found them (see xlsxRows). */
export interface SheetChoice {
  readonly file: string;
  /** The sheet read. */
  readonly chosen: string;
  /** Sheets before it that have no header. */
  readonly passed: readonly string[];
  /** Sheets after it that have a whole header too. */
  readonly alsoHeaded: readonly string[];
  /** Sheets after it whose first rows hold codes under no header. */
  readonly continued: readonly string[];
}

/**
 * Refuses a workbook whose list is in doubt: a first sheet with no header, then several with one;
 * where a whole list is needed (`wholeList`: a draw is made from no part of a list, nor from the
 * first of several), later sheets holding codes under no header, or with a header too. Otherwise
 * says in a notice which sheet was read where others were passed over.
 */
export function sayChoice(
  { file, chosen, passed, alsoHeaded, continued }: SheetChoice,
  options: SourceOptions,
  t: Say,
  onNotice?: (notice: string) => void,
): void {
  const quoted = (names: readonly string[]) => names.map((n) => `'${n}'`).join(", ");
  const quotedZh = (names: readonly string[]) => names.map((n) => `“${n}”`).join("、");
  if (passed.length && alsoHeaded.length) {
    const all = [chosen, ...alsoHeaded];
    throw new InputError([
      {
        file,
        line: 0,
        col: 0,
        message:
          (options.sheetTried
            ? t(`no sheet '${options.sheetTried}'; `, `没有工作表“${options.sheetTried}”；`)
            : "") +
          t(
            `the first sheet, '${passed[0]}', has no header, and sheets ${quoted(all)} each have one: give --sheet to say which to read, or --sheet all to read them all as one list`,
            `第一个工作表“${passed[0]}”没有表头，而工作表 ${quotedZh(all)} 都有：请用 --sheet 指明读取哪一个；如为分在多个工作表的同一名单，请用 --sheet all 一并读取`,
          ),
      },
    ]);
  } else if (continued.length && options.wholeList) {
    throw new InputError([
      {
        file,
        line: 0,
        col: 0,
        message: t(
          `sheet(s) ${quoted(continued)} after '${chosen}' hold rows of unified social credit codes under no header: is the list split over sheets, its header written once? Give each sheet the header and read them with --sheet all as one list, or, if they hold no part of it, name the sheet to read with --sheet (a draw is not made from part of a list)`,
          `工作表“${chosen}”之后的工作表 ${quotedZh(continued)} 中有含统一社会信用代码的行，但没有表头：名单是否分在多个工作表中、只在第一个写了表头？请为每个工作表补上表头并用 --sheet all 一并读取；如其中并非名单的一部分，请用 --sheet 指明要读取的工作表（抽取不会只取名单的一部分）`,
        ),
      },
    ]);
  } else if (passed.length)
    onNotice?.(
      t(
        `note: read sheet '${chosen}' of ${file}: ${passed.length === 1 ? `the first sheet, '${passed[0]}', has` : `sheets ${quoted(passed)} before it have`} no header`,
        `提示：读取 ${file} 的工作表“${chosen}”：${passed.length === 1 ? `第一个工作表“${passed[0]}”` : `此前的工作表 ${quotedZh(passed)}`}没有表头`,
      ),
    );
  else if (alsoHeaded.length && options.wholeList)
    throw new InputError([
      {
        file,
        line: 0,
        col: 0,
        message: options.sheetTried
          ? t(
              `no sheet '${options.sheetTried}'; sheets ${quoted([chosen, ...alsoHeaded])} each have a header naming the columns needed: give --sheet one of them, or all to read them all as one list`,
              `没有工作表“${options.sheetTried}”；工作表 ${quotedZh([chosen, ...alsoHeaded])} 都有包含所需各列的表头：请用 --sheet 指明其中之一，或用 --sheet all 一并读取`,
            )
          : t(
              `sheets ${quoted([chosen, ...alsoHeaded])} each have a header naming the columns needed: give --sheet to say which to read, or --sheet all to read them all as one list (a draw is not made from the first of several lists)`,
              `工作表 ${quotedZh([chosen, ...alsoHeaded])} 都有包含所需各列的表头：请用 --sheet 指明读取哪一个；如为分在多个工作表的同一名单，请用 --sheet all 一并读取（抽取不会只取多个名单中的第一个）`,
            ),
      },
    ]);
  else if (alsoHeaded.length)
    onNotice?.(
      t(
        `note: read the first sheet, '${chosen}', of ${file}; sheet(s) ${quoted(alsoHeaded)} have a header too and were not read (give --sheet to read another, or --sheet all to read them all as one list)`,
        `提示：读取 ${file} 的第一个工作表“${chosen}”；工作表 ${quotedZh(alsoHeaded)} 也有表头，未读取（如需读取其他工作表，请用 --sheet 指明；如为分在多个工作表的同一名单，请用 --sheet all 一并读取）`,
      ),
    );
  if (continued.length && !options.wholeList)
    onNotice?.(
      t(
        `note: read sheet '${chosen}' of ${file}; sheet(s) ${quoted(continued)} after it hold rows of unified social credit codes under no header and were not read: is the list split over sheets? Give each the header and --sheet all to read them as one list`,
        `提示：读取 ${file} 的工作表“${chosen}”；其后的工作表 ${quotedZh(continued)} 中有含统一社会信用代码的行但没有表头，未读取：名单是否分在多个工作表中？请为每个工作表补上表头并用 --sheet all 一并读取`,
      ),
    );
}
