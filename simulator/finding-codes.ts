/**
 * The scenario's `behaviour.findingResults` (the share of findings recorded with each problem
 * code, see last-results.ts) against the district's own: the first problem code of each past visit
 * drawn at random that found a problem (see HitTally's codes), where its history or ledger is given.
 */
import { findResultCode } from "../engine/data/result-codes.js";
import { type Lang, tr } from "../engine/lang.js";
import { wilson } from "../engine/store/ledger-summary.js";
import { matchingShares } from "./grade-changes.js";
import { PROBLEM_CODES } from "./last-results.js";
import { normalQuantile } from "./normal-quantile.js";
import { formatMetric } from "./output.js";

/** A problem code's share assumed and its count among the district's findings. */
interface CodeCount {
  readonly code: string;
  readonly assumed: number;
  readonly found: number;
}

/** The scenario's shares by code id (codes written in Chinese or English too). */
function assumedShares(shares: Readonly<Record<string, number>>): Map<string, number> {
  const byId = new Map<string, number>();
  for (const [key, value] of Object.entries(shares)) {
    const id = findResultCode(key)?.id;
    if (id) byId.set(id, (byId.get(id) ?? 0) + value);
  }
  return byId;
}

/**
 * A note where a code's assumed share lies outside the interval of the district's share, the codes
 * assumed or found tested together at 95% (each at 1 − 0.05/k, as the hit rates are), with the
 * shares that match the district; undefined where they all lie within, or nothing was counted.
 */
export function findingResultsNotice(
  shares: Readonly<Record<string, number>> | undefined,
  counted: Readonly<Record<string, number>> | undefined,
  scenario: string,
  lang: Lang,
): string | undefined {
  if (!shares || !counted) return undefined;
  const total = PROBLEM_CODES.reduce((a, id) => a + (counted[id] ?? 0), 0);
  if (!total) return undefined;
  const assumed = assumedShares(shares);
  const codes: CodeCount[] = PROBLEM_CODES.filter((id) => assumed.get(id) || counted[id]).map((id) => ({
    code: id,
    assumed: assumed.get(id) ?? 0,
    found: counted[id] ?? 0,
  }));
  const z = normalQuantile(1 - 0.05 / codes.length / 2);
  const off = codes.filter((c) => {
    const w = wilson(c.found, total, z) as { low: number; high: number };
    return c.assumed < w.low || c.assumed > w.high;
  });
  if (!off.length) return undefined;
  const percent = (x: number) => formatMetric(x, "hitRate");
  const each = off.map((c) => {
    const w = wilson(c.found, total) as { low: number; high: number };
    const interval = `${percent(c.found / total)} [${percent(w.low)}–${percent(w.high)}]`;
    return tr(
      lang,
      `${c.code} ${percent(c.assumed)} assumed, ${interval} found`,
      `${c.code} 假设 ${percent(c.assumed)}，实际 ${interval}`,
    );
  });
  const found = PROBLEM_CODES.filter((id) => counted[id]);
  const matching = `{ ${matchingShares(found, (id) => counted[id], total)
    .map(([id, x]) => `${id}: ${x}`)
    .join(", ")} }`;
  return tr(
    lang,
    `note: the result codes the scenario assumes of findings (behaviour.findingResults) are not borne out by the ${total} findings of the district's past random inspections (${codes.length > 1 ? `the ${codes.length} codes tested together ` : ""}at 95%) for ${each.join("; ")}: findingResults ${matching} matches them (gradedraw calibrate writes it from the same files) (${scenario})`,
    `提示：情景假设的发现问题结果代码比例（behaviour.findingResults）与本辖区以往随机抽查发现问题的 ${total} 次检查不符（${codes.length > 1 ? `所计 ${codes.length} 个代码合并检验，` : ""}置信水平 95%）：${each.join("；")}；与之相符的是 findingResults ${matching}（gradedraw calibrate 可据同样的文件写出）（${scenario}）`,
  );
}
