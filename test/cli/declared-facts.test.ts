import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { draftSeed, dryDraw, seedWithEmployees } from "../helpers/seed-policy.js";
import { tmp } from "../helpers/tmp.js";

describe("the facts a policy declares and compares, in an enterprise file", () => {
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

  it("classify and draw name a rule value no enterprise has that the file writes nearly so (食品 for 食品销售), with the rules comparing it", async () => {
    const dir = tmp();
    const policy = draftSeed(
      join(dir, "food.yaml"),
      "rules:\n",
      "rules:\n  - name: food\n    priority: 30\n    conditions: { all: [{ fact: industry, operator: equal, value: 食品 }] }\n    event: { type: treatment, params: { name: key-stricter } }\n",
    );
    const inputs = ["--policy", policy, "--enterprises", "examples/enterprises.csv"];
    const classify = await runCli(
      "classify",
      ...inputs,
      "--history",
      "examples/history.csv",
      "--date",
      "2026-01-01",
    );
    expect(classify.code, classify.stderr).toBe(0);
    const note =
      "gradedraw: note: rule food compares industry with 食品, which no enterprise of examples/enterprises.csv has (it has 制造业 (7), 批发和零售 (6), 服务业 (6), 建筑业 (4), 药品零售 (2), …); the file has 食品销售 (1) where the rules say 食品: is a value written another way?";
    expect(classify.stderr).toBe(note);
    const draw = await runCli(
      "draw",
      ...inputs,
      "--history",
      "examples/history.csv",
      ...dryDraw(join(dir, "d")),
    );
    expect(draw.code, draw.stderr).toBe(0);
    expect(draw.stderr).toBe(note);
    const zh = await runCli("--lang", "zh", "classify", ...inputs, "--date", "2026-01-01");
    expect(zh.stderr).toContain("文件中的 食品销售（1 家）与规则的“食品”相近：是否写法不同？");
  });
});
