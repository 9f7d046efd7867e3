import { existsSync } from "node:fs";
import { tr } from "../../engine/lang.js";
import { runPolicyTests } from "../../engine/policy/test-runner.js";
import { formatProblem } from "../../engine/problem.js";
import { action, type Cli, type Command, command, UsageError } from "../context.js";

/** `gradedraw test [DIR]`: runs the YAML policy tests; fails on any failure or on zero cases. */
export function registerTest(program: Command, cli: Cli) {
  command(program, "test", "run policy tests (policies/<id>/tests/*.yaml); lists rules no case exercised")
    .argument("[dir]", "folder to search for tests/ folders, or one test file", "policies")
    .addHelpText("after", "\nExample:\n  gradedraw test policies")
    .action(
      action(cli, async (dir: string, opts: { json?: boolean }) => {
        const lang = cli.lang();
        if (!existsSync(dir))
          throw new UsageError(tr(lang, `no such file or folder: ${dir}`, `文件或文件夹不存在：${dir}`));
        const r = await runPolicyTests(dir, lang);
        const ok = r.failures.length === 0 && r.cases > 0;
        if (opts.json) {
          cli.io.out(JSON.stringify({ ok, ...r }, null, 2));
          return ok ? 0 : 1;
        }
        for (const f of r.failures) cli.io.out(`FAIL ${formatProblem(f)}`);
        for (const u of r.unexercised)
          cli.io.out(
            tr(
              lang,
              `note: ${u.policy}: no case exercised rule(s) ${u.rules.join(", ")}${u.idle.length ? `; ${u.idle.join(", ")} can decide no enterprise's treatment (gradedraw validate ${u.policy} says why)` : ""}`,
              `提示：${u.policy}：没有用例覆盖规则 ${u.rules.join("、")}${u.idle.length ? `；其中 ${u.idle.join("、")} 不会决定任何企业的处理方式（gradedraw validate ${u.policy} 会说明原因）` : ""}`,
            ),
          );
        if (r.cases === 0)
          cli.io.err(
            tr(lang, `gradedraw: no test cases found under ${dir}`, `gradedraw: ${dir} 下没有测试用例`),
          );
        cli.io.out(
          tr(
            lang,
            `${r.passed} passed, ${r.cases - r.passed} failed (${r.cases} case(s) in ${r.files} file(s))`,
            `${r.passed} 通过，${r.cases - r.passed} 失败（${r.files} 个文件共 ${r.cases} 个用例）`,
          ),
        );
        return ok ? 0 : 1;
      }),
    );
}
