/**
 * How verify compares each output file of a draw folder with the one it derives: the manifest
 * field by field, the CSV lists line by line, and the task workbook cell by cell.
 */
import { existsSync } from "node:fs";
import { canonicalJson } from "../canonical.js";
import { openWorkbook, XlsxFault } from "../data/xlsx-sheets.js";
import { unescapeX } from "../data/xlsx-text.js";
import { type Lang, tr, unreadable } from "../lang.js";
import type { Policy } from "../policy/types.js";
import { type DrawOutcome, listsAddresses } from "./draw.js";
import { DRAW_FILES } from "./layout.js";
import { ADDRESS_HEADER, TASK_HEADERS, TEAM_HEADER, taskSheets } from "./outputs.js";

/** Each manifest field that differs, said with its path, recorded and derived values. */
export function compareFields(recorded: unknown, derived: unknown, path: string, out: string[], lang: Lang) {
  if (canonicalJson(recorded) === canonicalJson(derived)) return;
  const isObj = (v: unknown) => v !== null && typeof v === "object" && !Array.isArray(v);
  if (isObj(recorded) && isObj(derived)) {
    const keys = new Set([...Object.keys(recorded as object), ...Object.keys(derived as object)]);
    for (const k of keys)
      compareFields(
        (recorded as Record<string, unknown>)[k],
        (derived as Record<string, unknown>)[k],
        path ? `${path}.${k}` : k,
        out,
        lang,
      );
    return;
  }
  const shown = (v: unknown) => JSON.stringify(v) ?? tr(lang, "nothing", "无");
  out.push(
    tr(
      lang,
      `manifest field ${path}: recorded ${shown(recorded)}, derived ${shown(derived)}`,
      `清单字段 ${path}：记录为 ${shown(recorded)}，重新推导为 ${shown(derived)}`,
    ),
  );
}

/** Where a recorded text file differs from the derived one: at which line, or only as converted on its way. */
export function compareText(
  name: string,
  recorded: string | undefined,
  derived: string,
  out: string[],
  lang: Lang,
) {
  if (recorded === undefined || recorded === derived) return;
  // Each text once without its BOM and with LF line endings: what a conversion on the way changes.
  const plain = (text: string) => text.replace(/^\uFEFF/, "").replace(/\r\n/g, "\n");
  const [r, d] = [plain(recorded), plain(derived)];
  // A file converted on its way (line endings by git or a Unix tool, the BOM dropped by an editor)
  // holds the draw's rows all the same: said so, rather than as an edit at a line that is not one.
  if (r === d) {
    const bom = (text: string) => text.startsWith("\uFEFF");
    const ways = [
      recorded.replace(/^\uFEFF/, "") !== derived.replace(/^\uFEFF/, "") &&
        tr(lang, "line endings (LF where the draw writes CRLF)", "行尾符（抽取写入 CRLF，此文件为 LF）"),
      bom(recorded) !== bom(derived) &&
        tr(
          lang,
          "byte-order mark (BOM, which the draw writes for Excel)",
          "字节顺序标记（抽取为 Excel 写入 BOM）",
        ),
    ].filter((w) => w !== false);
    out.push(
      tr(
        lang,
        `${name} differs from the derived draw only in its ${ways.join(" and ")}: the file was converted on its way (by git, a text tool or an editor); its rows are the draw's`,
        `${name} 与重新推导的结果仅${ways.join("和")}不同：文件在传递中经过转换（git、文本工具或编辑器）；其各行与抽取结果相同`,
      ),
    );
    return;
  }
  const a = r.split("\n");
  const b = d.split("\n");
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const line = i + 1;
  out.push(
    tr(
      lang,
      `${name} differs from the derived draw at line ${line}`,
      `${name} 第 ${line} 行与重新推导的结果不同`,
    ),
  );
}

/**
 * Where the task workbook `tasksFile` differs from the one derived (`outcome`, drawn by
 * `algorithm`, which may be an earlier one that listed no addresses); undefined where it does not.
 */
export async function compareTasks(
  tasksFile: string,
  outcome: DrawOutcome,
  policy: Policy,
  algorithm: string,
  lang: Lang,
): Promise<string | undefined> {
  const t = (en: string, zh: string) => tr(lang, en, zh);
  if (!existsSync(tasksFile)) return t(`${DRAW_FILES.tasks} is missing`, `缺少 ${DRAW_FILES.tasks}`);
  const loaded = { policy, file: "", hash: "" };
  let sheets = taskSheets(outcome, loaded, new Map(), undefined, listsAddresses(algorithm) !== false);
  const read = (header: readonly string[]) =>
    Promise.resolve()
      .then(() => xlsxCells(tasksFile, header))
      .catch((e: unknown) =>
        e instanceof XlsxFault
          ? e.row
            ? tr(lang, `${e.en} (row ${e.row})`, `${e.zh}（第 ${e.row} 行）`)
            : tr(lang, e.en, e.zh)
          : (e as NodeJS.ErrnoException).code
            ? unreadable(e as NodeJS.ErrnoException, lang)
            : (e as Error).message,
      );
  let recorded = await read(sheets[0]?.header ?? TASK_HEADERS);
  // A draw of /2 made before the address column came has none: its first row says which.
  if (
    listsAddresses(algorithm) === undefined &&
    typeof recorded !== "string" &&
    sheets[0]?.header.includes(ADDRESS_HEADER) &&
    !recorded[0]?.includes(ADDRESS_HEADER)
  ) {
    sheets = taskSheets(outcome, loaded, new Map(), undefined, false);
    recorded = await read(sheets[0]?.header ?? TASK_HEADERS);
  }
  const expected = sheets.flatMap((sheet) => [
    [sheet.name, "1", ...sheet.header],
    ...[...sheet.rows()].map((row, i) => [sheet.name, String(i + 2), ...row.map((v) => String(v))]),
  ]);
  if (typeof recorded === "string")
    return t(`${DRAW_FILES.tasks} cannot be read: `, `无法读取 ${DRAW_FILES.tasks}：`) + recorded;
  const diff = firstDifference(recorded, expected, lang);
  return (
    diff &&
    t(
      `${DRAW_FILES.tasks} differs from the derived draw (${diff})`,
      `${DRAW_FILES.tasks} 与重新推导的结果不同（${diff}）`,
    )
  );
}

/**
 * Every cell of every sheet, as many columns as the derived `header` has, read as the readers read
 * workbooks; the team column keeps only inspector ids (names are not part of the draw).
 */
async function xlsxCells(file: string, header: readonly string[]): Promise<string[][]> {
  const team = header.indexOf(TEAM_HEADER);
  const out: string[][] = [];
  for (const sheet of await openWorkbook(file))
    try {
      for await (const r of sheet.rows()) {
        const row = Array.from({ length: header.length }, (_, i) => String(r.values[i] ?? ""));
        if (r.number > 1 && team >= 0)
          row[team] = row[team]
            .split("；")
            .map((x) => x.split(" ")[0])
            .join("；");
        out.push([sheet.name, String(r.number), ...row]);
      }
    } catch (e) {
      // A sheet that cannot be read is named with its row.
      if (e instanceof XlsxFault && e.row)
        throw new XlsxFault(e.row, `sheet ${sheet.name}: ${e.en}`, `工作表 ${sheet.name}：${e.zh}`);
      throw e;
    }
  return out;
}

/**
 * The first row where the workbook's cells and the derived ones differ. A derived text that looks
 * like one of Excel's `_xHHHH_` escapes is written escaped; an earlier gradedraw wrote it bare,
 * and such a workbook reads as Excel shows it (`A_x0041_B` as `AAB`), which is taken too.
 */
function firstDifference(a: string[][], b: string[][], lang: Lang): string | undefined {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (!sameRow(a[i], b[i]))
      return a[i]
        ? tr(lang, `sheet ${a[i][0]}, row ${a[i][1]}`, `工作表 ${a[i][0]} 第 ${a[i][1]} 行`)
        : tr(lang, `sheet ${b[i][0]}, row ${b[i][1]} missing`, `缺少工作表 ${b[i][0]} 第 ${b[i][1]} 行`);
  }
  return undefined;
}

function sameRow(recorded: string[] | undefined, derived: string[] | undefined): boolean {
  if (!recorded || !derived) return recorded === derived;
  if (recorded.length !== derived.length) return false;
  for (let k = 0; k < derived.length; k++)
    if (recorded[k] !== derived[k] && recorded[k] !== unescapeX(derived[k])) return false;
  return true;
}
