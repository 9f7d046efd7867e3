import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { checkUscc } from "../../engine/data/uscc.js";
import { DRAW_FILES } from "../../engine/draw/layout.js";
import { drawListRows } from "../../engine/draw/verify-cells.js";
import { type Lang, tr } from "../../engine/lang.js";
import { InputError } from "../../engine/problem.js";
import type { Db } from "../../engine/store/db.js";
import { heldInForce, type RecordedDraw } from "../../engine/store/ledger-audit.js";
import { ticket } from "../../engine/tickets.js";
import { action, type Cli, type Command, command, UsageError } from "../context.js";
import { readLedger } from "../ledger-access.js";
import { seedOption } from "../options.js";

/** `gradedraw tickets`: each id's ticket under a seed. */
export function registerTickets(program: Command, cli: Cli) {
  command(
    program,
    "tickets",
    "each id's ticket under a seed (SHA-256 consistent sampling), so anyone can check their own",
  )
    .option("--seed <seed>", "the seed (for a draw: its effective seed from the manifest)")
    .option(
      "--draw <dir>",
      "a draw's folder (or its manifest.json), as published: its effective seed, and whether each code was drawn (selected.csv) and each team key assigned (assignments.csv)",
    )
    .argument("<id...>", "ids, e.g. unified social credit codes")
    .option(
      "--db <file>",
      "with --draw: also say whether this ledger holds the draw in force (a draw cancelled since drew nobody)",
    )
    .addHelpText("after", "\nExample:\n  gradedraw tickets --seed 01382438112797316654 AB-130")
    .action(
      action(cli, (ids: string[], opts: { seed?: string; draw?: string; db?: string; json?: boolean }) => {
        const lang = cli.lang();
        if ((opts.seed === undefined) === (opts.draw === undefined))
          throw new UsageError(
            tr(
              lang,
              "give --seed (a seed) or --draw (a draw's folder, whose manifest gives its effective seed), one of them",
              "请给出 --seed（种子）或 --draw（抽取文件夹，从其清单读取有效种子）二者之一",
            ),
          );
        if (opts.db !== undefined && opts.draw === undefined)
          throw new UsageError(
            tr(
              lang,
              "--db says whether a ledger holds a draw in force: give the draw's folder with --draw",
              "--db 用于查明台账中该抽取是否有效：请用 --draw 给出抽取文件夹",
            ),
          );
        const drawn = opts.draw === undefined ? undefined : publishedDraw(opts.draw, lang);
        // Whether the ledger holds the draw in force: one cancelled since drew nobody.
        const ledger =
          opts.db === undefined || drawn === undefined
            ? undefined
            : readLedger(opts.db, lang, (db) => ledgerStatus(db, drawn.manifest, opts.db as string, lang));
        const seed = drawn?.seed ?? seedOption(opts.seed as string, lang);
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
          return { id, ticket: ticket(seed, id), ...drawn?.of(id) };
        });
        // A draw's tickets come from its effective seed, the public seed bound to the frame hash: the
        // public seed alone, which a published draw also shows, gives other tickets to codes.
        if (!EFFECTIVE.test(seed) && rows.some((r) => !checkUscc(r.id.split("|")[0]).fault))
          cli.io.err(
            tr(
              lang,
              `gradedraw: note: a draw's tickets are made with its effective seed, its public seed followed by a comma and the frame hash (manifest.json's effectiveSeed, the draw report's "How to verify"; or give the draw's folder, --draw); '${seed}' has no frame hash, so these are not a draw's tickets`,
              `gradedraw: 提示：抽取的抽签号使用有效种子计算，即公开种子后加逗号和抽取框架哈希（manifest.json 中的 effectiveSeed，或抽取报告“如何复核”一节；也可用 --draw 指定抽取文件夹）；“${seed}”不含框架哈希，因此以上不是某次抽取的抽签号`,
            ),
          );
        if (opts.json)
          cli.io.out(JSON.stringify(ledger ? { tickets: rows, ledger: ledger.status } : rows, null, 2));
        else
          for (const r of rows)
            cli.io.out(`${r.id} ${r.ticket}${drawn ? drawnText(drawn.of(r.id), lang) : ""}`);
        if (ledger) cli.io.err(`gradedraw: ${ledger.said}`);
        return 0;
      }),
    );
}

/** An effective seed: a public seed, a comma, and the frame hash (SPEC §6). */
const EFFECTIVE = /,[0-9a-f]{64}$/;

/** What a published draw says of an id: a code drawn (and its stratum) or not; a team key assigned or not. */
type Drawn = { drawn: boolean; stratum?: string } | { assigned: boolean };

/**
 * A draw's folder as published (manifest.json, selected.csv, assignments.csv; or the manifest
 * given itself): its effective seed, and what its lists say of an id (nothing, where the folder
 * does not hold the list: the manifest alone gives the tickets).
 */
function publishedDraw(
  given: string,
  lang: Lang,
): { seed: string; manifest: unknown; of: (id: string) => Drawn | undefined } {
  const dir = given.toLowerCase().endsWith(".json") ? dirname(given) : given;
  const manifestFile = given.toLowerCase().endsWith(".json") ? given : join(dir, DRAW_FILES.manifest);
  const refused = (en: string, zh: string) =>
    new InputError([{ file: manifestFile, line: 0, col: 0, message: tr(lang, en, zh) }]);
  if (!existsSync(manifestFile))
    throw refused(
      "no manifest.json here: give a draw's folder, as published, or its manifest.json",
      "此处没有 manifest.json：请给出抽取文件夹（公开的原样），或其 manifest.json",
    );
  let manifest: { effectiveSeed?: unknown };
  try {
    manifest = JSON.parse(readFileSync(manifestFile, "utf8").replace(/^\uFEFF/, ""));
  } catch (e) {
    throw refused(`not JSON: ${(e as Error).message}`, `不是有效的 JSON：${(e as Error).message}`);
  }
  const seed = manifest?.effectiveSeed;
  if (typeof seed !== "string" || !EFFECTIVE.test(seed))
    throw refused(
      "no effective seed (effectiveSeed, the public seed bound to the frame hash): not a draw's manifest?",
      "没有有效种子（effectiveSeed，即绑定抽取框架哈希的公开种子）：不是抽取的清单？",
    );
  const strata = drawListRows(join(dir, DRAW_FILES.selected));
  const teams = drawListRows(join(dir, DRAW_FILES.assignments));
  const drawn = strata && new Map(strata.map((r) => [r.uscc, r.stratum]));
  const assigned = teams && new Set(teams.map((r) => `${r.uscc}|${r.inspector}`));
  return {
    seed,
    manifest,
    of: (id) => {
      if (id.includes("|")) return assigned && { assigned: assigned.has(id) };
      if (!drawn) return undefined;
      const stratum = drawn.get(id);
      return stratum === undefined ? { drawn: false } : { drawn: true, stratum };
    },
  };
}

/** What a published draw says of an id, after its ticket. */
function drawnText(r: Drawn | undefined, lang: Lang): string {
  if (r === undefined) return "";
  if ("drawn" in r)
    return r.drawn
      ? tr(lang, ` drawn (${r.stratum})`, ` 已抽中（${r.stratum}）`)
      : tr(lang, " not drawn", " 未抽中");
  return r.assigned ? tr(lang, " assigned", " 已选派") : tr(lang, " not assigned", " 未选派");
}

/**
 * What the ledger holds of a published draw, for someone asking whether they were drawn: in force,
 * or not (see heldInForce): a cancelled draw, a dry run or another ledger's drew nobody.
 */
function ledgerStatus(
  db: Db,
  manifest: unknown,
  file: string,
  lang: Lang,
): { status: { seq?: number; inForce: boolean; cancelledBy?: RecordedDraw["cancelledBy"] }; said: string } {
  const { entry, not } = heldInForce(db, manifest, lang);
  const status = { ...(entry && { seq: entry.seq, cancelledBy: entry.cancelledBy }), inForce: !not };
  if (not)
    return {
      status,
      said: tr(
        lang,
        `note: ${not}: as far as this ledger holds, it drew nobody (${file})`,
        `提示：${not}：就该台账而言，此次抽取并未抽中任何企业（${file}）`,
      ),
    };
  return {
    status,
    said: tr(
      lang,
      `the draw is entry #${entry?.seq} of ${file}, in force`,
      `该抽取为 ${file} 第 ${entry?.seq} 条，有效`,
    ),
  };
}
