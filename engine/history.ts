import type { HistoryEntry, InspectionKind } from "./data/records.js";
import { findResultCode } from "./data/result-codes.js";
import { type StringMap, stringMap } from "./string-map.js";

/**
 * Inspections per enterprise, sorted by date: what caps and history facts read. By code in a
 * StringMap where there are more entries than a Map holds.
 */
export class HistoryIndex {
  private readonly byUscc: Map<string, HistoryEntry[]> | StringMap<HistoryEntry[]>;

  /** The inspections of the history file, the store and the draws in the ledger. */
  constructor(entries: readonly HistoryEntry[] = []) {
    this.byUscc = stringMap(entries.length);
    for (const e of entries) this.add(e);
  }

  private add(e: HistoryEntry): void {
    const list = this.byUscc.get(e.uscc);
    if (!list) this.byUscc.set(e.uscc, [e]);
    else {
      list.push(e);
      if (list.length > 1 && list[list.length - 2].date > e.date) list.sort(byDate);
    }
  }

  /** The inspections of one enterprise, oldest first. */
  of(uscc: string): readonly HistoryEntry[] {
    return this.byUscc.get(uscc) ?? [];
  }

  /** Dates of all recorded inspections of one enterprise (calendar caps also count later dates in the same period). */
  dates(uscc: string): string[] {
    return this.of(uscc).map((e) => e.date);
  }
}

function byDate(a: HistoryEntry, b: HistoryEntry): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
}

/** The kind a visit recorded as several is said to be: the first of these it was recorded as. */
const VISIT_KINDS: readonly InspectionKind[] = ["joint", "random", "targeted", "complaint"];

const SEVERITY: Readonly<Record<string, number>> = {
  problem: 0,
  gone: 1,
  unreachable: 2,
  "no-activity": 3,
  clean: 4,
};

/**
 * Inspections by visit: the entries of one enterprise on one date (a joint inspection exported as
 * one row per department, the items of one visit recorded one by one) are one inspection
 * (进一次门、查多项事), as caps and `inspectionsLast12m` count it and a drawn visit is planned. Its
 * departments are joined by `;`, its kind is `joint` when any entry says so (else `random`,
 * `targeted`, `complaint` in that order), and its codes are the findings first, without 未发现问题
 * when something was found, so `lastResult` reads the finding. An entry alone on its date is kept
 * as it is. The same whatever the order of the entries.
 */
export function visits(entries: readonly HistoryEntry[]): HistoryEntry[] {
  // A million rows are mostly alone on their date: each is looked up by its code alone (a string
  // whose hash V8 keeps), and only an enterprise met again is looked at further. Places are kept
  // in typed arrays, and codes in a StringMap where they may be too many for a Map.
  const first = stringMap<number>(entries.length);
  /** The place in `out` of the enterprise's next visit after a place, and (at its first place) of its last; −1: none. */
  const next = new Int32Array(entries.length).fill(-1);
  const last = new Int32Array(entries.length).fill(-1);
  /** Visits recorded as several entries: the entries of each, and its place; per place, its visit's index here (−1: none). */
  const merged: HistoryEntry[][] = [];
  const mergedAt: number[] = [];
  const groupOf = new Int32Array(entries.length).fill(-1);
  const out: HistoryEntry[] = [];
  for (const e of entries) {
    const k = first.get(e.uscc);
    if (k === undefined) {
      first.set(e.uscc, out.length);
      out.push(e);
      continue;
    }
    let place = k;
    while (place >= 0 && out[place].date !== e.date) place = next[place];
    if (place < 0) {
      next[last[k] < 0 ? k : last[k]] = out.length;
      last[k] = out.length;
      out.push(e);
    } else if (groupOf[place] >= 0) merged[groupOf[place]].push(e);
    else {
      groupOf[place] = merged.length;
      merged.push([out[place], e]);
      mergedAt.push(place);
    }
  }
  for (let g = 0; g < merged.length; g++) out[mergedAt[g]] = oneVisit(merged[g]);
  return out;
}

function oneVisit(same: readonly HistoryEntry[]): HistoryEntry {
  const kinds = same.map((e) => e.kind);
  return {
    uscc: same[0].uscc,
    date: same[0].date,
    department: [...new Set(same.flatMap((e) => e.department.split(";")).filter(Boolean))].sort().join(";"),
    kind: VISIT_KINDS.find((k) => kinds.includes(k)) ?? same[0].kind,
    result: visitResult(same.flatMap((e) => e.result)),
  };
}

/** The codes of a visit's entries, once each, the most telling first; 未发现问题 only when nothing else was recorded. */
function visitResult(codes: readonly string[]): string[] {
  const rank = (id: string) => SEVERITY[findResultCode(id)?.class ?? "clean"];
  const distinct = [...new Set(codes)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const telling = distinct.filter((id) => rank(id) < SEVERITY.clean);
  return telling.length ? telling : distinct;
}
