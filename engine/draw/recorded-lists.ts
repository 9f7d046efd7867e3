/** The recorded inputs of a draw read back a record at a time (see jsonLines), whatever their layout. */
import { ArraySyntaxError, arrayElements, parseElement, syntaxPlace } from "../data/json-array.js";

/** Where a recorded list is not a JSON array, in JSON.parse's words where it is not JSON. */
export interface ListBroken {
  readonly line: number;
  readonly col: number;
  /** JSON.parse's reason; undefined where the file is JSON but not an array. */
  readonly reason?: string;
}

/**
 * The records of a recorded list, a JSON array of any layout (the draw writes one record a line;
 * another program may rewrite it), read a record at a time: the text of a directory of 2.5
 * million enterprises is longer than a string can be. Where the file is not such an array, where.
 */
export async function recordedList(file: string): Promise<unknown[] | ListBroken> {
  const records: unknown[] = [];
  try {
    for await (const elements of arrayElements(file, Number.POSITIVE_INFINITY))
      for (const e of elements) records.push(parseElement(e));
  } catch (e) {
    if (!(e instanceof ArraySyntaxError)) throw e;
    const { line, col, reason } = await syntaxPlace(file, e);
    return e.notArray ? { line, col } : { line, col, reason };
  }
  return records;
}
