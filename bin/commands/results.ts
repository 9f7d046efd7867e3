import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { sha256 } from "../../engine/canonical.js";
import { readResults } from "../../engine/data/read.js";
import { resultCodesHelp } from "../../engine/data/result-codes.js";
import { rowsSaid } from "../../engine/data/rows.js";
import { tr } from "../../engine/lang.js";
import { today } from "../../engine/period.js";
import { InputError } from "../../engine/problem.js";
import { DEFAULT_DB, openDb } from "../../engine/store/db.js";
import { importResults } from "../../engine/store/results.js";
import { action, type Cli, type Command, command, someOf, UsageError } from "../context.js";
import { dataOptions, readOptions, recordsOf, statusOf } from "./inputs.js";
import { correctionText } from "./result-changes.js";
import { registerResultsCorrections } from "./results-corrections.js";
import { registerResultsHistory } from "./results-history.js";
import { importRefused } from "./results-refusal.js";
import { registerResultsTemplate } from "./results-template.js";
import { registerResultsWithdraw } from "./results-withdraw.js";
import { taskListRefusal } from "./task-list-refusal.js";

/** `gradedraw results import FILE`: validates and records inspection results, all or nothing. */
export function registerResults(program: Command, cli: Cli) {
  const results = program.command("results").description("inspection results (检查结果)");
  dataOptions(
    command(results, "import", "validate and record inspection results (all rows or none)")
      .argument("<file>", "results file (CSV, XLSX, JSON, NDJSON)")
      .option("--db <file>", "database file", DEFAULT_DB)
      .option(
        "--correct <reason>",
        "correct (更正) the recorded results that rows of the file contradict, for this reason, which is kept with what they said before",
      ),
  )
    .addHelpText(
      "after",
      `\n${resultCodesHelp(cli.helpLang)}\n\nExample:\n  gradedraw results import examples/results.csv --db gradedraw.db`,
    )
    .action(
      action(
        cli,
        async (
          file: string,
          opts: { db: string; json?: boolean; encoding?: string; sheet?: string; correct?: string },
        ) => {
          const lang = cli.lang();
          const reason = opts.correct?.trim();
          if (reason === "")
            throw new UsageError(tr(lang, "--correct must give the reason", "--correct 须写明更正原因"));
          const r = await readResults(file, {
            ...readOptions(cli, opts),
            onRows: statusOf(cli).reading(file),
          }).catch(async (e) => {
            // A draw's task list, written in, is told where results are written instead.
            throw (e instanceof InputError && (await taskListRefusal(file, opts.db, lang))) || e;
          });
          const records = recordsOf(cli, r);
          // Results dated after today are most often a mistyped year or month. Said, not refused:
          // the machine's clock may be the one that is wrong.
          const day = today();
          // A record's row, with its sheet where several sheets are read as one list.
          const at = (i: number) => ({ row: r.rows[i], sheet: r.sheets[i] });
          // A row in --json: its number, or with its sheet where several sheets are read as one list.
          const severalSheets =
            r.sheets.some((x) => x !== undefined) || r.unreported.some((u) => u.sheet !== undefined);
          const placed = (x: { row: number; sheet: string | undefined }) =>
            severalSheets ? { row: x.row, sheet: x.sheet } : x.row;
          const future = records.flatMap((x, i) => (x.date > day ? [at(i)] : []));
          if (future.length) {
            const rows = rowsSaid(future);
            cli.io.err(
              tr(
                lang,
                `gradedraw: note: ${future.length} result(s) are dated after today (${day}), at row(s) ${someOf(rows.en, "en")}: check the dates (${file})`,
                `gradedraw: 提示：${future.length} 条结果的日期晚于今天（${day}），见第 ${someOf(rows.zh, "zh")} 行：请核对日期（${file}）`,
              ),
            );
          }
          const exists = existsSync(opts.db);
          const db = openDb(opts.db, lang);
          try {
            const out = importResults(
              db,
              records,
              sha256(readFileSync(file)),
              new Date().toISOString(),
              reason,
            );
            if (!out.summary) throw importRefused(cli, file, r, out, reason);
            const unplanned = out.summary.unplanned.map((i) => placed(at(i)));
            if (unplanned.length) {
              const rows = rowsSaid(out.summary.unplanned.map(at));
              cli.io.err(
                tr(
                  lang,
                  `gradedraw: note: ${unplanned.length} random or joint result(s) match no inspection drawn in the ledger for their enterprise and department, though it has draws of their period, at row(s) ${someOf(rows.en, "en")}: check the code, date, department, kind and task (${file})`,
                  `gradedraw: 提示：${unplanned.length} 条随机或联合检查结果与台账中该企业、该部门的抽取均不对应（台账中有该期的抽取），见第 ${someOf(rows.zh, "zh")} 行：请核对代码、日期、部门、检查类型和抽查任务（${file}）`,
                ),
              );
            }
            // Said, not refused, as a date after today is: the row is recorded as written.
            const beforeDraw = out.summary.beforeDraw.map((x) => ({
              row: placed(at(x.index)),
              date: records[x.index].date,
              drawn: x.drawn,
            }));
            const beforeRows = rowsSaid(out.summary.beforeDraw.map((x) => at(x.index)));
            if (beforeDraw.length)
              cli.io.err(
                tr(
                  lang,
                  `gradedraw: note: ${beforeDraw.length} random or joint result(s) are dated before the draw of their enterprise and department, at ${someOf(
                    beforeDraw.map(
                      (x, k) => `row ${beforeRows.en[k]} (dated ${x.date}, drawn on ${x.drawn})`,
                    ),
                    lang,
                  )}: a mistyped date? They are not taken as those draws' inspections (${file})`,
                  `gradedraw: 提示：${beforeDraw.length} 条随机或联合检查结果的日期早于对该企业、该部门的抽取，见${someOf(
                    beforeDraw.map(
                      (x, k) => `第 ${beforeRows.zh[k]} 行（检查日期 ${x.date}，抽取于 ${x.drawn}）`,
                    ),
                    lang,
                  )}：日期是否有误？这些结果不计为相应抽取的检查（${file}）`,
                ),
              );
            // Said, not refused: a visit may be reported in two parts, though most often the date is mistyped.
            const twice = out.summary.twice.map((x) => ({ row: placed(at(x.index)), recorded: x.date }));
            const twiceRows = rowsSaid(out.summary.twice.map((x) => at(x.index)));
            if (twice.length)
              cli.io.err(
                tr(
                  lang,
                  `gradedraw: note: ${twice.length} random or joint result(s) report an item of a drawn visit whose result of that item is recorded already under another date: ${someOf(
                    twice.map((x, k) => `row ${twiceRows.en[k]} (recorded ${x.recorded})`),
                    lang,
                  )}; a mistyped date? Withdraw the wrong one with gradedraw results withdraw (${file})`,
                  `gradedraw: 提示：${twice.length} 条随机或联合检查结果所报告的抽取检查事项，已有另一日期的结果：${someOf(
                    twice.map((x, k) => `第 ${twiceRows.zh[k]} 行（已记录 ${x.recorded}）`),
                    lang,
                  )}；日期是否有误？可用 gradedraw results withdraw 撤回错误的一条（${file}）`,
                ),
              );
            // Said, not refused: a substitute is sometimes needed (an inspector ill, or newly in conflict).
            const substitutedRows = rowsSaid(out.summary.substituted.map((x) => at(x.index)));
            const substituted = out.summary.substituted.map((x) => ({
              row: placed(at(x.index)),
              inspectors: x.inspectors,
              team: x.team,
            }));
            if (substituted.length)
              cli.io.err(
                tr(
                  lang,
                  `gradedraw: note: ${substituted.length} random or joint result(s) name inspectors the draw did not assign to their visit (the inspectors are drawn too): ${someOf(
                    substituted.map(
                      (x, k) =>
                        `row ${substitutedRows.en[k]}: ${x.inspectors.join("/")} (drawn: ${x.team.join("/")})`,
                    ),
                    lang,
                  )}; keep the reason for each substitution (${file})`,
                  `gradedraw: 提示：${substituted.length} 条随机或联合检查结果的执法人员不是抽取时为该次检查选派的人员（执法人员也须随机选派）：${someOf(
                    substituted.map(
                      (x, k) =>
                        `第 ${substitutedRows.zh[k]} 行 ${x.inspectors.join("/")}（抽取的是 ${x.team.join("/")}）`,
                    ),
                    lang,
                  )}；请留存每次替换的原因（${file}）`,
                ),
              );
            // Results recorded into a ledger made just now: said, since publish and the draws read
            // their own ledger, and results meant for the office's would be silently set apart.
            if (!exists)
              cli.io.err(
                tr(
                  lang,
                  `gradedraw: note: a new ledger was created at ${resolve(opts.db)}, holding these results only; if your office's ledger is elsewhere, give it with --db: publish and the draws read only their own ledger's results`,
                  `gradedraw: 提示：已在 ${resolve(opts.db)} 新建台账，其中只有这些结果；如本单位的台账在别处，请用 --db 指定：公示和抽取只读取同一台账中的结果`,
                ),
              );
            const corrected = out.summary.corrected.map((c) => ({
              row: placed(at(c.index)),
              before: c.before,
              after: {
                kind: records[c.index].kind,
                result: records[c.index].result,
                inspectors: records[c.index].inspectors,
              },
            }));
            if (opts.json)
              cli.io.out(
                JSON.stringify(
                  {
                    file,
                    db: opts.db,
                    ...out.summary,
                    ...(reason === undefined ? {} : { reason }),
                    corrected,
                    unplanned,
                    substituted,
                    beforeDraw,
                    twice,
                    unreported: r.unreported.map(placed),
                  },
                  null,
                  2,
                ),
              );
            else {
              const n = out.summary.corrected.length;
              cli.io.out(
                tr(
                  lang,
                  `recorded ${out.summary.inserted} result(s), ${out.summary.unchanged} already recorded, ${reason === undefined ? "" : `${n} corrected, `}${out.summary.fulfilled} planned inspection(s) fulfilled`,
                  `已记录 ${out.summary.inserted} 条结果，${out.summary.unchanged} 条此前已记录，${reason === undefined ? "" : `更正 ${n} 条，`}完成计划检查 ${out.summary.fulfilled} 项`,
                ),
              );
              const rows = rowsSaid(out.summary.corrected.map((c) => at(c.index)));
              out.summary.corrected.forEach((c, k) => {
                const text = correctionText(
                  { index: c.index, record: records[c.index], existing: c.before },
                  lang,
                );
                cli.io.out(
                  tr(
                    lang,
                    `  corrected, row ${rows.en[k]}: ${text}`,
                    `  已更正，第 ${rows.zh[k]} 行 ${text}`,
                  ),
                );
              });
            }
            return 0;
          } finally {
            db.close();
          }
        },
      ),
    );
  registerResultsTemplate(results, cli);
  registerResultsWithdraw(results, cli);
  registerResultsCorrections(results, cli);
  registerResultsHistory(results, cli);
}
