import { join, resolve } from "node:path";
import { canonicalJson, HashWithoutLineEnds, jsonLines } from "../canonical.js";
import { crashPoint } from "../crash-point.js";
import { visits } from "../history.js";
import { type Lang, someOf, tr } from "../lang.js";
import { policyDepartments } from "../plan.js";
import { maskName } from "../privacy.js";
import { InputError } from "../problem.js";
import { stageDir } from "../staged-dir.js";
import type { Db } from "../store/db.js";
import {
  ChangedVersionError,
  changedVersion,
  DuplicateDrawError,
  EMPTY_LEDGER_MARK,
  LedgerMovedError,
  ledgerMark,
} from "../store/draw-refusals.js";
import { appendDraw } from "../store/ledger.js";
import {
  type DrawPlace,
  drawDepartments,
  lastDrawOf,
  liveDraw,
  seedUsedBefore,
} from "../store/ledger-draws.js";
import { ledgerState } from "../store/ledger-state.js";
import { finishOutput, pendingFolders } from "../store/outputs.js";
import { storeResultEntries } from "../store/result-reads.js";
import { shortfallLine } from "./capacity-shortfall.js";
import { computeDraw, type DrawOutcome, phaseClock } from "./draw.js";
import { EMPTY_LEDGER_STATE, type RecordList } from "./frame.js";
import { DRAW_FILES } from "./layout.js";
import {
  assignmentsLines,
  buildManifest,
  frameConflicts,
  frameInspectors,
  type Manifest,
  selectedLines,
  writeTasksXlsx,
} from "./outputs.js";
import { refuseUndrawable } from "./pool-refusals.js";
import { checkDraw, DrawError, type DrawRequest, recordedDrawAt } from "./request.js";
import { teamFailureLines } from "./team-failures.js";

/** The outcome of a completed draw. */
export interface DrawDone {
  readonly outcome: DrawOutcome;
  readonly manifest: Manifest;
  readonly seq?: number;
}

/**
 * The official draw (SPEC §6): checks the policy may be used, reads the ledger, derives the draw,
 * stages the output folder and, unless a dry run, records the draw in the ledger (one transaction)
 * before moving the folder into place, so a folder in place is always a recorded draw. Nothing is
 * written when anything fails before the record.
 */
export async function runDraw(r: DrawRequest): Promise<DrawDone> {
  const lang = r.lang ?? "en";
  const p = r.policy.policy;
  const { date, departments, task } = checkDraw(r, r.db !== undefined);
  const undrawn = refuseUndrawable(r.enterprises, p, lang);
  if (undrawn) throw undrawn;
  const db = typeof r.db === "function" ? undefined : r.db;
  const open = typeof r.db === "function" ? r.db : () => db as Db;
  // Where the ledger stands, read first: anything recorded after it makes the record refused.
  const mark = db ? ledgerMark(db) : EMPTY_LEDGER_MARK;
  if (db && !r.dryRun) {
    const refusal = ledgerRefusal(db, r.policy, task, r.period, lang, departments, r.seed);
    if (refusal) throw refusal;
  }

  const avoidRepeat = r.avoidRepeat ?? 0;
  const state = db ? ledgerState(db, r.period, avoidRepeat) : EMPTY_LEDGER_STATE;
  // By visit: a joint inspection the file has as one row per department is one inspection, and
  // so is a visit both in the file and recorded in the store.
  const history = visits(db ? [...r.history, ...storeResultEntries(db)] : r.history);
  // Nor is a recorded draw's folder replaced (after the ledger's refusal of a second draw, which says more).
  const holding = recordedDrawAt(r.out, lang);
  if (holding) throw new DrawError([holding], "out");
  let staged: ReturnType<typeof stageDir>;
  try {
    staged = stageDir(r.out, DRAW_FILES.manifest, lang, db ? pendingFolders(db) : undefined);
  } catch (e) {
    throw new DrawError(
      e instanceof InputError ? e.problems.map((p) => p.message) : [(e as Error).message],
      "out",
    );
  }
  let recorded = false;
  try {
    // The input lists are hashed for the frame from their recorded files, each record serialised and encoded once.
    const hashRecords = (name: RecordList, records: readonly unknown[]) =>
      staged.writeChunks(DRAW_FILES.inputs[name], jsonLines(records), new HashWithoutLineEnds());
    const outcome = await computeDraw(
      {
        policy: p,
        enterprises: r.enterprises,
        inspectors: frameInspectors(r.inspectors),
        conflicts: frameConflicts(r.conflicts),
        history,
        ledger: state,
      },
      { task, departments, period: r.period, date, raised: r.raised ?? {}, avoidRepeat, dryRun: r.dryRun },
      r.seed,
      { hashRecords, onPhase: r.onPhase, onProgress: r.onProgress },
    );
    const ended = phaseClock(r.onPhase);
    if (outcome.rejected.length) {
      throw new DrawError(
        [
          tr(
            lang,
            `${outcome.rejected.length} enterprise(s) match no rule and the policy's default is reject: ${someOf(outcome.rejected, lang)}`,
            `${outcome.rejected.length} 家企业没有匹配的规则，且政策默认为 reject：${someOf(outcome.rejected, lang)}`,
          ),
        ],
        "enterprises",
      );
    }
    if (outcome.failures.length) {
      const { summary, lines } = teamFailureLines(outcome.failures, outcome.selected.length, lang);
      // A department short of places is the cause to say first.
      const said = [...outcome.shortfalls.map((s) => shortfallLine(s, lang)), ...lines];
      throw summary
        ? new DrawError([summary, ...said], [undefined, ...said.map(() => "inspectors" as const)])
        : new DrawError(said, "inspectors");
    }
    r.onProgress?.({ step: "outputs" });
    const names = new Map(r.inspectors.map((i) => [i.id, i.name]));
    staged.write(DRAW_FILES.inputs.policy, `${JSON.stringify(p, null, 2)}\n`);
    staged.write(DRAW_FILES.inputs.ledger, `${canonicalJson(outcome.frame.inputs.ledger)}\n`);
    // The result files are written a line at a time and hashed as written, for the manifest.
    const results = {
      selected: staged.writeChunks(DRAW_FILES.selected, selectedLines(outcome)),
      assignments: staged.writeChunks(DRAW_FILES.assignments, assignmentsLines(outcome)),
    };
    const manifest = buildManifest(outcome, { policy: r.policy, results });
    await writeTasksXlsx(join(staged.path, DRAW_FILES.tasks), outcome, r.policy, names);
    staged.write(DRAW_FILES.manifest, `${JSON.stringify(manifest, null, 2)}\n`);
    ended("outputs");
    crashPoint("draw-staged");
    if (r.dryRun || !r.db) {
      staged.commit();
      return { outcome, manifest };
    }
    const ledger = open();
    const seq = appendDraw(
      ledger,
      {
        policy: p.policy,
        version: p.version,
        policyHash: outcome.frame.hashes.policy,
        task,
        period: r.period,
        drawDate: date,
        manifest,
        planned: outcome.selected.map((s) => ({
          uscc: s.uscc,
          // As published (SPEC §8): the publication list names an enterprise by it.
          name: maskName(s.uscc, s.name, s.operator),
          date,
          period: r.period,
          departments: s.departments,
          treatment: s.treatment,
          joint: s.joint,
          exclusive: s.exclusive,
        })),
        assigned: outcome.assignments.map((a) => ({ uscc: a.uscc, inspector: a.inspector, role: a.role })),
      },
      (r.now ?? (() => new Date().toISOString()))(),
      { staged: resolve(staged.path), target: resolve(r.out) },
      mark,
    );
    recorded = true;
    crashPoint("draw-recorded");
    // From here the staged folder belongs to the ledger: moved into place, never aborted.
    finishOutput(ledger, seq, lang);
    return { outcome, manifest, seq };
  } catch (e) {
    if (!recorded) staged.abort();
    if (e instanceof DuplicateDrawError) throw new DrawError([DuplicateDrawError.text(e.seq, lang)], "db");
    if (e instanceof ChangedVersionError) throw changedError(e, lang);
    if (e instanceof LedgerMovedError)
      throw new DrawError([LedgerMovedError.text(e.seen, e.now, lang)], "db");
    throw e;
  }
}

/**
 * Why the ledger refuses a production draw of this policy version, task and period: a draw of them
 * recorded and not cancelled (told another task where it is for other `departments`), the version
 * recorded with another policy hash (edited in place after its draws), or a public `seed` a draw
 * of another period, or the cancelled one, was made with (see seedReused); undefined where it does
 * not. Asked before the inputs are read, and again before the draw is computed.
 */
export function ledgerRefusal(
  db: Db,
  policy: DrawRequest["policy"],
  task: string,
  period: string,
  lang: Lang,
  departments?: readonly string[],
  seed?: string,
): DrawError | undefined {
  const p = policy.policy;
  const live = liveDraw(db, p.policy, task, period);
  if (live !== undefined)
    return new DrawError(
      [
        DuplicateDrawError.text(live, lang) +
          anotherTask(db, live, task, departments ?? policyDepartments(p), lang),
      ],
      "db",
    );
  const changed = changedVersion(db, p.policy, p.version, policy.hash);
  if (changed) return changedError(changed, lang);
  // With no draw of the task and period in force, one of them with this seed was cancelled.
  const reused =
    seed === undefined ? undefined : seedReused(db, seed, { policy: p.policy, task, period }, lang);
  return reused ? new DrawError([reused], "db") : undefined;
}

/**
 * A public seed the draw may not take (see seedUsedBefore): another period's draw's, known before
 * this draw's frame is fixed, or a cancelled draw's of the same task and period, known before the
 * redraw's; either would let the frame (a row added, one left out) be chosen for the tickets it
 * gives. Said as the production draw's refusal, and as a dry run's note. Undefined where it is new.
 */
export function seedReused(db: Db, seed: string, at: DrawPlace, lang: Lang): string | undefined {
  const used = seedUsedBefore(db, seed, at);
  if (!used) return undefined;
  const redraw = used.period === at.period;
  return tr(
    lang,
    `the seed '${seed}' is the seed of the ledger's draw #${used.seq} (${used.period}${redraw ? `, task '${used.task}', cancelled` : ""}): a seed known before a draw's frame is fixed would let the frame be chosen for the tickets it gives; take a new public seed for this ${redraw ? "draw" : "period"} (dice, a beacon value), as for each drawing`,
    `种子“${seed}”是台账第 ${used.seq} 条抽取（${used.period}${redraw ? `，任务“${used.task}”，已撤销` : ""}）的种子：在抽取框架确定之前已为人所知的种子，可能被用来挑选框架以得到想要的号码；请为本${redraw ? "次抽取" : "期"}重新公开产生种子（掷骰、公开信标值），每次抽取均应如此`,
  );
}

/**
 * Where a draw refused as drawn already is for other departments than the recorded draw of its
 * task: a draw for them in the same period is another task (安全生产专项 beside the default), named
 * with --task. Empty where the departments are the recorded draw's, or it records none.
 */
function anotherTask(db: Db, seq: number, task: string, departments: readonly string[], lang: Lang): string {
  const recorded = drawDepartments(db, seq);
  const asked = [...departments].sort();
  if (!recorded || recorded.join("\u0000") === asked.join("\u0000")) return "";
  return tr(
    lang,
    `; draw #${seq} of task '${task}' was made for ${recorded.join(", ")}: a draw for ${asked.join(", ")} in the same period is another task: give it a name with --task NAME`,
    `；第 ${seq} 条是任务“${task}”对 ${recorded.join("、")} 的抽取：同一期间对 ${asked.join("、")} 的抽取是另一项任务：请用 --task 任务名称 为其命名`,
  );
}

/**
 * A directory of less than half the enterprises the last draw of the policy and task read (a
 * directory changes by its registrations and deregistrations, never so): a page of an export,
 * one township's part, a filtered list, or last year's file of another scope? Said, for the
 * operator to look before the draw is made; undefined where there is no such draw, or no such fall.
 */
export function shrunkDirectoryNotice(
  db: Db,
  policy: DrawRequest["policy"],
  task: string,
  enterprises: number,
  file: string,
  lang: Lang,
): string | undefined {
  const last = lastDrawOf(db, policy.policy.policy, task);
  if (!last || enterprises * 2 >= last.enterprises) return undefined;
  const share = Math.round((enterprises / last.enterprises) * 1000) / 10;
  return tr(
    lang,
    `note: ${file} holds ${enterprises} enterprise(s), ${share}% of the ${last.enterprises} the last draw of this task read (ledger entry #${last.seq}, ${last.period}): is it the whole directory (检查对象名录库), not a page of an export, one township's part or a filtered list?`,
    `提示：${file} 有 ${enterprises} 家企业，仅为本任务上次抽取（台账第 ${last.seq} 条，${last.period}）所读 ${last.enterprises} 家的 ${share}%：是否为完整的检查对象名录库，而非导出的某一页、某一街道的部分或筛选后的名单？`,
  );
}

function changedError(e: ChangedVersionError, lang: Lang): DrawError {
  return new DrawError([ChangedVersionError.text(e.id, e.seq, e.recorded, e.now, lang)], "policy");
}
