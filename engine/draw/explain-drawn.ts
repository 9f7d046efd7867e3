/**
 * One enterprise as a recorded draw saw it: its treatment, cap and eligibility from the draw's
 * recorded inputs (the grades, history and ledger of that day, not today's files), its ticket
 * under the draw's effective seed, and whether it was drawn, beside the tickets that were.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Enterprise, HistoryEntry } from "../data/records.js";
import { type Explanation, explain } from "../explain.js";
import { HistoryIndex } from "../history.js";
import { type Kind, requireFields } from "../json-fields.js";
import { type Lang, tr } from "../lang.js";
import type { Policy } from "../policy/types.js";
import { InputError } from "../problem.js";
import { compareTicketStrings, ticket } from "../tickets.js";
import type { LedgerState, RecordList } from "./frame.js";
import { DRAW_FILES } from "./layout.js";
import type { Manifest } from "./outputs.js";
import { recordedList } from "./recorded-lists.js";
import { editedInputs, ledgerShapeFault, recordShapeFault } from "./recorded-shapes.js";
import { drawListRows } from "./verify-cells.js";

/** What a recorded draw says of one enterprise. */
export interface DrawnExplanation {
  readonly manifest: Manifest;
  readonly policy: Policy;
  readonly enterprise: Enterprise;
  readonly explanation: Explanation;
  /** The ledger as the draw read it: for the ledger line. */
  readonly ledger: LedgerState;
  readonly draw: {
    readonly ticket: string;
    readonly drawn: boolean;
    /** The enterprise's stratum (its treatment), with how many it held eligible and how many were drawn. */
    readonly stratum?: { readonly name: string; readonly eligible: number; readonly n: number };
    /** The highest ticket drawn in that stratum; undefined where none was. */
    readonly highestDrawn?: string;
  };
}

/** The fields of a draw's manifest that explain --draw reads. */
const EXPLAIN_READS: readonly [string, Kind][] = [
  ["policy.id", "string"],
  ["policy.version", "string"],
  ["task.name", "string"],
  ["drawDate", "date"],
  ["effectiveSeed", "string"],
  ["task.departments", "list"],
  ["counts.strata", "list"],
];

/**
 * The enterprise `uscc` as the draw in `dir` saw it; refused, naming the file, where the folder
 * has no manifest or no recorded inputs (a published copy), or its directory no such enterprise.
 */
export async function explainDrawn(dir: string, uscc: string, lang: Lang): Promise<DrawnExplanation> {
  const refused = (file: string, en: string, zh: string) =>
    new InputError([{ file: join(dir, file), line: 0, col: 0, message: tr(lang, en, zh) }]);
  /** The path of a file of the folder, refused where it is missing. */
  const present = (file: string): string => {
    const path = join(dir, file);
    if (existsSync(path)) return path;
    throw file === DRAW_FILES.manifest
      ? refused(file, "no manifest.json: not a draw's folder?", "没有 manifest.json：不是抽取文件夹？")
      : refused(
          file,
          "missing: a draw's recorded inputs are kept by the office that drew, and explain reads the enterprise from them; a published copy has none",
          "缺失：抽取记录的输入由实施抽取的单位保存，explain 需从中读取该企业；公开的副本中没有",
        );
  };
  const json = <T>(file: string): T => {
    const path = present(file);
    try {
      return JSON.parse(readFileSync(path, "utf8")) as T;
    } catch (e) {
      throw refused(
        file,
        `not valid JSON (${(e as Error).message})`,
        `不是有效的 JSON（${(e as Error).message}）`,
      );
    }
  };
  const list = async <T>(kind: RecordList, only?: (text: string) => boolean): Promise<T[]> => {
    const file = DRAW_FILES.inputs[kind];
    const records = await recordedList(present(file), false, undefined, only);
    if (!Array.isArray(records))
      throw refused(file, "not a list of records as a draw records it", "不是抽取记录的记录列表");
    // Of the records that name the code, where some only are read: each named by it.
    const fault = only
      ? recordShapeFault(kind, records, lang, () => ({
          en: `a record naming ${uscc}`,
          zh: `提及 ${uscc} 的记录`,
        }))
      : recordShapeFault(kind, records, lang);
    if (fault !== undefined)
      throw new InputError([{ file: join(dir, file), line: 0, col: 0, message: fault }]);
    return records as T[];
  };
  const manifest = json<Manifest>(DRAW_FILES.manifest);
  requireFields(join(dir, DRAW_FILES.manifest), manifest, EXPLAIN_READS, "", lang);
  const policy = json<Policy>(DRAW_FILES.inputs.policy);
  const ledger = json<LedgerState>(DRAW_FILES.inputs.ledger);
  const ledgerFault = ledgerShapeFault(ledger, lang);
  if (ledgerFault !== undefined)
    throw new InputError([
      { file: join(dir, DRAW_FILES.inputs.ledger), line: 0, col: 0, message: ledgerFault },
    ]);
  // The policy and the ledger's state as the draw read them, by the manifest's hashes of them
  // (both small; the lists are read a record at a time): an edited file is not explained from
  // (verify says what else differs).
  const [edited] = editedInputs(manifest, policy, ledger);
  if (edited !== undefined)
    throw refused(
      edited,
      "not what the draw read: its hash is not the manifest's (edited, or another draw's?); gradedraw verify checks the whole folder",
      "不是该抽取所读取的内容：其哈希值与 manifest 中的不同（被修改过，或属于另一次抽取？）；可用 gradedraw verify 核对整个文件夹",
    );
  // Of a directory of a million, only the records that name the code are parsed.
  const enterprises = await list<Enterprise>("enterprises", (text) => text.includes(uscc));
  const enterprise = enterprises.find((e) => e.uscc === uscc);
  if (!enterprise)
    throw refused(
      DRAW_FILES.inputs.enterprises,
      `no enterprise ${uscc}: the draw's directory did not hold it, so it could not be drawn`,
      `没有企业 ${uscc}：该抽取的名录中没有它，因此不可能被抽中`,
    );
  const history = await list<HistoryEntry>("history");
  const explanation = await explain(
    policy,
    enterprise,
    new HistoryIndex([...history, ...ledger.history]),
    manifest.drawDate,
    manifest.task.departments,
    new Set(ledger.exclusiveTaken),
  );
  const own = ticket(manifest.effectiveSeed, uscc);
  const selected = selectedStrata(join(dir, DRAW_FILES.selected));
  const stratumName = selected.get(uscc)?.stratum ?? explanation.treatment ?? undefined;
  // (A stratum's figures edited into another shape are not said.)
  const counted = manifest.counts.strata.find(
    (s) => s?.stratum === stratumName && typeof s.eligible === "number" && typeof s.n === "number",
  );
  let highestDrawn: string | undefined;
  for (const { stratum, ticket: t } of selected.values())
    if (stratum === stratumName && (highestDrawn === undefined || compareTicketStrings(t, highestDrawn) > 0))
      highestDrawn = t;
  return {
    manifest,
    policy,
    enterprise,
    explanation,
    ledger,
    draw: {
      ticket: own,
      drawn: selected.has(uscc),
      ...(counted ? { stratum: { name: counted.stratum, eligible: counted.eligible, n: counted.n } } : {}),
      ...(highestDrawn === undefined ? {} : { highestDrawn }),
    },
  };
}

/** The drawn enterprises of a selected.csv by code, with their strata and tickets; none where there is no file. */
function selectedStrata(file: string): Map<string, { stratum: string; ticket: string }> {
  return new Map((drawListRows(file) ?? []).map((r) => [r.uscc, { stratum: r.stratum, ticket: r.ticket }]));
}
