import { describe, expect, it } from "vitest";
import { loadPolicyFile } from "../../engine/policy/load.js";
import type { Progress } from "../../engine/progress.js";
import { dryRunDraw, smallDistrict } from "../helpers/district.js";

const policy = loadPolicyFile("policies/huaian-2021/1.0.0.yaml").policy?.policy;

describe("a draw's progress", () => {
  it("is told as each phase begins, and while teams are staffed every 1,000 visits; it changes nothing of the outcome", async () => {
    if (!policy) throw new Error("the seed policy does not load");
    const d = smallDistrict("progress", 12_000);
    const told: Progress[] = [];
    const o = await dryRunDraw(policy, d, "p", { onProgress: (p) => told.push(p) });
    const n = o.selected.length;
    expect(n).toBeGreaterThan(1000);
    expect(told).toEqual([
      { step: "frame" },
      { step: "classify" },
      { step: "select" },
      { step: "teams", done: 0, of: n },
      ...Array.from({ length: Math.floor(n / 1000) }, (_, k) => ({
        step: "teams",
        done: (k + 1) * 1000,
        of: n,
      })),
    ]);
    expect((await dryRunDraw(policy, d, "p")).resultHash).toBe(o.resultHash);
  });
});
