/** A workbook's shared-string table (sharedStrings.xml), read item by item as cells ask. */
import { xmlText } from "./xlsx-parts.js";
import { CLOSE, EMPTY, OPEN, OTHER, scanned, tagAt, textAt, unescapeX, xmlLineEnds } from "./xlsx-text.js";

/**
 * A workbook's shared-string table, each item's text decoded when a cell first asks for it: of an
 * export's columns a reader may use three, and the table holds the text of all of them (for a
 * directory of 1,000,000 enterprises and 15 columns, 4.4 million items: 330 MB of heap when
 * decoded whole). Until then an item is where its text lies in the table's bytes. The text is
 * its runs joined, phonetic guides left out. An item as Excel writes most, `<si><t>…</t></si>`,
 * is its one text; any other is read by the general loop.
 */
export class SharedStrings {
  /** Items read: where each one's text (or, for another item, its `<si>` element) begins and ends. */
  private readonly from: Int32Array;
  private readonly to: Int32Array;
  /** Which items are not a plain `<si><t>`, and are read by the general loop. */
  private readonly general: Uint8Array;
  private readonly texts: (string | undefined)[];
  readonly count: number;

  /** `bytes`: the table's UTF-8 XML. */
  constructor(private readonly bytes: Buffer) {
    // Read as Latin-1 to find the items: one character a byte, the markup as it is.
    const xml = bytes.toString("latin1");
    // A table whose items are not all written <si> (a prefix, an empty <si/>), or with a CDATA
    // section (which could hold "</si>"), is read by the general loop throughout, at once.
    if (xml.length && (!xml.includes("<si>") || /<si[\s/]|<!\[CDATA\[/.test(xml))) {
      const text = bytes.toString("utf8");
      this.texts = stringItems(text, 0, text.length);
      this.count = this.texts.length;
      this.from = this.to = new Int32Array(0);
      this.general = new Uint8Array(0);
      return;
    }
    let from = new Int32Array(1024);
    let to = new Int32Array(1024);
    let general = new Uint8Array(1024);
    let n = 0;
    for (let p = xml.indexOf("<si>"); p >= 0; n++) {
      if (n === from.length) {
        from = grown(from);
        to = grown(to);
        general = grown(general);
      }
      let q = p + 4;
      if (xml.startsWith("<t>", q)) q += 3;
      else if (xml.startsWith(PRESERVED, q)) q += PRESERVED.length;
      else q = -1;
      const lt = q < 0 ? -1 : xml.indexOf("<", q);
      if (lt >= 0 && xml.startsWith("</t></si>", lt)) {
        from[n] = q;
        to[n] = lt;
        p = xml.indexOf("<si>", lt + 9);
        continue;
      }
      const end = xml.indexOf("</si>", p);
      if (end < 0) throw new Error("malformed XML: a shared text does not end");
      from[n] = p;
      to[n] = end + 5;
      general[n] = 1;
      p = xml.indexOf("<si>", end + 5);
    }
    this.from = from;
    this.to = to;
    this.general = general;
    this.count = n;
    this.texts = new Array(n);
  }

  /** The text of item `k`, or undefined when the table has no such item. */
  text(k: number): string | undefined {
    if (!(k >= 0 && k < this.count)) return undefined;
    let text = this.texts[k];
    if (text === undefined) {
      const piece = this.bytes.toString("utf8", this.from[k], this.to[k]);
      text = this.general[k]
        ? (stringItems(piece, 0, piece.length)[0] ?? "")
        : unescapeX(xmlText(xmlLineEnds(piece)));
      this.texts[k] = text;
    }
    return text;
  }

  /** Whether item `k` (one the table has) is empty text, without decoding a plain one. */
  isEmpty(k: number): boolean {
    return this.texts[k] === undefined && !this.general[k]
      ? this.to[k] === this.from[k]
      : this.text(k) === "";
  }
}

/** `a` in an array of its kind twice its length. */
function grown<A extends Int32Array<ArrayBuffer> | Uint8Array<ArrayBuffer>>(a: A): A {
  const b = new (a.constructor as new (length: number) => A)(a.length * 2);
  b.set(a);
  return b;
}

/** The shared-string table of a workbook, from its XML's UTF-8 bytes (see SharedStrings). */
export function sharedStrings(bytes: Buffer): SharedStrings {
  return new SharedStrings(bytes);
}

const PRESERVED = '<t xml:space="preserve">';

/** The shared-string items from `from` to `to` of a table, read tag by tag. */
export function stringItems(xml: string, from: number, to: number): string[] {
  const out: string[] = [];
  let text: string | undefined;
  let phonetic = false;
  let p = from;
  for (;;) {
    const lt = xml.indexOf("<", p);
    if (lt < 0 || lt >= to) break;
    const tag = tagAt(xml, lt);
    p = tag.end;
    if (tag.kind === OTHER) continue;
    const name = tag.name;
    if (tag.kind === CLOSE) {
      if (name === "si") {
        out.push(text ?? "");
        text = undefined;
      } else if (name === "rPh") phonetic = false;
    } else if (name === "si") {
      text = "";
      if (tag.kind === EMPTY) {
        out.push("");
        text = undefined;
      }
    } else if (name === "rPh") phonetic = tag.kind === OPEN;
    else if (name === "t" && tag.kind === OPEN) {
      const read = textAt(xml, p);
      p = scanned.end;
      if (text !== undefined && !phonetic) text += read;
    }
  }
  return out.map(unescapeX);
}
