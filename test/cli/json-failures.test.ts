import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exampleDryRun, publishH1 } from "../helpers/examples.js";
import { runCli } from "../helpers/run-cli.js";
import { tmp } from "../helpers/tmp.js";

describe("--json on a command that fails", () => {
  it("prints one JSON document on stdout, ok false and the problems stderr says, each at its place: a bad row by file, line and column", async () => {
    const file = join(tmp(), "e.csv");
    writeFileSync(file, "uscc,name,grade,category\n91320803AMN5WJ2P3X,甲,E,general\n");
    const r = await runCli("classify", "--policy", "policies/huaian-2021", "--enterprises", file, "--json");
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.ok).toBe(false);
    expect(doc.problems).toEqual([
      expect.objectContaining({
        file,
        line: 2,
        col: 3,
        column: "grade",
        message: expect.stringContaining("'E'"),
      }),
    ]);
    expect(r.stderr).toContain(doc.problems[0].message);
  });

  it("a draw refused for its teams gives each reason, with the input it is about, then the refusal", async () => {
    const r = await runCli(...exampleDryRun(join(tmp(), "d")), "--departments", "生态环境局", "--json");
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      ok: false,
      problems: [
        {
          file: "examples/inspectors.csv",
          line: 0,
          col: 0,
          message:
            "91320803Q5K8R4DB2K: no valid inspector team: only 1 eligible inspector(s), a team needs 2; not eligible: 1 inactive, 1 conflict",
        },
        { message: "the draw was not made; nothing was written" },
      ],
    });
  });

  it("results import and results withdraw refused for rows that contradict the ledger give each row at its cell, then the refusal", async () => {
    const db = join(tmp(), "g.db");
    expect((await runCli("results", "import", "examples/results.csv", "--db", db)).code).toBe(0);
    const imported = await runCli(
      "results",
      "import",
      "examples/results-corrected.csv",
      "--db",
      db,
      "--json",
    );
    expect(imported.code).toBe(1);
    expect(JSON.parse(imported.stdout).problems).toEqual([
      {
        file: "examples/results-corrected.csv",
        line: 3,
        col: 6,
        header: "检查结果",
        column: "result",
        message:
          "91320803NC9CMRX29P 2026-03-10 市场监管局 SC-SP: already recorded with result rectified, this file says pending",
      },
      { message: expect.stringMatching(/^1 row\(s\) contradict recorded results; nothing was recorded/) },
    ]);
    const file = join(tmp(), "w.csv");
    writeFileSync(
      file,
      "统一社会信用代码,检查日期,检查部门,检查事项,检查类型,检查结果,执法人员\n913208038HB40T6T9M,2026-03-13,生态环境局,HJ-PW,random,未按规定公示应当公示的信息,HA011\n",
    );
    const withdrawn = await runCli("results", "withdraw", file, "--db", db, "--reason", "误录", "--json");
    expect(withdrawn.code).toBe(1);
    expect(JSON.parse(withdrawn.stdout).problems).toEqual([
      expect.objectContaining({
        file,
        line: 2,
        col: 2,
        column: "date",
        message: expect.stringContaining("is recorded on 2026-03-12"),
      }),
      { message: "1 row(s) name no result as recorded; nothing was withdrawn" },
    ]);
  });

  it("a usage error found by the command (exit 2) is a document too; a command that prints its own document on failure prints that one alone", async () => {
    const usage = await runCli(...publishH1("g.db", "公示.txt", "--json"));
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stdout)).toEqual({
      ok: false,
      problems: [{ message: "--out must end in .csv or .xlsx" }],
    });
    const policy = join(tmp(), "p.yaml");
    writeFileSync(policy, "policy: x\n");
    const validate = await runCli("validate", policy, "--json");
    expect(validate.code).toBe(1);
    expect(JSON.parse(validate.stdout)).toMatchObject({ ok: false, files: [policy] });
  });

  it("a malformed command line, found before any command runs, is a document too, in the language asked for", async () => {
    const missing = await runCli("draw", "--policy", "policies/huaian-2021", "--json");
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout)).toEqual({
      ok: false,
      problems: [
        {
          message:
            "required options '--enterprises', '--inspectors', '--period', '--seed', '--out' not specified",
        },
      ],
    });
    const zh = await runCli(
      "--lang",
      "zh",
      "results",
      "import",
      "examples/results.csv",
      "--db",
      "",
      "--json",
    );
    expect(zh.code).toBe(2);
    expect(JSON.parse(zh.stdout).problems).toEqual([{ message: "选项“--db <file>”的取值为空" }]);
    expect(zh.stderr).toBe("gradedraw: 选项“--db <file>”的取值为空");
    // Without --json, stderr alone; help shown for no command is not a document.
    expect((await runCli("draw", "--policy", "x")).stdout).toBe("");
    expect((await runCli()).stdout).toBe("");
  });
});
