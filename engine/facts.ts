import type { Enterprise, HistoryEntry } from "./data/records.js";
import { parseBool, parseList } from "./data/values.js";
import type { HistoryIndex } from "./history.js";
import { addMonths, daysBetween } from "./period.js";
import type { FactDeclaration, Policy } from "./policy/types.js";

/** The facts rules see for one enterprise on one date: every built-in fact (null when absent) and the policy's declared facts. */
export type Facts = Record<string, unknown>;

/**
 * Builds the facts of an enterprise. Every fact a rule may name is present (null when unknown),
 * so json-rules-engine never meets an undefined fact; declared extra facts are converted to their type.
 */
export function enterpriseFacts(e: Enterprise, policy: Policy, history: HistoryIndex, date: string): Facts {
  const facts: Facts = {
    uscc: e.uscc,
    name: e.name,
    grade: e.grade,
    category: e.category,
    industry: e.industry,
    region: e.region,
    departments: [...e.departments],
    tags: [...e.tags],
    abnormal: e.abnormal,
    gradedOn: e.gradedOn,
    ...historyFacts(history, e.uscc, date),
  };
  for (const [name, decl] of Object.entries(policy.facts ?? {}))
    facts[name] = typedFact(e.extra[name], decl.type);
  return facts;
}

/** `addMonths(date, −12)`, kept for the last date asked: a draw asks for one date a million times. */
function yearBefore(date: string): string {
  if (lastYear.date !== date) lastYear = { date, since: addMonths(date, -12) };
  return lastYear.since;
}
let lastYear = { date: "", since: "" };

function historyFacts(history: HistoryIndex, uscc: string, date: string): Facts {
  const since = yearBefore(date);
  // The last inspection up to the date (the index is oldest first) and those of the year before it.
  let last: HistoryEntry | undefined;
  let inYear = 0;
  for (const h of history.of(uscc))
    if (h.date <= date) {
      last = h;
      if (h.date > since) inYear++;
    }
  return {
    daysSinceInspection: last ? daysBetween(last.date, date) : null,
    inspectionsLast12m: inYear,
    lastResult: last?.result[0] ?? null,
  };
}

/**
 * How a list fact's text is split where a draw recorded it as written (before the enterprise
 * reader split it into a list): on `;`, `；` and `、` alone, as then, not on commas or line breaks,
 * so that verifying such a draw derives what it derived.
 */
const RECORDED_LIST = /[;；、]/;

/**
 * A declared fact's value as rules see it: of its type, or null when empty or not of its type. A
 * list fact is a list (the enterprise reader splits its cell); one recorded as text is split as
 * it was when recorded.
 */
export function typedFact(v: unknown, type: FactDeclaration["type"]): unknown {
  if (v === undefined || v === null || v === "") return null;
  if (type === "number") {
    const n = typeof v === "number" ? v : Number(String(v).trim());
    return Number.isFinite(n) ? n : null;
  }
  if (type === "boolean") return typeof v === "boolean" ? v : (parseBool(String(v)) ?? null);
  if (type === "list") return Array.isArray(v) ? v.map(String) : parseList(String(v), RECORDED_LIST);
  return String(v);
}
