import { chmodSync, closeSync, existsSync, openSync, statSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { type Lang, tr } from "../lang.js";
import { InputError } from "../problem.js";
import { finishPendingOutputs } from "./outputs.js";

/** The product's database (SQLite): inspection results, the draw ledger and planned inspections. */
export type Db = Database.Database;

/** Default database file of the commands (`--db`). */
export const DEFAULT_DB = "gradedraw.db";

/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many have run.
 * A migration is never edited once released: a change is a new migration.
 */
const MIGRATIONS: readonly string[] = [
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
];

/**
 * Opens (creating if needed, owner-only) and migrates the database, then finishes moving into
 * place the output folders of draws recorded by a process that died before it could (as SQLite
 * itself finishes an interrupted transaction on the next opening).
 */
export function openDb(file: string = DEFAULT_DB, lang: Lang = "en"): Db {
  const refuse = (en: string, zh: string): never => {
    throw new InputError([{ file, line: 0, col: 0, message: tr(lang, en, zh) }]);
  };
  if (file !== ":memory:" && !existsSync(file)) {
    const why = cannotCreate(file);
    if (why) refuse(`cannot create the database: ${why.en}`, `无法创建数据库：${why.zh}`);
    closeSync(openSync(file, "a", 0o600));
    chmodSync(file, 0o600);
  }
  if (file !== ":memory:" && statSync(file).isDirectory())
    refuse("this is a folder, not a ledger database", "这是文件夹，不是台账数据库");
  const db = new Database(file);
  try {
    db.pragma(`busy_timeout = ${BUSY_MS}`);
    // Another program's database is left alone: a ledger is gradedraw's schema or an empty file.
    if (isForeign(db))
      refuse(
        "not a gradedraw ledger: an SQLite database with tables of another program",
        "不是 gradedraw 台账：这是其他程序的 SQLite 数据库",
      );
    switchToWal(db);
    db.pragma("foreign_keys = ON");
    migrate(db, (current) =>
      refuse(
        `the ledger was written by a newer gradedraw (schema ${current}; this version knows ${MIGRATIONS.length}): update gradedraw`,
        `台账由更新版本的 gradedraw 写入（结构版本 ${current}，本版本只支持到 ${MIGRATIONS.length}）：请升级 gradedraw`,
      ),
    );
    finishPendingOutputs(db);
    return db;
  } catch (e) {
    db.close();
    if ((e as { code?: string }).code === "SQLITE_NOTADB")
      refuse("not a ledger database (not an SQLite file)", "不是台账数据库（不是 SQLite 文件）");
    throw e;
  }
}

/**
 * Why a new database cannot be made at `file` (its folder missing, or not a folder), in both
 * languages, or undefined when it can be tried: asked before a draw reads its inputs, so that a
 * mistyped --db is said at once rather than after the draw.
 */
export function cannotCreate(file: string): { en: string; zh: string } | undefined {
  const dir = dirname(file);
  if (!existsSync(dir)) return { en: `its folder ${dir} does not exist`, zh: `所在文件夹 ${dir} 不存在` };
  if (!statSync(dir).isDirectory()) return { en: `${dir} is not a folder`, zh: `${dir} 不是文件夹` };
  return undefined;
}

/**
 * Whether the database holds tables but no gradedraw schema version. The version and the tables
 * are read in one read transaction: read apart, another process creating the ledger at the same
 * moment could commit between the two reads (version 0, then its tables), and a new ledger would
 * be taken for another program's database.
 */
function isForeign(db: Db): boolean {
  return db.transaction(() => {
    const version = db.pragma("user_version", { simple: true }) as number;
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as {
      n: number;
    };
    return version === 0 && tables.n > 0;
  })();
}

/** How long a command waits for another process's write to the database. */
const BUSY_MS = 5000;

/**
 * Switches the database to WAL. The switch needs the write lock, and while another process holds
 * it (two draws started at once, one still creating the new database) SQLite answers SQLITE_BUSY
 * at once instead of calling the busy handler, since waiting with a read lock held could deadlock:
 * so this waits and tries again, for as long as the busy timeout would have waited.
 */
function switchToWal(db: Db): void {
  const deadline = Date.now() + BUSY_MS;
  for (;;) {
    try {
      db.pragma("journal_mode = WAL");
      return;
    } catch (e) {
      if ((e as { code?: string }).code !== "SQLITE_BUSY" || Date.now() > deadline) throw e;
      Atomics.wait(PAUSE, 0, 0, 10 + Math.random() * 20);
    }
  }
}

const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/** Brings the schema up to this version's; a schema newer than it is passed to `tooNew`, which throws. */
function migrate(db: Db, tooNew: (current: number) => never) {
  // The version is read inside the write transaction: two processes opening a new database at
  // once must not both run the same migration.
  const run = db.transaction(() => {
    const current = db.pragma("user_version", { simple: true }) as number;
    if (current > MIGRATIONS.length) tooNew(current);
    for (let v = current; v < MIGRATIONS.length; v++) {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    }
  });
  run.immediate();
}
