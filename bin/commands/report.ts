import { existsSync } from "node:fs";
import { tr } from "../../engine/lang.js";
import type { ReportFormat } from "../../reports/write.js";
import { action, type Cli, type Command, command, Failed, UsageError } from "../context.js";

/** `gradedraw report DIR`: an HTML, Markdown or PNG report of a simulation or draw folder. */
export function registerReport(program: Command, cli: Cli) {
  command(
    program,
    "report",
    "a report of a simulation folder (results.json) or a draw folder (manifest.json)",
  )
    .argument("<dir>", "simulation or draw output folder")
    .option(
      "--format <format>",
      "html (one self-contained file), md (Markdown + PNG charts) or png (charts)",
      "html",
    )
    .addHelpText("after", "\nExample:\n  gradedraw report sim/huaian --format html --lang zh")
    .action(
      action(cli, async (dir: string, opts: { format: string; json?: boolean }) => {
        const lang = cli.lang();
        if (!["html", "md", "png"].includes(opts.format))
          throw new UsageError(
            tr(lang, "--format must be html, md or png", "--format 必须为 html、md 或 png"),
          );
        if (!existsSync(dir))
          throw new UsageError(tr(lang, `no such folder: ${dir}`, `文件夹不存在：${dir}`));
        // The charts' libraries (Observable Plot, jsdom, resvg) take over a second to load: loaded
        // by the commands that draw charts, not by every command.
        const { folderKind, writeReport } = await import("../../reports/write.js");
        if (!folderKind(dir))
          throw new Failed(
            tr(
              lang,
              `${dir} is neither a simulation folder (results.json) nor a draw folder (manifest.json)`,
              `${dir} 既不是模拟结果文件夹（results.json），也不是抽取结果文件夹（manifest.json）`,
            ),
          );
        const files = writeReport(dir, opts.format as ReportFormat, lang);
        cli.io.out(opts.json ? JSON.stringify({ files }, null, 2) : files.join("\n"));
        return 0;
      }),
    );
}
