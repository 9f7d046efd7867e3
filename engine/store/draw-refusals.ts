/**
 * Why the ledger refuses to record a draw: one of the same policy, task and period is in force, the
 * policy version was changed after its draws, or the ledger moved while the draw was made.
 */
import { type Lang, tr } from "../lang.js";
import { policyId } from "../policy/types.js";
import type { Db } from "./db.js";

/** A draw of the same policy, task and period already recorded and not cancelled. */
export class DuplicateDrawError extends Error {
  constructor(readonly seq: number) {
    super(DuplicateDrawError.text(seq, "en"));
  }

  static text(seq: number, lang: Lang): string {
    return tr(
      lang,
      `draw #${seq} for this policy, task and period is already recorded; cancel it first (gradedraw draw cancel)`,
      `该政策、任务和期间的抽取已记入台账（第 ${seq} 条）；如需重新抽取，请先撤销（gradedraw draw cancel）`,
    );
  }
}

/**
 * A policy version whose content is not what the ledger's earlier draws of it were made with: an
 * approved version edited in place. Its draws would be recorded under one name for two policies,
 * and a draw verified against the file would no longer match it; a change is a new version.
 */
export class ChangedVersionError extends Error {
  constructor(
    readonly id: string,
    readonly seq: number,
    readonly recorded: string,
    readonly now: string,
  ) {
    super(ChangedVersionError.text(id, seq, recorded, now, "en"));
  }

  static text(id: string, seq: number, recorded: string, now: string, lang: Lang): string {
    const [was, is] = [recorded.slice(0, 12), now.slice(0, 12)];
    return tr(
      lang,
      `${id} is not the policy the ledger's draw #${seq} was made with under that version (policy hash ${was}… recorded, ${is}… now): the file was changed after its draws; a changed policy takes a new version, approved again (or put back the content it had)`,
      `${id} 与台账第 ${seq} 条抽取使用的同一版本内容不同（记录的政策哈希 ${was}…，现为 ${is}…）：该文件在抽取后被修改；修改后的政策应使用新的版本号并重新批准（或恢复原内容）`,
    );
  }
}

/** The first draw of the ledger made with `policy@version` under other content than `hash`, if any. */
export function changedVersion(
  db: Db,
  policy: string,
  version: string,
  hash: string,
): ChangedVersionError | undefined {
  const row = db
    .prepare(
      "SELECT seq, policy_hash AS hash FROM ledger WHERE kind = 'draw' AND policy = ? AND version = ? AND policy_hash <> ? ORDER BY seq LIMIT 1",
    )
    .get(policy, version, hash) as { seq: number; hash: string } | undefined;
  return row && new ChangedVersionError(policyId({ policy, version }), row.seq, row.hash, hash);
}

/**
 * Where the ledger stood when a draw read it: its last entry (0 when it has none), how many
 * inspection results it holds, and how many corrections and withdrawals of them it has recorded
 * (the history a draw reads). Entries and corrections only grow: a draw or cancellation appends an
 * entry, an import appends results, a correction or withdrawal appends a correction (a withdrawal
 * deletes its result).
 */
export interface LedgerMark {
  readonly seq: number;
  readonly results: number;
  readonly corrections: number;
}

/** The mark of a ledger not yet created. */
export const EMPTY_LEDGER_MARK: LedgerMark = { seq: 0, results: 0, corrections: 0 };

/** Where the ledger stands now (see {@link LedgerMark}). */
export function ledgerMark(db: Db): LedgerMark {
  const row = db
    .prepare(
      "SELECT (SELECT coalesce(max(seq), 0) FROM ledger) AS seq, (SELECT count(*) FROM results) AS results, (SELECT count(*) FROM corrections) AS corrections",
    )
    .get() as LedgerMark;
  return { seq: row.seq, results: row.results, corrections: row.corrections };
}

/**
 * The ledger changed between the moment a draw read it and the moment the draw was to be recorded:
 * another process recorded a draw, a cancellation or results meanwhile. The draw was derived
 * from the ledger as it stood before (caps, exclusive treatments, inspector loads) and records
 * that state as an input, so it is not recorded.
 */
export class LedgerMovedError extends Error {
  constructor(
    readonly seen: LedgerMark,
    readonly now: LedgerMark,
  ) {
    super(LedgerMovedError.text(seen, now, "en"));
  }

  static text(seen: LedgerMark, now: LedgerMark, lang: Lang): string {
    const what =
      now.seq !== seen.seq
        ? tr(
            lang,
            `entr${now.seq - seen.seq === 1 ? "y" : "ies"} ${range(seen.seq + 1, now.seq)} (a draw or a cancellation)`,
            `第 ${range(seen.seq + 1, now.seq)} 条（抽取或撤销）`,
          )
        : now.corrections !== seen.corrections
          ? tr(
              lang,
              `${now.corrections - seen.corrections} correction(s) or withdrawal(s) of inspection results`,
              `${now.corrections - seen.corrections} 条检查结果的更正或撤回`,
            )
          : tr(
              lang,
              `${now.results - seen.results} inspection result row(s)`,
              `${now.results - seen.results} 行检查结果`,
            );
    return tr(
      lang,
      `the ledger changed while this draw was being made: ${what} recorded by another process meanwhile. The draw was derived from the ledger as it stood before, so it is not recorded; run it again`,
      `抽取期间台账有变化：其他进程同时记入了${what}。本次抽取依据的是变化前的台账，因此未记入；请重新抽取`,
    );
  }
}

function range(from: number, to: number): string {
  return from === to ? `#${from}` : `#${from}–#${to}`;
}
