import { statfsSync } from "node:fs";
import { dirname } from "node:path";
import { type Lang, tr } from "../lang.js";
import { LedgerDamaged, storedPlace } from "./stored-json.js";

/**
 * What an error of SQLite while it read or wrote the ledger database `file` means to its user, or
 * undefined for any other error. The transaction it broke was rolled back by SQLite.
 */
export function storageProblem(e: unknown, lang: Lang, file?: string): string | undefined {
  if (e instanceof LedgerDamaged)
    return tr(
      lang,
      `the ledger holds what gradedraw does not write (${storedPlace(e.at).en}: not ${e.what.en}): it was edited outside gradedraw, or is damaged; restore it from a backup (gradedraw ledger verify says whether one is intact)`,
      `台账中有 gradedraw 不会写入的内容（${storedPlace(e.at).zh}：不是 ${e.what.zh}）：台账在 gradedraw 之外被修改或已损坏；请用备份恢复（可用 gradedraw ledger verify 检查备份是否完整）`,
    );
  const code = (e as { code?: unknown }).code;
  if (typeof code !== "string" || !code.startsWith("SQLITE_")) return undefined;
  // A row gradedraw would not write (JSON it did not make, a row its keys refuse): edited outside it.
  if (code.startsWith("SQLITE_CONSTRAINT") || (code === "SQLITE_ERROR" && /malformed JSON/.test(String(e))))
    return tr(
      lang,
      `the ledger holds what gradedraw does not write (SQLite: ${(e as Error).message}): it was edited outside gradedraw, or is damaged; restore it from a backup (gradedraw ledger verify says whether one is intact)`,
      `台账中有 gradedraw 不会写入的内容（SQLite：${(e as Error).message}）：台账在 gradedraw 之外被修改或已损坏；请用备份恢复（可用 gradedraw ledger verify 检查备份是否完整）`,
    );
  // A full disk fails the write that needed the space: of the database, its log or its index.
  if (code === "SQLITE_FULL" || (code.startsWith("SQLITE_IOERR") && file !== undefined && diskFull(file)))
    return tr(
      lang,
      "cannot write the ledger database: the disk is full; free some space and run the command again",
      "无法写入台账数据库：磁盘已满；请释放空间后重新运行",
    );
  if (code.startsWith("SQLITE_CORRUPT") || code === "SQLITE_NOTADB")
    return tr(
      lang,
      "the ledger database is damaged (SQLite finds it corrupt): restore it from a backup; `gradedraw ledger verify` on the backup says whether it is intact",
      "台账数据库已损坏（SQLite 检测到数据损坏）：请用备份恢复；可对备份运行 gradedraw ledger verify 检查其是否完整",
    );
  if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"))
    return tr(
      lang,
      "the ledger database stayed locked by another process for 5 seconds: run the command again when it has finished",
      "台账数据库被其他进程锁定超过 5 秒：请待其完成后重新运行",
    );
  if (code.startsWith("SQLITE_READONLY"))
    return tr(lang, "cannot write the ledger database: it is read-only", "无法写入台账数据库：只读");
  if (code.startsWith("SQLITE_IOERR") || code === "SQLITE_CANTOPEN")
    return tr(
      lang,
      `cannot read or write the ledger database: the system reports an input/output error (${code})`,
      `无法读写台账数据库：系统报告输入输出错误（${code}）`,
    );
  return undefined;
}

/** Whether the file system holding `file` has (next to) no space left. */
function diskFull(file: string): boolean {
  try {
    const s = statfsSync(dirname(file));
    return s.bavail * s.bsize < 64 * 1024;
  } catch {
    return false;
  }
}
