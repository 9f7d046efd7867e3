/** `gradedraw calendar list`: the years whose holidays are known, or one year's days. */
import { existsSync } from "node:fs";
import { CALENDAR_PACKAGE, LAST_CALENDAR_YEAR, PACKAGE_CALENDAR, weekday } from "../../engine/calendar.js";
import { WEEKDAYS } from "../../engine/data/weekdays.js";
import { tr } from "../../engine/lang.js";
import { recordedDays, recordedYears } from "../../engine/store/calendar.js";
import { DEFAULT_DB } from "../../engine/store/db.js";
import { textTable } from "../../reports/text-table.js";
import { action, type Cli, type Command, command } from "../context.js";
import { noLedgerYet, readLedger } from "../ledger-access.js";
import { KIND_WORDS, yearOption } from "./calendar-words.js";
import { localMinute } from "./ledger.js";

/** Registers `calendar list` under `calendar`. */
export function registerCalendarList(calendar: Command, cli: Cli) {
  command(
    calendar,
    "list",
    "the years whose holidays are known, from chinese-days or recorded in the ledger; with --year, that year's days",
  )
    .option("--db <file>", "the ledger database", DEFAULT_DB)
    .option("--year <year>", "list the holidays and make-up workdays of this year")
    .addHelpText("after", "\nExample:\n  gradedraw calendar list --db gradedraw.db --year 2026")
    .action(
      action(cli, (opts: { db: string; year?: string; json?: boolean }) => {
        const lang = cli.lang();
        const year = opts.year === undefined ? undefined : yearOption(opts.year, lang);
        // Without a ledger, the years chinese-days lists are still known.
        const fromLedger = existsSync(opts.db)
          ? readLedger(opts.db, lang, (db) => ({
              years: recordedYears(db),
              days: year === undefined ? [] : recordedDays(db, year),
            }))
          : undefined;
        if (!fromLedger) cli.io.err(noLedgerYet(opts.db, lang));
        const recorded = fromLedger?.years ?? [];
        const first = Math.min(...PACKAGE_CALENDAR.years);
        if (year === undefined) {
          if (opts.json) {
            cli.io.out(
              JSON.stringify(
                { package: { name: CALENDAR_PACKAGE, from: first, to: LAST_CALENDAR_YEAR }, recorded },
                null,
                2,
              ),
            );
            return 0;
          }
          cli.io.out(
            textTable(
              lang === "zh"
                ? ["年份", "来源", "放假", "调休上班", "记录时间"]
                : ["years", "from", "holidays", "workdays", "recorded"],
              [
                [`${first}–${LAST_CALENDAR_YEAR}`, CALENDAR_PACKAGE, "", "", ""],
                ...recorded.map((y) => [
                  String(y.year),
                  PACKAGE_CALENDAR.years.has(y.year)
                    ? tr(
                        lang,
                        `${opts.db} (not used: ${CALENDAR_PACKAGE} lists it)`,
                        `${opts.db}（未使用：${CALENDAR_PACKAGE} 已有）`,
                      )
                    : `${opts.db} ${y.file.slice(0, 12)}`,
                  String(y.holidays),
                  String(y.workdays),
                  localMinute(y.at),
                ]),
              ],
            ),
          );
          const next = LAST_CALENDAR_YEAR + 1;
          if (!recorded.some((y) => y.year === next))
            cli.io.err(
              tr(
                lang,
                `gradedraw: note: the holidays of ${next} are not known: deadlines counted into it use weekends alone, until its schedule is recorded (gradedraw calendar template --year ${next}, then calendar import)`,
                `gradedraw: 提示：${next} 年的节假日安排未知：计入该年的截止日期只按周末计算，直至录入其安排（gradedraw calendar template --year ${next}，再 calendar import）`,
              ),
            );
          return 0;
        }
        const known = PACKAGE_CALENDAR.years.has(year);
        const days = known
          ? [...PACKAGE_CALENDAR.days.values()]
              .filter((d) => d.date.startsWith(String(year)))
              .sort((a, b) => (a.date < b.date ? -1 : 1))
          : (fromLedger?.days ?? []);
        const source = known ? CALENDAR_PACKAGE : days.length ? opts.db : null;
        if (opts.json) {
          cli.io.out(JSON.stringify({ year, source, days }, null, 2));
          return 0;
        }
        if (!days.length) {
          cli.io.out(
            tr(
              lang,
              `the holidays of ${year} are not known: deadlines counted into it use weekends alone`,
              `${year} 年的节假日安排未知：计入该年的截止日期只按周末计算`,
            ),
          );
          return 0;
        }
        cli.io.out(
          textTable(
            lang === "zh" ? ["日期", "星期", "安排", "节日"] : ["date", "weekday", "kind", "name"],
            days.map((d) => [d.date, WEEKDAYS[lang][weekday(d.date)], KIND_WORDS[lang][d.kind], d.name]),
          ),
        );
        cli.io.err(
          tr(
            lang,
            `gradedraw: the schedule of ${year} is ${source}'s`,
            `gradedraw: ${year} 年的安排来自 ${source}`,
          ),
        );
        return 0;
      }),
    );
}
