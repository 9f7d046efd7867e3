import { toCsv } from "../csv.js";
import { COLUMNS } from "./columns.js";
import type { Conflict, Enterprise, HistoryEntry, Inspector } from "./records.js";

/** Enterprises as CSV with the canonical columns (extra facts appended), readable by readEnterprises. */
export function enterprisesCsv(es: readonly Enterprise[]): string {
  const extras = [...new Set(es.flatMap((e) => Object.keys(e.extra)))].sort();
  return toCsv(
    [...COLUMNS.enterprises.map((c) => c.name), ...extras],
    es.map((e) => [
      e.uscc,
      e.name,
      e.grade ?? "",
      e.category,
      e.industry ?? "",
      e.region ?? "",
      e.departments.join(";"),
      e.tags.join(";"),
      e.abnormal ? "yes" : "no",
      e.gradedOn ?? "",
      ...extras.map((k) => String(e.extra[k] ?? "")),
    ]),
  );
}

/** Inspectors as CSV. */
export function inspectorsCsv(is: readonly Inspector[]): string {
  return toCsv(
    ["id", "name", "department", "licenseNo", "licenseExpires", "items", "active", "capacity"],
    is.map((i) => [
      i.id,
      i.name,
      i.department,
      i.licenseNo,
      i.licenseExpires ?? "",
      i.items.join(";"),
      i.active ? "yes" : "no",
      i.capacity === null ? "" : String(i.capacity),
    ]),
  );
}

/** Conflicts as CSV. */
export function conflictsCsv(cs: readonly Conflict[]): string {
  return toCsv(
    ["inspector", "uscc", "reason"],
    cs.map((c) => [c.inspector, c.uscc, c.reason]),
  );
}

/** History as CSV. */
export function historyCsv(hs: readonly HistoryEntry[]): string {
  return toCsv(
    ["uscc", "date", "department", "kind", "result"],
    hs.map((h) => [h.uscc, h.date, h.department, h.kind, h.result.join(";")]),
  );
}
