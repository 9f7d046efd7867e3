/**
 * The log of the results table: every result recorded, corrected (更正) or withdrawn (撤回) is an
 * entry, chained by hash to the one before, as the draws are in the ledger. `ledger verify` replays
 * the log and names a result edited, added or deleted outside gradedraw (a finding turned into
 * none in a database browser), or an entry of the log edited, deleted or reordered.
 */

import { canonicalJson, sha256 } from "../canonical.js";
import { findResultCode } from "../data/result-codes.js";
import { type Lang, tr } from "../lang.js";
import type { Db } from "./db.js";
import { chainCheck, GENESIS } from "./hash-chain.js";
import { jsonOrText } from "./stored-json.js";

/** What an entry did to its result. */
export type ResultLogOp = "record" | "correct" | "withdraw";

/** A row of the result_log table. */
interface LogRow {
  seq: number;
  op: ResultLogOp;
  result_id: number;
  body: string;
  at: string;
  prev_hash: string;
  entry_hash: string;
}

/** A row of the results table. */
interface ResultRow {
  id: number;
  uscc: string;
  date: string;
  department: string;
  item: string;
  kind: string;
  result: string;
  inspectors: string;
  source_hash: string;
  imported_at: string;
}

/** What a result row says, as an entry keeps it (its id aside, which the entry names). */
function said(r: ResultRow): Record<string, unknown> {
  return {
    uscc: r.uscc,
    date: r.date,
    department: r.department,
    item: r.item,
    kind: r.kind,
    // As stored, parsed where it is JSON: a row edited outside gradedraw then differs from its log.
    result: jsonOrText(r.result),
    inspectors: jsonOrText(r.inspectors),
    source_hash: r.source_hash,
    imported_at: r.imported_at,
  };
}

function entryHash(e: Omit<LogRow, "entry_hash">): string {
  return sha256(canonicalJson(e));
}

/**
 * The function that appends an entry for the result `id`, within the caller's transaction: as it
 * stands after it was recorded or corrected, or before it is withdrawn (call it before the delete),
 * with a correction's or withdrawal's reason and file (its SHA-256), or marked held (a result the
 * ledger held when the log began, as it stood then). The log's head is read at the
 * first entry and kept: a logger serves one transaction.
 */
export function resultLogger(
  db: Db,
): (
  op: ResultLogOp,
  id: number | bigint,
  at: string,
  change?: { readonly reason: string; readonly file: string } | { readonly held: true },
) => void {
  const row = db.prepare("SELECT * FROM results WHERE id = ?");
  const last = db.prepare("SELECT seq, entry_hash FROM result_log ORDER BY seq DESC LIMIT 1");
  const insert = db.prepare(
    "INSERT INTO result_log (seq, op, result_id, body, at, prev_hash, entry_hash) VALUES (@seq, @op, @result_id, @body, @at, @prev_hash, @entry_hash)",
  );
  let head: { seq: number; entry_hash: string } | undefined;
  return (op, id, at, change) => {
    const r = row.get(id) as ResultRow | undefined;
    if (!r) throw new Error(`no result #${id} to log`);
    head ??= (last.get() as { seq: number; entry_hash: string } | undefined) ?? {
      seq: 0,
      entry_hash: GENESIS,
    };
    const e = {
      seq: head.seq + 1,
      op,
      result_id: Number(id),
      body: canonicalJson(
        change === undefined
          ? said(r)
          : "held" in change
            ? { ...said(r), held: true }
            : { ...said(r), reason: change.reason, by: change.file },
      ),
      at,
      prev_hash: head.entry_hash,
    };
    const entry_hash = entryHash(e);
    insert.run({ ...e, entry_hash });
    head = { seq: e.seq, entry_hash };
  };
}

/**
 * Schema 5's migration: the log, begun with an entry for each result recorded before it (in the
 * order recorded, dated when it was last imported). Corrections and withdrawals made before it are
 * in the corrections table only.
 */
export function createResultLog(db: Db): void {
  db.exec(`CREATE TABLE result_log (
     seq INTEGER PRIMARY KEY,
     op TEXT NOT NULL CHECK (op IN ('record','correct','withdraw')),
     result_id INTEGER NOT NULL,
     body TEXT NOT NULL,
     at TEXT NOT NULL,
     prev_hash TEXT NOT NULL,
     entry_hash TEXT NOT NULL
   );`);
  const log = resultLogger(db);
  for (const r of db.prepare("SELECT id, imported_at FROM results ORDER BY id").all() as ResultRow[])
    log("record", r.id, r.imported_at, { held: true });
}

/** What the check of the results against their log found. */
export interface ResultLogCheck {
  /** Entries of the log, and results recorded. */
  readonly entries: number;
  readonly results: number;
  /** The last entry's hash (null where the log is empty): an auditor who writes it down can tell a log rewritten since. */
  readonly head: string | null;
  readonly problems: string[];
}

/** The result as messages name it: its place. */
const place = (b: Record<string, unknown>) =>
  [b.uscc, b.date, b.department, b.item].map((x) => (x === undefined ? "?" : String(x))).join(" ");

/**
 * Checks the log's chain, replays it, and compares what it says each result is with the results
 * table: a result edited, added or deleted outside gradedraw is named, with what differs.
 */
export function verifyResultLog(db: Db, lang: Lang = "en"): ResultLogCheck {
  const problems: string[] = [];
  const wrong = (en: string, zh: string) => problems.push(tr(lang, en, zh));
  // What the log says each result is, by the SHA-256 of its canonical JSON: the text of 600,000
  // results held as objects, with the rows of the log and the table, took 1.4 GB; as text, 520 MB.
  // The text of those that differ is read again from the log, for what they say.
  const replayed = new Map<number, string>();
  const kept = db.prepare(
    "SELECT 1 FROM corrections WHERE result_id = ? AND corrected_at = ? AND reason = ? AND source_hash = ?",
  );
  const chain = chainCheck<LogRow>(entryHash, { en: "results log ", zh: "结果日志" }, lang);
  let entries = 0;
  for (const r of logEntries(db)) {
    entries++;
    chain.add(r);
    const body = entryBody(r);
    if (body === undefined) {
      wrong(
        `results log entry #${r.seq}: its body is not the JSON object gradedraw records (edited outside gradedraw?)`,
        `结果日志第 ${r.seq} 条：其内容不是 gradedraw 记录的 JSON 对象（在 gradedraw 之外被修改？）`,
      );
      continue;
    }
    // A correction or withdrawal is kept in the corrections table too (publish and results corrections read it there).
    if (r.op !== "record" && !kept.get(r.result_id, r.at, body.reason, body.by))
      wrong(
        `the ${r.op === "correct" ? "correction" : "withdrawal"} of result #${r.result_id} (${place(body)}) on ${r.at} (results log entry #${r.seq}: ${body.reason}) is not in the corrections table: deleted or edited outside gradedraw`,
        `结果 #${r.result_id}（${place(body)}）于 ${r.at} 的${r.op === "correct" ? "更正" : "撤回"}（结果日志第 ${r.seq} 条：${body.reason}）不在更正记录表中：系在 gradedraw 之外被删除或修改`,
      );
    if (r.op === "withdraw") replayed.delete(r.result_id);
    else replayed.set(r.result_id, sha256(loggedText(r, body)));
  }
  const { head, faults } = chain.end();
  // Results that differ from what the log says, each with its place among the problems, said once their log's text is read.
  const differing: { at: number; id: number; now: Record<string, unknown> }[] = [];
  let results = 0;
  for (const r of db.prepare("SELECT * FROM results ORDER BY id").iterate() as IterableIterator<ResultRow>) {
    results++;
    const now = said(r);
    const hash = replayed.get(r.id);
    replayed.delete(r.id);
    if (hash === undefined)
      wrong(
        `result #${r.id} (${place(now)}) is in no entry of the results log: added outside gradedraw, or its entry deleted`,
        `结果 #${r.id}（${place(now)}）不在结果日志中：系在 gradedraw 之外添加，或其日志条目被删除`,
      );
    else if (sha256(canonicalJson(now)) !== hash)
      differing.push({ at: problems.push("") - 1, id: r.id, now });
  }
  const deleted = [...replayed.keys()];
  const texts =
    differing.length || deleted.length
      ? replayedTexts(db, [...differing.map((d) => d.id), ...deleted])
      : new Map();
  for (const { at, id, now } of differing) {
    const logged = JSON.parse(texts.get(id) as string) as Record<string, unknown>;
    // Said alike whole, said alike in each part; where not, which parts differ.
    const changed = Object.keys(now).filter((k) => canonicalJson(now[k]) !== canonicalJson(logged[k]));
    // Named as the log has it, or as the table does where the log's entry lacks its place.
    const named = place({ ...now, ...logged });
    if (changed.length)
      problems[at] = tr(
        lang,
        `result #${id} (${named}) was edited outside gradedraw: ${changed.map((k) => `${k} ${shown(now[k], "en")}, its log says ${shown(logged[k], "en")}`).join("; ")}`,
        `结果 #${id}（${named}）在 gradedraw 之外被修改：${changed.map((k) => `${k} 为 ${shown(now[k], "zh")}，日志记载为 ${shown(logged[k], "zh")}`).join("；")}`,
      );
  }
  for (const id of deleted) {
    const logged = JSON.parse(texts.get(id) as string) as Record<string, unknown>;
    wrong(
      `result #${id} (${place(logged)}) was deleted outside gradedraw: its log has it, the results table does not`,
      `结果 #${id}（${place(logged)}）在 gradedraw 之外被删除：结果日志中有此结果，结果表中没有`,
    );
  }
  // The chain's faults first, then the entries' and the results' (joined in an array: a log edited
  // throughout has a fault an entry, more than one call takes as its arguments).
  return {
    entries,
    results,
    head,
    problems: [...faults.map((f) => f.message), ...problems.filter((p) => p !== "")],
  };
}

/** The entries of the results log, in order, one at a time. */
function logEntries(db: Db): IterableIterator<LogRow> {
  return db.prepare("SELECT * FROM result_log ORDER BY seq").iterate() as IterableIterator<LogRow>;
}

/** An entry's body, parsed: undefined where it is no JSON object (edited outside gradedraw). */
function entryBody(r: LogRow): Record<string, unknown> | undefined {
  const parsed = jsonOrText(r.body);
  return parsed === null || typeof parsed !== "object" || Array.isArray(parsed)
    ? undefined
    : (parsed as Record<string, unknown>);
}

/** What an entry says its result is, as canonical JSON: its body but for a change's reason and file, or the mark of a result held. */
function loggedText(r: LogRow, body: Record<string, unknown>): string {
  if (!("reason" in body || "by" in body || "held" in body)) return r.body;
  const { reason, by, held, ...rest } = body;
  return canonicalJson(rest);
}

/** What the log says each of the results `ids` is, replayed as verifyResultLog replays it: their canonical JSON. */
function replayedTexts(db: Db, ids: readonly number[]): Map<number, string> {
  const wanted = new Set(ids);
  const texts = new Map<number, string>();
  for (const r of logEntries(db)) {
    if (!wanted.has(r.result_id)) continue;
    const body = entryBody(r);
    if (body === undefined) continue;
    if (r.op === "withdraw") texts.delete(r.result_id);
    else texts.set(r.result_id, loggedText(r, body));
  }
  return texts;
}

/** A value of a result as a message shows it: result codes by their words. */
function shown(v: unknown, lang: Lang): string {
  // A key the log's entry lacks (its body edited outside gradedraw).
  if (v === undefined) return tr(lang, "nothing", "无");
  if (Array.isArray(v))
    return `'${v.map((x) => (typeof x === "string" ? (findResultCode(x)?.[lang] ?? x) : String(x))).join("; ")}'`;
  return `'${String(v)}'`;
}

/** Where a hash written down before (an anchor) is found: an entry of the draw ledger or of the results log. */
export interface AnchorFound {
  readonly anchor: string;
  /** The chain that holds it, and the entry: its number and the chain's length now; none where neither holds it. */
  readonly chain?: "ledger" | "results";
  readonly seq?: number;
  readonly of?: number;
}

/** The least of a hash an anchor may give: the 16 digits `ledger verify` prints. */
export const ANCHOR_DIGITS = 16;

/**
 * Finds each anchor, a hash `ledger verify` printed before (whole, or its first 16 digits or more),
 * among the entries of the draw ledger and of the results log: a chain that holds it still holds,
 * up to it, what it held then (with the chain intact); one that does not was rewritten since, or
 * the hash is another ledger's.
 */
export function findAnchors(db: Db, anchors: readonly string[]): AnchorFound[] {
  const chains = [
    { chain: "ledger", table: "ledger" },
    { chain: "results", table: "result_log" },
  ] as const;
  const find = chains.map(({ chain, table }) => ({
    chain,
    query: db.prepare(
      `SELECT seq, (SELECT count(*) FROM ${table}) AS n FROM ${table} WHERE substr(entry_hash, 1, ?) = ?`,
    ),
  }));
  return anchors.map((anchor) => {
    const prefix = anchor.toLowerCase();
    for (const { chain, query } of find) {
      const hit = query.all(prefix.length, prefix) as { seq: number; n: number }[];
      if (hit.length === 1) return { anchor: prefix, chain, seq: hit[0].seq, of: hit[0].n };
    }
    return { anchor: prefix };
  });
}

/**
 * The last entry hash of the draw ledger and of its results log, null for a chain with no entry:
 * what `publish` prints with a list, to be kept with it. A chain rewritten whole after it (every hash
 * made again) verifies by itself, but no longer holds this hash, which `ledger verify --anchor` tells.
 */
export function chainHeads(db: Db): { readonly ledger: string | null; readonly results: string | null } {
  const last = (table: "ledger" | "result_log") =>
    (
      db.prepare(`SELECT entry_hash FROM ${table} ORDER BY seq DESC LIMIT 1`).get() as
        | { entry_hash: string }
        | undefined
    )?.entry_hash ?? null;
  return { ledger: last("ledger"), results: last("result_log") };
}
