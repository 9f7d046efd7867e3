import { Command, CommanderError, type Option } from "commander";
import type { Lang } from "../engine/lang.js";
import { VERSION } from "../engine/version.js";
import { type Cli, type Command as Cmd, failureDocument, type Io, langOf, processIo } from "./context.js";
import { allCommands, localiseHelp, localiseHelpText } from "./help-zh.js";
import { langOfArgv, missingOptionsMessage, usageMessage } from "./usage-messages.js";

type Register = (program: Cmd, cli: Cli) => void;

/**
 * Each command's module, in the order the help lists them. A module is loaded only when needed:
 * the command run loads its own (`gradedraw validate` does not load the draw's, the simulator's or
 * the workbooks' code, which would take most of its start), and the help that lists every command
 * loads them all.
 */
const COMMANDS: readonly (readonly [string, () => Promise<Register>])[] = [
  ["validate", async () => (await import("./commands/validate.js")).registerValidate],
  ["test", async () => (await import("./commands/test.js")).registerTest],
  ["diff", async () => (await import("./commands/diff.js")).registerDiff],
  ["explain", async () => (await import("./commands/explain.js")).registerExplain],
  ["classify", async () => (await import("./commands/classify.js")).registerClassify],
  ["results", async () => (await import("./commands/results.js")).registerResults],
  ["draw", async () => (await import("./commands/draw.js")).registerDraw],
  ["verify", async () => (await import("./commands/verify.js")).registerVerify],
  ["tickets", async () => (await import("./commands/tickets.js")).registerTickets],
  ["ledger", async () => (await import("./commands/ledger.js")).registerLedger],
  ["publish", async () => (await import("./commands/publish.js")).registerPublish],
  ["calendar", async () => (await import("./commands/calendar.js")).registerCalendar],
  ["calibrate", async () => (await import("./commands/calibrate.js")).registerCalibrate],
  ["simulate", async () => (await import("./commands/simulate.js")).registerSimulate],
  ["report", async () => (await import("./commands/report.js")).registerReport],
  ["demo", async () => (await import("./commands/demo.js")).registerDemo],
];

/**
 * The command `argv` runs, when it names one of gradedraw's before any option of the program but
 * `--lang` (`gradedraw --lang zh draw …`); undefined for the program's help or version, `help`,
 * no command or an unknown one, which need every command.
 */
export function commandRun(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--lang") i++;
    else if (!a.startsWith("--lang=")) return COMMANDS.some(([name]) => name === a) ? a : undefined;
  }
  return undefined;
}

/** The `gradedraw` command line, its help in the language of `argv`, ready to parse `argv`. */
export async function gradedrawProgram(
  argv: readonly string[],
  io: Io,
): Promise<{ program: Command; cli: Cli }> {
  const program = new Command("gradedraw");
  // Help and commander's messages come before any action: their language is the command line's.
  const argvLang = langOfArgv(argv);
  const run = commandRun(argv);
  let langOpt: string | undefined;
  // What a command prints on stdout is counted, so that a failure with --json prints its
  // problems as the one JSON document only where the command printed none.
  let printed = 0;
  const counted: Io = {
    ...io,
    out: (text) => {
      printed++;
      io.out(text);
    },
  };
  const cli: Cli = {
    io: counted,
    lang: () => langOf({ lang: langOpt }),
    helpLang: argvLang,
    exitCode: 0,
    printed: () => printed,
  };
  program
    .description(
      'Credit-graded "double random, one public" (双随机、一公开) inspection policies, draws and simulation',
    )
    .version(VERSION)
    .option(
      "--lang <lang>",
      "language of messages and reports: zh or en (default: from LANG, else the system's language)",
    )
    .hook("preAction", (cmd, actionCommand) => {
      langOpt = actionCommand.opts().lang ?? cmd.opts().lang;
      refuseMissingValues(actionCommand);
    })
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(localiseHelpText(s.replace(/\n$/, ""), argvLang)),
      writeErr: (s) => io.err(localiseHelpText(s.replace(/\n$/, ""), argvLang)),
      outputError: (s, write) => write(usageMessage(s, argvLang, { command: run, argv })),
    })
    .showHelpAfterError(false);
  const registers = await Promise.all(
    COMMANDS.filter(([name]) => run === undefined || name === run).map(([, load]) => load()),
  );
  for (const register of registers) register(program, cli);
  localiseHelp(program, argvLang);
  for (const c of allCommands(program)) {
    c.exitOverride().configureOutput(program.configureOutput());
    nameEveryMissingOption(c, argvLang);
  }
  return { program, cli };
}

/**
 * Refuses an option whose value is another option (`--db --help`, `--out --json`): commander takes
 * the word after an option that needs a value as its value, whatever it is, and the command ran
 * with a ledger or folder named `--help`; said as commander says a value left out. And a file or
 * folder given as empty or blanks (`--db ""`, a shell variable never set); the other options say
 * what an empty value of theirs means (an empty seed could not be typed again).
 */
function refuseMissingValues(c: Command): void {
  const flags = new Set(["-h", "--help", "-V", "--version"]);
  for (let p: Command | null = c; p; p = p.parent)
    for (const o of p.options) for (const f of [o.long, o.short]) if (f) flags.add(f);
  for (const o of c.options) {
    if (!o.required && !o.optional) continue;
    const v: unknown = c.getOptionValue(o.attributeName());
    const values = Array.isArray(v) ? v : [v];
    if (values.some((x) => typeof x === "string" && flags.has(x)))
      c.error(`error: option '${o.flags}' argument missing`, { code: "commander.optionMissingArgument" });
    if (/<(file|dir|path)>/.test(o.flags) && values.some((x) => typeof x === "string" && x.trim() === ""))
      c.error(`error: option '${o.flags}' has an empty value`, { code: "commander.invalidArgument" });
  }
}

/**
 * Makes a command name every required option its command line leaves out at once, where commander
 * names the first alone (`gradedraw draw --policy p.yaml` would otherwise be told five times).
 */
function nameEveryMissingOption(c: Command, lang: Lang): void {
  const own = c as Command & { missingMandatoryOptionValue?: (option: Option) => never };
  // A method of commander's own: where a version has it no more, its one-at-a-time message stays.
  if (typeof own.missingMandatoryOptionValue !== "function") return;
  own.missingMandatoryOptionValue = (option: Option) => {
    const missing = c.options.filter((o) => o.mandatory && c.getOptionValue(o.attributeName()) === undefined);
    const names = (missing.length ? missing : [option]).map((o) => o.flags);
    return c.error(`error: ${missingOptionsMessage(names, lang)}`, {
      code: "commander.missingMandatoryOptionValue",
    });
  };
}

/** Whether a command line asks for --json (before a `--` that ends its options). */
function jsonIn(argv: readonly string[]): boolean {
  const end = argv.indexOf("--");
  return (end < 0 ? argv : argv.slice(0, end)).includes("--json");
}

/** Runs the `gradedraw` command line and returns its exit status (0 ok, 1 failed check or bad input, 2 usage). */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const { program, cli } = await gradedrawProgram(argv, io);
  try {
    await program.parseAsync(["node", "gradedraw", ...argv]);
  } catch (e) {
    // Help and the version asked for end with 0; help shown for a command line without a command,
    // and every malformed command line, are usage errors.
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return 0;
      // A malformed command line asking for --json gets its one document too, as a command's own
      // usage errors do (help shown for no command is no such line).
      if (jsonIn(argv) && cli.printed() === 0 && !/help|version/.test(e.code))
        io.out(
          failureDocument([
            {
              message: usageMessage(e.message, langOfArgv(argv), { command: commandRun(argv), argv }).replace(
                /^gradedraw: /,
                "",
              ),
            },
          ]),
        );
      return 2;
    }
    io.err(`gradedraw: internal error: ${(e as Error).stack ?? String(e)}`);
    return 1;
  }
  return cli.exitCode;
}
