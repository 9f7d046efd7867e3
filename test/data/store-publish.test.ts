import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { addWorkingDays, isWorkingDay } from "../../engine/calendar.js";
import { kindOf } from "../../engine/data/cell-words.js";
import { readEnterprises } from "../../engine/data/read-enterprises.js";
import { readHistory } from "../../engine/data/read-history.js";
import type { ResultRecord } from "../../engine/data/records.js";
import { visits as visitsOf } from "../../engine/history.js";
import { isPersonalName, maskName } from "../../engine/privacy.js";
import { PUBLISHED_KIND } from "../../engine/publish.js";
import { openDb } from "../../engine/store/db.js";
import { recordedVisits, storeResultEntries } from "../../engine/store/result-reads.js";
import { importResults } from "../../engine/store/results.js";
import {
  cancelExampleDraw,
  drawWith,
  exampleDraw,
  exampleDryRun,
  exampleWith,
  publishH1,
  readmeDraw,
  readmeSafetyDraw,
} from "../helpers/examples.js";
import { runCli } from "../helpers/run-cli.js";
import { tmp, tmpFile } from "../helpers/tmp.js";

const A = "91110108551385082Q";

/**
 * A results file in `dir`: examples/results.csv (as `edit` changes it), then the rows `more`.
 */
function resultsFile(dir: string, more: readonly string[], edit = (csv: string) => csv): string {
  const file = join(dir, "r.csv");
  const examples = edit(readFileSync("examples/results.csv", "utf8")).trimEnd();
  writeFileSync(file, `${examples}\n${more.map((row) => `${row}\n`).join("")}`);
  return file;
}
const r = (over: Partial<ResultRecord>): ResultRecord => ({
  uscc: A,
  date: "2026-03-10",
  department: "市场监管局",
  item: "SC-GS",
  kind: "random",
  result: ["none"],
  inspectors: ["HA001", "HA002"],
  ...over,
});

/** An import's summary but for its counts of rows inserted and unchanged, where it noted nothing. */
const NOTHING_NOTED = {
  corrected: [],
  fulfilled: 0,
  unplanned: [],
  substituted: [],
  beforeDraw: [],
  twice: [],
};

describe("the store", () => {
  it("records results in one transaction; a contradicting row aborts the whole import", () => {
    const db = openDb(join(tmp(), "g.db"));
    expect(
      importResults(db, [r({}), r({ item: "SC-SP", result: ["rectified"] })], "h", "now").summary,
    ).toEqual({ inserted: 2, unchanged: 0, ...NOTHING_NOTED });
    expect(importResults(db, [r({})], "h", "now").summary).toEqual({
      inserted: 0,
      unchanged: 1,
      ...NOTHING_NOTED,
    });
    // The same result with its inspectors or codes listed in another order is the same result.
    expect(importResults(db, [r({ inspectors: ["HA002", "HA001"] })], "h", "now").summary).toMatchObject({
      unchanged: 1,
    });
    // Another kind of inspection is another result: it would be published as another kind.
    expect(importResults(db, [r({ kind: "targeted" })], "h", "now").conflicts).toHaveLength(1);
    const bad = importResults(db, [r({ item: "SC-ZL" }), r({ result: ["not-published"] })], "h", "now");
    expect(bad.summary).toBeUndefined();
    expect(bad.conflicts).toHaveLength(1);
    expect((db.prepare("SELECT count(*) AS n FROM results").get() as { n: number }).n).toBe(2);
  });

  it("gradedraw results import names the random or joint results that no drawn inspection of their period accounts for", async () => {
    const dir = tmp();
    const db = await readmeDraw(dir);
    // The README's results: each of a drawn visit, by its drawn inspectors; nothing said.
    const ok = await runCli("results", "import", "examples/results.csv", "--db", db);
    expect([ok.code, ok.stderr]).toEqual([0, ""]);
    expect(ok.stdout).toBe("recorded 4 result(s), 0 already recorded, 3 planned inspection(s) fulfilled");
    // 91320803AMN5WJ2P3X was not drawn: a random result for it in 2026-H1 is said; a targeted one,
    // or one from before the ledger's draws, is not; nor is a drawn visit's result by another date.
    const more = join(dir, "r.csv");
    writeFileSync(
      more,
      [
        "统一社会信用代码,检查日期,检查部门,检查事项,检查类型,检查结果,执法人员",
        "91320803AMN5WJ2P3X,2026-04-02,生态环境局,HJ-PW,random,未发现问题,HA010",
        "91320803AMN5WJ2P3X,2026-04-02,市场监管局,SC-GS,targeted,未发现问题,HA001",
        "91320803AMN5WJ2P3X,2025-11-02,市场监管局,SC-GS,random,未发现问题,HA001",
        "91320803NC9CMRX29P,2026-05-10,市场监管局,SC-ZL,random,未发现问题,HA003",
        "91320803NC9CMRX29P,2026-05-10,生态环境局,HJ-PW,joint,未发现问题,HA010",
        "",
      ].join("\n"),
    );
    const said = await runCli("results", "import", more, "--db", db, "--json");
    expect(said.code).toBe(0);
    expect(said.stderr).toBe(
      `gradedraw: note: 2 random or joint result(s) match no inspection drawn in the ledger for their enterprise and department, though it has draws of their period, at row(s) 2, 6: check the code, date, department, kind and task (${more})`,
    );
    expect(JSON.parse(said.stdout)).toMatchObject({ inserted: 5, unplanned: [2, 6] });
  });

  it("gradedraw results import names the random or joint results of a task dated before its draw of their enterprise and department (a mistyped year): recorded, not taken as that draw's inspection", async () => {
    const dir = tmp();
    const db = await readmeDraw(dir);
    // The README's draw, made on 2026-01-01, drew 91320803NC9CMRX29P; its two results say 2025.
    // Rows of a results form name their task; an export without one may hold random inspections
    // from before the ledger, and says nothing.
    const lines = readFileSync("examples/results.csv", "utf8").trimEnd().split("\n");
    lines[1] = lines[1].replace("2026-03-10", "2025-03-10");
    lines[2] = lines[2].replace("2026-03-10", "2025-03-10");
    const untasked = join(dir, "export.csv");
    writeFileSync(untasked, lines.join("\n"));
    const quiet = await runCli("results", "import", untasked, "--db", await readmeDraw(tmp()));
    expect([quiet.code, quiet.stderr]).toEqual([0, ""]);
    const file = join(dir, "r.csv");
    writeFileSync(file, lines.map((l, i) => `${l},${i === 0 ? "抽查任务" : "default"}`).join("\n"));
    const r = await runCli("results", "import", file, "--db", db, "--json");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `gradedraw: note: 2 random or joint result(s) are dated before the draw of their enterprise and department, at row 2 (dated 2025-03-10, drawn on 2026-01-01), row 3 (dated 2025-03-10, drawn on 2026-01-01): a mistyped date? They are not taken as those draws' inspections (${file})`,
    );
    expect(JSON.parse(r.stdout)).toMatchObject({
      inserted: 4,
      fulfilled: 2,
      unplanned: [],
      beforeDraw: [
        { row: 2, date: "2025-03-10", drawn: "2026-01-01" },
        { row: 3, date: "2025-03-10", drawn: "2026-01-01" },
      ],
    });
    const zh = await runCli("--lang", "zh", "results", "import", file, "--db", await readmeDraw(tmp()));
    expect(zh.stderr).toBe(
      `gradedraw: 提示：2 条随机或联合检查结果的日期早于对该企业、该部门的抽取，见第 2 行（检查日期 2025-03-10，抽取于 2026-01-01）、第 3 行（检查日期 2025-03-10，抽取于 2026-01-01）：日期是否有误？这些结果不计为相应抽取的检查（${file}）`,
    );
  });

  it("gradedraw results import names the results whose inspectors the draw did not assign to their visit, and records them", async () => {
    const dir = tmp();
    const db = await readmeDraw(dir);
    // The README's draw sent HA003 and HA015 to 91320803NC9CMRX29P, HA001 and HA008 to
    // 91320803GAJX7JYB4K, HA011 with others to 913208038HB40T6T9M.
    const lines = readFileSync("examples/results.csv", "utf8").trimEnd().split("\n");
    lines[2] = lines[2].replace("HA003;HA015", "HA015;HA004");
    lines[4] = lines[4].replace("HA001;HA008", "HA005;HA006");
    // A targeted inspection is not drawn: its inspectors are not either.
    lines.push("913208038HB40T6T9M,2026-04-02,市场监管局,SC-GS,targeted,未发现问题,HA007");
    const file = join(dir, "r.csv");
    writeFileSync(file, lines.join("\n"));
    const r = await runCli("results", "import", file, "--db", db, "--json");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `gradedraw: note: 2 random or joint result(s) name inspectors the draw did not assign to their visit (the inspectors are drawn too): row 3: HA004 (drawn: HA003/HA015), row 5: HA005/HA006 (drawn: HA001/HA008); keep the reason for each substitution (${file})`,
    );
    expect(JSON.parse(r.stdout)).toMatchObject({
      inserted: 5,
      fulfilled: 3,
      substituted: [
        { row: 3, inspectors: ["HA004"], team: ["HA003", "HA015"] },
        { row: 5, inspectors: ["HA005", "HA006"], team: ["HA001", "HA008"] },
      ],
    });
    const zh = await runCli("--lang", "zh", "results", "import", file, "--db", await readmeDraw(tmp()));
    expect(zh.stderr).toBe(
      `gradedraw: 提示：2 条随机或联合检查结果的执法人员不是抽取时为该次检查选派的人员（执法人员也须随机选派）：第 3 行 HA004（抽取的是 HA003/HA015）、第 5 行 HA005/HA006（抽取的是 HA001/HA008）；请留存每次替换的原因（${file}）`,
    );
  });

  it("gradedraw results import refuses inspectors written by name where the ledger's draws assign ids, naming each row (its column as the file heads it) and its visit's drawn team; nothing is recorded", async () => {
    const dir = tmp();
    const db = await readmeDraw(dir);
    const res = resultsFile(dir, [`${A},2026-03-21,市场监管局,SC-GS,专项检查,未发现问题,王五`], (csv) =>
      csv.replace("HA003;HA015", "刘磊;HA015"),
    );
    const r = await runCli("results", "import", res, "--db", db);
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split("\n")).toEqual([
      `gradedraw: '刘磊': a name, not an inspector id, which the ledger's draws assign (to this visit: HA003;HA015): write the ids (执法人员编号) (${res}:2:7, column 执法人员, read as inspectors)`,
      `gradedraw: '王五': a name, not an inspector id, which the ledger's draws assign: write the ids (执法人员编号) (${res}:6:7, column 执法人员, read as inspectors)`,
      "gradedraw: 2 row(s) name inspectors by name; nothing was recorded",
    ]);
    const count = openDb(db).prepare("SELECT count(*) AS n FROM results").get() as { n: number };
    expect(count.n).toBe(0);
    // With ids, the same rows are recorded.
    const ok = await runCli("results", "import", "examples/results.csv", "--db", db);
    expect(ok.code, ok.stderr).toBe(0);
    // Then row 2 contradicts a recorded result, and row 6 still names its inspector: both are said.
    const again = await runCli("results", "import", res, "--db", db);
    expect(again.code).toBe(1);
    expect(again.stderr.trimEnd().split("\n")).toEqual([
      `gradedraw: '王五': a name, not an inspector id, which the ledger's draws assign: write the ids (执法人员编号) (${res}:6:7, column 执法人员, read as inspectors)`,
      `gradedraw: 91320803NC9CMRX29P 2026-03-10 市场监管局 SC-GS: already recorded with inspectors HA003;HA015, this file says 刘磊;HA015 (${res}:2:7, column 执法人员, read as inspectors)`,
      "gradedraw: 1 row(s) name inspectors by name, 1 row(s) contradict recorded results; nothing was recorded",
    ]);
  });

  it("gradedraw results import refuses a random or joint result whose department the ledger's draws write another way (淮安区市场监督管理局 for 市场监管局): it would match no drawn visit; a targeted one is recorded as written", async () => {
    const dir = tmp();
    const db = await readmeDraw(dir);
    const res = resultsFile(
      dir,
      [`${A},2026-03-21,淮安区应急管理局,YJ-AQ,专项检查,未发现问题,HA020`],
      (csv) => csv.replace(/^(91320803NC9CMRX29P,[^,]*,)市场监管局,/m, "$1淮安区市场监督管理局,"),
    );
    const r = await runCli("results", "import", res, "--db", db);
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split("\n")).toEqual([
      `gradedraw: '淮安区市场监督管理局' is not how the ledger's draws name the department: write 市场监管局, as they do, or the result matches no drawn visit (${res}:2:3, column 检查部门, read as department)`,
      "gradedraw: 1 row(s) name a department as the draws do not; nothing was recorded",
    ]);
    expect(openDb(db).prepare("SELECT count(*) FROM results").pluck().get()).toBe(0);
    // Written as the draws write it, the file is recorded, the targeted row's department as written,
    // and so is a random result of a period the ledger has no draw of (an export of earlier years).
    const fixed = resultsFile(dir, [
      `${A},2026-03-21,淮安区应急管理局,YJ-AQ,专项检查,未发现问题,HA020`,
      `${A},2025-03-21,淮安区市场监督管理局,SC-GS,双随机抽查,未发现问题,HA020`,
    ]);
    const recorded = await runCli("results", "import", fixed, "--db", db);
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(recorded.stdout).toMatch(/^recorded \d+ result\(s\)/);
  });

  it("gradedraw results import refuses a random or joint result naming several of the draws' departments as a list (a joint visit's, 人社局;市场监管局), where a result is one department's item", async () => {
    const dir = tmp();
    const db = await readmeDraw(dir);
    const res = resultsFile(dir, [], (csv) =>
      csv.replace(/^(91320803NC9CMRX29P,[^,]*,)市场监管局,/m, "$1人社局;市场监管局,"),
    );
    const r = await runCli("results", "import", res, "--db", db);
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split("\n")).toEqual([
      `gradedraw: '人社局;市场监管局' names 2 departments, where a result is one department's, for an item of its own: write the one whose item this row reports, 人社局 or 市场监管局, and each other department's results in rows of their own, or the result matches no drawn visit (${res}:2:3, column 检查部门, read as department)`,
      "gradedraw: 1 row(s) name a department as the draws do not; nothing was recorded",
    ]);
    expect(openDb(db).prepare("SELECT count(*) FROM results").pluck().get()).toBe(0);
  });

  it("cancelling a draw some of whose visits have results says how many: those inspections were made and stay in the history", async () => {
    const dir = tmp();
    const db = await readmeDraw(dir);
    const cancel = ["draw", "cancel", "--policy", "huaian-credit-graded", "--period", "2026-H1", "--db", db];
    expect((await runCli("results", "import", "examples/results.csv", "--db", db)).code).toBe(0);
    const r = await runCli(...cancel, "--reason", "名录库数据有误", "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ cancelled: 1, visits: 8, made: 3 });
    expect(r.stderr).toBe(
      `gradedraw: note: 3 of the draw's 8 visit(s) have results recorded: those inspections were made and stay in the history, where a new draw of 2026-H1 counts them for caps (${db})`,
    );
    // A draw none of whose visits was made is cancelled without a note.
    const other = await readmeDraw(tmp());
    const quiet = await runCli(...cancel.slice(0, -1), other, "--reason", "x");
    expect([quiet.code, quiet.stderr, quiet.stdout]).toEqual([
      0,
      "",
      "cancelled draw #1; a new draw of 2026-H1 takes a new public seed",
    ]);
  });

  it("gradedraw results import says what a row contradicts of a recorded result, at the cell that says it: its kind of inspection, its codes, its inspectors, or several", async () => {
    const dir = tmp();
    const db = join(dir, "g.db");
    expect((await runCli("results", "import", "examples/results.csv", "--db", db)).code).toBe(0);
    const lines = readFileSync("examples/results.csv", "utf8").trimEnd().split("\n");
    lines[1] = lines[1].replace("HA003;HA015", "HA003;HA004");
    lines[2] = lines[2].replace("HA003;HA015", "HA015;HA003");
    lines[3] = lines[3].replace("未按规定公示应当公示的信息,HA011", "未发现问题,HA010");
    // A random inspection's result said to be a targeted one's would be published as another kind.
    lines[4] = lines[4].replace(",random,", ",targeted,");
    const edited = join(dir, "r.csv");
    writeFileSync(edited, lines.join("\n"));
    const r = await runCli("results", "import", edited, "--db", db);
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n").slice(0, 3)).toEqual([
      `gradedraw: 91320803NC9CMRX29P 2026-03-10 市场监管局 SC-GS: already recorded with inspectors HA003;HA015, this file says HA003;HA004 (${edited}:2:7, column 执法人员, read as inspectors)`,
      `gradedraw: 913208038HB40T6T9M 2026-03-12 生态环境局 HJ-PW: already recorded with result not-published, this file says none; and inspectors HA011, this file says HA010 (${edited}:4:6, column 检查结果, read as result)`,
      `gradedraw: 91320803GAJX7JYB4K 2026-03-15 市场监管局 SC-GS: already recorded with kind random, this file says targeted (${edited}:5:5, column 检查类型, read as kind)`,
    ]);
    expect(r.stderr).toContain("3 row(s) contradict recorded results; nothing was recorded");
  });

  it("gradedraw results import names the row of the file that contradicts a recorded result, and records nothing", async () => {
    const dir = tmp();
    const db = join(dir, "g.db");
    expect((await runCli("results", "import", "examples/results.csv", "--db", db)).code).toBe(0);
    const lines = readFileSync("examples/results.csv", "utf8").split("\n");
    lines[3] = lines[3].replace("未按规定公示应当公示的信息", "未发现问题");
    lines.push("91320803H5M7NGT02U,2026-04-01,市场监管局,SC-GS,random,未发现问题,HA005;HA006");
    const edited = join(dir, "r.csv");
    writeFileSync(edited, lines.join("\n"));
    const r = await runCli("results", "import", edited, "--db", db);
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n")[0]).toBe(
      `gradedraw: 913208038HB40T6T9M 2026-03-12 生态环境局 HJ-PW: already recorded with result not-published, this file says none (${edited}:4:6, column 检查结果, read as result)`,
    );
    expect(r.stderr).toContain("1 row(s) contradict recorded results; nothing was recorded");
    const zh = await runCli("--lang", "zh", "results", "import", edited, "--db", db);
    expect(zh.stderr.split("\n")[0]).toBe(
      `gradedraw: 913208038HB40T6T9M 2026-03-12 生态环境局 HJ-PW：已记录结果为“未按规定公示应当公示的信息”，本文件为“未发现问题” (${edited}:4:6, “检查结果”列)`,
    );
    const d = openDb(db);
    expect((d.prepare("SELECT count(*) AS n FROM results").get() as { n: number }).n).toBe(4);
    d.close();
  });

  it("results dated after today are recorded with a note naming their rows (a mistyped year, or a wrong clock)", async () => {
    const dir = tmp();
    const file = join(dir, "r.csv");
    const lines = readFileSync("examples/results.csv", "utf8").trimEnd().split("\n");
    lines[2] = lines[2].replace("2026-03-10", "2062-03-10");
    writeFileSync(file, lines.join("\n"));
    const r = await runCli("results", "import", file, "--db", join(dir, "g.db"));
    expect(r.code).toBe(0);
    expect(r.stderr.split("\n")[0]).toMatch(
      new RegExp(
        `^gradedraw: note: 1 result\\(s\\) are dated after today \\(\\d{4}-\\d\\d-\\d\\d\\), at row\\(s\\) 3: check the dates \\(${file}\\)$`,
      ),
    );
    expect(r.stdout).toContain("recorded 4 result(s)");
  });

  it("an empty publication list is written, and said: with the dates the database's results have (a mistyped period), or that it has none", async () => {
    const dir = tmp();
    const db = join(dir, "g.db");
    expect((await runCli("results", "import", "examples/results.csv", "--db", db)).code).toBe(0);
    const out = join(dir, "p.csv");
    const empty = await runCli("publish", "--db", db, "--period", "2026-H2", "--out", out);
    expect(empty.code, empty.stderr).toBe(0);
    expect(empty.stdout.split("\n")[0]).toBe(`0 result(s) of 2026-H2 written to ${out}`);
    expect(empty.stderr).toBe(
      `gradedraw: note: no result is dated in 2026-H2 (2026-07-01 to 2026-12-31), so the list is empty; the database's 4 result(s) are dated 2026-03-10 to 2026-03-15 (${db})`,
    );
    expect(readFileSync(out, "utf8").trim().split("\n")).toHaveLength(1);
    const zh = await runCli("publish", "--db", db, "--period", "2026-H2", "--out", out, "--lang", "zh");
    expect(zh.stderr).toContain("该数据库的 4 条结果的检查日期为 2026-03-10 至 2026-03-15");
    // A ledger with a draw and no results yet.
    const drawn = join(dir, "e.db");
    expect((await runCli(...exampleDraw(join(dir, "d"), { db: drawn }))).code).toBe(0);
    const none = await runCli("publish", "--db", drawn, "--period", "2026-H1", "--out", out);
    expect(none.stderr).toBe(
      `gradedraw: note: the database holds no results, so the list is empty; record them with gradedraw results import (${drawn})`,
    );
    // A list with rows says nothing of it.
    const h1 = await runCli("publish", "--db", db, "--period", "2026-H1", "--out", out);
    expect(h1.stderr).not.toContain("list is empty");
  });

  it("a publication list written as CSV says the codes of digits alone that Excel, opening it, would read as numbers (9.13208E+17); a workbook's cells are text", async () => {
    const dir = tmp();
    const db = join(dir, "g.db");
    const file = resultsFile(dir, [
      "913208033099564654,2026-04-02,市场监管局,SC-GS,targeted,未发现问题,HA001;HA002",
    ]);
    expect((await runCli("results", "import", file, "--db", db)).code).toBe(0);
    const csv = join(dir, "公示.csv");
    const r = await runCli(...publishH1(db, csv, "--policy", "policies/huaian-2021"));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.split("\n")[0]).toBe(
      `gradedraw: note: Excel opening ${csv} by a double click reads cells of digits alone as numbers and changes them (1 in column uscc, such as 913208033099564654, shown 9.13208E+17), and saving it writes them so; open it with Data → From Text/CSV, those columns as text, or write the list as .xlsx, whose cells are text`,
    );
    const zh = await runCli("publish", "--db", db, "--period", "2026-H1", "--out", csv, "--lang", "zh");
    expect(zh.stderr).toContain("“统一社会信用代码”列 1 个，如 913208033099564654 显示为 9.13208E+17");
    const xlsx = await runCli("publish", "--db", db, "--period", "2026-H1", "--out", join(dir, "公示.xlsx"));
    expect(xlsx.stderr).not.toContain("Excel");
  });

  it("a publication list given a folder of several policies names the items of each one's approved version in force at the period's end", async () => {
    const dir = tmp();
    const folder = join(dir, "policies");
    const seed = readFileSync("policies/huaian-2021/1.0.0.yaml", "utf8");
    mkdirSync(folder);
    writeFileSync(join(folder, "routine.yaml"), seed);
    writeFileSync(
      join(folder, "fire.yaml"),
      seed
        .replace("policy: huaian-credit-graded", "policy: huaian-fire-safety")
        .replace(
          "items:\n",
          "items:\n  - { code: XF-JC, name: 消防安全检查, department: 消防救援大队, basis: 《中华人民共和国消防法》第五十三条 }\n",
        ),
    );
    const db = join(dir, "g.db");
    const results = resultsFile(dir, [
      "91320803NC9CMRX29P,2026-03-20,消防救援大队,XF-JC,targeted,未发现问题,",
    ]);
    expect((await runCli("results", "import", results, "--db", db)).code).toBe(0);
    const out = join(dir, "p.csv");
    const r = await runCli("publish", "--db", db, "--period", "2026-H1", "--out", out, "--policy", folder);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain("not items of");
    const list = readFileSync(out, "utf8");
    expect(list).toContain(",SC-GS 企业公示信息抽查,");
    expect(list).toContain(",XF-JC 消防安全检查,");
  });

  it("results imported into a ledger that does not exist yet are recorded in a new one, which is said with its place; the next import into it says nothing of it", async () => {
    const dir = tmp();
    const db = join(dir, "g.db");
    const first = await runCli("results", "import", "examples/results.csv", "--db", db);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toBe(
      `gradedraw: note: a new ledger was created at ${db}, holding these results only; if your office's ledger is elsewhere, give it with --db: publish and the draws read only their own ledger's results`,
    );
    const again = await runCli("results", "import", "examples/results.csv", "--db", db);
    expect(again).toMatchObject({ code: 0, stderr: "" });
    expect(again.stdout).toContain("0 result(s), 4 already recorded");
  });

  it("one visit (enterprise, date) with several items and departments is one inspection for caps, its findings first, whatever the order of import", () => {
    const rows = [
      r({}),
      r({ item: "SC-SP", result: ["rectified"] }),
      r({ department: "生态环境局", item: "HJ-PW", kind: "joint", result: ["none"] }),
      r({ date: "2026-04-01", result: ["none"] }),
    ];
    const visits = [
      {
        uscc: A,
        date: "2026-03-10",
        department: "市场监管局;生态环境局",
        kind: "joint",
        // lastResult reads the finding, not 未发现问题 of the other items.
        result: ["rectified"],
      },
      { uscc: A, date: "2026-04-01", department: "市场监管局", kind: "random", result: ["none"] },
    ];
    for (const order of [rows, [...rows].reverse()]) {
      const db = openDb(join(tmp(), "g.db"));
      importResults(db, order, "h", "now");
      expect(visitsOf(storeResultEntries(db))).toEqual(visits);
      expect(recordedVisits(db)).toEqual({ count: 2, first: "2026-03-10" });
    }
  });

  it("a draw reading the ledger is the same whatever the order its results were recorded in", async () => {
    const dir = tmp();
    const [header, ...rows] = readFileSync("examples/results.csv", "utf8").trimEnd().split("\n");
    const reversed = join(dir, "reversed.csv");
    writeFileSync(reversed, [header, ...rows.reverse()].join("\n"));
    const drawn = await Promise.all(
      ["examples/results.csv", reversed].map(async (file, k) => {
        const db = join(dir, `${k}.db`);
        expect((await runCli("results", "import", file, "--db", db)).code).toBe(0);
        const out = join(dir, `draw-${k}`);
        const r = await runCli(...exampleDryRun(out), "--db", db);
        expect(r.code, r.stderr).toBe(0);
        return {
          manifest: JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")),
          selected: readFileSync(join(out, "selected.csv"), "utf8"),
        };
      }),
    );
    expect(drawn[1].manifest.frameHash).toBe(drawn[0].manifest.frameHash);
    expect(drawn[1].manifest.inputs.history).toEqual(drawn[0].manifest.inputs.history);
    expect(drawn[1].selected).toBe(drawn[0].selected);
  });

  it("uses WAL and foreign keys", () => {
    const db = openDb(join(tmp(), "g.db"));
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
  });

  it("finds the visit a result fulfils by an index, not by reading every visit: a correction or withdrawal asks it for each row", () => {
    const db = openDb(join(tmp(), "g.db"));
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT draw_seq FROM planned WHERE done_by = ?").all(1) as {
      detail: string;
    }[];
    expect(plan.map((p) => p.detail).join("; ")).toMatch(/USING (COVERING )?INDEX planned_done_by/);
  });
});

describe("publication (公示)", () => {
  it("counts 20 working days on the Chinese calendar, with make-up workdays", () => {
    expect(isWorkingDay("2026-10-01")).toBe(false);
    expect(isWorkingDay("2026-10-10")).toBe(true);
    expect(isWorkingDay("2026-02-28")).toBe(true);
    expect(addWorkingDays("2026-09-25", 5)).toEqual({ date: "2026-10-09", unknownYear: null });
    expect(addWorkingDays("2026-12-20", 20).unknownYear).toBe(2027);
  });

  it("masks natural persons' names (individual businesses under the operator's name), not firms' names", () => {
    expect(maskName("92320803MA1XXXXX1X", "张三")).toBe("张*");
    expect(maskName("92320803MA1XXXXX1X", "欧阳娜娜（个体工商户）")).toBe("欧***（个体工商户）");
    expect(maskName("92320803MA1XXXXX1X", "淮安区张三小吃店")).toBe("淮安区张三小吃店");
    expect(maskName("91320803MA1XXXXX1X", "张三")).toBe("张三");
    expect(isPersonalName("92320803MA1XXXXX1X", "王芳")).toBe(true);
  });

  it("masks the names of minorities' and foreign operators, written in parts joined by a middle dot, whatever their length", () => {
    const code = "92320803MA1XXXXX1X";
    expect(maskName(code, "阿依古丽·买买提")).toBe("阿***·***");
    expect(maskName(code, "买买提•艾力（个体工商户）")).toBe("买**•**（个体工商户）");
    expect(maskName(code, "爱新觉罗·溥仪")).toBe("爱***·**");
    // A name with a rare character (CJK extension B), or typed with a space, is a name all the same.
    expect(maskName(code, "𠮷田")).toBe("𠮷*");
    expect(maskName(code, "张　三")).toBe("张*");
    expect(maskName(code, "王芳(个体户)")).toBe("王*(个体户)");
    // A trade name is not masked, nor any name of a firm (code type 91).
    expect(maskName(code, "淮安区张三小吃店")).toBe("淮安区张三小吃店");
    expect(maskName("91320803MA1XXXXX1X", "阿依古丽·买买提")).toBe("阿依古丽·买买提");
  });

  it("results import of a workbook read as one list over its sheets (--sheet all) names each row it says with its sheet, whose row numbers repeat", async () => {
    const dir = tmp();
    const db = await readmeDraw(dir);
    const header = [
      "统一社会信用代码",
      "检查日期",
      "检查部门",
      "检查事项",
      "检查类型",
      "检查结果",
      "执法人员",
    ];
    const book = async (result: string) => {
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet("河下街道").addRows([
        header,
        [A, "2026-03-21", "市场监管局", "SC-GS", "targeted", result, "HA001;HA002"],
      ]);
      wb.addWorksheet("淮城街道").addRows([
        header,
        ["91320803AMN5WJ2P3X", "", "市场监管局", "SC-GS", "targeted", "", ""],
        ["91320803AMN5WJ2P3X", "2099-03-21", "市场监管局", "SC-GS", "targeted", "未发现问题", "HA001;HA002"],
      ]);
      const file = join(dir, "结果.xlsx");
      await wb.xlsx.writeFile(file);
      return file;
    };
    const file = await book("未发现问题");
    const first = await runCli("results", "import", file, "--db", db, "--sheet", "all", "--json");
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain("at row(s) 2 (sheet 淮城街道): visits not reported yet");
    expect(first.stderr).toContain("at row(s) 3 (sheet 淮城街道): check the dates");
    // --json names them so too.
    expect(JSON.parse(first.stdout)).toMatchObject({
      inserted: 2,
      unreported: [{ row: 2, sheet: "淮城街道" }],
    });
    // A row contradicting a recorded result is named at its sheet's row.
    const again = await runCli(
      "results",
      "import",
      await book("发现问题已责令改正"),
      "--db",
      db,
      "--sheet",
      "all",
      "--lang",
      "zh",
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/\(.*结果\.xlsx:2:6, 工作表“河下街道”, “检查结果”列\)/);
  });

  it("masks an individual business operator's name where its trade name holds it, when the file names the operator (经营者)", () => {
    const code = "92320803MA1XXXXX1X";
    expect(maskName(code, "淮安区张三小吃店", "张三")).toBe("淮安区张*小吃店");
    expect(maskName(code, "淮安区欧阳娜娜商店（个体工商户）", " 欧阳 娜娜 ")).toBe(
      "淮安区欧***商店（个体工商户）",
    );
    expect(maskName(code, "阿依古丽·买买提烤馕店", "阿依古丽·买买提")).toBe("阿***·***烤馕店");
    // A trade name without the operator's name, or an operator that is no person's name, is kept.
    expect(maskName(code, "淮安区万家超市", "张三")).toBe("淮安区万家超市");
    expect(maskName(code, "淮安区万家超市", "无")).toBe("淮安区万家超市");
    expect(maskName(code, "张三（个体工商户）", "张三")).toBe("张*（个体工商户）");
    // A firm's legal representative is not its name's holder: a firm's name is published as registered.
    expect(maskName("91320803MA1XXXXX1X", "淮安市张三餐饮有限公司", "张三")).toBe("淮安市张三餐饮有限公司");
  });

  it("a draw and the publication list mask the operator's name in an individual business's trade name; the recorded inputs keep no firm's legal representative", async () => {
    const dir = tmp();
    const people = ["王建国", "李秀英", "张伟", "欧阳娜娜"];
    let k = 0;
    const file = exampleWith(join(dir, "e.csv"), "examples/enterprises.csv", (cells, header) => {
      if (cells[0] === header[0]) return [...cells, "法定代表人（负责人、经营者）"];
      if (!cells[0].startsWith("92")) return [...cells, "赵敏"];
      const person = people[k++ % people.length];
      return [cells[0], `淮安区${person}商店（个体工商户）`, ...cells.slice(2), person];
    });
    const db = join(dir, "g.db");
    const out = join(dir, "d");
    const draw = await drawWith({ "examples/enterprises.csv": file }, "--db", db, "--out", out);
    expect(draw.code, draw.stderr).toBe(0);
    const selected = readFileSync(join(out, "selected.csv"), "utf8");
    const individual = selected.split("\r\n").filter((l) => l.startsWith("92"));
    expect(individual.length).toBeGreaterThan(0);
    for (const line of individual)
      expect(line.split(",")[1]).toMatch(/^淮安区(王\*\*|李\*\*|张\*|欧\*\*\*)商店（个体工商户）$/);
    for (const person of people) expect(selected).not.toContain(person);
    const recorded = readFileSync(join(out, "inputs", "enterprises.json"), "utf8");
    expect(recorded).toContain('"operator":"王建国"');
    expect(recorded).not.toContain("赵敏");
    expect((await runCli("verify", out)).code).toBe(0);
    // The ledger names the drawn as published: a list of its results, without the file, masks them.
    const uscc = individual[0].split(",")[0];
    const results = join(dir, "r.csv");
    writeFileSync(
      results,
      `统一社会信用代码,检查日期,检查部门,检查事项,检查类型,检查结果,执法人员\n${uscc},2026-03-21,市场监管局,SC-GS,targeted,未发现问题,HA001;HA002\n`,
    );
    expect((await runCli("results", "import", results, "--db", db)).code).toBe(0);
    const list = join(dir, "p.csv");
    for (const given of [[], ["--enterprises", file]]) {
      const p = await runCli("publish", "--db", db, "--period", "2026-H1", "--out", list, ...given);
      expect(p.code, p.stderr).toBe(0);
      const published = readFileSync(list, "utf8");
      expect(published).toContain(`${individual[0].split(",")[1]},${uscc}`);
      for (const person of people) expect(published).not.toContain(person);
    }
  });

  it("a directory with both a legal representative's column and an operator's (法定代表人, 经营者) takes the operator from either, and keeps neither as a fact", async () => {
    const code = "92320803T0YGMAM138";
    const file = tmpFile(
      "e.csv",
      `统一社会信用代码,企业名称,企业类别,法定代表人,经营者\n${A},淮安市张三餐饮有限公司,一般,张三,\n${code},淮安区王建国商店,一般,,王建国\n`,
    );
    const read = await readEnterprises(file, { onlyUsedColumns: true });
    expect(read.records.map((e) => [e.operator, e.extra])).toEqual([
      [undefined, {}],
      ["王建国", {}],
    ]);
    expect(read.notices.filter((n) => n.includes("read as operator"))).toEqual([]);
    expect(maskName(code, read.records[1].name, read.records[1].operator)).toBe("淮安区王**商店");
  });

  it("the publication list names each result's kind of inspection and the draw whose visit it reports: its period, and its task unless the default one; none for a targeted inspection", async () => {
    const dir = tmp();
    const db = await readmeDraw(dir);
    const safety = await readmeSafetyDraw(dir, db);
    const drawn = readFileSync(join(safety, "selected.csv"), "utf8").split("\r\n")[1].split(",")[0];
    const res = resultsFile(dir, [
      `${drawn},2026-03-20,应急管理局,YJ-AQ,random,未发现问题,HA013;HA014`,
      `${A},2026-03-21,市场监管局,SC-GS,专项检查,未发现问题,HA001;HA002`,
    ]);
    const imported = await runCli("results", "import", res, "--db", db);
    expect(imported.code, imported.stderr).toBe(0);
    const out = join(dir, "pub.csv");
    const p = await runCli("publish", "--db", db, "--period", "2026-H1", "--out", out, "--lang", "zh");
    expect(p.code, p.stderr).toBe(0);
    const rows = readFileSync(out, "utf8")
      .replace("\uFEFF", "")
      .trimEnd()
      .split("\r\n")
      .map((l) => l.split(","));
    expect(rows[0].slice(2, 6)).toEqual(["检查部门", "检查类型", "抽查任务", "检查事项"]);
    const by = (uscc: string, date: string) => rows.find((r) => r[1] === uscc && r[6] === date);
    // The README's draw has the default task: its period alone.
    expect(by("91320803NC9CMRX29P", "2026-03-10")?.slice(2, 5)).toEqual([
      "市场监管局",
      "双随机抽查",
      "2026-H1",
    ]);
    expect(by(drawn, "2026-03-20")?.slice(2, 5)).toEqual([
      "应急管理局",
      "双随机抽查",
      "2026-H1 安全生产专项",
    ]);
    expect(by(A, "2026-03-21")?.slice(2, 5)).toEqual(["市场监管局", "专项检查", ""]);
    const en = await runCli("publish", "--db", db, "--period", "2026-H1", "--out", out);
    expect(en.code, en.stderr).toBe(0);
    expect(readFileSync(out, "utf8")).toContain(
      `${drawn},应急管理局,random inspection,2026-H1 安全生产专项,YJ-AQ,2026-03-20,no problem found,`,
    );
    expect(readFileSync(out, "utf8")).toContain(`${A},市场监管局,targeted inspection,,SC-GS,2026-03-21,`);
    // A draw cancelled after its visits were made: they were made under it, and say so.
    expect((await runCli(...cancelExampleDraw(db, { reason: "名录库数据有误" }))).code).toBe(0);
    expect((await runCli("publish", "--db", db, "--period", "2026-H1", "--out", out)).code).toBe(0);
    expect(readFileSync(out, "utf8")).toContain(
      "淮安市新城酒店有限公司,91320803NC9CMRX29P,市场监管局,random inspection,2026-H1,SC-GS,2026-03-10,",
    );
  });

  it("a publication list as gradedraw writes it (CSV or workbook, in either language) reads as a history file: its kinds of inspection, dates, departments and results", async () => {
    const dir = tmp();
    const db = await readmeDraw(dir);
    const res = resultsFile(dir, [
      `${A},2026-03-21,市场监管局,SC-GS,专项检查,未发现问题,HA001;HA002`,
      `${A},2026-03-22,市场监管局,SC-GS,投诉举报,发现问题已责令改正,HA001;HA002`,
    ]);
    expect((await runCli("results", "import", res, "--db", db)).code).toBe(0);
    const lists = [
      [join(dir, "公示.xlsx"), "zh"],
      [join(dir, "publication.csv"), "en"],
    ];
    const read = [];
    for (const [out, lang] of lists) {
      const p = await runCli("publish", "--db", db, "--period", "2026-H1", "--out", out, "--lang", lang);
      expect(p.code, p.stderr).toBe(0);
      read.push((await readHistory(out)).records);
    }
    expect(read[0]).toEqual(read[1]);
    expect(read[0].length).toBe(6);
    expect(read[0].filter((h) => h.uscc === A)).toEqual([
      { uscc: A, date: "2026-03-21", department: "市场监管局", kind: "targeted", result: ["none"] },
      { uscc: A, date: "2026-03-22", department: "市场监管局", kind: "complaint", result: ["rectified"] },
    ]);
    expect(new Set(read[0].map((h) => h.kind))).toEqual(new Set(["random", "targeted", "complaint"]));
    // Every kind as the list names it, a joint one's too.
    for (const [kind, words] of Object.entries(PUBLISHED_KIND))
      for (const w of Object.values(words)) expect(kindOf(w)).toBe(kind);
  });

  it("gradedraw publish writes the period's results with deadlines and no inspector data", async () => {
    const dir = tmp();
    const db = join(dir, "g.db");
    const res = join(dir, "r.csv");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(
      res,
      `uscc,date,department,item,result,inspectors\n${A},2026-03-10,市场监管局,SC-GS,未发现问题,HA001;HA002\n${A},2026-08-10,市场监管局,SC-GS,未发现问题,HA001\n`,
    );
    expect((await runCli("results", "import", res, "--db", db)).code).toBe(0);
    const out = join(dir, "pub.csv");
    const p = await runCli("publish", "--db", db, "--period", "2026-H1", "--out", out, "--lang", "zh");
    expect(p.code).toBe(0);
    const text = readFileSync(out, "utf8");
    expect(text.split("\r\n")).toEqual([
      "\uFEFF企业名称,统一社会信用代码,检查部门,检查类型,抽查任务,检查事项,检查日期,检查结果,公示截止日期",
      `,${A},市场监管局,双随机抽查,,SC-GS,2026-03-10,未发现问题,2026-04-08`,
      "",
    ]);
    expect(text).not.toContain("HA001");
    // The same list as a workbook: one sheet 公示, the same rows.
    const book = join(dir, "pub.xlsx");
    expect(
      (await runCli("publish", "--db", db, "--period", "2026-H1", "--out", book, "--lang", "zh")).code,
    ).toBe(0);
    const { default: ExcelJS } = await import("exceljs");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(book);
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(["公示"]);
    // The enterprise's name stays in view as the list scrolls right.
    expect(wb.worksheets[0].views[0]).toMatchObject({
      state: "frozen",
      xSplit: 1,
      ySplit: 1,
      topLeftCell: "B2",
    });
    const rows: string[] = [];
    wb.worksheets[0].eachRow((row) => {
      rows.push(
        (row.values as unknown[])
          .slice(1)
          .map((v) => v ?? "")
          .join(","),
      );
    });
    expect(rows).toEqual(text.replace("\uFEFF", "").trimEnd().split("\r\n"));
    // The code is in no recorded draw, so its name is blank, and items are codes without a
    // policy: both said on stderr, with the way to name them. Its deadline, 2026-04-08, has
    // passed (on any day this test runs): said too.
    const said = p.stderr.split("\n");
    expect(said.slice(0, 2)).toEqual([
      `gradedraw: 公示表中 1 家企业没有名称：它们不在已记录的抽取中；请用 --enterprises 提供企业名录（${A}）`,
      "gradedraw: 公示表中的检查事项只有代码；请用 --policy 提供政策文件以列出事项名称",
    ]);
    expect(said.slice(2)).toHaveLength(1);
    expect(said[2]).toMatch(
      /^gradedraw: 提示：截至今天（\d{4}-\d\d-\d\d），1 条结果已过公示期限（检查后 20 个工作日；最早为 2026-04-08）：如尚未公示，已经逾期$/,
    );
    const names = join(dir, "e.csv");
    writeFileSync(names, `uscc,name,category\n${A},淮安市清河食品有限公司,general\n`);
    const publishNamed = (policy: string) =>
      runCli(...publishH1(db, out), "--enterprises", names, "--policy", policy);
    // A --policy that is not there is said as such, not as an internal error, and the list stays as it was.
    const published = readFileSync(out, "utf8");
    const missing = await publishNamed(join(dir, "none.yaml"));
    expect([missing.code, missing.stderr]).toEqual([
      1,
      `gradedraw: no such file (${join(dir, "none.yaml")})`,
    ]);
    expect(readFileSync(out, "utf8")).toBe(published);
    const named = await publishNamed("policies/huaian-2021");
    // Named, nothing is said but the deadline passed.
    expect(named.stderr).toMatch(
      /^gradedraw: note: 1 result\(s\) are past their publication deadline \(20 working days after the inspection; the earliest 2026-04-08\) as of today \(\d{4}-\d\d-\d\d\): if not yet published, they are late$/,
    );
    expect(readFileSync(out, "utf8")).toContain(
      `淮安市清河食品有限公司,${A},市场监管局,random inspection,,SC-GS 企业公示信息抽查,2026-03-10`,
    );
    // A folder of --out that does not exist yet is made.
    const nested = join(dir, "公示", "2026", "pub.csv");
    expect(
      (await runCli("publish", "--db", db, "--period", "2026-H1", "--out", nested, "--lang", "zh")).code,
    ).toBe(0);
    expect(readFileSync(nested, "utf8")).toBe(text);
    // An item the policy lacks is published by its code, and said.
    writeFileSync(
      res,
      `uscc,date,department,item,result,inspectors\n${A},2026-03-11,市场监管局,SC-XX,未发现问题,HA001\n`,
    );
    await runCli("results", "import", res, "--db", db);
    const unknown = await publishNamed("policies/huaian-2021/1.0.0.yaml");
    expect(unknown.stderr.split("\n")[0]).toBe(
      "gradedraw: 1 item code(s) are not items of policies/huaian-2021/1.0.0.yaml: published by code (SC-XX)",
    );
    expect(unknown.stderr.split("\n")[1]).toMatch(
      /^gradedraw: note: 2 result\(s\) are past their publication deadline/,
    );
    expect(readFileSync(out, "utf8")).toContain(",市场监管局,random inspection,,SC-XX,2026-03-11,");
  });
});
