import { overCap } from "./caps.js";
import type { Enterprise } from "./data/records.js";
import type { Decision, Evaluator } from "./evaluate.js";
import { enterpriseFacts } from "./facts.js";
import type { HistoryIndex } from "./history.js";
import type { Lang } from "./lang.js";
import type { Policy, Rounding, Treatment } from "./policy/types.js";
import { ROUNDING_ZH, roundingText } from "./policy/vocabulary.js";

/** The reasons an enterprise may be not eligible for a draw. */
export const INELIGIBILITIES = [
  "outside-task",
  "not-in-pool",
  "over-cap",
  "exclusive-taken",
  "rejected",
] as const;
/** Why an enterprise is not eligible for this draw. */
export type Ineligibility = (typeof INELIGIBILITIES)[number];

const INELIGIBILITY_ZH: Record<Ineligibility, string> = {
  "outside-task": "不属本次任务的部门",
  "not-in-pool": "不纳入随机抽查",
  "over-cap": "已达检查上限",
  "exclusive-taken": "本期已被独占抽取",
  rejected: "无匹配规则（拒绝）",
};

/** A reason of ineligibility as printed for people: its code in English (as in --json), words in Chinese. */
export function ineligibilityText(r: Ineligibility, lang: Lang): string {
  return lang === "zh" ? INELIGIBILITY_ZH[r] : r;
}

/** An enterprise with its decision and eligibility for one task on one date. */
export interface Classified {
  readonly enterprise: Enterprise;
  readonly decision: Decision;
  readonly eligible: boolean;
  readonly reason?: Ineligibility;
}

/** The context of a classification: task departments, date, history (with earlier draws), exclusive takes. */
export interface PlanContext {
  readonly policy: Policy;
  readonly date: string;
  readonly history: HistoryIndex;
  /** Departments taking part; an enterprise none of them supervises is outside the task. */
  readonly departments: readonly string[];
  /** Enterprises already taken this period by an `exclusive` treatment. */
  readonly exclusiveTaken?: ReadonlySet<string>;
}

/** Evaluates every enterprise (in order, never overlapping runs) and decides its eligibility. */
export async function classifyAll(
  enterprises: readonly Enterprise[],
  evaluator: Evaluator,
  ctx: PlanContext,
): Promise<Classified[]> {
  const out: Classified[] = [];
  for (const e of enterprises) {
    const facts = enterpriseFacts(e, ctx.policy, ctx.history, ctx.date);
    const decision = evaluator.decideSync ? evaluator.decideSync(facts) : await evaluator.evaluate(facts);
    out.push(eligibility(e, decision, ctx));
  }
  return out;
}

/** Eligibility of one evaluated enterprise (SPEC §6 selection). */
export function eligibility(e: Enterprise, decision: Decision, ctx: PlanContext): Classified {
  if (decision.treatment === null) return { enterprise: e, decision, eligible: false, reason: "rejected" };
  const t = ctx.policy.treatments[decision.treatment];
  const reason = ineligibility(
    t,
    e.departments.some((d) => ctx.departments.includes(d)),
    ctx.exclusiveTaken?.has(e.uscc) === true,
    () => overCap(ctx.history.dates(e.uscc), t.cap, ctx.date),
  );
  return reason
    ? { enterprise: e, decision, eligible: false, reason }
    : { enterprise: e, decision, eligible: true };
}

/**
 * The eligibility rule, shared by the draw and the simulator: in the task, in the pool, not taken
 * by an exclusive treatment this period, not over the cap (checked last: it is the costly test).
 */
export function ineligibility(
  t: Pick<Treatment, "pool" | "cap">,
  inTask: boolean,
  exclusiveTaken: boolean,
  isOverCap: () => boolean,
): Ineligibility | undefined {
  if (!inTask) return "outside-task";
  if (!t.pool) return "not-in-pool";
  if (exclusiveTaken) return "exclusive-taken";
  if (t.cap && isOverCap()) return "over-cap";
  return undefined;
}

/**
 * The ratio a draw uses for a treatment: a fixed ratio as written; a range at its floor unless
 * the operator raises it (within `max`, if any).
 */
export function drawRatio(t: Treatment, raised?: number): number {
  if (t.ratio === undefined) return 0;
  if (typeof t.ratio === "number") return t.ratio;
  if (raised === undefined) return t.ratio.min;
  return Math.min(Math.max(raised, t.ratio.min), t.ratio.max ?? 1);
}

/** n = rounding(ratio × eligible), computed in integers of parts-per-billion so 0.3 × 10 is exactly 3. */
export function sampleSize(ratio: number, rounding: Rounding | undefined, eligible: number): number {
  const scaled = Math.round(ratio * 1e9) * eligible;
  const whole = Math.floor(scaled / 1e9);
  const rest = scaled - whole * 1e9;
  const r = rounding ?? "ceil";
  const n =
    r === "floor" ? whole : r === "ceil" ? whole + (rest > 0 ? 1 : 0) : whole + (rest * 2 >= 1e9 ? 1 : 0);
  return Math.min(n, eligible);
}

/**
 * The fewest eligible enterprises from which a ratio, rounded as it is, draws one: 1 for `ceil`;
 * undefined for a ratio of 0 (or below a billionth, which sampleSize counts as 0): it draws none
 * from any number.
 */
export function fewestDrawingOne(ratio: number, rounding: Rounding | undefined): number | undefined {
  // A ratio below the billionth sampleSize counts in is 0 to it, as 0 is.
  if (Math.round(ratio * 1e9) <= 0) return undefined;
  // From an estimate, stepped to the exact count sampleSize agrees with (no floating-point edge).
  let m = Math.max(1, Math.floor((rounding === "round" ? 0.5 : rounding === "floor" ? 1 : 0) / ratio) - 1);
  while (sampleSize(ratio, rounding, m) < 1) m++;
  while (m > 1 && sampleSize(ratio, rounding, m - 1) >= 1) m--;
  return m;
}

/**
 * Why a stratum draws none of the enterprises it has eligible (a small ratio rounded down over a
 * small pool), with the count from which it would draw one; undefined for one that draws some, or
 * has none eligible. Said beside its plan: a stratum drawing nobody, period after period, is a
 * promise of the policy the draw does not keep.
 */
export function noneDrawnWhy(s: StratumPlan, policy: Policy): { en: string; zh: string } | undefined {
  if (s.eligible === 0 || s.n > 0) return undefined;
  const rounding = policy.treatments[s.treatment]?.rounding ?? "ceil";
  // A draw folder's recorded policy edited by hand (a report reads it unchecked): no reason rather than a wrong one.
  if (!Object.hasOwn(ROUNDING_ZH, rounding)) return undefined;
  const from = fewestDrawingOne(s.ratio, rounding);
  const exact = Math.round(s.ratio * s.eligible * 1000) / 1000;
  const pct = `${Math.round(s.ratio * 1000) / 10}%`;
  return {
    en: `${pct} of ${s.eligible} is ${exact}, ${rounding} gives 0${from === undefined ? "" : `; one from ${from} eligible`}`,
    zh: `${s.eligible} 家的 ${pct} 为 ${exact}，${roundingText(rounding, "zh")}为 0${from === undefined ? "" : `；可抽取达 ${from} 家时抽 1 家`}`,
  };
}

/** A stratum's plan: how many of its eligible enterprises are drawn. */
export interface StratumPlan {
  readonly treatment: string;
  readonly ratio: number;
  readonly eligible: number;
  readonly n: number;
}

/** Plans every stratum (one per treatment in the pool) from classified enterprises. */
export function planStrata(
  policy: Policy,
  classified: readonly Classified[],
  raised: Readonly<Record<string, number>> = {},
): StratumPlan[] {
  const eligible = new Map<string, number>();
  for (const c of classified)
    if (c.eligible && c.decision.treatment)
      eligible.set(c.decision.treatment, (eligible.get(c.decision.treatment) ?? 0) + 1);
  return Object.entries(policy.treatments)
    .filter(([, t]) => t.pool)
    .map(([name, t]) => {
      const ratio = drawRatio(t, raised[name]);
      const count = eligible.get(name) ?? 0;
      return { treatment: name, ratio, eligible: count, n: sampleSize(ratio, t.rounding, count) };
    });
}

/** Departments named by a policy's items, sorted: the default task's departments. */
export function policyDepartments(policy: Policy): string[] {
  return [...new Set(policy.items.map((i) => i.department))].sort();
}
