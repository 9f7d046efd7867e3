/**
 * `gradedraw diff --enterprises FILE`: what a policy change does to a district, as a draw on the
 * date would see it under each version: how many of its enterprises are in each grade × category,
 * how many change treatment, and the planned inspections of each treatment before and after.
 */
import { classify } from "../../engine/classify.js";
import { bestEvaluator } from "../../engine/compile.js";
import type { Enterprise } from "../../engine/data/records.js";
import { expectedVisits, visitCounter } from "../../engine/expected-visits.js";
import { type Lang, tr } from "../../engine/lang.js";
import { policyDepartments } from "../../engine/plan.js";
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
  /**
   * Each department's visits in expectation over the draw's tickets: a stratum draws n of its e
   * eligible, so each of them is drawn with chance n ÷ e, and its visit takes the task's departments
   * that supervise it (all of them where the treatment is joint).
   */
  readonly departments: { department: string; before: number; after: number }[];
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
  const under = async (lp: Loaded, read: typeof first) => {
    const task = taskDepartments(opts.departments, lp, lang);
    const classified = await classify(
      lp.policy,
      enterprises,
      bestEvaluator(lp.policy, (m) => cli.io.err(`gradedraw: ${m}`)),
      read.history,
      date,
      task,
      read.ledger?.exclusiveTaken,
    );
    return { ...classified, visits: expectedVisits(lp.policy, classified, task) };
  };
  const before = await under(a, first);
  const after = await under(b, second);
  // In the order the policies name them (their items'), the old version's first.
  const named = [...policyDepartments(a.policy), ...policyDepartments(b.policy)];
  const departments = [...new Set([...named, ...before.visits.keys(), ...after.visits.keys()])].filter(
    (d) => before.visits.has(d) || after.visits.has(d),
  );
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
      departments: departments.map((department) => ({
        department,
        before: before.visits.get(department) ?? 0,
        after: after.visits.get(department) ?? 0,
      })),
    },
    enterprises,
  };
}

/** The departments' expected visits as the table shows them (see visitCounter), and a change with its sign, of the figures shown. */
function visitFormat(rows: DistrictDiff["departments"]) {
  const count = visitCounter(rows.flatMap((x) => [x.before, x.after]));
  // Of the figures shown, so that before and the change add up to after as they read.
  const change = (before: number, after: number) => {
    const x = Number(count(after)) - Number(count(before));
    const text = count(x);
    return Number(text) > 0 ? `+${text}` : Number(text) === 0 ? count(0) : text;
  };
  return { count, change };
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
  const f = visitFormat(d.departments);
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
    "",
    textTable(
      [
        tr(lang, "visits by department (expected)", "各部门检查户次（期望值）"),
        tr(lang, "before", "变更前"),
        tr(lang, "after", "变更后"),
        tr(lang, "change", "变化"),
      ],
      d.departments.map((x) => [
        x.department,
        f.count(x.before),
        f.count(x.after),
        f.change(x.before, x.after),
      ]),
    ),
  ];
}
