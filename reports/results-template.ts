import { createReadStream, existsSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { safeCell } from "../engine/csv.js";
import { chineseHeader } from "../engine/data/columns.js";
import { RESULT_CODES } from "../engine/data/result-codes.js";
import { DRAW_FILES } from "../engine/draw/layout.js";
import type { Manifest } from "../engine/draw/outputs.js";
import { type Lang, tr } from "../engine/lang.js";
import type { Policy } from "../engine/policy/types.js";
import { cellsOf, type XlsxSheet } from "../engine/xlsx.js";
import { checkReportFolder } from "./folder-check.js";
import { folderCsv, readJson, refuse } from "./folder-files.js";

/**
 * A row of the results template: one item of one drawn visit, with what the inspectors fill in
 * (the date and the result) left empty, and the team members of the item's department.
 */
export interface TemplateRow {
  readonly uscc: string;
  readonly name: string;
  readonly department: string;
  readonly item: string;
  readonly itemName: string;
  readonly kind: "random" | "joint";
  /** The draw's task: results import matches the row to that task's visit. */
  readonly task: string;
  readonly inspectors: readonly string[];
}

/**
 * The results template of a recorded draw's folder: each visit's items, in the draw's order, as
 * `results import` reads them back once the date and result are filled in. Names come from the
 * recorded enterprises (selected.csv masks natural persons'); a dry run is refused, since its
 * visits are not made.
 */
export async function resultsTemplate(
  dir: string,
  lang: Lang,
): Promise<{ manifest: Manifest; rows: TemplateRow[] }> {
  // The folder's own check reads the manifest; the other files are read as it reads them.
  const manifest = checkReportFolder(dir, "draw", lang) as Manifest;
  if (manifest.dryRun)
    refuse(
      join(dir, DRAW_FILES.manifest),
      tr(
        lang,
        "the draw is a dry run: its visits are not made, and results of them would match no recorded draw; make the template from the folder of the recorded draw",
        "该抽取为试抽：不实施检查，其结果也对应不到已记录的抽取；请用已记录抽取的输出目录生成模板",
      ),
    );
  const csv = (name: string, columns: readonly string[]) => folderCsv(join(dir, name), columns, lang);
  const selected = csv(DRAW_FILES.selected, ["uscc", "name", "joint", "items"]);
  const assignments = csv(DRAW_FILES.assignments, ["uscc", "inspector", "department"]);
  const policy = readJson(join(dir, DRAW_FILES.inputs.policy), lang) as Policy;
  const items = new Map((policy.items ?? []).map((i) => [i.code, i]));
  const teams = new Map<string, { inspector: string; department: string }[]>();
  for (const a of assignments) {
    const team = teams.get(a.uscc) ?? [];
    teams.set(a.uscc, team);
    team.push({ inspector: a.inspector, department: a.department });
  }
  const names = await recordedNames(
    join(dir, DRAW_FILES.inputs.enterprises),
    new Set(selected.map((s) => s.uscc)),
  );
  const rows: TemplateRow[] = [];
  for (const s of selected) {
    const team = teams.get(s.uscc) ?? [];
    for (const code of s.items.split(";").filter(Boolean)) {
      const item = items.get(code);
      const department = item?.department ?? "";
      const own = team.filter((m) => m.department === department);
      rows.push({
        uscc: s.uscc,
        name: names.get(s.uscc) ?? s.name,
        department,
        item: code,
        itemName: item?.name ?? "",
        kind: s.joint === "true" ? "joint" : "random",
        task: manifest.task.name,
        inspectors: (own.length ? own : team).map((m) => m.inspector),
      });
    }
  }
  return { manifest, rows };
}

/**
 * The names of the enterprises `wanted` from a draw's recorded enterprises (one canonical record a
 * line, `uscc` its last key), parsing only their lines; none when the file is not there.
 */
async function recordedNames(file: string, wanted: ReadonlySet<string>): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (!existsSync(file)) return names;
  const key = '"uscc":"';
  for await (const line of createInterface({
    input: createReadStream(file),
    crlfDelay: Number.POSITIVE_INFINITY,
  })) {
    const at = line.lastIndexOf(key);
    if (at < 0) continue;
    const uscc = line.slice(at + key.length, line.indexOf('"', at + key.length));
    if (!wanted.has(uscc)) continue;
    try {
      const record = JSON.parse(line.replace(/,$/, "")) as { uscc: string; name?: string };
      if (typeof record.name === "string") names.set(record.uscc, record.name);
    } catch {
      // A line that is not a whole record (a hand-edited file): its name is taken from selected.csv.
    }
  }
  return names;
}

/** Column names of the results template, in its order: what `results import` reads (the names only for people). */
const TEMPLATE_COLUMNS = [
  "uscc",
  "name",
  "department",
  "item",
  "itemName",
  "kind",
  "task",
  "date",
  "result",
  "inspectors",
];

/** Where the date and the result are written in the results template (0 first). */
const DATE_COLUMN = TEMPLATE_COLUMNS.indexOf("date");
const RESULT_COLUMN = TEMPLATE_COLUMNS.indexOf("result");

/** Column headers of the results template: the canonical names, or the first Chinese header the reader takes for each. */
export const TEMPLATE_HEADERS: Record<Lang, readonly string[]> = {
  zh: TEMPLATE_COLUMNS.map((c) => chineseHeader("results", c)),
  en: TEMPLATE_COLUMNS,
};

/** A template row's cells, in the order of {@link TEMPLATE_HEADERS}: date and result empty. */
export function templateCells(r: TemplateRow, lang: Lang): string[] {
  const kind = lang === "zh" ? (r.kind === "joint" ? "联合抽查" : "随机抽查") : r.kind;
  return [r.uscc, r.name, r.department, r.item, r.itemName, kind, r.task, "", "", r.inspectors.join(";")];
}

/**
 * The results form as a workbook: the form's sheet (`cells`, made by {@link templateCells}), whose
 * result cells offer the result codes and whose date cells ask for a day on or after `drawDate`,
 * and the codes' sheet beside it.
 */
export function templateSheets(cells: readonly string[][], drawDate: string, lang: Lang): XlsxSheet[] {
  const header = TEMPLATE_HEADERS[lang];
  const zh = lang === "zh";
  const codes = zh ? "检查结果代码" : "result codes";
  return [
    {
      name: zh ? "检查结果" : "results",
      header,
      widths: [22, 30, 12, 10, 28, 10, 16, 12, 30, 20],
      // The code and the name kept in view while the date and result are filled in.
      frozenColumns: 2,
      // As in tasks.xlsx: a cell that would be a formula once saved as CSV is kept text.
      rows: () => cells.map((c) => c.map(safeCell)),
      // The result cells offer the codes of the sheet beside.
      choices: [
        {
          column: RESULT_COLUMN,
          source: cellsOf(codes, 0, 2, RESULT_CODES.length + 1),
          title: zh ? "检查结果" : "result",
          prompt: zh
            ? "从列表中选择；有几项结果时以分号分隔，如：发现问题已责令改正;发现问题已移送相关部门处理"
            : "Choose from the list; several results are separated by semicolons, e.g. rectified;transferred",
        },
      ],
      // A visit is made on or after the day it is drawn: an earlier day is most often a
      // mistyped year or month, said as it is typed (and still taken, as import takes it).
      dates: [
        {
          column: DATE_COLUMN,
          from: drawDate,
          title: zh ? "检查日期" : "date",
          prompt: zh
            ? `检查实施的日期，如 2026-03-15 或 2026年3月15日；不早于抽取日 ${drawDate}`
            : `The day of the inspection, e.g. 2026-03-15; not before the draw's day, ${drawDate}`,
          warning: zh
            ? `检查日期应为不早于抽取日 ${drawDate} 的日期，写作 2026-03-15 或 2026年3月15日：请核对年份和月份`
            : `The date should be a day on or after the draw's day, ${drawDate}, written 2026-03-15: check the year and month`,
        },
      ],
    },
    // The codes a result is written in, beside the form.
    {
      name: codes,
      header: zh ? ["检查结果（填写此列文字）", "说明"] : ["result (write this)", "in Chinese"],
      widths: [40, 50],
      rows: () => RESULT_CODES.map((c) => (zh ? [c.zh, c.en] : [c.id, c.zh])),
    },
  ];
}
