import { describe, expect, it } from "vitest";
import { misnamedLunarDay } from "../../engine/data/lunar-days.js";

const said = (day: string, bracket: string) => misnamedLunarDay(`${day}（${bracket}）`, [[day, bracket]])?.en;

describe("a lunar day written beside a day of the holiday notice", () => {
  it("is its own in every way a notice writes it: month by name or digits, day with 初, 十, 二十 or 廿, 除夕", () => {
    for (const [day, bracket] of [
      ["2026-02-15", "农历腊月二十八、周日"],
      ["2026-02-23", "农历正月初七、周一"],
      ["2026-02-16", "农历腊月廿九"],
      ["2027-02-05", "农历除夕、周五"],
      ["2025-01-28", "农历除夕、周二"],
      ["2027-09-15", "农历八月十五、周三"],
      ["2027-06-09", "农历五月初五"],
      // A bracket without one, or a day outside the years chinese-days' tables cover.
      ["2027-06-09", "周三"],
      ["1800-01-01", "农历正月初一"],
    ])
      expect(said(day, bracket), `${day} ${bracket}`).toBeUndefined();
  });

  it("is told when it is not the day's, with the day's own", () => {
    expect(said("2027-03-04", "农历腊月二十八、周四")).toBe(
      "'2027-03-04（农历腊月二十八、周四）': 2027-03-04 is 正月廿七 of the lunar calendar, not 腊月二十八: a day or its lunar day is mistyped",
    );
    expect(said("2027-02-04", "农历除夕")).toMatch(/is 腊月廿八 of the lunar calendar, not 除夕/);
    expect(said("2027-09-16", "农历八月十五")).toMatch(/is 八月十六 of the lunar calendar, not 八月十五/);
    expect(misnamedLunarDay("x", [["2027-09-16", "农历八月十五"]])?.zh).toBe(
      "“x”：2027-09-16 是农历八月十六，不是八月十五：日期或农历日期写错了",
    );
  });
});
