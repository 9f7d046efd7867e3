import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { capWindow, overCap } from "../../engine/caps.js";
import type { HistoryEntry } from "../../engine/data/records.js";
import { visits } from "../../engine/history.js";
import { parsePeriod, periodContaining, today } from "../../engine/period.js";

describe("cap windows", () => {
  it("a trailing 12m window is the 12 months up to and including the date", () => {
    expect(capWindow("12m", "2026-01-01")).toEqual({ from: "2025-01-02", to: "2026-01-01" });
    expect(capWindow("6m", "2024-08-31")).toEqual({ from: "2024-03-01", to: "2024-08-31" });
    expect(capWindow("90d", "2026-03-31")).toEqual({ from: "2026-01-01", to: "2026-03-31" });
    expect(capWindow("1y", "2024-02-29")).toEqual({ from: "2023-03-01", to: "2024-02-29" });
  });

  it("a calendar window is the year, half-year, quarter or month containing the date", () => {
    expect(capWindow("half-year", "2026-08-15")).toEqual({ from: "2026-07-01", to: "2026-12-31" });
    expect(capWindow("quarter", "2026-02-15")).toEqual({ from: "2026-01-01", to: "2026-03-31" });
    expect(capWindow("year", "2026-02-15")).toEqual({ from: "2026-01-01", to: "2026-12-31" });
    expect(capWindow("month", "2024-02-15")).toEqual({ from: "2024-02-01", to: "2024-02-29" });
  });

  it("counts inspections of any kind in the window against the cap", () => {
    const cap = { count: 1, window: "12m" };
    expect(overCap([], cap, "2026-01-01")).toBe(false);
    expect(overCap(["2025-01-01"], cap, "2026-01-01")).toBe(false);
    expect(overCap(["2025-01-02"], cap, "2026-01-01")).toBe(true);
    expect(overCap(["2025-06-01"], { count: 2, window: "12m" }, "2026-01-01")).toBe(false);
    expect(overCap(["2025-06-01"], undefined, "2026-01-01")).toBe(false);
  });
});

describe("inspections by visit", () => {
  const A = "91320803AMN5WJ2P3X";
  const row = (over: Partial<HistoryEntry>): HistoryEntry => ({
    uscc: A,
    date: "2025-09-12",
    department: "市场监管局",
    kind: "joint",
    result: ["none"],
    ...over,
  });

  it("one enterprise's entries on one date are one inspection, its findings first; an entry alone is kept as it is", () => {
    const alone = row({ date: "2025-10-01", kind: "complaint", result: [] });
    const entries = [
      row({}),
      row({ department: "生态环境局", kind: "random", result: ["rectified"] }),
      row({ department: "市场监管局;人社局", result: ["none", "not-published"] }),
      alone,
      row({ uscc: "91320803H5M7NGT02U" }),
    ];
    const merged = {
      uscc: A,
      date: "2025-09-12",
      department: "人社局;市场监管局;生态环境局",
      kind: "joint",
      result: ["not-published", "rectified"],
    };
    expect(visits(entries)).toEqual([merged, alone, entries[4]]);
    expect(visits([...entries].reverse())).toEqual([entries[4], alone, merged]);
    expect(
      visits([row({ result: ["none"] }), row({ department: "人社局", kind: "random", result: [] })]),
    ).toEqual([
      { uscc: A, date: "2025-09-12", department: "人社局;市场监管局", kind: "joint", result: ["none"] },
    ]);
  });
  it("any history is its entries grouped by enterprise and date, in the order each visit first appears", () => {
    const entry = fc.record({
      uscc: fc.constantFrom(A, "91320803H5M7NGT02U", "92320803MA1XYZ0Q9B"),
      date: fc.constantFrom("2025-09-12", "2025-10-01", "2026-01-05"),
      department: fc.constantFrom("市场监管局", "人社局", "生态环境局"),
      kind: fc.constantFrom<HistoryEntry["kind"]>("joint", "random", "targeted", "complaint"),
      result: fc.subarray(["none", "rectified", "not-published"]),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 40 }), (entries) => {
        const groups = new Map<string, HistoryEntry[]>();
        for (const e of entries) {
          const key = `${e.uscc} ${e.date}`;
          groups.set(key, [...(groups.get(key) ?? []), e]);
        }
        const expected = [...groups.values()].map((g) => (g.length === 1 ? g[0] : visits(g)));
        for (const v of expected) if (Array.isArray(v)) expect(v).toHaveLength(1);
        expect(visits(entries)).toEqual(expected.flat());
      }),
    );
  });
});

describe("periods", () => {
  it("today is the date on the machine's clock in its time zone: in Beijing at 01:30 on 1 April, 1 April, not UTC's 31 March", () => {
    const saved = process.env.TZ;
    process.env.TZ = "Asia/Shanghai";
    try {
      expect(today(new Date("2026-03-31T17:30:00Z"))).toBe("2026-04-01");
      expect(today(new Date("2026-03-31T15:59:59Z"))).toBe("2026-03-31");
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it("parses every period form", () => {
    expect(parsePeriod("2026")).toMatchObject({ start: "2026-01-01", end: "2026-12-31", cadence: "year" });
    expect(parsePeriod("2026-H2")).toMatchObject({
      start: "2026-07-01",
      end: "2026-12-31",
      cadence: "half-year",
    });
    expect(parsePeriod("2024-Q1")).toMatchObject({
      start: "2024-01-01",
      end: "2024-03-31",
      cadence: "quarter",
    });
    expect(parsePeriod("2024-02")).toMatchObject({
      start: "2024-02-01",
      end: "2024-02-29",
      cadence: "month",
    });
    expect(parsePeriod("2026-H3")).toBeUndefined();
    expect(parsePeriod("2026-13")).toBeUndefined();
    expect(periodContaining("2026-05-05", "half-year").label).toBe("2026-H1");
  });
});
