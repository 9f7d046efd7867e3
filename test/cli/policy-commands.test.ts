import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gradedrawProgram } from "../../bin/cli.js";
import { allCommands, HELP_ZH } from "../../bin/help-zh.js";
import { readmeDraw } from "../helpers/examples.js";
import { runCli } from "../helpers/run-cli.js";
import { tmp } from "../helpers/tmp.js";

const seed = "policies/huaian-2021/1.0.0.yaml";

/**
 * The seed policy declaring a number fact `employees`, written as `file`; with `ruled`, rule
 * general-b also asks for more than 10 employees. Returns `file`.
 */
function seedWithEmployees(file: string, ruled = false): string {
  const condition = "- { fact: grade, operator: equal, value: B }";
  const text = readFileSync(seed, "utf8").replace(
    "cadence: half-year",
    "cadence: half-year\nfacts: { employees: { type: number } }",
  );
  writeFileSync(
    file,
    ruled
      ? text.replace(
          condition,
          `- { fact: employees, operator: greaterThan, value: 10 }\n        ${condition}`,
        )
      : text,
  );
  return file;
}

/** The seed policy as a draft in `file`, with `from` replaced by `to`. */
function draftSeed(file: string, from: string, to: string): string {
  writeFileSync(
    file,
    readFileSync(seed, "utf8").replace("status: approved", "status: draft").replace(from, to),
  );
  return file;
}
/** The seed policy with general-b's cap of 1 in 12 months raised to 2. */
const CAP_OF_2 = ["cap: { count: 1, window: 12m }", "cap: { count: 2, window: 12m }"] as const;

/** The arguments of a dry-run draw, after the policy and enterprises, of the examples' inspectors into `out`. */
const dryDraw = (out: string) => [
  "--inspectors",
  "examples/inspectors.csv",
  "--period",
  "2026-H1",
  "--seed",
  "1",
  "--dry-run",
  "--out",
  out,
];

describe("gradedraw validate", () => {
  it("exits 0 on every policy file of the product", async () => {
    const r = await runCli("validate", "policies");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("huaian-credit-graded@1.0.0 (approved)");
    const zh = await runCli("--lang", "zh", "validate", "policies");
    expect(zh.stdout).toContain(
      "通过  policies/huaian-2021/1.0.0.yaml  huaian-credit-graded@1.0.0（已批准）",
    );
    expect(zh.stdout).toContain("huaian-credit-graded@1.1.0-c50（草稿）");
  });

  it("gradedraw validate policies/**/*.yaml exits 0: policy test files are skipped, not validated as policies", async () => {
    const r = await runCli(
      "validate",
      seed,
      "policies/huaian-2021/variants/c-half.yaml",
      "policies/huaian-2021/tests/caps.yaml",
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "skipped policies/huaian-2021/tests/caps.yaml (a policy test file: run gradedraw test)",
    );
  });

  it("prints every problem as file:line:col: message and exits 1", async () => {
    const r = await runCli("validate", "test/fixtures/policies/32-several-problems.yaml");
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n")).toEqual([
      'test/fixtures/policies/32-several-problems.yaml:7:10: `cadence` must be equal to one of the allowed values: "month", "quarter", "half-year", "year"',
      "test/fixtures/policies/32-several-problems.yaml:23:33: unknown fact `credit` (declare it under `facts` if it is an input column)",
      "test/fixtures/policies/32-several-problems.yaml:23:51: unknown operator `equals` (did you mean `equal`?)",
      "test/fixtures/policies/32-several-problems.yaml:27:47: unknown treatment `lo` in rule `others` (did you mean `low`?)",
    ]);
    expect(r.stderr).toBe("gradedraw: 4 problem(s) in 1 file(s)");
  });

  it("--json prints one JSON document", async () => {
    const r = await runCli("validate", "--json", "test/fixtures/policies/20-approved-without-approval.yaml");
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.ok).toBe(false);
    expect(doc.problems[0]).toMatchObject({ line: 3, col: 9 });
  });

  it("a missing file is a usage error, exit 2", async () => {
    const r = await runCli("validate", "no/such/file.yaml");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gradedraw: no such file: no\/such\/file.yaml$/);
  });

  it("a simulation scenario given as a policy is named as one, with how to run it", async () => {
    const r = await runCli("validate", "simulator/scenarios/huaian.yaml");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      "simulator/scenarios/huaian.yaml:1:1: this is a simulation scenario, not a policy file: run it with gradedraw simulate --scenario simulator/scenarios/huaian.yaml",
    );
  });

  it("an unknown option is a usage error, exit 2", async () => {
    expect((await runCli("validate", "--frobnicate", seed)).code).toBe(2);
    expect((await runCli("no-such-command")).code).toBe(2);
  });

  it("a malformed command line is reported as gradedraw reports its own errors, in the language asked for", async () => {
    const en = await runCli("validate", "--frobnicate", seed);
    expect(en.stderr).toBe("gradedraw: unknown option '--frobnicate'");
    expect((await runCli("drwa")).stderr).toBe("gradedraw: unknown command 'drwa' (Did you mean draw?)");

    const zh = async (...args: string[]) => {
      const r = await runCli(...args);
      expect(r.code).toBe(2);
      return r.stderr;
    };
    expect(await zh("--lang", "zh", "validate", "--frobnicate", seed)).toBe(
      "gradedraw: 未知选项“--frobnicate”",
    );
    expect(await zh("--lang=zh", "drwa")).toBe("gradedraw: 未知命令“drwa”（是否想输入 draw？）");
    expect(await zh("draw", "--lang", "zh", "--policy")).toBe("gradedraw: 选项“--policy <file>”缺少取值");
    expect(await zh("--lang", "zh", "validate")).toBe("gradedraw: 缺少必需的参数“file”");
    expect(await zh("--lang", "zh", "diff", "a", "b", "c")).toBe(
      "gradedraw: 命令“diff”的参数过多：应为 2 个，实际为 3 个",
    );
    // LANG=zh_CN without --lang, as a Chinese desktop sets it.
    const saved = process.env.LC_ALL;
    process.env.LC_ALL = "zh_CN.UTF-8";
    try {
      expect(await zh("validate", "--frobnicate", seed)).toBe("gradedraw: 未知选项“--frobnicate”");
    } finally {
      if (saved === undefined) delete process.env.LC_ALL;
      else process.env.LC_ALL = saved;
    }
  });

  it("every command, argument and option has a Chinese description for its help", () => {
    const { program } = gradedrawProgram([], { out: () => {}, err: () => {}, isTTY: false });
    const texts = allCommands(program).flatMap((c) => [
      c.description(),
      ...c.registeredArguments.map((a) => a.description),
      ...c.options.map((o) => o.description),
    ]);
    expect(texts.length).toBeGreaterThan(60);
    expect(texts.filter((t) => t && !Object.hasOwn(HELP_ZH, t))).toEqual([]);
  });

  it("help under --lang zh or a zh LANG is in Chinese: descriptions, headings, defaults and examples", async () => {
    const draw = await runCli("draw", "--help", "--lang", "zh");
    expect(draw.code).toBe(0);
    expect(draw.stdout).toMatch(/^用法： gradedraw draw \[options\] \[command\]$/m);
    expect(draw.stdout).toMatch(
      /^ +--period <period> +抽取期间：YYYY、YYYY-H1、YYYY-Q1 或 YYYY-MM，须与政策的抽查周期一致$/m,
    );
    expect(draw.stdout).toMatch(
      /^ +--task <name> +任务名称；同一期间的多个任务依次抽取（默认："default"）$/m,
    );
    expect(draw.stdout).toMatch(/^ +-h, --help +显示命令的帮助$/m);
    expect(draw.stdout).toContain("\n示例：\n  gradedraw draw --policy");
    expect(draw.stdout).not.toMatch(/Options:|Usage:|Example:|the draw period|\(default:/);
    const saved = process.env.LC_ALL;
    process.env.LC_ALL = "zh_CN.UTF-8";
    try {
      expect((await runCli("--help")).stdout).toMatch(/^ +simulate \[options\] +政策方案的多年蒙特卡洛模拟/m);
    } finally {
      if (saved === undefined) delete process.env.LC_ALL;
      else process.env.LC_ALL = saved;
    }
    // English stays English.
    expect((await runCli("draw", "--help")).stdout).toMatch(/^ +--period <period> +the draw period/m);
  });

  it("classify, explain and draw refuse an enterprise file without a column of a fact the policy declares", async () => {
    const dir = tmp("gradedraw-facts-");
    const policy = seedWithEmployees(join(dir, "p.yaml"));
    const inputs = ["--policy", policy, "--enterprises", "examples/enterprises.csv", "--date", "2026-01-01"];
    const message =
      "gradedraw: no column employees: the policy declares it a fact (facts:), which its rules would see empty for every enterprise (examples/enterprises.csv:1, column employees)";
    for (const args of [
      ["classify", ...inputs],
      ["explain", ...inputs, "--uscc", "913208033E09P7LM0N"],
      ["draw", ...inputs, ...dryDraw(join(dir, "d"))],
    ]) {
      const r = await runCli(...args);
      expect(r.code, args[0]).toBe(1);
      expect(r.stderr, args[0]).toBe(message);
    }
  });

  it("a draw keeps, of an enterprise file's other columns, only the declared facts and the address: a legal representative's name or a telephone number is not recorded in inputs/, and the draw verifies", async () => {
    const dir = tmp("gradedraw-facts-");
    const policy = seedWithEmployees(join(dir, "p.yaml"), true);
    const [header, ...rows] = readFileSync("examples/enterprises.csv", "utf8")
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split(/\r?\n/);
    const file = join(dir, "e.csv");
    writeFileSync(
      file,
      [
        `${header},employees,法定代表人,联系电话,*实际经营地址`,
        ...rows.map((r, i) => `${r},${i + 20},张三,13912345678,清河区北京路${i + 1}号`),
      ].join("\n"),
    );
    const out = join(dir, "d");
    const r = await runCli(
      "draw",
      "--policy",
      policy,
      "--enterprises",
      file,
      "--date",
      "2026-01-01",
      ...dryDraw(out),
    );
    expect(r.code, r.stderr).toBe(0);
    const recorded = readFileSync(join(out, "inputs", "enterprises.json"), "utf8");
    expect(recorded).not.toContain("13912345678");
    expect(recorded).not.toContain("张三");
    const records = JSON.parse(recorded) as { extra: Record<string, string> }[];
    expect(records.every((e) => Object.keys(e.extra).sort().join() === "employees,实际经营地址")).toBe(true);
    expect((await runCli("verify", out)).code).toBe(0);
  });

  it("under --lang zh, grades, categories and reasons of ineligibility are printed in Chinese; --json keeps the codes", async () => {
    const diff = await runCli("--lang", "zh", "diff", seed, "policies/huaian-2021/variants/c-half.yaml");
    expect(diff.stdout).toMatch(/^未分级 × 重点 +key-strict/m);
    // Each treatment with its Chinese label; a cell grade and category do not decide, in Chinese.
    expect(diff.stdout).toMatch(
      /^C × 一般 +general-c C级（每半年一次联合检查） +general-c C级（每半年一次联合检查） +\*$/m,
    );
    const byFact = seedWithEmployees(join(tmp("gradedraw-diff-"), "p.yaml"), true);
    const undecided = await runCli("--lang", "zh", "diff", seed, byFact);
    expect(undecided.stdout).toMatch(/^B × 一般 +general-b B级（每年至多一次） +（取决于其他事实） +\*$/m);
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

  it("help asked for exits 0; gradedraw without a command shows help on stderr as a usage error, exit 2", async () => {
    for (const args of [["--help"], ["help"], ["help", "draw"], ["draw", "--help"], ["--version"]]) {
      const r = await runCli(...args);
      expect(r.code, args.join(" ")).toBe(0);
      expect(r.stdout, args.join(" ")).not.toBe("");
    }
    const bare = await runCli();
    expect(bare.code).toBe(2);
    expect(bare.stdout).toBe("");
    expect(bare.stderr).toMatch(/^Usage: gradedraw /);
  });

  it("every command has --help", async () => {
    for (const c of ["validate", "test", "diff", "explain", "classify"]) {
      const r = await runCli(c, "--help");
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Usage: gradedraw/);
      expect(r.stdout).toMatch(/Example:/);
    }
  });

  it("messages follow --lang zh", async () => {
    const r = await runCli(
      "--lang",
      "zh",
      "validate",
      "test/fixtures/policies/15-unknown-treatment-in-rule.yaml",
    );
    expect(r.stdout).toContain("规则 `others` 引用了未知处理方式 `lo`");
  });
});

describe("gradedraw validate with nothing to check", () => {
  it("fails, naming the folder, when it holds no policy file (or only policy tests)", async () => {
    const empty = tmp("gd-");
    const r = await runCli("validate", empty);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`gradedraw: no policy files (.yaml) in ${empty}`);
    const tests = await runCli("validate", "policies/huaian-2021/tests");
    expect(tests.code).toBe(1);
    expect(tests.stderr).toContain("(only policy test files: run gradedraw test)");
  });
});

describe("gradedraw test", () => {
  it("runs the policy tests of the product and passes", async () => {
    const r = await runCli("test", "policies");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^(\d+) passed, 0 failed/m);
    expect(Number(/(\d+) passed/.exec(r.stdout)?.[1])).toBeGreaterThanOrEqual(20);
    expect(r.stdout).not.toMatch(/no case exercised/);
  });

  it("fails on zero cases", async () => {
    const dir = tmp("gd-");
    const r = await runCli("test", dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no test cases/);
  });

  it("a test file whose policy does not load says why, and its cases count as failed", async () => {
    const dir = tmp("gd-");
    mkdirSync(join(dir, "tests"));
    const file = join(dir, "tests", "t.yaml");
    writeFileSync(
      file,
      "policy: huaian-credit-graded@1.0.0\ncases:\n  - { name: a, enterprise: { grade: B, category: general }, expect: general-b }\n  - { name: b, enterprise: { grade: C, category: general }, expect: general-c }\n",
    );
    const r = await runCli("test", dir);
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n")).toEqual([
      `FAIL ${file}:1:9: policy huaian-credit-graded@1.0.0 does not load: ${join(dir, "tests", "huaian-credit-graded@1.0.0")}:0:0: no such file`,
      "0 passed, 2 failed (2 case(s) in 1 file(s))",
    ]);
  });

  it("names a folder that does not exist as a usage error", async () => {
    const r = await runCli("test", "no-such-folder");
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe("gradedraw: no such file or folder: no-such-folder");
  });

  it("reports file:line of each failure and lists rules no case exercised", async () => {
    const dir = tmp("gd-");
    mkdirSync(join(dir, "tests"));
    writeFileSync(
      join(dir, "tests", "t.yaml"),
      `policy: ${join(process.cwd(), seed)}\ncases:\n  - name: right\n    enterprise: { category: general, grade: A }\n    expect: general-a\n  - name: wrong\n    enterprise: { category: general, grade: B }\n    expect: general-c\n`,
    );
    const r = await runCli("test", dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `FAIL ${join(dir, "tests", "t.yaml")}:6:5: wrong: expected treatment general-c, got general-b (rule general-b)`,
    );
    expect(r.stdout).toMatch(
      /no case exercised rule\(s\) key-high-risk, key, general-c, general-d, general-ungraded/,
    );
    expect(r.stdout).toContain("1 passed, 1 failed (2 case(s) in 1 file(s))");
  });

  it("a case's inspections of one date are one visit, as a draw counts them", async () => {
    const dir = tmp("gd-");
    mkdirSync(join(dir, "tests"));
    draftSeed(join(dir, "b2.yaml"), ...CAP_OF_2);
    writeFileSync(
      join(dir, "tests", "t.yaml"),
      [
        "policy: ../b2.yaml",
        "date: 2026-01-01",
        "cases:",
        "  - name: B visited jointly by two departments once is under a cap of 2",
        "    enterprise: { category: general, grade: B }",
        "    history: [{ date: 2025-09-01, kind: joint, department: 市场监管局 }, { date: 2025-09-01, kind: joint, department: 生态环境局 }]",
        "    expect: general-b",
        "    eligible: true",
        "  - name: B visited on two dates is at a cap of 2",
        "    enterprise: { category: general, grade: B }",
        "    history: [{ date: 2025-09-01, kind: joint, department: 市场监管局 }, { date: 2025-10-01, kind: random, department: 市场监管局 }]",
        "    expect: general-b",
        "    eligible: false",
        "    reason: over-cap",
        "",
      ].join("\n"),
    );
    const r = await runCli("test", dir);
    expect(r.stdout).toContain("2 passed, 0 failed (2 case(s) in 1 file(s))");
    expect(r.code).toBe(0);
  });

  it("a case that is itself wrong is reported at its value and not run: unknown treatment, grade, category, reason, kind, date or fact", async () => {
    const dir = tmp("gd-");
    mkdirSync(join(dir, "tests"));
    const file = join(dir, "tests", "t.yaml");
    writeFileSync(
      file,
      [
        `policy: ${join(process.cwd(), seed)}`,
        "cases:",
        "  - { name: typo, enterprise: { category: general, grade: B }, expect: general-bb }",
        "  - { name: grade, enterprise: { category: general, grade: E }, expect: general-b }",
        "  - { name: category, enterprise: { category: 重点, grade: C }, expect: key-stricter }",
        "  - { name: reason, enterprise: { grade: A }, expect: general-a, eligible: false, reason: not-in-poool }",
        "  - name: history",
        "    enterprise: { grade: B }",
        "    history: [{ date: 2025-13-01, kind: random }, { date: 2025-01-01, kind: spot }]",
        "    expect: general-b",
        "  - { name: right, enterprise: { grade: A }, expect: general-a, date: 2026-02-30 }",
        "  - { name: fact, enterprise: { grade: A, employes: 12 }, expect: general-a }",
        "  - { name: derived, enterprise: { grade: B, daysSinceInspection: 400 }, expect: general-b }",
        "",
      ].join("\n"),
    );
    const r = await runCli("test", dir);
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n").filter((l) => l.startsWith("FAIL"))).toEqual([
      `FAIL ${file}:3:72: typo: expect must name a treatment of the policy or reject (key-strict, key-stricter, general-a, general-b, general-c, general-d, general-ungraded, reject), not "general-bb"`,
      `FAIL ${file}:4:60: grade: grade must be one of A, B, C, D, null (null: ungraded), not "E"`,
      `FAIL ${file}:5:47: category: category must be key or general, not "重点": write key (the input's '重点' is read as key)`,
      `FAIL ${file}:6:91: reason: reason must be one of outside-task, not-in-pool, over-cap, exclusive-taken, rejected, not "not-in-poool"`,
      `FAIL ${file}:9:23: history: '2025-13-01' is not a date YYYY-MM-DD`,
      `FAIL ${file}:9:77: history: kind must be one of random, joint, targeted, complaint, not "spot"`,
      `FAIL ${file}:11:71: right: '2026-02-30' is not a date YYYY-MM-DD`,
      `FAIL ${file}:12:53: fact: employes is not a fact of the policy (its facts: uscc, name, grade, category, industry, region, departments, tags, abnormal, gradedOn)`,
      `FAIL ${file}:13:67: derived: daysSinceInspection is computed from the case's history: give the inspections under history instead`,
    ]);
    expect(r.stdout).toContain("0 passed, 8 failed (8 case(s) in 1 file(s))");
    const zh = await runCli("--lang", "zh", "test", dir);
    expect(zh.stdout).toContain(`FAIL ${file}:9:23: history: “2025-13-01”不是 YYYY-MM-DD 格式的日期`);
    expect(zh.stdout).toContain("0 通过，8 失败（1 个文件共 8 个用例）");
    // A fact the policy declares takes a value of its type.
    const policy = seedWithEmployees(join(dir, "p.yaml"));
    writeFileSync(
      file,
      `policy: ${policy}\ncases:\n  - { name: typed, enterprise: { grade: A, employees: many }, expect: general-a }\n  - { name: ok, enterprise: { grade: A, employees: 12 }, expect: general-a }\n`,
    );
    const typed = await runCli("test", dir);
    expect(typed.stdout.split("\n").filter((l) => l.startsWith("FAIL"))).toEqual([
      `FAIL ${file}:3:55: typed: employees is declared a number fact, not "many"`,
    ]);
    expect(typed.stdout).toContain("1 passed, 1 failed");
  });
});

describe("gradedraw diff", () => {
  it("shows per grade × category the treatment before and after, and changed parameters", async () => {
    const r = await runCli("diff", seed, "policies/huaian-2021/variants/b-halved.yaml");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ungraded × general\s+general-ungraded\s+general-b\s+\*/);
    expect(r.stdout).toMatch(/A × general\s+general-a\s+general-a\s*$/m);
    expect(r.stdout).toContain("treatments.general-b.ratio: 0.05 → 0.025");
  });

  it("--json lists every cell", async () => {
    const r = await runCli("diff", "--json", seed, "policies/huaian-2021/variants/c-half.yaml");
    const doc = JSON.parse(r.stdout);
    expect(doc.cells).toHaveLength(10);
    expect(doc.cells.filter((c: { changed: boolean }) => c.changed)).toEqual([
      { grade: "C", category: "general", before: "general-c", after: "general-c", changed: true },
    ]);
    expect(doc.params).toEqual([{ path: "treatments.general-c.ratio", before: 1, after: 0.5 }]);
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

  it("classify gives pool sizes and planned sample sizes per treatment and grade", async () => {
    const r = await runCli(
      "classify",
      "--json",
      "--policy",
      seed,
      "--enterprises",
      "examples/enterprises.csv",
      "--history",
      "examples/history.csv",
      "--date",
      "2026-01-01",
    );
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

  it("classify and draw name a rule value no enterprise has that the file writes nearly so (食品 for 食品销售), with the rules comparing it", async () => {
    const dir = tmp();
    const policy = draftSeed(
      join(dir, "food.yaml"),
      "rules:\n",
      "rules:\n  - name: food\n    priority: 30\n    conditions: { all: [{ fact: industry, operator: equal, value: 食品 }] }\n    event: { type: treatment, params: { name: key-stricter } }\n",
    );
    const inputs = ["--policy", policy, "--enterprises", "examples/enterprises.csv"];
    const classify = await runCli("classify", ...inputs, "--date", "2026-01-01");
    expect(classify.code, classify.stderr).toBe(0);
    const note =
      "gradedraw: note: rule food compares industry with 食品, which no enterprise of examples/enterprises.csv has (it has 制造业 (7), 批发和零售 (6), 服务业 (6), 建筑业 (4), 药品零售 (2), …); the file has 食品销售 (1) where the rules say 食品: is a value written another way?";
    expect(classify.stderr).toBe(note);
    const draw = await runCli("draw", ...inputs, ...dryDraw(join(dir, "d")));
    expect(draw.code, draw.stderr).toBe(0);
    expect(draw.stderr).toBe(note);
    const zh = await runCli("--lang", "zh", "classify", ...inputs, "--date", "2026-01-01");
    expect(zh.stderr).toContain("文件中的 食品销售（1 家）与规则的“食品”相近：是否写法不同？");
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
  });

  it("a bad --date is a usage error", async () => {
    const r = await runCli(
      "classify",
      "--policy",
      seed,
      "--enterprises",
      "examples/enterprises.csv",
      "--date",
      "2026-02-30",
    );
    expect(r.code).toBe(2);
  });
});
