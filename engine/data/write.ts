import { csvLines, toCsv } from "../csv.js";
import { COLUMNS } from "./columns.js";
import type { GradePush } from "./read-grades.js";
import type { Conflict, Enterprise, HistoryEntry, Inspector } from "./records.js";

/** Enterprises as CSV with the canonical columns (extra facts appended), readable by readEnterprises. */
export function enterprisesCsv(es: readonly Enterprise[]): string {
  return [...enterprisesCsvLines(es)].join("");
}

/** {@link enterprisesCsv} a line at a time: a province's directory is longer than a string can be. */
export function* enterprisesCsvLines(es: readonly Enterprise[]): Generator<string> {
  const extras = new Set<string>();
  for (const e of es) for (const k of Object.keys(e.extra)) extras.add(k);
  const extra = [...extras].sort();
  const header = [...COLUMNS.enterprises.map((c) => c.name), ...extra];
  yield* csvLines(header, rows());
  function* rows() {
    for (const e of es)
      yield [
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
        e.operator ?? "",
        ...extra.map((k) => {
          const v = e.extra[k];
          return Array.isArray(v) ? v.join(";") : String(v ?? "");
        }),
      ];
  }
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

/** History as CSV, a line at a time (a demo district of 20,000,000 has some 7,000,000 past inspections). */
export function* historyCsvLines(hs: readonly HistoryEntry[]): Generator<string> {
  yield* csvLines(
    ["uscc", "date", "department", "kind", "result"],
    (function* () {
      for (const h of hs) yield [h.uscc, h.date, h.department, h.kind, h.result.join(";")];
    })(),
  );
}

/** A grade history as CSV (see read-grades), a line at a time. */
export function* gradesCsvLines(gs: readonly GradePush[]): Generator<string> {
  yield* csvLines(
    ["uscc", "grade", "gradedOn"],
    (function* () {
      for (const g of gs) yield [g.uscc, g.grade ?? "", g.gradedOn];
    })(),
  );
}
