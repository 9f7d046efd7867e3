import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ResultRecord } from "../../engine/data/records.js";
import { openDb } from "../../engine/store/db.js";
import type { CorrectionListing } from "../../engine/store/result-corrections.js";
import { importResults } from "../../engine/store/results.js";
import { publishH1, readmeDraw } from "../helpers/examples.js";
import { runCli } from "../helpers/run-cli.js";
import { tmp } from "../helpers/tmp.js";

/** examples/results.csv with `edit` applied to its lines (the header is line 0), written in `dir`. */
function edited(dir: string, edit: (lines: string[]) => void): string {
  const lines = readFileSync("examples/results.csv", "utf8").trimEnd().split("\n");
  edit(lines);
  const file = join(dir, "r.csv");
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

/** The README's draw, with examples/results.csv recorded: the ledger's path. */
async function recorded(dir: string): Promise<string> {
  const db = await readmeDraw(dir);
  const r = await runCli("results", "import", "examples/results.csv", "--db", db);
  expect(r.code, r.stderr).toBe(0);
  return db;
}

const count = (db: string, table: string) => {
  const d = openDb(db);
  try {
    return (d.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    d.close();
  }
};

describe("correcting recorded results (更正)", () => {
  it("results import --correct REASON corrects the recorded results that rows contradict, keeping what they said, the reason and the file; without it, the refusal says how", async () => {
    const dir = tmp();
    const db = await recorded(dir);
    // The README's draw sent HA003 and HA015 to 91320803NC9CMRX29P.
    const file = edited(dir, (lines) => {
      lines[2] = lines[2].replace("发现问题已责令改正", "发现问题待后续处理");
      lines[4] = lines[4].replace(",random,", ",joint,");
    });
    const refused = await runCli("results", "import", file, "--db", db);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trimEnd().split("\n").at(-1)).toBe(
      `gradedraw: 2 row(s) contradict recorded results; nothing was recorded: where the recorded results are wrong, import the file again with --correct and the reason (--correct "录入错误"), which keeps what they said`,
    );
    expect(count(db, "corrections")).toBe(0);

    const r = await runCli("results", "import", file, "--db", db, "--correct", "录入错误");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trimEnd().split("\n")).toEqual([
      "recorded 0 result(s), 2 already recorded, 2 corrected, 0 planned inspection(s) fulfilled",
      "  corrected, row 3: 91320803NC9CMRX29P 2026-03-10 市场监管局 SC-SP: result rectified → pending",
      "  corrected, row 5: 91320803GAJX7JYB4K 2026-03-15 市场监管局 SC-GS: kind random → joint",
    ]);
    const d = openDb(db);
    const kept = d
      .prepare(
        "SELECT r.item, r.kind, r.result, c.before, c.reason, c.source_hash FROM corrections c JOIN results r ON r.id = c.result_id ORDER BY c.id",
      )
      .all() as {
      item: string;
      kind: string;
      result: string;
      before: string;
      reason: string;
      source_hash: string;
    }[];
    d.close();
    expect(
      kept.map((k) => [k.item, k.kind, JSON.parse(k.result), JSON.parse(k.before).result, k.reason]),
    ).toEqual([
      ["SC-SP", "random", ["pending"], ["rectified"], "录入错误"],
      ["SC-GS", "joint", ["none"], ["none"], "录入错误"],
    ]);
    expect(JSON.parse(kept[1].before).kind).toBe("random");
    expect(kept[0].source_hash).toMatch(/^[0-9a-f]{64}$/);

    // The same file again: nothing to correct.
    const again = await runCli("results", "import", file, "--db", db, "--correct", "录入错误");
    expect(again.stdout.trim()).toBe(
      "recorded 0 result(s), 4 already recorded, 0 corrected, 0 planned inspection(s) fulfilled",
    );
    expect(count(db, "corrections")).toBe(2);
    // The visits those results fulfilled are still fulfilled by them.
    const list = await runCli("ledger", "list", "--db", db, "--json");
    expect(JSON.parse(list.stdout)[0]).toMatchObject({ visits: 8, made: 3 });
  });

  it("a corrected result is published as corrected, and publish says that a list published before the correction says what it said before", async () => {
    const dir = tmp();
    const db = await recorded(dir);
    const file = edited(dir, (lines) => {
      lines[2] = lines[2].replace("发现问题已责令改正", "发现问题待后续处理");
    });
    const json = await runCli("results", "import", file, "--db", db, "--correct", "复核更正", "--json");
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      unchanged: 3,
      reason: "复核更正",
      corrected: [
        { row: 3, before: { result: ["rectified"] }, after: { kind: "random", result: ["pending"] } },
      ],
    });
    const out = join(dir, "p.csv");
    const p = await runCli("publish", "--db", db, "--period", "2026-H1", "--out", out, "--json");
    expect(p.code).toBe(0);
    const day = JSON.parse(p.stdout).rows.find((x: { item: string }) => x.item === "SC-SP").corrected;
    expect(day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(p.stderr).toContain(
      `gradedraw: note: 1 result(s) of the list were corrected after they were recorded (results import --correct), the latest on ${day}: a list of 2026-H1 published before then says what they said before`,
    );
    expect(readFileSync(out, "utf8")).toContain("problem found, further action pending");
    expect(readFileSync(out, "utf8")).not.toContain("ordered to correct");
  });

  it("a correction does not turn a drawn inspection's result into another kind's: refused at its kind, and nothing is recorded", async () => {
    const dir = tmp();
    const db = await recorded(dir);
    const file = edited(dir, (lines) => {
      lines[2] = lines[2].replace("发现问题已责令改正", "发现问题待后续处理");
      lines[4] = lines[4].replace(",random,", ",targeted,");
    });
    const r = await runCli("--lang", "zh", "results", "import", file, "--db", db, "--correct", "录入错误");
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split("\n")).toEqual([
      `gradedraw: 91320803GAJX7JYB4K 2026-03-15 市场监管局 SC-GS：已记录检查类型为“双随机抽查”，本文件为“专项检查”：更正不改变结果所报告的检查，双随机抽查的结果（random、joint）不能更正为其他类型（targeted、complaint），反之亦然 (${file}:5:5, “检查类型”列)`,
      "gradedraw: 1 行与已记录结果矛盾；未记录任何数据",
    ]);
    expect(count(db, "corrections")).toBe(0);
    // Without --correct, a file whose only contradiction is such a change is not told to correct it.
    const kindOnly = edited(dir, (lines) => {
      lines[4] = lines[4].replace(",random,", ",targeted,");
    });
    const plain = await runCli("results", "import", kindOnly, "--db", db);
    expect(plain.stderr.trimEnd().split("\n").at(-1)).toBe(
      "gradedraw: 1 row(s) contradict recorded results; nothing was recorded",
    );
  });

  it("results corrections lists each correction in the order made: the result, what it said before and after, the reason and the file", async () => {
    const dir = tmp();
    const db = await recorded(dir);
    const first = edited(dir, (lines) => {
      lines[2] = lines[2].replace("发现问题已责令改正", "发现问题待后续处理");
    });
    expect((await runCli("results", "import", first, "--db", db, "--correct", "录入错误")).code).toBe(0);
    const second = join(dir, "r2.csv");
    writeFileSync(
      second,
      readFileSync(first, "utf8").replace("发现问题待后续处理", "发现问题已移送相关部门处理"),
    );
    expect((await runCli("results", "import", second, "--db", db, "--correct", "复核")).code).toBe(0);
    const list = await runCli("results", "corrections", "--db", db, "--json");
    expect(list.code).toBe(0);
    const hash = (f: string) => createHash("sha256").update(readFileSync(f)).digest("hex");
    expect(
      JSON.parse(list.stdout).map((c: CorrectionListing) => [
        c.item,
        c.before.result,
        c.after?.result,
        c.reason,
        c.file,
      ]),
    ).toEqual([
      ["SC-SP", ["rectified"], ["pending"], "录入错误", hash(first)],
      ["SC-SP", ["pending"], ["transferred"], "复核", hash(second)],
    ]);
    const zh = await runCli("--lang", "zh", "results", "corrections", "--db", db, "--period", "2026-H1");
    expect(zh.stdout).toContain("结果“发现问题已责令改正”→“发现问题待后续处理”");
    expect(zh.stdout).toContain("结果“发现问题待后续处理”→“发现问题已移送相关部门处理”");
    const table = (await runCli("results", "corrections", "--db", db)).stdout.split("\n");
    expect(table[0]).toMatch(/^when +uscc +date +department +item +change +reason +file SHA-256$/);
    expect(table[2]).toMatch(
      new RegExp(`SC-SP  result rectified → pending +录入错误  ${hash(first).slice(0, 12)}$`),
    );
    const other = await runCli("results", "corrections", "--db", db, "--period", "2026-H2");
    expect(other.stdout.trim()).toBe("no result of an inspection dated in 2026-H2 has been corrected");
  });

  it("--correct without a reason is a usage error", async () => {
    const r = await runCli(
      "results",
      "import",
      "examples/results.csv",
      "--db",
      join(tmp(), "g.db"),
      "--correct",
      " ",
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--correct must give the reason");
  });

  it("a corrected result's inspectors are checked as a new one's: names where the draws assign ids refused, a substitute noted", async () => {
    const dir = tmp();
    const db = await recorded(dir);
    const d = openDb(db);
    try {
      const row = (inspectors: string[]): ResultRecord => ({
        uscc: "91320803NC9CMRX29P",
        date: "2026-03-10",
        department: "市场监管局",
        item: "SC-GS",
        kind: "random",
        result: ["none"],
        inspectors,
      });
      const named = importResults(d, [row(["刘磊", "HA015"])], "h", "now", "录入错误");
      expect(named.summary).toBeUndefined();
      expect(named.named).toEqual([{ index: 0, names: ["刘磊"], team: ["HA003", "HA015"] }]);
      const substitute = importResults(d, [row(["HA004", "HA015"])], "h", "now", "录入错误");
      expect(substitute.summary).toMatchObject({
        corrected: [{ index: 0, before: { inspectors: ["HA003", "HA015"] } }],
        substituted: [{ index: 0, inspectors: ["HA004"], team: ["HA003", "HA015"] }],
      });
      // Corrected twice: each correction keeps what the result said before it.
      importResults(d, [row(["HA003", "HA015"])], "h", "now", "再次核对");
      const befores = d.prepare("SELECT before, reason FROM corrections ORDER BY id").all() as {
        before: string;
        reason: string;
      }[];
      expect(befores.map((b) => [JSON.parse(b.before).inspectors, b.reason])).toEqual([
        [["HA003", "HA015"], "录入错误"],
        [["HA004", "HA015"], "再次核对"],
      ]);
    } finally {
      d.close();
    }
  });
});

describe("withdrawing recorded results (撤回)", () => {
  it("results withdraw removes the results its rows name as recorded, keeping what they said and why; a visit one reported is reported by the result recorded under the right date, whose import said the item was reported twice", async () => {
    const dir = tmp();
    const db = await readmeDraw(dir);
    // The first result typed with a wrong date (2026-03-01 for 2026-03-10): it reports the visit.
    const wrong = edited(dir, (lines) => {
      lines[1] = lines[1].replace("2026-03-10", "2026-03-01");
    });
    expect((await runCli("results", "import", wrong, "--db", db)).code).toBe(0);
    // The right one, imported, is said to report the visit's item a second time.
    const right = await runCli("results", "import", "examples/results.csv", "--db", db, "--json");
    expect(right.code).toBe(0);
    expect(right.stderr).toBe(
      "gradedraw: note: 1 random or joint result(s) report an item of a drawn visit whose result of that item is recorded already under another date: row 2 (recorded 2026-03-01); a mistyped date? Withdraw the wrong one with gradedraw results withdraw (examples/results.csv)",
    );
    expect(JSON.parse(right.stdout).twice).toEqual([{ row: 2, recorded: "2026-03-01" }]);
    const row = join(dir, "w.csv");
    writeFileSync(row, readFileSync(wrong, "utf8").split("\n").slice(0, 2).join("\n"));
    const r = await runCli("results", "withdraw", row, "--db", db, "--reason", "检查日期录入错误");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trimEnd().split("\n")).toEqual([
      "withdrew 1 result(s); of the drawn visits they reported, 1 are reported by another result of theirs, 0 are open again",
      "  row 2: 91320803NC9CMRX29P 2026-03-01 市场监管局 SC-GS: withdrawn (was random: none; HA003;HA015)",
    ]);
    expect(count(db, "results")).toBe(4);
    const list = await runCli("ledger", "list", "--db", db, "--json");
    expect(JSON.parse(list.stdout)[0]).toMatchObject({ visits: 8, made: 3 });
    const corrections = await runCli("results", "corrections", "--db", db, "--json");
    expect(JSON.parse(corrections.stdout)).toMatchObject([
      {
        date: "2026-03-01",
        item: "SC-GS",
        before: { result: ["none"] },
        after: null,
        reason: "检查日期录入错误",
      },
    ]);
    const p = await runCli("publish", "--db", db, "--period", "2026-H1", "--out", join(dir, "p.csv"));
    expect(p.stderr).toMatch(
      /note: 1 result\(s\) of inspections dated in 2026-H1 were withdrawn after they were recorded \(results withdraw\), the latest on \d{4}-\d{2}-\d{2}: a list of 2026-H1 published before then shows them/,
    );
    expect(readFileSync(join(dir, "p.csv"), "utf8")).not.toContain("2026-03-01");
  });

  it("a visit whose only result is withdrawn is open again; a visit all of whose results are withdrawn is counted once", async () => {
    const dir = tmp();
    const db = await recorded(dir);
    // 913208038HB40T6T9M's visit has one result, of HJ-PW.
    const row = edited(dir, (lines) => {
      lines.splice(1, lines.length - 1, lines[3]);
    });
    const r = await runCli("results", "withdraw", row, "--db", db, "--reason", "误录", "--json");
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ withdrawn: [2], reported: 0, reopened: 1 });
    const list = await runCli("ledger", "list", "--db", db, "--json");
    expect(JSON.parse(list.stdout)[0]).toMatchObject({ made: 2 });
    // Both results of 91320803NC9CMRX29P's visit (SC-GS, SC-SP): the visit is counted once, open again.
    const both = edited(dir, (lines) => {
      lines.splice(3, lines.length - 3);
    });
    const w = await runCli("results", "withdraw", both, "--db", db, "--reason", "误录", "--json");
    expect(JSON.parse(w.stdout)).toMatchObject({ withdrawn: [2, 3], reported: 0, reopened: 1 });
  });

  it("a result recorded after a withdrawal never takes the withdrawn result's id, and is not published as corrected", async () => {
    const dir = tmp();
    const db = join(dir, "g.db");
    expect((await runCli("results", "import", "examples/results.csv", "--db", db)).code).toBe(0);
    // The last result recorded (id 4) withdrawn, then another result of the enterprise recorded.
    const last = edited(dir, (lines) => {
      lines.splice(1, lines.length - 1, lines[4]);
    });
    expect((await runCli("results", "withdraw", last, "--db", db, "--reason", "误录")).code).toBe(0);
    const later = join(dir, "later.csv");
    writeFileSync(
      later,
      "统一社会信用代码,检查日期,检查部门,检查事项,检查类型,检查结果,执法人员\n91320803GAJX7JYB4K,2026-03-16,市场监管局,SC-GS,targeted,未发现问题,HA001;HA008\n",
    );
    expect((await runCli("results", "import", later, "--db", db)).code).toBe(0);
    const d = openDb(db);
    const ids = d.prepare("SELECT id FROM results ORDER BY id").pluck().all();
    d.close();
    expect(ids).toEqual([1, 2, 3, 5]);
    const p = await runCli(...publishH1(db, join(dir, "p.csv"), "--json"));
    expect(p.code, p.stderr).toBe(0);
    expect(JSON.parse(p.stdout).rows.map((r: { corrected: string | null }) => r.corrected)).toEqual([
      null,
      null,
      null,
      null,
    ]);
    expect(p.stderr).not.toContain("corrected after they were recorded");
    expect((await runCli("ledger", "verify", "--db", db)).code).toBe(0);
    // A ledger of an earlier gradedraw, which gave the new result the withdrawn one's id: not corrected either.
    const old = openDb(db);
    old.exec("UPDATE results SET id = 4 WHERE id = 5");
    old.close();
    const again = await runCli("publish", "--db", db, "--period", "2026-H1", "--out", join(dir, "p.csv"));
    expect(again.stderr).not.toContain("corrected after they were recorded");
  });

  it("a row naming a result withdrawn already says when and why it was withdrawn; a file whose every row was withdrawn before is said to be one", async () => {
    const dir = tmp();
    const db = await recorded(dir);
    const file = edited(dir, (lines) => {
      lines.splice(1, lines.length - 1, lines[3]);
    });
    expect((await runCli("results", "withdraw", file, "--db", db, "--reason", "误录")).code).toBe(0);
    const before = count(db, "corrections");
    const again = await runCli("results", "withdraw", file, "--db", db, "--reason", "误录");
    expect(again.code).toBe(1);
    expect(again.stderr.trimEnd().split("\n")).toEqual([
      expect.stringMatching(
        new RegExp(
          `^gradedraw: no result is recorded for 913208038HB40T6T9M 2026-03-12 生态环境局 HJ-PW: it was withdrawn on \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} [+-]\\d{2}:\\d{2} \\(误录\\) \\(${file}:2\\)$`,
        ),
      ),
      "gradedraw: every row names a result withdrawn already (is it a file withdrawn before?); nothing was withdrawn",
    ]);
    expect(count(db, "corrections")).toBe(before);
    // With a row of a result still recorded beside it: that row is fine, the other is said as withdrawn.
    const mixed = edited(dir, (lines) => {
      lines.splice(1, lines.length - 1, lines[3], lines[4]);
    });
    const zh = await runCli("results", "withdraw", mixed, "--db", db, "--reason", "误录", "--lang", "zh");
    expect(zh.code).toBe(1);
    expect(zh.stderr.trimEnd().split("\n")).toEqual([
      expect.stringMatching(
        /^gradedraw: 没有 913208038HB40T6T9M 2026-03-12 生态环境局 HJ-PW 的已记录结果：该结果已于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} [+-]\d{2}:\d{2} 撤回（误录） \(.*:2\)$/,
      ),
      "gradedraw: 1 行与已记录结果不符；未撤回任何结果",
    ]);
    expect(count(db, "results")).toBe(3);
  });

  it("a row that names no recorded result, or one that says another thing than the result recorded, stops the withdrawal: nothing is withdrawn", async () => {
    const dir = tmp();
    const db = await recorded(dir);
    const file = edited(dir, (lines) => {
      lines[1] = lines[1].replace("2026-03-10", "2026-03-11");
      lines[3] = lines[3].replace("HA011", "HA010");
    });
    const r = await runCli("results", "withdraw", file, "--db", db, "--reason", "误录");
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split("\n")).toEqual([
      `gradedraw: no result is recorded for 91320803NC9CMRX29P 2026-03-11 市场监管局 SC-GS: a row names a recorded result by its code, date, department and item, as recorded; this enterprise's SC-GS of 市场监管局 is recorded on 2026-03-10 (${file}:2:2, column 检查日期, read as date)`,
      `gradedraw: 913208038HB40T6T9M 2026-03-12 生态环境局 HJ-PW: already recorded with inspectors HA011, this file says HA010: a row withdraws a result as it is recorded (${file}:4:7, column 执法人员, read as inspectors)`,
      "gradedraw: 2 row(s) name no result as recorded; nothing was withdrawn",
    ]);
    expect(count(db, "results")).toBe(4);
    expect(count(db, "corrections")).toBe(0);
    const none = await runCli("results", "withdraw", file, "--db", join(dir, "none.db"), "--reason", "误录");
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("no ledger at");
  });
});
