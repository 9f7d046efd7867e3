import { statSync } from "node:fs";
import { tr } from "../../engine/lang.js";
import { zeroCapNotes } from "../../engine/policy/cap-notes.js";
import { expandPolicyArgs, isPolicyTestFile } from "../../engine/policy/files.js";
import { idleRuleNotes } from "../../engine/policy/idle-rules.js";
import { loadPolicyFiles } from "../../engine/policy/load.js";
import { policyId } from "../../engine/policy/types.js";
import { unusedTreatmentNotes } from "../../engine/policy/unused-treatments.js";
import { outrankedVersionNotes } from "../../engine/policy/versions.js";
import { statusText } from "../../engine/policy/vocabulary.js";
import { formatProblem } from "../../engine/problem.js";
import { action, type Cli, type Command, command, UsageError } from "../context.js";

/** `gradedraw validate FILE...`: every problem of every policy file, sorted by place. */
export function registerValidate(program: Command, cli: Cli) {
  command(
    program,
    "validate",
    "check policy files (YAML syntax, schema, semantic checks); prints every problem",
  )
    .argument("<file...>", "policy files or folders of policy files")
    .addHelpText(
      "after",
      "\nExample:\n  gradedraw validate policies/huaian-2021/1.0.0.yaml policies/huaian-2021/variants/*.yaml",
    )
    .action(
      action(cli, (args: string[], opts: { json?: boolean }) => {
        const lang = cli.lang();
        for (const a of args) {
          try {
            statSync(a);
          } catch {
            throw new UsageError(tr(lang, `no such file: ${a}`, `文件不存在：${a}`));
          }
        }
        // Policy test files (tests/*.yaml) match a glob like policies/**/*.yaml; they are run by `gradedraw test`.
        const all = expandPolicyArgs(args, lang);
        const files = all.filter((f) => !isPolicyTestFile(f));
        const skipped = all.filter((f) => isPolicyTestFile(f));
        if (files.length === 0) {
          // Nothing to check is not a pass: a mistyped folder would otherwise look valid.
          cli.io.err(
            tr(
              lang,
              `gradedraw: no policy files (.yaml) in ${args.join(" ")}${skipped.length ? ` (only policy test files: run gradedraw test)` : ""}`,
              `gradedraw: ${args.join(" ")} 中没有政策文件（.yaml）${skipped.length ? "（只有政策测试文件，请用 gradedraw test 运行）" : ""}`,
            ),
          );
          return 1;
        }
        const { policies, problems } = loadPolicyFiles(files, lang);
        // Notes of valid files only: a file with problems is told those first.
        const valid = policies.filter((p) => !problems.some((x) => x.file === p.file));
        const notes = [
          ...outrankedVersionNotes(policies, lang),
          ...idleRuleNotes(valid, lang),
          ...zeroCapNotes(valid, lang),
          ...unusedTreatmentNotes(valid, lang),
        ];
        if (opts.json) {
          cli.io.out(
            JSON.stringify(
              {
                ok: problems.length === 0,
                files,
                policies: policies.map((p) => ({
                  file: p.file,
                  policy: p.policy.policy,
                  version: p.policy.version,
                  status: p.policy.status,
                  hash: p.hash,
                  extends: p.extends,
                })),
                problems,
                notes,
              },
              null,
              2,
            ),
          );
        } else {
          for (const p of problems) cli.io.out(formatProblem(p));
          for (const n of notes) cli.io.err(`gradedraw: ${formatProblem(n)}`);
          for (const f of skipped)
            cli.io.out(
              tr(
                lang,
                `skipped ${f} (a policy test file: run gradedraw test)`,
                `跳过 ${f}（政策测试文件，请用 gradedraw test 运行）`,
              ),
            );
          for (const p of policies)
            if (!problems.some((x) => x.file === p.file))
              cli.io.out(
                tr(
                  lang,
                  `ok  ${p.file}  ${policyId(p.policy)} (${p.policy.status})`,
                  `通过  ${p.file}  ${policyId(p.policy)}（${statusText(p.policy.status, "zh")}）`,
                ),
              );
          if (problems.length)
            cli.io.err(
              tr(
                lang,
                `gradedraw: ${problems.length} problem(s) in ${new Set(problems.map((p) => p.file)).size} file(s)`,
                `gradedraw: ${new Set(problems.map((p) => p.file)).size} 个文件中有 ${problems.length} 个问题`,
              ),
            );
        }
        return problems.length ? 1 : 0;
      }),
    );
}
