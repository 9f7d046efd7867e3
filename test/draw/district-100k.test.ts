import { describe, expect, it } from "vitest";
import { loadPolicyFile } from "../../engine/policy/load.js";
import type { Policy } from "../../engine/policy/types.js";
import { generateDistrict, HUAIAN_LIKE } from "../../engine/synthetic.js";
import { dryRunDraw } from "../helpers/district.js";

describe("a generated district of 100,000 enterprises", () => {
  it("is drawn in full: every stratum at its planned size, a valid team for every visit", async () => {
    const p = loadPolicyFile("policies/huaian-2021/1.0.0.yaml").policy?.policy as Policy;
    const d = generateDistrict(HUAIAN_LIKE, "district-100k", 100_000);
    const o = await dryRunDraw(p, { ...d, history: [] }, "district");
    expect(o.failures).toEqual([]);
    expect(o.rejected).toEqual([]);
    expect(o.selected.length).toBe(o.strata.reduce((a, s) => a + s.n, 0));
    expect(o.selected.length).toBeGreaterThan(10_000);
    expect(new Set(o.assignments.map((a) => a.uscc)).size).toBe(o.selected.length);
  }, 300_000);
});
