import { join } from "node:path";
import { type CliRun, runCli } from "./run-cli.js";

/** The command a bad file of a kind is fed to, writing (if it wrongly could) to `out` or `db`. */
export function commandFor(kind: string, file: string, out: string, db: string): string[] {
  const e = "examples/enterprises.csv";
  const i = "examples/inspectors.csv";
  const draw = (over: Record<string, string>) => {
    const args: Record<string, string> = {
      "--policy": "policies/huaian-2021/1.0.0.yaml",
      "--enterprises": e,
      "--inspectors": i,
      "--period": "2026-H1",
      "--seed": "s",
      "--out": out,
      "--db": db,
      ...over,
    };
    return ["draw", "--dry-run", ...Object.entries(args).flat()];
  };
  switch (kind) {
    case "policy":
      return ["validate", file];
    case "scenario":
      return ["simulate", "--scenario", file, "--out", out, "--no-tui", "--workers", "1"];
    case "enterprises":
      return draw({ "--enterprises": file });
    case "inspectors":
      return draw({ "--inspectors": file });
    case "conflicts":
      return draw({ "--conflicts": file });
    case "history":
      return draw({ "--history": file });
    case "results":
      return ["results", "import", file, "--db", db];
    default:
      throw new Error(`unknown kind ${kind}`);
  }
}

/** Runs a bad-input case; returns what the command printed. */
export function runBadCase(kind: string, file: string, dir: string): Promise<CliRun> {
  return runCli(...commandFor(kind, file, join(dir, "out"), join(dir, "g.db")));
}
