import { addWorkingDays } from "./calendar.js";
import { findResultCode } from "./data/result-codes.js";
import type { Lang } from "./lang.js";
import type { Period } from "./period.js";
import { maskName } from "./privacy.js";
import type { Db } from "./store/db.js";
import { resultsBetween } from "./store/results.js";

/** Working days within which results are published (作出检查结果之日起20个工作日内). */
export const PUBLICATION_WORKING_DAYS = 20;

/** A row of the publication list (公示): no inspector data; natural persons' names masked. */
export interface PublicationRow {
  readonly name: string;
  readonly uscc: string;
  readonly department: string;
  /** The item's code, and its name when the policy given has the item. */
  readonly item: string;
  readonly itemName: string | null;
  readonly date: string;
  readonly result: string;
  readonly deadline: string;
  /** True when the deadline was computed without the official holidays of its year (not yet known). */
  readonly approximate: boolean;
}

/**
 * The publication list of the results recorded for inspections dated in a period. Names come
 * from `names` (an enterprise file) or from the draws in the ledger; item names from `itemNames`
 * (a policy's items).
 */
export function publicationRows(
  db: Db,
  period: Period,
  names: ReadonlyMap<string, string>,
  lang: Lang,
  itemNames: ReadonlyMap<string, string> = new Map(),
): PublicationRow[] {
  const fromLedger = new Map(
    (
      db.prepare("SELECT uscc, name FROM planned ORDER BY draw_seq").all() as { uscc: string; name: string }[]
    ).map((r) => [r.uscc, r.name]),
  );
  return resultsBetween(db, period.start, period.end).map((r) => {
    const name = names.get(r.uscc) ?? fromLedger.get(r.uscc) ?? "";
    const due = addWorkingDays(r.date, PUBLICATION_WORKING_DAYS);
    return {
      name: maskName(r.uscc, name),
      uscc: r.uscc,
      department: r.department,
      item: r.item,
      itemName: itemNames.get(r.item) ?? null,
      date: r.date,
      result: r.result.map((id) => findResultCode(id)?.[lang === "zh" ? "zh" : "en"] ?? id).join("；"),
      deadline: due.date,
      approximate: due.approximate,
    };
  });
}

/** An item as the public reads it: its code and name, or its code alone when it has no name. */
export function itemText(r: PublicationRow): string {
  return r.itemName === null ? r.item : `${r.item} ${r.itemName}`;
}

/** Column headers of the publication file. */
export const PUBLICATION_HEADERS: Record<Lang, readonly string[]> = {
  zh: ["企业名称", "统一社会信用代码", "检查部门", "检查事项", "检查日期", "检查结果", "公示截止日期"],
  en: ["enterprise", "uscc", "department", "item", "date", "result", "publish by"],
};
