import { type Lang, tr } from "../../engine/lang.js";
import { policyId } from "../../engine/policy/types.js";
import { DEFAULT_DB } from "../../engine/store/db.js";
import { taskText } from "../../engine/store/ledger.js";
import { type LedgerListing, listLedger, verifyLedger } from "../../engine/store/ledger-audit.js";
import { ANCHOR_DIGITS, findAnchors, verifyResultLog } from "../../engine/store/result-log.js";
import { textTable } from "../../reports/text-table.js";
import { action, type Cli, type Command, command, UsageError } from "../context.js";
import { readLedger } from "../ledger-access.js";
import { registerLedgerFindings } from "./ledger-findings.js";
import { ledgerListing } from "./ledger-listing.js";

/** A chain's last hash as the ok line shows it, between `open` and `close`; nothing for a chain of no entry. */
function lastHash(head: string | null, open: string, close: string): string {
  return head === null ? "" : `${open}${head.slice(0, ANCHOR_DIGITS)}…${close}`;
}

/** `gradedraw ledger`: the draw ledger (抽查台账), checked or listed; both only read it. */
export function registerLedger(program: Command, cli: Cli) {
  const ledger = program.command("ledger").description("the draw ledger (抽查台账)");
  command(
    ledger,
    "verify",
    "check the ledger's hash chain and every recorded draw, and the results against their log; names any edited, deleted or reordered entry, and any result edited, added or deleted outside gradedraw",
  )
    .option("--db <file>", "the ledger database", DEFAULT_DB)
    .option(
      "--anchor <hash>",
      "a hash an earlier ledger verify printed (its first 16 digits or more; repeatable): the ledger or results log must still hold it",
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .addHelpText("after", "\nExample:\n  gradedraw ledger verify --db gradedraw.db")
    .action(
      action(cli, (opts: { db: string; anchor: string[]; json?: boolean }) => {
        const lang = cli.lang();
        for (const a of opts.anchor)
          if (!new RegExp(`^[0-9a-fA-F]{${ANCHOR_DIGITS},64}$`).test(a))
            throw new UsageError(
              tr(
                lang,
                `--anchor must be a hash of ${ANCHOR_DIGITS} to 64 hexadecimal digits, as ledger verify prints it: '${a}'`,
                `--anchor 应为 ledger verify 打印的哈希值（${ANCHOR_DIGITS} 至 64 位十六进制数字）：“${a}”`,
              ),
            );
        return readLedger(opts.db, lang, (db) => {
          const r = verifyLedger(db, lang);
          const results = verifyResultLog(db, lang);
          const anchors = findAnchors(db, opts.anchor);
          const lost = anchors.filter((a) => a.chain === undefined);
          const ok = r.problems.length === 0 && results.problems.length === 0 && lost.length === 0;
          if (opts.json) cli.io.out(JSON.stringify({ ok, ...r, results, anchors }, null, 2));
          else if (ok)
            cli.io.out(
              [
                tr(
                  lang,
                  `ok: ${r.entries} ledger ${r.entries === 1 ? "entry" : "entries"}, chain intact${lastHash(r.head, " (last hash ", ")")}; ${results.results} result(s), as their log of ${results.entries} ${results.entries === 1 ? "entry" : "entries"} has them${lastHash(results.head, " (last hash ", ")")}`,
                  `通过：台账共 ${r.entries} 条，哈希链完整${lastHash(r.head, "（末条哈希 ", "）")}；${results.results} 条结果与其 ${results.entries} 条日志一致${lastHash(results.head, "（日志末条哈希 ", "）")}`,
                ),
                // Each hash written down before, found: the chain up to it stands as it was then.
                ...anchors.map((a) =>
                  tr(
                    lang,
                    `${a.anchor}: entry #${a.seq} of the ${a.chain === "ledger" ? "ledger's" : "results log's"} ${a.of}: what it holds up to that entry stands as it was`,
                    `${a.anchor}：${a.chain === "ledger" ? "台账" : "结果日志"}共 ${a.of} 条中的第 ${a.seq} 条：截至该条的内容未被改动`,
                  ),
                ),
              ].join("\n"),
            );
          else {
            for (const p of r.problems) cli.io.err(`gradedraw: ${p.message} (${opts.db})`);
            for (const p of results.problems) cli.io.err(`gradedraw: ${p} (${opts.db})`);
            for (const a of lost)
              cli.io.err(
                tr(
                  lang,
                  `gradedraw: the hash ${a.anchor} written down before is in neither the ledger nor its results log: one of them was rewritten since, or the hash is another ledger's (${opts.db})`,
                  `gradedraw: 此前记下的哈希 ${a.anchor} 既不在台账中，也不在结果日志中：其一此后被重写，或该哈希属于另一台账（${opts.db}）`,
                ),
              );
          }
          if (!opts.json) for (const n of r.notes) cli.io.err(`gradedraw: ${n.message} (${opts.db})`);
          return ok ? 0 : 1;
        });
      }),
    );

  ledgerListing(ledger, cli, {
    name: "list",
    description:
      "the recorded draws and cancellations: seed, counts, visits with results, and which draws were cancelled and why",
    period: "only the entries of this period, e.g. 2026-H1",
    example: "gradedraw ledger list --db gradedraw.db --period 2026-H1",
    list: (db, period) => listLedger(db, period?.label),
    none: (period, file, lang) =>
      period === undefined
        ? tr(lang, `the ledger ${file} has no entries`, `台账 ${file} 中没有条目`)
        : tr(lang, `the ledger has no entries of ${period.label}`, `台账中没有 ${period.label} 的条目`),
    text: ledgerTable,
  });
  registerLedgerFindings(ledger, cli);
}

/** The entries as a table, one row each, in the ledger's order. */
function ledgerTable(entries: readonly LedgerListing[], lang: Lang): string {
  const count = (n: number | undefined) => (n === undefined ? "?" : String(n));
  const rows = entries.map((e) => {
    const draw = e.kind === "draw";
    const status = draw
      ? e.cancelledBy
        ? tr(
            lang,
            `cancelled by #${e.cancelledBy.seq}: ${e.cancelledBy.reason}`,
            `已由第 ${e.cancelledBy.seq} 条撤销：${e.cancelledBy.reason}`,
          )
        : tr(lang, "in force", "有效")
      : tr(
          lang,
          `cancels #${count(e.cancels)}: ${e.reason ?? ""}`,
          `撤销第 ${count(e.cancels)} 条：${e.reason ?? ""}`,
        );
    return [
      String(e.seq),
      localMinute(e.recordedAt),
      draw ? tr(lang, "draw", "抽取") : tr(lang, "cancel", "撤销"),
      policyId(e),
      taskText(e.task, lang),
      e.period,
      // A cancellation's date is the day it was recorded, shown already.
      draw ? e.drawDate : "",
      draw ? count(e.selected) : "",
      draw ? count(e.assignments) : "",
      draw ? `${count(e.made)}/${count(e.visits)}` : "",
      draw ? (e.seed ?? "?") : "",
      status,
    ];
  });
  const header =
    lang === "zh"
      ? [
          "序号",
          "记录时间",
          "类型",
          "政策",
          "任务",
          "期间",
          "抽取日期",
          "抽中企业",
          "派员",
          "已录结果/检查",
          "种子",
          "状态",
        ]
      : [
          "#",
          "recorded",
          "kind",
          "policy",
          "task",
          "period",
          "draw date",
          "drawn",
          "assignments",
          "results/visits",
          "seed",
          "status",
        ];
  return textTable(header, rows);
}

/** An ISO instant as this machine's local time to the minute, with its offset: 2026-01-05 09:30 +08:00. */
export function localMinute(iso: string): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  const two = (n: number) => String(n).padStart(2, "0");
  const offset = -t.getTimezoneOffset();
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return `${t.getFullYear()}-${two(t.getMonth() + 1)}-${two(t.getDate())} ${two(t.getHours())}:${two(t.getMinutes())} ${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}
