import { Readable } from "node:stream";
import { parse } from "csv-parse";
import fc from "fast-check";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import {
  LineParser,
  type LineRecord,
  MAX_RECORD_CHARS,
  simpleRecords,
} from "../../engine/data/csv-records.js";
import { gbField, splitsAsGb } from "../../engine/data/gb-fields.js";
import { readEnterprises } from "../../engine/data/read.js";
import { A, B } from "../helpers/codes.js";
import { problemsOf } from "../helpers/problems.js";
import { tmpFile } from "../helpers/tmp.js";

/** A stream maker of the bytes in chunks of `size` (cut anywhere, inside a character too). */
const inChunks = (bytes: Buffer, size: number) => () =>
  Readable.from(
    Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) =>
      bytes.subarray(i * size, (i + 1) * size),
    ),
  );

/** The options the readers give csv-parse (see csvParse in source.ts). */
const STRICT_CSV = {
  delimiter: ",",
  bom: true,
  skip_empty_lines: true,
  relax_column_count: true,
  relax_quotes: false,
  max_record_size: MAX_RECORD_CHARS,
} as const;

/** Every record a reader gives, then its error's message if it fails. */
async function recordsOf(records: AsyncIterable<LineRecord>): Promise<(LineRecord | string)[]> {
  const out: (LineRecord | string)[] = [];
  try {
    for await (const r of records) out.push(r);
  } catch (e) {
    out.push((e as Error).message);
  }
  return out;
}

/**
 * That the split gave what csv-parse gave: the same error, if any, and the same records. A
 * failing stream drops the records it had not handed on yet, so where csv-parse fails, what both
 * gave before the error must agree.
 */
function expectSameRecords(got: (LineRecord | string)[], expected: (LineRecord | string)[]): void {
  const failure = (out: (LineRecord | string)[]) => out.filter((r) => typeof r === "string");
  const records = (out: (LineRecord | string)[]) => out.filter((r) => typeof r !== "string");
  expect(failure(got)).toEqual(failure(expected));
  const [a, b] = [records(got), records(expected)];
  if (failure(expected).length) expect(a.slice(0, b.length)).toEqual(b.slice(0, a.length));
  else expect(a).toEqual(b);
}

describe("CSV split into records as csv-parse splits it", () => {
  it("names each CSV record by the line csv-parse's info reports, with quoted line breaks, CRLF, empty lines and a BOM, in any chunks", async () => {
    const field = fc.oneof(
      fc.constantFrom("", "a", "企业", "x,y", 'say "hi"', "two\nlines", "cr\r\nlf", " "),
      fc.string({ maxLength: 4 }),
    );
    const quote = (f: string) => (/[",\r\n]/.test(f) || f === "" ? `"${f.replace(/"/g, '""')}"` : f);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(field, field), { minLength: 1, maxLength: 30 }),
        // One line ending per file (csv-parse keeps the first it meets), some lines left empty.
        fc.constantFrom("\n", "\r\n"),
        fc.array(fc.boolean(), { minLength: 31, maxLength: 31 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 40 }),
        async (rows, eol, empty, bom, chunk) => {
          const end = (i: number) => (empty[i] ? eol + eol : eol);
          const text = `${bom ? "\uFEFF" : ""}h1,h2${end(0)}${rows.map((r, i) => r.map(quote).join(",") + end(i + 1)).join("")}`;
          const pieces = inChunks(Buffer.from(text, "utf8"), chunk);
          const options = { bom: true, skip_empty_lines: true, relax_quotes: false };
          const expected: number[] = [];
          for await (const r of pieces().pipe(parse({ ...options, info: true }))) expected.push(r.info.lines);
          const lines: number[] = [];
          for await (const r of pieces().pipe(new LineParser(options)) as AsyncIterable<LineRecord>)
            lines.push(r.lines);
          expect(lines).toEqual(expected);
          expect(lines.length).toBe(rows.length + 1);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("a UTF-8 CSV is split into the records and lines csv-parse gives, quoted fields too, and where it is not simple (a stray quote, a line end in a field, mixed line ends) csv-parse reads on", async () => {
    const field = fc.oneof(
      fc.constantFrom("", "a", "企业", "淮安市恒通批发有限公司", " ", "𠀀", "\uFEFF"),
      fc.string({ unit: "grapheme", maxLength: 5 }).filter((f) => !/[,\r\n"]/.test(f)),
    );
    // A few rows hold a field quoted as Excel quotes one, which the split reads, or what only
    // csv-parse reads: a lone CR, a stray quote, a line end in a quoted field, a character after
    // a closing quote or before an opening one (csv-parse refuses those).
    const quoted = ['"x,y"', '"say ""hi"""', '""', '""""', '"淮安,""恒通"""'];
    const odd = fc.constantFrom(...quoted, "a\rb", 'ab"c', '"open', '"a\nb"', '"a"b', ' "a"', '"a""');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(field, field), { minLength: 1, maxLength: 40 }),
        fc.constantFrom("\n", "\r\n"),
        fc.array(fc.boolean(), { minLength: 41, maxLength: 41 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 50 }),
        fc.option(fc.tuple(fc.nat(40), odd, fc.nat(1)), { freq: 3 }),
        fc.boolean(),
        async (rows, eol, empty, bom, chunk, strange, lastEol) => {
          const cells = rows.map((r) => [...r]);
          if (strange) cells[strange[0] % cells.length][strange[2]] = strange[1];
          const end = (i: number) => (i === cells.length && !lastEol ? "" : empty[i] ? eol + eol : eol);
          const text = `${bom ? "\uFEFF" : ""}h1,h2${end(0)}${cells.map((r, i) => r.join(",") + end(i + 1)).join("")}`;
          const pieces = inChunks(Buffer.from(text, "utf8"), chunk);
          const parsed = () => pieces().pipe(new LineParser(STRICT_CSV)) as AsyncIterable<LineRecord>;
          const expected = await recordsOf(parsed());
          let handedOn = false;
          const got = await recordsOf(
            simpleRecords(pieces(), ",", async function* (given) {
              handedOn = true;
              let k = 0;
              for await (const r of parsed()) if (k++ >= given) yield r;
            }),
          );
          expectSameRecords(got, expected);
          // A simple file is read without csv-parse, quoted fields and all.
          if (!strange || quoted.includes(strange[1])) expect(handedOn).toBe(false);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("a GB18030 or GBK CSV is split into the records and lines csv-parse gives from iconv-lite's text, and where it is not simple (a byte no character starts, a character cut short) csv-parse reads on", async () => {
    // Two-byte characters, four-byte ones (𠀀, the BOM), a private-use one iconv-lite reads where
    // GB18030-2022 has a vertical form (A6D9), quotes and commas.
    const field = fc.oneof(
      fc.constantFrom(
        "",
        "a",
        "企业",
        "淮安市恒通批发有限公司",
        "𠀀",
        "\uFEFF",
        "\uE78D",
        "€",
        '"淮安,恒通"',
        '"a""b"',
      ),
      fc.string({ unit: "grapheme", maxLength: 4 }).filter((f) => !/[,\r\n"]/.test(f)),
    );
    // Bytes no text encodes: a lead byte cut short by the comma after it, a bad second byte, 0xFF.
    const stray = fc.constantFrom([0x81], [0x81, 0x7f], [0xff], [0x81, 0x30, 0x81], [0xb0, 0x20]);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(field, field), { minLength: 1, maxLength: 30 }),
        fc.constantFrom("\n", "\r\n"),
        fc.constantFrom("gb18030", "gbk"),
        fc.integer({ min: 1, max: 50 }),
        fc.option(fc.tuple(fc.nat(30), stray), { freq: 4 }),
        async (rows, eol, encoding, chunk, bad) => {
          const lines = [
            iconv.encode(`h1,h2${eol}`, encoding),
            ...rows.map((r, i) =>
              Buffer.concat([
                iconv.encode(r[0], encoding),
                ...(bad && bad[0] % rows.length === i ? [Buffer.from(bad[1])] : []),
                iconv.encode(`,${r[1]}${eol}`, encoding),
              ]),
            ),
          ];
          const pieces = inChunks(Buffer.concat(lines), chunk);
          // The file's text, decoded whole (iconv-lite's stream decoder loses a four-byte
          // character cut between pieces; see WholeCharacters), read by csv-parse.
          const parsed = () =>
            Readable.from([iconv.decode(Buffer.concat(lines), encoding)]).pipe(
              new LineParser(STRICT_CSV),
            ) as AsyncIterable<LineRecord>;
          const expected = await recordsOf(parsed());
          let handedOn = false;
          const got = await recordsOf(
            simpleRecords(
              pieces(),
              ",",
              async function* (given) {
                handedOn = true;
                let k = 0;
                for await (const r of parsed()) if (k++ >= given) yield r;
              },
              (data, start, end) => gbField(data, start, end, encoding),
            ),
          );
          expectSameRecords(got, expected);
          if (!bad) expect(handedOn).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("every character of GB18030 or GBK is read from its own field as iconv-lite reads it in the file", () => {
    // Every two-byte code (see gbTable), the euro sign alone.
    const fields: Buffer[] = [Buffer.from([0x80])];
    for (let lead = 0x81; lead <= 0xfe; lead++)
      for (let trail = 0x40; trail <= 0xfe; trail++)
        if (trail !== 0x7f) fields.push(Buffer.from([lead, trail]));
    // Four-byte ones: the BMP's first and last, a supplementary plane's, one past the BMP.
    for (const code of [0x81308130, 0x8431a439, 0x90308130, 0xe3329a35, 0x8431a530]) {
      const b = Buffer.alloc(4);
      b.writeUInt32BE(code);
      fields.push(b);
    }
    // A long field (past String.fromCharCode's arguments), decoded by iconv-lite.
    fields.push(iconv.encode("淮安".repeat(3000), "gb18030"));
    for (const encoding of ["gb18030", "gbk"]) {
      const wrong = fields.filter((f) => {
        const framed = Buffer.concat([Buffer.from("a,"), f, Buffer.from("b,c")]);
        const inFile = iconv.decode(Buffer.concat([f, Buffer.from("b")]), encoding);
        return gbField(framed, 2, framed.length - 2, encoding) !== inFile;
      });
      expect(wrong.map((f) => f.toString("hex"))).toEqual([]);
    }
    // cp936 and gb2312, which iconv-lite reads otherwise (see splitsAsGb), are decoded whole.
    expect(["GB18030", "gb-18030", "gbk", "cp936", "gb2312", "big5"].map(splitsAsGb)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it("a malformed CSV names its line", async () => {
    const got = await problemsOf(
      readEnterprises(tmpFile("e.csv", `uscc,category\n${A},general\n"${B},key\n`)),
    );
    expect(got[0]).toBe("3:0: CSV: a quote is never closed: the file ends inside a quoted field");
  });

  it("what csv-parse refuses is said in the product's words, in Chinese too: a quote never closed, a row over 1,000,000 characters", async () => {
    const unclosed = tmpFile("q.csv", `uscc,category\n${A},general\n"${B},key\n`);
    expect(await problemsOf(readEnterprises(unclosed, { lang: "zh" }))).toEqual([
      "3:0: CSV: 引号没有闭合：文件在带引号的字段中结束",
    ]);
    const long = tmpFile("long.csv", `uscc,category\n${A},general\n"${B},${"x".repeat(1_100_000)}\n`);
    expect(await problemsOf(readEnterprises(long, { lang: "zh" }))).toEqual([
      expect.stringMatching(/^\d+:0: CSV: 该行超过 1000000 个字符：是否有引号未闭合，或文件没有换行？$/),
    ]);
  });
});
