import { cpSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Enterprise } from "../../engine/data/records.js";
import { DERIVABLE_ALGORITHMS } from "../../engine/draw/algorithm.js";
import { recordedList } from "../../engine/draw/recorded-lists.js";
import { runDraw } from "../../engine/draw/run.js";
import { verifyDrawDir } from "../../engine/draw/verify.js";
import { VERSION } from "../../engine/version.js";
import { base, district as d, seedPolicy } from "../helpers/draw-setup.js";
import { tmp } from "../helpers/tmp.js";

describe("draw outputs and verify", () => {
  it("writes manifest, selected.csv, assignments.csv, tasks.xlsx and the recorded inputs, and verify passes", async () => {
    const out = join(tmp(), "draw");
    const done = await runDraw({ ...base, policy: seedPolicy, out, dryRun: true });
    expect(readdirSync(out).sort()).toEqual([
      "assignments.csv",
      "inputs",
      "manifest.json",
      "selected.csv",
      "tasks.xlsx",
    ]);
    const m = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    expect(m).toMatchObject({
      policy: { id: "huaian-credit-graded", version: "1.0.0" },
      period: "2026-H1",
      drawDate: "2026-01-01",
      seed: "20260105-77",
    });
    expect(m.effectiveSeed).toBe(`20260105-77,${m.frameHash}`);
    expect(Object.keys(m.inputs).sort()).toEqual([
      "conflicts",
      "enterprises",
      "history",
      "inspectors",
      "ledger",
    ]);
    expect(m.counts.selected).toBe(done.outcome.selected.length);
    const header = readFileSync(join(out, "selected.csv"), "utf8").split("\r\n")[0];
    expect(header).toBe("\uFEFFuscc,name,grade,category,treatment,stratum,joint,ticket,departments,items");
    expect(readFileSync(join(out, "assignments.csv"), "utf8").split("\r\n")[0]).toBe(
      "\uFEFFuscc,inspector,department,role,ticket",
    );
    expect(readFileSync(join(out, "inputs/inspectors.json"), "utf8")).not.toContain(d.inspectors[0].name);
    expect(await verifyDrawDir(out)).toEqual({ ok: true, differences: [] });
  });

  it("verify of a published copy, without the inputs/ kept internal, says so once, and what checks such a copy", async () => {
    const out = join(tmp(), "draw");
    await runDraw({ ...base, policy: seedPolicy, out, dryRun: true });
    rmSync(join(out, "inputs"), { recursive: true });
    const report = await verifyDrawDir(out);
    expect(report.ok).toBe(false);
    expect(report.differences).toEqual([
      `inputs/ is missing: the recorded inputs are kept by the office that drew (they hold the directory), not published, and verify re-derives the draw from them; a published folder (manifest.json, selected.csv, assignments.csv) is checked without them by docs/check-draw.py, and anyone's own ticket by gradedraw tickets --draw ${out}`,
    ]);
  });

  it("verify fails on every single-field edit of the manifest, names the field", async () => {
    const out = join(tmp(), "draw");
    await runDraw({ ...base, policy: seedPolicy, out, dryRun: true });
    const original = readFileSync(join(out, "manifest.json"), "utf8");
    const m = JSON.parse(original);
    const leaves: string[][] = [];
    const walk = (v: unknown, path: string[]) => {
      if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
      else leaves.push(path);
    };
    walk(m, []);
    expect(leaves.length).toBeGreaterThan(30);
    for (const path of leaves) {
      const edited = JSON.parse(original);
      let node = edited;
      for (const k of path.slice(0, -1)) node = node[k];
      const last = path[path.length - 1];
      const v = node[last];
      node[last] = typeof v === "number" ? v + 1 : typeof v === "boolean" ? !v : `${v}x`;
      writeFileSync(join(out, "manifest.json"), JSON.stringify(edited));
      const r = await verifyDrawDir(out);
      expect(r.ok, path.join(".")).toBe(false);
    }
    writeFileSync(join(out, "manifest.json"), original);
    expect((await verifyDrawDir(out)).ok).toBe(true);
  });

  it("records the conflicts (回避) without their reasons, which the draw does not read: the same frame and draw whatever reasons the file gives", async () => {
    const drawn = async (reason: (i: number) => string) => {
      const out = join(tmp(), "draw");
      const conflicts = d.conflicts.map((c, i) => ({ ...c, reason: reason(i) }));
      await runDraw({ ...base, conflicts, policy: seedPolicy, out, dryRun: true });
      return out;
    };
    const given = await drawn((i) => (i % 2 ? "近亲属任职" : "曾在该企业任职"));
    const other = await drawn(() => "配偶在该企业担任高级管理人员");
    expect(d.conflicts.length).toBeGreaterThan(0);
    const recorded = readFileSync(join(given, "inputs/conflicts.json"), "utf8");
    expect(recorded).not.toMatch(/近亲属|任职/);
    expect(JSON.parse(recorded)).toHaveLength(d.conflicts.length);
    const manifest = (out: string) => JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    expect(manifest(other).frameHash).toBe(manifest(given).frameHash);
    expect(manifest(other).results).toEqual(manifest(given).results);
    expect(await verifyDrawDir(given)).toEqual({ ok: true, differences: [] });
  });

  it("verify derives a draw recorded with its conflicts' reasons, as versions before 2026-12-04 recorded them (the examples' draw, kept as made)", async () => {
    const fixture = "test/fixtures/draws/conflict-reasons-recorded";
    expect(readFileSync(join(fixture, "inputs/conflicts.json"), "utf8")).toContain("近亲属任职");
    const out = join(tmp(), "draw");
    cpSync(fixture, out, { recursive: true });
    expect(await verifyDrawDir(out)).toEqual({ ok: true, differences: [] });
  });

  it("verify derives a draw made by an earlier version of gradedraw under algorithm /1 or /2, and names an algorithm it does not derive", async () => {
    const out = join(tmp(), "draw");
    // Inspectors all licensed: what a draw of algorithm /1 recorded.
    const licensed = d.inspectors.map((i) => ({ ...i, licenseNo: i.licenseNo || "x" }));
    await runDraw({ ...base, inspectors: licensed, policy: seedPolicy, out, dryRun: true });
    const original = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    expect(original.algorithm).toMatch(/^gradedraw-draw\/3 /);
    const made = (edit: (m: typeof original) => void) => {
      const m = structuredClone(original);
      edit(m);
      writeFileSync(join(out, "manifest.json"), JSON.stringify(m));
      return verifyDrawDir(out);
    };
    for (const earlier of DERIVABLE_ALGORITHMS.slice(1))
      expect(
        await made((m) => {
          m.algorithm = earlier;
          m.software.version = "0.0.9";
        }),
      ).toEqual({ ok: true, differences: [] });
    expect(
      await made((m) => {
        m.algorithm = "gradedraw-draw/9";
      }),
    ).toEqual({
      ok: false,
      differences: [
        `the draw was made by algorithm "gradedraw-draw/9", which this version of gradedraw (${VERSION}) does not derive: verify it with the version that made it ("${VERSION}")`,
      ],
    });
  });

  it("verify in Chinese names each difference in Chinese", async () => {
    const out = join(tmp(), "draw");
    await runDraw({ ...base, policy: seedPolicy, out, dryRun: true });
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    const selected = manifest.counts.selected;
    manifest.counts.selected = selected + 1;
    writeFileSync(join(out, "manifest.json"), JSON.stringify(manifest));
    writeFileSync(
      join(out, "selected.csv"),
      readFileSync(join(out, "selected.csv"), "utf8").replace(/,general-c,/, ",general-d,"),
    );
    rmSync(join(out, "tasks.xlsx"));
    const r = await verifyDrawDir(out, "zh");
    expect(r.differences).toContain(
      `清单字段 counts.selected：记录为 ${selected + 1}，重新推导为 ${selected}`,
    );
    expect(r.differences.join("\n")).toMatch(
      /selected\.csv 第 \d+ 行 treatment 列与重新推导的结果不同：记录为 "general-d"，重新推导为 "general-c"/,
    );
    expect(r.differences).toContain("缺少 tasks.xlsx");
    expect(r.differences.join("\n")).not.toMatch(/[a-z]{4,} (?:field|differs|missing)/);
  });

  it("verify fails on an edited input record or output cell and names the file", async () => {
    const out = join(tmp(), "draw");
    await runDraw({ ...base, policy: seedPolicy, out, dryRun: true });
    const edit = async (file: string, from: RegExp, to: string) => {
      const f = join(out, file);
      const text = readFileSync(f, "utf8");
      writeFileSync(f, text.replace(from, to));
      const r = await verifyDrawDir(out);
      writeFileSync(f, text);
      return r;
    };
    expect((await edit("inputs/enterprises.json", /"grade":"B"/, '"grade":"A"')).differences).toContain(
      "input inputs/enterprises.json does not match the hash in the manifest",
    );
    expect((await edit("inputs/history.json", /"date":"2025/, '"date":"2024')).differences).toContain(
      "input inputs/history.json does not match the hash in the manifest",
    );
    expect((await edit("selected.csv", /,general-c,/, ",general-d,")).differences.join("\n")).toMatch(
      /selected.csv differs from the derived draw at line \d+/,
    );
    expect((await edit("assignments.csv", /,lead,/, ",member,")).differences.join("\n")).toMatch(
      /assignments.csv differs/,
    );
    expect((await edit("inputs/policy.json", /"ratio": 0.05/, '"ratio": 0.06')).ok).toBe(false);
    // An input record edited into another shape than the draw records (a name made a number, an
    // inspector's items a string) is said at its first such record, not drawn from into an error.
    const name = await edit("inputs/enterprises.json", /"name":"[^"]*"/, '"name":5');
    expect(name.differences).toEqual([
      "inputs/enterprises.json: record 1: name is not a string, as a draw records it: the file is damaged or was edited by hand",
    ]);
    const items = await edit("inputs/inspectors.json", /"items":\[\]/, '"items":"SC-GS"');
    expect(items.differences).toEqual([
      expect.stringMatching(
        /^inputs\/inspectors\.json: record \d+: items is not a list of strings, as a draw records it/,
      ),
    ]);
    // The policy edited so that nothing can be drawn from it is told by its hash, where the error
    // drawing met was said ("Cannot read properties of undefined (reading 'split')"); the ledger's
    // state, by its shape.
    const rule = await edit("inputs/policy.json", /"all": \[/, '"every": [');
    expect(rule.differences).toEqual(["input inputs/policy.json does not match the hash in the manifest"]);
    const load = await edit("inputs/ledger.json", /"load":\{[^}]*\},?/, "");
    expect(load.differences).toEqual([
      "inputs/ledger.json: load is not an object of counts, as a draw records it: the file is damaged or was edited by hand",
    ]);
    // One that hashes as the recorded state (true reads as no list, as {} does) is said by its shape.
    const recent = await edit("inputs/ledger.json", /"recent":\{\}/, '"recent":true');
    expect(recent.differences).toEqual([
      "inputs/ledger.json: recent is not an object of lists of strings, as a draw records it: the file is damaged or was edited by hand",
    ]);
  });

  it("verify reads the recorded lists a record at a time (a directory's text may be longer than a string can be), in the layout the draw writes or any other: the same records verify, and a broken list is named with JSON.parse's reason, line and column", async () => {
    const out = join(tmp(), "draw");
    await runDraw({ ...base, policy: seedPolicy, out, dryRun: true });
    const f = join(out, "inputs/enterprises.json");
    const text = readFileSync(f, "utf8");
    const records = JSON.parse(text) as unknown[];
    expect(records.length).toBeGreaterThan(1);
    expect(await recordedList(f)).toEqual(records);
    for (const other of [
      JSON.stringify(records, null, 2),
      JSON.stringify(records),
      `\uFEFF${text.trimEnd()}\r\n\r\n`,
    ]) {
      writeFileSync(f, other);
      expect((await verifyDrawDir(out)).differences).toEqual([]);
    }
    // Cut inside its second record: JSON.parse's words, at the position it gives.
    const cut = [...text.split("\n").slice(0, 2), text.split("\n")[2].slice(0, 40)].join("\n");
    const said = (() => {
      try {
        JSON.parse(cut);
      } catch (e) {
        return (e as Error).message;
      }
    })();
    writeFileSync(f, cut);
    expect((await verifyDrawDir(out)).differences).toEqual([
      `inputs/enterprises.json is not valid JSON (${said}; line 3, column 41)`,
    ]);
    writeFileSync(f, `${text.trimEnd()}\n[]`);
    expect((await verifyDrawDir(out, "zh")).differences).toEqual([
      `inputs/enterprises.json 不是有效的 JSON（Unexpected non-whitespace character after JSON at position ${text.trimEnd().length + 1}；第 ${text.trimEnd().split("\n").length + 1} 行第 1 列）`,
    ]);
    writeFileSync(f, '{"enterprises": []}');
    expect((await verifyDrawDir(out)).differences).toEqual([
      "inputs/enterprises.json is not a list (line 1, column 1)",
    ]);
    writeFileSync(f, "[\n]\n");
    expect(await recordedList(f)).toEqual([]);
    // A sparse file of 513 MB, a record opened and never closed: refused at its first megabytes.
    writeFileSync(f, '[\n{"uscc":"');
    truncateSync(f, 2 ** 29 + 2 ** 20);
    expect((await verifyDrawDir(out)).differences).toEqual([
      "inputs/enterprises.json: record 1 (line 2) is longer than 1000000 characters",
    ]);
    rmSync(f);
  });

  it("verify shares the recorded enterprises' equal lists and empty facts, as the enterprise reader shares them: the same records, one frozen list for each list of departments", async () => {
    const out = join(tmp(), "draw");
    await runDraw({ ...base, policy: seedPolicy, out, dryRun: true });
    const f = join(out, "inputs/enterprises.json");
    const own = (await recordedList(f)) as Enterprise[];
    const pooled = (await recordedList(f, true)) as Enterprise[];
    expect(pooled).toEqual(own);
    const lists = new Set(own.map((e) => JSON.stringify(e.departments)));
    expect(new Set(pooled.map((e) => e.departments)).size).toBe(lists.size);
    expect(lists.size).toBeLessThan(own.length / 10);
    expect(pooled.every((e) => Object.isFrozen(e.departments) && Object.isFrozen(e.tags))).toBe(true);
    expect(new Set(pooled.map((e) => e.extra)).size).toBe(1);
    expect(new Set(own.map((e) => e.extra)).size).toBe(own.length);
  });

  it("verify compares a result list a line at a time, so one longer than a string can be is said to differ at its line, not to be unreadable", async () => {
    const out = join(tmp(), "draw");
    await runDraw({ ...base, policy: seedPolicy, out, dryRun: true });
    const f = join(out, "selected.csv");
    const header = readFileSync(f, "utf8").split("\n")[0];
    // A sparse file of 513 MB: the header line, then no line end (read whole, "cannot read: ERR_STRING_TOO_LONG").
    writeFileSync(f, `${header}\n`);
    truncateSync(f, 2 ** 29 + 2 ** 20);
    expect((await verifyDrawDir(out)).differences).toEqual([
      "selected.csv differs from the derived draw at line 2",
    ]);
    rmSync(f);
    expect((await verifyDrawDir(out, "zh")).differences).toEqual(["缺少 selected.csv"]);
  });

  it("verify fails on an output converted only in its line endings or BOM, saying so and that its rows are the draw's, and names the line of an edit made with it", async () => {
    const out = join(tmp(), "draw");
    await runDraw({ ...base, policy: seedPolicy, out, dryRun: true });
    const f = join(out, "selected.csv");
    const text = readFileSync(f, "utf8");
    expect(text.startsWith("\uFEFF") && text.includes("\r\n")).toBe(true);
    const check = async (converted: string) => {
      writeFileSync(f, converted);
      const r = await verifyDrawDir(out);
      writeFileSync(f, text);
      expect(r.ok).toBe(false);
      return r.differences;
    };
    const lf = text.replace(/\r\n/g, "\n");
    expect(await check(lf)).toEqual([
      "selected.csv differs from the derived draw only in its line endings (LF where the draw writes CRLF): the file was converted on its way (by git, a text tool or an editor); its rows are the draw's",
    ]);
    expect(await check(text.slice(1))).toEqual([
      "selected.csv differs from the derived draw only in its byte-order mark (BOM, which the draw writes for Excel): the file was converted on its way (by git, a text tool or an editor); its rows are the draw's",
    ]);
    expect((await check(lf.slice(1)))[0]).toMatch(/only in its line endings \(.*\) and byte-order mark/);
    // An edit in a converted file is an edit: the line is its own (it was said as one past the last).
    const line = lf.split("\n").findIndex((l) => l.includes(",general-c,")) + 1;
    expect(await check(lf.replace(",general-c,", ",general-d,"))).toEqual([
      `selected.csv differs from the derived draw at line ${line}, column treatment: "general-d" recorded, "general-c" derived`,
    ]);
  });
});
