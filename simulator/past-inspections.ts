/**
 * The district's past inspections (a scenario's `population.history` and `population.ledger`),
 * which the caps of the simulation's first periods count as a draw on the period's first day counts
 * them: a B enterprise inspected last autumn is over a cap of one in 12 months, not in the first
 * period's pool.
 */
import { readGradeHistory, readHistory } from "../engine/data/read.js";
import type { Enterprise, HistoryEntry } from "../engine/data/records.js";
import { visits } from "../engine/history.js";
import { type Lang, tr } from "../engine/lang.js";
import { openDbToRead } from "../engine/store/db.js";
import { openVisits } from "../engine/store/ledger-state.js";
import { chainHeads } from "../engine/store/result-log.js";
import { storeResultEntries } from "../engine/store/result-reads.js";
import { stringMap } from "../engine/string-map.js";
import { type GradeTimeline, gradeOn, gradeTimeline } from "./grade-timeline.js";
import {
  countFindingCode,
  countVisit,
  gradeMetByFile,
  type HitTally,
  hitTally,
  randomFinding,
} from "./hit-rates.js";
import { stateOfResult } from "./last-results.js";
import { dayNumber } from "./period-steps.js";
import type { Population } from "./population.js";

/** Each initial enterprise's past inspections, by slot. */
export interface PastInspections {
  /** Per slot of an initial enterprise with any, its visits' day numbers, the latest first. */
  readonly days: ReadonlyMap<number, readonly number[]>;
  /** The most visits of one enterprise. */
  readonly most: number;
  /** Per slot of an initial enterprise with any, its latest visit's result as its byte (see last-results.ts). */
  readonly lastResults?: ReadonlyMap<number, number>;
  /** The ledger read, by the last entries of its draws' chain and its results log (null: none). */
  readonly ledger?: { readonly head: string | null; readonly results: string | null };
  /** The visits drawn at random whose results say whether a problem was found, by the grade they met (see hit-rates). */
  readonly hits?: HitTally;
  /** The grades pushed, where a grade history was given: the grade each visit met is read from it (see grade-changes). */
  readonly timeline?: GradeTimeline;
  /** Per slot, the days of its visits drawn at random that found a problem (read where a grade history was given). */
  readonly findings?: ReadonlyMap<number, readonly string[]>;
}

/** No past inspections (a scenario without a history). */
export const NO_PAST: PastInspections = { days: new Map(), most: 0 };

/** Where a district's past inspections are: a history file, the ledger (its results and its draws' visits not yet made), or both. */
export interface PastSources {
  readonly history?: string;
  readonly ledger?: string;
  /** The grades the provincial platform pushed (see grade-changes). */
  readonly gradeHistory?: string;
}

/**
 * The inspections a draw reads from a ledger besides a history file: its results, and its draws'
 * visits not yet made (planned), which a draw counts apart, not as one visit with a result of the
 * same day; and the last entries of its chains, which name the ledger as it was read.
 */
function ledgerInspections(file: string, lang: Lang) {
  const db = openDbToRead(file, lang);
  try {
    const heads = chainHeads(db);
    return {
      results: storeResultEntries(db),
      planned: openVisits(db),
      heads: { head: heads.ledger, results: heads.results },
    };
  } finally {
    db.close();
  }
}

/**
 * Reads a district's past inspections as a draw's caps count them (the entries of one enterprise on
 * one date are one visit), keeping the visits of the enterprises of `enterprises` dated before
 * `start` (the first period's first day): what the simulation does from then on is its own. What is
 * left out is said.
 */
export async function readPastInspections(
  from: PastSources,
  enterprises: readonly Enterprise[],
  start: string,
  lang: Lang,
  onNotice?: (notice: string) => void,
  /** Read for a simulation beginning on `start`, or for calibrate's count of the results before it. */
  purpose: "simulation" | "calibration" = "simulation",
): Promise<PastInspections> {
  let history: readonly HistoryEntry[] = [];
  if (from.history) {
    const read = await readHistory(from.history, { lang });
    for (const n of read.notices) onNotice?.(n);
    history = read.records;
  }
  const ledger = from.ledger
    ? ledgerInspections(from.ledger, lang)
    : { results: [], planned: [], heads: undefined };
  // Joined in an array, not pushed as arguments: a history of some 120,000 visits or more would
  // overflow the stack as the arguments of one call.
  const rows = [...history, ...ledger.results];
  const file = [from.history, from.ledger].filter(Boolean).join(lang === "zh" ? "、" : ", ");
  // A province's directory may hold more codes than a Map takes.
  const slotOf = stringMap<number>(enterprises.length);
  for (let i = 0; i < enterprises.length; i++) slotOf.set(enterprises[i].uscc, i);
  let timeline: GradeTimeline | undefined;
  if (from.gradeHistory) {
    const read = await readGradeHistory(from.gradeHistory, { lang });
    for (const n of read.notices) onNotice?.(n);
    timeline = gradeTimeline(enterprises, read.records, (uscc) => slotOf.get(uscc));
  }
  const findings = new Map<number, string[]>();
  const days = new Map<number, number[]>();
  const latest = new Map<number, { date: string; result: number }>();
  let later = 0;
  let elsewhere = 0;
  const hits = hitTally();
  // As a draw's history index holds them (see drawHistory): the visits made, then the planned ones.
  const all = [...visits(rows), ...ledger.planned];
  for (const v of all) {
    const slot = slotOf.get(v.uscc);
    if (slot === undefined) elsewhere++;
    else if (v.date >= start) later++;
    else {
      const found = randomFinding(v);
      if (found) countFindingCode(hits, v);
      countVisit(
        hits,
        found,
        timeline
          ? (gradeOn(timeline, slot, v.date) ?? (timeline.days[slot] ? "before" : "undated"))
          : gradeMetByFile(enterprises[slot], v.date),
      );
      if (timeline && found) {
        const list = findings.get(slot);
        if (list) list.push(v.date);
        else findings.set(slot, [v.date]);
      }
      const list = days.get(slot);
      if (list) list.push(dayNumber(v.date));
      else days.set(slot, [dayNumber(v.date)]);
      // The last of the latest day's, as a draw's index (sorted by date, stably) has it last.
      const seen = latest.get(slot);
      if (!seen || v.date >= seen.date)
        latest.set(slot, { date: v.date, result: stateOfResult(v.result[0]) });
    }
  }
  let most = 0;
  for (const list of days.values()) {
    list.sort((a, b) => b - a);
    most = Math.max(most, list.length);
  }
  if (later && purpose === "calibration")
    onNotice?.(
      tr(
        lang,
        `note: ${later} of the ${all.length} past inspections are dated on or after ${start}, the start given: left out (${file})`,
        `提示：以往 ${all.length} 次检查中有 ${later} 次的日期在所给开始日 ${start} 当天或之后，未计入（${file}）`,
      ),
    );
  else if (later)
    onNotice?.(
      tr(
        lang,
        `note: ${later} of the ${all.length} past inspections are dated on or after ${start}, when the simulation begins: left out, as the simulation makes the inspections from then on (${file})`,
        `提示：以往 ${all.length} 次检查中有 ${later} 次的日期在模拟开始日 ${start} 当天或之后，未计入：此后的检查由模拟产生（${file}）`,
      ),
    );
  if (elsewhere === all.length && all.length)
    onNotice?.(
      tr(
        lang,
        `note: none of the ${all.length} past inspections is of an enterprise of the enterprise file: ${purpose === "simulation" ? "the caps count" : "calibrate counts"} no past inspection (the history of another district, or its codes written otherwise?) (${file})`,
        `提示：以往 ${all.length} 次检查均不属于企业名录中的企业，${purpose === "simulation" ? "上限不计" : "不统计"}任何以往检查（是否为其他辖区的记录，或信用代码写法不同？）（${file}）`,
      ),
    );
  const lastResults = new Map([...latest].map(([slot, l]) => [slot, l.result]));
  return { days, most, lastResults, ledger: ledger.heads, hits, ...(timeline ? { timeline, findings } : {}) };
}

/** Writes each initial enterprise's past inspections into its slot, as many as it remembers (the latest), and the latest one's result. */
export function seedPastInspections(pop: Population, past: PastInspections): void {
  const r = pop.remembered;
  for (const [slot, list] of past.days)
    for (let k = 0; k < Math.min(r, list.length); k++) pop.lastDays[slot * r + k] = list[k];
  for (const [slot, result] of past.lastResults ?? []) pop.lastResult[slot] = result;
}
