/** Which numbers a workbook shows as dates: its cell formats, and Excel's date numbers. */
import { elements } from "./xlsx-parts.js";

/** Whether each cell format (`cellXfs`) of a styles part shows a number as a date. */
export function dateStyles(xml: string): boolean[] {
  const codes = new Map<number, string>();
  for (const f of elements(xml, "numFmt")) codes.set(Number(f.numFmtId), f.formatCode ?? "");
  const xfs = /<(?:[\w.-]+:)?cellXfs(?=[\s/>])[\s\S]*?<\/(?:[\w.-]+:)?cellXfs>/.exec(xml);
  if (!xfs) return [];
  return elements(xfs[0], "xf").map((xf) => {
    const id = Number(xf.numFmtId ?? 0);
    const code = codes.get(id);
    return code === undefined ? BUILT_IN_DATES.has(id) : isDateFormat(code);
  });
}

/**
 * Built-in number formats that show a date or a time: Excel's own (14–22, 45–47) and those of
 * East Asian locales, which a workbook saved by a Chinese Excel uses without writing their code
 * (27–36 and 50–58: `yyyy"年"m"月"d"日"` is 31).
 */
const BUILT_IN_DATES = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58,
]);

/**
 * Whether a number format code shows a date or a time: a y, m, d, h or s outside quoted text,
 * escaped characters, padding and fill (`_x`, `*x`) and bracketed parts (colours, conditions,
 * locales; an elapsed time such as `[h]:mm` is a duration, not a date).
 */
export function isDateFormat(code: string): boolean {
  const unquoted = code.replace(/"[^"]*"|\\.|[_*]./g, "");
  if (/\[(?:h+|m+|s+)\]/i.test(unquoted)) return false;
  return /[ymdhs]/i.test(unquoted.replace(/\[[^\]]*\]/g, "").replace(/general/gi, ""));
}

/** The day (ISO) of an Excel date number, as exceljs computed it; undefined outside years 0–9999. */
export function excelDate(serial: number, date1904: boolean): string | undefined {
  const ms = Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000);
  if (!(ms >= -62_167_219_200_000 && ms < 253_402_300_800_000)) return undefined;
  return new Date(ms).toISOString().slice(0, 10);
}
