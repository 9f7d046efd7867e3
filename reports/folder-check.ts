import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { damagedField, isKind, type Kind, requireFields } from "../engine/json-fields.js";
import { type Lang, tr, unreadable } from "../engine/lang.js";
import { InputError } from "../engine/problem.js";
import { GRADE_KEYS } from "../simulator/grades.js";

/** The fields of a draw's manifest.json that its report reads. */
const MANIFEST: readonly [string, Kind][] = [
  ["policy.id", "string"],
  ["policy.version", "string"],
  ["policy.status", "string"],
  ["policy.sha256", "string"],
  ["task.name", "string"],
  ["task.departments", "list"],
  ["period", "string"],
  ["drawDate", "string"],
  ["seed", "string"],
  ["effectiveSeed", "string"],
  ["frameHash", "string"],
  ["resultHash", "string"],
  ["algorithm", "string"],
  ["software.name", "string"],
  ["software.version", "string"],
  ["counts.selected", "number"],
  ["counts.assignments", "number"],
  ["counts.strata", "list"],
  ["counts.byDepartment", "object"],
];

/** The fields of each stratum of a draw's manifest that its report reads. */
const STRATUM: readonly [string, Kind][] = [
  ["stratum", "string"],
  ["treatment", "string"],
  ["eligible", "number"],
  ["ratio", "number"],
  ["n", "number"],
];

/** The fields of a simulation's results.json that its report reads (each variant's too). */
const RESULTS: readonly [string, Kind][] = [
  ["scenario", "string"],
  ["title.zh", "string"],
  ["title.en", "string"],
  ["seed", "string"],
  ["years", "number"],
  ["replications", "number"],
  ["assumptions", "list"],
  ["resources.inspectors", "object"],
  ["resources.teamSize", "number"],
  ["variants", "list"],
];
const VARIANT: readonly [string, Kind][] = [
  ["policy", "string"],
  ["version", "string"],
  ["hash", "string"],
  ["title.zh", "string"],
  ["title.en", "string"],
  ["metrics", "list"],
];
/** The fields of each row of a variant's metrics (and of its differences from the baseline). */
const METRIC: readonly [string, Kind][] = [
  ["period", "string"],
  ["grade", "string"],
  ["name", "string"],
  ["mean", "number"],
  ["lo", "number"],
  ["hi", "number"],
];

/** The fields of each grade's row of the hit-rate check (district.past.hitRates.grades). */
const HIT_RATE: readonly [string, Kind][] = [
  ["grade", "string"],
  ["inspections", "number"],
  ["findings", "number"],
  ["assumed", "number"],
];

/** The fields of each grade's row of the grade-change check (district.past.gradeChanges.normal and .found). */
const GRADE_ROW: readonly [string, Kind][] = [
  ["grade", "string"],
  ["periods", "number"],
  ["to", "object"],
  ["assumed", "object"],
];

/** The fields of each row of a variant's department loads (and of their differences from the baseline's). */
const DEPARTMENT_LOAD: readonly [string, Kind][] = [
  ["period", "string"],
  ["department", "string"],
  ["mean", "number"],
  ["lo", "number"],
  ["hi", "number"],
];

/**
 * Checks where a simulation's district came from (results.json's `district`, absent from one of
 * before): each of its parts that is there must be whole, as the report's introduction reads them.
 */
function checkDistrict(file: string, district: unknown, lang: Lang): void {
  if (district === undefined) return;
  const has = (path: string) => (district as Record<string, Record<string, unknown>>)[path] !== undefined;
  requireFields(file, { district }, [["district.enterprises", "number"]], "", lang);
  if (has("directory"))
    requireFields(
      file,
      district,
      [
        ["directory.path", "string"],
        ["directory.sha256", "string"],
        ["directory.inspectors", "number"],
        ["directory.on", "string"],
      ],
      "district.",
      lang,
    );
  if (has("file"))
    requireFields(
      file,
      district,
      [
        ["file.path", "string"],
        ["file.sha256", "string"],
      ],
      "district.",
      lang,
    );
  if (!has("past")) return;
  requireFields(
    file,
    district,
    [
      ["past.before", "string"],
      ["past.inspections", "number"],
      ["past.enterprises", "number"],
    ],
    "district.",
    lang,
  );
  const past = (district as { past: Record<string, Record<string, unknown> | undefined> }).past;
  if (past.history !== undefined)
    requireFields(
      file,
      past,
      [
        ["history.path", "string"],
        ["history.sha256", "string"],
      ],
      "district.past.",
      lang,
    );
  if (past.ledger !== undefined) {
    requireFields(file, past, [["ledger.path", "string"]], "district.past.", lang);
    for (const chain of ["head", "results"])
      if (past.ledger[chain] !== null && !isKind(past.ledger[chain], "string"))
        refuse(file, damagedField(`district.past.ledger.${chain}`, "string", lang));
  }
  if (past.hitRates !== undefined) checkHitRates(file, past.hitRates, lang);
  if (past.gradeHistory !== undefined)
    requireFields(
      file,
      past,
      [
        ["gradeHistory.path", "string"],
        ["gradeHistory.sha256", "string"],
      ],
      "district.past.",
      lang,
    );
  if (past.gradeChanges !== undefined) checkGradeChanges(file, past.gradeChanges, lang);
}

/**
 * district.past.gradeChanges: per branch, each grade's periods (at least one), the periods ending
 * in each grade (summing to them) and the probabilities assumed.
 */
function checkGradeChanges(file: string, changes: unknown, lang: Lang): void {
  requireFields(
    file,
    { gradeChanges: changes },
    [
      ["gradeChanges.cadence", "string"],
      ["gradeChanges.from", "string"],
      ["gradeChanges.to", "string"],
      ["gradeChanges.normal", "list"],
      ["gradeChanges.found", "list"],
      ["gradeChanges.elsewhere", "number"],
      ["gradeChanges.differing", "number"],
    ],
    "district.past.",
    lang,
  );
  for (const branch of ["normal", "found"] as const)
    (changes as Record<typeof branch, unknown[]>)[branch].forEach((row, i) => {
      const at = `district.past.gradeChanges.${branch}[${i}].`;
      requireFields(file, row, GRADE_ROW, at, lang);
      const { grade, periods, to, assumed } = row as {
        grade: string;
        periods: number;
        to: Record<string, unknown>;
        assumed: Record<string, unknown>;
      };
      if (!(GRADE_KEYS as readonly string[]).includes(grade))
        refuse(file, damagedField(`${at}grade`, "string", lang));
      for (const h of GRADE_KEYS) {
        if (!isKind(to[h], "number")) refuse(file, damagedField(`${at}to.${h}`, "number", lang));
        if (!isKind(assumed[h], "number")) refuse(file, damagedField(`${at}assumed.${h}`, "number", lang));
      }
      const sum = GRADE_KEYS.reduce((a, h) => a + (to[h] as number), 0);
      if (!(periods >= 1 && sum === periods)) refuse(file, damagedField(`${at}periods`, "number", lang));
    });
}

/** district.past.hitRates: each grade's inspections (at least one), findings (no more) and assumed rate. */
function checkHitRates(file: string, hits: unknown, lang: Lang): void {
  requireFields(
    file,
    { hitRates: hits },
    [
      ["hitRates.grades", "list"],
      ["hitRates.beforeGrade", "number"],
      ["hitRates.undated", "number"],
      ["hitRates.detection", "number"],
    ],
    "district.past.",
    lang,
  );
  (hits as { grades: unknown[] }).grades.forEach((g, i) => {
    const at = `district.past.hitRates.grades[${i}].`;
    requireFields(file, g, HIT_RATE, at, lang);
    const { grade, inspections, findings } = g as { grade: string; inspections: number; findings: number };
    if (!(GRADE_KEYS as readonly string[]).includes(grade))
      refuse(file, damagedField(`${at}grade`, "string", lang));
    if (!(inspections >= 1 && findings >= 0 && findings <= inspections))
      refuse(file, damagedField(`${at}findings`, "number", lang));
  });
}

/**
 * Checks that the files a report of this folder reads are there, readable and complete, so that a
 * damaged or hand-edited folder is refused naming the file and the field, not rendered into an
 * internal error. It does not check that the draw is right: that is `gradedraw verify`. Returns
 * what it read of the folder's main file (results.json, or manifest.json), checked.
 */
export function checkReportFolder(dir: string, kind: "simulation" | "draw", lang: Lang): unknown {
  if (kind === "simulation") {
    const file = join(dir, "results.json");
    const results = readJson(file, lang);
    requireFields(file, results, RESULTS, "", lang);
    const variants = (results as { variants: unknown[] }).variants;
    if (variants.length === 0) refuse(file, tr(lang, "variants is empty", "variants 为空"));
    variants.forEach((v, i) => {
      requireFields(file, v, VARIANT, `variants[${i}].`, lang);
      const { metrics, differences } = v as { metrics: unknown[]; differences?: unknown };
      if (metrics.length === 0)
        refuse(file, tr(lang, `variants[${i}].metrics is empty`, `variants[${i}].metrics 为空`));
      if (differences !== undefined)
        requireFields(file, v, [["differences", "list"]], `variants[${i}].`, lang);
      for (const [rows, name] of [
        [metrics, "metrics"],
        [(differences ?? []) as unknown[], "differences"],
      ] as const)
        rows.forEach((m, k) => {
          requireFields(file, m, METRIC, `variants[${i}].${name}[${k}].`, lang);
        });
      // Absent from a results.json written before departments' loads were measured.
      for (const name of ["departmentLoads", "departmentLoadDifferences"]) {
        const rows = (v as Record<string, unknown>)[name];
        if (rows === undefined) continue;
        requireFields(file, v, [[name, "list"]], `variants[${i}].`, lang);
        (rows as unknown[]).forEach((m, k) => {
          requireFields(file, m, DEPARTMENT_LOAD, `variants[${i}].${name}[${k}].`, lang);
        });
      }
    });
    const { resources, assumptions } = results as {
      resources: { inspectors: Record<string, unknown> };
      assumptions: unknown[];
    };
    for (const [department, n] of Object.entries(resources.inspectors))
      if (!isKind(n, "number"))
        refuse(file, damagedField(`resources.inspectors.${department}`, "number", lang));
    // One figure for every department, or one per department.
    const per = (resources as { perInspector?: unknown }).perInspector;
    if (isKind(per, "object"))
      for (const [department, n] of Object.entries(per as Record<string, unknown>)) {
        if (!isKind(n, "number"))
          refuse(file, damagedField(`resources.perInspector.${department}`, "number", lang));
      }
    else if (!isKind(per, "number")) refuse(file, damagedField("resources.perInspector", "number", lang));
    assumptions.forEach((a, k) => {
      requireFields(file, a, [["text", "text"]], `assumptions[${k}].`, lang);
      const { source } = a as { source?: unknown };
      if (source !== undefined && !isKind(source, "text"))
        refuse(file, damagedField(`assumptions[${k}].source`, "text", lang));
    });
    checkDistrict(file, (results as { district?: unknown }).district, lang);
    return results;
  }
  const manifestFile = join(dir, "manifest.json");
  const manifest = readJson(manifestFile, lang);
  requireFields(manifestFile, manifest, MANIFEST, "", lang);
  (manifest as { counts: { strata: unknown[] } }).counts.strata.forEach((s, i) => {
    requireFields(manifestFile, s, STRATUM, `counts.strata[${i}].`, lang);
  });
  requireCsvColumns(join(dir, "assignments.csv"), ["inspector", "department"], lang);
  const policy = join(dir, "inputs", "policy.json");
  if (existsSync(policy)) readJson(policy, lang);
  return manifest;
}

/**
 * The rows of a CSV of such a folder, by its header's names; refused, naming the file (and the
 * line csv-parse stopped at), where it is not a CSV as a draw writes it or lacks one of `columns`.
 */
export function folderCsv(file: string, columns: readonly string[], lang: Lang): Record<string, string>[] {
  const rows = csvOf(file, readText(file, lang), lang, true) as Record<string, string>[];
  requireColumns(file, rows.length ? Object.keys(rows[0]) : folderCsvHeader(file, lang), columns, lang);
  return rows;
}

/** Refuses a CSV of such a folder whose header (its first line alone is read) lacks one of `columns`. */
function requireCsvColumns(file: string, columns: readonly string[], lang: Lang): void {
  requireColumns(file, folderCsvHeader(file, lang), columns, lang);
}

function requireColumns(file: string, header: readonly string[], columns: readonly string[], lang: Lang) {
  const missing = columns.filter((c) => !header.includes(c));
  if (missing.length)
    refuse(file, tr(lang, `no column ${missing.join(", ")}`, `缺少列 ${missing.join("、")}`));
}

function folderCsvHeader(file: string, lang: Lang): string[] {
  return (csvOf(file, readText(file, lang).split("\n", 1)[0], lang, false)[0] as string[] | undefined) ?? [];
}

/** `text` of `file` parsed by csv-parse (by the header's names, or as lists); its failure refused. */
function csvOf(file: string, text: string, lang: Lang, columns: boolean): unknown[] {
  try {
    return parse(text, { bom: true, columns });
  } catch (e) {
    const { lines } = e as { lines?: number };
    // csv-parse's reason, without the cell it quotes at its end.
    const message = (e as Error).message.replace(/, value is [\s\S]*$/, "");
    throw new InputError([
      {
        file,
        line: typeof lines === "number" ? lines : 0,
        col: 0,
        message: tr(
          lang,
          `not a CSV file as a draw writes it (${message}): take the folder's file as published`,
          `不是抽取所写出的 CSV 文件（${message}）：请使用所发布文件夹中的原文件`,
        ),
      },
    ]);
  }
}

/** Refuses a file of a folder read for a report or form, naming it. */
export function refuse(file: string, message: string): never {
  throw new InputError([{ file, line: 0, col: 0, message }]);
}

/** A file of such a folder as text, or its refusal naming why it cannot be read. */
export function readText(file: string, lang: Lang): string {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    return refuse(file, unreadable(e, lang));
  }
}

/** A JSON file of such a folder, or its refusal naming why it cannot be read or parsed. */
export function readJson(file: string, lang: Lang): unknown {
  const text = readText(file, lang);
  try {
    return JSON.parse(text);
  } catch (e) {
    return refuse(
      file,
      tr(lang, `not valid JSON (${(e as Error).message})`, `不是有效的 JSON（${(e as Error).message}）`),
    );
  }
}
