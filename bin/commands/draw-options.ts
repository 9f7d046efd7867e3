import { type Lang, tr } from "../../engine/lang.js";
import type { Period } from "../../engine/period.js";
import { DEFAULT_DB } from "../../engine/store/db.js";
import { DEFAULT_TASK } from "../../engine/store/ledger.js";
import { type Command, UsageError } from "../context.js";
import { dateOption, periodOption, seedOption, wholeOption } from "../options.js";
import { missingOptionsMessage } from "../usage-messages.js";

/** Declares the options of `gradedraw draw` (see DrawOpts). */
export function drawCommandOptions(cmd: Command): Command {
  return cmd
    .option(
      "--policy <file>",
      "policy file (production: an approved version in force on the draw date), or a folder of its versions (the one in force is taken)",
    )
    .option("--enterprises <file>", "directory of enterprises (检查对象名录库)")
    .option("--inspectors <file>", "directory of inspectors (执法检查人员名录库)")
    .option("--conflicts <file>", "declared conflicts of interest (回避)")
    .option("--history <file>", "inspection history file (added to the results recorded in --db)")
    .option(
      "--db <file>",
      `the ledger database (default ${DEFAULT_DB}; a dry run reads it only if it exists, and says so of one given that does not)`,
    )
    .option(
      "--period <period>",
      "the draw period: YYYY, YYYY-H1, YYYY-Q1 or YYYY-MM, matching the policy's cadence",
    )
    .option("--seed <seed>", "the public seed (e.g. dice digits and a beacon value)")
    .option(
      "--out <dir>",
      "output folder (must be new, empty or a previous dry run's folder; a recorded draw's is never replaced)",
    )
    .option("--task <name>", "task name; several tasks per period are drawn one after another", DEFAULT_TASK)
    .option(
      "--departments <list>",
      "departments of the task, separated by , ; or 、 (default: every department of the policy's items)",
    )
    .option(
      "--date <date>",
      "the day the draw is made, YYYY-MM-DD (default: today, or the period's first day when drawn ahead of it; a dry run: the period's first day)",
    )
    .option(
      "--raise <treatment=ratio>",
      "raise the ratio of a treatment without an upper limit (repeatable)",
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option(
      "--avoid-repeat <n>",
      "an inspector is not sent to an enterprise they inspected in their previous N draws",
      "0",
    )
    .option("--dry-run", "try the draw: any policy status, nothing recorded in the ledger");
}

/** The options of `gradedraw draw`, as commander gives them. */
export interface DrawOpts {
  policy: string;
  enterprises: string;
  inspectors: string;
  conflicts?: string;
  history?: string;
  db?: string;
  period: string;
  seed: string;
  out: string;
  task?: string;
  departments?: string;
  date?: string;
  raise: string[];
  avoidRepeat?: string;
  dryRun?: boolean;
  json?: boolean;
  encoding?: string;
  sheet?: string;
}

/**
 * The options of a draw checked before anything is read (the required ones, the period, seed and
 * date, --raise, --avoid-repeat and --task), each refused as a usage error naming the option.
 */
export function drawOptions(
  opts: DrawOpts,
  lang: Lang,
): {
  period: Period;
  date: string | undefined;
  raised: Record<string, number>;
  avoidRepeat: number;
} {
  // Checked here, not by commander: a parent's required options would also be demanded of `draw cancel`.
  const required: [string, string | undefined][] = [
    ["--policy", opts.policy],
    ["--enterprises", opts.enterprises],
    ["--inspectors", opts.inspectors],
    ["--period", opts.period],
    ["--seed", opts.seed],
    ["--out", opts.out],
  ];
  // An empty seed is given, and said so by seedOption below. Every one left out is named at once.
  const missing = required
    .filter(([name, v]) => !v && !(name === "--seed" && v === ""))
    .map(([name]) => name);
  if (missing.length) throw new UsageError(missingOptionsMessage(missing, lang));
  const period = periodOption(opts.period, lang);
  seedOption(opts.seed, lang);
  // A draw's effective seed (a manifest's, the public seed and a frame hash) given as the public seed:
  // bound to this frame again, it would be a seed known before the frame, which SPEC §6 rules out.
  const bound = /^(.+),[0-9a-f]{64}$/.exec(opts.seed);
  if (bound)
    throw new UsageError(
      tr(
        lang,
        `--seed ends with a frame hash (',' and 64 hex digits): '${opts.seed.slice(0, 24)}…' is a draw's effective seed, which the draw makes from the public seed; give the public seed alone, a new one for a new draw (the earlier draw's was '${bound[1]}')`,
        `--seed 以抽取框架哈希（逗号加 64 位十六进制数）结尾：“${opts.seed.slice(0, 24)}…”是某次抽取的有效种子，由抽取根据公开种子生成；请只给出公开种子，新的抽取用新的种子（此前那次抽取的公开种子为“${bound[1]}”）`,
      ),
    );
  const date = dateOption(opts.date, "--date", lang);
  const raising = new Map<string, number>();
  for (const r of opts.raise) {
    const m = /^([^=]+)=(0(\.\d+)?|1(\.0+)?)$/.exec(r);
    if (!m) {
      const meant = raiseMeant(r);
      throw new UsageError(
        tr(
          lang,
          `--raise must be treatment=ratio with a ratio in [0, 1], not '${r}'${meant ? `: write ${meant}` : ""}`,
          `--raise 应为 处理方式=比例（0–1），而不是“${r}”${meant ? `：请写作 ${meant}` : ""}`,
        ),
      );
    }
    const before = raising.get(m[1]);
    if (before !== undefined && before !== Number(m[2]))
      throw new UsageError(
        tr(
          lang,
          `--raise ${m[1]} is given twice, with ${before} and ${m[2]}: give it once`,
          `--raise ${m[1]} 出现两次（${before} 和 ${m[2]}）：只能给一次`,
        ),
      );
    raising.set(m[1], Number(m[2]));
  }
  // Own properties even for a name like __proto__, which the draw then refuses as no treatment.
  const raised: Record<string, number> = Object.fromEntries(raising);
  const avoidRepeat =
    opts.avoidRepeat === undefined ? 0 : wholeOption(opts.avoidRepeat, "--avoid-repeat", lang, 0);
  // The task names the draw in the ledger, the manifest and the duplicate-draw check.
  if (opts.task !== undefined && !opts.task.trim())
    throw new UsageError(tr(lang, "--task must not be empty", "--task 不能为空"));
  return { period, date, raised, avoidRepeat };
}

/**
 * What a `--raise` written another usual way means: the ratio as a percentage (70%), a full-width
 * ＝ or ％, or a space for the =; undefined where it is no treatment and ratio.
 */
function raiseMeant(typed: string): string | undefined {
  const m = /^\s*([A-Za-z][\w-]*)\s*(?:=|＝|\s)\s*([\d.]+)\s*([%％])?\s*$/.exec(typed);
  if (!m) return undefined;
  const ratio = m[3] ? Number(m[2]) / 100 : Number(m[2]);
  if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1) return undefined;
  return `${m[1]}=${Math.round(ratio * 1e6) / 1e6}`;
}
