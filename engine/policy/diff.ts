import { canonicalJson } from "../canonical.js";
import type { Lang } from "../lang.js";
import { coverage } from "./coverage.js";
import type { Policy } from "./types.js";
import { type Category, categoryText, type Grade, gradeLabel, gradeText } from "./vocabulary.js";

/** One grade × category row of a policy diff. */
export interface CellChange {
  readonly grade: Grade;
  readonly category: Category;
  /** Treatment before and after; `(depends on other facts)` when grade and category do not decide it. */
  readonly before: string;
  readonly after: string;
  /** True when the treatment or its parameters differ. */
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
    const before = x.treatment ?? (x.certain.length || x.possible.length ? UNDECIDED : "reject");
    const after = y.treatment ?? (y.certain.length || y.possible.length ? UNDECIDED : "reject");
    const paramsDiffer =
      x.treatment &&
      y.treatment &&
      canonicalJson(a.treatments[x.treatment]) !== canonicalJson(b.treatments[y.treatment]);
    return {
      grade: x.grade,
      category: x.category,
      before,
      after,
      changed: before !== after || Boolean(paramsDiffer),
    };
  });
  const params: ParamChange[] = [];
  const { title: _ta, version: _va, status: _sa, approval: _aa, ...ra } = a;
  const { title: _tb, version: _vb, status: _sb, approval: _ab, ...rb } = b;
  walk(ra, rb, "", params);
  return { cells, params };
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
