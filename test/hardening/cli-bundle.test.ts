import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { tmp } from "../helpers/tmp.js";

const CACHE = resolve("node_modules/.cache/gradedraw/cli");
/** The record of this copy's current build (see bin/cli-bundle.js). */
const CURRENT = join(
  CACHE,
  `current-${createHash("sha256")
    .update(`${resolve(".")}/`)
    .digest("hex")
    .slice(0, 16)}.json`,
);

/** `gradedraw ARGS` run as a user runs it: from its bundle, or with `tsx` through tsx. */
function gradedraw(args: string[], { tsx = false } = {}) {
  const r = spawnSync(process.execPath, ["bin/gradedraw.js", ...args], {
    encoding: "utf8",
    env: { ...process.env, LANG: "C", GRADEDRAW_NO_BUNDLE: tsx ? "1" : "" },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Current {
  folder: string;
  inputs: string[];
  digest: string;
}
const current = () => JSON.parse(readFileSync(CURRENT, "utf8")) as Current;

describe("the command line's bundle", () => {
  it("runs every kind of command line as the sources through tsx do: the same output and exit status", () => {
    for (const args of [
      ["validate", "test/fixtures/policies/32-several-problems.yaml"],
      ["--lang", "zh", "validate", "test/fixtures/policies/51-chinese-words-for-values.yaml"],
      ["tickets", "--seed", "s", "91320803AMN5WJ2P3X", "CODE|HA001"],
      ["draw", "--help"],
      ["--help"],
      ["drwa"],
      ["test", "policies"],
    ]) {
      const bundled = gradedraw(args);
      expect(bundled, args.join(" ")).toEqual(gradedraw(args, { tsx: true }));
      expect(bundled.stderr, args.join(" ")).not.toMatch(/internal error/);
    }
  }, 60_000);

  it("is kept with the files it was made from, used again while they are unchanged, and made again when its record no longer matches them", () => {
    expect(gradedraw(["--version"]).status).toBe(0);
    const made = current();
    expect(made.inputs).toEqual(expect.arrayContaining(["bin/cli.ts", "engine/policy/schema.ts"]));
    const entry = join(CACHE, made.folder, "cli.js");
    // Each module's own place, where the code finds the files beside it: no import.meta is left.
    expect(readFileSync(entry, "utf8")).not.toContain("import.meta");
    // It runs by itself, without tsx: the runs above did not fall back to the sources.
    const alone = spawnSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `const { main } = await import(${JSON.stringify(pathToFileURL(entry).href)}); process.exitCode = await main(["tickets", "--seed", "s", "91320803AMN5WJ2P3X"]);`,
      ],
      { encoding: "utf8", env: { ...process.env, LANG: "C" } },
    );
    expect([alone.status, alone.stdout]).toEqual([
      0,
      gradedraw(["tickets", "--seed", "s", "91320803AMN5WJ2P3X"], { tsx: true }).stdout,
    ]);
    const built = statSync(entry).mtimeMs;
    expect(gradedraw(["--version"]).status).toBe(0);
    expect(current()).toEqual(made);
    expect(statSync(entry).mtimeMs).toBe(built);
    // A record that no longer matches its files (one of them edited since) is made again; the
    // record of a copy of the project since removed (a worktree sharing node_modules) and its old
    // build are removed then.
    const gone = {
      record: join(CACHE, "current-0000gone0000.json"),
      build: join(CACHE, "build-0000gone0000"),
    };
    mkdirSync(gone.build, { recursive: true });
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(gone.build, hourAgo, hourAgo);
    writeFileSync(gone.record, JSON.stringify({ folder: "build-0000gone0000", root: join(tmp(), "gone") }));
    writeFileSync(CURRENT, JSON.stringify({ ...made, digest: "0" }));
    expect(gradedraw(["--version"]).status).toBe(0);
    expect(current()).toEqual(made);
    expect([existsSync(gone.record), existsSync(gone.build)]).toEqual([false, false]);
  }, 60_000);
});
