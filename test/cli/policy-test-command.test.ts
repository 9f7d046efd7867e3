import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { CAP_OF_2, draftSeed, seed, seedWithEmployees } from "../helpers/seed-policy.js";
import { tmp } from "../helpers/tmp.js";

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

  it("a test file whose policy is no path, or whose cases are no list, is told so at the value; an inspection without its date, at the inspection", async () => {
    const dir = tmp("gd-");
    mkdirSync(join(dir, "tests"));
    const file = join(dir, "tests", "t.yaml");
    const cases =
      "cases:\n  - { name: a, enterprise: { grade: B, category: general }, history: [{ kind: random }], expect: general-b }\n";
    writeFileSync(file, `policy: 3\n${cases}`);
    expect((await runCli("test", file)).stdout.split("\n")[0]).toBe(
      `FAIL ${file}:1:9: \`policy\` must be the path of the policy file the cases test (e.g. ../1.0.0.yaml), not 3`,
    );
    writeFileSync(file, `policy: ${join(process.cwd(), seed)}\ncases: 5\n`);
    expect((await runCli("--lang", "zh", "test", file)).stdout.split("\n")[0]).toBe(
      `FAIL ${file}:2:8: \`cases\` 应为用例列表，每个用例以 - 开头`,
    );
    writeFileSync(file, `policy: ${join(process.cwd(), seed)}\n${cases}`);
    expect((await runCli("test", file)).stdout.split("\n")[0]).toBe(
      `FAIL ${file}:3:71: a: an inspection of the history needs its \`date\` (YYYY-MM-DD)`,
    );
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
    // Every rule decides some enterprise of the seed: none is said to decide none.
    expect(r.stdout).not.toMatch(/can decide no enterprise/);
  });

  it("says which rules no case exercised can decide no enterprise at all, outranked wherever they match", async () => {
    const dir = tmp("gd-");
    mkdirSync(join(dir, "tests"));
    const policy = join(dir, "p.yaml");
    writeFileSync(policy, readFileSync(seed, "utf8").replace("    priority: 20\n", "    priority: 1\n"));
    writeFileSync(
      join(dir, "tests", "t.yaml"),
      "policy: ../p.yaml\ncases:\n  - name: a\n    enterprise: { category: general, grade: A }\n    expect: general-a\n",
    );
    const r = await runCli("test", dir);
    expect(r.stdout).toContain(
      `note: ${policy}: no case exercised rule(s) key-high-risk, key, general-b, general-c, general-d, general-ungraded; key-high-risk can decide no enterprise's treatment (gradedraw validate ${policy} says why)`,
    );
    expect((await runCli("--lang", "zh", "test", dir)).stdout).toContain(
      "；其中 key-high-risk 不会决定任何企业的处理方式",
    );
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

  it("a list written as an enterprise file's cell is split as the cell would be: departments, tags and a declared list fact", async () => {
    const dir = tmp("gd-");
    mkdirSync(join(dir, "tests"));
    const policy = readFileSync(seed, "utf8")
      .replace("status: approved", "status: draft")
      .replace("cadence: half-year", "cadence: half-year\nfacts: { licences: { type: list } }")
      .replace(
        "rules:",
        `rules:
  - name: cold-chain
    priority: 30
    conditions: { all: [ { fact: tags, operator: contains, value: 冷链 } ] }
    event: { type: treatment, params: { name: general-d } }
  - name: hazardous
    priority: 30
    conditions: { all: [ { fact: licences, operator: contains, value: 危化品 } ] }
    event: { type: treatment, params: { name: key-stricter } }`,
      );
    writeFileSync(join(dir, "p.yaml"), policy);
    writeFileSync(
      join(dir, "tests", "t.yaml"),
      [
        "policy: ../p.yaml",
        "date: 2026-01-01",
        "cases:",
        "  - { name: tags, enterprise: { grade: A, tags: 食品，冷链 }, expect: general-d }",
        "  - { name: licences, enterprise: { grade: A, licences: '餐饮,危化品' }, expect: key-stricter }",
        "  - { name: departments, enterprise: { grade: B, departments: 环保局 }, expect: general-b, eligible: false, reason: outside-task }",
        "  - { name: both, enterprise: { grade: B, departments: 环保局；人社局 }, expect: general-b, eligible: true }",
        "",
      ].join("\n"),
    );
    const r = await runCli("test", dir);
    expect(r.stdout).toContain("4 passed, 0 failed (4 case(s) in 1 file(s))");
    expect(r.code).toBe(0);
  });

  it("a case that is itself wrong is reported at its value and not run: unknown treatment, grade, category, reason, kind, date or fact, or an abnormal not true or false", async () => {
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
        "  - name: words",
        "    enterprise: { category: 重点, grade: a }",
        "    history: [{ date: 2025-01-01, kind: 投诉 }]",
        "    expect: key-stricter",
        "    eligible: 否",
        "  - { name: listed, enterprise: { grade: C, abnormal: 是 }, expect: general-c }",
        "  - { name: blank, enterprise: { grade: '' }, expect: general-ungraded }",
        "  - { name: headed, enterprise: { 信用等级: C }, expect: general-c }",
        "  - { name: labelled, enterprise: { grade: C }, expect: C级（每半年一次联合检查） }",
        "  - { name: slashed, enterprise: { grade: A }, expect: general-a, date: 2026/03/01 }",
        "",
      ].join("\n"),
    );
    const r = await runCli("test", dir);
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n").filter((l) => l.startsWith("FAIL"))).toEqual([
      `FAIL ${file}:3:72: typo: expect must name a treatment of the policy or reject (key-strict, key-stricter, general-a, general-b, general-c, general-d, general-ungraded, reject), not "general-bb" (did you mean \`general-b\`?)`,
      `FAIL ${file}:4:60: grade: grade must be one of A, B, C, D, null (null: ungraded), not "E"`,
      `FAIL ${file}:5:47: category: category must be key or general, not "重点": write key (the input's '重点' is read as key)`,
      `FAIL ${file}:6:91: reason: reason must be one of outside-task, not-in-pool, over-cap, exclusive-taken, rejected, not "not-in-poool" (did you mean \`not-in-pool\`?)`,
      `FAIL ${file}:9:23: history: '2025-13-01' is not a date YYYY-MM-DD`,
      `FAIL ${file}:9:77: history: kind must be one of random, joint, targeted, complaint, not "spot"`,
      `FAIL ${file}:11:71: right: '2026-02-30' is not a date YYYY-MM-DD`,
      `FAIL ${file}:12:53: fact: employes is not a fact of the policy (its facts: uscc, name, grade, category, industry, region, departments, tags, abnormal, gradedOn)`,
      `FAIL ${file}:13:67: derived: daysSinceInspection is computed from the case's history: give the inspections under history instead`,
      // In the order they stand in the file, each with the value its word is read as.
      `FAIL ${file}:15:29: words: category must be key or general, not "重点": write key (the input's '重点' is read as key)`,
      `FAIL ${file}:15:40: words: grade must be one of A, B, C, D, null (null: ungraded), not "a": write A (the input's 'a' is read as A)`,
      `FAIL ${file}:16:41: words: kind must be one of random, joint, targeted, complaint, not "投诉": write complaint (the input's '投诉' is read as complaint)`,
      `FAIL ${file}:18:15: words: eligible must be true or false: for '否' write false`,
      // Read as false, an abnormal not true or false would test the policy on another enterprise.
      `FAIL ${file}:19:55: listed: abnormal must be true or false: for '是' write true`,
      `FAIL ${file}:20:41: blank: grade must be one of A, B, C, D, null (null: ungraded), not "": write null (the input's empty cell is read as ungraded)`,
      `FAIL ${file}:21:41: headed: 信用等级 is how a file heads the fact grade: a case names facts as the rules do, write grade`,
      `FAIL ${file}:22:57: labelled: expect must name a treatment of the policy or reject (key-strict, key-stricter, general-a, general-b, general-c, general-d, general-ungraded, reject), not "C级（每半年一次联合检查）" (did you mean \`general-c\`?)`,
      // A day written as an input file may write it: told the way a test writes it.
      `FAIL ${file}:23:73: slashed: '2026/03/01' is not a date YYYY-MM-DD: write 2026-03-01`,
    ]);
    expect(r.stdout).toContain("0 passed, 14 failed (14 case(s) in 1 file(s))");
    const zh = await runCli("--lang", "zh", "test", dir);
    expect(zh.stdout).toContain(`FAIL ${file}:9:23: history: “2025-13-01”不是 YYYY-MM-DD 格式的日期`);
    expect(zh.stdout).toContain(`FAIL ${file}:18:15: words: eligible 应为 true 或 false：“否”请写作 false`);
    expect(zh.stdout).toContain("0 通过，14 失败（1 个文件共 14 个用例）");
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
