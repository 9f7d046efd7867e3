import { InputError, type Problem } from "../../engine/problem.js";

/** The first problem a refused read reports; undefined where the read succeeds. */
export function firstProblem(read: Promise<unknown>): Promise<Problem | undefined> {
  return read.then(
    () => undefined,
    (e: InputError) => e.problems[0],
  );
}

/** The problems a refused read reports, each as `line:col [column]: message`; none where it succeeds. */
export async function problemsOf(p: Promise<unknown>): Promise<string[]> {
  try {
    await p;
  } catch (e) {
    if (e instanceof InputError)
      return e.problems.map((x) => `${x.line}:${x.col}${x.column ? ` [${x.column}]` : ""}: ${x.message}`);
    throw e;
  }
  return [];
}
