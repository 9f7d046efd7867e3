import { type ReadOptions, readEnterprises, readHistory } from "../../engine/data/read.js";
import type { Enterprise } from "../../engine/data/records.js";
import type { ReadResult } from "../../engine/data/row-reader.js";
import { HistoryIndex, visits } from "../../engine/history.js";
import type { Cli, Command } from "../context.js";

/** Adds the options of every command that reads tabular files. */
export function dataOptions(cmd: Command): Command {
  return cmd
    .option("--encoding <enc>", "force the encoding of CSV files (utf8, gb18030, gbk); default: detected")
    .option("--sheet <sheet>", "sheet of XLSX files, by name or number; default: the first with a header");
}

/** Reader options from command options. */
export function readOptions(cli: Cli, opts: { encoding?: string; sheet?: string }): ReadOptions {
  return { lang: cli.lang(), encoding: opts.encoding, sheet: opts.sheet };
}

/** Prints what reading a file noticed (normalised codes, columns not read, the sheet read) on stderr. */
export function sayNotices(cli: Cli, notices: readonly string[]): void {
  for (const n of notices) cli.io.err(`gradedraw: ${n}`);
}

/** The records read from a file, its notices printed on stderr. */
export function recordsOf<T>(cli: Cli, read: ReadResult<T>): T[] {
  sayNotices(cli, read.notices);
  return read.records;
}

/** Reads the enterprises, printing notices (e.g. normalised codes) on stderr. */
export async function enterprisesFrom(cli: Cli, file: string, opts: ReadOptions): Promise<Enterprise[]> {
  return recordsOf(cli, await readEnterprises(file, opts));
}

/** Reads the history file, if any, into an index. */
export async function historyFrom(
  cli: Cli,
  file: string | undefined,
  opts: ReadOptions,
): Promise<HistoryIndex> {
  if (!file) return new HistoryIndex();
  return new HistoryIndex(visits(recordsOf(cli, await readHistory(file, opts))));
}
