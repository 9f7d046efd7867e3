import type { Enterprise } from "./data/records.js";
import type { Evaluator } from "./evaluate.js";
import type { HistoryIndex } from "./history.js";
import { type Classified, classifyAll, planStrata, type StratumPlan } from "./plan.js";
import type { Policy } from "./policy/types.js";
import { GRADES, gradeLabel } from "./policy/vocabulary.js";

/** Counts of one treatment (and of each grade within it). */
export interface TreatmentCounts {
  readonly treatment: string;
  readonly pool: boolean;
  readonly enterprises: number;
  readonly eligible: number;
  /** Not eligible, by reason. */
  readonly excluded: Readonly<Record<string, number>>;
  /** Planned sample size (rounding(ratio × eligible)); 0 outside the pool. */
  readonly planned: number;
  readonly ratio: number;
  readonly byGrade: { grade: string; enterprises: number; eligible: number }[];
}

/** The pool sizes and planned sample sizes of a policy over a set of enterprises. */
export interface Classification {
  readonly date: string;
  readonly departments: readonly string[];
  readonly total: number;
  readonly rejected: string[];
  readonly treatments: TreatmentCounts[];
  readonly strata: StratumPlan[];
}

/**
 * Classifies every enterprise and plans the strata, as a draw would on that date; `exclusiveTaken`:
 * the enterprises an exclusive treatment took in its period (from the ledger).
 */
export async function classify(
  policy: Policy,
  enterprises: readonly Enterprise[],
  evaluator: Evaluator,
  history: HistoryIndex,
  date: string,
  departments: readonly string[],
  exclusiveTaken?: ReadonlySet<string>,
): Promise<{ summary: Classification; classified: Classified[] }> {
  const classified = await classifyAll(enterprises, evaluator, {
    policy,
    date,
    history,
    departments,
    exclusiveTaken,
  });
  const strata = planStrata(policy, classified);
  const treatments = Object.entries(policy.treatments).map(([name, t]): TreatmentCounts => {
    const mine = classified.filter((c) => c.decision.treatment === name);
    const excluded: Record<string, number> = {};
    for (const c of mine) if (!c.eligible && c.reason) excluded[c.reason] = (excluded[c.reason] ?? 0) + 1;
    const plan = strata.find((s) => s.treatment === name);
    return {
      treatment: name,
      pool: t.pool,
      enterprises: mine.length,
      eligible: mine.filter((c) => c.eligible).length,
      excluded,
      planned: plan?.n ?? 0,
      ratio: plan?.ratio ?? 0,
      byGrade: GRADES.map((g) => ({
        grade: gradeLabel(g),
        enterprises: mine.filter((c) => c.enterprise.grade === g).length,
        eligible: mine.filter((c) => c.enterprise.grade === g && c.eligible).length,
      })).filter((x) => x.enterprises > 0),
    };
  });
  const rejected = classified.filter((c) => c.reason === "rejected").map((c) => c.enterprise.uscc);
  return {
    summary: { date, departments, total: enterprises.length, rejected, treatments, strata },
    classified,
  };
}
