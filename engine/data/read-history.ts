/** The readers of inspection history and of inspection results. */
import { type Lang, someOf, tr } from "../lang.js";
import { today } from "../period.js";
import { InputError } from "../problem.js";
import { kindOf } from "./cell-words.js";
import { controlRefused, dateCell, excelScientificIds, noticesOf, unique, usccCell } from "./read-cells.js";
import type { ReadOptions, ReadResult } from "./read-options.js";
import type { HistoryEntry, InspectionKind, ResultRecord } from "./records.js";
import {
  codesMeantBy,
  findResultCode,
  inconsistency,
  nearestResultCode,
  type ResultCode,
} from "./result-codes.js";
import type { Row } from "./row-cursor.js";
import { readKind } from "./row-reader.js";
import { rowsSaid } from "./rows.js";
import { hasHan, joinedParts, parseList } from "./values.js";

function kindCell(r: Row): InspectionKind | undefined {
  const k = r.text("kind");
  if (!k) return "random";
  const kind = kindOf(k);
  if (!kind && ROUTINE.test(k))
    r.bad(
      "kind",
      `inspection kind '${k}' is a routine inspection, which is none of random, joint, targeted or complaint: write targeted where it was not drawn by lot, random where it was (any kind counts towards a cap)`,
      `检查类型“${k}”是日常检查，不属于 random/随机、joint/联合、targeted/专项、complaint/投诉举报：未经随机抽取的请写 targeted（专项），经随机抽取的请写 random（随机）（任何类型的检查都计入频次上限）`,
    );
  else if (!kind)
    r.bad(
      "kind",
      `unknown inspection kind '${k}' (expected random, joint, targeted or complaint)`,
      `未知检查类型“${k}”（应为 random/随机、joint/联合、targeted/专项、complaint/投诉举报）`,
    );
  return kind;
}

/** Words for a routine inspection (日常检查, 日常监督检查, 例行检查, 巡查): none of the four kinds; told which to write. */
const ROUTINE = /日常|例行|巡查|巡检|routine/i;

/**
 * Why a result is not a code, and what to write: the code a word for a result means (合格 → 未发现问题,
 * in the file's way of writing codes: `none` for an English word), the codes a finding is written
 * as (有问题), or the code it most likely misspells (未发现问提).
 */
function unknownCode(part: string): { en: string; zh: string } {
  // 发现问题已责令改正/发现问题已移送相关部门处理: codes joined with a mark that separates none.
  const joined = joinedParts(part, false);
  if (joined.length > 1 && joined.every((x) => findResultCode(x)))
    return {
      en: `unknown result code '${part}': findings in one cell are separated by ';': write '${joined.join(";")}'`,
      zh: `未知检查结果代码“${part}”：同一单元格中的多项结果请用“;”分隔：请写“${joined.join(";")}”`,
    };
  const meant = codesMeantBy(part);
  const written = (c: ResultCode) => (hasHan(part) ? c.zh : c.id);
  if (meant.length === 1)
    return {
      en: `unknown result code '${part}': the code for "${meant[0].en}" is '${written(meant[0])}'`,
      zh: `未知检查结果代码“${part}”：如指${meant[0].zh}，请写“${written(meant[0])}”`,
    };
  if (meant.length)
    return {
      en: `unknown result code '${part}': a problem found is written with what was done about it: ${meant.map((c) => `'${written(c)}' (${c.en})`).join(", ")}`,
      zh: `未知检查结果代码“${part}”：发现问题时须写明处理情况：${meant.map((c) => `“${written(c)}”`).join("、")}`,
    };
  const near = nearestResultCode(part);
  if (near)
    return {
      en: `unknown result code '${part}' (did you mean '${near}'?)`,
      zh: `未知检查结果代码“${part}”（是否想写“${near}”？）`,
    };
  return {
    en: `unknown result code '${part}' (gradedraw results import --help lists the codes)`,
    zh: `未知检查结果代码“${part}”（代码列表见 gradedraw results import --help）`,
  };
}

/** What separates the codes of a result cell for certain: not a comma, which an English gloss has. */
const RESULT_SEPARATORS = /[;；、\r\n]/;

/**
 * The codes written in a result cell, or the first part that is none. Commas separate codes only
 * where every piece is one: an English gloss has one (problem found, ordered to correct), and so
 * has a sentence written for a result (经检查，已整改), which is told as a whole.
 */
function resultCodes(cell: string): ResultCode[] | { unknown: string } {
  const codes: ResultCode[] = [];
  for (const part of parseList(cell, RESULT_SEPARATORS)) {
    const code = findResultCode(part);
    const pieces = code ? [code] : parseList(part).map(findResultCode);
    if (!pieces.length || pieces.some((c) => c === undefined)) return { unknown: part };
    for (const c of pieces as ResultCode[]) if (!codes.includes(c)) codes.push(c);
  }
  return codes;
}

function resultCell(r: Row, required: boolean): string[] | undefined {
  const t = r.text("result");
  if (!t) {
    if (required) r.bad("result", "the result is empty", "检查结果为空");
    return required ? undefined : [];
  }
  const codes = resultCodes(t);
  if (!Array.isArray(codes)) {
    const { en, zh } = unknownCode(codes.unknown);
    r.bad("result", en, zh);
    return undefined;
  }
  const why = inconsistency(codes);
  if (why) {
    r.bad("result", why.en, why.zh);
    return undefined;
  }
  return codes.map((c) => c.id);
}

/** Reads the inspection history that caps and history facts count. */
export async function readHistory(file: string, opts: ReadOptions = {}): Promise<ReadResult<HistoryEntry>> {
  const normalised = { count: 0 };
  // An inspection dated after today has not been made: most often a mistyped year, which no cap counts.
  const day = today();
  const future: { row: number; sheet: string | undefined }[] = [];
  const { records, ignored, notices } = await readKind<HistoryEntry>("history", file, opts, (r) => {
    const uscc = usccCell(r, "uscc", normalised);
    const date = dateCell(r, "date", true);
    const kind = kindCell(r);
    const result = resultCell(r, false);
    if (!uscc || !date || !kind || !result) return undefined;
    if (date > day) future.push({ row: r.row, sheet: r.sheet });
    return { uscc, date, department: r.text("department"), kind, result };
  });
  const lang = opts.lang ?? "en";
  const rows = rowsSaid(future);
  const later = future.length
    ? [
        tr(
          lang,
          `note: ${future.length} inspection(s) of ${file} are dated after today (${day}), at row(s) ${someOf(rows.en, "en")}: an inspection not yet made counts towards no cap; check the dates (a mistyped year?)`,
          `提示：${file} 中有 ${future.length} 条检查记录的日期晚于今天（${day}），见第 ${someOf(rows.zh, "zh")} 行：尚未进行的检查不计入频次上限；请核对日期（年份是否写错？）`,
        ),
      ]
    : [];
  return {
    records,
    notices: [...notices, ...later, ...noticesOf("history", file, opts, normalised.count, ignored)],
  };
}

/** Reads inspection results to record (检查结果). */
export async function readResults(
  file: string,
  opts: ReadOptions = {},
): Promise<
  ReadResult<ResultRecord> & {
    rows: number[];
    /** Each record's sheet, where several sheets are read as one list (--sheet all). */
    sheets: readonly (string | undefined)[];
    unreported: { readonly row: number; readonly sheet: string | undefined }[];
    /** Where a column is, as the file's header writes it, for the problems the store finds. */
    place: (column: string) => { col: number; header?: string };
  }
> {
  const normalised = { count: 0 };
  // Rows of a results template whose visit is not reported yet: neither a date nor a result.
  const unreported: { row: number; sheet: string | undefined }[] = [];
  /** Whether a row was filled in (read, or refused for what it says). */
  let filledIn = false;
  /** The date column's header as the file writes it (检查日期 of a form in Chinese). */
  let dateHeader: string | undefined;
  const lang = opts.lang ?? "en";
  const { records, ignored, notices, lines, sheets, place } = await readKind<ResultRecord>(
    "results",
    file,
    opts,
    (r) => {
      if (!r.text("date") && !r.text("result")) {
        unreported.push({ row: r.row, sheet: r.sheet });
        dateHeader ??= r.headerOf("date");
        return undefined;
      }
      filledIn = true;
      const uscc = usccCell(r, "uscc", normalised);
      const date = dateCell(r, "date", true);
      const department = r.word("department");
      if (!department) r.bad("department", "the department is empty", "检查部门为空");
      const item = r.word("item");
      if (!item) r.bad("item", "the inspection item is empty", "检查事项为空");
      controlRefused(
        r,
        "item",
        item ?? "",
        { en: "the inspection item", zh: "检查事项" },
        { en: "item code", zh: "事项编码" },
      );
      const kind = kindCell(r);
      const result = resultCell(r, true);
      if (!uscc || !date || !kind || !result) return undefined;
      const task = r.text("task");
      const inspectors = parseList(r.word("inspectors"));
      if (excelScientificIds(r, "inspectors", inspectors)) return undefined;
      return {
        uscc,
        date,
        department,
        item,
        kind,
        result,
        inspectors,
        ...(task ? { task } : {}),
      };
    },
    (records, rows, problem, named) => {
      // A form none of whose rows is filled in is told so, not that it has no rows.
      const first = unreported[0];
      if (!filledIn && first)
        throw new InputError([
          {
            file,
            line: first.row,
            col: 0,
            column: "date",
            ...(dateHeader === undefined || dateHeader === "date" ? {} : { header: dateHeader }),
            ...(first.sheet === undefined ? {} : { sheet: first.sheet }),
            message: tr(
              lang,
              `no row is filled in: the ${unreported.length} row(s) have neither a date nor a result (visits not reported yet); fill in the date and result of each visit made`,
              `没有填写任何一行：${unreported.length} 行均既无检查日期也无检查结果（视为尚未报告的检查）；请填写已检查企业的检查日期和检查结果`,
            ),
          },
        ]);
      unique((x: ResultRecord) => `${x.uscc}|${x.date}|${x.department}|${x.item}`, "item", {
        en: "result for enterprise, date, department and item",
        zh: "同一企业、日期、部门和事项的结果",
      })(records, rows, problem, named);
    },
  );
  // The line of each record, for what the store finds wrong with it later (a contradicted result);
  // the rows left out as not reported yet.
  return {
    records,
    rows: lines,
    sheets,
    place,
    unreported,
    notices: [
      ...notices,
      ...noticesOf("results", file, opts, normalised.count, ignored),
      ...unreportedNotice(unreported, file, lang),
    ],
  };
}

/** The rows left out as visits not reported yet (a results template's rows not filled in). */
function unreportedNotice(
  rows: readonly { readonly row: number; readonly sheet: string | undefined }[],
  file: string,
  lang: Lang,
): string[] {
  if (!rows.length) return [];
  const said = rowsSaid(rows);
  return [
    tr(
      lang,
      `note: ${rows.length} row(s) have neither a date nor a result, at row(s) ${someOf(said.en, "en")}: visits not reported yet, left out (${file})`,
      `提示：${rows.length} 行既无检查日期也无检查结果，见第 ${someOf(said.zh, "zh")} 行：视为尚未报告的检查，未录入（${file}）`,
    ),
  ];
}
