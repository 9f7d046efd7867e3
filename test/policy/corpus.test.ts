import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadPolicyFiles } from "../../engine/policy/load.js";
import { nearestOperator } from "../../engine/policy/vocabulary.js";
import { tmpFile } from "../helpers/tmp.js";

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
  });
});
