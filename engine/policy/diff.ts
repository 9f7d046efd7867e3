import { canonicalJson } from "../canonical.js";
import type { Lang } from "../lang.js";
import { type CellOutcome, type CoverageCell, cellOutcome, coverage } from "./coverage.js";
import type { Policy } from "./types.js";
import { type Category, categoryText, type Grade, gradeLabel, gradeText } from "./vocabulary.js";

/** One grade × category row of a policy diff. */
export interface CellChange {
  readonly grade: Grade;
  readonly category: Category;
  /** Treatment before and after; `(depends on other facts)` when grade and category do not decide it. */
  readonly before: string;
  readonly after: string;
  /** The treatments an enterprise of the cell may get before and after, and the facts that decide between them. */
  readonly beforeOutcome: Outcome;
  readonly afterOutcome: Outcome;
  /**
   * True when the treatments, their parameters, or the rules that choose between them by other
   * facts (their conditions and priorities) differ.
   */
  readonly changed: boolean;
}

/** A changed parameter: a dotted path with its old and new value (undefined = absent). */
export interface ParamChange {
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** What a change of policy does: per grade × category, and every changed parameter. */
export interface PolicyDiff {
  readonly cells: CellChange[];
  readonly params: ParamChange[];
}

/** A cell's treatment when grade and category do not decide it. */
export const UNDECIDED = "(depends on other facts)";

/** Compares two resolved policies. */
export function diffPolicies(a: Policy, b: Policy): PolicyDiff {
  const ca = coverage(a);
  const cb = coverage(b);
  const cells = ca.map((x, i) => {
    const y = cb[i];
    const beforeOutcome = cellOutcome(a, x);
    const afterOutcome = cellOutcome(b, y);
    const named = (o: CellOutcome) => (o.treatments.length === 1 ? o.treatments[0] : UNDECIDED);
    return {
      grade: x.grade,
      category: x.category,
      before: named(beforeOutcome),
      after: named(afterOutcome),
      beforeOutcome: plain(beforeOutcome),
      afterOutcome: plain(afterOutcome),
      changed: signature(a, x, beforeOutcome) !== signature(b, y, afterOutcome),
    };
  });
  const params: ParamChange[] = [];
  const { title: _ta, version: _va, status: _sa, approval: _aa, ...ra } = a;
  const { title: _tb, version: _vb, status: _sb, approval: _ab, ...rb } = b;
  walk(ra, rb, "", params);
  return { cells, params };
}

/** A cell's outcome as listed: its treatments and the facts that decide between them. */
export type Outcome = Pick<CellOutcome, "treatments" | "facts">;

function plain(o: CellOutcome): Outcome {
  return { treatments: o.treatments, facts: o.facts };
}

/**
 * What an outcome does, without names that do not change it: each treatment with its parameters
 * (the fallback last), each deciding rule's priority, conditions and treatment, and, where there
 * are deciding rules, the priority of the rule certain to match, which they tie with (an error for
 * an enterprise both match with different treatments) or outrank.
 */
function signature(p: Policy, cell: CoverageCell, o: CellOutcome): string {
  return canonicalJson({
    treatments: o.treatments.map((t) => [t, p.treatments[t] ?? null]),
    rules: o.deciding.map((r) => [r.priority ?? 1, r.conditions, r.event.params.name]),
    certain: o.deciding.length && cell.certain.length ? (cell.certain[0].priority ?? 1) : null,
  });
}

function walk(a: unknown, b: unknown, path: string, out: ParamChange[]) {
  if (canonicalJson(a) === canonicalJson(b)) return;
  const obj = (v: unknown) => v !== null && typeof v === "object";
  if (obj(a) && obj(b) && Array.isArray(a) === Array.isArray(b)) {
    const ka = keyed(a as object);
    const kb = keyed(b as object);
    for (const k of [...new Set([...Object.keys(ka), ...Object.keys(kb)])])
      walk(ka[k], kb[k], path ? `${path}.${k}` : k, out);
    return;
  }
  out.push({ path, before: a, after: b });
}

/** A map or list as a record; list elements keyed by `name` or `code` when they have one, as overrides address them. */
function keyed(o: object): Record<string, unknown> {
  if (!Array.isArray(o)) return o as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  o.forEach((e, i) => {
    const k = e && typeof e === "object" ? (e.name ?? e.code ?? i) : i;
    out[String(k)] = e;
  });
  return out;
}

/** Label of a cell for listings, in the language asked for. */
export function cellLabel(c: { grade: Grade; category: Category }, lang: Lang = "en"): string {
  return `${gradeText(gradeLabel(c.grade), lang)} × ${categoryText(c.category, lang)}`;
}
