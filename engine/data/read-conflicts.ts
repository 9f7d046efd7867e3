/** The reader of declared conflicts of interest (回避): each an inspector and an enterprise, by id and code, where a name or a look-alike id is refused with what was meant. */

import { type Lang, tr } from "../lang.js";
import { checkedCode, excelScientificIds, noticesOf, usccCell } from "./read-cells.js";
import type { ReadOptions, ReadResult } from "./read-options.js";
import { nameKey } from "./read-staff.js";
import type { Conflict, Enterprise, Inspector } from "./records.js";
import type { Row } from "./row-cursor.js";
import { readKind } from "./row-reader.js";
import { rowsSaid } from "./rows.js";
import { halfWidth, hasHan, parseList } from "./values.js";

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
      ...(records.length ? [] : [noConflictNotice(file, opts.lang ?? "en")]),
    ],
  };
}

/**
 * What a declaration list holding none says (a header alone, an empty JSON array): read, since a
 * period may have none, but said, since an export that lost its rows would keep no one away.
 */
function noConflictNotice(file: string, lang: Lang): string {
  return tr(
    lang,
    `note: ${file} holds no rows: it declares no conflict (回避), and no inspector is kept from an enterprise for one; if declarations were made, check the export`,
    `提示：${file} 没有数据行：未声明任何回避，没有执法人员因回避不被派往企业；如有回避声明，请检查导出的文件`,
  );
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
