import { createReadStream, rmSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { byteLines } from "../../engine/data/byte-lines.js";
import { readEnterprises } from "../../engine/data/read.js";
import { fileBytes } from "../../engine/data/utf8-bytes.js";
import { firstProblem } from "../helpers/problems.js";
import { tmp } from "../helpers/tmp.js";

async function viaReadline(file: string): Promise<string[]> {
  const out: string[] = [];
  const rl = createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of rl) out.push(line);
  return out;
}

async function viaBytes(file: string, piece: number): Promise<string[]> {
  const out: string[] = [];
  for await (const lines of byteLines(fileBytes(file), 1 << 20, piece)) out.push(...lines);
  return out;
}

describe("the lines of a file read a piece at a time", () => {
  it("are the lines readline gives, whatever the line ends (LF, CRLF, CR) and wherever the pieces cut a line end or a character", async () => {
    const dir = tmp();
    let n = 0;
    const text = fc.string({
      unit: fc.constantFrom("a", "{", '"', "中", "😀", "\n", "\r", "\r\n", " "),
      maxLength: 60,
    });
    await fc.assert(
      fc.asyncProperty(text, fc.integer({ min: 1, max: 9 }), async (t, piece) => {
        const file = join(dir, `l${n++}.ndjson`);
        writeFileSync(file, t);
        expect(await viaBytes(file, piece)).toEqual(await viaReadline(file));
      }),
      { numRuns: 400 },
    );
    rmSync(dir, { recursive: true });
  });

  it("an NDJSON line too long to be a record is refused at its line before it is gathered whole, not a crash in readline", async () => {
    // A sparse file of 600 MB with no line end: readline's line grew past V8's string limit.
    const file = join(tmp(), "big.ndjson");
    writeFileSync(file, '{"uscc":"91110108551385082Q"}\n{"uscc":"');
    truncateSync(file, 600 * 2 ** 20);
    const problem = await firstProblem(readEnterprises(file));
    expect(problem).toMatchObject({
      line: 2,
      col: 1,
      message: "NDJSON: line longer than 1000000 characters",
    });
    rmSync(file);
  });
});
