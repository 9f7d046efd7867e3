/**
 * The scenario's grade changes against the district's own. The simulation moves each enterprise's
 * grade at the end of every period by `behaviour.transitions`: `found` where its inspections that
 * period found a problem, `normal` otherwise. Given the grades the provincial platform pushed
 * (`population.gradeHistory`) and the district's past inspections, the same changes are counted
 * from one period's first day to the next's before the simulation begins: the grade in force on
 * each first day (the latest pushed on or before it, the enterprise file's own among them), and
 * `found` where a visit drawn at random (random or joint, as the simulation's inspections are)
 * found a problem in the period. Counted for the enterprises of the enterprise file, those the
 * simulation starts from.
 */

import { type Lang, tr } from "../engine/lang.js";
import { addDays, periodContaining } from "../engine/period.js";
import type { Cadence } from "../engine/policy/types.js";
import { wilson } from "../engine/store/ledger-summary.js";
import { type GradeTimeline, gradeOn } from "./grade-timeline.js";
import { GRADE_KEYS, type GradeKey, type PerGrade } from "./grades.js";
import { normalQuantile } from "./normal-quantile.js";
import { formatMetric, mixGrade } from "./output.js";

/** Counts of grade changes: [from][to], per branch. */
type Counts = Record<GradeKey, Record<GradeKey, number>>;

const emptyCounts = (): Counts =>
  Object.fromEntries(GRADE_KEYS.map((g) => [g, Object.fromEntries(GRADE_KEYS.map((h) => [h, 0]))])) as Counts;

/** One grade's changes counted in a branch. */
export interface GradeCount {
  readonly grade: GradeKey;
  /** Enterprise-periods counted from this grade. */
  readonly periods: number;
  /** Of them, those that ended in each grade. */
  readonly to: PerGrade;
}

/** The changes of the grades counted, without a finding in the period and with one. */
export interface GradeCounts<Row extends GradeCount = GradeCount> {
  readonly cadence: Cadence;
  /** The first day of the first period counted, and the day the simulation starts (the last period's end). */
  readonly from: string;
  readonly to: string;
  readonly normal: readonly Row[];
  readonly found: readonly Row[];
  /** See GradeTimeline. */
  readonly elsewhere: number;
  readonly differing: number;
}

/** A grade's changes counted in a branch, and the scenario's probabilities of them. */
export interface GradeRow extends GradeCount {
  /** The scenario's transition probabilities from this grade. */
  readonly assumed: PerGrade;
}

/** The check recorded in results.json (district.past.gradeChanges): the counts beside the scenario's transitions. */
export type GradeChanges = GradeCounts<GradeRow>;

/** The scenario's transitions, without and after a finding. */
type Transitions = {
  readonly normal: Readonly<Record<GradeKey, PerGrade>>;
  readonly found: Readonly<Record<GradeKey, PerGrade>>;
};

/**
 * Counts each enterprise's grade changes over the periods of `cadence` from the period holding its
 * first push to `start`: from its grade on a period's first day to its grade on the next's, where
 * both are known; `found` where one of its `findings` days (visits drawn at random that found a
 * problem) lies in the period. Undefined where no period could be counted.
 */
export function countGradeChanges(
  t: GradeTimeline,
  findings: ReadonlyMap<number, readonly string[]>,
  cadence: Cadence,
  start: string,
): GradeCounts | undefined {
  if (t.first === undefined || t.first >= start) return undefined;
  // The first days of the periods from the first push's, then the simulation's start, which ends the last.
  const firstDays: string[] = [];
  for (
    let p = periodContaining(t.first, cadence);
    p.start < start;
    p = periodContaining(addDays(p.end, 1), cadence)
  )
    firstDays.push(p.start);
  firstDays.push(start);
  if (firstDays.length < 2) return undefined;
  const normal = emptyCounts();
  const found = emptyCounts();
  let counted = false;
  for (let slot = 0; slot < t.days.length; slot++) {
    if (!t.days[slot]) continue;
    const mine = findings.get(slot) ?? [];
    for (let i = 0; i + 1 < firstDays.length; i++) {
      const a = gradeOn(t, slot, firstDays[i]);
      const b = a === undefined ? undefined : gradeOn(t, slot, firstDays[i + 1]);
      if (a === undefined || b === undefined) continue;
      const hit = mine.some((d) => d >= firstDays[i] && d < firstDays[i + 1]);
      (hit ? found : normal)[a][b]++;
      counted = true;
    }
  }
  if (!counted) return undefined;
  const rows = (c: Counts): GradeCount[] =>
    GRADE_KEYS.map((g) => ({
      grade: g,
      periods: GRADE_KEYS.reduce((s, h) => s + c[g][h], 0),
      to: c[g],
    })).filter((r) => r.periods > 0);
  return {
    cadence,
    from: firstDays[0],
    to: start,
    normal: rows(normal),
    found: rows(found),
    elsewhere: t.elsewhere,
    differing: t.differing,
  };
}

/** The counts beside the scenario's transitions, for the check. */
export function againstAssumed(c: GradeCounts, assumed: Transitions): GradeChanges {
  const beside = (rows: readonly GradeCount[], branch: "normal" | "found") =>
    rows.map((r) => ({ ...r, assumed: assumed[branch][r.grade] }));
  return { ...c, normal: beside(c.normal, "normal"), found: beside(c.found, "found") };
}

/** The to-grades of a row whose assumed probability lies outside the 95% interval of the share found (or that of quantile `z`). */
export function offCells(r: GradeRow, z?: number): GradeKey[] {
  return GRADE_KEYS.filter((h) => {
    const w = wilson(r.to[h], r.periods, z) as { low: number; high: number };
    return r.assumed[h] < w.low || r.assumed[h] > w.high;
  });
}

/** Every row of both branches, with its branch. */
const allRows = (c: GradeChanges) => [
  ...c.normal.map((r) => ({ branch: "normal" as const, row: r })),
  ...c.found.map((r) => ({ branch: "found" as const, row: r })),
];

/**
 * The rows with a probability the district's changes do not bear out, every probability counted
 * tested together (Bonferroni: each at 1 − 0.05/k, two-sided), so that right assumptions are called
 * off by chance at most one time in twenty.
 */
export function offRowsTogether(c: GradeChanges | undefined) {
  if (!c) return [];
  const rows = allRows(c);
  const tests = rows.length * GRADE_KEYS.length;
  if (!tests) return [];
  const z = normalQuantile(1 - 0.05 / tests / 2);
  return rows.filter((x) => offCells(x.row, z).length > 0);
}

/**
 * A row's shares found, as a scenario writes a transition row (see {@link matchingShares}):
 * `{ A: 0.0813, B: 0.88, C: 0.0387, D: 0, ungraded: 0 }`.
 */
export function matchingRow(r: GradeCount): string {
  return `{ ${matchingShares(GRADE_KEYS, (h) => r.to[h], r.periods)
    .map(([h, x]) => `${h}: ${x}`)
    .join(", ")} }`;
}

/**
 * Counts of `keys` out of `total` as shares a scenario writes: each but the largest to as many
 * decimals as the total calls for (two more than the digits of its square root: 4 for 170, 6 for
 * 10,000,000), a small share to three significant figures at least; the largest takes what the
 * others leave, so that the shares sum to 1 exactly. Each share written so lies within its
 * interval, as shares written to fixed decimals would not for a large district's small ones.
 */
export function matchingShares<K extends string>(
  keys: readonly K[],
  count: (key: K) => number,
  total: number,
): [K, string][] {
  const largest = keys.reduce((a, h) => (count(h) > count(a) ? h : a), keys[0]);
  const places = Math.ceil(Math.log10(Math.sqrt(total))) + 2;
  const decimalsOf = (x: string) => (x.includes(".") ? x.split(".")[1].length : 0);
  // In decimals, never as 5e-7: the places the total calls for, or three significant figures if more.
  const written = (k: number) => {
    if (k === 0) return "0";
    const x = k / total;
    const figures = 2 - Math.floor(Math.log10(x));
    return x.toFixed(Math.max(places, figures)).replace(/\.?0+$/, "");
  };
  const others = new Map(keys.filter((h) => h !== largest).map((h) => [h, written(count(h))]));
  const decimals = Math.max(0, ...[...others.values()].map(decimalsOf));
  const rest = (1 - [...others.values()].reduce((a, x) => a + Number(x), 0))
    .toFixed(decimals)
    .replace(/\.?0+$/, "");
  return keys.map((h) => [h, h === largest ? rest : (others.get(h) as string)]);
}

const percent = (x: number) => formatMetric(x, "hitRate");

/** The report's sentence before the tables. */
export function gradeChangeSentence(c: GradeChanges, lang: Lang): string {
  const n = allRows(c).reduce((a, x) => a + x.row.periods, 0);
  const tests = allRows(c).length * GRADE_KEYS.length;
  const level = String(Number((100 - 5 / Math.max(1, tests)).toFixed(3)));
  const left = [
    c.elsewhere
      ? tr(
          lang,
          ` ${c.elsewhere.toLocaleString("en")} grades pushed for enterprises the enterprise file does not hold were left out.`,
          `另有 ${c.elsewhere} 条等级记录所属企业不在企业名录中，未计入。`,
        )
      : "",
    c.differing
      ? tr(
          lang,
          ` For ${c.differing.toLocaleString("en")} enterprises the enterprise file gives another grade than the grade history on the same day; the file's was taken.`,
          `${c.differing} 家企业在企业名录中的等级与等级推送记录同日的不同，以企业名录为准。`,
        )
      : "",
  ].join("");
  const noFinding = c.found.length
    ? ""
    : tr(
        lang,
        " No enterprise-period with a finding was counted: the changes after one are not checked.",
        "没有期内发现问题的企业·期，发现问题后的等级变化未能核对。",
      );
  return tr(
    lang,
    `The grade changes the scenario assumes (behaviour.transitions) against the district's own: ${n.toLocaleString("en")} enterprise-${c.cadence === "half-year" ? "half-year" : c.cadence}s from ${c.from} to ${c.to}, each from the grade in force on a period's first day (the latest pushed on or before it) to the next's, under "after a finding" where a visit drawn at random found a problem in the period. A grade's row is its share of each grade found, then the share assumed; the last column names the grades whose assumption lies outside its 95% interval. The brief calls a change not borne out only where the ${tests} shares tested together leave it out (each at ${level}%).${noFinding}${left}`,
    `情景假设的等级变化（behaviour.transitions）与本辖区实际的对照：${c.from} 至 ${c.to} 共 ${n} 个企业·期，各取每期首日有效的等级（当日或之前最近一次推送）与下一期首日的比较；期内随机抽查发现问题的计入“发现问题后”。每格为实际转为该等级的比例，其后为假设比例；最后一栏列出假设超出实际 95% 区间的等级。要点仅在所计 ${tests} 个比例合并检验（每个取 ${level}%）仍不相符时提示。${noFinding}${left}`,
  );
}

/** The report's table of one branch: per grade counted, the periods, each to-grade's share found / assumed, and the to-grades not borne out. */
export function gradeChangeTable(
  rows: readonly GradeRow[],
  lang: Lang,
): { header: string[]; rows: string[][] } {
  return {
    header: [
      tr(lang, "from", "原等级"),
      tr(lang, "enterprise-periods", "企业·期"),
      ...GRADE_KEYS.map((h) => `→ ${mixGrade(h, lang)} ${tr(lang, "found / assumed", "实际 / 假设")}`),
      tr(lang, "not borne out", "不相符"),
    ],
    rows: rows.map((r) => {
      const off = offCells(r);
      return [
        mixGrade(r.grade, lang),
        String(r.periods),
        ...GRADE_KEYS.map((h) => `${percent(r.to[h] / r.periods)} / ${percent(r.assumed[h])}`),
        off.length ? off.map((h) => mixGrade(h, lang)).join(lang === "zh" ? "、" : ", ") : "—",
      ];
    }),
  };
}

/** The branch's name, as the scenario's key and in words. */
const branchSaid = (branch: "normal" | "found", lang: Lang) =>
  branch === "normal"
    ? tr(lang, "without a finding", "未发现问题")
    : tr(lang, "after a finding", "发现问题后");

/** A note for the command line where the district's grade changes do not bear the scenario's out, with the rows that match them. */
export function gradeChangeNotice(
  c: GradeChanges | undefined,
  scenario: string,
  lang: Lang,
): string | undefined {
  const off = offRowsTogether(c);
  if (!off.length) return undefined;
  const each = off.map(
    (x) =>
      `behaviour.transitions.${x.branch}.${x.row.grade}: ${matchingRow(x.row)} (${x.row.periods} ${tr(lang, `enterprise-periods ${branchSaid(x.branch, lang)}`, `个企业·期，${branchSaid(x.branch, lang)}`)})`,
  );
  return tr(
    lang,
    `note: the grade changes the scenario assumes are not borne out by the district's grade history (every share counted tested together at 95%) from ${off.map((x) => `${mixGrade(x.row.grade, lang)} ${branchSaid(x.branch, lang)}`).join(", ")}: calibrate them before the results inform a decision; the district's own are ${each.join("; ")} (gradedraw calibrate writes the whole behaviour block from the same files) (${scenario})`,
    `提示：情景假设的等级变化与本辖区等级推送记录不符（所计比例合并检验，置信水平 95%）：${off.map((x) => `${mixGrade(x.row.grade, lang)}（${branchSaid(x.branch, lang)}）`).join("、")}；据此决策前请予校准，本辖区实际为 ${each.join("；")}（gradedraw calibrate 可据同样的文件写出完整的 behaviour 参数）（${scenario}）`,
  );
}

/** The grades (with branch) whose changes are not borne out, as the caution and the dashboard name them. */
function offSaid(c: GradeChanges | undefined, lang: Lang): string {
  return offRowsTogether(c)
    .map((x) =>
      tr(
        lang,
        `${mixGrade(x.row.grade, lang)} (${branchSaid(x.branch, lang)})`,
        `${mixGrade(x.row.grade, lang)}（${branchSaid(x.branch, lang)}）`,
      ),
    )
    .join(lang === "zh" ? "、" : ", ");
}

/** Said under the report's brief where the district's grade changes do not bear the scenario's out. */
export function gradeChangeCaution(c: GradeChanges | undefined, lang: Lang): string {
  const off = offSaid(c, lang);
  if (!off) return "";
  return tr(
    lang,
    `Caution: the grade changes the scenario assumes from ${off} are not borne out by the district's grade history (see Assumptions and sources): the grade mix the figures above rest on drifts otherwise than the district's.`,
    `注意：情景对${off}假设的等级变化与本辖区等级推送记录不符（见“假设与来源”）：以上数字所依据的等级构成变化与本辖区不同。`,
  );
}

/** The dashboard's line under its title where they are not (empty where they are). */
export function gradeChangeCautionLine(c: GradeChanges | undefined, lang: Lang): string {
  const off = offSaid(c, lang);
  if (!off) return "";
  return tr(
    lang,
    `caution: the grade changes assumed from ${off} are not the district's (see the report)`,
    `注意：${off}假设的等级变化与本辖区不符（见报告）`,
  );
}
