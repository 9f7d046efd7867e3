/**
 * Plain-text tables for terminals and logs, aligned by display width so that Chinese
 * characters (two columns wide) line up with ASCII.
 */
import { displayWidth, isWide } from "../engine/text-width.js";

export { displayWidth };

/**
 * `s` cut to at most `width` columns of display, ending in "…" where it was cut (a status line
 * longer than its terminal would wrap, and the next could not rewrite it).
 */
export function cutToWidth(s: string, width: number): string {
  if (displayWidth(s) <= width) return s;
  let w = 0;
  let cut = "";
  for (const ch of s) {
    const c = isWide(ch.codePointAt(0) ?? 0) ? 2 : 1;
    if (w + c > width - 1) break;
    cut += ch;
    w += c;
  }
  return `${cut}…`;
}

/** Pads a string to a display width, on the right (left-aligned) or on the left (right-aligned). */
export function pad(s: string, width: number, align: "left" | "right" = "left"): string {
  const fill = " ".repeat(Math.max(0, width - displayWidth(s)));
  return align === "left" ? s + fill : fill + s;
}

/** Formats rows as an aligned table; numeric-looking cells are right-aligned. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) =>
    Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ""))),
  );
  const numeric = header.map(
    (_, i) => rows.length > 0 && rows.every((r) => /^[-+]?[\d.,%]+$|^$/.test(r[i] ?? "")),
  );
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => pad(c ?? "", widths[i], numeric[i] ? "right" : "left"))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}
