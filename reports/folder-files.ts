/**
 * The files of a draw's or a simulation's folder read for a report or a form: each refused, naming
 * it, where it cannot be read or is not what the folder's writer wrote.
 */
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { type Lang, tr, unreadable } from "../engine/lang.js";
import { InputError } from "../engine/problem.js";

/**
 * The rows of a CSV of such a folder, by its header's names; refused, naming the file (and the
 * line csv-parse stopped at), where it is not a CSV as a draw writes it or lacks one of `columns`.
 */
export function folderCsv(file: string, columns: readonly string[], lang: Lang): Record<string, string>[] {
  const rows = csvOf(file, readText(file, lang), lang, true) as Record<string, string>[];
  requireColumns(file, rows.length ? Object.keys(rows[0]) : folderCsvHeader(file, lang), columns, lang);
  return rows;
}

/** Refuses a CSV of such a folder whose header (its first line alone is read) lacks one of `columns`. */
export function requireCsvColumns(file: string, columns: readonly string[], lang: Lang): void {
  requireColumns(file, folderCsvHeader(file, lang), columns, lang);
}

function requireColumns(file: string, header: readonly string[], columns: readonly string[], lang: Lang) {
  const missing = columns.filter((c) => !header.includes(c));
  if (missing.length)
    refuse(file, tr(lang, `no column ${missing.join(", ")}`, `缺少列 ${missing.join("、")}`));
}

function folderCsvHeader(file: string, lang: Lang): string[] {
  return (csvOf(file, readText(file, lang).split("\n", 1)[0], lang, false)[0] as string[] | undefined) ?? [];
}

/** `text` of `file` parsed by csv-parse (by the header's names, or as lists); its failure refused. */
function csvOf(file: string, text: string, lang: Lang, columns: boolean): unknown[] {
  try {
    return parse(text, { bom: true, columns });
  } catch (e) {
    const { lines } = e as { lines?: number };
    // csv-parse's reason, without the cell it quotes at its end.
    const message = (e as Error).message.replace(/, value is [\s\S]*$/, "");
    throw new InputError([
      {
        file,
        line: typeof lines === "number" ? lines : 0,
        col: 0,
        message: tr(
          lang,
          `not a CSV file as a draw writes it (${message}): take the folder's file as published`,
          `不是抽取所写出的 CSV 文件（${message}）：请使用所发布文件夹中的原文件`,
        ),
      },
    ]);
  }
}

/** Refuses a file of a folder read for a report or form, naming it. */
export function refuse(file: string, message: string): never {
  throw new InputError([{ file, line: 0, col: 0, message }]);
}

/** A file of such a folder as text, or its refusal naming why it cannot be read. */
export function readText(file: string, lang: Lang): string {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    return refuse(file, unreadable(e, lang));
  }
}

/** A JSON file of such a folder, or its refusal naming why it cannot be read or parsed. */
export function readJson(file: string, lang: Lang): unknown {
  const text = readText(file, lang);
  try {
    return JSON.parse(text);
  } catch (e) {
    return refuse(
      file,
      tr(lang, `not valid JSON (${(e as Error).message})`, `不是有效的 JSON（${(e as Error).message}）`),
    );
  }
}
