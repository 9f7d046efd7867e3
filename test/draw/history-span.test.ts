import { describe, expect, it } from "vitest";
import { furthestCap, historySpanNotice } from "../../engine/history-span.js";
import { seedPolicy } from "../helpers/draw-setup.js";

const policy = seedPolicy.policy;

describe("the history a draw's caps count", () => {
  it("the cap looking furthest back is the seed policy's one in 12 months, of pooled treatments only", () => {
    expect(furthestCap(policy, "2026-07-01")).toEqual({
      treatment: "general-b",
      count: 1,
      window: "12m",
      from: "2025-07-02",
    });
    const uncapped = { ...policy, treatments: { a: { ...policy.treatments["general-a"] } } };
    expect(furthestCap(uncapped, "2026-07-01")).toBeUndefined();
    expect(historySpanNotice(uncapped, "2026-07-01", undefined, undefined, "en")).toBeUndefined();
  });

  it("says a history beginning over a month after the caps' first day, naming what it begins with: the file, the ledger's results, or both", () => {
    const file = { name: "h.csv", first: "2026-03-01" };
    expect(historySpanNotice(policy, "2026-07-01", undefined, "2026-03-01", "en")).toMatch(
      /^note: the inspections known begin on 2026-03-01 \(the ledger's first result\), and the caps count those from 2025-07-02/,
    );
    expect(historySpanNotice(policy, "2026-07-01", file, "2026-03-01", "en")).toMatch(
      /begin on 2026-03-01 \(the first of h\.csv, the ledger's first result\)/,
    );
    // The earlier of the two is where the history begins.
    expect(historySpanNotice(policy, "2026-07-01", file, "2025-12-01", "zh")).toMatch(
      /^提示：已知检查始于 2025-12-01（台账中最早的检查结果）/,
    );
    // Within a month of the first day, or before it: nothing said.
    for (const first of ["2025-07-02", "2025-08-01", "2024-01-01"])
      expect(
        historySpanNotice(policy, "2026-07-01", { name: "h.csv", first }, undefined, "en"),
      ).toBeUndefined();
    expect(
      historySpanNotice(policy, "2026-07-01", { name: "h.csv", first: "2025-08-03" }, undefined, "en"),
    ).toBeDefined();
  });
});
