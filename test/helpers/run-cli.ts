import { main } from "../../bin/cli.js";

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
  const saved = process.env.LANG;
  process.env.LANG = "C";
  try {
    const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false });
    return { code, stdout: out.join("\n"), stderr: err.join("\n") };
  } finally {
    process.env.LANG = saved;
  }
}
