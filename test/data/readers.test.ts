import { mkdirSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import fc from "fast-check";
import iconv from "iconv-lite";
import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import { problemLine } from "../../bin/context.js";
import {
  readConflicts,
  readEnterprises,
  readHistory,
  readInspectors,
  readResults,
} from "../../engine/data/read.js";
import { makeUscc } from "../../engine/data/uscc.js";
import { typedFact } from "../../engine/facts.js";
import { today } from "../../engine/period.js";
import type { InputError, Problem } from "../../engine/problem.js";
import { A, B, C } from "../helpers/codes.js";
import { problemsOf } from "../helpers/problems.js";
import { tmp, tmpFile } from "../helpers/tmp.js";

describe("enterprise files", () => {
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
      `${file}: 2 unified social credit code(s) were in lower case, full-width, or padded with spaces or characters that show as nothing (a zero-width space, as text copied from a web page has), and have been normalised`,
    ]);
  });

  it("characters that show as nothing (a zero-width space copied from a web page) are not read: in a code, a grade, a category, a department, a tag, the abnormal list; in an inspector's id, department and items; in a result's department, item and inspectors", async () => {
    const z = "\u200b";
    const file = tmpFile(
      "e.csv",
      `uscc,grade,category,departments,tags,abnormal\n${A}${z},B${z},general,市场监管局${z};${z},重点${z}行业,是${z}\n${z}${B},,一般${z},\u2060人社局,,未列入${z}\n`,
    );
    const r = await readEnterprises(file);
    expect(r.records.map((e) => [e.uscc, e.grade, e.category, e.departments, e.tags, e.abnormal])).toEqual([
      [A, "B", "general", ["市场监管局"], ["重点行业"], true],
      [B, null, "general", ["人社局"], [], false],
    ]);
    expect(r.notices[0]).toMatch(/^.*: 2 unified social credit code\(s\) were/);
    const staff = tmpFile("i.csv", `id,department,items\nHA001${z},市场监管局${z},SC-GS${z}；${z}SC-SP\n`);
    expect((await readInspectors(staff)).records.map((i) => [i.id, i.department, i.items])).toEqual([
      ["HA001", "市场监管局", ["SC-GS", "SC-SP"]],
    ]);
    const results = tmpFile(
      "r.csv",
      `uscc,date,department,item,result,inspectors\n${A},2026-03-01,${z}市场监管局,SC-GS${z},未发现问题,HA001${z};HA002\n`,
    );
    expect((await readResults(results)).records.map((x) => [x.department, x.item, x.inspectors])).toEqual([
      ["市场监管局", "SC-GS", ["HA001", "HA002"]],
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

  it("enterprises read to be drawn from whose registration status (登记状态) says they are no longer in business (注销, 吊销, 迁出), or with a day in a column of the day they left (注销日期), are said with their rows; the column is not recorded unless declared a fact", async () => {
    const file = tmpFile(
      "e.csv",
      `统一社会信用代码,信用等级,企业类别,监管部门,登记状态\n${A},B,一般,市场监管局,存续（在营、开业、在册）\n${B},C,一般,市场监管局,注销\n${C},,一般,市场监管局,"吊销，未注销"\n`,
    );
    const drawn = await readEnterprises(file, { pooled: true, onlyUsedColumns: true });
    expect(drawn.notices).toEqual([
      `note: 2 enterprise(s) of ${file} are no longer in business by their registration status or the day they left (吊销，未注销 1, 注销 1), at row(s) 3, 4: they are in the pools like the others, and one drawn is a visit to nobody; take them out of the file, or leave them out by a rule on the column (declared under facts:)`,
    ]);
    expect(drawn.records.map((e) => e.extra)).toEqual([{}, {}, {}]);
    const zh = await readEnterprises(file, { pooled: true, lang: "zh" });
    expect(zh.notices).toEqual([
      `提示：${file} 中 2 家企业的登记状态或注销、吊销等日期显示已不在登记地经营（吊销，未注销 1 家、注销 1 家），见第 3、4 行：它们与其他企业一样在抽取范围内，抽中即为无效检查；请从文件中删除，或在政策中声明该列为事实（facts:）并以规则排除`,
    ]);
    // Declared a fact, the column is read for the rules as any other.
    const facts = { 登记状态: { type: "string" as const } };
    const declared = await readEnterprises(file, { pooled: true, onlyUsedColumns: true, facts });
    expect(declared.records.map((e) => e.extra.登记状态)).toEqual([
      "存续（在营、开业、在册）",
      "注销",
      "吊销，未注销",
    ]);
    // Read for names (publish) or one enterprise (explain), nothing is said.
    expect((await readEnterprises(file)).notices).toEqual([]);
    // A day in a column of the day an enterprise left (注销日期, 吊销日期), the status empty or in business: gone too, once a row.
    const dated = tmpFile(
      "e.csv",
      `统一社会信用代码,信用等级,企业类别,监管部门,登记状态,注销日期,吊销日期\n${A},B,一般,市场监管局,存续,,\n${B},C,一般,市场监管局,,2025-03-01,\n${C},,一般,市场监管局,注销,2024-05-06,\n`,
    );
    const left = await readEnterprises(dated, { pooled: true, onlyUsedColumns: true });
    expect(left.notices).toEqual([
      `note: 2 enterprise(s) of ${dated} are no longer in business by their registration status or the day they left (注销 1, 注销日期 1), at row(s) 3, 4: they are in the pools like the others, and one drawn is a visit to nobody; take them out of the file, or leave them out by a rule on the column (declared under facts:)`,
    ]);
    expect(left.records.map((e) => e.extra)).toEqual([{}, {}, {}]);
  });

  it("a list in a cell is separated by ; ； 、 , ， or a line break (a sheet's cell after Alt+Enter): departments, tags and a declared list fact alike, the fact recorded as the list", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("企业");
    ws.addRow(["统一社会信用代码", "信用等级", "企业类别", "监管部门", "标签", "许可类别"]);
    ws.addRow([A, "B", "一般", "市场监管局\n人社局", "重点行业，食品", "食品经营\r\n药品经营"]);
    ws.addRow([B, "C", "一般", "市场监管局，生态环境局", "特种设备,重点行业", "食品经营、药品经营"]);
    ws.addRow([C, "A", "重点", "市场监管局; 应急管理局", "", ""]);
    const file = tmpFile("e.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()));
    const facts = { 许可类别: { type: "list" as const } };
    const read = await readEnterprises(file, { facts });
    expect(read.records.map((e) => [e.departments, e.tags, e.extra.许可类别])).toEqual([
      [
        ["市场监管局", "人社局"],
        ["重点行业", "食品"],
        ["食品经营", "药品经营"],
      ],
      [
        ["市场监管局", "生态环境局"],
        ["特种设备", "重点行业"],
        ["食品经营", "药品经营"],
      ],
      [["市场监管局", "应急管理局"], [], ""],
    ]);
    expect(typedFact(read.records[0].extra.许可类别, "list")).toEqual(["食品经营", "药品经营"]);
    // A draw that recorded a list fact as its text is verified as it was split then: on ; ； 、 alone.
    expect(typedFact("食品经营,药品经营；特种设备", "list")).toEqual(["食品经营,药品经营", "特种设备"]);
  });

  it("reads grades as offices write them: the letter with 级 or 类, full-width, the seed policy's names, or the national credit-risk levels; 未分级 and a dash as ungraded", async () => {
    const cells = ["A", "a级", "Ａ级", "B 类", "一般失信类", "严重失信", "A级诚信守法类", ""];
    const risk = [
      "低风险",
      "信用风险一般",
      "风险较高类",
      "C类（信用风险较高）",
      "D(高风险)",
      "B类(一般风险)",
      // The grade of an enterprise as a column of them says it; a letter and its level joined by a dash.
      "B类企业",
      "D-高风险",
      "C：较高风险",
      // A note in brackets that names no grade: the letter's.
      "B级（2025年度评定）",
      // No grade, in the words and marks an export writes for one: ungraded, as an empty cell.
      "未分级",
      "暂无评级",
      // As a column of the national credit-risk classification (信用风险分类结果) says it.
      "未分类",
      "无",
      "—",
      "/",
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
      "B",
      "D",
      "C",
      "B",
      null,
      null,
      null,
      null,
      null,
      null,
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
      // As a column of enterprises, or a directory's status, says it; a box ticked or crossed.
      ["重点类企业", "已列入经营异常名录"],
      ["一般企业", "未列入经营异常名录"],
      ["非重点", "√"],
      ["重点企业", "×"],
      // As a supervision system's export says it.
      ["重点监管企业", "否"],
      ["一般监管企业", "否"],
      ["非重点企业", "否"],
      ["普通", "否"],
      // A note in brackets after the word, as an export adds the date or the reason.
      ["一般", "列入（2025-03-01，未按规定报送年报）"],
      ["一般", "已列入(2024年6月)"],
    ].map(([c, a]) => `${makeUscc(random)},${c},${a}`);
    const r = await readEnterprises(tmpFile("e.csv", `uscc,category,abnormal\n${rows.join("\n")}\n`));
    expect(r.records.map((e) => [e.category, e.abnormal])).toEqual([
      ["key", true],
      ["general", false],
      ["key", false],
      ["key", true],
      ["general", false],
      ["general", true],
      ["key", false],
      ["key", false],
      ["general", false],
      ["general", false],
      ["general", false],
      ["general", true],
      ["general", true],
    ]);
    // A note naming a status too says both: refused.
    expect(
      await problemsOf(readEnterprises(tmpFile("e.csv", `uscc,category,abnormal\n${A},一般,是（已移出）\n`))),
    ).toEqual(["2:3 [abnormal]: '是（已移出）' is not yes/no"]);
    // Away on the draw date (病假, 借调…): drawn, they could not inspect.
    const statuses = ["在岗", "在职", "正常", "离岗", "调离", "退休", "停用", "病假", "产假", "借调", "挂职"];
    const inspectors = statuses.map((st, k) => `HA${k},市场监管局,${st}`).join("\n");
    const i = await readInspectors(tmpFile("i.csv", `执法人员编号,所属部门,状态\n${inspectors}\n`));
    expect(i.records.map((x) => x.active)).toEqual([true, true, true, ...statuses.slice(3).map(() => false)]);
    // A note in brackets after the status, read as the word where any status it names agrees.
    const noted = ["离岗（2026年3月调离）", "在岗(组长)", "否（退休）", "在岗（借调至区政府）"];
    const withNotes = noted.map((st, k) => `HA${k},市场监管局,${st}`).join("\n");
    expect(
      await problemsOf(readInspectors(tmpFile("i.csv", `执法人员编号,所属部门,状态\n${withNotes}\n`))),
    ).toEqual(["5:3 [active]: '在岗（借调至区政府）' is not yes/no"]);
    const agreed = noted
      .slice(0, 3)
      .map((st, k) => `HA${k},市场监管局,${st}`)
      .join("\n");
    expect(
      (await readInspectors(tmpFile("i.csv", `执法人员编号,所属部门,状态\n${agreed}\n`))).records.map(
        (x) => x.active,
      ),
    ).toEqual([false, true, false]);
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
    // A routine inspection (日常检查) is none of the four kinds: told which to write, by how it was chosen.
    const routine =
      "is a routine inspection, which is none of random, joint, targeted or complaint: write targeted where it was not drawn by lot, random where it was (any kind counts towards a cap)";
    expect(
      await problemsOf(
        readHistory(
          tmpFile("h.csv", `uscc,date,kind\n${A},2025-03-01,日常检查\n${B},2025-04-01,日常监督检查\n`),
        ),
      ),
    ).toEqual([
      `2:3 [kind]: inspection kind '日常检查' ${routine}`,
      `3:3 [kind]: inspection kind '日常监督检查' ${routine}`,
    ]);
  });

  it("a yes/no question for the category (是否重点监管: 是/否, a tick, or empty for no) is read as key or general, and said as read; any other answer is refused with its cell", async () => {
    const random = seedrandom("questions");
    const answers = ["是", "否", "", "√", "重点", "一般"];
    const rows = answers.map((a) => `${makeUscc(random)},${a}`).join("\n");
    for (const header of ["是否重点监管", "是否重点监管对象（是/否）", "*是否重点企业"]) {
      const file = tmpFile("e.csv", `统一社会信用代码,${header}\n${rows}\n`);
      const r = await readEnterprises(file);
      expect(
        r.records.map((e) => e.category),
        header,
      ).toEqual(["key", "general", "general", "key", "key", "general"]);
      expect(r.notices, header).toEqual([
        `note: ${file}: the category is read from ${header}: 2 enterprise(s) answered yes are key, 2 answered no or left empty are general`,
      ]);
    }
    expect(
      await problemsOf(readEnterprises(tmpFile("e.csv", `统一社会信用代码,是否重点监管\n${A},待定\n`))),
    ).toEqual([
      "2:2 [category]: '待定' is not yes/no: 是否重点监管 asks whether the enterprise is a key one (是 or 否; empty is 否)",
    ]);
    // A category column headed as a category is not a question: 是 there names no category.
    expect(
      await problemsOf(readEnterprises(tmpFile("e.csv", `统一社会信用代码,企业类别\n${A},是\n`))),
    ).toEqual(["2:2 [category]: unknown category '是' (expected key/重点 or general/一般)"]);
    // Sheets read as one list, each asking it its own way: both said.
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("河下街道").addRows([
      ["统一社会信用代码", "是否重点监管"],
      [A, "是"],
    ]);
    wb.addWorksheet("淮城街道").addRows([
      ["统一社会信用代码", "是否重点企业"],
      [B, "否"],
    ]);
    const book = tmpFile("e.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()));
    expect((await readEnterprises(book, { sheet: "all" })).notices).toContain(
      `note: ${book}: the category is read from 是否重点监管, 是否重点企业: 1 enterprise(s) answered yes are key, 1 answered no or left empty are general`,
    );
  });

  it("history dated after today is said with its rows: an inspection not yet made counts towards no cap (a mistyped year)", async () => {
    const file = tmpFile(
      "h.csv",
      `uscc,date,kind\n${A},2025-03-01,random\n${B},2099-03-01,random\n${C},2098-01-01,joint\n`,
    );
    const r = await readHistory(file);
    expect(r.records).toHaveLength(3);
    expect(r.notices).toEqual([
      `note: 2 inspection(s) of ${file} are dated after today (${today()}), at row(s) 3, 4: an inspection not yet made counts towards no cap; check the dates (a mistyped year?)`,
    ]);
    expect((await readHistory(file, { lang: "zh" })).notices).toEqual([
      `提示：${file} 中有 2 条检查记录的日期晚于今天（${today()}），见第 3、4 行：尚未进行的检查不计入频次上限；请核对日期（年份是否写错？）`,
    ]);
  });

  it("a code typed in full-width characters is read as its ASCII form, and counted as normalised", async () => {
    const wide = A.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const file = tmpFile("e.csv", `uscc,category\n${wide},general\n`);
    const r = await readEnterprises(file, { lang: "zh" });
    expect(r.records.map((e) => e.uscc)).toEqual([A]);
    expect(r.notices).toEqual([
      `${file}：1 个统一社会信用代码含小写字母、全角字符、空格或不可见字符（如从网页复制带来的零宽空格），已规范化`,
    ]);
  });

  it("a declared-conflicts or history file of a header alone, or an empty JSON array, is a list of none, and the conflicts' says so; an empty file is refused, and so is an enterprise or inspector list of none", async () => {
    const none = await readConflicts(tmpFile("c.csv", "inspector,uscc,reason\n"), { lang: "zh" });
    expect(none.records).toEqual([]);
    expect(none.notices).toEqual([expect.stringMatching(/^提示：.*c\.csv 没有数据行：未声明任何回避/)]);
    expect((await readConflicts(tmpFile("c.json", "[]\n"))).records).toEqual([]);
    expect(await readHistory(tmpFile("h.csv", "uscc,date,department,kind,result\n"))).toEqual({
      records: [],
      notices: [],
    });
    expect((await readHistory(tmpFile("h.json", "[]"))).records).toEqual([]);
    expect(await problemsOf(readHistory(tmpFile("h.csv", "")))).toEqual(["1:1: the file is empty"]);
    expect(await problemsOf(readConflicts(tmpFile("c.csv", "")))).toEqual(["1:1: the file is empty"]);
    expect(await problemsOf(readInspectors(tmpFile("i.csv", "id,name,department\n")))).toEqual([
      "2:1: the file has a header but no data rows",
    ]);
    expect(await problemsOf(readEnterprises(tmpFile("e.json", "[\n]")))).toEqual([
      "1:1: the file holds no records",
    ]);
    // A record of no fields is a record: its list lacks the columns.
    expect(await problemsOf(readConflicts(tmpFile("c.json", "[{}]")))).toEqual([
      expect.stringContaining("missing required column 'inspector'"),
      expect.stringContaining("missing required column 'uscc'"),
    ]);
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
    // A policy given for a table (a command line's files swapped) is told it is one.
    expect(await problemsOf(readEnterprises("policies/huaian-2021/1.0.0.yaml"))).toEqual([
      "0:0: this is a YAML file (a policy or a scenario), not a table: a policy is given with --policy, a scenario with simulate --scenario; a table is .csv, .xlsx, .json or .ndjson",
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
      "2:0: CSV: the row has 3 fields, not the header's 2 columns: a value holding a comma, not in quotes?",
      "1:1: JSON: expected an array of records",
      "1:1: NDJSON: the line is not a JSON object",
      // Separated by tabs: a comma in a value is no field of its own.
      "2:0: CSV: the row has 3 fields, not the header's 2 columns",
    ]);
    zh.forEach((p, k) => {
      const [where, message] = [p[0].split(": ")[0], p[0].slice(p[0].indexOf(": ") + 2)];
      expect(where, files[k]).toBe(en[k][0].split(": ")[0]);
      expect(message, files[k]).toMatch(/[\u4e00-\u9fff]/);
    });
    expect(zh[0][0]).toBe("0:0: 文件不存在");
    expect(zh[4][0]).toBe("0:0: 不能读取 .xls 工作簿：请将其另存为 .xlsx（Excel 工作簿）或 .csv");
  });

  it("stops listing after the limit and counts the rest, as the file's last problem, said without a line", async () => {
    const rows = Array.from({ length: 150 }, () => "bad,general").join("\n");
    const file = tmpFile("e.csv", `uscc,category\n${rows}\n`);
    const got = await problemsOf(readEnterprises(file, { maxProblems: 100 }));
    expect(got).toHaveLength(101);
    expect(got[100]).toBe("0:0: ... and 50 more problem(s)");
    const last = await readEnterprises(file, { maxProblems: 100 }).then(
      () => undefined,
      (e: InputError) => e.problems.at(-1),
    );
    expect(last?.more).toBe(50);
    // It had been said at line 9007199254740991, the line that sorted it last.
    expect(problemLine(last as Problem)).toBe(`gradedraw: ... and 50 more problem(s) (${file})`);
  });
});
