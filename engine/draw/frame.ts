import { canonicalJson, sha256, sha256OfCanonical } from "../canonical.js";
import type { Conflict, Enterprise, HistoryEntry, Inspector } from "../data/records.js";
import type { Policy } from "../policy/types.js";
import { sortedByText } from "../text-sort.js";

/**
 * What the ledger contributes to a draw: earlier draws' planned inspections (counted by caps),
 * enterprises taken this period by an exclusive treatment, inspectors' loads this period, and the
 * enterprises each inspector saw in their previous draws. Recorded with the draw so `verify` can
 * re-derive it without the database.
 */
export interface LedgerState {
  readonly history: HistoryEntry[];
  readonly exclusiveTaken: string[];
  readonly load: Record<string, number>;
  readonly recent: Record<string, string[]>;
}

/** The empty ledger state (first draw, or no database). */
export const EMPTY_LEDGER_STATE: LedgerState = { history: [], exclusiveTaken: [], load: {}, recent: {} };

/** Everything a draw reads, canonicalised: sorted by id so file order never matters. */
export interface FrameInputs {
  readonly policy: Policy;
  readonly enterprises: readonly Enterprise[];
  readonly inspectors: readonly Inspector[];
  readonly conflicts: readonly Conflict[];
  readonly history: readonly HistoryEntry[];
  readonly ledger: LedgerState;
}

/** The parameters of a draw that are not input files. */
export interface DrawParameters {
  readonly task: string;
  readonly departments: readonly string[];
  readonly period: string;
  readonly date: string;
  /** Ratios the operator raised for treatments without an upper limit. */
  readonly raised: Readonly<Record<string, number>>;
  /** Avoid the enterprises an inspector saw in their previous N draws (0 = off). */
  readonly avoidRepeat: number;
  /** A dry run: bound into the frame, so a trial can never pass for the official draw. */
  readonly dryRun: boolean;
}

/** The canonical frame: sorted inputs, each input's hash, and the frame hash binding them with the parameters. */
export interface Frame {
  readonly inputs: FrameInputs;
  readonly hashes: Readonly<
    Record<"policy" | "enterprises" | "inspectors" | "conflicts" | "history" | "ledger", string>
  >;
  readonly frameHash: string;
}

/** A visit's sort key in the frame: its fields in order, as canonical JSON. */
const historyKey = (h: HistoryEntry): string =>
  canonicalJson([h.uscc, h.date, h.department, h.kind, h.result]);

/** Sorts every input into its canonical order. */
export function canonicalInputs(i: FrameInputs): FrameInputs {
  return {
    policy: i.policy,
    enterprises: sortedByText(i.enterprises, (e) => e.uscc),
    inspectors: sortedByText(i.inspectors, (x) => x.id),
    conflicts: sortedByText(i.conflicts, (c) => `${c.inspector}|${c.uscc}|${c.reason}`),
    history: sortedByText(i.history, historyKey),
    ledger: canonicalLedger(i.ledger),
  };
}

/** The ledger's state as the frame holds it: its lists sorted. */
function canonicalLedger(l: LedgerState): LedgerState {
  return {
    history: sortedByText(l.history, historyKey),
    exclusiveTaken: [...l.exclusiveTaken].sort(),
    load: l.load,
    recent: Object.fromEntries(Object.entries(l.recent).map(([k, v]) => [k, [...v].sort()])),
  };
}

/** The hash the frame (and the manifest) gives a policy. */
export function policyFrameHash(p: Policy): string {
  return sha256(canonicalJson(stripSchema(p)));
}

/** The hash the frame (and the manifest) gives the ledger's state a draw read. */
export function ledgerFrameHash(l: LedgerState): string {
  return sha256(canonicalJson(canonicalLedger(l)));
}

/** The inputs that are lists of records. */
export type RecordList = "enterprises" | "inspectors" | "conflicts" | "history";

/**
 * Hashes an input list of records in canonical order: `sha256OfCanonical`, or the same hash made
 * while the draw records the list (see runDraw), so each record is serialised once.
 */
export type HashRecords = (name: RecordList, records: readonly unknown[]) => string;

/** Builds the frame: canonical inputs, their SHA-256 hashes, and the frame hash. */
export function buildFrame(
  inputs: FrameInputs,
  params: DrawParameters,
  hashRecords: HashRecords = (_, records) => sha256OfCanonical(records),
): Frame {
  const c = canonicalInputs(inputs);
  const hashes = {
    policy: policyFrameHash(c.policy),
    enterprises: hashRecords("enterprises", c.enterprises),
    inspectors: hashRecords("inspectors", c.inspectors),
    conflicts: hashRecords("conflicts", c.conflicts),
    history: hashRecords("history", c.history),
    ledger: sha256(canonicalJson(c.ledger)),
  };
  const frameHash = sha256(
    canonicalJson({ hashes, params: { ...params, departments: [...params.departments].sort() } }),
  );
  return { inputs: c, hashes, frameHash };
}

function stripSchema(p: Policy): unknown {
  const { $schema: _s, ...rest } = p as Policy & { $schema?: string };
  return rest;
}

/** The effective seed: the public seed bound to the frame, so the frame cannot change once the seed is known. */
export function effectiveSeed(seed: string, frameHash: string): string {
  return `${seed},${frameHash}`;
}
