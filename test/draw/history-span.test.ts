import { describe, expect, it } from "vitest";
import { allowedGap, furthestCap, historySpanNotice } from "../../engine/history-span.js";
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
    // A district's year of inspections, many: a month is as long as none may be made.
    const file = { name: "h.csv", first: "2026-03-01", count: 1000 };
    const recorded = { first: "2026-03-01", count: 1000 };
    expect(historySpanNotice(policy, "2026-07-01", undefined, recorded, "en")).toMatch(
      /^note: the inspections known begin on 2026-03-01 \(the ledger's first result\), and the caps count those from 2025-07-02/,
    );
    expect(historySpanNotice(policy, "2026-07-01", file, recorded, "en")).toMatch(
      /begin on 2026-03-01 \(the first of h\.csv, the ledger's first result\)/,
    );
    // The earlier of the two is where the history begins.
    expect(historySpanNotice(policy, "2026-07-01", file, { first: "2025-12-01", count: 10 }, "zh")).toMatch(
      /^提示：已知检查始于 2025-12-01（台账中最早的检查结果）/,
    );
    // Within a month of the first day, or before it: nothing said.
    for (const first of ["2025-07-02", "2025-08-01", "2024-01-01"])
      expect(
        historySpanNotice(policy, "2026-07-01", { name: "h.csv", first, count: 1000 }, undefined, "en"),
      ).toBeUndefined();
    expect(
      historySpanNotice(
        policy,
        "2026-07-01",
        { name: "h.csv", first: "2025-08-03", count: 1000 },
        undefined,
        "en",
      ),
    ).toBeDefined();
  });

  it("inspections known only after the draw date are said to be all after it, none counted, in Chinese too: a draw dated back, or a year mistyped; one before it is where the history begins", () => {
    const file = { name: "h.csv", first: "2026-09-01", count: 1000 };
    expect(historySpanNotice(policy, "2026-07-01", file, undefined, "en")).toBe(
      "note: no inspection before 2026-07-01 is known: those of h.csv are all after it (the first on 2026-09-01), so the caps count none (general-b: at most 1 in 12m, from 2025-07-02); is the draw's date right? Give the inspections since 2025-07-02 with --history",
    );
    expect(historySpanNotice(policy, "2026-07-01", file, { first: "2026-08-01", count: 3 }, "zh")).toMatch(
      /^提示：2026-07-01 之前没有任何已知检查：h\.csv 中的检查和台账中的检查结果都在该日之后（最早为 2026-08-01）/,
    );
    // The ledger's drawn visits not yet made, of the cap's window (asked from its first day), are
    // what the caps count then.
    const asked: string[] = [];
    const drawn = (from: string) => {
      asked.push(from);
      return 12;
    };
    expect(historySpanNotice(policy, "2026-07-01", file, undefined, "en", undefined, drawn)).toContain(
      "(the first on 2026-09-01), so the caps count no inspection made, only the ledger's 12 drawn visit(s) not yet made (general-b: at most 1 in 12m, from 2025-07-02)",
    );
    expect(asked).toEqual(["2025-07-02"]);
    // The ledger's results reach back: the file's first, after the date, is not where it begins.
    expect(
      historySpanNotice(policy, "2026-07-01", file, { first: "2025-07-10", count: 10 }, "en"),
    ).toBeUndefined();
  });

  it("a district of few inspections may make none for months: a late first one is said only where, were the history whole, none in so long a stretch is unlikely (under 1 in 100)", () => {
    // Twelve inspections from 2025-10-01, the caps counting from 2025-07-02 (364 days before the
    // draw): all twelve after the first 91 days happens 0.75^12, about one time in 32.
    const few = { name: "h.csv", first: "2025-10-01", count: 12 };
    expect(allowedGap("2025-07-02", "2026-07-01", 12)).toBe(117);
    expect(historySpanNotice(policy, "2026-07-01", few, undefined, "en")).toBeUndefined();
    // As many begun later, or many more begun then, are not the whole history.
    expect(
      historySpanNotice(policy, "2026-07-01", { ...few, first: "2025-11-01" }, undefined, "en"),
    ).toBeDefined();
    expect(historySpanNotice(policy, "2026-07-01", { ...few, count: 50 }, undefined, "en")).toBeDefined();
    // Where they are many, a month; one alone tells nothing.
    expect(allowedGap("2025-07-02", "2026-07-01", 5000)).toBe(31);
    expect(allowedGap("2025-07-02", "2026-07-01", 1)).toBe(361);
  });
});
