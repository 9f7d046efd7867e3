import { checkUscc } from "../../engine/data/uscc.js";
import { tr } from "../../engine/lang.js";
import { ticket } from "../../engine/tickets.js";
import { action, type Cli, type Command, command, seedOption } from "../context.js";

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
        // A code is read as the draw reads it (the enterprise files' codes are normalised): typed in
        // lower case or full width it gets the draw's ticket, not another one. So is the code of a
        // team key (code|inspector).
        const rows = ids.map((typed) => {
          const bar = typed.indexOf("|");
          const code = bar < 0 ? typed : typed.slice(0, bar);
          const checked = checkUscc(code);
          const id = !checked.fault && checked.normalised ? checked.code + typed.slice(code.length) : typed;
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
