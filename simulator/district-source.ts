/**
 * Where a simulation's district came from, recorded with its results (results.json's `district`)
 * and said in its report: the scenario's generated population, or the district's own enterprise
 * file, with the past inspections its caps counted and the files and ledger they came from, so a
 * report that informs a decision says which data it was made from.
 */

import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { basename } from "node:path";
import { type Lang, tr } from "../engine/lang.js";
import type { FindingCodeCheck } from "./finding-codes.js";
import type { GradeChanges } from "./grade-changes.js";
import type { HitRates } from "./hit-rates.js";

/** A simulation's district: its enterprises, and where they and their past inspections came from. */
export interface DistrictSource {
  /** The initial enterprises. */
  readonly enterprises: number;
  /** The district's own enterprise file, absent for a generated district. */
  readonly file?: { readonly path: string; readonly sha256: string };
  /** The directory of inspectors counted in place of the scenario's inspectors, and how many it gave (active and licensed on the start). */
  readonly directory?: {
    readonly path: string;
    readonly sha256: string;
    readonly inspectors: number;
    readonly on: string;
  };
  /** The past inspections the caps counted (visits before the start, of the file's enterprises), where a history or ledger was given. */
  readonly past?: {
    readonly before: string;
    readonly inspections: number;
    readonly enterprises: number;
    readonly history?: { readonly path: string; readonly sha256: string };
    /** The ledger, by the last entries of its draws' chain and its results log. */
    readonly ledger?: {
      readonly path: string;
      readonly head: string | null;
      readonly results: string | null;
    };
    /** The scenario's assumed hit rate by grade against these inspections' (absent from a results.json written before it was checked). */
    readonly hitRates?: HitRates;
    /** The grades the provincial platform pushed, where given. */
    readonly gradeHistory?: { readonly path: string; readonly sha256: string };
    /** The scenario's grade changes against the district's (absent where no grade history was given, or no period could be counted). */
    readonly gradeChanges?: GradeChanges;
    /** The result codes of the district's random findings, against the scenario's findingResults where given (absent where none was found). */
    readonly findingResults?: FindingCodeCheck;
  };
}

/**
 * The SHA-256 of a file's bytes, in hex, read in pieces of 1 MiB: a directory of 1,000,000
 * enterprises (135 MB) in 0.07 s, against 0.15 s in the stream's default 64 KiB.
 */
export async function fileSha256(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** The first 16 hex digits of a hash, as the report's tables show the policies'. */
const short = (hash: string | null) => (hash ?? "").slice(0, 16);

/**
 * The sentence of a report's introduction on its district: generated from the scenario, or the
 * district's own file with its hash, and the past inspections its caps counted, from where.
 */
export function districtPhrase(d: DistrictSource | undefined, lang: Lang): string {
  if (!d) return "";
  const dir = d.directory;
  const staff = !dir
    ? ""
    : tr(
        lang,
        ` The inspectors: the directory ${basename(dir.path)} (${dir.inspectors.toLocaleString("en")} active and licensed on ${dir.on}, SHA-256 ${short(dir.sha256)}).`,
        `执法人员：名录 ${basename(dir.path)}（${dir.on} 在岗且执法证有效 ${dir.inspectors} 名，SHA-256 ${short(dir.sha256)}）。`,
      );
  return `${districtOf(d, lang)}${staff}`;
}

/** The phrase of {@link districtPhrase} on the enterprises and their past inspections. */
function districtOf(d: DistrictSource, lang: Lang): string {
  const count = d.enterprises.toLocaleString("en");
  if (!d.file)
    return tr(
      lang,
      `The district: generated from the scenario's population (${count} enterprises).`,
      `辖区：按情景设定的企业构成生成（企业 ${d.enterprises} 家）。`,
    );
  const own = tr(
    lang,
    `The district: its own enterprise file ${basename(d.file.path)} (${count} enterprises, SHA-256 ${short(d.file.sha256)})`,
    `辖区：本辖区企业名录 ${basename(d.file.path)}（企业 ${d.enterprises} 家，SHA-256 ${short(d.file.sha256)}）`,
  );
  const p = d.past;
  if (!p)
    return `${own}${tr(lang, "; no past inspections given to the caps.", "；未给出以往检查，抽查上限不计以往检查。")}`;
  const from = [
    ...(p.history
      ? [
          tr(
            lang,
            `${basename(p.history.path)} (SHA-256 ${short(p.history.sha256)})`,
            `${basename(p.history.path)}（SHA-256 ${short(p.history.sha256)}）`,
          ),
        ]
      : []),
    ...(p.ledger
      ? [
          tr(
            lang,
            `the ledger ${basename(p.ledger.path)} (last entry ${short(p.ledger.head) || "none"}, last result ${short(p.ledger.results) || "none"})`,
            `台账 ${basename(p.ledger.path)}（最后一条抽查记录 ${short(p.ledger.head) || "无"}，最后一条结果记录 ${short(p.ledger.results) || "无"}）`,
          ),
        ]
      : []),
  ];
  const g = p.gradeHistory;
  const grades = g
    ? tr(
        lang,
        ` The grades pushed: ${basename(g.path)} (SHA-256 ${short(g.sha256)}).`,
        `等级推送记录：${basename(g.path)}（SHA-256 ${short(g.sha256)}）。`,
      )
    : "";
  return tr(
    lang,
    `${own}; past inspections the caps count: ${p.inspections.toLocaleString("en")} inspections of ${p.enterprises.toLocaleString("en")} enterprises before ${p.before}, from ${from.join(" and ")}.${grades}`,
    `${own}；抽查上限计入的以往检查：${p.before} 前 ${p.inspections} 次（涉及企业 ${p.enterprises} 家），来自 ${from.join("与")}。${grades}`,
  );
}

/** Whether the district's own files (its enterprises, or its directory of inspectors) stood in for the scenario's. */
export function ownFiles(d: DistrictSource | undefined): d is DistrictSource {
  return d?.file !== undefined || d?.directory !== undefined;
}

/**
 * The district's files in a line, as the dashboard shows them under its title where they stand in
 * for the scenario's district: `district: enterprises.csv (100,000) · history.csv · inspectors.csv`.
 * Empty for the scenario's generated district.
 */
export function districtLine(d: DistrictSource | undefined, lang: Lang): string {
  if (!ownFiles(d)) return "";
  const files = [
    d.file
      ? tr(
          lang,
          `${basename(d.file.path)} (${d.enterprises.toLocaleString("en")})`,
          `${basename(d.file.path)}（企业 ${d.enterprises} 家）`,
        )
      : "",
    d.past?.history ? basename(d.past.history.path) : "",
    d.past?.ledger ? basename(d.past.ledger.path) : "",
    d.past?.gradeHistory ? basename(d.past.gradeHistory.path) : "",
    d.directory ? basename(d.directory.path) : "",
  ].filter(Boolean);
  return `${tr(lang, "district: ", "辖区：")}${files.join(" · ")}`;
}
