import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadPolicyFiles } from "../../engine/policy/load.js";

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
});
