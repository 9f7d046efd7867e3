import { readFileSync, writeFileSync } from "node:fs";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import { misreadText } from "../../engine/data/misread-text.js";
import { readEnterprises, readInspectors, readResults } from "../../engine/data/read.js";
import { loadPolicyFile } from "../../engine/policy/load.js";
import { generateDistrict, HUAIAN_LIKE } from "../../engine/synthetic.js";
import { problemsOf } from "../helpers/problems.js";
import { tmp, tmpFile } from "../helpers/tmp.js";

/** UTF-8 text as a program reading it as GBK shows it (a byte it cannot read: U+FFFD). */
const asGbk = (text: string) => iconv.decode(Buffer.from(text), "gbk");
/** The same file saved again in GBK, as Excel saves a CSV on a Chinese Windows (U+FFFD: `?`). */
const savedAsGbk = (text: string) => iconv.encode(asGbk(text), "gbk");
const EXAMPLE = readFileSync("examples/enterprises.csv", "utf8");

/** GB 2312's level-1 characters, the 3,755 most used. */
const COMMON = Array.from({ length: 0xd7 - 0xb0 + 1 }, (_, i) => 0xb0 + i).flatMap((hi) =>
  Array.from({ length: hi === 0xd7 ? 0xf9 - 0xa1 + 1 : 94 }, (_, j) =>
    iconv.decode(Buffer.of(hi, 0xa1 + j), "gbk"),
  ),
);

describe("text garbled by an encoding mistake (乱码) before gradedraw read it", () => {
  it("says what UTF-8 read as GBK or as Windows-1252 says, '?' where a character was lost", () => {
    expect(misreadText(asGbk("统一社会信用代码"))).toEqual({ as: "GBK", meant: "统一社会信用代码", lost: 0 });
    expect(misreadText(asGbk("淮安市清河食品有限公司"))).toEqual({
      as: "GBK",
      meant: "淮安市清河食品有限公?",
      lost: 1,
    });
    // As Excel shows it: the byte it could not read is a '?'.
    expect(misreadText(asGbk("淮安市清河食品有限公司").replace("\ufffd", "?"))?.meant).toBe(
      "淮安市清河食品有限公?",
    );
    expect(misreadText(asGbk("一般"))?.meant).toBe("一?");
    expect(misreadText(iconv.decode(Buffer.from("市场监管局"), "win1252"))).toEqual({
      as: "Windows-1252",
      meant: "市场监管局",
      lost: 0,
    });
  });

  it("finds UTF-8 read as GBK in any text of common Chinese characters", () => {
    const random = seedrandom("garbled");
    for (let i = 0; i < 2000; i++) {
      const text = Array.from(
        { length: 2 + Math.floor(random() * 15) },
        () => COMMON[Math.floor(random() * COMMON.length)],
      ).join("");
      expect(misreadText(asGbk(text)), text).toBeDefined();
    }
  });

  it("never takes Chinese text for garbled: common characters, and a district's every name, industry and place", () => {
    const random = seedrandom("real");
    for (let i = 0; i < 200_000; i++) {
      const text = Array.from(
        { length: 1 + (i % 6) },
        () => COMMON[Math.floor(random() * COMMON.length)],
      ).join("");
      expect(misreadText(i % 2 ? `${text}?` : text), text).toBeUndefined();
    }
    const { enterprises, inspectors } = generateDistrict(HUAIAN_LIKE, "real", 20_000);
    const texts = [
      ...enterprises.flatMap((e) => [e.name, e.industry, e.region, ...e.departments]),
      ...inspectors.map((s) => s.name),
    ];
    expect(texts.filter((t) => t !== null && misreadText(t))).toEqual([]);
  });

  it("refuses a UTF-8 CSV saved again in GBK at the line where a character was cut short, saying what it says", async () => {
    const file = tmpFile("e.csv", savedAsGbk(EXAMPLE));
    const [problem] = await problemsOf(readEnterprises(file, { lang: "zh" }));
    expect(problem).toMatch(
      /^2:0: 此行为 UTF-8 文本，其中有汉字被截断，末字节处为“\?”（淮安市清河食品有限公\?）：文件曾以错误的编码打开后保存（在 Excel 中双击打开 UTF-8 编码的 CSV，即按 GBK 读取）：请直接使用系统导出的原文件/,
    );
    // A line with other characters of UTF-8 than Chinese (the middle dot of a minority name).
    const dotted = tmpFile("e.csv", savedAsGbk(EXAMPLE.replace("淮安市清河食品", "阿依古丽·买买提")));
    expect((await problemsOf(readEnterprises(dotted)))[0]).toMatch(
      /^2:0: this line is UTF-8 with Chinese characters cut short, a '\?' in place of each one's last byte \(阿依古丽·买买提有限公\?\)/,
    );
    // Its header cut short too: the file reads as GBK, and its header is garbled.
    const cut = tmpFile("e.csv", savedAsGbk(EXAMPLE.replace("企业名称", "企业名")));
    expect(await problemsOf(readEnterprises(cut))).toEqual([
      expect.stringMatching(
        /^1:1: the header '缁熶竴绀句細淇＄敤浠ｇ爜' is garbled: UTF-8 text read as GBK, it says '统一社会信用代码'; so are 8 other header\(s\): the file was saved after it was opened in the wrong encoding/,
      ),
    ]);
  });

  it("refuses a workbook of garbled text at its first garbled cell", async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("执法人员");
    sheet.addRow(["id", "name", "department"]);
    sheet.addRow(["HA001", asGbk("李勇"), asGbk("市场监管局")]);
    sheet.addRow(["HA002", asGbk("张刚"), asGbk("市场监管局")]);
    const file = `${tmp()}/i.xlsx`;
    await book.xlsx.writeFile(file);
    expect(await problemsOf(readInspectors(file))).toEqual([
      expect.stringMatching(
        /^2:2 \[name\]: '鏉庡媷' is garbled: UTF-8 text read as GBK, it says '李勇': the file was saved/,
      ),
    ]);
  });

  it("reads a file with one text that reads as garbled among others that do not", async () => {
    // 纸乳 in UTF-8 read as GBK is 绾镐钩: a name of such rare characters is not refused alone.
    const file = tmpFile("i.csv", "id,name,department\nHA001,绾镐钩,市场监管局\nHA002,张刚,市场监管局\n");
    expect((await readInspectors(file)).records.map((r) => r.name)).toEqual(["绾镐钩", "张刚"]);
  });

  it("refuses an enterprise name, a result's item code or an inspector's id holding a control character none has (a NUL of a fixed-width export), which would break the published lists, at its cell", async () => {
    const file = tmpFile("e.csv", EXAMPLE.replace("淮安市恒通机械有限公司", "淮安市恒通\u0000机械有限公司"));
    expect(await problemsOf(readEnterprises(file))).toEqual([
      "3:2 [name]: the name holds a control character (U+0000), which no name has: the file may be damaged, or exported in another encoding; remove it",
    ]);
    // An item code of a results file likewise: it is published.
    const results = tmpFile(
      "r.csv",
      readFileSync("examples/results.csv", "utf8").replace("SC-SP", "SC\u0007SP"),
    );
    expect((await problemsOf(readResults(results)))[0]).toBe(
      "3:4 [item]: the inspection item holds a control character (U+0007), which no item code has: the file may be damaged, or exported in another encoding; remove it",
    );
    // An inspector's id likewise: assignments.csv publishes it.
    const staff = tmpFile(
      "i.csv",
      readFileSync("examples/inspectors.csv", "utf8").replace("HA002", "HA\u0000002"),
    );
    expect(await problemsOf(readInspectors(staff))).toEqual([
      "3:1 [id]: the inspector id holds a control character (U+0000), which no id has: the file may be damaged, or exported in another encoding; remove it",
    ]);
    // A line break inside a quoted name (a cell of two lines in Excel) is no control character of this kind.
    const twoLines = tmpFile(
      "e.csv",
      EXAMPLE.replace("淮安市恒通机械有限公司", '"淮安市恒通\n机械有限公司"'),
    );
    expect(await problemsOf(readEnterprises(twoLines))).toEqual([]);
  });

  it("says the enterprise names with a '?' beside Chinese characters, as Excel saving a CSV in GBK writes a rare character (生僻字); reads them as written", async () => {
    const gbk = iconv.encode(
      "统一社会信用代码,企业名称,企业类别\n91110108551385082Q,淮安市王?记商店,一般\n913208033E09P7LM0N,恒通机械?,一般\n",
      "gbk",
    );
    const r = await readEnterprises(tmpFile("e.csv", gbk), { lang: "zh" });
    expect(r.records.map((e) => e.name)).toEqual(["淮安市王?记商店", "恒通机械?"]);
    expect(r.notices.filter((n) => n.includes("?"))).toEqual([
      expect.stringMatching(
        /^提示：.*e\.csv 中 2 家企业的名称在汉字旁有“\?”（第 2 行：淮安市王\?记商店；第 3 行：恒通机械\?）：这是文件所用编码没有的字/,
      ),
    ]);
  });

  it("refuses a policy file an editor garbled so, at its first garbled value, or at the line where a character was cut short", () => {
    const seed = readFileSync("policies/huaian-2021/1.0.0.yaml");
    const dir = tmp();
    const utf8 = `${dir}/utf8.yaml`;
    writeFileSync(utf8, asGbk(seed.toString("utf8")));
    const [value, ...rest] = loadPolicyFile(utf8).problems;
    expect(rest).toEqual([]);
    expect(`${value.line}:${value.col}: ${value.message}`).toMatch(
      /^15:13: '.*' is garbled: UTF-8 text read as GBK, it says '淮双随机联席办\?2021\?6\?' \(a character lost at each '\?'\); so are 42 other value\(s\): the file was saved after an editor opened it in the wrong encoding/,
    );
    const gbk = `${dir}/gbk.yaml`;
    writeFileSync(gbk, savedAsGbk(seed.toString("utf8")));
    expect(loadPolicyFile(gbk, "zh").problems.map((p) => `${p.line}:${p.col}: ${p.message}`)).toEqual([
      expect.stringMatching(
        /^3:1: 此行为 UTF-8 文本，其中有汉字被截断，末字节处为“\?”（….*（试行\?）：文件曾被编辑器以错误的编码打开后保存/,
      ),
    ]);
  });

  it("refuses a file whose Chinese was lost to U+FFFD (GBK read as UTF-8 and saved again), in a table's header or cells and in a policy's values", async () => {
    const lost = (text: string) => iconv.encode(text, "gbk").toString("utf8");
    const header = tmpFile("e.csv", lost(EXAMPLE));
    expect(await problemsOf(readEnterprises(header))).toEqual([
      expect.stringMatching(
        /^1:1: the header: '.*\ufffd.*' has characters lost \(�\), which nothing can read back: GBK text read as UTF-8/,
      ),
    ]);
    const cells = tmpFile("i.csv", `id,name,department\nHA001,${lost("李勇")},${lost("市场监管局")}\n`);
    expect(await problemsOf(readInspectors(cells))).toEqual([
      expect.stringMatching(/^2:2 \[name\]: '.*' has characters lost \(�\)/),
    ]);
    // One name with a � among names read well: the source system's own, read as written.
    const one = tmpFile("i.csv", `id,name,department\nHA001,王\ufffd,市场监管局\nHA002,张刚,市场监管局\n`);
    expect((await readInspectors(one)).records.map((r) => r.name)).toEqual(["王\ufffd", "张刚"]);
    const policy = `${tmp()}/p.yaml`;
    writeFileSync(policy, lost(readFileSync("policies/huaian-2021/1.0.0.yaml", "utf8")));
    const [problem] = loadPolicyFile(policy).problems;
    expect(`${problem.line}:${problem.col}: ${problem.message}`).toMatch(
      /^13:7: '.*' has characters lost \(�\), which nothing can read back: GBK text an editor read as UTF-8/,
    );
  });
});
