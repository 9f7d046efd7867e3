/**
 * The ledger read for people rather than for a draw: the check of its chain and records
 * (`ledger verify`), its listing (`ledger list`), and the entry of a draw found by its manifest.
 */

import { canonicalJson, sha256 } from "../canonical.js";
import { type Lang, tr } from "../lang.js";
import { policyId } from "../policy/types.js";
import type { Db } from "./db.js";
import { chainFaults } from "./hash-chain.js";
import { entryHash, type LedgerRow, visitsMade } from "./ledger.js";
import { seedNotShared } from "./ledger-draws.js";
import { unfinishedOutputs } from "./outputs.js";
import { jsonOrText } from "./stored-json.js";

/** A problem found by the ledger check. */
export interface LedgerProblem {
  readonly seq: number;
  readonly message: string;
}

/**
 * Checks the hash chain and every draw's recorded manifest, planned inspections and assignments:
 * an edited, deleted or reordered row is named. `notes` name what is no fault of the ledger's but
 * an auditor should know: a draw made with the public seed of an earlier one it may not share
 * (another period's, or its own task's cancelled draw), as an earlier gradedraw did not refuse.
 */
export function verifyLedger(
  db: Db,
  lang: Lang = "en",
): { entries: number; head: string | null; problems: LedgerProblem[]; notes: LedgerProblem[] } {
  const rows = db.prepare("SELECT * FROM ledger ORDER BY seq").all() as LedgerRow[];
  const problems: LedgerProblem[] = [];
  const notes: LedgerProblem[] = [];
  // The draws made with each public seed so far.
  const bySeed = new Map<string, LedgerRow[]>();
  const chain = chainFaults(rows, entryHash, { en: "", zh: "" }, lang);
  // The first draw of each policy version, and its policy hash: a later draw of it under another
  // content is the version edited in place (one name, two policies).
  const firstOf = new Map<string, LedgerRow>();
  for (const r of rows) {
    const wrong = (en: string, zh: string) => problems.push({ seq: r.seq, message: tr(lang, en, zh) });
    if (r.kind === "draw") {
      const id = policyId(r);
      const first = firstOf.get(id);
      if (first === undefined) firstOf.set(id, r);
      else if (first.policy_hash !== r.policy_hash)
        wrong(
          `entry #${r.seq} was drawn from ${id} with other content than entry #${first.seq} (policy hash ${r.policy_hash.slice(0, 12)}…; entry #${first.seq}'s ${first.policy_hash.slice(0, 12)}…): the version was changed in place between the two draws; each has its own policy in its folder's inputs/policy.json`,
          `第 ${r.seq} 条所用的 ${id} 与第 ${first.seq} 条的内容不同（政策哈希 ${r.policy_hash.slice(0, 12)}…；第 ${first.seq} 条为 ${first.policy_hash.slice(0, 12)}…）：两次抽取之间该版本被直接修改；各自使用的政策见其抽取文件夹的 inputs/policy.json`,
        );
      // A body edited into no JSON object, or one without what a draw records, is this entry's
      // fault, said; the chain says the rest.
      const body = drawBody(r.body);
      if (body === undefined) {
        wrong(
          `entry #${r.seq}: its recorded body is not the JSON object gradedraw records (edited outside gradedraw?)`,
          `第 ${r.seq} 条：记录的内容不是 gradedraw 记录的 JSON 对象（在 gradedraw 之外被修改？）`,
        );
        continue;
      }
      const seed = (body.manifest as { seed?: unknown } | null)?.seed;
      if (typeof seed === "string") {
        const earlier = bySeed.get(seed) ?? [];
        const shared = earlier.find((e) => seedNotShared(e, r));
        if (shared)
          notes.push({
            seq: r.seq,
            message: tr(
              lang,
              `note: draw #${r.seq} (${r.period}) was made with the public seed of draw #${shared.seq} (${shared.period}${shared.period === r.period ? ", the same task's, cancelled" : ""}), known before its frame was fixed (a draw now refuses such a seed)`,
              `提示：第 ${r.seq} 条抽取（${r.period}）使用了第 ${shared.seq} 条抽取（${shared.period}${shared.period === r.period ? "，同一任务、已撤销" : ""}）的公开种子，该种子在其抽取框架确定之前已为人所知（现在的抽取会拒绝此类种子）`,
            ),
          });
        if (!earlier.length) bySeed.set(seed, earlier);
        earlier.push(r);
      }
      if (sha256(canonicalJson(body.manifest)) !== r.manifest_hash)
        wrong(
          `entry #${r.seq}: the recorded manifest does not match its hash`,
          `第 ${r.seq} 条：记录的清单（manifest）与其哈希值不符`,
        );
      const planned = (
        db
          .prepare(
            "SELECT uscc, name, date, period, departments, treatment, joint, exclusive FROM planned WHERE draw_seq = ? ORDER BY rowid",
          )
          .all(r.seq) as {
          uscc: string;
          name: string;
          date: string;
          period: string;
          departments: string;
          treatment: string;
          joint: number;
          exclusive: number;
        }[]
      ).map((p) => ({
        ...p,
        // As recorded, parsed where it is JSON: an edit of it fails the hash below.
        departments: jsonOrText(p.departments),
        joint: p.joint === 1,
        exclusive: p.exclusive === 1,
      }));
      if (sha256(canonicalJson(planned)) !== body.plannedHash)
        wrong(
          `entry #${r.seq}: its planned inspections were edited, added or deleted`,
          `第 ${r.seq} 条：计划检查被修改、增加或删除`,
        );
      const assigned = db
        .prepare("SELECT uscc, inspector, role FROM assigned WHERE draw_seq = ? ORDER BY rowid")
        .all(r.seq);
      if (sha256(canonicalJson(assigned)) !== body.assignedHash)
        wrong(
          `entry #${r.seq}: its inspector assignments were edited, added or deleted`,
          `第 ${r.seq} 条：执法人员选派被修改、增加或删除`,
        );
    }
  }
  // An entry's chain faults first, then its draw's (a stable sort by entry keeps each one's order).
  const all = [...chain.faults, ...problems].sort((a, b) => a.seq - b.seq);
  all.push(...unfinishedOutputs(db, lang));
  return { entries: rows.length, head: chain.head, problems: all, notes };
}

/** An entry of the ledger as `gradedraw ledger list` shows it. */
export interface LedgerListing {
  readonly seq: number;
  readonly kind: "draw" | "cancel";
  /** When the entry was recorded (ISO, UTC). */
  readonly recordedAt: string;
  readonly policy: string;
  readonly version: string;
  readonly task: string;
  readonly period: string;
  /** The day the draw was made (a cancellation: the day it was cancelled). */
  readonly drawDate: string;
  /** A draw: its public seed and counts, from its manifest. */
  readonly seed?: string;
  readonly selected?: number;
  readonly assignments?: number;
  /** A draw: its visits, and how many of them have results recorded. */
  readonly visits?: number;
  readonly made?: number;
  /** A draw since cancelled: the entry that cancelled it, and why. */
  readonly cancelledBy?: { readonly seq: number; readonly reason: string };
  /** A cancellation: the draw it cancels, and why. */
  readonly cancels?: number;
  readonly reason?: string;
}

/**
 * The ledger's entries in order, or those of one period: each draw with its seed, counts, the
 * visits made so far and whether it was cancelled; each cancellation with its draw and reason.
 * What an entry's body does not say (an edited ledger: see {@link verifyLedger}) is left out.
 */
export function listLedger(db: Db, period?: string): LedgerListing[] {
  const rows = (
    period === undefined
      ? db.prepare("SELECT * FROM ledger ORDER BY seq").all()
      : db.prepare("SELECT * FROM ledger WHERE period = ? ORDER BY seq").all(period)
  ) as LedgerRow[];
  const cancelled = new Map<number, { seq: number; reason: string }>();
  const bodies = new Map(rows.map((r) => [r.seq, parsedBody(r.body)]));
  for (const r of rows) {
    const b = bodies.get(r.seq);
    if (r.kind === "cancel" && typeof b?.cancels === "number")
      cancelled.set(b.cancels, { seq: r.seq, reason: String(b.reason ?? "") });
  }
  return rows.map((r) => {
    const b = bodies.get(r.seq) ?? {};
    const entry = {
      seq: r.seq,
      kind: r.kind,
      recordedAt: r.recorded_at,
      policy: r.policy,
      version: r.version,
      task: r.task,
      period: r.period,
      drawDate: r.draw_date,
    };
    if (r.kind === "cancel")
      return {
        ...entry,
        cancels: typeof b.cancels === "number" ? b.cancels : undefined,
        reason: typeof b.reason === "string" ? b.reason : undefined,
      };
    const m = (b.manifest ?? {}) as {
      seed?: unknown;
      counts?: { selected?: unknown; assignments?: unknown };
    };
    return {
      ...entry,
      seed: typeof m.seed === "string" ? m.seed : undefined,
      selected: typeof m.counts?.selected === "number" ? m.counts.selected : undefined,
      assignments: typeof m.counts?.assignments === "number" ? m.counts.assignments : undefined,
      ...visitsMade(db, r.seq),
      cancelledBy: cancelled.get(r.seq),
    };
  });
}

/** A draw's body as the ledger check reads it: its manifest, an object, and the hashes of its planned inspections and assignments; undefined for anything else. */
function drawBody(
  body: unknown,
): { manifest: object; plannedHash: string; assignedHash: string } | undefined {
  const v = parsedBody(body);
  if (!v) return undefined;
  const { manifest, plannedHash, assignedHash } = v;
  return manifest !== null &&
    typeof manifest === "object" &&
    !Array.isArray(manifest) &&
    typeof plannedHash === "string" &&
    typeof assignedHash === "string"
    ? { manifest, plannedHash, assignedHash }
    : undefined;
}

/** An entry's body as recorded, or undefined when it is not a JSON object. */
function parsedBody(body: unknown): Record<string, unknown> | undefined {
  const v = jsonOrText(body);
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** A draw's entry in the ledger, found by its manifest, and the entry that cancelled it, if any. */
export interface RecordedDraw {
  readonly seq: number;
  readonly cancelledBy?: { readonly seq: number; readonly reason: string };
}

/** The draw entry of the ledger whose manifest is `manifest` (its latest, were there two), or undefined. */
export function recordedDraw(db: Db, manifest: unknown): RecordedDraw | undefined {
  const row = db
    .prepare("SELECT seq FROM ledger WHERE kind = 'draw' AND manifest_hash = ? ORDER BY seq DESC LIMIT 1")
    .get(sha256(canonicalJson(manifest))) as { seq: number } | undefined;
  if (!row) return undefined;
  const cancel = db
    .prepare(
      "SELECT seq, json_extract(body, '$.reason') AS reason FROM ledger WHERE kind = 'cancel' AND json_extract(body, '$.cancels') = ? ORDER BY seq LIMIT 1",
    )
    .get(row.seq) as { seq: number; reason: unknown } | undefined;
  return cancel
    ? { seq: row.seq, cancelledBy: { seq: cancel.seq, reason: String(cancel.reason ?? "") } }
    : row;
}

/**
 * The ledger's entry of a draw by its manifest, and why it is no draw in force, where it is not:
 * a dry run (never recorded), not held (another ledger's, or its manifest changed since), or
 * cancelled, with the cancellation's entry and reason (said without the ledger's file, which the
 * caller names).
 */
export function heldInForce(
  db: Db,
  manifest: unknown,
  lang: Lang = "en",
): { entry?: RecordedDraw; not?: string } {
  const t = (en: string, zh: string) => tr(lang, en, zh);
  const entry = recordedDraw(db, manifest);
  if (!entry)
    return {
      not:
        (manifest as { dryRun?: unknown } | null)?.dryRun === true
          ? t(`the draw is a dry run, which is never recorded in a ledger`, `该抽取为试抽，试抽不记入台账`)
          : t(
              `the draw is not recorded in the ledger: no entry holds its manifest; it was recorded in another ledger, or its manifest was changed since`,
              `台账中没有该抽取：没有条目记录其清单；它记录在另一台账中，或其清单此后被改动过`,
            ),
    };
  if (entry.cancelledBy)
    return {
      entry,
      not: t(
        `the draw is entry #${entry.seq} of the ledger, cancelled by entry #${entry.cancelledBy.seq}: ${entry.cancelledBy.reason}`,
        `该抽取为台账第 ${entry.seq} 条，已由第 ${entry.cancelledBy.seq} 条撤销：${entry.cancelledBy.reason}`,
      ),
    };
  return { entry };
}
