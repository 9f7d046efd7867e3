/** Recording inspection results (检查结果): each matched to the drawn visit it reports, or correcting (更正) one recorded. */

import type { InspectionKind, ResultRecord } from "../data/records.js";
import { hasHan } from "../data/values.js";
import type { Db } from "./db.js";
import { visitMatcher } from "./reported-visit.js";
import { correctionRecorder } from "./result-corrections.js";
import { resultLogger } from "./result-log.js";
import { storedJson, TEXT_LIST } from "./stored-json.js";

/** What an import did. */
export interface ImportSummary {
  readonly inserted: number;
  /** Rows already recorded with the same content. */
  readonly unchanged: number;
  /** Planned inspections of the ledger that these results fulfil. */
  readonly fulfilled: number;
  /**
   * The places, among those imported, of random or joint results recorded now that no inspection
   * drawn in the ledger for their enterprise and department accounts for, though the ledger has
   * draws of their period: most often a mistyped code, date or department, or a targeted
   * inspection recorded as random.
   */
  readonly unplanned: number[];
  /**
   * Random or joint results recorded now that name inspectors the draw did not assign to their
   * visit (双随机 draws the inspectors as well as the enterprises): each one's place among those
   * imported, those inspectors, and the visit's drawn team. A substitute is sometimes needed; the
   * reason is then to be kept.
   */
  readonly substituted: { index: number; inspectors: string[]; team: string[] }[];
  /**
   * Random or joint results recorded now, of rows that name their task (as a results form's do),
   * that are dated before the ledger's draw of that task for their enterprise and department, and
   * after none: most often a mistyped date (2025 for 2026). Each one's place among those imported
   * and the day that draw was made. The visit is not fulfilled by them.
   */
  readonly beforeDraw: { index: number; drawn: string }[];
  /**
   * Random or joint results recorded now, of a drawn visit whose result of the same department and
   * item is recorded already under another date (the day of the result that fulfilled the visit):
   * one visit's item reported twice, most often under a mistyped date. Each one's place among those
   * imported and that day.
   */
  readonly twice: { index: number; date: string }[];
  /**
   * Rows that contradicted a recorded result and corrected it (更正, given a reason): each one's
   * place among those imported and what the result said before. The corrections table keeps that
   * too, with the reason and the file.
   */
  readonly corrected: { index: number; before: RecordedResult }[];
}

/** What a recorded result says, of those a row may contradict. */
export interface RecordedResult {
  readonly kind: InspectionKind;
  readonly result: readonly string[];
  readonly inspectors: readonly string[];
}

/** The kinds of inspection whose results report a drawn visit (双随机). */
export const DRAWN_KINDS: ReadonlySet<InspectionKind> = new Set(["random", "joint"]);

/** A row already recorded for the same enterprise, date, department and item, with another content. */
export interface ImportConflict {
  /** The record's place among those imported. */
  readonly index: number;
  readonly record: ResultRecord;
  readonly existing: RecordedResult;
}

/**
 * A row naming its inspectors by name (刘磊) where the ledger's draws assign ids (HA003): its place
 * among those imported, those names, and the team the draw assigned to its visit (none for a row
 * of no drawn visit).
 */
export interface ImportNamed {
  readonly index: number;
  readonly names: string[];
  readonly team: string[];
}

/**
 * A random or joint result, of a period the ledger has draws of, whose department the draws write
 * another way (淮安区市场监督管理局 for 市场监管局), or which names several of the draws' as a list
 * (人社局;市场监管局, a joint visit's departments, where a result is one department's item): it
 * would match no drawn visit, and be recorded under a department no draw knows.
 * Its place among those imported, the department as written, and the draws' it most likely means,
 * or the several it names.
 */
export interface ImportMisnamed {
  readonly index: number;
  readonly department: string;
  readonly meant: string | readonly string[];
}

/**
 * Records inspection results in one transaction: all rows or none. A row identical to one already
 * recorded is skipped; a row that contradicts one is a conflict and nothing is written; so is a
 * row naming inspectors by name where the ledger's draws assign them by id (its results would
 * name no inspector the draws know, and record a name where an id belongs), and so is a random or
 * joint row whose department the draws write another way (see ImportMisnamed).
 */
export function importResults(
  db: Db,
  records: readonly ResultRecord[],
  sourceHash: string,
  now: string,
  /** The reason to correct recorded results with (更正): a row that contradicts one then replaces what it says. */
  correction?: string,
): {
  summary?: ImportSummary;
  conflicts: ImportConflict[];
  named: ImportNamed[];
  misnamed: ImportMisnamed[];
} {
  const find = recordedFinder(db);
  const insert = db.prepare(
    "INSERT INTO results (id, uscc, date, department, item, kind, result, inspectors, source_hash, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  // The last id any result had, a withdrawn one's too: SQLite would give a new result the id of
  // the last one withdrawn, whose correction and log entries would then name it. Of the log, its
  // last result recorded, read from its end: ids rise as results are recorded, and max() over the
  // log, which has no index on result_id, read every entry (0.2 s an import at 600,000).
  const lastId = db.prepare(
    `SELECT max(id) FROM (SELECT max(id) AS id FROM results UNION ALL SELECT max(result_id) FROM corrections
       UNION ALL SELECT * FROM (SELECT result_id FROM result_log WHERE op = 'record' ORDER BY seq DESC LIMIT 1))`,
  );
  const correct = db.prepare(
    "UPDATE results SET kind = ?, result = ?, inspectors = ?, source_hash = ?, imported_at = ? WHERE id = ?",
  );
  const keep = correctionRecorder(db);
  const log = resultLogger(db);
  const team = db.prepare(
    "SELECT inspector FROM assigned WHERE draw_seq = ? AND uscc = ? ORDER BY inspector",
  );
  const conflicts: ImportConflict[] = [];
  const named: ImportNamed[] = [];
  const misnamed: ImportMisnamed[] = [];
  const visits = visitMatcher(db);
  // Where every id the ledger's draws assigned is written without Chinese, a Chinese one is a name
  // (the ledger's ids are read only for a file that has one).
  let idsAreCodes = false;
  if (records.some((r) => r.inspectors.some(hasHan))) {
    const ids = db.prepare("SELECT inspector FROM assigned GROUP BY inspector").pluck().all() as string[];
    idsAreCodes = ids.length > 0 && !ids.some(hasHan);
  }
  const run = db.transaction(() => {
    let inserted = 0;
    let unchanged = 0;
    let fulfilled = 0;
    const unplanned: number[] = [];
    const substituted: ImportSummary["substituted"] = [];
    const beforeDraw: ImportSummary["beforeDraw"] = [];
    const twice: ImportSummary["twice"] = [];
    const corrected: ImportSummary["corrected"] = [];
    let nextId = ((lastId.pluck().get() as number | null) ?? 0) + 1;
    for (const [index, r] of records.entries()) {
      const found = find(r);
      if (found) {
        const { existing } = found;
        if (!differences(existing, r).length) {
          unchanged++;
          // Reported on another task's form too (one visit for both tasks' items): that task's visit is made.
          if (DRAWN_KINDS.has(r.kind) && visits.alsoReports(r, found.id)) fulfilled++;
          continue;
        }
        // A correction keeps the visit a result reports: a drawn inspection's result stays one.
        if (correction === undefined || DRAWN_KINDS.has(existing.kind) !== DRAWN_KINDS.has(r.kind)) {
          conflicts.push({ index, record: r, existing });
          continue;
        }
        keep(found.id, r, correction, sourceHash, now);
        correct.run(
          r.kind,
          JSON.stringify(r.result),
          JSON.stringify(r.inspectors),
          sourceHash,
          now,
          found.id,
        );
        log("correct", found.id, now, { reason: correction, file: sourceHash });
        corrected.push({ index, before: existing });
      }
      const id = found
        ? found.id
        : insert.run(
            nextId++,
            r.uscc,
            r.date,
            r.department,
            r.item,
            r.kind,
            JSON.stringify(r.result),
            JSON.stringify(r.inspectors),
            sourceHash,
            now,
          ).lastInsertRowid;
      if (!found) log("record", id, now);
      const names = idsAreCodes ? r.inspectors.filter(hasHan) : [];
      // The drawn visit this result reports, by its draw.
      let visit: number | undefined;
      if (DRAWN_KINDS.has(r.kind)) {
        if (found) visit = visits.corrected(r, id);
        else {
          const said = visits.recorded(r, id);
          visit = said.visit;
          if (said.meant) misnamed.push({ index, department: r.department, meant: said.meant });
          if (said.fulfils) fulfilled++;
          if (said.beforeDraw) beforeDraw.push({ index, drawn: said.beforeDraw });
          if (said.unplanned) unplanned.push(index);
          if (said.twice) twice.push({ index, date: said.twice });
        }
      }
      const drawnTeam =
        visit === undefined
          ? []
          : (team.all(visit, r.uscc) as { inspector: string }[]).map((t) => t.inspector);
      if (names.length) named.push({ index, names, team: drawnTeam });
      else if (visit !== undefined) {
        const others = r.inspectors.filter((i) => !drawnTeam.includes(i));
        if (others.length) substituted.push({ index, inspectors: others, team: drawnTeam });
      }
      if (!found) inserted++;
    }
    if (conflicts.length || named.length || misnamed.length) throw new ConflictAbort();
    return { inserted, unchanged, corrected, fulfilled, unplanned, substituted, beforeDraw, twice };
  });
  try {
    return { summary: run.immediate(), conflicts, named, misnamed };
  } catch (e) {
    if (e instanceof ConflictAbort) return { conflicts, named, misnamed };
    throw e;
  }
}

/** Thrown inside a transaction to roll it back when rows contradict recorded results; caught by its caller. */
export class ConflictAbort extends Error {}

/** What a result says, of those a row may contradict. */
export type ResultColumn = "kind" | "result" | "inspectors";

/** The columns in which `r` says another thing than the result recorded for its place, `x`. */
export function differences(x: RecordedResult, r: RecordedResult): ResultColumn[] {
  return [
    ...(x.kind === r.kind ? [] : ["kind" as const]),
    ...(sameItems(x.result, r.result) ? [] : ["result" as const]),
    ...(sameItems(x.inspectors, r.inspectors) ? [] : ["inspectors" as const]),
  ];
}

/**
 * Whether two lists of a result (its codes, its inspectors) say the same, in whatever order: an
 * export that lists the lead inspector first, or the codes in another order, says no other thing.
 */
function sameItems(a: readonly string[], b: readonly string[]): boolean {
  const x = [...a].sort();
  const y = [...b].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** The result recorded at a row's place (its enterprise, date, department and item): its id and what it says. */
export function recordedFinder(db: Db) {
  const find = db.prepare(
    "SELECT id, kind, result, inspectors FROM results WHERE uscc = ? AND date = ? AND department = ? AND item = ?",
  );
  return (r: ResultRecord): { id: number; existing: RecordedResult } | undefined => {
    const found = find.get(r.uscc, r.date, r.department, r.item) as
      | { id: number; kind: InspectionKind; result: string; inspectors: string }
      | undefined;
    return (
      found && {
        id: found.id,
        existing: {
          kind: found.kind,
          result: storedJson(found.result, TEXT_LIST, { table: "results", row: found.id, column: "result" }),
          inspectors: storedJson(found.inspectors, TEXT_LIST, {
            table: "results",
            row: found.id,
            column: "inspectors",
          }),
        },
      }
    );
  };
}
