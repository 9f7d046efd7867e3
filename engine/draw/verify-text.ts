/**
 * How verify compares a result list of a draw folder (selected.csv, assignments.csv) with the one
 * it derives: a line at a time, the file read in pieces and the derived text made a line at a
 * time, as the draw writes it. Read whole, both were held at once, each twice more for the
 * comparison (some 1.1 GB for a draw of 5,000,000 enterprises), and a draw's list can be longer
 * than a string can be.
 */
import { createHash } from "node:crypto";
import { closeSync, existsSync, openSync, readFileSync, readSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import iconv from "iconv-lite";
import { Utf8Sink } from "../byte-sink.js";
import { type Lang, tr, unreadable } from "../lang.js";
import { maskName } from "../privacy.js";

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

/** The ways a spreadsheet program saving a CSV rewrites a cell of it. */
type Resave = "digits" | "booleans" | "gbk";

const RESAVED: Readonly<Record<Resave, { en: string; zh: string }>> = {
  digits: { en: "numbers cut to 15 digits", zh: "数字只保留 15 位有效数字" },
  booleans: { en: "true and false written TRUE and FALSE", zh: "true、false 写成 TRUE、FALSE" },
  gbk: { en: "Chinese text saved in GBK", zh: "中文以 GBK 编码保存" },
};

/**
 * Whether a recorded row is the derived one as a spreadsheet program writes it on saving the file
 * (a number kept to the 15 digits a spreadsheet holds, TRUE for true, the plain CSV of a Chinese
 * Windows in GBK): the ways it was rewritten, where every differing cell is so; undefined otherwise.
 */
function resaved({ r, d }: RowCells): Resave[] | undefined {
  const ways = new Set<Resave>();
  for (let i = 0; i < r.length; i++) {
    if (r[i] === d[i]) continue;
    const way = resavedCell(r[i], d[i]);
    if (way === undefined) return undefined;
    ways.add(way);
  }
  return ways.size ? [...ways] : undefined;
}

function resavedCell(r: string, d: string): Resave | undefined {
  if ((d === "true" || d === "false") && r === d.toUpperCase()) return "booleans";
  // The derived number as a spreadsheet holds it (a double) and writes it (15 significant digits, trailing zeros dropped).
  if (NUMBER.test(r) && NUMBER.test(d) && Number(r) === Number(Number(d).toPrecision(15))) return "digits";
  if (r.includes("\ufffd") && Buffer.from(iconv.encode(d, "gb18030")).toString("utf8") === r) return "gbk";
  return undefined;
}

const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** The longest line split into cells to say where it differs: a result row is far shorter. */
const LONGEST_ROW = 100_000;

/** A recorded and a derived row split into the cells of their header's columns. */
interface RowCells {
  readonly names: string[];
  readonly r: string[];
  readonly d: string[];
}

/**
 * Both rows and the header split into cells, once, for the messages about where they differ:
 * only where both rows are rows of that header (as many cells, well quoted).
 */
function rowCells(
  header: string | undefined,
  recorded: string | undefined,
  derived: string | undefined,
): RowCells | undefined {
  if (header === undefined || recorded === undefined || derived === undefined) return undefined;
  if (recorded.length > LONGEST_ROW) return undefined;
  const [names, r, d] = [csvCells(header), csvCells(recorded), csvCells(derived)];
  if (!names || !r || !d || r.length !== names.length || d.length !== names.length) return undefined;
  return { names, r, d };
}

/**
 * The first cell where a recorded row differs from the derived one, under its column's name (an
 * enterprise's code with it where the cell is its name).
 */
function cellDifference({
  names,
  r,
  d,
}: RowCells): { column: string; recorded: string; derived: string; uscc: string | undefined } | undefined {
  const at = r.findIndex((cell, i) => cell !== d[i]);
  if (at < 0) return undefined;
  const uscc = names[at] === "name" ? d[names.indexOf("uscc")] : undefined;
  return { column: names[at], recorded: r[at], derived: d[at], uscc };
}

/**
 * Two differing cells as a message says them: quoted, recorded first. Where they are an
 * enterprise's name (`uscc` given) and either is a natural person's (SPEC §8), masked, as the
 * published lists show it, so that it does not reach a terminal's log in full; and where masked
 * they read the same, only that they differ.
 */
export function cellsSaid(
  cell: {
    readonly recorded: string;
    readonly derived: string;
    readonly uscc?: string;
    /** The individual business's operator, where its trade name holds the operator's name. */
    readonly operator?: string;
  },
  lang: Lang,
): string {
  let { recorded, derived } = cell;
  const { uscc, operator } = cell;
  const notShown = () =>
    tr(
      lang,
      "a natural person's name, not shown, differs from the derived one",
      "自然人姓名（不予显示）与重新推导的不同",
    );
  // A trade name whose operator's name the derived list masks (淮安区张*商店), written out in full.
  if (uscc !== undefined && (maskedFrom(derived, recorded) || maskedFrom(recorded, derived)))
    return notShown();
  if (uscc !== undefined) {
    const masked = [maskName(uscc, recorded, operator), maskName(uscc, derived, operator)];
    if (masked[0] !== recorded || masked[1] !== derived) {
      [recorded, derived] = masked;
      if (recorded === derived) return notShown();
    }
  }
  return tr(
    lang,
    `${shown(recorded)} recorded, ${shown(derived)} derived`,
    `记录为 ${shown(recorded)}，重新推导为 ${shown(derived)}`,
  );
}

/** Whether `masked` is `full` with some characters starred, as maskName masks a name it holds. */
function maskedFrom(masked: string, full: string): boolean {
  const m = [...masked];
  const f = [...full];
  return (
    m.length === f.length && m.includes("*") && m.every((c, i) => c === f[i] || (c === "*" && f[i] !== "*"))
  );
}

/** The cells of one CSV line as the draw writes them (RFC 4180 quotes); undefined where it is not one. */
export function csvCells(line: string): string[] | undefined {
  const cells: string[] = [];
  let at = 0;
  for (;;) {
    if (line[at] === '"') {
      let cell = "";
      for (at++; ; ) {
        const quote = line.indexOf('"', at);
        if (quote < 0) return undefined;
        cell += line.slice(at, quote);
        at = quote + 1;
        if (line[at] !== '"') break;
        cell += '"';
        at++;
      }
      cells.push(cell);
      if (at === line.length) return cells;
      if (line[at] !== ",") return undefined;
      at++;
    } else {
      const comma = line.indexOf(",", at);
      if (comma < 0) {
        cells.push(line.slice(at));
        return cells;
      }
      cells.push(line.slice(at, comma));
      at = comma + 1;
    }
  }
}

/**
 * The rows of one of a draw's lists (selected.csv, assignments.csv) by their header's column
 * names, read whole (a published folder's lists, for a code's ticket or explanation); undefined
 * where the folder does not hold it. Lines that are no CSV line are passed over.
 */
export function drawListRows(file: string): Record<string, string>[] | undefined {
  if (!existsSync(file)) return undefined;
  const [first, ...lines] = readFileSync(file, "utf8")
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/);
  const header = csvCells(first) ?? [];
  const rows: Record<string, string>[] = [];
  for (const line of lines) {
    const cells = line === "" ? undefined : csvCells(line);
    if (cells) rows.push(Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ""])));
  }
  return rows;
}

/** A cell's text as a message shows it: quoted, and cut at 60 characters. */
export function shown(cell: string): string {
  return JSON.stringify(cell.length > 60 ? `${cell.slice(0, 59)}…` : cell);
}
