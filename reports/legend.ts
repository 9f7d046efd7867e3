import { Plot } from "./plot.js";

/** Between the lines of a legend, and from its last line's middle to the frame. */
const LINE = 16;
const ABOVE_FRAME = 12;
/** From a square's middle to its text, and between one entry and the next. */
const SQUARE_TO_TEXT = 9;
const BETWEEN = 16;

/** Placed from the frame's top right corner, and drawn once over the whole chart, not in each facet. */
const ONCE = { frameAnchor: "top-right", facet: "super" } as const;

/**
 * The width of a text at the charts' 12px font, near enough to lay out a legend: a CJK character
 * is a square em, other characters are taken as wide as the widest digits and capitals commonly are.
 */
export function textWidth(text: string): number {
  let width = 0;
  for (const c of text) width += (c.codePointAt(0) as number) >= 0x2e80 ? 12 : 7.5;
  return width;
}

/**
 * A legend above a chart's frame, right-aligned with it: per entry a square of its colour (a
 * colour, or a value of the chart's colour scale) then its text, as many to a line as fit in
 * `room` pixels, lines added upwards. Written in the margin, it is never over a bar, however
 * high the bars at the right reach (a chart is one SVG, without Plot's HTML legend). Returns the
 * marks and the top margin they need.
 */
export function legendAbove(
  entries: readonly [text: string, colour: string][],
  room: number,
): { marks: Plot.Markish[]; marginTop: number } {
  // Half the square, from its middle to the text, the text.
  const widths = entries.map(([text]) => 5 + SQUARE_TO_TEXT + textWidth(text));
  // Lines of entries (indices), filled left to right: a new line once the next entry would not fit.
  const lines: number[][] = [];
  let used = 0;
  widths.forEach((w, i) => {
    const line = lines.at(-1);
    if (line && used + BETWEEN + w <= room) {
      line.push(i);
      used += BETWEEN + w;
    } else {
      lines.push([i]);
      used = w;
    }
  });
  const marks = lines.flatMap((line, l) => {
    const dy = -ABOVE_FRAME - (lines.length - 1 - l) * LINE;
    // From the frame's right edge leftwards, by the widths as estimated; each text begins at its
    // square, so that an estimate off by a few pixels moves only the space between entries.
    let left = 0;
    return [...line].reverse().flatMap((i) => {
      const [text, colour] = entries[i];
      left += widths[i];
      const square = -left + 5;
      left += BETWEEN;
      return [
        Plot.dot([colour], { ...ONCE, dx: square, dy, symbol: "square", r: 5, fill: (c: string) => c }),
        Plot.text([text], {
          ...ONCE,
          dx: square + SQUARE_TO_TEXT,
          dy,
          textAnchor: "start",
          lineAnchor: "middle",
          fill: "#333",
          fontSize: 12,
        }),
      ];
    });
  });
  return { marks, marginTop: ABOVE_FRAME + (lines.length - 1) * LINE + 14 };
}
