import { readFileSync, writeFileSync } from "node:fs";

/** The seed policy, approved, as the product ships it. */
export const seed = "policies/huaian-2021/1.0.0.yaml";

/**
 * The seed policy declaring a number fact `employees`, written as `file`; with `ruled`, rule
 * general-b also asks for more than 10 employees. Returns `file`.
 */
export function seedWithEmployees(file: string, ruled = false): string {
  const condition = "- { fact: grade, operator: equal, value: B }";
  const text = readFileSync(seed, "utf8").replace(
    "cadence: half-year",
    "cadence: half-year\nfacts: { employees: { type: number } }",
  );
  writeFileSync(
    file,
    ruled
      ? text.replace(
          condition,
          `- { fact: employees, operator: greaterThan, value: 10 }\n        ${condition}`,
        )
      : text,
  );
  return file;
}

/** The seed policy as a draft in `file`, with `from` replaced by `to`. */
export function draftSeed(file: string, from: string, to: string): string {
  writeFileSync(
    file,
    readFileSync(seed, "utf8").replace("status: approved", "status: draft").replace(from, to),
  );
  return file;
}
/** The seed policy with general-b's cap of 1 in 12 months raised to 2. */
export const CAP_OF_2 = ["cap: { count: 1, window: 12m }", "cap: { count: 2, window: 12m }"] as const;

/** The arguments of a dry-run draw, after the policy and enterprises, of the examples' inspectors into `out`. */
export const dryDraw = (out: string) => [
  "--inspectors",
  "examples/inspectors.csv",
  "--period",
  "2026-H1",
  "--seed",
  "1",
  "--dry-run",
  "--out",
  out,
];
