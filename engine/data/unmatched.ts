import { type Lang, tr } from "../lang.js";
import { walkConditions } from "../policy/conditions.js";
import type { Policy } from "../policy/types.js";
import type { Enterprise } from "./records.js";
import { halfWidth, parseList } from "./values.js";

/** Facts whose words are the office's own (industries, regions, departments, tags), unlike grades or categories. */
const WORDED: Readonly<Record<string, "text" | "list">> = {
  industry: "text",
  region: "text",
  departments: "list",
  tags: "list",
};

/** Operators that compare a fact with words of the rule's value (behind any decorator but `swap`). */
const COMPARING = new Set(["equal", "notEqual", "in", "notIn", "contains", "doesNotContain"]);

/** A word rules compare a fact with that no enterprise of a file has. */
export interface UnmatchedValue {
  readonly fact: string;
  readonly value: string;
  /** The rules that compare with it. */
  readonly rules: readonly string[];
  /** Values of the file written nearly so (食品销售业 for 食品销售), with how many enterprises have each. */
  readonly near: readonly [string, number][];
}

/** What {@link unmatchedValues} found for one fact. */
export interface UnmatchedFact {
  readonly fact: string;
  /** Words of the rules no enterprise has: those near a value of the file, or all of them when none is in the file. */
  readonly values: readonly UnmatchedValue[];
  /** True when not one of the rules' words for this fact is in the file. */
  readonly none: boolean;
  /** The file's commonest values of the fact, with counts (empty when no enterprise has one). */
  readonly common: readonly [string, number][];
  /** How many values of the fact the file has in all. */
  readonly distinct: number;
}

/**
 * The words a policy's rules compare an office's own facts with (`industry equal 食品销售`,
 * `tags contains 特种设备`) that no enterprise of a file has, where that looks like a word written
 * another way: the file has one nearly so (食品销售业; the same after full-width letters, spaces and
 * case; one inside the other), or not one of the rules' words for the fact is in the file (a file
 * that writes industries as codes, or has no industry column). Such a condition matches nobody, or
 * everybody when negated, and its rule's treatment goes to no enterprise without a word. A word
 * merely absent (a district without fireworks makers) is not reported.
 */
export function unmatchedValues(policy: Policy, column: FactColumn): UnmatchedFact[] {
  const kinds: Record<string, "text" | "list"> = { ...WORDED };
  for (const [name, d] of Object.entries(policy.facts ?? {}))
    if (d.type === "string" || d.type === "list") kinds[name] = d.type === "list" ? "list" : "text";
    else delete kinds[name];
  // fact → word → rules comparing with it
  const asked = new Map<string, Map<string, string[]>>();
  for (const rule of policy.rules)
    walkConditions(rule.conditions, [], (c) => {
      if (!("fact" in c) || !Object.hasOwn(kinds, c.fact) || c.path !== undefined) return;
      const parts = c.operator.split(":");
      if (parts.includes("swap") || !COMPARING.has(parts[parts.length - 1])) return;
      const words = (Array.isArray(c.value) ? c.value : [c.value]).filter(
        (v): v is string => typeof v === "string" && v !== "",
      );
      for (const w of words) {
        const byWord = asked.get(c.fact) ?? new Map<string, string[]>();
        asked.set(c.fact, byWord);
        const rules = byWord.get(w) ?? [];
        if (!rules.includes(rule.name)) rules.push(rule.name);
        byWord.set(w, rules);
      }
    });
  const out: UnmatchedFact[] = [];
  for (const [fact, byWord] of asked) {
    const counts = valueCounts(column(fact), kinds[fact]);
    const missing = [...byWord.keys()].filter((w) => !counts.has(w));
    if (missing.length === 0) continue;
    const none = missing.length === byWord.size;
    const values: UnmatchedValue[] = [];
    for (const w of missing) {
      const near = nearValues(w, counts);
      if (near.length || none) values.push({ fact, value: w, rules: byWord.get(w) ?? [], near });
    }
    if (values.length === 0) continue;
    const common = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 5);
    out.push({ fact, values, none, common, distinct: counts.size });
  }
  return out;
}

/** How many enterprises have each value of a fact (each list element counted once per enterprise). */
function valueCounts(values: readonly unknown[], kind: "text" | "list"): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (v: string) => counts.set(v, (counts.get(v) ?? 0) + 1);
  for (const raw of values) {
    if (raw === null || raw === undefined || raw === "") continue;
    if (kind === "text") add(String(raw));
    else for (const v of new Set(Array.isArray(raw) ? raw.map(String) : parseList(String(raw)))) add(v);
  }
  return counts;
}

/**
 * Each enterprise's value of a fact the rules compare with words: an office's own fact
 * (industry, region, departments, tags) or a declared one (see {@link enterpriseFacts}).
 */
export type FactColumn = (fact: string) => readonly unknown[];

/** The enterprises' values of a fact, as {@link unmatchedValues} reads them (an office's own, or a declared one). */
export function enterpriseFacts(enterprises: readonly Enterprise[]): FactColumn {
  return (fact) => {
    const own = Object.hasOwn(WORDED, fact);
    return enterprises.map((e) => (own ? e[fact as keyof Enterprise] : e.extra[fact]));
  };
}

const squash = (s: string) => halfWidth(s).replace(/\s+/g, "").toLowerCase();

/** The file's values written nearly as `word`: the same squashed, or one inside the other (two characters at least); the commonest three. */
function nearValues(word: string, counts: ReadonlyMap<string, number>): [string, number][] {
  const w = squash(word);
  const near: [string, number][] = [];
  for (const [v, n] of counts) {
    const s = squash(v);
    if (s === w || (Math.min(s.length, w.length) >= 2 && (s.includes(w) || w.includes(s)))) near.push([v, n]);
  }
  return near.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 3);
}

/** What {@link unmatchedValues} found, said for the file it was found in: one note a fact. */
export function unmatchedNotice(found: readonly UnmatchedFact[], file: string, lang: Lang): string[] {
  const list = (vs: readonly [string, number][], zh: boolean) =>
    vs.map(([v, n]) => (zh ? `${v}（${n} 家）` : `${v} (${n})`)).join(zh ? "、" : ", ");
  return found.map((f) => {
    const rules = [...new Set(f.values.flatMap((v) => v.rules))];
    const words = f.values.map((v) => v.value);
    const enWho = `${rules.length === 1 ? "rule" : "rules"} ${rules.join(", ")} ${rules.length === 1 ? "compares" : "compare"} ${f.fact} with ${words.join(", ")}`;
    const zhWho = `规则 ${rules.join("、")} 将 ${f.fact} 与 ${words.join("、")} 比较`;
    if (f.common.length === 0)
      return tr(
        lang,
        `note: ${enWho}, but no enterprise of ${file} has a ${f.fact}: those conditions match nobody (is the column missing?)`,
        `提示：${zhWho}，但 ${file} 中没有企业填写 ${f.fact}：这些条件不匹配任何企业（是否缺少该列？）`,
      );
    const nearly = f.values.filter((v) => v.near.length);
    const en = [
      `note: ${enWho}, which no enterprise of ${file} has${f.none ? ` (it has ${list(f.common, false)}${f.distinct > f.common.length ? ", …" : ""})` : ""}`,
      ...nearly.map((v) => `the file has ${list(v.near, false)} where the rules say ${v.value}`),
    ];
    const zh = [
      `提示：${zhWho}，但 ${file} 中没有企业为此值${f.none ? `（文件中为 ${list(f.common, true)}${f.distinct > f.common.length ? "等" : ""}）` : ""}`,
      ...nearly.map((v) => `文件中的 ${list(v.near, true)}与规则的“${v.value}”相近`),
    ];
    return tr(lang, `${en.join("; ")}: is a value written another way?`, `${zh.join("；")}：是否写法不同？`);
  });
}
