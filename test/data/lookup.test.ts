import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { enterprisesMeant, oneSlip } from "../../engine/data/lookup.js";
import { editDistance } from "../../engine/policy/vocabulary.js";

const firms = [
  { uscc: "91320803H5M7NGT02U", name: "淮安市清河食品有限公司" },
  { uscc: "92320803ENL7A3038T", name: "淮安区瑞丰农业（个体工商户）" },
];

describe("the enterprises a code typed by hand most likely means", () => {
  it("one slip is one character wrong, left out or added, or two neighbours swapped; nothing else", () => {
    const code = "92320803ENL7A3038T";
    expect(oneSlip("92320803ENL7A3O38T", code)).toBe(true);
    expect(oneSlip("92320803ENL7A3038", code)).toBe(true);
    expect(oneSlip("92320803ENL7A30388T", code)).toBe(true);
    expect(oneSlip("92320803ENL7A3083T", code)).toBe(true);
    expect(oneSlip(code, code)).toBe(false);
    expect(oneSlip("92320803ENL7A3083X", code)).toBe(false);
    expect(oneSlip("2320803ENL7A3038T9", code)).toBe(false);
  });

  it("one slip is an edit distance of one, as the misspelt names of a policy count it, for any two texts", () => {
    const text = fc.string({ unit: fc.constantFrom("A", "B", "C", "1", "2"), maxLength: 8 });
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(oneSlip(a, b)).toBe(editDistance(a, b) === 1);
      }),
      { numRuns: 5000 },
    );
  });

  it("Chinese text is looked for in the names; other text as a code, as typed with full-width characters, spaces or lower case", () => {
    expect(enterprisesMeant("瑞丰 农业", firms).map((e) => e.uscc)).toEqual(["92320803ENL7A3038T"]);
    expect(enterprisesMeant("淮安", firms)).toHaveLength(2);
    expect(enterprisesMeant(" ９２３２０８０３enl7a3038 ", firms).map((e) => e.uscc)).toEqual([
      "92320803ENL7A3038T",
    ]);
    expect(enterprisesMeant("9132", firms)).toEqual([]);
    expect(enterprisesMeant("", firms)).toEqual([]);
  });
});
