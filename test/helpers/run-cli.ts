import { main } from "../../bin/cli.js";
import type { Io } from "../../bin/context.js";

/** What a command printed and its exit status. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `gradedraw ARGS` in-process with captured streams (English messages unless --lang says otherwise). */
export async function runCli(...args: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCliWith({ out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false }, ...args);
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

/** Runs `gradedraw ARGS` in-process writing to `io`, in English unless --lang says otherwise; its exit status. */
export async function runCliWith(io: Io, ...args: string[]): Promise<number> {
  const saved = process.env.LANG;
  process.env.LANG = "C";
  try {
    return await main(args, io);
  } finally {
    process.env.LANG = saved;
  }
}
