import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { DrawFindings } from "../../engine/store/ledger-summary.js";
import { wilson } from "../../engine/store/ledger-summary.js";
import { cancelExampleDraw, readmeDraw, selectedIn } from "../helpers/examples.js";
import { runCli } from "../helpers/run-cli.js";
import { tmp } from "../helpers/tmp.js";

describe("ledger findings", () => {
  it("per draw in force and treatment: the visits drawn, made (results recorded) and with findings, the unreachable and the gone; a visit's results are its departments' of the day it was made", async () => {
    const dir = tmp();
    const db = await readmeDraw(dir);
    // The README's draw's visits: 91320803NC9CMRX29P (a finding, SC-SP rectified, beside SC-GS none),
    // 913208038HB40T6T9M (not-published: a finding), 91320803GAJX7JYB4K (none); and a fourth drawn
    // visit found unreachable, taken from the draw's own list.
    const { rows, at } = selectedIn(join(dir, "d"));
    const reported = new Set(["91320803NC9CMRX29P", "913208038HB40T6T9M", "91320803GAJX7JYB4K"]);
    const fourth = rows.find((r) => !reported.has(at(r, "uscc"))) as string[];
    const file = join(dir, "r.csv");
    writeFileSync(
      file,
      `${readFileSync("examples/results.csv", "utf8").trimEnd()}\n${at(fourth, "uscc")},2026-04-01,${at(fourth, "departments").split(";")[0]},X-1,random,通过登记的住所或者经营场所无法联系,\n`,
    );
    expect((await runCli("results", "import", file, "--db", db)).code).toBe(0);
    const r = await runCli("ledger", "findings", "--db", db, "--json");
    expect(r.code, r.stderr).toBe(0);
    const [draw] = JSON.parse(r.stdout) as DrawFindings[];
    expect(draw).toMatchObject({ seq: 1, period: "2026-H1", task: "default" });
    expect(draw.total).toEqual({ drawn: rows.length, made: 4, findings: 2, unreachable: 1, gone: 0 });
    // Each treatment's visits as the draw's list has them.
    const of = (uscc: string) => at(rows.find((x) => at(x, "uscc") === uscc) as string[], "treatment");
    for (const t of draw.treatments) {
      const mine = rows.filter((x) => at(x, "treatment") === t.treatment);
      expect(t.drawn).toBe(mine.length);
      expect(t.findings).toBe(
        ["91320803NC9CMRX29P", "913208038HB40T6T9M"].filter((u) => of(u) === t.treatment).length,
      );
      expect(t.unreachable).toBe(of(at(fourth, "uscc")) === t.treatment ? 1 : 0);
    }
    const table = await runCli("ledger", "findings", "--db", db, "--period", "2026-H1");
    expect(table.stdout.split("\n")[0]).toBe(
      "2026-H1 default: huaian-credit-graded@1.0.0, entry #1, drawn on 2026-01-01",
    );
    expect(table.stdout.trimEnd().split("\n").at(-1)).toMatch(
      new RegExp(`^all +${rows.length} +4 +2 +50% \\(15%–85%\\) +1 +0$`),
    );
    // With the policy, each treatment with its label, from the version the draw was made with.
    const zh = await runCli(
      "--lang",
      "zh",
      "ledger",
      "findings",
      "--db",
      db,
      "--policy",
      "policies/huaian-2021",
    );
    expect(zh.code, zh.stderr).toBe(0);
    expect(zh.stdout).toMatch(/\nkey-strict 重点类企业（严格监管） +\d/);
    const labels = JSON.parse(
      (
        await runCli(
          "ledger",
          "findings",
          "--db",
          db,
          "--policy",
          "policies/huaian-2021/1.0.0.yaml",
          "--json",
        )
      ).stdout,
    )[0].treatments.map((t: { treatment: string; label?: { en: string } }) => [t.treatment, t.label?.en]);
    expect(labels).toContainEqual(["key-strict", "Key enterprise, strict"]);
    // A policy without the draw's version: ids, and said.
    const other = await runCli(
      "ledger",
      "findings",
      "--db",
      db,
      "--policy",
      "policies/huaian-2021/variants/c-half.yaml",
    );
    expect(other.stderr).toContain(
      "holds no huaian-credit-graded@1.0.0, with which draws here were made: their treatments are shown by id",
    );
    expect(other.stdout).toMatch(/\nkey-strict +\d/);
    // A cancelled draw found nothing: it is not listed.
    expect((await runCli(...cancelExampleDraw(db))).code).toBe(0);
    expect((await runCli("ledger", "findings", "--db", db)).stdout.trim()).toBe(
      `the ledger ${db} holds no draw in force`,
    );
  });

  it("the hit rate's interval is Wilson's at 95%: within 0 and 1, and of some width for 0 of n and n of n", () => {
    expect(wilson(0, 0)).toBeUndefined();
    const round = (w?: { low: number; high: number }) => w && [w.low.toFixed(4), w.high.toFixed(4)];
    expect(round(wilson(0, 3))).toEqual(["0.0000", "0.5615"]);
    expect(round(wilson(3, 3))).toEqual(["0.4385", "1.0000"]);
    expect(round(wilson(5, 10))).toEqual(["0.2366", "0.7634"]);
  });
});
