import { execFile, execFileSync, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { availableParallelism, cpus, totalmem } from "node:os";
import { derivedCsv, derivedXlsx, districtCsv } from "./cases/common.js";

/**
 * `npm run bench`: each case runs in its own process (so its peak RSS is its own), figures are
 * printed, compared as ratios measured in this one run, and written to BENCHMARKS.md.
 */
type Row = Record<string, number | string | boolean>;

function run(file: string, ...args: string[]): Row {
  process.stderr.write(`bench: ${file} ${args.join(" ")}\n`);
  const out = execFileSync(process.execPath, ["--import", "tsx", `bench/cases/${file}`, ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 24,
  });
  return JSON.parse(out.trim().split("\n").pop() as string) as Row;
}

/** The same case in `k` processes at once, each one's row. */
function runTogether(k: number, file: string, ...args: string[]): Promise<Row[]> {
  process.stderr.write(`bench: ${k} × ${file} ${args.join(" ")} at once\n`);
  const one = () =>
    new Promise<Row>((resolve, reject) =>
      execFile(
        process.execPath,
        ["--import", "tsx", `bench/cases/${file}`, ...args],
        { encoding: "utf8", maxBuffer: 1 << 24 },
        (error, out) =>
          error ? reject(error) : resolve(JSON.parse(out.trim().split("\n").pop() as string) as Row),
      ),
    );
  return Promise.all(Array.from({ length: k }, one));
}

const big = Number(process.env.BENCH_SIZE ?? 1_000_000);
// The data is generated here, once, so that no case's time or peak RSS includes making it.
districtCsv(big);
// The roster of 100,000 enterprises, one district's, for the draw with it (below).
districtCsv(100_000);
derivedCsv(big, "gbk");
derivedCsv(big, "quoted");
await derivedXlsx(big);
// A small draw and a small simulation in 2 threads, untimed: they make the bundles their worker
// threads load (made once after any change of their sources), which the first timed run of each
// would otherwise count (some 0.3 s, a tenth of a simulation).
run("draw.ts", "1000");
run("simulate.ts", "2", "1000", "2");
const rules = run("rules.ts");
const tickets = run("tickets.ts");
// The parse is the draw's yardstick: it runs before and after the draw, and the faster of the two
// counts (a slow minute would otherwise flatter the draw's ratio); their spread is reported.
const parseBefore = run("read-csv.ts", String(big), "parse");
const reader = run("read-csv.ts", String(big), "reader");
// The same rows as Excel on a Chinese Windows saves them (GBK), and with every name quoted.
const readerGbk = run("read-csv.ts", String(big), "reader-gbk");
const readerQuoted = run("read-csv.ts", String(big), "reader-quoted");
const readerXlsx = run("read-csv.ts", String(big), "reader-xlsx");
const draw = run("draw.ts", String(big));
const parseAfter = run("read-csv.ts", String(big), "parse");
const parse = Number(parseAfter.seconds) < Number(parseBefore.seconds) ? parseAfter : parseBefore;
const csvParse = run("read-csv.ts", String(big), "csv-parse");
// The same draw with the roster of one district of 100,000 (a tenth of the inspectors), to show how
// much of the draw's time the team tickets, which grow with enterprises × inspectors, take.
const drawDistrict = run("draw.ts", String(big), "district-roster");
// The simulator's two targets lie close to their goals, and this machine's speed drifts from one
// minute to the next (by a quarter, on a shared host's busy day): five pairs of runs (1 thread,
// then 2), alternated so that a slow minute weighs on both; each target reports the median of its
// five figures, with all five.
const PAIRS = 5;
const simPairs = Array.from({ length: PAIRS }, () => ({
  one: run("simulate.ts", "1", "100000"),
  two: run("simulate.ts", String(Math.min(2, availableParallelism())), "100000"),
}));
/** The goal for the simulator's speed-up from 1 thread to 2. */
const SPEED_UP_GOAL = 1.6;
const speedUp = (p: (typeof simPairs)[number]) => Number(p.two.perSec) / Number(p.one.perSec);
const perCore = (p: (typeof simPairs)[number]) => Number(p.one.loopPerSecPerWorker);
/** The middle run by a figure, and every run's figure in run order. */
const middle = (figure: (p: (typeof simPairs)[number]) => number) => ({
  pair: [...simPairs].sort((a, b) => figure(a) - figure(b))[(PAIRS - 1) / 2],
  all: simPairs.map(figure),
});
const byCore = middle(perCore);
const bySpeedUp = middle(speedUp);
// The figures below the targets are those of the pair with the median speed-up.
const { one: sim1, two: sim2 } = bySpeedUp.pair;
// The 1-thread run again while another process spins on a core: a lone simulation thread leaves
// V8's compiler and collector threads the second core, which 2 threads take from them.
const spinner = spawn(process.execPath, ["-e", "for (;;);"], { stdio: "ignore" });
let simBusy: Row;
try {
  simBusy = run("simulate.ts", "1", "100000");
} finally {
  spinner.kill();
}
// This workload's own ceiling on this machine: two 1-thread simulations as two processes at once,
// which share nothing but the machine (its cores, caches and memory); the better of two tries.
const twins: Row[][] = [];
for (let i = 0; i < 2; i++) twins.push(await runTogether(2, "simulate.ts", "1", "100000"));
const twinLoop = Math.max(...twins.map((t) => t.reduce((a, r) => a + Number(r.loopPerSecPerWorker), 0)));
const simSeed = run("simulate.ts", "1", "100000", "", "seed-only");
// The seed policy with a rule reading the inspection history, whose slots are evaluated each period.
const simDays = run("simulate.ts", "1", "100000", "", "days");
const simResult = run("simulate.ts", "1", "100000", "", "last-result");
const passes = run("period-passes.ts");
const simBig = run("simulate.ts", "1", String(big), "2");
const parallel = run("parallel.ts");

const n = (x: number | string | boolean, d = 1) =>
  Number(x).toLocaleString("en-US", { maximumFractionDigits: d });
const verdict = (ok: boolean) => (ok ? "met" : "**missed**");
// The 1-thread run's time outside its replications, which a second thread cannot share.
const serial1 = Number(sim1.seconds) - Number(sim1.enterprisePeriods) / Number(sim1.loopPerSecPerWorker);
const workloadCeiling = twinLoop / perCore(byCore.pair);
const amdahl = Number(sim1.seconds) / (serial1 + (Number(sim1.seconds) - serial1) / workloadCeiling);
/** The time a run's page faults take at this machine's measured cost per fault. */
const faultSeconds = (r: Row) => (Number(r.pageFaults) * Number(parallel.faultMicros)) / 1e6;
const teamSeconds = (Number(draw.teamTickets) * Number(tickets.teamKeyMicros)) / 1e6 / availableParallelism();
const lines: [string, string, string, string][] = [
  [
    "rule evaluation: compiled vs json-rules-engine (sequential run(), one engine)",
    `${n(Number(rules.compiledPerSec) / Number(rules.jrePerSec), 0)}×`,
    "≥ 500×",
    verdict(Number(rules.compiledPerSec) / Number(rules.jrePerSec) >= 500),
  ],
  [
    "rule evaluation: compiled vs hand-written function (seed policy)",
    `${n((Number(rules.compiledPerSec) / Number(rules.handPerSec)) * 100, 0)}%`,
    "≥ 25%",
    verdict(Number(rules.compiledPerSec) / Number(rules.handPerSec) >= 0.25),
  ],
  [
    `draw of ${n(big, 0)} enterprises from CSV vs parsing the CSV alone`,
    `${n(Number(draw.seconds) / Number(parse.seconds), 1)}×`,
    "≤ 3×",
    verdict(Number(draw.seconds) / Number(parse.seconds) <= 3),
  ],
  [
    `draw of ${n(big, 0)} enterprises: peak RSS`,
    `${n(draw.maxRssMB, 0)} MB`,
    "≤ 1024 MB",
    verdict(Number(draw.maxRssMB) <= 1024),
  ],
  [
    "tickets: µs per id (sort key, as a draw computes its enterprises': in WebAssembly SIMD lanes)",
    `${n(tickets.keyMicros, 2)} µs`,
    "≤ 1 µs",
    verdict(Number(tickets.keyMicros) <= 1),
  ],
  [
    `simulator: enterprise-periods per second per core (period loop, 1 thread; median of ${PAIRS} runs, the ${PAIRS} in brackets; end to end in the figures below)`,
    `${n(perCore(byCore.pair), 0)} (${byCore.all.map((x) => `${n(x / 1e6, 1)} M`).join(", ")})`,
    "≥ 20,000,000",
    verdict(perCore(byCore.pair) >= 20_000_000),
  ],
  [
    `simulator: speed-up from 1 thread to ${sim2.workers}, end to end (median of ${PAIRS} alternated pairs, the ${PAIRS} in brackets)`,
    // Three decimals: at two, a 1.597 would show as the goal's 1.60 beside "missed".
    `${speedUp(bySpeedUp.pair).toFixed(3)}× (${bySpeedUp.all.map((x) => `${x.toFixed(3)}×`).join(", ")})`,
    `≥ ${SPEED_UP_GOAL}×`,
    verdict(speedUp(bySpeedUp.pair) >= SPEED_UP_GOAL),
  ],
  [
    `simulator: ${n(big, 0)} enterprises, peak RSS`,
    `${n(simBig.maxRssMB, 0)} MB`,
    "≤ 1536 MB",
    verdict(Number(simBig.maxRssMB) <= 1536),
  ],
];
const figures: [string, string][] = [
  ["json-rules-engine, enterprises/s", n(rules.jrePerSec, 0)],
  ["compiled evaluator over fact objects, enterprises/s", n(rules.compiledPerSec, 0)],
  ["compiled evaluator over columns, enterprises/s", n(rules.columnsPerSec, 0)],
  ["hand-written function, enterprises/s", n(rules.handPerSec, 0)],
  ["compiled vs hand-written disagreements", String(rules.disagreements)],
  [
    "ticket sort key one id at a time (TicketSource.key, where WebAssembly SIMD is missing), µs per id",
    n(tickets.oneAtATimeMicros, 2),
  ],
  ["ticket, full 78-digit string, µs per id", n(tickets.fullMicros, 2)],
  ["ticket, straightforward port (node:crypto + BigInt), µs per id", n(tickets.naiveMicros, 2)],
  [
    "team key in WebAssembly SIMD lanes (a department of 1,200 per call, laid out for its shape), µs per key",
    n(tickets.teamKeyMicros, 3),
  ],
  [
    `CSV parse alone (the records as the readers split them, without reading them as enterprises), ${n(big, 0)} rows, the faster of two runs (before and after the draw): s / rows per s / peak RSS`,
    `${n(parse.seconds, 1)} s / ${n(parse.rowsPerSec, 0)} / ${n(parse.maxRssMB, 0)} MB`,
  ],
  [
    `the same CSV through csv-parse alone (which the readers hand a file with quotes or mixed line ends): s / rows per s`,
    `${n(csvParse.seconds, 1)} s / ${n(csvParse.rowsPerSec, 0)}`,
  ],
  [
    `enterprise reader (validated), ${n(big, 0)} rows: s / rows per s / peak RSS`,
    `${n(reader.seconds, 1)} s / ${n(reader.rowsPerSec, 0)} / ${n(reader.maxRssMB, 0)} MB`,
  ],
  [
    `enterprise reader, the same rows in GBK (as Excel on a Chinese Windows saves a CSV) / in UTF-8 with every name quoted: s, and vs the reader above`,
    `${n(readerGbk.seconds, 1)} s, ${n(Number(readerGbk.seconds) / Number(reader.seconds), 2)}× / ${n(readerQuoted.seconds, 1)} s, ${n(Number(readerQuoted.seconds) / Number(reader.seconds), 2)}×`,
  ],
  [
    `enterprise reader, the same rows as a workbook (one sheet, every cell inline text, as gradedraw writes workbooks): s / peak RSS, and vs the CSV reader above`,
    `${n(readerXlsx.seconds, 1)} s / ${n(readerXlsx.maxRssMB, 0)} MB, ${n(Number(readerXlsx.seconds) / Number(reader.seconds), 2)}×`,
  ],
  [
    `draw of ${n(big, 0)}: total s (of which reading) / drawn`,
    `${n(draw.seconds, 1)} s (${n(draw.readSeconds, 1)} s) / ${n(draw.selected, 0)}`,
  ],
  [
    `draw of ${n(big, 0)}: time by phase after reading (frame: canonical inputs hashed and recorded; teams: staffing, with team tickets in worker threads, and the result hash made meanwhile; outputs: CSVs, manifest, tasks.xlsx)`,
    String(draw.phases),
  ],
  [
    `draw of ${n(big, 0)}: team tickets computed (every inspector of a visit's departments who is active and licensed on the draw date; SPEC §6 ranks the eligible)`,
    n(draw.teamTickets, 0),
  ],
  [
    `draw of ${n(big, 0)}: those team tickets alone at the measured µs per team key (WebAssembly SIMD lanes, as the workers compute them), spread over ${availableParallelism()} cores, vs parsing the CSV`,
    `${n(teamSeconds, 1)} s = ${n(teamSeconds / Number(parse.seconds), 1)}×`,
  ],
  [
    `draw of ${n(big, 0)}: its reading alone (the enterprises and inspectors, read and validated, as every command reads them) vs parsing the CSV`,
    `${n(draw.readSeconds, 1)} s = ${n(Number(draw.readSeconds) / Number(parse.seconds), 1)}×`,
  ],
  [
    `draw of ${n(big, 0)} with the roster of one district of 100,000 (${n(drawDistrict.inspectors, 0)} inspectors, not ${n(draw.inspectors, 0)}): team tickets computed / time by phase after reading / total s, and vs parsing the CSV`,
    `${n(drawDistrict.teamTickets, 0)} / ${drawDistrict.phases} / ${n(drawDistrict.seconds, 1)} s, ${n(Number(drawDistrict.seconds) / Number(parse.seconds), 1)}×`,
  ],
  [
    `simulator, 100,000 enterprises × 10 periods × 4 variants × ${sim1.replications} replications, 1 thread (end to end; this and the next four rows: the pair of median speed-up): enterprise-periods/s / s`,
    `${n(sim1.perSec, 0)} / ${n(sim1.seconds, 1)} s`,
  ],
  [
    `simulator, same, ${sim2.workers} threads: enterprise-periods/s / s`,
    `${n(sim2.perSec, 0)} / ${n(sim2.seconds, 1)} s`,
  ],
  [
    "simulator, period loop alone (replications, without loading and generating), per thread: 1 thread / 2 threads, enterprise-periods/s",
    `${n(sim1.loopPerSecPerWorker, 0)} / ${n(sim2.loopPerSecPerWorker, 0)}`,
  ],
  [
    "simulator, same: CPU time of all the process's threads / wall time (cores in use): 1 thread / 2 threads",
    `${n(Number(sim1.cpuSeconds) / Number(sim1.seconds), 2)} / ${n(Number(sim2.cpuSeconds) / Number(sim2.seconds), 2)}`,
  ],
  [
    "simulator, same, 1 thread while another process spins on a core: s, and the speed-up of 2 threads over it",
    `${n(simBusy.seconds, 1)} s, ${n(Number(simBusy.seconds) / Number(sim2.seconds), 2)}×`,
  ],
  [
    `simulator, the seed policy alone (1 variant, ${simSeed.replications} replications), period loop, 1 thread: enterprise-periods/s`,
    n(simSeed.loopPerSecPerWorker, 0),
  ],
  [
    "simulator, the seed policy with a rule reading the inspection history (every general A or B enterprise drawn when not inspected for 300 days / when its last inspection found a problem), period loop, 1 thread: ns per enterprise-period, and vs the seed policy alone",
    [simDays, simResult]
      .map((r) => {
        const ns = 1e9 / Number(r.loopPerSecPerWorker);
        return `${n(ns, 1)} ns, ${n(ns / (1e9 / Number(simSeed.loopPerSecPerWorker)), 2)}×`;
      })
      .join(" / "),
  ],
  [
    `simulator, a period's two passes over every slot (eligibility under the caps; inspections to exits), ${n(passes.slots, 0)} slots: ns per slot in JavaScript / in the WebAssembly kernels the simulator runs, and their ratio`,
    `${n(passes.javascriptNsPerSlot, 1)} / ${n(passes.webassemblyNsPerSlot, 1)}; ${n(passes.ratio, 2)}×`,
  ],
  [
    "simulator, period loop alone: throughput of 2 threads vs 1",
    `${n((2 * Number(sim2.loopPerSecPerWorker)) / Number(sim1.loopPerSecPerWorker), 2)}×`,
  ],
  [
    `simulator, ${n(big, 0)} enterprises × ${simBig.replications} replications, 1 thread: enterprise-periods/s`,
    n(simBig.perSec, 0),
  ],
  [
    "simulator: two 1-thread simulations as two processes at once (sharing only the machine), period loops together vs the 1-thread loop above (the better of two tries): this workload's ceiling for a second thread",
    `${n(workloadCeiling, 2)}×`,
  ],
  [
    "simulator, 1 thread: the part outside replications (loading, generating the district, static tables; wall time less the period loop's) / the whole; and so the most 2 threads can give end to end at the ceiling above (Amdahl: whole / (outside + loop ÷ ceiling)), without counting the second thread's own start",
    `${n(serial1, 2)} s / ${n(sim1.seconds, 2)} s; ${amdahl.toFixed(2)}×`,
  ],
  [
    "this machine's ceiling for a second worker: a CPU-bound loop in 2 workers vs 1, throughput ratio",
    `${n(parallel.ceiling, 2)}×`,
  ],
  [
    "this machine's first touch of fresh memory (one page fault per 4 KiB page; hardware takes some 0.1–0.3 µs), 64 MiB in a worker: µs per page, and the throughput of 2 workers at once vs 1",
    `${n(parallel.faultMicros, 1)} µs; ${n(parallel.faultCeiling, 2)}×`,
  ],
  [
    "simulator, the pair of median speed-up: pages of fresh memory touched (page faults of all threads), 1 thread / 2 threads; and their time at the µs per page above (2 threads: faulting together at the throughput above)",
    `${n(sim1.pageFaults, 0)} / ${n(sim2.pageFaults, 0)}; ${n(faultSeconds(sim1), 2)} s / ${n(faultSeconds(sim2) / Number(parallel.faultCeiling), 2)} s`,
  ],
];
const machine = `${cpus()[0]?.model ?? "unknown CPU"}, ${availableParallelism()} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
/** The commit measured, and whether the working tree differed from it, this file's output aside (nothing without git). */
function revision(): string {
  try {
    const git = (...args: string[]) => execFileSync("git", args, { encoding: "utf8" }).trim();
    const changed = git("status", "--porcelain", "--untracked-files=no", "--", ".", ":!BENCHMARKS.md") !== "";
    return ` at commit ${git("rev-parse", "--short", "HEAD")}${changed ? " with uncommitted changes" : ""}`;
  } catch {
    return "";
  }
}
// The same work measured more than once says whether the machine kept its speed: the parse before
// and after the draw, and the 1-thread loop in the five pairs; so do a ceiling beyond 2 cores or
// below the speed-up goal, and a pair in which 2 threads were slower than 1.
const spreadOf = (xs: number[]) => Math.max(...xs) / Math.min(...xs) - 1;
const loops = byCore.all;
const parses = [Number(parseBefore.seconds), Number(parseAfter.seconds)];
const changes = [
  spreadOf(parses) > 0.15 &&
    `the CSV parse took ${parses.map((x) => `${n(x, 1)} s`).join(" before the draw and ")} after it (the draw's figures)`,
  spreadOf(loops) > 0.15 &&
    `the same 1-thread period loop ran at ${n(Math.min(...loops) / 1e6, 1)}–${n(Math.max(...loops) / 1e6, 1)} M enterprise-periods/s in the ${PAIRS} pairs (the simulator's figures)`,
  // Two threads on two free cores are not slower than one: a pair where they were was interfered with.
  Math.min(...bySpeedUp.all) < 1 &&
    `a simulation took longer in 2 threads than in 1 (a speed-up of ${n(Math.min(...bySpeedUp.all), 2)}× in one of the ${PAIRS} pairs)`,
  // A machine whose second core does less than the goal asks of it cannot tell whether the simulator meets it.
  Number(parallel.ceiling) < SPEED_UP_GOAL &&
    `a CPU-bound loop did only ${n(parallel.ceiling, 2)}× as much in 2 workers as in 1, below the speed-up goal of ${SPEED_UP_GOAL}× (the second core was busy)`,
  // Two workers cannot do more than twice the work of one: more says the one was slowed.
  Number(parallel.ceiling) > 2.05 &&
    `a CPU-bound loop did ${n(parallel.ceiling, 2)}× as much in 2 workers as in 1, more than 2 cores can (the 1-worker run was slowed)`,
].filter((x): x is string => typeof x === "string");
const caution = changes.length
  ? [
      `**Caution: this machine changed speed during the run**, by more than 15% where it should not have (a few percent on a quiet machine): ${changes.join("; ")}. Another load on the host was at work; those figures are not to be trusted. Measure again.`,
      "",
    ]
  : [];
const md = [
  "# Benchmarks",
  "",
  `Measured ${new Date().toISOString().slice(0, 10)}${revision()} on ${machine}, by \`npm run bench\` (each figure from the same run; ratios compare figures of this run only).`,
  "",
  ...caution,
  "| target | measured | goal | |",
  "|---|---|---|---|",
  ...lines.map((l) => `| ${l.join(" | ")} |`),
  "",
  "| figure | value |",
  "|---|---|",
  ...figures.map((f) => `| ${f.join(" | ")} |`),
  "",
].join("\n");
process.stdout.write(`${md}\n`);
writeFileSync("BENCHMARKS.md", md);
