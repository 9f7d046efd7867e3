import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cancelExampleDraw, EXAMPLE_INPUTS, exampleDraw } from "../helpers/examples.js";
import { runCli } from "../helpers/run-cli.js";
import { tmp } from "../helpers/tmp.js";

// Made on the period's first day: a production draw is otherwise dated today.
const base = [
  ...EXAMPLE_INPUTS,
  "--period",
  "2026-H1",
  "--date",
  "2026-01-01",
  "--seed",
  "20260105-3141592653",
];
/** A dry-run draw of the examples under the seed policy into `out`. */
const dryRun = (out: string) => [
  "draw",
  "--policy",
  "policies/huaian-2021/1.0.0.yaml",
  ...base,
  "--dry-run",
  "--out",
  out,
];

describe("gradedraw draw on examples/", () => {
  it("draws from a folder of versions: the approved version in force on the draw date", async () => {
    const dir = tmp();
    const r = await runCli(
      "draw",
      "--policy",
      "policies/huaian-2021",
      ...base,
      "--db",
      join(dir, "g.db"),
      "--out",
      join(dir, "d"),
      "--json",
    );
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.manifest.policy).toMatchObject({
      id: "huaian-credit-graded",
      version: "1.0.0",
      status: "approved",
    });
    expect(doc.ledgerSeq).toBe(1);
    expect((await runCli("verify", join(dir, "d"))).code).toBe(0);
    expect((await runCli("ledger", "verify", "--db", join(dir, "g.db"))).stdout).toBe(
      "ok: 1 ledger entries, chain intact",
    );
  });

  it("a draft variant is refused for production, before any input is read and without creating a ledger, and allowed as a dry run", async () => {
    const dir = tmp();
    const args = [
      "draw",
      "--policy",
      "policies/huaian-2021/variants/c-half.yaml",
      ...base,
      "--db",
      join(dir, "g.db"),
      "--out",
      join(dir, "d"),
    ];
    const refused = await runCli(...args);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "huaian-credit-graded@1.1.0-c50 is draft: production draws use only approved versions",
    );
    expect(existsSync(join(dir, "g.db"))).toBe(false);
    // Refused on the policy alone: an enterprise file that does not exist is not even opened.
    const early = await runCli(
      ...args.map((a) => (a === "examples/enterprises.csv" ? join(dir, "none.csv") : a)),
    );
    expect(early.stderr).not.toContain("none.csv");
    expect(early.stderr).toContain("is draft");
    const trial = await runCli(...args, "--dry-run");
    expect(trial.code).toBe(0);
    expect(trial.stdout).toContain("(dry run, not recorded)");
  });

  /** A dry-run draw of the examples with this inspector file instead; the result and its output folder. */
  async function drawWithInspectors(csv: string) {
    const dir = tmp();
    const inspectors = join(dir, "i.csv");
    writeFileSync(inspectors, csv);
    const out = join(dir, "d");
    const r = await runCli(
      "draw",
      "--policy",
      "policies/huaian-2021/1.0.0.yaml",
      ...base.map((a) => (a === "examples/inspectors.csv" ? inspectors : a)),
      "--dry-run",
      "--out",
      out,
    );
    return { r, out };
  }

  it("a first production draw that fails leaves no ledger behind; the first one made creates it", async () => {
    const dir = tmp();
    const db = join(dir, "g.db");
    const draw = (...more: string[]) =>
      runCli("draw", "--policy", "policies/huaian-2021/1.0.0.yaml", ...base, "--db", db, ...more);
    // The examples' 生态环境局 cannot make a team (README): refused after reading every input.
    const env = await draw(
      "--task",
      "生态环境专项",
      "--departments",
      "生态环境局",
      "--out",
      join(dir, "env"),
    );
    expect(env.code).toBe(1);
    expect(env.stderr).toContain("no valid inspector team");
    expect(env.stderr).toContain("the draw was not made; nothing was written");
    expect(readdirSync(dir)).toEqual([]);
    const made = await draw("--out", join(dir, "a"));
    expect(made.code).toBe(0);
    expect(made.stdout).toContain("ledger entry #1");
    // Dated by --date before the day it was made (2026-01-01 is before any day this test runs on).
    expect(made.stderr).toMatch(
      /^gradedraw: note: the draw is recorded as made on 2026-01-01 \(--date\), not today \(\d{4}-\d\d-\d\d\): its caps counted the inspections up to that day$/m,
    );
    const trial = await draw("--dry-run", "--out", join(dir, "trial"));
    expect(trial.stderr).not.toContain("recorded as made");
    expect(statSync(db).mode & 0o777).toBe(0o600);
    // A ledger that could not be created is said before anything is read, not as an internal error.
    const nowhere = await runCli(
      "draw",
      "--policy",
      "policies/huaian-2021/1.0.0.yaml",
      ...base.map((a) => (a === "examples/enterprises.csv" ? join(dir, "none.csv") : a)),
      "--db",
      join(dir, "no", "g.db"),
      "--out",
      join(dir, "c"),
    );
    expect(nowhere.code).toBe(1);
    expect(nowhere.stderr).toBe(
      `gradedraw: cannot create the ledger: its folder ${join(dir, "no")} does not exist (${join(dir, "no", "g.db")})`,
    );
    const results = await runCli(
      "results",
      "import",
      "examples/results.csv",
      "--db",
      join(dir, "no", "g.db"),
    );
    expect(results.stderr).toContain("cannot create the database: its folder");
    const again = await draw("--out", join(dir, "b"), "--lang", "zh");
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("该政策、任务和期间的抽取已记入台账（第 1 条）；如需重新抽取，请先撤销");
  });

  /** The examples' directory (or inspectors) with each row's cells edited, given the header's. */
  function exampleWith(
    file: string,
    source: string,
    edit: (cells: string[], header: string[]) => string[],
  ): string {
    const [header, ...rows] = readFileSync(source, "utf8").trimEnd().split("\n");
    const names = header.split(",");
    writeFileSync(file, [header, ...rows].map((l) => edit(l.split(","), names).join(",")).join("\n"));
    return file;
  }
  /** A draw of the examples under the seed policy, with inputs swapped for others (by the examples' paths). */
  const drawWith = (swap: Record<string, string>, ...more: string[]) =>
    runCli("draw", "--policy", "policies/huaian-2021/1.0.0.yaml", ...base.map((a) => swap[a] ?? a), ...more);
  const dropped = (column: string) => (cells: string[], header: string[]) =>
    cells.filter((_, i) => i !== header.indexOf(column));

  it("a directory none of whose enterprises names a supervising department, or has a grade, is refused: the draw would be made, and recorded, drawing nobody or all as ungraded", async () => {
    const dir = tmp();
    const db = join(dir, "g.db");
    // The directory as exported without its 监管部门 column.
    const without = exampleWith(join(dir, "企业.csv"), "examples/enterprises.csv", dropped("监管部门"));
    const swap = { "examples/enterprises.csv": without };
    const r = await drawWith(swap, "--db", db, "--out", join(dir, "d"));
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n")).toEqual([
      `gradedraw: no enterprise names a supervising department (column departments, 监管部门): every task's pool would be empty (${without})`,
      "gradedraw: the draw was not made; nothing was written",
    ]);
    expect(readdirSync(dir)).toEqual(["企业.csv"]);
    // So is one without its 信用等级 column: every enterprise would be drawn as ungraded.
    exampleWith(without, "examples/enterprises.csv", dropped("信用等级"));
    const ungraded = await drawWith(swap, "--db", db, "--out", join(dir, "d"), "--lang", "zh");
    expect(ungraded.stderr.split("\n")).toEqual([
      `gradedraw: 没有企业有信用等级（“信用等级”列）：所有企业都将按未分级抽取 (${without})`,
      "gradedraw: 未完成抽取；未写入任何内容",
    ]);
    expect(readdirSync(dir)).toEqual(["企业.csv"]);
  });

  it("a department written another way than the policy's items write it is said, for enterprises and inspectors; a draw where no enterprise names one of the policy's is refused", async () => {
    const dir = tmp();
    const renamed = (cells: string[]) => cells.map((c) => c.replaceAll("市场监管局", "市场监督管理局"));
    const some = exampleWith(join(dir, "改名.csv"), "examples/enterprises.csv", renamed);
    const r = await drawWith({ "examples/enterprises.csv": some }, "--dry-run", "--out", join(dir, "d"));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `gradedraw: note: ${some} names department(s) that no item of the policy has: 市场监督管理局 (30); the policy's are 人社局, 市场监管局, 应急管理局, 生态环境局; 17 enterprise(s) name no other and are in no task's pool: is a department written another way?`,
    );
    const all = exampleWith(join(dir, "全改.csv"), "examples/enterprises.csv", (cells, header) =>
      cells.map((c, i) => (i === header.indexOf("监管部门") && c !== "监管部门" ? "市场监督管理局" : c)),
    );
    const none = await drawWith({ "examples/enterprises.csv": all }, "--dry-run", "--out", join(dir, "e"));
    expect(none.stderr.split("\n")).toEqual([
      `gradedraw: no enterprise names a department of the policy's items (人社局, 市场监管局, 应急管理局, 生态环境局): every task's pool would be empty (the file names 市场监督管理局); is a department written another way? (${all})`,
      "gradedraw: the draw was not made; nothing was written",
    ]);
    expect(existsSync(join(dir, "e"))).toBe(false);
    // Inspectors of such a department are never drawn: said before the teams fail.
    const inspectors = exampleWith(join(dir, "执法人员.csv"), "examples/inspectors.csv", renamed);
    const staff = await drawWith(
      { "examples/inspectors.csv": inspectors },
      "--dry-run",
      "--out",
      join(dir, "f"),
    );
    expect(staff.code).toBe(1);
    expect(staff.stderr.split("\n")[0]).toBe(
      `gradedraw: note: ${inspectors} has inspectors of department(s) that no item of the policy has, who are never drawn: 市场监督管理局 (8); the policy's are 人社局, 市场监管局, 应急管理局, 生态环境局: is a department written another way?`,
    );
    expect(staff.stderr).toContain("no valid inspector team: no eligible inspector of 市场监管局");
  });

  it("--raise given twice for one treatment is a usage error; a name like __proto__ is refused as no treatment", async () => {
    const out = join(tmp(), "d");
    const twice = await runCli(...dryRun(out), "--raise", "general-d=0.9", "--raise", "general-d=0.8");
    expect(twice.code).toBe(2);
    expect(twice.stderr).toBe("gradedraw: --raise general-d is given twice, with 0.9 and 0.8: give it once");
    const proto = await runCli(...dryRun(out), "--raise", "__proto__=0.9");
    expect(proto.code).toBe(1);
    expect(proto.stderr).toContain("--raise __proto__: the policy has no treatment __proto__");
    const same = await runCli(...dryRun(out), "--raise", "general-d=0.8", "--raise", "general-d=0.8");
    expect(same.code).toBe(0);
    expect(same.stdout).toContain("general-d: 2 / 2 eligible (80%)");
  });

  it("a period that is not one is a usage error naming the forms, in draw, draw cancel and publish", async () => {
    const dir = tmp();
    const forms = "gradedraw: '2026-H9' is not a period (YYYY, YYYY-H1, YYYY-Q1 or YYYY-MM)";
    const runs = [
      await runCli(...dryRun(join(dir, "d")).map((a) => (a === "2026-H1" ? "2026-H9" : a))),
      await runCli(...cancelExampleDraw(join(dir, "g.db"), { period: "2026-H9" })),
      await runCli("publish", "--period", "2026-H9", "--out", join(dir, "p.csv"), "--db", join(dir, "g.db")),
    ];
    for (const r of runs) {
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(forms);
    }
  });

  it("a seed that would be typed again as another (empty, a space at an end, an invisible or full-width character) is a usage error, in draw and tickets", async () => {
    const dir = tmp();
    const why = "a seed is published and typed again by anyone who checks the draw";
    const cases: [string, string][] = [
      ["", `--seed is empty: ${why}`],
      [
        "20260105-3141592653 ",
        `--seed has a space at its start or end ('20260105-3141592653 '): ${why}; give it as '20260105-3141592653'`,
      ],
      ["2026\u200b0105", `--seed has an invisible character (U+200B) at position 5: ${why}`],
      [
        "２０２６0105－3141",
        `--seed has full-width characters ('２' at position 1): ${why}; give it as '20260105-3141'`,
      ],
    ];
    for (const [seed, message] of cases) {
      const out = join(dir, "d");
      const draw = await runCli(...dryRun(out).map((a) => (a === "20260105-3141592653" ? seed : a)));
      expect([draw.code, draw.stderr]).toEqual([2, `gradedraw: ${message}`]);
      expect(existsSync(out)).toBe(false);
      const tickets = await runCli("tickets", "--seed", seed, "AB-130");
      expect([tickets.code, tickets.stderr, tickets.stdout]).toEqual([2, `gradedraw: ${message}`, ""]);
    }
    const zh = await runCli("tickets", "--lang", "zh", "--seed", "２０２６", "AB-130");
    expect(zh.stderr).toBe(
      "gradedraw: --seed 含全角字符（第 1 个字符“２”）：种子要公开，任何人核对抽查时都要重新输入它；请写作“2026”",
    );
    // Chinese text in a seed is no typing hazard, and stays allowed.
    expect((await runCli("tickets", "--seed", "2026年第1次抽查", "AB-130")).code).toBe(0);
  });

  it("an infeasible team assignment names each enterprise and the reason, and writes nothing", async () => {
    const { r, out } = await drawWithInspectors("id,name,department\nHA001,王伟,市场监管局\n");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /gradedraw: 9\d{5}[0-9A-Z]{12}: no valid inspector team: .*only 1 eligible inspector\(s\), a team needs 2/,
    );
    expect(r.stderr).toContain("the draw was not made; nothing was written");
    expect(existsSync(out)).toBe(false);
    // The reason names the inspector file it comes from, not the policy.
    expect(r.stderr).toMatch(/a team needs 2[^\n]*\(\S*i\.csv\)\n/);
    expect(r.stderr).not.toContain("1.0.0.yaml");
  });

  it("a refused draw names the input each reason is about: the output folder, the policy", async () => {
    const dir = tmp();
    const mine = join(dir, "mine");
    mkdirSync(mine);
    writeFileSync(join(mine, "notes.txt"), "keep");
    const draw = (...more: string[]) =>
      runCli("draw", "--policy", "policies/huaian-2021/1.0.0.yaml", ...base, "--dry-run", ...more);
    const taken = await draw("--out", mine);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain(
      `is not empty and is not a previous output (no manifest.json); choose another --out (${mine})`,
    );
    const quarter = await draw("--period", "2026-Q1", "--out", join(dir, "q"));
    expect(quarter.stderr).toContain("but the period 2026-Q1 is a quarter (policies/huaian-2021/1.0.0.yaml)");
    // A draw names its task in the ledger and the manifest: an empty name is a usage error.
    const unnamed = await draw("--task", " ", "--out", join(dir, "t"));
    expect(unnamed.code).toBe(2);
    expect(unnamed.stderr.trim()).toBe("gradedraw: --task must not be empty");
  });

  it("a failed team names why the other inspectors of the department are not eligible, each once", async () => {
    const { r } = await drawWithInspectors(
      [
        "id,name,department,licenseExpires,active,capacity",
        "HA001,王伟,市场监管局,2028-12-31,是,",
        "HA002,李勇,市场监管局,2028-12-31,否,",
        "HA003,张刚,市场监管局,2020-12-31,是,",
        "HA004,刘磊,市场监管局,2020-12-31,否,",
        "HA005,陈霞,市场监管局,2020-12-31,是,0",
        "HA006,赵敏,市场监管局,2028-12-31,是,0",
        "",
      ].join("\n"),
    );
    expect(r.code).toBe(1);
    // Each counted once, by the first reason: HA004 inactive and unlicensed, HA005 unlicensed and full.
    expect(r.stderr).toMatch(
      /only 1 eligible inspector\(s\), a team needs 2; not eligible: 2 inactive, 2 licence, 1 capacity/,
    );
  });

  it("an inspector the directory gives neither a licence number nor an expiry date, where it gives the others one, holds no licence and is not drawn; the draw records so and verifies", async () => {
    const dir = tmp();
    // HA002, drawn three times from the examples, with 无 for a number and no expiry date.
    const inspectors = exampleWith(join(dir, "执法人员.csv"), "examples/inspectors.csv", (cells) =>
      cells[0] === "HA002" ? cells.map((c, i) => (i === 3 ? "无" : i === 4 ? "" : c)) : cells,
    );
    const r = await drawWith({ "examples/inspectors.csv": inspectors }, "--dry-run", "--out", join(dir, "d"));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(
      `gradedraw: note: 1 inspector(s) of ${inspectors} have neither a licence number nor an expiry date, where the others have one: they hold no enforcement licence and are not drawn (HA002)`,
    );
    const assigned = readFileSync(join(dir, "d", "assignments.csv"), "utf8");
    expect(assigned).not.toContain("HA002");
    expect(assigned.trim().split("\n").length - 1).toBe(20);
    const recorded = readFileSync(join(dir, "d", "inputs", "inspectors.json"), "utf8");
    expect(recorded).toMatch(/"id":"HA002",[^}]*"unlicensed":true/);
    expect(recorded.match(/unlicensed/g)).toHaveLength(1);
    expect((await runCli("verify", join(dir, "d"))).code).toBe(0);
    // A directory that records no licence at all is drawn from as it is, and said so.
    const bare = exampleWith(join(dir, "无证号.csv"), "examples/inspectors.csv", (cells, header) =>
      cells.filter((_, i) => i !== header.indexOf("licenseNo") && i !== header.indexOf("licenseExpires")),
    );
    const zh = await drawWith(
      { "examples/inspectors.csv": bare },
      "--dry-run",
      "--out",
      join(dir, "e"),
      "--lang",
      "zh",
    );
    expect(zh.code, zh.stderr).toBe(0);
    expect(zh.stderr).toBe(
      `gradedraw: 提示：${bare} 未记录执法证（“执法证号”“执法证有效期”列）：所有在岗执法人员均视为持有有效执法证`,
    );
    expect(readFileSync(join(dir, "e", "inputs", "inspectors.json"), "utf8")).not.toContain("unlicensed");
  });

  it("an assigned inspector whose licence expires before the period ends is named, in Chinese too: the visit must be made by then", async () => {
    const dir = tmp();
    // HA002, drawn three times from the examples, with a licence valid on the draw date until 2026-03-31.
    const inspectors = exampleWith(join(dir, "执法人员.csv"), "examples/inspectors.csv", (cells) =>
      cells[0] === "HA002" ? cells.map((c, i) => (i === 4 ? "2026-03-31" : c)) : cells,
    );
    const r = await drawWith({ "examples/inspectors.csv": inspectors }, "--dry-run", "--out", join(dir, "d"));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(
      "gradedraw: note: 1 assigned inspector(s) have a licence that expires before 2026-H1 ends (2026-06-30): HA002 (2026-03-31); their visits must be made by then, or the licence renewed",
    );
    expect(readFileSync(join(dir, "d", "assignments.csv"), "utf8")).toContain(",HA002,");
    const zh = await drawWith(
      { "examples/inspectors.csv": inspectors },
      ...["--dry-run", "--out", join(dir, "e"), "--lang", "zh"],
    );
    expect(zh.stderr).toBe(
      "gradedraw: 提示：1 名被选派的执法人员的执法证在 2026-H1 结束（2026-06-30）前到期：HA002（2026-03-31）；须在到期前完成检查或换证",
    );
  });

  it("grades whose newest date (评级日期) is over two months before the draw date are said to be an old export, by draw and classify: grades are pushed monthly", async () => {
    const dir = tmp();
    const graded = (on: (row: number) => string) => {
      let row = 0;
      return (cells: string[]) => [...cells, row++ === 0 ? "评级日期" : on(row)];
    };
    const old = exampleWith(
      join(dir, "企业.csv"),
      "examples/enterprises.csv",
      graded(() => "2025-10-31"),
    );
    const r = await drawWith({ "examples/enterprises.csv": old }, "--dry-run", "--out", join(dir, "d"));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(
      `gradedraw: note: the newest grade in ${old} is dated 2025-10-31, 62 days before the draw date 2026-01-01: grades are pushed monthly; check that the file is the latest export of the directory`,
    );
    // classify, which shows the pools as a draw on its date would see them, says so too.
    const pools = await runCli(
      ...["classify", "--policy", "policies/huaian-2021/1.0.0.yaml", "--enterprises", old],
      ...["--date", "2026-01-01", "--db", join(dir, "none.db")],
    );
    expect(pools.code, pools.stderr).toBe(0);
    // Beside the note that the ledger it was given does not exist yet.
    expect(pools.stderr.split("\n")).toEqual([
      `gradedraw: note: no ledger at ${join(dir, "none.db")} yet: read as one with no draws or results recorded`,
      r.stderr,
    ]);
    // A month's push on 2025-11-01 is the one before the draw's: nothing is said.
    const recent = exampleWith(
      join(dir, "企业2.csv"),
      "examples/enterprises.csv",
      graded((row) => (row === 2 ? "2025-11-01" : "2025-06-01")),
    );
    const quiet = await drawWith(
      { "examples/enterprises.csv": recent },
      "--dry-run",
      "--out",
      join(dir, "e"),
    );
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stderr).toBe("");
  });

  it("a production draw dated before some of its enterprises were graded says so: it is recorded as made with grades given later", async () => {
    const dir = tmp();
    let row = 0;
    const later = exampleWith(join(dir, "企业.csv"), "examples/enterprises.csv", (cells) => [
      ...cells,
      row++ === 0 ? "评级日期" : row <= 3 ? "2026-02-01" : "2025-12-01",
    ]);
    const swap = { "examples/enterprises.csv": later };
    const r = await drawWith(swap, "--db", join(dir, "g.db"), "--out", join(dir, "d"), "--lang", "zh");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.split("\n")).toContain(
      `gradedraw: 提示：${later} 中有 2 家企业的评级日期晚于抽取日期 2026-01-01（最晚 2026-02-01）：抽取按文件中的等级进行，而这些等级是在抽取记入台账之日以后评定的`,
    );
    // A dry run is dated the period's first day whenever it is run: a trial with today's grades says nothing.
    const dry = await drawWith(swap, "--dry-run", "--out", join(dir, "e"));
    expect(dry.stderr).toBe("");
  });

  it("a production draw that creates the ledger says where, since a draw sees only its own ledger's draws; the next draw into it says nothing of it; a dry run, classify or explain given a --db that does not exist say they read none", async () => {
    const dir = tmp();
    const db = join(dir, "g.db");
    const first = await runCli(...exampleDraw(join(dir, "d"), { db }));
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain(
      `gradedraw: note: a new ledger was created at ${db}, with this draw as its first entry; if your office's ledger is elsewhere, give it with --db`,
    );
    const second = await runCli(
      ...exampleDraw(join(dir, "safety"), { db }),
      "--task",
      "安全生产专项",
      "--departments",
      "应急管理局",
    );
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).not.toContain("new ledger");
    // A dry run only reads a ledger: one named by --db that does not exist is read as empty, and
    // said, being most often a mistyped path; so do classify and explain, which read it as a draw would.
    const none = join(dir, "none.db");
    const note = `gradedraw: note: no ledger at ${none} yet: read as one with no draws or results recorded`;
    const dry = await runCli(...exampleDraw(join(dir, "trial"), { db: none, dryRun: true }));
    expect(dry).toMatchObject({ code: 0, stderr: note });
    const seen = ["--policy", "policies/huaian-2021/1.0.0.yaml", "--enterprises", "examples/enterprises.csv"];
    const classify = await runCli("classify", ...seen, "--date", "2026-01-01", "--db", none);
    expect(classify).toMatchObject({ code: 0, stderr: note });
    const explain = await runCli("explain", ...seen, "--uscc", "91320803AMN5WJ2P3X", "--db", none);
    expect(explain).toMatchObject({ code: 0, stderr: note });
    expect(existsSync(none)).toBe(false);
    // Without --db, a dry run reads the default ledger if there is one, and says nothing when there is none.
    const plain = await runCli(...exampleDraw(join(dir, "trial2")));
    expect(plain).toMatchObject({ code: 0, stderr: "" });
  });

  it("verify given a file of a draw folder rather than the folder says so, instead of listing every file as missing", async () => {
    const out = join(tmp(), "d");
    expect((await runCli(...exampleDraw(out))).code).toBe(0);
    const manifest = join(out, "manifest.json");
    const r = await runCli("verify", manifest);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`gradedraw: ${manifest} is a file: give the draw's folder`);
  });

  it("tasks.xlsx has a sheet per department with Chinese headers", async () => {
    const dir = tmp();
    expect((await runCli(...dryRun(join(dir, "d")))).code).toBe(0);
    const ExcelJS = (await import("exceljs")).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(join(dir, "d", "tasks.xlsx")) as unknown as ArrayBuffer);
    const names = wb.worksheets.map((w) => w.name);
    expect(names).toContain("市场监管局");
    expect((wb.worksheets[0].getRow(1).values as unknown[]).slice(1, 4)).toEqual([
      "序号",
      "统一社会信用代码",
      "企业名称",
    ]);
  });

  it("under --lang zh the summary and the draw report are in Chinese, the dry run said as 是 rather than true", async () => {
    const out = join(tmp(), "d");
    const r = await runCli("--lang", "zh", ...dryRun(out));
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe(
      "huaian-credit-graded@1.0.0 默认任务（default） 2026-H1（试抽，未记入台账）",
    );
    expect(r.stdout).toMatch(/^有效种子：20260105-3141592653,[0-9a-f]{64}$/m);
    // Each treatment by its id and Chinese label.
    expect(r.stdout).toMatch(/^ {2}general-c C级（每半年一次联合检查）：3 \/ 3 可抽取（100%）$/m);
    expect(r.stdout).not.toMatch(/effective seed|eligible/);
    expect((await runCli("--lang", "zh", "report", out, "--format", "html")).code).toBe(0);
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).toMatch(/试抽<\/t[dh]>\s*<td>是（未记入台账）<\/td>/);
    expect(html).toContain("huaian-credit-graded@1.0.0（已批准）");
    expect(html).toContain("<td>general-c C级（每半年一次联合检查）</td>");
    // The inspectors' bars are coloured by department, and the chart says which colour is which.
    for (const d of ["市场监管局", "人社局", "可抽取", "抽取"])
      expect(html).toMatch(new RegExp(`<text[^>]*>${d}</text>`));
    expect(html).toContain("默认任务（default）：人社局、市场监管局、应急管理局、生态环境局");
    expect(html).toContain("huaian-credit-graded@1.0.0 — 2026-H1 — 默认任务（default）");
  });

  it("a declared conflict naming an inspector not in the inspector file is pointed out: it excludes nobody", async () => {
    const dir = tmp();
    const conflicts = join(dir, "c.csv");
    // HA0O1: a letter O typed for the zero of HA001.
    writeFileSync(
      conflicts,
      "执法人员编号,统一社会信用代码,回避原因\nHA0O1,91320803Q5K8R4DB2K,近亲属任职\nHA010,91320803Q5K8R4DB2K,曾在该企业任职\n",
    );
    const args = dryRun(join(dir, "d"));
    const r = await runCli(...args.map((a) => (a === "examples/conflicts.csv" ? conflicts : a)));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `gradedraw: note: 1 inspector id(s) of the declared conflicts are not in examples/inspectors.csv (HA0O1): those declarations exclude nobody; check the ids (${conflicts})`,
    );
    // The bundled examples name only inspectors of their directory.
    expect((await runCli(...args.map((a) => (a === join(dir, "d") ? join(dir, "e") : a)))).stderr).toBe("");
  });
});
