/**
 * The shape of each record of a draw's recorded inputs (inputs/*.json), as the draw writes them:
 * a file edited by hand into other shapes is said at its first such record, not drawn from into
 * an internal error (a name that is a number has no letters to mask); and the recorded policy and
 * ledger state, read whole, checked against the manifest's hashes of them.
 */
import { INSPECTION_KINDS } from "../data/records.js";
import { type Lang, tr } from "../lang.js";
import type { Policy } from "../policy/types.js";
import { type LedgerState, ledgerFrameHash, policyFrameHash, type RecordList } from "./frame.js";
import { DRAW_FILES } from "./layout.js";
import type { Manifest } from "./outputs.js";

type Check = (v: unknown) => boolean;

const text: Check = (v) => typeof v === "string";
const textOrNull: Check = (v) => v === null || typeof v === "string";
const texts: Check = (v) => Array.isArray(v) && v.every((x) => typeof x === "string");
const flag: Check = (v) => typeof v === "boolean";
const absentOr =
  (check: Check): Check =>
  (v) =>
    v === undefined || check(v);
const object: Check = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Each field a record of a list must have, and what it must be, in English and Chinese: those a
 * draw always recorded must be there; the others, which an earlier version may not have written,
 * must be of their kind where they are.
 */
const SHAPES: Readonly<Record<RecordList, readonly [string, Check, string, string][]>> = {
  enterprises: [
    ["uscc", text, "a string", "字符串"],
    ["name", text, "a string", "字符串"],
    ["grade", absentOr(textOrNull), "a string or null", "字符串或 null"],
    ["category", text, "a string", "字符串"],
    ["industry", absentOr(textOrNull), "a string or null", "字符串或 null"],
    ["region", absentOr(textOrNull), "a string or null", "字符串或 null"],
    ["departments", texts, "a list of strings", "字符串列表"],
    ["tags", absentOr(texts), "a list of strings", "字符串列表"],
    ["abnormal", absentOr(flag), "true or false", "true 或 false"],
    ["gradedOn", absentOr(textOrNull), "a string or null", "字符串或 null"],
    ["operator", absentOr(text), "a string", "字符串"],
    ["extra", absentOr(object), "an object", "对象"],
  ],
  inspectors: [
    ["id", text, "a string", "字符串"],
    ["department", text, "a string", "字符串"],
    ["licenseNo", absentOr(text), "a string", "字符串"],
    ["licenseExpires", absentOr(textOrNull), "a string or null", "字符串或 null"],
    ["items", texts, "a list of strings", "字符串列表"],
    ["active", flag, "true or false", "true 或 false"],
    [
      "capacity",
      absentOr((v) => v === null || (typeof v === "number" && v >= 0)),
      "a number or null",
      "数值或 null",
    ],
    ["unlicensed", absentOr((v) => v === true), "true", "true"],
  ],
  conflicts: [
    ["inspector", text, "a string", "字符串"],
    ["uscc", text, "a string", "字符串"],
    ["reason", absentOr(text), "a string", "字符串"],
  ],
  history: [
    ["uscc", text, "a string", "字符串"],
    ["date", text, "a string", "字符串"],
    ["department", text, "a string", "字符串"],
    [
      "kind",
      (v) => (INSPECTION_KINDS as readonly unknown[]).includes(v),
      INSPECTION_KINDS.join(", "),
      INSPECTION_KINDS.join("、"),
    ],
    ["result", texts, "a list of strings", "字符串列表"],
  ],
};

/**
 * The first record of a recorded list that is not of the shape the draw writes, said with its
 * number and field; undefined where every one is.
 */
export function recordShapeFault(
  list: RecordList,
  records: readonly unknown[],
  lang: Lang,
  /** How a record is named: by default its number in the list. */
  named: (i: number) => { en: string; zh: string } = (i) => ({
    en: `record ${i + 1}`,
    zh: `第 ${i + 1} 条记录`,
  }),
): string | undefined {
  const shape = SHAPES[list];
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    const { en: record, zh: recordZh } = named(i);
    if (!object(r))
      return tr(
        lang,
        `${record} is not an object, as a draw records each: the file is damaged or was edited by hand`,
        `${recordZh}不是对象（抽取记录的每条均为对象）：文件已损坏或被手工修改`,
      );
    for (const [field, check, en, zh] of shape)
      if (!check((r as Record<string, unknown>)[field]))
        return tr(
          lang,
          `${record}: ${field} is not ${en}, as a draw records it: the file is damaged or was edited by hand`,
          `${recordZh}：${field} 不是${zh}（抽取所记录的形式）：文件已损坏或被手工修改`,
        );
  }
  return undefined;
}

/** The ledger's state a draw records (inputs/ledger.json): each field, what it must be, in English and Chinese. */
const LEDGER_SHAPE: readonly [string, Check, string, string][] = [
  ["history", (v) => Array.isArray(v), "a list", "列表"],
  ["exclusiveTaken", texts, "a list of strings", "字符串列表"],
  [
    "load",
    (v) => object(v) && Object.values(v as object).every((n) => typeof n === "number" && n >= 0),
    "an object of counts",
    "计数对象",
  ],
  [
    "recent",
    (v) => object(v) && Object.values(v as object).every(texts),
    "an object of lists of strings",
    "字符串列表对象",
  ],
];

/**
 * What of the ledger's state a draw recorded is not of the shape the draw writes (its visits as a
 * history file's records), said with its field; undefined where it is. A state of another shape may
 * hash as the recorded one (`recent: true` reads as no list, as `{}` does) or be drawn from into an error.
 */
export function ledgerShapeFault(state: unknown, lang: Lang): string | undefined {
  if (!object(state))
    return tr(
      lang,
      "is not an object, as a draw records the ledger's state: the file is damaged or was edited by hand",
      "不是对象（抽取所记录的台账状态为对象）：文件已损坏或被手工修改",
    );
  for (const [field, check, en, zh] of LEDGER_SHAPE)
    if (!check((state as Record<string, unknown>)[field]))
      return tr(
        lang,
        `${field} is not ${en}, as a draw records it: the file is damaged or was edited by hand`,
        `${field} 不是${zh}（抽取所记录的形式）：文件已损坏或被手工修改`,
      );
  return recordShapeFault("history", (state as { history: unknown[] }).history, lang, (i) => ({
    en: `history record ${i + 1}`,
    zh: `history 第 ${i + 1} 条记录`,
  }));
}

/**
 * Which of the recorded policy and ledger state, as files of the folder, do not hash as the
 * manifest records (one that cannot be hashed does not; a manifest of an earlier gradedraw that
 * records no hash of one is taken at its word): verify and explain --draw both ask.
 */
export function editedInputs(manifest: Manifest, policy: Policy, ledger: LedgerState): string[] {
  const inputs: [string, () => string, string | undefined][] = [
    [DRAW_FILES.inputs.policy, () => policyFrameHash(policy), manifest.policy?.sha256],
    [DRAW_FILES.inputs.ledger, () => ledgerFrameHash(ledger), manifest.inputs?.ledger?.sha256],
  ];
  return inputs
    .filter(([, hash, recorded]) => {
      if (recorded === undefined) return false;
      try {
        return hash() !== recorded;
      } catch {
        return true;
      }
    })
    .map(([file]) => file);
}
