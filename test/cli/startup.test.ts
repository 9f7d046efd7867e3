import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

/**
 * The packages among `names` that a fresh process has loaded after running `gradedraw ARGS`
 * in it (those loaded as CommonJS, which the heavy ones are, or are with React).
 */
function loadedBy(args: string[], names: string[]): string[] {
  const script = `
    import { createRequire } from "node:module";
    const { main } = await import("./bin/cli.ts");
    await main(${JSON.stringify(args)}, { out() {}, err() {}, isTTY: false });
    const names = ${JSON.stringify(names)};
    const loaded = Object.keys(createRequire(import.meta.url).cache)
      .map((f) => f.split("node_modules/").pop().split("/").slice(0, 2))
      .map(([a, b]) => (a.startsWith("@") ? a + "/" + b : a));
    console.log(JSON.stringify(names.filter((n) => loaded.includes(n))));`;
  const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    encoding: "utf8",
  });
  return JSON.parse(out.trim().split("\n").pop() as string) as string[];
}

describe("starting the command", () => {
  const heavy = ["exceljs", "jsdom", "@resvg/resvg-js", "react"];

  it("loads no workbook, chart or dashboard library for a command that needs none", () => {
    // They take over a second to load together: `gradedraw --version` took 2.4 s with them.
    expect(loadedBy(["--version"], heavy)).toEqual([]);
    expect(loadedBy(["validate", "policies/huaian-2021/1.0.0.yaml"], heavy)).toEqual([]);
  });

  it("loads json-rules-engine only for the reference evaluation (explain), not where compiled rules decide", () => {
    // About 22 ms of every command's start, and of each simulation worker's.
    const policy = [
      "--policy",
      "policies/huaian-2021/1.0.0.yaml",
      "--enterprises",
      "examples/enterprises.csv",
    ];
    expect(loadedBy(["--version"], ["json-rules-engine"])).toEqual([]);
    expect(loadedBy(["classify", ...policy, "--date", "2026-01-01"], ["json-rules-engine"])).toEqual([]);
    expect(
      loadedBy(
        ["explain", ...policy, "--uscc", "91320803AMN5WJ2P3X", "--date", "2026-01-01"],
        ["json-rules-engine"],
      ),
    ).toEqual(["json-rules-engine"]);
  });

  it("loads the chart libraries when a command draws charts", () => {
    expect(loadedBy(["report", "no-such-folder"], heavy)).toEqual([]);
    expect(loadedBy(["report", "examples"], heavy)).toEqual(["jsdom", "@resvg/resvg-js"]);
  });
});
