import type { HistoryEntry } from "./data/records.js";

/** Inspections per enterprise, sorted by date: what caps and history facts read. */
export class HistoryIndex {
  private readonly byUscc = new Map<string, HistoryEntry[]>();

  constructor(entries: Iterable<HistoryEntry> = []) {
    for (const e of entries) this.add(e);
  }

  /** Adds an inspection (from the history file, the store or a draw in the ledger). */
  add(e: HistoryEntry): void {
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
