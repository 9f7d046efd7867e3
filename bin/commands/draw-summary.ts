/** What `gradedraw draw` says of a draw made: its strata, counts and effective seed, then the notes on its inputs and its ledger. */
import { resolve } from "node:path";
import {
  goneAtLastVisitNotice,
  gradeDateNotice,
  unknownConflictCodesNotice,
} from "../../engine/data/drawable.js";
import { expiringNotice } from "../../engine/data/inspector-notices.js";
import type { Conflict, Enterprise, Inspector } from "../../engine/data/records.js";
import type { DrawDone } from "../../engine/draw/run.js";
import { tr } from "../../engine/lang.js";
import { today } from "../../engine/period.js";
import { noneDrawnWhy } from "../../engine/plan.js";
import type { LoadedPolicy } from "../../engine/policy/types.js";
import { treatmentText } from "../../engine/policy/vocabulary.js";
import { type Db, DEFAULT_DB } from "../../engine/store/db.js";
import { ChangedVersionError, changedVersion } from "../../engine/store/draw-refusals.js";
import { taskText } from "../../engine/store/ledger.js";
import type { Cli } from "../context.js";
import { noLedgerYet } from "../ledger-access.js";
import type { DrawOpts } from "./draw-options.js";
import { sayNotices } from "./inputs.js";

/** What `reportDraw` says of a draw made: the command's inputs it names, and what it read. */
export interface DrawMade {
  readonly opts: DrawOpts;
  readonly policy: LoadedPolicy;
  /** The draw's --date, where given. */
  readonly date: string | undefined;
  /** Whether the ledger existed before the draw (a draw recorded in none makes it). */
  readonly ledgerExisted: boolean;
  /** The ledger as the draw read it, where it existed (a dry run's, read only). */
  readonly db: Db | undefined;
  readonly enterprises: readonly Enterprise[];
  readonly inspectors: readonly Inspector[];
  readonly conflicts: readonly Conflict[];
}

/**
 * Says what a draw made: its policy, task and period, each stratum drawn (and why none was, where
 * none was), the counts and the effective seed; then the notes on its inputs and its ledger.
 */
export function reportDraw(cli: Cli, done: DrawDone, made: DrawMade): void {
  const { opts, policy: lp, date, ledgerExisted: exists, db, enterprises, inspectors, conflicts } = made;
  const lang = cli.lang();
  const dbFile = opts.db ?? DEFAULT_DB;
  const m = done.manifest;
  if (opts.json)
    cli.io.out(JSON.stringify({ out: opts.out, ledgerSeq: done.seq ?? null, manifest: m }, null, 2));
  else {
    cli.io.out(
      `${m.policy.id}@${m.policy.version} ${taskText(m.task.name, lang)} ${m.period}${m.dryRun ? tr(lang, " (dry run, not recorded)", "（试抽，未记入台账）") : tr(lang, ` — ledger entry #${done.seq}`, ` —— 台账第 ${done.seq} 条`)}`,
    );
    for (const s of m.counts.strata) {
      const pct = Math.round(s.ratio * 1000) / 10;
      // None drawn of those eligible: why, and from how many one would be.
      const why = noneDrawnWhy({ ...s, treatment: s.stratum }, lp.policy);
      cli.io.out(
        tr(
          lang,
          `  ${s.stratum}: ${s.n} / ${s.eligible} eligible (${pct}%${why ? `: ${why.en}` : ""})`,
          `  ${treatmentText(lp.policy.treatments, s.stratum, lang)}：${s.n} / ${s.eligible} 可抽取（${pct}%${why ? `：${why.zh}` : ""}）`,
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
  // A trial of a version edited since the ledger's draws of it: the production draw would be refused.
  const changed =
    m.dryRun && db ? changedVersion(db, lp.policy.policy, lp.policy.version, lp.hash) : undefined;
  if (changed)
    cli.io.err(
      tr(
        lang,
        `gradedraw: note: a production draw would be refused: ${ChangedVersionError.text(changed.id, changed.seq, changed.recorded, changed.now, lang)} (${lp.file})`,
        `gradedraw: 提示：正式抽取将被拒绝：${ChangedVersionError.text(changed.id, changed.seq, changed.recorded, changed.now, lang)}（${lp.file}）`,
      ),
    );
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
  // Of the frame's inputs: its visits (the history and the ledger's results), and its
  // enterprises in the order of their codes.
  const framed = done.outcome.frame.inputs;
  const drawn = done.outcome.selected.map((s) => s.uscc);
  sayNotices(cli, goneAtLastVisitNotice(drawn, [framed.history, framed.ledger.history], m.drawDate, lang));
  if (opts.conflicts) {
    const codes = conflicts.map((c) => c.uscc);
    sayNotices(
      cli,
      unknownConflictCodesNotice(codes, framed.enterprises, opts.enterprises, opts.conflicts, lang),
    );
  }
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
}
