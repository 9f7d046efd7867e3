import { existsSync } from "node:fs";
import { type ReadOptions, readEnterprises, readHistory } from "../../engine/data/read.js";
import type { ReadResult } from "../../engine/data/read-options.js";
import type { Enterprise, HistoryEntry } from "../../engine/data/records.js";
import { unknownDepartments } from "../../engine/draw/request.js";
import { HistoryIndex, visits } from "../../engine/history.js";
import { firstDate, historySpanNotice, type KnownSpan } from "../../engine/history-span.js";
import { type Lang, tr } from "../../engine/lang.js";
import { periodContaining } from "../../engine/period.js";
import { policyDepartments } from "../../engine/plan.js";
import type { Cadence, LoadedPolicy, Policy } from "../../engine/policy/types.js";
import { DEFAULT_DB, openDbToRead } from "../../engine/store/db.js";
import { ledgerState, openVisitCount } from "../../engine/store/ledger-state.js";
import { recordedVisits, storeResultEntries } from "../../engine/store/result-reads.js";
import { type Cli, type Command, Failed } from "../context.js";
import { noLedgerYet } from "../ledger-access.js";
import { departmentsList } from "../options.js";
import { StatusLine } from "../progress.js";

/** Adds the options of every command that reads tabular files. */
export function dataOptions(cmd: Command): Command {
  return cmd
    .option(
      "--encoding <enc>",
      "force the encoding of CSV, JSON and NDJSON files (utf8, gb18030, gbk); default: detected",
    )
    .option(
      "--sheet <sheet>",
      "sheet of XLSX files, by name or number, or all: every sheet with a header, as one list; default: the first with a header",
    );
}

/** Reader options from command options. */
export function readOptions(cli: Cli, opts: { encoding?: string; sheet?: string }): ReadOptions {
  return { lang: cli.lang(), encoding: opts.encoding, sheet: opts.sheet };
}

/** The status line of a command (see StatusLine): a large file takes a while to read. */
export function statusOf(cli: Cli): StatusLine {
  return new StatusLine(cli.io, cli.lang());
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

/**
 * Reads the enterprises, printing notices (e.g. normalised codes) on stderr; of their other columns
 * only the declared facts and the address, which is all a command reads of them.
 */
export async function enterprisesFrom(cli: Cli, file: string, opts: ReadOptions): Promise<Enterprise[]> {
  return recordsOf(
    cli,
    await readEnterprises(file, { ...opts, onlyUsedColumns: true, onRows: statusOf(cli).reading(file) }),
  );
}

/**
 * Reads the history file, if any, into an index, by visit; with the ledger's results and its
 * draws' visits not yet inspected, as a draw reads them (see runDraw), when a ledger is given.
 */
async function historyFrom(
  cli: Cli,
  file: string | undefined,
  opts: ReadOptions,
  ledger?: LedgerView,
): Promise<{ index: HistoryIndex; known?: KnownSpan; rows: HistoryEntry[] }> {
  const rows = file
    ? recordsOf(cli, await readHistory(file, { ...opts, onRows: statusOf(cli).reading(file) }))
    : [];
  const known = rows.length ? { first: firstDate(rows), count: rows.length } : undefined;
  if (!ledger) return { index: new HistoryIndex(visits(rows)), known, rows };
  return {
    index: new HistoryIndex([...visits([...rows, ...ledger.results]), ...ledger.planned]),
    known,
    rows,
  };
}

/**
 * What a draw on `date` would count as inspections (the history file's and the ledger's, see
 * {@link historyFrom}) and the ledger it read, for the commands that show what a draw would see;
 * with the first date of the history file and how many inspections it holds, where one is given.
 * Of the enterprise `only` (one explained), the ledger's results are read of it alone: a ledger of
 * some years holds hundreds of thousands.
 */
export async function drawHistory(
  cli: Cli,
  opts: { history?: string; db?: string },
  date: string,
  cadence: Cadence,
  read: ReadOptions,
  only?: string,
): Promise<{ history: HistoryIndex; ledger?: LedgerView; known?: KnownSpan; rows: HistoryEntry[] }> {
  const ledger = ledgerView(opts.db, date, cadence, read.lang ?? "en", only);
  // The default ledger is read if it exists; one named by --db that does not is said.
  if (!ledger && opts.db !== undefined) cli.io.err(noLedgerYet(opts.db, read.lang ?? "en"));
  const { index, known, rows } = await historyFrom(cli, opts.history, read, ledger);
  return { history: index, ledger, known, rows };
}

/**
 * Says, of what {@link drawHistory} read (the history file's first inspection, the ledger's
 * results), a history not reaching back to the first day the caps count (see historySpanNotice);
 * of the treatment `only`'s cap alone where given (an enterprise explained).
 */
export function sayHistorySpan(
  cli: Cli,
  policy: Policy,
  date: string,
  file: string | undefined,
  read: { readonly known?: KnownSpan; readonly ledger?: LedgerView },
  lang: Lang,
  only?: string,
): void {
  const recorded = read.ledger?.recorded;
  const planned = read.ledger?.planned ?? [];
  const span = historySpanNotice(
    policy,
    date,
    file ? { name: file, ...read.known } : undefined,
    recorded?.first === undefined ? undefined : { first: recorded.first, count: recorded.count },
    lang,
    only,
    (from) => planned.filter((p) => p.date >= from && p.date <= date).length,
  );
  if (span) sayNotices(cli, [span]);
}

/** The option of the commands that show what a draw would see: the ledger it would read. */
export function ledgerOption(cmd: Command): Command {
  return cmd.option(
    "--db <file>",
    `the ledger database, read as a draw reads it: its results, its draws' visits and the enterprises exclusive treatments took (default ${DEFAULT_DB}; read only if it exists, and one given that does not is said)`,
  );
}

/** What a draw reads from the ledger besides its files (see ledgerState). */
export interface LedgerView {
  readonly file: string;
  /** The period whose exclusive draws count. */
  readonly period: string;
  /**
   * Recorded inspection results, one per result (merged into visits with the history file's, see
   * historyFrom): of one enterprise, where one is explained (see drawHistory).
   */
  readonly results: HistoryEntry[];
  /** How many visits the recorded results make, all of them, and the day of the first (see recordedVisits). */
  readonly recorded: { readonly count: number; readonly first?: string };
  /**
   * Visits of live draws not yet made, on their planned dates: of the enterprise explained alone,
   * where one is (see drawHistory).
   */
  readonly planned: HistoryEntry[];
  /** How many visits of live draws are not yet made: all of the ledger's. */
  readonly drawnNotMade: number;
  /** Enterprises an exclusive treatment took in the period. */
  readonly exclusiveTaken: ReadonlySet<string>;
}

/**
 * The ledger as a draw on `date` would read it (its period the policy's cadence's period holding
 * the date), or undefined when there is no ledger file: a draw then reads none either.
 */
function ledgerView(
  file: string = DEFAULT_DB,
  date: string,
  cadence: Cadence,
  lang: Lang,
  only?: string,
): LedgerView | undefined {
  if (!existsSync(file)) return undefined;
  const db = openDbToRead(file, lang);
  try {
    const period = periodContaining(date, cadence).label;
    const state = ledgerState(db, period, 0, only);
    return {
      file,
      period,
      results: storeResultEntries(db, only),
      recorded: recordedVisits(db),
      planned: state.history,
      drawnNotMade: only === undefined ? state.history.length : openVisitCount(db),
      exclusiveTaken: new Set(state.exclusiveTaken),
    };
  } finally {
    db.close();
  }
}

/** What was read from the ledger, for --json (null without a ledger). */
export function ledgerJson(ledger: LedgerView | undefined) {
  if (!ledger) return null;
  return {
    file: ledger.file,
    period: ledger.period,
    inspections: ledger.recorded.count,
    drawnNotMade: ledger.drawnNotMade,
    exclusiveTaken: [...ledger.exclusiveTaken].sort(),
  };
}

/** One line on what was read from the ledger, for the text output; nothing without a ledger. */
export function ledgerLine(ledger: LedgerView | undefined, lang: Lang): string[] {
  if (!ledger) return [];
  const { file, period, recorded, drawnNotMade, exclusiveTaken } = ledger;
  return [
    tr(
      lang,
      `ledger ${file}: ${recorded.count} inspection(s) recorded, ${drawnNotMade} drawn visit(s) not yet made, ${exclusiveTaken.size} enterprise(s) taken by an exclusive treatment in ${period}`,
      `台账 ${file}：已记录检查 ${recorded.count} 次，已抽取尚未检查 ${drawnNotMade} 次，${period} 被独占抽取企业 ${exclusiveTaken.size} 家`,
    ),
  ];
}

/** The option of the commands that show what a task's draw would see: the task's departments. */
export function departmentsOption(cmd: Command): Command {
  return cmd.option(
    "--departments <list>",
    "departments of the task, separated by , ; or 、 (default: every department of the policy's items)",
  );
}

/**
 * The task's departments `--departments` gives, or every department of the policy's items. One the
 * policy does not have is refused, as a draw refuses it, before anything is read: such a task
 * plans nothing.
 */
export function taskDepartments(given: string | undefined, lp: LoadedPolicy, lang: Lang): string[] {
  const known = policyDepartments(lp.policy);
  const asked = departmentsList(given, lang);
  const unknown = unknownDepartments(asked ?? [], known, lang);
  if (unknown) throw new Failed(`${unknown} (${lp.file})`);
  return asked ?? known;
}
