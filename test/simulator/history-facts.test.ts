import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CompiledEvaluator } from "../../engine/compile.js";
import { readHistory } from "../../engine/data/read.js";
import type { Enterprise, HistoryEntry } from "../../engine/data/records.js";
import { enterpriseFacts } from "../../engine/facts.js";
import { HistoryIndex, visits } from "../../engine/history.js";
import { GRADE_VALUES, type Population } from "../../simulator/population.js";
import { prepare } from "../../simulator/prepare.js";
import { runReplication } from "../../simulator/replicate.js";
import { simulate } from "../../simulator/run.js";
import { scenarioPeriods } from "../../simulator/variant-sim.js";
import { enterprise } from "../helpers/enterprise.js";
import { runCli } from "../helpers/run-cli.js";
import { tmp } from "../helpers/tmp.js";

/**
 * A policy drawn monthly whose treatments depend on the inspection history, each drawing all its
 * eligible (ratio 1, no cap): a slot is inspected in a period exactly when its history gives it
 * `due` or `few`, so each period's inspections say how the history facts were read. An A
 * enterprise is due when never inspected or 90 days after its last inspection (1 January to
 * 1 April is 90 days, 1 April to 1 July 91); a B one while it has had fewer than 3 inspections in
 * the last twelve months (those after the day twelve months before: 1 January 2026 is not among
 * 1 January 2027's).
 */
const POLICY = `policy: history-rules
version: 1.0.0
status: draft
effective: { from: 2020-01-01 }
title: { zh: 按检查历史抽查, en: Drawn by the inspection history }
source: { document: test }
cadence: month
teamSize: 2
default: rest
items: [{ code: I1, name: 公示信息检查, department: 市场监管局, basis: 条例 }]
treatments:
  due: { label: { zh: 到期, en: Due }, pool: true, ratio: 1 }
  few: { label: { zh: 少检, en: Few }, pool: true, ratio: 1 }
  rest: { label: { zh: 其余, en: Rest }, pool: false }
rules:
  - name: due
    conditions:
      all:
        - { fact: grade, operator: equal, value: A }
        - { fact: category, operator: equal, value: general }
        - any:
            - { fact: daysSinceInspection, operator: equal, value: null }
            - { fact: daysSinceInspection, operator: greaterThanInclusive, value: 90 }
    event: { type: treatment, params: { name: due } }
  - name: few
    conditions:
      all:
        - { fact: grade, operator: equal, value: B }
        - { fact: inspectionsLast12m, operator: lessThan, value: 3 }
    event: { type: treatment, params: { name: few } }
`;

/**
 * The problem codes (the result codes of class `problem`), any of which a simulated finding may be:
 * a condition on lastResult must read them alike (see last-results.ts).
 */
const PROBLEMS = "[not-published, false-publication, rectified, pending, transferred, non-cooperation]";

/**
 * A monthly policy drawing every A and B enterprise never inspected, and every enterprise whose
 * last inspection found a problem: a finding has it drawn again the next month, until one finds none.
 */
const RESULTS_POLICY = POLICY.replace(
  /rules:[\s\S]*$/,
  `rules:
  - name: first
    conditions:
      all:
        - { fact: grade, operator: in, value: [A, B] }
        - { fact: lastResult, operator: equal, value: null }
    event: { type: treatment, params: { name: due } }
  - name: recheck
    conditions:
      all:
        - { fact: lastResult, operator: in, value: ${PROBLEMS} }
    event: { type: treatment, params: { name: few } }
`,
);

/** Behaviour in which inspections find problems: a violation rate by grade, most of them detected. */
const FINDING = "violation: { A: 0.3, B: 0.5, C: 0.7, D: 0.9, ungraded: 0.5 }\n  detection: 0.8";

/**
 * A scenario of `policy`: a flat district of `size` (or the examples' enterprises and history) from
 * `start` for two years; its inspections find nothing, or find problems where `finding`.
 */
function scenarioFile(
  dir: string,
  district: "synthetic" | "examples",
  {
    size = 2000,
    policy = POLICY,
    start = "2026-01",
    finding = false,
    findingResults = undefined as string | undefined,
  } = {},
): string {
  writeFileSync(resolve(dir, "history-rules.yaml"), policy);
  const population =
    district === "examples"
      ? `enterprises: ${resolve("examples/enterprises.csv")}\n  history: ${resolve("examples/history.csv")}`
      : `size: ${size}`;
  const text = readFileSync("test/fixtures/sim/flat-scenario.yaml", "utf8")
    .replace("size: 10000", population)
    .replace("start: 2026-H1", `start: ${start}`)
    .replace("horizon: 3", "horizon: 2")
    .replace("flat-20.yaml", "history-rules.yaml")
    .replace("violation: { A: 0, B: 0, C: 0, D: 0, ungraded: 0 }\n  detection: 0", finding ? FINDING : "$&")
    .replace("transitions: none", findingResults ? `$&\n  findingResults: ${findingResults}` : "$&");
  const file = resolve(dir, "s.yaml");
  writeFileSync(file, text);
  return file;
}

/** Slot i as an enterprise record, for the engine's facts: its code, grade and category are all the policy reads. */
const asEnterprise = (pop: Population, i: number): Enterprise =>
  enterprise({
    uscc: pop.uscc[i],
    grade: GRADE_VALUES[pop.grade[i]] as Enterprise["grade"],
    category: pop.category[i] as Enterprise["category"],
  });

/**
 * Runs one replication and holds each period's inspections to the engine's reading of the same
 * history: the past visits given and each simulated inspection dated its period's first day, with
 * its result, read by engine/facts.ts on that day and decided by the compiled rules. A result is
 * 未发现问题 (`none`), or, where it found a problem, the code drawn where the scenario gives
 * `findingResults`, and without, `transferred` (not the code the simulator reads a finding as: any
 * problem code must do). Returns the inspections per period, and the results by code.
 */
async function againstTheEngine(
  scenario: string,
  past: readonly HistoryEntry[],
): Promise<{ counts: number[]; drawn: (uscc: string, t: number) => boolean; results: Map<string, number> }> {
  const { scenario: sc, base, policies } = await prepare({ scenario });
  const p = policies[0].policy;
  const [run] = runReplication(sc, [p], base, 0, { crn: true, log: true });
  const periods = scenarioPeriods(sc, p);
  const byPeriod = periods.map(() => new Set<number>());
  const result = periods.map(() => new Map<number, string>());
  const results = new Map<string, number>();
  for (const x of run.log ?? []) {
    byPeriod[x.period].add(x.slot);
    const code = sc.behaviour.findingResults || x.result === "none" ? String(x.result) : "transferred";
    result[x.period].set(x.slot, code);
    results.set(code, (results.get(code) ?? 0) + 1);
  }
  const evaluator = new CompiledEvaluator(p);
  const history: HistoryEntry[] = visits(past.filter((h) => h.date < periods[0].start));
  const counts = periods.map((period, t) => {
    const index = new HistoryIndex(history);
    for (let i = 0; i < base.n; i++) {
      const facts = enterpriseFacts(asEnterprise(base, i), p, index, period.start);
      const drawn = evaluator.decideSync(facts).treatment !== "rest";
      expect(
        byPeriod[t].has(i),
        `slot ${i} (${facts.grade}) on ${period.start}: ${JSON.stringify(facts)}`,
      ).toBe(drawn);
      if (drawn)
        history.push({
          uscc: base.uscc[i],
          date: period.start,
          department: "市场监管局",
          kind: "random",
          result: [result[t].get(i) ?? "missing"],
        });
    }
    return byPeriod[t].size;
  });
  return { counts, drawn: (uscc, t) => byPeriod[t].has(base.uscc.indexOf(uscc)), results };
}

/** The examples' past inspections, as the scenario's `population.history` reads them. */
const examplesHistory = async () => (await readHistory("examples/history.csv")).records;

describe("rules reading the inspection history, simulated as a draw reads it", () => {
  it("daysSinceInspection and inspectionsLast12m are read each period as engine/facts.ts reads them on the period's first day: every A enterprise 90 days after its last inspection, every B one while under 3 in twelve months", async () => {
    const scenario = scenarioFile(tmp(), "synthetic");
    const { counts } = await againstTheEngine(scenario, []);
    const { base } = await prepare({ scenario });
    const a = base.grade.filter((g) => g === 0).length;
    const b = base.grade.filter((g) => g === 1).length;
    // A: January, April (90 days), July (91), October, January 2027…; B: January to March, then
    // one a month as the first falls out of the twelve months: January 2027 (1 January 2026 is not
    // after the day twelve months before), February, March; then April 2027 has three again.
    expect(counts.slice(0, 13)).toEqual([a + b, b, b, a, 0, 0, a, 0, 0, a, 0, 0, a + b]);
    // Three inspections in twelve months: slots remember 16 (a year's 12 periods, rounded up).
    expect(base.remembered).toBe(16);
  });

  it("a district's own history counts too: its past visits, one a day, date the first period's facts", async () => {
    const scenario = scenarioFile(tmp(), "examples");
    const past = await examplesHistory();
    const { drawn } = await againstTheEngine(scenario, past);
    // A B enterprise inspected on 2025-09-12 (two rows of that day, one visit): drawn in January
    // and February, then at three in twelve months by March; another inspected on 2024-12-30,
    // before the twelve months of January 2026: drawn January to March, at three by April.
    expect([0, 1, 2, 3].map((t) => drawn("91320803AMN5WJ2P3X", t))).toEqual([true, true, false, false]);
    expect([0, 1, 2, 3].map((t) => drawn("92320803HFRPW9C068", t))).toEqual([true, true, true, false]);
  });

  it("any rule on the three history facts, at any cadence, with the codes of findings or without, picks each period the slots engine/facts.ts and the compiled rules pick (fast-check)", async () => {
    const leaf = fc.record({
      fact: fc.constantFrom("daysSinceInspection", "inspectionsLast12m"),
      operator: fc.constantFrom(
        "equal",
        "notEqual",
        "lessThan",
        "lessThanInclusive",
        "greaterThan",
        "greaterThanInclusive",
      ),
      // Counts, and days about the gaps between periods' first days (a month, a quarter, half a year, a year, two), where a day more or less tells.
      value: fc.oneof(
        fc.integer({ min: 0, max: 4 }),
        fc.constantFrom(27, 28, 29, 30, 31, 32, 88, 89, 90, 91, 92, 93, 180, 181, 182, 183, 184, 185),
        fc.constantFrom(364, 365, 366, 367, 729, 730, 731, 732),
        fc.integer({ min: 0, max: 800 }),
        fc.constant(null),
      ),
    });
    // Conditions on the last result that every problem code meets alike (see last-results.ts), and,
    // where the scenario gives findingResults, on any codes.
    const anyCodes = fc.oneof(
      fc.record({
        fact: fc.constant("lastResult"),
        operator: fc.constantFrom("equal", "notEqual"),
        value: fc.constantFrom("rectified", "pending", "transferred", "not-published"),
      }),
      fc.record({
        fact: fc.constant("lastResult"),
        operator: fc.constantFrom("in", "notIn"),
        value: fc.constantFrom("[pending, transferred]", "[rectified, none]", "[not-published, null]"),
      }),
    );
    const decided = fc.oneof(
      fc.record({
        fact: fc.constant("lastResult"),
        operator: fc.constantFrom("equal", "notEqual"),
        value: fc.constantFrom("none", "null", "unreachable", "no-activity"),
      }),
      fc.record({
        fact: fc.constant("lastResult"),
        operator: fc.constantFrom("in", "notIn"),
        value: fc.constantFrom(PROBLEMS, "[none, null]", PROBLEMS.replace("[", "[none, ")),
      }),
    );
    const resultLeaf = (coded: boolean) => (coded ? fc.oneof(decided, anyCodes) : decided);
    // Now and then one fact compared with the other, which every slot is evaluated for (see history-places.ts).
    const factToFact = fc.constant({
      fact: "daysSinceInspection",
      operator: "greaterThan",
      value: "{ fact: inspectionsLast12m }",
    });
    const condition = (coded: boolean) =>
      fc
        .tuple(
          fc.constantFrom("all", "any"),
          fc.array(
            fc.oneof(
              { weight: 6, arbitrary: leaf },
              { weight: 3, arbitrary: resultLeaf(coded) },
              { weight: 1, arbitrary: factToFact },
            ),
            {
              minLength: 1,
              maxLength: 3,
            },
          ),
          fc.boolean(),
        )
        .map(([join, leaves, not]) => {
          const inner = `{ ${join}: [${leaves.map((l) => `{ fact: ${l.fact}, operator: ${l.operator}, value: ${l.value} }`).join(", ")}] }`;
          return not ? `{ not: ${inner} }` : inner;
        });
    const cadence = fc.constantFrom(
      ["month", "2026-01"],
      ["quarter", "2026-Q1"],
      ["half-year", "2026-H1"],
      ["year", "'2026'"],
    );
    await fc.assert(
      fc.asyncProperty(
        fc.boolean().chain((coded) => fc.tuple(fc.constant(coded), condition(coded))),
        cadence,
        fc.constantFrom("synthetic", "examples"),
        // With a static fact or the grade beside it, or neither.
        fc.constantFrom(
          "",
          ", { fact: grade, operator: in, value: [A, B, null] }",
          ", { fact: category, operator: equal, value: key }",
        ),
        async ([coded, c], [every, start], district, also) => {
          const policy = POLICY.replace("cadence: month", `cadence: ${every}`).replace(
            /rules:[\s\S]*$/,
            `rules:\n  - { name: due, conditions: { all: [${c}${also}] }, event: { type: treatment, params: { name: due } } }\n`,
          );
          const scenario = scenarioFile(tmp(), district as "synthetic" | "examples", {
            size: 300,
            policy,
            start,
            finding: true,
            // Codes in shares the examples' history does not bear out too: the notice says so, the run goes on.
            findingResults: coded
              ? "{ rectified: 0.5, pending: 0.3, transferred: 0.15, not-published: 0.05 }"
              : undefined,
          });
          await againstTheEngine(scenario, district === "examples" ? await examplesHistory() : []);
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);

  it("gives identical results with one thread and two, which then take the text columns to evaluate and write the last results", {
    timeout: 120_000,
  }, async () => {
    // Enough work that the second thread, ready some tenths of a second after the first, takes some;
    // with the last results too, which inspections finding problems write in each thread.
    const recheck = `  - name: recheck
    priority: 2
    conditions: { all: [{ fact: lastResult, operator: in, value: ${PROBLEMS} }] }
    event: { type: treatment, params: { name: few } }
`;
    const scenario = scenarioFile(tmp(), "synthetic", {
      size: 20_000,
      policy: POLICY + recheck,
      finding: true,
    });
    const one = await simulate({ scenario, workers: 1, replications: 12 });
    const two = await simulate({ scenario, workers: 2, replications: 12 });
    expect(two.variants[0].metrics).toEqual(one.variants[0].metrics);
    const inspections = one.variants[0].metrics.filter((m) => m.grade === "all" && m.name === "inspections");
    expect(inspections[1].mean).toBeLessThan(inspections[0].mean);
  });

  it("lastResult reads each period the latest inspection's result as engine/facts.ts reads it: a simulated inspection that found nothing is none, one that found a problem any problem code", async () => {
    const scenario = scenarioFile(tmp(), "synthetic", { policy: RESULTS_POLICY, finding: true });
    const { counts } = await againstTheEngine(scenario, []);
    const { base } = await prepare({ scenario });
    const a = base.grade.filter((g) => g === 0).length;
    const b = base.grade.filter((g) => g === 1).length;
    // Every A and B enterprise at first; then those whose inspection found a problem (A: 0.3 × 0.8
    // of them, B: 0.5 × 0.8), fewer each month, as an inspection finding none ends the chain.
    expect(counts[0]).toBe(a + b);
    // Some 8 standard deviations either side; a finding read as none, or none as a finding, is far outside.
    expect(counts[1]).toBeGreaterThan(0.7 * (0.24 * a + 0.4 * b));
    expect(counts[1]).toBeLessThan(1.3 * (0.24 * a + 0.4 * b));
    for (let t = 1; t < 6; t++) expect(counts[t + 1]).toBeLessThan(counts[t]);
  });

  it("a district's history gives the first period its results: an enterprise whose last visit found a problem is drawn again, one whose last visit found none is not", async () => {
    const scenario = scenarioFile(tmp(), "examples", { policy: RESULTS_POLICY, finding: true });
    const { drawn } = await againstTheEngine(scenario, await examplesHistory());
    // 发现问题已责令改正 on 2025-03-02 and 发现问题待后续处理 on 2025-11-05: drawn in January;
    // 未发现问题 on 2025-09-12 and 2024-12-30: neither rule's.
    expect(drawn("91320803GAJX7JYB4K", 0)).toBe(true);
    expect(drawn("91320803PNCR37UH8F", 0)).toBe(true);
    expect(drawn("91320803AMN5WJ2P3X", 0)).toBe(false);
    expect(drawn("92320803HFRPW9C068", 0)).toBe(false);
  });

  it("with the scenario's findingResults, a simulated finding is recorded with a problem code drawn in their shares, which lastResult reads as engine/facts.ts reads it: a rule on some codes draws exactly the slots of those", async () => {
    const policy = RESULTS_POLICY.replace(`value: ${PROBLEMS} }`, "value: [pending, transferred] }");
    const scenario = scenarioFile(tmp(), "synthetic", {
      policy,
      finding: true,
      findingResults: "{ rectified: 0.5, 发现问题待后续处理: 0.3, transferred: 0.2 }",
    });
    const { counts, results } = await againstTheEngine(scenario, []);
    const found = ["rectified", "pending", "transferred"].map((code) => results.get(code) ?? 0);
    const all = found.reduce((a, b) => a + b, 0);
    // Nothing else is recorded of a finding; each code in its share, within some 4 standard deviations.
    expect([...results.keys()].sort()).toEqual(["none", "pending", "rectified", "transferred"]);
    expect(all).toBeGreaterThan(500);
    [0.5, 0.3, 0.2].forEach((share, k) => {
      expect(Math.abs(found[k] / all - share), `code ${k}`).toBeLessThan(
        4 * Math.sqrt((share * (1 - share)) / all),
      );
    });
    // The second month draws half the first month's findings (pending or transferred): 0.5 × (0.24 a + 0.4 b).
    const { base } = await prepare({ scenario });
    const expected =
      0.5 *
      (0.24 * base.grade.filter((g) => g === 0).length + 0.4 * base.grade.filter((g) => g === 1).length);
    expect(counts[1]).toBeGreaterThan(0.75 * expected);
    expect(counts[1]).toBeLessThan(1.25 * expected);
  });

  it("a condition on lastResult that some problem codes meet and others do not is refused at its value, as is lastResult compared with another fact", async () => {
    const dir = tmp();
    const scenario = scenarioFile(dir, "synthetic");
    writeFileSync(
      resolve(dir, "history-rules.yaml"),
      RESULTS_POLICY.replace(
        `value: ${PROBLEMS} }`,
        "value: [rectified, pending] }\n        - { fact: category, operator: equal, value: { fact: lastResult } }",
      ),
    );
    const r = await runCli("simulate", "--scenario", scenario, "--no-tui");
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toContain(
      `gradedraw: rule recheck of history-rules@1.0.0 compares lastResult so that some codes of a problem found meet it (rectified, pending) and others do not (not-published, false-publication, transferred, non-cooperation): a simulated inspection finds a problem or none, without saying which problem, so the rule cannot be decided of it; give the scenario's behaviour.findingResults (the share of findings recorded with each problem code; gradedraw calibrate counts them from the district's results), compare lastResult with none (未发现问题), or list every problem code (not-published, false-publication, rectified, pending, transferred, non-cooperation) (${resolve(dir, "history-rules.yaml")}:25:52)`,
    );
    expect(r.stderr).toContain(
      `gradedraw: rule recheck of history-rules@1.0.0 compares lastResult with another fact, which the simulator does not model; compare lastResult with result codes`,
    );
    expect(r.stderr).toContain(`history-rules.yaml:26:61)`);
    const zh = await runCli("simulate", "--scenario", scenario, "--no-tui", "--lang", "zh");
    expect(zh.code).toBe(1);
    expect(zh.stderr).toContain(
      "gradedraw: history-rules@1.0.0 的规则 recheck 对 lastResult 的比较使部分“发现问题”类代码成立（rectified、pending）而其余不成立（not-published、false-publication、transferred、non-cooperation）：模拟的检查只区分发现问题与否",
    );
  });
});

describe("a simulation of rules reading the history without the district's past inspections", () => {
  it("is told that every enterprise begins never inspected, naming the facts read; not where the past is given", async () => {
    const none = await runCli(
      "simulate",
      "--scenario",
      scenarioFile(tmp(), "synthetic"),
      "--no-tui",
      "--json",
    );
    expect(none.code).toBe(0);
    expect(none.stderr).toContain(
      "note: the rules of history-rules@1.0.0 read the inspection history (daysSinceInspection, inspectionsLast12m), and the scenario gives no past inspections",
    );
    const zh = await runCli(
      "simulate",
      "--scenario",
      scenarioFile(tmp(), "synthetic"),
      "--no-tui",
      "--lang",
      "zh",
    );
    expect(zh.stderr).toContain(
      "提示：history-rules@1.0.0 的规则使用检查历史（daysSinceInspection、inspectionsLast12m）",
    );
    const past = await runCli(
      "simulate",
      "--scenario",
      scenarioFile(tmp(), "examples"),
      "--no-tui",
      "--json",
    );
    expect(past.code).toBe(0);
    expect(past.stderr).not.toContain("gives no past inspections");
  });
});

describe("the table of kinds and places (history-places.ts)", () => {
  it("with entrants, exits and grade changes, gives what evaluating every slot every period gives", {
    timeout: 120_000,
  }, async () => {
    const dir = tmp();
    const seed = readFileSync("policies/huaian-2021/1.0.0.yaml", "utf8");
    const due = `rules:
  - name: overdue
    priority: 15
    conditions:
      all:
        - { fact: category, operator: equal, value: general }
        - { fact: grade, operator: in, value: [A, B] }
        - any:
            - { fact: daysSinceInspection, operator: equal, value: null }
            - { fact: daysSinceInspection, operator: greaterThan, value: 300 }
            - { fact: inspectionsLast12m, operator: equal, value: 0 }
            - { fact: lastResult, operator: notIn, value: [none, null] }
    event: { type: treatment, params: { name: general-c } }
`;
    const policy = (version: string, extra: string) =>
      seed
        .replace("version: 1.0.0", `version: ${version}`)
        .replace("status: approved", "status: draft")
        .replace(/approval:\n( {2}.*\n)+/, "")
        .replace("rules:\n", due.replace("        - any:", `${extra}        - any:`));
    // The second reads the code, always true of it, which has every slot evaluated every period.
    writeFileSync(resolve(dir, "table.yaml"), policy("2.0.0", ""));
    writeFileSync(
      resolve(dir, "every.yaml"),
      policy("2.0.1", "        - { fact: uscc, operator: notEqual, value: none }\n"),
    );
    const scenario = resolve(dir, "s.yaml");
    writeFileSync(
      scenario,
      readFileSync("simulator/scenarios/huaian.yaml", "utf8")
        .replace("size: 100000", "size: 5000")
        .replace(/policies:\n( {2}- .*\n)+/, "policies: [table.yaml, every.yaml]\n"),
    );
    const r = await simulate({ scenario, workers: 2, replications: 6, years: 3 });
    const [table, every] = r.variants;
    expect(table.metrics).toEqual(every.metrics);
    // Entrants arrived, and the rule drew some of them.
    const inspections = table.metrics
      .filter((m) => m.grade === "A" && m.name === "inspections")
      .map((m) => m.mean);
    expect(Math.min(...inspections)).toBeGreaterThan(0);
  });
});
