import { InputError, type Problem } from "../problem.js";
import { BEYOND_ASCII, type Misread, misreadMessage, misreadText } from "./misread-text.js";
import type { RawRow, Say } from "./rows.js";

/** Rows whose text is checked: a file garbled is garbled from its first rows on. */
const ROWS = 100;

interface Found {
  readonly problem: Omit<Problem, "message">;
  readonly text: string;
  readonly misread: Misread;
}

/**
 * The check of a file's first rows for text garbled by an encoding mistake (see misreadText): the
 * file is refused at its first garbled text once two are found, or at the end of the rows checked
 * if every text beyond ASCII in them was garbled (a file with one such text). One text alone among
 * others read well is let be: one in some million of rare characters reads as garbled by chance.
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
   * the rows checked have been; throws when the file is garbled.
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
      const misread = misreadText(value);
      if (misread) this.found.push({ problem: { ...place, col, column }, text: value, misread });
    }
    if (this.found.length >= 2) this.refuse();
    if (this.rows === ROWS) this.end();
  }

  /** At the end of the rows: throws if every text beyond ASCII checked was garbled. */
  end(): void {
    if (this.found.length && this.found.length === this.texts) this.refuse();
  }

  private refuse(): never {
    const [first] = this.found;
    throw new InputError([
      {
        ...first.problem,
        message: misreadMessage(first.text, first.misread, this.t),
      },
    ]);
  }
}

/**
 * The problem of a header garbled (see misreadText), at its first garbled cell: two of its cells,
 * or every one beyond ASCII, garbled. Undefined for a header that is not.
 */
export function misreadHeader(
  header: readonly string[],
  place: Omit<Problem, "message" | "col">,
  t: Say,
): Problem | undefined {
  const beyondAscii = header.filter((h) => BEYOND_ASCII.test(h));
  const found = header.flatMap((text, i) => {
    const misread = misreadText(text);
    return misread ? [{ text, misread, col: i + 1 }] : [];
  });
  if (!found.length || (found.length < 2 && found.length < beyondAscii.length)) return undefined;
  const [first] = found;
  return {
    ...place,
    col: first.col,
    message: misreadMessage(first.text, first.misread, t, { header: true, others: found.length - 1 }),
  };
}
