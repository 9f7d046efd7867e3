import { classify } from "../../engine/classify.js";
import { bestEvaluator } from "../../engine/compile.js";
import { foreignDepartments, foreignNotice } from "../../engine/data/departments.js";
import { foreignHistoryNotice, gradeDateNotice } from "../../engine/data/drawable.js";
import { enterpriseFacts, unmatchedNotice, unmatchedValues } from "../../engine/data/unmatched.js";
import { expectedVisits, visitCounter } from "../../engine/expected-visits.js";
import { tr } from "../../engine/lang.js";
import { today } from "../../engine/period.js";
import { type Ineligibility, ineligibilityText, noneDrawnWhy, policyDepartments } from "../../engine/plan.js";
import { policyId } from "../../engine/policy/types.js";
import { gradeText, treatmentText } from "../../engine/policy/vocabulary.js";
import { textTable } from "../../reports/text-table.js";
import { action, type Cli, type Command, command, someOf } from "../context.js";
import { dateOption } from "../options.js";
import {
  dataOptions,
  departmentsOption,
  drawHistory,
  enterprisesFrom,
  ledgerJson,
  ledgerLine,
  ledgerOption,
  readOptions,
  sayHistorySpan,
  sayNotices,
  taskDepartments,
} from "./inputs.js";
import { policyFor } from "./load-policy.js";

/** `gradedraw classify`: pool sizes and planned sample sizes per treatment and grade. */
export function registerClassify(program: Command, cli: Cli) {
  dataOptions(
    ledgerOption(
      departmentsOption(
        command(program, "classify", "pool sizes and planned sample sizes per treatment and grade")
          .requiredOption(
            "--policy <file>",
            "policy file, or a folder of its versions (the approved one in force on --date)",
          )
          .requiredOption("--enterprises <file>", "enterprise file (CSV, XLSX, JSON, NDJSON)")
          .option("--history <file>", "inspection history file (for caps)")
          .option("--date <date>", "evaluation date YYYY-MM-DD (default: today)"),
      ),
    ),
  )
    .addHelpText(
      "after",
      "\nExample:\n  gradedraw classify --policy policies/huaian-2021/1.0.0.yaml --enterprises examples/enterprises.csv --history examples/history.csv --date 2026-01-01",
    )
    .action(
      action(
        cli,
        async (opts: {
          policy: string;
          enterprises: string;
          history?: string;
          date?: string;
          departments?: string;
          db?: string;
          json?: boolean;
          encoding?: string;
          sheet?: string;
        }) => {
          const lang = cli.lang();
          const date = dateOption(opts.date, "--date", lang) ?? today();
          const lp = policyFor(opts.policy, date, lang);
          const departments = taskDepartments(opts.departments, lp, lang);
          const ro = { ...readOptions(cli, opts), facts: lp.policy.facts };
          const enterprises = await enterprisesFrom(cli, opts.enterprises, { ...ro, pooled: true });
          const read = await drawHistory(cli, opts, date, lp.policy.cadence, ro);
          const { history, ledger, known } = read;
          if (opts.history)
            sayNotices(
              cli,
              foreignHistoryNotice(read.rows, enterprises, opts.history, opts.enterprises, lang),
            );
          const policyKnows = policyDepartments(lp.policy);
          sayNotices(
            cli,
            foreignNotice(
              foreignDepartments(
                enterprises.map((e) => e.departments),
                policyKnows,
              ),
              policyKnows,
              opts.enterprises,
              lang,
            ),
          );
          sayNotices(
            cli,
            unmatchedNotice(unmatchedValues(lp.policy, enterpriseFacts(enterprises)), opts.enterprises, lang),
          );
          sayNotices(cli, gradeDateNotice(enterprises, date, false, opts.enterprises, lang));
          // Inspections the caps would count that neither the file nor the ledger holds: said, as a draw says it.
          sayHistorySpan(cli, lp.policy, date, opts.history, { known, ledger }, lang);
          const classified = await classify(
            lp.policy,
            enterprises,
            bestEvaluator(lp.policy, (m) => cli.io.err(`gradedraw: ${m}`)),
            history,
            date,
            departments,
            ledger?.exclusiveTaken,
          );
          const { summary } = classified;
          // Each department's visits in expectation, in the order the policy names them.
          const expected = expectedVisits(lp.policy, classified, departments);
          const visits = policyKnows
            .filter((d) => expected.has(d))
            .map((department) => ({ department, visits: expected.get(department) ?? 0 }));
          if (opts.json) {
            cli.io.out(
              JSON.stringify(
                {
                  policy: lp.policy.policy,
                  version: lp.policy.version,
                  hash: lp.hash,
                  ...summary,
                  expectedVisits: visits,
                  ledger: ledgerJson(ledger),
                },
                null,
                2,
              ),
            );
            return 0;
          }
          cli.io.out(
            tr(
              lang,
              `${policyId(lp.policy)}, ${date}, ${summary.total} enterprises`,
              `${policyId(lp.policy)}，${date}，${summary.total} 家企业`,
            ),
          );
          for (const line of ledgerLine(ledger, lang)) cli.io.out(line);
          cli.io.out("");
          const rows = summary.treatments.flatMap((t) => [
            [
              treatmentText(lp.policy.treatments, t.treatment, lang),
              "",
              String(t.enterprises),
              t.pool ? String(t.eligible) : "-",
              t.pool ? fmtRatio(t.ratio) : "-",
              t.pool ? String(t.planned) : "-",
              Object.entries(t.excluded)
                .map(([k, v]) => `${ineligibilityText(k as Ineligibility, lang)} ${v}`)
                .join(", "),
            ],
            ...t.byGrade.map((g) => [
              "",
              gradeText(g.grade, lang),
              String(g.enterprises),
              t.pool ? String(g.eligible) : "-",
              "",
              "",
              "",
            ]),
          ]);
          cli.io.out(
            textTable(
              [
                tr(lang, "treatment", "处理方式"),
                tr(lang, "grade", "等级"),
                tr(lang, "enterprises", "企业数"),
                tr(lang, "eligible", "可抽取"),
                tr(lang, "ratio", "比例"),
                tr(lang, "planned", "计划抽取"),
                tr(lang, "not eligible", "不可抽取"),
              ],
              rows,
            ),
          );
          const planned = summary.strata.reduce((s, x) => s + x.n, 0);
          cli.io.out(`\n${tr(lang, `planned inspections: ${planned}`, `计划检查：${planned}`)}`);
          if (visits.length) {
            const count = visitCounter(visits.map((v) => v.visits));
            cli.io.out(
              tr(
                lang,
                `visits by department (expected): ${visits.map((v) => `${v.department} ${count(v.visits)}`).join(", ")}`,
                `各部门检查户次（期望值）：${visits.map((v) => `${v.department} ${count(v.visits)}`).join("，")}`,
              ),
            );
          }
          // A stratum with enterprises eligible and none planned: why, and from how many it plans one.
          const none = summary.strata.flatMap((x) => {
            const why = noneDrawnWhy(x, lp.policy);
            return why ? [{ en: `${x.treatment} (${why.en})`, zh: `${x.treatment}（${why.zh}）` }] : [];
          });
          if (none.length)
            cli.io.out(
              tr(
                lang,
                `none planned from: ${none.map((x) => x.en).join(", ")}`,
                `不抽取：${none.map((x) => x.zh).join("、")}`,
              ),
            );
          if (summary.rejected.length)
            cli.io.err(
              tr(
                lang,
                `gradedraw: ${summary.rejected.length} enterprise(s) match no rule and the policy's default is reject: ${someOf(summary.rejected, lang)}`,
                `gradedraw: ${summary.rejected.length} 家企业没有匹配规则，且政策默认为 reject：${someOf(summary.rejected, lang)}`,
              ),
            );
          return summary.rejected.length ? 1 : 0;
        },
      ),
    );
}

function fmtRatio(r: number): string {
  return `${Math.round(r * 1000) / 10}%`;
}
