import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { makeFolder, writeFileAtomic } from "../engine/files.js";
import { type Lang, tr } from "../engine/lang.js";
import type { SimulationResult } from "../simulator/run.js";
import { drawHtml, drawMarkdown, drawReport } from "./draw-report.js";
import { checkReportFolder } from "./folder-check.js";
import { svgToPng } from "./png.js";
import { type Chart, simulationCharts } from "./sim-charts.js";
import { simulationHtml, simulationMarkdown } from "./sim-report.js";

/** Report formats. */
export type ReportFormat = "html" | "md" | "png";

/** What kind of folder a report is made from. */
export function folderKind(dir: string): "simulation" | "draw" | undefined {
  if (existsSync(join(dir, "results.json"))) return "simulation";
  if (existsSync(join(dir, "manifest.json"))) return "draw";
  return undefined;
}

function writeCharts(dir: string, charts: readonly Chart[], lang: Lang): string[] {
  makeFolder(join(dir, "charts"), join(dir, "charts"), lang);
  return charts.map((c) => {
    const file = join(dir, "charts", `${c.id}.png`);
    writeFileAtomic(file, svgToPng(c.svg), lang);
    return file;
  });
}

/**
 * Writes the report of a simulation or draw folder into that folder; returns the files written.
 * `shownAs`: the folder's path as the report's reader will find it, where it is written in a
 * temporary folder first (default `dir`): a draw report tells how to verify the draw there.
 */
export function writeReport(dir: string, format: ReportFormat, lang: Lang, shownAs = dir): string[] {
  const kind = folderKind(dir);
  if (!kind)
    throw new Error(
      tr(
        lang,
        `${dir} is neither a simulation folder (results.json) nor a draw folder (manifest.json)`,
        `${dir} 既不是模拟结果文件夹（results.json），也不是抽取结果文件夹（manifest.json）`,
      ),
    );
  checkReportFolder(dir, kind, lang);
  if (kind === "simulation") {
    const r = JSON.parse(readFileSync(join(dir, "results.json"), "utf8")) as SimulationResult;
    const charts = simulationCharts(r, lang);
    if (format === "html") return [write(join(dir, "report.html"), simulationHtml(r, lang, charts), lang)];
    if (format === "md")
      return [
        ...writeCharts(dir, charts, lang),
        write(join(dir, "report.md"), simulationMarkdown(r, lang, charts), lang),
      ];
    return writeCharts(dir, charts, lang);
  }
  if (format === "html") return [write(join(dir, "report.html"), drawHtml(dir, lang, shownAs), lang)];
  if (format === "md") {
    const { md, charts } = drawMarkdown(dir, lang, shownAs);
    return [...writeCharts(dir, charts, lang), write(join(dir, "report.md"), md, lang)];
  }
  return writeCharts(dir, drawReport(dir, lang).charts, lang);
}

function write(file: string, text: string, lang: Lang): string {
  writeFileAtomic(file, text, lang);
  return file;
}
