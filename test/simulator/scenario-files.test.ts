import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { BOUNDS } from "../../simulator/resolve.js";
import { simulate } from "../../simulator/run.js";
import { loadScenario } from "../../simulator/scenario.js";
import { runCli } from "../helpers/run-cli.js";
import { tmp, tmpFile } from "../helpers/tmp.js";

describe("gradedraw simulate's options", () => {
  it("take the scenario file's bounds: 1 to 50 years, 2 to 10,000 replications (one has no interval)", async () => {
    const run = (...more: string[]) =>
      runCli("simulate", "--scenario", "simulator/scenarios/frozen.yaml", "--no-tui", ...more);
    for (const [option, value, range] of [
      ["--replications", "1", "from 2 to 10000"],
      ["--replications", "10001", "from 2 to 10000"],
      ["--years", "51", "from 1 to 50"],
      ["--years", "1.5", "from 1 to 50"],
      ["--workers", "0", "≥ 1"],
      // An empty value (an unset shell variable) is no 0, nor another notation a number.
      ["--years", "", "from 1 to 50"],
      ["--years", "1e1", "from 1 to 50"],
      ["--workers", "0x2", "≥ 1"],
    ]) {
      const r = await run(option, value);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`gradedraw: ${option} must be a whole number ${range}, not '${value}'`);
    }
    expect(
      (await runCli("--lang", "zh", "simulate", "--scenario", "x.yaml", "--replications", "1")).stderr,
    ).toBe("gradedraw: --replications 应为 2 到 10000 之间的整数，而不是“1”");
    // Full-width digits, as a Chinese input method types them, are told how to write.
    const wide = await run("--years", "５");
    expect([wide.code, wide.stderr]).toEqual([
      2,
      "gradedraw: --years is written in full-width digits ('５'): give it as 5",
    ]);
    const demo = await runCli("demo", "--size", "１０００", "--out", join(tmp(), "demo"), "--lang", "zh");
    expect([demo.code, demo.stderr]).toEqual([
      2,
      "gradedraw: --size 使用了全角数字（“１０００”）：请写作 1000",
    ]);
  });

  it("bind the simulate() API too, before anything is loaded", async () => {
    const schema = JSON.parse(readFileSync("simulator/scenario.schema.json", "utf8"));
    const bounds = (k: string) => [schema.properties[k].minimum, schema.properties[k].maximum];
    expect(BOUNDS).toEqual({ years: bounds("horizon"), replications: bounds("replications") });
    const scenario = "simulator/scenarios/frozen.yaml";
    await expect(simulate({ scenario, replications: 1 })).rejects.toThrow(
      "replications must be a whole number from 2 to 10000, not 1",
    );
    await expect(simulate({ scenario, years: 0 })).rejects.toThrow(
      "years must be a whole number from 1 to 50, not 0",
    );
  });
});

describe("scenario files", () => {
  it("the bundled scenarios validate", () => {
    for (const f of ["simulator/scenarios/huaian.yaml", "simulator/scenarios/frozen.yaml"])
      expect(loadScenario(f).problems).toEqual([]);
  });

  it("report every problem with its place", () => {
    const r = loadScenario("test/fixtures/sim/bad-scenario.yaml");
    expect(r.problems.map((p) => `${p.line}:${p.col}: ${p.message}`)).toEqual([
      "11:14: `detection` must be <= 1",
      "19:1: unknown property `colour`",
    ]);
  });

  it("a start or name that YAML reads as a number, written without quotes (start: 2026, the year), is told to be written in quotes, not told the forms it has", () => {
    const text = readFileSync("test/fixtures/sim/flat-scenario.yaml", "utf8");
    const said = (from: string, to: string, lang: "en" | "zh" = "en") => {
      expect(text).toContain(from);
      return loadScenario(tmpFile("s.yaml", text.replace(from, to)), lang).problems.map(
        (p) => `${p.line}:${p.col}: ${p.message}`,
      );
    };
    expect(said("start: 2026-H1", "start: 2026")).toEqual([
      "20:8: `start` must be text: write '2026' in quotes",
    ]);
    expect(said("start: 2026-H1", "start: 2026", "zh")).toEqual([
      "20:8: `start` 应为文本：请加引号写作 '2026'",
    ]);
    expect(said("name: flat-check", "name: 2026")).toEqual([
      "1:7: `name` must be text: write '2026' in quotes",
    ]);
    // A number that is none of the forms is told the forms.
    expect(said("start: 2026-H1", "start: 202601")).toEqual([
      "20:8: `start` must be a period: a year (2026), half-year (2026-H1), quarter (2026-Q1) or month (2026-01)",
    ]);
    expect(said("start: 2026-H1", "start: '2026'")).toEqual([]);
  });

  it("a population, transitions or text that fits none of its forms says which forms there are", () => {
    const text = readFileSync("test/fixtures/sim/flat-scenario.yaml", "utf8")
      .replace("  size: 10000\n", "  size: 10000\n  enterprises: 名录.csv\n")
      .replace("transitions: none", "transitions: some");
    const scenario = tmpFile("s.yaml", `${text}assumptions:\n  - text: 5\n`);
    expect(loadScenario(scenario).problems.map((p) => p.message)).toEqual([
      "`population` needs either `enterprises` (a file of enterprises) or `size`, `grades`, `keyShare`, `industries` and `regions` (a synthetic district), not both",
      "`transitions` must be `none` or a mapping with `normal` and `found`",
      "`text` must be a text, or its Chinese and English {zh, en}",
    ]);
    const none = tmpFile(
      "s.yaml",
      text.replace(/population:\n[\s\S]*?(?=behaviour:)/, "population:\n  entryRate: 0\n"),
    );
    expect(loadScenario(none, "zh").problems.map((p) => p.message)).toEqual([
      "`population` 应给出 `enterprises`（企业名录文件），或 `size`、`grades`、`keyShare`、`industries` 与 `regions`（合成辖区），二者取其一",
      "`transitions` 应为 `none`，或包含 `normal` 与 `found` 的映射",
    ]);
  });

  it("a transitions mapping wrong only inside is told where, not that transitions must be none or a mapping", () => {
    const text = readFileSync("simulator/scenarios/huaian.yaml", "utf8");
    const said = (from: string, to: string, lang: "en" | "zh" = "en") => {
      expect(text).toContain(from);
      const scenario = tmpFile("s.yaml", text.replace(from, to));
      return loadScenario(scenario, lang).problems.map((p) => `${p.line}:${p.col}: ${p.message}`);
    };
    const d = "      D: { A: 0, B: 0, C: 0.15, D: 0.85, ungraded: 0 }";
    expect(said(d, "      D: { A: 0, B: 0, C: 0.15, D: 1.5, ungraded: 0 }")).toEqual([
      "33:36: `D` must be <= 1",
    ]);
    expect(said(d, "      D: { A: 0, B: 0, C: 0.15, ungraded: 0 }", "zh")).toEqual([
      "33:10: 缺少字段 `D`（位于 `D`）",
    ]);
    // Wrong in its own keys, it is told its forms.
    expect(said("    found:\n", "    fund:\n")).toEqual([
      "29:5: `transitions` must be `none` or a mapping with `normal` and `found`",
    ]);
  });

  it("the shares of findingResults are result codes of a problem found, each once (by code, in Chinese or in English), summing to 1; any other is refused at its place, in Chinese too", () => {
    const text = readFileSync("simulator/scenarios/huaian.yaml", "utf8");
    const at = "  detection: 0.7\n";
    expect(text).toContain(at);
    const scenario = (shares: string) =>
      tmpFile("s.yaml", text.replace(at, `${at}  findingResults: ${shares}\n`));
    const problems = (shares: string, lang?: "zh") =>
      loadScenario(scenario(shares), lang).problems.map((p) => `${p.line}:${p.col}: ${p.message}`);
    expect(
      problems(
        `{ rectified: 0.6, 发现问题待后续处理: 0.3, "problem found, transferred to the competent department": 0.1 }`,
      ),
    ).toEqual([]);
    expect(
      problems("{ rectifed: 0.5, none: 0.2, rectified: 0.1, 发现问题已责令改正: 0.1, pending: 0.2 }"),
    ).toEqual([
      "28:19: shares sum to 1.1, not 1",
      "28:21: rectifed is not a result code (did you mean rectified?); a finding is recorded with one of not-published, false-publication, rectified, pending, transferred, non-cooperation",
      "28:36: none (未发现问题) is not a problem found; a finding is recorded with one of not-published, false-publication, rectified, pending, transferred, non-cooperation",
      "28:63: 发现问题已责令改正 is rectified, written already as rectified: give each code once",
    ]);
    expect(problems("{ none: 1 }", "zh")).toEqual([
      "28:21: none（未发现问题）不是“发现问题”类结果；发现问题的结果为以下之一：not-published、false-publication、rectified、pending、transferred、non-cooperation",
    ]);
    expect(problems("{ rectified: 1.5 }")[0]).toMatch(/^28:32: .*<= 1/);
  });

  it("a region, industry or department left blank or listed twice is refused at its place, in Chinese too", () => {
    const text = readFileSync("simulator/scenarios/huaian.yaml", "utf8");
    const edits: [string, string][] = [
      ["regions: [河下街道, 淮城街道, 车桥镇", "regions: [河下街道, 淮城街道, 河下街道, ' ', 车桥镇"],
      ["departments: [市场监管局, 人社局] }", "departments: [市场监管局, 人社局, 市场监管局] }"],
      ["{ name: 居民服务业,", "{ name: 建筑业,"],
      ["  inspectors: { 市场监管局: 260,", "  inspectors: { '': 3, 市场监管局: 260,"],
    ];
    let edited = text;
    for (const [from, to] of edits) {
      expect(edited).toContain(from);
      edited = edited.replace(from, to);
    }
    const scenario = tmpFile("s.yaml", edited);
    expect(loadScenario(scenario).problems.map((p) => `${p.line}:${p.col}: ${p.message}`)).toEqual([
      "15:73: department '市场监管局' is listed twice (also column 61)",
      "21:15: industry '建筑业' is listed twice (also line 19)",
      "22:25: region '河下街道' is listed twice (also column 13)",
      "22:31: the region is blank: write its name",
      "42:17: the department is blank: write its name",
    ]);
    expect(
      loadScenario(scenario, "zh")
        .problems.map((p) => p.message)
        .slice(0, 2),
    ).toEqual(["部门“市场监管局”重复（另见本行第 61 列）", "行业“建筑业”重复（另见第 19 行）"]);
    expect(loadScenario("simulator/scenarios/huaian.yaml").problems).toEqual([]);
  });

  it("refuses a scenario that gives no department an inspector, whose every load would read 0%, within capacity", () => {
    const text = readFileSync("simulator/scenarios/huaian.yaml", "utf8");
    const none = tmpFile(
      "s.yaml",
      text.replace(/inspectors: \{[^}]*\}/, "inspectors: { 市场监管局: 0, 人社局: 0 }"),
    );
    expect(loadScenario(none).problems.map((p) => `${p.line}:${p.col}: ${p.message}`)).toEqual([
      "42:15: no department is given an inspector: the inspections would be measured against no capacity; give each department's inspectors",
    ]);
    // Neither counts nor a directory: told both forms.
    const total = tmpFile("s.yaml", text.replace(/inspectors: \{[^}]*\}/, "inspectors: 420"));
    expect(loadScenario(total).problems.map((p) => `${p.line}:${p.col}: ${p.message}`)).toEqual([
      "42:15: `inspectors` must be a mapping of one per name (name: value), or a file's path",
    ]);
    expect(loadScenario(total, "zh").problems.map((p) => p.message)).toEqual([
      "`inspectors` 应为逐项给出的映射（名称: 值），或文件路径",
    ]);
    // One department without inspectors is said, not refused (resource-notices.ts).
    const one = tmpFile("s.yaml", text.replace("人社局: 40 }", "人社局: 0 }"));
    expect(loadScenario(one).problems).toEqual([]);
  });

  it("inspections per inspector given per department name the departments inspectors staffs, each of them: another is told the one it likely means", () => {
    const text = readFileSync("simulator/scenarios/huaian.yaml", "utf8");
    const scenario = (per: string) =>
      tmpFile("s.yaml", text.replace("perInspector: 60", `perInspector: ${per}`));
    expect(
      loadScenario(scenario("{ 市场监管局: 60, 生态环境局: 50, 应急管理局: 50, 人社局: 30 }")).problems,
    ).toEqual([]);
    const wrong = scenario("{ 市场监管局: 60, 生态环境局: 50, 应急管理局: 50, 人社厅: 30 }");
    expect(loadScenario(wrong).problems.map((p) => `${p.line}:${p.col}: ${p.message}`)).toEqual([
      "43:17: perInspector gives no figure for 人社局, which inspectors staffs: give one for every department, or one number for all",
      "43:52: perInspector gives 人社厅 a figure, but inspectors gives it none (did you mean `人社局`?)",
    ]);
    expect(loadScenario(wrong, "zh").problems.map((p) => p.message)).toEqual([
      "perInspector 未给出 人社局 的数字，而 inspectors 中有其人员：请逐一给出各部门的数字，或用一个数字统一给出",
      "perInspector 给出了 人社厅 的数字，但 inspectors 中没有该部门（是否应为 `人社局`？）",
    ]);
    // Neither a number nor a mapping, or a figure of none.
    expect(loadScenario(scenario("六十")).problems.map((p) => p.message)).toEqual([
      "`perInspector` must be a number, written in digits (e.g. 0.05), or a mapping of one per name (name: value)",
    ]);
    expect(loadScenario(scenario("{ 市场监管局: 0, 人社局: 30 }")).problems.map((p) => p.message)).toEqual([
      "`市场监管局` must be > 0",
    ]);
    expect(loadScenario(scenario("{ 市场监管局: 60, 人社局: 30 }")).problems.map((p) => p.message)).toEqual([
      "perInspector gives no figure for 生态环境局, 应急管理局, which inspectors staffs: give one for every department, or one number for all",
    ]);
  });

  it("an empty list or mapping that needs an entry is told it is empty, in Chinese too", () => {
    const text = readFileSync("simulator/scenarios/frozen.yaml", "utf8");
    const edited = text
      .replace("  regions: [河下街道, 淮城街道]", "  regions: []")
      .replace("  inspectors: { 市场监管局: 100, 人社局: 10 }", "  inspectors: {}");
    const scenario = tmpFile("s.yaml", edited.replace(/policies:\n( {2}- .*\n)+/, "policies: []\n"));
    expect(loadScenario(scenario).problems.map((p) => `${p.line}:${p.col}: ${p.message}`)).toEqual([
      "14:12: `regions` is empty: give at least one item",
      "22:15: `inspectors` is empty: give at least one entry (name: value)",
      "29:11: `policies` is empty: give at least one item",
    ]);
    expect(loadScenario(scenario, "zh").problems.map((p) => p.message)[1]).toBe(
      "`inspectors` 为空：至少应有一项（名称: 值）",
    );
  });

  it("a list of departments typed with a Chinese comma is refused: it would be one department no task draws from", () => {
    const text = readFileSync("test/fixtures/sim/flat-scenario.yaml", "utf8")
      .replace("departments: [市场监管局]", "departments: [市场监管局，人社局]")
      .replace("inspectors: { 市场监管局: 100 }", "inspectors: { 市场监管局、人社局: 100 }");
    const scenario = tmpFile("s.yaml", text);
    const lines = text.split("\n");
    const lineOf = (s: string) => lines.findIndex((l) => l.includes(s)) + 1;
    expect(loadScenario(scenario).problems.map((p) => [p.line, p.message])).toEqual([
      [
        lineOf("市场监管局，人社局"),
        "'市场监管局，人社局' is one department name with '，' in it: write a list of departments as [市场监管局, 人社局], with ASCII commas",
      ],
      [
        lineOf("市场监管局、人社局"),
        "'市场监管局、人社局' is one department name with '、' in it: give each department its inspectors, as { 市场监管局: …, 人社局: … }",
      ],
    ]);
    expect(loadScenario(scenario, "zh").problems[0].message).toBe(
      "“市场监管局，人社局”是一个含“，”的部门名称：多个部门请写作 [市场监管局, 人社局]，用半角逗号分隔",
    );
  });

  it("a scenario's enterprise file none of whose enterprises names a supervising department is refused: nobody would be inspected", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "e.csv"), "uscc,grade,category\n91110108551385082Q,B,general\n");
    const scenario = join(dir, "s.yaml");
    writeFileSync(
      scenario,
      readFileSync("test/fixtures/sim/flat-scenario.yaml", "utf8")
        .replace(/population:\n[\s\S]*?(?=behaviour:)/, "population:\n  enterprises: e.csv\n")
        .replace("flat-20.yaml", resolve("test/fixtures/sim/flat-20.yaml")),
    );
    await expect(simulate({ scenario, workers: 1, replications: 2, years: 1 })).rejects.toMatchObject({
      problems: [
        {
          file: join(dir, "e.csv"),
          column: "departments",
          message:
            "no enterprise names a supervising department (column departments, 监管部门): every task's pool would be empty",
        },
      ],
    });
  });

  it("a scenario's enterprise file without grades, named by grade (B级企业名单.csv), is refused and told the name is not read as a grade", async () => {
    const dir = tmp();
    writeFileSync(
      join(dir, "B级企业名单.csv"),
      "uscc,category,departments\n91110108551385082Q,general,市场监管局\n",
    );
    const scenario = join(dir, "s.yaml");
    writeFileSync(
      scenario,
      readFileSync("test/fixtures/sim/flat-scenario.yaml", "utf8")
        .replace(/population:\n[\s\S]*?(?=behaviour:)/, "population:\n  enterprises: B级企业名单.csv\n")
        .replace("flat-20.yaml", resolve("test/fixtures/sim/flat-20.yaml")),
    );
    await expect(simulate({ scenario, workers: 1, replications: 2, years: 1 })).rejects.toMatchObject({
      problems: [
        {
          column: "grade",
          message:
            "no enterprise has a credit grade (column grade, 信用等级): every one would be drawn as ungraded; the file's name reads as grade B, but a file's name is not read as its enterprises' grade: give each one's grade in a column 信用等级",
        },
      ],
    });
  });

  it("a department the scenario writes another way than the policy does is said: its enterprises are never drawn", async () => {
    const scenario = tmpFile(
      "s.yaml",
      readFileSync("test/fixtures/sim/flat-scenario.yaml", "utf8")
        .replace("departments: [市场监管局]", "departments: [市场监督管理局]")
        .replace("flat-20.yaml", resolve("test/fixtures/sim/flat-20.yaml")),
    );
    const notices: string[] = [];
    await simulate({ scenario, workers: 1, replications: 2, years: 1, onNotice: (n) => notices.push(n) });
    expect(notices).toEqual([
      `note: ${scenario} names department(s) that no item of the policy has: 市场监督管理局 (10000; the policy's 市场监管局?); the policy's are 市场监管局; 10000 enterprise(s) name no other and are in no task's pool: is a department written another way?`,
    ]);
  });

  it("a department the policies inspect that the resources give no inspectors, and inspectors of a department no item names, are said: load is measured against all inspectors together", async () => {
    const scenario = tmpFile(
      "s.yaml",
      readFileSync("test/fixtures/sim/flat-scenario.yaml", "utf8")
        .replace("inspectors: { 市场监管局: 100 }", "inspectors: { 市场监督管理局: 100 }")
        .replace("flat-20.yaml", resolve("test/fixtures/sim/flat-20.yaml")),
    );
    const notices: string[] = [];
    await simulate({ scenario, workers: 1, replications: 2, years: 1, onNotice: (n) => notices.push(n) });
    expect(notices).toEqual([
      `note: ${scenario} gives no inspectors to 市场监管局 (named by 10,000 enterprise(s)), which the policies inspect: their inspections are counted against the others' capacity in the load of all inspectors together, and in no department's own; give their inspectors under resources.inspectors`,
      `note: ${scenario} gives inspectors to 市场监督管理局 (100), which no item of the policies names: they never inspect, but are counted in the capacity load is measured against; is a department written another way?`,
    ]);
    const zh: string[] = [];
    await simulate({
      scenario,
      workers: 1,
      replications: 2,
      years: 1,
      lang: "zh",
      onNotice: (n) => zh.push(n),
    });
    expect(zh[0]).toBe(
      `提示：${scenario} 未给市场监管局（10000 家企业属其监管）配置检查人员，而政策会安排其检查：这些检查在全部人员合计的“负荷/能力”中计入其他部门人员的检查能力，不计入任何部门自身的负荷；请在 resources.inspectors 中给出其人员数`,
    );
  });

  it("a path in a scenario that is not there is said at its line, as read from the scenario's folder; its own policies only when no --policy replaces them", async () => {
    const dir = tmp();
    const text = readFileSync("test/fixtures/sim/flat-scenario.yaml", "utf8");
    const lines = text.split("\n");
    const scenario = join(dir, "s.yaml");
    writeFileSync(scenario, text);
    const own = join(dir, "flat-20.yaml");
    const at = lines.findIndex((l) => l.includes("flat-20.yaml")) + 1;
    await expect(simulate({ scenario, workers: 1, replications: 2, years: 1 })).rejects.toMatchObject({
      problems: [
        {
          file: scenario,
          line: at,
          message: `no such file: ${own} (a path in a scenario is read from the scenario file's folder)`,
        },
      ],
    });
    const other = await simulate({
      scenario,
      policies: [resolve("test/fixtures/sim/flat-20.yaml")],
      workers: 1,
      replications: 2,
      years: 1,
    });
    expect(other.variants.map((v) => v.policy)).toEqual(["flat-twenty"]);
    // The enterprise file is read whatever the policies: the scenario is refused as it loads.
    writeFileSync(
      scenario,
      text.replace(/population:\n[\s\S]*?(?=behaviour:)/, "population:\n  enterprises: 名录.csv\n"),
    );
    expect(loadScenario(scenario, "zh").problems.map((p) => [p.line, p.message])).toEqual([
      [4, `文件不存在：${join(dir, "名录.csv")}（场景中的路径相对于场景文件所在的文件夹）`],
    ]);
  });
});
