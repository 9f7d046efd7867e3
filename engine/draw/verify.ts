import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { canonicalJson, sha256 } from "../canonical.js";
import { unreadable } from "../lang.js";
import type { Policy } from "../policy/types.js";
import { computeDraw } from "./draw.js";
import type { LedgerState } from "./frame.js";
import { DRAW_FILES } from "./layout.js";
import { buildManifest, type Manifest, resultFiles, TASK_HEADERS, taskSheets } from "./outputs.js";

/** The outcome of verifying a draw folder: what differs, by file or manifest field. */
export interface VerifyReport {
  readonly ok: boolean;
  readonly differences: string[];
}

/**
 * Re-derives the draw in a folder from its recorded inputs and the manifest's seed and parameters,
 * and compares everything: input hashes, every manifest field, selected.csv, assignments.csv and
 * the contents of tasks.xlsx.
 */
export async function verifyDrawDir(dir: string): Promise<VerifyReport> {
  const differences: string[] = [];
  const read = (name: string): string | undefined => {
    const f = join(dir, name);
    if (!existsSync(f)) {
      differences.push(`${name} is missing`);
      return undefined;
    }
    try {
      return readFileSync(f, "utf8");
    } catch (e) {
      differences.push(`${name} cannot be read: ${unreadable(e, "en")}`);
      return undefined;
    }
  };
  const parse = <T>(name: string): T | undefined => {
    const t = read(name);
    if (t === undefined) return undefined;
    try {
      return JSON.parse(t) as T;
    } catch (e) {
      differences.push(`${name} is not valid JSON (${(e as Error).message})`);
      return undefined;
    }
  };
  const manifest = parse<Manifest>(DRAW_FILES.manifest);
  const policy = parse<Policy>(DRAW_FILES.inputs.policy);
  const enterprises = parse<never[]>(DRAW_FILES.inputs.enterprises);
  const inspectors = parse<never[]>(DRAW_FILES.inputs.inspectors);
  const conflicts = parse<never[]>(DRAW_FILES.inputs.conflicts);
  const history = parse<never[]>(DRAW_FILES.inputs.history);
  const ledger = parse<LedgerState>(DRAW_FILES.inputs.ledger);
  if (!manifest || !policy || !enterprises || !inspectors || !conflicts || !history || !ledger)
    return { ok: false, differences };

  let outcome: Awaited<ReturnType<typeof computeDraw>>;
  try {
    outcome = await computeDraw(
      { policy, enterprises, inspectors, conflicts, history, ledger },
      {
        task: manifest.task?.name,
        departments: manifest.task?.departments ?? [],
        period: manifest.period,
        date: manifest.drawDate,
        raised: manifest.parameters?.raised ?? {},
        avoidRepeat: manifest.parameters?.avoidRepeat ?? 0,
        dryRun: manifest.dryRun,
      },
      manifest.seed,
    );
  } catch (e) {
    return {
      ok: false,
      differences: [...differences, `the recorded inputs cannot be drawn again: ${(e as Error).message}`],
    };
  }
  const files = resultFiles(outcome);
  const derived = buildManifest(outcome, {
    policy: { policy, file: "", hash: outcome.frame.hashes.policy },
    results: { selected: sha256(files.selected), assignments: sha256(files.assignments) },
  });
  for (const [k, h] of Object.entries(outcome.frame.hashes)) {
    const recorded =
      k === "policy"
        ? manifest.policy?.sha256
        : (manifest.inputs as Record<string, { sha256: string }> | undefined)?.[k]?.sha256;
    if (recorded !== h)
      differences.push(
        `input ${k === "policy" ? DRAW_FILES.inputs.policy : DRAW_FILES.inputs[k as keyof typeof DRAW_FILES.inputs]} does not match the hash in the manifest`,
      );
  }
  compareFields(manifest, derived, "", differences);
  compareText(DRAW_FILES.selected, read(DRAW_FILES.selected), files.selected, differences);
  compareText(DRAW_FILES.assignments, read(DRAW_FILES.assignments), files.assignments, differences);
  const tasksFile = join(dir, DRAW_FILES.tasks);
  if (!existsSync(tasksFile)) differences.push(`${DRAW_FILES.tasks} is missing`);
  else {
    const recorded = await Promise.resolve()
      .then(() => xlsxCells(readFileSync(tasksFile)))
      .catch((e: NodeJS.ErrnoException) =>
        e.code ? `unreadable: ${unreadable(e, "en")}` : `unreadable: ${e.message}`,
      );
    const expected = taskSheets(outcome, { policy, file: "", hash: "" }, new Map()).flatMap((sheet) => [
      [sheet.name, "1", ...TASK_HEADERS],
      ...[...sheet.rows()].map((row, i) => [sheet.name, String(i + 2), ...row.map((v) => String(v))]),
    ]);
    if (typeof recorded === "string") differences.push(`${DRAW_FILES.tasks} is ${recorded}`);
    else {
      const diff = firstDifference(recorded, expected);
      if (diff) differences.push(`${DRAW_FILES.tasks} differs from the derived draw (${diff})`);
    }
  }
  return { ok: differences.length === 0, differences };
}

function compareFields(recorded: unknown, derived: unknown, path: string, out: string[]) {
  if (canonicalJson(recorded) === canonicalJson(derived)) return;
  const isObj = (v: unknown) => v !== null && typeof v === "object" && !Array.isArray(v);
  if (isObj(recorded) && isObj(derived)) {
    const keys = new Set([...Object.keys(recorded as object), ...Object.keys(derived as object)]);
    for (const k of keys)
      compareFields(
        (recorded as Record<string, unknown>)[k],
        (derived as Record<string, unknown>)[k],
        path ? `${path}.${k}` : k,
        out,
      );
    return;
  }
  out.push(
    `manifest field ${path}: recorded ${JSON.stringify(recorded) ?? "nothing"}, derived ${JSON.stringify(derived) ?? "nothing"}`,
  );
}

function compareText(name: string, recorded: string | undefined, derived: string, out: string[]) {
  if (recorded === undefined || recorded === derived) return;
  const a = recorded.split(/\r?\n/);
  const b = derived.split(/\r?\n/);
  const i = a.findIndex((line, k) => line !== b[k]);
  out.push(`${name} differs from the derived draw at line ${(i < 0 ? a.length : i) + 1}`);
}

/** Every cell of every sheet; the team column keeps only inspector ids (names are not part of the draw). */
async function xlsxCells(data: Uint8Array): Promise<string[][]> {
  // exceljs is loaded when a workbook is read, not with every command (it takes some 0.4 s).
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  const out: string[][] = [];
  for (const ws of wb.worksheets) {
    ws.eachRow((row, n) => {
      const values = Array.from({ length: TASK_HEADERS.length }, (_, i) =>
        String((row.values as unknown[])[i + 1] ?? ""),
      );
      if (n > 1 && values[8] !== undefined)
        values[8] = values[8]
          .split("；")
          .map((x) => x.split(" ")[0])
          .join("；");
      out.push([ws.name, String(n), ...values]);
    });
  }
  return out;
}

function firstDifference(a: string[][], b: string[][]): string | undefined {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (canonicalJson(a[i]) !== canonicalJson(b[i]))
      return a[i] ? `sheet ${a[i][0]}, row ${a[i][1]}` : `sheet ${b[i][0]}, row ${b[i][1]} missing`;
  }
  return undefined;
}
