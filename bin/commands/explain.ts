import { foreignHistoryNotice } from "../../engine/data/drawable.js";
import { enterprisesMeant } from "../../engine/data/lookup.js";
import { readEnterprises } from "../../engine/data/read.js";
import type { ReadOptions } from "../../engine/data/read-options.js";
import type { Enterprise } from "../../engine/data/records.js";
import { checkUscc } from "../../engine/data/uscc.js";
import { RuleConflictError } from "../../engine/evaluate.js";
import { explain } from "../../engine/explain.js";
import { tr } from "../../engine/lang.js";
import { today } from "../../engine/period.js";
import { policyId } from "../../engine/policy/types.js";
import { action, type Cli, type Command, command, Failed, tieProblem, UsageError } from "../context.js";
import { dateOption } from "../options.js";
import { missingOptionsMessage } from "../usage-messages.js";
import { explainInDraw } from "./explain-draw.js";
import { printExplanation } from "./explain-text.js";
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

/** `gradedraw explain`: why one enterprise gets its treatment. */
export function registerExplain(program: Command, cli: Cli) {
  dataOptions(
    ledgerOption(
      departmentsOption(
        command(
          program,
          "explain",
          "the matching rule, each condition's outcome, the treatment and the cap status of one enterprise",
        )
          .option(
            "--policy <file>",
            "policy file, or a folder of its versions (the approved one in force on --date)",
          )
          .option("--enterprises <file>", "enterprise file (CSV, XLSX, JSON, NDJSON)")
          .requiredOption("--uscc <code>", "the enterprise's unified social credit code")
          .option(
            "--draw <dir>",
            "a draw's folder, with its recorded inputs: the enterprise as that draw saw it (its policy, grades, history, ledger, date and task), its ticket, and whether it was drawn; instead of --policy, --enterprises and the rest",
          )
          .option("--history <file>", "inspection history file")
          .option("--date <date>", "evaluation date YYYY-MM-DD (default: today)"),
      ),
    ),
  )
    .addHelpText(
      "after",
      "\nExample:\n  gradedraw explain --policy policies/huaian-2021/1.0.0.yaml --enterprises examples/enterprises.csv \\\n    --history examples/history.csv --uscc 91320803AMN5WJ2P3X --date 2026-01-01",
    )
    .action(
      action(
        cli,
        async (opts: {
          policy?: string;
          enterprises?: string;
          draw?: string;
          uscc: string;
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
          const code = checkUscc(opts.uscc);
          // The enterprises a code that is none of the file's most likely means, said after why: the
          // first five, with how many there are where there are more (a part of the name too short).
          const meant = (found: readonly Enterprise[]) => {
            if (found.length === 0) return { en: "", zh: "" };
            const more = found.length > 5 ? found.length : 0;
            const en = found.slice(0, 5).map((x) => `${x.name} (--uscc ${x.uscc})`);
            const zh = found.slice(0, 5).map((x) => `${x.name}（--uscc ${x.uscc}）`);
            return {
              en: `; ${opts.enterprises} has ${en.join(", ")}${more ? `, the first 5 of ${more} whose names hold it` : ""}`,
              zh: `；${opts.enterprises} 中有 ${zh.join("、")}${more ? `，为名称含此文字的 ${more} 家中的前 5 家` : ""}`,
            };
          };
          if (opts.draw !== undefined) return explainInDraw(cli, opts.draw, opts, lang);
          const missing = (
            [
              ["--policy <file>", opts.policy],
              ["--enterprises <file>", opts.enterprises],
            ] as const
          ).flatMap(([option, value]) => (value === undefined ? [option] : []));
          if (missing.length)
            throw new UsageError(
              missingOptionsMessage(missing, lang) +
                tr(lang, " (or --draw, a draw's folder)", "（或用 --draw 指定抽取文件夹）"),
            );
          const given = opts as typeof opts & { policy: string; enterprises: string };
          if (code.fault) {
            // The file is looked in only to say what was meant: one that cannot be read says nothing more.
            const found = await enterprisesNear(opts.uscc, given.enterprises, readOptions(cli, opts)).catch(
              () => [],
            );
            const m = meant(found);
            throw new UsageError(
              tr(lang, `--uscc: ${code.fault.en}${m.en}`, `--uscc：${code.fault.zh}${m.zh}`),
            );
          }
          const lp = policyFor(given.policy, date, lang);
          const tasked = taskDepartments(opts.departments, lp, lang);
          const ro = { ...readOptions(cli, opts), facts: lp.policy.facts };
          const enterprises = await enterprisesFrom(cli, given.enterprises, ro);
          const e = enterprises.find((x) => x.uscc === code.code);
          if (!e) {
            const m = meant(enterprisesMeant(code.code, enterprises));
            throw new Failed(
              tr(
                lang,
                `enterprise ${code.code} is not in ${opts.enterprises}${m.en}`,
                `${opts.enterprises} 中没有企业 ${code.code}${m.zh}`,
              ),
            );
          }
          const read = await drawHistory(cli, opts, date, lp.policy.cadence, ro, e.uscc);
          const { history, ledger, known } = read;
          const x = await explain(lp.policy, e, history, date, tasked, ledger?.exclusiveTaken);
          const id = policyId(lp.policy);
          // Rules that tie leave it no treatment: shown how each came out, the policy is refused,
          // as classify and draw refuse it.
          const tie = x.tie ? new RuleConflictError(x.tie, e.uscc, id) : undefined;
          // The enterprise's cap counting inspections neither the file nor the ledger holds: said.
          if (x.treatment !== null) {
            sayHistorySpan(cli, lp.policy, date, opts.history, { known, ledger }, lang, x.treatment);
            if (opts.history)
              sayNotices(
                cli,
                foreignHistoryNotice(read.rows, enterprises, opts.history, given.enterprises, lang),
              );
          }
          if (opts.json) {
            cli.io.out(
              JSON.stringify(
                {
                  policy: lp.policy.policy,
                  version: lp.policy.version,
                  hash: lp.hash,
                  date,
                  ...x,
                  ledger: ledgerJson(ledger),
                  // A failure's document, as every command's: the explanation, then why it failed.
                  ...(tie
                    ? {
                        ok: false,
                        problems: [tieProblem(tie, given.policy, lang)],
                      }
                    : {}),
                },
                null,
                2,
              ),
            );
          } else
            printExplanation(cli.io.out, lang, {
              e,
              id,
              date,
              x,
              policy: lp.policy,
              tasked,
              before: ledgerLine(ledger, lang),
            });
          if (tie) throw tie;
          return 0;
        },
      ),
    );
}

/** The enterprises of the file that `typed`, no code, most likely means (see {@link enterprisesMeant}); its notices unsaid. */
async function enterprisesNear(typed: string, file: string, ro: ReadOptions): Promise<Enterprise[]> {
  return enterprisesMeant(typed, (await readEnterprises(file, ro)).records);
}
