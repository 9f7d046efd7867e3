import { type Lang, resolveLang, tr } from "../engine/lang.js";
import { parsePeriod, periodMeant } from "../engine/period.js";

/**
 * The language of a command line before it is parsed: its `--lang zh|en` (`--lang=zh` too), else
 * LANG's, else the system's (see {@link resolveLang}). Commander reports a malformed command line before any action runs, so the language must be
 * known without it.
 */
export function langOfArgv(argv: readonly string[]): Lang {
  for (let i = 0; i < argv.length && argv[i] !== "--"; i++) {
    const a = argv[i];
    const value = a === "--lang" ? argv[i + 1] : a.startsWith("--lang=") ? a.slice(7) : undefined;
    if (value === "zh" || value === "en") return value;
  }
  return resolveLang();
}

/** Commander's own messages, with the Chinese of each (`$1`… are the names and numbers in it). */
const ZH: readonly [RegExp, string][] = [
  [/^unknown option '(.+)'/, "未知选项“$1”"],
  [/^unknown command '(.+)'/, "未知命令“$1”"],
  [/^missing required argument '(.+)'/, "缺少必需的参数“$1”"],
  [/^option '(.+)' argument missing/, "选项“$1”缺少取值"],
  [/^option '(.+)' has an empty value/, "选项“$1”的取值为空"],
  [/^required option '(.+)' not specified/, "缺少必需的选项“$1”"],
  [
    /^too many arguments for '(.+)'\. Expected (\d+) arguments? but got (\d+)\./,
    "命令“$1”的参数过多：应为 $2 个，实际为 $3 个",
  ],
  [/^too many arguments\. Expected (\d+) arguments? but got (\d+)\./, "参数过多：应为 $1 个，实际为 $2 个"],
  [/^option '(.+)' argument '(.*)' is invalid\./, "选项“$1”的取值“$2”无效。"],
  [/^(.+) cannot be used with (.+)$/, "$1 不能与 $2 同时使用"],
  [/\n?\(Did you mean one of (.+)\?\)$/, "（是否想输入以下之一：$1？）"],
  [/\n?\(Did you mean (.+)\?\)$/, "（是否想输入 $1？）"],
];

/**
 * A message of commander (the command-line parser) as gradedraw prints its own: `gradedraw: <what>`
 * on one line, in Chinese under `--lang zh`. A message not known here is kept in English.
 */
export function usageMessage(
  text: string,
  lang: Lang,
  run?: { readonly command: string | undefined; readonly argv: readonly string[] },
): string {
  let s = text.replace(/\n+$/, "").replace(/^error: /, "");
  const hint =
    run?.command !== undefined && DATED.has(run.command) ? periodHint(s, run.command, run.argv, lang) : "";
  if (lang === "zh") for (const [pattern, zh] of ZH) s = s.replace(pattern, zh);
  else s = s.replace(/\n\(Did you mean/, " (Did you mean");
  return `gradedraw: ${s}${hint}`;
}

/** The commands that plan or explain as a draw on a day would, given by --date, not a period. */
const DATED = new Set(["classify", "explain"]);

/**
 * What to give classify or explain in place of the draw's `--period` typed to them: the day the
 * draw would be made (`--date`), the period's first day where the period is told.
 */
function periodHint(message: string, command: string, argv: readonly string[], lang: Lang): string {
  if (!/^unknown option '--period(=[^']*)?'/.test(message)) return "";
  if (argv.some((a) => a === "--draw" || a.startsWith("--draw=")))
    return tr(
      lang,
      ": explain --draw sees the enterprise on the draw's own date and period, from its folder",
      "：explain --draw 按该次抽取自身的日期和期间说明，取自其文件夹",
    );
  const at = argv.findIndex((a) => a === "--period" || a.startsWith("--period="));
  const value = argv[at].startsWith("--period=") ? argv[at].slice(9) : argv[at + 1];
  const period =
    value === undefined ? undefined : (parsePeriod(value) ?? parsePeriod(periodMeant(value) ?? ""));
  return period
    ? tr(
        lang,
        `: ${command} sees the enterprises as a draw made on --date would; for ${period.label} drawn on its first day, --date ${period.start}`,
        `：${command} 按 --date 当天抽取的情形计算；${period.label} 在其首日抽取，即 --date ${period.start}`,
      )
    : tr(
        lang,
        `: ${command} sees the enterprises as a draw made on --date would; give the day of the draw, --date YYYY-MM-DD`,
        `：${command} 按 --date 当天抽取的情形计算；请给出抽取日期，--date YYYY-MM-DD`,
      );
}

/**
 * Required options a command line leaves out, every one named (`required options '--period',
 * '--seed' not specified`), as commander names one alone: gradedraw's own checks and commander's
 * (see cli.ts, which gives it the command line's language) say them alike.
 */
export function missingOptionsMessage(names: readonly string[], lang: Lang): string {
  return tr(
    lang,
    `required option${names.length > 1 ? "s" : ""} ${names.map((n) => `'${n}'`).join(", ")} not specified`,
    `缺少必需的选项${names.map((n) => `“${n}”`).join("、")}`,
  );
}
