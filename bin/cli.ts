import { Command, CommanderError } from "commander";
import { VERSION } from "../engine/version.js";
import { registerClassify } from "./commands/classify.js";
import { registerDemo } from "./commands/demo.js";
import { registerDiff } from "./commands/diff.js";
import { registerDraw } from "./commands/draw.js";
import { registerExplain } from "./commands/explain.js";
import { registerLedger } from "./commands/ledger.js";
import { registerPublish } from "./commands/publish.js";
import { registerReport } from "./commands/report.js";
import { registerResults } from "./commands/results.js";
import { registerSimulate } from "./commands/simulate.js";
import { registerTest } from "./commands/test.js";
import { registerTickets } from "./commands/tickets.js";
import { registerValidate } from "./commands/validate.js";
import { registerVerify } from "./commands/verify.js";
import { type Cli, type Io, langOf, processIo } from "./context.js";
import { allCommands, localiseHelp, localiseHelpText } from "./help-zh.js";
import { langOfArgv, usageMessage } from "./usage-messages.js";

/** The `gradedraw` command line, its help in the language of `argv`, ready to parse `argv`. */
export function gradedrawProgram(argv: readonly string[], io: Io): { program: Command; cli: Cli } {
  const program = new Command("gradedraw");
  // Help and commander's messages come before any action: their language is the command line's.
  const argvLang = langOfArgv(argv);
  let langOpt: string | undefined;
  const cli: Cli = { io, lang: () => langOf({ lang: langOpt }), exitCode: 0 };
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
    })
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(localiseHelpText(s.replace(/\n$/, ""), argvLang)),
      writeErr: (s) => io.err(localiseHelpText(s.replace(/\n$/, ""), argvLang)),
      outputError: (s, write) => write(usageMessage(s, argvLang)),
    })
    .showHelpAfterError(false);
  for (const register of [
    registerValidate,
    registerTest,
    registerDiff,
    registerExplain,
    registerClassify,
    registerResults,
    registerDraw,
    registerVerify,
    registerTickets,
    registerLedger,
    registerPublish,
    registerSimulate,
    registerReport,
    registerDemo,
  ])
    register(program, cli);
  localiseHelp(program, argvLang);
  for (const c of allCommands(program)) c.exitOverride().configureOutput(program.configureOutput());
  return { program, cli };
}

/** Runs the `gradedraw` command line and returns its exit status (0 ok, 1 failed check or bad input, 2 usage). */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const { program, cli } = gradedrawProgram(argv, io);
  try {
    await program.parseAsync(["node", "gradedraw", ...argv]);
  } catch (e) {
    // Help and the version asked for end with 0; help shown for a command line without a command,
    // and every malformed command line, are usage errors.
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    io.err(`gradedraw: internal error: ${(e as Error).stack ?? String(e)}`);
    return 1;
  }
  return cli.exitCode;
}
