/** Lunar days as the holiday notice writes them beside a day (2月4日（农历腊月二十八、周四）, 农历除夕), checked against the day. */
import { createRequire } from "node:module";
import { addDays } from "../period.js";
import { DIGIT_OF } from "./values.js";

const require = createRequire(import.meta.url);

/** A lunar day as chinese-days gives it. */
interface LunarDay {
  readonly lunarMon: number;
  readonly lunarDay: number;
  readonly isLeap: boolean;
  readonly lunarMonCN: string;
  readonly lunarDayCN: string;
}

/** chinese-days' lunar calendar, loaded the first time a notice names a lunar day. */
let lunarOf: ((date: string) => LunarDay) | undefined;

/** A lunar day written in a day's bracket: 农历腊月二十八, 农历正月初七, 农历除夕, 农历八月十五. */
const LUNAR =
  /农历\s*(?:(闰)?(正|十一|十二|[一二三四五六七八九十冬腊])月)?\s*(初[一二三四五六七八九十]|二十[一二三四五六七八九]?|廿[一二三四五六七八九]|三十|十[一二三四五六七八九]?|除夕)/;

/** The number a Chinese digit says, 十 among them. */
const DIGIT: Readonly<Record<string, number>> = { ...DIGIT_OF, 十: 10 };
/** The number of a lunar month by its name before 月: 正月 1, 冬月 11, 腊月 12, the others by their digits. */
const MONTH: Readonly<Record<string, number>> = { ...DIGIT, 正: 1, 十一: 11, 冬: 11, 十二: 12, 腊: 12 };

/** The day of a lunar month a name says: 初七 7, 十五 15, 二十 20, 廿八 or 二十八 28, 三十 30. */
function dayNumber(name: string): number {
  if (name.startsWith("初")) return DIGIT[name.slice(1)];
  if (name === "三十") return 30;
  if (name.startsWith("二十")) return 20 + (DIGIT[name.slice(2)] ?? 0);
  if (name.startsWith("廿")) return 20 + DIGIT[name.slice(1)];
  return 10 + (DIGIT[name.slice(1)] ?? 0);
}

/**
 * Of days each with the text of its bracket (农历腊月二十八、周四), the first whose lunar day is not
 * the one written, as said of `written`: the day is mistyped, or its lunar day. Undefined where
 * none is, where none names a lunar day, or where the lunar calendar does not reach the day.
 */
export function misnamedLunarDay(
  written: string,
  days: readonly (readonly [day: string, bracket: string | undefined])[],
): { en: string; zh: string } | undefined {
  for (const [day, bracket] of days) {
    const m = LUNAR.exec(bracket ?? "");
    if (!m) continue;
    lunarOf ??= (require("chinese-days") as { getLunarDate: (date: string) => LunarDay }).getLunarDate;
    let lunar: LunarDay;
    let next: LunarDay;
    try {
      lunar = lunarOf(day);
      next = lunarOf(addDays(day, 1));
    } catch {
      continue;
    }
    // Outside the years its tables cover (1900–2100), chinese-days gives no lunar day.
    if (!(lunar.lunarMon >= 1 && lunar.lunarMon <= 12 && lunar.lunarDay >= 1 && lunar.lunarDay <= 30))
      continue;
    const [, leap, month, dayName] = m;
    const named = `${leap ?? ""}${month === undefined ? "" : `${month}月`}${dayName}`;
    const right =
      dayName === "除夕"
        ? next.lunarMon === 1 && next.lunarDay === 1 && !next.isLeap
        : lunar.lunarDay === dayNumber(dayName) &&
          (month === undefined || (lunar.lunarMon === MONTH[month] && lunar.isLeap === (leap !== undefined)));
    if (right) continue;
    const is = `${lunar.isLeap ? "闰" : ""}${lunar.lunarMonCN}${lunar.lunarDayCN}`;
    return {
      en: `'${written}': ${day} is ${is} of the lunar calendar, not ${named}: a day or its lunar day is mistyped`,
      zh: `“${written}”：${day} 是农历${is}，不是${named}：日期或农历日期写错了`,
    };
  }
  return undefined;
}
