/**
 * The scenario's hit rate by grade against the district's own past inspections. The simulation
 * finds a problem where an enterprise violates in the period (behaviour.violation of its grade) and
 * the inspection detects it (behaviour.detection): an inspection's hit rate is their product. The
 * scenario's assumptions ask that they be calibrated from the district's results (hit rate by
 * grade); with the district's history or ledger given, this is that check.
 *
 * Counted: each past visit drawn at random (random or joint: a targeted or complaint inspection was
 * sent where a problem was suspected), with a result that says whether a problem was found (not
 * unreachable, gone or no activity), of an enterprise whose grade in the file was given by then (on
 * or after its gradedOn): its grade then, not one its finding may have lowered since.
 */
import type { Enterprise, HistoryEntry } from "../engine/data/records.js";
import { findResultCode } from "../engine/data/result-codes.js";
import { type Lang, tr } from "../engine/lang.js";
import { wilson } from "../engine/store/ledger-summary.js";
import { GRADE_KEYS, type GradeKey, type PerGrade } from "./grades.js";
import { normalQuantile } from "./normal-quantile.js";
import { formatMetric, mixGrade } from "./output.js";

/** Past visits counted, per grade, and those with a finding. */
export interface HitTally {
  readonly byGrade: Record<GradeKey, { inspections: number; findings: number }>;
  /** Visits drawn at random with a result, made before their enterprise's grade was given. */
  beforeGrade: number;
  /** Such visits of enterprises the file gives no gradedOn. */
  undated: number;
  /**
   * Per result code of a problem found: the visits drawn at random that found a problem recorded
   * with it, by their first such code (the one `lastResult` reads where it is first), whatever
   * grade they met: the shares of a scenario's `behaviour.findingResults`.
   */
  readonly codes: Record<string, number>;
}

/** A grade's past inspections counted, those with a finding, and the hit rate the scenario assumes. */
export interface GradeHits {
  readonly grade: GradeKey;
  readonly inspections: number;
  readonly findings: number;
  /** violation × detection. */
  readonly assumed: number;
}

/** The check recorded in results.json (district.past.hitRates). */
export interface HitRates {
  /** The grades with past inspections counted. */
  readonly grades: readonly GradeHits[];
  /** See {@link HitTally}. */
  readonly beforeGrade: number;
  readonly undated: number;
  /** The scenario's detection, by which a rate found gives the violation probability that matches it. */
  readonly detection: number;
  /** Whether the grade each visit met was read from a grade history (see grade-changes), not the enterprise file's gradedOn alone. */
  readonly byHistory?: boolean;
}

/** An empty tally. */
export function hitTally(): HitTally {
  const byGrade = Object.fromEntries(GRADE_KEYS.map((g) => [g, { inspections: 0, findings: 0 }]));
  return { byGrade: byGrade as HitTally["byGrade"], beforeGrade: 0, undated: 0, codes: {} };
}

/**
 * The grade a visit on `day` met by the enterprise file alone: its grade where given on or before
 * the day (its gradedOn), "before" where given later, "undated" where the file gives no gradedOn.
 */
export function gradeMetByFile(e: Enterprise, day: string): GradeKey | "before" | "undated" {
  if (e.gradedOn === null) return "undated";
  return day < e.gradedOn ? "before" : (e.grade ?? "ungraded");
}

/** Whether a visit was drawn at random and its results say a problem was found (true), none was (false), or neither (undefined). */
export function randomFinding(v: HistoryEntry): boolean | undefined {
  if (v.kind !== "random" && v.kind !== "joint") return undefined;
  const classes = v.result.map((id) => findResultCode(id)?.class);
  if (classes.includes("problem")) return true;
  return classes.includes("clean") ? false : undefined;
}

/** Counts the code of a past visit drawn at random that found a problem (see {@link HitTally}'s codes). */
export function countFindingCode(t: HitTally, v: HistoryEntry): void {
  const code = v.result.map((id) => findResultCode(id)).find((c) => c?.class === "problem");
  if (code) t.codes[code.id] = (t.codes[code.id] ?? 0) + 1;
}

/**
 * Counts one past visit (entries of one enterprise on one date, see visits) whose result `found`
 * is its {@link randomFinding}, and that met grade `met` (see gradeMetByFile).
 */
export function countVisit(
  t: HitTally,
  found: boolean | undefined,
  met: GradeKey | "before" | "undated",
): void {
  if (found === undefined) return;
  if (met === "undated" || met === "before") {
    if (met === "undated") t.undated++;
    else t.beforeGrade++;
    return;
  }
  const c = t.byGrade[met];
  c.inspections++;
  if (found) c.findings++;
}

/** The tally against the scenario's behaviour. */
export function hitRates(t: HitTally, violation: PerGrade, detection: number, byHistory = false): HitRates {
  return {
    grades: GRADE_KEYS.filter((g) => t.byGrade[g].inspections > 0).map((g) => ({
      grade: g,
      ...t.byGrade[g],
      // 0.02 × 0.7 as 0.014 in results.json, not 0.013999999999999999.
      assumed: Number((violation[g] * detection).toPrecision(12)),
    })),
    beforeGrade: t.beforeGrade,
    undated: t.undated,
    detection,
    ...(byHistory ? { byHistory } : {}),
  };
}

/**
 * The violation probability at which the simulation would find problems in `findings` of
 * `inspections` as the district did: the rate found ÷ detection, at most 1.
 */
export function violationFound(findings: number, inspections: number, detection: number): number {
  return Math.min(1, findings / inspections / detection);
}

/** A grade's {@link violationFound}, to two significant figures, as a scenario writes it: `0.017`. */
export function matchingViolation(g: GradeHits, detection: number): string {
  return String(Number(violationFound(g.findings, g.inspections, detection).toPrecision(2)));
}

/** A rate as the report's tables show the hit rate metric: `25.0%`. */
const percent = (x: number) => formatMetric(x, "hitRate");

/** Where the assumed rate lies against the 95% interval of the rate found (or that of quantile `z`): below it, within, above. */
export function verdict(g: Pick<GradeHits, "findings" | "inspections" | "assumed">, z?: number): -1 | 0 | 1 {
  const w = wilson(g.findings, g.inspections, z) as { low: number; high: number };
  return g.assumed < w.low ? -1 : g.assumed > w.high ? 1 : 0;
}

/**
 * The normal quantile at which k grades tested together are all within their intervals with 95%
 * probability where every assumption is right (Bonferroni: each at 1 − 0.05/k): 1.96 for one grade,
 * 2.50 for four. Tested alone at 95%, some one of four right assumptions would be called off about
 * one time in five.
 */
export const zTogether = (k: number) => normalQuantile(1 - 0.05 / k / 2);

/** The grades whose assumed rate lies outside its interval with all the grades counted tested together. */
function offTogether(h: HitRates | undefined): GradeHits[] {
  if (!h?.grades.length) return [];
  const z = zTogether(h.grades.length);
  return h.grades.filter((g) => verdict(g, z) !== 0);
}

/** The rate of `findings` in `inspections`, with its 95% (Wilson) interval: `4.1% [3.2%–5.2%]`. */
export function rateWithInterval(findings: number, inspections: number): string {
  const w = wilson(findings, inspections) as { low: number; high: number };
  return `${percent(findings / inspections)} [${percent(w.low)}–${percent(w.high)}]`;
}

/** A grade's rate found, with its interval (see rateWithInterval). */
const found = (g: GradeHits) => rateWithInterval(g.findings, g.inspections);

/** The report's sentence before the table, or alone where no past inspection could be counted. */
export function hitRateSentence(h: HitRates, lang: Lang): string {
  const counted = h.grades.reduce((a, g) => a + g.inspections, 0);
  const left = [
    h.beforeGrade
      ? h.byHistory
        ? tr(
            lang,
            `${h.beforeGrade.toLocaleString("en")} made before the first grade known of their enterprise`,
            `${h.beforeGrade} 次在企业已知的最早等级之前`,
          )
        : tr(
            lang,
            `${h.beforeGrade.toLocaleString("en")} made before their enterprise's grade was given (its gradedOn)`,
            `${h.beforeGrade} 次在企业现有等级评定日（gradedOn）之前`,
          )
      : "",
    h.undated
      ? h.byHistory
        ? tr(
            lang,
            `${h.undated.toLocaleString("en")} of enterprises neither the grade history nor the file's gradedOn dates`,
            `${h.undated} 次所属企业在等级推送记录与名录中均无等级日期`,
          )
        : tr(
            lang,
            `${h.undated.toLocaleString("en")} of enterprises the file gives no gradedOn`,
            `${h.undated} 次所属企业在名录中没有等级评定日（gradedOn）`,
          )
      : "",
  ].filter(Boolean);
  const graded = h.byHistory
    ? tr(
        lang,
        "each by the grade in force on its day (the latest the grade history or the file's gradedOn gives on or before it)",
        "均按检查当日有效的等级（等级推送记录或名录中当日或之前最近一次）统计",
      )
    : tr(
        lang,
        "each of an enterprise graded by then (on or after its gradedOn), so by the grade it met",
        "均在企业等级评定日（gradedOn）当天或之后，即按检查时的等级统计",
      );
  const before = left.length
    ? tr(
        lang,
        ` Left out, as the grade they met is not known: ${left.join("; ")}.`,
        `另有 ${left.join("，")}，检查时的等级不明，未计入。`,
      )
    : "";
  // Each grade's level when all are tested together (Bonferroni): 95% for one, 98.75% for four.
  const together = String(Number((100 - 5 / Math.max(1, h.grades.length)).toFixed(2)));
  if (!counted && h.byHistory)
    return tr(
      lang,
      `Not checked against the district's past inspections: none drawn at random with a result was made when its enterprise's grade was known (from the grade history or the file's gradedOn).${before}`,
      `未能与本辖区以往检查核对：没有一次有结果的随机抽查在企业已知等级之后（据等级推送记录或名录的 gradedOn），无法确定检查时的等级。${before}`,
    );
  if (!counted)
    return tr(
      lang,
      `Not checked against the district's past inspections: none drawn at random with a result was made on or after its enterprise's gradedOn, the grade it met.${before} Give each enterprise's gradedOn in the enterprise file to check the assumed hit rates (violation × detection).`,
      `未能与本辖区以往检查核对：没有一次有结果的随机抽查在企业等级评定日（gradedOn）当天或之后，无法确定检查时的等级。${before}请在企业名录中填写 gradedOn，以核对假设的问题发现率（违法概率 × 发现率）。`,
    );
  return tr(
    lang,
    `The hit rate the scenario assumes (violation × detection) against the district's past inspections: ${counted.toLocaleString("en")} drawn at random (random or joint; targeted and complaint inspections are sent where a problem is suspected) with a result saying whether a problem was found, ${graded}.${before} The last column says where each assumption lies against its grade's 95% interval; the brief calls one not borne out only where the ${h.grades.length} grades tested together leave it out (each at ${together}%), so that right assumptions are called so by chance at most one time in twenty.`,
    `情景假设的问题发现率（违法概率 × 发现率）与本辖区以往检查的对照：随机抽取（随机或联合检查；定向与投诉检查针对已有线索，不计入）且结果表明是否发现问题的检查 ${counted} 次，${graded}。${before}表中最后一栏按各等级自身的 95% 区间判断；要点仅在所计 ${h.grades.length} 个等级合并检验（每个等级取 ${together}%）仍不相符时提示，使假设正确时因偶然而误报的概率不超过二十分之一。`,
  );
}

/** The table: per grade, the inspections counted, those with a finding, the rate found and the rate assumed, where the assumption lies, and the violation probability that would match the rate found. */
export function hitRateTable(h: HitRates, lang: Lang): { header: string[]; rows: string[][] } {
  const where = (g: GradeHits) =>
    [
      tr(lang, "lower than found", "低于本辖区"),
      tr(lang, "within", "相符"),
      tr(lang, "higher than found", "高于本辖区"),
    ][verdict(g) + 1];
  return {
    header:
      lang === "zh"
        ? ["等级", "检查次数", "发现问题", "问题发现率 [95% 区间]", "情景假设", "假设", "相符的违法概率"]
        : [
            "grade",
            "inspections",
            "with a finding",
            "hit rate [95% interval]",
            "assumed",
            "the assumption",
            "violation matching it",
          ],
    rows: h.grades.map((g) => [
      mixGrade(g.grade, lang),
      String(g.inspections),
      String(g.findings),
      found(g),
      percent(g.assumed),
      where(g),
      matchingViolation(g, h.detection),
    ]),
  };
}

/**
 * A note for the command line where the scenario's assumed hit rate of a grade lies outside the
 * interval of the district's: the behaviour may want calibrating before the results are read.
 */
export function hitRateNotice(h: HitRates, scenario: string, lang: Lang): string | undefined {
  const off = offTogether(h);
  if (!off.length) return undefined;
  const each = off.map((g) =>
    tr(
      lang,
      `${mixGrade(g.grade, lang)} ${percent(g.assumed)} assumed, ${found(g)} found in ${g.inspections}`,
      `${mixGrade(g.grade, lang)} 假设 ${percent(g.assumed)}，实际 ${found(g)}（${g.inspections} 次）`,
    ),
  );
  const matching = `{ ${off.map((g) => `${g.grade}: ${matchingViolation(g, h.detection)}`).join(", ")} }`;
  return tr(
    lang,
    `note: the hit rate the scenario assumes (behaviour.violation × detection) is not borne out by the district's past random inspections (${h.grades.length > 1 ? `the ${h.grades.length} grades counted tested together ` : ""}at 95%) for ${each.join("; ")}: calibrate the behaviour from them before the results inform a decision (at detection ${h.detection}, violation ${matching} matches them; gradedraw calibrate writes the whole behaviour block from the same files) (${scenario})`,
    `提示：情景假设的问题发现率（behaviour.violation × detection）与本辖区以往随机抽查结果不符（${h.grades.length > 1 ? `所计 ${h.grades.length} 个等级合并检验，` : ""}置信水平 95%）：${each.join("；")}；据此决策前，请用本辖区检查结果校准行为参数（发现率 ${h.detection} 时，violation ${matching} 与之相符；gradedraw calibrate 可据同样的文件写出完整的 behaviour 参数）（${scenario}）`,
  );
}

/** The grades whose assumed hit rate the district's results do not bear out (see offTogether), as tables name them. */
function offGrades(h: HitRates | undefined, lang: Lang): string {
  return offTogether(h)
    .map((g) => mixGrade(g.grade, lang))
    .join(lang === "zh" ? "、" : ", ");
}

/** The dashboard's line under its title where an assumed hit rate lies outside the district's (empty where none does). */
export function hitRateCautionLine(h: HitRates | undefined, lang: Lang): string {
  const grades = offGrades(h, lang);
  if (!grades) return "";
  return tr(
    lang,
    `caution: the hit rate assumed for ${grades} is not the district's (see the report)`,
    `注意：${grades}假设的问题发现率与本辖区以往检查不符（见报告）`,
  );
}

/**
 * Said under a report's brief where the scenario's assumed hit rate of a grade lies outside the
 * interval of the district's: a reader of the brief alone is told that the behaviour behind its
 * figures does not match the district's results. Empty where it does, or was not checked.
 */
export function hitRateCaution(h: HitRates | undefined, lang: Lang): string {
  const grades = offGrades(h, lang);
  if (!grades) return "";
  return tr(
    lang,
    `Caution: the hit rate the scenario assumes for ${grades} is not borne out by the district's past random inspections (see Assumptions and sources): the figures above rest on violations, and the grade changes their findings make, that the district's results do not bear out.`,
    `注意：情景对${grades}假设的问题发现率与本辖区以往随机抽查结果不符（见“假设与来源”）：以上数字所依据的违法情况及其发现后的等级变化，与本辖区检查结果不符。`,
  );
}
