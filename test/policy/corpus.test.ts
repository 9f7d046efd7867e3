import { copyFileSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { loadPolicyFiles } from "../../engine/policy/load.js";
import { nearestOperator } from "../../engine/policy/vocabulary.js";
import { tmp, tmpFile } from "../helpers/tmp.js";

const dir = "test/fixtures/policies";
const expected: Record<string, string[]> = JSON.parse(readFileSync(`${dir}/expected.json`, "utf8"));
const files = readdirSync(dir).filter((f) => f.endsWith(".yaml"));

describe("the corpus of broken policy files", () => {
  it("has at least 25 broken files, each with its expected problems written down", () => {
    const broken = files.filter((f) => expected[f]?.length);
    expect(broken.length).toBeGreaterThanOrEqual(25);
    expect(Object.keys(expected).sort()).toEqual([...files].sort());
  });

  it.each(files)("%s reports exactly the expected line:col: message list", (f) => {
    const got = loadPolicyFiles([`${dir}/${f}`]).problems.map((p) => `${p.line}:${p.col}: ${p.message}`);
    expect(got).toEqual(expected[f]);
  });

  it("a key that is a list or a mapping (a stray colon after a condition) is a problem at its place, not a warning of Node's on stderr", () => {
    const warned = vi.spyOn(process, "emitWarning");
    try {
      expect(
        loadPolicyFiles([`${dir}/52-yaml-collection-key.yaml`]).problems.map((p) => `${p.line}:${p.col}`),
      ).toEqual(["22:11"]);
      expect(warned).not.toHaveBeenCalled();
    } finally {
      warned.mockRestore();
    }
  });

  it("names a grade × category cell in Chinese in a Chinese message: A 级 × 重点, 未分级 × 一般", () => {
    const zh = (f: string) => loadPolicyFiles([`${dir}/${f}`], "zh").problems.map((p) => p.message);
    expect(zh("21-uncovered-ungraded.yaml")).toEqual([
      "没有规则覆盖 未分级 × 一般，且 `default` 为 `reject`",
    ]);
    expect(zh("22-equal-priority-conflict.yaml")).toEqual([
      "规则 `key` 与 `a` 优先级相同，均覆盖 A 级 × 重点 且处理方式不同",
    ]);
    expect(zh("59-tie-with-a-rule-on-another-fact.yaml")[0]).toMatch(
      /^规则 `general` 与 `general-abnormal` 优先级相同而处理方式不同：A 级 × 一般、B 级 × 一般、C 级 × 一般、D 级 × 一般、未分级 × 一般 的企业均符合 `general`/,
    );
  });

  it("reports every problem of a file with several, sorted by line", () => {
    const got = expected["32-several-problems.yaml"];
    expect(got.length).toBe(4);
    const lines = got.map((g) => Number(g.split(":")[0]));
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });

  it("points schema errors at the offending node, not the document start", () => {
    expect(expected["11-ratio-wrong-type.yaml"][0]).toMatch(/^15:56: /);
    expect(expected["10-team-too-small.yaml"][0]).toMatch(/^8:11: /);
  });

  it("an unknown operator is told the built-in one it most likely means, decorators kept, and nothing when none is near", () => {
    const said = (op: string) => nearestOperator(op) ?? null;
    expect(["equals", "==", "Equal", "eq"].map(said)).toEqual(["equal", "equal", "equal", "equal"]);
    expect([">=", "gte", "greaterThanOrEqual", "<", "notEquals", "!="].map(said)).toEqual([
      "greaterThanInclusive",
      "greaterThanInclusive",
      "greaterThanInclusive",
      "lessThan",
      "notEqual",
      "notEqual",
    ]);
    expect(["includes", "contain", "notContains", "lessthen"].map(said)).toEqual([
      "contains",
      "contains",
      "doesNotContain",
      "lessThan",
    ]);
    expect(["not:equals", "someFact:gte"].map(said)).toEqual(["not:equal", "someFact:greaterThanInclusive"]);
    expect(["between", "like", "at", "foo:equals", "constructor", "__proto__"].map(said)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it("a value or name of the wrong shape is told what it must look like, in zh as in en, never the pattern", () => {
    const zh = (f: string) =>
      loadPolicyFiles([`${dir}/${f}`], "zh").problems.map((p) => `${p.line}:${p.col}: ${p.message}`);
    expect(zh("47-date-with-slashes.yaml")).toEqual([
      "4:20: `from` 应为 YYYY-MM-DD 形式的日期，例如 2021-10-18：请写作 2026-01-01",
    ]);
    expect(zh("49-treatment-named-in-chinese.yaml")).toEqual([
      "15:3: `低风险` 不能用作处理方式的名称：应由英文字母、数字、- 和 _ 组成，以字母开头，例如 general-b（中文名称写在 `label` 中）",
    ]);
    const shapes = [
      "08-bad-version.yaml",
      "25-bad-cap-window.yaml",
      "47-date-with-slashes.yaml",
      "48-version-read-as-number.yaml",
      "49-treatment-named-in-chinese.yaml",
      "50-variant-bad-extends-and-path.yaml",
    ];
    for (const f of shapes) {
      for (const said of [...expected[f], ...zh(f)]) expect(said).not.toMatch(/pattern|模式|\^|\$"|\\d/);
      expect(zh(f)).toHaveLength(expected[f].length);
    }
  });

  it("a value of the wrong type or none of a list's is told how to write it, a Chinese word for a value told the value", () => {
    const zh = loadPolicyFiles([`${dir}/51-chinese-words-for-values.yaml`], "zh").problems.map(
      (p) => `${p.line}:${p.col}: ${p.message}`,
    );
    expect(zh).toEqual([
      "3:9: `status` 应为 draft、approved、retired 之一（是否应为 `draft`？）",
      "5:24: `en` 应为文本：请加引号写作 '2026'",
      "7:10: `cadence` 应为 month、quarter、half-year、year 之一（是否应为 `half-year`？）",
      "8:11: `teamSize` 应为整数，用阿拉伯数字书写（例如 2）",
      "14:44: `pool` 应为 true 或 false：“否”请写作 false",
      "15:43: `pool` 应为 true 或 false：true 请不加引号书写",
      "15:73: `rounding` 应为 ceil、round、floor 之一（是否应为 `round`？）",
    ]);
    // `pool: 否` is not in the pool: no ratio is asked of it.
    expect(expected["51-chinese-words-for-values.yaml"].join("\n")).not.toMatch(/has no `ratio`/);
  });

  it("every pattern of the published schemas says, in English and Chinese, what a value must look like", () => {
    const patterns: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (node === null || typeof node !== "object") return;
      const o = node as Record<string, unknown>;
      if (typeof o.pattern === "string") {
        patterns.push(at);
        expect(o.patternErrorMessage, at).toMatch(/^(must|is not) /);
        expect(o.patternErrorMessageZh, at).toMatch(/^(应|不)/);
      }
      for (const [k, v] of Object.entries(o)) walk(v, `${at}/${k}`);
    };
    for (const schema of [
      "policies/policy.schema.json",
      "policies/variant.schema.json",
      "simulator/scenario.schema.json",
    ])
      walk(JSON.parse(readFileSync(schema, "utf8")), schema);
    expect(patterns.length).toBeGreaterThanOrEqual(12);
  });

  it("an unknown fact or treatment is told the declared one it most likely misspells", () => {
    const problems = (yaml: string) =>
      loadPolicyFiles([tmpFile("p.yaml", yaml)]).problems.map((p) => `${p.line}:${p.col}: ${p.message}`);
    const base = readFileSync(`${dir}/15-unknown-treatment-in-rule.yaml`, "utf8").replace(
      "name: lo }",
      "name: low }",
    );
    expect(problems(base)).toEqual([]);
    const misspelt = base.replace("fact: grade,", "fact: Grade,").replace("name: low }", "name: hig }");
    expect(problems(misspelt).map((p) => p.replace(/^\d+:\d+: /, ""))).toEqual([
      "unknown fact `Grade` (did you mean `grade`? or declare it under `facts` if it is an input column)",
      "unknown treatment `hig` in rule `others` (did you mean `high`?)",
    ]);
    // A treatment written by its label, where its name belongs.
    const labelled = readFileSync("policies/huaian-2021/1.0.0.yaml", "utf8").replace(
      "params: { name: general-b }",
      "params: { name: B级（每年至多一次） }",
    );
    expect(problems(labelled).map((p) => p.replace(/^\d+:\d+: /, ""))).toEqual([
      "unknown treatment `B级（每年至多一次）` in rule `general-b` (did you mean `general-b`?)",
    ]);
    // A fact written as a file heads its column.
    expect(
      problems(base.replace("fact: grade,", "fact: 信用等级,")).map((p) => p.replace(/^\d+:\d+: /, "")),
    ).toEqual([
      "unknown fact `信用等级`: that is how a file heads the fact `grade`; a rule names it `grade`",
    ]);
  });

  it("a variant's override path that misspells a name of the base policy is told the one it has, a slip of two letters included", () => {
    const folder = tmp();
    copyFileSync(`${dir}/00-valid-base.yaml`, join(folder, "base.yaml"));
    const variant = join(folder, "v.yaml");
    writeFileSync(
      variant,
      readFileSync(`${dir}/39-variant-unknown-path.yaml`, "utf8").replace(
        "treatments.medium.ratio: 0.3",
        "treatments.hgih.ratio: { min: 0.6 }\n  rules.otehrs.priority: 5\n  items.I3.name: 抽查",
      ),
    );
    expect(loadPolicyFiles([variant]).problems.map((p) => `${p.line}:${p.col}: ${p.message}`)).toEqual([
      "8:3: `treatments.hgih.ratio`: the base policy has no `treatments.hgih` (did you mean `treatments.high`?)",
      "9:3: `rules.otehrs.priority`: the base policy has no `rules.otehrs` (did you mean `rules.others`?)",
      "10:3: `items.I3.name`: the base policy has no `items.I3`",
    ]);
  });

  it("a variant's extends written as the base's file, or its id alone, is told the id@version; a base not found is told the versions there are, of its id or the id it misspells", () => {
    const folder = tmp();
    copyFileSync(`${dir}/00-valid-base.yaml`, join(folder, "base.yaml"));
    const text = readFileSync(`${dir}/41-variant-missing-base.yaml`, "utf8");
    const told = (base: string) => {
      const variant = join(folder, "v.yaml");
      writeFileSync(variant, text.replace("extends: fixture-base@9.9.9", `extends: ${base}`));
      return loadPolicyFiles([variant]).problems.map((p) => p.message.replace(/^.*?(: for|not found)/, "$1"));
    };
    expect(told("base.yaml")).toEqual([": for 'base.yaml' write fixture-base@1.0.0"]);
    expect(told("./base.yaml")).toEqual([": for './base.yaml' write fixture-base@1.0.0"]);
    expect(told("fixture-base")).toEqual([": for 'fixture-base' write fixture-base@1.0.0"]);
    expect(told("fixture-bsae@1.0")).toEqual([
      "not found beside this file or in its parent folder (there: fixture-base@1.0.0)",
    ]);
    expect(told("unrelated@1.0.0")).toEqual(["not found beside this file or in its parent folder"]);
  });

  it("a cap window written in Chinese is told the one it names, or, where it may mean the calendar period or the months before the draw, both", () => {
    const base = readFileSync(`${dir}/25-bad-cap-window.yaml`, "utf8");
    const told = (window: string, lang: "en" | "zh" = "en") =>
      loadPolicyFiles(
        [tmpFile("p.yaml", base.replace("window: fortnight", `window: ${window}`))],
        lang,
      ).problems.map((p) => p.message.replace(/^.*month(: |$)/, "").replace(/^.*或 month/, ""));
    expect(told("12个月")).toEqual(["write 12m"]);
    expect(told("90天")).toEqual(["write 90d"]);
    expect(told("所在季度")).toEqual(["write quarter"]);
    expect(told("每年")).toEqual([
      "write year for the calendar year the draw date falls in, or 12m for the 12 months before it",
    ]);
    expect(told("半年", "zh")).toEqual([
      "：按抽取日期所在的自然期间计，请写 half-year；按抽取日期前的 6 个月计，请写 6m",
    ]);
    expect(told("fortnight")).toEqual([""]);
  });
});
