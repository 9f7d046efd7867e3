import { tr } from "../../engine/lang.js";
import { today } from "../../engine/period.js";
import { cellLabel, diffPolicies, type Outcome } from "../../engine/policy/diff.js";
import { policyId } from "../../engine/policy/types.js";
import { treatmentText } from "../../engine/policy/vocabulary.js";
import { textTable } from "../../reports/text-table.js";
import { action, type Cli, type Command, command, UsageError } from "../context.js";
import { dateOption } from "../options.js";
import { districtDiff, districtLines, inCell } from "./diff-district.js";
import { dataOptions, departmentsOption, ledgerOption } from "./inputs.js";
import { policyFor } from "./load-policy.js";

/** diff's options: those of the district it may be given. */
interface DiffOptions {
  readonly json?: boolean;
  readonly enterprises?: string;
  readonly history?: string;
  readonly date?: string;
  readonly db?: string;
  readonly departments?: string;
  readonly encoding?: string;
  readonly sheet?: string;
}

/** `gradedraw diff OLD NEW`: per grade × category the treatment before and after, and every changed parameter. */
export function registerDiff(program: Command, cli: Cli) {
  dataOptions(
    ledgerOption(
      departmentsOption(
        command(
          program,
          "diff",
          "what a policy change does: per grade × category the treatment before → after, and changed parameters",
        )
          .argument(
            "<old>",
            "the policy file before (or a folder of versions: the approved one in force today, or on --date)",
          )
          .argument("<new>", "the policy file after (a full policy or a variant)")
          .option(
            "--enterprises <file>",
            "the district's enterprise file: how many of its enterprises each cell holds, how many change treatment, and each treatment's planned inspections before and after, as a draw on --date would see them",
          )
          .option("--history <file>", "inspection history file (for caps; with --enterprises)")
          .option("--date <date>", "the date a draw would be made (with --enterprises; default: today)"),
      ),
    ),
  )
    .addHelpText(
      "after",
      "\nExample:\n  gradedraw diff policies/huaian-2021/1.0.0.yaml policies/huaian-2021/variants/b-halved.yaml \\\n    --enterprises examples/enterprises.csv --history examples/history.csv --date 2026-01-01",
    )
    .action(
      action(cli, async (oldFile: string, newFile: string, opts: DiffOptions) => {
        const lang = cli.lang();
        const withoutFile = (["history", "date", "db", "departments", "encoding", "sheet"] as const).filter(
          (k) => opts[k] !== undefined,
        );
        if (opts.enterprises === undefined && withoutFile.length)
          throw new UsageError(
            tr(
              lang,
              `${withoutFile.map((k) => `--${k}`).join(", ")} ${withoutFile.length > 1 ? "read" : "reads"} the district of --enterprises, which is not given`,
              `${withoutFile.map((k) => `--${k}`).join("、")} 用于 --enterprises 给出的辖区企业，但未给出 --enterprises`,
            ),
          );
        const date = dateOption(opts.date, "--date", lang) ?? today();
        // A folder of versions gives the one in force on the day the district is seen.
        const a = policyFor(oldFile, date, lang);
        const b = policyFor(newFile, date, lang);
        const d = diffPolicies(a.policy, b.policy);
        const district =
          opts.enterprises === undefined
            ? undefined
            : await districtDiff(cli, a, b, { ...opts, enterprises: opts.enterprises }, date);
        if (opts.json) {
          cli.io.out(
            JSON.stringify(
              {
                old: { policy: a.policy.policy, version: a.policy.version, hash: a.hash },
                new: { policy: b.policy.policy, version: b.policy.version, hash: b.hash },
                ...d,
                ...(district
                  ? {
                      district: {
                        ...district.diff,
                        cells: d.cells.map((c) => ({
                          grade: c.grade,
                          category: c.category,
                          enterprises: inCell(district.enterprises, c.grade, c.category),
                        })),
                      },
                    }
                  : {}),
              },
              null,
              2,
            ),
          );
          return 0;
        }
        cli.io.out(`${policyId(a.policy)} → ${policyId(b.policy)}\n`);
        // Under zh each treatment with its Chinese label, from the policy it is in; where other facts
        // decide, the treatments in the order the rules are tried and the facts that decide.
        const cell = (lp: typeof a, o: Outcome) => {
          const ts = o.treatments.map((t) =>
            t === "reject" && !Object.hasOwn(lp.policy.treatments, t)
              ? tr(lang, t, "reject（抽取时报错，列出这些企业）")
              : treatmentText(lp.policy.treatments, t, lang),
          );
          if (ts.length === 1) return ts[0];
          return tr(
            lang,
            `${ts.join(", else ")} (by ${o.facts.join(", ")})`,
            `${ts.join("，否则 ")}（取决于 ${o.facts.join("、")}）`,
          );
        };
        const rows = d.cells.map((c) => [
          cellLabel(c, lang),
          cell(a, c.beforeOutcome),
          cell(b, c.afterOutcome),
          c.changed ? "*" : "",
          ...(district ? [String(inCell(district.enterprises, c.grade, c.category))] : []),
        ]);
        cli.io.out(
          textTable(
            [
              tr(lang, "grade × category", "等级 × 类别"),
              tr(lang, "before", "变更前"),
              tr(lang, "after", "变更后"),
              tr(lang, "changed", "有变化"),
              ...(district ? [tr(lang, "enterprises", "企业数")] : []),
            ],
            rows,
          ),
        );
        cli.io.out("");
        if (d.params.length === 0) cli.io.out(tr(lang, "no parameter changed", "参数无变化"));
        else {
          cli.io.out(tr(lang, "changed parameters:", "变化的参数："));
          for (const p of d.params)
            cli.io.out(`  ${p.path}: ${JSON.stringify(p.before) ?? "—"} → ${JSON.stringify(p.after) ?? "—"}`);
        }
        if (district) {
          cli.io.out("");
          for (const line of districtLines(district.diff, a, b, lang)) cli.io.out(line);
        }
        return 0;
      }),
    );
}
