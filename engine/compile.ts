import { type Decision, type Evaluator, JreEvaluator, RuleConflictError } from "./evaluate.js";
import type { Facts } from "./facts.js";
import { type OperatorFn, operatorFn } from "./policy/operators.js";
import { type Condition, type FactCondition, type Policy, policyId } from "./policy/types.js";

/**
 * A compiler from a policy's json-rules-engine rules to one synchronous JavaScript function that
 * applies the hit policy. It copies json-rules-engine's semantics exactly: operators with their
 * fact validators (a numeric comparison against a missing fact is false), `all: []` and `any: []`
 * both true, fact-to-fact values, simple JSON paths, and the highest-priority-wins hit policy with
 * ties of different treatments an error. json-rules-engine remains the reference (and `explain`).
 */

/** A rule set the compiler cannot translate; callers fall back to json-rules-engine. */
export class NotCompilable extends Error {}

/** The compiled form: the winning rule's index (-1 for none), from a facts object or from columns. */
interface Compiled {
  readonly source: string;
  readonly facts: readonly string[];
  readonly runObject: (facts: Facts) => number;
  readonly runColumns: (columns: readonly ArrayLike<unknown>[], i: number) => number;
}

const SIMPLE_PATH = /^\$(\.[A-Za-z_$][\w$]*|\[\d+\]|\["[^"]*"\])*$/;

function resolvePath(value: unknown, path: string): unknown {
  if (value === null || typeof value !== "object") return value;
  let v: unknown = value;
  for (const m of path.slice(1).matchAll(/\.([A-Za-z_$][\w$]*)|\[(\d+)\]|\["([^"]*)"\]/g)) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[m[1] ?? m[2] ?? m[3]];
  }
  return v;
}

/** Compiles the rules of a policy; throws NotCompilable for what it cannot translate exactly. */
function compile(policy: Policy): Compiled {
  const facts: string[] = [];
  const consts: unknown[] = [];
  const ops: OperatorFn[] = [];
  const fact = (name: string) => {
    let i = facts.indexOf(name);
    if (i < 0) i = facts.push(name) - 1;
    return `f${i}`;
  };
  const constant = (v: unknown) => `K[${consts.push(v) - 1}]`;
  const factExpr = (name: string, path?: string) => {
    if (path === undefined || path === "") return fact(name);
    if (!SIMPLE_PATH.test(path)) throw new NotCompilable(`JSON path ${path} is not a simple path`);
    return `P(${fact(name)}, ${constant(path)})`;
  };
  const leaf = (c: FactCondition): string => {
    if (c.params && Object.keys(c.params).length) throw new NotCompilable("fact params are not supported");
    const fn = operatorFn(c.operator);
    if (!fn) throw new NotCompilable(`unknown operator ${c.operator}`);
    const lhs = factExpr(c.fact, c.path);
    const v = c.value as { fact?: unknown; path?: string; params?: unknown } | null;
    const isRef = v !== null && typeof v === "object" && Object.hasOwn(v, "fact");
    if (isRef && (v.params !== undefined || typeof v.fact !== "string"))
      throw new NotCompilable("fact references with params are not supported");
    const rhs = isRef ? factExpr(v.fact as string, v.path) : constant(c.value);
    const primitive = (x: unknown) =>
      x === null || ["string", "boolean"].includes(typeof x) || (typeof x === "number" && !Number.isNaN(x));
    if (!isRef && (c.operator === "equal" || c.operator === "notEqual") && primitive(c.value)) {
      return `(${lhs} ${c.operator === "equal" ? "===" : "!=="} ${JSON.stringify(c.value)})`;
    }
    return `O[${ops.push(fn) - 1}](${lhs}, ${rhs})`;
  };
  // json-rules-engine evaluates the conditions of one priority set together (so an error in any of
  // them surfaces) and short-circuits only between sets: `&`/`|` inside a set, `&&`/`||` between sets.
  const group = (children: readonly Condition[], op: "&" | "|"): string => {
    if (children.length === 0) return "true";
    const sets = new Map<number, string[]>();
    for (const c of children) {
      const p = ("priority" in c ? c.priority : undefined) ?? 1;
      sets.set(p, [...(sets.get(p) ?? []), expr(c)]);
    }
    const ordered = [...sets.entries()]
      .sort((a, b) => b[0] - a[0])
      .map(([, xs]) => (xs.length === 1 ? xs[0] : `!!(${xs.join(` ${op} `)})`));
    return `(${ordered.join(op === "&" ? " && " : " || ")})`;
  };
  const expr = (c: Condition): string => {
    if ("all" in c) return group(c.all, "&");
    if ("any" in c) return group(c.any, "|");
    if ("not" in c) return `!${expr(c.not)}`;
    if ("condition" in c) throw new NotCompilable("shared conditions are not supported");
    return leaf(c);
  };
  const order = policy.rules
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (b.r.priority ?? 1) - (a.r.priority ?? 1) || a.i - b.i);
  const treatments = policy.rules.map((r) => r.event.params.name);
  // Every rule is evaluated, as json-rules-engine does, before the hit policy picks the winner.
  let body = policy.rules.map((r, i) => `const m${i} = ${expr(r.conditions)};`).join("\n");
  body += "\nlet w = -1;\n";
  let current: number | undefined;
  for (const { r, i } of order) {
    const p = r.priority ?? 1;
    if (current !== undefined && p !== current) body += "if (w >= 0) return w;\n";
    current = p;
    body += `if (m${i}) { if (w < 0) w = ${i}; else if (T[w] !== T[${i}]) X(w, ${i}); }\n`;
  }
  body += "return w;";
  // Each fact is read once into a local, as json-rules-engine computes each fact once per run.
  const fromObject = facts
    .map(
      (n, i) =>
        `if (!(${JSON.stringify(n)} in o)) U(${JSON.stringify(n)});\nconst f${i} = o[${JSON.stringify(n)}];`,
    )
    .join("\n");
  const fromColumns = facts.map((_, i) => `const f${i} = c[${i}][i];`).join("\n");
  const source = `return [function fromObject(o) {\n${fromObject}\n${body}\n}, function fromColumns(c, i) {\n${fromColumns}\n${body}\n}];`;
  const conflict = (a: number, b: number) => {
    throw new TieError(a, b);
  };
  const undefinedFact = (n: string) => {
    throw new Error(`Undefined fact: ${n}`);
  };
  const [runObject, runColumns] = new Function("K", "O", "P", "T", "X", "U", source)(
    consts,
    ops,
    resolvePath,
    treatments,
    conflict,
    undefinedFact,
  ) as [Compiled["runObject"], Compiled["runColumns"]];
  return { source, facts, runObject, runColumns };
}

class TieError extends Error {
  constructor(
    readonly a: number,
    readonly b: number,
  ) {
    super("tie");
  }
}

/** The compiled evaluator: over fact objects (one per enterprise) or over columns. */
export class CompiledEvaluator implements Evaluator {
  private readonly c: Compiled;
  private readonly decisions: readonly Decision[];
  private readonly none: Decision;

  constructor(private readonly policy: Policy) {
    this.c = compile(policy);
    this.decisions = policy.rules.map((r) => Object.freeze({ treatment: r.event.params.name, rule: r.name }));
    this.none = Object.freeze({ treatment: policy.default === "reject" ? null : policy.default, rule: null });
  }

  /** The generated JavaScript, for inspection. */
  get source(): string {
    return this.c.source;
  }

  /** The facts the rules read, in the order `decideColumns` expects its columns. */
  get facts(): readonly string[] {
    return this.c.facts;
  }

  /** Synchronous evaluation of one enterprise's facts. */
  decideSync(facts: Facts): Decision {
    try {
      return this.fromIndex(this.c.runObject(facts));
    } catch (e) {
      throw this.named(e, String(facts.uscc));
    }
  }

  evaluate(facts: Facts): Promise<Decision> {
    try {
      return Promise.resolve(this.decideSync(facts));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * Evaluation over columns: `columns[name][i]` is the fact of enterprise i. Writes the winning
   * rule index (-1 none) of enterprises `from` to `count - 1` into `out` at the same positions,
   * so callers need no per-enterprise objects.
   */
  decideColumns(
    columns: Readonly<Record<string, ArrayLike<unknown>>>,
    count: number,
    uscc: (i: number) => string,
    out: Int32Array = new Int32Array(count),
    from = 0,
  ): Int32Array {
    const cols = this.c.facts.map((n) => {
      const col = columns[n];
      if (!col) throw new Error(`Undefined fact: ${n}`);
      return col;
    });
    const run = this.c.runColumns;
    let i = from;
    try {
      for (; i < count; i++) out[i] = run(cols, i);
    } catch (e) {
      throw this.named(e, uscc(i));
    }
    return out;
  }

  /** The decision for a rule index (-1: no rule matched). */
  fromIndex(w: number): Decision {
    return w < 0 ? this.none : this.decisions[w];
  }

  /** The error to report for `e`, thrown evaluating enterprise `uscc`: a tie of rules named as a conflict. */
  private named(e: unknown, uscc: string): unknown {
    if (!(e instanceof TieError)) return e;
    const names = [this.policy.rules[e.a].name, this.policy.rules[e.b].name].sort() as [string, string];
    return new RuleConflictError(names, uscc, policyId(this.policy));
  }
}

/** The fastest exact evaluator for a policy: compiled, or json-rules-engine with a warning when the rules cannot be compiled. */
export function bestEvaluator(policy: Policy, warn: (message: string) => void = () => {}): Evaluator {
  try {
    return new CompiledEvaluator(policy);
  } catch (e) {
    if (!(e instanceof NotCompilable)) throw e;
    warn(`rules of ${policyId(policy)} are evaluated by json-rules-engine (slower): ${e.message}`);
    return new JreEvaluator(policy);
  }
}
