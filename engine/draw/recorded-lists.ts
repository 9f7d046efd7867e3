/** The recorded inputs of a draw read back a record at a time (see jsonLines), whatever their layout. */
import { MAX_RECORD_CHARS } from "../data/csv-records.js";
import {
  ArraySyntaxError,
  arrayElements,
  ElementTooLongError,
  parseElement,
  syntaxPlace,
} from "../data/json-array.js";
import { fileBytes } from "../data/utf8-bytes.js";

/**
 * Where a recorded list is not a JSON array of records: JSON.parse's reason where it is not JSON,
 * none where it is JSON but no array, or the record longer than a record can be.
 */
export interface ListBroken {
  readonly line: number;
  readonly col: number;
  readonly reason?: string;
  readonly tooLong?: number;
}

/**
 * The records of a recorded list, a JSON array of any layout (the draw writes one record a line;
 * another program may rewrite it), read a record at a time: the text of a directory of 2.5
 * million enterprises is longer than a string can be. Where the file is not such an array, where.
 */
export async function recordedList(file: string): Promise<unknown[] | ListBroken> {
  const records: unknown[] = [];
  try {
    for await (const elements of arrayElements(fileBytes(file), MAX_RECORD_CHARS))
      for (const e of elements) records.push(parseElement(e));
  } catch (e) {
    if (e instanceof ElementTooLongError) return { line: e.line, col: 1, tooLong: e.element };
    if (!(e instanceof ArraySyntaxError)) throw e;
    const { line, col, reason } = await syntaxPlace(fileBytes(file), e);
    return e.notArray ? { line, col } : { line, col, reason };
  }
  return records;
}
