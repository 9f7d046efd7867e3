import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareTextFile } from "../../engine/draw/verify-text.js";
import { tmp } from "../helpers/tmp.js";

/**
 * What verify said of a result list read whole, before it compared them a line at a time: the
 * rule the streamed comparison keeps. Both texts without their BOM and with LF line ends: equal,
 * the file was converted on its way; else the first line where `split("\n")` differs.
 */
function wholeTexts(name: string, recorded: string, derived: string): string | undefined {
  if (recorded === derived) return undefined;
  const plain = (text: string) => text.replace(/^\uFEFF/, "").replace(/\r\n/g, "\n");
  const [r, d] = [plain(recorded), plain(derived)];
  if (r === d) {
    const bom = (text: string) => text.startsWith("\uFEFF");
    const ways = [
      recorded.replace(/^\uFEFF/, "") !== derived.replace(/^\uFEFF/, "") &&
        "line endings (LF where the draw writes CRLF)",
      bom(recorded) !== bom(derived) && "byte-order mark (BOM, which the draw writes for Excel)",
    ].filter((w) => w !== false);
    return `${name} differs from the derived draw only in its ${ways.join(" and ")}: the file was converted on its way (by git, a text tool or an editor); its rows are the draw's`;
  }
  const [a, b] = [r.split("\n"), d.split("\n")];
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return `${name} differs from the derived draw at line ${i + 1}`;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** A text cut into pieces at the given places (as a generator of result lines hands it on). */
function piecesOf(text: string, cuts: readonly number[]): string[] {
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((x, y) => x - y);
  return [0, ...at].map((from, i) => text.slice(from, at[i] ?? text.length));
}

describe("verify compares a result list a line at a time", () => {
  it("says what reading both texts whole said (the line where they differ, or that the file was only converted), whatever pieces the derived text comes in, and hashes it whole", () => {
    const dir = tmp();
    const text = fc
      .array(fc.constantFrom("a", "b", "\r", "\n", "\r\n", "\uFEFF", "中", ","), { maxLength: 30 })
      .map((parts) => parts.join(""));
    // The file: the derived text, or that text converted (LF, the BOM dropped or added), edited, or another.
    const file = (derived: string) =>
      fc.oneof(
        fc.constant(derived),
        fc.constant(derived.replace(/\r\n/g, "\n")),
        fc.constant(derived.replace(/^\uFEFF/, "")),
        fc.constant(`\uFEFF${derived}`),
        fc.constant(derived.replace(/\r\n/g, "\n").replace(/^\uFEFF/, "")),
        fc.tuple(fc.nat(), text).map(([at, s]) => derived.slice(0, at % (derived.length + 1)) + s),
        text,
      );
    const cases = fc
      .tuple(
        text.map((t) => `\uFEFF${t}`),
        text,
      )
      .chain(([bom, plain]) => fc.constantFrom(bom, plain))
      .chain((derived) =>
        fc.tuple(fc.constant(derived), file(derived), fc.array(fc.nat(), { maxLength: 6 })),
      );
    let n = 0;
    fc.assert(
      fc.property(cases, ([derived, recorded, cuts]) => {
        const f = join(dir, `list-${n++}.csv`);
        writeFileSync(f, recorded);
        const said = compareTextFile("selected.csv", f, piecesOf(derived, cuts), "en");
        expect(said.difference).toBe(wholeTexts("selected.csv", recorded, derived));
        expect(said.sha256).toBe(sha256(derived));
      }),
      { numRuns: 2000 },
    );
  });

  it("reads the file in pieces: a list of some 3 MB of Chinese verifies, converted it is said to be, and an edit past its first megabytes is named at its line", () => {
    const lines = Array.from(
      { length: 40_000 },
      (_, i) => `9132080${String(i).padStart(11, "0")},淮安市第${i}食品销售有限公司,B,general,general-b\r\n`,
    );
    const derived = `\uFEFFuscc,name,grade,category,treatment\r\n${lines.join("")}`;
    expect(Buffer.byteLength(derived)).toBeGreaterThan(3 * 2 ** 20);
    const f = join(tmp(), "selected.csv");
    const check = (recorded: string) => {
      writeFileSync(f, recorded);
      const said = compareTextFile(
        "selected.csv",
        f,
        ["\uFEFFuscc,name,grade,category,treatment\r\n", ...lines],
        "en",
      );
      expect(said.sha256).toBe(sha256(derived));
      expect(said.difference).toBe(wholeTexts("selected.csv", recorded, derived));
      return said.difference;
    };
    expect(check(derived)).toBeUndefined();
    expect(check(derived.replace(/\r\n/g, "\n"))).toMatch(/only in its line endings/);
    expect(check(derived.replace("淮安市第30000食品", "淮安市第30000食物"))).toBe(
      "selected.csv differs from the derived draw at line 30002",
    );
    // Cut before its last line end: split gives no empty last line, which the derived text has.
    expect(check(derived.slice(0, -2))).toBe("selected.csv differs from the derived draw at line 40002");
  });

  it("says a file that is not there is missing, and one that cannot be read why, and hashes the derived text all the same", () => {
    const dir = tmp();
    expect(compareTextFile("selected.csv", join(dir, "none.csv"), ["a\r\n"], "zh")).toEqual({
      sha256: sha256("a\r\n"),
      difference: "缺少 selected.csv",
    });
    expect(compareTextFile("selected.csv", dir, ["a\r\n"], "en")).toEqual({
      sha256: sha256("a\r\n"),
      difference: "selected.csv cannot be read: this is a folder, not a file",
    });
  });
});
