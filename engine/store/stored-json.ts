/**
 * The ledger's JSON columns read back: a value that is not what gradedraw writes there (the
 * database edited outside gradedraw, or damaged) is said with its table, row and column, rather
 * than read into an internal error. The command then fails naming the ledger (see storageProblem).
 */

/**
 * Where a value of the ledger is: its table, its row (by its number, or what it is of: a code, a
 * code and a date, a draw `#3`), where one is known, and its column.
 */
export interface StoredAt {
  readonly table: string;
  readonly row?: string | number;
  readonly column: string;
}

/** Where a value of the ledger is, in words. */
export function storedPlace(at: StoredAt): { en: string; zh: string } {
  const row =
    at.row === undefined
      ? { en: "", zh: "" }
      : typeof at.row === "number"
        ? { en: `, row ${at.row}`, zh: `，第 ${at.row} 行` }
        : { en: `, a row of ${at.row}`, zh: `，${at.row} 的一行` };
  return {
    en: `table ${at.table}${row.en}, column ${at.column}`,
    zh: `表 ${at.table}${row.zh}，${at.column} 列`,
  };
}

/** A value of the ledger that is not what gradedraw writes: where it is, and what it should be. */
export class LedgerDamaged extends Error {
  constructor(
    readonly at: StoredAt,
    readonly what: { readonly en: string; readonly zh: string },
  ) {
    super(`the ledger's ${storedPlace(at).en} is not ${what.en}`);
  }
}

/** What a stored value must be: a test, and its name in English and Chinese. */
export interface StoredShape<T> {
  readonly is: (v: unknown) => v is T;
  readonly en: string;
  readonly zh: string;
}

/** A list of strings, as departments, result codes and inspectors are stored. */
export const TEXT_LIST: StoredShape<string[]> = {
  is: (v): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string"),
  en: "a list of strings as JSON",
  zh: "JSON 字符串列表",
};

/** A JSON object, as an entry's body is stored. */
export const OBJECT: StoredShape<Record<string, unknown>> = {
  is: (v): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v),
  en: "a JSON object",
  zh: "JSON 对象",
};

/** The JSON `text` stored at `at`, of the shape given; LedgerDamaged where it is not. */
export function storedJson<T>(text: unknown, shape: StoredShape<T>, at: StoredAt): T {
  let v: unknown;
  try {
    v = typeof text === "string" ? JSON.parse(text) : undefined;
  } catch {
    v = undefined;
  }
  if (!shape.is(v)) throw new LedgerDamaged(at, shape);
  return v;
}

/**
 * A stored value parsed as JSON, or as it is where it is not JSON: for a check that compares it
 * with what it should be (by hash), and so says an edit of it as a difference.
 */
export function jsonOrText(text: unknown): unknown {
  try {
    return typeof text === "string" ? JSON.parse(text) : text;
  } catch {
    return text;
  }
}
