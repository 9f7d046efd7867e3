/**
 * Errors as values: every problem the product finds in an input carries the place it was found,
 * so that all problems of a file can be collected, sorted and reported together.
 */

/** A problem found in an input file, with a 1-based line and column (0 when unknown). */
export interface Problem {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly message: string;
  /** The sheet of a workbook the line is a row of. */
  readonly sheet?: string;
  /** The record of a JSON array, which begins on the line (a file on one line holds them all). */
  readonly record?: number;
  /** The column name of a tabular file, when the problem is about one cell. */
  readonly column?: string;
  /** That column's header as the file writes it, where it is not the column name (信用等级 for grade). */
  readonly header?: string;
  /** How many problems of the file are not listed (the file's, at line 0): said after its others. */
  readonly more?: number;
}

/** Formats a problem as `file:line:col: message`, the form editors and CI logs link to. */
export function formatProblem(p: Problem): string {
  const where = p.column ? ` [${p.column}]` : "";
  return `${p.file}:${p.line}:${p.col}: ${p.message}${where}`;
}

/**
 * Sorts problems by file, then line, then record (of a JSON array), then column, keeping the order
 * of equal places; a count of a file's problems not listed comes after its others.
 */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      Number(a.more !== undefined) - Number(b.more !== undefined) ||
      a.line - b.line ||
      (a.record ?? 0) - (b.record ?? 0) ||
      a.col - b.col,
  );
}

/** Thrown where a command must stop because its inputs are wrong; carries every problem found. */
export class InputError extends Error {
  readonly problems: readonly Problem[];
  constructor(problems: readonly Problem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "InputError";
    this.problems = sortProblems(problems);
  }
}
