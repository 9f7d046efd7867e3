import { join } from "node:path";
import { type Lang, tr, zhCount } from "../../engine/lang.js";
import { refuseUnreplaceable, refuseUnwritable } from "../../engine/output-refusals.js";
import { stageDir } from "../../engine/staged-dir.js";
import { staffFromDirectory } from "../../simulator/directory.js";
import { comparisonTable, metricsCsv, variantLabels } from "../../simulator/output.js";
import { BOUNDS, resolve } from "../../simulator/resolve.js";
import { type SimulationResult, simulate } from "../../simulator/run.js";
import { variantChanges } from "../../simulator/variant-changes.js";
import { action, type Cli, type Command, command, UsageError } from "../context.js";
import { wholeOption } from "../options.js";
import { StatusLine } from "../progress.js";
import { sayNotices } from "./inputs.js";

interface SimOpts {
  scenario: string;
  policy: string[];
  years?: string;
  replications?: string;
  seed?: string;
  workers?: string;
  out?: string;
  tui?: boolean;
  json?: boolean;
  encoding?: string;
  sheet?: string;
  enterprises?: string;
  history?: string;
  db?: string;
  gradeHistory?: string;
  inspectors?: string;
}

/** A whole-number option within [min, max], where given. Years and replications take the scenario file's own bounds ({@link BOUNDS}). */
const whole = (v: string | undefined, name: string, lang: Lang, min: number, max?: number) =>
  v === undefined ? undefined : wholeOption(v, name, lang, min, max);

/** Writes results.json and metrics.csv into a folder, atomically. */
export function writeSimulation(dir: string, r: SimulationResult, lang: Lang = "en"): void {
  const staged = stageDir(dir, "results.json", lang);
  try {
    staged.write("results.json", `${JSON.stringify(r, null, 2)}\n`);
    staged.write("metrics.csv", metricsCsv(r));
    staged.commit();
  } catch (e) {
    staged.abort();
    throw e;
  }
}

/** `gradedraw simulate`: the multi-year simulation; the dashboard on a TTY, a plain table otherwise. */
export function registerSimulate(program: Command, cli: Cli) {
  command(
    program,
    "simulate",
    "multi-year Monte Carlo of policy variants: inspections, load, coverage, burden, findings",
  )
    .requiredOption("--scenario <file>", "scenario file (simulator/scenarios/*.yaml)")
    .option(
      "--policy <file>",
      "a policy or variant to compare, or a folder of them (repeatable; default: the scenario's)",
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option("--years <n>", "horizon in years (default: the scenario's)")
    .option("--replications <n>", "replications (default: the scenario's)")
    .option("--seed <seed>", "seed (default: the scenario's)")
    .option("--workers <n>", "threads running replications, this one included (default: every core)")
    .option("--out <dir>", "write results.json and metrics.csv here")
    .option("--no-tui", "print the plain comparison table even on a terminal")
    .option(
      "--enterprises <file>",
      "the district's own enterprise file (CSV, XLSX, JSON, NDJSON) in place of the scenario's population, with none of the scenario's past inspections",
    )
    .option(
      "--history <file>",
      "the district's inspection history (as a draw's), which the caps of the first periods count",
    )
    .option(
      "--db <file>",
      "the district's ledger (as a draw's): its results and drawn visits not yet made count as past inspections",
    )
    .option(
      "--grade-history <file>",
      "the grades the provincial platform pushed (uscc, grade, gradedOn; past enterprise files too), against which the scenario's grade changes are checked; with --history or --db",
    )
    .option(
      "--inspectors <file>",
      "the district's directory of inspectors (as a draw's) in place of the scenario's inspectors: per department, those active and licensed when the simulation begins, each of its capacity, else the scenario's perInspector",
    )
    .option(
      "--encoding <enc>",
      "force the encoding of the scenario's enterprise file, where it is CSV, JSON or NDJSON (utf8, gb18030, gbk); default: detected",
    )
    .option(
      "--sheet <sheet>",
      "sheet of the scenario's enterprise workbook, by name or number, or all: every sheet with a header, as one list; default: the scenario's sheet, else the first with a header",
    )
    .addHelpText(
      "after",
      "\nExample:\n  gradedraw simulate --scenario simulator/scenarios/huaian.yaml --years 5 --replications 20 --out sim/huaian",
    )
    .action(
      action(cli, async (opts: SimOpts) => {
        const lang = cli.lang();
        // As a scenario's seed may not be empty (its schema), nor may the one given for it.
        if (opts.seed?.trim() === "")
          throw new UsageError(
            tr(
              lang,
              "--seed is empty: give a seed, or leave the option out for the scenario's",
              "--seed 为空：请给出种子，或不使用该选项（即情景文件中的种子）",
            ),
          );
        const request = {
          scenario: opts.scenario,
          policies: opts.policy,
          years: whole(opts.years, "--years", lang, ...BOUNDS.years),
          replications: whole(opts.replications, "--replications", lang, ...BOUNDS.replications),
          seed: opts.seed,
          workers: whole(opts.workers, "--workers", lang, 1),
          lang,
          read: { encoding: opts.encoding, sheet: opts.sheet },
          district: {
            enterprises: opts.enterprises,
            history: opts.history,
            ledger: opts.db,
            gradeHistory: opts.gradeHistory,
            inspectors: opts.inspectors,
          },
        };
        const dashboard = cli.io.isTTY && opts.tui !== false && !opts.json;
        // What reading an enterprise file noticed: said at once, or after the dashboard has closed.
        const notices: string[] = [];
        const notice = (n: string) => (dashboard ? notices.push(n) : sayNotices(cli, [n]));
        // A folder the results could not go to is refused now, not after the simulation has run.
        const out = opts.out ?? (dashboard ? "gradedraw-simulation" : undefined);
        if (out !== undefined) refuseUnreplaceable(out, "results.json", lang);
        // The dashboard's own folder is written only if `e` is pressed, and says so if it cannot be.
        if (opts.out !== undefined) refuseUnwritable(opts.out, lang);
        if (dashboard) {
          const { runDashboard } = await import("../../simulator/dashboard/run-dashboard.js");
          // The scenario, policies and directory of inspectors are read, and any refused, before the dashboard takes the screen.
          const resolved = await staffFromDirectory(resolve(request), lang, notice);
          const variants = variantLabels({ variants: resolved.policies.map((lp) => lp.policy) });
          const start = async (
            onProgress: (p: {
              done: number;
              total: number;
              enterprisePeriods: number;
              seconds: number;
            }) => void,
          ) => {
            const t0 = performance.now();
            const r = await simulate({
              ...request,
              resolved,
              onNotice: notice,
              onProgress: (p) => onProgress({ ...p, seconds: (performance.now() - t0) / 1000 }),
            });
            if (opts.out) writeSimulation(opts.out, r, lang);
            return r;
          };
          const code = await runDashboard(start, {
            variants,
            total: resolved.scenario.replications,
            lang,
            out: out ?? "gradedraw-simulation",
            save: (dir, r) => writeSimulation(dir, r, lang),
          });
          sayNotices(cli, notices);
          return code;
        }
        // How far it is, on a terminal's status line (nothing of it where stderr is a file or pipe).
        const line = new StatusLine(cli.io, lang);
        const r = await simulate({
          ...request,
          onNotice: notice,
          onProgress: (p) => line.progress({ step: "simulate", done: p.done, of: p.total }),
        });
        if (opts.out) writeSimulation(opts.out, r, lang);
        if (opts.json) cli.io.out(JSON.stringify(r, null, 2));
        else {
          cli.io.out(comparisonTable(r, lang));
          // What the tables say, in a sentence a variant, as the reports open.
          const brief = variantChanges(r, lang).map((c) => `- ${c.variant}${c.text}`);
          cli.io.out(`\n${tr(lang, "In brief:", "要点：")}\n${brief.join("\n")}`);
          if (opts.out)
            cli.io.out(
              tr(
                lang,
                `\nresults written to ${join(opts.out, "results.json")} and metrics.csv`,
                `\n结果已写入 ${join(opts.out, "results.json")} 与 metrics.csv`,
              ),
            );
          cli.io.out(
            tr(
              lang,
              `${r.performance.enterprisePeriods} enterprise-periods in ${r.performance.seconds.toFixed(1)} s on ${r.performance.workers} thread(s)`,
              `${r.performance.workers} 个线程 ${r.performance.seconds.toFixed(1)} 秒模拟 ${zhCount(r.performance.enterprisePeriods)} 企业·期`,
            ),
          );
        }
        return 0;
      }),
    );
}
