/**
 * Where a simulation's district came from, as its results.json records it (`district`): checked
 * before the report's introduction and its part on the district's behaviour read it.
 */
import { damagedField, isKind, type Kind, requireFields } from "../engine/json-fields.js";
import type { Lang } from "../engine/lang.js";
import { GRADE_KEYS } from "../simulator/grades.js";
import { refuse } from "./folder-files.js";

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

/**
 * Checks where a simulation's district came from (results.json's `district`, absent from one of
 * before): each of its parts that is there must be whole, as the report's introduction reads them.
 */
export function checkDistrict(file: string, district: unknown, lang: Lang): void {
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
  if (past.findingResults !== undefined) checkFindingResults(file, past.findingResults, lang);
}

/** district.past.findingResults: the findings counted (at least one), each code's (no more) and the share assumed where given. */
function checkFindingResults(file: string, codes: unknown, lang: Lang): void {
  requireFields(
    file,
    { findingResults: codes },
    [
      ["findingResults.total", "number"],
      ["findingResults.codes", "list"],
    ],
    "district.past.",
    lang,
  );
  const { total, codes: list } = codes as { total: number; codes: unknown[] };
  if (!(total >= 1)) refuse(file, damagedField("district.past.findingResults.total", "number", lang));
  list.forEach((c, i) => {
    const at = `district.past.findingResults.codes[${i}].`;
    requireFields(
      file,
      c,
      [
        ["code", "string"],
        ["found", "number"],
      ],
      at,
      lang,
    );
    const { found, assumed } = c as { found: number; assumed?: unknown };
    if (!(found >= 0 && found <= total)) refuse(file, damagedField(`${at}found`, "number", lang));
    if (assumed !== undefined && !isKind(assumed, "number"))
      refuse(file, damagedField(`${at}assumed`, "number", lang));
  });
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
