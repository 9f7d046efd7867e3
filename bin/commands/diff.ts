import { tr } from "../../engine/lang.js";
import { cellLabel, diffPolicies, type Outcome } from "../../engine/policy/diff.js";
import { policyId } from "../../engine/policy/types.js";
import { treatmentText } from "../../engine/policy/vocabulary.js";
import { textTable } from "../../reports/text-table.js";
import { action, type Cli, type Command, command } from "../context.js";
import { policyFor } from "./load-policy.js";

/** `gradedraw diff OLD NEW`: per grade × category the treatment before and after, and every changed parameter. */
export function registerDiff(program: Command, cli: Cli) {
  command(
    program,
    "diff",
    "what a policy change does: per grade × category the treatment before → after, and changed parameters",
  )
    .argument("<old>", "the policy file before (or a folder of versions: the approved one in force today)")
    .argument("<new>", "the policy file after (a full policy or a variant)")
    .addHelpText(
      "after",
      "\nExample:\n  gradedraw diff policies/huaian-2021/1.0.0.yaml policies/huaian-2021/variants/c-half.yaml",
    )
    .action(
      action(cli, (oldFile: string, newFile: string, opts: { json?: boolean }) => {
        const lang = cli.lang();
        const a = policyFor(oldFile, undefined, lang);
        const b = policyFor(newFile, undefined, lang);
        const d = diffPolicies(a.policy, b.policy);
        if (opts.json) {
          cli.io.out(
            JSON.stringify(
              {
                old: { policy: a.policy.policy, version: a.policy.version, hash: a.hash },
                new: { policy: b.policy.policy, version: b.policy.version, hash: b.hash },
                ...d,
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
        ]);
        cli.io.out(
          textTable(
            [
              tr(lang, "grade × category", "等级 × 类别"),
              tr(lang, "before", "变更前"),
              tr(lang, "after", "变更后"),
              tr(lang, "changed", "有变化"),
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
        return 0;
      }),
    );
}
