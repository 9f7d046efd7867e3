/** The reader of the directory of inspectors (执法检查人员名录). */
import { ON_DUTY, word, wordWithNote } from "./cell-words.js";
import { ignoredNotice } from "./header-notices.js";
import { controlRefused, dateCell, excelScientificIds, unique } from "./read-cells.js";
import type { ReadOptions, ReadResult } from "./read-options.js";
import type { Inspector } from "./records.js";
import type { Row } from "./row-cursor.js";
import { readKind } from "./row-reader.js";
import {
  CHINESE_DIGITS,
  halfWidth,
  joinedParts,
  parseBool,
  parseCount,
  parseDate,
  parseList,
} from "./values.js";

/** An item of inspection as a policy lists it: its code and name. */
interface NamedItem {
  readonly code: string;
  readonly name: string;
}

/**
 * Reads the directory of enforcement inspectors (执法检查人员名录库). Given the policy's items, an
 * item an inspector is qualified for written by its name (企业公示信息抽查 for SC-GS), or by its
 * code in other capitals (sc-gs), is refused with the code to write: it would qualify the inspector
 * for nothing, and leave the items' teams without them.
 */
export async function readInspectors(
  file: string,
  opts: ReadOptions = {},
  items?: readonly NamedItem[],
): Promise<ReadResult<Inspector>> {
  const codes = new Set(items?.map((it) => it.code));
  const meant = new Map<string, NamedItem>();
  for (const it of items ?? []) {
    meant.set(it.code.toUpperCase(), it);
    meant.set(nameKey(it.name), it);
  }
  const { records, ignored, notices } = await readKind<Inspector>(
    "inspectors",
    file,
    opts,
    (r) => {
      const qualified = parseList(r.word("items"));
      for (const q of qualified) {
        const it = codes.has(q) ? undefined : (meant.get(nameKey(q)) ?? meant.get(q.toUpperCase()));
        // SC-GS/SC-SP: the items' codes joined by a mark that separates none.
        const joined = codes.has(q) || it ? [] : joinedParts(q, true);
        if (joined.length > 1 && joined.every((x) => codes.has(x)))
          r.bad(
            "items",
            `'${q}' joins item codes with a mark that does not separate them: write ${joined.join(";")}, or the inspector is qualified for nothing there`,
            `“${q}”用不能分隔事项的符号连接了多个事项编码：请写 ${joined.join(";")}，否则该执法人员不具备这些事项的资格`,
          );
        if (it)
          r.bad(
            "items",
            `'${q}' is not an item code: write ${it.code} (${it.name}), as the policy's items are written, or the inspector is qualified for nothing there`,
            `“${q}”不是事项编码：请按政策 items 的写法写 ${it.code}（${it.name}），否则该执法人员不具备该事项的资格`,
          );
      }
      const id = r.word("id");
      if (!id) r.bad("id", "the inspector id is empty", "执法人员编号为空");
      // Published in assignments.csv as read, as an enterprise's name is in selected.csv.
      else if (
        !controlRefused(r, "id", id, { en: "the inspector id", zh: "执法人员编号" }, { en: "id", zh: "编号" })
      )
        excelScientificIds(r, "id", [id]);
      const department = r.word("department");
      if (!department) r.bad("department", "the inspector has no department", "执法人员没有所属部门");
      const validity = r.text("licenseExpires").replace(/\s+/g, "");
      const licenseExpires = NO_EXPIRY.test(validity)
        ? FOREVER
        : (validityEnd(validity, r) ?? dateCell(r, "licenseExpires", false));
      const activeText = r.word("active");
      const active = activeText === "" ? true : (onDuty(activeText) ?? onDutyWithNote(activeText));
      if (active === undefined)
        r.bad("active", `'${activeText}' is not yes/no`, `“${activeText}”不是“是/否”`);
      const capText = r.text("capacity");
      const capacity =
        capText === "" || NO_LIMIT.test(capText.replace(/\s+/g, "")) ? null : perPeriod(capText);
      if (capacity === undefined) {
        // 20次/年: a number of another time than the draw period, which is not turned into one.
        const per =
          /\d/.test(capText) || CHINESE_DIGITS.test(capText) ? /(半年|年|季度|季|月|周)/.exec(capText) : null;
        if (per)
          r.bad(
            "capacity",
            `capacity '${capText}' is per ${PER_WORDS[per[1]]}: the capacity is per draw period (the policy's cadence); write the number per period`,
            `检查能力“${capText}”是按${per[1]}计的：检查能力按抽查期（政策的抽查周期）计，请填写每期的次数`,
          );
        else if (/^\s*[-－−]\s*\d+\s*$/.test(capText))
          r.bad(
            "capacity",
            `capacity '${capText}' is below 0: write how many inspections the inspector can take part in per period (0 for none; empty for no limit)`,
            `检查能力“${capText}”小于 0：请填写该人员每期可参加的检查次数（0 表示不参加；留空表示不限）`,
          );
        else r.bad("capacity", `capacity '${capText}' is not a whole number`, `检查能力“${capText}”不是整数`);
      }
      return {
        id,
        name: r.text("name"),
        department,
        licenseNo: licenceNumber(r.text("licenseNo")),
        licenseExpires: licenseExpires ?? null,
        items: qualified,
        active: active ?? true,
        capacity: capacity ?? null,
      };
    },
    (records, rows, problem, named) => {
      ids(records, rows, problem, named);
      // An enforcement licence is a person's: a number two inspectors have is one's written for the
      // other's (a row copied), which would have an unlicensed inspector drawn.
      licences(records, rows, problem, named);
    },
  );
  return { records, notices: [...notices, ...ignoredNotice("inspectors", ignored, file, opts.lang ?? "en")] };
}

/** Whether an inspector is on duty, as a status cell says it: yes/no, 在岗, 离岗, 病假… */
function onDuty(text: string): boolean | undefined {
  return parseBool(text) ?? word(ON_DUTY, text);
}

/**
 * A status cell with a note in brackets after its word (离岗（2026年3月调离）): the word's, unless the
 * note names another status (在岗（借调至区政府）). See wordWithNote.
 */
function onDutyWithNote(text: string): boolean | undefined {
  return wordWithNote(text, onDuty, (note) =>
    Object.entries(ON_DUTY).flatMap(([w, v]) => (note.includes(w) ? [v] : [])),
  );
}

const ids = unique((i: Inspector) => i.id, "id", { en: "inspector id", zh: "执法人员编号" });
const licences = unique(
  (i: Inspector) => i.licenseNo,
  "licenseNo",
  { en: "enforcement licence number", zh: "执法证号" },
  true,
);

/**
 * What offices write in a capacity cell for an inspector with no limit per period: none, as an
 * empty cell, or a dash, as an export writes an empty value.
 */
const NO_LIMIT = /^(?:不限|无限|无限制|无上限|不设上限|不限次数|[-—－]+)$/;

/**
 * What offices write in a licence's expiry cell for a licence that does not expire (长期, 长期有效,
 * 永久): read as valid forever, rather than as a date that is not one, which refused the whole file.
 */
const NO_EXPIRY = /^(?:长期|长期有效|永久|永久有效|无期限)$/;

/**
 * A capacity cell: a whole number (10, 10次), also said per period, the time it counts (每期10户,
 * 10次/期); undefined for anything else.
 */
function perPeriod(text: string): number | undefined {
  const plain = halfWidth(text).replace(/\s+/g, "");
  return parseCount(plain.replace(/^每期/, "").replace(/(?:\/|每)期$/, ""));
}
/** The times a capacity may be written per, other than the period. */
const PER_WORDS: Readonly<Record<string, string>> = {
  年: "year",
  半年: "half-year",
  季度: "quarter",
  季: "quarter",
  月: "month",
  周: "week",
};
const FOREVER = "9999-12-31";

/** What stands between the two days of a validity written as a range. */
const RANGE_MARK = /至|到|~|～|—|–|－|-/g;

/**
 * The last day of a licence's validity written as its range, as the certificate prints it
 * (2022.01.01-2028.12.31, 2022年1月1日至2028年12月31日, 2022-01-01～长期): the later day, or FOREVER;
 * undefined where the text is no range of two days (a single date is read as one). A range that
 * ends before it begins is refused.
 */
function validityEnd(text: string, r: Row): string | undefined {
  for (const m of text.matchAll(RANGE_MARK)) {
    const from = parseDate(text.slice(0, m.index));
    const rest = text.slice(m.index + m[0].length);
    const to = NO_EXPIRY.test(rest) ? FOREVER : parseDate(rest);
    if (!from || !to) continue;
    if (to < from)
      r.bad(
        "licenseExpires",
        `the validity '${text}' ends before it begins`,
        `有效期“${text}”的结束日期早于起始日期`,
      );
    return to;
  }
  return undefined;
}

/**
 * What offices write in a licence-number cell for an inspector who holds none yet (无, 暂无, 未取得,
 * 待发证, a dash or a slash): no number, as an empty cell is. Kept as written, such a word would
 * pass for a number and the inspector for licensed.
 */
const NO_LICENCE = /^(?:无|暂无|没有|未办理|未取得|未发证|待发|待办|待发证|空|[-—–/\\]+|n\/?a|none|null)$/i;
function licenceNumber(text: string): string {
  return NO_LICENCE.test(halfWidth(text).replace(/\s+/g, "")) ? "" : text;
}

/** A name as the readers look one up, written in a cell or kept in a map: without spaces (李 勇 is 李勇). */
export function nameKey(name: string): string {
  return name.replace(/\s+/g, "");
}
