import { InputError, type Problem } from "../problem.js";
import { BEYOND_ASCII, lostMessage, type Misread, misreadMessage, misreadText } from "./misread-text.js";
import type { RawRow, Say } from "./rows.js";

/** Rows whose text is checked: a file garbled is garbled from its first rows on. */
const ROWS = 100;
/** The character a program writes for bytes it could not read (�). */
const LOST = "\ufffd";

interface Found {
  readonly problem: Omit<Problem, "message">;
  readonly text: string;
  /** What the text says; undefined where it holds characters lost that nothing reads back (see lostMessage). */
  readonly misread?: Misread;
}

/**
 * The check of a file's first rows for text garbled by an encoding mistake (see misreadText), or
 * holding characters lost to one (see lostMessage): the file is refused at its first garbled text
 * once two are found, or at the end of the rows checked if every text beyond ASCII in them was
 * garbled (a file with one such text). One text alone among others read well is let be: one in
 * some million of rare characters reads as garbled by chance, and one name with a � may be the
 * source system's own.
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
      if (misread || value.includes(LOST))
        this.found.push({ problem: { ...place, col, column }, text: value, misread });
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
        message: first.misread
          ? misreadMessage(first.text, first.misread, this.t)
          : lostMessage(first.text, this.t),
      },
    ]);
  }
}

/**
 * The problem of a header garbled (see misreadText), or holding characters lost (see lostMessage),
 * at its first such cell: two of its cells, or every one beyond ASCII, so. Undefined for a header
 * that is not.
 */
export function misreadHeader(
  header: readonly string[],
  place: Omit<Problem, "message" | "col">,
  t: Say,
): Problem | undefined {
  const beyondAscii = header.filter((h) => BEYOND_ASCII.test(h));
  const found = header.flatMap((text, i) => {
    const misread = misreadText(text);
    return misread || text.includes(LOST) ? [{ text, misread, col: i + 1 }] : [];
  });
  if (!found.length || (found.length < 2 && found.length < beyondAscii.length)) return undefined;
  const [first] = found;
  return {
    ...place,
    col: first.col,
    message: first.misread
      ? misreadMessage(first.text, first.misread, t, { header: true, others: found.length - 1 })
      : t("the header: ", "表头：") + lostMessage(first.text, t),
  };
}
