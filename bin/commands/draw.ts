import { existsSync } from "node:fs";
import {
  foreignDepartments,
  foreignInspectorNotice,
  foreignNotice,
  joinedDepartmentsRefusal,
} from "../../engine/data/departments.js";
import { foreignHistoryNotice } from "../../engine/data/drawable.js";
import { drawnListText } from "../../engine/data/enterprise-notices.js";
import { licenceNotice, unqualifiedNotice } from "../../engine/data/inspector-notices.js";
import { gradesInNames } from "../../engine/data/list-names.js";
import { readConflicts, readEnterprises, readHistory, readInspectors } from "../../engine/data/read.js";
import type { HistoryEntry } from "../../engine/data/records.js";
import { enterpriseFacts, unmatchedNotice, unmatchedValues } from "../../engine/data/unmatched.js";
import { DRAW_FILES } from "../../engine/draw/layout.js";
import { emptyTaskPool, refuseUndrawable } from "../../engine/draw/pool-refusals.js";
import { checkDraw, DrawError, type DrawInput, drawDate, recordedDrawAt } from "../../engine/draw/request.js";
import { ledgerRefusal, runDraw, seedReused, shrunkDirectoryNotice } from "../../engine/draw/run.js";
import { firstDate, historySpanNotice } from "../../engine/history-span.js";
import { tr } from "../../engine/lang.js";
import { refuseUnreplaceable, refuseUnwritable } from "../../engine/output-refusals.js";
import { policyDepartments } from "../../engine/plan.js";
import { InputError } from "../../engine/problem.js";
import {
  cannotCreate,
  cannotWrite,
  type Db,
  DEFAULT_DB,
  openDb,
  openDbToRead,
} from "../../engine/store/db.js";
import { openVisitCount } from "../../engine/store/ledger-state.js";
import { resultsSpan } from "../../engine/store/result-reads.js";
import { action, type Cli, type Command, command, Failed, someOf } from "../context.js";
import { departmentsList } from "../options.js";
import { registerCancel } from "./draw-cancel.js";
import { type DrawOpts, drawCommandOptions, drawOptions } from "./draw-options.js";
import { reportDraw } from "./draw-summary.js";
import { dataOptions, readOptions, recordsOf, sayNotices, statusOf } from "./inputs.js";
import { laterVersionNotes, policyAndVersions } from "./load-policy.js";

/** `gradedraw draw` and `draw cancel`. */
export function registerDraw(program: Command, cli: Cli) {
  const draw = dataOptions(
    drawCommandOptions(
      command(
        program,
        "draw",
        "the official draw of enterprises and inspectors (双随机) for one task and period",
      ),
    ).enablePositionalOptions(),
  )
    .addHelpText(
      "after",
      "\nExample:\n  gradedraw draw --policy policies/huaian-2021/1.0.0.yaml --enterprises examples/enterprises.csv \\\n    --inspectors examples/inspectors.csv --conflicts examples/conflicts.csv --history examples/history.csv \\\n    --db gradedraw.db --period 2026-H1 --date 2026-01-01 --seed 20260105-3141592653 --out draws/2026-H1",
    )
    .action(
      action(cli, async (opts: DrawOpts) => {
        const lang = cli.lang();
        const { period, date, raised, avoidRepeat } = drawOptions(opts, lang);
        const day = date ?? drawDate(period, Boolean(opts.dryRun));
        const named = policyAndVersions(opts.policy, day, lang);
        const lp = named.policy;
        const dbFile = opts.db ?? DEFAULT_DB;
        // Each reason of a refused draw names the input it is about, as given on the command line.
        const refused = (e: DrawError): Failed => {
          const named: Record<DrawInput, string | undefined> = {
            policy: lp.file,
            enterprises: opts.enterprises,
            inspectors: opts.inspectors,
            db: dbFile,
            out: opts.out,
          };
          const reasons = e.reasons.map((message, k) => {
            const input = e.inputs[k];
            cli.io.err(`gradedraw: ${message}${input ? ` (${named[input]})` : ""}`);
            return { file: input ? (named[input] ?? "") : "", line: 0, col: 0, message };
          });
          return new Failed(
            tr(lang, "the draw was not made; nothing was written", "未完成抽取；未写入任何内容"),
            reasons,
          );
        };
        const request = {
          policy: lp,
          period: opts.period,
          task: opts.task,
          departments: departmentsList(opts.departments, lang),
          date,
          raised,
          dryRun: Boolean(opts.dryRun),
          lang,
        };
        // A draw that would be refused is refused before the inputs are read and the ledger opened.
        let task: string;
        let departments: readonly string[];
        try {
          ({ task, departments } = checkDraw(request, true));
        } catch (e) {
          throw e instanceof DrawError ? refused(e) : e;
        }
        sayNotices(cli, laterVersionNotes(named, day, period, lang));
        // A ledger that cannot be created, or written, is said before the inputs are read.
        const exists = existsSync(dbFile);
        const why = opts.dryRun ? undefined : exists ? cannotWrite(dbFile) : cannotCreate(dbFile);
        if (why)
          throw new InputError([
            {
              file: dbFile,
              line: 0,
              col: 0,
              message: exists
                ? tr(lang, `cannot write the ledger: ${why.en}`, `无法写入台账：${why.zh}`)
                : tr(lang, `cannot create the ledger: ${why.en}`, `无法创建台账：${why.zh}`),
            },
          ]);
        // So is a draw the ledger refuses (drawn already, or its version changed in place), and an
        // output folder that could not be written or holds a recorded draw: reading a large
        // directory first would make the operator wait for the refusal. runDraw asks again.
        // A dry run is told of a seed of another period's draw, which the production draw refuses.
        if (exists) {
          const ledger = openDbToRead(dbFile, lang);
          try {
            if (!opts.dryRun) {
              const refusal = ledgerRefusal(
                ledger,
                lp,
                task,
                request.period,
                lang,
                request.departments,
                opts.seed,
              );
              if (refusal) throw refused(refusal);
            } else {
              const at = { policy: lp.policy.policy, task, period: request.period };
              const reused = seedReused(ledger, opts.seed, at, lang);
              if (reused)
                sayNotices(cli, [
                  tr(
                    lang,
                    `note: a production draw would be refused: ${reused}`,
                    `提示：正式抽取将被拒绝：${reused}`,
                  ),
                ]);
            }
          } finally {
            ledger.close();
          }
        }
        refuseUnreplaceable(opts.out, DRAW_FILES.manifest, lang);
        refuseUnwritable(opts.out, lang);
        const holding = recordedDrawAt(opts.out, lang);
        if (holding) throw refused(new DrawError([holding], "out"));
        // A large directory takes a while to read and draw from: a terminal is shown how far it is.
        const line = statusOf(cli);
        // A workbook of several lists is not drawn from its first without a word (--sheet says which).
        const ro = { ...readOptions(cli, opts), facts: lp.policy.facts, wholeList: true };
        const read = await readEnterprises(opts.enterprises, {
          ...ro,
          pooled: true,
          onlyUsedColumns: true,
          onRows: line.reading(opts.enterprises),
        });
        // A draw's list of those it drew is no directory to draw from.
        if (read.drawnList)
          throw refused(new DrawError([drawnListText(opts.enterprises, lang, false)], "enterprises"));
        // Refused before the notices, which would say the same.
        const undrawn = refuseUndrawable(
          read.records,
          lp.policy,
          lang,
          gradesInNames(opts.enterprises, read.sheets, lang),
        );
        if (undrawn) throw refused(undrawn);
        const empty = emptyTaskPool(read.records, departments, lang);
        if (empty) throw refused(new DrawError([empty], "enterprises"));
        const enterprises = recordsOf(cli, read);
        const known = policyDepartments(lp.policy);
        const foreign = foreignDepartments(
          enterprises.map((e) => e.departments),
          known,
        );
        // The policy's departments joined, not separated: refused, as an inspector's joined items are.
        const joined = joinedDepartmentsRefusal(foreign, known, lang);
        if (joined) throw refused(new DrawError([joined], "enterprises"));
        sayNotices(cli, foreignNotice(foreign, known, opts.enterprises, lang));
        // A directory much smaller than the last draw's of the task: said before the rest is read.
        if (exists) {
          const ledger = openDbToRead(dbFile, lang);
          try {
            const shrunk = shrunkDirectoryNotice(
              ledger,
              lp,
              task,
              enterprises.length,
              opts.enterprises,
              lang,
            );
            if (shrunk) sayNotices(cli, [shrunk]);
          } finally {
            ledger.close();
          }
        }
        sayNotices(
          cli,
          unmatchedNotice(unmatchedValues(lp.policy, enterpriseFacts(enterprises)), opts.enterprises, lang),
        );
        const inspectors = recordsOf(
          cli,
          await readInspectors(
            opts.inspectors,
            { ...ro, onRows: line.reading(opts.inspectors) },
            lp.policy.items,
          ),
        );
        sayNotices(cli, foreignInspectorNotice(inspectors, known, opts.inspectors, lang));
        sayNotices(cli, licenceNotice(inspectors, opts.inspectors, lang));
        sayNotices(cli, unqualifiedNotice(inspectors, lp.policy.items, opts.inspectors, lang));
        const declared = opts.conflicts
          ? await readConflicts(
              opts.conflicts,
              { ...ro, onRows: line.reading(opts.conflicts) },
              { inspectors, enterprises },
            )
          : undefined;
        sayNotices(cli, declared?.notices ?? []);
        const conflicts = declared?.records ?? [];
        // A declaration naming no inspector of the directory excludes nobody: most often a mistyped
        // id, which would let the conflicted inspector be drawn. Said, not refused: a directory
        // may have dropped an inspector whose old declarations remain.
        const ids = new Set(inspectors.map((i) => i.id));
        const strangers = [...new Set(conflicts.map((c) => c.inspector).filter((id) => !ids.has(id)))];
        if (strangers.length) {
          cli.io.err(
            tr(
              lang,
              `gradedraw: note: ${strangers.length} inspector id(s) of the declared conflicts are not in ${opts.inspectors} (${someOf(strangers, lang)}): those declarations exclude nobody; check the ids (${opts.conflicts})`,
              `gradedraw: 提示：回避声明中有 ${strangers.length} 个执法人员编号不在 ${opts.inspectors} 中（${someOf(strangers, lang)}）：这些声明不排除任何人；请核对编号（${opts.conflicts}）`,
            ),
          );
        }
        const history: HistoryEntry[] = opts.history
          ? recordsOf(cli, await readHistory(opts.history, { ...ro, onRows: line.reading(opts.history) }))
          : [];
        // A ledger not yet created is made when the draw is recorded, not before: a refused first
        // draw leaves no empty database behind.
        // A dry run only reads the ledger: a copy that cannot be written will do.
        let db: Db | undefined;
        if (existsSync(dbFile)) db = opts.dryRun ? openDbToRead(dbFile, lang) : openDb(dbFile, lang);
        // Inspections the caps would count that neither the file nor the ledger holds: said.
        const span = historySpanNotice(
          lp.policy,
          day,
          opts.history
            ? {
                name: opts.history,
                first: history.length ? firstDate(history) : undefined,
                count: history.length,
              }
            : undefined,
          db ? resultsSpan(db) : undefined,
          lang,
          undefined,
          (from) => (db ? openVisitCount(db, { from, to: day }) : 0),
        );
        if (span) sayNotices(cli, [span]);
        if (opts.history)
          sayNotices(cli, foreignHistoryNotice(history, enterprises, opts.history, opts.enterprises, lang));
        const created = () => {
          db = openDb(dbFile, lang);
          return db;
        };
        try {
          const done = await runDraw({
            ...request,
            enterprises,
            inspectors,
            conflicts,
            history,
            seed: opts.seed,
            out: opts.out,
            avoidRepeat,
            db: db ?? (opts.dryRun ? undefined : created),
            onProgress: line.progress,
          });
          reportDraw(cli, done, {
            opts,
            policy: lp,
            date,
            ledgerExisted: exists,
            db,
            enterprises,
            inspectors,
            conflicts,
          });
          return 0;
        } catch (e) {
          if (e instanceof DrawError) throw refused(e);
          throw e;
        } finally {
          db?.close();
        }
      }),
    );
  registerCancel(draw, cli);
}
