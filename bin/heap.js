// The memory a run may use. Node.js gives a process's JavaScript heap at most about 4 GB unless
// told otherwise (--max-old-space-size), and a draw holds some 500 MB of it per million
// enterprises: a province's directory of 14 million would stop with V8's "JavaScript heap out of
// memory" and a stack trace, after minutes of work. So a run whose enterprise file needs more than
// the heap it has is run again at once, in a child process given the heap it needs (as far as the
// machine has memory), with everything else the same. Plain JavaScript, run by bin/gradedraw.js
// before any TypeScript is loaded.
import { spawn } from "node:child_process";
import { statSync } from "node:fs";
import { totalmem } from "node:os";
import { extname, join } from "node:path";
import { getHeapStatistics } from "node:v8";

/** Set in the child's environment: the heap it was given (MB), so it never starts another. */
export const GIVEN = "GRADEDRAW_HEAP_GIVEN";

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
/** The heap of a run whatever its files (the policy, the code, the inspectors), MB. */
const BASE_MB = 256;
/** A run needing more than this share of the heap it has is given more. */
const SHARE = 0.9;
/** What is asked for the run: its estimate times this, for the estimate's error and the collector's room. */
const MARGIN = 1.5;
/** The most of the machine's memory a run is given (the rest for the system, worker threads, buffers). */
const MACHINE_SHARE = 0.8;

/** The enterprise file a command reads, if any: --enterprises FILE, or a draw folder's recorded list for verify. */
function enterpriseFile(argv) {
  // The last one given, as the command's options take it.
  for (let i = argv.length - 1; i >= 0; i--) {
    if (argv[i] === "--enterprises") return argv[i + 1];
    if (argv[i].startsWith("--enterprises=")) return argv[i].slice("--enterprises=".length);
  }
  if (argv[0] !== "verify") return undefined;
  // verify DIR [--db FILE] [--lang L] [--json]: the first argument that is no option nor an option's value.
  for (let i = 1; i < argv.length; i++) {
    if (argv[i] === "--db" || argv[i] === "--lang") i++;
    else if (!argv[i].startsWith("-")) return join(argv[i], "inputs", "enterprises.json");
  }
  return undefined;
}

/**
 * The heap (MB) to run `argv` with in a child process, or undefined to run it here: where the
 * user chose a heap (`explicit`), in the child itself (`given`), where the enterprise file's
 * estimate fits the heap this process has, or where the machine has no more to give.
 * @param {readonly string[]} argv the command's arguments
 * @param {{ limitMb: number, machineMb: number, explicit: boolean, given: boolean, sizeOf: (file: string) => number | undefined }} m
 * @returns {{ heapMb: number, file: string, fileMb: number, limitMb: number } | undefined}
 */
export function heapToAsk(argv, m) {
  if (m.explicit || m.given) return undefined;
  const file = enterpriseFile(argv);
  const per = file && PER_BYTE[extname(file).toLowerCase()];
  const size = per && m.sizeOf(file);
  if (!size) return undefined;
  const needMb = BASE_MB + (size * per) / 2 ** 20;
  if (needMb <= SHARE * m.limitMb) return undefined;
  const heapMb = Math.floor(Math.min(MARGIN * needMb, MACHINE_SHARE * m.machineMb));
  if (heapMb <= m.limitMb) return undefined;
  return { heapMb, file, fileMb: Math.round(size / 2 ** 20), limitMb: Math.round(m.limitMb) };
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
  };
}

/** The note said when a run is given a larger heap, in the language its messages take. */
export function heapNote(ask, argv, env = process.env) {
  const at = argv.findIndex((a) => a === "--lang" || a.startsWith("--lang="));
  const explicit = at < 0 ? undefined : argv[at].includes("=") ? argv[at].split("=")[1] : argv[at + 1];
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || Intl.DateTimeFormat().resolvedOptions().locale;
  const zh = explicit ? explicit === "zh" : locale.toLowerCase().startsWith("zh");
  return zh
    ? `gradedraw: 提示：${ask.file} 较大（${ask.fileMb} MB），本次运行使用 ${ask.heapMb} MB 内存堆，而非 Node.js 默认的 ${ask.limitMb} MB\n`
    : `gradedraw: note: ${ask.file} is large (${ask.fileMb} MB): this run is given a heap of ${ask.heapMb} MB, not Node.js's default ${ask.limitMb} MB\n`;
}

/**
 * Runs this command again in a child process with a heap of `heapMb`, and ends as it ends (its
 * exit status, or the signal that ended it). Signals sent to this process are passed on; and
 * should this process be killed outright, the child kills itself (see childOfHeap), so a run
 * killed is never left running.
 * @returns {Promise<number>} the exit status
 */
export function runWithHeap(heapMb) {
  return new Promise((resolve) => {
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
      resolve(1);
    });
    child.on("exit", (code, signal) => {
      for (const s of signals) process.off(s, pass);
      if (signal) process.kill(process.pid, signal);
      resolve(code ?? 1);
    });
  });
}

/** In a child given a heap: dies with its parent (the channel to it closes when it is killed), and does not wait on that channel. */
export function childOfHeap(env = process.env) {
  if (env[GIVEN] === undefined || !process.channel) return;
  process.on("disconnect", () => process.kill(process.pid, "SIGKILL"));
  process.channel.unref();
}
