/**
 * The draw algorithm's versions: the one this version of gradedraw records in a manifest, and
 * those whose draws it can still derive (and so verify).
 */

import type { Lang } from "../lang.js";

/** Version of the selection algorithm, recorded in every manifest; any change to how a draw is derived bumps it. */
export const ALGORITHM =
  "gradedraw-draw/3 (SHA-256 consistent sampling, Rivest; strata per treatment; teams by uscc|inspector tickets; an inspector recorded as unlicensed is not drawn; tasks.xlsx gives each visit's address where the enterprise file has one)";

/**
 * The algorithms this version derives draws of, exactly: /2 added only `unlicensed` to the
 * recorded inspectors, which no draw of /1 has, so a draw of /1 is derived by the same code; /3
 * only the address column of tasks.xlsx, which came late in /2: a draw of /2 has it or not, and
 * one of /1 has none (see {@link listsAddresses}).
 */
export const DERIVABLE_ALGORITHMS: readonly string[] = [
  ALGORITHM,
  "gradedraw-draw/2 (SHA-256 consistent sampling, Rivest; strata per treatment; teams by uscc|inspector tickets; an inspector recorded as unlicensed is not drawn)",
  "gradedraw-draw/1 (SHA-256 consistent sampling, Rivest; strata per treatment; teams by uscc|inspector tickets)",
];
/** Algorithm /1, the first: known by its number, not by its place in the list above. */
const FIRST_ALGORITHM = DERIVABLE_ALGORITHMS.find((a) => a.startsWith("gradedraw-draw/1 "));

/**
 * Whether a draw of `algorithm` lists each visit's address in tasks.xlsx where the enterprise file
 * has an address column: always from /3, never in /1, and in /2 as its tasks.xlsx shows (undefined).
 */
export function listsAddresses(algorithm: string): boolean | undefined {
  return algorithm === ALGORITHM ? true : algorithm === FIRST_ALGORITHM ? false : undefined;
}

/** The Chinese for each part of the algorithms' descriptions, as a report in Chinese says them. */
const ALGORITHM_ZH: Readonly<Record<string, string>> = {
  "SHA-256 consistent sampling, Rivest": "SHA-256 一致性抽样（Rivest）",
  "strata per treatment": "按处理方式分层",
  "teams by uscc|inspector tickets": "检查组按“统一社会信用代码|执法人员编号”的抽签号排序选取",
  "an inspector recorded as unlicensed is not drawn": "登记为无执法证的执法人员不参与抽取",
  "tasks.xlsx gives each visit's address where the enterprise file has one":
    "企业名录有地址时，tasks.xlsx 列出每次检查的地址",
};

/**
 * A manifest's algorithm as a report says it: as recorded in English; in Chinese, its name with its
 * parts in Chinese, where this version knows every part (an unknown one is shown as recorded).
 */
export function algorithmText(algorithm: string, lang: Lang): string {
  const m = /^(\S+) \((.*)\)$/.exec(algorithm);
  if (lang !== "zh" || !m) return algorithm;
  const parts = m[2].split("; ").map((p) => ALGORITHM_ZH[p]);
  return parts.every((p) => p !== undefined) ? `${m[1]}（${parts.join("；")}）` : algorithm;
}
