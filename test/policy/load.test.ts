import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { zeroCapNotes } from "../../engine/policy/cap-notes.js";
import { expandPolicyArgs } from "../../engine/policy/files.js";
import { loadPolicyFile, loadPolicyFiles, loadPolicyText } from "../../engine/policy/load.js";
import { runPolicyTests } from "../../engine/policy/test-runner.js";
import { approvedInForce, compareSemver } from "../../engine/policy/versions.js";
import { loadScenario } from "../../simulator/scenario.js";
import { tmp } from "../helpers/tmp.js";

const seed = "policies/huaian-2021/1.0.0.yaml";

describe("policy files", () => {
  it("the seed policy and every variant validate", () => {
    const files = expandPolicyArgs(["policies"]);
    expect(files.length).toBeGreaterThanOrEqual(4);
    const r = loadPolicyFiles(files);
    expect(r.problems).toEqual([]);
    expect(r.policies.map((p) => `${p.policy.policy}@${p.policy.version}`)).toContain(
      "huaian-credit-graded@1.0.0",
    );
  });

  it("every policy file names the published schema for editors", () => {
    for (const f of expandPolicyArgs(["policies"])) {
      expect(readFileSync(f, "utf8")).toMatch(
        /^# yaml-language-server: \$schema=\.\.\/(\.\.\/)?(policy|variant)\.schema\.json$/m,
      );
    }
  });

  it("a note about a policy is placed in the text it was loaded from, not in the file read again", () => {
    // Three lines more at the top than the file has, and B's cap of one a year written as none.
    const text = `# draft\n# of 2026\n#\n${readFileSync(seed, "utf8").replace("cap: { count: 1, window: 12m }", "cap: { count: 0, window: 12m }")}`;
    const loaded = loadPolicyText(seed, text).policy;
    if (!loaded) throw new Error("the edited policy did not load");
    const line = text.split("\n").findIndex((l) => l.includes("count: 0")) + 1;
    expect(zeroCapNotes([loaded], "en").map((n) => [n.file, n.line])).toEqual([[seed, line]]);
    expect(line).toBe(91);
  });

  it("the seed policy is approved, effective 2021-10-18, under 淮双随机联席办〔2021〕6号", () => {
    const p = loadPolicyFile(seed).policy?.policy;
    expect(p?.status).toBe("approved");
    expect(p?.effective.from).toBe("2021-10-18");
    expect(p?.source.document).toBe("淮双随机联席办〔2021〕6号");
    expect(p?.approval?.document).toBe("淮双随机联席办〔2021〕6号");
  });

  it("every treatment of the seed policy says which clause it implements and whose choice it is", () => {
    const p = loadPolicyFile(seed).policy?.policy;
    for (const t of Object.values(p?.treatments ?? {})) {
      expect(t.reference?.clause).toMatch(/三（二）/);
      expect(["policy", "department"]).toContain(t.reference?.setBy);
    }
  });

  it("a variant resolves to a full policy: the base with the overrides applied", () => {
    const v = loadPolicyFile("policies/huaian-2021/variants/c-half.yaml").policy;
    expect(v?.extends).toBe("huaian-credit-graded@1.0.0");
    expect(v?.policy.version).toBe("1.1.0-c50");
    expect(v?.policy.status).toBe("draft");
    expect(v?.policy.approval).toBeUndefined();
    expect(v?.policy.treatments["general-c"].ratio).toBe(0.5);
    expect(v?.policy.treatments["general-c"].joint).toBe(true);
    expect(v?.policy.rules.length).toBe(7);
  });

  it("an element of a list is named by its list and its place counted from 1, as the file shows it, not by its index alone", () => {
    const text = readFileSync(seed, "utf8");
    const edited = text
      .replace("    basis: 《排污许可管理条例》第二十四条\n", "")
      .replace("  - code: YJ-AQ\n", "  - code: YJ-AQ\n    x: 1\n");
    expect(loadPolicyText(seed, edited).problems.map((p) => p.message)).toEqual([
      "missing property `basis` in `items #4`",
      "unknown property `x` in `items #5`",
    ]);
    expect(loadPolicyText(seed, edited, "zh").problems[0].message).toBe(
      "缺少字段 `basis`（位于 `items #4`）",
    );
    expect(
      loadPolicyText(seed, text.replace("extraItems: [SC-ZL]", "extraItems: [100]")).problems[0].message,
    ).toBe("`extraItems #1` must be text: write '100' in quotes");
  });

  it("a problem of a variant's resolved policy is said at the override that made it, a list element named by its code or name as by its index", () => {
    const dir = tmp();
    cpSync(seed, join(dir, "1.0.0.yaml"));
    const variant = (override: string) => {
      const file = join(dir, "v.yaml");
      writeFileSync(
        file,
        `policy: huaian-credit-graded\nversion: 1.1.0-x\nstatus: draft\nextends: huaian-credit-graded@1.0.0\ntitle: { zh: 变体, en: Variant }\noverrides:\n  ${override}\n`,
      );
      return loadPolicyFile(file).problems.map((p) => `${p.line}:${p.col}: ${p.message}`);
    };
    expect(variant("items.SC-GS.department: ' '")).toEqual([
      "7:3: `department` is blank: an item needs its department",
    ]);
    expect(variant("items.0.department: ' '")).toEqual([
      "7:3: `department` is blank: an item needs its department",
    ]);
    expect(variant("treatments.general-c.label.en: ' '")).toEqual([
      "7:3: `en` is blank: a treatment's label is shown in reports and task lists",
    ]);
  });

  it("the policy hash is stable and changes with any parameter", () => {
    const a = loadPolicyFile(seed).policy?.hash;
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(loadPolicyFile(seed).policy?.hash).toBe(a);
    const text = readFileSync(seed, "utf8").replace("ratio: 0.05", "ratio: 0.06");
    expect(loadPolicyText(seed, text).policy?.hash).not.toBe(a);
  });

  it("the same policy@version with different content is an error", () => {
    const dir = tmp("gd-");
    const text = readFileSync(seed, "utf8");
    writeFileSync(join(dir, "a.yaml"), text);
    writeFileSync(join(dir, "b.yaml"), text.replace("ratio: 0.3", "ratio: 0.35"));
    const r = loadPolicyFiles([join(dir, "a.yaml"), join(dir, "b.yaml")]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0].message).toMatch(
      /huaian-credit-graded@1.0.0 is also defined in .*a\.yaml with different content/,
    );
    expect(r.problems[0].line).toBe(9);
  });

  it("a key given twice in one mapping is named, with the line of its first time, in Chinese too; in a flow mapping YAML's words are said", () => {
    const text = readFileSync(seed, "utf8");
    const lines = text.split("\n");
    const ratio = lines.indexOf("    ratio: 0.3") + 1;
    const twice = text.replace("    ratio: 0.3\n", "    ratio: 0.3\n    ratio: 0.35\n");
    expect(loadPolicyText(seed, twice).problems.map((p) => [p.line, p.message])).toEqual([
      [ratio + 1, `YAML: the key \`ratio\` is given twice in one mapping (first on line ${ratio}): keep one`],
    ]);
    expect(loadPolicyText(seed, twice, "zh").problems[0].message).toBe(
      `YAML：同一映射中键 \`ratio\` 出现了两次（第一次在第 ${ratio} 行）：请只保留一个`,
    );
    // In a rule, a sequence item: its first key is on the dash's line; another rule's is not the same mapping.
    const name = lines.indexOf("  - name: key") + 1;
    const rule = text.replace(
      "    priority: 10\n    conditions:\n      all:\n        - { fact: category, operator: equal, value: key }\n    event: { type: treatment, params: { name: key-strict } }",
      "    priority: 10\n    name: key-again\n    conditions:\n      all:\n        - { fact: category, operator: equal, value: key }\n    event: { type: treatment, params: { name: key-strict } }",
    );
    expect(rule).not.toBe(text);
    expect(loadPolicyText(seed, rule).problems.map((p) => p.message)).toEqual([
      `YAML: the key \`name\` is given twice in one mapping (first on line ${name}): keep one`,
    ]);
    const flow = text.replace(
      "label: { zh: 重点类企业（严格监管）",
      "label: { zh: 重点类企业（严格监管）, zh: 重点",
    );
    expect(loadPolicyText(seed, flow).problems.map((p) => p.message)).toEqual([
      "YAML: Map keys must be unique",
    ]);
  });

  it("a key typed with a full-width colon, or a line indented with full-width spaces, is said so, in Chinese too", () => {
    const text = readFileSync(seed, "utf8");
    const ratio = text.split("\n").indexOf("    ratio: 0.3") + 1;
    const colon = text.replace("    ratio: 0.3\n", "    ratio：0.3\n");
    expect(loadPolicyText(seed, colon).problems.map((p) => [p.line, p.message])).toEqual([
      [
        ratio,
        "YAML: Implicit keys need to be on a single line (the line has a full-width colon '：' after a key: YAML needs ':' followed by a space)",
      ],
    ]);
    expect(loadPolicyText(seed, colon, "zh").problems[0].message).toBe(
      "YAML：键必须写在一行内（冒号后是否少了空格？）（该行键名后是全角冒号“：”：YAML 需用半角冒号“:”并后跟空格）",
    );
    // In a flow mapping the key is read as a text: the schema's problems carry the hint.
    const flow = text.replace("label: { zh: 重点类企业（严格监管）", "label: { zh：重点类企业（严格监管）");
    const problems = loadPolicyText(seed, flow).problems;
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) expect(p.message).toMatch(/full-width colon '：' after a key/);
    const indented = text.replace("    ratio: 0.3\n", "\u3000\u3000\u3000\u3000ratio: 0.3\n");
    expect(loadPolicyText(seed, indented).problems[0]).toMatchObject({
      line: ratio,
      message: expect.stringMatching(
        /indented with full-width spaces \(U\+3000\): indent with ASCII spaces\)$/,
      ),
    });
    // A Chinese text holding a full-width colon is no key: nothing is hinted.
    const note = text.replace("    ratio: 0.3\n", "    ratio: 0.3\n    rounding：ceil 说明：全角\n");
    expect(
      loadPolicyText(seed, text.replace("ratio: 0.3", "ratio: 说明：三成")).problems[0].message,
    ).not.toMatch(/full-width/);
    expect(loadPolicyText(seed, note).problems[0].message).toMatch(/full-width colon/);
  });

  it("a number, a bracket or a list typed with a Chinese input method (0。3, ０.３, 0.3，, ｛ ｝, [C，D], [C、D]) is told what to write", () => {
    const text = readFileSync(seed, "utf8");
    const said = (from: string, to: string, lang: "en" | "zh" = "en") =>
      loadPolicyText(seed, text.replace(from, to), lang).problems.map((p) => p.message);
    expect(said("    ratio: 0.3\n", "    ratio: 0。3\n")).toEqual([
      "`ratio` must be a number: for '0。3' write 0.3",
    ]);
    expect(said("    ratio: 0.3\n", "    ratio: ０.３\n")).toEqual([
      "`ratio` must be a number: for '０.３' write 0.3",
    ]);
    expect(said("    ratio: 0.3\n", "    ratio: 0.3，\n", "zh")).toEqual([
      "`ratio` 应为数字：“0.3，”请写作 0.3",
    ]);
    expect(said("ratio: { min: 0.6 }", "ratio: { min: 0。6 }")).toEqual([
      "`ratio.min` must be a number from 0 to 1: for '0。6' write 0.6",
    ]);
    // A bound wrong inside {min, max} is said at the bound, not as a ratio of neither form.
    expect(said("ratio: { min: 0.6 }", "ratio: { min: 0.6, max: 九成 }", "zh")).toEqual([
      "`ratio.max` 应为介于 0 与 1 之间的数字，用阿拉伯数字书写（例如 0.05）",
    ]);
    expect(said("ratio: { min: 0.6 }", "ratio: { min: 60% }")).toEqual([
      "`ratio.min` is written as a percentage, `60%`: write it as a fraction, 0.6",
    ]);
    expect(said("teamSize: 2", "teamSize: ２")).toEqual([
      "`teamSize` must be a whole number: for '２' write 2",
    ]);
    // A text that is no number is told as before.
    expect(said("teamSize: 2", "teamSize: 两")).toEqual([
      "`teamSize` must be a whole number, written in digits (e.g. 2)",
    ]);
    expect(said("ratio: { min: 0.6 }", "ratio: ｛ min: 0.6 ｝")[0]).toMatch(
      /\(the line has a full-width bracket '｛': YAML needs '\{'\)$/,
    );
    expect(said("ratio: { min: 0.6 }", "ratio: { min: 0.6， max: 1 }")[0]).toMatch(
      /\(the line has a full-width comma '，' inside \{ \} or \[ \]: YAML separates their items with ','\)$/,
    );
    expect(said("value: [C, D]", "value: [C、D]")).toEqual(["'C、D' is one value, not 2: write [C, D]"]);
    expect(said("value: [C, D]", "value: [C，D]", "zh")).toEqual([
      "“C，D”是一个值，而不是 2 个：请写 [C, D]（该行花括号或方括号内有全角逗号“，”：YAML 需用半角逗号“,”分隔各项）",
    ]);
  });

  it("reports problems in Chinese with --lang zh", () => {
    const r = loadPolicyFiles(["test/fixtures/policies/15-unknown-treatment-in-rule.yaml"], "zh");
    expect(r.problems[0].message).toBe("规则 `others` 引用了未知处理方式 `lo`（是否应为 `low`？）");
  });

  it("a rule value no enterprise's fact can equal is said at the value, with what to write, and the seed's values pass", () => {
    const seed = "policies/huaian-2021/1.0.0.yaml";
    const text = readFileSync(seed, "utf8");
    expect(loadPolicyText(seed, text).problems).toEqual([]);
    const typed = text.replace(
      "{ fact: category, operator: equal, value: key }",
      "{ fact: category, operator: equal, value: 重点类 }",
    );
    const r = loadPolicyText(seed, typed, "zh").problems;
    expect(r.map((p) => [p.line, p.message])).toEqual([
      [129, "企业类别为 `key` 或 `general`：请写 key（输入中的“重点类”读作 key）"],
    ]);
  });
});

/** The YAML files under `dir`, each saved again in GBK, as Chinese Windows editors save text (记事本's "ANSI"). */
function saveAsGbk(dir: string): void {
  for (const entry of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    if (!entry.endsWith(".yaml")) continue;
    const file = join(dir, entry);
    const text = readFileSync(file, "utf8");
    const bytes = iconv.encode(text, "gbk");
    // Every character of the file has a GBK code, so the copy says what the original says.
    expect(iconv.decode(bytes, "gbk"), file).toBe(text);
    writeFileSync(file, bytes);
  }
}

describe("policy files in GBK", () => {
  it("a policy, its variants and its tests saved in GBK are the same policies as in UTF-8: same content, same hashes, same cases", async () => {
    const dir = join(tmp(), "huaian-2021");
    cpSync("policies/huaian-2021", dir, { recursive: true });
    saveAsGbk(dir);
    const utf8 = loadPolicyFiles(expandPolicyArgs(["policies/huaian-2021"]));
    const gbk = loadPolicyFiles(expandPolicyArgs([dir]));
    expect(gbk.problems).toEqual([]);
    expect(gbk.policies.length).toBe(4);
    expect(gbk.policies.map((p) => [p.hash, p.policy])).toEqual(utf8.policies.map((p) => [p.hash, p.policy]));
    const tests = await runPolicyTests(join(dir, "tests"));
    expect(tests.failures).toEqual([]);
    expect(tests.passed).toBe((await runPolicyTests("policies/huaian-2021/tests")).passed);
  });

  it("a policy saved in UTF-16 with its byte-order mark (记事本's Unicode), either byte order, is the same policy as in UTF-8, its problems at the same places", () => {
    const dir = tmp();
    const text = readFileSync(seed, "utf8");
    const utf16 = (t: string, big: boolean) => {
      const b = Buffer.from(`\ufeff${t}`, "utf16le");
      return big ? b.swap16() : b;
    };
    const utf8 = loadPolicyFile(seed).policy;
    for (const big of [false, true]) {
      writeFileSync(join(dir, "p.yaml"), utf16(text, big));
      const read = loadPolicyFile(join(dir, "p.yaml"));
      expect(read.problems).toEqual([]);
      expect([read.policy?.hash, read.policy?.policy]).toEqual([utf8?.hash, utf8?.policy]);
      const bad = text.replace("teamSize: 2", "teamSize: 两人");
      writeFileSync(join(dir, "bad8.yaml"), bad);
      writeFileSync(join(dir, "bad16.yaml"), utf16(bad, big));
      const place = (f: string) =>
        loadPolicyFile(join(dir, f)).problems.map((p) => [p.line, p.col, p.message]);
      expect(place("bad16.yaml")).toEqual(place("bad8.yaml"));
    }
  });

  it("a problem in a GBK policy is said at the same line and column as in UTF-8", () => {
    const dir = tmp();
    for (const [name, bad] of [
      ["yaml", (t: string) => t.replace("    name: 企业公示信息抽查", "    name: 企业公示信息抽查: 甲")],
      ["schema", (t: string) => t.replace("teamSize: 2", "teamSize: 两人")],
    ] as const) {
      const text = bad(readFileSync(seed, "utf8"));
      writeFileSync(join(dir, "utf8.yaml"), text);
      writeFileSync(join(dir, "gbk.yaml"), iconv.encode(text, "gbk"));
      const a = loadPolicyFile(join(dir, "utf8.yaml")).problems;
      const b = loadPolicyFile(join(dir, "gbk.yaml")).problems;
      expect(a.length, name).toBe(1);
      expect(a[0].line, name).toBeGreaterThan(20);
      expect(
        b.map((p) => ({ ...p, file: "" })),
        name,
      ).toEqual(a.map((p) => ({ ...p, file: "" })));
    }
  });

  it("a scenario saved in GBK is the same scenario as in UTF-8", () => {
    const dir = tmp();
    const text = readFileSync("simulator/scenarios/huaian.yaml", "utf8").replaceAll(
      "../../policies/",
      `${process.cwd()}/policies/`,
    );
    writeFileSync(join(dir, "utf8.yaml"), text);
    writeFileSync(join(dir, "gbk.yaml"), iconv.encode(text, "gbk"));
    const a = loadScenario(join(dir, "utf8.yaml"));
    const b = loadScenario(join(dir, "gbk.yaml"));
    expect(a.problems).toEqual([]);
    expect(a.scenario?.title.zh).toBe("淮安区（模拟）：信用分级分类抽查政策比较");
    expect({ ...b, scenario: { ...b.scenario, file: "" } }).toEqual({
      ...a,
      scenario: { ...a.scenario, file: "" },
    });
  });
});

describe("versions", () => {
  it("picks the approved version in force on a date", () => {
    const dir = tmp("gd-");
    const text = readFileSync(seed, "utf8");
    writeFileSync(
      join(dir, "1.0.0.yaml"),
      text.replace("effective: { from: 2021-10-18 }", "effective: { from: 2021-10-18, to: 2025-12-31 }"),
    );
    writeFileSync(
      join(dir, "2.0.0.yaml"),
      text
        .replace("version: 1.0.0", "version: 2.0.0")
        .replace("effective: { from: 2021-10-18 }", "effective: { from: 2026-01-01 }"),
    );
    writeFileSync(
      join(dir, "2.1.0.yaml"),
      text
        .replace("version: 1.0.0", "version: 2.1.0")
        .replace("status: approved", "status: draft")
        .replace("effective: { from: 2021-10-18 }", "effective: { from: 2026-01-01 }"),
    );
    expect(approvedInForce(dir, "huaian-credit-graded", "2024-05-01").policy?.policy.version).toBe("1.0.0");
    expect(approvedInForce(dir, "huaian-credit-graded", "2026-03-01").policy?.policy.version).toBe("2.0.0");
    expect(approvedInForce(dir, "huaian-credit-graded", "2021-01-01").policy).toBeUndefined();
  });

  it("orders semantic versions with pre-releases first", () => {
    expect(["1.10.0", "1.2.0", "1.2.0-rc1", "0.9.9"].sort(compareSemver)).toEqual([
      "0.9.9",
      "1.2.0-rc1",
      "1.2.0",
      "1.10.0",
    ]);
  });
});
