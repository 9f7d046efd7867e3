/**
 * What the name of a list (a file's, or a sheet's) says of every record in it, where its column
 * should say it of each: an office that splits its directory by grade or by category names the
 * files or sheets `A级企业名单.csv`, `重点企业`. The readers read no value from a name; they say
 * what it reads as when the column is missing or empty, so that the column is added.
 */
import { basename, extname } from "node:path";
import { type Lang, tr } from "../lang.js";
import type { Category, Grade } from "../policy/vocabulary.js";
import { categoryOf, gradeOf } from "./cell-words.js";

/**
 * The word of a list's name: without its folder and extension, a year before it (2026年,
 * 2026年度), and what names the list rather than its records after it (企业名单, 名录, 清单,
 * (1), - 副本).
 */
function nameWord(name: string): string {
  let w = basename(name, extname(name)).replace(/\s+/g, "");
  w = w.replace(/^\d{4}(?:年度?|[-_.])?/, "");
  for (let before = ""; before !== w; ) {
    before = w;
    w = w
      .replace(/(?:[-_]?副本|\(\d+\)|（\d+）)$/, "")
      .replace(/(?:名单|名录|清单|列表|汇总表?|明细表?|一览表|表)$/, "")
      .replace(/(?:企业|市场主体|主体|检查对象|对象|单位)$/, "");
  }
  return w;
}

/**
 * The department a list of inspectors is named after (`市场监管局执法人员名单.csv`: 市场监管局),
 * if its name, past the words that name a list of inspectors, ends as an office's does.
 */
export function departmentOfName(name: string): string | undefined {
  const w = nameWord(name).replace(
    /(?:行政)?(?:执法检查人员|执法人员|检查人员|人员)(?:名单|名录|清单|信息表?)?$/,
    "",
  );
  return /^[\p{Script=Han}]{2,}(?:局|委|办|所|队|中心|院|站|厅)$/u.test(w) ? w : undefined;
}

/** The grade a list's name reads as (`A级企业名单.csv`: A), if any. */
export function gradeOfName(name: string): Grade | undefined {
  const w = nameWord(name);
  return w ? gradeOf(w) : undefined;
}

/** The category a list's name reads as (`重点企业`: key), if any. */
export function categoryOfName(name: string): Category | undefined {
  const w = nameWord(name);
  return w ? categoryOf(w) : undefined;
}

/**
 * Where a directory without grades is split into lists named by grade (sheets A级企业 and B级企业,
 * a file A级企业名单.csv): what the names read as, and that a name is not read as a grade, to
 * follow the words that no enterprise has a grade; empty where no name reads as one. `sheets`:
 * those read as one list, none for a single list.
 */
export function gradesInNames(file: string, sheets: readonly string[], lang: Lang): string {
  if (sheets.length) {
    const read = sheets.flatMap((s) => {
      const g = gradeOfName(s);
      return g ? [{ en: `${s}: ${g}`, zh: `${s}：${g}` }] : [];
    });
    if (!read.length) return "";
    return tr(
      lang,
      `; its sheets' names read as grades (${read.map((r) => r.en).join(", ")}), but a sheet's name is not read as its enterprises' grade: give each one's grade in a column 信用等级`,
      `；其工作表名称看似信用等级（${read.map((r) => r.zh).join("，")}），但工作表名称不作为其中企业的信用等级：请增加“信用等级”列，逐户填写`,
    );
  }
  const g = gradeOfName(file);
  if (!g) return "";
  return tr(
    lang,
    `; the file's name reads as grade ${g}, but a file's name is not read as its enterprises' grade: give each one's grade in a column 信用等级`,
    `；文件名看似信用等级 ${g}，但文件名不作为其中企业的信用等级：请增加“信用等级”列，逐户填写`,
  );
}
