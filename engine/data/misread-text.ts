/**
 * Text garbled by an encoding mistake (乱码) before gradedraw read it: a UTF-8 file opened as GBK
 * and saved again, as Excel on a Chinese Windows does with a UTF-8 CSV opened by double-click
 * (统一社会信用代码 becomes 缁熶竴绀句細淇＄敤浠ｇ爜), or opened as Windows-1252, as an office
 * program set to a Western language does (是 becomes æ˜¯). Where a run of Chinese is an odd number
 * of bytes, GBK pairs its last byte with the comma after it, cannot read the pair, and writes `?`:
 * that character is lost.
 */
import { isUtf8 } from "node:buffer";
import iconv from "iconv-lite";
import { isChinese } from "../chinese-utf8.js";
import type { Say } from "./rows.js";

/** How a text was misread, and what it says read as the UTF-8 it was (`?` where a character was lost). */
export interface Misread {
  readonly as: "GBK" | "Windows-1252";
  readonly meant: string;
  /** Characters lost (cut short before a `?`). */
  readonly lost: number;
}

/** Matches a character beyond ASCII. */
export const BEYOND_ASCII = /[\u0080-\uffff]/;

/** The character a program writes for bytes it could not read (�). */
const REPLACEMENT = "\ufffd";
/** A character a misreading writes where it could not read a byte. */
const LOST = new Set(["?", REPLACEMENT]);
const QUESTION = 0x3f;

/**
 * What `text` says if it is UTF-8 Chinese misread as GBK or Windows-1252, or undefined: its
 * characters, written back in that encoding, must give UTF-8 bytes that read as Chinese alone
 * (ideographs, CJK punctuation, full-width forms), but for characters cut short before a `?`; of
 * GBK, two characters at least, more of them common than of the text itself. Real Chinese text
 * written in GBK seldom does (see isChineseUtf8): GBK's bytes seldom make well-formed UTF-8, let
 * alone Chinese; a reader of files asks for two such texts (see MisreadRows).
 */
export function misreadText(text: string): Misread | undefined {
  // Plain ASCII, or text with nothing a misreading makes: not worth encoding.
  if (!BEYOND_ASCII.test(text)) return undefined;
  for (const as of ["GBK", "Windows-1252"] as const) {
    const bytes = as === "GBK" ? gbkBytes(text) : westernBytes(text);
    const read = bytes && chineseWithCuts(bytes);
    // One Chinese character of GBK's bytes alone may be chance (涓€ is 一); one cut short beside it
    // is not. Text read as GBK that is none is mostly of GB 2312's rarer characters (缁熶竴 for 统一):
    // what it says must be of its common ones more than the text itself is.
    if (
      read &&
      (as === "Windows-1252" ||
        (read.chinese + read.lost >= 2 && commonShare(read.meant) > commonShare(text)))
    )
      return { as, meant: read.meant, lost: read.lost };
  }
  return undefined;
}

/**
 * A text damaged by an encoding mistake: garbled (`misread`: what it says, see misreadText), or
 * holding characters lost that nothing reads back (U+FFFD, see lostMessage). Undefined for a text
 * that is not.
 */
export function damageOf(text: string): { misread?: Misread } | undefined {
  const misread = misreadText(text);
  return misread ? { misread } : text.includes(REPLACEMENT) ? {} : undefined;
}

/**
 * Whether `damaged` of a file's `texts` beyond ASCII tell the file was damaged so: two of them, or
 * every one. One alone among others read well is let be: one in some million texts of rare
 * characters reads as garbled by chance, and one name with a � may be the source system's own.
 */
export function isDamaged(damaged: number, texts: number): boolean {
  return damaged >= DAMAGED_TEXTS || (damaged >= 1 && damaged === texts);
}

/** Damaged texts that tell a file damaged whatever else it holds (see isDamaged). */
export const DAMAGED_TEXTS = 2;

/** The message for a text damageOf found damaged (see misreadMessage, lostMessage). */
export function damageMessage(
  text: string,
  damage: { misread?: Misread },
  t: Say,
  where: { header?: boolean; others?: number; kind?: GarbledKind } = {},
): string {
  if (damage.misread) return misreadMessage(text, damage.misread, t, where);
  return (where.header ? t("the header: ", "表头：") : "") + lostMessage(text, t, where.kind);
}

/** The GBK bytes of `text`, a lost character's mark as `?`; undefined if a character is not GBK's. */
function gbkBytes(text: string): Uint8Array | undefined {
  const parts: Uint8Array[] = [];
  let run = "";
  const flush = (): boolean => {
    if (!run) return true;
    const b = iconv.encode(run, "gbk");
    if (iconv.decode(b, "gbk") !== run) return false;
    parts.push(b);
    run = "";
    return true;
  };
  for (const ch of text) {
    if (!LOST.has(ch)) {
      run += ch;
      continue;
    }
    if (!flush()) return undefined;
    parts.push(Uint8Array.of(QUESTION));
  }
  return flush() ? Buffer.concat(parts) : undefined;
}

/** The share of the Chinese characters of `text` that are GB 2312's level 1, its 3,755 most used (0 for none). */
function commonShare(text: string): number {
  let chinese = 0;
  let common = 0;
  for (const ch of text) {
    if (!isChinese(ch.codePointAt(0) as number)) continue;
    chinese++;
    const b = iconv.encode(ch, "gbk");
    if (b.length === 2 && b[0] >= 0xb0 && b[0] <= 0xd7 && b[1] >= 0xa1) common++;
  }
  return chinese ? common / chinese : 0;
}

/** Windows-1252's characters beyond Latin-1, by the byte (0x80–0x9F) each is. */
const CP1252 = "€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ";

/** The Windows-1252 bytes of `text` (Latin-1's C1 controls as themselves); undefined if a character is neither's. */
function westernBytes(text: string): Uint8Array | undefined {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    if (c === 0xfffd) out.push(QUESTION);
    else if (c < 0x100) out.push(c);
    else {
      const at = CP1252.indexOf(ch);
      if (at < 0) return undefined;
      out.push(0x80 + at);
    }
  }
  return Uint8Array.from(out);
}

/**
 * The text of `b` if its bytes beyond ASCII are UTF-8 Chinese (three-byte characters), but for
 * characters with a byte lost, `?` in its place, with at least one Chinese character; else
 * undefined. GBK loses a character's last byte (the `?` follows what is left of it); Windows-1252
 * may lose one in the middle (a byte it has no character for). A whole line of a file may hold
 * `other` characters of UTF-8 too (the middle dot of a name such as 阿依古丽·买买提).
 */
export function chineseWithCuts(
  b: Uint8Array,
  other = false,
): (Omit<Misread, "as"> & { chinese: number }) | undefined {
  let meant = "";
  let chinese = 0;
  let lost = 0;
  for (let i = 0; i < b.length; ) {
    const x = b[i];
    if (x < 0x80) {
      meant += String.fromCharCode(x);
      i++;
      continue;
    }
    const n = other ? sequenceOf(b, i) : 0;
    if (n === 2 || n === 4) {
      meant += Buffer.from(b.buffer, b.byteOffset + i, n).toString("utf8");
      i += n;
      continue;
    }
    if (x < 0xe0 || x > 0xef || i + 2 >= b.length) return undefined;
    const y = b[i + 1];
    const z = b[i + 2];
    if (!isContinuationOrLost(y) || !isContinuationOrLost(z)) return undefined;
    if (y === QUESTION || z === QUESTION) {
      meant += "?";
      lost++;
    } else {
      const c = ((x & 0x0f) << 12) | ((y & 0x3f) << 6) | (z & 0x3f);
      if (!isChinese(c) && !(other && c >= 0x800 && (c < 0xd800 || c > 0xdfff))) return undefined;
      meant += String.fromCharCode(c);
      if (isChinese(c)) chinese++;
    }
    i += 3;
  }
  return chinese >= 1 ? { meant, lost, chinese } : undefined;
}

/** The length of the well-formed two- or four-byte UTF-8 sequence at `b[i]`, else 0. */
function sequenceOf(b: Uint8Array, i: number): number {
  const x = b[i];
  const n = x >= 0xc2 && x <= 0xdf ? 2 : x >= 0xf0 && x <= 0xf4 ? 4 : 0;
  if (n === 0 || i + n > b.length) return 0;
  for (let k = 1; k < n; k++) if ((b[i + k] & 0xc0) !== 0x80) return 0;
  return isUtf8(b.subarray(i, i + n)) ? n : 0;
}

/** A UTF-8 continuation byte, or the `?` written for one lost. */
function isContinuationOrLost(b: number): boolean {
  return (b & 0xc0) === 0x80 || b === QUESTION;
}

/** A file garbled so: a table (CSV, workbook) as Excel does it, or a text file (YAML) as an editor does. */
export type GarbledKind = "table" | "text";

/** What to do with a file garbled so (see misreadMessage, garbledLineMessage). */
export function remedy(t: Say, kind: GarbledKind): string {
  return kind === "table"
    ? t(
        "the file was saved after it was opened in the wrong encoding (Excel opening a UTF-8 CSV by double-click reads it as GBK): give the file as the system exported it (gradedraw reads UTF-8 and GBK CSV as they are), or open that one in Excel by Data → From Text/CSV, File Origin 65001: Unicode (UTF-8), and save it again",
        "文件曾以错误的编码打开后保存（在 Excel 中双击打开 UTF-8 编码的 CSV，即按 GBK 读取）：请直接使用系统导出的原文件（gradedraw 可直接读取 UTF-8 或 GBK 编码的 CSV），或在 Excel 中通过“数据 → 从文本/CSV”导入该文件，“文件原始格式”选 65001: Unicode (UTF-8)，再保存",
      )
    : t(
        "the file was saved after an editor opened it in the wrong encoding (UTF-8 read as GBK, as an older 记事本 may read a file without a byte-order mark): take the file as it was before (a copy, or its version in git), or open it in an editor as UTF-8 and write the text again",
        "文件曾被编辑器以错误的编码打开后保存（把 UTF-8 当作 GBK 读取，旧版记事本打开不带 BOM 的文件可能如此）：请使用此前的文件（副本，或 git 中的版本），或在编辑器中以 UTF-8 打开并重新填写这些文字",
      );
}

/**
 * The message for a text garbled (`m`): a cell's, a header's, or a value's of a text file (YAML),
 * with `others` more of the header's cells, or of the file's values, garbled; what it says, and
 * how the file came to be so.
 */
function misreadMessage(
  text: string,
  m: Misread,
  t: Say,
  where: { header?: boolean; others?: number; kind?: GarbledKind } = {},
): string {
  const lost = m.lost ? t(" (a character lost at each '?')", "（“?”处的字已丢失）") : "";
  const others = where.others ?? 0;
  const more = !others
    ? ""
    : where.header
      ? t(`; so are ${others} other header(s)`, `；另有 ${others} 个表头同样如此`)
      : t(`; so are ${others} other value(s)`, `；另有 ${others} 个值同样如此`);
  return (
    t(
      `${where.header ? "the header " : ""}'${text}' is garbled: UTF-8 text read as ${m.as}, it says '${m.meant}'${lost}${more}: `,
      `${where.header ? "表头" : ""}“${text}”是乱码：这是按 ${m.as} 读取的 UTF-8 文本，原文为“${m.meant}”${lost}${more}。`,
    ) + remedy(t, where.kind ?? "table")
  );
}

/**
 * The message for a text holding characters lost (U+FFFD, shown �) that misreadText cannot read
 * back: text in GBK that a program read as UTF-8 before the file was saved again (a CSV Excel
 * wrote, opened by a program set to UTF-8), whose every Chinese character became �.
 */
function lostMessage(text: string, t: Say, kind: GarbledKind = "table"): string {
  return kind === "table"
    ? t(
        `'${text}' has characters lost (�), which nothing can read back: GBK text read as UTF-8 (as a program set to UTF-8 reads a CSV Excel saved in GBK) before the file was saved again; give the file as the system exported it, or as Excel saved it, not a copy another program saved`,
        `“${text}”中有字已丢失（�），无法复原：这是按 UTF-8 读取的 GBK 文本（设为 UTF-8 的程序打开 Excel 以 GBK 保存的 CSV 时即如此），随后文件又被保存；请使用系统导出的原文件，或 Excel 保存的文件，而不是经其他程序另存的副本`,
      )
    : t(
        `'${text}' has characters lost (�), which nothing can read back: GBK text an editor read as UTF-8 before the file was saved again; take the file as it was before (a copy, or its version in git)`,
        `“${text}”中有字已丢失（�），无法复原：这是编辑器按 UTF-8 读取的 GBK 文本，随后文件又被保存；请使用此前的文件（副本，或 git 中的版本）`,
      );
}
