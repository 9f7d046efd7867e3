import { join, resolve } from "node:path";
import { canonicalJson, HashWithoutLineEnds, jsonLines } from "../canonical.js";
import { crashPoint } from "../crash-point.js";
import { undrawable } from "../data/drawable.js";
import type { Conflict, Enterprise, HistoryEntry, Inspector } from "../data/records.js";
import { stageDir } from "../files.js";
import { visits } from "../history.js";
import { type Lang, tr } from "../lang.js";
import { type Period, parsePeriod, today } from "../period.js";
import { policyDepartments } from "../plan.js";
import type { LoadedPolicy, Policy } from "../policy/types.js";
import { inForce } from "../policy/versions.js";
import { cadenceText, statusText } from "../policy/vocabulary.js";
import { InputError } from "../problem.js";
import type { Db } from "../store/db.js";
import {
  appendDraw,
  DEFAULT_TASK,
  DuplicateDrawError,
  EMPTY_LEDGER_MARK,
  LedgerMovedError,
  ledgerMark,
  ledgerState,
  liveDraw,
} from "../store/ledger.js";
import { finishOutput, pendingFolders } from "../store/outputs.js";
import { storeResultHistory } from "../store/results.js";
import { computeDraw, type DrawOptions, type DrawOutcome, phaseClock } from "./draw.js";
import { EMPTY_LEDGER_STATE, type RecordList } from "./frame.js";
import { DRAW_FILES } from "./layout.js";
import {
  assignmentsLines,
  buildManifest,
  frameInspectors,
  type Manifest,
  selectedLines,
  writeTasksXlsx,
} from "./outputs.js";

/** Everything an official draw needs. */
export interface DrawRequest {
  readonly policy: LoadedPolicy;
  readonly enterprises: readonly Enterprise[];
  readonly inspectors: readonly Inspector[];
  readonly conflicts: readonly Conflict[];
  readonly history: readonly HistoryEntry[];
  readonly period: string;
  readonly seed: string;
  readonly out: string;
  readonly task?: string;
  readonly departments?: readonly string[];
  /** Draw date; default {@link drawDate}. */
  readonly date?: string;
  readonly raised?: Readonly<Record<string, number>>;
  readonly avoidRepeat?: number;
  readonly dryRun: boolean;
  /**
   * The ledger; required for a production draw. Its inspection results count as history. A
   * function stands for a ledger not yet created, which it creates and opens: called only when
   * the draw is recorded, so a refused first draw leaves no empty database behind.
   */
  readonly db?: Db | (() => Db);
  readonly lang?: Lang;
  readonly now?: () => string;
  /** Told how long each phase of the draw took (see DrawOptions). */
  readonly onPhase?: DrawOptions["onPhase"];
}

/** The input a reason of a refused draw is about: a file, the ledger or the output folder. */
export type DrawInput = "policy" | "enterprises" | "inspectors" | "db" | "out";

/** Why a draw was refused or failed, with every reason and, for each, the input it is about (if any). */
export class DrawError extends Error {
  readonly inputs: readonly (DrawInput | undefined)[];
  constructor(
    readonly reasons: readonly string[],
    inputs: DrawInput | readonly (DrawInput | undefined)[] | undefined = undefined,
  ) {
    super(reasons.join("\n"));
    this.inputs = Array.isArray(inputs) ? inputs : reasons.map(() => inputs as DrawInput | undefined);
  }
}

/** The outcome of a completed draw. */
export interface DrawDone {
  readonly outcome: DrawOutcome;
  readonly manifest: Manifest;
  readonly seq?: number;
}

/** What {@link checkDraw} looks at: the request without its data. */
export type DrawCheck = Pick<
  DrawRequest,
  "policy" | "period" | "date" | "departments" | "task" | "raised" | "dryRun" | "lang"
>;

/** A request that passed {@link checkDraw}: its date, departments and task. */
export interface CheckedDraw {
  readonly date: string;
  readonly departments: readonly string[];
  readonly task: string;
}

/**
 * The date of a draw not given one. A production draw is dated the day it is made, so that a cap
 * over the last months counts the inspections made since the period began (a second task drawn in
 * April sees February's); or the period's first day, when it is drawn ahead of the period (in
 * December, for the half-year to come). A dry run is dated the period's first day, so that a trial
 * gives the same result whenever it is run.
 */
export function drawDate(period: Period, dryRun: boolean, now: string = today()): string {
  return dryRun || now < period.start ? period.start : now;
}

/**
 * The checks of a draw request that need none of its data: the period, the departments, `--raise`
 * and, for a production draw, the policy's status, the draw date and (`ledger` false) a missing
 * ledger. Every reason is given at once. The command line runs them before it reads the inputs,
 * so a refused draw is refused at once and leaves no new ledger behind.
 */
export function checkDraw(r: DrawCheck, ledger: boolean): CheckedDraw {
  const lang = r.lang ?? "en";
  const p = r.policy.policy;
  const period = parsePeriod(r.period);
  if (!period)
    throw new DrawError([
      tr(
        lang,
        `'${r.period}' is not a period (YYYY, YYYY-H1, YYYY-Q1, YYYY-MM)`,
        `“${r.period}”不是有效期间（YYYY、YYYY-H1、YYYY-Q1、YYYY-MM）`,
      ),
    ]);
  if (period.cadence !== p.cadence)
    throw new DrawError(
      [
        tr(
          lang,
          `the policy draws per ${p.cadence}, but the period ${r.period} is a ${period.cadence}`,
          `政策按${cadenceText(p.cadence, lang)}抽查，但期间 ${r.period} 以${cadenceText(period.cadence, lang)}为单位`,
        ),
      ],
      "policy",
    );
  const date = r.date ?? drawDate(period, r.dryRun === true);
  const allDepartments = [...new Set(p.items.map((i) => i.department))].sort();
  const departments = r.departments?.length ? [...r.departments].sort() : allDepartments;
  const unknown = departments.filter((d) => !allDepartments.includes(d));
  if (unknown.length)
    throw new DrawError(
      [
        tr(
          lang,
          `unknown department(s) ${unknown.join(", ")}: the policy's items name ${allDepartments.join(", ")}`,
          `未知部门 ${unknown.join("、")}：政策事项涉及 ${allDepartments.join("、")}`,
        ),
      ],
      "policy",
    );
  const task = r.task ?? DEFAULT_TASK;
  const reasons: string[] = [];
  const about: (DrawInput | undefined)[] = [];
  const refuse = (reason: string, input?: DrawInput) => {
    reasons.push(reason);
    about.push(input);
  };
  if (!r.dryRun) {
    if (p.status !== "approved")
      refuse(
        tr(
          lang,
          `${p.policy}@${p.version} is ${p.status}: production draws use only approved versions (use --dry-run to try it)`,
          `${p.policy}@${p.version} 状态为“${statusText(p.status, "zh")}”（${p.status}）：正式抽取只能使用已批准的版本（可用 --dry-run 试抽）`,
        ),
        "policy",
      );
    if (!inForce(r.policy, date))
      refuse(
        tr(
          lang,
          `${p.policy}@${p.version} is not in force on ${date} (effective ${p.effective.from}${p.effective.to ? ` to ${p.effective.to}` : ""})`,
          `${p.policy}@${p.version} 在 ${date} 不在有效期内（${p.effective.from}${p.effective.to ? ` 至 ${p.effective.to}` : " 起"}）`,
        ),
        "policy",
      );
    // A draw plans the period's inspections: one dated after the period has ended is most often
    // a mistyped --period or --date, and once recorded it must be cancelled to be drawn again.
    if (date > period.end)
      refuse(
        r.date === undefined
          ? tr(
              lang,
              `today, ${date}, is after the end of the period ${r.period} (${period.end}): a production draw plans inspections of a period not yet over; check --period (a draw made on another day than today is given its --date)`,
              `今天（${date}）已晚于期间 ${r.period} 的结束日（${period.end}）：正式抽取只能为尚未结束的期间安排检查；请核对 --period（不是今天进行的抽取，用 --date 给出抽取日期）`,
            )
          : tr(
              lang,
              `the draw date ${date} is after the end of the period ${r.period} (${period.end}): a production draw plans inspections of a period not yet over; check --period and --date`,
              `抽取日期 ${date} 晚于期间 ${r.period} 的结束日（${period.end}）：正式抽取只能为尚未结束的期间安排检查；请核对 --period 和 --date`,
            ),
      );
    if (!ledger)
      refuse(tr(lang, "a production draw needs the ledger (--db)", "正式抽取需要台账数据库（--db）"));
  }
  for (const [t, v] of Object.entries(r.raised ?? {})) {
    const tr_ = Object.hasOwn(p.treatments, t) ? p.treatments[t] : undefined;
    if (!tr_)
      refuse(
        tr(
          lang,
          `--raise ${t}: the policy has no treatment ${t} (it has ${Object.keys(p.treatments).join(", ")})`,
          `--raise ${t}：政策中没有处理方式 ${t}（现有 ${Object.keys(p.treatments).join("、")}）`,
        ),
        "policy",
      );
    else if (typeof tr_.ratio !== "object")
      refuse(
        tr(
          lang,
          `--raise ${t}: only a treatment whose ratio is a range can be raised`,
          `--raise ${t}：只有比例为区间的处理方式可以提高`,
        ),
        "policy",
      );
    else if (v < tr_.ratio.min || v > (tr_.ratio.max ?? 1))
      refuse(
        tr(
          lang,
          `--raise ${t}=${v}: must be within [${tr_.ratio.min}, ${tr_.ratio.max ?? 1}]`,
          `--raise ${t}=${v}：必须在 [${tr_.ratio.min}, ${tr_.ratio.max ?? 1}] 之内`,
        ),
        "policy",
      );
  }
  if (reasons.length) throw new DrawError(reasons, about);
  return { date, departments, task };
}

/**
 * The refusal of a draw from enterprises none of which names a supervising department or has a
 * credit grade (see {@link undrawable}); undefined when it may be made.
 */
export function refuseUndrawable(
  enterprises: readonly Enterprise[],
  policy: Policy,
  lang: Lang,
): DrawError | undefined {
  const reasons = undrawable(enterprises, policyDepartments(policy));
  if (reasons.length === 0) return undefined;
  return new DrawError(
    reasons.map((u) => u[lang]),
    "enterprises",
  );
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
    const live = liveDraw(db, p.policy, task, r.period);
    if (live !== undefined) throw new DrawError([DuplicateDrawError.text(live, lang)], "db");
  }

  const avoidRepeat = r.avoidRepeat ?? 0;
  const state = db ? ledgerState(db, r.period, avoidRepeat) : EMPTY_LEDGER_STATE;
  // By visit: a joint inspection the file has as one row per department is one inspection, and
  // so is a visit both in the file and recorded in the store.
  const history = visits(db ? [...r.history, ...storeResultHistory(db)] : r.history);
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
        conflicts: r.conflicts,
        history,
        ledger: state,
      },
      { task, departments, period: r.period, date, raised: r.raised ?? {}, avoidRepeat, dryRun: r.dryRun },
      r.seed,
      { hashRecords, onPhase: r.onPhase },
    );
    const ended = phaseClock(r.onPhase);
    if (outcome.rejected.length) {
      throw new DrawError(
        [
          tr(
            lang,
            `${outcome.rejected.length} enterprise(s) match no rule and the policy's default is reject: ${outcome.rejected.join(", ")}`,
            `${outcome.rejected.length} 家企业没有匹配的规则，且政策默认为 reject：${outcome.rejected.join("、")}`,
          ),
        ],
        "enterprises",
      );
    }
    if (outcome.failures.length) {
      throw new DrawError(
        outcome.failures.map(
          (f) =>
            `${f.uscc}: ${tr(lang, "no valid inspector team", "无法组成有效检查组")}: ${f.reasons.map((x) => x[lang]).join("; ")}`,
        ),
        "inspectors",
      );
    }
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
          name: s.name,
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
    if (e instanceof LedgerMovedError)
      throw new DrawError([LedgerMovedError.text(e.seen, e.now, lang)], "db");
    throw e;
  }
}
