import { rmSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ArrayElement, ArrayScanner } from "../../engine/data/json-array.js";
import { jsonRows } from "../../engine/data/json-rows.js";
import { readEnterprises } from "../../engine/data/read.js";
import { cleanHeader, type RawRow } from "../../engine/data/rows.js";
import { InputError } from "../../engine/problem.js";
import { firstProblem } from "../helpers/problems.js";
import { tmp, tmpFile } from "../helpers/tmp.js";

/** Text whose strings hold every character the scanner looks at, escaped or not. */
const text = fc.string({
  unit: fc.constantFrom("a", '"', "\\", "[", "]", "{", "}", ",", "中", "😀", " ", "\n"),
});
const element = fc.oneof(
  fc.dictionary(text, fc.oneof(text, fc.integer(), fc.double(), fc.array(text, { maxLength: 3 }))),
  text,
  fc.integer(),
  fc.constantFrom(true, false, null),
  fc.array(fc.dictionary(text, text), { maxLength: 2 }),
);

/** The bytes cut at the given places (any order, repeats allowed). */
function cut(bytes: Buffer, at: number[]): Buffer[] {
  const places = [...new Set(at.map((a) => a % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let from = 0;
  for (const p of [...places, bytes.length]) {
    pieces.push(bytes.subarray(from, p));
    from = p;
  }
  return pieces;
}

function scan(pieces: Buffer[]): ArrayElement[] {
  const s = new ArrayScanner(1 << 20);
  const out = pieces.flatMap((p) => s.feed(p));
  const last = s.end();
  return last ? [...out, last] : out;
}

/** The line and column of a character position, as a text editor counts them. */
function lineCol(text: string, pos: number): [number, number] {
  const before = text.slice(0, pos);
  return [before.split("\n").length, pos - before.lastIndexOf("\n")];
}

/** A JSON file's rows read in pieces of `piece` bytes, or its problem as [line, col, message]. */
async function read(file: string, piece: number): Promise<RawRow[] | [number, number, string]> {
  const rows: RawRow[] = [];
  try {
    for await (const batch of jsonRows(file, { lang: "en" }, undefined, piece)) rows.push(...batch);
    // A record that is no object is refused with the file's other problems (the reader says them).
    const refused = rows.find((r) => r.refused)?.refused;
    return refused ? [refused.line, refused.col, refused.message] : rows;
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const p = e.problems[0];
    return [p.line, p.col, p.message];
  }
}

describe("a JSON array read a piece at a time", () => {
  it("finds each element of the array, and the line it begins on, however the bytes are cut and whatever its strings hold", () => {
    fc.assert(
      fc.property(
        fc.array(element, { maxLength: 8 }),
        fc.constantFrom(0, 2, "\t"),
        fc.array(fc.nat(), { maxLength: 12 }),
        (array, indent, at) => {
          const json = JSON.stringify(array, null, indent);
          // Each element's own text, found by writing the array up to it: its first line is the one sought.
          const lines = array.map((_, i) => {
            const before = JSON.stringify([...array.slice(0, i), "\u0000"], null, indent);
            return before.slice(0, before.lastIndexOf('"\\u0000"')).split("\n").length;
          });
          const found = scan(cut(Buffer.from(json), at));
          expect(found.map((e) => JSON.parse(e.text))).toEqual(JSON.parse(json));
          expect(found.map((e) => e.line)).toEqual(lines);
          expect(found.map((e) => Buffer.from(json).subarray(e.at).toString().startsWith(e.text))).toEqual(
            array.map(() => true),
          );
        },
      ),
      { numRuns: 400 },
    );
  });

  it("reads what JSON.parse reads, and refuses what it refuses at the same line, column and position", async () => {
    const dir = tmp();
    let n = 0;
    // A JSON array of records with one character taken out, put in or changed, or none.
    const edited = fc
      .tuple(
        fc.array(fc.dictionary(text, fc.oneof(text, fc.integer(), fc.constant(null))), { maxLength: 5 }),
        fc.constantFrom(0, 2),
        fc.nat(),
        fc.constantFrom("", "{", "}", "[", "]", ",", ":", '"', "\\", "x", "1", " ", "\n", "中"),
        fc.constantFrom(0, 1),
        fc.boolean(),
      )
      .map(([records, indent, at, put, drop, bom]) => {
        const json = JSON.stringify(records, null, indent);
        const i = at % (json.length + 1);
        // As a file holds it: a surrogate pair cut in two is U+FFFD there.
        return { text: Buffer.from(json.slice(0, i) + put + json.slice(i + drop)).toString(), bom };
      });
    await fc.assert(
      fc.asyncProperty(edited, fc.constantFrom(4, 7, 64), async ({ text: json, bom }, piece) => {
        const file = join(dir, `e${n++}.json`);
        writeFileSync(file, (bom ? "\uFEFF" : "") + json);
        const got = await read(file, piece);
        let whole: unknown;
        try {
          whole = JSON.parse(json);
        } catch (e) {
          expect(Array.isArray(got) && typeof got[0] === "number").toBe(true);
          const [line, col, message] = got as [number, number, string];
          const at = /position (\d+)/.exec((e as Error).message);
          const ours = /position (\d+)/.exec(message);
          // Where both say the position, it is the same, and so are the line and column.
          if (at && ours) {
            expect(message).toBe(`JSON: ${(e as Error).message.split("\n")[0]}`);
            expect([line, col]).toEqual(lineCol(json, Number(at[1])));
          }
          return;
        }
        const records =
          Array.isArray(whole) && whole.every((r) => r && typeof r === "object" && !Array.isArray(r));
        if (!Array.isArray(whole)) {
          // Followed, for an object, by where its records may be (see arraysInside).
          expect((got as unknown[]).slice(0, 2)).toEqual([1, 1]);
          expect((got as [number, number, string])[2]).toMatch(/^JSON: expected an array of records/);
        } else if (!records)
          expect((got as [number, number, string])[2]).toMatch(/^JSON: record \d+ is not an object$/);
        // Keys as every reader cleans a header (see cleanHeader).
        else
          expect((got as RawRow[]).map((r) => ({ ...r.cells }))).toEqual(
            whole.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [cleanHeader(k), v]))),
          );
      }),
      { numRuns: 400 },
    );
    rmSync(dir, { recursive: true });
  });

  it("a record of a JSON array longer than 1,000,000 characters is refused at its line after the first megabytes of a 513 MB file, which is never one string", async () => {
    // A sparse file of 513 MB: a record opened and never closed, read without being written.
    const file = join(tmp(), "big.json");
    writeFileSync(file, '[\n{"uscc":"');
    truncateSync(file, 2 ** 29 + 2 ** 20);
    const problem = await firstProblem(readEnterprises(file));
    expect(problem).toMatchObject({
      line: 2,
      record: 1,
      message: "JSON: record 1 is longer than 1000000 characters",
    });
    rmSync(file);
  });

  it("a syntax error is named by the line and column where it is, and its position as JSON.parse counts it, in a file of many lines", async () => {
    const file = tmpFile(
      "e.json",
      `\uFEFF[\n  {"uscc": "91110108551385082Q", "name": "中国😀公司", "category": "general"},\n  {"uscc": "x" "category": 1}\n]\n`,
    );
    expect(await read(file, 16)).toEqual([
      3,
      16,
      "JSON: Expected ',' or '}' after property value in JSON at position 92",
    ]);
    expect(await read(tmpFile("e.json", '[{"a":1}\n,\n'), 4)).toEqual([
      3,
      1,
      "JSON: Unexpected end of JSON input",
    ]);
    expect(await read(tmpFile("e.json", '[{"a":1}] {}'), 4)).toEqual([
      1,
      11,
      "JSON: Unexpected non-whitespace character after JSON at position 10",
    ]);
    // A bare value the file ends in: what is missing is missing past it, at the end.
    expect(await read(tmpFile("e.json", '[{"a":1},\n 12'), 4)).toEqual([
      2,
      4,
      "JSON: Expected ',' or ']' after array element in JSON at position 13",
    ]);
  });
});
