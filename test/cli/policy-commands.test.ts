import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { enterprisesCsv, historyCsvLines } from "../../engine/data/write.js";
import { fewestDrawingOne, sampleSize } from "../../engine/plan.js";
import { loadPolicyFile } from "../../engine/policy/load.js";
import type { LoadedPolicy } from "../../engine/policy/types.js";
import { dryRunDraw, smallDistrict } from "../helpers/district.js";
import { cancelExampleDraw, exampleDryRun, readmeDraw } from "../helpers/examples.js";
import { runCli } from "../helpers/run-cli.js";
import { CAP_OF_2, draftSeed, dryDraw, seed, seedWithEmployees } from "../helpers/seed-policy.js";
import { tmp } from "../helpers/tmp.js";

describe("gradedraw diff", () => {
  it("shows per grade × category the treatment before and after, and changed parameters", async () => {
    const r = await runCli("diff", seed, "policies/huaian-2021/variants/b-halved.yaml");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ungraded × general\s+general-ungraded\s+general-b\s+\*/);
    expect(r.stdout).toMatch(/A × general\s+general-a\s+general-a\s*$/m);
    expect(r.stdout).toContain("treatments.general-b.ratio: 0.05 → 0.025");
  });

  it("OLD, or NEW, may be a folder of versions: the approved one in force today, as a draw takes it", async () => {
    const folder = await runCli(
      "diff",
      "policies/huaian-2021",
      "policies/huaian-2021/variants/b-halved.yaml",
    );
    const file = await runCli("diff", seed, "policies/huaian-2021/variants/b-halved.yaml");
    expect(folder.code).toBe(0);
    expect(folder.stdout.split("\n")[0]).toBe("huaian-credit-graded@1.0.0 → huaian-credit-graded@1.1.0-b25");
    expect(folder.stdout).toBe(file.stdout);
    // With a district seen on --date, the version in force that day: none before 1.0.0 took effect.
    const before = await runCli(
      "diff",
      "policies/huaian-2021",
      "policies/huaian-2021/variants/b-halved.yaml",
      "--enterprises",
      "examples/enterprises.csv",
      "--date",
      "2020-01-01",
    );
    expect([before.code, before.stderr]).toEqual([
      1,
      "gradedraw: no approved version of huaian-credit-graded is in force on 2020-01-01 in policies/huaian-2021",
    ]);
  });

  it("with --enterprises, says what the change does to the district: each cell's enterprises, how many change treatment, and each treatment's planned inspections before and after, as classify gives them under each version on --date", async () => {
    const dir = tmp();
    const d = smallDistrict("diff", 3000);
    writeFileSync(join(dir, "enterprises.csv"), enterprisesCsv(d.enterprises));
    writeFileSync(join(dir, "history.csv"), [...historyCsvLines(d.history)].join(""));
    const variant = "policies/huaian-2021/variants/b-halved.yaml";
    const district = ["--enterprises", join(dir, "enterprises.csv"), "--history", join(dir, "history.csv")];
    const on = [...district, "--date", "2026-01-01", "--db", join(dir, "none.db")];
    const r = await runCli("diff", "--json", seed, variant, ...on);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout).district;
    const classified = async (policy: string) =>
      JSON.parse((await runCli("classify", "--json", "--policy", policy, ...on)).stdout).treatments as {
        treatment: string;
        pool: boolean;
        planned: number;
      }[];
    const [before, after] = [await classified(seed), await classified(variant)];
    for (const p of doc.planned) {
      expect(p.before, p.treatment).toBe(before.find((t) => t.treatment === p.treatment)?.planned ?? null);
      expect(p.after, p.treatment).toBe(after.find((t) => t.treatment === p.treatment)?.planned ?? null);
    }
    expect(doc.planned.map((p: { treatment: string }) => p.treatment)).toEqual(
      before.filter((t) => t.pool).map((t) => t.treatment),
    );
    const planned = (ts: typeof before) => ts.reduce((a, t) => a + (t.pool ? t.planned : 0), 0);
    expect(doc.total).toEqual({ before: planned(before), after: planned(after) });
    expect(doc.total.after).toBeLessThan(doc.total.before);
    // The ungraded general enterprises alone change treatment (general-ungraded → general-b); each
    // cell holds the file's enterprises of its grade and category.
    const ungradedGeneral = d.enterprises.filter((e) => e.grade === null && e.category === "general").length;
    expect(ungradedGeneral).toBeGreaterThan(0);
    expect([doc.enterprises, doc.moved]).toEqual([3000, ungradedGeneral]);
    expect(doc.cells.reduce((a: number, c: { enterprises: number }) => a + c.enterprises, 0)).toBe(3000);
    // Each department's visits as the draw's tickets give them on average: the mean of 30 dry-run
    // draws of the seed policy (2026-01-01, no ledger) is within 4% of what diff expects (the
    // largest gap here is 1.9%); 市场监管局 supervises every enterprise of this district, so each
    // visit takes it and its expected visits are the planned total, exactly.
    const policy = loadPolicyFile(seed).policy as LoadedPolicy;
    const drawn = new Map<string, number>();
    for (let i = 0; i < 30; i++)
      for (const row of (await dryRunDraw(policy.policy, { ...d, conflicts: [] }, `mean-${i}`)).selected)
        for (const department of row.departments)
          drawn.set(department, (drawn.get(department) ?? 0) + 1 / 30);
    const expected = doc.departments as { department: string; before: number; after: number }[];
    expect(expected.map((x) => x.department).sort()).toEqual([...drawn.keys()].sort());
    for (const x of expected)
      expect(Math.abs((drawn.get(x.department) as number) / x.before - 1), x.department).toBeLessThan(0.04);
    expect(d.enterprises.every((e) => e.departments.includes("市场监管局"))).toBe(true);
    expect(expected.find((x) => x.department === "市场监管局")?.before).toBeCloseTo(doc.total.before, 6);
    // classify gives each version's the same.
    for (const [policyFile, key] of [
      [seed, "before"],
      [variant, "after"],
    ] as const) {
      const visits = JSON.parse((await runCli("classify", "--json", "--policy", policyFile, ...on)).stdout)
        .expectedVisits as { department: string; visits: number }[];
      expect(visits.map((v) => [v.department, v.visits]).sort(), policyFile).toEqual(
        expected.map((x) => [x.department, x[key]]).sort(),
      );
    }
    const text = await runCli("diff", seed, variant, ...on);
    expect(text.stdout).toContain(
      `on ${join(dir, "enterprises.csv")}, as a draw on 2026-01-01 sees it: ${ungradedGeneral} of 3000 enterprises change treatment`,
    );
    expect(text.stdout).toMatch(
      new RegExp(
        `\\ntotal +${doc.total.before} +${doc.total.after} +-${doc.total.before - doc.total.after}\\n`,
      ),
    );
    // And the departments' expected visits, to a tenth below 100.
    const first = expected[0];
    expect(text.stdout).toMatch(
      new RegExp(`\\n${first.department} +${first.before.toFixed(1)} +${first.after.toFixed(1)} +`),
    );
    const zh = await runCli("--lang", "zh", "diff", seed, variant, ...on);
    expect(zh.stdout).toContain(`的 3000 家企业中有 ${ungradedGeneral} 家处理方式改变`);
    // The district's options without the district: a usage error.
    const usage = await runCli(
      "diff",
      seed,
      variant,
      "--history",
      join(dir, "history.csv"),
      "--date",
      "2026-01-01",
    );
    expect([usage.code, usage.stderr]).toEqual([
      2,
      "gradedraw: --history, --date read the district of --enterprises, which is not given",
    ]);
  });

  it("--json lists every cell", async () => {
    const r = await runCli("diff", "--json", seed, "policies/huaian-2021/variants/c-half.yaml");
    const doc = JSON.parse(r.stdout);
    expect(doc.cells).toHaveLength(10);
    const decided = { treatments: ["general-c"], facts: [] };
    expect(doc.cells.filter((c: { changed: boolean }) => c.changed)).toEqual([
      {
        grade: "C",
        category: "general",
        before: "general-c",
        after: "general-c",
        beforeOutcome: decided,
        afterOutcome: decided,
        changed: true,
      },
    ]);
    expect(doc.params).toEqual([{ path: "treatments.general-c.ratio", before: 1, after: 0.5 }]);
  });
});

describe("gradedraw diff where other facts decide", () => {
  // A rule on `abnormal` above the grade rules: no cell is decided by grade and category alone.
  const policy = (dir: string, name: string, high: string, low: string) =>
    draftSeed(
      join(dir, name),
      "rules:",
      `rules:
  - name: abnormal-first
    priority: 30
    conditions: { all: [ { fact: abnormal, operator: equal, value: true } ] }
    event: { type: treatment, params: { name: general-d } }
  - name: high
    priority: 25
    conditions: { all: [ { fact: grade, operator: in, value: ${high} } ] }
    event: { type: treatment, params: { name: general-c } }
  - name: low
    priority: 25
    conditions: { all: [ { fact: grade, operator: in, value: ${low} } ] }
    event: { type: treatment, params: { name: general-b } }`,
    );

  it("a cell lists the treatments in the order the rules are tried and the facts that decide, and a change among them is marked", async () => {
    const dir = tmp("gradedraw-diff-facts-");
    const before = policy(dir, "before.yaml", "[C, D]", "[A, B]");
    const after = policy(dir, "after.yaml", "[D]", "[A, B, C]");
    const r = await runCli("diff", before, after);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^C × general +general-d, else general-c \(by abnormal\) +general-d, else general-b \(by abnormal\) +\*$/m,
    );
    expect(r.stdout).toMatch(
      /^D × general +general-d, else general-c \(by abnormal\) +general-d, else general-c \(by abnormal\)$/m,
    );
    const json = JSON.parse((await runCli("diff", "--json", before, after)).stdout);
    expect(
      json.cells.filter((c: { changed: boolean }) => c.changed).map((c: { grade: string }) => c.grade),
    ).toEqual(["C", "C"]);
    expect(json.cells[2].afterOutcome).toEqual({
      treatments: ["general-d", "general-b"],
      facts: ["abnormal"],
    });
  });

  it("a change to a condition on another fact marks the cells it may decide", async () => {
    const dir = tmp("gradedraw-diff-facts-");
    const before = policy(dir, "before.yaml", "[C, D]", "[A, B]");
    const after = policy(dir, "after.yaml", "[C, D]", "[A, B]");
    const narrowed = "value: true }, { fact: region, operator: equal, value: 河下街道 } ] }";
    writeFileSync(after, readFileSync(after, "utf8").replace("value: true } ] }", narrowed));
    const r = await runCli("diff", before, after);
    expect(r.stdout).toMatch(
      /^A × key +general-d, else general-b \(by abnormal\) +general-d, else general-b \(by abnormal, region\) +\*$/m,
    );
    expect(r.stdout.match(/\*$/gm)).toHaveLength(10);
  });
});

describe("gradedraw explain and classify on examples/", () => {
  const uscc = "91320803035UF8HY8M";

  it("explain shows the matching rule, each condition's outcome and the treatment", async () => {
    const r = await runCli(
      "explain",
      "--policy",
      seed,
      "--enterprises",
      "examples/enterprises.csv",
      "--uscc",
      uscc,
      "--date",
      "2026-01-01",
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("✔ rule key-high-risk (priority 20 → key-stricter)");
    expect(r.stdout).toContain('✔ grade in ["C","D"]  (grade = "D")');
    expect(r.stdout).toContain(
      "treatment: key-stricter — Key enterprise, high risk, stricter (rule key-high-risk)",
    );
  });

  it("explain shows the cap status from the history", async () => {
    const r = await runCli(
      "explain",
      "--json",
      "--policy",
      seed,
      "--enterprises",
      "examples/enterprises.csv",
      "--history",
      "examples/history.csv",
      "--uscc",
      "91320803AMN5WJ2P3X",
      "--date",
      "2026-01-01",
    );
    const doc = JSON.parse(r.stdout);
    expect(doc.treatment).toBe("general-b");
    expect(doc.cap).toEqual({
      count: 1,
      window: "12m",
      from: "2025-01-02",
      to: "2026-01-01",
      inspections: 1,
      over: true,
    });
    expect(doc.eligible).toBe(false);
    expect(doc.reason).toBe("over-cap");
  });

  it("explain of an enterprise outside every task says which departments it names: none, one written another way, or the policy's joined by a slash", async () => {
    const dir = tmp();
    const header = "统一社会信用代码,企业类别,信用等级,监管部门";
    const file = join(dir, "e.csv");
    writeFileSync(
      file,
      `${header}\n91320803035UF8HY8M,一般,B,\n91320803AMN5WJ2P3X,一般,B,淮安区市场监督管理局\n91320803NC9CMRX29P,一般,B,市场监管局/人社局\n`,
    );
    const why = async (code: string) =>
      (await runCli("explain", "--policy", seed, "--enterprises", file, "--uscc", code)).stdout
        .split("\n")
        .at(-1);
    const task = "人社局, 市场监管局, 应急管理局, 生态环境局";
    expect(await why("91320803035UF8HY8M")).toBe(
      "eligible for the draw: no (outside-task: it names no supervising department)",
    );
    expect(await why("91320803AMN5WJ2P3X")).toBe(
      `eligible for the draw: no (outside-task: its departments, 淮安区市场监督管理局 (the policy's 市场监管局?), are none of the task's (${task}))`,
    );
    expect(await why("91320803NC9CMRX29P")).toBe(
      `eligible for the draw: no (outside-task: its departments, 市场监管局/人社局, are none of the task's (${task}); separate departments with ';': 市场监管局;人社局)`,
    );
    // --departments gives a task, as classify's and a draw's do.
    const safety = await runCli(
      "explain",
      ...["--policy", seed, "--enterprises", "examples/enterprises.csv", "--uscc", "91320803H5M7NGT02U"],
      ...["--departments", "应急管理局"],
    );
    expect(safety.stdout.split("\n").at(-1)).toBe(
      "eligible for the draw: no (outside-task: its departments, 市场监管局, 人社局, are none of the task's (应急管理局))",
    );
  });

  it("explain of an enterprise that is not in the file exits 1", async () => {
    const r = await runCli(
      "explain",
      "--policy",
      seed,
      "--enterprises",
      "examples/enterprises.csv",
      "--uscc",
      "91110108551385082Q",
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/enterprise 91110108551385082Q is not in examples\/enterprises.csv/);
  });

  it("explain --draw explains an enterprise as a recorded draw saw it, with its ticket and whether it was drawn: in its stratum the lowest tickets were, up to the highest said", async () => {
    const dir = tmp();
    await readmeDraw(dir);
    const draw = join(dir, "d");
    const lines = readFileSync(join(draw, "selected.csv"), "utf8")
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    const header = lines[0].split(",");
    const rows = lines.slice(1).map((l) => l.split(","));
    const [code, stratum, ticketAt] = ["uscc", "stratum", "ticket"].map((c) => header.indexOf(c));
    const explained = (uscc: string, ...more: string[]) =>
      runCli("explain", "--draw", draw, "--uscc", uscc, ...more);
    // A drawn enterprise: its stratum, how many of how many eligible.
    const first = rows[0];
    const drawn = await explained(first[code]);
    expect(drawn.code, drawn.stderr).toBe(0);
    expect(drawn.stdout).toContain("as the draw in");
    expect(drawn.stdout).toContain(`ticket: ${first[ticketAt]}`);
    expect(drawn.stdout).toMatch(
      new RegExp(
        `drawn: yes, in ${first[stratum]} \\(\\d+ of \\d+ eligible, those with the lowest tickets\\)`,
      ),
    );
    // An eligible key enterprise not drawn: the highest ticket drawn in its stratum is said, and its own is higher.
    const keyStrict = rows.filter((r) => r[stratum] === "key-strict");
    const highest = keyStrict
      .map((r) => r[ticketAt])
      .sort()
      .at(-1) as string;
    const json = async (uscc: string) => JSON.parse((await explained(uscc, "--json")).stdout);
    const drawnCodes = new Set(rows.map((r) => r[code]));
    const candidates = readFileSync("examples/enterprises.csv", "utf8")
      .split("\n")
      .slice(1)
      .map((l) => l.split(",")[0])
      .filter((c) => c && !drawnCodes.has(c));
    let notDrawn: string | undefined;
    for (const c of candidates) {
      const j = await json(c);
      if (j.treatment === "key-strict" && j.eligible) {
        notDrawn = c;
        expect(j.draw.drawn).toBe(false);
        expect(j.draw.highestDrawn).toBe(highest);
        expect(j.draw.ticket > highest).toBe(true);
        break;
      }
    }
    if (!notDrawn) throw new Error("the README's draw left no eligible key-strict enterprise undrawn");
    expect((await explained(notDrawn)).stdout).toMatch(
      new RegExp(
        `drawn: no \\(${keyStrict.length} of the \\d+ eligible in key-strict were drawn, those with the lowest tickets, up to ${highest}; its ticket is higher\\)`,
      ),
    );
    // With its ledger: whether the ledger holds the draw in force, and once cancelled, that its visits are not made.
    const db = join(dir, "g.db");
    expect((await explained(first[code], "--db", db)).stdout.trimEnd().split("\n").at(-1)).toBe(
      `ledger ${db}: the draw is entry #1, in force`,
    );
    expect((await explained(first[code], "--db", db, "--json")).stdout).toContain('"seq": 1');
    expect((await runCli(...cancelExampleDraw(db, { reason: "名录有误" }))).code).toBe(0);
    expect((await explained(first[code], "--db", db)).stdout.trimEnd().split("\n").at(-1)).toBe(
      `ledger ${db}: the draw is entry #1 of the ledger, cancelled by entry #2: 名录有误; its visits are not made`,
    );
    // A grade-A general enterprise is in no random pool: not eligible, as said above it.
    expect((await explained("913208033E09P7LM0N")).stdout).toContain("drawn: no (not eligible, above)");
    // A selected.csv edited to leave out a drawn enterprise: its ticket is lower than one drawn, said.
    const edited = join(dir, "edited");
    cpSync(draw, edited, { recursive: true });
    // (The first drawn, the lowest ticket, shares its stratum with others drawn.)
    expect(rows.filter((r) => r[stratum] === first[stratum]).length).toBeGreaterThan(1);
    writeFileSync(
      join(edited, "selected.csv"),
      readFileSync(join(draw, "selected.csv"), "utf8").replace(`${lines[1]}\r\n`, ""),
    );
    const disagree = await runCli("explain", "--draw", edited, "--uscc", first[code]);
    expect(disagree.stdout).toContain(
      `drawn: no, though its ticket is lower than one drawn in ${first[stratum]}`,
    );
    /** explain of the first code from a copy of the folder with one of its files rewritten by `edit`. */
    const explainEdited = async (name: string, file: string, edit: (text: string) => string) => {
      const copy = join(dir, name);
      cpSync(draw, copy, { recursive: true });
      const path = join(copy, file);
      writeFileSync(path, edit(readFileSync(path, "utf8")));
      return { path, ...(await runCli("explain", "--draw", copy, "--uscc", first[code])) };
    };
    // A recorded policy edited (a condition's value key mistyped) is not what the draw read: refused
    // by the manifest's hash, not run through json-rules-engine into an internal error.
    const unread = await explainEdited("policy-edited", "inputs/policy.json", (t) =>
      t.replace('"value": "general"', '"valu": "general"'),
    );
    expect([unread.code, unread.stderr]).toEqual([
      1,
      `gradedraw: not what the draw read: its hash is not the manifest's (edited, or another draw's?); gradedraw verify checks the whole folder (${unread.path})`,
    ]);
    // The ledger's state edited into another shape that hashes as the recorded one is refused by its shape.
    const shape = await explainEdited("ledger-edited", "inputs/ledger.json", (t) =>
      t.replace('"recent":{', '"recent":true,"x":{'),
    );
    expect([shape.code, shape.stderr]).toEqual([
      1,
      `gradedraw: recent is not an object of lists of strings, as a draw records it: the file is damaged or was edited by hand (${shape.path})`,
    ]);
    // A recorded enterprise edited into another shape (its name a number) is refused, by its code.
    const shaped = await explainEdited("record-edited", "inputs/enterprises.json", (t) =>
      t
        .split("\n")
        .map((l) => (l.includes(`"uscc":"${first[code]}"`) ? l.replace(/"name":"[^"]*"/, '"name":7') : l))
        .join("\n"),
    );
    expect([shaped.code, shaped.stderr]).toEqual([
      1,
      `gradedraw: a record naming ${first[code]}: name is not a string, as a draw records it: the file is damaged or was edited by hand (${shaped.path})`,
    ]);
    // A manifest edited by hand without a field explain reads is refused naming the field.
    const lacking = await explainEdited("manifest-edited", "manifest.json", (t) => {
      const { task: _, ...taskless } = JSON.parse(t);
      return JSON.stringify(taskless);
    });
    expect([lacking.code, lacking.stderr]).toEqual([
      1,
      `gradedraw: task.name is missing or not a string: the file is damaged or was edited by hand (${lacking.path})`,
    ]);
    // The draw's own inputs: a published copy has none, and the other inputs' options are refused.
    const copy = join(dir, "published");
    mkdirSync(copy);
    for (const f of ["manifest.json", "selected.csv", "assignments.csv"])
      copyFileSync(join(draw, f), join(copy, f));
    const published = await runCli("explain", "--draw", copy, "--uscc", first[code]);
    expect(published.code).toBe(1);
    expect(published.stderr).toContain("a published copy has none");
    expect((await explained(first[code], "--date", "2026-01-01")).code).toBe(2);
    const none = await runCli("explain", "--uscc", first[code]);
    expect([none.code, none.stderr]).toEqual([
      2,
      "gradedraw: required options '--policy <file>', '--enterprises <file>' not specified (or --draw, a draw's folder)",
    ]);
  });

  it("classify gives pool sizes and planned sample sizes per treatment and grade", async () => {
    const examples = [
      "--policy",
      seed,
      "--enterprises",
      "examples/enterprises.csv",
      "--history",
      "examples/history.csv",
      "--date",
      "2026-01-01",
    ];
    const r = await runCli("classify", "--json", ...examples);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.total).toBe(30);
    const byName = Object.fromEntries(doc.treatments.map((t: { treatment: string }) => [t.treatment, t]));
    expect(byName["general-a"]).toMatchObject({
      pool: false,
      planned: 0,
      excluded: { "not-in-pool": byName["general-a"].enterprises },
    });
    expect(byName["general-c"]).toMatchObject({
      enterprises: 4,
      eligible: 3,
      planned: 3,
      excluded: { "over-cap": 1 },
    });
    expect(byName["key-strict"]).toMatchObject({ enterprises: 6, eligible: 6, ratio: 0.3, planned: 2 });
    // Each department's visits in expectation: 市场监管局 supervises every enterprise of the examples,
    // so every visit of the 8 planned takes it.
    expect(doc.expectedVisits.find((v: { department: string }) => v.department === "市场监管局").visits).toBe(
      8,
    );
    const text = await runCli("classify", ...examples);
    expect(text.stdout).toContain(
      "visits by department (expected): 人社局 3.7, 市场监管局 8.0, 应急管理局 2.3, 生态环境局 2.3",
    );
  });

  it("a stratum with enterprises eligible and none planned is said with why, and from how many it plans one, by classify and draw, in Chinese too", async () => {
    const inputs = [
      "--policy",
      seed,
      "--enterprises",
      "examples/enterprises.csv",
      "--history",
      "examples/history.csv",
    ];
    const r = await runCli("classify", ...inputs, "--date", "2026-01-01");
    expect(r.stdout).toMatch(
      /^none planned from: general-b \(5% of 7 is 0\.35, round gives 0; one from 10 eligible\), general-ungraded \(5% of 1 is 0\.05, round gives 0; one from 10 eligible\)$/m,
    );
    const zh = await runCli("--lang", "zh", "classify", ...inputs, "--date", "2026-01-01");
    expect(zh.stdout).toContain(
      "不抽取：general-b（7 家的 5% 为 0.35，四舍五入为 0；可抽取达 10 家时抽 1 家）、",
    );
    const draw = await runCli(...exampleDryRun(join(tmp(), "d")));
    expect(draw.stdout).toMatch(
      /^ {2}general-b: 0 \/ 7 eligible \(5%: 5% of 7 is 0\.35, round gives 0; one from 10 eligible\)$/m,
    );
    // A stratum that draws some says nothing more.
    expect(draw.stdout).toMatch(/^ {2}key-strict: 2 \/ 6 eligible \(30%\)$/m);
  });

  it("the fewest eligible from which a ratio draws one is the count the draw's own rounding agrees with", () => {
    expect(fewestDrawingOne(0.05, "round")).toBe(10);
    expect(fewestDrawingOne(0.05, "floor")).toBe(20);
    expect(fewestDrawingOne(0.05, "ceil")).toBe(1);
    expect(fewestDrawingOne(0.07, "round")).toBe(8);
    expect(fewestDrawingOne(0, "ceil")).toBeUndefined();
    expect(fewestDrawingOne(1e-10, "round")).toBeUndefined();
    for (const ratio of [0.001, 0.013, 0.025, 1 / 3, 0.5, 0.999])
      for (const rounding of ["round", "floor", "ceil"] as const) {
        const m = fewestDrawingOne(ratio, rounding) as number;
        expect(sampleSize(ratio, rounding, m)).toBe(1);
        if (m > 1) expect(sampleSize(ratio, rounding, m - 1)).toBe(0);
      }
  });

  it("classify and explain take a folder of versions as a draw does: the approved version in force on --date; departments as a Chinese input method lists them", async () => {
    const args = ["--policy", "policies/huaian-2021", "--enterprises", "examples/enterprises.csv"];
    const folder = await runCli("classify", "--json", ...args, "--date", "2026-01-01");
    const file = await runCli(
      "classify",
      "--json",
      "--policy",
      seed,
      ...args.slice(2),
      "--date",
      "2026-01-01",
    );
    expect(folder.code, folder.stderr).toBe(0);
    expect(JSON.parse(folder.stdout)).toEqual(JSON.parse(file.stdout));
    const before = await runCli("explain", ...args, "--uscc", "91320803AMN5WJ2P3X", "--date", "2020-01-01");
    expect(before.code).toBe(1);
    expect(before.stderr).toBe(
      "gradedraw: no approved version of huaian-credit-graded is in force on 2020-01-01 in policies/huaian-2021",
    );
    // `，` and `、` separate departments as `,` and `;` do.
    const task = async (list: string) => {
      const doc = JSON.parse((await runCli("classify", "--json", ...args, "--departments", list)).stdout);
      return [doc.departments, doc.treatments.map((t: { eligible: number }) => t.eligible)];
    };
    const two = await task("市场监管局,人社局");
    expect(two[0]).toEqual(["市场监管局", "人社局"]);
    expect(await task("市场监管局，人社局")).toEqual(two);
    expect(await task("市场监管局、人社局")).toEqual(two);
    expect(await task("人社局")).not.toEqual(two);
  });

  it("a joint visit the history file has as one row per department is one inspection for caps, in classify and in a draw", async () => {
    const dir = tmp();
    const policy = draftSeed(join(dir, "b2.yaml"), ...CAP_OF_2);
    // 91320803AMN5WJ2P3X (B, general) was visited once, jointly by two departments.
    const history = join(dir, "history.csv");
    writeFileSync(
      history,
      [
        "uscc,date,department,kind,result",
        "91320803AMN5WJ2P3X,2025-09-12,市场监管局,joint,未发现问题",
        "91320803AMN5WJ2P3X,2025-09-12,生态环境局,joint,未发现问题",
        "",
      ].join("\n"),
    );
    const inputs = ["--policy", policy, "--enterprises", "examples/enterprises.csv", "--history", history];
    const classify = await runCli("classify", "--json", ...inputs, "--date", "2026-01-01");
    expect(classify.code, classify.stderr).toBe(0);
    const b = JSON.parse(classify.stdout).treatments.find(
      (t: { treatment: string }) => t.treatment === "general-b",
    );
    expect(b.excluded["over-cap"] ?? 0).toBe(0);
    const explain = await runCli(
      "explain",
      ...inputs,
      "--uscc",
      "91320803AMN5WJ2P3X",
      "--date",
      "2026-01-01",
    );
    expect(explain.stdout).toMatch(/^cap: 2 \/ 12m \(2025-01-02 – 2026-01-01\): 1 inspection\(s\) counted$/m);
    const draw = await runCli("draw", ...inputs, ...dryDraw(join(dir, "d")));
    expect(draw.code, draw.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "d", "inputs", "history.json"), "utf8"))).toEqual([
      {
        uscc: "91320803AMN5WJ2P3X",
        date: "2025-09-12",
        department: "市场监管局;生态环境局",
        kind: "joint",
        result: ["none"],
      },
    ]);
    expect((await runCli("verify", join(dir, "d"))).code).toBe(0);
  });

  it("classify and explain read the ledger as a draw does: its results, its drawn visits not yet made, the enterprises an exclusive treatment took in the period", async () => {
    const dir = tmp();
    const db = await readmeDraw(dir);
    expect((await runCli("results", "import", "examples/results.csv", "--db", db)).code).toBe(0);
    const inputs = ["--policy", seed, "--enterprises", "examples/enterprises.csv", "--date", "2026-01-01"];
    const generalC = (stdout: string) =>
      JSON.parse(stdout).treatments.find((t: { treatment: string }) => t.treatment === "general-c");
    // Without a ledger: as before any draw (examples/history.csv aside).
    const missing = join(dir, "none.db");
    const before = await runCli("classify", "--json", ...inputs, "--db", missing);
    expect(before.code, before.stderr).toBe(0);
    expect(JSON.parse(before.stdout).ledger).toBeNull();
    expect(generalC(before.stdout)).toMatchObject({ enterprises: 4, eligible: 4, planned: 4 });
    expect(existsSync(missing)).toBe(false);
    // With it: the draw's three general-c enterprises (exclusive) are taken for 2026-H1; the fourth
    // is left.
    const after = await runCli("classify", "--json", ...inputs, "--db", db);
    expect(after.code, after.stderr).toBe(0);
    expect(JSON.parse(after.stdout).ledger).toEqual({
      file: db,
      period: "2026-H1",
      inspections: 3,
      drawnNotMade: 5,
      exclusiveTaken: ["91320803MJ8405546B", "91320803NC9CMRX29P", "92320803T0YGMAM138"],
    });
    expect(generalC(after.stdout)).toMatchObject({
      eligible: 1,
      planned: 1,
      excluded: { "exclusive-taken": 3 },
    });
    // What a second task's draw of that period sees: the same.
    const second = await runCli(
      "draw",
      ...inputs.slice(0, 4),
      ...["--inspectors", "examples/inspectors.csv", "--db", db, "--task", "second", "--dry-run"],
      ...["--period", "2026-H1", "--seed", "1", "--out", join(dir, "second")],
    );
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain("general-c: 1 / 1 eligible");
    const text = await runCli("classify", ...inputs, "--db", db);
    expect(text.stdout.split("\n").slice(0, 3)).toEqual([
      "huaian-credit-graded@1.0.0, 2026-01-01, 30 enterprises",
      `ledger ${db}: 3 inspection(s) recorded, 5 drawn visit(s) not yet made, 3 enterprise(s) taken by an exclusive treatment in 2026-H1`,
      "",
    ]);
    const explain = await runCli("explain", ...inputs, "--uscc", "91320803NC9CMRX29P", "--db", db);
    expect(explain.stdout).toMatch(
      /^cap: 1 \/ half-year \(2026-01-01 – 2026-06-30\): 1 inspection\(s\) counted — over the cap$/m,
    );
    expect(explain.stdout).toMatch(/^eligible for the draw: no \(exclusive-taken\)$/m);
    // Explain reads the results of its enterprise alone, and says the ledger's as classify does.
    expect(explain.stdout).toContain(text.stdout.split("\n")[1]);
    const explained = await runCli(
      "explain",
      "--json",
      ...inputs,
      "--uscc",
      "91320803NC9CMRX29P",
      "--db",
      db,
    );
    expect(JSON.parse(explained.stdout).ledger).toEqual(JSON.parse(after.stdout).ledger);
  });

  it("explain given a code that is none of the file's names the enterprises it most likely means: by part of the name, or a code one slip away", async () => {
    const onExamples = ["--policy", seed, "--enterprises", "examples/enterprises.csv"];
    const explainOf = (uscc: string, ...more: string[]) =>
      runCli(...more, "explain", ...onExamples, "--uscc", uscc);
    const ruifeng = "淮安区瑞丰农业（个体工商户） (--uscc 92320803ENL7A3038T)";
    const cases: [string, string][] = [
      [
        "瑞丰农业",
        `Chinese text, not a code (a name, or a note?): write the enterprise's 18-character code; examples/enterprises.csv has ${ruifeng}`,
      ],
      [
        "92320803ENL7A3038",
        `wrong length: 17 characters, expected 18; examples/enterprises.csv has ${ruifeng}`,
      ],
      [
        "92320803ENL7A3083T",
        `organisation-code check character at position 17 should be 9, not 3; examples/enterprises.csv has ${ruifeng}`,
      ],
      [
        "９２３２０８０３enl7a3o38t",
        `bad character 'O' at position 15 (I, O, Z, S, V and symbols are not used): the letter O for the digit 0? 92320803ENL7A3038T is a valid code; examples/enterprises.csv has ${ruifeng}`,
      ],
    ];
    for (const [typed, said] of cases) {
      const r = await explainOf(typed);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`gradedraw: --uscc: ${said}`);
    }
    // A part of a name many hold: the first five, and how many hold it.
    const many = await explainOf("淮安市");
    expect(many.stderr).toMatch(/\(--uscc 91320803GAJX7JYB4K\), the first 5 of \d+ whose names hold it$/);
    const zh = await explainOf("瑞丰", "--lang", "zh");
    expect(zh.stderr).toBe(
      "gradedraw: --uscc：是中文文字而非代码（是否填成了名称或备注？）：请填写企业的 18 位统一社会信用代码；examples/enterprises.csv 中有 淮安区瑞丰农业（个体工商户）（--uscc 92320803ENL7A3038T）",
    );
    // Nothing near: the fault alone.
    expect((await explainOf("北京")).stderr).toBe(
      "gradedraw: --uscc: Chinese text, not a code (a name, or a note?): write the enterprise's 18-character code",
    );
  });

  it("a bad --date is a usage error, told the day meant where it is written another usual way", async () => {
    const classifyOn = (date: string) =>
      runCli("classify", "--policy", seed, "--enterprises", "examples/enterprises.csv", "--date", date);
    const r = await classifyOn("2026-02-30");
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("gradedraw: --date must be a date YYYY-MM-DD, not '2026-02-30'");
    // A day written another usual way is told as it is to be written.
    for (const typed of ["2026/1/5", "2026年1月5日", "20260105"]) {
      const told = await classifyOn(typed);
      expect(told.code).toBe(2);
      expect(told.stderr).toBe(
        `gradedraw: --date must be a date YYYY-MM-DD, not '${typed}': write 2026-01-05`,
      );
    }
    // A day without its year is told to be written with one, not guessed.
    const noYear = await classifyOn("1月5日");
    expect([noYear.code, noYear.stderr]).toEqual([
      2,
      "gradedraw: --date must be a date YYYY-MM-DD, not '1月5日': the year is missing, YYYY-01-05",
    ]);
  });
});

describe("gradedraw diff, classify and explain in Chinese", () => {
  it("under --lang zh, grades, categories and reasons of ineligibility are printed in Chinese; --json keeps the codes", async () => {
    const diff = await runCli("--lang", "zh", "diff", seed, "policies/huaian-2021/variants/c-half.yaml");
    expect(diff.stdout).toMatch(/^未分级 × 重点 +key-strict/m);
    // Each treatment with its Chinese label; a cell grade and category do not decide, in Chinese.
    expect(diff.stdout).toMatch(
      /^C × 一般 +general-c C级（每半年一次联合检查） +general-c C级（每半年一次联合检查） +\*$/m,
    );
    const byFact = seedWithEmployees(join(tmp("gradedraw-diff-"), "p.yaml"), true);
    const undecided = await runCli("--lang", "zh", "diff", seed, byFact);
    expect(undecided.stdout).toMatch(
      /^B × 一般 +general-b B级（每年至多一次） +general-b B级（每年至多一次），否则 reject（抽取时报错，列出这些企业）（取决于 employees） +\*$/m,
    );
    const inputs = ["--policy", seed, "--enterprises", "examples/enterprises.csv", "--date", "2026-01-01"];
    const classify = await runCli("--lang", "zh", "classify", ...inputs);
    expect(classify.stdout).toMatch(/^general-a A级（无事不扰） .* 不纳入随机抽查 7$/m);
    expect(classify.stdout).toMatch(/^huaian-credit-graded@1\.0\.0，2026-01-01，30 家企业$/m);
    expect(classify.stdout).toMatch(/^计划检查：\d+$/m);
    expect(classify.stdout).toMatch(/^ +未分级 +1 +1$/m);
    expect(classify.stdout).not.toMatch(/(^|\s)ungraded|not-in-pool/m);
    const json = JSON.parse((await runCli("--lang", "zh", "classify", "--json", ...inputs)).stdout);
    expect(json.treatments.find((t: { treatment: string }) => t.treatment === "general-a").excluded).toEqual({
      "not-in-pool": 7,
    });
    const explain = await runCli("--lang", "zh", "explain", ...inputs, "--uscc", "913208033E09P7LM0N");
    expect(explain.stdout.split("\n")[0]).toBe(
      "淮安市恒通机械有限公司（913208033E09P7LM0N）—— huaian-credit-graded@1.0.0，2026-01-01",
    );
    expect(explain.stdout).toContain("信用等级 A，类别 一般");
    expect(explain.stdout).toContain("可被抽取：否（不纳入随机抽查）");
    expect(explain.stdout).toMatch(/^✔ 规则 general-a（优先级 10 → general-a）$/m);
    const capped = await runCli(
      "--lang",
      "zh",
      "explain",
      ...inputs,
      "--history",
      "examples/history.csv",
      "--uscc",
      "91320803AMN5WJ2P3X",
    );
    expect(capped.stdout).toContain(
      "上限：1 次 / 12 个月（2025-01-02 至 2026-01-01）：已计入 1 次检查 —— 已达上限\n可被抽取：否（已达检查上限）",
    );
    // English keeps the codes the policy file and --json use.
    const en = await runCli("classify", ...inputs);
    expect(en.stdout).toMatch(/^general-a .* not-in-pool 7$/m);
  });
});
