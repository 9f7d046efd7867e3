import { existsSync } from "node:fs";
import { join } from "node:path";
import { DRAW_FILES } from "../engine/draw/layout.js";
import { type Lang, tr } from "../engine/lang.js";
import { readJson, refuse } from "./folder-files.js";
import { legendAbove, textWidth } from "./legend.js";
import { Plot, renderSvg, wholeTicks } from "./plot.js";
import type { Chart } from "./sim-charts.js";

/** One inspector of a draw: this draw's inspections, those of the period's earlier draws, the capacity per period. */
interface Load {
  readonly id: string;
  readonly department: string;
  readonly n: number;
  readonly earlier: number;
  readonly capacity: number | null;
}

/** Keys of the colour scale beside the departments: never a department's name, which has no "\0". */
const EARLIER = "\0earlier";
const CAPACITY = "\0capacity";

/**
 * The inspectors of a draw folder with an assignment in it, the most loaded first: this draw's
 * inspections, the period's earlier draws' (as the draw read them from the ledger) and each
 * inspector's capacity per period, from the inputs recorded for verify.
 */
export function drawLoads(
  dir: string,
  assignments: readonly { inspector: string; department: string }[],
  lang: Lang,
): Load[] {
  const loads = new Map<string, { department: string; n: number }>();
  for (const a of assignments)
    loads.set(a.inspector, { department: a.department, n: (loads.get(a.inspector)?.n ?? 0) + 1 });
  // Each read as the report reads its other files (readJson), and refused, naming the file, where
  // it is not JSON or not what a draw records.
  const recorded = (file: string) =>
    existsSync(join(dir, file)) ? readJson(join(dir, file), lang) : undefined;
  const ledger = recorded(DRAW_FILES.inputs.ledger) ?? {};
  const load = (ledger as { load?: unknown }).load ?? {};
  if (typeof load !== "object" || load === null || Array.isArray(load))
    refuse(join(dir, DRAW_FILES.inputs.ledger), tr(lang, "its load is not an object", "其 load 不是对象"));
  const earlier = load as Record<string, unknown>;
  const inspectors = recorded(DRAW_FILES.inputs.inspectors) ?? [];
  if (!Array.isArray(inspectors))
    refuse(
      join(dir, DRAW_FILES.inputs.inspectors),
      tr(lang, "not the list of inspectors a draw records", "不是抽取所记录的执法人员列表"),
    );
  const capacity = new Map(
    (inspectors as { id?: unknown; capacity?: unknown }[]).map((i) => [
      String(i?.id),
      typeof i?.capacity === "number" ? i.capacity : null,
    ]),
  );
  return [...loads.entries()]
    .map(([id, l]) => ({
      id,
      ...l,
      earlier: Object.hasOwn(earlier, id) && typeof earlier[id] === "number" ? earlier[id] : 0,
      capacity: capacity.get(id) ?? null,
    }))
    .sort((a, b) => b.earlier + b.n - (a.earlier + a.n) || b.n - a.n || (a.id < b.id ? -1 : 1));
}

/**
 * The chart of inspections per inspector: this draw's bars coloured by department, on the
 * period's earlier draws' in grey where there are any, and each inspector's capacity per period
 * as a tick where one is set; the legend above the frame. The table beside has the same figures.
 */
export function loadChart(rows: readonly Load[], lang: Lang): Chart {
  const zh = lang === "zh";
  const departments = [...new Set(rows.map((l) => l.department))];
  const anyEarlier = rows.some((l) => l.earlier > 0);
  const capped = rows.filter((l) => l.capacity !== null);
  const earlierText = zh ? "本期此前的抽取" : "earlier draws this period";
  const capacityText = zh ? "每期检查上限" : "capacity per period";
  // The legend has the frame's width (the chart's less its margins, below) but for 100 px at the
  // left, where the y axis' label is in the top margin.
  const legend = legendAbove(
    [
      ...departments.map((d): [string, string] => [d, d]),
      ...(anyEarlier ? [[earlierText, EARLIER] as [string, string]] : []),
      ...(capped.length ? [[capacityText, CAPACITY] as [string, string]] : []),
    ],
    720 - 40 - 20 - 100,
  );
  // Past 40 inspectors their ids would overlap: neither ids nor ticks, nor room for them.
  const ids = rows.length <= 40;
  return {
    id: "loads",
    title: zh
      ? "执法人员检查任务数 / Inspections per inspector"
      : "Inspections per inspector / 执法人员检查任务数",
    svg: renderSvg({
      width: 720,
      height: 260,
      marginTop: legend.marginTop,
      marginLeft: 40,
      marginRight: 20,
      // The ids written at 45°, the tick and the axis' label below them.
      marginBottom: ids ? Math.ceil(Math.max(...rows.map((l) => textWidth(l.id))) * Math.SQRT1_2) + 36 : 30,
      x: {
        label: zh ? "执法人员编号" : "inspector",
        domain: rows.map((l) => l.id),
        tickRotate: -45,
        tickFormat: (d: string) => (ids ? d : ""),
        tickSize: ids ? 6 : 0,
      },
      // Room above the highest bar or tick, under the legend.
      y: {
        label: zh ? "任务数" : "inspections",
        grid: true,
        insetTop: 6,
        ticks: wholeTicks(Math.max(...rows.map((l) => Math.max(l.earlier + l.n, l.capacity ?? 0)))),
        tickFormat: "d",
      },
      color: {
        domain: [...departments, EARLIER, CAPACITY],
        range: [...departmentColours(departments), "#c4c4c4", "#222"],
      },
      marks: [
        ...(anyEarlier ? [Plot.barY(rows, { x: "id", y1: 0, y2: "earlier", fill: () => EARLIER })] : []),
        Plot.barY(rows, { x: "id", y1: "earlier", y2: (l: Load) => l.earlier + l.n, fill: "department" }),
        Plot.tickY(capped, { x: "id", y: "capacity", stroke: () => CAPACITY, strokeWidth: 2 }),
        Plot.ruleY([0]),
        ...legend.marks,
      ],
    }),
    table: {
      header: [
        ...(zh ? ["执法人员编号", "部门", "任务数"] : ["inspector", "department", "inspections"]),
        ...(anyEarlier ? [earlierText] : []),
        ...(capped.length ? [capacityText] : []),
      ],
      rows: rows.map((l) => [
        l.id,
        l.department,
        String(l.n),
        ...(anyEarlier ? [String(l.earlier)] : []),
        ...(capped.length ? [l.capacity === null ? "—" : String(l.capacity)] : []),
      ]),
    },
  };
}

/** The colours Plot gives the departments by default (its categorical scheme, cycled past its last). */
function departmentColours(departments: readonly string[]): string[] {
  const scheme = Plot.scale({ color: { domain: departments } }).range as readonly string[];
  return departments.map((_, i) => scheme[i % scheme.length]);
}
