import { likelyDepartment } from "../data/drawable.js";
import type { HistoryEntry, InspectionKind, ResultRecord } from "../data/records.js";
import { hasHan, parseList } from "../data/values.js";
import { visits } from "../history.js";
import { parsePeriod } from "../period.js";
import type { Db } from "./db.js";
import { LIVE } from "./ledger-state.js";
import { resultLogger } from "./result-log.js";

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
    "INSERT INTO results (uscc, date, department, item, kind, result, inspectors, source_hash, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  // The live draws' visits of the enterprise up to the result's date, latest first: a cancelled
  // draw's visit is not made, and fulfilling it would leave the live one open.
  const planned = db.prepare(
    `SELECT p.draw_seq, p.departments, p.done_by IS NULL AS open, l.task FROM planned p JOIN ledger l ON l.seq = p.draw_seq
     WHERE p.uscc = ? AND p.date <= ? AND ${LIVE} ORDER BY p.date DESC, p.draw_seq DESC`,
  );
  // The live draws' visits of the enterprise after the result's date, earliest first.
  const later = db.prepare(
    `SELECT p.date, p.departments, l.task FROM planned p JOIN ledger l ON l.seq = p.draw_seq
     WHERE p.uscc = ? AND p.date > ? AND ${LIVE} ORDER BY p.date, p.draw_seq`,
  );
  const done = db.prepare("UPDATE planned SET done_by = ? WHERE draw_seq = ? AND uscc = ?");
  const fulfilledBy = db.prepare("SELECT draw_seq FROM planned WHERE done_by = ?").pluck();
  // The day of the result that fulfilled a visit, where a result of the same department and item is recorded that day.
  const sameItemDay = db
    .prepare(
      `SELECT x.date FROM planned p JOIN results x ON x.id = p.done_by
       WHERE p.draw_seq = ? AND p.uscc = ?
         AND EXISTS (SELECT 1 FROM results y WHERE y.uscc = x.uscc AND y.date = x.date AND y.department = ? AND y.item = ?)`,
    )
    .pluck();
  const correct = db.prepare(
    "UPDATE results SET kind = ?, result = ?, inspectors = ?, source_hash = ?, imported_at = ? WHERE id = ?",
  );
  const keep = correctionRecorder(db);
  const log = resultLogger(db);
  const team = db.prepare(
    "SELECT inspector FROM assigned WHERE draw_seq = ? AND uscc = ? ORDER BY inspector",
  );
  const livePeriods = db.prepare(`SELECT DISTINCT p.period FROM planned p WHERE ${LIVE}`);
  const conflicts: ImportConflict[] = [];
  const named: ImportNamed[] = [];
  const misnamed: ImportMisnamed[] = [];
  // The departments the ledger's draws name, for a random result's written another way.
  const drawnDepartments = [
    ...new Set(
      (db.prepare("SELECT DISTINCT departments FROM planned").pluck().all() as string[]).flatMap(
        (d) => JSON.parse(d) as string[],
      ),
    ),
  ];
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
    const periods = (livePeriods.all() as { period: string }[])
      .map((r) => parsePeriod(r.period))
      .filter((p) => p !== undefined);
    for (const [index, r] of records.entries()) {
      const found = find(r);
      if (found) {
        const { existing } = found;
        if (!differences(existing, r).length) {
          unchanged++;
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
        // Of the task the row names, when it names one: two tasks may draw one enterprise for a department.
        const itsOwn = (p: { departments: string; task: string }) =>
          (r.task === undefined || p.task === r.task) &&
          (JSON.parse(p.departments) as string[]).includes(r.department);
        // The drawn visits of its enterprise and department up to its day, latest first.
        const drawnOf = () =>
          (
            planned.all(r.uscc, r.date) as {
              draw_seq: number;
              departments: string;
              open: number;
              task: string;
            }[]
          ).filter(itsOwn);
        if (found) {
          // Corrected: the visit it fulfils, else the latest, as when it was recorded.
          visit = (fulfilledBy.get(id) as number | undefined) ?? drawnOf()[0]?.draw_seq;
        } else {
          const drawn = drawnOf();
          // Of a period the ledger has draws of: an export of earlier inspections may name departments its own way.
          const several = parseList(r.department);
          const meant =
            drawnDepartments.includes(r.department) ||
            !periods.some((p) => p.start <= r.date && r.date <= p.end)
              ? undefined
              : several.length > 1 && several.every((d) => drawnDepartments.includes(d))
                ? several
                : likelyDepartment(r.department, drawnDepartments);
          if (meant) misnamed.push({ index, department: r.department, meant });
          const open = drawn.find((p) => p.open);
          // Only a row that names its task (a results form's) is known to report a draw of this
          // ledger: an export of every inspection may hold random ones from before the ledger.
          const next =
            drawn.length === 0 && r.task !== undefined
              ? (later.all(r.uscc, r.date) as { date: string; departments: string; task: string }[]).find(
                  itsOwn,
                )
              : undefined;
          if (open) {
            done.run(id, open.draw_seq, r.uscc);
            fulfilled++;
          } else if (next) beforeDraw.push({ index, drawn: next.date });
          else if (drawn.length === 0 && periods.some((p) => p.start <= r.date && r.date <= p.end))
            unplanned.push(index);
          else if (drawn.length) {
            // The visit's item reported already, on the day of the result that fulfilled it.
            const day = sameItemDay.get(drawn[0].draw_seq, r.uscc, r.department, r.item) as
              | string
              | undefined;
            if (day !== undefined && day !== r.date) twice.push({ index, date: day });
          }
          // The one it fulfils, or else the latest, which another item's result of the same visit fulfilled.
          visit = (open ?? drawn[0])?.draw_seq;
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

class ConflictAbort extends Error {}

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

/** The inspection history of recorded results, by visit (see {@link visits}). */
export function storeResultHistory(db: Db): HistoryEntry[] {
  const rows = db
    .prepare("SELECT uscc, date, department, kind, result FROM results ORDER BY uscc, date, department, item")
    .all() as { uscc: string; date: string; department: string; kind: InspectionKind; result: string }[];
  return visits(rows.map((r) => ({ ...r, result: JSON.parse(r.result) as string[] })));
}

/** How many results the database holds, and the dates of its first and last (undefined when it holds none). */
export function resultsSpan(db: Db): { count: number; first: string; last: string } | undefined {
  const row = db
    .prepare("SELECT count(*) AS count, min(date) AS first, max(date) AS last FROM results")
    .get() as {
    count: number;
    first: string | null;
    last: string | null;
  };
  return row.count && row.first && row.last
    ? { count: row.count, first: row.first, last: row.last }
    : undefined;
}

/**
 * Results recorded for a period (inclusive dates), for publication, each with the time of its
 * latest correction (ISO, as recorded), or null when it says what it said when recorded.
 */
export function resultsBetween(
  db: Db,
  from: string,
  to: string,
): (ResultRecord & { readonly corrected: string | null })[] {
  const rows = db
    .prepare(
      `SELECT uscc, date, department, item, kind, result, inspectors,
         (SELECT max(c.corrected_at) FROM corrections c WHERE c.result_id = r.id) AS corrected
       FROM results r WHERE date >= ? AND date <= ? ORDER BY date, uscc, department, item`,
    )
    .all(from, to) as {
    uscc: string;
    date: string;
    department: string;
    item: string;
    kind: InspectionKind;
    result: string;
    inspectors: string;
    corrected: string | null;
  }[];
  return rows.map((r) => ({ ...r, result: JSON.parse(r.result), inspectors: JSON.parse(r.inspectors) }));
}

/** The result recorded at a row's place (its enterprise, date, department and item): its id and what it says. */
function recordedFinder(db: Db) {
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
          result: JSON.parse(found.result),
          inspectors: JSON.parse(found.inspectors),
        },
      }
    );
  };
}

/**
 * Records in the corrections table, before the result `id` is corrected or withdrawn, what it says
 * and what it is to say (null: withdrawn).
 */
function correctionRecorder(db: Db) {
  const insert = db.prepare(
    `INSERT INTO corrections (result_id, uscc, date, department, item, before, after, reason, source_hash, corrected_at)
     SELECT id, uscc, date, department, item,
       json_object('kind', kind, 'result', json(result), 'inspectors', json(inspectors), 'source_hash', source_hash, 'imported_at', imported_at),
       ?, ?, ?, ? FROM results WHERE id = ?`,
  );
  return (
    id: number | bigint,
    after: RecordedResult | null,
    reason: string,
    sourceHash: string,
    now: string,
  ) => {
    const said =
      after === null
        ? null
        : JSON.stringify({ kind: after.kind, result: after.result, inspectors: after.inspectors });
    insert.run(said, reason, sourceHash, now, id);
  };
}

/** A correction of a recorded result: which result, what it said before and after (null: withdrawn), why, from which file and when. */
export interface CorrectionListing {
  readonly uscc: string;
  readonly date: string;
  readonly department: string;
  readonly item: string;
  readonly before: RecordedResult;
  /** What it says since; null when the result was withdrawn. */
  readonly after: RecordedResult | null;
  readonly reason: string;
  /** The SHA-256 of the file that corrected it. */
  readonly file: string;
  /** When it was corrected (ISO). */
  readonly at: string;
}

/**
 * The corrections and withdrawals of recorded results, in the order they were made; of the
 * results of inspections dated from `from` to `to` (inclusive) when given.
 */
export function listCorrections(
  db: Db,
  span?: { from: string; to: string },
  /** Of one enterprise's results; `beforeTheLog`: only those made before the results log began (no entry of it has them). */
  of?: { readonly uscc: string; readonly beforeTheLog?: boolean },
): CorrectionListing[] {
  const rows = db
    .prepare(
      `SELECT uscc, date, department, item, before, after, reason, source_hash, corrected_at FROM corrections c
       WHERE (? IS NULL OR date BETWEEN ? AND ?) AND (? IS NULL OR uscc = ?)
         AND (? = 0 OR NOT EXISTS (SELECT 1 FROM result_log l WHERE l.op <> 'record' AND l.result_id = c.result_id AND l.at = c.corrected_at))
       ORDER BY id`,
    )
    .all(
      span?.from ?? null,
      span?.from ?? null,
      span?.to ?? null,
      of?.uscc ?? null,
      of?.uscc ?? null,
      of?.beforeTheLog ? 1 : 0,
    ) as {
    uscc: string;
    date: string;
    department: string;
    item: string;
    before: string;
    after: string | null;
    reason: string;
    source_hash: string;
    corrected_at: string;
  }[];
  const said = (json: string): RecordedResult => {
    const x = JSON.parse(json) as RecordedResult;
    return { kind: x.kind, result: x.result, inspectors: x.inspectors };
  };
  return rows.map((c) => ({
    uscc: c.uscc,
    date: c.date,
    department: c.department,
    item: c.item,
    before: said(c.before),
    after: c.after === null ? null : said(c.after),
    reason: c.reason,
    file: c.source_hash,
    at: c.corrected_at,
  }));
}

/** The withdrawals (撤回) of results of inspections dated from `from` to `to`: how many, and when the latest was made (ISO). */
export function withdrawnBetween(db: Db, from: string, to: string): { count: number; latest: string | null } {
  return db
    .prepare(
      "SELECT count(*) AS count, max(corrected_at) AS latest FROM corrections WHERE after IS NULL AND date BETWEEN ? AND ?",
    )
    .get(from, to) as { count: number; latest: string | null };
}

/** What a withdrawal did. */
export interface WithdrawSummary {
  /** The rows withdrawn, by their place among those given. */
  readonly withdrawn: number[];
  /** Drawn visits a withdrawn result reported (each once) that another recorded result of theirs reports now. */
  readonly reported: number;
  /** Drawn visits a withdrawn result reported that are open again: no other result reports them. */
  readonly reopened: number;
}

/**
 * Withdraws (撤回) recorded results, in one transaction: all rows or none. Each row names a result
 * recorded as it says (its enterprise, date, department and item, and its kind, codes and
 * inspectors as recorded); its row is deleted and the corrections table keeps what it said, the
 * reason and the file. A drawn visit it reported is reported by another result of it (another
 * item's of the same visit, or one recorded under the right date), or is open again.
 * A row naming no recorded result, or saying another thing than the one recorded, stops it.
 */
export function withdrawResults(
  db: Db,
  records: readonly ResultRecord[],
  reason: string,
  sourceHash: string,
  now: string,
): {
  summary?: WithdrawSummary;
  /** Rows naming no recorded result: their place, and the days results of their enterprise, department and item are recorded on. */
  unknown: { index: number; recordedOn: string[] }[];
  conflicts: ImportConflict[];
} {
  const find = recordedFinder(db);
  const keep = correctionRecorder(db);
  const log = resultLogger(db);
  const remove = db.prepare("DELETE FROM results WHERE id = ?");
  const reports = db.prepare("SELECT draw_seq, uscc, date, departments FROM planned WHERE done_by = ?");
  const open = db.prepare("UPDATE planned SET done_by = NULL WHERE done_by = ?");
  // Another drawn result of the enterprise, of one of the visit's departments, from its day on,
  // that reports no visit yet: the earliest first.
  const candidates = db.prepare(
    `SELECT r.id, r.date, r.department FROM results r
     WHERE r.uscc = ? AND r.date >= ? AND r.kind IN ('random', 'joint')
       AND NOT EXISTS (SELECT 1 FROM planned q WHERE q.done_by = r.id)
     ORDER BY r.date, r.id`,
  );
  // The live visits of the enterprise up to a day, latest first, as results import matches them.
  const latest = db.prepare(
    `SELECT p.draw_seq, p.departments FROM planned p JOIN ledger l ON l.seq = p.draw_seq
     WHERE p.uscc = ? AND p.date <= ? AND ${LIVE} ORDER BY p.date DESC, p.draw_seq DESC`,
  );
  const done = db.prepare("UPDATE planned SET done_by = ? WHERE draw_seq = ? AND uscc = ?");
  const fulfilled = db.prepare("SELECT done_by FROM planned WHERE draw_seq = ? AND uscc = ?").pluck();
  const days = db
    .prepare("SELECT date FROM results WHERE uscc = ? AND department = ? AND item = ? ORDER BY date")
    .pluck();
  const unknown: { index: number; recordedOn: string[] }[] = [];
  const conflicts: ImportConflict[] = [];
  const run = db.transaction(() => {
    const withdrawn: number[] = [];
    // The visits a withdrawn result reported, each once, however many of its results are withdrawn.
    const touched = new Map<string, { draw_seq: number; uscc: string }>();
    for (const [index, r] of records.entries()) {
      const found = find(r);
      if (!found) {
        unknown.push({ index, recordedOn: days.all(r.uscc, r.department, r.item) as string[] });
        continue;
      }
      const { existing } = found;
      if (differences(existing, r).length) {
        conflicts.push({ index, record: r, existing });
        continue;
      }
      const visits = reports.all(found.id) as {
        draw_seq: number;
        uscc: string;
        date: string;
        departments: string;
      }[];
      keep(found.id, null, reason, sourceHash, now);
      log("withdraw", found.id, now, { reason, file: sourceHash });
      open.run(found.id);
      remove.run(found.id);
      withdrawn.push(index);
      for (const v of visits) {
        touched.set(`${v.draw_seq}|${v.uscc}`, v);
        const departments = JSON.parse(v.departments) as string[];
        // A result that this visit is the latest live one of its department up to its day.
        const other = (
          candidates.all(v.uscc, v.date) as { id: number; date: string; department: string }[]
        ).find(
          (c) =>
            departments.includes(c.department) &&
            (latest.all(v.uscc, c.date) as { draw_seq: number; departments: string }[]).find((p) =>
              (JSON.parse(p.departments) as string[]).includes(c.department),
            )?.draw_seq === v.draw_seq,
        );
        if (other) done.run(other.id, v.draw_seq, v.uscc);
      }
    }
    if (unknown.length || conflicts.length) throw new ConflictAbort();
    // Whether each is reported now, once every row is withdrawn.
    const reopened = [...touched.values()].filter((v) => fulfilled.get(v.draw_seq, v.uscc) === null).length;
    return { withdrawn, reported: touched.size - reopened, reopened };
  });
  try {
    return { summary: run.immediate(), unknown, conflicts };
  } catch (e) {
    if (e instanceof ConflictAbort) return { unknown, conflicts };
    throw e;
  }
}
