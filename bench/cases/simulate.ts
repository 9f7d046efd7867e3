import { simulate } from "../../simulator/run.js";
import { report } from "./common.js";

/**
 * The simulator on the seed district as shipped (5 years, its 4 variants, its 20 replications
 * unless told otherwise): enterprise-periods per second with a given number of workers, end to
 * end (loading, generating the district, starting workers included).
 */
const workers = Number(process.argv[2] ?? 1);
const size = Number(process.argv[3] ?? 100_000);
const { writeFileSync, mkdirSync, readFileSync, renameSync } = await import("node:fs");
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
// "seed-only": the seed policy alone, without its three variants (which share its random numbers).
const seedOnly = process.argv[5] === "seed-only";
const t = performance.now();
const cpu = process.cpuUsage();
const faults = process.resourceUsage().minorPageFault;
const r = await simulate({
  scenario,
  workers,
  replications: process.argv[4] ? Number(process.argv[4]) : undefined,
  years: 5,
  policies: seedOnly ? [`${process.cwd()}/policies/huaian-2021/1.0.0.yaml`] : undefined,
});
const seconds = (performance.now() - t) / 1000;
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
