import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { heapNote, heapToAsk, type Machine, MOST_ENTERPRISES, thisMachine } from "../../bin/heap.js";
import { resolveLang } from "../../engine/lang.js";
import { tmp } from "../helpers/tmp.js";

const MB = 2 ** 20;
/**
 * A machine of 24 GiB whose Node.js gives 4144 MB of heap (as this one), with files of the given
 * sizes in MB, and text files (scenarios) of the given texts.
 */
const machine = (
  files: Record<string, number>,
  more: Partial<Machine> = {},
  texts: Record<string, string> = {},
): Machine => ({
  limitMb: 4144,
  machineMb: 24 * 1024,
  explicit: false,
  given: false,
  sizeOf: (file) => (file in files ? files[file] * MB : undefined),
  textOf: (file, most) => (file in texts && texts[file].length <= most ? texts[file] : undefined),
  ...more,
});

describe("a run whose enterprise file needs more heap than Node.js gives", () => {
  it("is given 1.5× its estimate (256 MB and, per byte of the file, 4 bytes for CSV, 7 for XLSX, 2 for JSON), at most 80% of the machine's memory; a file that fits is run as it is", () => {
    const draw = (file: string) => ["draw", "--policy", "p", "--enterprises", file, "--period", "2026-H1"];
    // 1,000,000 enterprises: some 130 MB of CSV, 67 MB of XLSX.
    expect(heapToAsk(draw("e.csv"), machine({ "e.csv": 130 }))).toBeUndefined();
    expect(heapToAsk(draw("e.xlsx"), machine({ "e.xlsx": 67 }))).toBeUndefined();
    // 14,000,000: some 1,820 MB of CSV.
    expect(heapToAsk(draw("e.csv"), machine({ "e.csv": 1820 }))).toEqual({
      heapMb: Math.floor(1.5 * (256 + 4 * 1820)),
      file: "e.csv",
      fileMb: 1820,
      limitMb: 4144,
    });
    expect(heapToAsk(draw("E.XLSX"), machine({ "E.XLSX": 600 }))?.heapMb).toBe(
      Math.floor(1.5 * (256 + 7 * 600)),
    );
    expect(heapToAsk(draw("e.ndjson"), machine({ "e.ndjson": 2000 }))?.heapMb).toBe(1.5 * (256 + 2 * 2000));
    // Just over 90% of the heap there is, and just under.
    expect(heapToAsk(draw("e.csv"), machine({ "e.csv": 870 }))?.heapMb).toBe(
      Math.floor(1.5 * (256 + 4 * 870)),
    );
    expect(heapToAsk(draw("e.csv"), machine({ "e.csv": 860 }))).toBeUndefined();
    // At most 80% of the machine; nothing where that is no more than Node.js gives.
    expect(heapToAsk(draw("e.csv"), machine({ "e.csv": 5000 }, { machineMb: 16384 }))?.heapMb).toBe(13107);
    expect(heapToAsk(draw("e.csv"), machine({ "e.csv": 5000 }, { machineMb: 4096 }))).toBeUndefined();
  });

  it("is found by --enterprises FILE or --enterprises=FILE, and for verify by the draw folder's recorded list", () => {
    const big = machine({ "e.csv": 1000, [join("draws/2026-H1", "inputs", "enterprises.json")]: 2000 });
    expect(heapToAsk(["classify", "--enterprises=e.csv", "--policy", "p"], big)?.file).toBe("e.csv");
    expect(heapToAsk(["classify", "--enterprises", "small.csv", "--enterprises", "e.csv"], big)?.file).toBe(
      "e.csv",
    );
    expect(heapToAsk(["classify", "--enterprises"], big)).toBeUndefined();
    expect(heapToAsk(["explain", "--policy", "p", "--enterprises", "e.csv", "--uscc", "X"], big)?.file).toBe(
      "e.csv",
    );
    for (const argv of [
      ["verify", "draws/2026-H1"],
      ["verify", "--db", "g.db", "draws/2026-H1", "--json"],
      ["verify", "--lang", "zh", "draws/2026-H1"],
      ["--lang", "zh", "verify", "draws/2026-H1"],
      ["--lang=zh", "verify", "draws/2026-H1"],
    ])
      expect(heapToAsk(argv, big)?.file, argv.join(" ")).toBe(
        join("draws/2026-H1", "inputs", "enterprises.json"),
      );
    // No enterprise file, one that is not there or not one the readers take: run as it is.
    for (const argv of [
      ["verify", "--db", "g.db"],
      ["tickets", "--seed", "s", "X"],
      ["classify", "--enterprises", "none.csv"],
      ["classify", "--enterprises", "e.txt.gz"],
    ])
      expect(heapToAsk(argv, big), argv.join(" ")).toBeUndefined();
  });

  it("is found for simulate in its scenario's population.enterprises (read from the scenario's folder), or by the size of its synthetic district: 256 MB and 250 bytes an enterprise", () => {
    const province = resolve("scenarios", "data", "province.csv");
    const big = machine(
      { [province]: 1820 },
      {},
      {
        "scenarios/province.yaml": "name: p\npopulation:\n  enterprises: data/province.csv\n",
        "scenarios/district.yaml": "name: d\npopulation:\n  size: 100000\n",
        "scenarios/nation.yaml": "name: n\npopulation:\n  size: 20000000\n",
        "scenarios/too-large.yaml": "name: n\npopulation:\n  size: 1e12\n",
        "scenarios/broken.yaml": "population: [\n",
        "scenarios/long.yaml": `population:\n  enterprises: data/province.csv\n#${"x".repeat(MB)}\n`,
      },
    );
    for (const argv of [
      ["simulate", "--scenario", "scenarios/province.yaml"],
      ["simulate", "--scenario=scenarios/province.yaml", "--years", "10"],
      ["--lang", "zh", "simulate", "--scenario", "scenarios/province.yaml"],
    ])
      expect(heapToAsk(argv, big), argv.join(" ")).toEqual({
        heapMb: Math.floor(1.5 * (256 + 4 * 1820)),
        file: province,
        fileMb: 1820,
        limitMb: 4144,
      });
    expect(heapToAsk(["simulate", "--scenario", "scenarios/nation.yaml"], big)).toEqual({
      heapMb: Math.floor(1.5 * (256 + (250 * 20_000_000) / MB)),
      enterprises: 20_000_000,
      limitMb: 4144,
    });
    // A district that fits, one larger than a scenario may be (the command says so), a scenario
    // that is not YAML (likewise), one over 1 MB, none given.
    for (const argv of [
      ["simulate", "--scenario", "scenarios/district.yaml"],
      ["simulate", "--scenario", "scenarios/too-large.yaml"],
      ["simulate", "--scenario", "scenarios/broken.yaml"],
      ["simulate", "--scenario", "scenarios/long.yaml"],
      ["simulate", "--scenario", "scenarios/none.yaml"],
      ["simulate"],
    ])
      expect(heapToAsk(argv, big), argv.join(" ")).toBeUndefined();
  });

  it("counts the files of past inspections and grades read beside the enterprise file (--history, --grade-history, a scenario's history and gradeHistory, a draw folder's recorded history): 6 bytes a byte of CSV, 11 of XLSX, 3 of JSON", () => {
    // A city of 1,000,000 (130 MB), a history (60 MB) and its grades pushed monthly for two years (740 MB).
    const city = machine({ "e.csv": 130, "g.csv": 740, "h.xlsx": 100, "h.csv": 60 });
    expect(
      heapToAsk(
        ["calibrate", "--enterprises", "e.csv", "--history", "h.csv", "--grade-history", "g.csv"],
        city,
      ),
    ).toEqual({
      heapMb: Math.floor(1.5 * (256 + 4 * 130 + 6 * 60 + 6 * 740)),
      file: "e.csv",
      fileMb: 130,
      past: [
        { file: "h.csv", fileMb: 60 },
        { file: "g.csv", fileMb: 740 },
      ],
      limitMb: 4144,
    });
    // Alone, the enterprise file fits; with a history of a workbook it still does (256 + 520 + 1100 MB).
    expect(heapToAsk(["draw", "--enterprises", "e.csv"], city)).toBeUndefined();
    expect(heapToAsk(["draw", "--enterprises", "e.csv", "--history", "h.xlsx"], city)).toBeUndefined();
    // A file that is not there, or of a kind the readers do not take, counts nothing (the command says why).
    expect(
      heapToAsk(["draw", "--enterprises", "e.csv", "--history", "none.csv", "--grade-history", "g.gz"], city),
    ).toBeUndefined();
    // A scenario's own, read from its folder, unless the command line gives another; none where
    // --enterprises replaces its district whole.
    const at = (f: string) => resolve("scenarios", f);
    const scenarios = machine(
      { [at("e.csv")]: 130, [at("g.csv")]: 740, "small.csv": 1 },
      {},
      {
        "scenarios/city.yaml": "population:\n  enterprises: e.csv\n  history: h.csv\n  gradeHistory: g.csv\n",
      },
    );
    expect(heapToAsk(["simulate", "--scenario", "scenarios/city.yaml"], scenarios)?.past).toEqual([
      { file: at("g.csv"), fileMb: 740 },
    ]);
    expect(
      heapToAsk(["simulate", "--scenario", "scenarios/city.yaml", "--grade-history", "small.csv"], scenarios),
    ).toBeUndefined();
    // verify: the draw folder's recorded history beside its recorded enterprises.
    const recorded = (f: string) => join("draws/2026-H1", "inputs", f);
    const draw = machine({ [recorded("enterprises.json")]: 263, [recorded("history.json")]: 1100 });
    expect(heapToAsk(["verify", "draws/2026-H1"], draw)?.heapMb).toBe(
      Math.floor(1.5 * (256 + 2 * 263 + 3 * 1100)),
    );
  });

  it("is found for demo by the size of its district: 256 MB and 700 bytes an enterprise", () => {
    expect(heapToAsk(["demo", "--size", "12000000"], machine({}))).toEqual({
      heapMb: Math.floor(1.5 * (256 + (700 * 12_000_000) / MB)),
      enterprises: 12_000_000,
      limitMb: 4144,
    });
    expect(heapToAsk(["--lang", "en", "demo", "--size=20000000"], machine({}))?.enterprises).toBe(20_000_000);
    // The default 100,000, 5,000,000, and sizes the command refuses itself.
    for (const argv of [
      ["demo"],
      ["demo", "--size", "5000000"],
      ["demo", "--size", "1e99x"],
      ["demo", "--size", "1e99"],
      ["demo", "--size", "-1"],
    ])
      expect(heapToAsk(argv, machine({})), argv.join(" ")).toBeUndefined();
  });

  it("is found for a district up to the largest a scenario may have (scenario.schema.json's population.size), which demo's --size keeps too, and not one more", () => {
    const schema = JSON.parse(readFileSync("simulator/scenario.schema.json", "utf8"));
    expect(schema.properties.population.properties.size.maximum).toBe(MOST_ENTERPRISES);
    const most = String(MOST_ENTERPRISES);
    const more = String(MOST_ENTERPRISES + 1);
    expect(heapToAsk(["demo", "--size", most], machine({}))?.enterprises).toBe(MOST_ENTERPRISES);
    expect(heapToAsk(["demo", "--size", more], machine({}))).toBeUndefined();
    const scenarios = machine(
      {},
      {},
      { "most.yaml": `population:\n  size: ${most}\n`, "more.yaml": `population:\n  size: ${more}\n` },
    );
    expect(heapToAsk(["simulate", "--scenario", "most.yaml"], scenarios)?.enterprises).toBe(MOST_ENTERPRISES);
    expect(heapToAsk(["simulate", "--scenario", "more.yaml"], scenarios)).toBeUndefined();
  });

  it("is run as it is where the user chose a heap (--max-old-space-size in NODE_OPTIONS or Node's arguments), and in the child given one", () => {
    const argv = ["draw", "--enterprises", "e.csv"];
    expect(heapToAsk(argv, machine({ "e.csv": 1000 }, { explicit: true }))).toBeUndefined();
    expect(heapToAsk(argv, machine({ "e.csv": 1000 }, { given: true }))).toBeUndefined();
    expect(thisMachine({ NODE_OPTIONS: "--max-old-space-size=8192" }).explicit).toBe(true);
    expect(thisMachine({ NODE_OPTIONS: "--max_old_space_size=8192" }).explicit).toBe(true);
    expect(thisMachine({ NODE_OPTIONS: "--max-semi-space-size=64" }).explicit).toBe(false);
    expect(thisMachine({ GRADEDRAW_HEAP_GIVEN: "6000" }).given).toBe(true);
  });

  it("is said on stderr in the run's language: the file, its size (and those of the files of the past counted), the heap given and Node's own", () => {
    const ask = { heapMb: 11304, file: "e.csv", fileMb: 1820, limitMb: 4144 };
    expect(heapNote(ask, ["draw", "--lang", "en"], { LANG: "zh_CN.UTF-8" })).toBe(
      "gradedraw: note: e.csv is large (1820 MB): this run is given a heap of 11304 MB, not Node.js's default 4144 MB\n",
    );
    expect(heapNote(ask, ["draw"], { LANG: "zh_CN.UTF-8" })).toBe(
      "gradedraw: 提示：e.csv 较大（1820 MB），本次运行使用 11304 MB 内存堆，而非 Node.js 默认的 4144 MB\n",
    );
    expect(heapNote(ask, ["draw", "--lang=zh"], { LANG: "C" })).toMatch(/^gradedraw: 提示：/);
    const city = { ...ask, fileMb: 130, past: [{ file: "grades.csv", fileMb: 740 }] };
    expect(heapNote(city, ["calibrate", "--lang", "en"])).toBe(
      "gradedraw: note: e.csv (130 MB) and grades.csv (740 MB) are large: this run is given a heap of 11304 MB, not Node.js's default 4144 MB\n",
    );
    expect(heapNote(city, ["calibrate", "--lang", "zh"])).toBe(
      "gradedraw: 提示：e.csv（130 MB）、grades.csv（740 MB）较大，本次运行使用 11304 MB 内存堆，而非 Node.js 默认的 4144 MB\n",
    );
    const three = { ...city, past: [{ file: "history.csv", fileMb: 60 }, ...city.past] };
    expect(heapNote(three, ["calibrate", "--lang", "en"])).toMatch(
      /^gradedraw: note: e\.csv \(130 MB\), history\.csv \(60 MB\) and grades\.csv \(740 MB\) are large: /,
    );
    const demo = { heapMb: 12400, enterprises: 12_000_000, limitMb: 4144 };
    expect(heapNote(demo, ["demo"], { LANG: "en_US.UTF-8" })).toBe(
      "gradedraw: note: a district of 12000000 enterprises is large: this run is given a heap of 12400 MB, not Node.js's default 4144 MB\n",
    );
    expect(heapNote(demo, ["--lang", "zh", "demo"], { LANG: "C" })).toBe(
      "gradedraw: 提示：12000000 家企业的模拟辖区较大，本次运行使用 12400 MB 内存堆，而非 Node.js 默认的 4144 MB\n",
    );
  });

  it("takes the language the command's messages take, by the same rule (resolveLang)", () => {
    const ask = { heapMb: 11304, file: "e.csv", fileMb: 1820, limitMb: 4144 };
    const envs = [
      { LC_ALL: "zh_CN.UTF-8", LANG: "en_US.UTF-8" },
      { LC_MESSAGES: "zh_TW" },
      { LANG: "en_GB" },
    ];
    const chosen: [string[], string | undefined][] = [
      [["draw"], undefined],
      [["draw", "--lang", "en"], "en"],
      [["draw", "--lang=zh"], "zh"],
      [["draw", "--lang", "fr"], "fr"],
    ];
    for (const env of envs)
      for (const [argv, explicit] of chosen)
        expect(heapNote(ask, argv, env).startsWith("gradedraw: 提示：")).toBe(
          resolveLang(explicit, env) === "zh",
        );
  });

  it("runs the command in the child with its messages and exit status: a 1000 MB enterprise file (sparse, its rows cut off) is refused there, at its line", async () => {
    const f = join(tmp(), "big.csv");
    writeFileSync(f, `${readFileSync("examples/enterprises.csv", "utf8").split("\n")[0]}\n`);
    truncateSync(f, 1000 * MB);
    const ask = heapToAsk(["classify", "--enterprises", f], thisMachine({}));
    const r = spawnSync(
      process.execPath,
      [
        "bin/gradedraw.js",
        "classify",
        "--policy",
        "policies/huaian-2021",
        "--enterprises",
        f,
        "--lang",
        "en",
      ],
      { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } },
    );
    expect(r.status).toBe(1);
    // The heap given depends on the machine: on one whose Node.js gives enough, the run is as it is.
    if (ask)
      expect(r.stderr).toMatch(
        /^gradedraw: note: \S+big\.csv is large \(1000 MB\): this run is given a heap of \d+ MB, not Node\.js's default \d+ MB\n/,
      );
    expect(r.stderr).toMatch(/big\.csv:2\)\n$/);
  }, 60_000);
});

/** The child's state letter in /proc (Z: dead, waiting to be reaped), or undefined once it is gone. */
const state = (pid: number) =>
  existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0] : undefined;
const dead = (pid: number) => state(pid) === undefined || state(pid) === "Z";

/** Runs test/fixtures/heap/child.mjs: the parent, the child's report once it has started, and how the parent ended. */
function parentOf(mode: string) {
  const parent = spawn(process.execPath, ["test/fixtures/heap/child.mjs", "512", mode], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  const started = new Promise<{ pid: number; limitMb: number }>((resolve) =>
    parent.stdout.on("data", (d) => {
      out += d;
      if (out.includes("\n")) resolve(JSON.parse(out));
    }),
  );
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    parent.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return { parent, started, ended };
}

describe.skipIf(process.platform !== "linux")("the child given a heap", () => {
  it("has that heap, and its exit status or the signal that ends it is the run's", async () => {
    const exit = parentOf("exit");
    expect((await exit.started).limitMb).toBeGreaterThanOrEqual(512);
    expect(await exit.ended).toEqual({ code: 3, signal: null });
    const kill = parentOf("kill");
    await kill.started;
    expect(await kill.ended).toEqual({ code: null, signal: "SIGKILL" });
  });

  it("is passed the signals sent to the run, and dies with it when the run is killed outright", async () => {
    const term = parentOf("wait");
    const child = await term.started;
    term.parent.kill("SIGTERM");
    expect(await term.ended).toEqual({ code: null, signal: "SIGTERM" });
    await expect.poll(() => dead(child.pid), { timeout: 5000 }).toBe(true);
    const killed = parentOf("wait");
    const orphan = await killed.started;
    killed.parent.kill("SIGKILL");
    await killed.ended;
    await expect.poll(() => dead(orphan.pid), { timeout: 5000 }).toBe(true);
  });
});
