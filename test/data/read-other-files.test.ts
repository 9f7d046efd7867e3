import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import {
  readConflicts,
  readEnterprises,
  readHistory,
  readInspectors,
  readResults,
} from "../../engine/data/read.js";
import { checkUscc } from "../../engine/data/uscc.js";
import { A, B, C } from "../helpers/codes.js";
import { problemsOf } from "../helpers/problems.js";
import { tmpFile } from "../helpers/tmp.js";

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

  it("an inspector list kept as a personnel list reads its unit (所属单位, 执法单位) as the department; one without ids is told its licence numbers may serve", async () => {
    const list = "姓名,执法证号,所属单位\n王伟,320801,市场监管局\n李娜,320802,人社局\n";
    expect(await problemsOf(readInspectors(tmpFile("i.csv", list)))).toEqual([
      "1:0 [id]: missing required column 'id' (or a Chinese header: 执法人员编号, 人员编号, 工号, 编号): add a column with each inspector's id; the enforcement licence number (执法证号) may serve, copied into a column headed 执法人员编号",
    ]);
    // A JSON list has no column to add: each record is given the field.
    const json = '[{"name": "王伟", "licenseNo": "320801", "department": "市场监管局"}]';
    expect(await problemsOf(readInspectors(tmpFile("i.json", json)))).toEqual([
      "1:0 [id]: missing required column 'id' (or a Chinese header: 执法人员编号, 人员编号, 工号, 编号): give each inspector an id; the enforcement licence number (licenseNo) may serve, copied into a field \"id\" of each record",
    ]);
    for (const unit of ["所属单位", "执法单位"]) {
      const ids = `执法人员编号,姓名,执法证号,${unit}\nHA001,王伟,320801,市场监管局\nHA002,李娜,320802,人社局\n`;
      expect((await readInspectors(tmpFile("i.csv", ids))).records.map((i) => i.department)).toEqual([
        "市场监管局",
        "人社局",
      ]);
    }
  });

  it("an inspector id Excel wrote in scientific notation, its last digits lost (3.20801E+08), is refused in the inspector, conflict and results files", async () => {
    const lost =
      "the inspector id '3.20801E+08' was stored by Excel as a number and shown in scientific notation, which drops its last digits";
    const inspectors = tmpFile(
      "i.csv",
      "id,name,department\n3.20801E+08,王伟,市场监管局\n320801003,李娜,人社局\n",
    );
    expect(await problemsOf(readInspectors(inspectors))).toEqual([
      expect.stringContaining(`2:1 [id]: ${lost}`),
    ]);
    const conflicts = tmpFile("c.csv", `inspector,uscc,reason\n3.20801E+08;320801003,${A},近亲属\n`);
    expect(await problemsOf(readConflicts(conflicts))).toEqual([
      expect.stringContaining(`2:1 [inspector]: ${lost}`),
    ]);
    const results = tmpFile(
      "r.csv",
      `uscc,date,department,item,kind,result,inspectors\n${A},2026-03-10,市场监管局,SC-GS,random,未发现问题,320801003;3.20801E+08\n`,
    );
    expect(await problemsOf(readResults(results))).toEqual([
      expect.stringContaining(`2:7 [inspectors]: ${lost}`),
    ]);
  });

  it("a capacity is a whole number, written with its unit (10次, 8家), per period (每期10户, 10次/期), in full-width digits or Chinese numerals (每期十户), or as a spreadsheet writes it (10.0); 不限, 无上限 or a dash is no limit, as an empty cell; one per another time (每月5次, 20次/年, 二十次/年) is refused as such", async () => {
    const caps = [
      "6",
      "10次",
      "８家",
      "12 户",
      "不限",
      "无上限",
      "",
      "每期10户",
      "10次/期",
      "每期十户",
      "二十五",
      "10.0",
      "—",
      "四十",
      "九十九次",
    ];
    const file = tmpFile(
      "i.csv",
      `执法人员编号,所属部门,检查能力\n${caps.map((c, k) => `HA${k},市场监管局,${c}`).join("\n")}\n`,
    );
    expect((await readInspectors(file)).records.map((i) => i.capacity)).toEqual([
      6,
      10,
      8,
      12,
      null,
      null,
      null,
      10,
      10,
      10,
      25,
      10,
      null,
      40,
      99,
    ]);
    const bad = tmpFile(
      "i.csv",
      "执法人员编号,所属部门,检查能力\nHA1,市场监管局,每月5次\nHA2,市场监管局,-1\nHA3,市场监管局,20次/年\nHA4,市场监管局,二十次/年\nHA5,市场监管局,10.5\n",
    );
    const per = "the capacity is per draw period (the policy's cadence); write the number per period";
    expect(await problemsOf(readInspectors(bad))).toEqual([
      `2:3 [capacity]: capacity '每月5次' is per month: ${per}`,
      "3:3 [capacity]: capacity '-1' is below 0: write how many inspections the inspector can take part in per period (0 for none; empty for no limit)",
      `4:3 [capacity]: capacity '20次/年' is per year: ${per}`,
      `5:3 [capacity]: capacity '二十次/年' is per year: ${per}`,
      "6:3 [capacity]: capacity '10.5' is not a whole number",
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

  it("a licence validity written as its range, as the certificate prints it (2022.01.01-2028.12.31, 2022年1月1日至2028年12月31日, 2022-01-01～长期), expires on its last day; a range ending before it begins is refused", async () => {
    const file = tmpFile(
      "i.csv",
      "执法人员编号,所属部门,执法证号,有效期\nHA1,市场监管局,1,2022.01.01-2028.12.31\nHA2,市场监管局,2,2022年1月1日 至 2027年6月30日\nHA3,市场监管局,3,2022-01-01～长期\nHA4,市场监管局,4,2022-01-01-2029-12-31\nHA5,市场监管局,5,20220101-20300101\nHA6,市场监管局,6,2028-12-31\n",
    );
    expect((await readInspectors(file)).records.map((i) => i.licenseExpires)).toEqual([
      "2028-12-31",
      "2027-06-30",
      "9999-12-31",
      "2029-12-31",
      "2030-01-01",
      "2028-12-31",
    ]);
    const backwards = tmpFile(
      "i.csv",
      "id,department,licenseExpires\nHA1,市场监管局,2029.01.01-2028.12.31\n",
    );
    expect(await problemsOf(readInspectors(backwards, { lang: "zh" }))).toEqual([
      "2:3 [licenseExpires]: 有效期“2029.01.01-2028.12.31”的结束日期早于起始日期",
    ]);
  });

  it("an enforcement licence number two inspectors have is refused, naming both rows (a row copied would have an unlicensed inspector drawn); inspectors without one are not duplicates", async () => {
    const file = tmpFile(
      "i.csv",
      "执法人员编号,所属部门,执法证号\nHA1,市场监管局,320801\nHA2,市场监管局,\nHA3,市场监管局,无\nHA4,市场监管局,320801\nHA5,市场监管局,\n",
    );
    expect(await problemsOf(readInspectors(file))).toEqual([
      "5:3 [licenseNo]: duplicate enforcement licence number '320801' (also on row 2)",
    ]);
  });

  it("a file of another kind given for one (an inspector file as the enterprises, a history as results) is told which kind its header reads as, after the columns it lacks", async () => {
    expect(await problemsOf(readEnterprises("examples/inspectors.csv"))).toEqual([
      "1:0 [uscc]: missing required column 'uscc' (or a Chinese header: 统一社会信用代码, 信用代码, 社会信用代码, 统一代码)",
      "1:0 [category]: missing required column 'category' (or a Chinese header: 企业类别, 监管类别, 类别, 企业分类)",
      "1:0: its header has every column an inspector file needs (id, department), not an enterprise file's: were files given each other's option?",
    ]);
    expect((await problemsOf(readResults("examples/history.csv", { lang: "zh" })))[1]).toBe(
      "1:0: 其表头包含检查历史文件的全部必需列（uscc、date），而非检查结果文件的：是否把文件填到了彼此的选项中？",
    );
    // A file lacking a column of its own kind, and of every other, is told only what it lacks.
    expect(
      await problemsOf(readInspectors(tmpFile("i.csv", "执法人员编号,姓名\nHA001,王伟\n"))),
    ).toHaveLength(1);
  });

  it("reads conflicts (回避)", async () => {
    const file = tmpFile("c.csv", `执法人员编号,统一社会信用代码,回避原因\nHA001,${A},近亲属任职\n`);
    expect((await readConflicts(file)).records).toEqual([
      { inspector: "HA001", uscc: A, reason: "近亲属任职" },
    ]);
  });

  it("a conflict row listing several inspectors (HA001、HA002) declares each one's conflict with the enterprise, and one listing several enterprises each one's; a name or a bad code among them is refused as one alone", async () => {
    const staff = tmpFile(
      "i.csv",
      "执法人员编号,姓名,所属部门\nHA001,王伟,市场监管局\nHA002,李勇,市场监管局\n",
    );
    const directory = (await readInspectors(staff)).records;
    const file = tmpFile(
      "c.csv",
      `执法人员编号,统一社会信用代码,回避原因\n"HA001、HA002",${A},近亲属任职\nHA002，HA001,${B},\n`,
    );
    expect((await readConflicts(file, {}, { inspectors: directory })).records).toEqual([
      { inspector: "HA001", uscc: A, reason: "近亲属任职" },
      { inspector: "HA002", uscc: A, reason: "近亲属任职" },
      { inspector: "HA002", uscc: B, reason: "" },
      { inspector: "HA001", uscc: B, reason: "" },
    ]);
    // One inspector's conflicts with several enterprises, likewise; a bad code among them is named.
    const codes = tmpFile(
      "c.csv",
      `执法人员编号,统一社会信用代码\nHA002,"${A}、${B.toLowerCase()}"\nHA001,${A}；${C.slice(0, 17)}X\n`,
    );
    expect(await problemsOf(readConflicts(codes, {}, { inspectors: directory }))).toEqual([
      `3:2 [uscc]: invalid unified social credit code '${C.slice(0, 17)}X' (of 2 in the cell): ${checkUscc(`${C.slice(0, 17)}X`).fault?.en}`,
    ]);
    const fixed = tmpFile("c.csv", `执法人员编号,统一社会信用代码\nHA002,"${A}、${B.toLowerCase()}"\n`);
    expect((await readConflicts(fixed, {}, { inspectors: directory })).records).toEqual([
      { inspector: "HA002", uscc: A, reason: "" },
      { inspector: "HA002", uscc: B, reason: "" },
    ]);
    const named = tmpFile("c.csv", `执法人员编号,统一社会信用代码\nHA001；李勇,${A}\n`);
    expect(await problemsOf(readConflicts(named, {}, { inspectors: directory }))).toEqual([
      "2:1 [inspector]: '李勇' is not an inspector id but the name of inspector HA002 (市场监管局): write HA002, or the declaration excludes nobody",
    ]);
  });

  it("a conflict declared twice (the same inspector with the same enterprise, in one row's list or another row) is kept as written and said with both rows", async () => {
    const file = tmpFile(
      "c.csv",
      `执法人员编号,统一社会信用代码,回避原因\nHA001,${A},近亲属任职\nHA002,${A},\nHA001,${A},曾在该企业任职\n"HA002、HA002",${B},\n`,
    );
    const r = await readConflicts(file, { lang: "zh" });
    expect(r.records).toHaveLength(5);
    expect(r.notices).toEqual([
      `提示：${file} 中 2 条回避声明与此前的重复（同一执法人员、同一企业）：第 4 行 HA001 与 ${A}，同第 2 行；第 5 行 HA002 与 ${B}，同第 5 行（重复的声明不多排除任何人：是否本应是其他执法人员或企业？）`,
    ]);
    expect(
      (await readConflicts(tmpFile("c.csv", `执法人员编号,统一社会信用代码\nHA001,${A}\nHA001,${B}\n`)))
        .notices,
    ).toEqual([]);
  });

  it("a conflict naming its inspector by a name of the directory is refused, with the ids of those so named; an id of the directory named like another's name is its own", async () => {
    const staff = tmpFile(
      "i.csv",
      "执法人员编号,姓名,所属部门\nHA001,王伟,市场监管局\nHA002,王伟,人社局\nHA003,李勇,市场监管局\n王芳,王芳,人社局\n",
    );
    const directory = (await readInspectors(staff)).records;
    const file = tmpFile("c.csv", `执法人员,统一社会信用代码\n王伟,${A}\n李 勇,${A}\n王芳,${A}\n`);
    expect(await problemsOf(readConflicts(file, { lang: "zh" }, { inspectors: directory }))).toEqual([
      "2:1 [inspector]: “王伟”不是执法人员编号，而是执法人员 HA001（市场监管局）、HA002（人社局）的姓名：请写所指人员的编号，否则该回避声明不排除任何人",
      "3:1 [inspector]: “李 勇”不是执法人员编号，而是执法人员 HA003（市场监管局）的姓名：请写编号 HA003，否则该回避声明不排除任何人",
    ]);
    // Without the directory (the reader alone), names are read as ids.
    expect((await readConflicts(file)).records.map((c) => c.inspector)).toEqual(["王伟", "李 勇", "王芳"]);
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

  it("an enterprise's inspections as the national publication system lists them read as history: 定向 and 不定向 (抽查) are random inspections, drawn by lot, 专项检查 a targeted one; its 序号 column is not said", async () => {
    const file = tmpFile(
      "h.csv",
      `序号,检查实施机关,类型,日期,结果,统一社会信用代码\n1,淮安市淮安区市场监督管理局,定向,2025-05-10,未发现问题,${A}\n2,淮安市淮安区市场监督管理局,不定向抽查,2024-05-10,发现问题已责令改正,${A}\n3,淮安市淮安区市场监督管理局,专项检查,2024-05-11,未发现问题,${A}\n`,
    );
    const read = await readHistory(file);
    expect(read.records.map((h) => [h.department, h.kind, h.date])).toEqual([
      ["淮安市淮安区市场监督管理局", "random", "2025-05-10"],
      ["淮安市淮安区市场监督管理局", "random", "2024-05-10"],
      ["淮安市淮安区市场监督管理局", "targeted", "2024-05-11"],
    ]);
    expect(read.notices).toEqual([]);
    // Each word the message for an unknown kind offers reads as its kind.
    const offered = ["random", "随机", "joint", "联合", "targeted", "专项", "complaint", "投诉举报"];
    const words = tmpFile(
      "h.csv",
      `uscc,date,kind\n${offered.map((k, i) => `${A},2025-05-${10 + i},${k}`).join("\n")}\n`,
    );
    expect((await readHistory(words)).records.map((h) => h.kind)).toEqual([
      "random",
      "random",
      "joint",
      "joint",
      "targeted",
      "targeted",
      "complaint",
      "complaint",
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

  it("reads dates as forms filled in by hand and documents write them: 号 for 日, a time of day after a Chinese date, Chinese numerals, spaced into a form's blanks", async () => {
    const dates = [
      "2026年1月5号",
      "2026年1月5日 上午",
      "2026年1月5日下午3时30分",
      "2026年1月5日 14:30",
      "二〇二六年一月五日",
      "2026 年 1 月 5 日",
    ];
    const rows = dates.map((d) => `${A},${d},random,未发现问题`).join("\n");
    const r = await readHistory(tmpFile("h.csv", `uscc,date,kind,result\n${rows}\n`));
    expect(r.records.map((h) => h.date)).toEqual(dates.map(() => "2026-01-05"));
    const tens = await readHistory(
      tmpFile(
        "h.csv",
        `uscc,date,kind,result\n${A},二〇二五年十二月三十一日,random,未发现问题\n${B},二〇二六年十月二十日,random,未发现问题\n`,
      ),
    );
    expect(tens.records.map((h) => h.date)).toEqual(["2025-12-31", "2026-10-20"]);
  });

  it("a workbook's date cell without a date format is read as its serial number, a time of day as its fraction; a year typed as a number is said to be a year, not a day of 1905", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("h").addRows([
      ["uscc", "date", "kind"],
      [A, 46000, "random"],
      [B, 46000.4375, "random"],
      [C, 2026, "random"],
    ]);
    const file = tmpFile("h.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(await problemsOf(readHistory(file))).toEqual([
      "4:2 [date]: '2026' is a year, not a day: write the day (YYYY-MM-DD, YYYY/MM/DD or YYYY年M月D日)",
    ]);
    wb.getWorksheet("h")?.spliceRows(4, 1);
    const read = await readHistory(tmpFile("h.xlsx", new Uint8Array(await wb.xlsx.writeBuffer())));
    expect(read.records.map((h) => h.date)).toEqual(["2025-12-09", "2025-12-09"]);
  });

  it("the rows a history or a directory read over its sheets (--sheet all) notes are named with their sheet, whose row numbers repeat", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("2025年").addRows([
      ["uscc", "date", "kind"],
      [A, "2025-03-01", "random"],
    ]);
    wb.addWorksheet("2026年").addRows([
      ["uscc", "date", "kind"],
      [B, "2099-03-01", "random"],
    ]);
    const history = tmpFile("h.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()));
    const read = await readHistory(history, { sheet: "all" });
    expect(read.notices.join("\n")).toContain("at row(s) 2 (sheet 2026年): an inspection not yet made");
    const directory = new ExcelJS.Workbook();
    directory.addWorksheet("河下街道").addRows([
      ["uscc", "category", "登记状态"],
      [A, "一般", "存续"],
    ]);
    directory.addWorksheet("淮城街道").addRows([
      ["uscc", "category", "登记状态"],
      [B, "一般", "注销"],
    ]);
    const file = tmpFile("e.xlsx", new Uint8Array(await directory.xlsx.writeBuffer()));
    const enterprises = await readEnterprises(file, { sheet: "all", pooled: true, lang: "zh" });
    expect(enterprises.notices.join("\n")).toContain("见第 2（工作表“淮城街道”） 行");
  });

  it("a cell of two days (a visit over several), or a day with its year last (12/1/2026), is told the day or days it can be, not guessed", async () => {
    const file = tmpFile(
      "h.csv",
      `uscc,date,kind\n${A},2026-12-01至2026-12-03,random\n${B},1/12/2026,random\n${C},25/12/2026,random\n`,
    );
    expect(await problemsOf(readHistory(file))).toEqual([
      "2:2 [date]: '2026-12-01至2026-12-03' is not a date: two days (2026-12-01 to 2026-12-03): write the one day the inspection is dated",
      "3:2 [date]: '1/12/2026' is not a date: the year is last, and which of 1 and 12 is the month is not known: write 2026-12-01 or 2026-01-12, as meant (YYYY-MM-DD)",
      "4:2 [date]: '25/12/2026' is not a date: the year is last: write 2026-12-25 (YYYY-MM-DD)",
    ]);
    expect((await problemsOf(readHistory(file, { lang: "zh" })))[0]).toBe(
      "2:2 [date]: “2026-12-01至2026-12-03”不是有效日期：为两个日期（2026-12-01 至 2026-12-03）：请只写检查日期这一天",
    );
  });

  it("a day without its year (3月10日, 3/10), as a form is filled in by hand, is told to be written with it, the year not guessed", async () => {
    const file = tmpFile(
      "h.csv",
      `uscc,date,kind\n${A},3月10日,random\n${B},3/10,random\n${C},2月30日,random\n`,
    );
    expect(await problemsOf(readHistory(file))).toEqual([
      "2:2 [date]: '3月10日' is not a date: the year is missing: write the day with its year, YYYY-03-10",
      "3:2 [date]: '3/10' is not a date: the year is missing: write the day with its year, YYYY-03-10",
      "4:2 [date]: '2月30日' is not a date (use YYYY-MM-DD, YYYY/MM/DD or YYYY年M月D日)",
    ]);
    expect((await problemsOf(readHistory(file, { lang: "zh" })))[0]).toBe(
      "2:2 [date]: “3月10日”不是有效日期：缺少年份：请连同年份写作 YYYY-03-10",
    );
  });

  it("rejects dates that do not exist and unknown kinds", async () => {
    const file = tmpFile("h.csv", `uscc,date,kind\n${A},2025-02-29,random\n${B},2025-03-01,inspection\n`);
    expect(await problemsOf(readHistory(file))).toEqual([
      "2:2 [date]: '2025-02-29' is not a date (use YYYY-MM-DD, YYYY/MM/DD or YYYY年M月D日)",
      "3:3 [kind]: unknown inspection kind 'inspection' (expected random, joint, targeted or complaint)",
    ]);
  });

  it("a year or a month written where a day belongs (评级日期 2025年度, 2025-06) is said to be one, not a day", async () => {
    const file = tmpFile(
      "e.csv",
      `uscc,category,gradedOn\n${A},一般,2025年度\n${B},一般,2025-06\n${C},一般,2025年6月\n`,
    );
    const day = "write the day (YYYY-MM-DD, YYYY/MM/DD or YYYY年M月D日)";
    expect(await problemsOf(readEnterprises(file))).toEqual([
      `2:3 [gradedOn]: '2025年度' is a year, not a day: ${day}`,
      `3:3 [gradedOn]: '2025-06' is a month, not a day: ${day}`,
      `4:3 [gradedOn]: '2025年6月' is a month, not a day: ${day}`,
    ]);
    expect((await problemsOf(readEnterprises(file, { lang: "zh" })))[0]).toBe(
      "2:3 [gradedOn]: “2025年度”是年份而非日期：请写具体日期（YYYY-MM-DD、YYYY/MM/DD 或 YYYY年M月D日）",
    );
  });

  it("result codes: problems combine, but 'no problem found' or 'cannot be contacted' stand alone", async () => {
    const file = tmpFile(
      "r.csv",
      `uscc,date,department,item,result,inspectors\n${A},2026-03-01,市场监管局,SC-GS,未按规定公示应当公示的信息；发现问题已责令改正,HA001;HA002\n${B},2026-03-01,市场监管局,SC-GS,未发现问题;发现问题已责令改正,HA001\n${C},2026-03-01,市场监管局,SC-GS,通过登记的住所或者经营场所无法联系;未发现问题,HA001\n${C},2026-03-02,市场监管局,SC-GS,查无此码,HA001\n`,
    );
    expect(await problemsOf(readResults(file))).toEqual([
      "3:5 [result]: '未发现问题' (no problem found) cannot be combined with '发现问题已责令改正'",
      "4:5 [result]: '通过登记的住所或者经营场所无法联系' (cannot be contacted at its registered address) cannot be combined with '未发现问题'",
      "5:5 [result]: unknown result code '查无此码' (gradedraw results import --help lists the codes)",
    ]);
    expect((await problemsOf(readResults(file, { lang: "zh" })))[2]).toBe(
      "5:5 [result]: 未知检查结果代码“查无此码”（代码列表见 gradedraw results import --help）",
    );
  });

  it("a results file's lists are separated by commas and line breaks too: codes of a finding (，), inspectors (, or Alt+Enter), an inspector's items; an English code's own comma is no separator", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("结果");
    ws.addRow(["统一社会信用代码", "检查日期", "检查部门", "检查事项", "检查结果", "执法人员"]);
    ws.addRow([
      A,
      "2026-03-01",
      "市场监管局",
      "SC-GS",
      "未按规定公示应当公示的信息，发现问题已责令改正",
      "HA001，HA002",
    ]);
    ws.addRow([B, "2026-03-01", "市场监管局", "SC-GS", "problem found, ordered to correct", "HA001\nHA002"]);
    ws.addRow([
      C,
      "2026-03-01",
      "市场监管局",
      "SC-GS",
      "did not publish information it must publish, pending",
      "HA001,HA002",
    ]);
    const file = tmpFile("r.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()));
    expect((await readResults(file)).records.map((r) => [r.result, r.inspectors])).toEqual([
      [
        ["not-published", "rectified"],
        ["HA001", "HA002"],
      ],
      [["rectified"], ["HA001", "HA002"]],
      [
        ["not-published", "pending"],
        ["HA001", "HA002"],
      ],
    ]);
    const staff = tmpFile(
      "i.csv",
      'id,name,department,items\nHA001,王伟,市场监管局,"SC-GS,SC-SP"\nHA002,李娜,市场监管局,SC-GS，SC-SP\n',
    );
    expect((await readInspectors(staff)).records.map((i) => i.items)).toEqual([
      ["SC-GS", "SC-SP"],
      ["SC-GS", "SC-SP"],
    ]);
  });

  it("an unknown result code is told the one it most likely misspells, written as the file writes codes", async () => {
    const file = tmpFile(
      "r.csv",
      `uscc,date,department,item,result,inspectors\n${A},2026-03-01,市场监管局,SC-GS,未发现问提,HA001\n${B},2026-03-01,市场监管局,SC-GS,rectifed,HA001\n${C},2026-03-01,市场监管局,SC-GS,发现问题已责令改正；已迁走,HA001\n${C},2026-03-02,市场监管局,SC-GS,正常,HA001\n${C},2026-03-03,市场监管局,SC-GS,发现问题已责令改正/发现问题已移送相关部门处理,HA001\n`,
    );
    expect(await problemsOf(readResults(file))).toEqual([
      "2:5 [result]: unknown result code '未发现问提' (did you mean '未发现问题'?)",
      "3:5 [result]: unknown result code 'rectifed' (did you mean 'rectified'?)",
      "4:5 [result]: unknown result code '已迁走' (did you mean '已迁出'?)",
      "5:5 [result]: unknown result code '正常': the code for \"no problem found\" is '未发现问题'",
      // Codes joined by a slash: told the separator.
      "6:5 [result]: unknown result code '发现问题已责令改正/发现问题已移送相关部门处理': findings in one cell are separated by ';': write '发现问题已责令改正;发现问题已移送相关部门处理'",
    ]);
  });

  it("a word written for a result instead of its code (合格, 已整改, 查无此户) is told the code it means, or the codes of a finding, and is not read as one", async () => {
    const rows = ["合格", "经检查，已整改", "查无此户", "passed", "有问题", "未发现问题；停业"];
    const file = tmpFile(
      "r.csv",
      `uscc,date,department,item,result,inspectors\n${rows.map((r, i) => `${A},2026-03-0${i + 1},市场监管局,SC-GS,${r},HA001\n`).join("")}`,
    );
    expect(await problemsOf(readResults(file))).toEqual([
      "2:5 [result]: unknown result code '合格': the code for \"no problem found\" is '未发现问题'",
      "3:5 [result]: unknown result code '经检查，已整改': the code for \"problem found, ordered to correct\" is '发现问题已责令改正'",
      "4:5 [result]: unknown result code '查无此户': the code for \"cannot be contacted at its registered address\" is '通过登记的住所或者经营场所无法联系'",
      "5:5 [result]: unknown result code 'passed': the code for \"no problem found\" is 'none'",
      "6:5 [result]: unknown result code '有问题': a problem found is written with what was done about it: '发现问题已责令改正' (problem found, ordered to correct), '发现问题待后续处理' (problem found, further action pending), '发现问题已移送相关部门处理' (problem found, transferred to the competent department)",
      "7:5 [result]: unknown result code '停业': the code for \"no activity covered by this inspection found\" is '未发现开展本次抽查涉及的经营活动'",
    ]);
    expect((await problemsOf(readResults(file, { lang: "zh" })))[0]).toBe(
      "2:5 [result]: 未知检查结果代码“合格”：如指未发现问题，请写“未发现问题”",
    );
  });
});
