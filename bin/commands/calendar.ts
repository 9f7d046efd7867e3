import { readFileSync } from "node:fs";
import { CALENDAR_PACKAGE } from "../../engine/calendar.js";
import { sha256 } from "../../engine/canonical.js";
import { readHolidays } from "../../engine/data/read-notice.js";
import { tr } from "../../engine/lang.js";
import type { Problem } from "../../engine/problem.js";
import { recordSchedule } from "../../engine/store/calendar.js";
import { DEFAULT_DB, openDb } from "../../engine/store/db.js";
import { action, type Cli, type Command, command, Failed, problemLine, UsageError } from "../context.js";
import { registerCalendarList } from "./calendar-list.js";
import { registerCalendarTemplate } from "./calendar-template.js";
import { yearOption } from "./calendar-words.js";
import { dataOptions, readOptions, sayNotices } from "./inputs.js";

/**
 * `gradedraw calendar`: the holidays and make-up workdays (调休) publication deadlines are counted
 * in. chinese-days lists the years the State Council has announced when it was released; an office
 * records a later year from the notice, which the ledger keeps.
 */
export function registerCalendar(program: Command, cli: Cli) {
  const calendar = program
    .command("calendar")
    .description(
      "the holidays and make-up workdays (节假日安排) publication deadlines count working days by",
    );

  dataOptions(
    command(
      calendar,
      "import",
      "record a year's holidays and make-up workdays from the State Council's notice, for a year chinese-days does not list yet",
    )
      .argument(
        "<file>",
        "the notice's text as published, in a .txt file; or a table (CSV, XLSX, JSON, NDJSON): date (a day or a range), kind (放假 or 上班), name",
      )
      .option("--db <file>", "the ledger database", DEFAULT_DB)
      .option(
        "--year <year>",
        "the notice's year, where its text does not say it (关于2027年部分节假日安排的通知)",
      )
      .option("--replace", "replace a year recorded before with other days"),
  )
    .addHelpText("after", "\nExample:\n  gradedraw calendar import 节假日-2027.csv --db gradedraw.db")
    .action(
      action(
        cli,
        async (
          file: string,
          opts: {
            db: string;
            year?: string;
            replace?: boolean;
            json?: boolean;
            encoding?: string;
            sheet?: string;
          },
        ) => {
          const lang = cli.lang();
          const year = opts.year === undefined ? undefined : yearOption(opts.year, lang);
          const read = await readHolidays(file, { ...readOptions(cli, opts), ...(year ? { year } : {}) });
          if (year !== undefined && !read.notice)
            throw new UsageError(
              tr(
                lang,
                `--year is for a notice's text (a .txt file): ${file} is read as a table, whose dates give their year`,
                `--year 只用于通知文本（.txt 文件）：${file} 按表格读取，其日期已写明年份`,
              ),
            );
          sayNotices(cli, read.notices);
          const db = openDb(opts.db, lang);
          try {
            const out = recordSchedule(
              db,
              read.days,
              sha256(readFileSync(file)),
              new Date().toISOString(),
              opts.replace === true,
            );
            if (!out.written) {
              // Said on stderr, and given with the failure to the --json document.
              const problems = out.differing.map(
                (d): Problem => ({
                  file,
                  line: 0,
                  col: 0,
                  message: tr(
                    lang,
                    `the ledger records another schedule of ${d.year}: ${d.days} day(s) differ (gradedraw calendar list --year ${d.year} shows it); give --replace to replace it`,
                    `台账中已记录 ${d.year} 年的另一份安排：有 ${d.days} 天不同（gradedraw calendar list --year ${d.year} 可查看）；如需替换请加 --replace`,
                  ),
                }),
              );
              for (const p of problems) cli.io.err(problemLine(p, lang));
              throw new Failed(tr(lang, "nothing was recorded", "未记录任何内容"), problems);
            }
            const count = (year: number) => {
              const of = read.days.filter((d) => d.date.startsWith(String(year)));
              const holidays = of.filter((d) => d.kind === "holiday").length;
              return { holidays, workdays: of.length - holidays };
            };
            if (opts.json) {
              cli.io.out(
                JSON.stringify(
                  {
                    file,
                    db: opts.db,
                    recorded: out.recorded.map((year) => ({ year, ...count(year) })),
                    replaced: out.differing.map((d) => ({ ...d, ...count(d.year) })),
                    unchanged: out.same,
                    known: out.known,
                  },
                  null,
                  2,
                ),
              );
              return 0;
            }
            for (const year of out.recorded) {
              const c = count(year);
              cli.io.out(
                tr(
                  lang,
                  `recorded the schedule of ${year}: ${c.holidays} holiday(s), ${c.workdays} make-up workday(s); publication deadlines count them`,
                  `已记录 ${year} 年的节假日安排：放假 ${c.holidays} 天，调休上班 ${c.workdays} 天；公示截止日期据此计算`,
                ),
              );
            }
            for (const d of out.differing) {
              const c = count(d.year);
              cli.io.out(
                tr(
                  lang,
                  `replaced the schedule of ${d.year} (${d.days} day(s) differ): ${c.holidays} holiday(s), ${c.workdays} make-up workday(s)`,
                  `已替换 ${d.year} 年的节假日安排（${d.days} 天不同）：放假 ${c.holidays} 天，调休上班 ${c.workdays} 天`,
                ),
              );
            }
            for (const year of out.same)
              cli.io.out(
                tr(
                  lang,
                  `the schedule of ${year} is recorded already, with the same days`,
                  `${year} 年的节假日安排已记录，内容相同`,
                ),
              );
            for (const year of out.known)
              cli.io.out(
                tr(
                  lang,
                  `the schedule of ${year} is known already (${CALENDAR_PACKAGE}); the days the file gives agree with it, and nothing of it was recorded`,
                  `${year} 年的节假日安排已知（${CALENDAR_PACKAGE}）；文件所列日期与之一致，未另行记录`,
                ),
              );
            return 0;
          } finally {
            db.close();
          }
        },
      ),
    );

  registerCalendarList(calendar, cli);
  registerCalendarTemplate(calendar, cli);
}
