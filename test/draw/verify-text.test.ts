import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import iconv from "iconv-lite";
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
  // Past the header, two rows of the header's cells (the texts here have no quotes): the first cell that differs.
  const cells = [b[0], a[i], b[i]].map((line) => line?.split(","));
  const [names, mine, its] = cells;
  if (i > 0 && mine && its && mine.length === names.length && its.length === names.length) {
    const at = mine.findIndex((cell, k) => cell !== its[k]);
    return `${name} differs from the derived draw at line ${i + 1}, column ${names[at]}: ${JSON.stringify(mine[at])} recorded, ${JSON.stringify(its[at])} derived`;
  }
  return `${name} differs from the derived draw at line ${i + 1}`;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** A text cut into pieces at the given places (as a generator of result lines hands it on). */
function piecesOf(text: string, cuts: readonly number[]): string[] {
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((x, y) => x - y);
  return [0, ...at].map((from, i) => text.slice(from, at[i] ?? text.length));
}

/**
 * What verify says of a selected.csv (uscc, name, grade) whose one row is `row` as derived, and as
 * recorded the row given: the difference, in the language given.
 */
function saidOf(row: string) {
  const f = join(tmp(), "selected.csv");
  const header = "uscc,name,grade\r\n";
  return (recorded: string, lang: "en" | "zh" = "en") => {
    writeFileSync(f, `\uFEFF${header}${recorded}`);
    return compareTextFile("selected.csv", f, [`\uFEFF${header}`, row], lang).difference;
  };
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
      'selected.csv differs from the derived draw at line 30002, column name: "淮安市第30000食物销售有限公司" recorded, "淮安市第30000食品销售有限公司" derived',
    );
    // Cut before its last line end: split gives no empty last line, which the derived text has.
    expect(check(derived.slice(0, -2))).toBe("selected.csv differs from the derived draw at line 40002");
  });

  it("names the column and both cells of a row that differs, reading quoted cells as the draw writes them, and only the line where the row is not one of the header's", () => {
    const row = '91320803AMN5WJ2P3X,"淮安市""好味"",食品有限公司",B\r\n';
    const said = saidOf(row);
    expect(said(row)).toBeUndefined();
    expect(said(row.replace(",B", ",A"))).toBe(
      'selected.csv differs from the derived draw at line 2, column grade: "A" recorded, "B" derived',
    );
    expect(said(row.replace("好味", "美味"), "zh")).toBe(
      'selected.csv 第 2 行 name 列与重新推导的结果不同：记录为 "淮安市\\"美味\\",食品有限公司"，重新推导为 "淮安市\\"好味\\",食品有限公司"',
    );
    // A long cell is cut in the message, at 59 characters and an ellipsis.
    expect(said(row.replace("好味", "好".repeat(100)))).toMatch(/column name: "淮安市\\"好{55}…" recorded/);
    // A cell lost (or a quote broken): not a row of the header, so the line alone.
    expect(said(row.replace(",B", ""))).toBe("selected.csv differs from the derived draw at line 2");
    expect(said(row.replace('""好味""', '"好味"'))).toBe(
      "selected.csv differs from the derived draw at line 2",
    );
  });

  it("a row as a spreadsheet program saving the file writes it (numbers cut to 15 digits, TRUE for true, GBK) is said to be so, and verified as the draw wrote it; an edit besides is said as an edit", () => {
    const f = join(tmp(), "selected.csv");
    const header = "uscc,name,joint,ticket\r\n";
    const row =
      "91320803AMN5WJ2P3X,淮安市金鼎建材有限公司,false,0.01543884626959853744418768439992596701555390657704452695271544409681392338311\r\n";
    const said = (recorded: Buffer, lang: "en" | "zh" = "en") => {
      writeFileSync(f, Buffer.concat([Buffer.from(header), recorded]));
      return compareTextFile("selected.csv", f, [header, row], lang).difference;
    };
    const excel = row.replace("false", "FALSE").replace(/0\.0154\d+/, "0.0154388462695985");
    const advice =
      "verify the file as the draw wrote it (a spreadsheet should open a copy of it, never save over it)";
    expect(said(Buffer.from(excel))).toBe(
      `selected.csv differs from the derived draw at line 2, column joint ("FALSE" recorded, "false" derived), as a spreadsheet program (Excel, WPS) saving it writes the draw's row: true and false written TRUE and FALSE, numbers cut to 15 digits; ${advice}`,
    );
    // The plain CSV of a Chinese Windows: in GBK, whose text read as UTF-8 is not shown.
    expect(said(iconv.encode(excel, "gb18030"))).toBe(
      `selected.csv differs from the derived draw at line 2, column name, as a spreadsheet program (Excel, WPS) saving it writes the draw's row: Chinese text saved in GBK, true and false written TRUE and FALSE, numbers cut to 15 digits; ${advice}`,
    );
    expect(said(Buffer.from(excel), "zh")).toBe(
      'selected.csv 第 2 行 joint 列与重新推导的结果不同（记录为 "FALSE"，重新推导为 "false"），与电子表格程序（Excel、WPS）另存抽取结果时的写法相同：true、false 写成 TRUE、FALSE，数字只保留 15 位有效数字；请核对抽取写出的原文件（用电子表格程序只打开其副本，不要保存覆盖）',
    );
    // A ticket changed beyond its 15th digit is no spreadsheet's doing; nor is a grade changed beside it.
    expect(said(Buffer.from(row.replace(/0\.0154\d+/, "0.0154388462695986")))).toBe(
      'selected.csv differs from the derived draw at line 2, column ticket: "0.0154388462695986" recorded, "0.015438846269598537444187684399925967015553906577044526952…" derived',
    );
    expect(said(Buffer.from(excel.replace("金鼎", "金顶")))).toBe(
      'selected.csv differs from the derived draw at line 2, column name: "淮安市金顶建材有限公司" recorded, "淮安市金鼎建材有限公司" derived',
    );
  });

  it("says a natural person's name masked, as the list publishes it (SPEC §8), and where masked the names are the same, only that they differ", () => {
    const row = "92320803MA1XYZ0000,张*（个体工商户）,B\r\n";
    const said = saidOf(row);
    // Written over in full by hand: said masked.
    expect(said(row.replace("张*", "李四"))).toBe(
      'selected.csv differs from the derived draw at line 2, column name: "李*（个体工商户）" recorded, "张*（个体工商户）" derived',
    );
    expect(said(row.replace("张*", "张三"), "zh")).toBe(
      "selected.csv 第 2 行 name 列与重新推导的结果不同：自然人姓名（不予显示）与重新推导的不同",
    );
    // A trade name whose operator's name the list masks, written out in full: not shown either.
    const trade = saidOf("92320803MA1XYZ0000,淮安区张*商店（个体工商户）,B\r\n");
    expect(trade("92320803MA1XYZ0000,淮安区张伟商店（个体工商户）,B\r\n")).toBe(
      "selected.csv differs from the derived draw at line 2, column name: a natural person's name, not shown, differs from the derived one",
    );
    // A company's name, or another column, is said as it is.
    expect(said(row.replace("张*（个体工商户）", "淮安市好味食品有限公司"))).toBe(
      'selected.csv differs from the derived draw at line 2, column name: "淮安市好味食品有限公司" recorded, "张*（个体工商户）" derived',
    );
    expect(said(row.replace(",B", ",A"))).toBe(
      'selected.csv differs from the derived draw at line 2, column grade: "A" recorded, "B" derived',
    );
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
