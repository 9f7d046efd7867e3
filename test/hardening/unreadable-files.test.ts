import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cannotRunAsUser, runAsUser } from "../helpers/as-user.js";
import { exampleDraw } from "../helpers/examples.js";
import { runCli } from "../helpers/run-cli.js";
import { tmp } from "../helpers/tmp.js";

/** A dry-run draw folder of the examples, in a folder anyone may enter. */
async function drawFolder(): Promise<string> {
  const dir = tmp();
  chmodSync(dir, 0o755);
  const out = join(dir, "draw");
  const r = await runCli(...exampleDraw(out));
  expect(r.code, r.stderr).toBe(0);
  return out;
}

describe("a report of a damaged folder", () => {
  it("is refused naming the file and what is wrong, not an internal error, and writes nothing", async () => {
    const draw = await drawFolder();
    const damage: [string, (folder: string) => void, string][] = [
      [
        "manifest.json",
        (f) => writeFileSync(join(f, "manifest.json"), "{garbage"),
        "not valid JSON (Expected property name or '}' in JSON at position 1)",
      ],
      [
        "manifest.json",
        (f) => writeFileSync(join(f, "manifest.json"), '{"policy": {"id": "x"}}'),
        "policy.version is missing or not a string: the file is damaged or was edited by hand",
      ],
      [
        "manifest.json",
        (f) => {
          const m = JSON.parse(readFileSync(join(f, "manifest.json"), "utf8"));
          m.counts.strata[1].stratum = 1;
          writeFileSync(join(f, "manifest.json"), JSON.stringify(m));
        },
        "counts.strata[1].stratum is missing or not a string: the file is damaged or was edited by hand",
      ],
      ["assignments.csv", (f) => rmSync(join(f, "assignments.csv")), "no such file"],
      // The inputs recorded for verify, which the report reads for labels, loads and capacities.
      [
        "inputs/policy.json",
        (f) => writeFileSync(join(f, "inputs", "policy.json"), "["),
        "not valid JSON (Unexpected end of JSON input)",
      ],
      [
        "inputs/ledger.json",
        (f) => writeFileSync(join(f, "inputs", "ledger.json"), '{"load": [1]}'),
        "its load is not an object",
      ],
      [
        "inputs/inspectors.json",
        (f) => writeFileSync(join(f, "inputs", "inspectors.json"), '{"HA001": 6}'),
        "not the list of inspectors a draw records",
      ],
    ];
    for (const [file, spoil, message] of damage) {
      const copy = join(tmp(), "draw");
      cpSync(draw, copy, { recursive: true });
      spoil(copy);
      const before = readdirSync(copy).sort();
      const r = await runCli("report", copy, "--format", "html");
      expect(r.code, message).toBe(1);
      expect(r.stderr).toBe(`gradedraw: ${message} (${join(copy, file)})`);
      expect(readdirSync(copy).sort()).toEqual(before);
    }
    // A list edited by hand into no CSV: csv-parse's reason, with the line it stopped at.
    const edited = join(tmp(), "draw");
    cpSync(draw, edited, { recursive: true });
    const assignments = join(edited, "assignments.csv");
    const lines = readFileSync(assignments, "utf8").split("\r\n");
    lines[2] = lines[2].replace(",0.", ',x"0.');
    writeFileSync(assignments, lines.join("\r\n"));
    const csv = await runCli("report", edited, "--format", "md");
    expect(csv.code).toBe(1);
    expect(csv.stderr).toBe(
      `gradedraw: not a CSV file as a draw writes it (Invalid Opening Quote: a quote is found on field "ticket" at line 3): take the folder's file as published (${assignments}:3)`,
    );
    const sim = join(tmp(), "sim");
    cpSync(draw, sim, { recursive: true });
    rmSync(join(sim, "manifest.json"));
    writeFileSync(join(sim, "results.json"), '{"x": 1}');
    const r = await runCli("report", sim, "--lang", "zh");
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `gradedraw: scenario 缺失或不是字符串：文件已损坏或被手工修改 (${join(sim, "results.json")})`,
    );
    // A recorded policy whose treatments lack a label or are not objects: their ids stand alone.
    const unlabelled = join(tmp(), "draw");
    cpSync(draw, unlabelled, { recursive: true });
    const policy = join(unlabelled, "inputs", "policy.json");
    const recorded = JSON.parse(readFileSync(policy, "utf8"));
    recorded.treatments["general-b"].label = null;
    recorded.treatments["general-c"] = 7;
    // A rounding no policy names: the stratum drawing none says no reason, not a wrong one ("NaN为 0").
    recorded.treatments["general-ungraded"].rounding = "toString";
    writeFileSync(policy, JSON.stringify(recorded));
    const zh = await runCli("report", unlabelled, "--lang", "zh");
    expect(zh.code, zh.stderr).toBe(0);
    const html = readFileSync(join(unlabelled, "report.html"), "utf8");
    expect(html).toMatch(/<td[^>]*>general-b<\/td>/);
    expect(html).toMatch(/<td[^>]*>general-d D级（重点监管，比例不设上限）<\/td>/);
    expect(html).toMatch(
      /<td[^>]*>general-ungraded 未分级（常规监管）<\/td><td[^>]*>1<\/td><td[^>]*>5.0%<\/td><td[^>]*>0<\/td>/,
    );
  }, 60_000);
});

describe("a report of a simulation folder whose results.json was edited", () => {
  it("is refused naming the field of a variant, a metric row, a department's inspectors or an assumption, not rendered into an internal error or a report reading undefined", async () => {
    const sim = join(tmp(), "sim");
    const made = await runCli(
      "simulate",
      "--scenario",
      "simulator/scenarios/huaian.yaml",
      "--policy",
      "policies/huaian-2021/1.0.0.yaml",
      "--policy",
      "policies/huaian-2021/variants/b-halved.yaml",
      "--years",
      "1",
      "--replications",
      "2",
      "--out",
      sim,
    );
    expect(made.code, made.stderr).toBe(0);
    const results = JSON.parse(readFileSync(join(sim, "results.json"), "utf8"));
    /** A district of past inspections with the hit-rate check `hitRates` (and `more` of its fields); a check of one grade's row. */
    const pastWith = (hitRates: unknown, more: object = {}) => ({
      enterprises: 10,
      past: { before: "2026-01-01", inspections: 1, enterprises: 1, hitRates, ...more },
    });
    /** The grade-change check of one row without a finding. */
    const gradeChanges = (row: object) => ({
      cadence: "half-year",
      from: "2025-01-01",
      to: "2026-01-01",
      normal: [row],
      found: [],
      elsewhere: 0,
      differing: 0,
    });
    const to = { A: 0, B: 0, C: 0, D: 0, ungraded: 0 };
    const hitRates = (grade: object) => ({ grades: [grade], beforeGrade: 0, undated: 0, detection: 0.7 });
    const edits: [(r: typeof results) => void, string][] = [
      [(r) => (r.variants[0].hash = 7), "variants[0].hash is missing or not a string"],
      [(r) => (r.variants[1].metrics = []), "variants[1].metrics is empty"],
      [(r) => (r.variants[0].metrics[3] = null), "variants[0].metrics[3].period is missing or not a string"],
      [
        (r) => r.variants[0].metrics.push({ mean: 1 }),
        `variants[0].metrics[${results.variants[0].metrics.length}].period is missing or not a string`,
      ],
      [
        (r) => (r.variants[0].metrics[5].mean = "12"),
        "variants[0].metrics[5].mean is missing or not a number",
      ],
      [
        (r) => (r.variants[1].differences[2].hi = null),
        "variants[1].differences[2].hi is missing or not a number",
      ],
      [(r) => (r.variants[1].differences = {}), "variants[1].differences is missing or not a list"],
      [
        (r) => (r.variants[0].departmentLoads[1].department = 3),
        "variants[0].departmentLoads[1].department is missing or not a string",
      ],
      [
        (r) => (r.variants[1].departmentLoadDifferences = "人社局"),
        "variants[1].departmentLoadDifferences is missing or not a list",
      ],
      [
        (r) => (r.resources.inspectors.市场监管局 = "300"),
        "resources.inspectors.市场监管局 is missing or not a number",
      ],
      [(r) => (r.resources.perInspector = "60"), "resources.perInspector is missing or not a number"],
      [
        (r) => (r.resources.perInspector = { 人社局: "30" }),
        "resources.perInspector.人社局 is missing or not a number",
      ],
      [
        (r) => (r.assumptions[1].text = { zh: "只有中文" }),
        "assumptions[1].text is missing or not a text (a string, or an object of zh and en strings)",
      ],
      [(r) => (r.district = "淮安区"), "district.enterprises is missing or not a number"],
      [
        (r) =>
          (r.district = { enterprises: 10, directory: { path: "i.csv", sha256: "ab", inspectors: "40" } }),
        "district.directory.inspectors is missing or not a number",
      ],
      [
        (r) => (r.district = { enterprises: 10, file: { path: "e.csv" } }),
        "district.file.sha256 is missing or not a string",
      ],
      [
        (r) =>
          (r.district = {
            enterprises: 10,
            file: { path: "e.csv", sha256: "ab" },
            past: { before: "2026-01-01" },
          }),
        "district.past.inspections is missing or not a number",
      ],
      [
        (r) =>
          (r.district = {
            enterprises: 10,
            past: { before: "2026-01-01", inspections: 1, enterprises: 1, ledger: { path: "g.db", head: 5 } },
          }),
        "district.past.ledger.head is missing or not a string",
      ],
      [
        (r) => (r.district = pastWith({ grades: {} })),
        "district.past.hitRates.grades is missing or not a list",
      ],
      [
        (r) => (r.district = pastWith(hitRates({ grade: "E", inspections: 3, findings: 1, assumed: 0.1 }))),
        "district.past.hitRates.grades[0].grade is missing or not a string",
      ],
      [
        (r) => (r.district = pastWith(hitRates({ grade: "C", inspections: 0, findings: 0, assumed: 0.1 }))),
        "district.past.hitRates.grades[0].findings is missing or not a number",
      ],
      [
        (r) => (r.district = pastWith(undefined, { gradeHistory: { path: "grades.csv" } })),
        "district.past.gradeHistory.sha256 is missing or not a string",
      ],
      [
        (r) =>
          (r.district = pastWith(undefined, {
            gradeChanges: gradeChanges({ grade: "B", periods: 3, to: { ...to, B: 2 }, assumed: to }),
          })),
        "district.past.gradeChanges.normal[0].periods is missing or not a number",
      ],
      [
        (r) =>
          (r.district = pastWith(undefined, {
            gradeChanges: gradeChanges({ grade: "B", periods: 3, to: { ...to, B: 3 }, assumed: { A: 1 } }),
          })),
        "district.past.gradeChanges.normal[0].assumed.B is missing or not a number",
      ],
      [
        (r) =>
          (r.district = pastWith(undefined, {
            findingResults: { total: 2, codes: [{ code: "rectified", found: 3, assumed: 1 }] },
          })),
        "district.past.findingResults.codes[0].found is missing or not a number",
      ],
      [
        (r) =>
          (r.district = pastWith(undefined, {
            findingResults: { total: 2, codes: [{ code: "rectified", found: 2, assumed: "1" }] },
          })),
        "district.past.findingResults.codes[0].assumed is missing or not a number",
      ],
    ];
    for (const [edit, message] of edits) {
      const copy = join(tmp(), "sim");
      cpSync(sim, copy, { recursive: true });
      const edited = structuredClone(results);
      edit(edited);
      writeFileSync(join(copy, "results.json"), JSON.stringify(edited));
      const before = readdirSync(copy).sort();
      for (const format of ["md", "html"]) {
        const r = await runCli("report", copy, "--format", format);
        expect([r.code, r.stderr], message).toEqual([
          1,
          `gradedraw: ${message}: the file is damaged or was edited by hand (${join(copy, "results.json")})`.replace(
            "empty: the file is damaged or was edited by hand",
            "empty",
          ),
        ]);
      }
      expect(readdirSync(copy).sort()).toEqual(before);
    }
  }, 120_000);
});

const skip = cannotRunAsUser();

/** A folder anyone may write in. */
function writableByAll(): string {
  const dir = tmp();
  chmodSync(dir, 0o777);
  return dir;
}

describe.skipIf(skip !== undefined)("a file that cannot be read", () => {
  it("an input file is refused naming it, as a missing one is, for draw and classify", () => {
    const dir = tmp();
    chmodSync(dir, 0o755);
    const enterprises = join(dir, "enterprises.csv");
    cpSync("examples/enterprises.csv", enterprises);
    chmodSync(enterprises, 0o000);
    const draw = runAsUser(
      ...exampleDraw(join(writableByAll(), "trial")).map((a) =>
        a === "examples/enterprises.csv" ? enterprises : a,
      ),
    );
    expect(draw.code).toBe(1);
    expect(draw.stderr).toContain(`gradedraw: no permission to read it (${enterprises})`);
    const classify = runAsUser(
      "classify",
      "--policy",
      "policies/huaian-2021/1.0.0.yaml",
      "--enterprises",
      enterprises,
      "--lang",
      "zh",
    );
    expect(classify.code).toBe(1);
    expect(classify.stderr).toBe(`gradedraw: 没有读取权限 (${enterprises})\n`);
  }, 60_000);

  it("a draw folder's file: verify lists it among the differences, report names it", async () => {
    const draw = await drawFolder();
    chmodSync(draw, 0o755);
    chmodSync(join(draw, "tasks.xlsx"), 0o000);
    const verify = runAsUser("verify", draw);
    expect(verify.code).toBe(1);
    expect(verify.stderr).toContain("tasks.xlsx cannot be read: no permission to read it");
    expect(verify.stderr).not.toContain("internal error");
    chmodSync(join(draw, "manifest.json"), 0o000);
    expect(runAsUser("verify", draw).stderr).toContain(
      "manifest.json cannot be read: no permission to read it",
    );
    const report = runAsUser("report", draw);
    expect(report.code).toBe(1);
    expect(report.stderr).toBe(`gradedraw: no permission to read it (${join(draw, "manifest.json")})\n`);
  }, 60_000);

  it("a policy folder with a folder in it that cannot be read: validate, test and draw name that folder", () => {
    const dir = tmp();
    chmodSync(dir, 0o755);
    const locked = join(dir, "2021");
    mkdirSync(locked);
    cpSync("policies/huaian-2021/1.0.0.yaml", join(locked, "1.0.0.yaml"));
    chmodSync(locked, 0o700);
    const runs = [
      runAsUser("validate", dir),
      runAsUser("test", dir, "--lang", "zh"),
      runAsUser(
        ...exampleDraw(join(writableByAll(), "trial")).map((a) => (a.endsWith("1.0.0.yaml") ? locked : a)),
      ),
    ];
    expect(runs.map((r) => r.code)).toEqual([1, 1, 1]);
    expect(runs[0].stderr).toBe(`gradedraw: no permission to read it (${locked})\n`);
    expect(runs[1].stderr).toBe(`gradedraw: 没有读取权限 (${locked})\n`);
    expect(runs[2].stderr).toBe(`gradedraw: no permission to read it (${locked})\n`);
  }, 60_000);
});
