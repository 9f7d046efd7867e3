import { basename } from "node:path";
import { tr } from "../../engine/lang.js";
import { periodContaining, today } from "../../engine/period.js";
import { behaviourYaml, calibrate } from "../../simulator/calibrate.js";
import { action, type Cli, type Command, command, UsageError } from "../context.js";
import { periodOption } from "../options.js";
import { dataOptions, sayNotices } from "./inputs.js";

/** `gradedraw calibrate`: a scenario's behaviour block from the district's own results. */
export function registerCalibrate(program: Command, cli: Cli) {
  dataOptions(
    command(
      program,
      "calibrate",
      "a scenario's behaviour from the district's own results: violation by grade from the hit rates of its random inspections, and grade transitions from the grades pushed",
    )
      .requiredOption("--enterprises <file>", "enterprise file (CSV, XLSX, JSON, NDJSON)")
      .option("--history <file>", "inspection history file")
      .option("--db <file>", "the ledger: its recorded results count as past inspections")
      .option(
        "--grade-history <file>",
        "the grades the provincial platform pushed (uscc, grade, gradedOn; past enterprise files too): the transitions are counted from them",
      )
      .option(
        "--start <period>",
        "the scenario's first period: the results before it are counted, over periods of its cadence (default: the half-year of today)",
      )
      .option(
        "--detection <p>",
        "the share of violations an inspection finds, assumed: violation = hit rate ÷ detection (default 0.7)",
      ),
  )
    .addHelpText(
      "after",
      "\nExample:\n  gradedraw calibrate --enterprises examples/enterprises.csv --history examples/history.csv --grade-history examples/grades.csv --start 2026-H1",
    )
    .action(
      action(
        cli,
        async (opts: {
          enterprises: string;
          history?: string;
          db?: string;
          gradeHistory?: string;
          start?: string;
          detection?: string;
          encoding?: string;
          sheet?: string;
          json?: boolean;
        }) => {
          const lang = cli.lang();
          if (!opts.history && !opts.db)
            throw new UsageError(
              tr(
                lang,
                "give the district's past inspections: --history (a history file), --db (the ledger), or both",
                "请给出本辖区以往的检查：--history（检查历史文件）、--db（台账），或两者",
              ),
            );
          const detection = opts.detection === undefined ? 0.7 : Number(opts.detection);
          if (!(detection > 0 && detection <= 1))
            throw new UsageError(
              tr(
                lang,
                `--detection must be a share above 0, at most 1, not '${opts.detection}'${/%$/.test(opts.detection ?? "") ? `: write ${Number.parseFloat(opts.detection as string) / 100}` : ""}`,
                `--detection 须为大于 0、不超过 1 的比例，而非“${opts.detection}”${/%$/.test(opts.detection ?? "") ? `：请写作 ${Number.parseFloat(opts.detection as string) / 100}` : ""}`,
              ),
            );
          const start =
            opts.start === undefined
              ? periodContaining(today(), "half-year")
              : periodOption(opts.start, lang);
          const c = await calibrate({
            enterprises: opts.enterprises,
            history: opts.history,
            ledger: opts.db,
            gradeHistory: opts.gradeHistory,
            start,
            detection,
            lang,
            encoding: opts.encoding,
            sheet: opts.sheet,
            onNotice: (n) => sayNotices(cli, [n]),
          });
          if (opts.json) {
            cli.io.out(JSON.stringify(c, null, 2));
            return 0;
          }
          const files = [opts.enterprises, opts.history, opts.db, opts.gradeHistory]
            .filter((f): f is string => f !== undefined)
            .map((f) => basename(f))
            .join(", ");
          cli.io.out(behaviourYaml(c, files, lang).trimEnd());
          return 0;
        },
      ),
    );
}
