/** What the workbook readers share: a cell's value, a row, a fault, and the parts every sheet needs. */
import type { SharedStrings } from "./xlsx-shared.js";

/** A cell's value as read: text, a number or true/false; a date is ISO `YYYY-MM-DD` text. */
export type CellValue = string | number | boolean;

/** A row of a sheet: its number as Excel shows it, and its cells from column A, "" where empty. */
export interface SheetRow {
  readonly number: number;
  readonly values: CellValue[];
  /** Hidden in the sheet: by Hide, or filtered out. */
  readonly hidden?: true;
}

/** Sets `values[at]`, with "" in the cells before it that have none (the array stays dense). */
export function put(values: CellValue[], at: number, value: CellValue): void {
  while (values.length < at) values.push("");
  values[at] = value;
}

/** A workbook or sheet that cannot be read: the row (0 for the workbook as a whole), and why in English and Chinese. */
export class XlsxFault extends Error {
  constructor(
    readonly row: number,
    readonly en: string,
    readonly zh: string,
  ) {
    super(en);
  }
}

/** The parts of a workbook every sheet needs. */
export interface Book {
  readonly file: string;
  readonly shared: SharedStrings;
  /** By style (cell format) index: whether a number in it is a date. */
  readonly dateStyles: readonly boolean[];
  readonly date1904: boolean;
}
