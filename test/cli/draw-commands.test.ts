import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  cancelExampleDraw,
  drawWith,
  EXAMPLE_DRAW_OPTIONS,
  exampleDraw,
  exampleDryRun,
  exampleWith,
} from "../helpers/examples.js";
import { runCli } from "../helpers/run-cli.js";
import { tmp } from "../helpers/tmp.js";

describe("gradedraw draw on examples/", () => {
  it("draws from a folder of versions: the approved version in force on the draw date", async () => {
    const dir = tmp();
    const r = await runCli(
      "draw",
      "--policy",
      "policies/huaian-2021",
      ...EXAMPLE_DRAW_OPTIONS,
      "--db",
      join(dir, "g.db"),
      "--out",
      join(dir, "d"),
      "--json",
    );
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.manifest.policy).toMatchObject({
      id: "huaian-credit-graded",
      version: "1.0.0",
      status: "approved",
    });
    expect(doc.ledgerSeq).toBe(1);
    expect((await runCli("verify", join(dir, "d"))).code).toBe(0);
    expect((await runCli("ledger", "verify", "--db", join(dir, "g.db"))).stdout).toMatch(
      /^ok: 1 ledger entry, chain intact \(last hash [0-9a-f]{16}…\); 0 result\(s\), as their log of 0 entries has them$/,
    );
  });

  it("drawn from a folder of versions, an approved version taking effect after the draw date but within the period is said, in Chinese too: the draw follows the one in force that day; one taking effect after the period is not said", async () => {
    const dir = tmp();
    const seed = readFileSync("policies/huaian-2021/1.0.0.yaml", "utf8");
    const version = (v: string, from: string) =>
      writeFileSync(
        join(dir, `${v}.yaml`),
        seed
          .replace(/^version: 1\.0\.0$/m, `version: ${v}`)
          .replace(/^effective: \{ from: 2021-10-18 \}$/m, `effective: { from: ${from} }`),
      );
    version("1.0.0", "2021-10-18");
    version("1.1.0", "2026-03-01");
    version("1.2.0", "2026-07-01");
    const draw = (...lang: string[]) =>
      runCli(
        ...lang,
        ...["draw", "--policy", dir, ...EXAMPLE_DRAW_OPTIONS, "--db", join(dir, "g.db")],
        ...["--out", join(dir, `d${lang.length}`), "--json"],
      );
    const r = await draw();
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).manifest.policy.version).toBe("1.0.0");
    expect(r.stderr.split("\n")[0]).toBe(
      `gradedraw: note: huaian-credit-graded@1.1.0 takes effect on 2026-03-01, within 2026-H1: a draw made on 2026-01-01 follows 1.0.0, the version in force that day (${join(dir, "1.0.0.yaml")}); to follow 1.1.0, draw on or after 2026-03-01 (--date)`,
    );
    expect(r.stderr).not.toContain("1.2.0");
    // Said before the ledger refuses a second draw of the period.
    const zh = await draw("--lang", "zh");
    expect(zh.code).toBe(1);
    expect(zh.stderr.split("\n")[0]).toBe(
      `gradedraw: 提示：huaian-credit-graded@1.1.0 自 2026-03-01 起生效，在期间 2026-H1 之内：2026-01-01 进行的抽取按当天生效的 1.0.0（${join(dir, "1.0.0.yaml")}）执行；如需按 1.1.0 执行，请在 2026-03-01 或之后抽取（--date）`,
    );
  });

  it("a draft variant is refused for production, before any input is read and without creating a ledger, and allowed as a dry run", async () => {
    const dir = tmp();
    const args = [
      "draw",
      "--policy",
      "policies/huaian-2021/variants/c-half.yaml",
      ...EXAMPLE_DRAW_OPTIONS,
      "--db",
      join(dir, "g.db"),
      "--out",
      join(dir, "d"),
    ];
    const refused = await runCli(...args);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "huaian-credit-graded@1.1.0-c50 is draft: production draws use only approved versions",
    );
    expect(existsSync(join(dir, "g.db"))).toBe(false);
    // Refused on the policy alone: an enterprise file that does not exist is not even opened.
    const early = await runCli(
      ...args.map((a) => (a === "examples/enterprises.csv" ? join(dir, "none.csv") : a)),
    );
    expect(early.stderr).not.toContain("none.csv");
    expect(early.stderr).toContain("is draft");
    const trial = await runCli(...args, "--dry-run");
    expect(trial.code).toBe(0);
    expect(trial.stdout).toContain("(dry run, not recorded)");
  });

  it("a first production draw that fails leaves no ledger behind; the first one made creates it", async () => {
    const dir = tmp();
    const db = join(dir, "g.db");
    const draw = (...more: string[]) => drawWith({}, "--db", db, ...more);
    // The examples' 生态环境局 cannot make a team (README): refused after reading every input.
    const env = await draw(
      "--task",
      "生态环境专项",
      "--departments",
      "生态环境局",
      "--out",
      join(dir, "env"),
    );
    expect(env.code).toBe(1);
    expect(env.stderr).toContain("no valid inspector team");
    expect(env.stderr).toContain("the draw was not made; nothing was written");
    expect(readdirSync(dir)).toEqual([]);
    const made = await draw("--out", join(dir, "a"));
    expect(made.code).toBe(0);
    expect(made.stdout).toContain("ledger entry #1");
    // Dated by --date before the day it was made (2026-01-01 is before any day this test runs on).
    expect(made.stderr).toMatch(
      /^gradedraw: note: the draw is recorded as made on 2026-01-01 \(--date\), not today \(\d{4}-\d\d-\d\d\): its caps counted the inspections up to that day$/m,
    );
    const trial = await draw("--dry-run", "--out", join(dir, "trial"));
    expect(trial.stderr).not.toContain("recorded as made");
    expect(statSync(db).mode & 0o777).toBe(0o600);
    // A ledger that could not be created is said before anything is read, not as an internal error.
    const nowhere = await runCli(
      "draw",
      "--policy",
      "policies/huaian-2021/1.0.0.yaml",
      ...EXAMPLE_DRAW_OPTIONS.map((a) => (a === "examples/enterprises.csv" ? join(dir, "none.csv") : a)),
      "--db",
      join(dir, "no", "g.db"),
      "--out",
      join(dir, "c"),
    );
    expect(nowhere.code).toBe(1);
    expect(nowhere.stderr).toBe(
      `gradedraw: cannot create the ledger: its folder ${join(dir, "no")} does not exist (${join(dir, "no", "g.db")})`,
    );
    const results = await runCli(
      "results",
      "import",
      "examples/results.csv",
      "--db",
      join(dir, "no", "g.db"),
    );
    expect(results.stderr).toContain("cannot create the database: its folder");
    const again = await draw("--out", join(dir, "b"), "--lang", "zh");
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("该政策、任务和期间的抽取已记入台账（第 1 条）；如需重新抽取，请先撤销");
  });

  const dropped = (column: string) => (cells: string[], header: string[]) =>
    cells.filter((_, i) => i !== header.indexOf(column));

  it("a directory none of whose enterprises names a supervising department, or has a grade, is refused: the draw would be made, and recorded, drawing nobody or all as ungraded", async () => {
    const dir = tmp();
    const db = join(dir, "g.db");
    // The directory as exported without its 监管部门 column.
    const without = exampleWith(join(dir, "企业.csv"), "examples/enterprises.csv", dropped("监管部门"));
    const swap = { "examples/enterprises.csv": without };
    const r = await drawWith(swap, "--db", db, "--out", join(dir, "d"));
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n")).toEqual([
      `gradedraw: no enterprise names a supervising department (column departments, 监管部门): every task's pool would be empty (${without})`,
      "gradedraw: the draw was not made; nothing was written",
    ]);
    expect(readdirSync(dir)).toEqual(["企业.csv"]);
    // So is one without its 信用等级 column: every enterprise would be drawn as ungraded.
    exampleWith(without, "examples/enterprises.csv", dropped("信用等级"));
    const ungraded = await drawWith(swap, "--db", db, "--out", join(dir, "d"), "--lang", "zh");
    expect(ungraded.stderr.split("\n")).toEqual([
      `gradedraw: 没有企业有信用等级（“信用等级”列）：所有企业都将按未分级抽取 (${without})`,
      "gradedraw: 未完成抽取；未写入任何内容",
    ]);
    expect(readdirSync(dir)).toEqual(["企业.csv"]);
  });

  it("a department written another way than the policy's items write it is said, for enterprises and inspectors; a draw where no enterprise names one of the policy's is refused", async () => {
    const dir = tmp();
    const renamed = (cells: string[]) => cells.map((c) => c.replaceAll("市场监管局", "市场监督管理局"));
    const some = exampleWith(join(dir, "改名.csv"), "examples/enterprises.csv", renamed);
    /** A dry run with one example file replaced, into `out` under dir. */
    const tryWith = (example: string, file: string, out: string) =>
      drawWith({ [`examples/${example}.csv`]: file }, "--dry-run", "--out", join(dir, out));
    const r = await tryWith("enterprises", some, "d");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `gradedraw: note: ${some} names department(s) that no item of the policy has: 市场监督管理局 (30; the policy's 市场监管局?); the policy's are 人社局, 市场监管局, 应急管理局, 生态环境局; 17 enterprise(s) name no other and are in no task's pool: is a department written another way?`,
    );
    const all = exampleWith(join(dir, "全改.csv"), "examples/enterprises.csv", (cells, header) =>
      cells.map((c, i) => (i === header.indexOf("监管部门") && c !== "监管部门" ? "市场监督管理局" : c)),
    );
    const none = await tryWith("enterprises", all, "e");
    expect(none.stderr.split("\n")).toEqual([
      `gradedraw: no enterprise names a department of the policy's items (人社局, 市场监管局, 应急管理局, 生态环境局): every task's pool would be empty (the file names 市场监督管理局 (the policy's 市场监管局?)); is a department written another way? (${all})`,
      "gradedraw: the draw was not made; nothing was written",
    ]);
    expect(existsSync(join(dir, "e"))).toBe(false);
    // Inspectors of such a department are never drawn: said before the teams fail.
    const inspectors = exampleWith(join(dir, "执法人员.csv"), "examples/inspectors.csv", renamed);
    const staff = await tryWith("inspectors", inspectors, "f");
    expect(staff.code).toBe(1);
    expect(staff.stderr.split("\n")[0]).toBe(
      `gradedraw: note: ${inspectors} has inspectors of department(s) that no item of the policy has, who are never drawn: 市场监督管理局 (8; the policy's 市场监管局?); the policy's are 人社局, 市场监管局, 应急管理局, 生态环境局: is a department written another way?`,
    );
    // The teams that fail for it are said together, one line for the visits that fail alike.
    expect(staff.stderr.split("\n").slice(1)).toEqual([
      "gradedraw: 8 of the 8 drawn enterprises have no valid inspector team:",
      expect.stringMatching(
        /^gradedraw: no valid inspector team: no inspector of 市场监管局 is in the list; only 0 eligible inspector\(s\), a team needs 2; for 4 enterprises: (9\d{5}[0-9A-Z]{12}, ){3}9\d{5}[0-9A-Z]{12} \(.*执法人员\.csv\)$/,
      ),
      expect.stringMatching(
        /^gradedraw: no valid inspector team: no inspector of 市场监管局 is in the list; for 4 enterprises: .* \(.*执法人员\.csv\)$/,
      ),
      "gradedraw: the draw was not made; nothing was written",
    ]);
    // The policy's departments joined by a slash or a space, not the list's separator: told to separate them.
    let row = 0;
    const joined = exampleWith(join(dir, "斜杠.csv"), "examples/enterprises.csv", (cells, header) =>
      cells.map((c, i) => (i === header.indexOf("监管部门") ? c.replace(";", row++ % 2 ? "/" : " ") : c)),
    );
    // A draw is refused (those enterprises would be in no pool of their departments); classify says so.
    const slash = await tryWith("enterprises", joined, "g");
    expect(slash.code).toBe(1);
    expect(slash.stderr.split("\n")[0]).toMatch(
      /^gradedraw: \d+ enterprise\(s\) name the policy's departments joined by a slash or a space, not separated: .*市场监管局\/人社局 \(\d+: 市场监管局;人社局\).*; separate departments with ';', or those enterprises are in no pool of those departments \(.*斜杠\.csv\)$/,
    );
    expect(slash.stderr.split("\n")[0]).toMatch(/市场监管局 [^ (,]+ \(\d+: 市场监管局;/);
    expect(existsSync(join(dir, "g"))).toBe(false);
    const told = await runCli(
      "classify",
      "--policy",
      "policies/huaian-2021/1.0.0.yaml",
      "--enterprises",
      joined,
    );
    expect(told.code).toBe(0);
    expect(told.stderr).toMatch(
      /市场监管局\/人社局 \(\d+: separate departments with ';', 市场监管局;人社局\)/,
    );
  });

  it("verify given a file of a draw folder rather than the folder says so, instead of listing every file as missing", async () => {
    const out = join(tmp(), "d");
    expect((await runCli(...exampleDraw(out))).code).toBe(0);
    const manifest = join(out, "manifest.json");
    const r = await runCli("verify", manifest);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`gradedraw: ${manifest} is a file: give the draw's folder`);
  });

  it("tasks.xlsx has a sheet per department with Chinese headers", async () => {
    const dir = tmp();
    expect((await runCli(...exampleDryRun(join(dir, "d")))).code).toBe(0);
    const ExcelJS = (await import("exceljs")).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(join(dir, "d", "tasks.xlsx")) as unknown as ArrayBuffer);
    const names = wb.worksheets.map((w) => w.name);
    expect(names).toContain("市场监管局");
    expect((wb.worksheets[0].getRow(1).values as unknown[]).slice(1, 4)).toEqual([
      "序号",
      "统一社会信用代码",
      "企业名称",
    ]);
  });

  it("under --lang zh the summary and the draw report are in Chinese, the dry run said as 是 rather than true", async () => {
    const out = join(tmp(), "d");
    const r = await runCli("--lang", "zh", ...exampleDryRun(out));
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe(
      "huaian-credit-graded@1.0.0 默认任务（default） 2026-H1（试抽，未记入台账）",
    );
    expect(r.stdout).toMatch(/^有效种子：20260105-3141592653,[0-9a-f]{64}$/m);
    // Each treatment by its id and Chinese label.
    expect(r.stdout).toMatch(/^ {2}general-c C级（每半年一次联合检查）：3 \/ 3 可抽取（100%）$/m);
    expect(r.stdout).not.toMatch(/effective seed|eligible/);
    expect((await runCli("--lang", "zh", "report", out, "--format", "html")).code).toBe(0);
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).toMatch(/试抽<\/t[dh]>\s*<td[^>]*>是（未记入台账）<\/td>/);
    expect(html).toContain("huaian-credit-graded@1.0.0（已批准）");
    expect(html).toMatch(/<td[^>]*>general-c C级（每半年一次联合检查）<\/td>/);
    // The inspectors' bars are coloured by department, and the chart says which colour is which.
    for (const d of ["市场监管局", "人社局", "可抽取", "抽取"])
      expect(html).toMatch(new RegExp(`<text[^>]*>${d}</text>`));
    expect(html).toContain("默认任务（default）：人社局、市场监管局、应急管理局、生态环境局");
    expect(html).toContain("huaian-credit-graded@1.0.0 — 2026-H1 — 默认任务（default）");
  });

  it("a draw report tells how to verify the draw in its folder, the path quoted where it has a space, so it can be copied as it is", async () => {
    const out = join(tmp(), "抽取 结果");
    expect((await runCli(...exampleDryRun(out))).code).toBe(0);
    expect((await runCli("report", out, "--format", "md")).code).toBe(0);
    const md = readFileSync(join(out, "report.md"), "utf8");
    expect(md).toContain(`\`gradedraw verify "${out}"\``);
    expect(md).toContain(`\`gradedraw tickets --draw "${out}" USCC\``);
  });

  it("a declared conflict naming an inspector not in the inspector file is pointed out: it excludes nobody; one naming an inspector by name, or by an id written with look-alike characters, or an enterprise by name, is refused", async () => {
    const dir = tmp();
    const conflicts = join(dir, "c.csv");
    // HA099: an inspector no longer in the directory, whose declaration remains.
    writeFileSync(
      conflicts,
      "执法人员编号,统一社会信用代码,回避原因\nHA099,91320803Q5K8R4DB2K,近亲属任职\nHA010,91320803Q5K8R4DB2K,曾在该企业任职\n",
    );
    const args = exampleDryRun(join(dir, "d"));
    const r = await runCli(...args.map((a) => (a === "examples/conflicts.csv" ? conflicts : a)));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `gradedraw: note: 1 inspector id(s) of the declared conflicts are not in examples/inspectors.csv (HA099): those declarations exclude nobody; check the ids (${conflicts})`,
    );
    // 李勇 is HA001's name; HA0O1 has a letter O for the zero of HA001: each meant an inspector of
    // the directory, whom the declaration would let be drawn for the enterprise.
    writeFileSync(
      conflicts,
      "执法人员,统一社会信用代码\n李勇,91320803Q5K8R4DB2K\nHA0O1,91320803Q5K8R4DB2K\nHA010,淮安市恒通机械有限公司\n",
    );
    const refused = await runCli(
      ...exampleDryRun(join(dir, "f")).map((a) => (a === "examples/conflicts.csv" ? conflicts : a)),
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr.trimEnd().split("\n")).toEqual([
      `gradedraw: '李勇' is not an inspector id but the name of inspector HA001 (市场监管局): write HA001, or the declaration excludes nobody (${conflicts}:2:1, column 执法人员, read as inspector)`,
      `gradedraw: no inspector has the id 'HA0O1'; HA001 differs from it only in look-alike characters (O for 0, I or L for 1) or case: write HA001, or the declaration excludes nobody (${conflicts}:3:1, column 执法人员, read as inspector)`,
      `gradedraw: '淮安市恒通机械有限公司' is the name of enterprise 913208033E09P7LM0N in the enterprise file, not its code: write 913208033E09P7LM0N (${conflicts}:4:2, column 统一社会信用代码, read as uscc)`,
    ]);
    expect(existsSync(join(dir, "f"))).toBe(false);
    // The bundled examples name only inspectors of their directory.
    expect((await runCli(...args.map((a) => (a === join(dir, "d") ? join(dir, "e") : a)))).stderr).toBe("");
  });
});

describe("an approved version changed in place after its draws", () => {
  it("is refused for a production draw, naming the ledger's draw and the file; a dry run says a production draw would be", async () => {
    const dir = tmp();
    const db = join(dir, "g.db");
    const policy = join(dir, "1.0.0.yaml");
    writeFileSync(policy, readFileSync("policies/huaian-2021/1.0.0.yaml"));
    const withPolicy = (args: string[]) =>
      args.map((a) => (a === "policies/huaian-2021/1.0.0.yaml" ? policy : a));
    expect((await runCli(...withPolicy(exampleDraw(join(dir, "a"), { db })))).code).toBe(0);
    writeFileSync(policy, readFileSync(policy, "utf8").replace("ratio: 0.05", "ratio: 0.06"));
    const task = ["--task", "专项", "--departments", "应急管理局"];
    const trial = await runCli(...withPolicy(exampleDraw(join(dir, "t"), { db, dryRun: true })), ...task);
    expect(trial.code).toBe(0);
    expect(trial.stderr).toMatch(
      /gradedraw: note: a production draw would be refused: huaian-credit-graded@1\.0\.0 is not the policy the ledger's draw #1 was made with under that version \(policy hash [0-9a-f]{12}… recorded, [0-9a-f]{12}… now\): the file was changed after its draws; a changed policy takes a new version, approved again \(or put back the content it had\) \(.*1\.0\.0\.yaml\)/,
    );
    const refused = await runCli(...withPolicy(exampleDraw(join(dir, "b"), { db })), ...task);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "is not the policy the ledger's draw #1 was made with under that version",
    );
    expect(refused.stderr).toContain(`(${policy})`);
    expect(existsSync(join(dir, "b"))).toBe(false);
    // Put back, the version is drawn again.
    writeFileSync(policy, readFileSync(policy, "utf8").replace("ratio: 0.06", "ratio: 0.05"));
    expect((await runCli(...withPolicy(exampleDraw(join(dir, "b"), { db })), ...task)).code).toBe(0);
  });
});

describe("the folder of a recorded draw", () => {
  it("is never replaced by another draw, a dry run or a draw after it is cancelled; a dry run's folder is", async () => {
    const dir = tmp();
    const db = join(dir, "g.db");
    const out = join(dir, "d");
    expect((await runCli(...exampleDraw(out, { db }))).code).toBe(0);
    const recorded = readFileSync(join(out, "selected.csv"));
    const holds =
      "gradedraw: the folder holds the recorded draw huaian-credit-graded@1.0.0 default 2026-H1: a draw never replaces a recorded one's folder, whose lists were handed out and published (a cancelled one's is kept for the record); choose another --out";
    const trial = await runCli(...exampleDraw(out, { db, dryRun: true, seed: "999" }));
    expect(trial.code).toBe(1);
    expect(trial.stderr.split("\n")[0]).toBe(`${holds} (${out})`);
    expect((await runCli(...cancelExampleDraw(db))).code).toBe(0);
    const again = await runCli(...exampleDraw(out, { db, seed: "2" }));
    expect(again.code).toBe(1);
    expect(again.stderr.split("\n")[0]).toBe(`${holds} (${out})`);
    expect(readFileSync(join(out, "selected.csv"))).toEqual(recorded);
    // A dry run's folder is a trial's: the next draw replaces it.
    const tried = join(dir, "t");
    expect((await runCli(...exampleDraw(tried, { dryRun: true }))).code).toBe(0);
    expect((await runCli(...exampleDraw(tried, { db, seed: "2" }))).code).toBe(0);
    expect(JSON.parse(readFileSync(join(tried, "manifest.json"), "utf8")).dryRun).toBe(false);
  });

  it("a draw the ledger refuses, or one into a recorded draw's folder, is refused before its inputs are read (a directory of a million takes seconds)", async () => {
    const dir = tmp();
    const db = join(dir, "g.db");
    const out = join(dir, "d");
    expect((await runCli(...exampleDraw(out, { db }))).code).toBe(0);
    // An enterprise file that is not there: were it read first, that is what would be said.
    const unread = (args: string[]) =>
      args.map((a, k) => (args[k - 1] === "--enterprises" ? join(dir, "未读.csv") : a));
    const second = await runCli(...unread(exampleDraw(join(dir, "e"), { db, seed: "2" })));
    expect(second.code).toBe(1);
    expect(second.stderr.split("\n")[0]).toBe(
      `gradedraw: draw #1 for this policy, task and period is already recorded; cancel it first (gradedraw draw cancel) (${db})`,
    );
    const trial = await runCli(...unread(exampleDraw(out, { db, dryRun: true, seed: "2" })));
    expect(trial.code).toBe(1);
    expect(trial.stderr.split("\n")[0]).toMatch(/^gradedraw: the folder holds the recorded draw /);
    expect(second.stderr + trial.stderr).not.toContain("未读.csv");
  });

  it("a draw with the seed of another period's recorded draw is refused before its inputs are read; a dry run says a production draw would be", async () => {
    const dir = tmp();
    const db = join(dir, "g.db");
    expect((await runCli(...exampleDraw(join(dir, "h1"), { db }))).code).toBe(0);
    const h2 = (out: string, dryRun: boolean) =>
      exampleDraw(out, { db, dryRun }).map((a) =>
        a === "2026-H1" ? "2026-H2" : a === "2026-01-01" ? "2026-07-01" : a,
      );
    const seed =
      "the seed '1' is the seed of the ledger's draw #1 (2026-H1): a seed known before a draw's frame is fixed would let the frame be chosen for the tickets it gives; take a new public seed for this period (dice, a beacon value), as for each drawing";
    const trial = await runCli(...h2(join(dir, "t"), true));
    expect(trial.code, trial.stderr).toBe(0);
    expect(trial.stderr).toContain(`gradedraw: note: a production draw would be refused: ${seed}`);
    const unread = (args: string[]) =>
      args.map((a, k) => (args[k - 1] === "--enterprises" ? join(dir, "未读.csv") : a));
    const refused = await runCli(...unread(h2(join(dir, "h2"), false)));
    expect(refused.code).toBe(1);
    expect(refused.stderr.split("\n")[0]).toBe(`gradedraw: ${seed} (${db})`);
    expect(existsSync(join(dir, "h2"))).toBe(false);
  });

  it("a draw for other departments refused as drawn already in its task is told it is another task, to be named with --task", async () => {
    const dir = tmp();
    const db = join(dir, "g.db");
    expect((await runCli(...exampleDraw(join(dir, "d"), { db }))).code).toBe(0);
    const safety = ["--departments", "应急管理局", "--out", join(dir, "s")];
    const refused = await runCli(...exampleDraw(join(dir, "s"), { db, seed: "2" }).slice(0, -2), ...safety);
    expect(refused.code).toBe(1);
    expect(refused.stderr.split("\n")[0]).toBe(
      `gradedraw: draw #1 for this policy, task and period is already recorded; cancel it first (gradedraw draw cancel); draw #1 of task 'default' was made for 人社局, 市场监管局, 应急管理局, 生态环境局: a draw for 应急管理局 in the same period is another task: give it a name with --task NAME (${db})`,
    );
    // Named, it is drawn; the same departments again are told to cancel alone.
    const named = await runCli(
      ...exampleDraw(join(dir, "s"), { db, seed: "2" }).slice(0, -2),
      ...safety,
      "--task",
      "安全生产专项",
    );
    expect(named.code, named.stderr).toBe(0);
    const again = await runCli(...exampleDraw(join(dir, "e"), { db, seed: "2" }));
    expect(again.stderr.split("\n")[0]).toBe(
      `gradedraw: draw #1 for this policy, task and period is already recorded; cancel it first (gradedraw draw cancel) (${db})`,
    );
  });
});
