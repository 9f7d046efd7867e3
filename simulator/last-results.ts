/**
 * The result of a slot's latest inspection, which rules read as `lastResult`, kept as a byte per
 * slot. The district's past inspections bring their codes; a simulated inspection that found none
 * is 未发现问题 (`none`), and one that found a problem is recorded with a code of the class
 * `problem` drawn in the shares of the scenario's `behaviour.findingResults`. Without them a
 * finding has no code of its own (FOUND): a rule may then read `lastResult` only where every
 * problem code gives its conditions the same outcome (see undecidedOutcomes), and the fact a rule
 * reads of such a slot is any one of them.
 */
import { findResultCode, RESULT_CODES } from "../engine/data/result-codes.js";
import { operatorFn } from "../engine/policy/operators.js";
import type { FactCondition } from "../engine/policy/types.js";

/** No inspection remembered (or the latest one planned and not yet made): `lastResult` is null. */
export const NO_RESULT = 0;

/** A simulated inspection that found nothing: 未发现问题, as its code `none`. */
export const CLEAN = 1 + RESULT_CODES.findIndex((c) => c.id === "none");

/** A simulated inspection that found a problem, with no code of its own (see the top of this file). */
export const FOUND = 1 + RESULT_CODES.length;

/** How many values a slot's byte may take: none, each code, and FOUND. */
export const RESULT_STATES = FOUND + 1;

/** The codes of the class `problem`, any of which a simulated finding may be. */
export const PROBLEM_CODES: readonly string[] = RESULT_CODES.filter((c) => c.class === "problem").map(
  (c) => c.id,
);

/** The code rules read for a simulated finding: any problem code would do where they read them alike. */
const FOUND_READ_AS = "rectified";

/** `lastResult` as rules read it of a slot whose byte is `state`. */
export function resultOfState(state: number): string | null {
  if (state === NO_RESULT) return null;
  if (state === FOUND) return FOUND_READ_AS;
  return RESULT_CODES[state - 1].id;
}

/** The byte of a past inspection's first code (what `lastResult` reads; none for a visit planned and not made). */
export function stateOfResult(code: string | undefined): number {
  if (code === undefined) return NO_RESULT;
  const k = RESULT_CODES.findIndex((c) => c.id === code);
  if (k < 0) throw new Error(`a past inspection's result ${code} is not a result code`);
  return 1 + k;
}

/**
 * Whether a condition on `lastResult` has the same outcome for every problem code, so that a
 * simulated finding, which has none of its own, decides it: `lastResult notEqual none`,
 * `lastResult in [rectified, pending, …every problem code]`. The outcomes by code where not,
 * for the message: `lastResult equal rectified` holds for one problem code and fails for the others.
 */
export function undecidedOutcomes(c: FactCondition): { holds: string[]; fails: string[] } | undefined {
  const fn = operatorFn(c.operator);
  if (!fn) return undefined;
  const holds: string[] = [];
  const fails: string[] = [];
  for (const code of PROBLEM_CODES) {
    let outcome: boolean;
    try {
      outcome = fn(code, c.value);
    } catch {
      // An operator that throws on a text throws on every code alike.
      outcome = false;
    }
    (outcome ? holds : fails).push(code);
  }
  return holds.length && fails.length ? { holds, fails } : undefined;
}

/** The byte of a code of the class `problem`, by its place in {@link PROBLEM_CODES}. */
const PROBLEM_STATES = PROBLEM_CODES.map((id) => stateOfResult(id));

/**
 * Fills how a simulated finding gets its code, which both period passes read: `byte[k]` for a
 * finding whose detection number (uniform below `detection`, as it found) is at or above `at[j]`
 * for exactly k of j = 0…4. With shares, `at[j]` is detection × the share of the first j + 1
 * problem codes, so each code is drawn in its share with the number that decided the finding,
 * independent of whether and of what else; without, no `at` is reached and every finding is
 * FOUND. A code past the last with a share is never reached, whatever a sum's rounding.
 */
export function findingCodesInto(
  at: Float64Array,
  byte: Uint8Array,
  shares: Readonly<Record<string, number>> | undefined,
  detection: number,
): void {
  at.fill(Number.POSITIVE_INFINITY);
  byte.fill(FOUND);
  if (!shares) return;
  const byId = sharesById(shares);
  const share = Float64Array.from(PROBLEM_CODES, (id) => byId.get(id) ?? 0);
  let last = share.length - 1;
  while (last > 0 && share[last] === 0) last--;
  let sum = 0;
  for (let k = 0; k < PROBLEM_CODES.length; k++) {
    byte[k] = PROBLEM_STATES[k];
    sum += share[k];
    if (k < at.length && k < last) at[k] = detection * sum;
  }
}

/** A scenario's findingResults by code id, its codes written in Chinese or English too (the scenario's check has refused any other). */
export function sharesById(shares: Readonly<Record<string, number>>): Map<string, number> {
  const byId = new Map<string, number>();
  for (const [key, value] of Object.entries(shares)) {
    const id = findResultCode(key)?.id;
    if (id) byId.set(id, (byId.get(id) ?? 0) + value);
  }
  return byId;
}
