import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { parse } from "csv-parse";
import ExcelJS from "exceljs";
import fc from "fast-check";
import iconv from "iconv-lite";
import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import { addressOf } from "../../engine/data/address.js";
import {
  LineParser,
  type LineRecord,
  MAX_RECORD_CHARS,
  simpleRecords,
} from "../../engine/data/csv-records.js";
import { gbField, splitsAsGb } from "../../engine/data/gb-fields.js";
import {
  readConflicts,
  readEnterprises,
  readHistory,
  readInspectors,
  readResults,
} from "../../engine/data/read.js";
import type { Enterprise } from "../../engine/data/records.js";
import { makeUscc } from "../../engine/data/uscc.js";
import { openWorkbook } from "../../engine/data/xlsx-sheets.js";
import { InputError } from "../../engine/problem.js";
import { writeXlsx } from "../../engine/xlsx.js";
import { firstProblem } from "../helpers/problems.js";
import { runCli } from "../helpers/run-cli.js";
import { tmp, tmpFile } from "../helpers/tmp.js";

const A = "91110108551385082Q";
const B = "91110000600037341L";
const C = "91310000631696382C";

async function problemsOf(p: Promise<unknown>): Promise<string[]> {
  try {
    await p;
  } catch (e) {
    if (e instanceof InputError)
      return e.problems.map((x) => `${x.line}:${x.col}${x.column ? ` [${x.column}]` : ""}: ${x.message}`);
    throw e;
  }
  return [];
}

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

describe("enterprise files", () => {
  it("reads a GBK CSV with Chinese headers, as Chinese Excel writes it", async () => {
    const text = `统一社会信用代码,企业名称,信用等级,企业类别,行业,所属区域,监管部门,标签,经营异常\r\n${A},淮安市清河食品有限公司,A级,重点,食品销售,河下街道,市场监管局、人社局,重点行业；食品,否\r\n${B},恒通机械,,一般,制造业,淮城街道,市场监管局,,是\r\n`;
    const file = tmpFile("e.csv", iconv.encode(text, "gbk"));
    const r = await readEnterprises(file);
    expect(r.records).toEqual([
      {
        uscc: A,
        name: "淮安市清河食品有限公司",
        grade: "A",
        category: "key",
        industry: "食品销售",
        region: "河下街道",
        departments: ["市场监管局", "人社局"],
        tags: ["重点行业", "食品"],
        abnormal: false,
        gradedOn: null,
        extra: {},
      },
      {
        uscc: B,
        name: "恒通机械",
        grade: null,
        category: "general",
        industry: "制造业",
        region: "淮城街道",
        departments: ["市场监管局"],
        tags: [],
        abnormal: true,
        gradedOn: null,
        extra: {},
      },
    ]);
  });

  it("a GBK file whose first 64 KB are all ASCII is judged by its Chinese further on, not read as UTF-8", async () => {
    const random = seedrandom("late chinese");
    const ascii = Array.from({ length: 3000 }, (_, i) => `${makeUscc(random)},Company ${i},A,general`);
    const last = `${makeUscc(random)},淮安市清河食品有限公司,B,一般`;
    const text = `uscc,name,grade,category\r\n${[...ascii, last].join("\r\n")}\r\n`;
    expect(text.indexOf("淮")).toBeGreaterThan(65_536);
    for (const encoding of ["gbk", "utf8"]) {
      const r = await readEnterprises(tmpFile("e.csv", iconv.encode(text, encoding)));
      expect(r.records, encoding).toHaveLength(3001);
      expect(r.records[3000], encoding).toMatchObject({
        name: "淮安市清河食品有限公司",
        category: "general",
      });
    }
  });

  it("a UTF-8 file with a part in GBK (two exports joined) is refused at the first line that is not UTF-8", async () => {
    const random = seedrandom("joined");
    const utf8 = Array.from(
      { length: 3000 },
      (_, i) => `${makeUscc(random)},淮安市第${i}食品有限公司,A,一般`,
    );
    const gbk = [`${makeUscc(random)},淮安市恒通机械有限公司,B,一般`];
    const file = tmpFile(
      "e.csv",
      Buffer.concat([
        Buffer.from(`uscc,name,grade,category\n${utf8.join("\n")}\n`),
        iconv.encode(`${gbk[0]}\n`, "gbk"),
      ]),
    );
    expect(await problemsOf(readEnterprises(file))).toEqual([
      "3002:0: the text is not UTF-8 from here on, though the file began in UTF-8: is part of it in GBK (two files joined)? Save it again in one encoding",
    ]);
    // A character cut between the reader's 64 KB chunks is UTF-8 all the same (both cuts here fall
    // inside a character).
    const text = Buffer.from(`uscc,name,grade,category\n${utf8.join("\n")}\n`);
    expect([65_536, 131_072].map((at) => text[at] & 0xc0)).toEqual([0x80, 0x80]);
    const whole = tmpFile("e.csv", text);
    expect((await readEnterprises(whole)).records).toHaveLength(3000);
  });

  it("a GBK file with a part in UTF-8 (two exports joined) is refused at the first UTF-8 line; an --encoding given is trusted", async () => {
    const random = seedrandom("joined-gbk");
    const row = (i: number) => `${makeUscc(random)},淮安市第${i}食品有限公司,A,general`;
    const gbk = Array.from({ length: 3000 }, (_, i) => row(i));
    const utf8 = [row(3000), row(3001)];
    const file = tmpFile(
      "e.csv",
      Buffer.concat([
        iconv.encode(`uscc,name,grade,category\n${gbk.join("\n")}\n`, "gbk"),
        Buffer.from(`${utf8.join("\n")}\n`),
      ]),
    );
    expect(await problemsOf(readEnterprises(file))).toEqual([
      "3002:0: this line is UTF-8, though the file began in GBK: is part of it in UTF-8 (two files joined)? Save it again in one encoding, or give --encoding if the file is GBK throughout",
    ]);
    // Told the encoding, the reader decodes as told (here into wrong names, the user's call).
    const told = await readEnterprises(file, { encoding: "gbk" });
    expect(told.records).toHaveLength(3002);
    expect(told.records[3000].name).not.toBe("淮安市第3000食品有限公司");
    // A GBK file throughout is read, however its lines fall across the reader's chunks.
    const whole = await readEnterprises(
      tmpFile("e.csv", iconv.encode(`uscc,name,grade,category\n${gbk.join("\n")}\n`, "gbk")),
    );
    expect(whole.records.map((e) => e.name)).toEqual(gbk.map((_, i) => `淮安市第${i}食品有限公司`));
  });

  it("a small file joined from two exports (both parts in the reader's first piece) is refused at the first line of the second, either way round, not crashed; a GBK file read as --encoding utf8 is refused saying so", async () => {
    const random = seedrandom("joined-small");
    const rows = Array.from({ length: 6 }, (_, i) => `${makeUscc(random)},淮安市第${i}食品有限公司,A,一般`);
    const head = "统一社会信用代码,企业名称,信用等级,企业类别\n";
    const utf8 = (text: string) => Buffer.from(text);
    const gbk = (text: string) => iconv.encode(text, "gbk");
    const joined = (first: (t: string) => Buffer, second: (t: string) => Buffer) =>
      Buffer.concat([
        first(`${head}${rows.slice(0, 3).join("\n")}\n`),
        second(`${rows.slice(3).join("\n")}\n`),
      ]);
    const notUtf8 =
      "5:0: the text is not UTF-8 from here on, though the file began in UTF-8: is part of it in GBK (two files joined)? Save it again in one encoding";
    const notGbk =
      "5:0: this line is UTF-8, though the file began in GBK: is part of it in UTF-8 (two files joined)? Save it again in one encoding, or give --encoding if the file is GBK throughout";
    expect(await problemsOf(readEnterprises(tmpFile("e.csv", joined(utf8, gbk))))).toEqual([notUtf8]);
    expect(await problemsOf(readEnterprises(tmpFile("e.csv", joined(gbk, utf8))))).toEqual([notGbk]);
    // The same as NDJSON: a record a line, the header's line left out.
    const records = rows.map((r) => {
      const [uscc, name, grade, category] = r.split(",");
      return JSON.stringify({ uscc, name, grade, category });
    });
    const ndjson = (first: (t: string) => Buffer, second: (t: string) => Buffer) =>
      Buffer.concat([
        first(`${records.slice(0, 4).join("\n")}\n`),
        second(`${records.slice(4).join("\n")}\n`),
      ]);
    expect(await problemsOf(readEnterprises(tmpFile("e.ndjson", ndjson(utf8, gbk))))).toEqual([notUtf8]);
    expect(await problemsOf(readEnterprises(tmpFile("e.ndjson", ndjson(gbk, utf8))))).toEqual([notGbk]);
    expect(
      await problemsOf(
        readEnterprises(tmpFile("e.csv", gbk(`${head}${rows.join("\n")}\n`)), { encoding: "utf8" }),
      ),
    ).toEqual([
      "1:0: the text is not UTF-8 from here on, though --encoding utf8 was given: is the file in GBK (leave --encoding out to have its encoding detected), or part of it (two files joined)?",
    ]);
  });

  it("a JSON or NDJSON file saved in GBK or UTF-16 reads as the same records as in UTF-8, names whose GBK bytes hold [ \\ ] { } included", async () => {
    const random = seedrandom("json-gbk");
    // 嘯 乗 俔 坽 墋: the second byte of each in GBK is [, \, ], { and }, which a reader looking for
    // the JSON's own brackets, escapes and quotes in the bytes would take for them.
    const records = Array.from({ length: 3000 }, (_, i) => ({
      uscc: makeUscc(random),
      name: `淮安市嘯乗俔坽墋第${i}食品有限公司`,
      grade: "ABCD"[i % 4],
      category: i % 3 ? "一般" : "重点",
      departments: "市场监管局;卫健委",
    }));
    const json = JSON.stringify(records, null, 1);
    const ndjson = `${records.map((r) => JSON.stringify(r)).join("\r\n")}\r\n`;
    const read = async (name: string, bytes: Buffer) =>
      (await readEnterprises(tmpFile(name, bytes))).records.map((e) => [e.uscc, e.name, e.grade, e.category]);
    const expected = await read("e.json", Buffer.from(json));
    expect(expected[2999]).toEqual([
      records[2999].uscc,
      "淮安市嘯乗俔坽墋第2999食品有限公司",
      "D",
      "general",
    ]);
    expect(await read("e.json", iconv.encode(json, "gbk"))).toEqual(expected);
    expect(await read("e.json", iconv.encode(json, "utf-16le", { addBOM: true }))).toEqual(expected);
    expect(await read("e.ndjson", Buffer.from(ndjson))).toEqual(expected);
    expect(await read("e.ndjson", iconv.encode(ndjson, "gb18030"))).toEqual(expected);
    expect(await read("e.ndjson", iconv.encode(ndjson, "utf-16le", { addBOM: true }))).toEqual(expected);
  });

  it("a JSON or NDJSON file with a part in another encoding is refused at its line, as a CSV is; a syntax error in a GBK file is placed by its characters", async () => {
    const random = seedrandom("json-joined");
    const line = (i: number) =>
      JSON.stringify({ uscc: makeUscc(random), name: `淮安市第${i}食品有限公司`, category: "一般" });
    const utf8 = Array.from({ length: 3000 }, (_, i) => line(i));
    const joined = tmpFile(
      "e.ndjson",
      Buffer.concat([Buffer.from(`${utf8.join("\n")}\n`), iconv.encode(`${line(3000)}\n`, "gbk")]),
    );
    expect(await problemsOf(readEnterprises(joined))).toEqual([
      "3001:0: the text is not UTF-8 from here on, though the file began in UTF-8: is part of it in GBK (two files joined)? Save it again in one encoding",
    ]);
    const gbkFirst = tmpFile(
      "e.json",
      Buffer.concat([iconv.encode(`[${utf8.join(",\n")},\n`, "gbk"), Buffer.from(`${line(3000)}]`)]),
    );
    expect(await problemsOf(readEnterprises(gbkFirst))).toEqual([
      "3001:0: this line is UTF-8, though the file began in GBK: is part of it in UTF-8 (two files joined)? Save it again in one encoding, or give --encoding if the file is GBK throughout",
    ]);
    // The same break in UTF-8 and in GBK: at the same line and column, and the same position in the text.
    const broken = `[\n${utf8.slice(0, 2).join(",\n")},\n{"uscc": "x", "name": "淮安" "category": "一般"}]`;
    const place = async (bytes: Buffer) => problemsOf(readEnterprises(tmpFile("b.json", bytes)));
    const said = await place(Buffer.from(broken));
    expect(said[0]).toMatch(/^4:\d+: JSON: Expected ',' or '}' after property value in JSON at position \d+/);
    expect(await place(iconv.encode(broken, "gbk"))).toEqual(said);
  });

  it("a GB18030 file's characters outside the BMP (𠀀, as some names are written) are read whole wherever the reader's 64 KB pieces cut them, quoted fields and a name over two lines too", async () => {
    const random = seedrandom("gb18030-whole");
    for (const [what, quoted] of [
      ["split by bytes", ""],
      // A name over two lines (quoted): csv-parse reads the file, from iconv-lite's text.
      ["read by csv-parse", `${makeUscc(random)},"淮安市\n恒通",A,general\n`],
    ]) {
      const head = `uscc,name,grade,category\n${quoted}${Array.from({ length: 1000 }, (_, i) => `${makeUscc(random)},淮安市第${i}食品有限公司,A,general\n`).join("")}`;
      // The last row's name ends in 𠀀 (four bytes), three of them before the 65,536th byte of the
      // file, where the reader's first piece ends. Cut there, iconv-lite's stream decoder (0.7)
      // drops the last of the ASCII characters after it in the next piece: here the file's last.
      const uscc = makeUscc(random);
      const pad = "x".repeat(65533 - iconv.encode(`${head}${uscc},`, "gb18030").length);
      const bytes = iconv.encode(`${head}${uscc},${pad}𠀀,A,general`, "gb18030");
      expect(bytes.subarray(65533, 65537)).toEqual(iconv.encode("𠀀", "gb18030"));
      const got = await readEnterprises(tmpFile("e.csv", bytes));
      expect(got.records.at(-1), what).toMatchObject({ uscc, name: `${pad}𠀀`, category: "general" });
    }
  });

  it("reads a tab-separated text file (a .txt export) as the same records as the CSV, in GBK or UTF-8", async () => {
    const text = `统一社会信用代码,企业名称,企业类别,监管部门\r\n${A},"淮安市清河食品有限公司",重点,市场监管局、人社局\r\n${B},恒通机械,一般,\r\n`;
    const csv = await readEnterprises(tmpFile("e.csv", text));
    const tabbed = text.replaceAll(",", "\t");
    expect((await readEnterprises(tmpFile("e.txt", tabbed))).records).toEqual(csv.records);
    expect((await readEnterprises(tmpFile("e.txt", iconv.encode(tabbed, "gbk")))).records).toEqual(
      csv.records,
    );
    expect(csv.records).toHaveLength(2);
    // A comma in the header keeps the comma: a tab inside a field is then only text.
    const mixed = await readEnterprises(tmpFile("e.csv", `uscc,name,category\n${A},a\tb,general\n`));
    expect(mixed.records[0].name).toBe("a\tb");
  });

  it("reads UTF-16 text as Excel's Unicode Text export writes it (little-endian, BOM, tabs, CRLF), and big-endian, as the same records as the UTF-8 file", async () => {
    // 吉 is 09 54 in UTF-16LE, 上 0A 4E and 般 2C 82: bytes of a tab, a line end and a comma that
    // are halves of characters, in the title above the header, the header and the fields.
    const text = `2026年上半年企业名录\r\n统一社会信用代码\t企业名称\t企业类别\t监管部门\t区域\t一般纳税人\r\n${A}\t"吉上\t食品"\t重点\t市场监管局、人社局\t上海路\t是\r\n${B}\t恒通机械\t一般\t\t吉林路\t否\r\n`;
    const utf8 = await readEnterprises(tmpFile("e.txt", text));
    expect(utf8.records).toHaveLength(2);
    expect(utf8.records[0]).toMatchObject({
      name: "吉上\t食品",
      region: "上海路",
      extra: { 一般纳税人: "是" },
    });
    const le = Buffer.from(`\ufeff${text}`, "utf16le");
    expect([...le.subarray(2, 4)]).toEqual([0x32, 0x00]);
    const be = Buffer.from(le).swap16();
    for (const bytes of [le, be])
      expect((await readEnterprises(tmpFile("e.txt", bytes))).records).toEqual(utf8.records);
    // Also when --encoding names it.
    expect((await readEnterprises(tmpFile("e.csv", le), { encoding: "utf-16le" })).records).toEqual(
      utf8.records,
    );
  });

  it("reads a UTF-8 CSV with a BOM, keeps extra columns as facts, and reads Chinese dates", async () => {
    const file = tmpFile(
      "e.csv",
      `\uFEFFuscc,name,grade,category,departments,gradedOn,employees\n${C},宏达,c,general,生态环境局;应急管理局,2026年1月5日,250\n`,
    );
    const r = await readEnterprises(file);
    expect(r.records[0]).toMatchObject({
      uscc: C,
      grade: "C",
      gradedOn: "2026-01-05",
      departments: ["生态环境局", "应急管理局"],
      extra: { employees: "250" },
    });
  });

  it("reads a UTF-8 CSV of many chunks with Chinese in every row exactly, as GBK gives the same records", async () => {
    const { enterprisesCsv } = await import("../../engine/data/write.js");
    const { generateDistrict, HUAIAN_LIKE } = await import("../../engine/synthetic.js");
    const d = generateDistrict(HUAIAN_LIKE, "chunks", 3000);
    // Several hundred kilobytes: characters of three bytes fall across the read stream's chunks.
    const text = enterprisesCsv(d.enterprises);
    expect(Buffer.byteLength(text)).toBeGreaterThan(4 * 65536);
    const utf8 = await readEnterprises(tmpFile("e.csv", text));
    const gbk = await readEnterprises(tmpFile("e.csv", iconv.encode(text.replace(/^\uFEFF/, ""), "gbk")));
    expect(utf8.records.length).toBe(3000);
    expect(utf8.records.map((e) => [e.uscc, e.name, e.industry, e.region, e.departments])).toEqual(
      d.enterprises.map((e) => [e.uscc, e.name, e.industry, e.region, e.departments]),
    );
    expect(gbk.records).toEqual(utf8.records);
  });

  it("rows are handed on in batches: 10,000 rows are read whole and in order, and a bad row in a later batch is named by its own row, in CSV and in JSON", async () => {
    const { enterprisesCsv } = await import("../../engine/data/write.js");
    const { generateDistrict, HUAIAN_LIKE } = await import("../../engine/synthetic.js");
    const d = generateDistrict(HUAIAN_LIKE, "batches", 10_000);
    const text = enterprisesCsv(d.enterprises);
    const read = await readEnterprises(tmpFile("e.csv", text));
    expect(read.records.map((e) => e.uscc)).toEqual(d.enterprises.map((e) => e.uscc));
    // Lines 4,098 and 9,002 (the header is line 1) hold rows 4,097 and 9,001, past the first batch.
    const lines = text.split("\n");
    for (const at of [4097, 9001])
      lines[at] = lines[at].replace(/,[ABCD]?,(重点|一般|key|general),/, ",E,$1,");
    expect(await problemsOf(readEnterprises(tmpFile("e.csv", lines.join("\n"))))).toEqual([
      "4098:3 [grade]: unknown grade 'E' (expected A, B, C, D or empty for ungraded)",
      "9002:3 [grade]: unknown grade 'E' (expected A, B, C, D or empty for ungraded)",
    ]);
    const json = Array.from({ length: 5000 }, (_, k) => ({
      uscc: d.enterprises[k].uscc,
      grade: k === 4499 ? "E" : "A",
      category: "general",
    }));
    const file = tmpFile("e.json", `[\n${json.map((r) => JSON.stringify(r)).join(",\n")}\n]\n`);
    expect(await problemsOf(readEnterprises(file))).toEqual([
      "4501:2 [grade]: unknown grade 'E' (expected A, B, C, D or empty for ungraded)",
    ]);
    json[4499].grade = "B";
    const whole = await readEnterprises(tmpFile("e.json", JSON.stringify(json)));
    expect(whole.records.map((e) => [e.uscc, e.grade])).toEqual(json.map((r) => [r.uscc, r.grade]));
  });

  it("a code Excel stored as a number (its last digits lost) is refused as such, from XLSX and from a CSV Excel saved", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("企业");
    ws.addRow(["统一社会信用代码", "企业类别"]);
    // As Excel holds an 18-digit number: rounded to a double.
    ws.addRow([Number("913208031234567890"), "一般"]);
    ws.addRow([A, "一般"]);
    const xlsx = tmpFile("e.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()));
    const [problem] = await problemsOf(readEnterprises(xlsx));
    expect(problem).toMatch(
      /^2:1 \[uscc\]: the unified social credit code '\d+' was stored by Excel as a number/,
    );
    const csv = tmpFile("e.csv", `uscc,category\n9.13208E+17,general\n${A},general\n`);
    expect(await problemsOf(readEnterprises(csv, { lang: "zh" }))).toEqual([
      "2:1 [uscc]: 统一社会信用代码“9.13208E+17”被 Excel 存成了数字，只保留 15 位有效数字：请将该列设置为文本格式后重新录入",
    ]);
  });

  it("a sheet headed by a title and a date line is read from its header row, rows named as the sheet numbers them", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("企业");
    ws.addRow(["淮安区检查对象名录库（2026年）"]);
    ws.mergeCells("A1:D1");
    ws.addRow(["导出日期：2026-01-05"]);
    ws.addRow(["统一社会信用代码", "企业名称", "信用等级", "企业类别"]);
    ws.addRow([A, "清河食品", "B", "一般"]);
    ws.addRow([B, "恒通机械", "E", "一般"]);
    const file = tmpFile("e.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(await problemsOf(readEnterprises(file))).toEqual([
      "5:3 [grade]: unknown grade 'E' (expected A, B, C, D or empty for ungraded)",
    ]);
    ws.getRow(5).getCell(3).value = "C";
    const fixed = tmpFile("e.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()));
    expect((await readEnterprises(fixed)).records.map((e) => [e.uscc, e.name, e.grade])).toEqual([
      [A, "清河食品", "B"],
      [B, "恒通机械", "C"],
    ]);
    // With no header among the first five rows, the first row is the header, and says what it lacks.
    const bare = new ExcelJS.Workbook();
    const sheet = bare.addWorksheet("企业");
    for (let k = 0; k < 6; k++) sheet.addRow([`第 ${k + 1} 行`, "x"]);
    const none = tmpFile("e.xlsx", new Uint8Array(await bare.xlsx.writeBuffer()));
    expect((await problemsOf(readEnterprises(none)))[0]).toMatch(
      /^1:0 \[uscc\]: missing required column 'uscc'/,
    );
  });

  it("a CSV headed by a title and a date line (a sheet saved as CSV, or typed above the header) is read from its header row, rows named by their lines; rows of empty fields are skipped", async () => {
    // As Excel saves such a sheet: every row padded to the table's width, in GBK.
    const excel = tmpFile(
      "企业.csv",
      iconv.encode(
        `淮安区检查对象名录库（2026年）,,,\r\n导出日期：2026-01-05,,,\r\n统一社会信用代码,企业名称,信用等级,企业类别\r\n${A},清河食品,B,一般\r\n,,,\r\n${B},恒通机械,E,一般\r\n,,,\r\n`,
        "gbk",
      ),
    );
    expect(await problemsOf(readEnterprises(excel))).toEqual([
      "6:3 [grade]: unknown grade 'E' (expected A, B, C, D or empty for ungraded)",
    ]);
    // Typed by hand: a title with no comma, a tab-separated table below it.
    const typed = tmpFile(
      "e.txt",
      `淮安区检查对象名录库\nuscc\tname\tgrade\tcategory\n${A}\t清河食品\tB\tgeneral\n${B}\t恒通机械\tC\tgeneral\n`,
    );
    expect((await readEnterprises(typed)).records.map((e) => [e.uscc, e.name, e.grade])).toEqual([
      [A, "清河食品", "B"],
      [B, "恒通机械", "C"],
    ]);
    // A row of another width than the header, below it, is still one.
    const short = tmpFile("e.csv", `名录库\nuscc,category\n${A},general\n${B}\n`);
    expect(await problemsOf(readEnterprises(short))).toEqual([
      "4:0: CSV: the row does not have the header's 2 columns",
    ]);
    // With no header among the first five rows, the first row is the header, and says what it lacks.
    const none = tmpFile("e.csv", "第 1 行,x\n第 2 行,x\n第 3 行,x\n第 4 行,x\n第 5 行,x\n第 6 行,x\n");
    expect((await problemsOf(readEnterprises(none)))[0]).toMatch(
      /^1:0 \[uscc\]: missing required column 'uscc'/,
    );
  });

  it("headers as import templates write them are read: a required column marked *, a note （必填） or (选填), a cell wrapped over two lines; another note in brackets is another column", async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet("名录");
    sheet.addRow([
      "*统一社会信用代码",
      "企业\n名称",
      "信用\n等级（必填）",
      "＊企业类别 ",
      "监管部门(选填)",
      "*实际经营地址",
      "企业名称（简称）",
    ]);
    sheet.addRow([A, "淮安市清河食品有限公司", "B", "一般", "市场监管局", "清河区北京路 1 号", "清河食品"]);
    sheet.addRow([B, "恒通机械", "E", "一般", "", "", ""]);
    const file = tmpFile("企业.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()));
    // The bad cell names its column as the sheet writes it, on one line.
    const bad = await readEnterprises(file).catch((e: InputError) => e.problems);
    expect(bad).toMatchObject([{ line: 3, col: 3, column: "grade", header: "信用\n等级（必填）" }]);
    const r = await runCli("classify", "--policy", "policies/huaian-2021/1.0.0.yaml", "--enterprises", file);
    expect(r.stderr).toContain(`(${file}:3:3, sheet 名录, column 信用 等级（必填）, read as grade)`);
    sheet.getCell("C3").value = "A";
    const good = tmpFile("企业.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()));
    const [first] = (await readEnterprises(good)).records;
    expect(first).toMatchObject({
      uscc: A,
      name: "淮安市清河食品有限公司",
      grade: "B",
      category: "general",
      departments: ["市场监管局"],
      extra: { 实际经营地址: "清河区北京路 1 号", "企业名称（简称）": "清河食品" },
    });
    expect(addressOf(first.extra)).toBe("清河区北京路 1 号");
    // The same header row read from a CSV, the wrapped cell quoted as Excel saves it.
    const csv = tmpFile(
      "e.csv",
      `*统一社会信用代码,"企业\r\n名称",信用等级（必填）,＊企业类别\r\n${A},清河食品,B,一般\r\n`,
    );
    expect((await readEnterprises(csv)).records[0]).toMatchObject({ uscc: A, name: "清河食品", grade: "B" });
  });

  it("with onlyUsedColumns, an enterprise keeps of its other columns the declared facts and the address, and the rest of a CSV or workbook is not decoded: the records are those read in full, less those columns, in UTF-8 and GBK, quoted or not, and from a sheet; a row with data only in an unread column is still a row", async () => {
    const facts = { 注册资本: { type: "number" as const } };
    const usedOnly = (records: Enterprise[]) =>
      records.map((e) => ({
        ...e,
        extra: Object.fromEntries(Object.entries(e.extra).filter(([k]) => k === "注册资本" || k === "住所")),
      }));
    const lines = [
      "统一社会信用代码,企业名称,企业类别,法定代表人,注册资本,经营范围,住所",
      `${A},清河食品,一般,张三,500,"食品销售；日用百货,五金",清河区北京路 1 号`,
      `${B},"恒通""机械""",重点,,,,`,
      `${C},淮安燃气,一般,"李四",,"燃气供应",`,
    ];
    for (const encoding of ["utf8", "gbk"])
      for (const ending of ["\n", "\r\n"]) {
        const file = tmpFile("e.csv", iconv.encode(lines.join(ending) + ending, encoding));
        const whole = (await readEnterprises(file, { facts })).records;
        const used = (await readEnterprises(file, { facts, onlyUsedColumns: true })).records;
        expect(used).toEqual(usedOnly(whole));
        expect(used[0].extra).toEqual({ 注册资本: "500", 住所: "清河区北京路 1 号" });
      }
    // The same rows in a workbook of inline text, as gradedraw writes one, after 1,000 others: a
    // sheet's first piece of XML (256 KB) is read before its header is known, and read whole.
    const header = lines[0].split(",");
    const random = seedrandom("unread cells");
    const before = Array.from({ length: 1000 }, (_, i) => [
      makeUscc(random),
      `淮安市第${i}食品有限公司`,
      "一般",
      `王${i}`,
      i,
      "食品销售（依法须经批准的项目，经相关部门批准后方可开展经营活动）",
      `清河区某某路 ${i} 号`,
    ]);
    const rows = [
      [A, "清河食品", "一般", "张三", 500, "食品销售；日用百货,五金", "清河区北京路 1 号"],
      [B, '恒通"机械"', "重点", "", "", "", ""],
      [C, "淮安燃气", "一般", "李四", "", "燃气供应", ""],
    ];
    for (const gap of [false, true]) {
      const file = join(tmp(), "e.xlsx");
      const sheetRows = [...before, ...(gap ? [rows[0], ["", "", "", "王五", "", "", ""]] : rows)];
      await writeXlsx(file, [{ name: "名录", header, widths: header.map(() => 10), rows: () => sheetRows }], {
        creator: "test",
        date: "2026-01-01",
      });
      if (!gap) {
        const whole = (await readEnterprises(file, { facts })).records;
        const used = (await readEnterprises(file, { facts, onlyUsedColumns: true })).records;
        expect(used).toEqual(usedOnly(whole));
        expect(used.slice(1000).map((e) => e.name)).toEqual(["清河食品", '恒通"机械"', "淮安燃气"]);
        expect(used[1000].extra).toEqual({ 注册资本: 500, 住所: "清河区北京路 1 号" });
      } else
        expect(await problemsOf(readEnterprises(file, { facts, onlyUsedColumns: true }))).toEqual([
          "1003:1 [uscc]: the unified social credit code is empty",
          "1003:3 [category]: the category is empty (expected key/重点 or general/一般)",
        ]);
    }
    // A row with nothing in the columns read is not taken for an empty row: its empty code is said.
    const gap = tmpFile("e.csv", `${lines[0]}\n${lines[1]}\n,,,王五,,,\n`);
    expect(await problemsOf(readEnterprises(gap, { facts, onlyUsedColumns: true }))).toEqual([
      "3:1 [uscc]: the unified social credit code is empty",
      "3:3 [category]: the category is empty (expected key/重点 or general/一般)",
    ]);
  });

  it("of two columns that read as one canonical column, the first is read, an English name after a Chinese header as any other: 企业名称 then name; and it is said", async () => {
    for (const [first, second] of [
      ["企业名称", "name"],
      ["企业名称", "名称"],
      ["name", "企业名称"],
    ]) {
      const file = tmpFile(
        "e.csv",
        `统一社会信用代码,${first},企业类别,${second}\n${A},清河食品,一般,Qinghe Food\n`,
      );
      expect((await readEnterprises(file)).records[0].name, `${first}, ${second}`).toBe("清河食品");
    }
    // Said, since the author may have meant the other: 信用等级 and 风险等级 both read as grade.
    const two = tmpFile("e.csv", `统一社会信用代码,信用等级,企业类别,风险等级\n${A},B,一般,低\n`);
    const read = await readEnterprises(two);
    expect(read.records[0].grade).toBe("B");
    expect(read.notices).toEqual([
      `note: in ${two}, column '信用等级' is read as grade; '风险等级' would read as grade too and is not read as it (rename a header if another column was meant)`,
    ]);
    // An inspector file says it once, not also among the columns it does not read.
    const inspectors = tmpFile("i.csv", "执法人员编号,部门,单位\nHA001,市场监管局,清江浦分局\n");
    expect((await readInspectors(inspectors, { lang: "zh" })).notices).toEqual([
      `提示：${inspectors} 中“部门”列读作 department；“单位”列也可读作 department，未按此读取（如本应读取其他列，请修改表头）`,
    ]);
  });

  it("an extra column is the fact its header reads as: *注册资本（必填） is the fact 注册资本, unless another header of the file reads the same", async () => {
    const facts = { 注册资本: { type: "number" as const } };
    const marked = tmpFile(
      "e.csv",
      `统一社会信用代码,企业类别,*注册资本（必填）,"从业\n人数"\n${A},一般,500,12\n`,
    );
    const [first] = (await readEnterprises(marked, { facts })).records;
    expect(first.extra).toEqual({ 注册资本: "500", 从业人数: "12" });
    // A bad value names the column as the file writes it.
    const bad = tmpFile("e.csv", `统一社会信用代码,企业类别,*注册资本（必填）\n${A},一般,五百万\n`);
    expect(await readEnterprises(bad, { facts }).catch((e: InputError) => e.problems)).toMatchObject([
      { line: 2, col: 3, column: "注册资本", header: "*注册资本（必填）" },
    ]);
    // Two headers that read the same keep their names as written: neither is taken for the other.
    const both = tmpFile("e.csv", `统一社会信用代码,企业类别,注册资本,*注册资本\n${A},一般,500,600\n`);
    expect((await readEnterprises(both, { facts })).records[0].extra).toEqual({
      注册资本: "500",
      "*注册资本": "600",
    });
    const twoMarked = tmpFile(
      "e.csv",
      `统一社会信用代码,企业类别,*注册资本,注册资本（选填）\n${A},一般,500,600\n`,
    );
    expect(await problemsOf(readEnterprises(twoMarked, { facts }))).toEqual([
      "1:4 [注册资本]: columns '*注册资本' and '注册资本（选填）' both read as 注册资本, which the policy declares a fact (facts:): keep one of them",
    ]);
  });

  it("a workbook's sheets and relationships are read through its central directory, wherever workbook.xml is stored", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("说明 & <注>");
    wb.addWorksheet("企业").addRow(["统一社会信用代码"]);
    const file = tmpFile("e.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()));
    // exceljs stores xl/workbook.xml last (its own streaming reader could lose it: exceljs#3064).
    const names = [
      ...readFileSync(file)
        .toString("latin1")
        .matchAll(/xl\/[\w/.]+\.xml/g),
    ].map((m) => m[0]);
    expect(names.indexOf("xl/workbook.xml")).toBeGreaterThan(names.indexOf("xl/worksheets/sheet2.xml"));
    const sheets = await openWorkbook(file);
    expect(sheets.map((s) => s.name)).toEqual(["说明 & <注>", "企业"]);
    const rows = [];
    for await (const r of sheets[1].rows()) rows.push(r);
    expect(rows).toEqual([{ number: 1, values: ["统一社会信用代码"] }]);
  });

  it("reads an XLSX written by exceljs: the first sheet with a header, or --sheet; a first sheet of instructions is passed over, with a note", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("说明").addRow(["这是说明页"]);
    const ws = wb.addWorksheet("企业");
    ws.addRow(["统一社会信用代码", "企业名称", "信用等级", "企业类别", "监管部门", "评级日期"]);
    ws.addRow([A, "清河食品", "B", "一般", "市场监管局", new Date(Date.UTC(2025, 11, 31))]);
    const file = tmpFile("e.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()));
    const r = await readEnterprises(file, { sheet: "企业" });
    expect(r.records).toHaveLength(1);
    expect(r.records[0]).toMatchObject({
      uscc: A,
      name: "清河食品",
      grade: "B",
      category: "general",
      gradedOn: "2025-12-31",
    });
    expect(r.notices).toEqual([]);
    const unnamed = await readEnterprises(file);
    expect(unnamed.records).toEqual(r.records);
    expect(unnamed.notices).toEqual([
      `note: read sheet '企业' of ${file}: the first sheet, '说明', has no header`,
    ]);
    expect((await readEnterprises(file, { lang: "zh" })).notices).toEqual([
      `提示：读取 ${file} 的工作表“企业”：第一个工作表“说明”没有表头`,
    ]);
    expect(await problemsOf(readEnterprises(file, { sheet: "2" }))).toEqual([]);
    // --sheet naming the instructions is read as named, and says what its header lacks.
    expect(await problemsOf(readEnterprises(file, { sheet: "说明" }))).toEqual([
      "1:0 [uscc]: missing required column 'uscc' (or a Chinese header: 统一社会信用代码, 信用代码, 社会信用代码, 统一代码)",
      "1:0 [category]: missing required column 'category' (or a Chinese header: 企业类别, 监管类别, 类别, 企业分类)",
    ]);
  });

  it("which of several lists a workbook holds is not guessed: past a first sheet without a header, two with one ask for --sheet", async () => {
    const header = ["统一社会信用代码", "企业名称", "信用等级", "企业类别"];
    const book = async (sheets: [string, unknown[][]][]) => {
      const wb = new ExcelJS.Workbook();
      for (const [name, rows] of sheets) wb.addWorksheet(name).addRows(rows);
      return tmpFile("e.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()));
    };
    const two = await book([
      ["填表说明", [["请勿修改表头"]]],
      ["2025年", [header, [A, "清河食品", "B", "一般"]]],
      ["2026年", [header, [B, "恒通机械", "C", "一般"]]],
    ]);
    expect(await problemsOf(readEnterprises(two))).toEqual([
      "0:0: the first sheet, '填表说明', has no header, and sheets '2025年', '2026年' each have one: give --sheet to say which to read",
    ]);
    expect((await readEnterprises(two, { sheet: "2026年" })).records.map((e) => e.uscc)).toEqual([B]);
    // A first sheet with a header is read, as always; the others with one are named.
    const firstHeaded = await book([
      ["2026年", [header, [B, "恒通机械", "C", "一般"]]],
      ["2025年", [header, [A, "清河食品", "B", "一般"]]],
    ]);
    const read = await readEnterprises(firstHeaded);
    expect(read.records.map((e) => e.uscc)).toEqual([B]);
    expect(read.notices).toEqual([
      `note: read the first sheet, '2026年', of ${firstHeaded}; sheet(s) '2025年' have a header too and were not read (give --sheet to read another)`,
    ]);
    // A first sheet whose header lacks a column is the list meant: it is not passed over for
    // another sheet, and its header row (below a title) says what it lacks.
    const lacking = await book([
      ["名单", [["淮安区名单"], header.slice(0, 3), [A, "清河食品", "B"]]],
      ["旧名单", [header, [B, "恒通机械", "C", "一般"]]],
    ]);
    expect(await problemsOf(readEnterprises(lacking))).toEqual([
      "2:0 [category]: missing required column 'category' (or a Chinese header: 企业类别, 监管类别, 类别, 企业分类)",
    ]);
    // A column named twice is said with the sheet too: the sheet read need not be the first.
    const twice = await book([
      ["填表说明", [["请勿修改表头"]]],
      [
        "名单",
        [
          [...header, "信用等级"],
          [A, "清河食品", "B", "一般", "C"],
        ],
      ],
    ]);
    const problem = await firstProblem(readEnterprises(twice));
    expect(problem).toMatchObject({
      line: 1,
      col: 5,
      sheet: "名单",
      message: "duplicate column '信用等级' (also column 3)",
    });
  });

  it("reads NDJSON and JSON", async () => {
    const nd = tmpFile(
      "e.ndjson",
      `{"uscc":"${A}","grade":"D","category":"general","departments":["市场监管局"]}\n\n{"uscc":"${B}","grade":null,"category":"key"}\n`,
    );
    const r = await readEnterprises(nd);
    expect(r.records.map((e) => [e.uscc, e.grade, e.category, e.departments])).toEqual([
      [A, "D", "general", ["市场监管局"]],
      [B, null, "key", []],
    ]);
    const js = tmpFile("e.json", JSON.stringify([{ uscc: C, category: "一般", grade: "A" }]));
    expect((await readEnterprises(js)).records[0]).toMatchObject({
      uscc: C,
      category: "general",
      grade: "A",
    });
  });

  it("a JSON or NDJSON record names its own columns: 信用等级 in one, grade in another, or an empty key left out", async () => {
    const lines = [
      { uscc: A, category: "general" },
      { 统一社会信用代码: B, 信用等级: "D", 企业类别: "一般", employees: 40 },
      { USCC: C, Grade: "C", category: "key", employees: 12 },
    ];
    const facts = { employees: { type: "number" as const } };
    const nd = tmpFile("e.ndjson", lines.map((l) => JSON.stringify(l)).join("\n"));
    const js = tmpFile("e.json", JSON.stringify(lines));
    for (const file of [nd, js]) {
      const r = await readEnterprises(file, { facts });
      expect(r.records.map((e) => [e.uscc, e.grade, e.category, e.extra.employees])).toEqual([
        [A, null, "general", undefined],
        [B, "D", "general", 40],
        [C, "C", "key", 12],
      ]);
    }
    // A problem names the key the record writes; a declared fact no record has is still refused.
    const bad = tmpFile(
      "e.ndjson",
      `{"uscc":"${A}","category":"general"}\n{"uscc":"${B}","信用等级":"E","category":"general"}\n`,
    );
    const problem = await firstProblem(readEnterprises(bad));
    expect(problem).toMatchObject({ line: 2, col: 2, column: "grade", header: "信用等级" });
    expect(await problemsOf(readEnterprises(nd, { facts: { staff: { type: "number" } } }))).toEqual([
      "1:0 [staff]: no column staff: the policy declares it a fact (facts:), which its rules would see empty for every enterprise",
    ]);
    expect(
      await problemsOf(readEnterprises(tmpFile("e.ndjson", `{"uscc":"${A}"}\n{"uscc":"${B}"}\n`))),
    ).toEqual([
      "1:0 [category]: missing required column 'category' (or a Chinese header: 企业类别, 监管类别, 类别, 企业分类)",
    ]);
  });

  it("a record of a JSON array is named by its number and the line it begins on, in a file written a key a line or all on one", async () => {
    const records = [
      { uscc: A, category: "general" },
      { uscc: B, grade: "Z", category: "general" },
      { uscc: A, category: "general" },
    ];
    const pretty = tmpFile("e.json", JSON.stringify(records, null, 2));
    const one = tmpFile("e.json", JSON.stringify(records));
    const places = async (file: string) =>
      readEnterprises(file).then(
        () => [],
        (e: InputError) => e.problems.map((p) => [p.line, p.record, p.column, p.message]),
      );
    expect(await places(pretty)).toEqual([
      [6, 2, "grade", "unknown grade 'Z' (expected A, B, C, D or empty for ungraded)"],
      [11, 3, "uscc", `duplicate unified social credit code '${A}' (also in record 1 at line 2)`],
    ]);
    expect(await places(one)).toEqual([
      [1, 2, "grade", "unknown grade 'Z' (expected A, B, C, D or empty for ungraded)"],
      [1, 3, "uscc", `duplicate unified social credit code '${A}' (also in record 1 at line 1)`],
    ]);
  });

  it("reports every bad row with file, row, column and reason, and returns nothing", async () => {
    const file = tmpFile(
      "e.csv",
      `uscc,grade,category\n${A},E,general\n9131000063169638,A,key\n${C},A,商业\n${B},,\n`,
    );
    expect(await problemsOf(readEnterprises(file))).toEqual([
      "2:2 [grade]: unknown grade 'E' (expected A, B, C, D or empty for ungraded)",
      "3:1 [uscc]: invalid unified social credit code '9131000063169638': wrong length: 16 characters, expected 18",
      "4:3 [category]: unknown category '商业' (expected key/重点 or general/一般)",
      "5:3 [category]: the category is empty (expected key/重点 or general/一般)",
    ]);
  });

  it("a fact the policy declares must have its column, and each value its type, named at row and column", async () => {
    const facts = {
      employees: { type: "number" },
      certified: { type: "boolean" },
      note: { type: "string" },
    } as const;
    const lacking = tmpFile("e.csv", `uscc,category,employees\n${A},general,12\n`);
    expect(await problemsOf(readEnterprises(lacking, { facts }))).toEqual([
      "1:0 [certified]: no column certified: the policy declares it a fact (facts:), which its rules would see empty for every enterprise",
      "1:0 [note]: no column note: the policy declares it a fact (facts:), which its rules would see empty for every enterprise",
    ]);
    const file = tmpFile(
      "e.csv",
      `uscc,category,employees,certified,note\n${A},general,12,是,x\n${B},general,"1,200",否,\n${C},key,,maybe,y\n`,
    );
    expect(await problemsOf(readEnterprises(file, { facts, lang: "zh" }))).toEqual([
      "3:3 [employees]: “1,200”不是数字：政策将 employees 声明为数值型事实",
      "4:4 [certified]: “maybe”不是“是/否”：政策将 certified 声明为是否型事实",
    ]);
    // Empty is unknown (null to the rules), not wrong; without a policy's facts nothing is checked.
    expect((await readEnterprises(file)).records.map((e) => e.extra.employees)).toEqual(["12", "1,200", ""]);
  });

  it("a duplicate code is an error naming both rows", async () => {
    const file = tmpFile("e.csv", `uscc,category\n${A},general\n${B},general\n${A.toLowerCase()},key\n`);
    expect(await problemsOf(readEnterprises(file))).toEqual([
      `4:1 [uscc]: duplicate unified social credit code '${A}' (also on row 2)`,
    ]);
  });

  it("every repeated key is an error naming the row of its first occurrence, however many repeat", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 300 }),
        async (picks) => {
          const ids = picks.map((k) => `ZF${k}`);
          const file = tmpFile("i.csv", `id,department\n${ids.map((id) => `${id},市场监管局`).join("\n")}\n`);
          const firstRow = new Map<string, number>();
          const want: string[] = [];
          ids.forEach((id, i) => {
            const row = i + 2;
            const first = firstRow.get(id);
            if (first === undefined) firstRow.set(id, row);
            else want.push(`${row}:1 [id]: duplicate inspector id '${id}' (also on row ${first})`);
          });
          expect(await problemsOf(readInspectors(file))).toEqual(want);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("normalised codes are reported once", async () => {
    const file = tmpFile("e.csv", `uscc,category\n ${A.toLowerCase()},general\n${B.toLowerCase()},general\n`);
    const r = await readEnterprises(file);
    expect(r.records.map((e) => e.uscc)).toEqual([A, B]);
    expect(r.notices).toEqual([
      `${file}: 2 unified social credit code(s) were in lower case, full-width or padded with spaces and have been normalised`,
    ]);
  });

  it('a CSV field reads as Excel shows it: the marks exports put on a code for Excel to keep it as text (="00123", \'00123) are left out, and a quote inside a field that does not begin with one is text', async () => {
    const enterprises = tmpFile(
      "e.csv",
      `uscc,name,category\n="${A}",="甲 ""旗舰店""",general\n'${B},5"门店,general\n"=""${C}""",=SUM(A1),general\n`,
    );
    const r = await readEnterprises(enterprises);
    expect(r.records.map((e) => [e.uscc, e.name])).toEqual([
      [A, '甲 "旗舰店"'],
      [B, '5"门店'],
      [C, "=SUM(A1)"],
    ]);
    expect(r.notices).toEqual([]);
    // An inspector id kept with its leading zeros that way is the id a conflict names.
    const inspectors = await readInspectors(
      tmpFile("i.csv", `id,department\n="00123",市场监管局\n'00456,市场监管局\n`),
    );
    expect(inspectors.records.map((i) => i.id)).toEqual(["00123", "00456"]);
    // A code so marked that is not one is named as it reads.
    expect(await problemsOf(readEnterprises(tmpFile("e.csv", `uscc,category\n="123",general\n`)))).toEqual([
      "2:1 [uscc]: invalid unified social credit code '123': wrong length: 3 characters, expected 18",
    ]);
  });

  it("enterprises read to be drawn from that name no supervising department are said: no task's pool holds them; a file with no department or no grade at all is said once", async () => {
    const some = tmpFile(
      "e.csv",
      `uscc,grade,category,监管部门\n${A},B,general,市场监管局\n${B},,general,\n${C},C,key,\n`,
    );
    expect((await readEnterprises(some, { pooled: true })).notices).toEqual([
      `note: 2 enterprise(s) of ${some} name no supervising department (departments, 监管部门) and are in no task's pool: row 3, row 4`,
    ]);
    expect((await readEnterprises(some, { pooled: true, lang: "zh" })).notices).toEqual([
      `提示：${some} 中 2 家企业未填写监管部门，不在任何任务的抽取范围内：第 3 行、第 4 行`,
    ]);
    // Read for their names (publish) or one enterprise (explain), nothing is said.
    expect((await readEnterprises(some)).notices).toEqual([]);
    // A file where none does, or none has a grade (both exported without the column), is said once.
    const none = tmpFile("e.json", JSON.stringify([{ uscc: A, category: "general" }], null, 2));
    expect((await readEnterprises(none, { pooled: true })).notices).toEqual([
      `note: ${none}: no enterprise names a supervising department (column departments, 监管部门): every task's pool would be empty`,
      `note: ${none}: no enterprise has a credit grade (column grade, 信用等级): every one would be drawn as ungraded`,
    ]);
  });

  it("reads grades as offices write them: the letter with 级 or 类, full-width, the seed policy's names, or the national credit-risk levels", async () => {
    const cells = ["A", "a级", "Ａ级", "B 类", "一般失信类", "严重失信", "A级诚信守法类", ""];
    const risk = [
      "低风险",
      "信用风险一般",
      "风险较高类",
      "C类（信用风险较高）",
      "D(高风险)",
      "B类(一般风险)",
    ];
    const random = seedrandom("grades");
    const rows = [...cells, ...risk].map((g) => `${makeUscc(random)},${g},general`);
    const r = await readEnterprises(tmpFile("e.csv", `uscc,grade,category\n${rows.join("\n")}\n`));
    expect(r.records.map((e) => e.grade)).toEqual([
      "A",
      "A",
      "A",
      "B",
      "C",
      "D",
      "A",
      null,
      "A",
      "B",
      "C",
      "C",
      "D",
      "B",
    ]);
    // A letter and a name that disagree, a level the national classification does not have, or
    // neither letter nor name, are errors naming the cell.
    const D = makeUscc(random);
    const bad = await problemsOf(
      readEnterprises(
        tmpFile(
          "e.csv",
          `uscc,grade,category\n${A},A级严重失信,general\n${B},E,general\n${C},A类（信用风险高）,general\n${D},较低风险,general\n`,
        ),
      ),
    );
    expect(bad).toEqual([
      "2:2 [grade]: unknown grade 'A级严重失信' (expected A, B, C, D or empty for ungraded)",
      "3:2 [grade]: unknown grade 'E' (expected A, B, C, D or empty for ungraded)",
      "4:2 [grade]: unknown grade 'A类（信用风险高）' (expected A, B, C, D or empty for ungraded)",
      "5:2 [grade]: unknown grade '较低风险' (expected A, B, C, D or empty for ungraded)",
    ]);
  });

  it("reads categories, the abnormal list and inspectors' status in the words offices use", async () => {
    const random = seedrandom("words");
    const rows = [
      ["重点监管", "已列入"],
      ["一般监管对象", "已移出"],
      ["重点", "未列入"],
    ].map(([c, a]) => `${makeUscc(random)},${c},${a}`);
    const r = await readEnterprises(tmpFile("e.csv", `uscc,category,abnormal\n${rows.join("\n")}\n`));
    expect(r.records.map((e) => [e.category, e.abnormal])).toEqual([
      ["key", true],
      ["general", false],
      ["key", false],
    ]);
    const statuses = ["在岗", "在职", "正常", "离岗", "调离", "退休", "停用"];
    const inspectors = statuses.map((st, k) => `HA${k},市场监管局,${st}`).join("\n");
    const i = await readInspectors(tmpFile("i.csv", `执法人员编号,所属部门,状态\n${inspectors}\n`));
    expect(i.records.map((x) => x.active)).toEqual([true, true, true, false, false, false, false]);
    // A word that is not one, even the name of one of Object's members, is refused with its cell.
    expect(
      await problemsOf(
        readEnterprises(
          tmpFile("e.csv", `uscc,category,abnormal\n${A},constructor,toString\n${B},监管,休假\n`),
        ),
      ),
    ).toEqual([
      "2:2 [category]: unknown category 'constructor' (expected key/重点 or general/一般)",
      "2:3 [abnormal]: 'toString' is not yes/no",
      "3:2 [category]: unknown category '监管' (expected key/重点 or general/一般)",
      "3:3 [abnormal]: '休假' is not yes/no",
    ]);
    expect(
      await problemsOf(readHistory(tmpFile("h.csv", `uscc,date,kind\n${A},2025-03-01,__proto__\n`))),
    ).toEqual([
      "2:3 [kind]: unknown inspection kind '__proto__' (expected random, joint, targeted or complaint)",
    ]);
  });

  it("a code typed in full-width characters is read as its ASCII form, and counted as normalised", async () => {
    const wide = A.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const file = tmpFile("e.csv", `uscc,category\n${wide},general\n`);
    const r = await readEnterprises(file, { lang: "zh" });
    expect(r.records.map((e) => e.uscc)).toEqual([A]);
    expect(r.notices).toEqual([`${file}：1 个统一社会信用代码含小写字母、全角字符或空格，已规范化`]);
  });

  it("an empty file, a header only, and a missing required column each have their own message", async () => {
    expect(await problemsOf(readEnterprises(tmpFile("e.csv", "")))).toEqual(["1:1: the file is empty"]);
    expect(await problemsOf(readEnterprises(tmpFile("e.csv", "uscc,grade,category\n")))).toEqual([
      "2:1: the file has a header but no data rows",
    ]);
    expect(await problemsOf(readEnterprises(tmpFile("e.csv", "name,grade\nx,A\n")))).toEqual([
      "1:0 [uscc]: missing required column 'uscc' (or a Chinese header: 统一社会信用代码, 信用代码, 社会信用代码, 统一代码)",
      "1:0 [category]: missing required column 'category' (or a Chinese header: 企业类别, 监管类别, 类别, 企业分类)",
    ]);
    // Without the category column every row would be refused for its empty category: the file is
    // refused once, for the column, instead of up to 100 times.
    expect(
      await problemsOf(
        readEnterprises(tmpFile("e.csv", "统一社会信用代码,企业名称\n91320803H5M7NGT02U,x\n")),
      ),
    ).toEqual([
      "1:0 [category]: missing required column 'category' (or a Chinese header: 企业类别, 监管类别, 类别, 企业分类)",
    ]);
    expect(
      await problemsOf(
        readEnterprises(tmpFile("e.csv", "统一社会信用代码,企业名称\n91320803H5M7NGT02U,x\n"), {
          lang: "zh",
        }),
      ),
    ).toEqual([
      "1:0 [category]: 缺少必需的列“企业类别”（表头可写作 category、企业类别、监管类别、类别、企业分类）",
    ]);
    expect(await problemsOf(readEnterprises(tmpFile("e.txt.gz", "x")))).toEqual([
      "0:0: unknown file type: use .csv (or .txt, .tsv), .xlsx (or .xlsm), .json or .ndjson (or .jsonl)",
    ]);
  });

  it("a .tsv is read with tabs, a comma in its header is text; a macro-enabled .xlsm is read as a workbook; extensions in capitals too", async () => {
    const tsv = tmpFile("企业.TSV", `统一社会信用代码\t企业类别\t注册资本(万元,人民币)\n${A}\t一般\t500\n`);
    expect((await readEnterprises(tsv)).records[0]).toMatchObject({
      uscc: A,
      category: "general",
      extra: { "注册资本(万元,人民币)": "500" },
    });
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("企业").addRows([
      ["统一社会信用代码", "企业类别"],
      [A, "重点"],
    ]);
    const xlsm = tmpFile("企业.xlsm", new Uint8Array(await wb.xlsx.writeBuffer()));
    expect((await readEnterprises(xlsm)).records[0]).toMatchObject({ uscc: A, category: "key" });
  });

  it("a file that cannot be read as a table is described in the language asked for, at the same place", async () => {
    const dir = tmp();
    mkdirSync(join(dir, "folder.csv"));
    const files = [
      join(dir, "missing.csv"),
      join(dir, "folder.csv"),
      tmpFile("e.csv", ""),
      tmpFile("e.doc", "x"),
      tmpFile("企业名录.xls", "x"),
      tmpFile("e.csv", "uscc,uscc\nx,y\n"),
      tmpFile("e.csv", "uscc,category\nx,general,extra\n"),
      tmpFile("e.json", "{}"),
      tmpFile("e.ndjson", "[1]\n"),
      // UTF-16, as Excel's Unicode Text export writes it: read, and its rows placed as in any CSV.
      tmpFile("e.txt", Buffer.from("\ufeffuscc\t类别\r\nx\tgeneral\textra\r\n", "utf16le")),
    ];
    const en = await Promise.all(files.map((f) => problemsOf(readEnterprises(f))));
    const zh = await Promise.all(files.map((f) => problemsOf(readEnterprises(f, { lang: "zh" }))));
    expect(en.map((p) => p[0])).toEqual([
      "0:0: no such file",
      "0:0: this is a folder, not a file",
      "1:1: the file is empty",
      "0:0: unknown file type: use .csv (or .txt, .tsv), .xlsx (or .xlsm), .json or .ndjson (or .jsonl)",
      "0:0: .xls workbooks are not read: save the sheet as .xlsx (Excel Workbook) or .csv",
      "1:2: duplicate column 'uscc' (also column 1)",
      "2:0: CSV: the row does not have the header's 2 columns",
      "1:1: JSON: expected an array of records",
      "1:1: NDJSON: the line is not a JSON object",
      "2:0: CSV: the row does not have the header's 2 columns",
    ]);
    zh.forEach((p, k) => {
      const [where, message] = [p[0].split(": ")[0], p[0].slice(p[0].indexOf(": ") + 2)];
      expect(where, files[k]).toBe(en[k][0].split(": ")[0]);
      expect(message, files[k]).toMatch(/[\u4e00-\u9fff]/);
    });
    expect(zh[0][0]).toBe("0:0: 文件不存在");
    expect(zh[4][0]).toBe("0:0: 不能读取 .xls 工作簿：请将其另存为 .xlsx（Excel 工作簿）或 .csv");
  });

  it("stops listing after the limit and counts the rest", async () => {
    const rows = Array.from({ length: 150 }, () => "bad,general").join("\n");
    const got = await problemsOf(
      readEnterprises(tmpFile("e.csv", `uscc,category\n${rows}\n`), { maxProblems: 100 }),
    );
    expect(got).toHaveLength(101);
    expect(got[100]).toMatch(/\.\.\. and 50 more problem\(s\)$/);
  });

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

describe("inspector, conflict, history and result files", () => {
  it("a column an inspector, conflicts, history or results file does not read is said, with the columns it does read; capacity under its office names", async () => {
    const file = tmpFile(
      "i.csv",
      "执法人员编号,姓名,所属部门,每期最多检查次数,备注\nHA001,王伟,市场监管局,5,组长\n",
    );
    const r = await readInspectors(file, { lang: "zh" });
    expect(r.records[0].capacity).toBe(5);
    expect(r.notices).toEqual([
      `提示：${file} 的列 备注 不会被读取（执法人员名录的列为 执法人员编号（id）、执法人员（name）、所属部门（department）、执法证号（licenseNo）、执法证有效期（licenseExpires）、检查事项（items）、在岗（active）、检查能力（capacity））：如其中有本应读取的列，请修改表头`,
    ]);
    const history = tmpFile("h.csv", "uscc,date,inspection result\n91110108551385082Q,2025-03-01,none\n");
    expect((await readHistory(history)).notices[0]).toMatch(
      /^note: column\(s\) inspection result of .*h\.csv are not read \(the columns of history files are uscc \(统一社会信用代码\), date/,
    );
    // An enterprise file's other columns are facts rules may read: nothing to say.
    const e = tmpFile("e.csv", "uscc,category,备注\n91110108551385082Q,general,x\n");
    expect((await readEnterprises(e)).notices).toEqual([]);
  });

  it("reads inspectors; an inspector without a department is an error", async () => {
    const file = tmpFile(
      "i.csv",
      "执法人员编号,姓名,所属部门,执法证号,执法证有效期,检查事项,在岗,检查能力\nHA001,王伟,市场监管局,320801,2028/12/31,SC-GS；SC-SP,是,6\nHA002,李娜,,320802,,,否,\n",
    );
    expect(await problemsOf(readInspectors(file))).toEqual([
      "3:3 [department]: the inspector has no department",
    ]);
    const ok = tmpFile(
      "i.csv",
      "id,name,department,licenseExpires,items,active,capacity\nHA001,王伟,市场监管局,2028/12/31,SC-GS；SC-SP,是,6\nHA002,李娜,人社局,,,,\n",
    );
    expect((await readInspectors(ok)).records).toEqual([
      {
        id: "HA001",
        name: "王伟",
        department: "市场监管局",
        licenseNo: "",
        licenseExpires: "2028-12-31",
        items: ["SC-GS", "SC-SP"],
        active: true,
        capacity: 6,
      },
      {
        id: "HA002",
        name: "李娜",
        department: "人社局",
        licenseNo: "",
        licenseExpires: null,
        items: [],
        active: true,
        capacity: null,
      },
    ]);
  });

  it("a licence number written as 无, 暂无, 待发证, a dash or a slash is no number, as an empty cell is", async () => {
    const cells = ["无", "暂无", "待发证", "－", "——", "/", "N/A", " 无 ", "320801", "A-1"];
    const file = tmpFile(
      "i.csv",
      `id,department,licenseNo\n${cells.map((c, k) => `HA${k},市场监管局,${c}`).join("\n")}\n`,
    );
    expect((await readInspectors(file)).records.map((i) => i.licenseNo)).toEqual([
      ...cells.slice(0, 8).map(() => ""),
      "320801",
      "A-1",
    ]);
  });

  it("a licence expiry written 长期, 长期有效 or 永久 is a licence that does not expire, not a bad date", async () => {
    const file = tmpFile(
      "i.csv",
      "执法人员编号,所属部门,执法证号,执法证有效期\nHA1,市场监管局,,长期有效\nHA2,市场监管局,320801,永久\nHA3,市场监管局,320802,长期\nHA4,市场监管局,320803,2028-12-31\n",
    );
    const r = await readInspectors(file);
    expect(r.records.map((i) => i.licenseExpires)).toEqual([
      "9999-12-31",
      "9999-12-31",
      "9999-12-31",
      "2028-12-31",
    ]);
    expect(
      await problemsOf(
        readInspectors(tmpFile("i.csv", "id,department,licenseExpires\nHA1,市场监管局,长久\n")),
      ),
    ).toEqual(["2:3 [licenseExpires]: '长久' is not a date (use YYYY-MM-DD, YYYY/MM/DD or YYYY年M月D日)"]);
  });

  it("reads conflicts (回避)", async () => {
    const file = tmpFile("c.csv", `执法人员编号,统一社会信用代码,回避原因\nHA001,${A},近亲属任职\n`);
    expect((await readConflicts(file)).records).toEqual([
      { inspector: "HA001", uscc: A, reason: "近亲属任职" },
    ]);
  });

  it("reads history with kinds and result codes in Chinese or English", async () => {
    const file = tmpFile(
      "h.csv",
      `统一社会信用代码,检查日期,检查部门,检查类型,检查结果\n${A},2025年9月1日,市场监管局,联合检查,发现问题，已责令改正\n${B},2025-10-01,人社局,random,none\n${C},2025-10-02,,,\n`,
    );
    expect((await readHistory(file)).records).toEqual([
      { uscc: A, date: "2025-09-01", department: "市场监管局", kind: "joint", result: ["rectified"] },
      { uscc: B, date: "2025-10-01", department: "人社局", kind: "random", result: ["none"] },
      { uscc: C, date: "2025-10-02", department: "", kind: "random", result: [] },
    ]);
  });

  it("reads dates as exports write them: compact, full-width, or with a time of day", async () => {
    const dates = [
      "20260105",
      "２０２６年１月５日",
      "2026-01-05 00:00:00",
      "2026/1/5 8:05",
      "2026-01-05T08:30:00",
    ];
    const rows = dates.map((d) => `${A},${d},random,未发现问题`).join("\n");
    const r = await readHistory(tmpFile("h.csv", `uscc,date,kind,result\n${rows}\n`));
    expect(r.records.map((h) => h.date)).toEqual(dates.map(() => "2026-01-05"));
    // A time that is no time, or a date that does not exist, is still an error naming the cell.
    const bad = await problemsOf(
      readHistory(
        tmpFile(
          "h.csv",
          `uscc,date,kind,result\n${A},2026-01-05 25:00,random,未发现问题\n${A},20260230,random,未发现问题\n`,
        ),
      ),
    );
    expect(bad.map((p) => p.split(" [")[0])).toEqual(["2:2", "3:2"]);
  });

  it("rejects dates that do not exist and unknown kinds", async () => {
    const file = tmpFile("h.csv", `uscc,date,kind\n${A},2025-02-29,random\n${B},2025-03-01,inspection\n`);
    expect(await problemsOf(readHistory(file))).toEqual([
      "2:2 [date]: '2025-02-29' is not a date (use YYYY-MM-DD, YYYY/MM/DD or YYYY年M月D日)",
      "3:3 [kind]: unknown inspection kind 'inspection' (expected random, joint, targeted or complaint)",
    ]);
  });

  it("result codes: problems combine, but 'no problem found' or 'cannot be contacted' stand alone", async () => {
    const file = tmpFile(
      "r.csv",
      `uscc,date,department,item,result,inspectors\n${A},2026-03-01,市场监管局,SC-GS,未按规定公示应当公示的信息；发现问题已责令改正,HA001;HA002\n${B},2026-03-01,市场监管局,SC-GS,未发现问题;发现问题已责令改正,HA001\n${C},2026-03-01,市场监管局,SC-GS,通过登记的住所或者经营场所无法联系;未发现问题,HA001\n${C},2026-03-02,市场监管局,SC-GS,查无此码,HA001\n`,
    );
    expect(await problemsOf(readResults(file))).toEqual([
      "3:5 [result]: '未发现问题' (no problem found) cannot be combined with '发现问题已责令改正'",
      "4:5 [result]: '通过登记的住所或者经营场所无法联系' (cannot be contacted at its registered address) cannot be combined with '未发现问题'",
      "5:5 [result]: unknown result code '查无此码'",
    ]);
  });
});
