/**
 * The scenario's `behaviour.findingResults` (the share of findings recorded with each problem
 * code, see last-results.ts) against the district's own: the first problem code of each past visit
 * drawn at random that found a problem (see HitTally's codes), where its history or ledger is given.
 */
import { findResultCode } from "../engine/data/result-codes.js";
import { type Lang, tr } from "../engine/lang.js";
import { matchingShares } from "./grade-changes.js";
import { rateWithInterval, verdict, zTogether } from "./hit-rates.js";
import { PROBLEM_CODES, sharesById } from "./last-results.js";
import { formatMetric } from "./output.js";

/** The check recorded in results.json (district.past.findingResults). */
export interface FindingCodeCheck {
  /** The district's random visits that found a problem. */
  readonly total: number;
  /** Each problem code the district's findings or the scenario name, in the code list's order. */
  readonly codes: readonly {
    readonly code: string;
    /** The district's findings recorded with it. */
    readonly found: number;
    /** The scenario's share, where it gives findingResults. */
    readonly assumed?: number;
  }[];
}

/** The findings counted by problem code (see HitTally's codes), all together. */
export const findingsTotal = (counted: Readonly<Record<string, number>> | undefined) =>
  PROBLEM_CODES.reduce((a, id) => a + (counted?.[id] ?? 0), 0);

/** The check, where the district's random visits found any problem; undefined where none did. */
export function findingCodeCheck(
  shares: Readonly<Record<string, number>> | undefined,
  counted: Readonly<Record<string, number>> | undefined,
): FindingCodeCheck | undefined {
  const total = findingsTotal(counted);
  if (!total) return undefined;
  const assumed = sharesById(shares ?? {});
  const codes = PROBLEM_CODES.filter((id) => assumed.get(id) || counted?.[id]).map((code) => ({
    code,
    found: counted?.[code] ?? 0,
    ...(shares ? { assumed: assumed.get(code) ?? 0 } : {}),
  }));
  return { total, codes };
}

const percent = (x: number) => formatMetric(x, "hitRate");

/** Whether the check has the scenario's shares to hold against the district's (it gives findingResults). */
const assumes = (c: FindingCodeCheck) => c.codes[0]?.assumed !== undefined;

/** Where a code's assumed share lies against the interval of the district's (of quantile `z`), as a grade's hit rate does. */
const codeVerdict = (x: FindingCodeCheck["codes"][number], total: number, z?: number) =>
  verdict({ findings: x.found, inspections: total, assumed: x.assumed ?? 0 }, z);

/**
 * The codes whose assumed share lies outside the interval of the district's, the codes tested
 * together at 95% (each at 1 − 0.05/k, as the hit rates are); none where the scenario gives no shares.
 */
function offCodes(c: FindingCodeCheck | undefined): FindingCodeCheck["codes"] {
  if (!c || !assumes(c)) return [];
  const z = zTogether(c.codes.length);
  return c.codes.filter((code) => codeVerdict(code, c.total, z) !== 0);
}

/**
 * Findings counted by problem code as a scenario's `findingResults` writes them, each code found in
 * its share, summing to 1: `{ rectified: 0.7, pending: 0.2, transferred: 0.1 }`; undefined where
 * none was counted.
 */
export function findingResultsYaml(counted: Readonly<Record<string, number>>): string | undefined {
  const total = findingsTotal(counted);
  if (!total) return undefined;
  const codes = PROBLEM_CODES.filter((id) => counted[id]);
  return `{ ${matchingShares(codes, (id) => counted[id], total)
    .map(([id, x]) => `${id}: ${x}`)
    .join(", ")} }`;
}

/** The district's shares as the scenario writes them (see findingResultsYaml). */
const matching = (c: FindingCodeCheck) =>
  findingResultsYaml(Object.fromEntries(c.codes.map((x) => [x.code, x.found]))) as string;

/** A note for the command line where a code's assumed share is not borne out (see offCodes), with the shares that match. */
export function findingResultsNotice(
  c: FindingCodeCheck | undefined,
  scenario: string,
  lang: Lang,
): string | undefined {
  const off = offCodes(c);
  if (!c || !off.length) return undefined;
  const each = off.map((x) =>
    tr(
      lang,
      `${x.code} ${percent(x.assumed ?? 0)} assumed, ${rateWithInterval(x.found, c.total)} found`,
      `${zhNamed(x.code)}假设 ${percent(x.assumed ?? 0)}，实际 ${rateWithInterval(x.found, c.total)}`,
    ),
  );
  const k = c.codes.length;
  return tr(
    lang,
    `note: the result codes the scenario assumes of findings (behaviour.findingResults) are not borne out by the ${c.total} findings of the district's past random inspections (${k > 1 ? `the ${k} codes tested together ` : ""}at 95%) for ${each.join("; ")}: findingResults ${matching(c)} matches them (gradedraw calibrate writes it from the same files) (${scenario})`,
    `提示：情景假设的发现问题结果代码比例（behaviour.findingResults）与本辖区以往随机抽查发现问题的 ${c.total} 次检查不符（${k > 1 ? `所计 ${k} 个代码合并检验，` : ""}置信水平 95%）：${each.join("；")}；与之相符的是 findingResults ${matching(c)}（gradedraw calibrate 可据同样的文件写出）（${scenario}）`,
  );
}

/** The report's sentence before the table of codes. */
export function findingCodeSentence(c: FindingCodeCheck, lang: Lang): string {
  const k = c.codes.length;
  const level = String(Number((100 - 5 / Math.max(1, k)).toFixed(2)));
  if (!assumes(c))
    return tr(
      lang,
      `The result codes of the district's ${c.total} past random inspections that found a problem (the first problem code of each). The scenario gives no behaviour.findingResults, so a simulated finding has no code; findingResults ${matching(c)} would record findings in these shares.`,
      `本辖区以往随机抽查发现问题的 ${c.total} 次检查的结果代码（各取第一个“发现问题”类代码）。情景未给出 behaviour.findingResults，模拟的发现问题不区分结果代码；按此比例可写作 findingResults ${matching(c)}。`,
    );
  return tr(
    lang,
    `The result codes the scenario records simulated findings with (behaviour.findingResults) against the district's ${c.total} past random inspections that found a problem (the first problem code of each). The last column says where each share lies against its code's 95% interval; the brief calls one not borne out only where the ${k} codes tested together leave it out (each at ${level}%).`,
    `情景为模拟的发现问题设定的结果代码比例（behaviour.findingResults）与本辖区以往随机抽查发现问题的 ${c.total} 次检查（各取第一个“发现问题”类代码）的对照。表中最后一栏按各代码自身的 95% 区间判断；要点仅在所计 ${k} 个代码合并检验（每个代码取 ${level}%）仍不相符时提示。`,
  );
}

/** The table: per code, its Chinese text, the district's findings with it, its share found, and the share assumed and where it lies. */
export function findingCodeTable(c: FindingCodeCheck, lang: Lang): { header: string[]; rows: string[][] } {
  const assumed = assumes(c);
  const where = (x: FindingCodeCheck["codes"][number]) =>
    [
      tr(lang, "lower than found", "低于本辖区"),
      tr(lang, "within", "相符"),
      tr(lang, "higher than found", "高于本辖区"),
    ][codeVerdict(x, c.total) + 1];
  const header =
    lang === "zh"
      ? ["结果代码", "结果", "发现问题次数", "占比 [95% 区间]", ...(assumed ? ["情景假设", "假设"] : [])]
      : [
          "code",
          "result",
          "findings",
          "share [95% interval]",
          ...(assumed ? ["assumed", "the assumption"] : []),
        ];
  return {
    header,
    rows: c.codes.map((x) => [
      x.code,
      findResultCode(x.code)?.zh ?? x.code,
      String(x.found),
      rateWithInterval(x.found, c.total),
      ...(assumed ? [percent(x.assumed ?? 0), where(x)] : []),
    ]),
  };
}

/**
 * A code as a Chinese sentence names it: its official text, then its id, as findingResults may
 * be written with either (“未按规定公示应当公示的信息”（not-published）); an id of no code alone, spaced.
 */
function zhNamed(id: string): string {
  const text = findResultCode(id)?.zh;
  return text ? `“${text}”（${id}）` : `${id} `;
}

/**
 * The codes not borne out (see offCodes), as the cautions name them: by id in English, by their
 * official Chinese text in Chinese, each quoted (“发现问题已责令改正”“发现问题待后续处理”); empty where none is.
 */
function offSaid(c: FindingCodeCheck | undefined, lang: Lang): string {
  const off = offCodes(c).map((x) => x.code);
  return lang === "zh" ? off.map((id) => `“${findResultCode(id)?.zh ?? id}”`).join("") : off.join(", ");
}

/** Said under a report's brief where an assumed share is not borne out (see offCodes); empty where none is, or none was checked. */
export function findingCodeCaution(c: FindingCodeCheck | undefined, lang: Lang): string {
  const off = offSaid(c, lang);
  if (!off) return "";
  return tr(
    lang,
    `Caution: the share of findings the scenario records as ${off} is not borne out by the district's past random inspections (see Assumptions and sources): figures of rules reading lastResult rest on it.`,
    `注意：情景中发现问题记为${off}的比例与本辖区以往随机抽查结果不符（见“假设与来源”）：读取 lastResult 的规则所得数字依赖于此。`,
  );
}

/** The dashboard's line under its title where the district's findings do not bear the shares out (empty where they do). */
export function findingCodeCautionLine(c: FindingCodeCheck | undefined, lang: Lang): string {
  const off = offSaid(c, lang);
  if (!off) return "";
  return tr(
    lang,
    `caution: the share of findings assumed as ${off} is not the district's (see the report)`,
    `注意：发现问题记为${off}的假设比例与本辖区不符（见报告）`,
  );
}
