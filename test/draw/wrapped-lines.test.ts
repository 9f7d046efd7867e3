import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { wrappedLines } from "../../engine/wrapped-lines.js";

describe("the lines of a wrapped cell", () => {
  it("counts the lines of a wrapped cell as Excel wraps it: at spaces and between Chinese characters, a code kept whole on a line where it fits", () => {
    // Width 10 leaves room for 9.5 digits (less the cell's margins): four Chinese characters (2.1 each), not five.
    expect(wrappedLines("", 10)).toBe(1);
    expect(wrappedLines("淮安市", 10)).toBe(1);
    expect(wrappedLines("淮安市清河", 10)).toBe(2);
    expect(wrappedLines("淮安市清河食品有限公司", 10)).toBe(3);
    // A code that does not fit after the text before it goes whole to the next line.
    expect(wrappedLines("监督检查 SC-GS", 10)).toBe(2);
    expect(wrappedLines("检 SC-GS", 10)).toBe(1);
    // A run longer than a line is broken within it; a line end starts a line.
    expect(wrappedLines("A".repeat(20), 10)).toBe(3);
    expect(wrappedLines("甲\n乙", 10)).toBe(2);
    // Never fewer lines than its text's width over the column's room (a space taking none), whatever the text.
    const unit = (ch: string) => (ch === " " ? 0 : "企业；".includes(ch) ? 2.1 : 1);
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("企", "业", "；", "A", "-", " ") }),
        fc.integer({ min: 2, max: 60 }),
        (text, width) => {
          const units = [...text].reduce((w, ch) => w + unit(ch), 0);
          expect(wrappedLines(text, width)).toBeGreaterThanOrEqual(Math.ceil(units / (width - 0.5) - 1e-9));
        },
      ),
    );
  });
});
