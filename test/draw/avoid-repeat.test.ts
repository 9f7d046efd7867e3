import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runDraw } from "../../engine/draw/run.js";
import { verifyDrawDir } from "../../engine/draw/verify.js";
import { type Db, openDb } from "../../engine/store/db.js";
import { cancelDraw } from "../../engine/store/ledger.js";
import { ledgerState } from "../../engine/store/ledger-state.js";
import { base, seedPolicy } from "../helpers/draw-setup.js";
import { tmp } from "../helpers/tmp.js";

/** A ledger holding the seed policy's production draws of 2026-H1 and 2026-H2 (seq 1 and 2). */
async function twoDraws(): Promise<Db> {
  const dir = tmp();
  const db = openDb(join(dir, "g.db"));
  for (const [period, date] of [
    ["2026-H1", "2026-01-01"],
    ["2026-H2", "2026-07-01"],
  ])
    await runDraw({
      ...base,
      period,
      date,
      seed: `${base.seed}-${period}`,
      policy: seedPolicy,
      out: join(dir, period),
      dryRun: false,
      db,
    });
  return db;
}

/** The pairs `inspector enterprise` a draw's assignments.csv sends. */
function sent(out: string): Set<string> {
  const [header, ...rows] = readFileSync(join(out, "assignments.csv"), "utf8").trimEnd().split("\n");
  const at = (name: string) =>
    header
      .replace(/^\uFEFF/, "")
      .split(",")
      .indexOf(name);
  return new Set(rows.map((r) => r.split(",")).map((c) => `${c[at("inspector")]} ${c[at("uscc")]}`));
}

/** The pairs `inspector enterprise` the ledger's draw `seq` assigned. */
function assignedIn(db: Db, seq: number): Set<string> {
  const rows = db.prepare("SELECT inspector, uscc FROM assigned WHERE draw_seq = ?").all(seq) as {
    inspector: string;
    uscc: string;
  }[];
  return new Set(rows.map((r) => `${r.inspector} ${r.uscc}`));
}

/** The enterprises each inspector was sent to in their latest `n` of the draws `live` (by seq), sorted: what --avoid-repeat n keeps them from. */
function expectedRecent(db: Db, live: readonly number[], n: number): Record<string, string[]> {
  const rows = db
    .prepare("SELECT inspector, draw_seq, uscc FROM assigned ORDER BY inspector, draw_seq DESC")
    .all() as { inspector: string; draw_seq: number; uscc: string }[];
  const draws = new Map<string, number[]>();
  for (const r of rows) {
    if (!live.includes(r.draw_seq)) continue;
    const seen = draws.get(r.inspector) ?? [];
    if (!seen.includes(r.draw_seq)) seen.push(r.draw_seq);
    draws.set(r.inspector, seen);
  }
  const recent: Record<string, string[]> = {};
  for (const r of rows) {
    if (!draws.get(r.inspector)?.slice(0, n).includes(r.draw_seq)) continue;
    recent[r.inspector] = [...(recent[r.inspector] ?? []), r.uscc];
  }
  for (const list of Object.values(recent)) list.sort();
  return recent;
}

/** The ledger state's recent visits, each inspector's list sorted (a draw records them so). */
function recentOf(db: Db, n: number): Record<string, string[]> {
  const { recent } = ledgerState(db, "2027-H1", n);
  return Object.fromEntries(Object.entries(recent).map(([k, v]) => [k, [...v].sort()]));
}

describe("--avoid-repeat: an inspector is not sent to an enterprise they inspected in their previous N draws", () => {
  it("never sends an inspector to an enterprise of their previous N draws, where without it some are sent again; the draw verifies", async () => {
    const db = await twoDraws();
    const before = [...assignedIn(db, 1), ...assignedIn(db, 2)];
    const dir = tmp();
    const draw = (avoidRepeat: number) =>
      runDraw({
        ...base,
        period: "2027-H1",
        date: "2027-01-01",
        seed: `${base.seed}-2027-H1`,
        policy: seedPolicy,
        out: join(dir, `avoid-${avoidRepeat}`),
        dryRun: true,
        avoidRepeat,
        db,
      });
    await draw(0);
    await draw(2);
    // Without it, the district's few inspectors meet some of their enterprises again.
    expect(before.filter((p) => sent(join(dir, "avoid-0")).has(p)).length).toBeGreaterThan(0);
    expect(before.filter((p) => sent(join(dir, "avoid-2")).has(p))).toEqual([]);
    expect(await verifyDrawDir(join(dir, "avoid-2"))).toEqual({ ok: true, differences: [] });
  });

  it("counts each inspector's own latest N draws, not a cancelled one", async () => {
    const db = await twoDraws();
    expect(recentOf(db, 0)).toEqual({});
    for (const n of [1, 2, 3]) expect(recentOf(db, n)).toEqual(expectedRecent(db, [1, 2], n));
    // An inspector sent out in 2026-H1 alone has it as their latest draw.
    expect(Object.keys(recentOf(db, 1)).length).toBeGreaterThan(
      new Set([...assignedIn(db, 2)].map((p) => p.split(" ")[0])).size,
    );
    cancelDraw(db, "huaian-credit-graded", "default", "2026-H2", "名录有误", "2026-07-02T00:00:00Z");
    expect(recentOf(db, 1)).toEqual(expectedRecent(db, [1], 1));
    expect(recentOf(db, 2)).toEqual(expectedRecent(db, [1], 2));
  });
});
