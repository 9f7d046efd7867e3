import { CompiledEvaluator } from "../../engine/compile.js";
import { JreEvaluator } from "../../engine/evaluate.js";
import { enterpriseFacts } from "../../engine/facts.js";
import { HistoryIndex } from "../../engine/history.js";
import { loadPolicyFile } from "../../engine/policy/load.js";
import type { Policy } from "../../engine/policy/types.js";
import { generateDistrict, HUAIAN_LIKE } from "../../engine/synthetic.js";
import { report } from "./common.js";

/** Rule evaluation of the seed policy: json-rules-engine, the compiled evaluator, a hand-written function. */
const p = loadPolicyFile("policies/huaian-2021/1.0.0.yaml").policy?.policy as Policy;
const { enterprises } = generateDistrict(HUAIAN_LIKE, "bench-rules", 200_000);
const h = new HistoryIndex();
const facts = enterprises.map((e) => enterpriseFacts(e, p, h, "2026-01-01"));

const jre = new JreEvaluator(p);
const jreN = 20_000;
const t = performance.now();
for (let i = 0; i < jreN; i++) await jre.evaluate(facts[i]);
const jrePerSec = jreN / ((performance.now() - t) / 1000);

const compiled = new CompiledEvaluator(p);
const best = (fn: () => void, rounds = 5) => {
  let min = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    const s = performance.now();
    fn();
    min = Math.min(min, performance.now() - s);
  }
  return min / 1000;
};
let sink = 0;
const compiledPerSec =
  facts.length /
  best(() => {
    for (const f of facts) sink += compiled.decideSync(f).rule?.length ?? 0;
  });
const columns = { category: enterprises.map((e) => e.category), grade: enterprises.map((e) => e.grade) };
const out = new Int32Array(enterprises.length);
const columnsPerSec =
  enterprises.length /
  best(() => compiled.decideColumns(columns, enterprises.length, (i) => enterprises[i].uscc, out));

/** The seed policy written by hand: the yardstick of the compiled evaluator. */
function handWritten(f: Record<string, unknown>): string | null {
  const c = f.category;
  const g = f.grade;
  if (c === "key") return g === "C" || g === "D" ? "key-stricter" : "key-strict";
  if (c !== "general") return null;
  if (g === "A") return "general-a";
  if (g === "B") return "general-b";
  if (g === "C") return "general-c";
  if (g === "D") return "general-d";
  if (g === null) return "general-ungraded";
  return null;
}
const handPerSec =
  facts.length /
  best(() => {
    for (const f of facts) sink += handWritten(f)?.length ?? 0;
  });
let disagreements = 0;
for (const f of facts) if (compiled.decideSync(f).treatment !== handWritten(f)) disagreements++;
report({
  case: "rules",
  jrePerSec,
  compiledPerSec,
  columnsPerSec,
  handPerSec,
  disagreements,
  sink: sink > 0,
});
