/**
 * The shape of a report's folder: the fields of a draw's manifest.json or a simulation's
 * results.json that a report reads, checked before it is written.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { damagedField, isKind, type Kind, requireFields } from "../engine/json-fields.js";
import { type Lang, tr } from "../engine/lang.js";
import { checkDistrict } from "./district-check.js";
import { readJson, refuse, requireCsvColumns } from "./folder-files.js";

/** The fields of a draw's manifest.json that its report reads. */
const MANIFEST: readonly [string, Kind][] = [
  ["policy.id", "string"],
  ["policy.version", "string"],
  ["policy.status", "string"],
  ["policy.sha256", "string"],
  ["task.name", "string"],
  ["task.departments", "list"],
  ["period", "string"],
  ["drawDate", "date"],
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

/** The fields of each row of a variant's department loads (and of their differences from the baseline's). */
const DEPARTMENT_LOAD: readonly [string, Kind][] = [
  ["period", "string"],
  ["department", "string"],
  ["mean", "number"],
  ["lo", "number"],
  ["hi", "number"],
];

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
