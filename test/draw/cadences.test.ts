import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { enterprisesCsv, historyCsvLines, inspectorsCsv } from "../../engine/data/write.js";
import { smallDistrict } from "../helpers/district.js";
import { runCli } from "../helpers/run-cli.js";
import { tmp } from "../helpers/tmp.js";

/**
 * SPEC §6's selection worked out here, apart from the engine, from what this test made happen: the
 * inspections of the history file, the results it imported (on their days), and the visits drawn
 * and not yet made (on their draw's day); the seed policy's rules read as the grade and category
 * they test; tickets as SPEC §6 writes them, with BigInt.
 */

const sha = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");
/** The digits of a ticket after "0.", compared as text once padded alike. */
const ticketDigits = (seed: string, id: string) =>
  BigInt(`0x${sha(sha(seed) + id)}`)
    .toString()
    .padStart(64, "0")
    .split("")
    .reverse()
    .join("");
const byTicket = (a: string, b: string) => {
  const n = Math.max(a.length, b.length);
  return a.padEnd(n, "0") < b.padEnd(n, "0") ? -1 : 1;
};

const day = (d: string, n: number) => {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
};
const monthsBack = (d: string, n: number) => {
  const [y, m, dd] = d.split("-").map(Number);
  const last = new Date(Date.UTC(y, m - 1 - n + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 - n, Math.min(dd, last))).toISOString().slice(0, 10);
};
/** The days a cap counts (SPEC §4): the trailing months up to the date, or the calendar span holding it. */
function window(w: string, date: string): [string, string] {
  const trailing = /^(\d+)m$/.exec(w);
  if (trailing) return [day(monthsBack(date, Number(trailing[1])), 1), date];
  const months = { year: 12, "half-year": 6, quarter: 3, month: 1 }[w] as number;
  const m = Number(date.slice(5, 7));
  const first = Math.floor((m - 1) / months) * months + 1;
  const from = `${date.slice(0, 4)}-${String(first).padStart(2, "0")}-01`;
  const next =
    first + months > 12
      ? `${Number(date.slice(0, 4)) + 1}-01-01`
      : `${date.slice(0, 4)}-${String(first + months).padStart(2, "0")}-01`;
  return [from, day(next, -1)];
}

/** Each cadence's periods drawn (consecutive) and the windows of caps that bind across them (B's, D's). */
const CADENCES = [
  { cadence: "month", periods: ["2026-03", "2026-04", "2026-05"], b: "quarter", c: "2m" },
  { cadence: "quarter", periods: ["2025-Q4", "2026-Q1", "2026-Q2"], b: "12m", c: "half-year" },
  { cadence: "half-year", periods: ["2025-H1", "2025-H2", "2026-H1"], b: "year", c: "12m" },
  { cadence: "year", periods: ["2024", "2025", "2026"], b: "12m", c: "year" },
] as const;

const firstDay = (period: string) =>
  /^\d{4}$/.test(period)
    ? `${period}-01-01`
    : /H2$/.test(period)
      ? `${period.slice(0, 4)}-07-01`
      : /H1$/.test(period)
        ? `${period.slice(0, 4)}-01-01`
        : /Q(\d)$/.test(period)
          ? `${period.slice(0, 4)}-${String((Number(period.at(-1)) - 1) * 3 + 1).padStart(2, "0")}-01`
          : `${period}-01`;

function treatmentOf(e: { category: string; grade: string | null }): string {
  if (e.category === "key") return e.grade === "C" || e.grade === "D" ? "key-stricter" : "key-strict";
  return e.grade ? `general-${e.grade.toLowerCase()}` : "general-ungraded";
}

type Treatment = {
  pool: boolean;
  ratio?: number | { min: number };
  rounding?: "ceil" | "round" | "floor";
  cap?: { count: number; window: string };
  exclusive?: boolean;
};

describe("draws of every cadence (SPEC §6)", () => {
  for (const { cadence, periods, b, c } of CADENCES)
    it(`a ${cadence} policy's draws, over the ledger of those before them and the results recorded, take exactly the lowest tickets of each stratum's eligible enterprises: caps counted in their windows, exclusive takings held across tasks`, async () => {
      const dir = tmp();
      const d = smallDistrict(`cadence-${cadence}`, 1500);
      const policy = parse(readFileSync("policies/huaian-2021/1.0.0.yaml", "utf8"));
      Object.assign(policy, { version: "9.0.0", cadence, effective: { from: "2023-01-01" } });
      const t = policy.treatments as Record<string, Treatment>;
      Object.assign(t["general-b"], { ratio: 0.5, cap: { count: 1, window: b } });
      // C uncapped, so that its exclusive takings alone keep the second task of a period from it.
      Object.assign(t["general-c"], { ratio: 0.5, exclusive: true });
      delete t["general-c"].cap;
      Object.assign(t["general-d"], { cap: { count: 1, window: c } });
      Object.assign(t["key-strict"], { ratio: 0.4, cap: { count: 1, window: "6m" } });
      const files = {
        policy: join(dir, "policy.yaml"),
        enterprises: join(dir, "enterprises.csv"),
        inspectors: join(dir, "inspectors.csv"),
        history: join(dir, "history.csv"),
      };
      writeFileSync(files.policy, stringify(policy));
      writeFileSync(files.enterprises, enterprisesCsv(d.enterprises));
      writeFileSync(files.inspectors, inspectorsCsv(d.inspectors));
      // The history before the first draw (the district's begins on 2024-01-01).
      const history = d.history.filter((h) => h.date < day(firstDay(periods[0]), 4));
      writeFileSync(files.history, [...historyCsvLines(history)].join(""));
      const db = join(dir, "ledger.db");

      // What happened, as this test made it: days inspections were made, visits drawn not yet made.
      const made = new Map<string, Set<string>>();
      const madeOn = (uscc: string, date: string) => made.set(uscc, (made.get(uscc) ?? new Set()).add(date));
      for (const h of history) madeOn(h.uscc, h.date);
      const open = new Map<string, string[]>();
      const counts = { drawn: 0, overCap: 0, taken: 0 };
      let n = 0;
      for (const period of periods) {
        const date = day(firstDay(period), 4);
        const taken = new Set<string>();
        // The first period has a second task, of one department, drawn after the default one.
        const tasks =
          period === periods[0]
            ? [
                ["default", ""],
                ["食品", "市场监管局"],
              ]
            : [["default", ""]];
        for (const [k, [task, departments]] of tasks.entries()) {
          const out = join(dir, `d${++n}`);
          const drawn = await runCli(
            ...["draw", "--policy", files.policy, "--enterprises", files.enterprises],
            ...["--inspectors", files.inspectors, "--history", files.history, "--db", db],
            ...[
              "--period",
              period,
              "--date",
              date,
              "--seed",
              `${cadence}-${n}`,
              "--out",
              out,
              "--task",
              task,
            ],
            ...(departments ? ["--departments", departments] : []),
          );
          expect(drawn.code, drawn.stderr).toBe(0);
          const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
          const task_ = manifest.task.departments as string[];
          // The eligible of each stratum, and the n lowest tickets of each.
          const eligible = new Map<string, string[]>();
          for (const e of d.enterprises) {
            if (!e.departments.some((x) => task_.includes(x))) continue;
            const name = treatmentOf(e);
            const tr = t[name];
            if (!tr.pool) continue;
            if (taken.has(e.uscc)) {
              counts.taken++;
              continue;
            }
            if (tr.cap) {
              const [from, to] = window(tr.cap.window, date);
              const within = (x: string) => x >= from && x <= to;
              const known = [...(made.get(e.uscc) ?? [])].filter(within).length;
              const drawnNotMade = (open.get(e.uscc) ?? []).filter(within).length;
              if (known + drawnNotMade >= tr.cap.count) {
                counts.overCap++;
                continue;
              }
            }
            eligible.set(name, [...(eligible.get(name) ?? []), e.uscc]);
          }
          const expected: string[] = [];
          for (const [name, list] of eligible) {
            const tr = t[name];
            const ratio = typeof tr.ratio === "number" ? tr.ratio : (tr.ratio?.min ?? 0);
            const round = Math[tr.rounding ?? "round"];
            const keys = new Map(list.map((u) => [u, ticketDigits(manifest.effectiveSeed, u)]));
            const sorted = [...list].sort((x, y) => byTicket(keys.get(x) as string, keys.get(y) as string));
            expected.push(...sorted.slice(0, round(Number((ratio * list.length).toFixed(9)))));
          }
          const selected = readFileSync(join(out, "selected.csv"), "utf8")
            .split("\r\n")
            .slice(1)
            .filter(Boolean)
            .map((l) => l.split(",")[0]);
          expect([...selected].sort(), `${period} ${task}`).toEqual([...expected].sort());
          counts.drawn += selected.length;
          for (const u of selected) {
            open.set(u, [...(open.get(u) ?? []), date]);
            if (
              t[treatmentOf(d.enterprises.find((e) => e.uscc === u) as (typeof d.enterprises)[0])].exclusive
            )
              taken.add(u);
          }
          // Every other visit's results are recorded: made the next day (the second task's the day after,
          // so that an enterprise both drew is not reported twice on one day for one item).
          const madeDay = day(date, 1 + k);
          const form = join(dir, `f${n}.csv`);
          expect((await runCli("results", "template", out, "--db", db, "--out", form)).code).toBe(0);
          const [header, ...rows] = readFileSync(form, "utf8")
            .replace(/^\uFEFF/, "")
            .split("\r\n")
            .filter(Boolean);
          const reported = new Set(selected.filter((_, i) => i % 2 === 0));
          const cols = header.split(",");
          const at = (name: string) => cols.indexOf(name);
          const filled = rows
            .map((r) => r.split(","))
            .filter((r) => reported.has(r[0]))
            .map((r) => {
              r[at("date")] = madeDay;
              r[at("result")] = "未发现问题";
              return r.join(",");
            });
          writeFileSync(form, [header, ...filled].join("\n"));
          const imported = await runCli("results", "import", form, "--db", db);
          expect(imported.code, imported.stderr).toBe(0);
          expect(imported.stdout).toContain(`${reported.size} planned inspection(s) fulfilled`);
          for (const u of reported) {
            const left = open.get(u) as string[];
            left.splice(left.indexOf(date), 1);
            madeOn(u, madeDay);
          }
        }
      }
      // Caps and exclusive takings left enterprises out, as the policy asks, and the draws drew some.
      expect(counts.overCap).toBeGreaterThan(100);
      expect(counts.taken).toBeGreaterThan(0);
      expect(counts.drawn).toBeGreaterThan(300);
      expect((await runCli("ledger", "verify", "--db", db)).code).toBe(0);
    }, 60_000);
});
