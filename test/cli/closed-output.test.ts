import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";

/** Runs the real command with its standard output's reader gone before anything is printed. */
function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["bin/gradedraw.js", ...args], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, LANG: "C" },
    });
    // As `gradedraw classify … | head -1` does once it has its line: the reader closes.
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

describe("output read by a pipe that closes early (gradedraw … | head)", () => {
  it("the command finishes with its own exit status and no EPIPE stack trace", async () => {
    const r = await runWithClosedStdout([
      "classify",
      "--policy",
      "policies/huaian-2021/1.0.0.yaml",
      "--enterprises",
      "examples/enterprises.csv",
      "--history",
      "examples/history.csv",
      "--date",
      "2026-01-01",
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });
});
