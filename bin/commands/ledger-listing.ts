import type { Lang } from "../../engine/lang.js";
import type { Period } from "../../engine/period.js";
import { type Db, DEFAULT_DB } from "../../engine/store/db.js";
import { action, type Cli, type Command, command } from "../context.js";
import { readLedger } from "../ledger-access.js";
import { periodOption } from "../options.js";

/**
 * A command that lists what the ledger holds, of one period with --period: one JSON document with
 * --json, a sentence where there is nothing to list, else the listing as text. It only reads the ledger.
 */
export function ledgerListing<T>(
  parent: Command,
  cli: Cli,
  spec: {
    readonly name: string;
    readonly description: string;
    /** What --period keeps. */
    readonly period: string;
    readonly example: string;
    /** Options of this command's own, beside --db and --period. */
    readonly options?: (cmd: Command) => Command;
    /** What to list; `opts` holds the command's options, its own among them. */
    readonly list: (db: Db, period: Period | undefined, opts: Record<string, unknown>) => readonly T[];
    /** The sentence said where there is nothing to list. */
    readonly none: (period: Period | undefined, file: string, lang: Lang) => string;
    readonly text: (items: readonly T[], lang: Lang) => string;
  },
): void {
  const cmd = command(parent, spec.name, spec.description)
    .option("--db <file>", "the ledger database", DEFAULT_DB)
    .option("--period <period>", spec.period);
  (spec.options?.(cmd) ?? cmd).addHelpText("after", `\nExample:\n  ${spec.example}`).action(
    action(cli, (opts: { db: string; period?: string; json?: boolean }) => {
      const lang = cli.lang();
      const period = opts.period === undefined ? undefined : periodOption(opts.period, lang);
      return readLedger(opts.db, lang, (db) => {
        const items = spec.list(db, period, opts);
        if (opts.json) cli.io.out(JSON.stringify(items, null, 2));
        else if (items.length === 0) cli.io.out(spec.none(period, opts.db, lang));
        else cli.io.out(spec.text(items, lang));
        return 0;
      });
    }),
  );
}
