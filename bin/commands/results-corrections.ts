import { tr } from "../../engine/lang.js";
import { listCorrections } from "../../engine/store/result-corrections.js";
import { textTable } from "../../reports/text-table.js";
import type { Cli, Command } from "../context.js";
import { localMinute } from "./ledger.js";
import { ledgerListing } from "./ledger-listing.js";
import { changeText, withdrawnText } from "./result-changes.js";

/** `gradedraw results corrections`: the recorded results corrected (更正) or withdrawn (撤回), what they said before and after, and why. */
export function registerResultsCorrections(results: Command, cli: Cli) {
  ledgerListing(results, cli, {
    name: "corrections",
    description:
      "the corrections (更正) and withdrawals (撤回) of recorded results: when, which result, what it said before and after, why, and the file's hash",
    period: "only the results of inspections dated in this period, e.g. 2026-H1",
    example: "gradedraw results corrections --db gradedraw.db --period 2026-H1",
    list: (db, period) => listCorrections(db, period && { from: period.start, to: period.end }),
    none: (period, file, lang) =>
      period === undefined
        ? tr(lang, `no result of ${file} has been corrected`, `${file} 中没有更正过的结果`)
        : tr(
            lang,
            `no result of an inspection dated in ${period.label} has been corrected`,
            `检查日期在 ${period.label} 内的结果没有更正`,
          ),
    text: (list, lang) =>
      textTable(
        lang === "zh"
          ? [
              "时间",
              "统一社会信用代码",
              "检查日期",
              "检查部门",
              "检查事项",
              "更正或撤回",
              "原因",
              "文件 SHA-256",
            ]
          : ["when", "uscc", "date", "department", "item", "change", "reason", "file SHA-256"],
        list.map((c) => [
          localMinute(c.at),
          c.uscc,
          c.date,
          c.department,
          c.item,
          c.after === null ? withdrawnText(c.before, lang) : changeText(c.before, c.after, lang),
          c.reason,
          c.file.slice(0, 12),
        ]),
      ),
  });
}
