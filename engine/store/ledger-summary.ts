// What the draws in force found: per treatment, the visits drawn, made and with findings, so an
// office sees whether its grades send inspections where the violations are (信用风险分类结果运用).

import { findResultCode, type ResultClass } from "../data/result-codes.js";
import type { Db } from "./db.js";
import { IN_FORCE } from "./ledger-draws.js";
import { storedJson, TEXT_LIST } from "./stored-json.js";

/** A treatment's visits in a draw: drawn, made (results recorded), and what their results say. */
export interface TreatmentFindings {
  readonly treatment: string;
  /** Visits drawn. */
  readonly drawn: number;
  /** Visits with results recorded. */
  readonly made: number;
  /** Visits made whose results hold a finding (a problem found). */
  readonly findings: number;
  /** Visits made where the enterprise could not be contacted at its registered address. */
  readonly unreachable: number;
  /** Visits made where the enterprise was gone (deregistered, moved out) or had no activity of the items. */
  readonly gone: number;
}

/** A draw in force and its visits' findings by treatment, with their totals. */
export interface DrawFindings {
  readonly seq: number;
  readonly policy: string;
  readonly version: string;
  readonly task: string;
  readonly period: string;
  readonly drawDate: string;
  readonly treatments: readonly TreatmentFindings[];
  /** The draw's visits of every treatment. */
  readonly total: Omit<TreatmentFindings, "treatment">;
}

/**
 * The findings of each draw in force (of `period` when given), in the ledger's order. A visit's
 * results are the random or joint results recorded for its enterprise on the day of the result that
 * made it, of its departments: one visit, several departments' items.
 */
export function drawFindings(db: Db, period?: string): DrawFindings[] {
  const draws = db
    .prepare(
      `SELECT l.seq, l.policy, l.version, l.task, l.period, l.draw_date FROM ledger l
       WHERE l.kind = 'draw' AND (? IS NULL OR l.period = ?) AND ${IN_FORCE} ORDER BY l.seq`,
    )
    .all(period ?? null, period ?? null) as {
    seq: number;
    policy: string;
    version: string;
    task: string;
    period: string;
    draw_date: string;
  }[];
  // Each visit of a draw, with the result codes of its results, as JSON lists (none for a visit not made).
  const visits = db.prepare(
    `SELECT p.treatment, p.done_by IS NOT NULL AS made,
       (SELECT json_group_array(x.result) FROM results x, results d
        WHERE d.id = p.done_by AND x.uscc = p.uscc AND x.date = d.date AND x.kind IN ('random', 'joint')
          AND x.department IN (SELECT value FROM json_each(p.departments))) AS results
     FROM planned p WHERE p.draw_seq = ? ORDER BY p.treatment`,
  );
  return draws.map((d) => {
    const byTreatment = new Map<string, Counts>();
    const total = counts();
    for (const v of visits.all(d.seq) as { treatment: string; made: number; results: string }[]) {
      const c = byTreatment.get(v.treatment) ?? counts();
      byTreatment.set(v.treatment, c);
      const classes = new Set<ResultClass>(
        storedJson(v.results, TEXT_LIST, {
          table: "results",
          row: `draw #${d.seq}`,
          column: "result",
        }).flatMap((r) =>
          storedJson(r, TEXT_LIST, { table: "results", row: `draw #${d.seq}`, column: "result" }).flatMap(
            (id) => findResultCode(id)?.class ?? [],
          ),
        ),
      );
      for (const x of [c, total]) {
        x.drawn++;
        if (!v.made) continue;
        x.made++;
        if (classes.has("problem")) x.findings++;
        else if (classes.has("unreachable")) x.unreachable++;
        else if (classes.has("gone") || classes.has("no-activity")) x.gone++;
      }
    }
    return {
      seq: d.seq,
      policy: d.policy,
      version: d.version,
      task: d.task,
      period: d.period,
      drawDate: d.draw_date,
      treatments: [...byTreatment].map(([treatment, c]) => ({ treatment, ...c })),
      total,
    };
  });
}

type Counts = { -readonly [K in Exclude<keyof TreatmentFindings, "treatment">]: number };

const counts = (): Counts => ({ drawn: 0, made: 0, findings: 0, unreachable: 0, gone: 0 });

/**
 * The Wilson score interval of a proportion `k` of `n` at 95% (or at the level whose two-sided normal
 * quantile is `z`): unlike k/n ± 1.96·se, it stays within 0 and 1 and says something of 0 of 3 or 3
 * of 3. Undefined for n = 0.
 */
export function wilson(
  k: number,
  n: number,
  z = 1.959963984540054,
): { low: number; high: number } | undefined {
  if (n === 0) return undefined;
  const p = k / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n))) / (1 + z2n);
  // Exactly 0 and 1 where none or all are (the sum of the two parts may miss them by a rounding).
  return { low: k === 0 ? 0 : Math.max(0, centre - half), high: k === n ? 1 : Math.min(1, centre + half) };
}
