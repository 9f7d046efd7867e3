// The database's tables, as the migrations that made them: each database is brought up to this
// version's schema when it is opened for writing.
import type { Db } from "./db.js";
import { createResultLog } from "./result-log.js";

/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many have run. Each is
 * SQL, or a function for one that computes what SQL cannot (hashes). A migration is never edited
 * once released: a change is a new migration.
 */
const MIGRATIONS: readonly (string | ((db: Db) => void))[] = [
  `CREATE TABLE results (
     id INTEGER PRIMARY KEY,
     uscc TEXT NOT NULL,
     date TEXT NOT NULL,
     department TEXT NOT NULL,
     item TEXT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('random','joint','targeted','complaint')),
     result TEXT NOT NULL,
     inspectors TEXT NOT NULL,
     source_hash TEXT NOT NULL,
     imported_at TEXT NOT NULL,
     UNIQUE (uscc, date, department, item)
   );
   CREATE INDEX results_uscc ON results (uscc, date);
   CREATE TABLE ledger (
     seq INTEGER PRIMARY KEY,
     kind TEXT NOT NULL CHECK (kind IN ('draw','cancel')),
     policy TEXT NOT NULL,
     version TEXT NOT NULL,
     policy_hash TEXT NOT NULL,
     task TEXT NOT NULL,
     period TEXT NOT NULL,
     draw_date TEXT NOT NULL,
     manifest_hash TEXT NOT NULL,
     body TEXT NOT NULL,
     recorded_at TEXT NOT NULL,
     prev_hash TEXT NOT NULL,
     entry_hash TEXT NOT NULL UNIQUE
   );
   CREATE INDEX ledger_task ON ledger (policy, task, period);
   CREATE TABLE planned (
     draw_seq INTEGER NOT NULL REFERENCES ledger (seq),
     uscc TEXT NOT NULL,
     name TEXT NOT NULL,
     date TEXT NOT NULL,
     period TEXT NOT NULL,
     departments TEXT NOT NULL,
     treatment TEXT NOT NULL,
     joint INTEGER NOT NULL,
     exclusive INTEGER NOT NULL,
     done_by INTEGER REFERENCES results (id),
     PRIMARY KEY (draw_seq, uscc)
   );
   CREATE INDEX planned_uscc ON planned (uscc);
   CREATE TABLE assigned (
     draw_seq INTEGER NOT NULL REFERENCES ledger (seq),
     uscc TEXT NOT NULL,
     inspector TEXT NOT NULL,
     role TEXT NOT NULL,
     PRIMARY KEY (draw_seq, uscc, inspector)
   );
   CREATE INDEX assigned_inspector ON assigned (inspector, draw_seq);`,
  // A recorded draw's output folder still to be moved from its staged name to its target.
  `CREATE TABLE pending_outputs (
     draw_seq INTEGER PRIMARY KEY REFERENCES ledger (seq),
     staged TEXT NOT NULL,
     target TEXT NOT NULL
   );`,
  // A recorded result corrected (更正) or withdrawn (撤回): where it is, what it said before and after
  // (after null: withdrawn, its row deleted), why, from which file and when. A corrected result
  // keeps its row, so a visit it fulfils still points to it; the visit a result fulfils is found by its index.
  `CREATE TABLE corrections (
     id INTEGER PRIMARY KEY,
     result_id INTEGER NOT NULL,
     uscc TEXT NOT NULL,
     date TEXT NOT NULL,
     department TEXT NOT NULL,
     item TEXT NOT NULL,
     before TEXT NOT NULL,
     after TEXT,
     reason TEXT NOT NULL,
     source_hash TEXT NOT NULL,
     corrected_at TEXT NOT NULL
   );
   CREATE INDEX corrections_result ON corrections (result_id);
   CREATE INDEX corrections_date ON corrections (date);
   CREATE INDEX planned_done_by ON planned (done_by);`,
  // A year's holidays and make-up workdays an office recorded from the State Council's notice, for a
  // year chinese-days does not list yet (gradedraw calendar import): publication deadlines count them.
  `CREATE TABLE calendar_days (
     date TEXT PRIMARY KEY,
     year INTEGER NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('holiday','workday')),
     name TEXT NOT NULL,
     source_hash TEXT NOT NULL,
     imported_at TEXT NOT NULL
   );
   CREATE INDEX calendar_days_year ON calendar_days (year);`,
  // The log of the results table, chained by hash (see result-log.ts), begun with the results recorded before it.
  createResultLog,
];

/** The schema version this gradedraw writes and reads: the number of its migrations. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the schema up to this version's; a schema newer than it is passed to `tooNew`, which throws. */
export function migrate(db: Db, tooNew: (current: number) => never) {
  // The version is read inside the write transaction: two processes opening a new database at
  // once must not both run the same migration.
  const run = db.transaction(() => {
    const current = db.pragma("user_version", { simple: true }) as number;
    if (current > MIGRATIONS.length) tooNew(current);
    for (let v = current; v < MIGRATIONS.length; v++) {
      const m = MIGRATIONS[v];
      if (typeof m === "string") db.exec(m);
      else m(db);
      db.pragma(`user_version = ${v + 1}`);
    }
  });
  run.immediate();
}
