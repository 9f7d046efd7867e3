import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkUscc,
  isValidUscc,
  makeUscc,
  USCC_ALPHABET,
  usccCheckChar,
  usccFault,
} from "../../engine/data/uscc.js";

describe("the unified social credit code (GB 32100-2015)", () => {
  it("accepts known valid codes", () => {
    for (const c of ["91110108551385082Q", "91110000600037341L", "91310000631696382C"])
      expect(checkUscc(c)).toEqual({ code: c, normalised: false });
  });

  it("normalises lower case and surrounding spaces, and says so", () => {
    expect(checkUscc(" 91310000631696382c ")).toEqual({ code: "91310000631696382C", normalised: true });
  });

  it.each([
    ["9131000063169638", "wrong length: 16 characters, expected 18"],
    ["91310000631696382CC", "wrong length: 19 characters, expected 18"],
    // A name or a note where the code belongs.
    [
      "淮安市恒通机械有限公司",
      "Chinese text, not a code (a name, or a note?): write the enterprise's 18-character code",
    ],
    // Of a code's 18 characters too.
    [
      "淮安市恒通精密机械制造股份有限公司淮",
      "Chinese text, not a code (a name, or a note?): write the enterprise's 18-character code",
    ],
    // The registration number (注册号) the code replaced in 2015.
    [
      "320803000123456",
      "a 15-digit registration number (注册号) of before 2015, not the 18-character code that replaced it: write the enterprise's code (its licence, or the national enterprise credit information publicity system, gives it)",
    ],
    ["9131000063169638IC", "bad character 'I' at position 17 (I, O, Z, S, V and symbols are not used)"],
    ["91310000631696-82C", "bad character '-' at position 15 (I, O, Z, S, V and symbols are not used)"],
    ["B1310000631696382C", "unknown registration authority code 'B' at position 1"],
    ["94310000631696382C", "entity type '4' at position 2 is not valid for authority '9'"],
    ["91990000631696382C", "region code '990000' at positions 3-8 is not a valid administrative division"],
    ["91310000631696372C", "organisation-code check character at position 17 should be 4, not 2"],
    ["91310000631696382D", "check character should be C, not D"],
  ])("rejects %s: %s", (code, reason) => {
    expect(checkUscc(code).fault?.en).toBe(reason);
  });

  it("a letter typed for the digit it looks like (O for 0, I for 1, Z for 2, S for 5) is told the valid code meant, and only where the code is then valid", () => {
    const valid = "913208033E09P7LM0N";
    expect(isValidUscc(valid)).toBe(true);
    expect(usccFault("913208033E09P7LMON")?.en).toBe(
      `bad character 'O' at position 17 (I, O, Z, S, V and symbols are not used): the letter O for the digit 0? ${valid} is a valid code`,
    );
    expect(usccFault("913208033E09P7LMON")?.zh).toMatch(
      /：是否把数字 0 写成了字母 O？913208033E09P7LM0N 是有效代码$/,
    );
    // Every look-alike of a generated code's digits, put back, gives the code.
    fc.assert(
      fc.property(validCode, (code) => {
        const typed = code.replace(/[0125]/g, (d) => ({ "0": "O", "1": "I", "2": "Z", "5": "S" })[d] ?? d);
        if (typed === code) return;
        expect(usccFault(typed)?.en).toContain(`? ${code} is a valid code`);
      }),
    );
    // Nothing meant where putting the digits back gives no valid code.
    expect(usccFault("9131000063169638IC")?.en).toBe(
      "bad character 'I' at position 17 (I, O, Z, S, V and symbols are not used)",
    );
  });

  it("a code typed in groups (spaces or dashes inside), or with a note or its heading beside it, is told the valid code it holds", () => {
    const valid = "913208033E09P7LM0N";
    for (const typed of ["9132 0803 3E09 P7LM 0N", "91320803-3E09P7LM0-N", "913208033E09P7LM0N 0"]) {
      const said = usccFault(typed)?.en;
      expect(said).toBe(
        typed.endsWith(" 0")
          ? "wrong length: 20 characters, expected 18"
          : `${typed.length} characters, with spaces or dashes inside? Without them, ${valid} is a valid code`,
      );
    }
    expect(usccFault(`${valid}(总公司)`)?.en).toBe(
      `${valid} with text beside it: write the code alone in the cell, and any note in another column`,
    );
    expect(usccFault(`统一社会信用代码:${valid}`)?.zh).toBe(
      `${valid} 旁边有其他文字：单元格中只填写代码，备注请另列填写`,
    );
    // Two codes in one cell are neither: no code is told.
    expect(usccFault(`${valid} 91310000631696382C`)?.en).toBe("wrong length: 37 characters, expected 18");
    // Every generated code, in groups of four.
    fc.assert(
      fc.property(validCode, (code) => {
        expect(usccFault(code.replace(/(.{4})(?=.)/g, "$1 "))?.en).toContain(
          `Without them, ${code} is a valid code`,
        );
      }),
    );
  });

  it("gives reasons in Chinese too", () => {
    expect(checkUscc("91310000631696382D").fault?.zh).toBe("校验码应为 C，而不是 D");
  });

  const validCode = fc
    .tuple(
      fc.constantFrom("91", "92", "93", "51", "52", "12", "Y1"),
      fc.constantFrom("320803", "110108", "310000", "440300"),
      fc.infiniteStream(fc.double({ min: 0, max: 0.999999, noNaN: true })),
    )
    .map(([entity, region, stream]) => {
      const it = stream[Symbol.iterator]();
      return makeUscc(() => it.next().value as number, region, entity);
    });

  it("the generator gives the code of its random characters: the body, then both check characters of the standard", () => {
    // The same construction written plainly: a seeded district's codes must not change with the generator's speed-ups.
    const plainly = (random: () => number, region: string, entity: string) => {
      let body = "";
      for (let i = 0; i < 8; i++) body += USCC_ALPHABET[Math.floor(random() * USCC_ALPHABET.length)];
      const weights = [3, 7, 9, 10, 5, 8, 4, 2];
      const org = body.split("").reduce((s, c, i) => s + Number.parseInt(c, 36) * weights[i], 0);
      const r = 11 - (org % 11);
      const first17 = `${entity}${region}${body}${r === 11 ? "0" : r === 10 ? "X" : String(r)}`;
      let sum = 0;
      for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(first17[i]) * 3 ** i;
      return first17 + USCC_ALPHABET[(31 - (sum % 31)) % 31];
    };
    fc.assert(
      fc.property(
        fc.constantFrom("91", "92", "93", "12", "Y1"),
        fc.constantFrom("320803", "110108", "440300"),
        fc.array(fc.double({ min: 0, max: 0.999999, noNaN: true }), { minLength: 8, maxLength: 8 }),
        (entity, region, draws) => {
          const from = (xs: number[]) => {
            let k = 0;
            return () => xs[k++];
          };
          expect(makeUscc(from(draws), region, entity)).toBe(plainly(from(draws), region, entity));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("the generator refuses an authority and type other than 2 characters, or a region other than 6", () => {
    expect(() => makeUscc(() => 0.5, "3208", "91")).toThrow(RangeError);
    expect(() => makeUscc(() => 0.5, "320803", "9")).toThrow(RangeError);
  });

  it("any code produced by the generator of valid codes validates", () => {
    fc.assert(
      fc.property(validCode, (code) => isValidUscc(code)),
      { numRuns: 2000 },
    );
  });

  it("a code as written is valid exactly when it breaks no rule of the standard, whichever rule a change breaks", () => {
    // Check characters made for any authority, type and region, so that those rules are met or broken alone.
    const anyChar = fc.constantFrom(..."0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-a 中");
    const anyCode = fc
      .tuple(
        fc.oneof(
          fc.constantFrom("91", "92", "93", "12", "Y1", "N3", "A9"),
          fc.tuple(anyChar, anyChar).map(([a, b]) => a + b),
        ),
        fc.oneof(
          fc.constantFrom("320803", "110108", "100000", "820000", "090000", "300000"),
          fc.stringMatching(/^[0-9A-Z]{6}$/),
        ),
        fc.array(fc.double({ min: 0, max: 0.999999, noNaN: true }), { minLength: 8, maxLength: 8 }),
        fc.oneof(fc.constant([]), fc.array(fc.tuple(fc.nat(19), anyChar), { maxLength: 2 })),
        fc.boolean(),
      )
      .map(([entity, region, draws, changes, reseal]) => {
        let k = 0;
        let code = makeUscc(() => draws[k++], region, entity);
        for (const [pos, c] of changes) code = code.slice(0, pos) + c + code.slice(pos + 1);
        // The last check character made again, so that a change breaks only the rules before it.
        const first17 = code.slice(0, 17);
        if (reseal && [...first17].every((c) => USCC_ALPHABET.includes(c)))
          code = first17 + usccCheckChar(first17) + code.slice(18);
        return code;
      });
    let valid = 0;
    fc.assert(
      fc.property(anyCode, (code) => {
        const clean = usccFault(code) === undefined;
        if (clean) valid++;
        expect(isValidUscc(code)).toBe(clean);
        expect(checkUscc(code).fault === undefined && !checkUscc(code).normalised).toBe(clean);
      }),
      { numRuns: 20_000 },
    );
    expect(valid).toBeGreaterThan(100);
  });

  it("any single-character change of a valid code fails", () => {
    fc.assert(
      fc.property(validCode, fc.nat(17), fc.nat(USCC_ALPHABET.length - 1), (code, pos, k) => {
        const replacement = USCC_ALPHABET[k];
        fc.pre(replacement !== code[pos]);
        const changed = code.slice(0, pos) + replacement + code.slice(pos + 1);
        return checkUscc(changed).fault !== undefined;
      }),
      { numRuns: 5000 },
    );
  });
});
