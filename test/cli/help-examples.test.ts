import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { gradedrawProgram } from "../../bin/cli.js";
import { allCommands } from "../../bin/help-zh.js";
import { inUsersFolder, shellWords } from "../helpers/doc-commands.js";
import { runCli } from "../helpers/run-cli.js";

/** A command's words after `gradedraw` (`draw cancel`). */
function pathOf(c: Command): string[] {
  const words: string[] = [];
  for (let at: Command | null = c; at?.parent; at = at.parent) words.unshift(at.name());
  return words;
}

/** The example a command's help prints, as the words a shell would pass. */
function exampleWords(help: string): string[] | undefined {
  const at = help.indexOf("\nExample:\n");
  return at < 0 ? undefined : shellWords(help.slice(at + "\nExample:\n".length));
}

/** The examples in the order a new user follows them: a draw before its verify, results and publication, the simulation before its report. */
const WALKTHROUGH = [
  "validate",
  "test",
  "diff",
  "explain",
  "classify",
  "draw",
  "verify",
  "results template",
  "results import",
  "results withdraw",
  "results corrections",
  "results history",
  "calendar template",
  "calendar import",
  "calendar list",
  "publish",
  "ledger verify",
  "ledger list",
  "ledger findings",
  "draw cancel",
  "tickets",
  "calibrate",
  "simulate",
  "report",
  "demo",
];

describe("the examples in the commands' help", () => {
  it("every command's --help example runs as printed, one after another, from a folder holding the product's examples and policies", async () => {
    const { program } = await gradedrawProgram([], { out: () => {}, err: () => {}, isTTY: false });
    const examples = new Map<string, string[]>();
    for (const c of allCommands(program)) {
      const words = pathOf(c);
      if (words.length === 0 || words.at(-1) === "help") continue;
      const help = await runCli(...words, "--help");
      const example = exampleWords(help.stdout);
      if (example) examples.set(words.join(" "), example);
    }
    // Every command with an example is in the walk-through, and the walk-through has no command without one.
    expect([...examples.keys()].sort()).toEqual([...WALKTHROUGH].sort());
    await inUsersFolder(async () => {
      for (const command of WALKTHROUGH) {
        const [gradedraw, ...args] = examples.get(command) ?? [];
        expect(gradedraw).toBe("gradedraw");
        const r = await runCli(...args);
        expect(r.code, `${command}: ${r.stderr}`).toBe(0);
      }
    });
  }, 240_000);
});
