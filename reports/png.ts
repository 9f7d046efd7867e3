import { existsSync } from "node:fs";
import { Resvg } from "@resvg/resvg-js";

/** Folders where Debian and most Linux systems keep fonts (fonts-noto-cjk installs under opentype/noto). */
const FONT_DIRS = ["/usr/share/fonts", "/usr/local/share/fonts"].filter((d) => existsSync(d));

/** Renders an SVG to PNG with the machine's fonts, so Chinese labels show when a CJK font is installed. */
export function svgToPng(svg: string, scale = 2): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: scale },
    background: "white",
    font: {
      loadSystemFonts: true,
      fontDirs: FONT_DIRS,
      defaultFontFamily: "Noto Sans CJK SC",
      sansSerifFamily: "Noto Sans CJK SC",
    },
  });
  return new Uint8Array(resvg.render().asPng());
}
