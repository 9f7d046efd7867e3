import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { seed } from "../helpers/seed-policy.js";
import { tmp } from "../helpers/tmp.js";

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
      "test/fixtures/policies/32-several-problems.yaml:7:10: `cadence` must be one of month, quarter, half-year, year",
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

  it("a table given as a policy (an enterprise list as --policy, a command line's files swapped) is named as a table, not read as YAML", async () => {
    const r = await runCli("validate", "examples/enterprises.csv");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      "examples/enterprises.csv:1:1: this is a table (.csv), not a policy file: a policy is YAML (policies/<id>/<version>.yaml); a list of enterprises, inspectors or inspections is given to classify, draw or simulate by its own option (--enterprises, --inspectors, --history)",
    );
    const swapped = await runCli(
      ...[
        "draw",
        "--policy",
        "examples/enterprises.csv",
        "--enterprises",
        seed,
        "--inspectors",
        "examples/inspectors.csv",
      ],
      ...["--period", "2026-H1", "--seed", "1", "--out", join(tmp(), "d"), "--dry-run"],
    );
    expect(swapped.code).toBe(1);
    expect(swapped.stderr).toContain("this is a table (.csv), not a policy file");
  });

  it("a ledger or a workbook given as a policy under a name that does not say so is named as what it is", async () => {
    const dir = tmp("gd-");
    const db = join(dir, "gradedraw.db");
    expect((await runCli("results", "import", "examples/results.csv", "--db", db)).code).toBe(0);
    const workbook = join(dir, "policy.yaml");
    writeFileSync(workbook, Buffer.from("PK\x03\x04\x14\x00\x06\x00", "latin1"));
    const r = await runCli("validate", db, workbook);
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n")).toEqual([
      `${db}:1:1: this is an SQLite database, as a gradedraw ledger is, not a text file: a ledger is given with --db`,
      `${workbook}:1:1: this is a ZIP file (a workbook, .xlsx, or a Word document under another name?), not a text file: save it as text (UTF-8)`,
    ]);
    const zh = await runCli("--lang", "zh", "simulate", "--scenario", db);
    expect(zh.stderr).toBe(
      `gradedraw: 这是 SQLite 数据库文件（gradedraw 的台账即是），不是文本文件：台账请用 --db 指定 (${db}:1:1)`,
    );
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

  it("a newer approved version taking effect before an older one is noted at its from: from the older's from the older is drawn (it took effect last); the exit stays 0", async () => {
    const dir = tmp();
    const text = readFileSync(seed, "utf8");
    writeFileSync(join(dir, "1.0.0.yaml"), text);
    const newer = text
      .replace("version: 1.0.0", "version: 1.1.0")
      .replace("from: 2021-10-18", "from: 2020-07-01")
      .replace("ratio: 0.3\n", "ratio: 0.35\n");
    writeFileSync(join(dir, "1.1.0.yaml"), newer);
    const line = newer.split("\n").findIndex((l) => l.includes("from: 2020-07-01")) + 1;
    const r = await runCli("validate", dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `gradedraw: ${join(dir, "1.1.0.yaml")}:${line}:20: note: huaian-credit-graded@1.1.0 takes effect on 2020-07-01, before the older 1.0.0 (from 2021-10-18, ${join(dir, "1.0.0.yaml")}): of the versions in force, the one that took effect last is drawn, so from 2021-10-18 draws take 1.0.0, and 1.1.0 only until 2021-10-17; is its \`from\` mistyped?`,
    );
    expect(JSON.parse((await runCli("validate", "--json", dir)).stdout).notes).toHaveLength(1);
    // Ended before the older's from, or taking effect after it: nothing to note.
    for (const effective of ["from: 2020-07-01, to: 2021-10-17", "from: 2026-01-01"]) {
      writeFileSync(join(dir, "1.1.0.yaml"), newer.replace("from: 2020-07-01", effective));
      expect((await runCli("validate", dir)).stderr).toBe("");
    }
  });

  it("a rule outranked wherever it matches, deciding no enterprise, is noted at the rule (in a variant, at the override that did it); the exit stays 0", async () => {
    const dir = tmp();
    const text = readFileSync(seed, "utf8");
    // key-high-risk (key × C, D) under `key` (every key enterprise, priority 10).
    const lowered = text.replace("    priority: 20\n", "    priority: 1\n");
    expect(lowered).not.toBe(text);
    writeFileSync(join(dir, "p.yaml"), lowered);
    const line = lowered.split("\n").findIndex((l) => l.includes("- name: key-high-risk")) + 1;
    const r = await runCli("validate", join(dir, "p.yaml"));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `gradedraw: ${join(dir, "p.yaml")}:${line}:5: note: rule \`key-high-risk\` (priority 1) decides no enterprise's treatment: every enterprise it matches (C, D × key) is decided first by rule \`key\` (10) of higher priority, so treatment \`key-stricter\` is not given by it; is a priority or a condition mistyped?`,
    );
    const zh = await runCli("--lang", "zh", "validate", join(dir, "p.yaml"));
    expect(zh.stderr).toContain(
      "提示：规则 `key-high-risk`（优先级 1）不会决定任何企业的处理方式：其匹配的企业（C、D × key）均先由优先级更高的规则 `key`（10）决定",
    );
    // A rule no grade and category can satisfy.
    const none = tmp();
    writeFileSync(
      join(none, "p.yaml"),
      text.replace(
        "{ fact: grade, operator: in, value: [C, D] }",
        "{ fact: grade, operator: in, value: [] }",
      ),
    );
    expect((await runCli("validate", join(none, "p.yaml"))).stderr).toMatch(
      /:\d+:5: note: rule `key-high-risk` matches no enterprise: no grade and category satisfy its conditions$/,
    );
    // A variant lowering it by an override is told at the override: beside a copy of the seed
    // policy, its base (the lowered copy above is another 1.0.0).
    const vdir = tmp();
    writeFileSync(join(vdir, "1.0.0.yaml"), text);
    const variant = [
      "policy: huaian-credit-graded",
      "version: 1.1.0-low",
      "status: draft",
      "extends: huaian-credit-graded@1.0.0",
      "title: { zh: 变体, en: Variant }",
      "overrides:",
      "  treatments.key-strict.ratio: 0.4",
      "  rules.key-high-risk.priority: 10",
      "",
    ].join("\n");
    writeFileSync(join(vdir, "v.yaml"), variant);
    const v = await runCli("validate", seed, join(vdir, "v.yaml"));
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/equal priority/);
    writeFileSync(join(vdir, "v.yaml"), variant.replace("priority: 10", "priority: 5"));
    const v5 = await runCli("validate", seed, join(vdir, "v.yaml"));
    expect(v5.code).toBe(0);
    expect(v5.stderr).toMatch(
      new RegExp(`^gradedraw: ${join(vdir, "v.yaml")}:8:3: note: rule \`key-high-risk\` \\(priority 5\\)`),
    );
    // Or by raising the priority of the rule that outranks it.
    writeFileSync(
      join(vdir, "v.yaml"),
      variant.replace("rules.key-high-risk.priority: 10", "rules.key.priority: 30"),
    );
    expect((await runCli("validate", seed, join(vdir, "v.yaml"))).stderr).toMatch(
      new RegExp(`^gradedraw: ${join(vdir, "v.yaml")}:8:3: note: rule \`key-high-risk\` \\(priority 20\\)`),
    );
    // The seed policy and its variants: every rule decides some enterprise.
    expect((await runCli("validate", "policies")).stderr).toBe("");
  });

  it("a cap allowing 0 inspections (0 written for no limit) is noted at its count: none of its treatment is ever drawn; in a variant at the override that set it, a base's not again; the exit stays 0", async () => {
    const dir = tmp();
    const text = readFileSync(seed, "utf8").replace(
      "cap: { count: 1, window: 12m }",
      "cap: { count: 0, window: 12m }",
    );
    writeFileSync(join(dir, "1.0.0.yaml"), text);
    const line = text.split("\n").findIndex((l) => l.includes("count: 0")) + 1;
    const col = (text.split("\n")[line - 1].indexOf("count: 0") as number) + 8;
    const r = await runCli("validate", join(dir, "1.0.0.yaml"));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `gradedraw: ${join(dir, "1.0.0.yaml")}:${line}:${col}: note: treatment \`general-b\`'s cap allows 0 inspections in 12m, so every enterprise of it is over its cap and none is ever drawn (a cap's count is the inspections allowed, not 0 for no limit): for no limit leave \`cap\` out; for none, write \`pool: false\``,
    );
    expect((await runCli("--lang", "zh", "validate", join(dir, "1.0.0.yaml"))).stderr).toContain(
      "提示：处理方式 `general-b` 的上限为“12 个月内至多 0 次”，其所有企业均已达上限，永远不会被抽中（count 为允许的检查次数，0 不表示不限）",
    );
    // A variant setting another to 0 is told at its override; the base's general-b is the base's.
    writeFileSync(
      join(dir, "v.yaml"),
      "policy: huaian-credit-graded\nversion: 1.2.0-x\nstatus: draft\nextends: huaian-credit-graded@1.0.0\ntitle: { zh: 零, en: zero }\nrationale: r\noverrides:\n  treatments.general-c.cap.count: 0\n",
    );
    const v = await runCli("validate", dir);
    expect(v.code).toBe(0);
    expect(v.stderr.split("\n").map((l) => l.replace(/ note: .*? (`[a-z-]+`)'s cap .*/, " $1"))).toEqual([
      `gradedraw: ${join(dir, "1.0.0.yaml")}:${line}:${col}: \`general-b\``,
      `gradedraw: ${join(dir, "v.yaml")}:8:3: \`general-c\``,
    ]);
    // A treatment not in the pool, or the seed policy as it is: nothing to note; a variant putting
    // such a treatment in the pool is told at that override.
    expect((await runCli("validate", seed)).stderr).toBe("");
    const apart = tmp();
    writeFileSync(
      join(apart, "1.0.0.yaml"),
      readFileSync(seed, "utf8").replace(
        "    pool: false\n",
        "    pool: false\n    cap: { count: 0, window: 12m }\n",
      ),
    );
    expect((await runCli("validate", join(apart, "1.0.0.yaml"))).stderr).toBe("");
    writeFileSync(
      join(apart, "v.yaml"),
      "policy: huaian-credit-graded\nversion: 1.2.0-a\nstatus: draft\nextends: huaian-credit-graded@1.0.0\ntitle: { zh: 甲, en: a }\nrationale: r\noverrides:\n  treatments.general-a.pool: true\n  treatments.general-a.ratio: 0.01\n",
    );
    expect((await runCli("validate", apart)).stderr).toMatch(
      new RegExp(
        `^gradedraw: ${join(apart, "v.yaml")}:8:3: note: treatment \`general-a\`'s cap allows 0 inspections in 12m`,
      ),
    );
  });

  it("a treatment no rule gives, nor the default, is noted at its name: no enterprise gets it; in a variant at the override adding it, not where a variant sends a rule to another treatment; the exit stays 0", async () => {
    const dir = tmp();
    const text = readFileSync(seed, "utf8").replace(
      "treatments:\n",
      "treatments:\n  general-bb:\n    label: { zh: B级（新）, en: B (new) }\n    pool: true\n    ratio: 0.05\n",
    );
    writeFileSync(join(dir, "1.0.0.yaml"), text);
    const line = text.split("\n").indexOf("  general-bb:") + 1;
    const r = await runCli("validate", join(dir, "1.0.0.yaml"));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `gradedraw: ${join(dir, "1.0.0.yaml")}:${line}:3: note: treatment \`general-bb\` is given by no rule, nor is it the default: no enterprise gets it (is a rule's treatment written another way, or is it left from an earlier version?)`,
    );
    expect((await runCli("--lang", "zh", "validate", join(dir, "1.0.0.yaml"))).stderr).toContain(
      "提示：处理方式 `general-bb` 没有任何规则给出，也不是默认处理方式：不会有企业适用",
    );
    // A variant adding one is told at that override; b-halved, sending ungraded enterprises to
    // general-b, leaves general-ungraded unused on purpose: nothing to note (nor of the seed policy).
    const vdir = tmp();
    writeFileSync(join(vdir, "1.0.0.yaml"), readFileSync(seed));
    writeFileSync(
      join(vdir, "v.yaml"),
      "policy: huaian-credit-graded\nversion: 1.2.0-n\nstatus: draft\nextends: huaian-credit-graded@1.0.0\ntitle: { zh: 新, en: new }\nrationale: r\noverrides:\n  treatments.general-e: { label: { zh: 新, en: new }, pool: true, ratio: 0.1 }\n",
    );
    expect((await runCli("validate", vdir)).stderr).toMatch(
      new RegExp(
        `^gradedraw: ${join(vdir, "v.yaml")}:8:3: note: treatment \`general-e\` is given by no rule`,
      ),
    );
    expect((await runCli("validate", "policies")).stderr).toBe("");
  });

  it("a variant resolved against another copy of its base version than the one given, of other content, is refused at its extends; the same content anywhere is not", async () => {
    const dir = tmp();
    // An edited copy of 1.0.0 beside the variant.
    writeFileSync(join(dir, "1.0.0.yaml"), readFileSync(seed, "utf8").replace("ratio: 0.05", "ratio: 0.08"));
    writeFileSync(
      join(dir, "v.yaml"),
      "policy: huaian-credit-graded\nversion: 1.2.0-x\nstatus: draft\nextends: huaian-credit-graded@1.0.0\ntitle: { zh: 变体, en: variant }\nrationale: r\noverrides:\n  treatments.general-c.ratio: 0.5\n",
    );
    const r = await runCli("validate", seed, join(dir, "v.yaml"));
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n")[0]).toBe(
      `${join(dir, "v.yaml")}:4:10: huaian-credit-graded@1.0.0 is taken from ${join(dir, "1.0.0.yaml")}, beside this variant, whose content differs from ${seed}, given too: the variant is the first with its overrides; give that file, or keep the variant beside the second`,
    );
    // Two variants, the base given with neither, taking bases of one version that differ.
    const other = tmp();
    writeFileSync(join(other, "1.0.0.yaml"), readFileSync(seed));
    writeFileSync(
      join(other, "w.yaml"),
      readFileSync(join(dir, "v.yaml"), "utf8").replace("1.2.0-x", "1.2.0-w"),
    );
    const two = await runCli("validate", join(other, "w.yaml"), join(dir, "v.yaml"));
    expect(two.code).toBe(1);
    expect(two.stdout.split("\n")[0]).toBe(
      `${join(dir, "v.yaml")}:4:10: huaian-credit-graded@1.0.0 is taken from ${join(dir, "1.0.0.yaml")}, beside this variant, whose content differs from ${join(other, "1.0.0.yaml")}, the base of ${join(other, "w.yaml")}: the variant is the first with its overrides; give that file, or keep the variant beside the second`,
    );
    // The copy the variant takes, given with it, or a copy of the same content: nothing to say.
    expect((await runCli("validate", join(dir, "1.0.0.yaml"), join(dir, "v.yaml"))).code).toBe(0);
    writeFileSync(join(dir, "1.0.0.yaml"), readFileSync(seed));
    expect((await runCli("validate", seed, join(dir, "v.yaml"))).code).toBe(0);
  });
});

describe("gradedraw validate and test on a folder", () => {
  /** A folder of the seed policy with its tests, a link back to itself, hidden and package folders, and links leading nowhere. */
  const folder = () => {
    const dir = tmp("gd-");
    cpSync("policies/huaian-2021", join(dir, "huaian-2021"), { recursive: true });
    symlinkSync(dir, join(dir, "huaian-2021", "back-to-top"));
    for (const hidden of [".git", "node_modules/pkg"]) {
      mkdirSync(join(dir, hidden), { recursive: true });
      writeFileSync(join(dir, hidden, "config.yaml"), "not: a policy\n");
    }
    writeFileSync(join(dir, ".~lock.1.0.0.yaml#"), "");
    symlinkSync(join(dir, "gone"), join(dir, "notes.txt"));
    return dir;
  };

  it("searches a folder whose links lead back into it once, leaving out hidden folders and node_modules", async () => {
    const dir = folder();
    const r = await runCli("validate", dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n").map((l) => l.replace(dir, "DIR"))).toEqual([
      "ok  DIR/huaian-2021/1.0.0.yaml  huaian-credit-graded@1.0.0 (approved)",
      "ok  DIR/huaian-2021/variants/b-halved.yaml  huaian-credit-graded@1.1.0-b25 (draft)",
      "ok  DIR/huaian-2021/variants/c-half.yaml  huaian-credit-graded@1.1.0-c50 (draft)",
      "ok  DIR/huaian-2021/variants/d-floor-raised.yaml  huaian-credit-graded@1.1.0-d80 (draft)",
    ]);
    const tests = await runCli("test", dir);
    expect(tests.stderr).toBe("");
    expect(tests.code).toBe(0);
    expect(tests.stdout).toMatch(/\b26 passed/);
  });

  it("leaves out a pipe named like a policy file, in the folder or beside a variant, rather than wait on it for ever", async () => {
    const dir = folder();
    execFileSync("mkfifo", [
      join(dir, "huaian-2021", "pipe.yaml"),
      join(dir, "huaian-2021", "variants", "pipe.yaml"),
    ]);
    const r = await runCli("validate", dir);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")).toHaveLength(4);
  });

  it("names a policy file whose link leads nowhere, and where it leads, as it names any file it cannot read", async () => {
    const dir = folder();
    symlinkSync(join(dir, "moved.yaml"), join(dir, "huaian-2021", "2.0.0.yaml"));
    const r = await runCli("validate", dir);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain("internal error");
    expect(r.stdout).toContain(
      `${join(dir, "huaian-2021", "2.0.0.yaml")}:0:0: a link to ${join(dir, "moved.yaml")}, where there is no file`,
    );
  });
});
