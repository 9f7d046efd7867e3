/**
 * A scenario's behaviour from the district's own results (`gradedraw calibrate`): the violation
 * probability of each grade from the hit rate of its past visits drawn at random (at an assumed
 * detection: the results give their product only), and, given the grades the platform pushed, the
 * grade transitions per period without and after a finding, as the checks of a simulation count
 * them (see hit-rates, grade-changes), written as the scenario's `behaviour:` block.
 */
import { readEnterprises } from "../engine/data/read.js";
import { type Lang, tr } from "../engine/lang.js";
import type { Period } from "../engine/period.js";
import { findingResultsYaml, findingsTotal } from "./finding-codes.js";
import { countGradeChanges, type GradeCount, type GradeCounts, matchingRow } from "./grade-changes.js";
import { GRADE_KEYS, type GradeKey } from "./grades.js";
import { type HitTally, rateWithInterval, violationFound } from "./hit-rates.js";
import { type PastSources, readPastInspections } from "./past-inspections.js";

/** What calibrate reads, and where the scenario it is for would begin. */
export interface CalibrateRequest extends PastSources {
  readonly enterprises: string;
  /** The scenario's first period: its first day ends the past counted, its cadence is the periods'. */
  readonly start: Period;
  /** The detection per inspection assumed: violation = hit rate ÷ detection. */
  readonly detection: number;
  readonly lang?: Lang;
  readonly encoding?: string;
  readonly sheet?: string;
  readonly onNotice?: (notice: string) => void;
}

/** A grade's past visits counted, with a finding, and the violation probability they give (absent where none was counted). */
export interface GradeViolation {
  readonly grade: GradeKey;
  readonly inspections: number;
  readonly findings: number;
  readonly violation?: number;
}

/** The behaviour of a district from its own results. */
export interface Calibration {
  readonly start: string;
  readonly cadence: Period["cadence"];
  readonly detection: number;
  readonly violation: readonly GradeViolation[];
  /** Visits left out, as the grade they met is not known (see HitTally). */
  readonly beforeGrade: number;
  readonly undated: number;
  /** Whether a grade history was read (then the undated are of enterprises it gives no grade either). */
  readonly gradeHistory: boolean;
  /** The grade transitions counted, where a grade history was given and any period could be. */
  readonly transitions?: GradeCounts;
  /** Per result code of a problem found, the visits drawn at random that found a problem with it (see HitTally). */
  readonly findingCodes: Readonly<Record<string, number>>;
}

/** Reads the district's enterprises and results, and counts its behaviour. */
export async function calibrate(r: CalibrateRequest): Promise<Calibration> {
  const lang = r.lang ?? "en";
  const read = await readEnterprises(r.enterprises, {
    lang,
    pooled: false,
    onlyUsedColumns: true,
    encoding: r.encoding,
    sheet: r.sheet,
  });
  for (const n of read.notices) r.onNotice?.(n);
  const past = await readPastInspections(
    { history: r.history, ledger: r.ledger, gradeHistory: r.gradeHistory },
    read.records,
    r.start.start,
    lang,
    r.onNotice,
    "calibration",
  );
  const hits = past.hits as HitTally;
  const transitions =
    past.timeline && past.findings
      ? countGradeChanges(past.timeline, past.findings, r.start.cadence, r.start.start)
      : undefined;
  return {
    start: r.start.start,
    cadence: r.start.cadence,
    detection: r.detection,
    violation: GRADE_KEYS.map((g) => {
      const { inspections, findings } = hits.byGrade[g];
      return inspections
        ? { grade: g, inspections, findings, violation: violationFound(findings, inspections, r.detection) }
        : { grade: g, inspections, findings };
    }),
    beforeGrade: hits.beforeGrade,
    undated: hits.undated,
    gradeHistory: past.timeline !== undefined,
    ...(transitions ? { transitions } : {}),
    findingCodes: hits.codes,
  };
}

/** A number as a scenario writes it, to three significant figures: 0.0171. */
const short = (x: number) => String(Number(x.toPrecision(3)));

/** The enterprise-periods of a cadence, in words: enterprise-half-years. */
function enterprisePeriods(n: number, cadence: Period["cadence"], lang: Lang): string {
  const unit = { month: "month", quarter: "quarter", "half-year": "half-year", year: "year" }[cadence];
  return tr(lang, `${n.toLocaleString("en")} enterprise-${unit}s`, `${n} 个企业·期`);
}

/**
 * The scenario's `behaviour:` block, with a comment on each figure saying what it rests on. A
 * grade or row nothing was counted for is left empty, with a comment: a scenario given it is
 * refused at that line until an assumption is written there.
 */
export function behaviourYaml(c: Calibration, files: string, lang: Lang): string {
  const none = tr(lang, "none counted: write the assumption here", "未计得：请在此填写假设值");
  const lines = [
    tr(
      lang,
      `# The behaviour of the district of ${files}, from its own results before ${c.start} (gradedraw calibrate).`,
      `# ${files} 所在辖区的行为参数，依据 ${c.start} 之前本辖区的检查结果（gradedraw calibrate）。`,
    ),
    tr(
      lang,
      "# violation: each grade's hit rate (visits drawn at random whose results say whether a problem was found, by the grade each met) ÷ detection.",
      "# violation：各等级的问题发现率（随机抽取且结果表明是否发现问题的检查，按检查时的等级）÷ 发现率。",
    ),
    ...(c.beforeGrade || c.undated
      ? [
          tr(
            lang,
            `# Left out, as the grade they met is not known: ${c.beforeGrade} visits before their enterprise's first known grade, ${c.undated} of enterprises with no graded day${!c.undated ? "" : c.gradeHistory ? " (neither the grade history nor gradedOn in the enterprise file dates a grade of theirs)" : " (give --grade-history, or gradedOn in the enterprise file)"}.`,
            `# 检查时等级不明、未计入：${c.beforeGrade} 次在企业已知最早等级之前，${c.undated} 次所属企业无评级日期${!c.undated ? "" : c.gradeHistory ? "（等级推送记录和企业名录的 gradedOn 均未给出其等级日期）" : "（请用 --grade-history 给出等级推送记录，或在企业名录中填写 gradedOn）"}。`,
          ),
        ]
      : []),
    "behaviour:",
    "  violation:",
    ...c.violation.map((v) => {
      if (v.violation === undefined) return `    ${v.grade}: # ${none}`;
      // A hit rate above the detection assumed: no violation probability gives it.
      const capped =
        v.findings / v.inspections > c.detection
          ? tr(
              lang,
              ", more than the detection assumed finds (violation at most 1: a higher detection?)",
              "，高于假设的发现率（违法概率至多为 1：发现率是否应更高？）",
            )
          : "";
      return `    ${v.grade}: ${short(v.violation)} # ${tr(
        lang,
        `${v.findings} of ${v.inspections} visits found a problem: ${rateWithInterval(v.findings, v.inspections)}`,
        `${v.inspections} 次检查中 ${v.findings} 次发现问题：${rateWithInterval(v.findings, v.inspections)}`,
      )}${capped}`;
    }),
    `  detection: ${c.detection} # ${tr(lang, "assumed (--detection): the results give violation × detection only", "假设值（--detection）：检查结果只能给出违法概率 × 发现率")}`,
    ...findingResultLines(c, lang),
    ...transitionLines(c, lang, none),
  ];
  return `${lines.join("\n")}\n`;
}

/**
 * The line of `findingResults`: the share of the district's findings recorded with each problem
 * code, in the code list's order, with a comment on what was counted; or a comment where nothing was.
 */
function findingResultLines(c: Calibration, lang: Lang): string[] {
  const shares = findingResultsYaml(c.findingCodes);
  const total = findingsTotal(c.findingCodes);
  if (!shares)
    return [
      `  # ${tr(
        lang,
        "findingResults: no visit drawn at random found a problem; where rules read lastResult, write the share of findings recorded with each problem code",
        "findingResults：没有随机抽查发现问题的记录；如规则读取 lastResult，请填写发现问题时各结果代码的比例",
      )}`,
    ];
  return [
    `  findingResults: ${shares} # ${tr(
      lang,
      `the result codes of the ${total} visits drawn at random that found a problem (the first problem code of each)`,
      `随机抽查发现问题的 ${total} 次检查的结果代码（各取第一个“发现问题”类代码）`,
    )}`,
  ];
}

/** The transitions' lines: each row counted, the district's shares; or why there are none. */
function transitionLines(c: Calibration, lang: Lang, none: string): string[] {
  const t = c.transitions;
  if (!t)
    return [
      `  # ${tr(
        lang,
        "transitions: give --grade-history (the grades the provincial platform pushed, over periods before the start) to count them",
        "transitions：请用 --grade-history 给出省级平台推送的等级记录（覆盖开始之前的若干期），以统计等级变化",
      )}`,
    ];
  const branch = (name: "normal" | "found", rows: readonly GradeCount[]) => [
    `    ${name}:`,
    ...GRADE_KEYS.map((g) => {
      const row = rows.find((x) => x.grade === g);
      return row
        ? `      ${g}: ${matchingRow(row)} # ${enterprisePeriods(row.periods, t.cadence, lang)}`
        : `      ${g}: # ${none}`;
    }),
  ];
  return [
    `  # ${tr(
      lang,
      `transitions per ${t.cadence} from ${t.from} to ${t.to}: each enterprise's grade on a period's first day to the next's; found where a visit drawn at random found a problem in the period`,
      `transitions：${t.from} 至 ${t.to} 各期首日的等级与下一期首日的比较；期内随机抽查发现问题的计入 found`,
    )}`,
    "  transitions:",
    ...branch("normal", t.normal),
    ...branch("found", t.found),
  ];
}
