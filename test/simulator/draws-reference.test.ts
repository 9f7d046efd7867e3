import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import type { HistoryEntry } from "../../engine/data/records.js";
import { enterprisesCsv, historyCsvLines } from "../../engine/data/write.js";
import { generateDistrict, HUAIAN_LIKE } from "../../engine/synthetic.js";
import { modelOf } from "../../simulator/population.js";
import { prepare } from "../../simulator/prepare.js";
import { fillStreams } from "../../simulator/streams.js";
import { loadsOffset, VariantSim } from "../../simulator/variant-sim.js";
import { streamsOf } from "../../simulator/workspace.js";
import { tmp } from "../helpers/tmp.js";

/**
 * The simulator's draws checked apart from the engine, period by period, against a plain reading
 * of SPEC §6: an enterprise is eligible when alive, supervised by a department of the policy's
 * items, of a treatment in the pool and under its cap (its own inspections so far, each dated its
 * period's first day, counted in the cap's window worked out here afresh); each treatment draws
 * rounding(ratio × eligible) of its eligible, and no one else. Policies, scenarios and the
 * district are random: cadences, caps of 0 to 9 in windows from 90 days to 2 years, ratios and
 * roundings, rules on grades, category and industry, grades moving, entries and exits. Each
 * department's team places are counted apart from the simulator's lists of departments. And a
 * district of its own file with a random history of three years, whose visits before the start
 * each slot's caps count besides the simulation's own.
 */

const GRADES = ["A", "B", "C", "D", null];
/** The scenario's inspectors' departments, in its order, and their capacity a period (inspectors × 100). */
const STAFFED = ["市场监管局", "人社局"];
const CAPACITY: Record<string, number> = { 市场监管局: 10_000, 人社局: 3_000 };
const WINDOWS = ["12m", "6m", "3m", "90d", "2y", "400d", "18m", "year", "half-year", "quarter", "month"];
const INDUSTRIES = ["批发和零售业", "住宿和餐饮业", "制造业"];

const iso = (days: number) => new Date(days * 86_400_000).toISOString().slice(0, 10);
const dayOf = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);

/** `date` less `months` months, a day past the month's end kept at its last day. */
function monthsBefore(date: string, months: number): string {
  const [y, m, d] = date.split("-").map(Number);
  const total = y * 12 + (m - 1) - months;
  const last = new Date(Date.UTC(Math.floor(total / 12), (total % 12) + 1, 0)).getUTCDate();
  return iso(Date.UTC(Math.floor(total / 12), total % 12, Math.min(d, last)) / 86_400_000);
}

/** A cap's window on a draw date: trailing (the day after N units back, to the date) or the calendar period holding it. */
function capWindow(window: string, date: string): [string, string] {
  const trailing = /^(\d+)([dmy])$/.exec(window);
  if (trailing) {
    const n = Number(trailing[1]);
    const back =
      trailing[2] === "d" ? iso(dayOf(date) - n) : monthsBefore(date, trailing[2] === "y" ? 12 * n : n);
    return [iso(dayOf(back) + 1), date];
  }
  const [y, m] = date.split("-").map(Number);
  const length = { year: 12, "half-year": 6, quarter: 3, month: 1 }[window] as number;
  const first = Math.floor((m - 1) / length) * length;
  return [iso(Date.UTC(y, first, 1) / 86_400_000), iso(Date.UTC(y, first + length, 0) / 86_400_000)];
}

interface Drawn {
  treatment: { pool: boolean; permyriad: number; rounding: string; cap?: { count: number; window: string } };
}

/** A random policy and scenario in `dir`, and the plain rules of its treatments (whole ten-thousandths for ratios). */
function randomCase(random: () => number, dir: string) {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const names = Array.from({ length: 2 + Math.floor(random() * 5) }, (_, k) => `t${k}`);
  const treatments: Record<string, Drawn["treatment"]> = {};
  const lines = names.map((name) => {
    const pool = random() < 0.85;
    const permyriad = pick([50, 500, 1000, 1234, 2500, 3333, 5000, 7500, 10000]);
    const rounding = pick(["ceil", "round", "floor"]);
    const cap = random() < 0.7 ? { count: Math.floor(random() * 10), window: pick(WINDOWS) } : undefined;
    treatments[name] = { pool, permyriad: pool ? permyriad : 0, rounding, cap };
    const ratio = random() < 0.3 ? `{ min: ${permyriad / 10000} }` : `${permyriad / 10000}`;
    return `  ${name}: { label: { zh: 类${name}, en: ${name} }, pool: ${pool}${pool ? `, ratio: ${ratio}, rounding: ${rounding}` : ""}${cap ? `, cap: { count: ${cap.count}, window: ${cap.window} }` : ""}${pool && random() < 0.3 ? ", joint: true" : ""} }`;
  });
  // Rules of distinct priorities on a set of grades, a category, an industry or grades and category.
  const priorities = [...Array(20).keys()].sort(() => random() - 0.5);
  const rules = Array.from({ length: 1 + Math.floor(random() * 5) }, (_, r) => {
    const grades = ["A", "B", "C", "D"].filter(() => random() < 0.5);
    const category = pick(["key", "general"]);
    const industry = pick(INDUSTRIES);
    const kind = pick(["grade", "category", "industry", "both"]);
    const byGrade = kind === "grade" || kind === "both";
    const byCategory = kind === "category" || kind === "both";
    const conditions = [
      ...(byGrade
        ? [`{ fact: grade, operator: in, value: [${(grades.length ? grades : ["C"]).join(", ")}] }`]
        : []),
      ...(byCategory ? [`{ fact: category, operator: equal, value: ${category} }`] : []),
      ...(kind === "industry" ? [`{ fact: industry, operator: equal, value: ${industry} }`] : []),
    ];
    const matches = (g: string | null, c: string, i: string | null) =>
      (!byGrade || (g !== null && (grades.length ? grades : ["C"]).includes(g))) &&
      (!byCategory || c === category) &&
      (kind !== "industry" || i === industry);
    return { priority: priorities[r] + 1, treatment: pick(names), matches, conditions, name: `r${r}` };
  });
  const fallback = random() < 0.8 ? pick(names) : null;
  const departments = random() < 0.5 ? ["市场监管局"] : ["市场监管局", "人社局"];
  const cadence = pick(["month", "quarter", "half-year", "year"]);
  writeFileSync(
    join(dir, "p.yaml"),
    [
      "policy: random\nversion: 1.0.0\nstatus: draft\neffective: { from: 2020-01-01 }\ntitle: { zh: 随机, en: Random }",
      `source: { document: test }\ncadence: ${cadence}\nteamSize: 2\ndefault: ${fallback ?? "reject"}\nitems:`,
      ...departments.map((d, k) => `  - { code: I${k}, name: 检查${k}, department: ${d}, basis: 条例 }`),
      "treatments:",
      ...lines,
      "rules:",
      ...rules.map(
        (r) =>
          `  - { name: ${r.name}, priority: ${r.priority}, conditions: { all: [${r.conditions.join(", ")}] }, event: { type: treatment, params: { name: ${r.treatment} } } }`,
      ),
    ].join("\n"),
  );
  const share = () => {
    const w = [0, 1, 2, 3, 4].map(() => random() ** 2 + 0.01);
    const cents = w.map((x) => Math.floor((x / w.reduce((a, b) => a + b, 0)) * 100));
    cents[4] += 100 - cents.reduce((a, b) => a + b, 0);
    return `{ ${["A", "B", "C", "D", "ungraded"].map((g, k) => `${g}: ${cents[k] / 100}`).join(", ")} }`;
  };
  const matrix = () => `{ ${["A", "B", "C", "D", "ungraded"].map((g) => `${g}: ${share()}`).join(", ")} }`;
  const moving = random() < 0.7;
  writeFileSync(
    join(dir, "s.yaml"),
    `name: random
title: { zh: 随机, en: Random }
population:
  size: ${800 + Math.floor(random() * 1200)}
  grades: { A: 0.3, B: 0.4, C: 0.15, D: 0.1, ungraded: 0.05 }
  keyShare: 0.2
  individualShare: 0.3
  industries:
    - { name: 批发和零售业, share: 0.5, key: false, departments: [市场监管局] }
    - { name: 住宿和餐饮业, share: 0.3, key: true, departments: [市场监管局, 人社局] }
    - { name: 制造业, share: 0.2, key: true, departments: [人社局, 生态环境局] }
  regions: [河下街道, 淮城街道]
  entryRate: ${moving ? 0.15 : 0}
  exitRate: ${moving ? 0.08 : 0}
behaviour:
  violation: { A: 0.1, B: 0.1, C: 0.2, D: 0.3, ungraded: 0.1 }
  detection: 0.5
  transitions: ${moving ? `{ normal: ${matrix()}, found: ${matrix()} }` : "none"}
resources: { inspectors: { 市场监管局: 100, 人社局: 30 }, perInspector: 100, teamSize: 2 }
horizon: ${1 + Math.floor(random() * 3)}
replications: 2
seed: random
start: "${pick(["2026-H1", "2026-01", "2026-Q2", "2026", "2026-H2"])}"
policies: [p.yaml]
`,
  );
  /** The treatment the rules give grade g, category c and industry i: the matching rule of highest priority, else the default. */
  const treatmentOf = (g: string | null, c: string, i: string | null) =>
    rules.filter((r) => r.matches(g, c, i)).sort((a, b) => b.priority - a.priority)[0]?.treatment ?? fallback;
  return { treatments, treatmentOf, departments };
}

/** n = rounding(ratio × eligible), the ratio in ten-thousandths, in whole numbers. */
function sampleSize(permyriad: number, rounding: string, eligible: number): number {
  const whole = Math.floor((permyriad * eligible) / 10000);
  const rest = permyriad * eligible - whole * 10000;
  if (rounding === "floor") return whole;
  if (rounding === "ceil") return whole + (rest > 0 ? 1 : 0);
  return whole + (rest * 2 >= 10000 ? 1 : 0);
}

/** What the checks met: periods, enterprises drawn, and enterprises held by their caps. */
type Seen = { periods: number; drawn: number; capped: number };

/**
 * Checks each period of a run of a random case against the plain reading of SPEC §6, each slot's
 * inspections so far (`days`, its past ones first where the district's history gives them) counted
 * in its caps' windows.
 */
function checkPeriods(
  run: number,
  c: ReturnType<typeof randomCase>,
  prepared: Awaited<ReturnType<typeof prepare>>,
  days: string[][],
  seen: Seen,
): void {
  const { scenario, base, policies } = prepared;
  const sim = new VariantSim(scenario, policies[0].policy, base, true, 0);
  const pop = sim.population;
  // The run's log of inspections, the same list as each period adds to it.
  const log = sim.result().log ?? [];
  const u = streamsOf(base, 0);
  sim.periods.forEach((period, t) => {
    const n = pop.n;
    const alive = pop.alive.slice(0, n);
    const treatment = Array.from({ length: n }, (_, i) => {
      const m = modelOf(pop, i);
      return c.treatmentOf(GRADES[pop.grade[i]], pop.category[m], pop.industry[m]);
    });
    const inPool = (i: number) => pop.departments[modelOf(pop, i)].some((d) => c.departments.includes(d));
    const before = log.length;
    fillStreams(u, scenario.seed, 1, t, pop.n, sim.entrantsPerPeriod);
    sim.step(t, u);
    const drawn = new Set(log.slice(before).map((x) => x.slot));
    const eligible = new Map<string, number[]>();
    for (let i = 0; i < n; i++) {
      const name = treatment[i];
      const tr = name === null ? undefined : c.treatments[name];
      if (!alive[i] || !tr?.pool || !inPool(i)) continue;
      const [from, to] = tr.cap ? capWindow(tr.cap.window, period.start) : ["", ""];
      if (tr.cap && days[i].filter((d) => d >= from && d <= to).length >= tr.cap.count) {
        seen.capped++;
        expect(drawn.has(i), `run ${run}, ${period.label}: slot ${i} drawn over its cap`).toBe(false);
        continue;
      }
      eligible.set(name as string, [...(eligible.get(name as string) ?? []), i]);
    }
    let counted = 0;
    for (const [name, slots] of eligible) {
      const tr = c.treatments[name];
      const got = slots.filter((i) => drawn.has(i)).length;
      expect(got, `run ${run}, ${period.label}: ${name} of ${slots.length}`).toBe(
        sampleSize(tr.permyriad, tr.rounding, slots.length),
      );
      counted += got;
    }
    // No one drawn outside a stratum.
    expect(counted, `run ${run}, ${period.label}`).toBe(drawn.size);
    // Each department's team places: a visit of one of the policy's departments takes two of its
    // inspectors, of two one of each; 生态环境局, which no item names, none.
    const places = new Map(STAFFED.map((d) => [d, 0]));
    for (const i of drawn) {
      const visiting = pop.departments[modelOf(pop, i)].filter((d) => c.departments.includes(d));
      for (const d of visiting) places.set(d, (places.get(d) ?? 0) + (visiting.length === 1 ? 2 : 1));
    }
    const metrics = sim.result().metrics;
    STAFFED.forEach((d, k) => {
      const load = metrics[loadsOffset(sim.periods.length) + t * STAFFED.length + k];
      expect(load * CAPACITY[d], `run ${run}, ${period.label}: ${d}'s places`).toBeCloseTo(
        places.get(d) ?? 0,
        6,
      );
    });
    for (const i of drawn) days[i].push(period.start);
    seen.periods++;
    seen.drawn += drawn.size;
  });
}

describe("the simulator's draws against a plain reading of SPEC §6", () => {
  it("each period draws, of random policies' treatments, rounding(ratio × eligible) of the enterprises alive, in the pool and under their caps, and no one else", async () => {
    const seen = { periods: 0, drawn: 0, capped: 0 };
    for (let run = 0; run < 24; run++) {
      const random = seedrandom(`draws-reference/${run}`);
      const dir = tmp();
      const c = randomCase(random, dir);
      const prepared = await prepare({ scenario: join(dir, "s.yaml"), onNotice: () => {} }).catch(
        () => undefined,
      );
      // A random policy may leave a grade × category to no rule under default reject: refused, as it should be.
      if (!prepared) continue;
      const days: string[][] = Array.from({ length: prepared.base.capacity }, () => []);
      checkPeriods(run, c, prepared, days, seen);
    }
    // The runs reach something: periods, draws, and enterprises held by their caps.
    expect(seen.periods).toBeGreaterThan(40);
    expect(seen.drawn).toBeGreaterThan(5000);
    expect(seen.capped).toBeGreaterThan(1000);
  }, 120_000);

  it("so does a district's own file, its caps counting its history's inspections before the start as well as the simulation's", async () => {
    const seen = { periods: 0, drawn: 0, capped: 0 };
    let past = 0;
    for (let run = 0; run < 12; run++) {
      const random = seedrandom(`draws-reference-history/${run}`);
      const dir = tmp();
      const c = randomCase(random, dir);
      // The district as a file, of the industries the rules read, and its inspections over three years before 2027.
      const district = generateDistrict(
        {
          ...HUAIAN_LIKE,
          industries: [
            { name: "批发和零售业", share: 0.5, key: false, departments: ["市场监管局"] },
            { name: "住宿和餐饮业", share: 0.3, key: true, departments: ["市场监管局", "人社局"] },
            { name: "制造业", share: 0.2, key: true, departments: ["人社局", "生态环境局"] },
          ],
        },
        `history/${run}`,
        800 + Math.floor(random() * 1200),
      ).enterprises;
      const history: HistoryEntry[] = [];
      for (const e of district)
        for (let k = Math.floor(random() * 6); k > 0; k--) {
          const date = iso(dayOf("2024-01-01") + Math.floor(random() * 1095));
          history.push({
            uscc: e.uscc,
            date,
            department: e.departments[0],
            kind: "random",
            result: ["none"],
          });
          // Now and then the visit's other department on the same day: one visit, as the caps count it.
          if (random() < 0.1)
            history.push({ uscc: e.uscc, date, department: "人社局", kind: "joint", result: ["none"] });
        }
      writeFileSync(join(dir, "e.csv"), enterprisesCsv(district));
      writeFileSync(join(dir, "h.csv"), [...historyCsvLines(history)].join(""));
      const scenario = readFileSync(join(dir, "s.yaml"), "utf8").replace(
        /population:\n[\s\S]*?(\n {2}entryRate)/,
        "population:\n  enterprises: e.csv\n  history: h.csv$1",
      );
      writeFileSync(join(dir, "s.yaml"), scenario);
      const prepared = await prepare({ scenario: join(dir, "s.yaml"), onNotice: () => {} }).catch(
        () => undefined,
      );
      if (!prepared) continue;
      // Each slot's inspections before the first period: its history's visits (one a day) dated before it.
      const start = prepared.periods[0].start;
      const slot = new Map(district.map((e, i) => [e.uscc, i]));
      const days: string[][] = Array.from({ length: prepared.base.capacity }, () => []);
      for (const h of history) {
        const i = slot.get(h.uscc) as number;
        if (h.date < start && !days[i].includes(h.date)) days[i].push(h.date);
      }
      past += days.reduce((a, d) => a + d.length, 0);
      checkPeriods(run, c, prepared, days, seen);
    }
    expect(past).toBeGreaterThan(10_000);
    expect(seen.periods).toBeGreaterThan(20);
    expect(seen.drawn).toBeGreaterThan(2000);
    expect(seen.capped).toBeGreaterThan(1000);
  }, 120_000);
});
