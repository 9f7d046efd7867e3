import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { MAX_RECORD_CHARS } from "../data/csv-records.js";
import { type Lang, tr, unreadable } from "../lang.js";
import type { Policy } from "../policy/types.js";
import type { OnProgress } from "../progress.js";
import type { Db } from "../store/db.js";
import { heldInForce, verifyLedger } from "../store/ledger-audit.js";
import { VERSION } from "../version.js";
import { DERIVABLE_ALGORITHMS } from "./algorithm.js";
import { computeDraw } from "./draw.js";
import type { LedgerState, RecordList } from "./frame.js";
import { DRAW_FILES } from "./layout.js";
import { assignmentsLines, buildManifest, type Manifest, selectedLines } from "./outputs.js";
import { type ListBroken, recordedList } from "./recorded-lists.js";
import { editedInputs, ledgerShapeFault, recordShapeFault } from "./recorded-shapes.js";
import { compareFields, compareTasks } from "./verify-files.js";
import { compareTextFile, notRead } from "./verify-text.js";

/** The outcome of verifying a draw folder: what differs, by file or manifest field. */
export interface VerifyReport {
  readonly ok: boolean;
  readonly differences: string[];
}

/** What is wrong with a recorded list that is no JSON array of records. */
function listBroken(name: string, { line, col, reason, tooLong }: ListBroken, lang: Lang): string {
  if (tooLong !== undefined)
    return tr(
      lang,
      `${name}: record ${tooLong} (line ${line}) is longer than ${MAX_RECORD_CHARS} characters`,
      `${name}：第 ${tooLong} 条记录（第 ${line} 行）超过 ${MAX_RECORD_CHARS} 个字符`,
    );
  if (reason === undefined)
    return tr(
      lang,
      `${name} is not a list (line ${line}, column ${col})`,
      `${name} 不是列表（第 ${line} 行第 ${col} 列）`,
    );
  return tr(
    lang,
    `${name} is not valid JSON (${reason}; line ${line}, column ${col})`,
    `${name} 不是有效的 JSON（${reason}；第 ${line} 行第 ${col} 列）`,
  );
}

/**
 * Re-derives the draw in a folder from its recorded inputs and the manifest's seed and parameters,
 * and compares everything: input hashes, every manifest field, selected.csv, assignments.csv and
 * the contents of tasks.xlsx.
 */
export async function verifyDrawDir(
  dir: string,
  lang: Lang = "en",
  onProgress?: OnProgress,
): Promise<VerifyReport> {
  const differences: string[] = [];
  const t = (en: string, zh: string) => tr(lang, en, zh);
  const read = (name: string): string | undefined => {
    const f = join(dir, name);
    if (!existsSync(f)) {
      differences.push(notRead(name, undefined, lang));
      return undefined;
    }
    try {
      return readFileSync(f, "utf8");
    } catch (e) {
      differences.push(notRead(name, unreadable(e, lang), lang));
      return undefined;
    }
  };
  const parse = <T>(name: string): T | undefined => {
    const text = read(name);
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as T;
    } catch (e) {
      differences.push(
        t(
          `${name} is not valid JSON (${(e as Error).message})`,
          `${name} 不是有效的 JSON（${(e as Error).message}）`,
        ),
      );
      return undefined;
    }
  };
  /** A recorded list, read a record at a time (see recordedList). */
  const parseRecords = async (list: RecordList, pooled = false): Promise<never[] | undefined> => {
    const name = DRAW_FILES.inputs[list];
    onProgress?.({ step: "read", file: name });
    const f = join(dir, name);
    if (!existsSync(f)) return parse<never[]>(name);
    let records: Awaited<ReturnType<typeof recordedList>>;
    try {
      records = await recordedList(f, pooled, (done) => onProgress?.({ step: "read", file: name, done }));
    } catch (e) {
      differences.push(notRead(name, unreadable(e, lang), lang));
      return undefined;
    }
    if (!Array.isArray(records)) {
      differences.push(listBroken(name, records, lang));
      return undefined;
    }
    const fault = recordShapeFault(list, records, lang);
    if (fault === undefined) return records as never[];
    differences.push(`${name}: ${fault}`);
    return undefined;
  };
  const manifest = parse<Manifest>(DRAW_FILES.manifest);
  // A published copy of a draw folder, without the recorded inputs kept internal: said once, with
  // what checks such a copy, rather than a line a missing input.
  const inputs = dirname(join(dir, DRAW_FILES.inputs.policy));
  if (manifest && !existsSync(inputs)) {
    differences.push(
      t(
        `${relative(dir, inputs)}/ is missing: the recorded inputs are kept by the office that drew (they hold the directory), not published, and verify re-derives the draw from them; a published folder (manifest.json, selected.csv, assignments.csv) is checked without them by docs/check-draw.py, and anyone's own ticket by gradedraw tickets --draw ${dir}`,
        `缺少 ${relative(dir, inputs)}/：记录的输入由实施抽取的单位保存（含名录库），不公开，verify 需据此重新推导抽取；公开的文件夹（manifest.json、selected.csv、assignments.csv）可不依赖它们用 docs/check-draw.py 核对，任何人也可用 gradedraw tickets --draw ${dir} 核对自己的抽签号`,
      ),
    );
    return { ok: false, differences };
  }
  const policy = parse<Policy>(DRAW_FILES.inputs.policy);
  const enterprises = await parseRecords("enterprises", true);
  const inspectors = await parseRecords("inspectors");
  const conflicts = await parseRecords("conflicts");
  const history = await parseRecords("history");
  const ledger = parse<LedgerState>(DRAW_FILES.inputs.ledger);
  const ledgerFault = ledger === undefined ? undefined : ledgerShapeFault(ledger, lang);
  if (ledgerFault !== undefined) {
    differences.push(`${DRAW_FILES.inputs.ledger}: ${ledgerFault}`);
    return { ok: false, differences };
  }
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
      { onProgress },
    );
  } catch (e) {
    // The policy is read as recorded, its shape unchecked: one edited so that it cannot be drawn
    // from is told by its hash, not by the error drawing from it met.
    const edited = editedInputs(manifest, policy, ledger).map((file) =>
      t(`input ${file} does not match the hash in the manifest`, `输入 ${file} 与清单中的哈希值不符`),
    );
    return {
      ok: false,
      differences: [
        ...differences,
        ...(edited.length
          ? edited
          : [
              t(
                `the recorded inputs cannot be drawn again: ${(e as Error).message}`,
                `记录的输入无法重新抽取：${(e as Error).message}`,
              ),
            ]),
      ],
    };
  }
  onProgress?.({ step: "compare" });
  // The result lists are compared a line at a time, and hashed meanwhile for the manifest.
  const compare = (name: string, lines: Iterable<string>) =>
    compareTextFile(name, join(dir, name), lines, lang);
  const selected = compare(DRAW_FILES.selected, selectedLines(outcome));
  const assignments = compare(DRAW_FILES.assignments, assignmentsLines(outcome));
  const derived = buildManifest(outcome, {
    policy: { policy, file: "", hash: outcome.frame.hashes.policy },
    results: { selected: selected.sha256, assignments: assignments.sha256 },
  });
  // The software that made the draw is on record, not re-derived: a later version verifies the
  // draws of an earlier one, whose algorithm it derives. Only its form is checked.
  const made = manifest.software;
  if (made?.name === derived.software.name && /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(String(made.version)))
    derived.software = made;
  if (!DERIVABLE_ALGORITHMS.includes(manifest.algorithm))
    differences.push(
      t(
        `the draw was made by algorithm ${JSON.stringify(manifest.algorithm)}, which this version of gradedraw (${VERSION}) does not derive: verify it with the version that made it (${JSON.stringify(manifest.software?.version)})`,
        `该抽取所用算法 ${JSON.stringify(manifest.algorithm)} 不是本版本 gradedraw（${VERSION}）能够推导的：请用生成它的版本（${JSON.stringify(manifest.software?.version)}）核验`,
      ),
    );
  derived.algorithm = manifest.algorithm;
  for (const [k, h] of Object.entries(outcome.frame.hashes)) {
    const recorded =
      k === "policy"
        ? manifest.policy?.sha256
        : (manifest.inputs as Record<string, { sha256: string }> | undefined)?.[k]?.sha256;
    if (recorded !== h) {
      const file =
        k === "policy" ? DRAW_FILES.inputs.policy : DRAW_FILES.inputs[k as keyof typeof DRAW_FILES.inputs];
      differences.push(
        t(`input ${file} does not match the hash in the manifest`, `输入 ${file} 与清单中的哈希值不符`),
      );
    }
  }
  compareFields(manifest, derived, "", differences, lang);
  for (const { difference } of [selected, assignments]) if (difference) differences.push(difference);
  const tasks = await compareTasks(join(dir, DRAW_FILES.tasks), outcome, policy, manifest.algorithm, lang);
  if (tasks) differences.push(tasks);
  return { ok: differences.length === 0, differences };
}

/** Whether a draw folder is the one a ledger records: its entry, and what keeps it from being the draw in force. */
export interface LedgerCheck {
  readonly ok: boolean;
  /** The ledger entry holding the folder's manifest. */
  readonly seq?: number;
  readonly cancelledBy?: { readonly seq: number; readonly reason: string };
  readonly problems: string[];
}

/**
 * Checks that the draw in `dir` is recorded in the ledger `db` (named `file` in messages) and not
 * cancelled, and that the ledger's chain holds (see {@link verifyLedger}). A dry run is never
 * recorded, and is said to be one.
 */
export function verifyRecorded(dir: string, db: Db, file: string, lang: Lang = "en"): LedgerCheck {
  const problems = verifyLedger(db, lang).problems.map((p) => `${p.message} (${file})`);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, DRAW_FILES.manifest), "utf8")) as Manifest;
  } catch {
    // Said by the folder's own check.
    return { ok: false, problems };
  }
  const { entry, not } = heldInForce(db, manifest, lang);
  if (not) problems.push(tr(lang, `${not} (${file})`, `${not}（${file}）`));
  return { ok: problems.length === 0, ...entry, problems };
}
