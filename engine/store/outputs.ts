import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { canonicalJson, sha256 } from "../canonical.js";
import { crashPoint } from "../crash-point.js";
import { DRAW_FILES } from "../draw/layout.js";
import { moveIntoPlace, notReplaceable } from "../files.js";
import { type Lang, tr } from "../lang.js";
import { InputError } from "../problem.js";
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
export function finishOutput(db: Db, seq: number): void {
  const unfinished = db
    .transaction(() => {
      const row = db.prepare(`${SELECT_PENDING} WHERE p.draw_seq = ?`).get(seq) as PendingRow | undefined;
      const problem = row ? finish(db, row) : undefined;
      return row && problem ? { target: row.target, problem } : undefined;
    })
    .immediate();
  // Said as the draw folder's problem (the draw stays recorded), not as an internal error.
  if (unfinished)
    throw new InputError([{ file: unfinished.target, line: 0, col: 0, message: unfinished.problem }]);
}

/** Finishes every pending output left by processes that died between recording and moving. */
export function finishPendingOutputs(db: Db): void {
  const any = db.prepare("SELECT 1 FROM pending_outputs LIMIT 1").get();
  if (!any) return;
  db.transaction(() => {
    for (const row of db.prepare(`${SELECT_PENDING} ORDER BY p.draw_seq`).all() as PendingRow[])
      finish(db, row);
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
          kept ? `the complete copy is still at ${r.staged}` : "its staged copy is gone"
        }); cancel the draw and draw again`,
        `第 ${r.draw_seq} 条：抽取已记入台账，但其文件夹 ${r.target} 未能完成（${
          kept ? `完整副本仍在 ${r.staged}` : "暂存副本已不存在"
        }）；请撤销该次抽取后重新抽取`,
      ),
    };
  });
}

/** Moves one pending output into place; returns why it could not, or undefined when done. */
function finish(db: Db, row: PendingRow): string | undefined {
  const forget = () => db.prepare("DELETE FROM pending_outputs WHERE draw_seq = ?").run(row.draw_seq);
  if (existsSync(row.staged)) {
    if (notReplaceable(row.target, DRAW_FILES.manifest))
      return `draw #${row.draw_seq} is recorded, but ${row.target} now holds something else; its folder is at ${row.staged}`;
    moveIntoPlace(row.staged, row.target);
    crashPoint("draw-moved");
    forget();
    return undefined;
  }
  // Moved already, by a process that died before forgetting the row.
  if (manifestHash(row.target) === row.manifest_hash) {
    forget();
    return undefined;
  }
  return `draw #${row.draw_seq} is recorded, but its folder was neither staged at ${row.staged} nor in place at ${row.target}`;
}

function manifestHash(dir: string): string | undefined {
  try {
    return sha256(canonicalJson(JSON.parse(readFileSync(join(dir, DRAW_FILES.manifest), "utf8"))));
  } catch {
    return undefined;
  }
}
