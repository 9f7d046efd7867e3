import { createHash } from "node:crypto";
import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import { isValidUscc, UsccMaker } from "../../engine/data/uscc.js";
import {
  type DistrictSpec,
  generateDistrict,
  generateDistrictColumns,
  HUAIAN_LIKE,
  MadeCodes,
  weightedPicker,
} from "../../engine/synthetic.js";
import { districtPopulation, makePopulation } from "../../simulator/population.js";

describe("the synthetic district", () => {
  it("depends only on its spec and seed: the same district as every earlier version made", () => {
    // The demo, the simulator's scenarios and the benchmarks are all made from these districts: a
    // faster generator must make the same enterprises, inspectors and conflicts, in the same order.
    // Individual businesses' operators, named since, take no random number: the district without
    // them is the one pinned. (Its grades' day, gradedOn, moved from 2025-12-01 to 2025-12-31 since,
    // a constant: see demo-past.ts.)
    const d = generateDistrict(HUAIAN_LIKE, "pinned", 2000);
    const withoutOperators = { ...d, enterprises: d.enterprises.map(({ operator: _, ...e }) => e) };
    const digest = createHash("sha256").update(JSON.stringify(withoutOperators)).digest("hex");
    expect(digest).toBe("26f2bb82376dcea024100f8001f0a3b1a61a6132d7a447b26cba2682462e6356");
    expect(generateDistrict(HUAIAN_LIKE, "another", 2000)).not.toEqual(d);
  });

  it("picks by weight, and never an item of weight 0, even where rounding leaves the running sum short of the number drawn", () => {
    const items = ["a", "b", "c", "none"];
    // a / 97, b / 89, c / 83 subtracted from just under their sum leave it at or above 0.
    const weights = [1 / 97, 2 / 89, 43 / 83, 0];
    const pick = weightedPicker(items, (x) => weights[items.indexOf(x)]);
    expect(pick(() => 1 - 2 ** -53)).toBe("c");
    expect(pick(() => 0)).toBe("a");
    expect(pick(() => 0.5)).toBe("c");
    const none = weightedPicker(items, () => 0);
    expect(none(() => 0.5)).toBe("none");
  });

  it("made without names (for a simulation) is the same district, names aside", () => {
    const named = generateDistrict(HUAIAN_LIKE, "pinned", 2000);
    const unnamed = generateDistrict(HUAIAN_LIKE, "pinned", 2000, { names: false });
    expect(unnamed.enterprises.every((e) => e.name === "")).toBe(true);
    expect(unnamed.enterprises).toEqual(
      named.enterprises.map(({ operator: _, ...e }) => ({ ...e, name: "" })),
    );
    expect(unnamed.inspectors).toEqual(named.inspectors);
    expect(unnamed.conflicts).toEqual(named.conflicts);
  });

  it("made in columns for a simulation is the population made of its enterprises, without an object per enterprise", () => {
    // A spec of its own: grades written in another order, more regions than 16 bits count, and another industry.
    const spec: DistrictSpec = {
      ...HUAIAN_LIKE,
      grades: { ungraded: 0.1, D: 0.1, C: 0.2, B: 0.3, A: 0.3 },
      regions: Array.from({ length: 70_000 }, (_, i) => `街道${i}`),
      industries: [
        ...HUAIAN_LIKE.industries,
        { name: "燃气供应业", share: 0.2, key: true, departments: ["应急管理局", "市场监管局"] },
      ],
    };
    const { enterprises } = generateDistrict(spec, "columns", 5000, { names: false });
    const columns = generateDistrictColumns(spec, "columns", 5000);
    const made = makePopulation(enterprises, 700, 8, ["street"]);
    const fromColumns = districtPopulation(columns, 700, 8, ["street"]);
    expect(fromColumns).toEqual(made);
    // Regions past the 65,536th are drawn (some 6% of 5,000), not wrapped round.
    expect(made.region.filter((r) => Number(r?.slice(2)) >= 65_536).length).toBeGreaterThan(200);
    // Each industry's enterprises share one list, as the generated enterprises do.
    const lists = new Set(fromColumns.departments);
    expect(lists.size).toBe(spec.industries.length);
    expect(new Set(made.departments).size).toBe(spec.industries.length);
    expect(new Set(fromColumns.grade.subarray(0, 5000))).toEqual(new Set([0, 1, 2, 3, 4]));
  });

  it("has valid, distinct codes and the spec's mix of grades", () => {
    const { enterprises } = generateDistrict(HUAIAN_LIKE, "mix", 20_000);
    expect(enterprises.every((e) => isValidUscc(e.uscc))).toBe(true);
    expect(new Set(enterprises.map((e) => e.uscc)).size).toBe(20_000);
    const share = (g: string | null) => enterprises.filter((e) => e.grade === g).length / enterprises.length;
    expect(share("A")).toBeCloseTo(HUAIAN_LIKE.grades.A, 1);
    expect(share("B")).toBeCloseTo(HUAIAN_LIKE.grades.B, 1);
    expect(share(null)).toBeCloseTo(HUAIAN_LIKE.grades.ungraded, 1);
  });

  it("tells a code made again from a new one as a set of the code strings does, by its body before the code is made, for firms and individual businesses alike", () => {
    // Random numbers from a few values only, so that codes are made again and again.
    const rough = seedrandom("repeats");
    const random = () => Math.floor(rough() * 3) / 3;
    const made = new MadeCodes(100);
    const oracle = new Set<string>();
    const body = new Uint8Array(8);
    let again = 0;
    for (let i = 0; i < 20_000; i++) {
      const individual = rough() < 0.5;
      const maker = UsccMaker.of("320803", individual ? "92" : "91");
      maker.draw(i % 7 === 0 ? rough : random, body);
      const code = maker.code(body);
      const fresh = !oracle.has(code);
      oracle.add(code);
      if (!fresh) again++;
      expect(made.addBody(individual, body), code).toBe(fresh);
    }
    expect(again).toBeGreaterThan(5_000);
    expect(oracle.size).toBeGreaterThan(2_000);
  });

  it("names each individual business's operator, whose name its trade name holds, and no firm's", () => {
    const { enterprises } = generateDistrict(HUAIAN_LIKE, "operators", 5000);
    const individual = enterprises.filter((e) => e.uscc.startsWith("92"));
    expect(individual.length).toBeGreaterThan(100);
    expect(individual.every((e) => e.operator !== undefined && e.name.includes(e.operator))).toBe(true);
    expect(enterprises.filter((e) => !e.uscc.startsWith("92")).some((e) => e.operator !== undefined)).toBe(
      false,
    );
  });
});
