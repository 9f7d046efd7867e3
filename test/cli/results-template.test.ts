import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { Failed, fitsOneSheet } from "../../bin/context.js";
import { RESULT_CODES } from "../../engine/data/result-codes.js";
import { XLSX_MAX_ROWS } from "../../engine/xlsx.js";
import { TEMPLATE_HEADERS } from "../../reports/results-template.js";
import { inFolder } from "../helpers/doc-commands.js";
import {
  cancelExampleDraw,
  exampleDraw,
  readmeDraw,
  readmeForm,
  readmeSafetyDraw,
} from "../helpers/examples.js";
import { runCli } from "../helpers/run-cli.js";
import { tmp } from "../helpers/tmp.js";

type Row = Record<string, string>;
const csvRows = (file: string) => parse(readFileSync(file, "utf8"), { bom: true, columns: true }) as Row[];

/**
 * The README's draw of 2026-H1 and one of 2026-H2 recorded in a ledger, and the rows of the 2026-H2
 * results form of the enterprises both drew (whose 2026-H1 visits are not reported: open), with the
 * function that imports rows of it filled in (result: no problem found).
 */
async function twoPeriodsDrawn() {
  const dir = tmp();
  const db = await readmeDraw(dir);
  const h2 = join(dir, "h2");
  const args = exampleDraw(h2, { db, seed: "2" }).map((a) =>
    a === "2026-H1" ? "2026-H2" : a === "2026-01-01" ? "2026-07-01" : a,
  );
  const drawn = await runCli(...args);
  expect(drawn.code, drawn.stderr).toBe(0);
  const form = join(dir, "h2.csv");
  expect((await runCli("results", "template", h2, "--db", db, "--out", form)).code).toBe(0);
  const first = new Set(csvRows(join(dir, "d", "selected.csv")).map((r) => r.uscc));
  const both = csvRows(join(h2, "selected.csv")).flatMap((r) => (first.has(r.uscc) ? [r.uscc] : []));
  const rows = csvRows(form).filter((r) => both.includes(r.uscc));
  let files = 0;
  const importRows = (filled: Row[]) => {
    const file = join(dir, `filled-${++files}.csv`);
    writeFileSync(
      file,
      [
        Object.keys(filled[0]).join(","),
        ...filled.map((r) => Object.values({ ...r, result: "未发现问题" }).join(",")),
      ].join("\n"),
    );
    return runCli("results", "import", file, "--db", db);
  };
  return { db, rows, both, importRows };
}

/** How many planned visits of each draw of the ledger `db` a result fulfils. */
function madeByDraw(db: string) {
  const ledger = new Database(db, { readonly: true });
  const done = ledger
    .prepare("SELECT draw_seq, count(done_by) AS made FROM planned GROUP BY draw_seq ORDER BY draw_seq")
    .all();
  ledger.close();
  return done;
}

describe("results template (检查结果录入表)", () => {
  it("a draw's task list given to results import, under its name or another, is told to be no results form, with the command that makes the draw's, in Chinese too; nothing is recorded", async () => {
    const dir = tmp();
    const db = await readmeDraw(dir);
    const draw = join(dir, "d");
    const tasks = join(draw, "tasks.xlsx");
    const refused = await runCli("results", "import", tasks, "--db", db);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `gradedraw: ${tasks} is a draw's task list (tasks.xlsx), not a results form: make the draw's results form (gradedraw results template ${draw} --db ${db}), which has a row for each department's item of each visit, fill in their dates and results, and import that`,
    );
    // Handed out under another name, away from its draw's folder: the folder is not known.
    const handed = join(dir, "人社局任务.xlsx");
    writeFileSync(handed, readFileSync(tasks));
    const zh = await runCli("--lang", "zh", "results", "import", handed, "--db", db);
    expect(zh.stderr).toContain(
      `${handed} 是抽取的检查任务清单（tasks.xlsx），不是结果录入表：请生成该次抽取的结果录入表（gradedraw results template 抽取文件夹 --db ${db}`,
    );
    const ledger = await runCli("ledger", "verify", "--db", db);
    expect(ledger.stdout).toContain("0 result(s)");
  });

  it("has a row per item of each visit of a recorded draw, with the team's inspectors of the item's department; results import reads it back once filled in, leaving out the rows not filled in", async () => {
    const dir = tmp();
    const db = await readmeDraw(dir);
    const draw = join(dir, "d");
    const out = join(dir, "t.csv");
    const made = await runCli("results", "template", draw, "--db", db, "--out", out);
    expect(made.code, made.stderr).toBe(0);
    const rows = csvRows(out);
    const selected = csvRows(join(draw, "selected.csv"));
    const assignments = csvRows(join(draw, "assignments.csv"));
    const policy = JSON.parse(readFileSync(join(draw, "inputs", "policy.json"), "utf8"));
    const departmentOf = new Map<string, string>(
      policy.items.map((i: { code: string; department: string }) => [i.code, i.department]),
    );
    // The columns results import reads (the round trip below holds them to it).
    expect(Object.keys(rows[0])).toEqual(TEMPLATE_HEADERS.en);
    // Each visit's items, in the draw's order, nothing else.
    expect(rows.map((r) => `${r.uscc} ${r.item}`)).toEqual(
      selected.flatMap((s) => s.items.split(";").map((item) => `${s.uscc} ${item}`)),
    );
    // A second form into the same file would write over what was filled in: refused, the file kept.
    writeFileSync(out, `${readFileSync(out, "utf8")}filled in`);
    const again = await runCli("results", "template", draw, "--db", db, "--out", out);
    expect([again.code, again.stderr]).toEqual([
      1,
      `gradedraw: ${out} exists, and a results form may hold results filled in: give another --out, or remove it first`,
    ]);
    expect(readFileSync(out, "utf8").endsWith("filled in")).toBe(true);
    expect(made.stdout).toBe(
      `${rows.length} row(s) for ${selected.length} visit(s) of huaian-credit-graded@1.0.0 default 2026-H1 written to ${out}: fill in the date and result of each, then gradedraw results import ${out}`,
    );
    const names = new Map(
      readFileSync("examples/enterprises.csv", "utf8")
        .split("\n")
        .slice(1)
        .map((l) => [l.split(",")[0], l.split(",")[1]]),
    );
    for (const r of rows) {
      expect(r.department).toBe(departmentOf.get(r.item));
      expect(r.name).toBe(names.get(r.uscc));
      expect([r.date, r.result]).toEqual(["", ""]);
      const team = assignments.filter((a) => a.uscc === r.uscc && a.department === r.department);
      expect(r.inspectors).toBe(team.map((a) => a.inspector).join(";"));
      expect(r.kind).toBe(selected.find((s) => s.uscc === r.uscc)?.joint === "true" ? "joint" : "random");
    }
    // One visit reported: its rows are recorded and fulfil it; the others are left out, and said.
    const visit = selected[0].uscc;
    const filled = rows.map((r) =>
      r.uscc === visit ? { ...r, date: "2026-03-20", result: "未发现问题" } : r,
    );
    const back = join(dir, "filled.csv");
    writeFileSync(
      back,
      [Object.keys(rows[0]).join(","), ...filled.map((r) => Object.values(r).join(","))].join("\n"),
    );
    const imported = await runCli("results", "import", back, "--db", db);
    expect(imported.code, imported.stderr).toBe(0);
    const own = rows.filter((r) => r.uscc === visit).length;
    expect(imported.stdout).toBe(
      `recorded ${own} result(s), 0 already recorded, 1 planned inspection(s) fulfilled`,
    );
    const left = filled.flatMap((r, i) => (r.uscc === visit ? [] : [i + 2]));
    expect(imported.stderr).toBe(
      `gradedraw: note: ${left.length} row(s) have neither a date nor a result, at row(s) ${left.slice(0, 10).join(", ")}, …: visits not reported yet, left out (${back})`,
    );
    // And every one of them in --json.
    const json = await runCli("results", "import", back, "--db", db, "--json");
    expect(JSON.parse(json.stdout)).toMatchObject({ inserted: 0, unchanged: own, unreported: left });
    // A row with its date and no result is still refused, naming it.
    const half = join(dir, "half.csv");
    writeFileSync(
      half,
      `${Object.keys(rows[0]).join(",")}\n${Object.values({ ...rows[1], date: "2026-03-21" }).join(",")}\n`,
    );
    const refused = await runCli("results", "import", half, "--db", db);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("the result is empty");
  });

  it("made again once results are recorded, says how many of the draw's visits they report already, whose rows a date filled in again would make other inspections", async () => {
    const dir = tmp();
    const db = await readmeDraw(dir);
    const draw = join(dir, "d");
    const form = (name: string, ...more: string[]) =>
      runCli("results", "template", draw, "--db", db, "--out", join(dir, name), ...more);
    const before = await form("before.csv", "--json");
    expect([before.code, before.stderr]).toEqual([0, ""]);
    const { visits } = JSON.parse(before.stdout);
    expect(JSON.parse(before.stdout)).toMatchObject({ reported: 0 });
    const imported = await runCli("results", "import", "examples/results.csv", "--db", db);
    expect(imported.stdout).toContain("3 planned inspection(s) fulfilled");
    const after = await form("after.csv");
    expect(after.code, after.stderr).toBe(0);
    expect(after.stderr).toBe(
      `gradedraw: note: 3 of the draw's ${visits} visit(s) have results recorded already; their rows are in the form too, and one filled in again under another date is recorded as another inspection: fill in those still to report`,
    );
    expect(JSON.parse((await form("after.json.csv", "--json")).stdout)).toMatchObject({
      visits,
      reported: 3,
    });
    expect((await form("zh.csv", "--lang", "zh")).stderr).toContain(
      `该抽取的 ${visits} 次检查中已有 3 次录入了检查结果`,
    );
  });

  it("a visit's rows (its items, a joint visit's departments) fulfil that visit alone, not also an earlier period's visit of the enterprise still open", async () => {
    const { db, rows, both, importRows } = await twoPeriodsDrawn();
    // Some visit has several rows (items, or departments of a joint visit), which once fulfilled the earlier visit too.
    expect(rows.length).toBeGreaterThan(both.length);
    const imported = await importRows(rows.map((r) => ({ ...r, date: "2026-08-03" })));
    expect([imported.code, imported.stderr]).toEqual([0, ""]);
    expect(imported.stdout).toBe(
      `recorded ${rows.length} result(s), 0 already recorded, ${both.length} planned inspection(s) fulfilled`,
    );
    expect(madeByDraw(db)).toEqual([
      { draw_seq: 1, made: 0 },
      { draw_seq: 2, made: both.length },
    ]);
  });

  it("a visit reported over two days is one visit: its items of the second day fulfil no earlier visit; the same items reported again later make the earlier visit, still open", async () => {
    const { db, rows, both, importRows } = await twoPeriodsDrawn();
    // An enterprise both drew whose visit has several items of one department.
    const uscc = both.find(
      (u) =>
        new Set(rows.filter((r) => r.uscc === u).map((r) => r.department)).size === 1 &&
        rows.filter((r) => r.uscc === u).length > 1,
    );
    expect(uscc).toBeDefined();
    const own = rows.filter((r) => r.uscc === uscc);
    const twoDays = await importRows(
      own.map((r, i) => ({ ...r, date: i === 0 ? "2026-08-03" : "2026-08-04" })),
    );
    expect([twoDays.code, twoDays.stderr]).toEqual([0, ""]);
    expect(twoDays.stdout).toBe(
      `recorded ${own.length} result(s), 0 already recorded, 1 planned inspection(s) fulfilled`,
    );
    expect(madeByDraw(db)).toEqual([
      { draw_seq: 1, made: 0 },
      { draw_seq: 2, made: 1 },
    ]);
    // Its 2026-H1 visit, made late: the items the later visit reported already.
    const late = await importRows(own.map((r) => ({ ...r, date: "2026-09-10" })));
    expect(late.code, late.stderr).toBe(0);
    expect(late.stdout).toBe(
      `recorded ${own.length} result(s), 0 already recorded, 1 planned inspection(s) fulfilled`,
    );
    expect(madeByDraw(db)).toEqual([
      { draw_seq: 1, made: 1 },
      { draw_seq: 2, made: 1 },
    ]);
  });

  it("as a workbook in Chinese: the form and the result codes, and a date typed as a date is read back", async () => {
    const dir = tmp();
    const db = await readmeDraw(dir);
    const out = join(dir, "结果录入.xlsx");
    await readmeForm(dir, db, out);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["检查结果", "检查结果代码"]);
    const form = wb.worksheets[0];
    expect((form.getRow(1).values as unknown[]).slice(1)).toEqual([
      "统一社会信用代码",
      "企业名称",
      "检查部门",
      "检查事项",
      "事项名称",
      "检查类型",
      "抽查任务",
      "检查日期",
      "检查结果",
      "执法人员",
    ]);
    expect(form.getRow(2).getCell(6).value).toMatch(/^(随机抽查|联合抽查)$/);
    // The code and the name stay in view while the date and result are filled in.
    expect(form.views[0]).toMatchObject({ state: "frozen", xSplit: 2, ySplit: 1, topLeftCell: "C2" });
    expect((wb.worksheets[1].getColumn(1).values as unknown[]).slice(2)).toContain("未发现问题");
    // Each result cell offers the codes of the sheet beside, and takes several of them (no error).
    const codes = (wb.worksheets[1].getColumn(1).values as unknown[]).slice(2);
    expect(codes).toHaveLength(RESULT_CODES.length);
    for (let n = 2; n <= form.rowCount; n++)
      expect(form.getCell(n, 9).dataValidation, `row ${n}`).toMatchObject({
        type: "list",
        allowBlank: true,
        showErrorMessage: false,
        showInputMessage: true,
        promptTitle: "检查结果",
        formulae: [`'检查结果代码'!$A$2:$A$${codes.length + 1}`],
      });
    expect(form.getCell(2, 9).dataValidation.prompt).toContain("以分号分隔");
    // Each date cell asks for a day no earlier than the draw's, warning of an earlier one.
    const drawn = JSON.parse(readFileSync(join(dir, "d", "manifest.json"), "utf8")).drawDate as string;
    for (let n = 2; n <= form.rowCount; n++)
      expect(form.getCell(n, 8).dataValidation, `row ${n}`).toMatchObject({
        type: "date",
        operator: "greaterThanOrEqual",
        errorStyle: "warning",
        promptTitle: "检查日期",
      });
    expect(form.getCell(2, 8).dataValidation.prompt).toContain(`不早于抽取日 ${drawn}`);
    expect(form.getCell(2, 8).dataValidation.error).toContain(drawn);
    expect(form.getCell(form.rowCount + 1, 9).dataValidation).toBeUndefined();
    const visit = form.getRow(2).getCell(1).value;
    let own = 0;
    form.eachRow((row, n) => {
      if (n === 1 || row.getCell(1).value !== visit) return;
      own++;
      row.getCell(8).value = new Date(Date.UTC(2026, 2, 20));
      row.getCell(9).value = "未发现问题";
    });
    await wb.xlsx.writeFile(out);
    const imported = await runCli("results", "import", out, "--db", db, "--lang", "zh");
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toBe(`已记录 ${own} 条结果，0 条此前已记录，完成计划检查 1 项`);
    // The visit's rows come first (rows 2 on): the next row is the first left out.
    expect(imported.stderr).toMatch(
      new RegExp(`^gradedraw: 提示：\\d+ 行既无检查日期也无检查结果，见第 ${own + 2}、`),
    );
  });

  it("a row is matched to its own task's visit, though another task of the period drew the enterprise for the same department", async () => {
    const dir = tmp();
    const db = await readmeDraw(dir);
    const safety = await readmeSafetyDraw(dir, db);
    const out = join(dir, "t.csv");
    expect((await runCli("results", "template", join(dir, "d"), "--db", db, "--out", out)).code).toBe(0);
    const rows = csvRows(out);
    // An enterprise both tasks drew, and its 应急管理局 row in the first task's form.
    const both = new Set(csvRows(join(safety, "selected.csv")).map((s) => s.uscc));
    const row = rows.find((r) => both.has(r.uscc) && r.department === "应急管理局");
    expect(row?.task).toBe("default");
    const filled = join(dir, "filled.csv");
    writeFileSync(
      filled,
      `${Object.keys(rows[0]).join(",")}\n${Object.values({ ...row, date: "2026-03-20", result: "未发现问题" }).join(",")}\n`,
    );
    const imported = await runCli("results", "import", filled, "--db", db);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toBe(
      "recorded 1 result(s), 0 already recorded, 1 planned inspection(s) fulfilled",
    );
    // The first draw's visit is made, the second's still to come (without the task, the latest draw's was taken).
    const list = JSON.parse((await runCli("ledger", "list", "--db", db, "--json")).stdout);
    expect(list.map((e: { task: string; made: number }) => [e.task, e.made])).toEqual([
      ["default", 1],
      ["安全生产专项", 0],
    ]);
  });

  it("a row of one task's form identical to a result recorded from another task's (one visit for both tasks' items) makes that task's visit too; withdrawn, both are open again", async () => {
    const dir = tmp();
    const db = await readmeDraw(dir);
    const safety = await readmeSafetyDraw(dir, db);
    const forms = { default: join(dir, "default.csv"), safety: join(dir, "safety.csv") };
    expect(
      (await runCli("results", "template", join(dir, "d"), "--db", db, "--out", forms.default)).code,
    ).toBe(0);
    expect((await runCli("results", "template", safety, "--db", db, "--out", forms.safety)).code).toBe(0);
    // An enterprise both tasks drew, and its 应急管理局 row in each task's form.
    const both = new Set(csvRows(join(safety, "selected.csv")).map((s) => s.uscc));
    const first = csvRows(forms.default).find(
      (r) => both.has(r.uscc) && r.department === "应急管理局",
    ) as Row;
    const second = csvRows(forms.safety).find(
      (r) => r.uscc === first.uscc && r.department === "应急管理局" && r.item === first.item,
    ) as Row;
    expect([first.task, second.task]).toEqual(["default", "安全生产专项"]);
    // One inspection made for both: the second form says what the first does (its date, result, team).
    const made = { date: "2026-03-20", result: "未发现问题", inspectors: first.inspectors };
    const write = (name: string, row: Row) => {
      const file = join(dir, name);
      writeFileSync(file, `${Object.keys(row).join(",")}\n${Object.values({ ...row, ...made }).join(",")}\n`);
      return file;
    };
    const made1 = write("made-1.csv", first);
    const made2 = write("made-2.csv", second);
    const tasks = async () =>
      JSON.parse((await runCli("ledger", "list", "--db", db, "--json")).stdout).map(
        (e: { task: string; made: number }) => [e.task, e.made],
      );
    expect((await runCli("results", "import", made1, "--db", db)).stdout).toBe(
      "recorded 1 result(s), 0 already recorded, 1 planned inspection(s) fulfilled",
    );
    expect(await tasks()).toEqual([
      ["default", 1],
      ["安全生产专项", 0],
    ]);
    expect((await runCli("results", "import", made2, "--db", db)).stdout).toBe(
      "recorded 0 result(s), 1 already recorded, 1 planned inspection(s) fulfilled",
    );
    expect(await tasks()).toEqual([
      ["default", 1],
      ["安全生产专项", 1],
    ]);
    // Published once, as the one inspection it is, under both tasks.
    const list = join(dir, "公示.csv");
    expect((await runCli("publish", "--db", db, "--period", "2026-H1", "--out", list)).code).toBe(0);
    expect(csvRows(list).filter((r) => r.uscc === first.uscc && r.item === first.item)).toMatchObject([
      { task: "2026-H1；2026-H1 安全生产专项", date: "2026-03-20" },
    ]);
    // Either form again: nothing more.
    for (const file of [made1, made2])
      expect((await runCli("results", "import", file, "--db", db)).stdout).toBe(
        "recorded 0 result(s), 1 already recorded, 0 planned inspection(s) fulfilled",
      );
    const withdrawn = await runCli("results", "withdraw", made1, "--db", db, "--reason", "录入错误");
    expect(withdrawn.code, withdrawn.stderr).toBe(0);
    expect(await tasks()).toEqual([
      ["default", 0],
      ["安全生产专项", 0],
    ]);
  });

  it("a form none of whose rows is filled in is told so, at its first row and date column as the form writes it, not that it has no rows; nothing is recorded", async () => {
    const dir = tmp();
    const db = await readmeDraw(dir);
    const forms = { en: join(dir, "form.csv"), zh: join(dir, "结果录入.xlsx") };
    expect((await runCli("results", "template", join(dir, "d"), "--db", db, "--out", forms.en)).code).toBe(0);
    const zhForm = await runCli(
      "results",
      "template",
      join(dir, "d"),
      "--db",
      db,
      "--out",
      forms.zh,
      "--lang",
      "zh",
    );
    expect(zhForm.code).toBe(0);
    const rows = csvRows(forms.en).length;
    const en = await runCli("results", "import", forms.en, "--db", db);
    expect(en.code).toBe(1);
    expect(en.stderr).toBe(
      `gradedraw: no row is filled in: the ${rows} row(s) have neither a date nor a result (visits not reported yet); fill in the date and result of each visit made (${forms.en}:2, column date)`,
    );
    const zh = await runCli("results", "import", forms.zh, "--db", db, "--lang", "zh");
    expect(zh.code).toBe(1);
    expect(zh.stderr).toMatch(
      new RegExp(
        `^gradedraw: 没有填写任何一行：${rows} 行均既无检查日期也无检查结果.* \\(.*结果录入\\.xlsx:\\d+, “检查日期”列\\)$`,
      ),
    );
    const list = JSON.parse((await runCli("ledger", "list", "--db", db, "--json")).stdout);
    expect(list.map((e: { made: number }) => e.made)).toEqual([0]);
  });

  it("of a draw the ledger holds cancelled, or does not hold, no form is written, and why is said; without a ledger, that it was not checked", async () => {
    const dir = tmp();
    const db = await readmeDraw(dir);
    const draw = join(dir, "d");
    const out = join(dir, "t.csv");
    const other = join(dir, "other.db");
    expect((await runCli(...exampleDraw(join(dir, "o"), { db: other, seed: "2" }))).code).toBe(0);
    const elsewhere = await runCli("results", "template", draw, "--db", other, "--out", out);
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stderr.split("\n")).toEqual([
      `gradedraw: the draw is not recorded in the ledger: no entry holds its manifest; it was recorded in another ledger, or its manifest was changed since (${other})`,
      "gradedraw: no results form was written: it is made for a draw in force in the ledger",
    ]);
    expect((await runCli(...cancelExampleDraw(db, { reason: "名录库数据有误" }))).code).toBe(0);
    const cancelled = await runCli("results", "template", draw, "--db", db, "--out", out);
    expect(cancelled.code).toBe(1);
    expect(cancelled.stderr.split("\n")[0]).toBe(
      `gradedraw: the draw is entry #1 of the ledger, cancelled by entry #2: 名录库数据有误 (${db})`,
    );
    expect(existsSync(out)).toBe(false);
    // Run where there is no gradedraw.db and without --db: written, and said unchecked.
    const unchecked = await inFolder(dir, () => runCli("results", "template", draw, "--out", out));
    expect(unchecked.code, unchecked.stderr).toBe(0);
    expect(unchecked.stderr).toBe(
      "gradedraw: note: no ledger gradedraw.db here, so whether the draw is recorded and in force was not checked; give the ledger with --db",
    );
  });

  it("of a dry run is refused, since its visits are not made; --out of another kind is a usage error", async () => {
    const dir = tmp();
    const trial = join(dir, "trial");
    expect((await runCli(...exampleDraw(trial))).code).toBe(0);
    const out = join(dir, "t.csv");
    const r = await runCli("results", "template", trial, "--out", out);
    expect([r.code, r.stderr]).toEqual([
      1,
      `gradedraw: the draw is a dry run: its visits are not made, and results of them would match no recorded draw; make the template from the folder of the recorded draw (${join(trial, "manifest.json")})`,
    ]);
    const usage = await runCli("results", "template", trial, "--out", join(dir, "t.txt"));
    expect(usage.code).toBe(2);
  });
});

describe("a list written as a workbook", () => {
  it("is refused, with a request for .csv, when it has more rows than a worksheet holds beside its header", () => {
    expect(() => fitsOneSheet(XLSX_MAX_ROWS - 1, { en: "the form", zh: "录入表" }, "en")).not.toThrow();
    expect(() => fitsOneSheet(XLSX_MAX_ROWS, { en: "the form", zh: "录入表" }, "en")).toThrow(
      new Failed("the form has 1048576 rows, more than a worksheet holds (1048575): write it as .csv"),
    );
    expect(() => fitsOneSheet(XLSX_MAX_ROWS, { en: "the list", zh: "公示表" }, "zh")).toThrow(
      "公示表有 1048576 行，超过一个工作表的容量（1048575 行）：请写为 .csv",
    );
  });
});
