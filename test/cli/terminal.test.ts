import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { exampleDraw } from "../helpers/examples.js";
import { tmp } from "../helpers/tmp.js";

/**
 * The command on a real terminal: `script` (util-linux) runs it on a pseudo-terminal, whose keys
 * are written to its standard input. Without `script` the tests are skipped, saying why.
 */
const noScript =
  spawnSync("script", ["--version"], { encoding: "utf8" }).status === 0
    ? undefined
    : "no `script` command (util-linux) to give the command a terminal";
if (noScript) process.stderr.write(`terminal tests skipped: ${noScript}\n`);

const GRADEDRAW = resolve("bin/gradedraw.js");
const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences are what it removes
const ESCAPES = /\x1b(\[[0-9;?]*[ -/]*[@-~]|\][^\x07]*\x07|[()][0-9A-B]|[=>])/g;

/** A command running on a terminal of `columns` (unknown: 0, as a terminal that gives no size says). */
class Terminal {
  private readonly child: ChildProcessWithoutNullStreams;
  private seen = "";
  readonly exit: Promise<number | null>;

  constructor(args: readonly string[], cwd: string, columns: number) {
    const size = columns ? `stty cols ${columns} rows 50; ` : "";
    const command = `${size}exec ${quote(process.execPath)} ${[GRADEDRAW, ...args].map(quote).join(" ")}`;
    // ink prints only its last frame where it believes it runs under CI.
    const env = Object.fromEntries(
      Object.entries(process.env).filter(
        ([k]) => k !== "CI" && !k.startsWith("CI_") && k !== "CONTINUOUS_INTEGRATION",
      ),
    );
    this.child = spawn("script", ["-qfec", command, "/dev/null"], {
      cwd,
      env: { ...env, LANG: "C", TERM: "xterm-256color" },
    });
    this.child.stdout.on("data", (d: Buffer) => {
      this.seen += d.toString("utf8");
    });
    this.exit = new Promise((done) => this.child.on("close", (code) => done(code)));
  }

  /** What the terminal has shown so far, escape sequences removed. */
  text(): string {
    return this.seen.replace(ESCAPES, "");
  }

  /** Waits until the terminal shows `what` (at most `ms`). */
  async until(what: string, ms = 30_000): Promise<void> {
    const end = Date.now() + ms;
    while (!this.text().includes(what)) {
      if (Date.now() > end)
        throw new Error(`the terminal never showed '${what}':\n${this.text().slice(-2000)}`);
      await new Promise((go) => setTimeout(go, 50));
    }
  }

  press(key: string): void {
    this.child.stdin.write(key);
  }

  kill(): void {
    this.child.kill("SIGKILL");
  }
}

const SIMULATE = ["simulate", "--scenario", resolve("test/fixtures/sim/flat-scenario.yaml"), "--years", "1"];
const KEYS = "e export report  q quit";

describe.skipIf(noScript !== undefined)("simulate on a terminal", () => {
  it("shows the dashboard; e exports the report into gradedraw-simulation, q quits with status 0", async () => {
    const dir = tmp();
    const term = new Terminal([...SIMULATE, "--replications", "2"], dir, 100);
    try {
      await term.until(KEYS);
      expect(existsSync(join(dir, "gradedraw-simulation"))).toBe(false);
      term.press("e");
      await term.until("report exported to gradedraw-simulation/report.html");
      term.press("q");
      expect(await term.exit).toBe(0);
    } finally {
      term.kill();
    }
    const results = JSON.parse(readFileSync(join(dir, "gradedraw-simulation/results.json"), "utf8"));
    expect(results.replications).toBe(2);
    expect(readFileSync(join(dir, "gradedraw-simulation/report.html"), "utf8")).toContain("<html");
  });

  it("a terminal that gives no size is laid out 80 columns wide, not a character a line", async () => {
    const dir = tmp();
    const term = new Terminal([...SIMULATE, "--replications", "2"], dir, 0);
    try {
      await term.until(KEYS);
      term.press("q");
      expect(await term.exit).toBe(0);
    } finally {
      term.kill();
    }
    const lines = term.text().split(/\r?\n/);
    expect(lines.some((l) => l.includes("variant"))).toBe(true);
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(80);
  });

  it("--no-tui shows how far it is on the status line, taken away before the table; a log of stderr gets none of it", async () => {
    const dir = tmp();
    const term = new Terminal([...SIMULATE, "--replications", "2", "--no-tui"], dir, 100);
    expect(await term.exit).toBe(0);
    expect(term.text()).toMatch(/gradedraw: simulating the policy variants: \d of 2 replications done…\r/);
    expect(term.text()).not.toMatch(/^replication \d/m);
    const log = join(dir, "stderr.log");
    const logged = spawnSync(
      "script",
      [
        "-qfec",
        `${[process.execPath, GRADEDRAW, ...SIMULATE, "--replications", "2", "--no-tui"].map(quote).join(" ")} 2> ${quote(log)}`,
        "/dev/null",
      ],
      { cwd: dir, encoding: "utf8", env: { ...process.env, LANG: "C", TERM: "xterm-256color" } },
    );
    expect(logged.status).toBe(0);
    expect(logged.stdout).toContain("inspections");
    expect(readFileSync(log, "utf8")).toBe("");
  });

  it("refuses a policy compared twice before the dashboard takes the screen", async () => {
    const seed = resolve("policies/huaian-2021/1.0.0.yaml");
    const term = new Terminal([...SIMULATE, "--policy", seed, "--policy", seed], tmp(), 100);
    try {
      expect(await term.exit).toBe(1);
    } finally {
      term.kill();
    }
    expect(term.text()).toContain("huaian-credit-graded@1.0.0 is compared twice: its file is listed twice");
    expect(term.text()).not.toContain("Simulating");
  });
});

describe.skipIf(noScript !== undefined)("a draw on a terminal", () => {
  const draw = (out: string) =>
    exampleDraw(out).map((a) => (/^(policies|examples)\//.test(a) ? resolve(a) : a));
  /** The draw run by `script` on a terminal, its shell command ending in `tail` (a redirection, a variable). */
  const onTerminal = (out: string, tail: string, env = "") =>
    spawnSync(
      "script",
      [
        "-qfec",
        `${env}${quote(process.execPath)} ${[GRADEDRAW, ...draw(out)].map(quote).join(" ")}${tail}`,
        "/dev/null",
      ],
      { cwd: tmp(), encoding: "utf8", env: { ...process.env, LANG: "C", TERM: "xterm-256color" } },
    );

  it("shows what it is doing on one line of stderr, rewritten in place and taken away before its results", async () => {
    const term = new Terminal(draw(join(tmp(), "d")), resolve("."), 100);
    expect(await term.exit).toBe(0);
    const seen = term.text();
    for (const step of [
      "gradedraw: reading enterprises.csv…",
      "gradedraw: hashing the inputs (the frame the seed is bound to)…",
      "gradedraw: choosing the inspectors: 0 of 8 enterprises…",
      "gradedraw: writing the output folder…",
    ])
      expect(seen).toContain(step);
    expect(seen).toMatch(/…\rhuaian-credit-graded@1\.0\.0 default 2026-H1 \(dry run, not recorded\)\r?\n/);
  });

  it("shows a control character of a file's name (a line break, an escape) as ?, keeping the line one line", async () => {
    const dir = tmp();
    const odd = join(dir, "名录\n\u001b[2J.csv");
    copyFileSync("examples/enterprises.csv", odd);
    const args = draw(join(dir, "d")).map((a) => (a.endsWith("examples/enterprises.csv") ? odd : a));
    const term = new Terminal(args, resolve("."), 100);
    expect(await term.exit).toBe(0);
    expect(term.text()).toContain("gradedraw: reading 名录??[2J.csv…");
  });

  it("takes the line away before a refused draw's reasons, which begin their own lines", async () => {
    const term = new Terminal([...draw(join(tmp(), "d")), "--departments", "生态环境局"], resolve("."), 100);
    expect(await term.exit).toBe(1);
    expect(term.text()).toMatch(/enterprises…\rgradedraw: 91320803Q5K8R4DB2K: no valid inspector team/);
    expect(term.text()).toMatch(/\ngradedraw: the draw was not made; nothing was written\r?\n/);
  });

  it("writes none of it where stderr is not a terminal (a log), nor on a terminal that cannot rewrite a line (TERM=dumb)", () => {
    const dir = tmp();
    const log = join(dir, "stderr.log");
    const logged = onTerminal(join(dir, "a"), ` 2> ${quote(log)}`);
    expect(logged.status).toBe(0);
    expect(logged.stdout).toContain("8 enterprise(s) drawn");
    expect(readFileSync(log, "utf8")).not.toMatch(/reading|\r/);
    const dumb = onTerminal(join(dir, "b"), "", "TERM=dumb ");
    expect(dumb.status).toBe(0);
    expect(dumb.stdout).toContain("8 enterprise(s) drawn");
    expect(dumb.stdout).not.toContain("reading");
  });
});
