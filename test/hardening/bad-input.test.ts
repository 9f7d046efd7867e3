import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  readConflicts,
  readEnterprises,
  readHistory,
  readInspectors,
  readResults,
} from "../../engine/data/read.js";
import { loadPolicyFile, loadPolicyText } from "../../engine/policy/load.js";
import { InputError } from "../../engine/problem.js";
import { loadScenario } from "../../simulator/scenario.js";
import { commandFor, runBadCase } from "../helpers/bad-case.js";
import { tmp, tmpFile } from "../helpers/tmp.js";

const { cases } = JSON.parse(readFileSync("test/fixtures/bad/cases.json", "utf8")) as {
  cases: { file: string; kind: string; message: string }[];
};

describe("the corpus of bad input (test/fixtures/bad)", () => {
  it("holds at least 50 cases across policy, scenario, enterprise, inspector, conflict, history and result files", () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
    expect(new Set(cases.map((c) => c.kind))).toEqual(
      new Set(["policy", "scenario", "enterprises", "inspectors", "conflicts", "history", "results"]),
    );
  });

  it.each(cases)("$file: a located message, exit 1, no output created", async ({ file, kind, message }) => {
    const dir = tmp();
    const path = `test/fixtures/bad/${file}`;
    const r = await runBadCase(kind, path, dir);
    expect(r.code).toBe(1);
    const first = (kind === "policy" ? r.stdout : r.stderr).split("\n")[0];
    expect(first).toBe(message);
    expect(first).toContain(path);
    expect(first).toMatch(kind === "policy" ? /:\d+:\d+: / : /\(test\/fixtures\/bad\/[^)]+(:\d+)/);
    expect(existsSync(join(dir, "out"))).toBe(false);
    expect(existsSync(join(dir, "g.db"))).toBe(false);
  });

  it("the loader's own problems with a policy file are in Chinese under zh, at the same place", () => {
    for (const name of ["mixed-encoding", "binary", "bom-in-middle", "deeply-nested", "nan-ratio"]) {
      const file = `test/fixtures/bad/policy-${name}.yaml`;
      const [en] = loadPolicyFile(file, "en").problems;
      const [zh] = loadPolicyFile(file, "zh").problems;
      expect([zh.line, zh.col], name).toEqual([en.line, en.col]);
      expect(zh.message, name).toMatch(/[\u4e00-\u9fff]/);
      expect(en.message, name).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it("a bad cell of a file with Chinese headers names its column as the file writes it: with the column name beside it, and under zh alone", async () => {
    const dir = tmp();
    const csv = join(dir, "企业.csv");
    writeFileSync(
      csv,
      "统一社会信用代码,企业名称,信用等级,企业类别\n91110108551385082Q,甲公司,E,一般\n91320803AMN5WJ2P3X,乙公司,A,商业\n",
    );
    const { runCli } = await import("../helpers/run-cli.js");
    const en = await runCli(...commandFor("enterprises", csv, join(dir, "out"), join(dir, "g.db")));
    expect(en.code).toBe(1);
    expect(en.stderr.split("\n")).toEqual([
      `gradedraw: unknown grade 'E' (expected A, B, C, D or empty for ungraded) (${csv}:2:3, column 信用等级, read as grade)`,
      `gradedraw: unknown category '商业' (expected key/重点 or general/一般) (${csv}:3:4, column 企业类别, read as category)`,
    ]);
    const zh = await runCli(
      ...commandFor("enterprises", csv, join(dir, "out"), join(dir, "g.db")),
      "--lang",
      "zh",
    );
    expect(zh.stderr.split("\n")[0]).toBe(
      `gradedraw: 未知信用等级“E”（应为 A、B、C、D，未分级留空） (${csv}:2:3, “信用等级”列)`,
    );
    // A file with the English names says each once.
    const plain = join(dir, "plain.csv");
    writeFileSync(plain, "uscc,name,grade,category\n91110108551385082Q,甲公司,E,general\n");
    const one = await runCli(...commandFor("enterprises", plain, join(dir, "out"), join(dir, "g.db")));
    expect(one.stderr.split("\n")[0]).toMatch(/\(\S+plain\.csv:2:3, column grade\)$/);
  });

  it("a bad cell of a workbook names its sheet beside the row: the sheet read need not be the first", async () => {
    const dir = tmp();
    const { default: ExcelJS } = await import("exceljs");
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("填表说明").addRow(["请勿修改表头"]);
    wb.addWorksheet("企业名单").addRows([
      ["统一社会信用代码", "企业名称", "信用等级", "企业类别"],
      ["91110108551385082Q", "甲公司", "E", "一般"],
    ]);
    const book = join(dir, "名单.xlsx");
    await wb.xlsx.writeFile(book);
    const { runCli } = await import("../helpers/run-cli.js");
    const args = commandFor("enterprises", book, join(dir, "out"), join(dir, "g.db"));
    const en = await runCli(...args);
    expect(en.code).toBe(1);
    expect(en.stderr.split("\n")).toContain(
      `gradedraw: unknown grade 'E' (expected A, B, C, D or empty for ungraded) (${book}:2:3, sheet 企业名单, column 信用等级, read as grade)`,
    );
    const zh = await runCli(...args, "--lang", "zh");
    expect(zh.stderr.split("\n")).toContain(
      `gradedraw: 未知信用等级“E”（应为 A、B、C、D，未分级留空） (${book}:2:3, 工作表“企业名单”, “信用等级”列)`,
    );
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  it("a bad record of a JSON array is named by the line it begins on and its number, in Chinese too", async () => {
    const dir = tmp();
    const file = join(dir, "企业.json");
    writeFileSync(
      file,
      JSON.stringify(
        [
          { 统一社会信用代码: "91110108551385082Q", 企业类别: "一般" },
          { 统一社会信用代码: "91110000600037341L", 信用等级: "E", 企业类别: "一般" },
        ],
        null,
        2,
      ),
    );
    const { runCli } = await import("../helpers/run-cli.js");
    const args = commandFor("enterprises", file, join(dir, "out"), join(dir, "g.db"));
    const en = await runCli(...args);
    expect(en.code).toBe(1);
    expect(en.stderr.split("\n")).toContain(
      `gradedraw: unknown grade 'E' (expected A, B, C, D or empty for ungraded) (${file}:6:2, record 2, column 信用等级, read as grade)`,
    );
    const zh = await runCli(...args, "--lang", "zh");
    expect(zh.stderr.split("\n")).toContain(
      `gradedraw: 未知信用等级“E”（应为 A、B、C、D，未分级留空） (${file}:6:2, 第 2 条记录, “信用等级”列)`,
    );
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  it("a 10 MB single line is refused with its place, for CSV and for YAML", async () => {
    const dir = tmp();
    const csv = join(dir, "long.csv");
    writeFileSync(csv, `uscc,name,category\n91110108551385082Q,${"长".repeat(10_000_000 / 3)},general\n`);
    const r = await runBadCase("enterprises", csv, dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /CSV: the row is longer than 1000000 characters: a quote opened and never closed, or a file without line ends\? \(.*long\.csv:2\)/,
    );
    const yaml = join(dir, "long.yaml");
    writeFileSync(yaml, `policy: ${"x".repeat(10_000_000)}\n`);
    const v = await runBadCase("policy", yaml, dir);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain("long.yaml:1:1: file is larger than 5242880 bytes");
  });

  it("a results import that fails leaves an existing database unchanged", async () => {
    const dir = tmp();
    const db = join(dir, "g.db");
    const ok = tmpFile(
      "ok.csv",
      "uscc,date,department,item,result\n91110108551385082Q,2026-03-01,市场监管局,SC-GS,未发现问题\n",
    );
    const { runCli } = await import("../helpers/run-cli.js");
    expect((await runCli("results", "import", ok, "--db", db)).code).toBe(0);
    const before = readFileSync(db);
    const r = await runBadCase("results", "test/fixtures/bad/results-inconsistent.csv", dir);
    expect(r.code).toBe(1);
    expect(readFileSync(db).equals(before)).toBe(true);
  });
});

describe("fuzzing: readers and the policy loader never crash or hang", () => {
  const settle = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
    }
  };

  it("the policy and scenario loaders report, never throw, on any text", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary", maxLength: 400 }),
          fc.constantFrom(
            "&a [*a]",
            "a: !!binary x",
            "? [a]\n: b",
            "a: *b",
            "%YAML 9.9\n---\na",
            "- - - - - - -",
          ),
        ),
        (text) => {
          const r = loadPolicyText("fuzz.yaml", text);
          return r.policy !== undefined || r.problems.length > 0;
        },
      ),
      { numRuns: 500 },
    );
    const f = tmpFile("s.yaml", "a: [");
    expect(loadScenario(f).problems.length).toBeGreaterThan(0);
  });

  it("every reader reports, never crashes, on any CSV, JSON or NDJSON bytes", async () => {
    const readers = [readEnterprises, readInspectors, readConflicts, readHistory, readResults];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(".csv", ".json", ".ndjson"),
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString("latin1")),
        ),
        fc.nat(readers.length - 1),
        async (ext, body, k) => {
          const header = [
            "uscc,name,grade,category",
            "id,name,department",
            "inspector,uscc",
            "uscc,date",
            "uscc,date,department,item,result",
          ][k];
          const file = tmpFile(`f${ext}`, ext === ".csv" ? `${header}\n${body}` : body);
          await settle(readers[k](file));
        },
      ),
      { numRuns: 300 },
    );
  });
});
