import seedrandom from "seedrandom";
import { findingCodesInto } from "../../simulator/last-results.js";
import { Arena, type Typed } from "../../simulator/period-kernels.js";
import { eligibleMembers, inspectionsToExits, type PeriodCounts } from "../../simulator/period-passes.js";
import type { Population } from "../../simulator/population.js";
import type { Streams } from "../../simulator/streams.js";
import { report } from "./common.js";

/**
 * The simulator's two passes over every slot of a period, in JavaScript and as the arena's
 * WebAssembly kernels, on the same arrays and the same state: nanoseconds per slot of each.
 */
const n = Number(process.argv[2] ?? 110_000);
const T = 3;
const rows = T + 1;
const random = seedrandom("period-passes");
const arena = Arena.make();
if (!arena) throw new Error("no WebAssembly with shared memory here");
const filled = <A extends Typed>(a: A | undefined, f: () => number) => {
  if (!a) throw new Error("the arena is full");
  for (let i = 0; i < a.length; i++) a[i] = f();
  return a;
};
const today = 20_400;
const pop = {
  alive: filled(arena.alloc(Uint8Array, n), () => +(random() < 0.95)),
  grade: filled(arena.alloc(Uint8Array, n), () => Math.floor(random() * 5)),
  everInspected: filled(arena.alloc(Uint8Array, n), () => +(random() < 0.4)),
  remembered: 4,
  lastDays: filled(arena.alloc(Int32Array, n * 4), () =>
    random() < 0.5 ? -1e9 : today - Math.floor(random() * 900),
  ),
  lastResult: filled(arena.alloc(Uint8Array, n), () => 0),
} as unknown as Population;
const candidateOf = filled(arena.alloc(Int8Array, n * 5), () => Math.floor(random() * rows) - 1);
const caps = {
  count: filled(arena.alloc(Int32Array, rows), () => 1 + Math.floor(random() * 3)),
  from: filled(arena.alloc(Int32Array, rows), () => today - 365),
  to: filled(arena.alloc(Int32Array, rows), () => today - 1),
};
caps.count[T] = 0;
const gradeCount = filled(arena.alloc(Float64Array, 6), () => 0);
const members = filled(arena.alloc(Int32Array, rows * n), () => 0);
const counts = filled(arena.alloc(Int32Array, rows), () => 0);
const inspected = filled(arena.alloc(Uint8Array, n), () => +(random() < 0.12));
const visitDeps = filled(arena.alloc(Uint8Array, n), () => 1 + Math.floor(random() * 2));
const u = Object.fromEntries(
  ["violation", "detect", "transition", "exit"].map((p) => [p, filled(arena.alloc(Float64Array, n), random)]),
) as unknown as Streams;
const cum = filled(arena.alloc(Float64Array, 50), () => 0);
for (let k = 0; k < 50; k++) cum[k] = ((k % 5) + 1) / 5 - (k % 5 === 4 ? 0 : 0.05);
const b = {
  today,
  teamSize: 2,
  detection: 0.7,
  violationRate: filled(arena.alloc(Float64Array, 5), () => random() * 0.3),
  cum,
  exitRate: 0.02,
  findingAt: arena.alloc(Float64Array, 5) as Float64Array,
  findingByte: arena.alloc(Uint8Array, 6) as Uint8Array,
};
// Findings recorded with codes in shares, as a scenario's behaviour.findingResults gives them.
findingCodesInto(b.findingAt, b.findingByte, { rectified: 0.7, pending: 0.2, transferred: 0.1 }, b.detection);
const out = {
  ...Object.fromEntries(
    ["inspections", "found", "undetected", "byGrade", "covered"].map((p) => [
      p,
      filled(arena.alloc(Float64Array, 6), () => 0),
    ]),
  ),
  slots: 0,
} as PeriodCounts;

// Each timed pass starts from the same state: what the passes write is put back before each.
const state = [pop.alive, pop.grade, pop.everInspected, pop.lastDays, pop.lastResult];
const saved = state.map((a) => a.slice());
const restore = () => {
  state.forEach((a, k) => {
    a.set(saved[k] as never);
  });
  for (const a of [counts, gradeCount, out.inspections, out.found, out.undetected, out.byGrade, out.covered])
    a.fill(0);
};

const js = { eligibleMembers, inspectionsToExits };
const passes = { javascript: js, webassembly: arena };
const time: Record<keyof typeof passes, number> = { javascript: 0, webassembly: 0 };
const ROUNDS = 300;
const WARM = 50;
for (let round = 0; round < ROUNDS; round++)
  for (const name of Object.keys(passes) as (keyof typeof passes)[]) {
    restore();
    const pass = passes[name];
    const t = performance.now();
    pass.eligibleMembers(n, pop, candidateOf, caps, gradeCount, members, n, counts);
    pass.inspectionsToExits(n, pop, inspected, visitDeps, u, b, out);
    if (round >= WARM) time[name] += performance.now() - t;
  }
const ns = (ms: number) => (ms * 1e6) / ((ROUNDS - WARM) * n);
report({
  case: "period-passes",
  slots: n,
  javascriptNsPerSlot: ns(time.javascript),
  webassemblyNsPerSlot: ns(time.webassembly),
  ratio: time.javascript / time.webassembly,
});
