import iconv from "iconv-lite";
import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import { readEnterprises } from "../../engine/data/read.js";
import { makeUscc } from "../../engine/data/uscc.js";
import { A, B } from "../helpers/codes.js";
import { problemsOf } from "../helpers/problems.js";
import { tmpFile } from "../helpers/tmp.js";

describe("enterprise files in the encodings offices save them in: GBK, GB18030, UTF-16 and UTF-8", () => {
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
});
