import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { algorithmText } from "../engine/draw/algorithm.js";
import type { Manifest } from "../engine/draw/outputs.js";
import type { Lang } from "../engine/lang.js";
import { noneDrawnWhy } from "../engine/plan.js";
import type { Policy } from "../engine/policy/types.js";
import { statusText, treatmentLabel, treatmentText } from "../engine/policy/vocabulary.js";
import { taskText } from "../engine/store/ledger.js";
import { drawLoads, loadChart } from "./draw-loads.js";
import { folderCsv, readJson } from "./folder-files.js";
import { esc, htmlTable, mdTable, page } from "./html.js";
import { legendAbove, textWidth } from "./legend.js";
import { Plot, renderSvg, wholeTicks } from "./plot.js";
import type { Chart } from "./sim-charts.js";

/** What a draw report shows: strata, departments, inspectors' loads (ids only), the manifest, how to verify. */
export interface DrawReport {
  readonly manifest: Manifest;
  readonly charts: Chart[];
  readonly tables: { title: string; header: string[]; rows: string[][] }[];
}

/** The shades of the strata chart's bars. */
const ELIGIBLE = "#c9d6f2";
const DRAWN = "#4269d0";
/** The strata chart's height per stratum: room for two lines of 12px text beside a bar. */
const ROW = 40;

/** Reads a draw folder and builds its report content. */
export function drawReport(dir: string, lang: Lang): DrawReport {
  const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as Manifest;
  const assignments = folderCsv(join(dir, "assignments.csv"), ["inspector", "department"], lang) as {
    inspector: string;
    department: string;
  }[];
  const strata = manifest.counts.strata.map((s) => ({ ...s }));
  const zh = lang === "zh";
  // The policy as recorded for verify names the treatments in Chinese.
  const recorded = join(dir, "inputs", "policy.json");
  const policy = existsSync(recorded) ? (readJson(recorded, lang) as Partial<Policy> | null) : undefined;
  // Those with a Chinese label, whatever else the file holds.
  const treatments = Object.fromEntries(
    Object.entries(policy?.treatments ?? {}).filter(([, t]) => typeof t?.label?.zh === "string"),
  );
  // Each stratum by its id and, in Chinese, on a second line its label: the left margin as wide as
  // the widest line, each row high enough for two lines.
  const strataLabel = (id: string) => {
    const label = treatmentLabel(treatments, id);
    return zh && label ? `${id}\n${label}` : id;
  };
  const marginLeft = Math.max(
    60,
    ...strata.flatMap((s) =>
      strataLabel(s.stratum)
        .split("\n")
        .map((line) => Math.ceil(textWidth(line)) + 15),
    ),
  );
  const shades = legendAbove(
    [
      [zh ? "可抽取" : "eligible", ELIGIBLE],
      [zh ? "抽取" : "drawn", DRAWN],
    ],
    // The frame's width: the chart's less its margins (below).
    720 - marginLeft - 30,
  );
  const strataChart: Chart = {
    id: "strata",
    title: zh
      ? "各抽查层的可抽取数与抽取数 / Eligible and drawn per stratum"
      : "Eligible and drawn per stratum / 各抽查层的可抽取数与抽取数",
    svg: renderSvg({
      width: 720,
      height: shades.marginTop + 45 + ROW * Math.max(strata.length, 4),
      marginTop: shades.marginTop,
      marginLeft,
      marginRight: 30,
      marginBottom: 45,
      // The label centred below the ticks: at the axis' end it ran over the last one.
      // From 0 to the most eligible, at least 1 (an axis of zeros drew every bar across the frame).
      x: {
        label: zh ? "企业数" : "enterprises",
        grid: true,
        labelAnchor: "center",
        labelArrow: "none",
        domain: [0, Math.max(1, ...strata.map((s) => s.eligible))],
        ticks: wholeTicks(Math.max(0, ...strata.map((s) => s.eligible))),
        tickFormat: "d",
      },
      // In the policy's order, as the table below: not alphabetically.
      y: { domain: strata.map((s) => s.stratum) },
      marks: [
        // Two lines 1.25 em apart: at 1 em a Chinese label's characters touch the id above them.
        Plot.axisY({ label: null, tickFormat: strataLabel, lineHeight: zh ? 1.25 : 1 }),
        Plot.barX(strata, { y: "stratum", x: "eligible", fill: ELIGIBLE }),
        Plot.barX(strata, { y: "stratum", x: "n", fill: DRAWN }),
        Plot.ruleX([0]),
        ...shades.marks,
      ],
    }),
    table: {
      header: zh ? ["抽查层", "可抽取", "比例", "抽取"] : ["stratum", "eligible", "ratio", "drawn"],
      rows: strata.map((s) => {
        // None drawn of those eligible: why, and from how many one would be (the recorded policy's rounding).
        const why = policy?.treatments
          ? noneDrawnWhy({ ...s, treatment: s.stratum }, policy as Policy)
          : undefined;
        return [
          treatmentText(treatments, s.stratum, lang),
          String(s.eligible),
          `${(s.ratio * 100).toFixed(1)}%`,
          why ? (zh ? `${s.n}（${why.zh}）` : `${s.n} (${why.en})`) : String(s.n),
        ];
      }),
    },
  };
  const loads = drawLoads(dir, assignments, lang);
  // The departments visiting (a joint visit's from outside the task too), then the task's others
  // with 0: a draw that drew no one listed none. Each with the inspectors it sends and their team
  // places: how hard the draw works its inspectors, department by department.
  const counted = manifest.counts.byDepartment;
  const departments = [
    ...Object.keys(counted),
    ...manifest.task.departments.map(String).filter((d) => !Object.hasOwn(counted, d)),
  ];
  const sent = new Map<string, Map<string, number>>();
  for (const a of assignments) {
    const own = sent.get(a.department) ?? new Map<string, number>();
    own.set(a.inspector, (own.get(a.inspector) ?? 0) + 1);
    sent.set(a.department, own);
  }
  const byDepartment = departments.map((d) => {
    const places = [...(sent.get(d)?.values() ?? [])];
    const total = places.reduce((a, b) => a + b, 0);
    return [
      d,
      String(counted[d] ?? 0),
      String(places.length),
      String(total),
      places.length ? (total / places.length).toFixed(1) : "-",
      places.length ? String(Math.max(...places)) : "-",
    ];
  });
  return {
    manifest,
    // No chart of inspectors' loads where no one was assigned (nothing drawn).
    charts: [strataChart, ...(loads.length ? [loadChart(loads, lang)] : [])],
    tables: [
      {
        title: zh
          ? "各部门检查企业数与选派人员 / Enterprises and inspectors per department"
          : "Enterprises and inspectors per department / 各部门检查企业数与选派人员",
        header: zh
          ? ["部门", "企业数", "选派人员", "选派人次", "人均人次", "最多人次"]
          : [
              "department",
              "enterprises",
              "inspectors sent",
              "team places",
              "places per inspector",
              "most of one",
            ],
        rows: byDepartment,
      },
    ],
  };
}

function summary(m: Manifest, lang: Lang): string[][] {
  const zh = lang === "zh";
  return [
    [
      zh ? "政策" : "policy",
      zh
        ? `${m.policy.id}@${m.policy.version}（${statusText(m.policy.status, "zh")}）`
        : `${m.policy.id}@${m.policy.version} (${m.policy.status})`,
    ],
    [zh ? "政策 SHA-256" : "policy SHA-256", m.policy.sha256],
    [
      zh ? "任务" : "task",
      zh
        ? `${taskText(m.task.name, "zh")}：${m.task.departments.join("、")}`
        : `${m.task.name}: ${m.task.departments.join(", ")}`,
    ],
    [zh ? "期间 / 抽取日期" : "period / draw date", `${m.period} / ${m.drawDate}`],
    [zh ? "公开种子" : "public seed", m.seed],
    [zh ? "抽取框架哈希" : "frame hash", m.frameHash],
    [zh ? "抽取企业 / 选派人次" : "drawn / assignments", `${m.counts.selected} / ${m.counts.assignments}`],
    [zh ? "结果哈希" : "result hash", m.resultHash],
    [
      zh ? "软件 / 算法" : "software / algorithm",
      `${m.software.name} ${m.software.version}; ${algorithmText(m.algorithm, lang)}`,
    ],
    [
      zh ? "试抽" : "dry run",
      zh ? (m.dryRun ? "是（未记入台账）" : "否") : m.dryRun ? "yes (not recorded)" : "no",
    ],
  ];
}

/**
 * How anyone checks the draw in `folder`, a path quoted where it has a space, so it can be copied
 * as it is; `code` writes a command (as HTML, or as Markdown).
 */
const verifyText = (folder: string, m: Manifest, lang: Lang, code: (command: string) => string) => {
  const dir = /\s/.test(folder) ? `"${folder}"` : folder;
  const seed = `"${m.effectiveSeed}"`;
  return lang === "zh"
    ? `任何人都可以复核：运行 ${code(`gradedraw verify ${dir}`)}，由记录的输入重新推导全部结果；或运行 ${code(`gradedraw tickets --seed ${seed} 统一社会信用代码`)} 查看某一企业的抽签号，并与 selected.csv 比对（在公开的文件夹中运行 ${code(`gradedraw tickets --draw ${dir} 统一社会信用代码`)} 亦可，并说明是否抽中）。`
    : `Anyone can check it: ${code(`gradedraw verify ${dir}`)} re-derives every output from the recorded inputs, and ${code(`gradedraw tickets --seed ${seed} USCC`)} gives any enterprise's ticket to compare with selected.csv (or, beside the published folder, ${code(`gradedraw tickets --draw ${dir} USCC`)}, which also says whether it was drawn).`;
};

/** The HTML draw report; `shownAs`: the folder's path as its reader will find it (default `dir`). */
export function drawHtml(dir: string, lang: Lang, shownAs = dir): string {
  const r = drawReport(dir, lang);
  const zh = lang === "zh";
  const body = [
    `<h1>${zh ? "抽查抽取报告 / Draw report" : "Draw report / 抽查抽取报告"}</h1>`,
    `<p class="sub">${esc(`${r.manifest.policy.id}@${r.manifest.policy.version} — ${r.manifest.period} — ${taskText(r.manifest.task.name, lang)}`)}</p>`,
    `<h2>${zh ? "清单 / Manifest" : "Manifest / 清单"}</h2>`,
    htmlTable(zh ? ["项目", "值"] : ["field", "value"], summary(r.manifest, lang)),
    ...r.charts.map(
      (c) =>
        `<figure id="${c.id}" class="chart"><figcaption>${esc(c.title)}</figcaption>${c.svg}<details><summary>${zh ? "图表数据" : "Numbers"}</summary>${htmlTable(c.table.header, c.table.rows)}</details></figure>`,
    ),
    ...r.tables.map((t) => `<h2>${esc(t.title)}</h2>${htmlTable(t.header, t.rows)}`),
    `<h2>${zh ? "如何复核 / How to verify" : "How to verify / 如何复核"}</h2>`,
    `<p>${verifyText(shownAs, r.manifest, lang, (c) => `<code>${esc(c)}</code>`)}</p>`,
  ].join("\n");
  return page(zh ? "抽查抽取报告" : "Draw report", lang, body);
}

/** The Markdown draw report, charts as PNG files beside it; `shownAs` as for drawHtml. */
export function drawMarkdown(dir: string, lang: Lang, shownAs = dir): { md: string; charts: Chart[] } {
  const r = drawReport(dir, lang);
  const zh = lang === "zh";
  const md = [
    `# ${zh ? "抽查抽取报告 / Draw report" : "Draw report / 抽查抽取报告"}`,
    "",
    mdTable(zh ? ["项目", "值"] : ["field", "value"], summary(r.manifest, lang)),
    "",
    ...r.charts.flatMap((c) => [
      `## ${c.title}`,
      "",
      `![${c.title}](charts/${c.id}.png)`,
      "",
      mdTable(c.table.header, c.table.rows),
      "",
    ]),
    ...r.tables.flatMap((t) => [`## ${t.title}`, "", mdTable(t.header, t.rows), ""]),
    `## ${zh ? "如何复核 / How to verify" : "How to verify / 如何复核"}`,
    "",
    verifyText(shownAs, r.manifest, lang, (c) => `\`${c}\``),
    "",
  ].join("\n");
  return { md, charts: r.charts };
}
