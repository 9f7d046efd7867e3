import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { loadPolicyFile, loadPolicyFiles } from "../../engine/policy/load.js";
import { tmp } from "../helpers/tmp.js";

/** Every file the policy loader parses as YAML, in order. */
const parsed = vi.hoisted(() => [] as string[]);
vi.mock("../../engine/policy/yaml-source.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../engine/policy/yaml-source.js")>();
  return {
    ...original,
    parseYaml: (file: string, ...rest: [string, ...unknown[]]) => {
      parsed.push(file);
      return (original.parseYaml as (...a: unknown[]) => unknown)(file, ...rest);
    },
  };
});

/** A copy of the seed policy with its variants, so that its files are this test's own. */
function seedCopy(): { base: string; variants: string[] } {
  const dir = join(tmp(), "huaian-2021");
  cpSync("policies/huaian-2021", dir, { recursive: true });
  const variants = ["b-halved", "c-half", "d-floor-raised"].map((v) => join(dir, "variants", `${v}.yaml`));
  return { base: join(dir, "1.0.0.yaml"), variants };
}

describe("a base policy loaded by its variants", () => {
  it("is parsed and checked once for a policy and its three variants, not once per variant nor again for its header", () => {
    const { base, variants } = seedCopy();
    parsed.length = 0;
    const r = loadPolicyFiles([base, ...variants]);
    expect(r.problems).toEqual([]);
    expect(r.policies).toHaveLength(4);
    // Once, to load it: a variant looking for its base reads the header of that parse.
    expect(parsed.filter((f) => f === base)).toHaveLength(1);
    // Each variant: once to load it, and once more at most, for its header, before it was loaded.
    for (const v of variants) expect(parsed.filter((f) => f === v).length).toBeLessThanOrEqual(2);
  });

  it("gives each caller its own copy: changing one loaded policy changes no other", () => {
    const { base, variants } = seedCopy();
    const ratio = loadPolicyFile(base).policy?.policy.treatments["general-b"].ratio;
    // Loaded again: the kept one, which must be a copy too.
    const again = loadPolicyFile(base).policy;
    if (!again) throw new Error("the seed policy does not load");
    // A caller that changes what it was given, its types notwithstanding.
    (again.policy.treatments["general-b"] as { ratio: number }).ratio = 0.99;
    expect(loadPolicyFile(base).policy?.policy.treatments["general-b"].ratio).toBe(ratio);
    const variant = loadPolicyFile(variants[1]).policy;
    expect(variant?.policy.treatments["general-b"].ratio).toBe(ratio);
  });

  it("is loaded again when its file changes, and its variants see the change", () => {
    const { base, variants } = seedCopy();
    const before = loadPolicyFile(variants[1]).policy;
    const text = readFileSync(base, "utf8");
    writeFileSync(base, text.replace("title:", "# edited\ntitle:"));
    parsed.length = 0;
    const after = loadPolicyFile(variants[1]).policy;
    expect(parsed).toContain(base);
    expect(after?.hash).toBe(before?.hash);
    writeFileSync(base, text.replace(/teamSize: \d+/, "teamSize: 3"));
    expect(loadPolicyFile(variants[1]).policy?.policy.teamSize).toBe(3);
  });
});
