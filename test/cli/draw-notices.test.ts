import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { drawWith, exampleDraw, exampleWith } from "../helpers/examples.js";
import { runCli } from "../helpers/run-cli.js";
import { tmp } from "../helpers/tmp.js";

/** Dry runs of the examples with `swap`ped inputs, in English then in Chinese, into folders of `dir`. */
async function dryRunsInBoth(swap: Record<string, string>, dir: string) {
  const en = await drawWith(swap, "--dry-run", "--out", join(dir, "en"));
  const zh = await drawWith(swap, "--dry-run", "--out", join(dir, "zh"), "--lang", "zh");
  return { en, zh };
}

describe("gradedraw draw says what an office should check in its inputs", () => {
  it("a history that does not reach back to the first day the caps count is said, by draw, classify and explain: none at all, or one beginning months after it", async () => {
    const dir = tmp();
    // No --history, no ledger: the caps count nothing.
    const bare = await runCli(
      ...["draw", "--policy", "policies/huaian-2021/1.0.0.yaml", "--enterprises", "examples/enterprises.csv"],
      ...[
        "--inspectors",
        "examples/inspectors.csv",
        "--period",
        "2026-H1",
        "--date",
        "2026-01-01",
        "--seed",
        "1",
      ],
      ...["--dry-run", "--out", join(dir, "bare")],
    );
    expect(bare.code, bare.stderr).toBe(0);
    expect(bare.stderr).toBe(
      "gradedraw: note: no inspection before 2026-01-01 is known: no --history was given and the ledger records no results, so the caps count none (general-b: at most 1 in 12m, from 2025-01-02); give the inspections since 2025-01-02 with --history",
    );
    // A history exported from September, five inspections of one enterprise: the months before
    // are not counted. (One inspection alone would tell nothing of where a history begins.)
    const late = join(dir, "检查记录.csv");
    const [header, first] = readFileSync("examples/history.csv", "utf8").split("\n");
    const later = ["2025-10-12", "2025-11-12", "2025-12-12", "2025-12-20"].map((d) =>
      first.replace("2025-09-12", d),
    );
    writeFileSync(late, [header, first, ...later].join("\n"));
    const short = await drawWith({ "examples/history.csv": late }, "--dry-run", "--out", join(dir, "short"));
    expect(short.code, short.stderr).toBe(0);
    expect(short.stderr).toBe(
      `gradedraw: note: the inspections known begin on 2025-09-12 (the first of ${late}), and the caps count those from 2025-01-02 (general-b: at most 1 in 12m): any made between are not counted; is the history whole? Give the inspections since 2025-01-02 with --history`,
    );
    const zh = await runCli(
      ...["--lang", "zh", "classify", "--policy", "policies/huaian-2021/1.0.0.yaml"],
      ...["--enterprises", "examples/enterprises.csv", "--history", late, "--date", "2026-01-01"],
    );
    expect(zh.stderr).toBe(
      `gradedraw: 提示：已知检查始于 2025-09-12（${late} 中最早的一次），而上限自 2025-01-02 起计数（general-b B级（每年至多一次）：12 个月内至多 1 次）：其间的检查未被计入；检查记录是否完整？请用 --history 提供 2025-01-02 以来的检查记录`,
    );
    // explain says it of the enterprise's own cap; nothing of an enterprise whose treatment has none.
    const explained = (uscc: string) =>
      runCli(
        ...[
          "explain",
          "--policy",
          "policies/huaian-2021/1.0.0.yaml",
          "--enterprises",
          "examples/enterprises.csv",
        ],
        ...["--history", late, "--date", "2026-01-01", "--uscc", uscc],
      );
    expect((await explained("91320803AMN5WJ2P3X")).stderr).toBe(short.stderr);
    expect((await explained("913208033E09P7LM0N")).stderr).toBe("");
    // The examples' history reaches back: nothing said (nor by the draws of the other tests).
    const whole = await drawWith({}, "--dry-run", "--out", join(dir, "whole"));
    expect(whole).toMatchObject({ code: 0, stderr: "" });
  });

  it("where no inspection made is known, the note says the caps count the ledger's drawn visits not yet made in their window, by draw, classify and explain, in Chinese too", async () => {
    const dir = tmp();
    const db = join(dir, "ledger.db");
    const policy = [
      "--policy",
      "policies/huaian-2021/1.0.0.yaml",
      "--enterprises",
      "examples/enterprises.csv",
    ];
    const staff = ["--inspectors", "examples/inspectors.csv", "--db", db];
    // A first draw, of 2026-H1, without --history: its 9 visits are the ledger's, none made yet.
    const first = await runCli(
      ...["draw", ...policy, ...staff, "--period", "2026-H1", "--date", "2026-01-05", "--seed", "1"],
      ...["--out", join(dir, "h1")],
    );
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("9 enterprise(s) drawn");
    const counted = (n: number, whose = "") =>
      `no --history was given and the ledger records no results, so the caps count no inspection made, only the ledger's ${n} drawn visit(s)${whose} not yet made (`;
    // The next half-year's draw counts them (general-b's 12 months reach back to 2025-07-06).
    const next = await runCli(
      ...["draw", ...policy, ...staff, "--period", "2026-H2", "--date", "2026-07-05", "--seed", "1"],
      ...["--dry-run", "--out", join(dir, "h2")],
    );
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toContain(`note: no inspection before 2026-07-05 is known: ${counted(9)}`);
    const classify = await runCli("classify", ...policy, "--db", db, "--date", "2026-07-05", "--lang", "zh");
    expect(classify.stderr).toContain(
      "未提供 --history，台账中也没有检查结果，因此上限不计任何已做的检查，只计台账中已抽取尚未检查的 9 次（",
    );
    // explain, of the enterprise's own: a C-grade enterprise's half-year counts its visit of January.
    const explain = (date: string) =>
      runCli("explain", ...policy, "--db", db, "--date", date, "--uscc", "91320803MJ8405546B");
    expect((await explain("2026-03-01")).stderr).toContain(counted(1, " of this enterprise"));
    // In the next half-year its window holds no visit: the caps count none.
    expect((await explain("2026-07-05")).stderr).toContain(
      "no --history was given and the ledger records no results, so the caps count none (",
    );
  });

  it("a declared-conflicts or history file of its header alone is drawn with as declaring none and holding none, and said: a period may have none, an export that lost its rows keeps no one away", async () => {
    const dir = tmp();
    const conflicts = join(dir, "回避.csv");
    const history = join(dir, "检查记录.csv");
    writeFileSync(conflicts, "执法人员编号,统一社会信用代码,回避原因\r\n");
    writeFileSync(history, "uscc,date,department,kind,result\n");
    const drawn = await drawWith(
      { "examples/conflicts.csv": conflicts, "examples/history.csv": history },
      ...["--dry-run", "--out", join(dir, "d")],
    );
    expect(drawn.code, drawn.stderr).toBe(0);
    expect(drawn.stderr.split("\n")).toEqual([
      `gradedraw: note: ${conflicts} holds no rows: it declares no conflict (回避), and no inspector is kept from an enterprise for one; if declarations were made, check the export`,
      `gradedraw: note: no inspection before 2026-01-01 is known: ${history} holds none and the ledger records no results, so the caps count none (general-b: at most 1 in 12m, from 2025-01-02); give the inspections since 2025-01-02 with --history`,
    ]);
    expect((await runCli("verify", join(dir, "d"))).code).toBe(0);
  });

  it("a history none of whose inspections is of an enterprise of the directory is said, by draw, classify and explain, in Chinese too: the caps count none of it; one holding some of them is not", async () => {
    const dir = tmp();
    const other = join(dir, "h.csv");
    writeFileSync(
      other,
      "uscc,date,department,kind,result\n91110108551385082Q,2025-09-01,市场监管局,random,未发现问题\n91110000600037341L,2025-10-01,市场监管局,random,未发现问题\n",
    );
    const said = `note: none of the 2 enterprise(s) inspected in ${other} is in examples/enterprises.csv (91110108551385082Q, 91110000600037341L): the caps count none of its 2 inspection(s); is it this directory's history?`;
    const { en, zh } = await dryRunsInBoth({ "examples/history.csv": other }, dir);
    expect(en.code).toBe(0);
    expect(en.stderr).toContain(`gradedraw: ${said}`);
    expect(zh.stderr).toContain(
      `gradedraw: 提示：${other} 中被检查的 2 家企业都不在 examples/enterprises.csv 中（91110108551385082Q、91110000600037341L）：其 2 条检查记录均不计入上限；是否为本名录的检查历史？`,
    );
    const classified = await runCli(
      ...[
        "classify",
        "--policy",
        "policies/huaian-2021/1.0.0.yaml",
        "--enterprises",
        "examples/enterprises.csv",
      ],
      ...["--history", other, "--date", "2026-01-01"],
    );
    expect(classified.stderr).toContain(`gradedraw: ${said}`);
    const explained = await runCli(
      ...[
        "explain",
        "--policy",
        "policies/huaian-2021/1.0.0.yaml",
        "--enterprises",
        "examples/enterprises.csv",
      ],
      ...["--history", other, "--date", "2026-01-01", "--uscc", "91320803AMN5WJ2P3X"],
    );
    expect(explained.stderr).toContain(`gradedraw: ${said}`);
    // The examples' own history: nothing said.
    const own = await drawWith({}, "--dry-run", "--out", join(dir, "own"));
    expect(own.stderr).not.toContain("none of the");
  });

  it("a directory of less than half the enterprises the last draw of its task read is asked about: a page of an export, a township's part, a filtered list; one of another task's draw is not", async () => {
    const dir = tmp();
    const db = join(dir, "g.db");
    const first = await runCli(...exampleDraw(join(dir, "d1"), { db }));
    expect(first.code, first.stderr).toBe(0);
    // Seven of the examples' thirty: their first rows, as a page of an export gives them.
    const small = join(dir, "第1页.csv");
    writeFileSync(small, readFileSync("examples/enterprises.csv", "utf8").split("\n").slice(0, 8).join("\n"));
    const next = (file: string, ...more: string[]) =>
      drawWith(
        { "examples/enterprises.csv": file, "2026-H1": "2026-H2", "2026-01-01": "2026-07-01" },
        "--db",
        db,
        "--dry-run",
        "--out",
        join(dir, "next"),
        ...more,
      );
    const asked = await next(small);
    expect(asked.code, asked.stderr).toBe(0);
    expect(asked.stderr).toContain(
      `gradedraw: note: ${small} holds 7 enterprise(s), 23.3% of the 30 the last draw of this task read (ledger entry #1, 2026-H1): is it the whole directory (检查对象名录库), not a page of an export, one township's part or a filtered list?`,
    );
    expect((await next(small, "--lang", "zh")).stderr).toContain(
      `gradedraw: 提示：${small} 有 7 家企业，仅为本任务上次抽取（台账第 1 条，2026-H1）所读 30 家的 23.3%：是否为完整的检查对象名录库，而非导出的某一页、某一街道的部分或筛选后的名单？`,
    );
    // The whole directory again, or a task drawn from a list of its own, is not asked about.
    expect((await next("examples/enterprises.csv")).stderr).not.toContain("whole directory");
    const task = await next(small, "--task", "食品安全专项", "--departments", "市场监管局");
    expect(task.code, task.stderr).toBe(0);
    expect(task.stderr).not.toContain("whole directory");
  });

  it("an inspector the directory gives neither a licence number nor an expiry date, where it gives the others one, holds no licence and is not drawn; the draw records so and verifies", async () => {
    const dir = tmp();
    // HA002, drawn three times from the examples, with 无 for a number and no expiry date.
    const inspectors = exampleWith(join(dir, "执法人员.csv"), "examples/inspectors.csv", (cells) =>
      cells[0] === "HA002" ? cells.map((c, i) => (i === 3 ? "无" : i === 4 ? "" : c)) : cells,
    );
    const r = await drawWith({ "examples/inspectors.csv": inspectors }, "--dry-run", "--out", join(dir, "d"));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(
      `gradedraw: note: 1 inspector(s) of ${inspectors} have neither a licence number nor an expiry date, where the others have one: they hold no enforcement licence and are not drawn (HA002)`,
    );
    const assigned = readFileSync(join(dir, "d", "assignments.csv"), "utf8");
    expect(assigned).not.toContain("HA002");
    expect(assigned.trim().split("\n").length - 1).toBe(20);
    const recorded = readFileSync(join(dir, "d", "inputs", "inspectors.json"), "utf8");
    expect(recorded).toMatch(/"id":"HA002",[^}]*"unlicensed":true/);
    expect(recorded.match(/unlicensed/g)).toHaveLength(1);
    expect((await runCli("verify", join(dir, "d"))).code).toBe(0);
    // A directory that records no licence at all is drawn from as it is, and said so.
    const bare = exampleWith(join(dir, "无证号.csv"), "examples/inspectors.csv", (cells, header) =>
      cells.filter((_, i) => i !== header.indexOf("licenseNo") && i !== header.indexOf("licenseExpires")),
    );
    const zh = await drawWith(
      { "examples/inspectors.csv": bare },
      "--dry-run",
      "--out",
      join(dir, "e"),
      "--lang",
      "zh",
    );
    expect(zh.code, zh.stderr).toBe(0);
    expect(zh.stderr).toBe(
      `gradedraw: 提示：${bare} 未记录执法证（“执法证号”“执法证有效期”列）：所有在岗执法人员均视为持有有效执法证`,
    );
    expect(readFileSync(join(dir, "e", "inputs", "inspectors.json"), "utf8")).not.toContain("unlicensed");
  });

  it("a drawn enterprise whose last inspection found it no longer in business (已注销或被吊销营业执照, 已迁出) is named with that result, in Chinese too; one inspected since is not", async () => {
    const dir = tmp();
    // Two of the general C enterprises, all of whose stratum is drawn: one deregistered at its last
    // visit, one moved out and found in business at a later one.
    const history = join(dir, "检查记录.csv");
    writeFileSync(
      history,
      `${readFileSync("examples/history.csv", "utf8").trimEnd()}\n91320803NC9CMRX29P,2025-10-02,市场监管局,random,已注销或被吊销营业执照\n91320803MJ8405546B,2025-10-02,市场监管局,random,已迁出\n91320803MJ8405546B,2025-11-02,市场监管局,complaint,未发现问题\n`,
    );
    const { en, zh } = await dryRunsInBoth({ "examples/history.csv": history }, dir);
    expect(en.code, en.stderr).toBe(0);
    expect(readFileSync(join(dir, "en", "selected.csv"), "utf8")).toContain("91320803MJ8405546B");
    expect(en.stderr).toBe(
      "gradedraw: note: 1 drawn enterprise(s) were found no longer in business at their last inspection: 91320803NC9CMRX29P (2025-10-02: 已注销或被吊销营业执照); check before the visit that they still are",
    );
    expect(zh.stderr).toBe(
      "gradedraw: 提示：1 家抽中企业在最近一次检查中被发现已不在登记地经营：91320803NC9CMRX29P（2025-10-02：已注销或被吊销营业执照）；请在检查前核实其是否仍在经营",
    );
  });

  it("a declared conflict whose enterprise code is not in the enterprise file is named, in Chinese too: it excludes nobody", async () => {
    const dir = tmp();
    // A valid code (its check characters right) that no enterprise of the examples has.
    const conflicts = join(dir, "回避.csv");
    writeFileSync(
      conflicts,
      `${readFileSync("examples/conflicts.csv", "utf8").trimEnd()}\nHA002,91320803WPPC5XYG52,曾在该企业任职\n`,
    );
    const { en, zh } = await dryRunsInBoth({ "examples/conflicts.csv": conflicts }, dir);
    expect(en.code, en.stderr).toBe(0);
    expect(en.stderr).toBe(
      `gradedraw: note: 1 enterprise code(s) of the declared conflicts are not in examples/enterprises.csv (91320803WPPC5XYG52): those declarations exclude nobody; check the codes (${conflicts})`,
    );
    expect(zh.stderr).toBe(
      `gradedraw: 提示：回避声明中有 1 个统一社会信用代码不在 examples/enterprises.csv 中（91320803WPPC5XYG52）：这些声明不排除任何人；请核对代码（${conflicts}）`,
    );
    // The examples' own conflicts name enterprises of the file: nothing is said.
    expect((await drawWith({}, "--dry-run", "--out", join(dir, "f"))).stderr).toBe("");
  });

  it("an assigned inspector whose licence expires before the period ends is named, in Chinese too: the visit must be made by then", async () => {
    const dir = tmp();
    // HA002, drawn three times from the examples, with a licence valid on the draw date until 2026-03-31.
    const inspectors = exampleWith(join(dir, "执法人员.csv"), "examples/inspectors.csv", (cells) =>
      cells[0] === "HA002" ? cells.map((c, i) => (i === 4 ? "2026-03-31" : c)) : cells,
    );
    const { en, zh } = await dryRunsInBoth({ "examples/inspectors.csv": inspectors }, dir);
    expect(en.code, en.stderr).toBe(0);
    expect(en.stderr).toBe(
      "gradedraw: note: 1 assigned inspector(s) have a licence that expires before 2026-H1 ends (2026-06-30): HA002 (2026-03-31); their visits must be made by then, or the licence renewed",
    );
    expect(readFileSync(join(dir, "en", "assignments.csv"), "utf8")).toContain(",HA002,");
    expect(zh.stderr).toBe(
      "gradedraw: 提示：1 名被选派的执法人员的执法证在 2026-H1 结束（2026-06-30）前到期：HA002（2026-03-31）；须在到期前完成检查或换证",
    );
  });

  it("grades whose newest date (评级日期) is over two months before the draw date are said to be an old export, by draw and classify: grades are pushed monthly", async () => {
    const dir = tmp();
    const graded = (on: (row: number) => string) => {
      let row = 0;
      return (cells: string[]) => [...cells, row++ === 0 ? "评级日期" : on(row)];
    };
    const old = exampleWith(
      join(dir, "企业.csv"),
      "examples/enterprises.csv",
      graded(() => "2025-10-31"),
    );
    const r = await drawWith({ "examples/enterprises.csv": old }, "--dry-run", "--out", join(dir, "d"));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(
      `gradedraw: note: the newest grade in ${old} is dated 2025-10-31, 62 days before the draw date 2026-01-01: grades are pushed monthly; check that the file is the latest export of the directory`,
    );
    // classify, which shows the pools as a draw on its date would see them, says so too.
    const pools = await runCli(
      ...["classify", "--policy", "policies/huaian-2021/1.0.0.yaml", "--enterprises", old],
      ...["--history", "examples/history.csv", "--date", "2026-01-01", "--db", join(dir, "none.db")],
    );
    expect(pools.code, pools.stderr).toBe(0);
    // Beside the note that the ledger it was given does not exist yet.
    expect(pools.stderr.split("\n")).toEqual([
      `gradedraw: note: no ledger at ${join(dir, "none.db")} yet: read as one with no draws or results recorded`,
      r.stderr,
    ]);
    // A month's push on 2025-11-01 is the one before the draw's: nothing is said.
    const recent = exampleWith(
      join(dir, "企业2.csv"),
      "examples/enterprises.csv",
      graded((row) => (row === 2 ? "2025-11-01" : "2025-06-01")),
    );
    const quiet = await drawWith(
      { "examples/enterprises.csv": recent },
      "--dry-run",
      "--out",
      join(dir, "e"),
    );
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stderr).toBe("");
  });

  it("a production draw dated before some of its enterprises were graded says so: it is recorded as made with grades given later", async () => {
    const dir = tmp();
    let row = 0;
    const later = exampleWith(join(dir, "企业.csv"), "examples/enterprises.csv", (cells) => [
      ...cells,
      row++ === 0 ? "评级日期" : row <= 3 ? "2026-02-01" : "2025-12-01",
    ]);
    const swap = { "examples/enterprises.csv": later };
    const r = await drawWith(swap, "--db", join(dir, "g.db"), "--out", join(dir, "d"), "--lang", "zh");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.split("\n")).toContain(
      `gradedraw: 提示：${later} 中有 2 家企业的评级日期晚于抽取日期 2026-01-01（最晚 2026-02-01）：抽取按文件中的等级进行，而这些等级是在抽取记入台账之日以后评定的`,
    );
    // A dry run is dated the period's first day whenever it is run: a trial with today's grades says nothing.
    const dry = await drawWith(swap, "--dry-run", "--out", join(dir, "e"));
    expect(dry.stderr).toBe("");
  });

  it("a production draw that creates the ledger says where, since a draw sees only its own ledger's draws; the next draw into it says nothing of it; a dry run, classify or explain given a --db that does not exist say they read none", async () => {
    const dir = tmp();
    const db = join(dir, "g.db");
    const first = await runCli(...exampleDraw(join(dir, "d"), { db }));
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain(
      `gradedraw: note: a new ledger was created at ${db}, with this draw as its first entry; if your office's ledger is elsewhere, give it with --db`,
    );
    const second = await runCli(
      ...exampleDraw(join(dir, "safety"), { db }),
      "--task",
      "安全生产专项",
      "--departments",
      "应急管理局",
    );
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).not.toContain("new ledger");
    // A dry run only reads a ledger: one named by --db that does not exist is read as empty, and
    // said, being most often a mistyped path; so do classify and explain, which read it as a draw would.
    const none = join(dir, "none.db");
    const note = `gradedraw: note: no ledger at ${none} yet: read as one with no draws or results recorded`;
    const dry = await runCli(...exampleDraw(join(dir, "trial"), { db: none, dryRun: true }));
    expect(dry).toMatchObject({ code: 0, stderr: note });
    const seen = ["--policy", "policies/huaian-2021/1.0.0.yaml", "--enterprises", "examples/enterprises.csv"];
    const classify = await runCli(
      ...["classify", ...seen, "--history", "examples/history.csv", "--date", "2026-01-01", "--db", none],
    );
    expect(classify).toMatchObject({ code: 0, stderr: note });
    const explain = await runCli(
      ...[
        "explain",
        ...seen,
        "--history",
        "examples/history.csv",
        "--uscc",
        "91320803AMN5WJ2P3X",
        "--db",
        none,
      ],
    );
    expect(explain).toMatchObject({ code: 0, stderr: note });
    expect(existsSync(none)).toBe(false);
    // Without --db, a dry run reads the default ledger if there is one, and says nothing when there is none.
    const plain = await runCli(...exampleDraw(join(dir, "trial2")));
    expect(plain).toMatchObject({ code: 0, stderr: "" });
  });
});
