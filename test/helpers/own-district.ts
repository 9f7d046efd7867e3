import { writeFileSync } from "node:fs";
import { join } from "node:path";

/** The seed policy, by a path any scenario file can name. */
export const SEED_POLICY = `${process.cwd()}/policies/huaian-2021/1.0.0.yaml`;

/**
 * A scenario `name` in `dir` of the district's own enterprise file (`enterprises.csv` beside it):
 * one half-year from 2026-H1, grades frozen, two replications, under `policy` (default the seed
 * policy). `population` adds lines to its population (its history, its ledger), `resources` is
 * its resources' YAML, `violation` its violation probabilities and `transitions` its grade changes
 * (default none).
 */
export function ownDistrictScenario(
  dir: string,
  name: string,
  o: {
    resources: string;
    population?: string;
    violation?: string;
    policy?: string;
    transitions?: string;
    findingResults?: string;
  },
): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    `name: own-district
title: { zh: 本辖区, en: Own district }
population:
  enterprises: enterprises.csv
${o.population ?? ""}behaviour:
  violation: ${o.violation ?? "{ A: 0.02, B: 0.06, C: 0.18, D: 0.4, ungraded: 0.08 }"}
  detection: 0.7
  transitions: ${o.transitions ?? "none"}
${o.findingResults ? `  findingResults: ${o.findingResults}\n` : ""}resources: ${o.resources}
horizon: 1
replications: 2
seed: own
start: 2026-H1
policies: [${o.policy ?? SEED_POLICY}]
`,
  );
  return file;
}
