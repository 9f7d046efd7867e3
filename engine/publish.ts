import { addWorkingDays } from "./calendar.js";
import type { InspectionKind } from "./data/records.js";
import { findResultCode } from "./data/result-codes.js";
import type { Lang } from "./lang.js";
import { type Period, today } from "./period.js";
import { maskName } from "./privacy.js";
import { ledgerCalendar } from "./store/calendar.js";
import type { Db } from "./store/db.js";
import { DEFAULT_TASK } from "./store/ledger.js";
import { LIVE } from "./store/ledger-state.js";
import { resultsBetween } from "./store/result-reads.js";
import { storedJson, TEXT_LIST } from "./store/stored-json.js";

/** Working days within which results are published (作出检查结果之日起20个工作日内). */
export const PUBLICATION_WORKING_DAYS = 20;

/** A row of the publication list (公示): no inspector data; natural persons' names masked. */
export interface PublicationRow {
  readonly name: string;
  readonly uscc: string;
  readonly department: string;
  readonly kind: InspectionKind;
  /**
   * The draw whose visit a random or joint result reports, as the public knows it: its period,
   * and its task's name unless the task is the default one; null when no recorded draw has the visit.
   */
  readonly task: string | null;
  /** The item's code, and its name when the policy given has the item. */
  readonly item: string;
  readonly itemName: string | null;
  readonly date: string;
  readonly result: string;
  readonly deadline: string;
  /** The year whose official holidays the deadline was computed without (not known), else null. */
  readonly unknownYear: number | null;
  /** The day of the result's latest correction (更正, this machine's date), or null when it has none. */
  readonly corrected: string | null;
}

/**
 * The publication list of the results recorded for inspections dated in a period. Names come
 * from `names` (an enterprise file's, as published: see maskName) or from the draws in the
 * ledger; item names from `itemNames` (a policy's items).
 */
export function publicationRows(
  db: Db,
  period: Period,
  names: ReadonlyMap<string, string>,
  lang: Lang,
  itemNames: ReadonlyMap<string, string> = new Map(),
): PublicationRow[] {
  // The name the ledger's latest draw of an enterprise has, asked by its index for those the file
  // does not name, once an enterprise (every draw's visits read, 234,679 in a ledger of thirty, took 0.8 s).
  const latestName = db
    .prepare("SELECT name FROM planned WHERE uscc = ? ORDER BY draw_seq DESC LIMIT 1")
    .pluck();
  const fromLedger = new Map<string, string>();
  const nameOf = (uscc: string): string => {
    let name = names.get(uscc) ?? fromLedger.get(uscc);
    if (name === undefined) {
      name = (latestName.get(uscc) as string | undefined) ?? "";
      fromLedger.set(uscc, name);
    }
    return name;
  };
  // The draws' visits of an enterprise up to a result's date: first those a result of that day
  // fulfilled (the visit the result is part of, though its draw was cancelled since; two tasks'
  // visits made as one), then a live draw's, the latest first, as results import matched it.
  const visits = db.prepare(
    `SELECT l.task, l.period, p.departments, EXISTS (SELECT 1 FROM results x WHERE x.id = p.done_by AND x.date = ?) AS made
     FROM planned p JOIN ledger l ON l.seq = p.draw_seq
     WHERE p.uscc = ? AND p.date <= ?
     ORDER BY made DESC, ${LIVE} DESC, p.date DESC, p.draw_seq DESC`,
  );
  type Visit = { task: string; period: string; departments: string; made: number };
  const label = (v: Visit) => (v.task === DEFAULT_TASK ? v.period : `${v.period} ${v.task}`);
  // Asked once a visit's day: its items' results, some four, share them.
  const visitsOn = new Map<string, Visit[]>();
  const taskOf = (uscc: string, date: string, department: string): string | null => {
    const key = `${uscc} ${date}`;
    let rows = visitsOn.get(key);
    if (rows === undefined) {
      rows = visits.all(date, uscc, date) as Visit[];
      visitsOn.set(key, rows);
    }
    const own = rows.filter((v) =>
      storedJson(v.departments, TEXT_LIST, {
        table: "planned",
        row: uscc,
        column: "departments",
      }).includes(department),
    );
    if (!own.length) return null;
    // One inspection made for two tasks' visits names both, in the order they were drawn.
    const made = own.filter((v) => v.made);
    return made.length > 1 ? [...new Set(made.map(label))].reverse().join("；") : label(own[0]);
  };
  // Holidays of the years chinese-days lists, and of those the office recorded (calendar import).
  const calendar = ledgerCalendar(db);
  // Counted once a day of inspection: a period's results fall on some 180 days, and counting 20
  // working days a result took 10 of a 23-second list of 300,000.
  const deadlines = new Map<string, ReturnType<typeof addWorkingDays>>();
  const deadline = (date: string) => {
    let due = deadlines.get(date);
    if (due === undefined) {
      due = addWorkingDays(date, PUBLICATION_WORKING_DAYS, calendar);
      deadlines.set(date, due);
    }
    return due;
  };
  return resultsBetween(db, period.start, period.end).map((r) => {
    const name = nameOf(r.uscc);
    const due = deadline(r.date);
    return {
      name: maskName(r.uscc, name),
      uscc: r.uscc,
      department: r.department,
      kind: r.kind,
      task: r.kind === "random" || r.kind === "joint" ? taskOf(r.uscc, r.date, r.department) : null,
      item: r.item,
      itemName: itemNames.get(r.item) ?? null,
      date: r.date,
      result: r.result.map((id) => findResultCode(id)?.[lang === "zh" ? "zh" : "en"] ?? id).join("；"),
      deadline: due.date,
      unknownYear: due.unknownYear,
      corrected: r.corrected === null ? null : today(new Date(r.corrected)),
    };
  });
}

/** An item as the public reads it: its code and name, or its code alone when it has no name. */
function itemText(r: PublicationRow): string {
  return r.itemName === null ? r.item : `${r.item} ${r.itemName}`;
}

/** How the public list names each kind of inspection. */
export const PUBLISHED_KIND: Readonly<Record<InspectionKind, Readonly<Record<Lang, string>>>> = {
  random: { zh: "双随机抽查", en: "random inspection" },
  joint: { zh: "双随机联合抽查", en: "joint random inspection" },
  targeted: { zh: "专项检查", en: "targeted inspection" },
  complaint: { zh: "投诉举报核查", en: "complaint inspection" },
};

/** Column headers of the publication file. */
export const PUBLICATION_HEADERS: Record<Lang, readonly string[]> = {
  zh: [
    "企业名称",
    "统一社会信用代码",
    "检查部门",
    "检查类型",
    "抽查任务",
    "检查事项",
    "检查日期",
    "检查结果",
    "公示截止日期",
  ],
  en: ["enterprise", "uscc", "department", "kind", "task", "item", "date", "result", "publish by"],
};

/**
 * Column widths of the publication workbook, in characters: the kind of inspection on one line in
 * either language (双随机联合抽查, joint random inspection), as the dates and codes are.
 */
export const PUBLICATION_WIDTHS: Record<Lang, readonly number[]> = {
  zh: [30, 22, 16, 16, 16, 28, 12, 20, 14],
  en: [30, 22, 16, 24, 16, 28, 12, 20, 14],
};

/** A publication row's cells, in the order of {@link PUBLICATION_HEADERS}. */
export function publicationCells(r: PublicationRow, lang: Lang): string[] {
  return [
    r.name,
    r.uscc,
    r.department,
    PUBLISHED_KIND[r.kind][lang],
    r.task ?? "",
    itemText(r),
    r.date,
    r.result,
    r.deadline,
  ];
}
