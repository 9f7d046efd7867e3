/** The readers of the directory of inspectors and of their declared conflicts (回避). */
import { type Lang, tr } from "../lang.js";
import { ON_DUTY, word, wordWithNote } from "./cell-words.js";
import { ignoredNotice } from "./header-notices.js";
import { checkedCode, dateCell, excelScientificIds, noticesOf, unique, usccCell } from "./read-cells.js";
import type { Conflict, Enterprise, Inspector } from "./records.js";
import type { Row } from "./row-cursor.js";
import { type ReadOptions, type ReadResult, readKind } from "./row-reader.js";
import { rowsSaid } from "./rows.js";
import {
  CHINESE_DIGITS,
  halfWidth,
  hasHan,
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
      else excelScientificIds(r, "id", [id]);
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
function nameKey(name: string): string {
  return name.replace(/\s+/g, "");
}

/** An id as it looks: capitals, and the letters O, I and L as the digits they resemble. */
function lookalike(id: string): string {
  return halfWidth(id).toUpperCase().replace(/O/g, "0").replace(/[IL]/g, "1");
}

/**
 * Reads declared conflicts of interest (回避). Given the directory of inspectors, an inspector
 * written by name (李勇 for HA001) is refused: the declaration would exclude nobody, and let the
 * inspector be drawn for the enterprise they must avoid. Given the enterprises, an enterprise
 * written by name is refused with its code.
 */
export async function readConflicts(
  file: string,
  opts: ReadOptions = {},
  known: { inspectors?: readonly Inspector[]; enterprises?: readonly Enterprise[] } = {},
): Promise<ReadResult<Conflict>> {
  const normalised = { count: 0 };
  const directory = known.inspectors;
  const ids = new Set(directory?.map((i) => i.id));
  // The code of each enterprise name found once (of two enterprises of one name, the code cannot
  // be told), made only when a conflict's code is Chinese text: a directory may hold millions.
  let codes: Map<string, string | null> | undefined;
  const codeOf = (name: string) => {
    if (codes === undefined) {
      codes = new Map();
      for (const e of known.enterprises ?? []) {
        const n = nameKey(e.name);
        if (n) codes.set(n, codes.has(n) ? null : e.uscc);
      }
    }
    return codes.get(nameKey(name));
  };
  const byName = new Map<string, Inspector[]>();
  for (const i of directory ?? []) {
    const name = nameKey(i.name);
    if (name && !ids.has(name)) byName.set(name, [...(byName.get(name) ?? []), i]);
  }
  const byLook = new Map<string, string>();
  for (const id of ids) byLook.set(lookalike(id), id);
  /** The problem of one inspector id written in a conflict's cell, if any. */
  const badInspector = (r: Row, inspector: string): void => {
    const meant = ids.has(inspector) ? undefined : byLook.get(lookalike(inspector));
    const named = ids.has(inspector) ? undefined : byName.get(nameKey(inspector));
    if (meant)
      r.bad(
        "inspector",
        `no inspector has the id '${inspector}'; ${meant} differs from it only in look-alike characters (O for 0, I or L for 1) or case: write ${meant}, or the declaration excludes nobody`,
        `没有编号为“${inspector}”的执法人员，它与 ${meant} 仅有形近的字母与数字（O 与 0、I 与 1）或大小写之别：请写 ${meant}，否则该回避声明不排除任何人`,
      );
    else if (named) {
      const who = named.map((i) => `${i.id} (${i.department})`).join(", ");
      const whoZh = named.map((i) => `${i.id}（${i.department}）`).join("、");
      r.bad(
        "inspector",
        named.length === 1
          ? `'${inspector}' is not an inspector id but the name of inspector ${who}: write ${named[0].id}, or the declaration excludes nobody`
          : `'${inspector}' is not an inspector id but the name of inspectors ${who}: write the id of the one meant, or the declaration excludes nobody`,
        named.length === 1
          ? `“${inspector}”不是执法人员编号，而是执法人员 ${whoZh}的姓名：请写编号 ${named[0].id}，否则该回避声明不排除任何人`
          : `“${inspector}”不是执法人员编号，而是执法人员 ${whoZh}的姓名：请写所指人员的编号，否则该回避声明不排除任何人`,
      );
    }
  };
  // A row may declare several inspectors' conflicts with one enterprise (HA001、HA002), or one's
  // with several enterprises: one conflict each pair.
  const read = await readKind<Conflict[]>("conflicts", file, opts, (r) => {
    const cell = r.word("inspector");
    if (!cell) r.bad("inspector", "the inspector id is empty", "执法人员编号为空");
    const inspectors = ids.has(cell) ? [cell] : parseList(cell);
    if (!excelScientificIds(r, "inspector", inspectors))
      for (const inspector of inspectors) badInspector(r, inspector);
    const written = r.text("uscc");
    const code = hasHan(written) ? codeOf(written) : undefined;
    if (code) {
      r.bad(
        "uscc",
        `'${written}' is the name of enterprise ${code} in the enterprise file, not its code: write ${code}`,
        `“${written}”是企业名录中 ${code} 的企业名称，不是统一社会信用代码：请写 ${code}`,
      );
      return undefined;
    }
    const reason = r.text("reason");
    // Or several enterprises of one inspector's (913…、913…): one each, where every one is a code.
    const several = parseList(written);
    if (several.length > 1) {
      const codes: string[] = [];
      for (const part of several) {
        const code = checkedCode(r, "uscc", part, normalised, several.length);
        if (code === undefined) return undefined;
        codes.push(code);
      }
      return codes.flatMap((uscc) => inspectors.map((inspector) => ({ inspector, uscc, reason })));
    }
    const uscc = usccCell(r, "uscc", normalised);
    return uscc ? inspectors.map((inspector) => ({ inspector, uscc, reason })) : undefined;
  });
  const { records, ignored, notices, lines, sheets } = read;
  return {
    records: records.flat(),
    notices: [
      ...notices,
      ...noticesOf("conflicts", file, opts, normalised.count, ignored),
      ...repeatedNotice(records, lines, sheets, file, opts.lang ?? "en"),
    ],
  };
}

/**
 * The declarations that repeat an earlier one (the same inspector with the same enterprise), with
 * the row of each and of the one it repeats: kept as written (a draw records its inputs as read),
 * and said, since a list kept by hand that repeats a row may have meant another inspector or code.
 */
function repeatedNotice(
  records: readonly Conflict[][],
  lines: readonly number[],
  sheets: readonly (string | undefined)[],
  file: string,
  lang: Lang,
): string[] {
  const first = new Map<string, number>();
  const repeats: { at: number; of: number; pair: Conflict }[] = [];
  records.forEach((pairs, i) => {
    for (const pair of pairs) {
      const key = `${pair.inspector}\u0000${pair.uscc}`;
      const of = first.get(key);
      if (of === undefined) first.set(key, i);
      else repeats.push({ at: i, of, pair });
    }
  });
  if (!repeats.length) return [];
  const shown = repeats.slice(0, 10);
  const at = rowsSaid(shown.map((x) => ({ row: lines[x.at], sheet: sheets[x.at] })));
  const of = rowsSaid(shown.map((x) => ({ row: lines[x.of], sheet: sheets[x.of] })));
  const more = repeats.length > shown.length;
  return [
    tr(
      lang,
      `note: ${repeats.length} declaration(s) of ${file} repeat an earlier one, the same inspector with the same enterprise: ${shown.map((x, k) => `row ${at.en[k]}, ${x.pair.inspector} with ${x.pair.uscc}, as row ${of.en[k]}`).join("; ")}${more ? "; …" : ""} (a repeat excludes nobody more: was another inspector or enterprise meant?)`,
      `提示：${file} 中 ${repeats.length} 条回避声明与此前的重复（同一执法人员、同一企业）：${shown.map((x, k) => `第 ${at.zh[k]} 行 ${x.pair.inspector} 与 ${x.pair.uscc}，同第 ${of.zh[k]} 行`).join("；")}${more ? "……" : ""}（重复的声明不多排除任何人：是否本应是其他执法人员或企业？）`,
    ),
  ];
}
