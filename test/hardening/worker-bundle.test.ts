import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { workerBundle } from "../../engine/worker-bundle.js";
import { withoutTsx } from "../../engine/workers.js";
import { tmp } from "../helpers/tmp.js";

/** What a worker running `file` posts first. */
function firstMessage(file: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const w = new Worker(file, { execArgv: [] });
    w.once("message", (m) => {
      resolve(m);
      void w.terminate();
    });
    w.once("error", reject);
  });
}

/** A worker module in TypeScript that posts a value it imports from another file of its project. */
function project(value: string): { entry: string; dep: string } {
  const dir = tmp();
  const entry = join(dir, "entry.ts");
  const dep = join(dir, "dep.ts");
  writeFileSync(
    entry,
    'import { parentPort } from "node:worker_threads";\nimport { value } from "./dep.js";\nparentPort?.postMessage(value);\n',
  );
  writeFileSync(dep, `export const value: string = ${JSON.stringify(value)};\n`);
  return { entry, dep };
}

describe("worker threads load their module bundled", () => {
  it("a worker runs its module and what it imports as one file, in plain JavaScript", async () => {
    const { entry } = project("数据 1");
    const file = workerBundle(entry, tmp()) as string;
    expect(file).toMatch(/\.mjs$/);
    expect(readFileSync(file, "utf8")).not.toContain(": string");
    expect(await firstMessage(file)).toBe("数据 1");
  });

  it("a bundle is used again while its sources are unchanged, and made again when one changes", async () => {
    const { entry, dep } = project("old");
    const cache = tmp();
    const file = workerBundle(entry, cache) as string;
    const made = statSync(file).mtimeMs;
    expect(workerBundle(entry, cache)).toBe(file);
    expect(statSync(file).mtimeMs).toBe(made);
    writeFileSync(dep, 'export const value: string = "new";\n');
    expect(workerBundle(entry, cache)).toBe(file);
    expect(await firstMessage(file)).toBe("new");
  });

  it("a bundle that is damaged or cut short is made again", async () => {
    const { entry } = project("whole");
    const cache = tmp();
    const file = workerBundle(entry, cache) as string;
    const whole = readFileSync(file, "utf8");
    for (const damaged of [whole.slice(0, 40), whole.slice(0, -20), whole.replace('"whole"', '"other"')]) {
      writeFileSync(file, damaged);
      expect(workerBundle(entry, cache)).toBe(file);
      expect(readFileSync(file, "utf8")).toBe(whole);
    }
    expect(await firstMessage(file)).toBe("whole");
  });

  it("a bundle of a project copy since deleted is removed when another bundle is made, and a live one stays", () => {
    const cache = tmp();
    const live = project("live");
    const gone = project("gone");
    const liveFile = workerBundle(live.entry, cache) as string;
    const goneFile = workerBundle(gone.entry, cache) as string;
    rmSync(dirname(gone.entry), { recursive: true });
    // Made again while the deleted copy's bundle is still there: only that one goes.
    const other = project("other");
    const otherFile = workerBundle(other.entry, cache) as string;
    expect(existsSync(goneFile)).toBe(false);
    expect(existsSync(liveFile)).toBe(true);
    expect(existsSync(otherFile)).toBe(true);
  });

  it("where no bundle can be kept, there is none, and the module is loaded as it is", () => {
    const { entry } = project("x");
    const blocked = join(tmp(), "a-file");
    writeFileSync(blocked, "");
    expect(workerBundle(entry, join(blocked, "cache"))).toBeUndefined();
  });

  it("a module that finds files beside itself is not bundled", () => {
    const dir = tmp();
    const entry = join(dir, "entry.ts");
    writeFileSync(entry, 'console.log(new URL("./data.json", import.meta.url).href);\n');
    expect(workerBundle(entry, tmp())).toBeUndefined();
  });

  it("a bundled worker is started without the options that load tsx, and with the others", () => {
    expect(withoutTsx(["--import", "tsx", "--max-old-space-size=4096"])).toEqual([
      "--max-old-space-size=4096",
    ]);
    expect(withoutTsx(["--import=tsx/esm", "--enable-source-maps"])).toEqual(["--enable-source-maps"]);
    expect(withoutTsx(["--require", "/p/node_modules/tsx/dist/cjs/index.cjs"])).toEqual([]);
    expect(withoutTsx(["--import", "./telemetry.js", "--loader", "tsx"])).toEqual([
      "--import",
      "./telemetry.js",
    ]);
  });

  it("workers start when node was given a V8 option (node --max-old-space-size=… gradedraw), which Node refuses to hand a worker", () => {
    const r = spawnSync(
      process.execPath,
      [
        "--max-old-space-size=3072",
        "bin/gradedraw.js",
        "simulate",
        "--scenario",
        "simulator/scenarios/huaian.yaml",
        "--replications",
        "2",
        "--years",
        "1",
        "--workers",
        "2",
        "--json",
      ],
      { encoding: "utf8" },
    );
    expect(r.stderr).not.toContain("ERR_WORKER_INVALID_EXEC_ARGV");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { replications: number; performance: { workers: number } };
    expect([out.replications, out.performance.workers]).toEqual([2, 2]);
  });
});
