/** `gradedraw explain --draw`: an enterprise as a draw in a folder saw it, its ticket, and whether it was drawn. */
import { checkUscc } from "../../engine/data/uscc.js";
import { explainDrawn } from "../../engine/draw/explain-drawn.js";
import { type Lang, tr } from "../../engine/lang.js";
import { taskText } from "../../engine/store/ledger.js";
import { heldInForce } from "../../engine/store/ledger-audit.js";
import { compareTicketStrings } from "../../engine/tickets.js";
import { type Cli, UsageError } from "../context.js";
import { readLedger } from "../ledger-access.js";
import { printExplanation } from "./explain-text.js";

/**
 * explain --draw: the enterprise as the draw in `dir` saw it (see explainDrawn), then its ticket
 * and whether it was drawn: in its stratum, the tickets drawn were the lowest, up to the highest
 * one said; an eligible enterprise not drawn had a higher ticket.
 */
export async function explainInDraw(
  cli: Cli,
  dir: string,
  opts: {
    uscc: string;
    policy?: string;
    enterprises?: string;
    history?: string;
    date?: string;
    departments?: string;
    db?: string;
    json?: boolean;
  },
  lang: Lang,
): Promise<number> {
  const own = [
    ["--policy", opts.policy],
    ["--enterprises", opts.enterprises],
    ["--history", opts.history],
    ["--date", opts.date],
    ["--departments", opts.departments],
  ].filter(([, v]) => v !== undefined);
  if (own.length)
    throw new UsageError(
      tr(
        lang,
        `--draw explains the enterprise with the draw's own recorded inputs, date and task: leave out ${own.map(([o]) => o).join(", ")}`,
        `--draw 按该次抽取记录的输入、日期和任务说明该企业：请去掉 ${own.map(([o]) => o).join("、")}`,
      ),
    );
  const code = checkUscc(opts.uscc);
  if (code.fault) throw new UsageError(tr(lang, `--uscc: ${code.fault.en}`, `--uscc：${code.fault.zh}`));
  const d = await explainDrawn(dir, code.code, lang);
  const m = d.manifest;
  const id = `${m.policy.id}@${m.policy.version}`;
  // Whether the ledger given holds the draw in force (as tickets --draw says): a cancelled draw's visits are not made.
  const file = m.dryRun ? undefined : opts.db;
  const held =
    file === undefined
      ? undefined
      : readLedger(file, lang, (db) => {
          const { entry, not } = heldInForce(db, m, lang);
          return { file, seq: entry?.seq, cancelledBy: entry?.cancelledBy, not };
        });
  if (opts.json) {
    cli.io.out(
      JSON.stringify(
        {
          policy: m.policy.id,
          version: m.policy.version,
          hash: m.policy.sha256,
          date: m.drawDate,
          ...d.explanation,
          draw: d.draw,
          ...(held ? { ledger: { file: held.file, seq: held.seq, cancelledBy: held.cancelledBy } } : {}),
        },
        null,
        2,
      ),
    );
    return 0;
  }
  const task = taskText(m.task.name, lang);
  printExplanation(cli.io.out, lang, {
    e: d.enterprise,
    id,
    date: m.drawDate,
    x: d.explanation,
    policy: d.policy,
    tasked: m.task.departments,
    before: [
      tr(
        lang,
        `as the draw in ${dir} saw it (${m.period}, task ${task}${m.dryRun ? ", a dry run" : ""}): its recorded inputs, and the ledger as it stood then`,
        `按 ${dir} 中的抽取所见（${m.period}，${task}${m.dryRun ? "，试抽" : ""}）：其记录的输入，以及当时的台账`,
      ),
    ],
  });
  const { ticket, drawn, stratum, highestDrawn } = d.draw;
  const out = cli.io.out;
  out("");
  out(tr(lang, `ticket: ${ticket}`, `抽签号：${ticket}`));
  if (drawn)
    out(
      tr(
        lang,
        `drawn: yes, in ${stratum?.name}${stratum ? ` (${stratum.n} of ${stratum.eligible} eligible, those with the lowest tickets)` : ""}`,
        `是否抽中：是，${stratum?.name}${stratum ? `（${stratum.eligible} 家可抽取中抽签号最小的 ${stratum.n} 家）` : ""}`,
      ),
    );
  else if (!d.explanation.eligible)
    out(tr(lang, "drawn: no (not eligible, above)", "是否抽中：否（不可被抽取，见上）"));
  else if (!stratum || stratum.n === 0)
    out(
      tr(
        lang,
        `drawn: no (none of the ${stratum?.eligible ?? 0} eligible in ${d.explanation.treatment} was drawn)`,
        `是否抽中：否（${d.explanation.treatment} 的 ${stratum?.eligible ?? 0} 家可抽取企业均未抽取）`,
      ),
    );
  else if (highestDrawn !== undefined && compareTicketStrings(ticket, highestDrawn) < 0)
    // Its ticket lower than one drawn: this reading of the draw's inputs is not the draw's own.
    out(
      tr(
        lang,
        `drawn: no, though its ticket is lower than one drawn in ${stratum.name} (${highestDrawn}): this explanation and the draw disagree; check the folder with gradedraw verify ${dir}`,
        `是否抽中：否，但其抽签号小于 ${stratum.name} 中已抽中的 ${highestDrawn}：本说明与该次抽取不一致；请用 gradedraw verify ${dir} 核对该文件夹`,
      ),
    );
  else
    out(
      tr(
        lang,
        `drawn: no (${stratum.n} of the ${stratum.eligible} eligible in ${stratum.name} were drawn, those with the lowest tickets, up to ${highestDrawn}; its ticket is higher)`,
        `是否抽中：否（${stratum.name} 的 ${stratum.eligible} 家可抽取企业中抽取了抽签号最小的 ${stratum.n} 家，最大为 ${highestDrawn}；其抽签号更大）`,
      ),
    );
  if (held)
    out(
      held.not === undefined
        ? tr(
            lang,
            `ledger ${held.file}: the draw is entry #${held.seq}, in force`,
            `台账 ${held.file}：该抽取为第 ${held.seq} 条，有效`,
          )
        : tr(
            lang,
            `ledger ${held.file}: ${held.not}${held.cancelledBy ? "; its visits are not made" : ""}`,
            `台账 ${held.file}：${held.not}${held.cancelledBy ? "；其检查不再进行" : ""}`,
          ),
    );
  return 0;
}
