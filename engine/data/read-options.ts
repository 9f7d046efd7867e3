import type { Lang } from "../lang.js";
import type { FactDeclaration } from "../policy/types.js";
import type { SourceOptions } from "./rows.js";

/** Options of every reader. */
export interface ReadOptions extends SourceOptions {
  readonly lang?: Lang;
  /**
   * The facts a policy declares (`facts:`): an enterprise file with a header must have a column
   * of each, and a value must be of its fact's type.
   */
  readonly facts?: Readonly<Record<string, FactDeclaration>>;
  /** Most bad rows listed one by one; the rest are counted. Default 100. */
  readonly maxProblems?: number;
  /**
   * Enterprises read to be drawn from (a draw, classify, the simulator): those that name no
   * supervising department, which no task's pool holds, are said in a notice.
   */
  readonly pooled?: boolean;
  /**
   * Keep, of an enterprise file's other columns, only those the commands read: the declared facts
   * and the address columns (default: every one). A draw's recorded inputs then carry no column
   * it does not use, such as a legal representative's name or a telephone number, and a wide
   * directory export costs no memory for its unused columns.
   */
  readonly onlyUsedColumns?: boolean;
  /** Told the number of data rows read so far, as they are read (for a terminal's status line). */
  readonly onRows?: (rows: number) => void;
}

/** Records read from a file, with notices (not errors) such as normalised codes. */
export interface ReadResult<T> {
  readonly records: T[];
  readonly notices: string[];
}
