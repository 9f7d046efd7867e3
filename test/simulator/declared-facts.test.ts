import { writeFileSync } from "node:fs";
import { join } from "node:path";
import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import type { Enterprise } from "../../engine/data/records.js";
import { enterprisesCsv } from "../../engine/data/write.js";
import { simulate } from "../../simulator/run.js";
import { smallDistrict } from "../helpers/district.js";
import { runCli } from "../helpers/run-cli.js";
import { tmp } from "../helpers/tmp.js";

/**
 * A monthly policy drawing, of the enterprises 市场监管局 supervises, every one with more than 50
 * employees and every one holding a food licence (ratio 1), by facts it declares, which the
 * district's enterprise file gives as columns.
 */
const POLICY = `policy: declared-rules
version: 1.0.0
status: draft
effective: { from: 2020-01-01 }
title: { zh: 按声明事实抽查, en: Drawn by declared facts }
source: { document: test }
cadence: month
teamSize: 2
default: rest
facts:
  employees: { type: number }
  licences: { type: list }
items: [{ code: I1, name: 公示信息检查, department: 市场监管局, basis: 条例 }]
treatments:
  big: { label: { zh: 规模, en: Big }, pool: true, ratio: 1 }
  food: { label: { zh: 食品, en: Food }, pool: true, ratio: 1 }
  rest: { label: { zh: 其余, en: Rest }, pool: false }
rules:
  - name: big
    conditions:
      all:
        - { fact: employees, operator: greaterThan, value: 50 }
    event: { type: treatment, params: { name: big } }
  - name: food
    priority: 2
    conditions:
      all:
        - { fact: licences, operator: contains, value: 食品经营许可 }
    event: { type: treatment, params: { name: food } }
`;

/** A district of 3,000 whose file has the two declared columns: employees (some empty, some written " 60 "), licences (a list). */
function district(dir: string): Enterprise[] {
  const random = seedrandom("declared");
  const enterprises = smallDistrict("declared", 3000).enterprises.map((e) => {
    const n = Math.floor(random() * 120);
    const employees = random() < 0.1 ? "" : random() < 0.1 ? ` ${n} ` : String(n);
    const licences = ["食品经营许可", "卫生许可", "食品经营许可;卫生许可", ""][Math.floor(random() * 4)];
    return { ...e, extra: { employees, licences } };
  });
  writeFileSync(join(dir, "enterprises.csv"), enterprisesCsv(enterprises));
  return enterprises;
}

/** A scenario of the district in `dir` (or a generated one of `size`) under the policy files named, grades frozen, with entrants where `entryRate`. */
function scenario(dir: string, policies: string[], o: { size?: number; entryRate?: number } = {}): string {
  const file = join(dir, "s.yaml");
  writeFileSync(
    file,
    `name: declared
title: { zh: 声明事实, en: Declared facts }
population:
  ${o.size ? `size: ${o.size}\n  grades: { A: 0.3, B: 0.5, C: 0.1, D: 0.05, ungraded: 0.05 }\n  keyShare: 0.1\n  industries: [{ name: 批发和零售业, share: 1, key: false, departments: [市场监管局] }]\n  regions: [河下街道]` : "enterprises: enterprises.csv"}
  entryRate: ${o.entryRate ?? 0}
  exitRate: ${o.entryRate ?? 0}
behaviour:
  violation: { A: 0.02, B: 0.06, C: 0.18, D: 0.4, ungraded: 0.08 }
  detection: 0.7
  transitions: none
resources: { inspectors: { 市场监管局: 400 }, perInspector: 1000, teamSize: 2 }
horizon: 1
replications: 4
seed: declared
start: 2026-01
policies: [${policies.join(", ")}]
`,
  );
  return file;
}

/** The mean inspections of each period, every grade together, of a variant's metrics. */
const inspections = (metrics: readonly { name: string; grade: string; mean: number }[]) =>
  metrics.filter((m) => m.name === "inspections" && m.grade === "all").map((m) => m.mean);

describe("facts a policy declares, simulated from the district's enterprise file", () => {
  it("are read of the file as a draw reads them (a number trimmed, an empty cell null, a list split): the first period draws every enterprise they pick", async () => {
    const dir = tmp();
    const enterprises = district(dir);
    writeFileSync(join(dir, "p.yaml"), POLICY);
    const r = await simulate({ scenario: scenario(dir, ["p.yaml"]), workers: 1 });
    const picked = enterprises.filter(
      (e) =>
        e.departments.includes("市场监管局") &&
        ((e.extra.employees !== "" && Number(e.extra.employees) > 50) ||
          String(e.extra.licences).split(";").includes("食品经营许可")),
    );
    expect(picked.length).toBeGreaterThan(500);
    expect(inspections(r.variants[0].metrics)[0]).toBe(picked.length);
  });

  it("with the inspection history read, with entrants (each its model's facts) and two threads, give what evaluating every slot every period gives", {
    timeout: 120_000,
  }, async () => {
    const dir = tmp();
    district(dir);
    const history = POLICY.replace(
      "        - { fact: employees, operator: greaterThan, value: 50 }",
      "        - { fact: employees, operator: greaterThan, value: 50 }\n        - { fact: daysSinceInspection, operator: equal, value: null }",
    );
    writeFileSync(join(dir, "table.yaml"), history);
    // The code read, always true of it, has every slot evaluated every period.
    writeFileSync(
      join(dir, "every.yaml"),
      history
        .replace("version: 1.0.0", "version: 1.0.1")
        .replace(
          "        - { fact: licences, operator: contains, value: 食品经营许可 }",
          "        - { fact: licences, operator: contains, value: 食品经营许可 }\n        - { fact: uscc, operator: notEqual, value: none }",
        ),
    );
    const file = scenario(dir, ["table.yaml", "every.yaml"], { entryRate: 0.2 });
    const one = await simulate({ scenario: file, workers: 1 });
    const two = await simulate({ scenario: file, workers: 2 });
    expect(two.variants[0].metrics).toEqual(one.variants[0].metrics);
    const [table, every] = one.variants;
    expect(table.metrics).toEqual(every.metrics);
    // Each enterprise over 50 is drawn once (then it has been inspected), food licences every month, entrants among them.
    const counts = inspections(table.metrics);
    expect(counts[0]).toBeGreaterThan(counts[1]);
    expect(Math.max(...counts.slice(1))).toBeGreaterThan(Math.min(...counts.slice(1)));
  });

  it("are refused at the condition where the scenario generates its district, which has none", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "p.yaml"), POLICY);
    const file = scenario(dir, ["p.yaml"], { size: 1000 });
    const r = await runCli("simulate", "--scenario", file, "--no-tui");
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toEqual([
      `gradedraw: rule big of declared-rules@1.0.0 reads employees, a fact the policy declares, which the district's enterprise file gives; ${file} generates its district, which has none: give the district's enterprise file (population.enterprises, or --enterprises) (${join(dir, "p.yaml")}:22:19)`,
      `gradedraw: rule food of declared-rules@1.0.0 reads licences, a fact the policy declares, which the district's enterprise file gives; ${file} generates its district, which has none: give the district's enterprise file (population.enterprises, or --enterprises) (${join(dir, "p.yaml")}:28:19)`,
    ]);
    // With the district's file given, it runs.
    district(dir);
    const own = await runCli(
      "simulate",
      "--scenario",
      file,
      "--enterprises",
      join(dir, "enterprises.csv"),
      "--no-tui",
      "--json",
    );
    expect(own.code).toBe(0);
  });

  it("one fact declared of two types by two policies compared is refused at the second's declaration", async () => {
    const dir = tmp();
    district(dir);
    writeFileSync(join(dir, "p.yaml"), POLICY);
    writeFileSync(
      join(dir, "q.yaml"),
      POLICY.replace("version: 1.0.0", "version: 2.0.0").replace(
        "employees: { type: number }",
        "employees: { type: string }",
      ),
    );
    const r = await runCli("simulate", "--scenario", scenario(dir, ["p.yaml", "q.yaml"]), "--no-tui");
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      `gradedraw: declared-rules@2.0.0 declares employees a string fact, but declared-rules@1.0.0 a number fact: the policies of a simulation read one enterprise file, so a fact they declare must be of one type (${join(dir, "q.yaml")}:11:22)`,
    );
  });
});
