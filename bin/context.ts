import { Command } from "commander";
import { toCsv } from "../engine/csv.js";
import { excelChangesNote } from "../engine/csv-in-excel.js";
import { RuleConflictError } from "../engine/evaluate.js";
import { writeFileAtomic } from "../engine/files.js";
import { type Lang, resolveLang, tr } from "../engine/lang.js";
import { InputError, type Problem } from "../engine/problem.js";
import { storageProblem } from "../engine/store/storage-errors.js";
import { XLSX_MAX_ROWS } from "../engine/xlsx.js";
import { cutToWidth } from "../reports/text-table.js";

/** Where a command writes: stdout for results, stderr for messages. Swappable in tests. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  readonly isTTY: boolean;
  /**
   * Shows what a long command is doing, on one line of stderr rewritten in place, where stderr is
   * a terminal (nothing elsewhere: a log gets only the messages); "" takes the line away. Printing
   * anything else takes it away first. Absent: not shown.
   */
  status?(text: string): void;
}

/**
 * Whether a stream's reader has gone (`gradedraw classify … | head`): what is left to print is
 * dropped, and the command finishes its work and exits as it would have, rather than dying with
 * an EPIPE stack trace in the middle of it.
 */
function closedReader(stream: NodeJS.WriteStream): () => boolean {
  let closed = false;
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
    closed = true;
  });
  return () => closed;
}

const stdoutGone = closedReader(process.stdout);
const stderrGone = closedReader(process.stderr);

/** Whether stderr is a terminal that moves its cursor (not TERM=dumb), where a status line may be shown. */
const statusShown = Boolean(process.stderr.isTTY) && process.env.TERM !== "dumb";
/** The status line on the terminal now, if any. */
let status = "";

/** Takes the status line away (carriage return, erase to the end of the line), before other output. */
function clearStatus(): void {
  if (status === "" || stderrGone()) return;
  process.stderr.write("\r\x1b[K");
  status = "";
}

/** The process's own streams. */
export const processIo: Io = {
  out: (t) => {
    clearStatus();
    if (!stdoutGone()) process.stdout.write(`${t}\n`);
  },
  err: (t) => {
    clearStatus();
    if (!stderrGone()) process.stderr.write(`${t}\n`);
  },
  isTTY: Boolean(process.stdout.isTTY),
  status: (t) => {
    if (!statusShown || stderrGone()) return;
    // One line narrower than the terminal, which the next can rewrite: a control character (a
    // file name's line break or escape) is shown as "?".
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it replaces
    const shown = cutToWidth(t.replace(/[\u0000-\u001f\u007f]/g, "?"), (process.stderr.columns || 80) - 1);
    if (shown === status) return;
    clearStatus();
    if (shown !== "") process.stderr.write(shown);
    status = shown;
  },
};

/** A usage error: exit status 2. */
export class UsageError extends Error {}

/** Why a command failed: a problem at its place, or a message alone. */
export type Reason = Problem | { readonly message: string };

/** A check that failed or an input that is wrong, already explained to the user: exit status 1. */
export class Failed extends Error {
  /**
   * `message` is the failure's last line on stderr; `reasons`, said there before it, go with it in
   * the JSON document of a command given --json.
   */
  constructor(
    message: string,
    readonly reasons: readonly Reason[] = [],
  ) {
    super(message);
  }
}

/**
 * Refuses a list of `rows` data rows longer than one worksheet holds (a header besides), asking
 * for .csv instead; `what` names the list, as the subject of the message.
 */
export function fitsOneSheet(rows: number, what: { en: string; zh: string }, lang: Lang): void {
  if (rows > XLSX_MAX_ROWS - 1)
    throw new Failed(
      tr(
        lang,
        `${what.en} has ${rows} rows, more than a worksheet holds (${XLSX_MAX_ROWS - 1}): write it as .csv`,
        `${what.zh}有 ${rows} 行，超过一个工作表的容量（${XLSX_MAX_ROWS - 1} 行）：请写为 .csv`,
      ),
    );
}

/** What every command action gets: its streams, the language, and the exit status to set. */
export interface Cli {
  readonly io: Io;
  lang(): Lang;
  /** The language of help, from the command line as written (help comes before any action). */
  readonly helpLang: Lang;
  exitCode: number;
  /** How many times a command has printed on stdout so far. */
  printed(): number;
}

export { someOf } from "../engine/lang.js";

/**
 * Formats a located problem for stderr: `gradedraw: <what> (<where>)`. A workbook's row is said
 * with its sheet; a cell's column is named as the file's header writes it, with the column name
 * beside it where they differ.
 */
export function problemLine(p: Problem, lang: Lang = "en"): string {
  let where = [p.file, p.line ? p.line : "", p.col ? p.col : ""].filter((x) => x !== "").join(":");
  if (p.sheet) where += lang === "zh" ? `, 工作表“${p.sheet}”` : `, sheet ${p.sheet}`;
  if (p.record) where += lang === "zh" ? `, 第 ${p.record} 条记录` : `, record ${p.record}`;
  let column = "";
  // A header cell wrapped over two lines is named on one.
  const header = p.header?.replace(/\s+/g, " ");
  if (p.column)
    column =
      lang === "zh"
        ? `, “${header ?? p.column}”列`
        : `, column ${header ? `${header}, read as ${p.column}` : p.column}`;
  return `gradedraw: ${p.message} (${where}${column})`;
}

/** Wraps a command action: input errors print every problem and exit 1; usage errors exit 2. */
export function action<A extends unknown[]>(
  cli: Cli,
  fn: (...args: A) => Promise<number | undefined> | number | undefined,
) {
  return async (...args: A) => {
    const printedBefore = cli.printed();
    // A failure's problems, for the JSON document of a command given --json.
    let failed: readonly Reason[] = [];
    try {
      cli.exitCode = (await fn(...args)) ?? 0;
    } catch (e) {
      if (e instanceof InputError) {
        for (const p of e.problems) cli.io.err(problemLine(p, cli.lang()));
        failed = e.problems;
        cli.exitCode = 1;
      } else if (e instanceof UsageError) {
        cli.io.err(`gradedraw: ${e.message}`);
        failed = [{ message: e.message }];
        cli.exitCode = 2;
      } else if (e instanceof RuleConflictError) {
        // A tie of rules the policy's checks could not see (both decide by facts other than grade
        // and category): the policy's to mend, named by its file where the command was given one.
        const policy =
          e.file ??
          args.find((a): a is { policy: string } => typeof (a as { policy?: unknown })?.policy === "string")
            ?.policy;
        const problem = tieProblem(e, policy, cli.lang());
        cli.io.err("file" in problem ? problemLine(problem, cli.lang()) : `gradedraw: ${problem.message}`);
        failed = [problem];
        cli.exitCode = 1;
      } else if (e instanceof Failed) {
        if (e.message) cli.io.err(`gradedraw: ${e.message}`);
        failed = [...e.reasons, ...(e.message ? [{ message: e.message }] : [])];
        cli.exitCode = 1;
      } else {
        // SQLite's own failures (a full disk, a damaged file) are the ledger's, named by --db.
        const db = args.find((a): a is { db: string } => typeof (a as { db?: unknown })?.db === "string")?.db;
        const storage = storageProblem(e, cli.lang(), db);
        if (storage === undefined) throw e;
        const problem = { file: db ?? "", line: 0, col: 0, message: storage };
        cli.io.err(problemLine(problem, cli.lang()));
        failed = [problem];
        cli.exitCode = 1;
      }
      // --json promises one document on stdout: a command that failed before printing its own
      // prints its problems, as stderr says them.
      if (jsonAsked(args) && cli.printed() === printedBefore) cli.io.out(failureDocument(failed));
    } finally {
      cli.io.status?.("");
    }
  };
}

/** A tie of a policy's rules as a command's reason to fail: at the policy's file, where one is known. */
export function tieProblem(e: RuleConflictError, file: string | undefined, lang: Lang): Reason {
  const message = e.said(lang);
  return file === undefined ? { message } : { file, line: 0, col: 0, message };
}

/** The one JSON document of a command given --json that failed: its problems, as stderr says them. */
export function failureDocument(problems: readonly Reason[]): string {
  return JSON.stringify({ ok: false, problems }, null, 2);
}

/** Whether a command's options (its last argument but the Command) ask for --json. */
function jsonAsked(args: readonly unknown[]): boolean {
  return args.some((a) => typeof a === "object" && a !== null && (a as { json?: unknown }).json === true);
}

/** A new subcommand with the options every command shares. */
export function command(parent: Command, name: string, description: string): Command {
  return parent
    .command(name)
    .description(description)
    .option("--json", "print one machine-readable JSON document on stdout")
    .option(
      "--lang <lang>",
      "language of messages: zh or en (default: from LANG, else the system's language)",
    );
}

export { Command };

/** Parses `--lang`, falling back to LANG, then the system's language. */
export function langOf(opts: { lang?: string }): Lang {
  if (opts.lang !== undefined && opts.lang !== "zh" && opts.lang !== "en")
    throw new UsageError(`--lang must be zh or en, not '${opts.lang}' / --lang 只能是 zh 或 en`);
  return resolveLang(opts.lang);
}

/**
 * Writes a list for people to open as CSV (under a temporary name, renamed when complete), and
 * says the cells Excel would change on opening it (codes of digits alone, leading zeros).
 */
export function writeListCsv(
  cli: Cli,
  file: string,
  header: readonly string[],
  cells: readonly (readonly string[])[],
  lang: Lang,
): void {
  writeFileAtomic(file, toCsv(header, cells), lang);
  const excel = excelChangesNote(file, header, cells, lang);
  if (excel) cli.io.err(excel);
}
