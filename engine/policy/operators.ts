/**
 * json-rules-engine 7's operators and decorators, reproduced as plain functions with the same
 * semantics (including the fact-type validators that make a comparison with a missing number
 * false). Used by coverage analysis and by any evaluator that must agree with json-rules-engine.
 */

/** An operator: the comparison, guarded by a validator of the fact value. */
export type OperatorFn = (factValue: unknown, jsonValue: unknown) => boolean;

const isNumberLike = (v: unknown) => Number.parseFloat(v as string).toString() !== "NaN";
// biome-ignore lint/suspicious/noExplicitAny: json-rules-engine compares untyped values with plain JavaScript semantics
type Any = any;

const guarded =
  (cb: (a: Any, b: Any) => boolean, validator?: (v: unknown) => boolean): OperatorFn =>
  (a, b) =>
    (validator ? validator(a) : true) && cb(a, b);

/** The base operators, by name. */
export const BASE_OPERATORS: Readonly<Record<string, OperatorFn>> = {
  equal: guarded((a, b) => a === b),
  notEqual: guarded((a, b) => a !== b),
  in: guarded((a, b) => b.indexOf(a) > -1),
  notIn: guarded((a, b) => b.indexOf(a) === -1),
  contains: guarded((a, b) => a.indexOf(b) > -1, Array.isArray),
  doesNotContain: guarded((a, b) => a.indexOf(b) === -1, Array.isArray),
  lessThan: guarded((a, b) => a < b, isNumberLike),
  lessThanInclusive: guarded((a, b) => a <= b, isNumberLike),
  greaterThan: guarded((a, b) => a > b, isNumberLike),
  greaterThanInclusive: guarded((a, b) => a >= b, isNumberLike),
};

type Decorator = (next: OperatorFn) => OperatorFn;

/** The operator decorators, by name. */
export const DECORATORS: Readonly<Record<string, Decorator>> = {
  someFact: (next) => guarded((a, b) => a.some((x: unknown) => next(x, b)), Array.isArray),
  someValue: (next) => guarded((a, b) => b.some((y: unknown) => next(a, y))),
  everyFact: (next) => guarded((a, b) => a.every((x: unknown) => next(x, b)), Array.isArray),
  everyValue: (next) => guarded((a, b) => b.every((y: unknown) => next(a, y))),
  swap: (next) => guarded((a, b) => next(b, a)),
  not: (next) => guarded((a, b) => !next(a, b)),
};

/** The function for `decorator:...:operator`, or undefined when any part is unknown. */
export function operatorFn(name: string): OperatorFn | undefined {
  const parts = name.split(":");
  let fn: OperatorFn | undefined = BASE_OPERATORS[parts.pop() ?? ""];
  for (let i = parts.length - 1; fn !== undefined && i >= 0; i--) {
    const d = DECORATORS[parts[i]];
    fn = d ? d(fn) : undefined;
  }
  return fn;
}
