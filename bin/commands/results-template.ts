import { existsSync } from "node:fs";
import { extname } from "node:path";
import { verifyRecorded } from "../../engine/draw/verify.js";
import { writeFileAtomicWith } from "../../engine/files.js";
import { tr } from "../../engine/lang.js";
import { DEFAULT_DB } from "../../engine/store/db.js";
import { taskText, visitsMade } from "../../engine/store/ledger.js";
import { writeXlsx } from "../../engine/xlsx.js";
import {
  resultsTemplate,
  TEMPLATE_HEADERS,
  templateCells,
  templateSheets,
} from "../../reports/results-template.js";
import {
  action,
  type Cli,
  type Command,
  command,
  Failed,
  fitsOneSheet,
  UsageError,
  writeListCsv,
} from "../context.js";
import { readLedger } from "../ledger-access.js";
import { statusOf } from "./inputs.js";

/** `gradedraw results template DIR`: a results form of a recorded draw. */
export function registerResultsTemplate(results: Command, cli: Cli) {
  command(
    results,
    "template",
    "a results form of a recorded draw: a row per item of each visit, for the date and result",
  )
    .argument("<dir>", "the folder of a recorded draw")
    .requiredOption("--out <file>", "output file: .xlsx or .csv")
    .option("--db <file>", `the ledger that records the draw (default ${DEFAULT_DB}, when it exists)`)
    .addHelpText(
      "after",
      "\nExample:\n  gradedraw results template draws/2026-H1 --db gradedraw.db --out 结果录入-2026-H1.xlsx --lang zh",
    )
    .action(
      action(cli, async (dir: string, opts: { out: string; db?: string; json?: boolean }) => {
        const lang = cli.lang();
        const ext = extname(opts.out).toLowerCase();
        if (ext !== ".csv" && ext !== ".xlsx")
          throw new UsageError(
            tr(lang, "--out must end in .xlsx or .csv", "--out 必须以 .xlsx 或 .csv 结尾"),
          );
        // A form may have been filled in since it was made: never written over.
        if (existsSync(opts.out))
          throw new Failed(
            tr(
              lang,
              `${opts.out} exists, and a results form may hold results filled in: give another --out, or remove it first`,
              `${opts.out} 已存在，结果录入表中可能已填有结果：请另指定 --out，或先将其删除`,
            ),
          );
        // A large draw's form takes a while (135,448 visits: some 14 s): a terminal is shown each step.
        const line = statusOf(cli);
        line.doing({ en: `reading the draw in ${dir}`, zh: `读取 ${dir} 中的抽取结果` });
        const { manifest, rows } = await resultsTemplate(dir, lang);
        // A cancelled draw's visits are not made, and another ledger's results are not this one's.
        const ledger = opts.db ?? (existsSync(DEFAULT_DB) ? DEFAULT_DB : undefined);
        // The draw's visits a recorded result reports already (a form made again, mid-period).
        let reported = 0;
        if (ledger === undefined)
          cli.io.err(
            tr(
              lang,
              `gradedraw: note: no ledger ${DEFAULT_DB} here, so whether the draw is recorded and in force was not checked; give the ledger with --db`,
              `gradedraw: 提示：当前目录没有台账 ${DEFAULT_DB}，未核对该抽取是否已记录且有效；请用 --db 指定台账`,
            ),
          );
        else {
          line.doing({
            en: `checking that ${ledger} records the draw`,
            zh: `核对台账 ${ledger} 是否记录该抽取`,
          });
          const check = readLedger(ledger, lang, (db) => {
            const recorded = verifyRecorded(dir, db, ledger, lang);
            return {
              ...recorded,
              reported: recorded.seq === undefined ? 0 : visitsMade(db, recorded.seq).made,
            };
          });
          if (!check.ok) {
            for (const p of check.problems) cli.io.err(`gradedraw: ${p}`);
            throw new Failed(
              tr(
                lang,
                "no results form was written: it is made for a draw in force in the ledger",
                "未生成结果录入表：录入表只为台账中有效的抽取生成",
              ),
              check.problems.map((message) => ({ message })),
            );
          }
          reported = check.reported;
        }
        line.doing({ en: `writing ${opts.out}`, zh: `写出 ${opts.out}` });
        const header = TEMPLATE_HEADERS[lang];
        const cells = rows.map((r) => templateCells(r, lang));
        if (ext === ".csv") writeListCsv(cli, opts.out, header, cells, lang);
        else {
          // results import reads the form's sheet alone: a form longer than a sheet is a CSV.
          fitsOneSheet(cells.length, { en: "the form", zh: "录入表" }, lang);
          const sheets = templateSheets(cells, manifest.drawDate, lang);
          // Dated the draw's day, so the same draw gives the same form.
          await writeFileAtomicWith(
            opts.out,
            (path) => writeXlsx(path, sheets, { creator: "gradedraw", date: manifest.drawDate }),
            lang,
          );
        }
        const visits = new Set(rows.map((r) => r.uscc)).size;
        // Their rows stay (an item may be still to report), but a row of them filled in again under
        // another day is recorded as another inspection.
        if (reported > 0)
          cli.io.err(
            tr(
              lang,
              `gradedraw: note: ${reported} of the draw's ${visits} visit(s) have results recorded already; their rows are in the form too, and one filled in again under another date is recorded as another inspection: fill in those still to report`,
              `gradedraw: 提示：该抽取的 ${visits} 次检查中已有 ${reported} 次录入了检查结果；录入表中仍有这些检查的行，以其他日期再次填写的行将作为另一次检查录入：请只填写尚未报告的检查`,
            ),
          );
        if (opts.json)
          cli.io.out(JSON.stringify({ dir, out: opts.out, visits, reported, rows: rows.length }, null, 2));
        else
          cli.io.out(
            tr(
              lang,
              `${rows.length} row(s) for ${visits} visit(s) of ${manifest.policy.id}@${manifest.policy.version} ${manifest.task.name} ${manifest.period} written to ${opts.out}: fill in the date and result of each, then gradedraw results import ${opts.out}`,
              `已将 ${manifest.policy.id}@${manifest.policy.version} ${taskText(manifest.task.name, "zh")} ${manifest.period} 的 ${visits} 次检查共 ${rows.length} 行写入 ${opts.out}：逐行填写检查日期和检查结果后，用 gradedraw results import ${opts.out} 录入`,
            ),
          );
        return 0;
      }),
    );
}
