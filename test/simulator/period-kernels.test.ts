import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import { findingCodesInto, PROBLEM_CODES, RESULT_STATES } from "../../simulator/last-results.js";
import { Arena, type Typed, type TypedOf } from "../../simulator/period-kernels.js";
import { eligibleMembers, inspectionsToExits, type PeriodCounts } from "../../simulator/period-passes.js";
import type { Population } from "../../simulator/population.js";
import { simulate } from "../../simulator/run.js";
import type { Streams } from "../../simulator/streams.js";
import { tmpFile } from "../helpers/tmp.js";

/** Metric grades (A, B, C, D, ungraded, all), as the period's counts are kept. */
const G = 6;

/**
 * One period's state: the same random columns twice, once in an arena for the kernels and once in
 * plain arrays for the JavaScript passes.
 */
function twoCopies(seed: number, n: number, treatments: number, remembered: number) {
  const random = seedrandom(String(seed));
  const arena = Arena.make(remembered);
  if (!arena) throw new Error("this Node.js has WebAssembly with shared memory");
  const made: [Typed, Typed][] = [];
  const both = <T extends Typed>(Type: TypedOf<T>, length: number, value: () => number): [T, T] => {
    const here = arena.alloc(Type, length) as T;
    for (let i = 0; i < length; i++) here[i] = value();
    const plain = new Type(length);
    plain.set(here as never);
    made.push([here, plain]);
    return [here, plain];
  };
  const coin = (p: number) => () => +(random() < p);
  const today = 20_000 + Math.floor(random() * 400);
  // Inspection days around the cap windows, and "never inspected" (−10⁹), as a population keeps them.
  const day = () => (random() < 0.3 ? -1e9 : today - Math.floor(random() * 800));
  const rows = treatments + 1;
  return {
    arena,
    made,
    n,
    today,
    rows,
    alive: both(Uint8Array, n, coin(0.9)),
    grade: both(Uint8Array, n, () => Math.floor(random() * 5)),
    everInspected: both(Uint8Array, n, coin(0.4)),
    remembered,
    lastDays: both(Int32Array, n * remembered, day),
    // Any byte a slot's last result may be (see last-results.ts).
    lastResult: both(Uint8Array, n, () => Math.floor(random() * RESULT_STATES)),
    candidateOf: both(Int8Array, n * 5, () => Math.floor(random() * rows) - 1),
    // Counts up to two more than a slot remembers, and one no slot reaches (a treatment without a cap).
    capCount: both(Int32Array, rows, () =>
      random() < 0.1 ? 0x7fff_ffff : Math.floor(random() * (remembered + 3)),
    ),
    winFrom: both(Int32Array, rows, () => today - 365 - Math.floor(random() * 400)),
    winTo: both(Int32Array, rows, () => today - Math.floor(random() * 30)),
    gradeCount: both(Float64Array, G, () => 0),
    members: both(Int32Array, rows * n, () => 0),
    counts: both(Int32Array, rows, () => 0),
    inspected: both(Uint8Array, n, coin(0.15)),
    visitDeps: both(Uint8Array, n, () => Math.floor(random() * 4)),
    streams: (["violation", "detect", "transition", "exit"] as const).map(
      (p) => [p, both(Float64Array, n, random)] as const,
    ),
    violationRate: both(Float64Array, 5, random),
    cum: both(Float64Array, 50, () => 0),
    findingAt: both(Float64Array, 5, () => 0),
    findingByte: both(Uint8Array, 6, () => 0),
    out: (["inspections", "found", "undetected", "byGrade", "covered"] as const).map(
      (p) => [p, both(Float64Array, G, () => 0)] as const,
    ),
    teamSize: 2 + Math.floor(random() * 3),
    detection: random(),
    exitRate: random() * 0.2,
    hasCum: random() < 0.8,
    random,
  } as const;
}

describe("the period's passes in WebAssembly", () => {
  it("give exactly what the JavaScript passes give: eligible members, grade mix, inspections, findings, last results and the codes of findings, transitions and exits, whatever number of inspections a slot remembers", () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 0, max: 6 }),
        fc.constantFrom(4, 8, 16),
        (seed, n, T, remembered) => {
          const s = twoCopies(seed, n, T, remembered);
          // Cumulative rows of two transition matrices, as VariantSim makes them.
          for (const k of [0, 1]) {
            for (let from = 0; from < 5; from++) {
              let acc = 0;
              const weights = Array.from({ length: 5 }, () => s.random());
              const sum = weights.reduce((a, b) => a + b, 0);
              for (let to = 0; to < 5; to++) {
                acc += weights[to] / sum;
                s.cum[0][k * 25 + from * 5 + to] = acc;
                s.cum[1][k * 25 + from * 5 + to] = acc;
              }
            }
          }
          // How a finding gets its code: none (every finding FOUND), or random shares of some problem codes, some 0.
          const shares =
            s.random() < 0.3
              ? undefined
              : Object.fromEntries(PROBLEM_CODES.map((id) => [id, s.random() < 0.4 ? 0 : s.random()]));
          for (const c of [0, 1]) findingCodesInto(s.findingAt[c], s.findingByte[c], shares, s.detection);
          const pop = (c: 0 | 1) =>
            ({
              alive: s.alive[c],
              grade: s.grade[c],
              everInspected: s.everInspected[c],
              remembered: s.remembered,
              lastDays: s.lastDays[c],
              lastResult: s.lastResult[c],
            }) as unknown as Population;
          const caps = (c: 0 | 1) => ({ count: s.capCount[c], from: s.winFrom[c], to: s.winTo[c] });
          const eligible = (c: 0 | 1) =>
            [n, pop(c), s.candidateOf[c], caps(c), s.gradeCount[c], s.members[c], n, s.counts[c]] as const;
          expect(s.arena.eligibleMembers(...eligible(0))).toBe(eligibleMembers(...eligible(1)));

          const streams = (c: 0 | 1) =>
            Object.fromEntries(s.streams.map(([p, a]) => [p, a[c]])) as unknown as Streams;
          const counts = (c: 0 | 1) =>
            ({ ...Object.fromEntries(s.out.map(([p, a]) => [p, a[c]])), slots: -1 }) as PeriodCounts;
          const b = (c: 0 | 1) => ({
            today: s.today,
            teamSize: s.teamSize,
            detection: s.detection,
            violationRate: s.violationRate[c],
            cum: s.hasCum ? s.cum[c] : undefined,
            exitRate: s.exitRate,
            findingAt: s.findingAt[c],
            findingByte: s.findingByte[c],
          });
          const [here, plain] = [counts(0), counts(1)];
          s.arena.inspectionsToExits(n, pop(0), s.inspected[0], s.visitDeps[0], streams(0), b(0), here);
          inspectionsToExits(n, pop(1), s.inspected[1], s.visitDeps[1], streams(1), b(1), plain);
          expect(here.slots).toBe(plain.slots);
          // Every column and count, written or not, alike in both.
          for (const [here, plain] of s.made) expect(Array.from(here)).toEqual(Array.from(plain));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("leave a simulation's figures as the JavaScript passes make them: the same under node --jitless, which has no WebAssembly", async () => {
    const scenario = tmpFile(
      "small.yaml",
      readFileSync("simulator/scenarios/huaian.yaml", "utf8")
        .replace("size: 100000", "size: 3000")
        .replaceAll("../../policies/", `${process.cwd()}/policies/`),
    );
    const request = { scenario, years: 2, replications: 3, workers: 1 };
    const r = await simulate(request);
    const figures = r.variants.map((v) => ({
      policy: v.policy,
      metrics: v.metrics,
      differences: v.differences,
    }));
    const child = execFileSync(
      process.execPath,
      ["--jitless", "--import", "tsx", "test/helpers/simulate-figures.ts", JSON.stringify(request)],
      { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] },
    );
    const there = JSON.parse(child);
    expect(there.webAssembly).toBe(false);
    expect(there.figures).toEqual(JSON.parse(JSON.stringify(figures)));
  }, 120_000);

  it("keep the arrays made before when the arena's memory grows", () => {
    const arena = Arena.make() as Arena;
    const first = arena.alloc(Int32Array, 1000) as Int32Array;
    first.fill(7);
    // Past the first pages: the memory grows under the array made before.
    const big = arena.alloc(Float64Array, 2_000_000) as Float64Array;
    big[big.length - 1] = 1.5;
    expect(first.length).toBe(1000);
    expect(first.every((x) => x === 7)).toBe(true);
    expect(arena.holds(first, big)).toBe(true);
    expect(arena.holds(new Int32Array(3))).toBe(false);
  });

  it("map an array's pages ahead of its use and leave what it holds", () => {
    const arena = Arena.make() as Arena;
    // 8 MiB, past the memory the arena starts with: fresh pages, each mapped by the first write to it.
    const days = arena.alloc(Int32Array, 2_097_152) as Int32Array;
    arena.touch(days);
    // Mapped: writing every page now faults (almost) none, where it faulted once a page (2,048).
    const before = process.resourceUsage().minorPageFault;
    days.fill(-1e9, 0, 1024);
    for (let i = 1024; i < days.length; i += 1024) days[i] = i;
    expect(process.resourceUsage().minorPageFault - before).toBeLessThan(100);
    // Touched again, the array keeps every value.
    arena.touch(days);
    expect(days.every((d, i) => (i < 1024 ? d === -1e9 : d === (i % 1024 === 0 ? i : 0)))).toBe(true);
    // An array not the arena's is left alone.
    const other = new Int32Array(2048).fill(3);
    arena.touch(other);
    expect(other.every((d) => d === 3)).toBe(true);
  });
});
