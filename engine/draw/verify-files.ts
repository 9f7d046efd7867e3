/**
 * How verify compares each output file of a draw folder with the one it derives: the manifest
 * field by field and the task workbook cell by cell, a row at a time (the CSV lists: see
 * verify-text).
 */
import { existsSync } from "node:fs";
import { canonicalJson } from "../canonical.js";
import { openWorkbook, XlsxFault } from "../data/xlsx-sheets.js";
import { unescapeX } from "../data/xlsx-text.js";
import { type Lang, tr, unreadable } from "../lang.js";
import type { Policy } from "../policy/types.js";
import { isIndividualBusiness } from "../privacy.js";
import { listsAddresses } from "./algorithm.js";
import type { DrawOutcome } from "./draw.js";
import { DRAW_FILES } from "./layout.js";
import { ADDRESS_HEADER, TASK_HEADERS, type TaskSheet, TEAM_HEADER, taskSheets } from "./outputs.js";
import { cellsSaid } from "./verify-cells.js";
import { notRead } from "./verify-text.js";

/** The columns of tasks.xlsx that say whose a row is: the code, and the name (a person's, masked in messages). */
const [, USCC_HEADER, NAME_HEADER] = TASK_HEADERS;

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
  if (!existsSync(tasksFile)) return notRead(DRAW_FILES.tasks, undefined, lang);
  const loaded = { policy, file: "", hash: "" };
  let sheets = taskSheets(outcome, loaded, new Map(), undefined, listsAddresses(algorithm) !== false);
  try {
    // A draw of /2 made before the address column came has none: its first row says which.
    if (listsAddresses(algorithm) === undefined && sheets[0]?.header.includes(ADDRESS_HEADER)) {
      let first: string[] | undefined;
      for await (const row of xlsxCells(tasksFile, sheets[0].header, lang)) {
        first = row;
        break;
      }
      if (!first?.includes(ADDRESS_HEADER)) sheets = taskSheets(outcome, loaded, new Map(), undefined, false);
    }
    // The operators whose names trade names hold: such a name is said masked, as it is published.
    const operators = new Map(outcome.selected.flatMap((s) => (s.operator ? [[s.uscc, s.operator]] : [])));
    const diff = await firstDifference(
      xlsxCells(tasksFile, sheets[0]?.header ?? TASK_HEADERS, lang),
      sheets,
      operators,
      lang,
    );
    return (
      diff &&
      t(
        `${DRAW_FILES.tasks} differs from the derived draw (${diff})`,
        `${DRAW_FILES.tasks} 与重新推导的结果不同（${diff}）`,
      )
    );
  } catch (e) {
    if (!(e instanceof Unread)) throw e;
    return notRead(DRAW_FILES.tasks, e.why, lang);
  }
}

/** The workbook cannot be read, and why: thrown by xlsxCells, so nothing else is said to be that. */
class Unread {
  constructor(readonly why: string) {}
}

/**
 * Every cell of every sheet, a row at a time, as many columns as the derived `header` has, read
 * as the readers read workbooks; the team column keeps only inspector ids (names are not part of
 * the draw).
 */
async function* xlsxCells(file: string, header: readonly string[], lang: Lang): AsyncGenerator<string[]> {
  const team = header.indexOf(TEAM_HEADER);
  let sheet = "";
  try {
    for (const s of await openWorkbook(file)) {
      sheet = s.name;
      for await (const r of s.rows()) {
        const row = Array.from({ length: header.length }, (_, i) => String(r.values[i] ?? ""));
        if (r.number > 1 && team >= 0)
          row[team] = row[team]
            .split("；")
            .map((x) => x.split(" ")[0])
            .join("；");
        yield [s.name, String(r.number), ...row];
      }
    }
  } catch (e) {
    // A sheet that cannot be read is named with its row.
    if (e instanceof XlsxFault)
      throw new Unread(
        sheet && e.row
          ? tr(lang, `sheet ${sheet}: ${e.en} (row ${e.row})`, `工作表 ${sheet}：${e.zh}（第 ${e.row} 行）`)
          : e.row
            ? tr(lang, `${e.en} (row ${e.row})`, `${e.zh}（第 ${e.row} 行）`)
            : tr(lang, e.en, e.zh),
      );
    throw new Unread((e as NodeJS.ErrnoException).code ? unreadable(e, lang) : (e as Error).message);
  }
}

/** The derived sheets' cells a row at a time, as xlsxCells gives the workbook's. */
function* sheetCells(sheets: readonly TaskSheet[]): Generator<string[]> {
  for (const sheet of sheets) {
    yield [sheet.name, "1", ...sheet.header];
    let number = 2;
    for (const row of sheet.rows()) yield [sheet.name, String(number++), ...row.map((v) => String(v))];
  }
}

/**
 * The first row where the workbook's cells and the derived sheets' differ. The workbook is read to
 * its end all the same, so one that cannot be read past a difference is said to be unreadable.
 * A derived text that looks like one of Excel's `_xHHHH_` escapes is written escaped; an earlier
 * gradedraw wrote it bare, and such a workbook reads as Excel shows it (`A_x0041_B` as `AAB`),
 * which is taken too.
 */
async function firstDifference(
  recorded: AsyncIterable<string[]>,
  sheets: readonly TaskSheet[],
  operators: ReadonlyMap<string, string>,
  lang: Lang,
): Promise<string | undefined> {
  const derived = sheetCells(sheets);
  let diff: string | undefined;
  for await (const row of recorded) {
    if (diff !== undefined) continue;
    const d = derived.next();
    if (d.done || !sameRow(row, d.value)) {
      // Where the row is the derived one's, of the same sheet: the first cell that differs, under its column.
      const sheet = sheets.find((s) => s.name === row[0]);
      const its = d.done || row[0] !== d.value[0] || row[1] !== d.value[1] ? undefined : d.value;
      const k = its ? firstCell(row, its) : -1;
      diff =
        its && sheet && k >= 2
          ? cellDifference(row, its, sheet.header, k, operators, lang)
          : tr(lang, `sheet ${row[0]}, row ${row[1]}`, `工作表 ${row[0]} 第 ${row[1]} 行`);
    }
  }
  if (diff !== undefined) return diff;
  const d = derived.next();
  return d.done
    ? undefined
    : tr(
        lang,
        `sheet ${d.value[0]}, row ${d.value[1]} missing`,
        `缺少工作表 ${d.value[0]} 第 ${d.value[1]} 行`,
      );
}

/**
 * The cell `k` of a row (sheet, row number, then the header's cells) that differs from the derived
 * one, said with both texts (an enterprise's name as {@link cellsSaid} says it, with its operator
 * from `operators`, those the derived draw's trade names hold); an individual
 * business's address, often where its operator lives, only said to differ (SPEC §8: no input
 * echoed beyond what a message needs).
 */
function cellDifference(
  row: readonly string[],
  its: readonly string[],
  header: readonly string[],
  k: number,
  operators: ReadonlyMap<string, string>,
  lang: Lang,
): string {
  const column = header[k - 2];
  const uscc = its[2 + header.indexOf(USCC_HEADER)];
  const cell =
    column === NAME_HEADER
      ? { recorded: row[k], derived: its[k], uscc, operator: operators.get(uscc) }
      : { recorded: row[k], derived: its[k] };
  const said = (language: Lang) =>
    column === ADDRESS_HEADER && isIndividualBusiness(uscc)
      ? tr(
          language,
          "an individual business's address, not shown, differs from the derived one",
          "个体工商户的住所（不予显示）与重新推导的不同",
        )
      : cellsSaid(cell, language);
  return tr(
    lang,
    `sheet ${row[0]}, row ${row[1]}, column ${column}: ${said("en")}`,
    `工作表 ${row[0]} 第 ${row[1]} 行 ${column} 列：${said("zh")}`,
  );
}

function sameRow(recorded: readonly string[], derived: readonly string[]): boolean {
  return recorded.length === derived.length && firstCell(recorded, derived) < 0;
}

/** The first cell of two rows of one length that differs (see firstDifference), or -1. */
function firstCell(recorded: readonly string[], derived: readonly string[]): number {
  if (recorded.length !== derived.length) return -1;
  for (let k = 0; k < derived.length; k++)
    if (recorded[k] !== derived[k] && recorded[k] !== unescapeX(derived[k])) return k;
  return -1;
}
