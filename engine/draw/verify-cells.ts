/**
 * How verify tells a line of a result list that differs from the derived one: by its cells, where a
 * spreadsheet saved it again (digits, booleans, GBK) or a name was masked; and the rows of a draw
 * folder's lists as other commands read them.
 */
import { existsSync, readFileSync } from "node:fs";
import iconv from "iconv-lite";
import { type Lang, tr } from "../lang.js";
import { maskName } from "../privacy.js";

/** The ways a spreadsheet program saving a CSV rewrites a cell of it. */
export type Resave = "digits" | "booleans" | "gbk";

/** Each way of rewriting, as verify says a row was rewritten so. */
export const RESAVED: Readonly<Record<Resave, { en: string; zh: string }>> = {
  digits: { en: "numbers cut to 15 digits", zh: "数字只保留 15 位有效数字" },
  booleans: { en: "true and false written TRUE and FALSE", zh: "true、false 写成 TRUE、FALSE" },
  gbk: { en: "Chinese text saved in GBK", zh: "中文以 GBK 编码保存" },
};

/**
 * Whether a recorded row is the derived one as a spreadsheet program writes it on saving the file
 * (a number kept to the 15 digits a spreadsheet holds, TRUE for true, the plain CSV of a Chinese
 * Windows in GBK): the ways it was rewritten, where every differing cell is so; undefined otherwise.
 */
export function resaved({ r, d }: RowCells): Resave[] | undefined {
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
export interface RowCells {
  readonly names: string[];
  readonly r: string[];
  readonly d: string[];
}

/**
 * Both rows and the header split into cells, once, for the messages about where they differ:
 * only where both rows are rows of that header (as many cells, well quoted).
 */
export function rowCells(
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
export function cellDifference({
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
