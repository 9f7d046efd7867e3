/** A draw's task list given to `results import`: told to fill in the draw's results form instead. */
import { existsSync } from "node:fs";
import { dirname, extname, join } from "node:path";
import { openWorkbook } from "../../engine/data/xlsx-sheets.js";
import { DRAW_FILES } from "../../engine/draw/layout.js";
import { ADDRESS_HEADER, TASK_HEADERS } from "../../engine/draw/outputs.js";
import { type Lang, tr } from "../../engine/lang.js";
import { Failed } from "../context.js";

/**
 * Where `file`, refused as a results file, is a draw's task list (tasks.xlsx, by its header, under
 * whatever name it was handed out): the failure saying so, and how results are recorded (the
 * draw's results form); else undefined. An office hands the task lists to its inspectors, who may
 * write their results into them: a sheet a department, a row a visit, where a result is one
 * department's item's.
 */
export async function taskListRefusal(file: string, db: string, lang: Lang): Promise<Failed | undefined> {
  if (extname(file).toLowerCase() !== ".xlsx" || !(await isTaskList(file))) return undefined;
  const folder = existsSync(join(dirname(file), DRAW_FILES.manifest)) ? dirname(file) : undefined;
  const command = `gradedraw results template ${folder ?? tr(lang, "DRAW_FOLDER", "抽取文件夹")} --db ${db}`;
  return new Failed(
    tr(
      lang,
      `${file} is a draw's task list (${DRAW_FILES.tasks}), not a results form: make the draw's results form (${command}), which has a row for each department's item of each visit, fill in their dates and results, and import that`,
      `${file} 是抽取的检查任务清单（${DRAW_FILES.tasks}），不是结果录入表：请生成该次抽取的结果录入表（${command}，每次检查的各部门各事项各占一行），逐行填写检查日期和检查结果后再录入`,
    ),
  );
}

/** Whether a workbook's first sheet is headed as a task list's sheets are (with the address column or without). */
async function isTaskList(file: string): Promise<boolean> {
  try {
    const [first] = await openWorkbook(file);
    if (!first) return false;
    for await (const row of first.rows()) {
      const header = row.values.map((v) => String(v ?? "").trim());
      const without = header.filter((h) => h !== ADDRESS_HEADER);
      return TASK_HEADERS.every((h, i) => without[i] === h);
    }
  } catch {
    // A workbook that cannot be read is said as the reader said it.
  }
  return false;
}
