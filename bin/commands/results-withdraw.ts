import { readFileSync } from "node:fs";
import { sha256 } from "../../engine/canonical.js";
import { readResults } from "../../engine/data/read.js";
import { rowsSaid } from "../../engine/data/rows.js";
import { tr } from "../../engine/lang.js";
import type { Problem } from "../../engine/problem.js";
import { DEFAULT_DB } from "../../engine/store/db.js";
import { withdrawResults } from "../../engine/store/result-withdraw.js";
import { differences } from "../../engine/store/results.js";
import { action, type Cli, type Command, command, Failed, problemLine } from "../context.js";
import { writeLedger } from "../ledger-access.js";
import { requireReason } from "../options.js";
import { dataOptions, readOptions, recordsOf, statusOf } from "./inputs.js";
import { localMinute } from "./ledger.js";
import { contradiction, withdrawalText } from "./result-changes.js";

/** `gradedraw results withdraw FILE --reason R`: withdraws (撤回) recorded results, all or none. */
export function registerResultsWithdraw(results: Command, cli: Cli) {
  dataOptions(
    command(
      results,
      "withdraw",
      "withdraw (撤回) recorded results, each row of the file naming one as recorded (a result recorded twice, or under a mistyped date); all rows or none",
    )
      .argument("<file>", "results file (CSV, XLSX, JSON, NDJSON): rows as they were recorded")
      .requiredOption("--reason <reason>", "why they are withdrawn, kept with what they said")
      .option("--db <file>", "the ledger database", DEFAULT_DB),
  )
    .addHelpText(
      "after",
      '\nExample:\n  gradedraw results withdraw examples/results-withdrawn.csv --db gradedraw.db --reason "检查日期录入错误"',
    )
    .action(
      action(
        cli,
        async (
          file: string,
          opts: { db: string; reason: string; json?: boolean; encoding?: string; sheet?: string },
        ) => {
          const lang = cli.lang();
          const reason = requireReason(opts.reason, lang);
          const r = await readResults(file, {
            ...readOptions(cli, opts),
            onRows: statusOf(cli).reading(file),
          });
          const records = recordsOf(cli, r);
          const at = (i: number) => ({ row: r.rows[i], sheet: r.sheets[i] });
          return writeLedger(opts.db, lang, (db) => {
            const out = withdrawResults(
              db,
              records,
              reason,
              sha256(readFileSync(file)),
              new Date().toISOString(),
            );
            if (!out.summary) {
              // Said on stderr as they are found, and given with the failure to the --json document.
              const problems: Problem[] = [];
              const say = (index: number, column: string | undefined, en: string, zh: string) => {
                const problem: Problem = {
                  file,
                  line: r.rows[index],
                  ...(column === undefined ? { col: 0 } : r.place(column)),
                  ...(r.sheets[index] === undefined ? {} : { sheet: r.sheets[index] }),
                  ...(column === undefined ? {} : { column }),
                  message: tr(lang, en, zh),
                };
                problems.push(problem);
                cli.io.err(problemLine(problem, lang));
              };
              for (const { index: i, recordedOn, withdrawn } of out.unknown) {
                const x = records[i];
                const place = `${x.uscc} ${x.date} ${x.department} ${x.item}`;
                // Another day's result of the same item: the row's date mistyped, most likely.
                const days = recordedOn.join(", ");
                const elsewhen = days
                  ? tr(
                      lang,
                      `; this enterprise's ${x.item} of ${x.department} is recorded on ${days}`,
                      `；该企业${x.department}的 ${x.item} 记录于 ${days}`,
                    )
                  : "";
                if (withdrawn)
                  say(
                    i,
                    undefined,
                    `no result is recorded for ${place}: it was withdrawn on ${localMinute(withdrawn.at)} (${withdrawn.reason})${elsewhen}`,
                    `没有 ${place} 的已记录结果：该结果已于 ${localMinute(withdrawn.at)} 撤回（${withdrawn.reason}）${elsewhen}`,
                  );
                else
                  say(
                    i,
                    recordedOn.length ? "date" : undefined,
                    `no result is recorded for ${place}: a row names a recorded result by its code, date, department and item, as recorded${elsewhen}`,
                    `没有 ${place} 的已记录结果：每行须按记录时的统一社会信用代码、检查日期、检查部门和检查事项指明一条已记录结果${elsewhen}`,
                  );
              }
              for (const c of out.conflicts) {
                const said = contradiction(c, lang);
                say(
                  c.index,
                  differences(c.existing, c.record)[0],
                  `${said}: a row withdraws a result as it is recorded`,
                  `${said}：每行须与所撤回的结果的记录一致`,
                );
              }
              const n = out.unknown.length + out.conflicts.length;
              // The same file given twice: every row's result withdrawn already.
              if (n === records.length && out.unknown.every((u) => u.withdrawn))
                throw new Failed(
                  tr(
                    lang,
                    "every row names a result withdrawn already (is it a file withdrawn before?); nothing was withdrawn",
                    "每行所指的结果均已撤回（该文件是否已撤回过？）；未撤回任何结果",
                  ),
                  problems,
                );
              throw new Failed(
                tr(
                  lang,
                  `${n} row(s) name no result as recorded; nothing was withdrawn`,
                  `${n} 行与已记录结果不符；未撤回任何结果`,
                ),
                problems,
              );
            }
            const s = out.summary;
            if (opts.json)
              cli.io.out(
                JSON.stringify(
                  {
                    file,
                    db: opts.db,
                    reason,
                    withdrawn: s.withdrawn.map((i) => {
                      const x = at(i);
                      return x.sheet === undefined ? x.row : x;
                    }),
                    reported: s.reported,
                    reopened: s.reopened,
                  },
                  null,
                  2,
                ),
              );
            else {
              cli.io.out(
                tr(
                  lang,
                  `withdrew ${s.withdrawn.length} result(s); of the drawn visits they reported, ${s.reported} are reported by another result of theirs, ${s.reopened} are open again`,
                  `已撤回 ${s.withdrawn.length} 条结果；其所报告的抽取检查中，${s.reported} 项由该企业的其他结果报告，${s.reopened} 项恢复为未完成`,
                ),
              );
              const rows = rowsSaid(s.withdrawn.map(at));
              s.withdrawn.forEach((i, k) => {
                const text = withdrawalText(records[i], lang);
                cli.io.out(tr(lang, `  row ${rows.en[k]}: ${text}`, `  第 ${rows.zh[k]} 行 ${text}`));
              });
            }
            return 0;
          });
        },
      ),
    );
}
