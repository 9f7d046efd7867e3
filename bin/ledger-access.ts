/** The ledger a command reads or writes (--db): opened, used, closed; one that does not exist said so. */
import { existsSync } from "node:fs";
import { type Lang, tr } from "../engine/lang.js";
import { type Db, openDb, openDbToRead } from "../engine/store/db.js";
import { Failed } from "./context.js";

/**
 * The note of a command that reads what a draw would see, given by --db a ledger `file` that does
 * not exist: read as one with nothing in it. Said, since it is most often a mistyped path; not
 * refused, since an office tries its draws with the --db of its first one before that is made.
 */
export function noLedgerYet(file: string, lang: Lang): string {
  return tr(
    lang,
    `gradedraw: note: no ledger at ${file} yet: read as one with no draws or results recorded`,
    `gradedraw: 提示：${file} 处尚无台账：按没有任何已记录的抽取和结果读取`,
  );
}

/** Runs `use` on the ledger `file`, opened to be read, then closes it; a file that does not exist fails. */
export function readLedger<T>(file: string, lang: Lang, use: (db: Db) => T): T {
  return onLedger(file, lang, openDbToRead, use);
}

/**
 * Runs `use` on the ledger `file`, opened to be written, then closes it; a file that does not exist
 * fails (it holds nothing to cancel or withdraw, and is not made).
 */
export function writeLedger<T>(file: string, lang: Lang, use: (db: Db) => T): T {
  return onLedger(file, lang, openDb, use);
}

function onLedger<T>(
  file: string,
  lang: Lang,
  open: (file: string, lang: Lang) => Db,
  use: (db: Db) => T,
): T {
  if (!existsSync(file)) throw new Failed(tr(lang, `no ledger at ${file}`, `找不到台账 ${file}`));
  const db = open(file, lang);
  try {
    return use(db);
  } finally {
    db.close();
  }
}
