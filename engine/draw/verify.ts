import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { canonicalJson, sha256 } from "../canonical.js";
import { MAX_RECORD_CHARS } from "../data/csv-records.js";
import { openWorkbook, XlsxFault } from "../data/xlsx-sheets.js";
import { unescapeX } from "../data/xlsx-text.js";
import { type Lang, tr, unreadable } from "../lang.js";
import type { Policy } from "../policy/types.js";
import type { Db } from "../store/db.js";
import { recordedDraw, verifyLedger } from "../store/ledger-audit.js";
import { VERSION } from "../version.js";
import { computeDraw, DERIVABLE_ALGORITHMS, listsAddresses } from "./draw.js";
import type { LedgerState } from "./frame.js";
import { DRAW_FILES } from "./layout.js";
import {
  ADDRESS_HEADER,
  buildManifest,
  type Manifest,
  resultFiles,
  TASK_HEADERS,
  TEAM_HEADER,
  taskSheets,
} from "./outputs.js";
import { type ListBroken, recordedList } from "./recorded-lists.js";

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
export async function verifyDrawDir(dir: string, lang: Lang = "en"): Promise<VerifyReport> {
  const differences: string[] = [];
  const t = (en: string, zh: string) => tr(lang, en, zh);
  const read = (name: string): string | undefined => {
    const f = join(dir, name);
    if (!existsSync(f)) {
      differences.push(t(`${name} is missing`, `缺少 ${name}`));
      return undefined;
    }
    try {
      return readFileSync(f, "utf8");
    } catch (e) {
      differences.push(t(`${name} cannot be read: `, `无法读取 ${name}：`) + unreadable(e, lang));
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
  const parseRecords = async (name: string): Promise<never[] | undefined> => {
    const f = join(dir, name);
    if (!existsSync(f)) return parse<never[]>(name);
    let list: Awaited<ReturnType<typeof recordedList>>;
    try {
      list = await recordedList(f);
    } catch (e) {
      differences.push(t(`${name} cannot be read: `, `无法读取 ${name}：`) + unreadable(e, lang));
      return undefined;
    }
    if (Array.isArray(list)) return list as never[];
    differences.push(listBroken(name, list, lang));
    return undefined;
  };
  const manifest = parse<Manifest>(DRAW_FILES.manifest);
  const policy = parse<Policy>(DRAW_FILES.inputs.policy);
  const enterprises = await parseRecords(DRAW_FILES.inputs.enterprises);
  const inspectors = await parseRecords(DRAW_FILES.inputs.inspectors);
  const conflicts = await parseRecords(DRAW_FILES.inputs.conflicts);
  const history = await parseRecords(DRAW_FILES.inputs.history);
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
      differences: [
        ...differences,
        t(
          `the recorded inputs cannot be drawn again: ${(e as Error).message}`,
          `记录的输入无法重新抽取：${(e as Error).message}`,
        ),
      ],
    };
  }
  const files = resultFiles(outcome);
  const derived = buildManifest(outcome, {
    policy: { policy, file: "", hash: outcome.frame.hashes.policy },
    results: { selected: sha256(files.selected), assignments: sha256(files.assignments) },
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
  compareText(DRAW_FILES.selected, read(DRAW_FILES.selected), files.selected, differences, lang);
  compareText(DRAW_FILES.assignments, read(DRAW_FILES.assignments), files.assignments, differences, lang);
  const tasksFile = join(dir, DRAW_FILES.tasks);
  if (!existsSync(tasksFile))
    differences.push(t(`${DRAW_FILES.tasks} is missing`, `缺少 ${DRAW_FILES.tasks}`));
  else {
    const loaded = { policy, file: "", hash: "" };
    let sheets = taskSheets(
      outcome,
      loaded,
      new Map(),
      undefined,
      listsAddresses(manifest.algorithm) !== false,
    );
    const read = (header: readonly string[]) =>
      Promise.resolve()
        .then(() => xlsxCells(tasksFile, header))
        .catch((e: unknown) =>
          e instanceof XlsxFault
            ? e.row
              ? tr(lang, `${e.en} (row ${e.row})`, `${e.zh}（第 ${e.row} 行）`)
              : tr(lang, e.en, e.zh)
            : (e as NodeJS.ErrnoException).code
              ? unreadable(e as NodeJS.ErrnoException, lang)
              : (e as Error).message,
        );
    let recorded = await read(sheets[0]?.header ?? TASK_HEADERS);
    // A draw of /2 made before the address column came has none: its first row says which.
    if (
      listsAddresses(manifest.algorithm) === undefined &&
      typeof recorded !== "string" &&
      sheets[0]?.header.includes(ADDRESS_HEADER) &&
      !recorded[0]?.includes(ADDRESS_HEADER)
    ) {
      sheets = taskSheets(outcome, loaded, new Map(), undefined, false);
      recorded = await read(sheets[0]?.header ?? TASK_HEADERS);
    }
    const expected = sheets.flatMap((sheet) => [
      [sheet.name, "1", ...sheet.header],
      ...[...sheet.rows()].map((row, i) => [sheet.name, String(i + 2), ...row.map((v) => String(v))]),
    ]);
    if (typeof recorded === "string")
      differences.push(
        t(`${DRAW_FILES.tasks} cannot be read: `, `无法读取 ${DRAW_FILES.tasks}：`) + recorded,
      );
    else {
      const diff = firstDifference(recorded, expected, lang);
      if (diff)
        differences.push(
          t(
            `${DRAW_FILES.tasks} differs from the derived draw (${diff})`,
            `${DRAW_FILES.tasks} 与重新推导的结果不同（${diff}）`,
          ),
        );
    }
  }
  return { ok: differences.length === 0, differences };
}

function compareFields(recorded: unknown, derived: unknown, path: string, out: string[], lang: Lang) {
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
        lang,
      );
    return;
  }
  const shown = (v: unknown) => JSON.stringify(v) ?? tr(lang, "nothing", "无");
  out.push(
    tr(
      lang,
      `manifest field ${path}: recorded ${shown(recorded)}, derived ${shown(derived)}`,
      `清单字段 ${path}：记录为 ${shown(recorded)}，重新推导为 ${shown(derived)}`,
    ),
  );
}

function compareText(name: string, recorded: string | undefined, derived: string, out: string[], lang: Lang) {
  if (recorded === undefined || recorded === derived) return;
  // Each text once without its BOM and with LF line endings: what a conversion on the way changes.
  const plain = (text: string) => text.replace(/^\uFEFF/, "").replace(/\r\n/g, "\n");
  const [r, d] = [plain(recorded), plain(derived)];
  // A file converted on its way (line endings by git or a Unix tool, the BOM dropped by an editor)
  // holds the draw's rows all the same: said so, rather than as an edit at a line that is not one.
  if (r === d) {
    const bom = (text: string) => text.startsWith("\uFEFF");
    const ways = [
      recorded.replace(/^\uFEFF/, "") !== derived.replace(/^\uFEFF/, "") &&
        tr(lang, "line endings (LF where the draw writes CRLF)", "行尾符（抽取写入 CRLF，此文件为 LF）"),
      bom(recorded) !== bom(derived) &&
        tr(
          lang,
          "byte-order mark (BOM, which the draw writes for Excel)",
          "字节顺序标记（抽取为 Excel 写入 BOM）",
        ),
    ].filter((w) => w !== false);
    out.push(
      tr(
        lang,
        `${name} differs from the derived draw only in its ${ways.join(" and ")}: the file was converted on its way (by git, a text tool or an editor); its rows are the draw's`,
        `${name} 与重新推导的结果仅${ways.join("和")}不同：文件在传递中经过转换（git、文本工具或编辑器）；其各行与抽取结果相同`,
      ),
    );
    return;
  }
  const a = r.split("\n");
  const b = d.split("\n");
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const line = i + 1;
  out.push(
    tr(
      lang,
      `${name} differs from the derived draw at line ${line}`,
      `${name} 第 ${line} 行与重新推导的结果不同`,
    ),
  );
}

/**
 * Every cell of every sheet, as many columns as the derived `header` has, read as the readers read
 * workbooks; the team column keeps only inspector ids (names are not part of the draw).
 */
async function xlsxCells(file: string, header: readonly string[]): Promise<string[][]> {
  const team = header.indexOf(TEAM_HEADER);
  const out: string[][] = [];
  for (const sheet of await openWorkbook(file))
    try {
      for await (const r of sheet.rows()) {
        const row = Array.from({ length: header.length }, (_, i) => String(r.values[i] ?? ""));
        if (r.number > 1 && team >= 0)
          row[team] = row[team]
            .split("；")
            .map((x) => x.split(" ")[0])
            .join("；");
        out.push([sheet.name, String(r.number), ...row]);
      }
    } catch (e) {
      // A sheet that cannot be read is named with its row.
      if (e instanceof XlsxFault && e.row)
        throw new XlsxFault(e.row, `sheet ${sheet.name}: ${e.en}`, `工作表 ${sheet.name}：${e.zh}`);
      throw e;
    }
  return out;
}

/**
 * The first row where the workbook's cells and the derived ones differ. A derived text that looks
 * like one of Excel's `_xHHHH_` escapes is written escaped; an earlier gradedraw wrote it bare,
 * and such a workbook reads as Excel shows it (`A_x0041_B` as `AAB`), which is taken too.
 */
function firstDifference(a: string[][], b: string[][], lang: Lang): string | undefined {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (!sameRow(a[i], b[i]))
      return a[i]
        ? tr(lang, `sheet ${a[i][0]}, row ${a[i][1]}`, `工作表 ${a[i][0]} 第 ${a[i][1]} 行`)
        : tr(lang, `sheet ${b[i][0]}, row ${b[i][1]} missing`, `缺少工作表 ${b[i][0]} 第 ${b[i][1]} 行`);
  }
  return undefined;
}

function sameRow(recorded: string[] | undefined, derived: string[] | undefined): boolean {
  if (!recorded || !derived) return recorded === derived;
  if (recorded.length !== derived.length) return false;
  for (let k = 0; k < derived.length; k++)
    if (recorded[k] !== derived[k] && recorded[k] !== unescapeX(derived[k])) return false;
  return true;
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
  const t = (en: string, zh: string) => tr(lang, en, zh);
  const problems = verifyLedger(db, lang).problems.map((p) => `${p.message} (${file})`);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, DRAW_FILES.manifest), "utf8")) as Manifest;
  } catch {
    // Said by the folder's own check.
    return { ok: false, problems };
  }
  const entry = recordedDraw(db, manifest);
  if (!entry)
    problems.push(
      manifest.dryRun === true
        ? t(
            `the draw is a dry run, which is never recorded in a ledger (${file})`,
            `该抽取为试抽，试抽不记入台账（${file}）`,
          )
        : t(
            `the draw is not recorded in the ledger: no entry holds its manifest; it was recorded in another ledger, or its manifest was changed since (${file})`,
            `台账中没有该抽取：没有条目记录其清单；它记录在另一台账中，或其清单此后被改动过（${file}）`,
          ),
    );
  else if (entry.cancelledBy)
    problems.push(
      t(
        `the draw is entry #${entry.seq} of the ledger, cancelled by entry #${entry.cancelledBy.seq}: ${entry.cancelledBy.reason} (${file})`,
        `该抽取为台账第 ${entry.seq} 条，已由第 ${entry.cancelledBy.seq} 条撤销：${entry.cancelledBy.reason}（${file}）`,
      ),
    );
  return { ok: problems.length === 0, ...entry, problems };
}
