/**
 * What a reader tells of a file's header: the columns it does not read, headers that read as a
 * column another header took, and a required column missing, with the Chinese headers that name it.
 */

import { type Lang, tr } from "../lang.js";
import {
  CANONICAL_NAMES,
  COLUMNS,
  type ColumnSpec,
  chineseHeader,
  type InputKind,
  mapHeader,
} from "./columns.js";

/**
 * The columns of a file that a kind does not read: every header that names none of its columns
 * (blank headers aside). Enterprise files have none: any other column is a fact rules may read.
 */
export function ignoredColumns(
  kind: InputKind,
  header: readonly string[],
  names: ReadonlyMap<string, string>,
): string[] {
  if (kind === "enterprises") return [];
  return header.filter(
    (h) => h !== "" && !ROW_NUMBERS.has(h.toLowerCase()) && !CANONICAL_NAMES[kind].has(names.get(h) ?? h),
  );
}

/** Headers of a column that numbers the rows (序号), which no one means as another column. */
const ROW_NUMBERS: ReadonlySet<string> = new Set(["序号", "序", "行号", "no.", "no", "#"]);

/**
 * A notice for the columns a file has that its kind does not read: most often a column named in
 * a way gradedraw does not know (每期最多检查次数 for capacity), whose values would be dropped.
 */
export function ignoredNotice(
  kind: InputKind,
  ignored: readonly string[],
  file: string,
  lang: Lang,
): string[] {
  if (!ignored.length) return [];
  const specs = COLUMNS[kind] as readonly ColumnSpec[];
  return [
    tr(
      lang,
      `note: column(s) ${ignored.join(", ")} of ${file} are not read (the columns of ${KIND_NAMES[kind].en}s are ${specs.map((c) => `${c.name} (${c.aliases[0]})`).join(", ")}): rename the header if one of them was meant`,
      `提示：${file} 的列 ${ignored.join("、")} 不会被读取（${KIND_NAMES[kind].zh}的列为 ${specs.map((c) => `${c.aliases[0]}（${c.name}）`).join("、")}）：如其中有本应读取的列，请修改表头`,
    ),
  ];
}

/**
 * A notice for the headers that read as a column another header took (信用等级, then 风险等级, both
 * grade): the first is read, which the file's author may not have meant.
 */
export function repeatedNotice(
  repeated: ReadonlyMap<string, readonly string[]>,
  header: readonly string[],
  names: ReadonlyMap<string, string>,
  file: string,
  lang: Lang,
): string[] {
  return [...repeated].map(([column, others]) => {
    const read = header.find((h) => names.get(h) === column) ?? column;
    return tr(
      lang,
      `note: in ${file}, column '${read}' is read as ${column}; ${others.map((o) => `'${o}'`).join(", ")} would read as ${column} too and ${others.length > 1 ? "are" : "is"} not read as it (rename a header if another column was meant)`,
      `提示：${file} 中“${read}”列读作 ${column}；${others.map((o) => `“${o}”`).join("、")}列也可读作 ${column}，未按此读取（如本应读取其他列，请修改表头）`,
    );
  });
}

/**
 * A notice for the headers read as columns by their pinyin initials (TYSHXYDM as uscc), so that
 * one read as a column it was not meant for is seen.
 */
export function pinyinNotice(
  kind: InputKind,
  pinyin: readonly string[],
  names: ReadonlyMap<string, string>,
  file: string,
  lang: Lang,
): string[] {
  if (!pinyin.length) return [];
  const read = pinyin.map((h) => ({
    h,
    column: names.get(h) ?? h,
    zh: chineseHeader(kind, names.get(h) ?? h),
  }));
  return [
    tr(
      lang,
      `note: headers of ${file} read by their pinyin initials: ${read.map((r) => `${r.h} as ${r.column} (${r.zh})`).join(", ")}`,
      `提示：${file} 的表头按拼音首字母读取：${read.map((r) => `${r.h} 读作“${r.zh}”`).join("，")}`,
    ),
  ];
}

const KIND_NAMES: Readonly<Record<InputKind, { en: string; zh: string }>> = {
  enterprises: { en: "enterprise file", zh: "企业名录" },
  inspectors: { en: "inspector file", zh: "执法人员名录" },
  conflicts: { en: "conflicts file", zh: "回避关系文件" },
  history: { en: "history file", zh: "检查历史文件" },
  results: { en: "results file", zh: "检查结果文件" },
  calendar: { en: "holiday schedule", zh: "节假日安排文件" },
  grades: { en: "grade history", zh: "信用等级推送记录" },
};

/** A missing required column, with the headers that name it, so an office sees which to add. */
export function missingColumn(kind: InputKind, name: string, lang: Lang): string {
  const aliases = (COLUMNS[kind] as readonly ColumnSpec[]).find((s) => s.name === name)?.aliases ?? [];
  return tr(
    lang,
    `missing required column '${name}'${aliases.length ? ` (or a Chinese header: ${aliases.join(", ")})` : ""}`,
    `缺少必需的列“${aliases[0] ?? name}”${aliases.length ? `（表头可写作 ${[name, ...aliases].join("、")}）` : ""}`,
  );
}

/**
 * Where a header lacks a column its kind needs but has every one another kind needs (an inspector
 * file given as the enterprise file, a history as results): the kinds it reads as, said beside the
 * missing columns, as two files given each other's option most likely are. Undefined where none.
 */
export function otherKindNotice(
  kind: InputKind,
  header: readonly string[],
  keyed: boolean | undefined,
  lang: Lang,
): string | undefined {
  // A holiday schedule's columns (date, kind) are in every history file, a grade history's in many
  // enterprise files: no file is offered as either. An enterprise file is a grade history where it
  // dates its grades: one that does not is told the column it lacks, not that it is another kind.
  const kinds = (Object.keys(COLUMNS) as InputKind[]).filter(
    (k) =>
      k !== kind &&
      k !== "calendar" &&
      k !== "grades" &&
      !(kind === "grades" && k === "enterprises") &&
      mapHeader(k, header, keyed).missing.length === 0,
  );
  if (!kinds.length) return undefined;
  const required = (k: InputKind) =>
    (COLUMNS[k] as readonly ColumnSpec[]).filter((c) => c.required).map((c) => c.name);
  return tr(
    lang,
    `its header has every column ${kinds.map((k) => `${ARTICLE[k]} ${KIND_NAMES[k].en} needs (${required(k).join(", ")})`).join(", and ")}, not ${ARTICLE[kind]} ${KIND_NAMES[kind].en}'s: were files given each other's option?`,
    `其表头包含${kinds.map((k) => `${KIND_NAMES[k].zh}的全部必需列（${required(k).join("、")}）`).join("，以及")}，而非${KIND_NAMES[kind].zh}的：是否把文件填到了彼此的选项中？`,
  );
}

const ARTICLE: Readonly<Record<InputKind, string>> = {
  enterprises: "an",
  inspectors: "an",
  conflicts: "a",
  history: "a",
  results: "a",
  calendar: "a",
  grades: "a",
};
