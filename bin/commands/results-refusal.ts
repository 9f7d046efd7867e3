/** Why `results import` recorded nothing: each row that stops it, said at its cell. */
import type { readResults } from "../../engine/data/read.js";
import { tr } from "../../engine/lang.js";
import type { Problem } from "../../engine/problem.js";
import { DRAWN_KINDS, differences, type importResults } from "../../engine/store/results.js";
import { type Cli, Failed, problemLine } from "../context.js";
import { contradiction } from "./result-changes.js";

/**
 * Says each row that stopped an import at its cell (inspectors written by name, a department
 * written as the draws do not, then each contradiction of a recorded result), and gives the failure
 * to throw: what stopped it, and how to correct recorded results where that is all it was.
 */
export function importRefused(
  cli: Cli,
  file: string,
  r: Awaited<ReturnType<typeof readResults>>,
  out: ReturnType<typeof importResults>,
  reason: string | undefined,
): Failed {
  const lang = cli.lang();
  // Every row that stops the import: those naming inspectors by name, then contradictions.
  const named = out.named;
  // Said on stderr as they are found, and given with the failure to a command's --json document.
  const problems: Problem[] = [];
  /** A row's problem at its cell of `column`. */
  const atCell = (index: number, column: string, en: string, zh: string) => {
    const problem: Problem = {
      file,
      line: r.rows[index],
      ...r.place(column),
      ...(r.sheets[index] === undefined ? {} : { sheet: r.sheets[index] }),
      column,
      message: tr(lang, en, zh),
    };
    problems.push(problem);
    cli.io.err(problemLine(problem, lang));
  };
  for (const n of named) {
    const team = n.team.join(";");
    atCell(
      n.index,
      "inspectors",
      `${n.names.map((x) => `'${x}'`).join(", ")}: ${n.names.length > 1 ? "names, not inspector ids" : "a name, not an inspector id"}, which the ledger's draws assign${team ? ` (to this visit: ${team})` : ""}: write the ids (执法人员编号)`,
      `${n.names.map((x) => `“${x}”`).join("、")}是姓名，不是执法人员编号（台账中的抽取按编号选派${team ? `，本次检查为 ${team}` : ""}）：请填写执法人员编号`,
    );
  }
  for (const m of out.misnamed)
    if (typeof m.meant === "string")
      atCell(
        m.index,
        "department",
        `'${m.department}' is not how the ledger's draws name the department: write ${m.meant}, as they do, or the result matches no drawn visit`,
        `“${m.department}”不是台账中抽取所用的部门名称：请写 ${m.meant}，否则该结果与任何抽取的检查都不对应`,
      );
    else
      atCell(
        m.index,
        "department",
        `'${m.department}' names ${m.meant.length} departments, where a result is one department's, for an item of its own: write the one whose item this row reports, ${m.meant.join(" or ")}, and each other department's results in rows of their own, or the result matches no drawn visit`,
        `“${m.department}”填写了 ${m.meant.length} 个部门，而每条结果只属于一个部门、针对其自己的检查事项：请填写本行事项所属的部门（${m.meant.join("或")}），其他部门的结果各占一行，否则该结果与任何抽取的检查都不对应`,
      );
  // At the first cell that says another thing than the recorded result.
  for (const c of out.conflicts) {
    const said = contradiction(c, lang);
    // With --correct, only a change of kind across drawn and not drawn is left.
    if (reason === undefined) atCell(c.index, differences(c.existing, c.record)[0], said, said);
    else
      atCell(
        c.index,
        "kind",
        `${said}: a correction keeps the visit a result reports, so a drawn inspection's result (random, joint) does not become another kind's (targeted, complaint), nor the other way`,
        `${said}：更正不改变结果所报告的检查，双随机抽查的结果（random、joint）不能更正为其他类型（targeted、complaint），反之亦然`,
      );
  }
  const why = [
    ...(named.length
      ? [tr(lang, `${named.length} row(s) name inspectors by name`, `${named.length} 行以姓名填写执法人员`)]
      : []),
    ...(out.misnamed.length
      ? [
          tr(
            lang,
            `${out.misnamed.length} row(s) name a department as the draws do not`,
            `${out.misnamed.length} 行的部门名称与抽取所用的不同`,
          ),
        ]
      : []),
    ...(out.conflicts.length
      ? [
          tr(
            lang,
            `${out.conflicts.length} row(s) contradict recorded results`,
            `${out.conflicts.length} 行与已记录结果矛盾`,
          ),
        ]
      : []),
  ];
  // Contradictions alone may be corrections (but a change between drawn and not drawn kinds): said how to make them.
  const correctable =
    reason === undefined &&
    !named.length &&
    !out.misnamed.length &&
    out.conflicts.some((c) => DRAWN_KINDS.has(c.existing.kind) === DRAWN_KINDS.has(c.record.kind));
  return new Failed(
    tr(
      lang,
      `${why.join(", ")}; nothing was recorded${correctable ? `: where the recorded results are wrong, import the file again with --correct and the reason (--correct "录入错误"), which keeps what they said` : ""}`,
      `${why.join("，")}；未记录任何数据${correctable ? `。如已记录的结果有误，请加 --correct 及更正原因重新导入（--correct "录入错误"），原记录将予保留` : ""}`,
    ),
    problems,
  );
}
