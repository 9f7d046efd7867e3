/**
 * The elements of a JSON file's top-level array, found in its bytes a piece at a time, so that a
 * file of millions of records is never one string (V8 holds at most 2^29 − 24 characters in one)
 * nor one parsed array. Each element's text is handed on whole, for JSON.parse to read; the
 * array's own syntax around them (brackets, commas, white space) is checked here.
 */
import type { ByteSource } from "./utf8-bytes.js";

/** Bytes of a JSON file read at a time. */
export const PIECE = 1 << 16;

/** An element of the array: its text, the line it begins on, and its byte offset in the file. */
export interface ArrayElement {
  readonly text: string;
  readonly line: number;
  readonly at: number;
}

/**
 * The array's syntax broken at byte `at` of the file: `reason` in V8's words (JSON.parse's), to which
 * " at position N" is added when `positioned`; `notArray`, the file holds JSON that is no array.
 */
export class ArraySyntaxError extends Error {
  constructor(
    readonly at: number,
    readonly reason: string,
    readonly positioned: boolean,
    readonly notArray = false,
  ) {
    super(reason);
  }
}

/** An element longer than the scanner's most characters, refused (the `element`th, beginning on `line`). */
export class ElementTooLongError extends Error {
  constructor(
    readonly element: number,
    readonly line: number,
  ) {
    super(`element ${element} too long`);
  }
}

// Where the scanner is: before the array, after its `[`, after a comma, in an element, after one, after `]`.
const BEFORE = 0;
const FIRST = 1;
const NEXT = 2;
const ELEMENT = 3;
const AFTER = 4;
const DONE = 5;

const LF = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The bytes of a number, true, false or null (letters all, so that JSON.parse says what a wrong word is). */
const BARE = new Uint8Array(256);
for (const c of "0123456789+-.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
  BARE[c.charCodeAt(0)] = 1;

const isSpace = (c: number) => c === 0x20 || c === LF || c === 0x0d || c === 0x09;

/**
 * Splits a JSON file's bytes, fed in pieces of any size, into the elements of its top-level array.
 * Outside strings it looks at each byte; inside one it goes from quote to quote (UTF-8 never has
 * a quote byte inside a character), so a record is mostly passed over natively. An element still
 * open at the end of a piece is kept, with the state of the scan, and completed by the next.
 */
export class ArrayScanner {
  private state = BEFORE;
  /** The bytes from the start of the element being read, when a piece ended inside it. */
  private kept: Buffer | undefined;
  /** File offset of the first byte of the piece being scanned (or of `kept`). */
  private offset = 0;
  private line = 1;
  private elements = 0;
  // The element being read: its first byte in the piece, its line, its depth of brackets, whether
  // in a string, and whether a bare value (number, true, false, null), which ends at a delimiter.
  private start = 0;
  private startLine = 1;
  private depth = 0;
  private inString = false;
  private bare = false;
  /** What broke the array after the elements last handed on. */
  private broken: Error | undefined;

  /** `maxChars`: the most characters an element may have (UTF-16 units; each of at most 3 bytes). */
  constructor(private readonly maxChars: number) {}

  /**
   * The elements the next piece completes. Where the piece then breaks the array's syntax, they
   * are still handed on (JSON.parse may find an earlier error in one), and the break is thrown by
   * the next call.
   */
  feed(piece: Buffer): ArrayElement[] {
    if (this.broken) throw this.broken;
    const out: ArrayElement[] = [];
    try {
      this.scan(piece, out);
    } catch (e) {
      if (!out.length || !(e instanceof Error)) throw e;
      this.broken = e;
    }
    return out;
  }

  private scan(piece: Buffer, out: ArrayElement[]): void {
    let bytes = piece;
    let i = 0;
    if (this.kept) {
      i = this.kept.length;
      bytes = Buffer.concat([this.kept, piece]);
      this.kept = undefined;
      this.start = 0;
    }
    const n = bytes.length;
    while (i < n) {
      if (this.state === ELEMENT) {
        const end = this.scanElement(bytes, i);
        if (end < 0) break;
        out.push(this.element(bytes, end));
        i = end;
        continue;
      }
      const c = bytes[i];
      if (isSpace(c)) {
        if (c === LF) this.line++;
        i++;
        continue;
      }
      const at = this.offset + i;
      switch (this.state) {
        case BEFORE:
          if (c !== 0x5b) throw new ArraySyntaxError(at, "", false, true);
          this.state = FIRST;
          i++;
          continue;
        case AFTER:
          if (c === 0x2c) this.state = NEXT;
          else if (c === 0x5d) this.state = DONE;
          else throw new ArraySyntaxError(at, "Expected ',' or ']' after array element in JSON", true);
          i++;
          continue;
        case DONE:
          throw new ArraySyntaxError(at, "Unexpected non-whitespace character after JSON", true);
      }
      if (c === 0x5d) {
        if (this.state === NEXT) throw new ArraySyntaxError(at, "Unexpected token ']' in JSON", true);
        this.state = DONE;
        i++;
        continue;
      }
      this.begin(c, i);
      i++;
    }
    if (this.state === ELEMENT) {
      if (n - this.start > 3 * this.maxChars)
        throw new ElementTooLongError(this.elements + 1, this.startLine);
      this.kept = bytes.subarray(this.start);
      this.offset += this.start;
    } else this.offset += n;
  }

  /**
   * Ends the file: the text of an element it ends inside (for JSON.parse to say what is wrong
   * with it, or to read it, a bare value ending the file), or throws what else is missing.
   */
  end(): ArrayElement | undefined {
    if (this.broken) throw this.broken;
    if (this.state === ELEMENT && this.kept) {
      const kept = this.kept;
      this.kept = undefined;
      this.start = 0;
      const element = this.element(kept, kept.length);
      // What is missing after it is missing at the file's end, past its bytes.
      this.offset += kept.length;
      return element;
    }
    const at = this.offset;
    if (this.state === AFTER)
      throw new ArraySyntaxError(at, "Expected ',' or ']' after array element in JSON", true);
    if (this.state !== DONE) throw new ArraySyntaxError(at, "Unexpected end of JSON input", false);
    return undefined;
  }

  /** Begins an element at byte `i`, whose first byte is `c`. */
  private begin(c: number, i: number): void {
    this.state = ELEMENT;
    this.start = i;
    this.startLine = this.line;
    this.inString = c === QUOTE;
    this.bare = !this.inString && c !== 0x7b && c !== 0x5b;
    this.depth = this.inString || this.bare ? 0 : 1;
  }

  /** Scans the element from byte `i`: where it ends, or −1 where the piece ends first. */
  private scanElement(bytes: Buffer, i: number): number {
    const n = bytes.length;
    if (this.bare) {
      // A number, true, false or null: to the first byte none of them has.
      for (; i < n; i++) {
        if (!BARE[bytes[i]]) {
          return i;
        }
      }
      return -1;
    }
    while (i < n) {
      if (this.inString) {
        const q = bytes.indexOf(QUOTE, i);
        if (q < 0) return -1;
        // Escaped when an odd number of backslashes stand before it.
        let k = q - 1;
        while (bytes[k] === BACKSLASH) k--;
        i = q + 1;
        if ((q - 1 - k) % 2 === 1) continue;
        this.inString = false;
        if (this.depth === 0) {
          return i;
        }
        continue;
      }
      const c = bytes[i++];
      if (c === QUOTE) this.inString = true;
      else if (c === 0x7b || c === 0x5b) this.depth++;
      else if (c === 0x7d || c === 0x5d) {
        if (--this.depth === 0) {
          return i;
        }
      } else if (c === LF) this.line++;
    }
    return -1;
  }

  /** The element that ended before byte `end` (state AFTER). */
  private element(bytes: Buffer, end: number): ArrayElement {
    this.elements++;
    this.state = AFTER;
    const text = end - this.start > 3 * this.maxChars ? "" : bytes.toString("utf8", this.start, end);
    if (text.length > this.maxChars || end - this.start > 3 * this.maxChars)
      throw new ElementTooLongError(this.elements, this.startLine);
    return { text, line: this.startLine, at: this.offset + this.start };
  }
}

/** Whether the bytes begin with UTF-8's byte order mark. */
export const hasBom = (b: Buffer) => b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;

/**
 * The elements of a JSON file's top-level array (its UTF-8 bytes, with or without a byte order
 * mark, from `source`), a piece's at a time, and last an element the file ends inside (for
 * JSON.parse to say what is wrong with it); throws ArraySyntaxError or ElementTooLongError where
 * the array breaks. `piece`: bytes read at a time (at least 3, so that a byte order mark is whole
 * in the first).
 */
export async function* arrayElements(
  source: ByteSource,
  maxChars: number,
  piece = PIECE,
): AsyncGenerator<ArrayElement[]> {
  const scanner = new ArrayScanner(maxChars);
  let first = true;
  for await (const bytes of source(piece)) {
    yield scanner.feed(first && hasBom(bytes) ? bytes.subarray(3) : bytes);
    first = false;
  }
  const dangling = scanner.end();
  if (dangling) {
    yield [dangling];
    scanner.end();
  }
}

/** An element parsed by JSON.parse; its error as an ArraySyntaxError placed in the file (V8 places it in the element's text). */
export function parseElement(e: ArrayElement): unknown {
  try {
    return JSON.parse(e.text);
  } catch (x) {
    const said = (x as Error).message.split("\n")[0];
    const m = /^(.*?) at position (\d+)/.exec(said);
    if (!m) throw new ArraySyntaxError(e.at, said, false);
    throw new ArraySyntaxError(e.at + Buffer.byteLength(e.text.slice(0, Number(m[2]))), m[1], true);
  }
}
