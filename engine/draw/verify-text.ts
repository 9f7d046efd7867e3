/**
 * How verify compares a result list of a draw folder (selected.csv, assignments.csv) with the one
 * it derives: a line at a time, the file read in pieces and the derived text made a line at a
 * time, as the draw writes it. Read whole, both were held at once, each twice more for the
 * comparison (some 1.1 GB for a draw of 5,000,000 enterprises), and a draw's list can be longer
 * than a string can be.
 */
import { createHash } from "node:crypto";
import { closeSync, existsSync, openSync, readSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { Utf8Sink } from "../byte-sink.js";
import { type Lang, tr, unreadable } from "../lang.js";
import { cellDifference, cellsSaid, RESAVED, resaved, rowCells } from "./verify-cells.js";

/** Bytes of a file read at a time. */
const PIECE = 1 << 20;
/**
 * The longest line gathered: a derived line is a result row, far shorter; a file's line longer
 * (a damaged file, or no list at all) is cut there and ends the text, so it differs at that line
 * without gathering more than a string can hold.
 */
export const LONGEST_LINE = 1 << 24;

/** A file's text in pieces, decoded as `readFileSync(file, "utf8")` decodes it whole (a BOM kept). */
function* fileText(file: string): Generator<string> {
  const fd = openSync(file, "r");
  try {
    const decoder = new StringDecoder("utf8");
    const bytes = Buffer.allocUnsafe(PIECE);
    for (let n = readSync(fd, bytes, 0, PIECE, null); n > 0; n = readSync(fd, bytes, 0, PIECE, null))
      yield decoder.write(bytes.subarray(0, n));
    yield decoder.end();
  } finally {
    closeSync(fd);
  }
}

/**
 * The lines of a text given in pieces, as `text.split("\n")` gives them (the last one after the
 * last line end, empty where the text ends with one), each without the `\r` of a `\r\n` end and
 * the first without a byte-order mark; and, as they are read, whether the text began with one and
 * whether the line last read ended `\r\n`. A line longer than LONGEST_LINE is the last.
 */
class Lines {
  private text = "";
  private at = 0;
  private ended = false;
  /** Whether the text began with a byte-order mark (known once its first line is read). */
  bom = false;
  /** Whether the line last read ended `\r\n`. */
  crlf = false;
  private first = true;

  constructor(private readonly pieces: Iterator<string>) {}

  /** The next line; undefined after the last. */
  next(): string | undefined {
    if (this.ended) return undefined;
    let end = this.text.indexOf("\n", this.at);
    while (end < 0) {
      const piece = this.text.length - this.at > LONGEST_LINE ? undefined : this.pieces.next();
      if (piece === undefined || piece.done) return this.line(this.text.length, true);
      const searched = this.text.length - this.at;
      this.text = this.text.slice(this.at) + piece.value;
      this.at = 0;
      end = this.text.indexOf("\n", searched);
    }
    return this.line(end, false);
  }

  /** Reads the pieces to their end (so a derived text is hashed whole). */
  drain(): void {
    while (!this.pieces.next().done);
  }

  /** Stops reading the pieces (a file's is closed). */
  close(): void {
    this.pieces.return?.();
  }

  private line(end: number, last: boolean): string {
    let line = this.text.slice(this.at, end);
    this.at = end + 1;
    this.ended = last;
    this.crlf = !last && line.endsWith("\r");
    if (this.crlf) line = line.slice(0, -1);
    if (this.first) {
      this.first = false;
      this.bom = line.startsWith("\uFEFF");
      if (this.bom) line = line.slice(1);
    }
    return line;
  }
}

/** What verify says of a draw folder's file that is not there, or cannot be read and why. */
export function notRead(name: string, why: string | undefined, lang: Lang): string {
  return why === undefined
    ? tr(lang, `${name} is missing`, `缺少 ${name}`)
    : tr(lang, `${name} cannot be read: `, `无法读取 ${name}：`) + why;
}

/** A result list compared: the derived text's SHA-256 (as the manifest records it), and what differs, if anything. */
export interface TextCompared {
  readonly sha256: string;
  readonly difference?: string;
}

/**
 * Compares the file `name` at `file` with the derived text given in `pieces`, and hashes that
 * text. Where they differ: at which line, or, where every line is the same, that the file was
 * converted on its way (line ends by git or a Unix tool, the BOM dropped by an editor), which
 * is said so rather than as an edit at a line that is not one.
 */
export function compareTextFile(
  name: string,
  file: string,
  pieces: Iterable<string>,
  lang: Lang,
): TextCompared {
  const hash = createHash("sha256");
  const sink = new Utf8Sink((bytes) => hash.update(bytes));
  const derived = new Lines(
    (function* () {
      for (const piece of pieces) {
        sink.put(piece);
        yield piece;
      }
    })(),
  );
  let difference: string | undefined;
  if (!existsSync(file)) difference = notRead(name, undefined, lang);
  else {
    const recorded = new Lines(fileText(file));
    try {
      difference = lineDifference(name, recorded, derived, lang);
    } catch (e) {
      if (typeof (e as NodeJS.ErrnoException).code !== "string") throw e;
      difference = notRead(name, unreadable(e, lang), lang);
    } finally {
      recorded.close();
    }
  }
  derived.drain();
  sink.flush();
  return { sha256: hash.digest("hex"), difference };
}

/** Where the recorded lines differ from the derived ones (see compareTextFile). */
function lineDifference(name: string, recorded: Lines, derived: Lines, lang: Lang): string | undefined {
  let endings = false;
  let header: string | undefined;
  for (let line = 1; ; line++) {
    const r = recorded.next();
    const d = derived.next();
    if (line === 1) header = d;
    if (r !== d) {
      const cells = line > 1 ? rowCells(header, r, d) : undefined;
      const cell = cells && cellDifference(cells);
      const changes = cells && resaved(cells);
      if (cell && changes) {
        // Text decoded from GBK as UTF-8 is no use to show: the column is said alone.
        const [en, zh] = changes.includes("gbk")
          ? ["", ""]
          : [` (${cellsSaid(cell, "en")})`, `（${cellsSaid(cell, "zh")}）`];
        return tr(
          lang,
          `${name} differs from the derived draw at line ${line}, column ${cell.column}${en}, as a spreadsheet program (Excel, WPS) saving it writes the draw's row: ${changes.map((c) => RESAVED[c].en).join(", ")}; verify the file as the draw wrote it (a spreadsheet should open a copy of it, never save over it)`,
          `${name} 第 ${line} 行 ${cell.column} 列与重新推导的结果不同${zh}，与电子表格程序（Excel、WPS）另存抽取结果时的写法相同：${changes.map((c) => RESAVED[c].zh).join("，")}；请核对抽取写出的原文件（用电子表格程序只打开其副本，不要保存覆盖）`,
        );
      }
      return cell
        ? tr(
            lang,
            `${name} differs from the derived draw at line ${line}, column ${cell.column}: ${cellsSaid(cell, "en")}`,
            `${name} 第 ${line} 行 ${cell.column} 列与重新推导的结果不同：${cellsSaid(cell, "zh")}`,
          )
        : tr(
            lang,
            `${name} differs from the derived draw at line ${line}`,
            `${name} 第 ${line} 行与重新推导的结果不同`,
          );
    }
    if (r === undefined) break;
    if (recorded.crlf !== derived.crlf) endings = true;
  }
  const ways = [
    endings &&
      tr(lang, "line endings (LF where the draw writes CRLF)", "行尾符（抽取写入 CRLF，此文件为 LF）"),
    recorded.bom !== derived.bom &&
      tr(
        lang,
        "byte-order mark (BOM, which the draw writes for Excel)",
        "字节顺序标记（抽取为 Excel 写入 BOM）",
      ),
  ].filter((w) => w !== false);
  if (ways.length === 0) return undefined;
  return tr(
    lang,
    `${name} differs from the derived draw only in its ${ways.join(" and ")}: the file was converted on its way (by git, a text tool or an editor); its rows are the draw's`,
    `${name} 与重新推导的结果仅${ways.join("和")}不同：文件在传递中经过转换（git、文本工具或编辑器）；其各行与抽取结果相同`,
  );
}
