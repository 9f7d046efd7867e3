import { type Lang, pick, tr } from "../engine/lang.js";
import { perInspectorPhrase } from "../simulator/capacity.js";
import { districtPhrase } from "../simulator/district-source.js";
import { findingCodeCaution, findingCodeSentence, findingCodeTable } from "../simulator/finding-codes.js";
import {
  type GradeChanges,
  gradeChangeCaution,
  gradeChangeSentence,
  gradeChangeTable,
} from "../simulator/grade-changes.js";
import { hitRateCaution, hitRateSentence, hitRateTable } from "../simulator/hit-rates.js";
import {
  COMPARISON_NOTE,
  comparisonTables,
  DEPARTMENT_LOAD_LABEL,
  gradeShareLabel,
  isShareMetric,
  lastPeriod,
  METRIC_LABELS,
  MIX_GRADES,
  SUMMARY_METRICS,
  unsignedZero,
  variantLabels,
} from "../simulator/output.js";
import type { SimulationResult } from "../simulator/run.js";
import { variantChanges } from "../simulator/variant-changes.js";
import { esc, htmlTable, mdTable, page } from "./html.js";
import { type Chart, simulationCharts } from "./sim-charts.js";

const T = {
  title: { zh: "政策方案模拟报告", en: "Policy simulation report" },
  scenario: { zh: "场景", en: "Scenario" },
  policies: { zh: "比较的政策方案", en: "Policies compared" },
  brief: { zh: "要点", en: "In brief" },
  glance: { zh: "末期概览", en: "The last period at a glance" },
  assumptions: { zh: "假设与来源", en: "Assumptions and sources" },
  charts: { zh: "图表", en: "Charts" },
  differences: { zh: "与基准方案的配对差值", en: "Paired differences against the baseline" },
  numbers: { zh: "图表数据", en: "Numbers behind the chart" },
} as const;

/** Both languages of a heading, the report's language first. */
const both = (t: { zh: string; en: string }, lang: Lang) =>
  lang === "zh" ? `${t.zh} / ${t.en}` : `${t.en} / ${t.zh}`;

function policyRows(r: SimulationResult, lang: Lang) {
  return {
    header:
      lang === "zh"
        ? ["方案", "政策", "版本", "SHA-256", "说明"]
        : ["variant", "policy", "version", "SHA-256", "title"],
    rows: r.variants.map((v, i) => [
      i === 0 ? (lang === "zh" ? "基准" : "baseline") : String(i),
      v.policy,
      v.version,
      v.hash.slice(0, 16),
      v.title[lang],
    ]),
  };
}

/**
 * Each variant's paired differences from the baseline in the last period: the summary metrics of
 * every grade together, then each grade's share of the enterprises (the grade mix).
 */
function differenceRows(r: SimulationResult, lang: Lang) {
  const last = lastPeriod(r);
  const labels = variantLabels(r);
  const compared = [
    ...SUMMARY_METRICS.map((name) => ({ name, grade: "all", said: METRIC_LABELS[name][lang] })),
    ...MIX_GRADES.map((grade) => ({ name: "gradeShare", grade, said: gradeShareLabel(grade, lang) })),
  ];
  const rows = r.variants.slice(1).flatMap((v, i) => {
    const row = (name: string, said: string, d: { mean: number; lo: number; hi: number } | undefined) => {
      const f = (x: number) =>
        isShareMetric(name) ? `${unsignedZero((x * 100).toFixed(2))} pp` : unsignedZero(x.toFixed(1));
      return [labels[i + 1], said, d ? f(d.mean) : "", d ? `${f(d.lo)} – ${f(d.hi)}` : ""];
    };
    return [
      ...compared.map(({ name, grade, said }) =>
        row(
          name,
          said,
          v.differences?.find((m) => m.period === last && m.grade === grade && m.name === name),
        ),
      ),
      // Each department's load against its own inspectors' capacity (none in a results.json of before).
      ...(v.departmentLoadDifferences ?? [])
        .filter((m) => m.period === last)
        .map((m) =>
          row(
            "loadVsCapacity",
            lang === "zh"
              ? `${DEPARTMENT_LOAD_LABEL.zh}（${m.department}）`
              : `${DEPARTMENT_LOAD_LABEL.en} (${m.department})`,
            m,
          ),
        ),
    ];
  });
  return {
    header:
      lang === "zh"
        ? ["方案", `指标（${last}）`, "差值均值", "95% 区间"]
        : ["variant", `metric (${last})`, "mean difference", "95% interval"],
    rows,
  };
}

function intro(r: SimulationResult, lang: Lang): string {
  // Variants staffing larger teams than the scenario's (their teamSize), each named with its own.
  const labels = variantLabels(r);
  const larger = r.variants.flatMap((v, i) =>
    v.teamSize !== undefined && v.teamSize !== r.resources.teamSize
      ? [{ label: labels[i], n: v.teamSize }]
      : [],
  );
  const own = !larger.length
    ? ""
    : lang === "zh"
      ? `（${larger.map((x) => `${x.label}：${x.n} 人`).join("，")}）`
      : ` (${larger.map((x) => `${x.label}: ${x.n}`).join(", ")})`;
  // Where the district came from (none said for a results.json of before).
  const said = districtPhrase(r.district, lang);
  const district = said ? (lang === "zh" ? said : ` ${said}`) : "";
  return lang === "zh"
    ? `${r.title.zh}：${r.years} 年，${r.replications} 次重复，随机种子 ${r.seed}；执法人员 ${Object.values(r.resources.inspectors).reduce((a, b) => a + b, 0)} 名，${perInspectorPhrase(r.resources, lang)}，检查组 ${r.resources.teamSize} 人${own}。各方案使用相同的随机数（共同随机数），差异仅来自政策。${district}`
    : `${r.title.en}: ${r.years} year${r.years === 1 ? "" : "s"}, ${r.replications} replications, seed ${r.seed}; ${Object.values(r.resources.inspectors).reduce((a, b) => a + b, 0)} inspectors, ${perInspectorPhrase(r.resources, lang)}, teams of ${r.resources.teamSize}${own}. All variants read the same random numbers (common random numbers), so differences come from policy alone.${district}`;
}

/** The HTML report of a simulation: one self-contained file with inline SVG charts and every number behind them. */
export function simulationHtml(
  r: SimulationResult,
  lang: Lang,
  charts: Chart[] = simulationCharts(r, lang),
): string {
  const p = policyRows(r, lang);
  const d = differenceRows(r, lang);
  const unsimulated = caveat(r, lang);
  const caution = behaviourCaution(r, lang);
  const body = [
    `<h1>${esc(both(T.title, lang))}</h1>`,
    `<p class="sub">${esc(intro(r, lang))}</p>`,
    `<h2>${esc(both(T.policies, lang))}</h2>`,
    htmlTable(p.header, p.rows),
    `<h2>${esc(both(T.brief, lang))}</h2>`,
    `<ul>${variantChanges(r, lang)
      .map((c) => `<li><strong>${esc(c.variant)}</strong>${esc(c.text)}</li>`)
      .join("")}</ul>`,
    ...(caution ? [`<p><strong>${esc(caution)}</strong></p>`] : []),
    `<h2>${esc(both(T.glance, lang))}</h2>`,
    ...comparisonTables(r, lang).map((t) => htmlTable(t.header, t.rows)),
    `<p class="sub">${esc(COMPARISON_NOTE[lang])}</p>`,
    `<h2>${esc(both(T.assumptions, lang))}</h2>`,
    r.assumptions.length
      ? `${unsimulated ? `<p>${esc(unsimulated)}</p>` : ""}<ul>${r.assumptions.map((a) => `<li>${esc(pick(a.text, lang))}${a.source ? ` — <em>${esc(pick(a.source, lang))}</em>` : ""}</li>`).join("")}</ul>`
      : `<p>${esc(noAssumptions(lang))}</p>`,
    ...pastBehaviour(r, lang).map((part) =>
      typeof part === "string" ? `<p>${esc(part)}</p>` : htmlTable(part.header, part.rows),
    ),
    `<h2>${esc(both(T.charts, lang))}</h2>`,
    ...charts.map(
      (c) =>
        `<figure id="${c.id}" class="chart"><figcaption>${esc(c.title)}</figcaption>${c.svg}<details><summary>${esc(both(T.numbers, lang))}</summary>${htmlTable(c.table.header, c.table.rows)}</details></figure>`,
    ),
    `<h2>${esc(both(T.differences, lang))}</h2>`,
    htmlTable(d.header, d.rows),
  ].join("\n");
  return page(`${T.title[lang]} — ${r.title[lang]}`, lang, body);
}

/**
 * Said before a scenario's assumptions where the district's own files stood in for what it assumes:
 * its assumptions of the population's make-up, or of the inspectors' number, then describe a
 * district that was not simulated.
 */
function caveat(r: SimulationResult, lang: Lang): string {
  const file = r.district?.file !== undefined;
  const directory = r.district?.directory !== undefined;
  if (!file && !directory) return "";
  const en = [
    file ? "the enterprises are the district's own file" : "",
    directory ? "the inspectors its directory" : "",
  ].filter(Boolean);
  const zh = [file ? "企业为本辖区企业名录" : "", directory ? "执法人员为本辖区执法人员名录" : ""].filter(
    Boolean,
  );
  const of = [
    file
      ? tr(
          lang,
          "the population's make-up (grade shares, key enterprises, industries, regions)",
          "企业构成（信用等级占比、重点类企业、行业、区域）",
        )
      : "",
    directory ? tr(lang, "the inspectors' number", "执法人员人数") : "",
  ].filter(Boolean);
  return tr(
    lang,
    `In this simulation ${en.join(" and ")}: an assumption below of ${of.join(" or of ")} does not describe what was simulated; those of behaviour, entries and exits stand.`,
    `本次模拟中${zh.join("，")}：下列关于${of.join("或")}的假设不描述本次模拟的对象；关于行为及企业新设、退出的假设仍然适用。`,
  );
}

/**
 * The behaviour assumed against the district's own, where its past inspections were given: the
 * hit rates by grade (the sentence saying what was counted, then the table; the sentence alone
 * where none could be), then, with a grade history, the grade changes (the sentence, then a table
 * without a finding and one after a finding, each where any was counted), then the result codes of
 * the district's random findings against the scenario's findingResults (see finding-codes).
 */
function pastBehaviour(r: SimulationResult, lang: Lang): (string | { header: string[]; rows: string[][] })[] {
  const hits = r.district?.past?.hitRates;
  const changes = r.district?.past?.gradeChanges;
  const codes = r.district?.past?.findingResults;
  const table = (label: string, rows: GradeChanges["normal"]) =>
    rows.length ? [label, gradeChangeTable(rows, lang)] : [];
  return [
    ...(hits ? [hitRateSentence(hits, lang), ...(hits.grades.length ? [hitRateTable(hits, lang)] : [])] : []),
    ...(changes
      ? [
          gradeChangeSentence(changes, lang),
          ...table(tr(lang, "Without a finding in the period:", "期内未发现问题："), changes.normal),
          ...table(tr(lang, "After a finding in the period:", "期内发现问题后："), changes.found),
        ]
      : []),
    ...(codes ? [findingCodeSentence(codes, lang), findingCodeTable(codes, lang)] : []),
  ];
}

/** What is said under the brief where the district's results do not bear the scenario's behaviour out (see hit-rates, grade-changes). */
function behaviourCaution(r: SimulationResult, lang: Lang): string {
  const past = r.district?.past;
  return [
    hitRateCaution(past?.hitRates, lang),
    gradeChangeCaution(past?.gradeChanges, lang),
    findingCodeCaution(past?.findingResults, lang),
  ]
    .filter(Boolean)
    .join(" ");
}

/**
 * Said where the scenario lists no assumption, rather than a heading over nothing: a reader is
 * told that where its figures come from is nowhere said.
 */
function noAssumptions(lang: Lang): string {
  return lang === "zh"
    ? "情景文件未列出任何假设（assumptions:），未说明其企业、行为与执法力量等数字从何而来；据此决策前，请在情景文件中逐项写明。"
    : "The scenario lists no assumptions (assumptions:): where its figures of population, behaviour and resources come from is not said; list each in the scenario file before the results inform a decision.";
}

/** The Markdown report: the same tables, charts as PNG files beside it (`charts/<id>.png`). */
export function simulationMarkdown(r: SimulationResult, lang: Lang, charts: Chart[]): string {
  const p = policyRows(r, lang);
  const d = differenceRows(r, lang);
  const unsimulated = caveat(r, lang);
  const caution = behaviourCaution(r, lang);
  return [
    `# ${both(T.title, lang)}`,
    "",
    intro(r, lang),
    "",
    `## ${both(T.policies, lang)}`,
    "",
    mdTable(p.header, p.rows),
    "",
    `## ${both(T.brief, lang)}`,
    "",
    ...variantChanges(r, lang).map((c) => `- **${c.variant}**${c.text}`),
    "",
    ...(caution ? [`**${caution}**`, ""] : []),
    `## ${both(T.glance, lang)}`,
    "",
    ...comparisonTables(r, lang).flatMap((t) => [mdTable(t.header, t.rows), ""]),
    COMPARISON_NOTE[lang],
    "",
    `## ${both(T.assumptions, lang)}`,
    "",
    ...(r.assumptions.length
      ? [
          ...(unsimulated ? [unsimulated, ""] : []),
          ...r.assumptions.map(
            (a) => `- ${pick(a.text, lang)}${a.source ? ` — *${pick(a.source, lang)}*` : ""}`,
          ),
        ]
      : [noAssumptions(lang)]),
    "",
    ...pastBehaviour(r, lang).flatMap((part) => [
      typeof part === "string" ? part : mdTable(part.header, part.rows),
      "",
    ]),
    `## ${both(T.charts, lang)}`,
    "",
    ...charts.flatMap((c) => [
      `### ${c.title}`,
      "",
      `![${c.title}](charts/${c.id}.png)`,
      "",
      mdTable(c.table.header, c.table.rows),
      "",
    ]),
    `## ${both(T.differences, lang)}`,
    "",
    mdTable(d.header, d.rows),
    "",
  ].join("\n");
}
