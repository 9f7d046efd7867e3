import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { runCli } from "./run-cli.js";

/** The input options of a draw over the bundled example files (examples/). */
export const EXAMPLE_INPUTS: readonly string[] = [
  "--enterprises",
  "examples/enterprises.csv",
  "--inspectors",
  "examples/inspectors.csv",
  "--conflicts",
  "examples/conflicts.csv",
  "--history",
  "examples/history.csv",
];

/**
 * The options of a draw of the examples for 2026-H1, made on the period's first day (a production
 * draw is otherwise dated today), with a seed as an office writes one: dice digits, a beacon value.
 */
export const EXAMPLE_DRAW_OPTIONS: readonly string[] = [
  ...EXAMPLE_INPUTS,
  "--period",
  "2026-H1",
  "--date",
  "2026-01-01",
  "--seed",
  "20260105-3141592653",
];

/** A dry-run draw of the examples under the seed policy into `out`, with {@link EXAMPLE_DRAW_OPTIONS}. */
export const exampleDryRun = (out: string): string[] => [
  "draw",
  "--policy",
  "policies/huaian-2021/1.0.0.yaml",
  ...EXAMPLE_DRAW_OPTIONS,
  "--dry-run",
  "--out",
  out,
];

/** The examples' directory (or inspectors) with each row's cells edited, given the header's. */
export function exampleWith(
  file: string,
  source: string,
  edit: (cells: string[], header: string[]) => string[],
): string {
  const [header, ...rows] = readFileSync(source, "utf8").trimEnd().split("\n");
  const names = header.split(",");
  writeFileSync(file, [header, ...rows].map((l) => edit(l.split(","), names).join(",")).join("\n"));
  return file;
}
/** A draw of the examples under the seed policy, with inputs swapped for others (by the examples' paths). */
export const drawWith = (swap: Record<string, string>, ...more: string[]) =>
  runCli(
    "draw",
    "--policy",
    "policies/huaian-2021/1.0.0.yaml",
    ...EXAMPLE_DRAW_OPTIONS.map((a) => swap[a] ?? a),
    ...more,
  );

/** Every department of the seed policy's items. */
export const SEED_DEPARTMENTS: readonly string[] = ["人社局", "市场监管局", "应急管理局", "生态环境局"];

/** The parameters of a dry-run draw for 2026-H1 on its first day, task `t`, of the given departments. */
export function dryRunParams(departments: readonly string[] = SEED_DEPARTMENTS) {
  return {
    task: "t",
    departments,
    period: "2026-H1",
    date: "2026-01-01",
    raised: {},
    avoidRepeat: 0,
    dryRun: true,
  };
}

/**
 * The arguments of a draw of the examples under the seed policy for 2026-H1 with `seed` (default
 * 1) into `out`, made on the period's first day: with the ledger `db` when one is given, and a dry
 * run unless recorded in it.
 */
export function exampleDraw(
  out: string,
  { db, dryRun = db === undefined, seed = "1" }: { db?: string; dryRun?: boolean; seed?: string } = {},
) {
  return [
    "draw",
    "--policy",
    "policies/huaian-2021/1.0.0.yaml",
    ...EXAMPLE_INPUTS,
    "--period",
    "2026-H1",
    "--seed",
    seed,
    "--date",
    "2026-01-01",
    ...(db ? ["--db", db] : []),
    ...(dryRun ? ["--dry-run"] : []),
    "--out",
    out,
  ];
}

/** The arguments cancelling the seed policy's draw of `period` (task `default`) in the ledger `db`, for `reason`. */
export function cancelExampleDraw(db: string, { period = "2026-H1", reason = "x" } = {}) {
  return [
    "draw",
    "cancel",
    "--policy",
    "huaian-credit-graded",
    "--period",
    period,
    "--reason",
    reason,
    "--db",
    db,
  ];
}

/**
 * The README's draw of the examples (its seed, 2026-H1, made on 2026-01-01), recorded in a new ledger `dir/g.db`, out
 * into `dir/d`: the draw whose visits, by their drawn teams, examples/results.csv reports. The
 * ledger's path.
 */
export async function readmeDraw(dir: string): Promise<string> {
  const db = join(dir, "g.db");
  const draw = await runCli(...exampleDraw(join(dir, "d"), { db, seed: "20260105-3141592653" }));
  expect(draw.code, draw.stderr).toBe(0);
  return db;
}

/** The results form of the README's draw in `dir` (see readmeDraw), recorded in `db`, in Chinese, written to `out`. */
export async function readmeForm(dir: string, db: string, out: string): Promise<void> {
  const made = await runCli("results", "template", join(dir, "d"), "--db", db, "--out", out, "--lang", "zh");
  expect(made.code, made.stderr).toBe(0);
}

/**
 * The README's draw in `dir` and every workbook gradedraw writes of it, in Chinese: its tasks.xlsx,
 * its results form (结果录入.xlsx), and the publication list (公示.xlsx) of examples/results.csv,
 * imported into its ledger. Their paths.
 */
export async function readmeWorkbooks(
  dir: string,
): Promise<{ db: string; tasks: string; form: string; list: string }> {
  const db = await readmeDraw(dir);
  const form = join(dir, "结果录入.xlsx");
  const list = join(dir, "公示.xlsx");
  await readmeForm(dir, db, form);
  for (const args of [
    ["results", "import", "examples/results.csv", "--db", db],
    ["publish", "--db", db, "--period", "2026-H1", "--out", list, "--lang", "zh"],
  ]) {
    const r = await runCli(...args);
    expect(r.code, r.stderr).toBe(0);
  }
  return { db, tasks: join(dir, "d", "tasks.xlsx"), form, list };
}

/**
 * The results form and publication list of the README's draw (see {@link readmeWorkbooks}, which
 * made `dir` and its ledger `db`) in English, in `dir`. Their paths.
 */
export async function englishWorkbooks(dir: string, db: string): Promise<{ form: string; list: string }> {
  const files = { form: join(dir, "form-en.xlsx"), list: join(dir, "list-en.xlsx") };
  for (const args of [
    ["results", "template", join(dir, "d"), "--db", db, "--out", files.form, "--lang", "en"],
    ["publish", "--db", db, "--period", "2026-H1", "--out", files.list, "--lang", "en"],
  ]) {
    const r = await runCli(...args);
    expect(r.code, r.stderr).toBe(0);
  }
  return files;
}

/**
 * The README's second task after its draw: 安全生产专项 of 应急管理局, with the same seed, recorded in
 * the ledger `db` and out into `dir/safety`; the folder's path.
 */
export async function readmeSafetyDraw(dir: string, db: string): Promise<string> {
  const safety = join(dir, "safety");
  const draw = await runCli(
    ...exampleDraw(safety, { db, seed: "20260105-3141592653" }),
    "--task",
    "安全生产专项",
    "--departments",
    "应急管理局",
  );
  expect(draw.code, draw.stderr).toBe(0);
  return safety;
}

/** A draw folder's selected.csv: its rows, and each one's cell of a column by its English name. */
export function selectedIn(folder: string): {
  rows: string[][];
  at: (row: string[], column: string) => string;
} {
  const lines = readFileSync(join(folder, "selected.csv"), "utf8")
    .replace(/^\uFEFF/, "")
    .trim()
    .split("\r\n");
  const header = lines[0].split(",");
  return { rows: lines.slice(1).map((l) => l.split(",")), at: (row, column) => row[header.indexOf(column)] };
}

/** `gradedraw publish` of 2026-H1 from the ledger `db` to `out`, with `more` options. */
export const publishH1 = (db: string, out: string, ...more: string[]): string[] => [
  "publish",
  "--db",
  db,
  "--period",
  "2026-H1",
  "--out",
  out,
  ...more,
];
