import type { InputError, Problem } from "../../engine/problem.js";

/** The first problem a refused read reports; undefined where the read succeeds. */
export function firstProblem(read: Promise<unknown>): Promise<Problem | undefined> {
  return read.then(
    () => undefined,
    (e: InputError) => e.problems[0],
  );
}
