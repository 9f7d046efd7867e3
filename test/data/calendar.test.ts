import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import {
  addWorkingDays,
  isWeekend,
  PACKAGE_CALENDAR,
  statutoryHolidays,
  withSchedules,
} from "../../engine/calendar.js";
import { readNotice } from "../../engine/data/read-notice.js";
import { runCli } from "../helpers/run-cli.js";
import { tmp } from "../helpers/tmp.js";

/**
 * A schedule of 2027 written as an office types the notice, ranges as the notice writes them (with
 * their weekdays, and 放假调休 for days off among which are days in lieu). Made
 * up for the tests (the State Council's notice for 2027 is not in chinese-days 1.5.7), but
 * consistent as a notice is: 19 weekday holidays = 13 statutory days + 6 make-up workdays.
 */
const SCHEDULE_2027 = [
  "日期,安排,节日",
  "2027年1月1日至3日,放假,元旦",
  "2027-02-04~2027-02-12,放假,春节",
  "2027-02-14（周日）,上班,春节",
  "2027-02-20,班,春节",
  "2027-04-03至5日,休,清明节",
  "2027-05-01至5日,放假,劳动节",
  "2027-04-25,上班,劳动节",
  "2027-05-08,上班,劳动节",
  "2027-06-09,放假,端午节",
  "2027-09-15,放假,中秋节",
  "2027年10月1日（星期五）至7日（星期四）,放假调休,国庆节",
  "2027-09-26,上班,国庆节",
  "2027-10-09,上班,国庆节",
];

function scheduleFile(dir: string, lines: readonly string[] = SCHEDULE_2027, name = "h.csv"): string {
  const file = join(dir, name);
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

/** A ledger with one targeted inspection's result recorded, of 2026-12-10: its deadline counts into 2027. */
async function ledgerWithDecemberResult(dir: string): Promise<string> {
  const db = join(dir, "g.db");
  const results = join(dir, "r.csv");
  writeFileSync(
    results,
    "统一社会信用代码,检查日期,检查部门,检查事项,检查类型,检查结果,执法人员\n91320803NC9CMRX29P,2026-12-10,市场监管局,SC-GS,targeted,未发现问题,HA003;HA015\n",
  );
  const r = await runCli("results", "import", results, "--db", db);
  expect(r.code, r.stderr).toBe(0);
  return db;
}

describe("the working-day calendar", () => {
  it("computes the 13 holidays by law (全国年节及纪念日放假办法, since 2025) as the State Council's schedules have them", () => {
    for (const year of [2025, 2026]) {
      const law = statutoryHolidays(year) ?? [];
      expect(law).toHaveLength(13);
      for (const d of law) expect(PACKAGE_CALENDAR.days.get(d.date)?.kind, d.date).toBe("holiday");
      // Each make-up workday pays for a weekday off: the weekday holidays are the 13 days plus them.
      const of = [...PACKAGE_CALENDAR.days.values()].filter((d) => d.date.startsWith(String(year)));
      const weekdaysOff = of.filter((d) => d.kind === "holiday" && !isWeekend(d.date)).length;
      expect(weekdaysOff).toBe(13 + of.filter((d) => d.kind === "workday").length);
    }
    expect(statutoryHolidays(2027)?.map((d) => `${d.date} ${d.name}`)).toEqual([
      "2027-01-01 元旦",
      "2027-02-05 春节",
      "2027-02-06 春节",
      "2027-02-07 春节",
      "2027-02-08 春节",
      "2027-04-05 清明节",
      "2027-05-01 劳动节",
      "2027-05-02 劳动节",
      "2027-06-09 端午节",
      "2027-09-15 中秋节",
      "2027-10-01 国庆节",
      "2027-10-02 国庆节",
      "2027-10-03 国庆节",
    ]);
    expect(statutoryHolidays(2024)).toBeUndefined();
  });

  it("counts working days on a year an office recorded, and never lets it change a year chinese-days lists", () => {
    const recorded = withSchedules(PACKAGE_CALENDAR, [
      { date: "2027-01-01", kind: "holiday", name: "元旦" },
      { date: "2026-10-10", kind: "holiday", name: "x" },
    ]);
    expect(addWorkingDays("2026-12-10", 20)).toEqual({ date: "2027-01-07", unknownYear: 2027 });
    expect(addWorkingDays("2026-12-10", 20, recorded)).toEqual({ date: "2027-01-08", unknownYear: null });
    expect(addWorkingDays("2026-10-09", 1, recorded).date).toBe("2026-10-10");
  });
});

/** A notice of 2027 as the State Council writes one, with the days of SCHEDULE_2027 (made up, as it is). */
const NOTICE_2027 = [
  "国务院办公厅关于2027年部分节假日安排的通知",
  "经国务院批准，现将2027年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。",
  "一、元旦：1月1日（周五）至3日（周日）放假，共3天。",
  "二、春节：2月4日（农历腊月二十八、周四）至12日（农历正月初七、周五）放假调休，共9天。2月14日（周日）、2月20日（周六）上班。",
  "三、清明节：4月3日（周六）至5日（周一）放假，共3天。",
  "四、劳动节：5月1日（周六）至5日（周三）放假调休，共5天。4月25日（周日）、5月8日（周六）上班。",
  "五、端午节：6月9日（周三）放假，共1天。",
  "六、中秋节：9月15日（周三）放假，共1天。",
  // One sentence for both, as a notice copied by hand may have it: each day is what follows it.
  "七、国庆节：10月1日（周五）至7日（周四）放假调休，共7天，9月26日（周日）、10月9日（周六）上班。",
];

describe("the State Council's notice", () => {
  it("reads the notice's text as published, day for day the schedule chinese-days has of its year (2025, 2026)", () => {
    for (const [year, file] of [
      [2025, "test/fixtures/notices/2025.txt"],
      [2026, "examples/holiday-notice-2026.txt"],
    ] as const) {
      const read = readNotice(file);
      const known = [...PACKAGE_CALENDAR.days.values()]
        .filter((d) => d.date.startsWith(String(year)))
        .map((d) => `${d.date} ${d.kind}`)
        .sort();
      expect(read.days.map((d) => `${d.date} ${d.kind}`)).toEqual(known);
      expect(read.years).toEqual([year]);
    }
    expect(readNotice("test/fixtures/notices/2025.txt").days.find((d) => d.date === "2025-10-06")?.name).toBe(
      "国庆节、中秋节",
    );
  });

  it("records a year's notice in GBK, as the table of it would be", async () => {
    const dir = tmp();
    const file = join(dir, "通知.txt");
    writeFileSync(file, iconv.encode(`${NOTICE_2027.join("\r\n")}\r\n`, "gbk"));
    const db = join(dir, "g.db");
    const r = await runCli("calendar", "import", file, "--db", db);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      "recorded the schedule of 2027: 29 holiday(s), 6 make-up workday(s); publication deadlines count them",
    );
    // The same days as the table of SCHEDULE_2027.
    const same = await runCli("calendar", "import", scheduleFile(dir), "--db", db);
    expect(same.stdout).toBe("the schedule of 2027 is recorded already, with the same days");
  });

  it("refuses a day whose weekday is not the one written beside it, at its line and column, and a notice without its year", async () => {
    const dir = tmp();
    const wrong = scheduleFile(
      dir,
      NOTICE_2027.map((l) => l.replace("5月8日（周六）", "5月8日（周日）")),
      "wrong.txt",
    );
    const r = await runCli("calendar", "import", wrong, "--db", join(dir, "g.db"));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `gradedraw: '5月8日（周日）': 2027-05-08 is a Saturday, not a Sunday: a day or its weekday is mistyped (${wrong}:6:41)`,
    );
    const untitled = scheduleFile(dir, NOTICE_2027.slice(2), "untitled.txt");
    const u = await runCli("calendar", "import", untitled, "--db", join(dir, "g.db"));
    expect(u.stderr).toBe(
      `gradedraw: the notice does not say its year (国务院办公厅关于2027年部分节假日安排的通知): give it with --year (${untitled}:1:1)`,
    );
    expect(
      (await runCli("calendar", "import", untitled, "--db", join(dir, "g.db"), "--year", "2027")).code,
    ).toBe(0);
    const dateless = scheduleFile(dir, [NOTICE_2027[0], "一、元旦：放假，共3天。"], "dateless.txt");
    expect((await runCli("calendar", "import", dateless, "--db", join(dir, "g.db"))).stderr).toBe(
      `gradedraw: no day off (放假) or make-up workday (上班) was found in the notice's sections (一、元旦：1月1日……放假) (${dateless}:1:1)`,
    );
    // A month mistyped whose weekdays are the same (February and March 2027): the lunar day tells.
    const march = scheduleFile(
      dir,
      NOTICE_2027.map((l) => l.replace("2月4日（农历腊月二十八、周四）", "3月4日（农历腊月二十八、周四）")),
      "march.txt",
    );
    expect((await runCli("calendar", "import", march, "--db", join(dir, "g.db"))).stderr).toBe(
      `gradedraw: '3月4日（农历腊月二十八、周四）至12日（农历正月初七、周五）': 2027-03-04 is 正月廿七 of the lunar calendar, not 腊月二十八: a day or its lunar day is mistyped (${march}:4:6)`,
    );
    const eve = scheduleFile(
      dir,
      NOTICE_2027.map((l) => l.replace("2月4日（农历腊月二十八、周四）", "2月4日（农历除夕、周四）")),
      "eve.txt",
    );
    expect((await runCli("--lang", "zh", "calendar", "import", eve, "--db", join(dir, "g.db"))).stderr).toBe(
      `gradedraw: “2月4日（农历除夕、周四）至12日（农历正月初七、周五）”：2027-02-04 是农历腊月廿八，不是除夕：日期或农历日期写错了 (${eve}:4:6)`,
    );
    // A range's end mistyped with a weekday that is its own: the count the notice states tells.
    const long = scheduleFile(
      dir,
      NOTICE_2027.map((l) => l.replace("10月1日（周五）至7日（周四）", "10月1日（周五）至8日（周五）")),
      "long.txt",
    );
    expect((await runCli("calendar", "import", long, "--db", join(dir, "g.db"))).stderr).toBe(
      `gradedraw: the days off before it make 8, where the notice says 共7天: a day is mistyped (${long}:9:28)`,
    );
    expect(
      (await runCli("--lang", "zh", "calendar", "import", long, "--db", join(dir, "g.db"))).stderr,
    ).toContain("前面所列放假日共 8 天，而通知写的是“共7天”：有日期写错");
    // --year is for a notice's text: a table's dates give their year.
    expect((await runCli("calendar", "import", scheduleFile(dir), "--year", "2027")).code).toBe(2);
  });
});

describe("gradedraw calendar", () => {
  it("records a year's schedule from the notice, ranges as it writes them, in a GBK file; publication deadlines count it", async () => {
    const dir = tmp();
    const db = await ledgerWithDecemberResult(dir);
    const out = join(dir, "p.csv");
    const before = await runCli("publish", "--db", db, "--period", "2026-H2", "--out", out);
    expect(before.stderr).toContain(
      "gradedraw: 1 deadline(s) count working days in a year whose holidays are not known (2027): computed on weekends only; record the year's holidays and make-up workdays from the State Council's notice (gradedraw calendar import), or check them",
    );
    expect(readFileSync(out, "utf8")).toContain("2027-01-07");

    const file = join(dir, "节假日.csv");
    writeFileSync(file, iconv.encode(`${SCHEDULE_2027.join("\r\n")}\r\n`, "gbk"));
    const r = await runCli("calendar", "import", file, "--db", db);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      "recorded the schedule of 2027: 29 holiday(s), 6 make-up workday(s); publication deadlines count them",
    );
    expect(r.stderr).toBe("");
    const after = await runCli("publish", "--db", db, "--period", "2026-H2", "--out", out);
    expect(after.stderr).not.toContain("not known");
    // 2027-01-01 is off: one working day later.
    expect(readFileSync(out, "utf8")).toContain("2027-01-08");

    const list = await runCli("calendar", "list", "--db", db, "--year", "2027", "--lang", "zh");
    expect(list.stdout).toContain("2027-02-20  星期六  上班  春节");
    expect(list.stdout).toContain("2027-02-04  星期四  放假  春节");
    expect(list.stderr).toBe(`gradedraw: 2027 年的安排来自 ${db}`);
    const years = await runCli("calendar", "list", "--db", db, "--json");
    expect(JSON.parse(years.stdout).recorded).toMatchObject([{ year: 2027, holidays: 29, workdays: 6 }]);
  });

  it("refuses a schedule at the row and cell that is wrong, records nothing, and makes no ledger", async () => {
    const dir = tmp();
    const db = join(dir, "g.db");
    const file = scheduleFile(dir, [
      "date,kind,name",
      "2027-01-01,holiday,元旦",
      "2027-01-04,workday,元旦",
      "2027-02-05~2027-02-08,holiday,春节",
      "2027-02-07,workday,春节",
      "2026-01-04,holiday,元旦",
      "2027-03-01~2027-05-01,holiday,",
      "2027-06-09,调休,",
      "2027年9月15日（周四）,放假,中秋节",
      "2027-09-25（周六）至2027-09-24,放假,",
    ]);
    const r = await runCli("calendar", "import", file, "--db", db);
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n")).toEqual([
      `gradedraw: the schedule of 2027 lacks 8 of its 13 holidays by law (全国年节及纪念日放假办法): 2027-04-05 (Monday) 清明节, 2027-05-01 (Saturday) 劳动节, 2027-05-02 (Sunday) 劳动节, 2027-06-09 (Wednesday) 端午节, 2027-09-15 (Wednesday) 中秋节, 2027-10-01 (Friday) 国庆节, 2027-10-02 (Saturday) 国庆节, 2027-10-03 (Sunday) 国庆节; list every day off of the State Council's notice, Saturdays and Sundays among them (${file}:2:1, column date)`,
      `gradedraw: a make-up workday (调休上班) is a Saturday or a Sunday: 2027-01-04 (Monday) is a working day already (${file}:3:2, column kind)`,
      `gradedraw: 2027-02-07 is a make-up workday here and a holiday on row 4 (${file}:5:2, column kind)`,
      `gradedraw: 2026's schedule is known (chinese-days 1.5.7, from the State Council's notice): 2026-01-04 (Sunday) is a make-up workday (元旦) in it, a holiday here (${file}:6:2, column kind)`,
      `gradedraw: the range '2027-03-01~2027-05-01' is 62 days long: a holiday period is at most a few days (${file}:7:1, column date)`,
      `gradedraw: '调休' may be a day off in lieu or a make-up workday: write 放假 (holiday) or 上班 (workday) (${file}:8:2, column kind)`,
      `gradedraw: '2027年9月15日（周四）': 2027-09-15 is a Wednesday, not a Thursday: a day or its weekday is mistyped (${file}:9:1, column date)`,
      `gradedraw: the range '2027-09-25（周六）至2027-09-24' ends before it begins (${file}:10:1, column date)`,
    ]);
    expect(existsSync(db)).toBe(false);
  });

  it("notes a year whose weekday holidays are not its 13 statutory days plus its make-up workdays", async () => {
    const dir = tmp();
    // A day of 春节 left out: 18 weekday holidays where 6 make-up workdays make 19.
    const file = scheduleFile(
      dir,
      SCHEDULE_2027.map((l) => l.replace("2027-02-04~", "2027-02-05~")),
    );
    const r = await runCli("calendar", "import", file, "--db", join(dir, "g.db"));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `gradedraw: note: ${file} gives 2027 18 holiday(s) on weekdays and 6 make-up workday(s); a year's notice has as many weekday holidays as its 13 statutory days and its make-up workdays (13 + 6 = 19): a day off or a make-up workday is missing, or one is too many? Check it against the State Council's notice`,
    );
  });

  it("replaces a year recorded before with other days only when asked, and says a year chinese-days lists is its", async () => {
    const dir = tmp();
    const db = join(dir, "g.db");
    expect((await runCli("calendar", "import", scheduleFile(dir), "--db", db)).code).toBe(0);
    const again = await runCli("calendar", "import", scheduleFile(dir), "--db", db);
    expect(again.stdout).toBe("the schedule of 2027 is recorded already, with the same days");
    const other = scheduleFile(
      dir,
      SCHEDULE_2027.map((l) => l.replace("2027-02-04~", "2027-02-05~").replace("2027-05-08", "2027-05-09")),
      "other.csv",
    );
    // A day said otherwise is one day, whether its kind or its name differs.
    const renamed = scheduleFile(
      dir,
      SCHEDULE_2027.map((l) => l.replace("上班,劳动节", "上班,五一")),
      "renamed.csv",
    );
    expect((await runCli("calendar", "import", renamed, "--db", db)).stderr).toContain(
      "another schedule of 2027: 2 day(s) differ",
    );
    const refused = await runCli("calendar", "import", other, "--db", db);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `gradedraw: the ledger records another schedule of 2027: 3 day(s) differ (gradedraw calendar list --year 2027 shows it); give --replace to replace it (${other})`,
    );
    const json = await runCli("calendar", "import", other, "--db", db, "--json");
    expect(JSON.parse(json.stdout)).toEqual({
      ok: false,
      problems: [
        {
          file: other,
          line: 0,
          col: 0,
          message:
            "the ledger records another schedule of 2027: 3 day(s) differ (gradedraw calendar list --year 2027 shows it); give --replace to replace it",
        },
        { message: "nothing was recorded" },
      ],
    });
    expect((await runCli("calendar", "list", "--db", db, "--year", "2027")).stdout).toContain("2027-02-04");
    const replaced = await runCli("calendar", "import", other, "--db", db, "--replace");
    expect(replaced.stdout).toBe(
      "replaced the schedule of 2027 (3 day(s) differ): 28 holiday(s), 6 make-up workday(s)",
    );
    expect((await runCli("calendar", "list", "--db", db, "--year", "2027")).stdout).not.toContain(
      "2027-02-04",
    );

    const known = scheduleFile(dir, ["日期,安排", "2026-10-01至7日,放假", "2026-10-10,上班"], "2026.csv");
    const k = await runCli("calendar", "import", known, "--db", db);
    expect(k.stdout).toBe(
      "the schedule of 2026 is known already (chinese-days 1.5.7); the days the file gives agree with it, and nothing of it was recorded",
    );
  });

  it("writes a template of a year's statutory holidays, which it does not write over", async () => {
    const dir = tmp();
    const out = join(dir, "2027.csv");
    const t = await runCli("calendar", "template", "--year", "2027", "--out", out, "--lang", "zh");
    expect(t.code, t.stderr).toBe(0);
    const lines = readFileSync(out, "utf8")
      .replace(/^\uFEFF/, "")
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe("日期,安排,节日");
    expect(lines.slice(1, 3)).toEqual(["2027-01-01,放假,元旦", "2027-02-05,放假,春节"]);
    expect(lines).toHaveLength(14);
    expect((await runCli("calendar", "template", "--year", "2027", "--out", out)).code).toBe(1);
    expect((await runCli("calendar", "template", "--year", "2024", "--out", join(dir, "x.csv"))).code).toBe(
      2,
    );
    // A year typed in full-width digits is told how to write; one that is no year, what a year is.
    const wide = await runCli("calendar", "template", "--year", "２０２７", "--out", join(dir, "w.csv"));
    expect([wide.code, wide.stderr]).toEqual([
      2,
      "gradedraw: --year is written in full-width digits ('２０２７'): give it as 2027",
    ]);
    expect((await runCli("calendar", "template", "--year", "27", "--out", join(dir, "w.csv"))).stderr).toBe(
      "gradedraw: --year must be a year, e.g. 2027: '27'",
    );
    // The template alone imports, with the note that the notice's other days are missing.
    const r = await runCli("calendar", "import", out, "--db", join(dir, "g.db"));
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("7 holiday(s) on weekdays and 0 make-up workday(s)");
  });
});
