import * as Plot from "@observablehq/plot";
import { JSDOM } from "jsdom";

/** The font stack of charts: a CJK font first so Chinese labels render in browsers and in PNGs. */
export const CHART_FONT =
  "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif";

/**
 * Renders an Observable Plot chart to a standalone SVG string in Node, with jsdom's document
 * (Plot builds DOM nodes, so it needs one). The SVG carries its namespace and font, so it works
 * inline in HTML, as a file, and through resvg.
 */
export function renderSvg(options: Plot.PlotOptions): string {
  const { document } = new JSDOM("<!DOCTYPE html><body></body>").window;
  const node = Plot.plot({
    ...options,
    document,
    style: { fontFamily: CHART_FONT, fontSize: "12px", background: "white", overflow: "visible" },
  }) as unknown as Element;
  if (node.tagName.toLowerCase() !== "svg")
    throw new Error("charts must render to a single SVG (no HTML legends)");
  const svg = node;
  svg.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  svg.setAttribute("font-family", CHART_FONT);
  return svg.outerHTML;
}

/**
 * The ticks of an axis counting enterprises or inspections up to `max`: whole numbers from 0, about
 * eight of them, 1, 2 or 5 times a power of ten apart (Plot's own ticks of an axis reaching 2 were
 * 0.0, 0.5 … 2.0, half an enterprise), and 0 and 1 for an axis of zeros.
 */
export function wholeTicks(max: number): number[] {
  const top = Math.max(1, max);
  const power = 10 ** Math.floor(Math.log10(top / 8));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * power).find((s) => s >= top / 8) ?? 10 * power);
  return Array.from({ length: Math.floor(top / step) + 1 }, (_, k) => k * step);
}

export { Plot };
