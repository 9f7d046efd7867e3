import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import { zhCount } from "../../engine/lang.js";
import { addMonths, type Period, parsePeriod } from "../../engine/period.js";
import { loadPolicyFile } from "../../engine/policy/load.js";
import type { Policy } from "../../engine/policy/types.js";
import { sha256Hex } from "../../engine/tickets.js";
import { aleaLanes } from "../../simulator/alea-wasm.js";
import {
  aggregate,
  METRIC_GRADES,
  METRICS,
  type MetricName,
  type MetricRow,
  metricIndex,
} from "../../simulator/metrics.js";
import { formatMetric, signedMetric } from "../../simulator/output.js";
import { Arena } from "../../simulator/period-kernels.js";
import { forkPopulation } from "../../simulator/population.js";
import { runReplication } from "../../simulator/replicate.js";
import { BOUNDS, prepare, simulate } from "../../simulator/run.js";
import { loadScenario } from "../../simulator/scenario.js";
import { allocSlotStreams, fillSlotStreams, fillStream, SLOT_PURPOSES } from "../../simulator/streams.js";
import { scenarioPeriods } from "../../simulator/variant-sim.js";
import { runCli } from "../helpers/run-cli.js";
import { tmp, tmpFile } from "../helpers/tmp.js";

const flat = "test/fixtures/sim/flat-scenario.yaml";
const metric = (rows: readonly MetricRow[], period: string, grade: string, name: string) =>
  rows.find((m) => m.period === period && m.grade === grade && m.name === name) as MetricRow;

describe("the comparison table's figures", () => {
  it("shows counts whole when they are, else to about three significant figures, and shares in percent", () => {
    expect([16101, 32, -4, 32.25, -56.5, 1823.4, 0.125].map((x) => formatMetric(x, "inspections"))).toEqual([
      "16101",
      "32",
      "-4",
      "32.3",
      "-56.5",
      "1823",
      "0.13",
    ]);
    expect(formatMetric(0.2934, "coverage")).toBe("29.3%");
  });

  it("shows a figure that rounds to zero without a sign, and a difference with its sign otherwise", () => {
    expect(formatMetric(-0.00001, "coverage")).toBe("0.0%");
    expect(formatMetric(-0.001, "inspections")).toBe("0.00");
    expect(
      [
        [0.0001, "coverage"],
        [-0.0001, "coverage"],
        [0, "inspections"],
        [0.5, "inspections"],
        [-1.25, "inspections"],
        [0.023, "hitRate"],
      ].map(([x, name]) => signedMetric(x as number, name as string)),
    ).toEqual(["0.0%", "0.0%", "0", "+0.50", "-1.25", "+2.3%"]);
  });

  it("keeps every interval within the values its metric can take: counts from 0, shares from 0% to 100%", () => {
    const periods = [parsePeriod("2026-H1") as Period];
    const at = (name: MetricName) => metricIndex(0, METRIC_GRADES.length - 1, METRICS.indexOf(name));
    // Four replications: a rare finding and a hit rate near 100% give t-intervals past both ends.
    const reps = [
      [0, 1],
      [0, 1],
      [0, 1],
      [3, 0.4],
    ].map(([found, hit]) => {
      const r = new Float64Array(METRIC_GRADES.length * METRICS.length);
      r[at("violationsFound")] = found;
      r[at("hitRate")] = hit;
      return r;
    });
    const rows = aggregate(periods, reps);
    const row = (name: string) => rows.find((m) => m.grade === "all" && m.name === name) as MetricRow;
    expect(row("violationsFound")).toMatchObject({ mean: 0.75, lo: 0 });
    expect(row("violationsFound").hi).toBeCloseTo(0.75 + 3.182 * 0.75, 6);
    expect(row("hitRate")).toMatchObject({ mean: 0.85, hi: 1 });
    expect(row("hitRate").lo).toBeCloseTo(0.85 - 3.182 * 0.15, 6);
    // Paired differences may be negative, but a difference of shares stays within ±100 points.
    const zero = reps.map(() => new Float64Array(METRIC_GRADES.length * METRICS.length));
    const minus = aggregate(periods, zero, reps);
    const diff = (name: string) => minus.find((m) => m.grade === "all" && m.name === name) as MetricRow;
    expect(diff("violationsFound").lo).toBeCloseTo(-0.75 - 3.182 * 0.75, 6);
    expect(diff("hitRate")).toMatchObject({ mean: -0.85, lo: -1 });
  });

  it("counts large numbers in Chinese by 万 and 亿, not by thousands and millions", () => {
    expect([9999, 6_581_276, 171_200_000, 300_000].map(zhCount)).toEqual(["9999", "658万", "1.7亿", "30万"]);
  });
});

describe("gradedraw simulate's options", () => {
  it("take the scenario file's bounds: 1 to 50 years, 2 to 10,000 replications (one has no interval)", async () => {
    const run = (...more: string[]) =>
      runCli("simulate", "--scenario", "simulator/scenarios/frozen.yaml", "--no-tui", ...more);
    for (const [option, value, range] of [
      ["--replications", "1", "from 2 to 10000"],
      ["--replications", "10001", "from 2 to 10000"],
      ["--years", "51", "from 1 to 50"],
      ["--years", "1.5", "from 1 to 50"],
      ["--workers", "0", "≥ 1"],
    ]) {
      const r = await run(option, value);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`gradedraw: ${option} must be a whole number ${range}, not '${value}'`);
    }
    expect(
      (await runCli("--lang", "zh", "simulate", "--scenario", "x.yaml", "--replications", "1")).stderr,
    ).toBe("gradedraw: --replications 应为 2 到 10000 之间的整数，而不是“1”");
  });

  it("bind the simulate() API too, before anything is loaded", async () => {
    const schema = JSON.parse(readFileSync("simulator/scenario.schema.json", "utf8"));
    const bounds = (k: string) => [schema.properties[k].minimum, schema.properties[k].maximum];
    expect(BOUNDS).toEqual({ years: bounds("horizon"), replications: bounds("replications") });
    const scenario = "simulator/scenarios/frozen.yaml";
    await expect(simulate({ scenario, replications: 1 })).rejects.toThrow(
      "replications must be a whole number from 2 to 10000, not 1",
    );
    await expect(simulate({ scenario, years: 0 })).rejects.toThrow(
      "years must be a whole number from 1 to 50, not 0",
    );
  });
});

describe("scenario files", () => {
  it("the bundled scenarios validate", () => {
    for (const f of ["simulator/scenarios/huaian.yaml", "simulator/scenarios/frozen.yaml"])
      expect(loadScenario(f).problems).toEqual([]);
  });

  it("report every problem with its place", () => {
    const r = loadScenario("test/fixtures/sim/bad-scenario.yaml");
    expect(r.problems.map((p) => `${p.line}:${p.col}: ${p.message}`)).toEqual([
      "11:14: `detection` must be <= 1",
      "19:1: unknown property `colour`",
    ]);
  });

  it("a population, transitions or text that fits none of its forms says which forms there are", () => {
    const text = readFileSync("test/fixtures/sim/flat-scenario.yaml", "utf8")
      .replace("  size: 10000\n", "  size: 10000\n  enterprises: 名录.csv\n")
      .replace("transitions: none", "transitions: some");
    const scenario = tmpFile("s.yaml", `${text}assumptions:\n  - text: 5\n`);
    expect(loadScenario(scenario).problems.map((p) => p.message)).toEqual([
      "`population` needs either `enterprises` (a file of enterprises) or `size`, `grades`, `keyShare`, `industries` and `regions` (a synthetic district), not both",
      "`transitions` must be `none` or a mapping with `normal` and `found`",
      "`text` must be a text, or its Chinese and English {zh, en}",
    ]);
    const none = tmpFile(
      "s.yaml",
      text.replace(/population:\n[\s\S]*?(?=behaviour:)/, "population:\n  entryRate: 0\n"),
    );
    expect(loadScenario(none, "zh").problems.map((p) => p.message)).toEqual([
      "`population` 应给出 `enterprises`（企业名录文件），或 `size`、`grades`、`keyShare`、`industries` 与 `regions`（合成辖区），二者取其一",
      "`transitions` 应为 `none`，或包含 `normal` 与 `found` 的映射",
    ]);
  });

  it("a list of departments typed with a Chinese comma is refused: it would be one department no task draws from", () => {
    const text = readFileSync("test/fixtures/sim/flat-scenario.yaml", "utf8")
      .replace("departments: [市场监管局]", "departments: [市场监管局，人社局]")
      .replace("inspectors: { 市场监管局: 100 }", "inspectors: { 市场监管局、人社局: 100 }");
    const scenario = tmpFile("s.yaml", text);
    const lines = text.split("\n");
    const lineOf = (s: string) => lines.findIndex((l) => l.includes(s)) + 1;
    expect(loadScenario(scenario).problems.map((p) => [p.line, p.message])).toEqual([
      [
        lineOf("市场监管局，人社局"),
        "'市场监管局，人社局' is one department name with '，' in it: write a list of departments as [市场监管局, 人社局], with ASCII commas",
      ],
      [
        lineOf("市场监管局、人社局"),
        "'市场监管局、人社局' is one department name with '、' in it: give each department its inspectors, as { 市场监管局: …, 人社局: … }",
      ],
    ]);
    expect(loadScenario(scenario, "zh").problems[0].message).toBe(
      "“市场监管局，人社局”是一个含“，”的部门名称：多个部门请写作 [市场监管局, 人社局]，用半角逗号分隔",
    );
  });

  it("a scenario's enterprise file none of whose enterprises names a supervising department is refused: nobody would be inspected", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "e.csv"), "uscc,grade,category\n91110108551385082Q,B,general\n");
    const scenario = join(dir, "s.yaml");
    writeFileSync(
      scenario,
      readFileSync("test/fixtures/sim/flat-scenario.yaml", "utf8")
        .replace(/population:\n[\s\S]*?(?=behaviour:)/, "population:\n  enterprises: e.csv\n")
        .replace("flat-20.yaml", resolve("test/fixtures/sim/flat-20.yaml")),
    );
    await expect(simulate({ scenario, workers: 1, replications: 2, years: 1 })).rejects.toMatchObject({
      problems: [
        {
          file: join(dir, "e.csv"),
          column: "departments",
          message:
            "no enterprise names a supervising department (column departments, 监管部门): every task's pool would be empty",
        },
      ],
    });
  });

  it("a department the scenario writes another way than the policy does is said: its enterprises are never drawn", async () => {
    const scenario = tmpFile(
      "s.yaml",
      readFileSync("test/fixtures/sim/flat-scenario.yaml", "utf8")
        .replace("departments: [市场监管局]", "departments: [市场监督管理局]")
        .replace("flat-20.yaml", resolve("test/fixtures/sim/flat-20.yaml")),
    );
    const notices: string[] = [];
    await simulate({ scenario, workers: 1, replications: 2, years: 1, onNotice: (n) => notices.push(n) });
    expect(notices).toEqual([
      `note: ${scenario} names department(s) that no item of the policy has: 市场监督管理局 (10000); the policy's are 市场监管局; 10000 enterprise(s) name no other and are in no task's pool: is a department written another way?`,
    ]);
  });

  it("a path in a scenario that is not there is said at its line, as read from the scenario's folder; its own policies only when no --policy replaces them", async () => {
    const dir = tmp();
    const text = readFileSync("test/fixtures/sim/flat-scenario.yaml", "utf8");
    const lines = text.split("\n");
    const scenario = join(dir, "s.yaml");
    writeFileSync(scenario, text);
    const own = join(dir, "flat-20.yaml");
    const at = lines.findIndex((l) => l.includes("flat-20.yaml")) + 1;
    await expect(simulate({ scenario, workers: 1, replications: 2, years: 1 })).rejects.toMatchObject({
      problems: [
        {
          file: scenario,
          line: at,
          message: `no such file: ${own} (a path in a scenario is read from the scenario file's folder)`,
        },
      ],
    });
    const other = await simulate({
      scenario,
      policies: [resolve("test/fixtures/sim/flat-20.yaml")],
      workers: 1,
      replications: 2,
      years: 1,
    });
    expect(other.variants.map((v) => v.policy)).toEqual(["flat-twenty"]);
    // The enterprise file is read whatever the policies: the scenario is refused as it loads.
    writeFileSync(
      scenario,
      text.replace(/population:\n[\s\S]*?(?=behaviour:)/, "population:\n  enterprises: 名录.csv\n"),
    );
    expect(loadScenario(scenario, "zh").problems.map((p) => [p.line, p.message])).toEqual([
      [4, `文件不存在：${join(dir, "名录.csv")}（场景中的路径相对于场景文件所在的文件夹）`],
    ]);
  });
});

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
    const { sampleSize, drawRatio } = await import("../../engine/plan.js");
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
    const { tmp } = await import("../helpers/tmp.js");
    const dir = tmp();
    writeFileSync(`${dir}/policy.yaml`, policyText(extraRule));
    writeFileSync(`${dir}/scenario.yaml`, scenarioText("policy.yaml"));
    return `${dir}/scenario.yaml`;
  }

  it("equal evaluating every enterprise with the compiled rules", async () => {
    const scenario = await setUp("");
    const { base, policies, tables } = await prepare({ scenario });
    const { CompiledEvaluator } = await import("../../engine/compile.js");
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
    const { CompiledEvaluator } = await import("../../engine/compile.js");
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
    const other = await simulate({ ...opts, workers: 1, seed: "another" });
    expect(other.variants[0].metrics).not.toEqual(one.variants[0].metrics);
  }, 180_000);

  it("workers are sent the population and its static tables without a copy, and each run changes its own copy", async () => {
    const { base, tables } = await prepare({ scenario: flat });
    for (const column of [base.grade, base.alive, base.everInspected, base.lastDays, base.like])
      expect(column.buffer).toBeInstanceOf(SharedArrayBuffer);
    for (const t of tables)
      for (const column of [t.candidateOf, t.inTask, t.visitDeps, t.entrantCandidateOf])
        expect(column?.buffer).toBeInstanceOf(SharedArrayBuffer);
    const fork = forkPopulation(base);
    expect(fork.grade.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    fork.grade[0] = (base.grade[0] + 1) % 5;
    expect(fork.grade[0]).not.toBe(base.grade[0]);
  });

  it("a population read from an enterprise file gives the same results in workers, which are sent it", async () => {
    const { tmp } = await import("../helpers/tmp.js");
    const { resolve } = await import("node:path");
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

  it("gradedraw simulate says what reading its enterprise file noticed, as the draw does (a code normalised)", async () => {
    const { tmp } = await import("../helpers/tmp.js");
    const { resolve } = await import("node:path");
    const dir = tmp();
    const csv = readFileSync("examples/enterprises.csv", "utf8").split("\n");
    // The first enterprise's code typed in lower case.
    csv[1] = csv[1].replace(/^[0-9A-Z]{18}/, (code) => code.toLowerCase());
    writeFileSync(`${dir}/e.csv`, csv.join("\n"));
    const scenario = `${dir}/from-file.yaml`;
    writeFileSync(
      scenario,
      readFileSync("simulator/scenarios/huaian.yaml", "utf8")
        .replace(/population:\n( {2}(?!entryRate).*\n)+/, `population:\n  enterprises: ${dir}/e.csv\n`)
        .replaceAll("../../policies/", `${resolve("policies")}/`),
    );
    const r = await runCli(
      "simulate",
      "--scenario",
      scenario,
      "--years",
      "1",
      "--replications",
      "2",
      "--workers",
      "1",
      "--no-tui",
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^gradedraw: \S+e\.csv: 1 unified social credit code\(s\) were in lower case/m);
  }, 60_000);

  it("gradedraw simulate refuses an --out that is someone's folder before simulating, and leaves it as it was", async () => {
    const { tmp } = await import("../helpers/tmp.js");
    const { mkdirSync, readdirSync, writeFileSync } = await import("node:fs");
    const mine = `${tmp()}/mine`;
    mkdirSync(mine);
    writeFileSync(`${mine}/notes.txt`, "keep");
    const r = await runCli("simulate", "--scenario", flat, "--replications", "3", "--out", mine, "--no-tui");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `gradedraw: ${mine} is not empty and is not a previous output (no results.json)`,
    );
    expect(r.stderr).not.toContain("internal error");
    expect(r.stderr).not.toContain("replication 1/3");
    expect(readdirSync(mine)).toEqual(["notes.txt"]);
  });

  it("gradedraw simulate --lang zh reports a policy or scenario it cannot read in Chinese, with the file", async () => {
    const policy = await runCli(
      "simulate",
      "--scenario",
      flat,
      "--policy",
      "nope.yaml",
      "--lang",
      "zh",
      "--no-tui",
    );
    expect(policy.code).toBe(1);
    expect(policy.stderr).toContain("gradedraw: 文件不存在 (nope.yaml)");
    const scenario = await runCli("simulate", "--scenario", "nope.yaml", "--lang", "zh", "--no-tui");
    expect(scenario.code).toBe(1);
    expect(scenario.stderr).toContain("gradedraw: 文件不存在 (nope.yaml)");
    const years = await runCli("simulate", "--scenario", flat, "--years", "0", "--lang", "zh", "--no-tui");
    expect(years.code).toBe(2);
    expect(years.stderr.trim()).toBe("gradedraw: --years 应为 1 到 50 之间的整数，而不是“0”");
  });

  it("gradedraw simulate prints a comparison table and writes results.json and metrics.csv", async () => {
    const { tmp } = await import("../helpers/tmp.js");
    const { readFileSync } = await import("node:fs");
    const out = `${tmp()}/sim`;
    const args = ["simulate", "--scenario", flat, "--replications", "3", "--years", "1", "--workers", "1"];
    const r = await runCli(...args, "--out", out);
    expect(r.code).toBe(0);
    // How far it is goes to a terminal's status line only: stderr here is a pipe.
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/inspections\s+2000 \[2000–2000\]/);
    const json = JSON.parse(readFileSync(`${out}/results.json`, "utf8"));
    expect(json).toMatchObject({ scenario: "flat-check", seed: "flat", replications: 3 });
    expect(json.variants[0]).toMatchObject({ policy: "flat-twenty", version: "1.0.0" });
    expect(json.variants[0].metrics[0]).toEqual({
      period: "2026-H1",
      grade: "A",
      name: "inspections",
      mean: expect.any(Number),
      lo: expect.any(Number),
      hi: expect.any(Number),
    });
    expect(readFileSync(`${out}/metrics.csv`, "utf8").split("\r\n")[0]).toBe(
      "\uFEFFpolicy,version,kind,period,grade,name,mean,lo,hi",
    );
    expect(r.stdout.split("\n")[0]).toMatch(/ — 3 replications, 1 year, seed flat$/);
    const zh = await runCli("--lang", "zh", ...args);
    expect(zh.stdout.split("\n")[0]).toMatch(/ —— 3 次重复，1 年，种子 flat$/);
    expect(zh.stdout).toMatch(/检查次数\s+2000 \[2000–2000\]/);
    // The note says a difference of shares is in percentage points, not a relative change.
    expect(r.stdout).toContain(
      "paired difference against the first variant (of a share, in percentage points)",
    );
    expect(zh.stdout).toContain("配对差值（比率之差以百分点计）");
  });
});
