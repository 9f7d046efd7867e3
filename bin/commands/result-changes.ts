// How a row's result differs from the one recorded for its place: told as a contradiction, or as a correction made.

import type { ResultRecord } from "../../engine/data/records.js";
import { findResultCode } from "../../engine/data/result-codes.js";
import { type Lang, tr } from "../../engine/lang.js";
import { PUBLISHED_KIND } from "../../engine/publish.js";
import { differences, type ImportConflict, type RecordedResult } from "../../engine/store/results.js";

/** Result codes as the official Chinese texts. */
function inChinese(ids: readonly string[]): string {
  return ids.map((id) => findResultCode(id)?.zh ?? id).join("；");
}

/** Where a result is recorded: its enterprise, date, department and item. */
const placeOf = (r: ResultRecord) => `${r.uscc} ${r.date} ${r.department} ${r.item}`;

/** What `r` says against what `x` said, column by column. */
function changes(x: RecordedResult, r: RecordedResult) {
  const said = {
    kind: {
      en: "kind",
      zh: "检查类型",
      was: x.kind,
      is: r.kind,
      wasZh: PUBLISHED_KIND[x.kind].zh,
      isZh: PUBLISHED_KIND[r.kind].zh,
    },
    result: {
      en: "result",
      zh: "结果",
      was: x.result.join(";"),
      is: r.result.join(";"),
      wasZh: inChinese(x.result),
      isZh: inChinese(r.result),
    },
    inspectors: {
      en: "inspectors",
      zh: "执法人员",
      was: x.inspectors.join(";"),
      is: r.inspectors.join(";"),
      wasZh: x.inspectors.join("；"),
      isZh: r.inspectors.join("；"),
    },
  };
  return differences(x, r).map((column) => said[column]);
}

/** A row's contradiction of a recorded result: its kind, its result, its inspectors. */
export function contradiction(c: ImportConflict, lang: Lang): string {
  const place = placeOf(c.record);
  const what = changes(c.existing, c.record);
  return tr(
    lang,
    `${place}: already recorded with ${what.map((w) => `${w.en} ${w.was}, this file says ${w.is}`).join("; and ")}`,
    `${place}：已记录${what.map((w) => `${w.zh}为“${w.wasZh}”，本文件为“${w.isZh}”`).join("；")}`,
  );
}

/** A result corrected: what it said before and says after, column by column. */
export function changeText(before: RecordedResult, after: RecordedResult, lang: Lang): string {
  const what = changes(before, after);
  return tr(
    lang,
    what.map((w) => `${w.en} ${w.was} → ${w.is}`).join("; "),
    what.map((w) => `${w.zh}“${w.wasZh}”→“${w.isZh}”`).join("；"),
  );
}

/** A recorded result corrected by a row: where, and what it said before and says now. */
export function correctionText(c: ImportConflict, lang: Lang): string {
  return `${placeOf(c.record)}${tr(lang, ": ", "：")}${changeText(c.existing, c.record, lang)}`;
}

/** What a withdrawn result said: its kind, codes and inspectors. */
export function withdrawnText(before: RecordedResult, lang: Lang): string {
  return tr(
    lang,
    `withdrawn (was ${before.kind}: ${before.result.join(";")}; ${before.inspectors.join(";")})`,
    `撤回（原为${PUBLISHED_KIND[before.kind].zh}：${inChinese(before.result)}；${before.inspectors.join("；")}）`,
  );
}

/** A recorded result withdrawn by a row: where, and what it said. */
export function withdrawalText(r: ResultRecord, lang: Lang): string {
  return `${placeOf(r)}${tr(lang, ": ", "：")}${withdrawnText(r, lang)}`;
}
