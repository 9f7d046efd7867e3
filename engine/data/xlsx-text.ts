/**
 * The XML scanner the workbook readers share: tags, and text read where it lies (decoded from a
 * part's UTF-8 bytes when the XML is those bytes read as Latin-1), and Excel's `_xHHHH_` escapes.
 */
import { xmlText } from "./xlsx-parts.js";

/**
 * Where the text the last textAt, cellText or unreadText read ends (`end`: where the tag after
 * it begins), and whether cellText found an underscore in it (which may begin an `_xHHHH_`
 * escape): each returns the text, and says these here.
 */
export const scanned = { end: 0, underscore: false };

/**
 * Where the values of the `r`, `s` and `t` attributes of the last row or cell tag rstAttributes
 * read are (from, to; -1 where the tag has none), and whether it is `hidden` (a row hidden, or
 * filtered out).
 */
export const rst = { rFrom: -1, rTo: -1, sFrom: -1, sTo: -1, tFrom: -1, tTo: -1, hidden: false };

/** Text with Excel's `_xHHHH_` escapes decoded (`_x000D_` a carriage return, `_x005F_` an underscore). */
export function unescapeX(s: string): string {
  return s.includes("_x")
    ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    : s;
}

/** The kinds of markup `tagAt` finds. */
export const OPEN = 0;
export const EMPTY = 1;
export const CLOSE = 2;
export const OTHER = 3;

/** A tag: its kind, its name without a namespace prefix, and where it ends (after `>`). */
export interface Tag {
  kind: number;
  name: string;
  end: number;
}

/**
 * The markup at `lt` (a `<`): an element's opening, empty or closing tag, or else a comment,
 * processing instruction, CDATA section or declaration (OTHER). A `>` inside a quoted attribute
 * value does not end a tag.
 */
export function tagAt(xml: string, lt: number): Tag {
  const first = xml.charCodeAt(lt + 1);
  if (first === 0x21 || first === 0x3f) return { kind: OTHER, name: "", end: skipOther(xml, lt) };
  const close = first === 0x2f;
  let p = close ? lt + 2 : lt + 1;
  const start = p;
  let local = p;
  for (; p < xml.length; p++) {
    const c = xml.charCodeAt(p);
    if (c === 0x3e || c === 0x2f || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) break;
    if (c === 0x3a) local = p + 1;
  }
  if (p === start || p >= xml.length) throw new Error(`malformed XML at character ${lt}`);
  const name = xml.slice(local, p);
  const end = tagEnd(xml, p);
  const kind = close ? CLOSE : xml.charCodeAt(end - 2) === 0x2f ? EMPTY : OPEN;
  return { kind, name, end };
}

/** Where a tag whose attributes begin at `p` ends (after its `>`), quoted values skipped. */
export function tagEnd(xml: string, p: number): number {
  for (;;) {
    const c = xml.charCodeAt(p);
    if (c === 0x3e) return p + 1;
    if (c === 0x22 || c === 0x27) {
      const q = xml.indexOf(c === 0x22 ? '"' : "'", p + 1);
      if (q < 0) break;
      p = q + 1;
    } else if (Number.isNaN(c)) break;
    else p++;
  }
  throw new Error("malformed XML: a tag is not closed");
}

/** The reasons the XML readers give for malformed XML, in Chinese. */
const MALFORMED_ZH: Readonly<Record<string, string>> = {
  "a tag is not closed": "标签未闭合",
  "a comment or declaration is not closed": "注释或声明未闭合",
  "a CDATA section is not closed": "CDATA 段未闭合",
  "text does not end": "文本未结束",
  "a shared text does not end": "共享文本未结束",
  "an attribute has no value": "属性没有值",
  "an attribute's value is not quoted": "属性值未加引号",
  "an attribute's value does not end": "属性值未结束",
};

/**
 * A reason the XML readers give, with or without its `malformed XML` head, in Chinese; one of
 * another reader (the archive's) as it is.
 */
export function malformedZh(why: string): string {
  const m = /^(malformed XML)?:?\s*(?:at character (\d+)|(.*))$/.exec(why);
  const reason = m?.[2] !== undefined ? `第 ${m[2]} 个字符处` : MALFORMED_ZH[m?.[3] ?? ""];
  if (reason === undefined) return why;
  return m?.[1] ? `XML 格式错误：${reason}` : reason;
}

/** What closes the comment, CDATA section, processing instruction or declaration at `lt` of `xml`. */
export const otherClose = (xml: string, lt = 0): string =>
  xml.startsWith("<!--", lt)
    ? "-->"
    : xml.startsWith("<![CDATA[", lt)
      ? "]]>"
      : xml.startsWith("<?", lt)
        ? "?>"
        : ">";

/** Where a comment, processing instruction, CDATA section or declaration at `lt` ends. */
export function skipOther(xml: string, lt: number): number {
  const close = otherClose(xml, lt);
  const at = xml.indexOf(close, lt + 2);
  if (at < 0) throw new Error("malformed XML: a comment or declaration is not closed");
  return at + close.length;
}

/**
 * The text of an element whose content begins at `p`, up to its next tag: character and entity
 * references decoded, line ends as XML reads them (CRLF and CR as LF), CDATA sections and
 * comments within it read and skipped. `scanned.end` is then where the tag after it begins. Given
 * `bytes`, the XML is those UTF-8 bytes read as Latin-1 (one character a byte), and the text is
 * decoded from them.
 */
export function textAt(xml: string, p: number, bytes?: Buffer): string {
  let lt = xml.indexOf("<", p);
  if (lt < 0) throw new Error("text does not end");
  let text = rawText(xml, bytes, p, lt);
  // A CDATA section or a comment inside the text (no spreadsheet program writes one; XML allows it).
  if (xml.charCodeAt(lt + 1) === 0x21) {
    text = xmlText(text);
    while (xml.charCodeAt(lt + 1) === 0x21) {
      if (xml.startsWith("<![CDATA[", lt)) {
        const end = xml.indexOf("]]>", lt);
        if (end < 0) throw new Error("a CDATA section is not closed");
        text += rawText(xml, bytes, lt + 9, end);
      }
      const after = skipOther(xml, lt);
      lt = xml.indexOf("<", after);
      if (lt < 0) throw new Error("text does not end");
      text += xmlText(rawText(xml, bytes, after, lt));
    }
    scanned.end = lt;
    return text;
  }
  scanned.end = lt;
  return xmlText(text);
}

const NOT_ASCII = /[\u0080-\u00ff]/;

/** The characters from `from` to `to`, decoded from `bytes` if given, with line ends as XML reads them. */
function rawText(xml: string, bytes: Buffer | undefined, from: number, to: number): string {
  let text = xml.slice(from, to);
  if (bytes) text = NOT_ASCII.test(text) ? bytes.toString("utf8", from, to) : ownText(xml, bytes, from, to);
  return xmlLineEnds(text);
}

/** Text with its line ends as XML reads them: CRLF and CR as LF. */
export function xmlLineEnds(text: string): string {
  return text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
}

/**
 * ASCII text from `from` to `to` of a sheet's XML, as a string of its own: V8 makes a slice of 13
 * characters or more a view of the string it is cut from, and a cell's value kept in a record
 * would keep the whole piece of XML it was read from (for 1,000,000 rows, 998 MB at the peak
 * against 354 MB for the same rows from CSV).
 */
function ownText(xml: string, bytes: Buffer, from: number, to: number): string {
  return to - from < 13 ? xml.slice(from, to) : bytes.toString("latin1", from, to);
}

/**
 * textAt for a sheet's XML (`bytes` read as Latin-1): one pass over the text finds its end and
 * whether it has anything to decode (bytes above ASCII, references, CR, underscores).
 */
export function cellText(xml: string, p: number, bytes: Buffer): string {
  let q = p;
  let found = 0;
  for (const n = xml.length; q < n; q++) {
    const c = xml.charCodeAt(q);
    if (c === 0x3c) break;
    if (c >= 0x80) found |= 1;
    else if (c === 0x26) found |= 2;
    else if (c === 0x0d) found |= 4;
    else if (c === 0x5f) found |= 8;
  }
  if (q >= xml.length) throw new Error("text does not end");
  if (xml.charCodeAt(q + 1) === 0x21) {
    scanned.underscore = true;
    return textAt(xml, p, bytes);
  }
  scanned.end = q;
  scanned.underscore = (found & 8) !== 0;
  let text = found & 1 ? bytes.toString("utf8", p, q) : ownText(xml, bytes, p, q);
  if (found & 4) text = text.replace(/\r\n?/g, "\n");
  return found & 2 ? xmlText(text) : text;
}

/**
 * cellText for a column not read: where the text ends (`scanned.end`), and "" when it is empty or
 * else a text that is not (" "), without decoding it.
 */
export function unreadText(xml: string, p: number, bytes: Buffer): string {
  const q = xml.indexOf("<", p);
  if (q < 0) throw new Error("text does not end");
  // A CDATA section or comment within it (never written by spreadsheet programs) is read whole.
  if (xml.charCodeAt(q + 1) === 0x21) {
    const text = textAt(xml, p, bytes);
    scanned.underscore = false;
    return text === "" ? "" : " ";
  }
  scanned.end = q;
  scanned.underscore = false;
  return q > p ? " " : "";
}

/**
 * Finds the `r`, `s`, `t` and `hidden` attributes of a row or cell tag whose attributes begin at
 * `p`, and says where their values are (whether hidden) in `rst`; returns where the tag ends.
 */
export function rstAttributes(xml: string, p: number): number {
  rst.rFrom = rst.sFrom = rst.tFrom = -1;
  rst.hidden = false;
  for (;;) {
    let c = xml.charCodeAt(p);
    while (c <= 0x20) c = xml.charCodeAt(++p);
    if (c === 0x3e) return p + 1;
    if (c === 0x2f) {
      p++;
      continue;
    }
    const name = p;
    while (c !== 0x3d && c !== 0x3e && c > 0x20) c = xml.charCodeAt(++p);
    const nameLength = p - name;
    while (c <= 0x20) c = xml.charCodeAt(++p);
    if (c !== 0x3d) throw new Error("an attribute has no value");
    c = xml.charCodeAt(++p);
    while (c <= 0x20) c = xml.charCodeAt(++p);
    if (c !== 0x22 && c !== 0x27) throw new Error("an attribute's value is not quoted");
    const end = xml.indexOf(c === 0x22 ? '"' : "'", p + 1);
    if (end < 0) throw new Error("an attribute's value does not end");
    if (nameLength === 1) {
      const n = xml.charCodeAt(name);
      if (n === 0x72) {
        rst.rFrom = p + 1;
        rst.rTo = end;
      } else if (n === 0x73) {
        rst.sFrom = p + 1;
        rst.sTo = end;
      } else if (n === 0x74) {
        rst.tFrom = p + 1;
        rst.tTo = end;
      }
    } else if (nameLength === 6 && xml.startsWith("hidden", name)) {
      const v = xml.charCodeAt(p + 1);
      rst.hidden = v === 0x31 || v === 0x74;
    }
    p = end + 1;
  }
}
