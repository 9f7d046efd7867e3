import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import { overCap } from "../../engine/caps.js";
import { CompiledEvaluator } from "../../engine/compile.js";
import { addMonths } from "../../engine/period.js";
import { drawRatio, sampleSize } from "../../engine/plan.js";
import { loadPolicyFile } from "../../engine/policy/load.js";
import type { Policy } from "../../engine/policy/types.js";
import { sha256Hex } from "../../engine/tickets.js";
import { aleaLanes } from "../../simulator/alea-wasm.js";
import type { MetricRow } from "../../simulator/metrics.js";
import { Arena } from "../../simulator/period-kernels.js";
import { forkPopulation } from "../../simulator/population.js";
import { prepare } from "../../simulator/prepare.js";
import { runReplication } from "../../simulator/replicate.js";
import { simulate } from "../../simulator/run.js";
import { allocSlotStreams, fillSlotStreams, fillStream, SLOT_PURPOSES } from "../../simulator/streams.js";
import { scenarioPeriods } from "../../simulator/variant-sim.js";
import { draftSeed } from "../helpers/seed-policy.js";
import { tmp } from "../helpers/tmp.js";

const flat = "test/fixtures/sim/flat-scenario.yaml";
const metric = (rows: readonly MetricRow[], period: string, grade: string, name: string) =>
  rows.find((m) => m.period === period && m.grade === grade && m.name === name) as MetricRow;

describe("the simulator against arithmetic (frozen grades, no behaviour, no entries or exits)", () => {
  it("inspections per period equal rounding(ratio × pool) exactly", async () => {
    const r = await simulate({ scenario: flat, workers: 1, replications: 5 });
    for (const period of ["2026-H1", "2026-H2", "2027-H1", "2028-H2"]) {
      expect(metric(r.variants[0].metrics, period, "all", "inspections")).toEqual({
        period,
        grade: "all",
        name: "inspections",
        mean: 2000,
        lo: 2000,
        hi: 2000,
      });
    }
  });

  it("coverage after k periods matches 1 − (1 − r)^k within the reported interval", async () => {
    const r = await simulate({ scenario: flat, workers: 1 });
    ["2026-H1", "2026-H2", "2027-H1", "2027-H2", "2028-H1", "2028-H2"].forEach((period, k) => {
      const expected = 1 - 0.8 ** (k + 1);
      const m = metric(r.variants[0].metrics, period, "all", "coverage");
      expect(m.lo, period).toBeLessThanOrEqual(expected + 1e-9);
      expect(m.hi, period).toBeGreaterThanOrEqual(expected - 1e-9);
    });
  });

  it("under the seed policy, frozen grades: inspections equal the draw's own sample sizes", async () => {
    const r = await simulate({
      scenario: "simulator/scenarios/frozen.yaml",
      workers: 1,
      replications: 3,
      years: 1,
    });
    const first = metric(r.variants[0].metrics, "2026-H1", "all", "inspections");
    expect(first.lo).toBe(first.hi);
    const { base, policies } = await prepare({ scenario: "simulator/scenarios/frozen.yaml" });
    const p = policies[0].policy;
    const grade = (g: number) => ["A", "B", "C", "D", null][base.grade[g]];
    const counts: Record<string, number> = {};
    for (let i = 0; i < base.n; i++) {
      const key = base.category[i] === "key";
      const g = grade(i);
      const t = key
        ? g === "C" || g === "D"
          ? "key-stricter"
          : "key-strict"
        : g === null
          ? "general-ungraded"
          : `general-${g.toLowerCase()}`;
      counts[t] = (counts[t] ?? 0) + 1;
    }
    const expected = Object.entries(counts).reduce(
      (a, [t, n]) =>
        a + (p.treatments[t].pool ? sampleSize(drawRatio(p.treatments[t]), p.treatments[t].rounding, n) : 0),
      0,
    );
    expect(first.mean).toBe(expected);
  });
});

describe("the simulator's caps, counted as the official draw counts them", () => {
  // Every treatment draws all its eligible: a slot is inspected in a period exactly when it is not
  // over its cap, so each period's inspections say how the caps were counted. Caps of more than
  // four inspections, drawn monthly: a cap of 6 in any 12 months inspects six months on and six off.
  const policy = `policy: monthly-caps
version: 1.0.0
status: draft
effective: { from: 2020-01-01 }
title: { zh: 按月抽查上限, en: Monthly caps }
source: { document: test }
cadence: month
teamSize: 2
default: rest
items: [{ code: I1, name: 公示信息检查, department: 市场监管局, basis: 条例 }]
treatments:
  a: { label: { zh: 甲, en: A }, pool: true, ratio: 1, cap: { count: 9, window: 12m } }
  b: { label: { zh: 乙, en: B }, pool: true, ratio: 1, cap: { count: 6, window: 12m } }
  c: { label: { zh: 丙, en: C }, pool: true, ratio: 1, cap: { count: 5, window: half-year } }
  d: { label: { zh: 丁, en: D }, pool: true, ratio: 1, cap: { count: 2, window: quarter } }
  rest: { label: { zh: 其余, en: Rest }, pool: true, ratio: 1 }
rules:
${["a", "b", "c", "d"].map((g) => `  - { name: ${g}, conditions: { all: [{ fact: grade, operator: equal, value: ${g.toUpperCase()} }] }, event: { type: treatment, params: { name: ${g} } } }`).join("\n")}
`;

  it("a cap of more inspections than four (6 in any 12 months, drawn monthly) binds: each period draws exactly the slots engine/caps.ts finds under their cap", async () => {
    const dir = tmp();
    writeFileSync(resolve(dir, "monthly.yaml"), policy);
    const scenario = readFileSync(flat, "utf8")
      .replace("size: 10000", "size: 2000")
      .replace("start: 2026-H1", "start: 2026-01")
      .replace("horizon: 3", "horizon: 2")
      .replace("flat-20.yaml", "monthly.yaml");
    writeFileSync(resolve(dir, "s.yaml"), scenario);
    const { scenario: sc, base, policies } = await prepare({ scenario: resolve(dir, "s.yaml") });
    // The largest cap a run of 24 months can reach is 9: slots remember 16.
    expect(base.remembered).toBe(16);
    const p = policies[0].policy;
    const [run] = runReplication(sc, [p], base, 0, { crn: true, log: true });
    const periods = scenarioPeriods(sc, p);
    const byPeriod = periods.map(() => new Set<number>());
    for (const x of run.log ?? []) byPeriod[x.period].add(x.slot);
    const treatmentOf = (i: number) => ["a", "b", "c", "d", "rest"][base.grade[i]];
    const dates: string[][] = Array.from({ length: base.n }, () => []);
    let held = 0;
    periods.forEach((period, t) => {
      for (let i = 0; i < base.n; i++) {
        const under = !overCap(dates[i], p.treatments[treatmentOf(i)].cap, period.start);
        expect(byPeriod[t].has(i), `slot ${i} (${treatmentOf(i)}) in ${period.label}`).toBe(under);
        if (under) dates[i].push(period.start);
        else held++;
      }
    });
    expect(held).toBeGreaterThan(base.n * 5);
    // A grade-B slot: January to June of 2026, then none until January 2027, six months on and six off.
    const b = base.grade.indexOf(1);
    expect(dates[b].map((d) => d.slice(0, 7))).toEqual([
      ...["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"],
      ...["2027-01", "2027-02", "2027-03", "2027-04", "2027-05", "2027-06"],
    ]);
  });

  it("a population made for caps of four is not run under a policy whose caps need more", async () => {
    const dir = tmp();
    writeFileSync(resolve(dir, "monthly.yaml"), policy);
    const { scenario, base } = await prepare({ scenario: flat });
    const p = loadPolicyFile(resolve(dir, "monthly.yaml")).policy?.policy as Policy;
    expect(() => runReplication({ ...scenario, start: "2026-01" }, [p], base, 0, { crn: true })).toThrow(
      /remember 16 inspections; the population's slots remember 4/,
    );
  });
});

describe("static tables: each enterprise's treatment per grade, evaluated once per kind", () => {
  // A policy reading several static facts, with every treatment in the pool, so that a slot's
  // table entry is exactly the treatment of its winning rule.
  const policyText = (extraRule: string) => `policy: many-facts
version: 1.0.0
status: draft
effective: { from: 2020-01-01 }
title: { zh: 多事实, en: Many facts }
source: { document: test }
cadence: half-year
teamSize: 2
default: rest
items:
  - { code: I1, name: 公示信息检查, department: 市场监管局, basis: 条例 }
  - { code: I2, name: 劳动用工检查, department: 人社局, basis: 条例 }
treatments:
  rest: { label: { zh: 其余, en: Rest }, pool: true, ratio: 0.1 }
  watched: { label: { zh: 关注, en: Watched }, pool: true, ratio: 0.5 }
  listed: { label: { zh: 异常, en: Listed }, pool: true, ratio: 0.8 }
rules:
  - name: listed
    priority: 3
    conditions: { any: [{ fact: abnormal, operator: equal, value: true }, { fact: tags, operator: contains, value: 投诉举报 }] }
    event: { type: treatment, params: { name: listed } }
  - name: watched
    priority: 2
    conditions:
      all:
        - { fact: grade, operator: in, value: [C, D] }
        - { fact: region, operator: notEqual, value: 河下街道 }
        - { fact: industry, operator: equal, value: 批发和零售业 }
    event: { type: treatment, params: { name: watched } }
${extraRule}`;
  const byCode = `  - name: one-code
    priority: 4
    conditions: { all: [{ fact: uscc, operator: equal, value: "UNKNOWN" }] }
    event: { type: treatment, params: { name: watched } }
`;
  const scenarioText = (policy: string) =>
    readFileSync("simulator/scenarios/huaian.yaml", "utf8")
      .replace("size: 100000", "size: 6000")
      // Food makers outside both of the policy's departments: outside the task.
      .replace("departments: [市场监管局, 生态环境局] }", "departments: [生态环境局] }")
      .replace(/policies:\n(\s+- .*\n)+/, `policies:\n  - ${policy}\n`);

  async function setUp(extraRule: string) {
    const dir = tmp();
    writeFileSync(`${dir}/policy.yaml`, policyText(extraRule));
    writeFileSync(`${dir}/scenario.yaml`, scenarioText("policy.yaml"));
    return `${dir}/scenario.yaml`;
  }

  it("equal evaluating every enterprise with the compiled rules", async () => {
    const scenario = await setUp("");
    const { base, policies, tables } = await prepare({ scenario });
    const policy = policies[0].policy;
    const evaluator = new CompiledEvaluator(policy);
    const names = Object.keys(policy.treatments);
    const seen = new Set<number>();
    for (let i = 0; i < base.initial; i++)
      ["A", "B", "C", "D", null].forEach((grade, g) => {
        const facts = {
          uscc: base.uscc[i],
          category: base.category[i],
          industry: base.industry[i],
          region: base.region[i],
          departments: base.departments[i],
          tags: base.tags[i],
          abnormal: base.abnormal[i],
          grade,
        };
        const want = names.indexOf(evaluator.decideSync(facts).treatment ?? policy.default);
        const asEntrant = { ...facts, tags: [], abnormal: false };
        const wantEntrant = names.indexOf(evaluator.decideSync(asEntrant).treatment ?? policy.default);
        seen.add(want);
        // Outside the task (not supervised by the policy's departments) a slot never joins a stratum.
        const visitDeps = base.departments[i].filter((d) => d === "市场监管局" || d === "人社局").length;
        expect(tables[0].visitDeps[i], `slot ${i}`).toBe(visitDeps);
        expect(tables[0].inTask[i], `slot ${i}`).toBe(visitDeps > 0 ? 1 : 0);
        expect(tables[0].candidateOf[i * 5 + g], `slot ${i} grade ${grade}`).toBe(visitDeps > 0 ? want : -1);
        expect(tables[0].entrantCandidateOf?.[i * 5 + g], `entrant like ${i}`).toBe(
          visitDeps > 0 ? wantEntrant : -1,
        );
      });
    // Slots outside the task, and visits to one department and to two, all occur.
    expect(new Set(tables[0].visitDeps)).toEqual(new Set([0, 1, 2]));
    // Every treatment occurs, so the comparison says something about each rule.
    expect(seen.size).toBe(3);
  }, 60_000);

  it("an entrant's row is its model's, evaluated without tags and not abnormal, under rules that read neither", async () => {
    const { base, policies, tables } = await prepare({ scenario: "simulator/scenarios/huaian.yaml" });
    policies.forEach((lp, p) => {
      const evaluator = new CompiledEvaluator(lp.policy);
      expect(evaluator.facts.filter((f) => f === "tags" || f === "abnormal")).toEqual([]);
      for (let i = 0; i < base.initial; i += 97)
        ["A", "B", "C", "D", null].forEach((grade, g) => {
          const model = { category: base.category[i], tags: base.tags[i], abnormal: base.abnormal[i], grade };
          const entrant = { ...model, tags: [], abnormal: false };
          expect(evaluator.decideSync(entrant).treatment).toBe(evaluator.decideSync(model).treatment);
          const row = tables[p].entrantCandidateOf?.[i * 5 + g];
          expect(row, `policy ${p} entrant like ${i}`).toBe(tables[p].candidateOf[i * 5 + g]);
        });
    });
  }, 60_000);

  it("a policy that reads the code gives the same results in workers, which then take the text columns", async () => {
    const scenario = await setUp(byCode);
    const { tables } = await prepare({ scenario });
    expect(tables[0].entrantCandidateOf).toBeUndefined();
    const opts = { scenario, years: 2, replications: 4 };
    const one = await simulate({ ...opts, workers: 1 });
    const two = await simulate({ ...opts, workers: 2 });
    expect(two.variants).toEqual(one.variants);
    expect(one.performance.enterprisePeriods).toBeGreaterThan(0);
  }, 120_000);
});

describe("the simulator keeps the seed policy's promises", () => {
  it("never inspects an A-grade general enterprise, and a B enterprise never twice in any 12 months", async () => {
    const { scenario, base } = await prepare({ scenario: "simulator/scenarios/huaian.yaml" });
    const small = { ...scenario, horizon: 5 };
    const p = loadPolicyFile("policies/huaian-2021/1.0.0.yaml").policy?.policy as Policy;
    const sub = { ...base };
    const [run] = runReplication(small, [p], sub, 0, { crn: true, log: true });
    const periods = scenarioPeriods(small, p);
    const log = run.log ?? [];
    expect(log.length).toBeGreaterThan(1000);
    expect(log.filter((x) => x.grade === 0 && !x.key)).toEqual([]);
    const lastB = new Map<number, string>();
    const seen = new Map<number, string>();
    for (const x of log) {
      const date = periods[x.period].start;
      const prev = seen.get(x.slot);
      if (x.grade === 1 && !x.key && prev !== undefined)
        expect(prev < addMonths(date, -12) || prev === addMonths(date, -12), `slot ${x.slot}`).toBe(true);
      seen.set(x.slot, date);
      if (x.grade === 1) lastB.set(x.slot, date);
    }
    expect(lastB.size).toBeGreaterThan(100);
  }, 120_000);
});

describe("the periods a scenario simulates", () => {
  it("are the policy's cadence from the period the scenario's start begins in, horizon years of them", async () => {
    const { scenario } = await prepare({ scenario: "simulator/scenarios/huaian.yaml" });
    const p = loadPolicyFile("policies/huaian-2021/1.0.0.yaml").policy?.policy as Policy;
    const labels = (start: string, cadence: Policy["cadence"]) =>
      scenarioPeriods({ ...scenario, start, horizon: 2 }, { ...p, cadence }).map((x) => x.label);
    expect(labels("2026-H1", "half-year")).toEqual(["2026-H1", "2026-H2", "2027-H1", "2027-H2"]);
    // A half-year start under a quarterly policy: its quarters, not eight half-years.
    expect(labels("2026-H2", "quarter")).toEqual([
      "2026-Q3",
      "2026-Q4",
      "2027-Q1",
      "2027-Q2",
      "2027-Q3",
      "2027-Q4",
      "2028-Q1",
      "2028-Q2",
    ]);
    expect(labels("2026-H2", "year")).toEqual(["2026", "2027"]);
    expect(labels("2026-Q2", "month").slice(0, 2)).toEqual(["2026-04", "2026-05"]);
    expect(labels("2026-Q2", "month")).toHaveLength(24);
  });

  it("a start of another cadence than the policies' is said, with the periods run and what is read per period", async () => {
    const quarterly = draftSeed(resolve(tmp(), "q.yaml"), "cadence: half-year", "cadence: quarter");
    const notices: string[] = [];
    const { periods } = await prepare({
      scenario: "simulator/scenarios/frozen.yaml",
      policies: [quarterly],
      years: 1,
      onNotice: (n) => notices.push(n),
    });
    expect(periods.map((p) => p.label)).toEqual(["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]);
    expect(notices).toContain(
      "note: simulator/scenarios/frozen.yaml starts at 2026-H1, a half-year, and the policies draw per quarter: the simulation runs 4 quarters, 2026-Q1 to 2026-Q4, and reads the scenario's figures per period (violation probabilities, grade transitions, inspections per inspector) as per quarter",
    );
    notices.length = 0;
    await prepare({
      scenario: "simulator/scenarios/frozen.yaml",
      years: 1,
      onNotice: (n) => notices.push(n),
    });
    expect(notices.filter((n) => n.includes("starts at"))).toEqual([]);
  });
});

describe("common random numbers, workers and seeds", () => {
  it("a stream is seedrandom's alea seeded with the digest of (seed, replication, period, purpose)", () => {
    const expected = (purpose: string, count: number) => {
      const next = seedrandom.alea(sha256Hex(`淮安|3|5|${purpose}`));
      return Float64Array.from({ length: count }, () => next());
    };
    for (const count of [0, 7, 1000]) {
      const out = new Float64Array(count + 2).fill(-1);
      fillStream("淮安", 3, 5, "entry", out, count);
      expect(out.subarray(0, count)).toEqual(expected("entry", count));
      expect([...out.subarray(count)]).toEqual([-1, -1]);
      // The five per-slot streams, filled side by side.
      const u = Object.fromEntries(SLOT_PURPOSES.map((p) => [p, new Float64Array(count + 2).fill(-1)]));
      fillSlotStreams("淮安", 3, 5, u as Record<(typeof SLOT_PURPOSES)[number], Float64Array>, count);
      for (const p of SLOT_PURPOSES) {
        expect(u[p].subarray(0, count), p).toEqual(expected(p, count));
        expect([...u[p].subarray(count)]).toEqual([-1, -1]);
      }
    }
  });

  it("the per-slot streams filled in WebAssembly are the same numbers as seedrandom's alea, in a kernel's own memory or a population's arena", () => {
    const arena = Arena.make();
    expect(arena).toBeDefined();
    for (const [seed, replication, period, count, where] of [
      ["淮安", 3, 5, 1000, undefined],
      ["seed", 0, 0, 1, undefined],
      ["x", 19, 9, 70_000, undefined],
      ["淮安", 3, 5, 1000, arena],
      ["x", 19, 9, 70_000, arena],
    ] as const) {
      const u = allocSlotStreams(count + 2, where);
      if (where) for (const p of SLOT_PURPOSES) expect(where.holds(u[p])).toBe(true);
      // The kernel's arrays: one WebAssembly memory, not five arrays of their own.
      for (const p of SLOT_PURPOSES) expect(u[p].buffer).toBe(u.rank.buffer);
      for (const p of SLOT_PURPOSES) u[p].fill(-1);
      fillSlotStreams(seed, replication, period, u, count);
      for (const p of SLOT_PURPOSES) {
        const next = seedrandom.alea(sha256Hex(`${seed}|${replication}|${period}|${p}`));
        expect(u[p].subarray(0, count), p).toEqual(Float64Array.from({ length: count }, () => next()));
        expect([...u[p].subarray(count)]).toEqual([-1, -1]);
      }
    }
    // Past one WebAssembly memory (4 GiB) there is no kernel, and the streams are plain arrays.
    expect(aleaLanes(200_000_000)).toBeUndefined();
    expect(arena?.aleaLanes(200_000_000)).toBeUndefined();
  });

  const opts = { scenario: "simulator/scenarios/huaian.yaml", years: 2, replications: 6 } as const;

  it("paired-difference intervals are narrower with common random numbers than with independent streams", async () => {
    const crn = await simulate({ ...opts, workers: 1, crn: true });
    const ind = await simulate({ ...opts, workers: 1, crn: false });
    const width = (r: typeof crn, name: string) => {
      const d = metric(r.variants[1].differences ?? [], "2027-H2", "all", name);
      return d.hi - d.lo;
    };
    for (const name of ["violationsFound", "coverage", "honestBurden"])
      expect(width(crn, name), name).toBeLessThan(width(ind, name));
  }, 120_000);

  it("gives identical results whatever the number of workers, and the same numbers for the same seed", async () => {
    const one = await simulate({ ...opts, workers: 1 });
    const two = await simulate({ ...opts, workers: 2 });
    expect(two.variants).toEqual(one.variants);
    // Three threads run the last two replications a variant at a time (two threads, the last one).
    const three = await simulate({ ...opts, workers: 3 });
    expect(three.variants).toEqual(one.variants);
    const other = await simulate({ ...opts, workers: 1, seed: "another" });
    expect(other.variants[0].metrics).not.toEqual(one.variants[0].metrics);
  }, 180_000);

  it("gives identical results whatever the number of workers without common random numbers too (each variant its own streams)", async () => {
    const one = await simulate({ ...opts, replications: 4, workers: 1, crn: false });
    const two = await simulate({ ...opts, replications: 4, workers: 2, crn: false });
    expect(two.variants).toEqual(one.variants);
  }, 180_000);

  it("workers are sent the population and its static tables without a copy, and each run changes its own copy", async () => {
    const { base, tables } = await prepare({ scenario: flat });
    for (const column of [base.grade, base.alive, base.everInspected, base.lastDays, base.like])
      expect(column.buffer).toBeInstanceOf(SharedArrayBuffer);
    for (const t of tables)
      for (const column of [t.candidateOf, t.inTask, t.visitDeps, t.entrantCandidateOf, t.listOf])
        expect(column?.buffer).toBeInstanceOf(SharedArrayBuffer);
    const fork = forkPopulation(base);
    expect(fork.grade.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    fork.grade[0] = (base.grade[0] + 1) % 5;
    expect(fork.grade[0]).not.toBe(base.grade[0]);
  });

  it("a population read from an enterprise file gives the same results in workers, which are sent it", async () => {
    const scenario = `${tmp()}/from-file.yaml`;
    writeFileSync(
      scenario,
      readFileSync("simulator/scenarios/huaian.yaml", "utf8")
        .replace(
          /population:\n( {2}(?!entryRate).*\n)+/,
          `population:\n  enterprises: ${resolve("examples/enterprises.csv")}\n`,
        )
        .replaceAll("../../policies/", `${resolve("policies")}/`),
    );
    const opts = { scenario, years: 3, replications: 6 };
    const one = await simulate({ ...opts, workers: 1 });
    const two = await simulate({ ...opts, workers: 2 });
    expect(two.performance.workers).toBe(2);
    expect(two.variants).toEqual(one.variants);
    // The 30 enterprises of the example file, not a synthetic district.
    expect(metric(one.variants[0].metrics, "2026-H1", "all", "inspections").mean).toBeLessThan(30);
    expect(metric(one.variants[0].metrics, "2026-H1", "all", "inspections").mean).toBeGreaterThan(0);
  }, 60_000);
});
