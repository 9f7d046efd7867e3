/**
 * The draw algorithm's versions: the one this version of gradedraw records in a manifest, and
 * those whose draws it can still derive (and so verify).
 */

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
