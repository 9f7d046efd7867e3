import type { Bilingual } from "../../engine/lang.js";
import { type Lang, tr } from "../../engine/lang.js";
import { policyId } from "../../engine/policy/types.js";
import { taskText } from "../../engine/store/ledger.js";
import {
  type DrawFindings,
  drawFindings,
  type TreatmentFindings,
  wilson,
} from "../../engine/store/ledger-summary.js";
import { textTable } from "../../reports/text-table.js";
import type { Cli, Command } from "../context.js";
import { ledgerListing } from "./ledger-listing.js";
import { policyVersions } from "./load-policy.js";

/** `gradedraw ledger findings`: per draw in force and treatment, the visits drawn, made and with findings. */
export function registerLedgerFindings(ledger: Command, cli: Cli) {
  ledgerListing(ledger, cli, {
    name: "findings",
    description:
      "what the draws in force found, per treatment: visits drawn, made, with findings, the hit rate with its 95% interval, unreachable and gone",
    period: "only the draws of this period, e.g. 2026-H1",
    example:
      "gradedraw ledger findings --db gradedraw.db --period 2026-H1 --policy policies/huaian-2021 --lang zh",
    options: (cmd) =>
      cmd.option(
        "--policy <path>",
        "a policy file or folder of versions: each treatment is shown with its label, from the version each draw was made with",
      ),
    list: (db, period, opts): Labelled[] => {
      const draws = drawFindings(db, period?.label);
      return typeof opts.policy === "string" ? labelled(draws, opts.policy, cli) : draws;
    },
    none: (period, file, lang) =>
      period === undefined
        ? tr(lang, `the ledger ${file} holds no draw in force`, `台账 ${file} 中没有有效的抽取`)
        : tr(
            lang,
            `the ledger holds no draw of ${period.label} in force`,
            `台账中没有 ${period.label} 的有效抽取`,
          ),
    text: (draws, lang) => draws.map((d) => findingsTable(d, lang)).join("\n\n"),
  });
}

/** A draw's findings with a treatment's label. */
type Labelled = Omit<DrawFindings, "treatments"> & {
  readonly treatments: readonly (TreatmentFindings & { label?: Bilingual })[];
};

/**
 * The draws' treatments with their labels, from the version of `path` each draw was made with;
 * a draw of a version `path` does not hold keeps its ids, and is said.
 */
function labelled(draws: readonly DrawFindings[], path: string, cli: Cli): Labelled[] {
  const lang = cli.lang();
  const versions = policyVersions(path, lang);
  const missing = new Set<string>();
  const out = draws.map((d) => {
    const id = policyId(d);
    const lp = versions.get(id);
    if (!lp) missing.add(id);
    const treatments = lp?.policy.treatments ?? {};
    return {
      ...d,
      treatments: d.treatments.map((t) =>
        Object.hasOwn(treatments, t.treatment) ? { ...t, label: treatments[t.treatment].label } : t,
      ),
    };
  });
  if (missing.size)
    cli.io.err(
      tr(
        lang,
        `gradedraw: note: ${path} holds no ${[...missing].join(", ")}, with which draws here were made: their treatments are shown by id`,
        `gradedraw: 提示：${path} 中没有 ${[...missing].join("、")}（此处的抽取所用版本）：其处理方式只显示代码`,
      ),
    );
  return out;
}

/** A draw's findings as a heading and a table, a row per treatment and one of their totals. */
function findingsTable(d: Labelled, lang: Lang): string {
  const heading = tr(
    lang,
    `${d.period} ${taskText(d.task, lang)}: ${policyId(d)}, entry #${d.seq}, drawn on ${d.drawDate}`,
    `${d.period} ${taskText(d.task, lang)}：${policyId(d)}，台账第 ${d.seq} 条，抽取于 ${d.drawDate}`,
  );
  const row = (t: Omit<TreatmentFindings, "treatment">, name: string) => {
    const w = wilson(t.findings, t.made);
    // Whole percents for a few visits; tenths where there are enough to tell them.
    const percent = (x: number) => `${(x * 100).toFixed(t.made >= 100 ? 1 : 0)}%`;
    return [
      name,
      String(t.drawn),
      String(t.made),
      String(t.findings),
      w === undefined ? "" : `${percent(t.findings / t.made)} (${percent(w.low)}–${percent(w.high)})`,
      String(t.unreachable),
      String(t.gone),
    ];
  };
  const header =
    lang === "zh"
      ? [
          "处理方式",
          "抽中检查",
          "已录结果",
          "发现问题",
          "问题发现率（95%区间）",
          "无法联系",
          "注销迁出或无相关经营",
        ]
      : [
          "treatment",
          "drawn",
          "made",
          "with findings",
          "hit rate (95% interval)",
          "unreachable",
          "gone or no activity",
        ];
  const rows = [
    ...d.treatments.map((t) => row(t, t.label ? `${t.treatment} ${t.label[lang]}` : t.treatment)),
    row(d.total, tr(lang, "all", "合计")),
  ];
  return `${heading}\n${textTable(header, rows)}`;
}
