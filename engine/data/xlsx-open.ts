/** A workbook opened for its sheets, and what is wrong with one that cannot be read, as a problem of its file. */
import { open } from "node:fs/promises";
import { InputError } from "../problem.js";
import type { Say } from "./rows.js";
import { openWorkbook, type SheetSource, XlsxFault } from "./xlsx-sheets.js";
import { malformedZh } from "./xlsx-text.js";

/**
 * The sheets of a workbook. A file of another kind named .xlsx (a CSV or an old .xls renamed: an
 * XLSX workbook is a ZIP archive) is said to be one, as is a workbook with a password to open it.
 */
export async function openSheets(file: string, t: Say): Promise<SheetSource[]> {
  const head = Buffer.alloc(4);
  const fh = await open(file, "r");
  try {
    await fh.read(head, 0, 4, 0);
  } finally {
    await fh.close();
  }
  // Excel saves a workbook with a password to open it as an OLE compound file, as it did .xls files.
  if (head.readUInt32LE(0) === 0xe011cfd0)
    throw new InputError([
      {
        file,
        line: 1,
        col: 1,
        message: t(
          "XLSX: the workbook is protected by a password to open it, or is an Excel 97–2003 file renamed: open it in Excel, remove the password (File, Info, Protect Workbook) or save it as .xlsx",
          "XLSX：该工作簿设置了打开密码，或是由 Excel 97–2003 文件改名而来：请在 Excel 中打开，取消密码（文件 → 信息 → 保护工作簿）或另存为 .xlsx",
        ),
      },
    ]);
  if (head.readUInt32LE(0) !== 0x04034b50)
    throw new InputError([
      {
        file,
        line: 1,
        col: 1,
        message: t(
          "XLSX: the file is not an Excel workbook (.xlsx): was it renamed from another format? Save it from Excel as .xlsx",
          "XLSX：该文件不是 Excel 工作簿（.xlsx）：是否由其他格式改名而来？请在 Excel 中另存为 .xlsx",
        ),
      },
    ]);
  try {
    return await openWorkbook(file);
  } catch (e) {
    throw bookFault(file, t, e, undefined);
  }
}

/**
 * What went wrong reading a workbook, as a problem of its file: a fault of the workbook (row 0) or
 * of `sheet`, the sheet being read, at its row; anything else, as a workbook that cannot be read.
 */
export function bookFault(file: string, t: Say, e: unknown, sheet: string | undefined): InputError {
  if (e instanceof XlsxFault)
    return new InputError([
      {
        file,
        line: e.row || 1,
        col: e.row ? 0 : 1,
        ...(e.row && sheet !== undefined ? { sheet } : {}),
        message: t(`XLSX: ${e.en}`, `XLSX：${e.zh}`),
      },
    ]);
  const why = (e as Error).message.split("\n")[0];
  return new InputError([
    {
      file,
      line: 1,
      col: 1,
      message: t(`XLSX: cannot read the workbook (${why})`, `XLSX：无法读取工作簿（${malformedZh(why)}）`),
    },
  ]);
}
