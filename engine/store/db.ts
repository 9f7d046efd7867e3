import {
  chmodSync,
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  realpathSync,
  statfsSync,
  statSync,
} from "node:fs";
import { basename, dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import { type Lang, tr } from "../lang.js";
import { NAME_MOST_BYTES, nameBytes, writable } from "../output-refusals.js";
import { InputError } from "../problem.js";
import { migrate, SCHEMA_VERSION } from "./migrations.js";
import { finishPendingOutputs } from "./outputs.js";
import { storageProblem } from "./storage-errors.js";

/** The product's database (SQLite): inspection results, the draw ledger and planned inspections. */
export type Db = Database.Database;

/** Default database file of the commands (`--db`). */
export const DEFAULT_DB = "gradedraw.db";

/** A function that throws the problem of `file`, in English and Chinese, as the language asks. */
function refuser(file: string, lang: Lang): (en: string, zh: string) => never {
  return (en, zh) => {
    throw new InputError([{ file, line: 0, col: 0, message: tr(lang, en, zh) }]);
  };
}

const NOT_SQLITE = [
  "not a ledger database (not an SQLite file)",
  "不是台账数据库（不是 SQLite 文件）",
] as const;
// Another program's database is left alone: a ledger is gradedraw's schema or an empty file.
const FOREIGN = [
  "not a gradedraw ledger: an SQLite database with tables of another program",
  "不是 gradedraw 台账：这是其他程序的 SQLite 数据库",
] as const;
const tooNew = (version: number) =>
  [
    `the ledger was written by a newer gradedraw (schema ${version}; this version knows ${SCHEMA_VERSION}): update gradedraw`,
    `台账由更新版本的 gradedraw 写入（结构版本 ${version}，本版本只支持到 ${SCHEMA_VERSION}）：请升级 gradedraw`,
  ] as const;

/**
 * Opens (creating if needed, owner-only) and migrates the database, then finishes moving into
 * place the output folders of draws recorded by a process that died before it could (as SQLite
 * itself finishes an interrupted transaction on the next opening).
 */
export function openDb(file: string = DEFAULT_DB, lang: Lang = "en"): Db {
  const refuse = refuser(file, lang);
  if (file !== ":memory:" && !existsSync(file)) {
    const why = cannotCreate(file);
    if (why) refuse(`cannot create the database: ${why.en}`, `无法创建数据库：${why.zh}`);
    try {
      closeSync(openSync(file, "a", 0o600));
      chmodSync(file, 0o600);
    } catch (e) {
      // A folder its checks let pass that takes no new file all the same (/proc, a full disk…).
      const { code, message } = e as NodeJS.ErrnoException;
      const reason =
        code === "EACCES" || code === "EPERM" || code === "EROFS"
          ? { en: "no permission to write in its folder", zh: "没有在所在文件夹中写入的权限" }
          : code === "ENOSPC" || code === "EDQUOT"
            ? { en: "no space left on the disk", zh: "磁盘空间不足" }
            : { en: `its folder takes no new file (${message})`, zh: `所在文件夹不能新建文件（${message}）` };
      refuse(`cannot create the database: ${reason.en}`, `无法创建数据库：${reason.zh}`);
    }
  }
  if (file !== ":memory:" && statSync(file).isDirectory())
    refuse("this is a folder, not a ledger database", "这是文件夹，不是台账数据库");
  const readOnly = file === ":memory:" ? undefined : cannotWrite(file);
  if (readOnly)
    refuse(`cannot write the ledger database: ${readOnly.en}`, `无法写入台账数据库：${readOnly.zh}`);
  const db = new Database(file);
  try {
    db.pragma(`busy_timeout = ${BUSY_MS}`);
    if (isForeign(db)) refuse(...FOREIGN);
    setJournal(db, file);
    db.pragma("foreign_keys = ON");
    migrate(db, (current) => refuse(...tooNew(current)));
    finishPendingOutputs(db);
    return db;
  } catch (e) {
    db.close();
    if ((e as { code?: string }).code === "SQLITE_NOTADB") refuse(...NOT_SQLITE);
    // SQLite's other failures (read-only, full, damaged) as the commands say them.
    const storage = storageProblem(e, lang, file);
    if (storage !== undefined) throw new InputError([{ file, line: 0, col: 0, message: storage }]);
    throw e;
  }
}

/**
 * Opens an existing ledger to read it (`ledger verify`, `publish`, a dry-run draw). Where it can be
 * written, this is {@link openDb}. A ledger that cannot be written, such as an auditor's copy on
 * read-only media or in someone else's folder, is read as it stands: nothing is migrated or
 * finished, and nothing is written beside it.
 */
export function openDbToRead(file: string = DEFAULT_DB, lang: Lang = "en"): Db {
  if (file === ":memory:" || !existsSync(file) || statSync(file).isDirectory() || !cannotWrite(file))
    return openDb(file, lang);
  const refuse = refuser(file, lang);
  const db = fileAlone(file) ?? withLog(file, refuse);
  try {
    if (isForeign(db)) refuse(...FOREIGN);
    const version = db.pragma("user_version", { simple: true }) as number;
    if (version > SCHEMA_VERSION) refuse(...tooNew(version));
    if (version === 0)
      refuse(
        "an empty database: nothing has been recorded in this ledger yet",
        "空数据库：此台账尚无任何记录",
      );
    if (version < SCHEMA_VERSION)
      refuse(
        `the ledger has an older schema (${version}; this version reads ${SCHEMA_VERSION}), which cannot be updated where it cannot be written: open it once in a folder that can be written`,
        `台账结构版本较旧（${version}，本版本读取 ${SCHEMA_VERSION}），只读位置无法升级：请先在可写的文件夹中打开一次`,
      );
    return db;
  } catch (e) {
    db.close();
    if ((e as { code?: string }).code === "SQLITE_NOTADB") refuse(...NOT_SQLITE);
    throw e;
  }
}

/**
 * The ledger read from its file alone, in memory, when no write-ahead log beside it holds changes
 * (as in a copy made with gradedraw closed): SQLite would otherwise make its shared-memory and log
 * files beside a ledger in WAL mode, even to read it, or fail where the folder is read-only. The
 * file is marked as a rollback-journal database, which is all the mark says. Undefined when a log
 * holds changes, or when the file changed while it was read (a writer elsewhere).
 */
function fileAlone(file: string): Db | undefined {
  const wal = `${file}-wal`;
  const logged = () => existsSync(wal) && statSync(wal).size > 0;
  const before = statSync(file);
  if (logged()) return undefined;
  const bytes = readFileSync(file);
  const after = statSync(file);
  if (logged() || after.mtimeMs !== before.mtimeMs || after.size !== bytes.length) return undefined;
  if (bytes.length >= 20 && bytes[18] === 2 && bytes[19] === 2) bytes[18] = bytes[19] = 1;
  try {
    return new Database(bytes, { readonly: true });
  } catch (e) {
    if ((e as { code?: string }).code === "SQLITE_NOTADB") return undefined;
    throw e;
  }
}

/** The ledger read through SQLite with its write-ahead log, which needs its shared-memory file. */
function withLog(file: string, refuse: (en: string, zh: string) => never): Db {
  let db: Db | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma(`busy_timeout = ${BUSY_MS}`);
    isForeign(db);
    return db;
  } catch (e) {
    db?.close();
    const code = (e as { code?: string }).code;
    if (code === "SQLITE_NOTADB") refuse(...NOT_SQLITE);
    if (code?.startsWith("SQLITE_READONLY") || code === "SQLITE_CANTOPEN")
      refuse(
        `cannot read the ledger in a read-only folder while its write-ahead log ${basename(file)}-wal holds changes: copy both files to a folder that can be written`,
        `只读文件夹中的台账无法读取：其预写日志 ${basename(file)}-wal 中仍有未并入的更改；请将两个文件一并复制到可写的文件夹`,
      );
    throw e;
  }
}

/**
 * Why an existing database cannot be written (the file read-only, or its folder, where SQLite
 * keeps its journal and log files), in both languages, or undefined when it can be.
 */
export function cannotWrite(file: string): { en: string; zh: string } | undefined {
  if (!writable(file)) return { en: `the file ${file} is read-only`, zh: `文件 ${file} 为只读` };
  const dir = dirname(file);
  if (!writable(dir)) return { en: `its folder ${dir} cannot be written`, zh: `所在文件夹 ${dir} 不可写` };
  return undefined;
}

/**
 * Why a new database cannot be made at `file` (its folder missing, not a folder or read-only, its
 * name too long), in both languages, or undefined when it can be tried: asked before a draw reads
 * its inputs, so that a mistyped --db is said at once rather than after the draw.
 */
export function cannotCreate(file: string): { en: string; zh: string } | undefined {
  const dir = dirname(file);
  if (!existsSync(dir)) return { en: `its folder ${dir} does not exist`, zh: `所在文件夹 ${dir} 不存在` };
  if (!statSync(dir).isDirectory()) return { en: `${dir} is not a folder`, zh: `${dir} 不是文件夹` };
  if (!writable(dir)) return { en: `its folder ${dir} cannot be written`, zh: `所在文件夹 ${dir} 不可写` };
  const bytes = Buffer.byteLength(basename(file));
  if (bytes > NAME_MOST_BYTES) {
    const long = nameBytes(bytes);
    return { en: `its name is too long (${long.en})`, zh: `文件名过长（${long.zh}）` };
  }
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
 * Filesystem types (Linux statfs `f_type`) whose files other computers open too: NFS, SMB, CIFS,
 * SMB2, AFS, Coda, 9P (a Windows drive under WSL 2), Ceph, GPFS and Lustre.
 */
const NETWORK_FILESYSTEMS = new Set([
  0x6969, 0x517b, 0xff534d42, 0xfe534d42, 0x5346414f, 0x73757245, 0x01021997, 0x00c36400, 0x47504653,
  0x0bd00bd0,
]);

/**
 * Whether the database file lies on a network share that other computers may open it from: on
 * Windows a `\\server\share` path or a drive letter mapped to one (the system names the share when
 * asked for the folder's final path), elsewhere a network filesystem's mount. False when it cannot
 * be told.
 */
export function onNetworkShare(file: string): boolean {
  const dir = dirname(resolve(file));
  try {
    if (process.platform === "win32") return /^\\\\(?![?.]\\)/.test(realpathSync.native(dir));
    return NETWORK_FILESYSTEMS.has(statfsSync(dir).type);
  } catch {
    return false;
  }
}

/**
 * Sets the database's journal: WAL, where readers and a writer do not wait for each other, for a
 * ledger on this computer's disks; a rollback journal on a network share, since WAL keeps its
 * index in memory that only processes of one computer share (SQLite: "WAL does not work over a
 * network filesystem"): processes of two computers would not see each other's changes.
 * The switch needs the write lock (leaving WAL, that no other process has the database open), and
 * while another process holds it (two draws started at once, one still creating the new database)
 * SQLite answers SQLITE_BUSY at once instead of calling the busy handler, since waiting with a read
 * lock held could deadlock: so this waits and tries again, for as long as the busy timeout would
 * have waited.
 */
function setJournal(db: Db, file: string): void {
  const mode = file !== ":memory:" && onNetworkShare(file) ? "DELETE" : "WAL";
  const deadline = Date.now() + BUSY_MS;
  for (;;) {
    try {
      db.pragma(`journal_mode = ${mode}`);
      return;
    } catch (e) {
      if ((e as { code?: string }).code !== "SQLITE_BUSY" || Date.now() > deadline) throw e;
      Atomics.wait(PAUSE, 0, 0, 10 + Math.random() * 20);
    }
  }
}

const PAUSE = new Int32Array(new SharedArrayBuffer(4));
