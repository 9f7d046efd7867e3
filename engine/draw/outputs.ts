import { csvLines } from "../csv.js";
import { unlicensedInspectors } from "../data/inspector-notices.js";
import type { Conflict, Inspector } from "../data/records.js";
import type { PolicyRecord } from "../policy/types.js";
import { treatmentLabel } from "../policy/vocabulary.js";
import { maskName } from "../privacy.js";
import { VERSION } from "../version.js";
import { excelSheetNames, writeXlsx, XLSX_MAX_ROWS } from "../xlsx.js";
import { ALGORITHM } from "./algorithm.js";
import type { DrawOutcome, SelectedRow } from "./draw.js";

const SELECTED_HEADER = [
  "uscc",
  "name",
  "grade",
  "category",
  "treatment",
  "stratum",
  "joint",
  "ticket",
  "departments",
  "items",
];
const ASSIGNMENTS_HEADER = ["uscc", "inspector", "department", "role", "ticket"];

/** `selected.csv` a line at a time: the drawn enterprises in ticket order; names of natural persons masked. */
export function selectedLines(o: DrawOutcome): Generator<string> {
  return csvLines(
    SELECTED_HEADER,
    (function* () {
      for (const s of o.selected)
        yield [
          s.uscc,
          maskName(s.uscc, s.name, s.operator),
          s.grade,
          s.category,
          s.treatment,
          s.stratum,
          String(s.joint),
          s.ticket,
          s.departments.join(";"),
          s.items.join(";"),
        ];
    })(),
  );
}

/** `assignments.csv` a line at a time: inspector ids only (no names), with the ticket that ranked them. */
export function assignmentsLines(o: DrawOutcome): Generator<string> {
  return csvLines(
    ASSIGNMENTS_HEADER,
    (function* () {
      for (const a of o.assignments) yield [a.uscc, a.inspector, a.department, a.role, a.ticket];
    })(),
  );
}

/** The SHA-256 of each result file, as the manifest records them. */
export interface ResultHashes {
  readonly selected: string;
  readonly assignments: string;
}

/** What the manifest records besides the outcome. */
export interface ManifestMeta {
  readonly policy: PolicyRecord;
  /** The hashes of the result files as written. */
  readonly results: ResultHashes;
}

/** The manifest: identity of policy and inputs, seed, parameters, counts, and hashes of the results. */
export function buildManifest(o: DrawOutcome, meta: ManifestMeta) {
  const strata = o.strata.map((s) => ({
    stratum: s.treatment,
    treatment: s.treatment,
    eligible: s.eligible,
    ratio: s.ratio,
    n: s.n,
  }));
  const byDepartment: Record<string, number> = {};
  for (const s of o.selected) for (const d of s.departments) byDepartment[d] = (byDepartment[d] ?? 0) + 1;
  return {
    format: "gradedraw-draw-manifest/1",
    software: { name: "gradedraw", version: VERSION },
    algorithm: ALGORITHM,
    dryRun: o.params.dryRun,
    policy: {
      id: meta.policy.policy.policy,
      version: meta.policy.policy.version,
      status: meta.policy.policy.status,
      sha256: o.frame.hashes.policy,
    },
    task: { name: o.params.task, departments: [...o.params.departments].sort() },
    period: o.params.period,
    drawDate: o.params.date,
    parameters: { raised: o.params.raised, avoidRepeat: o.params.avoidRepeat },
    inputs: Object.fromEntries(
      (["enterprises", "inspectors", "conflicts", "history", "ledger"] as const).map((k) => [
        k,
        { sha256: o.frame.hashes[k], records: countOf(o, k) },
      ]),
    ),
    seed: o.seed,
    frameHash: o.frame.frameHash,
    effectiveSeed: o.effectiveSeed,
    counts: {
      enterprises: o.frame.inputs.enterprises.length,
      selected: o.selected.length,
      assignments: o.assignments.length,
      strata,
      byDepartment,
    },
    results: { "selected.csv": meta.results.selected, "assignments.csv": meta.results.assignments },
    resultHash: o.resultHash,
  };
}

/** The manifest's type. */
export type Manifest = ReturnType<typeof buildManifest>;

function countOf(
  o: DrawOutcome,
  k: "enterprises" | "inspectors" | "conflicts" | "history" | "ledger",
): number {
  if (k === "ledger") return o.frame.inputs.ledger.history.length;
  return o.frame.inputs[k].length;
}

/**
 * The inspector records kept in a draw's inputs: what the draw uses, without names or licence
 * numbers. Since the number itself is not kept, an inspector the directory gives neither a number
 * nor an expiry date, where it gives other inspectors one, is recorded `unlicensed` (SPEC §2: only
 * inspectors with a valid enforcement licence are drawn). A directory that records no licence at
 * all (see {@link unlicensedInspectors}) leaves every inspector licensed.
 */
export function frameInspectors(list: readonly Inspector[]): Inspector[] {
  const without = new Set(unlicensedInspectors(list));
  return list.map((i) => {
    const { unlicensed: _, ...kept } = i;
    return without.has(i.id)
      ? { ...kept, name: "", licenseNo: "", unlicensed: true }
      : { ...kept, name: "", licenseNo: "" };
  });
}

/**
 * The conflicts (回避) kept in a draw's inputs: who may not inspect whom, without the reason
 * (近亲属任职, 曾在该企业任职…), which says something of the inspector's private life and which
 * the draw does not read. So the reason is neither recorded nor hashed: a draw's frame is the same
 * whatever reasons the file gives. A draw recorded with its reasons, by an earlier version, is
 * verified from them as recorded.
 */
export function frameConflicts(list: readonly Conflict[]): Conflict[] {
  return list.map((c) => ({ inspector: c.inspector, uscc: c.uscc, reason: "" }));
}

/** Column headers of every sheet of tasks.xlsx, less the address (see {@link taskSheets}). */
export const TASK_HEADERS = [
  "序号",
  "统一社会信用代码",
  "企业名称",
  "信用等级",
  "企业类别",
  "处理方式",
  "联合检查",
  "检查事项",
  "检查组（组长在前）",
  "抽签号",
] as const;
/**
 * Column widths in characters: wide enough for each header and a short value on one line (a
 * Chinese character takes about two; see wrappedLines), a treatment's label and the items and
 * team wrapping onto more lines where they are long.
 */
const TASK_WIDTHS = [6, 22, 30, 10, 10, 26, 10, 40, 30, 16];

/** The header of tasks.xlsx's team column: inspector ids, each with the name the inspector file gives. */
export const TEAM_HEADER = TASK_HEADERS[8];

/** The header of tasks.xlsx's address column, put after the enterprise's name. */
export const ADDRESS_HEADER = "住所（经营场所）";

/** A sheet of tasks.xlsx: its name, its header and column widths, and its data rows, produced one at a time. */
export interface TaskSheet {
  readonly name: string;
  readonly header: readonly string[];
  readonly widths: readonly number[];
  /** 序号, the code and the name: kept in view as the sheet scrolls right. */
  readonly frozenColumns: number;
  rows(): Generator<(string | number)[]>;
}

/** Data rows of one sheet: what Excel shows, less the header row. */
const ROWS_PER_SHEET = XLSX_MAX_ROWS - 1;

/**
 * The content of `tasks.xlsx`: one sheet per department, each visit of the department with its
 * items and team (with names when `names` has them), cells neutralised against formula injection.
 * Where the enterprise file has an address column, each visit's address follows the enterprise's
 * name, so the team knows where to go. A department with more visits than a sheet holds continues
 * on sheets named “（续2）”, “（续3）”…, its numbering running on.
 */
export function taskSheets(
  o: DrawOutcome,
  policy: PolicyRecord,
  names: ReadonlyMap<string, string>,
  rowsPerSheet = ROWS_PER_SHEET,
  /** Whether to list addresses where the enterprise file has them (a draw of an earlier algorithm may not: see `listsAddresses`). */
  listAddresses = true,
): TaskSheet[] {
  const departments = [...new Set(o.selected.flatMap((s) => s.departments))].sort();
  const label = (t: string) => treatmentLabel(policy.policy.treatments, t) ?? t;
  const itemName = new Map(policy.policy.items.map((i) => [i.code, i.name]));
  const itemDepartment = new Map(policy.policy.items.map((i) => [i.code, i.department]));
  // Each visit's team as the sheet shows it, each inspector's "id name" made once.
  const labels = new Map<string, string>();
  const teams = new Map<string, string>();
  for (const a of o.assignments) {
    let label = labels.get(a.inspector);
    if (label === undefined) {
      label = `${a.inspector} ${names.get(a.inspector) ?? ""}`.trim();
      labels.set(a.inspector, label);
    }
    const team = teams.get(a.uscc);
    teams.set(a.uscc, team === undefined ? label : `${team}；${label}`);
  }
  // Each department's visits, in the order drawn.
  const visits = new Map<string, SelectedRow[]>();
  for (const s of o.selected)
    for (const d of s.departments) {
      const list = visits.get(d);
      if (list) list.push(s);
      else visits.set(d, [s]);
    }
  // Each sheet: its department and the numbers of its first and last visit in the department.
  const parts = (departments.length ? departments : ["无"]).flatMap((d) =>
    Array.from({ length: Math.max(1, Math.ceil((visits.get(d)?.length ?? 0) / rowsPerSheet)) }, (_, i) => ({
      d,
      title: i === 0 ? d : `${d}（续${i + 1}）`,
      first: i * rowsPerSheet + 1,
      last: (i + 1) * rowsPerSheet,
    })),
  );
  const sheetNames = excelSheetNames(parts.map((p) => p.title));
  // The address, where the enterprise file has a column of them, after the name (the third column).
  const addresses = listAddresses && o.selected.some((s) => s.address !== undefined);
  const header = addresses
    ? [...TASK_HEADERS.slice(0, 3), ADDRESS_HEADER, ...TASK_HEADERS.slice(3)]
    : TASK_HEADERS;
  const widths = addresses ? [...TASK_WIDTHS.slice(0, 3), 40, ...TASK_WIDTHS.slice(3)] : TASK_WIDTHS;
  return parts.map(({ d, first, last }, k) => ({
    name: sheetNames[k],
    header,
    widths,
    frozenColumns: 3,
    *rows() {
      const list = visits.get(d) ?? [];
      for (let n = first; n <= Math.min(last, list.length); n++) {
        const s = list[n - 1];
        let items = "";
        for (const c of s.items)
          if (itemDepartment.get(c) === d) items += `${items ? "；" : ""}${c} ${itemName.get(c) ?? ""}`;
        const row: (string | number)[] = [n, s.uscc, s.name];
        if (addresses) row.push(s.address ?? "");
        row.push(
          s.grade || "未分级",
          s.category === "key" ? "重点" : "一般",
          label(s.treatment),
          s.joint ? "是" : "否",
          items,
          teams.get(s.uscc) ?? "",
          s.ticket.slice(0, 12),
        );
        for (let i = 1; i < row.length; i++) row[i] = neutralised(row[i] as string);
        yield row;
      }
    },
  }));
}

/** Text a spreadsheet would take for a formula (beginning with =, +, - or @) after an apostrophe, as the task sheets always wrote it. */
function neutralised(v: string): string {
  const c = v.charCodeAt(0);
  return c === 61 || c === 43 || c === 45 || c === 64 ? `'${v}` : v;
}

/**
 * Writes `tasks.xlsx` (see {@link taskSheets}), ready to hand out, streaming row by row so a
 * draw of a hundred thousand visits never holds the workbook in memory; dated the draw date, so
 * the same draw gives the same file.
 */
export async function writeTasksXlsx(
  file: string,
  o: DrawOutcome,
  policy: PolicyRecord,
  names: ReadonlyMap<string, string>,
): Promise<void> {
  await writeXlsx(file, taskSheets(o, policy, names), { creator: "gradedraw", date: o.params.date });
}
