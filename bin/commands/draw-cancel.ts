import { tr } from "../../engine/lang.js";
import { DEFAULT_DB } from "../../engine/store/db.js";
import { cancelDraw, DEFAULT_TASK, visitsMade } from "../../engine/store/ledger.js";
import { cancelledDraw, liveDraws } from "../../engine/store/ledger-draws.js";
import { action, type Cli, type Command, command, Failed } from "../context.js";
import { writeLedger } from "../ledger-access.js";
import { periodOption, requireReason } from "../options.js";

/** The most draws in force named when the one to cancel is not found. */
const SHOWN = 5;

/** `gradedraw draw cancel`: a recorded draw cancelled, with a reason; it stays in the ledger. */
export function registerCancel(draw: Command, cli: Cli) {
  command(
    draw,
    "cancel",
    "cancel the recorded draw of a policy, task and period, with a reason (it stays in the ledger)",
  )
    .requiredOption("--policy <id>", "policy id, e.g. huaian-credit-graded")
    .requiredOption("--period <period>", "the period of the draw")
    .requiredOption("--reason <text>", "why the draw is cancelled (recorded)")
    .option("--task <name>", "task name", DEFAULT_TASK)
    .option("--db <file>", "the ledger database", DEFAULT_DB)
    .addHelpText(
      "after",
      '\nExample:\n  gradedraw draw cancel --policy huaian-credit-graded --period 2026-H1 --reason "名录库数据有误，重新抽取" --db gradedraw.db',
    )
    .action(
      action(
        cli,
        (opts: {
          policy: string;
          period: string;
          reason: string;
          task: string;
          db: string;
          json?: boolean;
        }) => {
          const lang = cli.lang();
          requireReason(opts.reason, lang);
          // A mistyped period would otherwise read as "no recorded draw" of it.
          periodOption(opts.period, lang);
          return writeLedger(opts.db, lang, (db) => {
            const seq = cancelDraw(
              db,
              opts.policy,
              opts.task,
              opts.period,
              opts.reason,
              new Date().toISOString(),
            );
            if (seq === undefined) {
              // What the ledger does hold: that draw cancelled already, or the draws in force.
              const gone = cancelledDraw(db, opts.policy, opts.task, opts.period);
              const live = liveDraws(db);
              const shown = live
                .slice(0, SHOWN)
                .map((d) => `#${d.seq} ${d.policy} ${d.task} ${d.period}`)
                .concat(live.length > SHOWN ? ["…"] : []);
              const held = gone
                ? tr(
                    lang,
                    `: draw #${gone.draw} was cancelled by entry #${gone.cancel}`,
                    `：第 ${gone.draw} 条抽取已由第 ${gone.cancel} 条撤销`,
                  )
                : live.length
                  ? tr(
                      lang,
                      `; the draws in force: ${shown.join(", ")}`,
                      `；台账中有效的抽取：${shown.join("、")}`,
                    )
                  : tr(lang, "; the ledger holds no draw in force", "；台账中没有有效的抽取");
              throw new Failed(
                tr(
                  lang,
                  `no recorded draw of ${opts.policy}, task ${opts.task}, period ${opts.period} to cancel${held}`,
                  `没有可撤销的抽取：${opts.policy}，任务 ${opts.task}，期间 ${opts.period}${held}`,
                ),
              );
            }
            // Inspections already made stay made: said, so that the office knows what it cancelled.
            const { visits, made } = visitsMade(db, seq);
            if (made)
              cli.io.err(
                tr(
                  lang,
                  `gradedraw: note: ${made} of the draw's ${visits} visit(s) have results recorded: those inspections were made and stay in the history, where a new draw of ${opts.period} counts them for caps (${opts.db})`,
                  `gradedraw: 提示：该抽取的 ${visits} 次检查中已有 ${made} 次记录了检查结果：这些检查已经实施，仍保留在检查历史中，重新抽取 ${opts.period} 时计入频次上限（${opts.db}）`,
                ),
              );
            cli.io.out(
              opts.json
                ? JSON.stringify({ cancelled: seq, visits, made })
                : tr(
                    lang,
                    `cancelled draw #${seq}; a new draw of ${opts.period} takes a new public seed`,
                    `已撤销第 ${seq} 条抽取；重新抽取 ${opts.period} 须重新公开产生种子`,
                  ),
            );
            return 0;
          });
        },
      ),
    );
}
