import type { Bilingual } from "../lang.js";

/** Lifecycle of a policy version; production draws use only `approved`. */
export type PolicyStatus = "draft" | "approved" | "retired";

/** The draw period a policy is written for. */
export type Cadence = "month" | "quarter" | "half-year" | "year";

/** Rounding of ratio × pool size to a whole number of enterprises. */
export type Rounding = "ceil" | "round" | "floor";

/** Where a number in a policy comes from (OpenFisca-style `reference`). */
export interface Reference {
  readonly clause?: string;
  /** `department`: the value is the department's choice, not fixed by the source document. */
  readonly setBy?: "policy" | "department";
  readonly note?: string;
}

/** A sampling ratio: a fraction, or a range whose `max` absent means "no upper limit". */
export type Ratio = number | { readonly min: number; readonly max?: number };

/**
 * A cap: at most `count` inspections of any kind by any department within `window`, which is
 * either trailing (`12m`, `6m`, `90d`, `1y`) or calendar (`year`, `half-year`, `quarter`, `month`).
 */
export interface Cap {
  readonly count: number;
  readonly window: string;
}

/** How enterprises given this treatment are sampled. */
export interface Treatment {
  readonly label: Bilingual;
  /** false = not in the random pool (无事不扰). */
  readonly pool: boolean;
  readonly ratio?: Ratio;
  readonly rounding?: Rounding;
  readonly cap?: Cap;
  /** Drawn into a joint inspection (联合检查) of every department supervising the enterprise. */
  readonly joint?: boolean;
  /** No other random inspection of the enterprise in the same period. */
  readonly exclusive?: boolean;
  readonly extraItems?: readonly string[];
  readonly reference?: Reference;
}

/** A json-rules-engine condition as written in a policy file. */
export type Condition =
  | { readonly all: readonly Condition[]; readonly priority?: number; readonly name?: string }
  | { readonly any: readonly Condition[]; readonly priority?: number; readonly name?: string }
  | { readonly not: Condition; readonly priority?: number; readonly name?: string }
  | { readonly condition: string }
  | FactCondition;

/** A leaf condition: `fact operator value`, where value may itself be `{fact: ...}`. */
export interface FactCondition {
  readonly fact: string;
  readonly operator: string;
  readonly value: unknown;
  readonly path?: string;
  readonly params?: Record<string, unknown>;
  readonly priority?: number;
  readonly name?: string;
}

/** A rule: json-rules-engine conditions whose event names a treatment. */
export interface Rule {
  readonly name: string;
  readonly priority?: number;
  readonly conditions: Condition;
  readonly event: { readonly type: "treatment"; readonly params: { readonly name: string } };
  readonly reference?: Reference;
}

/** An entry of the inspection-item list (随机抽查事项清单). */
export interface Item {
  readonly code: string;
  readonly name: string;
  readonly department: string;
  readonly basis: string;
}

/** An extra fact (input column) a policy's rules may use. */
export interface FactDeclaration {
  readonly type: "string" | "number" | "boolean" | "list";
  readonly description?: string;
}

/** A complete, resolved policy version. */
export interface Policy {
  readonly policy: string;
  readonly version: string;
  readonly status: PolicyStatus;
  readonly effective: { readonly from: string; readonly to?: string };
  readonly approval?: { readonly by: string; readonly date: string; readonly document: string };
  readonly title: Bilingual;
  readonly source: {
    readonly document: string;
    readonly issuer?: string;
    readonly date?: string;
    readonly url?: string;
  };
  readonly cadence: Cadence;
  readonly facts?: Readonly<Record<string, FactDeclaration>>;
  readonly treatments: Readonly<Record<string, Treatment>>;
  readonly rules: readonly Rule[];
  /** Treatment for an enterprise no rule matches, or `reject`. */
  readonly default: string;
  readonly items: readonly Item[];
  readonly teamSize: number;
  readonly reference?: Reference;
}

/** A policy as a draw records it: the resolved policy, the file it came from and its content hash. */
export interface PolicyRecord {
  readonly policy: Policy;
  readonly file: string;
  /** SHA-256 of the canonical JSON of the resolved policy. */
  readonly hash: string;
  /** `policy@version` of the base, when the file is a variant. */
  readonly extends?: string;
  /** The base a variant was resolved against (found beside it or in its parent folder): its file and hash. */
  readonly base?: { readonly file: string; readonly hash: string };
}

/** A policy as loaded from its file's text, which a note about it is placed in (see loadedSource). */
export interface LoadedPolicy extends PolicyRecord {
  /** The text the policy was loaded from: a note placed by it names the line that was read, whatever the file holds since. */
  readonly text: string;
}

/**
 * A policy version's id as SPEC writes it (`extends: <policy>@<version>`), as the ledger and
 * every message name it: `huaian-credit-graded@1.0.0`.
 */
export function policyId(p: { readonly policy: string; readonly version: string }): string {
  return `${p.policy}@${p.version}`;
}
