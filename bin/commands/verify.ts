import { existsSync, statSync } from "node:fs";
import { verifyDrawDir, verifyRecorded } from "../../engine/draw/verify.js";
import { tr } from "../../engine/lang.js";
import { action, type Cli, type Command, command, UsageError } from "../context.js";
import { readLedger } from "../ledger-access.js";
import { statusOf } from "./inputs.js";

/** `gradedraw verify`: a draw folder re-derived from its recorded inputs, and checked against a ledger. */
export function registerVerify(program: Command, cli: Cli) {
  command(
    program,
    "verify",
    "re-derive the draw in a folder from its recorded inputs; exit 0 only if identical",
  )
    .argument("<dir>", "a draw output folder")
    .option(
      "--db <file>",
      "also check that the draw is the one this ledger records, not cancelled, and that the ledger's chain holds",
    )
    .addHelpText("after", "\nExample:\n  gradedraw verify draws/2026-H1 --db gradedraw.db")
    .action(
      action(cli, async (dir: string, opts: { db?: string; json?: boolean }) => {
        const lang = cli.lang();
        if (!existsSync(dir))
          throw new UsageError(tr(lang, `no such folder: ${dir}`, `文件夹不存在：${dir}`));
        if (!statSync(dir).isDirectory())
          throw new UsageError(
            tr(lang, `${dir} is a file: give the draw's folder`, `${dir} 是文件：请给出抽取结果文件夹`),
          );
        const file = opts.db;
        // A large draw takes a while to check and derive again: a terminal is shown how far it is.
        const line = statusOf(cli);
        // The ledger is checked first, so that a mistyped --db fails before the draw is derived.
        if (file !== undefined)
          line.doing({ en: `checking that ${file} records the draw`, zh: `核对台账 ${file} 是否记录该抽取` });
        const ledger =
          file === undefined
            ? undefined
            : readLedger(file, lang, (db) => verifyRecorded(dir, db, file, lang));
        const r = await verifyDrawDir(dir, lang, line.progress);
        const ok = r.ok && (ledger?.ok ?? true);
        if (opts.json) cli.io.out(JSON.stringify({ ...r, ok, ledger }, null, 2));
        else {
          for (const d of r.differences) cli.io.err(`gradedraw: ${d} (${dir})`);
          for (const p of ledger?.problems ?? []) cli.io.err(`gradedraw: ${p}`);
          if (r.ok)
            cli.io.out(
              tr(
                lang,
                `ok: the draw in ${dir} is re-derived identically from its recorded inputs`,
                `通过：${dir} 中的抽取结果可由其记录的输入完全重现`,
              ),
            );
          if (ok && ledger?.seq !== undefined)
            cli.io.out(
              tr(
                lang,
                `ok: it is entry #${ledger.seq} of the ledger ${opts.db}, in force, and the ledger's chain is intact`,
                `通过：该抽取为台账 ${opts.db} 第 ${ledger.seq} 条，有效，台账哈希链完整`,
              ),
            );
        }
        return ok ? 0 : 1;
      }),
    );
}
