import { isWide } from "../engine/text-width.js";

/** Escapes text for HTML. */
export function esc(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );
}

/**
 * How a cell breaks over lines, as its class:
 * - "n", kept on one line: a figure, an interval, a version, a code or name with no wide (Chinese)
 *   character, a label of up to ten characters such as 检查次数 or 基准. On a phone's narrow
 *   screen "-4928.1 – -4832.7" or "1.1.0-c50" broken over two lines reads as two values: the
 *   table scrolls sideways instead (see CSS);
 * - "w", broken anywhere: a long token such as a hash or a seed;
 * - "t", a longer text, broken at its spaces or between Chinese characters, but never narrower
 *   than some ten characters (a column squeezed to one character makes a row a page tall).
 */
function breaking(c: string): "n" | "w" | "t" {
  let wide = false;
  for (let i = 0; i < c.length && !wide; i++) wide = isWide(c.charCodeAt(i));
  if (c.length <= 10 || (!wide && c.length <= 32)) return "n";
  if (!wide && !c.includes(" ")) return "w";
  return "t";
}

/**
 * An "n" cell's text in pieces kept whole: a figure, its interval, its difference
 * (`18720 [18652–18787] (-4897)`). On screen the cell is one line; on paper, where a table cannot
 * scroll, it may break between them (see PRINT), never inside one.
 */
function pieces(c: string): string[] {
  return c.split(/ (?=[[(])/);
}

/** An HTML table, in a box that scrolls sideways where the page is narrower than it (printed, the table is narrowed instead). */
export function htmlTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const td = (c: string) => {
    const how = breaking(c);
    const parts = how === "n" ? pieces(c) : [c];
    // A cell of pieces is marked (class "p") for print: `:has()` is missing from the older
    // Chromium that some office browsers are built on.
    return parts.length > 1
      ? `<td class="n p">${parts.map((p) => `<span>${esc(p)}</span>`).join(" ")}</td>`
      : `<td class="${how}">${esc(c)}</td>`;
  };
  return `<div class="table"><table><thead><tr>${header.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map(td).join("")}</tr>`).join("")}</tbody></table></div>`;
}

/** A Markdown table (pipes escaped). */
export function mdTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (c: string) => c.replace(/\|/g, "\\|").replace(/\n/g, " ");
  return [
    `| ${header.map(cell).join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`),
  ].join("\n");
}

/**
 * A shade at the side of a table's box where more of the table lies beyond it, as a phone shows a
 * wide table (a scroll shadow): the shades stay at the box's sides (scroll), each covered by a
 * white band that moves with the table (local) while that side of the table is in view.
 */
const SCROLL_HINT = [
  "linear-gradient(to right, #fff 30%, rgba(255,255,255,0)) left center / 2.5rem 100% no-repeat local",
  "linear-gradient(to left, #fff 30%, rgba(255,255,255,0)) right center / 2.5rem 100% no-repeat local",
  "radial-gradient(farthest-side at 0 50%, rgba(0,0,0,0.25), rgba(0,0,0,0)) left center / 0.9rem 100% no-repeat scroll",
  "radial-gradient(farthest-side at 100% 50%, rgba(0,0,0,0.25), rgba(0,0,0,0)) right center / 0.9rem 100% no-repeat scroll",
  "#fff",
].join(", ");

/**
 * On paper (A4, as offices print a report for a meeting): a table cannot scroll, so nothing may lie
 * outside its box. Its figures, intervals and differences may take a line each (see pieces) in a
 * smaller type, rather than the last variants' columns being cut at the page's edge; a chart, a row
 * or a point of the brief is not split over two pages, nor a heading left at a page's foot. A
 * chart's numbers print where the reader opened them: closed, their "Numbers" line alone would be
 * noise on paper. The pages are numbered at their foot.
 */
const PRINT = `
@page { size: A4; margin: 16mm 14mm 18mm; @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; color: #666; } }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  h1, h2, figcaption { break-after: avoid; } figure, tr, li { break-inside: avoid; }
  .table { overflow: visible; background: none; } table { font-size: 7.5pt; }
  td.p { white-space: normal; } td.p > span { white-space: nowrap; }
  details:not([open]) { display: none; }
}
`;

const CSS = `
body { font-family: 'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', system-ui, sans-serif; margin: 2rem auto; max-width: 980px; color: #1a1a1a; line-height: 1.5; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; }
.sub { color: #555; margin-top: 0; } figure { margin: 1rem 0; } figure svg { max-width: 100%; height: auto; }
figcaption { font-weight: 600; margin-bottom: 0.4rem; } table { border-collapse: collapse; margin: 0.6rem 0; font-size: 0.85rem; }
th, td { border: 1px solid #ccc; padding: 0.2rem 0.5rem; text-align: left; } th { background: rgba(0, 0, 0, 0.043); }
.table { overflow-x: auto; background: ${SCROLL_HINT}; } td.n { white-space: nowrap; } td.w { overflow-wrap: anywhere; } td.t { min-width: 10em; }
details { margin: 0.4rem 0 1rem; } code { background: #f4f4f4; padding: 0 0.2rem; overflow-wrap: anywhere; }
${PRINT}`;

/** A self-contained page: inline CSS and content, no scripts, no network. */
export function page(title: string, lang: "zh" | "en", body: string): string {
  return `<!DOCTYPE html>
<html lang="${lang === "zh" ? "zh-CN" : "en"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
${body}
</body>
</html>
`;
}
