/**
 * Why a header is refused: the required columns it lacks (with what would serve in their place),
 * the facts a policy declares that no column holds, and the kind of file it reads as instead.
 */
import { type Lang, tr } from "../lang.js";
import type { Problem } from "../problem.js";
import { headerKey, type InputKind } from "./columns.js";
import { missingColumn, otherKindNotice } from "./header-notices.js";
import { categoryOfName, departmentOfName } from "./list-names.js";

/** A header found, with what reading it made of it. */
export interface HeaderFound {
  readonly kind: InputKind;
  readonly file: string;
  /** The header's row. */
  readonly row: number;
  readonly cells: readonly string[];
  /** Required columns no header names. */
  readonly missing: readonly string[];
  /** Declared facts no column holds. */
  readonly factsWithoutColumn: readonly string[];
  /** Each column read, by its position. */
  readonly index: ReadonlyMap<string, number>;
  /** The sheet of a workbook the header is in. */
  readonly sheet?: string;
  /** Whether the records are keyed by name (JSON) rather than by position. */
  readonly keyed?: boolean;
}

/** Every problem of a header that lacks required columns or a declared fact's (see {@link HeaderFound}). */
export function headerRefusal(h: HeaderFound, lang: Lang): Problem[] {
  const { kind, file, row, cells, sheet } = h;
  const inSheet = sheet === undefined ? {} : { sheet };
  const otherKind = h.missing.length ? otherKindNotice(kind, cells, h.keyed, lang) : undefined;
  // An inspector list's licence number column, where it has one.
  const licence = h.index.get("licenseNo");
  return [
    ...h.missing.map((m) => ({
      file,
      line: row,
      col: 0,
      ...inSheet,
      column: m,
      message:
        missingColumn(kind, m, lang) +
        // A directory of inspectors as a personnel list keeps it, by their licences alone.
        (kind === "inspectors" && m === "id" && licence !== undefined
          ? h.keyed
            ? tr(
                lang,
                `: give each inspector an id; the enforcement licence number (${cells[licence]}) may serve, copied into a field "id" of each record`,
                `：请为每名执法人员填写编号；可将执法证号（“${cells[licence]}”）复制到每条记录的“id”字段中`,
              )
            : tr(
                lang,
                `: add a column with each inspector's id; the enforcement licence number (${cells[licence]}) may serve, copied into a column headed 执法人员编号`,
                `：请增加一列填写每名执法人员的编号；可将执法证号（“${cells[licence]}”列）复制到表头为“执法人员编号”的列中`,
              )
          : "") +
        // A directory kept a sheet (or a file) a department: the name is no column of its rows.
        (kind === "inspectors" && m === "department" ? departmentInName(file, sheet, lang) : "") +
        // A directory split into lists by category (重点企业, 一般企业名单.csv): a name is no column.
        (kind === "enterprises" && m === "category"
          ? (sheet === undefined ? "" : categoryInName(sheet, true, lang)) ||
            categoryInName(file, false, lang)
          : ""),
    })),
    ...h.factsWithoutColumn.map((f) => {
      const readAsIt = cells.filter((x) => headerKey(x) === f);
      return {
        file,
        line: row,
        col: readAsIt.length > 1 ? cells.indexOf(readAsIt[1]) + 1 : 0,
        ...inSheet,
        column: f,
        message:
          readAsIt.length > 1
            ? tr(
                lang,
                `columns ${readAsIt.map((x) => `'${x}'`).join(" and ")} ${readAsIt.length > 2 ? "all" : "both"} read as ${f}, which the policy declares a fact (facts:): keep one of them`,
                `${readAsIt.map((x) => `“${x}”`).join("和")}列都读作“${f}”（政策在 facts 中声明的事实）：请只保留其中一列`,
              )
            : tr(
                lang,
                `no column ${f}: the policy declares it a fact (facts:), which its rules would see empty for every enterprise`,
                `缺少“${f}”列：政策在 facts 中声明了这一事实，缺少该列时其规则对每家企业都只能看到空值`,
              ),
      };
    }),
    ...(otherKind ? [{ file, line: row, col: 0, ...inSheet, message: otherKind }] : []),
  ];
}

/** What a list's name (`重点企业`) says of its enterprises' category, missing from its header. */
function categoryInName(name: string, sheet: boolean, lang: Lang): string {
  const c = categoryOfName(name);
  if (!c) return "";
  const word = { key: "重点", general: "一般" }[c];
  return sheet
    ? tr(
        lang,
        `: the sheet's name reads as the category ${c}, but a sheet's name is not read as its enterprises' category; add the column, with the category (${word}) in each row`,
        `：工作表名称看似企业类别“${word}”，但工作表名称不作为其中企业的类别；请增加该列，并在每行填写类别（${word}）`,
      )
    : tr(
        lang,
        `: the file's name reads as the category ${c}, but a file's name is not read as its enterprises' category; add the column, with the category (${word}) in each row`,
        `：文件名看似企业类别“${word}”，但文件名不作为其中企业的类别；请增加该列，并在每行填写类别（${word}）`,
      );
}

/** What a list of inspectors' name (a sheet's, or the file's: 市场监管局执法人员.csv) says of their department, missing from its header. */
function departmentInName(file: string, sheet: string | undefined, lang: Lang): string {
  if (sheet !== undefined)
    return tr(
      lang,
      `: a sheet's name is not read as its inspectors' department; add the column, with the department (${sheet}?) in each row`,
      `：工作表名称不作为其中执法人员的所属部门；请增加该列，并在每行填写部门（${sheet}？）`,
    );
  const named = departmentOfName(file);
  if (!named) return "";
  return tr(
    lang,
    `: a file's name is not read as its inspectors' department; add the column, with the department (${named}?) in each row`,
    `：文件名不作为其中执法人员的所属部门；请增加该列，并在每行填写部门（${named}？）`,
  );
}
