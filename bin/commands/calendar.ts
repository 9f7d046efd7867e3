import { existsSync, readFileSync } from "node:fs";
import { extname } from "node:path";
import {
  CALENDAR_PACKAGE,
  type CalendarDay,
  LAST_CALENDAR_YEAR,
  PACKAGE_CALENDAR,
  STATUTORY_SINCE,
  statutoryHolidays,
  weekday,
} from "../../engine/calendar.js";
import { sha256 } from "../../engine/canonical.js";
import { toCsv } from "../../engine/csv.js";
import { readHolidays } from "../../engine/data/read-notice.js";
import { WEEKDAYS } from "../../engine/data/weekdays.js";
import { writeFileAtomic } from "../../engine/files.js";
import { type Lang, tr } from "../../engine/lang.js";
import { recordedDays, recordedYears, recordSchedule } from "../../engine/store/calendar.js";
import { DEFAULT_DB, openDb } from "../../engine/store/db.js";
import { textTable } from "../../reports/text-table.js";
import {
  action,
  type Cli,
  type Command,
  command,
  Failed,
  noLedgerYet,
  readLedger,
  UsageError,
} from "../context.js";
import { dataOptions, readOptions, sayNotices } from "./inputs.js";
import { localMinute } from "./ledger.js";

/** The headers of a schedule file as gradedraw writes it (calendar template). */
const HEADERS: Readonly<Record<Lang, readonly string[]>> = {
  en: ["date", "kind", "name"],
  zh: ["日期", "安排", "节日"],
};

const KIND_WORDS: Readonly<Record<Lang, Readonly<Record<CalendarDay["kind"], string>>>> = {
  en: { holiday: "holiday", workday: "workday" },
  zh: { holiday: "放假", workday: "上班" },
};

/** A year given by --year: a whole number of four digits. */
function yearOption(value: string, lang: Lang): number {
  if (!/^\d{4}$/.test(value.trim()))
    throw new UsageError(
      tr(lang, `--year must be a year, e.g. 2027: '${value}'`, `--year 应为年份，如 2027：“${value}”`),
    );
  return Number(value);
}

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
              for (const d of out.differing)
                cli.io.err(
                  tr(
                    lang,
                    `gradedraw: the ledger records another schedule of ${d.year}: ${d.days} day(s) differ (gradedraw calendar list --year ${d.year} shows it); give --replace to replace it (${file})`,
                    `gradedraw: 台账中已记录 ${d.year} 年的另一份安排：有 ${d.days} 天不同（gradedraw calendar list --year ${d.year} 可查看）；如需替换请加 --replace（${file}）`,
                  ),
                );
              throw new Failed(tr(lang, "nothing was recorded", "未记录任何内容"));
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
                  `the schedule of ${year} is known already (${CALENDAR_PACKAGE}); the file agrees with it, and nothing of it was recorded`,
                  `${year} 年的节假日安排已知（${CALENDAR_PACKAGE}）；文件与之一致，未另行记录`,
                ),
              );
            return 0;
          } finally {
            db.close();
          }
        },
      ),
    );

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

  command(
    calendar,
    "template",
    "a schedule file of a year with its statutory holidays (全国年节及纪念日放假办法), to complete from the State Council's notice and import",
  )
    .requiredOption("--year <year>", "the year, 2025 or later")
    .requiredOption("--out <file>", "output file (.csv)")
    .addHelpText(
      "after",
      "\nExample:\n  gradedraw calendar template --year 2027 --out 节假日-2027.csv --lang zh",
    )
    .action(
      action(cli, (opts: { year: string; out: string; json?: boolean }) => {
        const lang = cli.lang();
        const year = yearOption(opts.year, lang);
        if (extname(opts.out).toLowerCase() !== ".csv")
          throw new UsageError(tr(lang, "--out must end in .csv", "--out 必须以 .csv 结尾"));
        const days = statutoryHolidays(year);
        if (!days)
          throw new UsageError(
            tr(
              lang,
              `--year must be ${STATUTORY_SINCE} or later: the statutory holidays of earlier years were others`,
              `--year 须为 ${STATUTORY_SINCE} 年或以后：此前年份的法定节假日不同`,
            ),
          );
        // A template may have been completed since it was made: never written over.
        if (existsSync(opts.out))
          throw new Failed(
            tr(
              lang,
              `${opts.out} exists, and may hold days added to it: give another --out, or remove it first`,
              `${opts.out} 已存在，其中可能已补充了内容：请另指定 --out，或先将其删除`,
            ),
          );
        writeFileAtomic(
          opts.out,
          toCsv(
            HEADERS[lang],
            days.map((d) => [d.date, KIND_WORDS[lang][d.kind], d.name]),
          ),
          lang,
        );
        if (opts.json) cli.io.out(JSON.stringify({ year, out: opts.out, days }, null, 2));
        else
          cli.io.out(
            tr(
              lang,
              `the ${days.length} statutory holidays of ${year} written to ${opts.out}: add the other days off and the make-up workdays (上班) of the State Council's notice, then gradedraw calendar import ${opts.out}`,
              `已将 ${year} 年的 ${days.length} 天法定节假日写入 ${opts.out}：请按国务院办公厅通知补充其余放假日和调休上班日（安排写“上班”），然后用 gradedraw calendar import ${opts.out} 录入`,
            ),
          );
        return 0;
      }),
    );
}
