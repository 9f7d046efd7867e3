import { createRequire } from "node:module";
import type { Engine, RuleProperties, RuleResult, TopLevelCondition } from "json-rules-engine";
import type { Facts } from "./facts.js";
import { type Lang, tr } from "./lang.js";
import { type Policy, policyId, type Rule } from "./policy/types.js";

/**
 * The treatment an enterprise gets: the treatment name, or null when no rule matched and the
 * policy's default is `reject`. `rule` is the winning rule (null for the default).
 */
export interface Decision {
  readonly treatment: string | null;
  readonly rule: string | null;
}

/** Two rules of equal top priority matched one enterprise with different treatments (SPEC §4). */
export class RuleConflictError extends Error {
  constructor(
    readonly rules: readonly [string, string],
    readonly uscc: string,
    /** The policy's id and version (id@version). */
    readonly policy: string,
    /** The policy's file, where the code that found the tie knows it and the command does not. */
    readonly file?: string,
  ) {
    super(
      `rules \`${rules[0]}\` and \`${rules[1]}\` both match enterprise ${uscc} with equal priority and different treatments`,
    );
    this.name = "RuleConflictError";
  }

  /** What a command says of it: the tie, and how a policy avoids one. */
  said(lang: Lang): string {
    const [a, b] = this.rules;
    return tr(
      lang,
      `policy ${this.policy}: rules \`${a}\` and \`${b}\` both match enterprise ${this.uscc} with equal priority and different treatments; rules of equal priority that match one enterprise must name one treatment: give the rule meant to win a higher priority`,
      `政策 ${this.policy}：企业 ${this.uscc} 同时符合规则 \`${a}\` 与 \`${b}\`，两者优先级相同而处理方式不同；同一企业符合的同优先级规则须为同一处理方式：请提高应优先的规则的优先级`,
    );
  }
}

/** Anything that turns facts into a decision under a policy's hit policy. */
export interface Evaluator {
  evaluate(facts: Facts): Promise<Decision>;
  /** The same decision without a promise, where the evaluator need not wait (the compiled one): a draw decides a million enterprises. */
  decideSync?(facts: Facts): Decision;
}

/** The hit policy over the rules that matched: highest priority wins; a tie with different treatments is an error. */
export function decide(
  policy: Policy,
  matched: readonly Pick<Rule, "name" | "priority" | "event">[],
  uscc: string,
): Decision {
  if (matched.length === 0)
    return { treatment: policy.default === "reject" ? null : policy.default, rule: null };
  let top = matched[0];
  for (const r of matched) if ((r.priority ?? 1) > (top.priority ?? 1)) top = r;
  for (const r of matched) {
    if (
      r !== top &&
      (r.priority ?? 1) === (top.priority ?? 1) &&
      r.event.params.name !== top.event.params.name
    ) {
      const pair = [top.name, r.name].sort() as [string, string];
      throw new RuleConflictError(pair, uscc, policyId(policy));
    }
  }
  return { treatment: top.event.params.name, rule: top.name };
}

/**
 * The reference evaluator: json-rules-engine itself. One Engine per evaluator, and never two
 * runs at once on it (an Engine keeps one status for all runs; overlapping runs corrupt results).
 */
export class JreEvaluator implements Evaluator {
  private engine: Engine;
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly policy: Policy) {
    this.engine = this.newEngine();
  }

  private newEngine(): Engine {
    return new (jre().Engine)(this.policy.rules.map(toJre), { allowUndefinedFacts: false });
  }

  async evaluate(facts: Facts): Promise<Decision> {
    const results = await this.run(facts);
    // json-rules-engine lists results in completion order; the policy's own order breaks ties between equal rules.
    const names = new Set(results.results.map((r) => r.name));
    const matched = this.policy.rules.filter((r) => names.has(r.name));
    return decide(this.policy, matched, String(facts.uscc));
  }

  /** Runs every rule and returns successful and failed results with each condition's outcome. */
  run(facts: Facts): Promise<{ results: RuleResult[]; failureResults: RuleResult[] }> {
    const next = this.running.then(() => this.engine.run({ ...facts }));
    // A run that fails leaves the Engine's status behind: its later runs skip lower-priority rules.
    // Replace it, so one bad enterprise cannot change the answers for the next ones.
    this.running = next.catch(() => {
      this.engine = this.newEngine();
    });
    return next;
  }
}

/**
 * json-rules-engine, loaded on first use (about 22 ms): a command whose rules compile (see
 * bestEvaluator) never needs it, nor do the simulation's worker threads.
 */
function jre(): typeof import("json-rules-engine") {
  loaded ??= createRequire(import.meta.url)("json-rules-engine") as typeof import("json-rules-engine");
  return loaded;
}
let loaded: typeof import("json-rules-engine") | undefined;

function toJre(rule: Rule): RuleProperties {
  return {
    name: rule.name,
    priority: rule.priority ?? 1,
    conditions: structuredClone(rule.conditions) as unknown as TopLevelCondition,
    event: { type: rule.event.type, params: { name: rule.event.params.name } },
  };
}
