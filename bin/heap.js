// The memory a run may use. Node.js gives a process's JavaScript heap at most about 4 GB unless
// told otherwise (--max-old-space-size), and a draw holds some 500 MB of it per million
// enterprises: a province's directory of 14 million would stop with V8's "JavaScript heap out of
// memory" and a stack trace, after minutes of work. So a run whose enterprise file (or synthetic
// district: a scenario's, demo's) needs more than the heap it has is run again at once, in a child
// process given the heap it needs (as far as the machine has memory), with everything else the
// same. Plain JavaScript, run by bin/gradedraw.js before any TypeScript is loaded.
import { spawn } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { totalmem } from "node:os";
import { dirname, extname, join, resolve } from "node:path";
import { getHeapStatistics } from "node:v8";
import { resolveLang } from "../engine/lang-choice.js";

/** Set in the child's environment: the heap it was given (MB), so it never starts another. */
export const GIVEN = "GRADEDRAW_HEAP_GIVEN";

/**
 * The largest synthetic district the commands make (a province and more): a scenario's
 * population.size (scenario.schema.json's maximum) and demo's --size. Its one place in the code.
 */
export const MOST_ENTERPRISES = 20_000_000;

/**
 * Bytes of heap a run takes per byte of the enterprise file, by its format: the most a draw's heap
 * held before a full collection, over the file's size, for 1,000,000 enterprises (CSV 130 MB,
 * some 500 MB of heap; a workbook 67 MB, 410 MB; the JSON `verify` reads, 263 MB, 500 MB), rounded
 * up. A GBK file is a fifth smaller than its UTF-8 for the same heap: the margin below covers it.
 */
const PER_BYTE = {
  ".csv": 4,
  ".txt": 4,
  ".tsv": 4,
  ".xlsx": 7,
  ".xlsm": 7,
  ".json": 2,
  ".ndjson": 2,
  ".jsonl": 2,
};
/**
 * Bytes of heap per byte of a file of past inspections or grades read beside the enterprises
 * (--history, --grade-history, a scenario's population.history and gradeHistory, a draw folder's
 * recorded history), measured as a run's peak memory over the same run's without it: 6 a byte of a
 * CSV history of 1,000,000 visits (58 MB); 8.4, 7.1 and 4.7 a byte of grade histories of 2,300,000,
 * 11,500,000 and 23,000,000 pushes (74, 352 and 703 MB: each code and day is kept once, so the
 * more pushes an enterprise has, the less each takes); a workbook and JSON in the enterprise file's
 * proportions.
 */
const PAST_PER_BYTE = {
  ".csv": 6,
  ".txt": 6,
  ".tsv": 6,
  ".xlsx": 11,
  ".xlsm": 11,
  ".json": 3,
  ".ndjson": 3,
  ".jsonl": 3,
};
/** The heap of a run whatever its files (the policy, the code, the inspectors), MB. */
const BASE_MB = 256;
/** A run needing more than this share of the heap it has is given more. */
const SHARE = 0.9;
/** What is asked for the run: its estimate times this, for the estimate's error and the collector's room. */
const MARGIN = 1.5;
/** The most of the machine's memory a run is given (the rest for the system, worker threads, buffers). */
const MACHINE_SHARE = 0.8;

/**
 * Bytes of heap `demo` takes per enterprise of its synthetic district, which it makes, writes and
 * draws from: 1,000,000 ran in a heap of 700 MB, not in 600.
 */
const DEMO_PER_ENTERPRISE = 700;
/**
 * Bytes of heap `simulate` takes per enterprise of a synthetic district (population.size), kept
 * as columns: 12,000,000 ran in a heap of 3,000 MB, not in 2,000.
 */
const SIMULATED_PER_ENTERPRISE = 250;
/** The largest scenario file read for what it simulates (a scenario is a page of YAML). */
const SCENARIO_BYTES = 1 << 20;

/** The value of the last `--name V` or `--name=V` in argv (as the command's options take it), if any. */
function option(argv, name) {
  for (let i = argv.length - 1; i >= 0; i--) {
    if (argv[i] === name) return argv[i + 1];
    if (argv[i].startsWith(`${name}=`)) return argv[i].slice(name.length + 1);
  }
  return undefined;
}

/** The command's name and arguments: argv without the options before it (--lang L, the only one). */
function command(argv) {
  let i = 0;
  while (i < argv.length && argv[i].startsWith("-")) i += argv[i] === "--lang" ? 2 : 1;
  return { name: argv[i], args: argv.slice(i + 1) };
}

/**
 * What a scenario simulates: the enterprise file it names (population.enterprises, read from the
 * scenario's folder), or the size of its synthetic district; undefined where it cannot be read
 * (the command says why, in its own words).
 */
function scenarioPopulation(scenario, m) {
  const text = m.textOf(scenario, SCENARIO_BYTES);
  if (text === undefined) return undefined;
  let population;
  try {
    // Loaded here, not with every command: a scenario is read only for simulate (some 25 ms).
    population = createRequire(import.meta.url)("yaml").parse(text)?.population;
  } catch {
    return undefined;
  }
  if (typeof population?.enterprises === "string") {
    const at = (f) => (typeof f === "string" ? resolve(dirname(scenario), f) : undefined);
    return {
      file: at(population.enterprises),
      history: at(population.history),
      gradeHistory: at(population.gradeHistory),
    };
  }
  return district(population?.size, SIMULATED_PER_ENTERPRISE);
}

/** A synthetic district of `size` enterprises, where it is one the commands take (1 to MOST_ENTERPRISES). */
function district(size, perEnterprise) {
  return Number.isInteger(size) && size > 0 && size <= MOST_ENTERPRISES
    ? { enterprises: size, perEnterprise }
    : undefined;
}

/**
 * What a command reads that makes its heap: the enterprise file of --enterprises FILE, of a
 * simulation's scenario, or of a draw folder's recorded list for verify; or the size of a
 * synthetic district, a scenario's or demo's.
 * @returns {{ file: string } | { enterprises: number, perEnterprise: number } | undefined}
 */
function heapSource(argv, m) {
  const { name, args } = command(argv);
  const file = option(argv, "--enterprises");
  // The files of past inspections and grades read beside it: given on the command line, or else a scenario's.
  const history = option(argv, "--history");
  const gradeHistory = option(argv, "--grade-history");
  const past = (p = {}) =>
    [history ?? p.history, gradeHistory ?? p.gradeHistory].filter((f) => f !== undefined);
  if (file !== undefined) return { file, past: past() };
  if (name === "simulate") {
    const scenario = option(args, "--scenario");
    const population = scenario && scenarioPopulation(scenario, m);
    return population && "file" in population
      ? { file: population.file, past: past(population) }
      : population;
  }
  if (name === "demo") return district(Number(option(args, "--size")), DEMO_PER_ENTERPRISE);
  if (name !== "verify") return undefined;
  // verify DIR [--db FILE] [--lang L] [--json]: the first argument that is no option nor an option's value.
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--db" || args[i] === "--lang") i++;
    else if (!args[i].startsWith("-"))
      return {
        file: join(args[i], "inputs", "enterprises.json"),
        past: [join(args[i], "inputs", "history.json")],
      };
  }
  return undefined;
}

/** The heap (MB) a source may need, and what the note says of it; undefined where unknown. */
function estimate(source, m) {
  if ("enterprises" in source)
    return {
      needMb: BASE_MB + (source.enterprises * source.perEnterprise) / 2 ** 20,
      enterprises: source.enterprises,
    };
  const per = PER_BYTE[extname(source.file).toLowerCase()];
  const size = per && m.sizeOf(source.file);
  if (!size) return undefined;
  // Each file of the past there is, of a kind the readers take (one that is not there, the command says so).
  const past = [];
  let pastMb = 0;
  for (const file of source.past ?? []) {
    const perPast = PAST_PER_BYTE[extname(file).toLowerCase()];
    const bytes = perPast && m.sizeOf(file);
    if (!bytes) continue;
    past.push({ file, fileMb: Math.round(bytes / 2 ** 20) });
    pastMb += (bytes * perPast) / 2 ** 20;
  }
  return {
    needMb: BASE_MB + (size * per) / 2 ** 20 + pastMb,
    file: source.file,
    fileMb: Math.round(size / 2 ** 20),
    ...(past.length ? { past } : {}),
  };
}

/**
 * The heap (MB) to run `argv` with in a child process, or undefined to run it here: where the
 * user chose a heap (`explicit`), in the child itself (`given`), where the estimate fits the heap
 * this process has, or where the machine has no more to give.
 * @param {readonly string[]} argv the command's arguments
 * @param {import("./heap.js").Machine} m
 * @returns {import("./heap.js").HeapAsk | undefined}
 */
export function heapToAsk(argv, m) {
  if (m.explicit || m.given) return undefined;
  const source = heapSource(argv, m);
  const need = source && estimate(source, m);
  if (!need || need.needMb <= SHARE * m.limitMb) return undefined;
  const heapMb = Math.floor(Math.min(MARGIN * need.needMb, MACHINE_SHARE * m.machineMb));
  if (heapMb <= m.limitMb) return undefined;
  const { needMb, ...what } = need;
  return { heapMb, ...what, limitMb: Math.round(m.limitMb) };
}

/** This process and machine, as heapToAsk takes them. */
export function thisMachine(env = process.env) {
  const constrained = process.constrainedMemory?.() || Number.POSITIVE_INFINITY;
  const chose = (args) => /--max[-_]old[-_]space[-_]size\b/.test(args);
  return {
    limitMb: getHeapStatistics().heap_size_limit / 2 ** 20,
    machineMb: Math.min(totalmem(), constrained) / 2 ** 20,
    explicit: chose(process.execArgv.join(" ")) || chose(env.NODE_OPTIONS ?? ""),
    given: env[GIVEN] !== undefined,
    sizeOf: (file) => {
      try {
        const s = statSync(file);
        return s.isFile() ? s.size : undefined;
      } catch {
        return undefined;
      }
    },
    textOf: (file, most) => {
      try {
        const s = statSync(file);
        return s.isFile() && s.size <= most ? readFileSync(file, "utf8") : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** The note said when a run is given a larger heap, in the language its messages take. */
export function heapNote(ask, argv, env = process.env) {
  const zh = resolveLang(option(argv, "--lang"), env) === "zh";
  // The enterprise file, and the files of the past beside it, each with its size.
  const files = ask.file === undefined ? [] : [{ file: ask.file, fileMb: ask.fileMb }, ...(ask.past ?? [])];
  const what = zh
    ? ask.file === undefined
      ? `${ask.enterprises} 家企业的模拟辖区较大`
      : files.length === 1
        ? `${ask.file} 较大（${ask.fileMb} MB）`
        : `${files.map((f) => `${f.file}（${f.fileMb} MB）`).join("、")}较大`
    : ask.file === undefined
      ? `a district of ${ask.enterprises} enterprises is large`
      : files.length === 1
        ? `${ask.file} is large (${ask.fileMb} MB)`
        : `${files
            .slice(0, -1)
            .map((f) => `${f.file} (${f.fileMb} MB)`)
            .join(", ")} and ${files.at(-1).file} (${files.at(-1).fileMb} MB) are large`;
  return zh
    ? `gradedraw: 提示：${what}，本次运行使用 ${ask.heapMb} MB 内存堆，而非 Node.js 默认的 ${ask.limitMb} MB\n`
    : `gradedraw: note: ${what}: this run is given a heap of ${ask.heapMb} MB, not Node.js's default ${ask.limitMb} MB\n`;
}

/**
 * Runs this command again in a child process with a heap of `heapMb`, and ends as it ends (its
 * exit status, or the signal that ended it). Signals sent to this process are passed on; and
 * should this process be killed outright, the child kills itself (see childOfHeap), so a run
 * killed is never left running.
 * @returns {Promise<number>} the exit status
 */
export function runWithHeap(heapMb) {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      [...process.execArgv, `--max-old-space-size=${heapMb}`, ...process.argv.slice(1)],
      { stdio: ["inherit", "inherit", "inherit", "ipc"], env: { ...process.env, [GIVEN]: String(heapMb) } },
    );
    const signals = ["SIGINT", "SIGTERM", "SIGHUP"];
    const pass = (signal) => child.kill(signal);
    for (const s of signals) process.on(s, pass);
    child.on("error", (e) => {
      process.stderr.write(`gradedraw: ${e.message}\n`);
      done(1);
    });
    child.on("exit", (code, signal) => {
      for (const s of signals) process.off(s, pass);
      if (signal) process.kill(process.pid, signal);
      done(code ?? 1);
    });
  });
}

/** In a child given a heap: dies with its parent (the channel to it closes when it is killed), and does not wait on that channel. */
export function childOfHeap(env = process.env) {
  if (env[GIVEN] === undefined || !process.channel) return;
  process.on("disconnect", () => process.kill(process.pid, "SIGKILL"));
  process.channel.unref();
}
