/**
 * Whether the inspections a draw knows reach back as far as its caps count them: a cap of one
 * inspection a year counts the year before the draw, and an inspection of that year missing from
 * the history (an export of this year only, no --history at all) lets an enterprise be drawn again.
 */
import { capWindow } from "./caps.js";
import { type Lang, tr } from "./lang.js";
import { addDays, daysBetween } from "./period.js";
import type { Policy } from "./policy/types.js";
import { treatmentText, windowText } from "./policy/vocabulary.js";

/**
 * The cap that looks furthest back from `date` (of the treatment `only`, where given), and the
 * first day it counts; undefined where no pooled treatment has a cap.
 */
export function furthestCap(
  policy: Policy,
  date: string,
  only?: string,
): { treatment: string; count: number; window: string; from: string } | undefined {
  let furthest: { treatment: string; count: number; window: string; from: string } | undefined;
  for (const [treatment, t] of Object.entries(policy.treatments)) {
    if (!t.pool || !t.cap || (only !== undefined && treatment !== only)) continue;
    const { from } = capWindow(t.cap.window, date);
    if (!furthest || from < furthest.from) furthest = { treatment, ...t.cap, from };
  }
  return furthest;
}

/** How long after the first day a cap counts the first inspection known may come, however many a district makes. */
const SLACK_DAYS = 31;

/**
 * How unlikely the stretch without any inspection must be, were the history whole, to be said: a
 * district of few inspections may well make none for months.
 */
const UNLIKELY = 0.01;

/** Inspections known from one source: the first one's date, and how many. */
export interface KnownSpan {
  readonly first: string;
  readonly count: number;
}

/**
 * The days after the caps' first day `from` the first of `count` inspections known may come
 * without a word: a month, or longer where they are few. Were the history whole, its inspections
 * would fall anywhere in the caps' window (`from` to `date`, W days), and all of them after its
 * first g days with probability (1 − g/W)^count; a gap is said where that is under 1 in 100.
 */
export function allowedGap(from: string, date: string, count: number): number {
  const window = Math.max(1, daysBetween(from, date));
  return Math.max(SLACK_DAYS, Math.ceil(window * (1 - UNLIKELY ** (1 / Math.max(1, count)))));
}

/**
 * The notice of a history that does not reach back to the first day the caps count (see
 * furthestCap): none known at all (no --history, no result recorded), or the first known later
 * after that day than {@link allowedGap} allows (a month, longer where the inspections are few).
 * `file` is the history file given, its first inspection's date and how many it holds (none, a
 * file of no rows), `recorded` the ledger's results likewise, `drawn` how many visits of its live
 * draws not yet made are planned from a day to `date` (which the caps count where no inspection
 * made is known); `only`, the one treatment whose cap counts (an enterprise explained, whose
 * visits `drawn` counts). Undefined where the history reaches back, or no cap counts any.
 */
export function historySpanNotice(
  policy: Policy,
  date: string,
  file: (Partial<KnownSpan> & { readonly name: string }) | undefined,
  recorded: KnownSpan | undefined,
  lang: Lang,
  only?: string,
  drawn: (from: string) => number = () => 0,
): string | undefined {
  const cap = furthestCap(policy, date, only);
  if (!cap) return undefined;
  const treatment = treatmentText(policy.treatments, cap.treatment, lang);
  const said = tr(
    lang,
    `${treatment}: at most ${cap.count} in ${cap.window}`,
    `${treatment}：${windowText(cap.window, "zh")}内至多 ${cap.count} 次`,
  );
  // Inspections after the draw date are none a cap counts (a draw dated back, or a year mistyped).
  const first = [file?.first, recorded?.first]
    .filter((d): d is string => d !== undefined && d <= date)
    .sort()[0];
  const later = [
    ...(file?.first !== undefined && file.first > date
      ? [{ en: `those of ${file.name}`, zh: `${file.name} 中的检查` }]
      : []),
    ...(recorded && recorded.first > date ? [{ en: "the ledger's results", zh: "台账中的检查结果" }] : []),
  ];
  // Where no inspection made is known, the caps count the ledger's drawn visits alone, if any.
  const counted = () => {
    const open = drawn(cap.from);
    const whose = only === undefined ? { en: "", zh: "" } : { en: " of this enterprise", zh: "该企业" };
    return open
      ? {
          en: `so the caps count no inspection made, only the ledger's ${open} drawn visit(s)${whose.en} not yet made`,
          zh: `因此上限不计任何已做的检查，只计台账中${whose.zh}已抽取尚未检查的 ${open} 次`,
        }
      : { en: "so the caps count none", zh: "因此上限不计任何检查" };
  };
  if (first === undefined && later.length) {
    const caps = counted();
    const after = [file?.first, recorded?.first].filter((d): d is string => d !== undefined).sort()[0];
    return tr(
      lang,
      `note: no inspection before ${date} is known: ${later.map((l) => l.en).join(" and ")} are all after it (the first on ${after}), ${caps.en} (${said}, from ${cap.from}); is the draw's date right? Give the inspections since ${cap.from} with --history`,
      `提示：${date} 之前没有任何已知检查：${later.map((l) => l.zh).join("和")}都在该日之后（最早为 ${after}），${caps.zh}（${said}，自 ${cap.from} 起）；抽取日期是否正确？请用 --history 提供 ${cap.from} 以来的检查记录`,
    );
  }
  if (first === undefined) {
    const caps = counted();
    return tr(
      lang,
      `note: no inspection before ${date} is known: ${file ? `${file.name} holds none` : "no --history was given"} and the ledger records no results, ${caps.en} (${said}, from ${cap.from}); give the inspections since ${cap.from} with --history`,
      `提示：${date} 之前没有任何已知检查：${file ? `${file.name} 中没有检查记录` : "未提供 --history"}，台账中也没有检查结果，${caps.zh}（${said}，自 ${cap.from} 起）；请用 --history 提供 ${cap.from} 以来的检查记录`,
    );
  }
  const count = (file?.count ?? 0) + (recorded?.count ?? 0);
  if (first <= addDays(cap.from, allowedGap(cap.from, date, count))) return undefined;
  const source = [
    ...(file?.first === first ? [{ en: `the first of ${file.name}`, zh: `${file.name} 中最早的一次` }] : []),
    ...(recorded?.first === first ? [{ en: "the ledger's first result", zh: "台账中最早的检查结果" }] : []),
  ];
  return tr(
    lang,
    `note: the inspections known begin on ${first} (${source.map((s) => s.en).join(", ")}), and the caps count those from ${cap.from} (${said}): any made between are not counted; is the history whole? Give the inspections since ${cap.from} with --history`,
    `提示：已知检查始于 ${first}（${source.map((s) => s.zh).join("、")}），而上限自 ${cap.from} 起计数（${said}）：其间的检查未被计入；检查记录是否完整？请用 --history 提供 ${cap.from} 以来的检查记录`,
  );
}

/** The first date of a non-empty list of inspections, in whatever order. */
export function firstDate(entries: readonly { readonly date: string }[]): string {
  let first = entries[0].date;
  for (const e of entries) if (e.date < first) first = e.date;
  return first;
}
