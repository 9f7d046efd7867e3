import { InputError, type Problem } from "../problem.js";
import {
  BEYOND_ASCII,
  DAMAGED_TEXTS,
  damageMessage,
  damageOf,
  isDamaged,
  type Misread,
} from "./misread-text.js";
import type { RawRow, Say } from "./rows.js";

/** Rows whose text is checked: a file garbled is garbled from its first rows on. */
const ROWS = 100;

interface Found {
  readonly problem: Omit<Problem, "message">;
  readonly text: string;
  readonly damage: { misread?: Misread };
}

/**
 * The check of a file's first rows for text damaged by an encoding mistake (see damageOf): the
 * file is refused at its first damaged text once there are enough to tell (see isDamaged): two,
 * at once, or at the end of the rows checked every text beyond ASCII in them.
 */
export class MisreadRows {
  private rows = 0;
  /** Texts beyond ASCII checked. */
  private texts = 0;
  private readonly found: Found[] = [];

  constructor(
    private readonly file: string,
    private readonly t: Say,
  ) {}

  /**
   * Checks the texts of a row (`header`: the names of its values by position), while fewer than
   * the rows checked have been; throws when the file is damaged.
   */
  check(raw: RawRow, header: readonly string[], sheet: string | undefined): void {
    if (this.rows >= ROWS) return;
    this.rows++;
    const place = {
      file: this.file,
      line: raw.line ?? raw.row,
      ...(raw.line === undefined ? {} : { record: raw.row }),
      ...(sheet === undefined ? {} : { sheet }),
    };
    const cells: [string, unknown, number][] = raw.values
      ? raw.values.map((v, i) => [header[i] ?? "", v, i + 1])
      : Object.entries(raw.cells ?? {}).map(([k, v]) => [k, v, 0]);
    for (const [column, value, col] of cells) {
      if (typeof value !== "string" || !BEYOND_ASCII.test(value)) continue;
      this.texts++;
      const damage = damageOf(value);
      if (damage) this.found.push({ problem: { ...place, col, column }, text: value, damage });
    }
    // Enough already: the rest of the rows cannot make them fewer.
    if (this.found.length >= DAMAGED_TEXTS) this.refuse();
    if (this.rows === ROWS) this.end();
  }

  /** At the end of the rows: throws if the texts checked tell the file damaged. */
  end(): void {
    if (isDamaged(this.found.length, this.texts)) this.refuse();
  }

  private refuse(): never {
    const [first] = this.found;
    throw new InputError([{ ...first.problem, message: damageMessage(first.text, first.damage, this.t) }]);
  }
}

/**
 * The problem of a header damaged by an encoding mistake (see damageOf, isDamaged), at its first
 * damaged cell. Undefined for a header that is not.
 */
export function misreadHeader(
  header: readonly string[],
  place: Omit<Problem, "message" | "col">,
  t: Say,
): Problem | undefined {
  const found = header.flatMap((text, i) => {
    const damage = damageOf(text);
    return damage ? [{ text, damage, col: i + 1 }] : [];
  });
  if (!isDamaged(found.length, header.filter((h) => BEYOND_ASCII.test(h)).length)) return undefined;
  const [first] = found;
  return {
    ...place,
    col: first.col,
    message: damageMessage(first.text, first.damage, t, { header: true, others: found.length - 1 }),
  };
}
