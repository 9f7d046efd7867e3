/** `gradedraw calendar template`: a year's statutory holidays as a schedule file to complete from the notice. */
import { existsSync } from "node:fs";
import { extname } from "node:path";
import { STATUTORY_SINCE, statutoryHolidays } from "../../engine/calendar.js";
import { toCsv } from "../../engine/csv.js";
import { writeFileAtomic } from "../../engine/files.js";
import { tr } from "../../engine/lang.js";
import { action, type Cli, type Command, command, Failed, UsageError } from "../context.js";

import { HEADERS, KIND_WORDS, yearOption } from "./calendar-words.js";

/** Registers `calendar template` under `calendar`. */
export function registerCalendarTemplate(calendar: Command, cli: Cli) {
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
