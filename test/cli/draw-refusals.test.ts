import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import {
  cancelExampleDraw,
  drawWith,
  EXAMPLE_DRAW_OPTIONS,
  exampleDryRun,
  exampleWith,
} from "../helpers/examples.js";
import { runCli } from "../helpers/run-cli.js";
import { seed } from "../helpers/seed-policy.js";
import { tmp } from "../helpers/tmp.js";

/**
 * An inspector file's header and six inspectors of 市场监管局, one of them available: the others
 * inactive, unlicensed, or with no capacity left, some in two ways at once.
 */
const UNAVAILABLE = [
  "id,name,department,licenseExpires,active,capacity",
  "HA001,王伟,市场监管局,2028-12-31,是,",
  "HA002,李勇,市场监管局,2028-12-31,否,",
  "HA003,张刚,市场监管局,2020-12-31,是,",
  "HA004,刘磊,市场监管局,2020-12-31,否,",
  "HA005,陈霞,市场监管局,2020-12-31,是,0",
  "HA006,赵敏,市场监管局,2028-12-31,是,0",
];

/** A dry-run draw of the examples with this inspector file instead; the result and its output folder. */
async function drawWithInspectors(csv: string) {
  const dir = tmp();
  const inspectors = join(dir, "i.csv");
  writeFileSync(inspectors, csv);
  const out = join(dir, "d");
  const r = await drawWith({ "examples/inspectors.csv": inspectors }, "--dry-run", "--out", out);
  return { r, out };
}

describe("gradedraw draw refuses what would make a wrong draw, saying why", () => {
  it("a policy two of whose rules of equal priority both match an enterprise with different treatments, by facts other than grade and category, is refused naming the policy, the rules and the enterprise: classify, explain and draw, nothing written", async () => {
    const dir = tmp();
    const policy = join(dir, "tie.yaml");
    // Two rules above the grades', on other facts: 92320803ENL7A3038T is abnormal and in 施河镇.
    const rule = (name: string, fact: string, value: string, treatment: string) =>
      `  - name: ${name}\n    priority: 30\n    conditions: { all: [{ fact: ${fact}, operator: equal, value: ${value} }] }\n    event: { type: treatment, params: { name: ${treatment} } }\n`;
    writeFileSync(
      policy,
      readFileSync(seed, "utf8").replace(
        "rules:\n",
        `rules:\n${rule("abnormal-first", "abnormal", "true", "key-stricter")}${rule("shihe-first", "region", "施河镇", "general-c")}`,
      ),
    );
    expect((await runCli("validate", policy)).code).toBe(0);
    const said = `gradedraw: policy huaian-credit-graded@1.0.0: rules \`abnormal-first\` and \`shihe-first\` both match enterprise 92320803ENL7A3038T with equal priority and different treatments; rules of equal priority that match one enterprise must name one treatment: give the rule meant to win a higher priority (${policy})`;
    const classify = await runCli(
      "classify",
      "--policy",
      policy,
      "--enterprises",
      "examples/enterprises.csv",
      "--date",
      "2026-01-01",
    );
    expect(classify.code).toBe(1);
    expect(classify.stderr.split("\n")).toContain(said);
    expect(classify.stderr).not.toContain("internal error");
    const explainTie = (...more: string[]) =>
      runCli(
        "explain",
        "--policy",
        policy,
        "--enterprises",
        "examples/enterprises.csv",
        "--uscc",
        "92320803ENL7A3038T",
        "--date",
        "2026-01-01",
        ...more,
      );
    const explain = await explainTie();
    expect([explain.code, explain.stderr.split("\n").includes(said)]).toEqual([1, true]);
    // explain shows how each rule came out first, both tied rules matching, and no treatment.
    const lines = explain.stdout.split("\n");
    expect(lines).toContain("✔ rule abnormal-first (priority 30 → key-stricter)");
    expect(lines).toContain("✔ rule shihe-first (priority 30 → general-c)");
    expect(lines.slice(-2)).toEqual([
      "treatment: none — rules abnormal-first and shihe-first both match, with equal priority (30) and different treatments",
      "eligible for the draw: no (the draw refuses a policy whose rules tie at an enterprise)",
    ]);
    const zh = await explainTie("--lang", "zh");
    expect(zh.stdout.trimEnd().split("\n").slice(-2)).toEqual([
      "处理方式：无 —— 规则 abnormal-first 与 shihe-first 均匹配，优先级相同（30）而处理方式不同",
      "可被抽取：否（有企业同时符合同优先级规则时，抽取拒绝该政策）",
    ]);
    const explained = await explainTie("--json");
    const doc = JSON.parse(explained.stdout);
    expect([explained.code, doc.treatment, doc.tie, doc.eligible]).toEqual([
      1,
      null,
      ["abnormal-first", "shihe-first"],
      false,
    ]);
    // A failure's document, as every command's: ok false, and the problem as stderr says it.
    expect([doc.ok, doc.problems]).toEqual([
      false,
      [{ file: policy, line: 0, col: 0, message: said.slice("gradedraw: ".length, -` (${policy})`.length) }],
    ]);
    expect(
      doc.rules.filter((r: { matched: boolean }) => r.matched).map((r: { name: string }) => r.name),
    ).toEqual(expect.arrayContaining(["abnormal-first", "shihe-first"]));
    const out = join(dir, "draw");
    const draw = await runCli(...exampleDryRun(out).map((a) => (a === seed ? policy : a)), "--json");
    expect(draw.code).toBe(1);
    expect(JSON.parse(draw.stdout).problems).toEqual([
      { file: policy, line: 0, col: 0, message: said.slice("gradedraw: ".length, -` (${policy})`.length) },
    ]);
    expect(existsSync(out)).toBe(false);
  });

  it("--raise given twice for one treatment is a usage error; a name like __proto__ is refused as no treatment; a percentage is told as a ratio", async () => {
    const out = join(tmp(), "d");
    const twice = await runCli(...exampleDryRun(out), "--raise", "general-d=0.9", "--raise", "general-d=0.8");
    expect(twice.code).toBe(2);
    expect(twice.stderr).toBe("gradedraw: --raise general-d is given twice, with 0.9 and 0.8: give it once");
    const proto = await runCli(...exampleDryRun(out), "--raise", "__proto__=0.9");
    expect(proto.code).toBe(1);
    expect(proto.stderr).toContain("--raise __proto__: the policy has no treatment __proto__");
    // A ratio written as a percentage, or with a full-width ＝ or a space for the =, is told as it is written.
    for (const typed of ["general-d=70%", "general-d＝0.7", "general-d 0.7", "general-d=70％"]) {
      const told = await runCli(...exampleDryRun(out), "--raise", typed);
      expect(told.code).toBe(2);
      expect(told.stderr).toBe(
        `gradedraw: --raise must be treatment=ratio with a ratio in [0, 1], not '${typed}': write general-d=0.7`,
      );
    }
    const same = await runCli(...exampleDryRun(out), "--raise", "general-d=0.8", "--raise", "general-d=0.8");
    expect(same.code).toBe(0);
    expect(same.stdout).toContain("general-d: 2 / 2 eligible (80%)");
  });

  it("a period that is not one is a usage error naming the forms, in draw, draw cancel and publish, and the label meant where it is written another usual way", async () => {
    const dir = tmp();
    const forms = "gradedraw: '2026-H9' is not a period (YYYY, YYYY-H1, YYYY-Q1 or YYYY-MM)";
    const runs = [
      await runCli(...exampleDryRun(join(dir, "d")).map((a) => (a === "2026-H1" ? "2026-H9" : a))),
      await runCli(...cancelExampleDraw(join(dir, "g.db"), { period: "2026-H9" })),
      await runCli("publish", "--period", "2026-H9", "--out", join(dir, "p.csv"), "--db", join(dir, "g.db")),
    ];
    for (const r of runs) {
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(forms);
    }
    // A period written another usual way is told its label, not read as it (a draw records the label).
    const told: [string, string][] = [
      ["2026年上半年", "2026-H1"],
      ["2026年第一季度", "2026-Q1"],
      ["２０２６年二季度", "2026-Q2"],
      ["2026年3月", "2026-03"],
      ["2026-3", "2026-03"],
      ["2026q4", "2026-Q4"],
      ["2026年度", "2026"],
    ];
    for (const [typed, label] of told) {
      const r = await runCli(...exampleDryRun(join(dir, "d")).map((a) => (a === "2026-H1" ? typed : a)));
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `gradedraw: '${typed}' is not a period (YYYY, YYYY-H1, YYYY-Q1 or YYYY-MM): write ${label}`,
      );
    }
    const zh = await runCli(
      "--lang",
      "zh",
      "publish",
      "--period",
      "2026年下半年",
      "--out",
      join(dir, "p.csv"),
    );
    expect(zh.stderr).toBe(
      "gradedraw: “2026年下半年”不是有效期间（YYYY、YYYY-H1、YYYY-Q1 或 YYYY-MM）：请写作 2026-H2",
    );
  });

  it("a period of another cadence than the policy's is refused, told the policy's periods it overlaps, one draw each", async () => {
    const dir = tmp();
    const drawFor = (period: string, ...more: string[]) =>
      runCli(...exampleDryRun(join(dir, "d")).map((a) => (a === "2026-H1" ? period : a)), ...more);
    const policy = "policies/huaian-2021/1.0.0.yaml";
    for (const [period, told] of [
      ["2026", "the period 2026 is a year: write 2026-H1 or 2026-H2"],
      ["2026-Q3", "the period 2026-Q3 is a quarter: write 2026-H2"],
      ["2026-05", "the period 2026-05 is a month: write 2026-H1"],
    ]) {
      const r = await drawFor(period);
      expect(r.code).toBe(1);
      expect(r.stderr.split("\n")[0]).toMatch(
        new RegExp(`^gradedraw: the policy draws per half-year, but ${told} \\(.*${policy}\\)$`),
      );
    }
    expect((await drawFor("2026", "--lang", "zh")).stderr.split("\n")[0]).toMatch(
      /^gradedraw: 政策按半年抽查，但期间 2026 以年为单位：请写 2026-H1 或 2026-H2 /,
    );
    expect(existsSync(join(dir, "d"))).toBe(false);
  });

  it("a task department the policy's items do not name is refused by draw and classify, told the one it most likely is, or the list it runs together with spaces", async () => {
    const dir = tmp();
    const told = async (departments: string, lang = "en") => {
      const r = await runCli(
        "--lang",
        lang,
        ...exampleDryRun(join(dir, "d")),
        "--task",
        "x",
        "--departments",
        departments,
      );
      expect(r.code).toBe(1);
      return r.stderr.split("\n")[0];
    };
    const policy = "policies/huaian-2021/1.0.0.yaml";
    const named = "the policy's items name 人社局, 市场监管局, 应急管理局, 生态环境局";
    expect(await told("市场监管局 应急管理局")).toBe(
      `gradedraw: unknown department(s) 市场监管局 应急管理局 (separate with ",": 市场监管局,应急管理局?): ${named} (${policy})`,
    );
    expect(await told("市场监督管理局，人社局")).toBe(
      `gradedraw: unknown department(s) 市场监督管理局 (the policy's 市场监管局?): ${named} (${policy})`,
    );
    expect(await told("环保局")).toBe(`gradedraw: unknown department(s) 环保局: ${named} (${policy})`);
    // classify, planning as a draw would, refuses it alike (it planned nothing, every enterprise outside the task).
    const classify = await runCli(
      "classify",
      "--policy",
      policy,
      "--enterprises",
      "examples/enterprises.csv",
      "--departments",
      "环保局",
    );
    expect(classify.code).toBe(1);
    expect(classify.stderr).toBe(`gradedraw: unknown department(s) 环保局: ${named} (${policy})`);
    expect(await told("市场监管局 应急管理局", "zh")).toBe(
      `gradedraw: 未知部门 市场监管局 应急管理局（请用“，”分隔：市场监管局，应急管理局？）：政策事项涉及 人社局、市场监管局、应急管理局、生态环境局 (${policy})`,
    );
  });

  it("--departments naming none (an empty shell variable) is a usage error in draw, classify and explain, not a task of every department", async () => {
    const dir = tmp();
    const said =
      "gradedraw: --departments names none: give the names separated by , ; or 、, or leave the option out for every department of the policy";
    for (const list of ["", " ；、 "]) {
      const draw = await runCli(...exampleDryRun(join(dir, "d")), "--task", "x", "--departments", list);
      expect(draw.code).toBe(2);
      expect(draw.stderr).toBe(said);
      const classify = await runCli(
        "classify",
        "--policy",
        seed,
        "--enterprises",
        "examples/enterprises.csv",
        "--departments",
        list,
      );
      expect(classify.stderr).toBe(said);
    }
    expect(existsSync(join(dir, "d"))).toBe(false);
    const zh = await runCli(
      "--lang",
      "zh",
      "explain",
      "--policy",
      seed,
      "--enterprises",
      "examples/enterprises.csv",
      "--uscc",
      "91320803NC9CMRX29P",
      "--departments",
      "",
    );
    expect(zh.code).toBe(2);
    expect(zh.stderr).toBe(
      "gradedraw: --departments 未给出任何名称：请用 , ; 或 、 分隔给出名称，或不使用该选项（即政策的全部部门）",
    );
    // Nor a simulation an empty seed, which its scenario may not have either.
    const sim = await runCli("simulate", "--scenario", "simulator/scenarios/frozen.yaml", "--seed", "");
    expect(sim.code).toBe(2);
    expect(sim.stderr).toBe(
      "gradedraw: --seed is empty: give a seed, or leave the option out for the scenario's",
    );
  });

  it("--avoid-repeat is a whole number of draws: an empty value, a negative, a fraction or another notation is a usage error naming it, full-width digits are told how to write; nothing is written", async () => {
    const dir = tmp();
    const out = join(dir, "d");
    const draw = (n: string, ...more: string[]) =>
      runCli(...exampleDryRun(out), "--avoid-repeat", n, ...more);
    for (const n of ["", "-1", "1.5", "abc", "1e2", "0x10"]) {
      const r = await draw(n);
      expect([r.code, r.stderr]).toEqual([
        2,
        `gradedraw: --avoid-repeat must be a whole number ≥ 0, not '${n}'`,
      ]);
      expect(existsSync(out)).toBe(false);
    }
    const wide = await draw("２");
    expect([wide.code, wide.stderr]).toEqual([
      2,
      "gradedraw: --avoid-repeat is written in full-width digits ('２'): give it as 2",
    ]);
    expect((await draw("１２", "--lang", "zh")).stderr).toBe(
      "gradedraw: --avoid-repeat 使用了全角数字（“１２”）：请写作 12",
    );
    const two = await draw("2");
    expect(two.code, two.stderr).toBe(0);
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
      const draw = await runCli(...exampleDryRun(out).map((a) => (a === "20260105-3141592653" ? seed : a)));
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
    // An earlier draw's effective seed given as the public seed: a draw refuses it; tickets takes it,
    // as that draw's tickets are checked with it.
    const effective = `20260105-3141592653,${"ab".repeat(32)}`;
    const reused = await runCli(
      ...exampleDryRun(join(dir, "d")).map((a) => (a === "20260105-3141592653" ? effective : a)),
    );
    expect(reused.code).toBe(2);
    expect(reused.stderr).toMatch(
      /^gradedraw: --seed ends with a frame hash \(',' and 64 hex digits\): .* give the public seed alone, a new one for a new draw \(the earlier draw's was '20260105-3141592653'\)$/,
    );
    expect((await runCli("tickets", "--seed", effective, "AB-130")).code).toBe(0);
  });

  it("a production draw dated before its version was approved is refused, before anything is read or a ledger made; a dry run is not", async () => {
    const dir = tmp();
    const policy = join(dir, "1.0.0.yaml");
    writeFileSync(
      policy,
      readFileSync("policies/huaian-2021/1.0.0.yaml", "utf8").replace(
        /(approval:\n(?: {2}.*\n)*? {2}date: )2021-10-18/,
        "$12026-02-01",
      ),
    );
    expect(readFileSync(policy, "utf8")).toContain("  date: 2026-02-01\n");
    const db = join(dir, "g.db");
    const args = ["draw", "--policy", policy, ...EXAMPLE_DRAW_OPTIONS, "--db", db, "--out", join(dir, "d")];
    const r = await runCli(...args);
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n")).toEqual([
      `gradedraw: huaian-credit-graded@1.0.0 was approved on 2026-02-01 (淮双随机联席办〔2021〕6号), after the draw date 2026-01-01: a production draw made on 2026-01-01 cannot follow it; draw on or after 2026-02-01 (--date), or with the version approved by then (${policy})`,
      "gradedraw: the draw was not made; nothing was written",
    ]);
    expect(existsSync(db)).toBe(false);
    expect((await runCli(...args.map((a) => (a === "2026-01-01" ? "2026-02-01" : a)))).code).toBe(0);
    expect((await runCli(...args, "--dry-run", "--out", join(dir, "dry"))).code).toBe(0);
  });

  it("a draw's list of the enterprises it drew (selected.csv) given as the directory is refused by a draw, whatever its name, and said by classify: a draw from it draws only among those drawn before", async () => {
    const dir = tmp();
    expect((await runCli(...exampleDryRun(join(dir, "d")))).code).toBe(0);
    const list = join(dir, "名录.csv");
    writeFileSync(list, readFileSync(join(dir, "d", "selected.csv")));
    const drawn = await runCli(
      ...exampleDryRun(join(dir, "again")).map((a) => (a === "examples/enterprises.csv" ? list : a)),
    );
    expect(drawn.code).toBe(1);
    expect(drawn.stderr.split("\n")).toEqual([
      `gradedraw: ${list} is a draw's list of the enterprises it drew (selected.csv, with columns treatment, stratum and ticket), not the directory of enterprises (检查对象名录库): a draw from it draws only among those drawn before; give the directory (${list})`,
      "gradedraw: the draw was not made; nothing was written",
    ]);
    expect(existsSync(join(dir, "again"))).toBe(false);
    const classified = await runCli(
      "classify",
      "--policy",
      "policies/huaian-2021/1.0.0.yaml",
      "--enterprises",
      list,
      "--date",
      "2026-01-01",
      "--lang",
      "zh",
    );
    expect(classified.code).toBe(0);
    expect(classified.stderr.split("\n")[0]).toBe(
      `gradedraw: 提示：${list} 是一次抽取的抽中企业清单（selected.csv，含 treatment、stratum、ticket 列），不是检查对象名录库：据此抽取只会在此前抽中的企业中抽取；请提供检查对象名录库`,
    );
    // The directory itself is not such a list.
    expect((await runCli(...exampleDryRun(join(dir, "d2")))).stderr).not.toContain("selected.csv");
  });

  it("a task none of whose departments an enterprise names is refused, dry run or not: its pool would be empty, the draw recorded drawing nobody; the departments the file names are said", async () => {
    const dir = tmp();
    const file = exampleWith(join(dir, "e.csv"), "examples/enterprises.csv", (cells, header) =>
      cells.map((c, i) =>
        i === header.indexOf("监管部门") ? c.replace(/;?人社局/, "").replace(/^;/, "") : c,
      ),
    );
    expect(readFileSync(file, "utf8")).not.toContain("人社局");
    for (const dry of [["--dry-run"], []]) {
      const out = join(dir, `d${dry.length}`);
      const r = await drawWith(
        { "examples/enterprises.csv": file },
        ...dry,
        "--departments",
        "人社局",
        "--task",
        "劳动保障",
        "--db",
        join(dir, "g.db"),
        "--out",
        out,
      );
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        `gradedraw: no enterprise names a department of the task (人社局): its pool would be empty, and the draw would record nobody drawn (the file names 市场监管局 30, 应急管理局 6, 生态环境局 6); is a department written another way in the file, or is --departments another task's? (${file})`,
      );
      expect(existsSync(out)).toBe(false);
    }
    expect(existsSync(join(dir, "g.db"))).toBe(false);
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

  it("an enterprise workbook whose sheets each hold a list (a township a sheet) is refused by a draw without --sheet, not drawn from its first sheet; --sheet all draws from them all", async () => {
    const dir = tmp();
    const [header, ...rows] = readFileSync("examples/enterprises.csv", "utf8").trim().split("\n");
    const wb = new ExcelJS.Workbook();
    const sheets = [wb.addWorksheet("河下街道"), wb.addWorksheet("淮城街道")];
    for (const ws of sheets) ws.addRow(header.split(","));
    for (const [k, row] of rows.entries()) sheets[k % 2].addRow(row.split(","));
    const book = join(dir, "名录.xlsx");
    await wb.xlsx.writeFile(book);
    const r = await drawWith({ "examples/enterprises.csv": book }, "--dry-run", "--out", join(dir, "d"));
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n")[0]).toBe(
      `gradedraw: sheets '河下街道', '淮城街道' each have a header naming the columns needed: give --sheet to say which to read, or --sheet all to read them all as one list (a draw is not made from the first of several lists) (${book})`,
    );
    expect(existsSync(join(dir, "d"))).toBe(false);
    const all = await drawWith(
      { "examples/enterprises.csv": book },
      "--dry-run",
      "--sheet",
      "all",
      "--out",
      join(dir, "d"),
    );
    expect(all.code, all.stderr).toBe(0);
    const whole = await drawWith({}, "--dry-run", "--out", join(dir, "e"));
    expect(readFileSync(join(dir, "d", "selected.csv"))).toEqual(
      readFileSync(join(dir, "e", "selected.csv")),
    );
    expect(whole.code).toBe(0);
  });

  it("a refused draw names the input each reason is about: the output folder, the policy", async () => {
    const dir = tmp();
    const mine = join(dir, "mine");
    mkdirSync(mine);
    writeFileSync(join(mine, "notes.txt"), "keep");
    const draw = (...more: string[]) => drawWith({}, "--dry-run", ...more);
    const taken = await draw("--out", mine);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain(
      `is not empty and is not a previous output (no manifest.json); choose another --out (${mine})`,
    );
    const quarter = await draw("--period", "2026-Q1", "--out", join(dir, "q"));
    expect(quarter.stderr).toContain(
      "but the period 2026-Q1 is a quarter: write 2026-H1 (policies/huaian-2021/1.0.0.yaml)",
    );
    // A draw names its task in the ledger and the manifest: an empty name is a usage error.
    const unnamed = await draw("--task", " ", "--out", join(dir, "t"));
    expect(unnamed.code).toBe(2);
    expect(unnamed.stderr.trim()).toBe("gradedraw: --task must not be empty");
  });

  it("a failed team names why the other inspectors of the department are not eligible, each once", async () => {
    const { r } = await drawWithInspectors([...UNAVAILABLE, ""].join("\n"));
    expect(r.code).toBe(1);
    // Each counted once, by the first reason: HA004 inactive and unlicensed, HA005 unlicensed and full.
    expect(r.stderr).toMatch(
      /only 1 eligible inspector\(s\), a team needs 2; not eligible: 2 inactive, 2 licence, 1 capacity/,
    );
  });

  it("visits whose teams fail alike are said in one line, their reasons and then each enterprise, the most first; a visit of several departments names the department of those not eligible", async () => {
    const { r, out } = await drawWithInspectors(
      [
        ...UNAVAILABLE,
        "HA012,马静,应急管理局,2028-12-31,是,",
        "HA013,朱强,应急管理局,2020-12-31,是,",
        "",
      ].join("\n"),
    );
    expect(r.code).toBe(1);
    const uscc = "9\\d{5}[0-9A-Z]{12}";
    const lines = r.stderr.split("\n").filter((l) => !l.includes("note:"));
    expect(lines).toEqual([
      expect.stringMatching(/^gradedraw: (\d+) of the \1 drawn enterprises have no valid inspector team:$/),
      expect.stringMatching(
        new RegExp(
          `^gradedraw: no valid inspector team: only 1 eligible inspector\\(s\\), a team needs 2; not eligible: 2 inactive, 2 licence, 1 capacity; for 4 enterprises: (${uscc}, ){3}${uscc} \\(\\S*i\\.csv\\)$`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          `^gradedraw: no valid inspector team: no inspector of 人社局 is in the list; only 1 eligible inspector\\(s\\), a team needs 2; not eligible: of 市场监管局, 2 inactive, 2 licence, 1 capacity; for 2 enterprises: ${uscc}, ${uscc} \\(`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          `^gradedraw: ${uscc}: no valid inspector team: no inspector of 生态环境局 is in the list \\(`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          `^gradedraw: ${uscc}: no valid inspector team: no inspector of 人社局 is in the list; no inspector of 生态环境局 is in the list \\(`,
        ),
      ),
      "gradedraw: the draw was not made; nothing was written",
    ]);
    expect(existsSync(out)).toBe(false);
  });

  it("a department whose inspectors' capacities cannot take the inspections drawn is said before the visits that fail for it, with the least the visits need and the places left", async () => {
    const examples = readFileSync("examples/inspectors.csv", "utf8");
    const { r, out } = await drawWithInspectors(examples.replace(/,是,\d*$/gm, ",是,1"));
    expect(r.code).toBe(1);
    const lines = r.stderr.split("\n");
    expect(lines[0]).toMatch(/^gradedraw: \d+ of the \d+ drawn enterprises have no valid inspector team:$/);
    expect(lines[1]).toMatch(
      /^gradedraw: 人社局's inspectors cannot take the inspections drawn: the visits need at least \d+ of them .*, and its 2 active, licensed inspectors can take 2 more .*: raise their capacities or add inspectors \(\S*i\.csv\)$/,
    );
    expect(lines[2]).toMatch(
      /^gradedraw: 市场监管局's inspectors cannot take .* its 7 active, licensed inspectors can take 7 more /,
    );
    expect(lines[3]).toContain("no valid inspector team");
    expect(existsSync(out)).toBe(false);
  });

  it("an inspector's item written by its name or in other capitals is refused with its code; inspectors qualified for no item of their department are said, and counted as such when a team fails", async () => {
    const header = "id,name,department,licenseExpires,items,active";
    const named = await drawWithInspectors(
      [
        header,
        "HA001,王伟,市场监管局,2028-12-31,企业公示信息抽查;sc-sp,是",
        "HA002,李勇,市场监管局,2028-12-31,,是",
        "",
      ].join("\n"),
    );
    expect(named.r.code).toBe(1);
    expect(named.r.stderr.split("\n").filter((l) => l.includes("is not an item code"))).toEqual([
      expect.stringMatching(
        /^gradedraw: '企业公示信息抽查' is not an item code: write SC-GS \(企业公示信息抽查\), .* \(.*i\.csv:2:5, column items\)$/,
      ),
      expect.stringMatching(
        /^gradedraw: 'sc-sp' is not an item code: write SC-SP \(食品经营者监督检查\), .*i\.csv:2:5, column items\)$/,
      ),
    ]);
    expect(existsSync(named.out)).toBe(false);
    // Codes joined by a slash or a space: told the list.
    const joined = await drawWithInspectors(
      [
        header,
        "HA001,王伟,市场监管局,2028-12-31,SC-GS/SC-SP,是",
        "HA002,李勇,市场监管局,2028-12-31,SC-GS SC-ZL,是",
        "",
      ].join("\n"),
    );
    expect(joined.r.code).toBe(1);
    expect(joined.r.stderr.split("\n").filter((l) => l.includes("joins item codes"))).toEqual([
      expect.stringMatching(
        /^gradedraw: 'SC-GS\/SC-SP' joins item codes .*: write SC-GS;SC-SP, .*i\.csv:2:5, column items\)$/,
      ),
      expect.stringMatching(
        /^gradedraw: 'SC-GS SC-ZL' joins item codes .*: write SC-GS;SC-ZL, .*i\.csv:3:5, column items\)$/,
      ),
    ]);
    // Items of another policy (or a code written another way than any): qualified for nothing here.
    const other = await drawWithInspectors(
      [
        header,
        "HA001,王伟,市场监管局,2028-12-31,SC-XX,是",
        "HA002,李勇,市场监管局,2028-12-31,SC-XX;HJ-PW,是",
        "",
      ].join("\n"),
    );
    expect(other.r.code).toBe(1);
    expect(other.r.stderr).toContain(
      "are qualified for no item of the policy in their department, and are never drawn: HA001 (SC-XX), HA002 (SC-XX;HJ-PW); is an item written another way?",
    );
    expect(other.r.stderr).toMatch(
      /no eligible inspector of 市场监管局; only 0 eligible inspector\(s\), a team needs 2; not eligible: 2 not qualified for its items/,
    );
  });
});
