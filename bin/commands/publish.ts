import { existsSync } from "node:fs";
import { extname } from "node:path";
import { safeCell } from "../../engine/csv.js";
import { writeFileAtomicWith } from "../../engine/files.js";
import { type Lang, tr } from "../../engine/lang.js";
import { today } from "../../engine/period.js";
import { maskName } from "../../engine/privacy.js";
import {
  PUBLICATION_HEADERS,
  PUBLICATION_WIDTHS,
  publicationCells,
  publicationRows,
} from "../../engine/publish.js";
import { DEFAULT_DB, openDbToRead } from "../../engine/store/db.js";
import { withdrawnBetween } from "../../engine/store/result-corrections.js";
import { ANCHOR_DIGITS, chainHeads } from "../../engine/store/result-log.js";
import { resultsSpan } from "../../engine/store/result-reads.js";
import { writeXlsx } from "../../engine/xlsx.js";
import {
  action,
  type Cli,
  type Command,
  command,
  Failed,
  fitsOneSheet,
  someOf,
  UsageError,
  writeListCsv,
} from "../context.js";
import { periodOption } from "../options.js";
import { dataOptions, enterprisesFrom, readOptions } from "./inputs.js";
import { itemNamesFor } from "./load-policy.js";

/** `gradedraw publish`: the publication list (公示) of a period's recorded results. */
export function registerPublish(program: Command, cli: Cli) {
  dataOptions(
    command(
      program,
      "publish",
      "the publication list (公示) of a period's recorded results: each with its kind of inspection and the draw it was part of, no inspector data, natural persons' names masked, each row's deadline; and prints the ledger's last hashes, to keep with the list",
    )
      .requiredOption("--period <period>", "period of the inspections: YYYY, YYYY-H1, YYYY-Q1 or YYYY-MM")
      .requiredOption("--out <file>", "output file: .csv or .xlsx")
      .option("--db <file>", "the database with recorded results", DEFAULT_DB)
      .option(
        "--enterprises <file>",
        "enterprise file for names, its operator column (经营者) masking an operator's name in a trade name (default: names recorded with the draws)",
      )
      .option(
        "--policy <file>",
        "policy file, or folder of versions (of one policy or several), for the names of the inspection items",
      ),
  )
    .addHelpText(
      "after",
      "\nExample:\n  gradedraw publish --db gradedraw.db --period 2026-H1 --out 公示-2026-H1.xlsx --lang zh \\\n    --enterprises examples/enterprises.csv --policy policies/huaian-2021",
    )
    .action(
      action(
        cli,
        async (opts: {
          period: string;
          out: string;
          db: string;
          enterprises?: string;
          policy?: string;
          json?: boolean;
          encoding?: string;
          sheet?: string;
        }) => {
          const lang = cli.lang();
          const period = periodOption(opts.period, lang);
          const ext = extname(opts.out).toLowerCase();
          if (ext !== ".csv" && ext !== ".xlsx")
            throw new UsageError(
              tr(lang, "--out must end in .csv or .xlsx", "--out 必须以 .csv 或 .xlsx 结尾"),
            );
          if (!existsSync(opts.db))
            throw new Failed(tr(lang, `no database at ${opts.db}`, `找不到数据库 ${opts.db}`));
          const names = new Map<string, string>();
          if (opts.enterprises)
            for (const e of await enterprisesFrom(cli, opts.enterprises, readOptions(cli, opts)))
              names.set(e.uscc, maskName(e.uscc, e.name, e.operator));
          // A folder of versions names the items by the version in force at the period's end.
          const items = opts.policy ? itemNamesFor(opts.policy, period.end, lang) : new Map<string, string>();
          const db = openDbToRead(opts.db, lang);
          let rows: ReturnType<typeof publicationRows>;
          let span: ReturnType<typeof resultsSpan>;
          let withdrawn: ReturnType<typeof withdrawnBetween>;
          let heads: ReturnType<typeof chainHeads>;
          try {
            rows = publicationRows(db, period, names, lang, items);
            span = rows.length ? undefined : resultsSpan(db);
            withdrawn = withdrawnBetween(db, period.start, period.end);
            heads = chainHeads(db);
          } finally {
            db.close();
          }
          const header = PUBLICATION_HEADERS[lang];
          const cells = rows.map((r) => publicationCells(r, lang));
          if (ext === ".csv") writeListCsv(cli, opts.out, header, cells, lang);
          else {
            fitsOneSheet(cells.length, { en: "the list", zh: "公示表" }, lang);
            const sheet = {
              name: lang === "zh" ? "公示" : "publication",
              header,
              widths: PUBLICATION_WIDTHS[lang],
              // The enterprise's name kept in view as the list scrolls right.
              frozenColumns: 1,
              // A cell that would be a formula is kept text, as in tasks.xlsx.
              rows: () => cells.map((c) => c.map(safeCell)),
            };
            // Dated the period's last day, so the same results give the same file.
            await writeFileAtomicWith(
              opts.out,
              (path) => writeXlsx(path, [sheet], { creator: "gradedraw", date: period.end }),
              lang,
            );
          }
          // An empty list is most often a mistyped period or another database: what it holds is said.
          if (!rows.length)
            cli.io.err(
              span
                ? tr(
                    lang,
                    `gradedraw: note: no result is dated in ${period.label} (${period.start} to ${period.end}), so the list is empty; the database's ${span.count} result(s) are dated ${span.first} to ${span.last} (${opts.db})`,
                    `gradedraw: 提示：没有检查日期在 ${period.label}（${period.start} 至 ${period.end}）内的结果，公示表为空；该数据库的 ${span.count} 条结果的检查日期为 ${span.first} 至 ${span.last}（${opts.db}）`,
                  )
                : tr(
                    lang,
                    `gradedraw: note: the database holds no results, so the list is empty; record them with gradedraw results import (${opts.db})`,
                    `gradedraw: 提示：该数据库中没有检查结果，公示表为空；请先用 gradedraw results import 录入（${opts.db}）`,
                  ),
            );
          // A result of an enterprise in no recorded draw (a targeted inspection, or a cancelled
          // draw) has no name unless an enterprise file gives it: published blank, so said.
          const unnamed = [...new Set(rows.filter((r) => r.name === "").map((r) => r.uscc))];
          if (unnamed.length)
            cli.io.err(
              tr(
                lang,
                `gradedraw: ${unnamed.length} enterprise(s) have no name in the list: they are in no recorded draw; give --enterprises to name them (${someOf(unnamed, lang)})`,
                `gradedraw: 公示表中 ${unnamed.length} 家企业没有名称：它们不在已记录的抽取中；请用 --enterprises 提供企业名录（${someOf(unnamed, lang)}）`,
              ),
            );
          // The public reads an item by its name; without a policy the list carries only codes.
          if (!opts.policy && rows.length)
            cli.io.err(
              tr(
                lang,
                "gradedraw: the inspection items are published by their codes; give --policy to name them",
                "gradedraw: 公示表中的检查事项只有代码；请用 --policy 提供政策文件以列出事项名称",
              ),
            );
          const unnamedItems = [...new Set(rows.filter((r) => r.itemName === null).map((r) => r.item))];
          if (opts.policy && unnamedItems.length)
            cli.io.err(
              tr(
                lang,
                `gradedraw: ${unnamedItems.length} item code(s) are not items of ${opts.policy}: published by code (${someOf(unnamedItems, lang)})`,
                `gradedraw: ${unnamedItems.length} 个检查事项代码不在 ${opts.policy} 中，按代码公示（${someOf(unnamedItems, lang)}）`,
              ),
            );
          // A deadline counted in part on weekends alone: the first year it crossed whose holidays are not known.
          const unknownYears = rows.flatMap((r) => (r.unknownYear === null ? [] : [r.unknownYear]));
          if (unknownYears.length) {
            const years = [...new Set(unknownYears)].sort((a, b) => a - b).join(", ");
            cli.io.err(
              tr(
                lang,
                `gradedraw: ${unknownYears.length} deadline(s) count working days in a year whose holidays are not known (${years}): computed on weekends only; record the year's holidays and make-up workdays from the State Council's notice (gradedraw calendar import), or check them`,
                `gradedraw: ${unknownYears.length} 个截止日期所计的工作日落在节假日安排未知的年份（${years}）：仅按周末计算；请按国务院办公厅通知录入该年的放假和调休上班安排（gradedraw calendar import），或自行核对`,
              ),
            );
          }
          // Results are published within 20 working days of their inspection: one whose deadline
          // has passed is late, unless it was published already (this may be a list printed again).
          const day = today();
          const late = rows.filter((r) => r.deadline < day).map((r) => r.deadline);
          if (late.length) {
            const earliest = late.sort()[0];
            cli.io.err(
              tr(
                lang,
                `gradedraw: note: ${late.length} result(s) are past their publication deadline (20 working days after the inspection; the earliest ${earliest}) as of today (${day}): if not yet published, they are late`,
                `gradedraw: 提示：截至今天（${day}），${late.length} 条结果已过公示期限（检查后 20 个工作日；最早为 ${earliest}）：如尚未公示，已经逾期`,
              ),
            );
          }
          // A list published before a correction says what the result said then: to be published again.
          const corrected = rows.flatMap((r) => (r.corrected === null ? [] : [r.corrected])).sort();
          if (corrected.length)
            cli.io.err(
              tr(
                lang,
                `gradedraw: note: ${corrected.length} result(s) of the list were corrected after they were recorded (results import --correct), the latest on ${corrected[corrected.length - 1]}: a list of ${opts.period} published before then says what they said before`,
                `gradedraw: 提示：公示表中 ${corrected.length} 条结果在录入后经过更正（results import --correct），最近一次为 ${corrected[corrected.length - 1]}：此前公示的 ${opts.period} 公示表仍为更正前的内容`,
              ),
            );
          // A list published before a withdrawal shows the result withdrawn.
          if (withdrawn.count && withdrawn.latest)
            cli.io.err(
              tr(
                lang,
                `gradedraw: note: ${withdrawn.count} result(s) of inspections dated in ${opts.period} were withdrawn after they were recorded (results withdraw), the latest on ${today(new Date(withdrawn.latest))}: a list of ${opts.period} published before then shows them`,
                `gradedraw: 提示：检查日期在 ${opts.period} 内的 ${withdrawn.count} 条结果在录入后已撤回（results withdraw），最近一次为 ${today(new Date(withdrawn.latest))}：此前公示的 ${opts.period} 公示表中仍有这些结果`,
              ),
            );
          if (opts.json) cli.io.out(JSON.stringify({ out: opts.out, rows, anchors: heads }, null, 2));
          else
            cli.io.out(
              [
                tr(
                  lang,
                  `${rows.length} result(s) of ${opts.period} written to ${opts.out}`,
                  `${opts.period} 共 ${rows.length} 条结果已写入 ${opts.out}`,
                ),
                ...anchorsLine(heads, lang),
              ].join("\n"),
            );
          return 0;
        },
      ),
    );
}

/**
 * The ledger's and its results log's last hashes as the list is made, to be kept with it (printed,
 * or published beside it): a chain rewritten whole since verifies by itself, but no longer holds
 * them, which `ledger verify --anchor` tells. Nothing for a ledger with neither a draw nor a result.
 */
function anchorsLine(heads: ReturnType<typeof chainHeads>, lang: Lang): string[] {
  const short = (h: string) => h.slice(0, ANCHOR_DIGITS);
  const en = [
    heads.ledger === null ? "" : `the ledger's last hash ${short(heads.ledger)}`,
    heads.results === null
      ? ""
      : heads.ledger === null
        ? `the results log's last hash ${short(heads.results)}`
        : `its results log's ${short(heads.results)}`,
  ].filter(Boolean);
  const zh = [
    heads.ledger === null ? "" : `台账末条哈希 ${short(heads.ledger)}`,
    heads.results === null ? "" : `结果日志末条哈希 ${short(heads.results)}`,
  ].filter(Boolean);
  if (!en.length) return [];
  return [
    tr(
      lang,
      `keep with the list: ${en.join(", ")} (gradedraw ledger verify --anchor HASH tells later that the ledger was not rewritten since)`,
      `请与公示表一并留存：${zh.join("，")}（日后可用 gradedraw ledger verify --anchor 哈希值 核对台账此后未被重写）`,
    ),
  ];
}
