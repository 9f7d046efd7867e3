import { findResultCode } from "../../engine/data/result-codes.js";
import { checkUscc } from "../../engine/data/uscc.js";
import { tr } from "../../engine/lang.js";
import { PUBLISHED_KIND } from "../../engine/publish.js";
import { resultHistory } from "../../engine/store/result-history.js";
import type { ResultLogOp } from "../../engine/store/result-log.js";
import { textTable } from "../../reports/text-table.js";
import { type Cli, type Command, UsageError } from "../context.js";
import { localMinute } from "./ledger.js";
import { ledgerListing } from "./ledger-listing.js";

const OPS: Readonly<Record<ResultLogOp | "held", { en: string; zh: string }>> = {
  held: { en: "held when the log began", zh: "日志建立时已有" },
  record: { en: "recorded", zh: "录入" },
  correct: { en: "corrected", zh: "更正" },
  withdraw: { en: "withdrawn", zh: "撤回" },
};

/**
 * `gradedraw results history --uscc CODE`: every result of one enterprise recorded, corrected or
 * withdrawn, in order, from the results log: what an office reads when the enterprise objects to a
 * published result (异议).
 */
export function registerResultsHistory(results: Command, cli: Cli) {
  ledgerListing(results, cli, {
    name: "history",
    description:
      "every result of one enterprise recorded, corrected (更正) or withdrawn (撤回), in order, from the results log: when, what it said, the file and the reason",
    period: "only the results of inspections dated in this period, e.g. 2026-H1",
    example: "gradedraw results history --uscc 91320803NC9CMRX29P --db gradedraw.db",
    options: (cmd) => cmd.requiredOption("--uscc <code>", "the enterprise's unified social credit code"),
    list: (db, period, opts) => {
      const code = checkUscc(String(opts.uscc));
      if (code.fault)
        throw new UsageError(tr(cli.lang(), `--uscc: ${code.fault.en}`, `--uscc：${code.fault.zh}`));
      return resultHistory(db, code.code, period && { from: period.start, to: period.end });
    },
    none: (period, file, lang) =>
      tr(
        lang,
        `the results log of ${file} has no result of this enterprise${period ? ` dated in ${period.label}` : ""}`,
        `${file} 的结果日志中没有该企业${period ? `检查日期在 ${period.label} 内的` : "的"}结果`,
      ),
    text: (entries, lang) =>
      textTable(
        lang === "zh"
          ? [
              "时间",
              "条目",
              "操作",
              "检查日期",
              "检查部门",
              "检查事项",
              "检查类型",
              "检查结果",
              "执法人员",
              "原因",
              "文件 SHA-256",
            ]
          : [
              "when",
              "entry",
              "change",
              "date",
              "department",
              "item",
              "kind",
              "result",
              "inspectors",
              "reason",
              "file SHA-256",
            ],
        entries.map((e) => [
          localMinute(e.at),
          e.seq === null ? tr(lang, "before the log", "日志之前") : `#${e.seq}`,
          OPS[e.op][lang],
          e.date,
          e.department,
          e.item,
          lang === "zh" ? PUBLISHED_KIND[e.kind].zh : e.kind,
          lang === "zh" ? e.result.map((id) => findResultCode(id)?.zh ?? id).join("；") : e.result.join(";"),
          e.inspectors.join(lang === "zh" ? "；" : ";"),
          e.reason ?? "",
          e.file.slice(0, 12),
        ]),
      ),
  });
}
