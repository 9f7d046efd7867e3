import { readFileSync } from "node:fs";
import { join } from "node:path";
import { likelyDepartment } from "../data/departments.js";
import type { Conflict, Enterprise, HistoryEntry, Inspector } from "../data/records.js";
import { type Lang, tr } from "../lang.js";
import { type Period, parsePeriod, periodsWithin, today } from "../period.js";
import { type LoadedPolicy, policyId } from "../policy/types.js";
import { inForce } from "../policy/versions.js";
import { cadenceText, statusText } from "../policy/vocabulary.js";
import type { Db } from "../store/db.js";
import { DEFAULT_TASK, taskText } from "../store/ledger.js";
import type { DrawOptions } from "./draw.js";
import { DRAW_FILES } from "./layout.js";

/** Everything an official draw needs. */
export interface DrawRequest {
  readonly policy: LoadedPolicy;
  readonly enterprises: readonly Enterprise[];
  readonly inspectors: readonly Inspector[];
  readonly conflicts: readonly Conflict[];
  readonly history: readonly HistoryEntry[];
  readonly period: string;
  readonly seed: string;
  readonly out: string;
  readonly task?: string;
  readonly departments?: readonly string[];
  /** Draw date; default {@link drawDate}. */
  readonly date?: string;
  readonly raised?: Readonly<Record<string, number>>;
  readonly avoidRepeat?: number;
  readonly dryRun: boolean;
  /**
   * The ledger; required for a production draw. Its inspection results count as history. A
   * function stands for a ledger not yet created, which it creates and opens: called only when
   * the draw is recorded, so a refused first draw leaves no empty database behind.
   */
  readonly db?: Db | (() => Db);
  readonly lang?: Lang;
  readonly now?: () => string;
  /** Told how long each phase of the draw took (see DrawOptions). */
  readonly onPhase?: DrawOptions["onPhase"];
  /** Told as each phase of the draw begins, and as its teams are staffed (see DrawOptions). */
  readonly onProgress?: DrawOptions["onProgress"];
}

/** The input a reason of a refused draw is about: a file, the ledger or the output folder. */
export type DrawInput = "policy" | "enterprises" | "inspectors" | "db" | "out";

/** Why a draw was refused or failed, with every reason and, for each, the input it is about (if any). */
export class DrawError extends Error {
  readonly inputs: readonly (DrawInput | undefined)[];
  constructor(
    readonly reasons: readonly string[],
    inputs: DrawInput | readonly (DrawInput | undefined)[] | undefined = undefined,
  ) {
    super(reasons.join("\n"));
    this.inputs = Array.isArray(inputs) ? inputs : reasons.map(() => inputs as DrawInput | undefined);
  }
}

/** What {@link checkDraw} looks at: the request without its data. */
export type DrawCheck = Pick<
  DrawRequest,
  "policy" | "period" | "date" | "departments" | "task" | "raised" | "dryRun" | "lang"
>;

/** A request that passed {@link checkDraw}: its date, departments and task. */
export interface CheckedDraw {
  readonly date: string;
  readonly departments: readonly string[];
  readonly task: string;
}

/**
 * The date of a draw not given one. A production draw is dated the day it is made, so that a cap
 * over the last months counts the inspections made since the period began (a second task drawn in
 * April sees February's); or the period's first day, when it is drawn ahead of the period (in
 * December, for the half-year to come). A dry run is dated the period's first day, so that a trial
 * gives the same result whenever it is run.
 */
export function drawDate(period: Period, dryRun: boolean, now: string = today()): string {
  return dryRun || now < period.start ? period.start : now;
}

/**
 * The checks of a draw request that need none of its data: the period, the departments, `--raise`
 * and, for a production draw, the policy's status, the draw date and (`ledger` false) a missing
 * ledger. Every reason is given at once. The command line runs them before it reads the inputs,
 * so a refused draw is refused at once and leaves no new ledger behind.
 */
export function checkDraw(r: DrawCheck, ledger: boolean): CheckedDraw {
  const lang = r.lang ?? "en";
  const p = r.policy.policy;
  const period = parsePeriod(r.period);
  if (!period)
    throw new DrawError([
      tr(
        lang,
        `'${r.period}' is not a period (YYYY, YYYY-H1, YYYY-Q1, YYYY-MM)`,
        `“${r.period}”不是有效期间（YYYY、YYYY-H1、YYYY-Q1、YYYY-MM）`,
      ),
    ]);
  if (period.cadence !== p.cadence) {
    // The policy's periods it overlaps: one draw a period (2026-Q3 or 2026-Q4 for 2026-H2).
    const labels = periodsWithin(period, p.cadence).map((x) => x.label);
    const listed =
      labels.length > 4
        ? `${labels[0]} … ${labels[labels.length - 1]}`
        : labels.length > 1
          ? tr(
              lang,
              `${labels.slice(0, -1).join(", ")} or ${labels[labels.length - 1]}`,
              `${labels.slice(0, -1).join("、")} 或 ${labels[labels.length - 1]}`,
            )
          : labels[0];
    throw new DrawError(
      [
        tr(
          lang,
          `the policy draws per ${p.cadence}, but the period ${r.period} is a ${period.cadence}: write ${listed}`,
          `政策按${cadenceText(p.cadence, lang)}抽查，但期间 ${r.period} 以${cadenceText(period.cadence, lang)}为单位：请写 ${listed}`,
        ),
      ],
      "policy",
    );
  }
  const date = r.date ?? drawDate(period, r.dryRun === true);
  const allDepartments = [...new Set(p.items.map((i) => i.department))].sort();
  const departments = r.departments?.length ? [...r.departments].sort() : allDepartments;
  const unknown = unknownDepartments(departments, allDepartments, lang);
  if (unknown) throw new DrawError([unknown], "policy");
  const task = r.task ?? DEFAULT_TASK;
  const reasons: string[] = [];
  const about: (DrawInput | undefined)[] = [];
  const refuse = (reason: string, input?: DrawInput) => {
    reasons.push(reason);
    about.push(input);
  };
  if (!r.dryRun) {
    if (p.status !== "approved")
      refuse(
        tr(
          lang,
          `${policyId(p)} is ${p.status}: production draws use only approved versions (use --dry-run to try it)`,
          `${policyId(p)} 状态为“${statusText(p.status, "zh")}”（${p.status}）：正式抽取只能使用已批准的版本（可用 --dry-run 试抽）`,
        ),
        "policy",
      );
    // A draw recorded as made before its version was approved would follow a policy not yet adopted.
    else if (p.approval && p.approval.date > date)
      refuse(
        tr(
          lang,
          `${policyId(p)} was approved on ${p.approval.date} (${p.approval.document}), after the draw date ${date}: a production draw made on ${date} cannot follow it; draw on or after ${p.approval.date} (--date), or with the version approved by then`,
          `${policyId(p)} 于 ${p.approval.date} 批准（${p.approval.document}），晚于抽取日期 ${date}：${date} 进行的正式抽取不能使用该版本；请在 ${p.approval.date} 或之后抽取（--date），或使用当时已批准的版本`,
        ),
        "policy",
      );
    if (!inForce(r.policy, date))
      refuse(
        tr(
          lang,
          `${policyId(p)} is not in force on ${date} (effective ${p.effective.from}${p.effective.to ? ` to ${p.effective.to}` : ""})`,
          `${policyId(p)} 在 ${date} 不在有效期内（${p.effective.from}${p.effective.to ? ` 至 ${p.effective.to}` : " 起"}）`,
        ),
        "policy",
      );
    // A draw plans the period's inspections: one dated after the period has ended is most often
    // a mistyped --period or --date, and once recorded it must be cancelled to be drawn again.
    if (date > period.end)
      refuse(
        r.date === undefined
          ? tr(
              lang,
              `today, ${date}, is after the end of the period ${r.period} (${period.end}): a production draw plans inspections of a period not yet over; check --period (a draw made on another day than today is given its --date)`,
              `今天（${date}）已晚于期间 ${r.period} 的结束日（${period.end}）：正式抽取只能为尚未结束的期间安排检查；请核对 --period（不是今天进行的抽取，用 --date 给出抽取日期）`,
            )
          : tr(
              lang,
              `the draw date ${date} is after the end of the period ${r.period} (${period.end}): a production draw plans inspections of a period not yet over; check --period and --date`,
              `抽取日期 ${date} 晚于期间 ${r.period} 的结束日（${period.end}）：正式抽取只能为尚未结束的期间安排检查；请核对 --period 和 --date`,
            ),
      );
    if (!ledger)
      refuse(tr(lang, "a production draw needs the ledger (--db)", "正式抽取需要台账数据库（--db）"));
  }
  for (const [t, v] of Object.entries(r.raised ?? {})) {
    const tr_ = Object.hasOwn(p.treatments, t) ? p.treatments[t] : undefined;
    if (!tr_)
      refuse(
        tr(
          lang,
          `--raise ${t}: the policy has no treatment ${t} (it has ${Object.keys(p.treatments).join(", ")})`,
          `--raise ${t}：政策中没有处理方式 ${t}（现有 ${Object.keys(p.treatments).join("、")}）`,
        ),
        "policy",
      );
    else if (typeof tr_.ratio !== "object")
      refuse(
        tr(
          lang,
          `--raise ${t}: only a treatment whose ratio is a range can be raised`,
          `--raise ${t}：只有比例为区间的处理方式可以提高`,
        ),
        "policy",
      );
    else if (v < tr_.ratio.min || v > (tr_.ratio.max ?? 1))
      refuse(
        tr(
          lang,
          `--raise ${t}=${v}: must be within [${tr_.ratio.min}, ${tr_.ratio.max ?? 1}]`,
          `--raise ${t}=${v}：必须在 [${tr_.ratio.min}, ${tr_.ratio.max ?? 1}] 之内`,
        ),
        "policy",
      );
  }
  if (reasons.length) throw new DrawError(reasons, about);
  return { date, departments, task };
}

/**
 * A task's departments that the policy's items do not name, said with the one each most likely is:
 * written another way (市场监督管理局), or several run together with spaces, which do not separate
 * a list. Undefined when every one is the policy's.
 */
export function unknownDepartments(
  departments: readonly string[],
  allDepartments: readonly string[],
  lang: Lang,
): string | undefined {
  const unknown = departments.filter((d) => !allDepartments.includes(d));
  if (unknown.length === 0) return undefined;
  const meant = (d: string) => {
    const words = d.split(/\s+/).filter(Boolean);
    if (words.length > 1 && words.every((w) => allDepartments.includes(w)))
      return {
        en: ` (separate with ",": ${words.join(",")}?)`,
        zh: `（请用“，”分隔：${words.join("，")}？）`,
      };
    const likely = likelyDepartment(d, allDepartments);
    return likely
      ? { en: ` (the policy's ${likely}?)`, zh: `（是否即政策中的 ${likely}？）` }
      : { en: "", zh: "" };
  };
  return tr(
    lang,
    `unknown department(s) ${unknown.map((d) => `${d}${meant(d).en}`).join(", ")}: the policy's items name ${allDepartments.join(", ")}`,
    `未知部门 ${unknown.map((d) => `${d}${meant(d).zh}`).join("、")}：政策事项涉及 ${allDepartments.join("、")}`,
  );
}

/**
 * Why a draw may not be written to `out`: it holds a recorded (production) draw, whose lists were
 * handed out and published, and which the ledger's manifest hash names; a cancelled one's too,
 * kept for the record. Undefined where `out` holds no such draw (none, or a dry run's, which a
 * draw replaces).
 */
export function recordedDrawAt(out: string, lang: Lang): string | undefined {
  const file = join(out, DRAW_FILES.manifest);
  let m: {
    dryRun?: unknown;
    policy?: { id?: unknown; version?: unknown };
    task?: { name?: unknown };
    period?: unknown;
  };
  try {
    m = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
  if (m?.dryRun !== false) return undefined;
  const what = `${m.policy?.id}@${m.policy?.version} ${taskText(String(m.task?.name), lang)} ${m.period}`;
  return tr(
    lang,
    `the folder holds the recorded draw ${what}: a draw never replaces a recorded one's folder, whose lists were handed out and published (a cancelled one's is kept for the record); choose another --out`,
    `该文件夹中是已记入台账的抽取 ${what}：抽取不会覆盖已记入台账的抽取文件夹（其名单已下发、公示；已撤销的也留作记录）；请另选 --out`,
  );
}
