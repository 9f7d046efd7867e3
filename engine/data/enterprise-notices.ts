/**
 * What a reader says of a directory of enterprises read to be drawn from: a draw's own list of
 * those it drew given as the directory, enterprises no longer in business, and a list that no
 * task's pool could hold or that has no grades.
 */
import { type Lang, someOf, tr } from "../lang.js";
import { undrawable } from "./drawable.js";
import { gradesInNames } from "./list-names.js";
import type { Enterprise } from "./records.js";
import { rowsSaid } from "./rows.js";

/**
 * The columns a draw's list of the enterprises it drew (selected.csv) has beside an enterprise's
 * (see engine/draw/outputs.ts): a file with all three is that list, which is a directory's
 * columns and so reads as one, but lists only the enterprises drawn.
 */
export const DRAWN_COLUMNS = ["treatment", "stratum", "ticket"];

/**
 * What is said of a draw's list of the enterprises it drew given as the directory: a draw from it
 * would draw among those drawn before. A note where the list is only classified or simulated.
 */
export function drawnListText(file: string, lang: Lang, note = true): string {
  return tr(
    lang,
    `${note ? "note: " : ""}${file} is a draw's list of the enterprises it drew (selected.csv, with columns treatment, stratum and ticket), not the directory of enterprises (检查对象名录库): a draw from it draws only among those drawn before; give the directory`,
    `${note ? "提示：" : ""}${file} 是一次抽取的抽中企业清单（selected.csv，含 treatment、stratum、ticket 列），不是检查对象名录库：据此抽取只会在此前抽中的企业中抽取；请提供检查对象名录库`,
  );
}

/** The enterprises of a file whose registration status says they are no longer in business. */
export interface Gone {
  /** How many of each such status. */
  readonly byStatus: Map<string, number>;
  /** The rows of the first ones (with their sheet, where several are read as one list). */
  readonly rows: { row: number; sheet: string | undefined }[];
}

/**
 * The notice of enterprises whose registration status (登记状态) says they are no longer in
 * business where registered (注销, 吊销, 迁出…): they are in the pools like the others, and one
 * drawn is a visit to nobody.
 */
export function goneNotice(gone: Gone, file: string, lang: Lang): string[] {
  const count = [...gone.byStatus.values()].reduce((a, b) => a + b, 0);
  if (!count) return [];
  const statuses = [...gone.byStatus].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const shown = statuses.slice(0, 5);
  const more = statuses.length > shown.length;
  const rows = rowsSaid(gone.rows);
  return [
    tr(
      lang,
      `note: ${count} enterprise(s) of ${file} are no longer in business by their registration status or the day they left (${shown.map(([s, n]) => `${s} ${n}`).join(", ")}${more ? ", …" : ""}), at row(s) ${someOf(rows.en, "en")}${count > gone.rows.length ? ", …" : ""}: they are in the pools like the others, and one drawn is a visit to nobody; take them out of the file, or leave them out by a rule on the column (declared under facts:)`,
      `提示：${file} 中 ${count} 家企业的登记状态或注销、吊销等日期显示已不在登记地经营（${shown.map(([s, n]) => `${s} ${n} 家`).join("、")}${more ? "……" : ""}），见第 ${someOf(rows.zh, "zh")}${count > gone.rows.length ? "……" : ""} 行：它们与其他企业一样在抽取范围内，抽中即为无效检查；请从文件中删除，或在政策中声明该列为事实（facts:）并以规则排除`,
    ),
  ];
}

/**
 * The notices of enterprises read to be drawn from: what {@link undrawable} finds, and the
 * enterprises that name no supervising department, which no task's pool holds.
 */
export function poolNotices(
  records: readonly Enterprise[],
  unsupervised: { count: number; first: readonly { en: string; zh: string }[] },
  file: string,
  /** The sheets read as one list (see gradesInNames). */
  sheets: readonly string[],
  lang: Lang,
): string[] {
  const whole = undrawable(records);
  const notices = whole.map(
    (u) =>
      tr(lang, `note: ${file}: ${u.en}`, `提示：${file}：${u.zh}`) +
      (u.column === "grade" ? gradesInNames(file, sheets, lang) : ""),
  );
  const { count, first } = unsupervised;
  if (count === 0 || whole.some((u) => u.column === "departments")) return notices;
  const more = count > first.length;
  notices.push(
    tr(
      lang,
      `note: ${count} enterprise(s) of ${file} name no supervising department (departments, 监管部门) and are in no task's pool: ${first.map((r) => r.en.replace(/^(on|in) /, "")).join(", ")}${more ? ", …" : ""}`,
      `提示：${file} 中 ${count} 家企业未填写监管部门，不在任何任务的抽取范围内：${first.map((r) => r.zh).join("、")}${more ? "……" : ""}`,
    ),
  );
  return notices;
}
