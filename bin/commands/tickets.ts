import { checkUscc } from "../../engine/data/uscc.js";
import { tr } from "../../engine/lang.js";
import { ticket } from "../../engine/tickets.js";
import { action, type Cli, type Command, command, seedOption, UsageError } from "../context.js";

/** `gradedraw tickets`: each id's ticket under a seed. */
export function registerTickets(program: Command, cli: Cli) {
  command(
    program,
    "tickets",
    "each id's ticket under a seed (SHA-256 consistent sampling), so anyone can check their own",
  )
    .requiredOption("--seed <seed>", "the seed (for a draw: its effective seed from the manifest)")
    .argument("<id...>", "ids, e.g. unified social credit codes")
    .addHelpText("after", "\nExample:\n  gradedraw tickets --seed 01382438112797316654 AB-130")
    .action(
      action(cli, (ids: string[], opts: { seed: string; json?: boolean }) => {
        const lang = cli.lang();
        seedOption(opts.seed, lang);
        // An id is read as the draw reads its files: a code normalised (typed in lower case or
        // full width it gets the draw's ticket, not another one), and any text without the spaces
        // around it, as every cell is read; so are both parts of a team key (code|inspector).
        const rows = ids.map((typed) => {
          const bar = typed.indexOf("|");
          const code = bar < 0 ? typed : typed.slice(0, bar);
          const checked = checkUscc(code);
          const member = bar < 0 ? "" : `|${typed.slice(bar + 1).trim()}`;
          const id = (!checked.fault && checked.normalised ? checked.code : code.trim()) + member;
          if (!code.trim() || member === "|")
            throw new UsageError(
              tr(
                lang,
                `an id is empty ('${typed}'): give a code, or a code and an inspector id as CODE|ID`,
                `编号为空（“${typed}”）：请给出统一社会信用代码，或写作“代码|执法人员编号”`,
              ),
            );
          if (id !== typed)
            cli.io.err(
              tr(
                lang,
                `gradedraw: note: '${typed}' read as ${id}`,
                `gradedraw: 提示：“${typed}”按 ${id} 计算`,
              ),
            );
          return { id, ticket: ticket(opts.seed, id) };
        });
        // A draw's tickets come from its effective seed, the public seed bound to the frame hash: the
        // public seed alone, which a published draw also shows, gives other tickets to codes.
        if (!EFFECTIVE.test(opts.seed) && rows.some((r) => !checkUscc(r.id.split("|")[0]).fault))
          cli.io.err(
            tr(
              lang,
              `gradedraw: note: a draw's tickets are made with its effective seed, its public seed followed by a comma and the frame hash (manifest.json's effectiveSeed, the draw report's "How to verify"); '${opts.seed}' has no frame hash, so these are not a draw's tickets`,
              `gradedraw: 提示：抽取的抽签号使用有效种子计算，即公开种子后加逗号和抽取框架哈希（manifest.json 中的 effectiveSeed，或抽取报告“如何复核”一节）；“${opts.seed}”不含框架哈希，因此以上不是某次抽取的抽签号`,
            ),
          );
        if (opts.json) cli.io.out(JSON.stringify(rows, null, 2));
        else for (const r of rows) cli.io.out(`${r.id} ${r.ticket}`);
        return 0;
      }),
    );
}

/** An effective seed: a public seed, a comma, and the frame hash (SPEC §6). */
const EFFECTIVE = /,[0-9a-f]{64}$/;
