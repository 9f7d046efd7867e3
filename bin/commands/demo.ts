import { isAbsolute, join, relative } from "node:path";
import { tr } from "../../engine/lang.js";
import { action, type Cli, type Command, command } from "../context.js";
import { MOST_ENTERPRISES } from "../heap.js";
import { wholeOption } from "../options.js";
import { statusOf } from "./inputs.js";

/** `gradedraw demo`: the whole product on a synthetic district, in one folder. */
export function registerDemo(program: Command, cli: Cli) {
  command(
    program,
    "demo",
    "a synthetic district: validates the policies, runs a dry-run draw, simulates the variants, writes the reports",
  )
    .option("--out <dir>", "output folder", "gradedraw-demo")
    .option("--size <n>", "enterprises in the synthetic district", "100000")
    .option("--replications <n>", "replications of the simulation", "8")
    .addHelpText("after", "\nExample:\n  gradedraw demo --lang zh")
    .action(
      action(cli, async (opts: { out: string; size: string; replications: string; json?: boolean }) => {
        const lang = cli.lang();
        const size = wholeOption(opts.size, "--size", lang, 100, MOST_ENTERPRISES);
        const replications = wholeOption(opts.replications, "--replications", lang, 2);
        // The demo writes reports: its charts' libraries are loaded here, not with every command.
        const { runDemo, DEMO_SCENARIO, simulatesOwnDistrict } = await import("../../engine/demo.js");
        const { loadScenario } = await import("../../simulator/scenario.js");
        const steps = await runDemo(opts.out, {
          lang,
          size,
          replications,
          log: opts.json ? undefined : (s) => cli.io.out(`✔ ${s[lang]}`),
          onProgress: statusOf(cli).progress,
        });
        if (opts.json) cli.io.out(JSON.stringify({ out: opts.out, steps }, null, 2));
        else {
          cli.io.out(tr(lang, "\nWhere to look:", "\n查看结果："));
          cli.io.out(
            `  ${join(opts.out, "simulation", "report.html")}   ${tr(lang, "policy comparison for leadership", "供领导比较政策方案")}`,
          );
          cli.io.out(
            `  ${join(opts.out, "draw-2026-H1", "report.html")}   ${tr(lang, "the dry-run draw", "试抽报告")}`,
          );
          cli.io.out(
            `  ${join(opts.out, "draw-2026-H1", "tasks.xlsx")}   ${tr(lang, "task lists per department", "各部门检查任务清单")}`,
          );
          cli.io.out(
            `  gradedraw verify ${shellPath(join(opts.out, "draw-2026-H1"))}   ${tr(lang, "re-derive the draw", "复核抽取结果")}`,
          );
          // The dashboard of the district simulated: the one drawn, from its files, where the demo simulated it.
          const scenario = loadScenario(DEMO_SCENARIO).scenario;
          const data = (name: string) => shellPath(join(opts.out, "data", name));
          const own =
            scenario && simulatesOwnDistrict(scenario, size)
              ? ` --enterprises ${data("enterprises.csv")} --history ${data("history.csv")} --grade-history ${data("grades.csv")} --inspectors ${data("inspectors.csv")}`
              : "";
          cli.io.out(
            `  gradedraw simulate --scenario ${shellPath(DEMO_SCENARIO)}${own}   ${tr(lang, "the dashboard", "终端仪表盘")}`,
          );
          // The behaviour of the district drawn, from its own results, as a scenario of it would have it.
          cli.io.out(
            `  gradedraw calibrate --enterprises ${data("enterprises.csv")} --history ${data("history.csv")} --grade-history ${data("grades.csv")} --start 2026-H1   ${tr(lang, "its behaviour from its results, for a scenario", "按检查结果得出的行为参数，供情景使用")}`,
          );
        }
        return 0;
      }),
    );
}

/**
 * A path as the user can type it from the working folder: relative where it lies below it,
 * absolute elsewhere, in double quotes where it has a space (a folder such as `我的 文档`).
 */
export function shellPath(path: string): string {
  const below = relative(process.cwd(), path);
  const shown = below && !below.startsWith("..") && !isAbsolute(below) ? below : path;
  return /\s/.test(shown) ? `"${shown}"` : shown;
}
