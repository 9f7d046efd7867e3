import { simulate } from "../../simulator/run.js";
import { report } from "./common.js";

/**
 * The simulator on the seed district as shipped (5 years, its 4 variants, its 20 replications
 * unless told otherwise): enterprise-periods per second with a given number of workers, end to
 * end (loading, generating the district, starting workers included).
 */
const workers = Number(process.argv[2] ?? 1);
const size = Number(process.argv[3] ?? 100_000);
const { writeFileSync, mkdirSync, readFileSync, renameSync, unlinkSync } = await import("node:fs");
const { DATA } = await import("./common.js");
mkdirSync(DATA, { recursive: true });
const scenario = `${DATA}scenario-${size}.yaml`;
// Written under a name of its own and renamed: two of these run at once (the machine's ceiling
// for a second thread), and one reading the file while the other wrote it read an empty file.
const writing = `${scenario}.${process.pid}`;
writeFileSync(
  writing,
  readFileSync("simulator/scenarios/huaian.yaml", "utf8")
    .replace("size: 100000", `size: ${size}`)
    .replaceAll("../../policies/", `${process.cwd()}/policies/`),
);
renameSync(writing, scenario);
// "seed-only": the seed policy alone, without its three variants (which share its random numbers);
// "days", "last-result": the seed policy with a rule reading the inspection history, alone.
const only = process.argv[5];
const seed = `${process.cwd()}/policies/huaian-2021/1.0.0.yaml`;
const PROBLEMS = "[not-published, false-publication, rectified, pending, transferred, non-cooperation]";
/** The history's condition of the rule drawing a general A or B enterprise into general-c. */
const HISTORY: Record<string, string> = {
  days: "{ fact: daysSinceInspection, operator: greaterThan, value: 300 }",
  "last-result": `{ fact: lastResult, operator: in, value: ${PROBLEMS} }`,
};
let policy = only === "seed-only" ? seed : undefined;
if (only && HISTORY[only]) {
  policy = `${DATA}history-${only}-${process.pid}.yaml`;
  writeFileSync(
    policy,
    readFileSync(seed, "utf8")
      .replace("version: 1.0.0", "version: 1.9.0")
      .replace("status: approved", "status: draft")
      .replace(/approval:\n( {2}.*\n)+/, "")
      .replace(
        "rules:\n",
        `rules:\n  - name: history\n    priority: 15\n    conditions:\n      all:\n        - { fact: category, operator: equal, value: general }\n        - { fact: grade, operator: in, value: [A, B] }\n        - ${HISTORY[only]}\n    event: { type: treatment, params: { name: general-c } }\n`,
      ),
  );
}
const t = performance.now();
const cpu = process.cpuUsage();
const faults = process.resourceUsage().minorPageFault;
const r = await simulate({
  scenario,
  workers,
  replications: process.argv[4] ? Number(process.argv[4]) : undefined,
  years: 5,
  policies: policy ? [policy] : undefined,
});
const seconds = (performance.now() - t) / 1000;
if (policy && policy !== seed) unlinkSync(policy);
const used = process.cpuUsage(cpu);
report({
  case: "simulate",
  workers,
  size,
  variants: r.variants.length,
  replications: r.replications,
  enterprisePeriods: r.performance.enterprisePeriods,
  seconds,
  // CPU time of every thread of the process (V8's compiler and collector threads too) during the run.
  cpuSeconds: (used.user + used.system) / 1e6,
  // Pages of fresh memory touched by every thread of the process during the run.
  pageFaults: process.resourceUsage().minorPageFault - faults,
  perSec: r.performance.enterprisePeriods / seconds,
  loopPerSecPerWorker: r.performance.enterprisePeriods / r.performance.loopSeconds,
});
