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
        if (opts.json) cli.io.out(JSON.stringify(rows, null, 2));
        else for (const r of rows) cli.io.out(`${r.id} ${r.ticket}`);
        return 0;
      }),
    );
}
