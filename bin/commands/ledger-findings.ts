import { type Lang, tr } from "../../engine/lang.js";
import { DEFAULT_DB } from "../../engine/store/db.js";
import { taskText } from "../../engine/store/ledger.js";
import {
  type DrawFindings,
  drawFindings,
  type TreatmentFindings,
  wilson,
} from "../../engine/store/ledger-summary.js";
import { textTable } from "../../reports/text-table.js";
import { action, type Cli, type Command, command, periodOption, readLedger } from "../context.js";

/** `gradedraw ledger findings`: per draw in force and treatment, the visits drawn, made and with findings. */
export function registerLedgerFindings(ledger: Command, cli: Cli) {
  command(
    ledger,
    "findings",
    "what the draws in force found, per treatment: visits drawn, made, with findings, the hit rate with its 95% interval, unreachable and gone",
  )
    .option("--db <file>", "the ledger database", DEFAULT_DB)
    .option("--period <period>", "only the draws of this period, e.g. 2026-H1")
    .addHelpText("after", "\nExample:\n  gradedraw ledger findings --db gradedraw.db --period 2026-H1")
    .action(
      action(cli, (opts: { db: string; period?: string; json?: boolean }) => {
        const lang = cli.lang();
        const period = opts.period === undefined ? undefined : periodOption(opts.period, lang).label;
        return readLedger(opts.db, lang, (db) => {
          const draws = drawFindings(db, period);
          if (opts.json) cli.io.out(JSON.stringify(draws, null, 2));
          else if (draws.length === 0)
            cli.io.out(
              period === undefined
                ? tr(lang, `the ledger ${opts.db} holds no draw in force`, `台账 ${opts.db} 中没有有效的抽取`)
                : tr(
                    lang,
                    `the ledger holds no draw of ${period} in force`,
                    `台账中没有 ${period} 的有效抽取`,
                  ),
            );
          else cli.io.out(draws.map((d) => findingsTable(d, lang)).join("\n\n"));
          return 0;
        });
      }),
    );
}

/** A draw's findings as a heading and a table, a row per treatment and one of their totals. */
function findingsTable(d: DrawFindings, lang: Lang): string {
  const heading = tr(
    lang,
    `${d.period} ${taskText(d.task, lang)}: ${d.policy}@${d.version}, entry #${d.seq}, drawn on ${d.drawDate}`,
    `${d.period} ${taskText(d.task, lang)}：${d.policy}@${d.version}，台账第 ${d.seq} 条，抽取于 ${d.drawDate}`,
  );
  const row = (t: Omit<TreatmentFindings, "treatment">, name: string) => {
    const w = wilson(t.findings, t.made);
    // Whole percents for a few visits; tenths where there are enough to tell them.
    const percent = (x: number) => `${(x * 100).toFixed(t.made >= 100 ? 1 : 0)}%`;
    return [
      name,
      String(t.drawn),
      String(t.made),
      String(t.findings),
      w === undefined ? "" : `${percent(t.findings / t.made)} (${percent(w.low)}–${percent(w.high)})`,
      String(t.unreachable),
      String(t.gone),
    ];
  };
  const header =
    lang === "zh"
      ? [
          "处理方式",
          "抽中检查",
          "已录结果",
          "发现问题",
          "问题发现率（95%区间）",
          "无法联系",
          "注销迁出或无相关经营",
        ]
      : [
          "treatment",
          "drawn",
          "made",
          "with findings",
          "hit rate (95% interval)",
          "unreachable",
          "gone or no activity",
        ];
  const rows = [...d.treatments.map((t) => row(t, t.treatment)), row(d.total, tr(lang, "all", "合计"))];
  return `${heading}\n${textTable(header, rows)}`;
}
