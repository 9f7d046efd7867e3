/**
 * `gradedraw diff --enterprises FILE`: what a policy change does to a district, as a draw on the
 * date would see it under each version: how many of its enterprises are in each grade × category,
 * how many change treatment, and the planned inspections of each treatment before and after.
 */
import { classify } from "../../engine/classify.js";
import { bestEvaluator } from "../../engine/compile.js";
import type { Enterprise } from "../../engine/data/records.js";
import { type Lang, tr } from "../../engine/lang.js";
import type { Category, Grade } from "../../engine/policy/vocabulary.js";
import { treatmentText } from "../../engine/policy/vocabulary.js";
import { textTable } from "../../reports/text-table.js";
import type { Cli } from "../context.js";
import { drawHistory, enterprisesFrom, readOptions, sayHistorySpan, taskDepartments } from "./inputs.js";
import type { policyFor } from "./load-policy.js";

type Loaded = ReturnType<typeof policyFor>;

/** The options of diff that read a district. */
export interface DistrictOptions {
  readonly enterprises: string;
  readonly history?: string;
  readonly db?: string;
  readonly departments?: string;
  readonly encoding?: string;
  readonly sheet?: string;
}

/** What the change does to the district's enterprises on `date`. */
export interface DistrictDiff {
  readonly file: string;
  readonly date: string;
  readonly enterprises: number;
  /** Enterprises whose treatment the new version changes. */
  readonly moved: number;
  /** Planned inspections of each treatment in the pool of either version (null: not in that version's pool). */
  readonly planned: { treatment: string; before: number | null; after: number | null }[];
  readonly total: { before: number; after: number };
}

/** The enterprises of a grade × category cell. */
export function inCell(enterprises: readonly Enterprise[], grade: Grade, category: Category): number {
  let n = 0;
  for (const e of enterprises) if (e.grade === grade && e.category === category) n++;
  return n;
}

/**
 * Classifies the district under both versions as a draw on `date` would (caps from the history and
 * the ledger, the task's departments of each version), and compares them enterprise by enterprise.
 */
export async function districtDiff(
  cli: Cli,
  a: Loaded,
  b: Loaded,
  opts: DistrictOptions,
  date: string,
): Promise<{ diff: DistrictDiff; enterprises: Enterprise[] }> {
  const lang = cli.lang();
  const facts = { ...a.policy.facts, ...b.policy.facts };
  const ro = { ...readOptions(cli, opts), facts };
  const enterprises = await enterprisesFrom(cli, opts.enterprises, { ...ro, pooled: true });
  const first = await drawHistory(cli, opts, date, a.policy.cadence, ro);
  sayHistorySpan(cli, a.policy, date, opts.history, first, lang);
  // The new version's period, where its cadence is another, for the ledger's exclusive takes: the
  // same files read again, their notices said once already.
  const second =
    b.policy.cadence === a.policy.cadence
      ? first
      : await drawHistory({ ...cli, io: { ...cli.io, err: () => {} } }, opts, date, b.policy.cadence, ro);
  const under = (lp: Loaded, read: typeof first) =>
    classify(
      lp.policy,
      enterprises,
      bestEvaluator(lp.policy, (m) => cli.io.err(`gradedraw: ${m}`)),
      read.history,
      date,
      taskDepartments(opts.departments, lp, lang),
      read.ledger?.exclusiveTaken,
    );
  const before = await under(a, first);
  const after = await under(b, second);
  let moved = 0;
  for (let i = 0; i < enterprises.length; i++)
    if (before.classified[i].decision.treatment !== after.classified[i].decision.treatment) moved++;
  const names = [
    ...new Set([...before.summary.treatments, ...after.summary.treatments].map((t) => t.treatment)),
  ];
  const plannedOf = (s: typeof before.summary, name: string) => {
    const t = s.treatments.find((x) => x.treatment === name);
    return t?.pool ? t.planned : null;
  };
  const planned = names
    .map((treatment) => ({
      treatment,
      before: plannedOf(before.summary, treatment),
      after: plannedOf(after.summary, treatment),
    }))
    .filter((p) => p.before !== null || p.after !== null);
  const sum = (k: "before" | "after") => planned.reduce((s, p) => s + (p[k] ?? 0), 0);
  return {
    diff: {
      file: opts.enterprises,
      date,
      enterprises: enterprises.length,
      moved,
      planned,
      total: { before: sum("before"), after: sum("after") },
    },
    enterprises,
  };
}

/** The lines of diff's output on the district: what changes treatment, and the planned inspections before and after. */
export function districtLines(d: DistrictDiff, a: Loaded, b: Loaded, lang: Lang): string[] {
  const change = (p: { before: number | null; after: number | null }) => {
    const x = (p.after ?? 0) - (p.before ?? 0);
    return x > 0 ? `+${x}` : String(x);
  };
  const label = (name: string) =>
    treatmentText(
      Object.hasOwn(b.policy.treatments, name) ? b.policy.treatments : a.policy.treatments,
      name,
      lang,
    );
  const dash = (n: number | null) => (n === null ? "-" : String(n));
  return [
    tr(
      lang,
      `on ${d.file}, as a draw on ${d.date} sees it: ${d.moved} of ${d.enterprises} enterprises ${d.moved === 1 ? "changes" : "change"} treatment`,
      `按 ${d.date} 抽取所见，${d.file} 的 ${d.enterprises} 家企业中有 ${d.moved} 家处理方式改变`,
    ),
    textTable(
      [
        tr(lang, "planned inspections", "计划抽查数"),
        tr(lang, "before", "变更前"),
        tr(lang, "after", "变更后"),
        tr(lang, "change", "变化"),
      ],
      [
        ...d.planned.map((p) => [label(p.treatment), dash(p.before), dash(p.after), change(p)]),
        [tr(lang, "total", "合计"), String(d.total.before), String(d.total.after), change(d.total)],
      ],
    ),
  ];
}
