import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import {
  expiringNotice,
  foreignDepartments,
  foreignInspectorNotice,
  foreignNotice,
  gradeDateNotice,
  licenceNotice,
} from "../../engine/data/drawable.js";
import { readConflicts, readEnterprises, readHistory, readInspectors } from "../../engine/data/read.js";
import type { HistoryEntry } from "../../engine/data/records.js";
import { unmatchedNotice, unmatchedValues } from "../../engine/data/unmatched.js";
import { checkUscc } from "../../engine/data/uscc.js";
import { DRAW_FILES } from "../../engine/draw/layout.js";
import {
  checkDraw,
  DrawError,
  type DrawInput,
  drawDate,
  refuseUndrawable,
  runDraw,
} from "../../engine/draw/run.js";
import { verifyDrawDir, verifyRecorded } from "../../engine/draw/verify.js";
import { refuseUnreplaceable, refuseUnwritable } from "../../engine/files.js";
import { tr } from "../../engine/lang.js";
import { today } from "../../engine/period.js";
import { policyDepartments } from "../../engine/plan.js";
import { treatmentText } from "../../engine/policy/vocabulary.js";
import { InputError } from "../../engine/problem.js";
import {
  cannotCreate,
  cannotWrite,
  type Db,
  DEFAULT_DB,
  openDb,
  openDbToRead,
} from "../../engine/store/db.js";
import { cancelDraw, DEFAULT_TASK, visitsMade } from "../../engine/store/ledger.js";
import { ticket } from "../../engine/tickets.js";
import {
  action,
  type Cli,
  type Command,
  command,
  dateOption,
  Failed,
  listOption,
  noLedgerYet,
  periodOption,
  readLedger,
  seedOption,
  someOf,
  UsageError,
} from "../context.js";
import { dataOptions, readOptions, recordsOf, sayNotices } from "./inputs.js";
import { policyFor } from "./load-policy.js";

interface DrawOpts {
  policy: string;
  enterprises: string;
  inspectors: string;
  conflicts?: string;
  history?: string;
  db?: string;
  period: string;
  seed: string;
  out: string;
  task?: string;
  departments?: string;
  date?: string;
  raise: string[];
  avoidRepeat?: string;
  dryRun?: boolean;
  json?: boolean;
  encoding?: string;
  sheet?: string;
}

/** `gradedraw draw`, `draw cancel`, `verify`, `tickets` and `ledger verify`. */
export function registerDraw(program: Command, cli: Cli) {
  const draw = dataOptions(
    command(
      program,
      "draw",
      "the official draw of enterprises and inspectors (双随机) for one task and period",
    )
      .option(
        "--policy <file>",
        "policy file (production: an approved version in force on the draw date), or a folder of its versions (the one in force is taken)",
      )
      .option("--enterprises <file>", "directory of enterprises (检查对象名录库)")
      .option("--inspectors <file>", "directory of inspectors (执法检查人员名录库)")
      .option("--conflicts <file>", "declared conflicts of interest (回避)")
      .option("--history <file>", "inspection history file (added to the results recorded in --db)")
      .option(
        "--db <file>",
        `the ledger database (default ${DEFAULT_DB}; a dry run reads it only if it exists, and says so of one given that does not)`,
      )
      .option(
        "--period <period>",
        "the draw period: YYYY, YYYY-H1, YYYY-Q1 or YYYY-MM, matching the policy's cadence",
      )
      .option("--seed <seed>", "the public seed (e.g. dice digits and a beacon value)")
      .option("--out <dir>", "output folder (must be new, empty or a previous draw folder)")
      .option(
        "--task <name>",
        "task name; several tasks per period are drawn one after another",
        DEFAULT_TASK,
      )
      .option(
        "--departments <list>",
        "departments of the task, separated by , ; or 、 (default: every department of the policy's items)",
      )
      .option(
        "--date <date>",
        "the day the draw is made, YYYY-MM-DD (default: today, or the period's first day when drawn ahead of it; a dry run: the period's first day)",
      )
      .option(
        "--raise <treatment=ratio>",
        "raise the ratio of a treatment without an upper limit (repeatable)",
        (v: string, acc: string[]) => [...acc, v],
        [] as string[],
      )
      .option(
        "--avoid-repeat <n>",
        "an inspector is not sent to an enterprise they inspected in their previous N draws",
        "0",
      )
      .option("--dry-run", "try the draw: any policy status, nothing recorded in the ledger")
      .enablePositionalOptions(),
  )
    .addHelpText(
      "after",
      "\nExample:\n  gradedraw draw --policy policies/huaian-2021/1.0.0.yaml --enterprises examples/enterprises.csv \\\n    --inspectors examples/inspectors.csv --conflicts examples/conflicts.csv --history examples/history.csv \\\n    --db gradedraw.db --period 2026-H1 --date 2026-01-01 --seed 20260105-3141592653 --out draws/2026-H1",
    )
    .action(
      action(cli, async (opts: DrawOpts) => {
        const lang = cli.lang();
        // Checked here, not by commander: a parent's required options would also be demanded of `draw cancel`.
        const required: [string, string | undefined][] = [
          ["--policy", opts.policy],
          ["--enterprises", opts.enterprises],
          ["--inspectors", opts.inspectors],
          ["--period", opts.period],
          ["--seed", opts.seed],
          ["--out", opts.out],
        ];
        for (const [name, v] of required) {
          // An empty seed is given, and said so by seedOption below.
          if (!v && !(name === "--seed" && v === ""))
            throw new UsageError(
              tr(lang, `required option '${name}' not specified`, `缺少必需的选项“${name}”`),
            );
        }
        const period = periodOption(opts.period, lang);
        seedOption(opts.seed, lang);
        const date = dateOption(opts.date, "--date", lang);
        const raising = new Map<string, number>();
        for (const r of opts.raise) {
          const m = /^([^=]+)=(0(\.\d+)?|1(\.0+)?)$/.exec(r);
          if (!m)
            throw new UsageError(
              tr(
                lang,
                `--raise must be treatment=ratio with a ratio in [0, 1], not '${r}'`,
                `--raise 应为 处理方式=比例（0–1），而不是“${r}”`,
              ),
            );
          const before = raising.get(m[1]);
          if (before !== undefined && before !== Number(m[2]))
            throw new UsageError(
              tr(
                lang,
                `--raise ${m[1]} is given twice, with ${before} and ${m[2]}: give it once`,
                `--raise ${m[1]} 出现两次（${before} 和 ${m[2]}）：只能给一次`,
              ),
            );
          raising.set(m[1], Number(m[2]));
        }
        // Own properties even for a name like __proto__, which the draw then refuses as no treatment.
        const raised: Record<string, number> = Object.fromEntries(raising);
        const avoidRepeat = Number(opts.avoidRepeat ?? 0);
        if (!Number.isInteger(avoidRepeat) || avoidRepeat < 0)
          throw new UsageError(
            tr(lang, "--avoid-repeat must be a whole number", "--avoid-repeat 必须是非负整数"),
          );
        // The task names the draw in the ledger, the manifest and the duplicate-draw check.
        if (opts.task !== undefined && !opts.task.trim())
          throw new UsageError(tr(lang, "--task must not be empty", "--task 不能为空"));
        const lp = policyFor(opts.policy, date ?? drawDate(period, Boolean(opts.dryRun)), lang);
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
          e.reasons.forEach((r, k) => {
            const input = e.inputs[k];
            cli.io.err(`gradedraw: ${r}${input ? ` (${named[input]})` : ""}`);
          });
          return new Failed(
            tr(lang, "the draw was not made; nothing was written", "未完成抽取；未写入任何内容"),
          );
        };
        const request = {
          policy: lp,
          period: opts.period,
          task: opts.task,
          departments: listOption(opts.departments),
          date,
          raised,
          dryRun: Boolean(opts.dryRun),
          lang,
        };
        // A draw that would be refused is refused before the inputs are read and the ledger opened.
        try {
          checkDraw(request, true);
        } catch (e) {
          throw e instanceof DrawError ? refused(e) : e;
        }
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
        // So is an output folder that could not be written.
        refuseUnreplaceable(opts.out, DRAW_FILES.manifest, lang);
        refuseUnwritable(opts.out, lang);
        const ro = { ...readOptions(cli, opts), facts: lp.policy.facts };
        const read = await readEnterprises(opts.enterprises, { ...ro, pooled: true, onlyUsedColumns: true });
        // Refused before the notices, which would say the same.
        const undrawn = refuseUndrawable(read.records, lp.policy, lang);
        if (undrawn) throw refused(undrawn);
        const enterprises = recordsOf(cli, read);
        const known = policyDepartments(lp.policy);
        sayNotices(cli, foreignNotice(foreignDepartments(enterprises, known), known, opts.enterprises, lang));
        sayNotices(cli, unmatchedNotice(unmatchedValues(lp.policy, enterprises), opts.enterprises, lang));
        const inspectors = recordsOf(cli, await readInspectors(opts.inspectors, ro));
        sayNotices(cli, foreignInspectorNotice(inspectors, known, opts.inspectors, lang));
        sayNotices(cli, licenceNotice(inspectors, opts.inspectors, lang));
        const declared = opts.conflicts ? await readConflicts(opts.conflicts, ro) : undefined;
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
          ? recordsOf(cli, await readHistory(opts.history, ro))
          : [];
        // A ledger not yet created is made when the draw is recorded, not before: a refused first
        // draw leaves no empty database behind.
        // A dry run only reads the ledger: a copy that cannot be written will do.
        let db: Db | undefined;
        if (existsSync(dbFile)) db = opts.dryRun ? openDbToRead(dbFile, lang) : openDb(dbFile, lang);
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
          });
          const m = done.manifest;
          if (opts.json)
            cli.io.out(JSON.stringify({ out: opts.out, ledgerSeq: done.seq ?? null, manifest: m }, null, 2));
          else {
            cli.io.out(
              `${m.policy.id}@${m.policy.version} ${m.task.name} ${m.period}${m.dryRun ? tr(lang, " (dry run, not recorded)", "（试抽，未记入台账）") : tr(lang, ` — ledger entry #${done.seq}`, ` —— 台账第 ${done.seq} 条`)}`,
            );
            for (const s of m.counts.strata) {
              const pct = Math.round(s.ratio * 1000) / 10;
              cli.io.out(
                tr(
                  lang,
                  `  ${s.stratum}: ${s.n} / ${s.eligible} eligible (${pct}%)`,
                  `  ${treatmentText(lp.policy.treatments, s.stratum, lang)}：${s.n} / ${s.eligible} 可抽取（${pct}%）`,
                ),
              );
            }
            cli.io.out(
              tr(
                lang,
                `${m.counts.selected} enterprise(s) drawn, ${m.counts.assignments} inspector assignment(s); written to ${opts.out}`,
                `抽取企业 ${m.counts.selected} 家，选派执法人员 ${m.counts.assignments} 人次；已写入 ${opts.out}`,
              ),
            );
            cli.io.out(tr(lang, `effective seed: ${m.effectiveSeed}`, `有效种子：${m.effectiveSeed}`));
          }
          // A dry run only reads the ledger: the default if it exists; one named by --db that does
          // not is said, a trial without the office's recorded draws being most often a mistyped path.
          if (m.dryRun && opts.db !== undefined && !exists) cli.io.err(noLedgerYet(opts.db, lang));
          // A ledger made by this draw: said, since a draw sees only its own ledger's draws, and an
          // office's ledger left in another folder (or another --db) would be silently ignored.
          if (!m.dryRun && !exists)
            cli.io.err(
              tr(
                lang,
                `gradedraw: note: a new ledger was created at ${resolve(dbFile)}, with this draw as its first entry; if your office's ledger is elsewhere, give it with --db: a draw sees only the draws of its own ledger (caps, exclusive treatments, inspectors' load)`,
                `gradedraw: 提示：已在 ${resolve(dbFile)} 新建台账，本次抽取为其第 1 条；如本单位的台账在别处，请用 --db 指定：抽取只计入同一台账中的抽取（频次上限、排他处理、执法人员工作量）`,
              ),
            );
          sayNotices(cli, gradeDateNotice(enterprises, m.drawDate, !m.dryRun, opts.enterprises, lang));
          sayNotices(cli, expiringNotice(inspectors, done.outcome.assignments, m.period, lang));
          // A production draw dated before the day it was made (its --date) is recorded as made then.
          const day = today();
          if (!m.dryRun && date !== undefined && m.drawDate < day)
            cli.io.err(
              tr(
                lang,
                `gradedraw: note: the draw is recorded as made on ${m.drawDate} (--date), not today (${day}): its caps counted the inspections up to that day`,
                `gradedraw: 提示：该抽取按 ${m.drawDate}（--date）记入台账，而不是今天（${day}）：频次上限只计入截至该日的检查`,
              ),
            );
          return 0;
        } catch (e) {
          if (e instanceof DrawError) throw refused(e);
          throw e;
        } finally {
          db?.close();
        }
      }),
    );

  command(
    draw,
    "cancel",
    "cancel the recorded draw of a policy, task and period, with a reason (it stays in the ledger)",
  )
    .requiredOption("--policy <id>", "policy id, e.g. huaian-credit-graded")
    .requiredOption("--period <period>", "the period of the draw")
    .requiredOption("--reason <text>", "why the draw is cancelled (recorded)")
    .option("--task <name>", "task name", DEFAULT_TASK)
    .option("--db <file>", "the ledger database", DEFAULT_DB)
    .addHelpText(
      "after",
      '\nExample:\n  gradedraw draw cancel --policy huaian-credit-graded --period 2026-H1 --reason "名录库数据有误，重新抽取" --db gradedraw.db',
    )
    .action(
      action(
        cli,
        (opts: {
          policy: string;
          period: string;
          reason: string;
          task: string;
          db: string;
          json?: boolean;
        }) => {
          const lang = cli.lang();
          if (!opts.reason.trim())
            throw new UsageError(tr(lang, "--reason must not be empty", "--reason 不能为空"));
          // A mistyped period would otherwise read as "no recorded draw" of it.
          periodOption(opts.period, lang);
          if (!existsSync(opts.db))
            throw new Failed(tr(lang, `no ledger at ${opts.db}`, `找不到台账 ${opts.db}`));
          const db = openDb(opts.db, lang);
          try {
            const seq = cancelDraw(
              db,
              opts.policy,
              opts.task,
              opts.period,
              opts.reason,
              new Date().toISOString(),
            );
            if (seq === undefined)
              throw new Failed(
                tr(
                  lang,
                  `no recorded draw of ${opts.policy}, task ${opts.task}, period ${opts.period} to cancel`,
                  `没有可撤销的抽取：${opts.policy}，任务 ${opts.task}，期间 ${opts.period}`,
                ),
              );
            // Inspections already made stay made: said, so that the office knows what it cancelled.
            const { visits, made } = visitsMade(db, seq);
            if (made)
              cli.io.err(
                tr(
                  lang,
                  `gradedraw: note: ${made} of the draw's ${visits} visit(s) have results recorded: those inspections were made and stay in the history, where a new draw of ${opts.period} counts them for caps (${opts.db})`,
                  `gradedraw: 提示：该抽取的 ${visits} 次检查中已有 ${made} 次记录了检查结果：这些检查已经实施，仍保留在检查历史中，重新抽取 ${opts.period} 时计入频次上限（${opts.db}）`,
                ),
              );
            cli.io.out(
              opts.json
                ? JSON.stringify({ cancelled: seq, visits, made })
                : tr(lang, `cancelled draw #${seq}`, `已撤销第 ${seq} 条抽取`),
            );
            return 0;
          } finally {
            db.close();
          }
        },
      ),
    );

  command(
    program,
    "verify",
    "re-derive the draw in a folder from its recorded inputs; exit 0 only if identical",
  )
    .argument("<dir>", "a draw output folder")
    .option(
      "--db <file>",
      "also check that the draw is the one this ledger records, not cancelled, and that the ledger's chain holds",
    )
    .addHelpText("after", "\nExample:\n  gradedraw verify draws/2026-H1 --db gradedraw.db")
    .action(
      action(cli, async (dir: string, opts: { db?: string; json?: boolean }) => {
        const lang = cli.lang();
        if (!existsSync(dir))
          throw new UsageError(tr(lang, `no such folder: ${dir}`, `文件夹不存在：${dir}`));
        if (!statSync(dir).isDirectory())
          throw new UsageError(
            tr(lang, `${dir} is a file: give the draw's folder`, `${dir} 是文件：请给出抽取结果文件夹`),
          );
        const file = opts.db;
        // The ledger is checked first, so that a mistyped --db fails before the draw is derived.
        const ledger =
          file === undefined
            ? undefined
            : readLedger(file, lang, (db) => verifyRecorded(dir, db, file, lang));
        const r = await verifyDrawDir(dir, lang);
        const ok = r.ok && (ledger?.ok ?? true);
        if (opts.json) cli.io.out(JSON.stringify({ ...r, ok, ledger }, null, 2));
        else {
          for (const d of r.differences) cli.io.err(`gradedraw: ${d} (${dir})`);
          for (const p of ledger?.problems ?? []) cli.io.err(`gradedraw: ${p}`);
          if (r.ok)
            cli.io.out(
              tr(
                lang,
                `ok: the draw in ${dir} is re-derived identically from its recorded inputs`,
                `通过：${dir} 中的抽取结果可由其记录的输入完全重现`,
              ),
            );
          if (ok && ledger?.seq !== undefined)
            cli.io.out(
              tr(
                lang,
                `ok: it is entry #${ledger.seq} of the ledger ${opts.db}, in force, and the ledger's chain is intact`,
                `通过：该抽取为台账 ${opts.db} 第 ${ledger.seq} 条，有效，台账哈希链完整`,
              ),
            );
        }
        return ok ? 0 : 1;
      }),
    );

  command(
    program,
    "tickets",
    "each id's ticket under a seed (SHA-256 consistent sampling), so anyone can check their own",
  )
    .requiredOption("--seed <seed>", "the seed (for a draw: its effective seed from the manifest)")
    .argument("<id...>", "ids, e.g. unified social credit codes")
    .addHelpText("after", "\nExample:\n  gradedraw tickets --seed 01382438112797316654 AB-130")
    .action(
      action(cli, (ids: string[], opts: { seed: string; json?: boolean }) => {
        const lang = cli.lang();
        seedOption(opts.seed, lang);
        // A code is read as the draw reads it (the enterprise files' codes are normalised): typed in
        // lower case or full width it gets the draw's ticket, not another one. So is the code of a
        // team key (code|inspector).
        const rows = ids.map((typed) => {
          const bar = typed.indexOf("|");
          const code = bar < 0 ? typed : typed.slice(0, bar);
          const checked = checkUscc(code);
          const id = !checked.fault && checked.normalised ? checked.code + typed.slice(code.length) : typed;
          if (id !== typed)
            cli.io.err(
              tr(
                lang,
                `gradedraw: note: '${typed}' read as ${id}`,
                `gradedraw: 提示：“${typed}”按 ${id} 计算`,
              ),
            );
          return { id, ticket: ticket(opts.seed, id) };
        });
        if (opts.json) cli.io.out(JSON.stringify(rows, null, 2));
        else for (const r of rows) cli.io.out(`${r.id} ${r.ticket}`);
        return 0;
      }),
    );
}
