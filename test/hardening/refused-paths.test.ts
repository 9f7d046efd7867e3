import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readAtMost } from "../../engine/policy/yaml-text.js";
import { exampleDryRun, publishH1 } from "../helpers/examples.js";
import { runCli } from "../helpers/run-cli.js";
import { tmp } from "../helpers/tmp.js";

/** A name of `n` Chinese characters: 3 bytes each in UTF-8, so 86 are more than a file system's 255. */
const chinese = (n: number) => "公示".repeat(n).slice(0, n);

describe("paths a file system refuses", () => {
  it("an input named through a file, or by a name too long for a file, is refused naming it, as a missing one is", async () => {
    const long = join(tmp(), `${chinese(300)}.yaml`);
    const cases: [string[], string, string][] = [
      [
        ["--policy", "examples/enterprises.csv/1.0.0.yaml"],
        "examples/enterprises.csv/1.0.0.yaml",
        "a part of its path is a file, not a folder",
      ],
      [["--policy", long], long, "the name is too long for a file"],
      [
        ["--policy", "policies/huaian-2021", "--enterprises", "examples/enterprises.csv/x.csv"],
        "examples/enterprises.csv/x.csv",
        "a part of its path is a file, not a folder",
      ],
    ];
    for (const [options, file, reason] of cases) {
      const r = await runCli(
        "classify",
        "--policy",
        "policies/huaian-2021",
        "--enterprises",
        "examples/enterprises.csv",
        "--date",
        "2026-01-01",
        ...options,
      );
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toBe(`gradedraw: ${reason} (${file})`);
    }
    const sim = await runCli("simulate", "--scenario", "simulator/scenarios/frozen.yaml", "--policy", long);
    expect(sim.stderr).toBe(`gradedraw: the name is too long for a file (${long})`);
    const zh = await runCli("--lang", "zh", "test", "examples/enterprises.csv/tests");
    expect(zh.code).toBe(2);
    expect(zh.stderr).not.toContain("internal error");
  });

  it("an output or ledger whose name is too long is refused before anything is written, saying how long", async () => {
    const dir = tmp();
    const name = `${chinese(86)}.csv`;
    const db = join(tmp(), "gd.db");
    expect((await runCli("results", "import", "examples/results.csv", "--db", db)).code).toBe(0);
    const publish = await runCli(...publishH1(db, join(dir, name)));
    expect(publish.code).toBe(1);
    expect(publish.stderr).toContain(
      `cannot write ${join(dir, name)}: a name in it is too long (262 bytes in UTF-8; a file system allows 255, some 85 Chinese characters)`,
    );
    const ledger = await runCli(
      "results",
      "import",
      "examples/results.csv",
      "--db",
      join(dir, `${chinese(86)}.db`),
    );
    expect(ledger.code).toBe(1);
    expect(ledger.stderr).toBe(
      `gradedraw: cannot create the database: its name is too long (261 bytes in UTF-8; a file system allows 255, some 85 Chinese characters) (${join(dir, `${chinese(86)}.db`)})`,
    );
    const folder = await runCli(...exampleDryRun(join(dir, chinese(86))));
    expect(folder.code).toBe(1);
    expect(folder.stderr).toContain("a name in it is too long (258 bytes in UTF-8");
    // Each name allowed, the path as a whole too long.
    const deep = join(dir, ...Array.from({ length: 18 }, () => chinese(80)), "x.csv");
    const path = await runCli(...publishH1(db, deep));
    expect(path.stderr).toMatch(
      /: the path is too long \(\d{4} bytes in UTF-8 from the root; a file system allows 4,096\)/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it("a ledger in a folder that takes no new file though it may be written (/proc) is refused, not an internal error", async () => {
    const r = await runCli("results", "import", "examples/results.csv", "--db", "/proc/gradedraw.db");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^gradedraw: cannot create the database: (its folder takes no new file \(|no permission)/,
    );
  });

  it("an output in such a folder is refused naming it, a file as a folder, not an internal error", async () => {
    const db = join(tmp(), "gd.db");
    expect((await runCli("results", "import", "examples/results.csv", "--db", db)).code).toBe(0);
    const file = await runCli(...publishH1(db, "/proc/公示.csv"));
    expect(file.code).toBe(1);
    expect(file.stderr).toContain(
      "gradedraw: cannot write /proc/公示.csv: its folder /proc takes no new file (ENOENT)",
    );
    const folder = await runCli(
      "simulate",
      "--scenario",
      "simulator/scenarios/frozen.yaml",
      "--out",
      "/proc/sim",
    );
    expect(folder.code).toBe(1);
    expect(folder.stderr).toBe(
      "gradedraw: cannot write /proc/sim: its folder /proc takes no new file (ENOENT) (/proc/sim)",
    );
  });

  it("an output folder whose name a file system allows is written, though its temporary name beside it would be longer", async () => {
    const out = join(tmp(), chinese(84));
    const r = await runCli(...exampleDryRun(out));
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(out, "manifest.json"))).toBe(true);
    expect(readdirSync(join(out, ".."))).toEqual([chinese(84)]);
  });

  it("a text file without end (a device, /dev/zero) or larger than 64 MB is refused as too large before it is read whole; a pipe is read", async () => {
    for (const command of ["validate", "test"]) {
      const r = await runCli(command, "/dev/zero");
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(
        "/dev/zero:0:0: the file is larger than 64 MB: a policy, its tests, a scenario or a notice is a few KB (is it the file meant?)",
      );
    }
    const big = join(tmp(), "big.yaml");
    writeFileSync(big, "");
    truncateSync(big, 64 * 2 ** 20 + 1);
    expect((await runCli("simulate", "--scenario", big)).stderr).toContain("the file is larger than 64 MB");
    expect(readAtMost("policies/huaian-2021/1.0.0.yaml", 1e6)).toEqual(
      readFileSync("policies/huaian-2021/1.0.0.yaml"),
    );
    const pipe = spawnSync(
      "bash",
      ["-c", "node bin/gradedraw.js validate <(cat policies/huaian-2021/1.0.0.yaml)"],
      {
        encoding: "utf8",
      },
    );
    expect(pipe.stdout).toMatch(/^ok {2}\/dev\/fd\/\d+ {2}huaian-credit-graded@1\.0\.0 \(approved\)/);
  });
});
