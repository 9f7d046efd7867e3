import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { canonicalJson, sha256 } from "../canonical.js";
import { crashPoint } from "../crash-point.js";
import { DRAW_FILES } from "../draw/layout.js";
import { type Lang, tr } from "../lang.js";
import { notReplaceable } from "../output-refusals.js";
import { InputError } from "../problem.js";
import { moveIntoPlace } from "../staged-dir.js";
import type { Db } from "./db.js";

/** A recorded draw's complete output folder, staged under a temporary name, and where it goes. */
export interface PendingOutput {
  /** Absolute path of the staged folder. */
  readonly staged: string;
  /** Absolute path of the draw folder (`--out`). */
  readonly target: string;
}

interface PendingRow {
  draw_seq: number;
  staged: string;
  target: string;
  manifest_hash: string;
}

const SELECT_PENDING =
  "SELECT p.draw_seq, p.staged, p.target, l.manifest_hash FROM pending_outputs p JOIN ledger l ON l.seq = p.draw_seq";

/**
 * Moves a just-recorded draw's folder into place. Another process opening the database in the
 * meantime may have done it already; then there is nothing left to do. Throws when the folder
 * cannot be put in place (the draw stays recorded; `ledger verify` reports it).
 */
export function finishOutput(db: Db, seq: number, lang: Lang = "en"): void {
  const unfinished = db
    .transaction(() => {
      const row = db.prepare(`${SELECT_PENDING} WHERE p.draw_seq = ?`).get(seq) as PendingRow | undefined;
      const problem = row ? finish(db, row, lang) : undefined;
      return row && problem ? { target: row.target, problem } : undefined;
    })
    .immediate();
  // Said as the draw folder's problem (the draw stays recorded), not as an internal error.
  if (unfinished)
    throw new InputError([{ file: unfinished.target, line: 0, col: 0, message: unfinished.problem }]);
}

/**
 * Finishes every pending output left by processes that died between recording and moving, or
 * that could not move it (a file of the folder it replaces open in another program): one that
 * still cannot be moved is left for the next opening (and `ledger verify` names it).
 */
export function finishPendingOutputs(db: Db): void {
  const any = db.prepare("SELECT 1 FROM pending_outputs LIMIT 1").get();
  if (!any) return;
  db.transaction(() => {
    // Tried once, not waited for: every opening tries again.
    for (const row of db.prepare(`${SELECT_PENDING} ORDER BY p.draw_seq`).all() as PendingRow[])
      finish(db, row, "en", 0);
  }).immediate();
}

/** Pending outputs that could not be finished, as messages naming the draw and the folders. */
export function unfinishedOutputs(db: Db, lang: Lang = "en"): { seq: number; message: string }[] {
  return (db.prepare(`${SELECT_PENDING} ORDER BY p.draw_seq`).all() as PendingRow[]).map((r) => {
    const kept = existsSync(r.staged);
    return {
      seq: r.draw_seq,
      message: tr(
        lang,
        `entry #${r.draw_seq}: the draw was recorded but its folder ${r.target} was never completed (${
          kept
            ? `the complete copy is still at ${r.staged}, and is put in place by the next command that opens the ledger once no file of ${r.target} is open in another program, such as Excel or WPS`
            : "its staged copy is gone; cancel the draw and draw again"
        })`,
        `第 ${r.draw_seq} 条：抽取已记入台账，但其文件夹 ${r.target} 未能完成（${
          kept
            ? `完整副本仍在 ${r.staged}；待 ${r.target} 中的文件不再被其他程序（如 Excel、WPS）打开后，下一次打开台账的命令会将其放到位`
            : "暂存副本已不存在；请撤销该次抽取后重新抽取"
        }）`,
      ),
    };
  });
}

/** The staged folders of recorded draws not yet put in place (absolute paths), which no one may remove. */
export function pendingFolders(db: Db): Set<string> {
  return new Set(
    (db.prepare("SELECT staged FROM pending_outputs").all() as { staged: string }[]).map((r) => r.staged),
  );
}

/** Moves one pending output into place; returns why it could not, or undefined when done. */
function finish(db: Db, row: PendingRow, lang: Lang, patienceMs?: number): string | undefined {
  const forget = () => db.prepare("DELETE FROM pending_outputs WHERE draw_seq = ?").run(row.draw_seq);
  const seq = row.draw_seq;
  if (existsSync(row.staged)) {
    if (notReplaceable(row.target, DRAW_FILES.manifest))
      return tr(
        lang,
        `draw #${seq} is recorded, but ${row.target} now holds something else; its folder is at ${row.staged}`,
        `抽取已记入台账（第 ${seq} 条），但 ${row.target} 现在存放着其他内容；该次抽取的文件夹在 ${row.staged}`,
      );
    try {
      moveIntoPlace(row.staged, row.target, lang, patienceMs);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      const why = e.problems.map((p) => p.message).join("; ");
      return tr(
        lang,
        `draw #${seq} is recorded, but its folder could not be put in place: ${why}. The complete folder is at ${row.staged}; the next gradedraw command that opens the ledger puts it in place`,
        `抽取已记入台账（第 ${seq} 条），但其文件夹未能放到位：${why}。完整的文件夹在 ${row.staged}；下一次打开台账的 gradedraw 命令会将其放到位`,
      );
    }
    crashPoint("draw-moved");
    forget();
    return undefined;
  }
  // Moved already, by a process that died before forgetting the row.
  if (manifestHash(row.target) === row.manifest_hash) {
    forget();
    return undefined;
  }
  return tr(
    lang,
    `draw #${seq} is recorded, but its folder was neither staged at ${row.staged} nor in place at ${row.target}`,
    `抽取已记入台账（第 ${seq} 条），但其文件夹既不在暂存位置 ${row.staged}，也不在 ${row.target}`,
  );
}

function manifestHash(dir: string): string | undefined {
  try {
    return sha256(canonicalJson(JSON.parse(readFileSync(join(dir, DRAW_FILES.manifest), "utf8"))));
  } catch {
    return undefined;
  }
}
