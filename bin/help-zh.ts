import type { Command } from "commander";
import type { Lang } from "../engine/lang.js";

/**
 * The Chinese of every description the commands, their arguments and options give their help, by
 * its English (the text in the code). A test checks that none is missing.
 */
export const HELP_ZH: Readonly<Record<string, string>> = {
  'Credit-graded "double random, one public" (双随机、一公开) inspection policies, draws and simulation':
    "信用风险分级分类“双随机、一公开”监管：抽查政策、抽取与模拟",
  "output the version number": "显示版本号",
  "display help for command": "显示命令的帮助",
  "language of messages and reports: zh or en (default: from LANG, else the system's language)":
    "提示信息和报告的语言：zh 或 en（默认取自 LANG，未设置时取系统语言）",
  "language of messages: zh or en (default: from LANG, else the system's language)":
    "提示信息的语言：zh 或 en（默认取自 LANG，未设置时取系统语言）",
  "print one machine-readable JSON document on stdout": "在标准输出打印一份供程序读取的 JSON 文档",
  "check policy files (YAML syntax, schema, semantic checks); prints every problem":
    "检查政策文件（YAML 语法、结构、语义）；列出每一个问题",
  "policy files or folders of policy files": "政策文件，或存放政策文件的文件夹",
  "run policy tests (policies/<id>/tests/*.yaml); lists rules no case exercised":
    "运行政策测试（policies/<id>/tests/*.yaml）；列出没有任何用例覆盖的规则",
  "folder to search for tests/ folders, or one test file": "在其中查找 tests/ 文件夹的文件夹，或一个测试文件",
  "what a policy change does: per grade × category the treatment before → after, and changed parameters":
    "政策修改的影响：按等级 × 类别列出修改前 → 修改后的处理方式，以及改动的参数",
  "the policy file before (or a folder of versions: the approved one in force today, or on --date)":
    "修改前的政策文件（或存放各版本的文件夹：取今天或 --date 当天有效的已批准版本）",
  "the policy file after (a full policy or a variant)": "修改后的政策文件（完整政策或变体）",
  "the matching rule, each condition's outcome, the treatment and the cap status of one enterprise":
    "一家企业命中的规则、每个条件的结果、处理方式和频次上限状态",
  "policy file": "政策文件",
  "enterprise file (CSV, XLSX, JSON, NDJSON)": "企业名录文件（CSV、XLSX、JSON、NDJSON）",
  "the enterprise's unified social credit code": "企业的统一社会信用代码",
  "inspection history file": "检查历史文件",
  "evaluation date YYYY-MM-DD (default: today)": "评估日期 YYYY-MM-DD（默认今天）",
  "force the encoding of CSV, JSON and NDJSON files (utf8, gb18030, gbk); default: detected":
    "指定 CSV、JSON 和 NDJSON 文件的编码（utf8、gb18030、gbk）；默认自动识别",
  "sheet of XLSX files, by name or number, or all: every sheet with a header, as one list; default: the first with a header":
    "XLSX 文件的工作表，按名称或序号；all 表示将每个有表头的工作表作为一个名单一并读取；默认第一个有表头的工作表",
  "the district's own enterprise file (CSV, XLSX, JSON, NDJSON) in place of the scenario's population, with none of the scenario's past inspections":
    "本辖区的企业名录文件（CSV、XLSX、JSON、NDJSON），替代情景中的企业构成，且不沿用情景中的以往检查",
  "the district's inspection history (as a draw's), which the caps of the first periods count":
    "本辖区的历史检查记录（与抽取所用的相同），最初几期的抽查上限计入其中的检查",
  "the district's ledger (as a draw's): its results and drawn visits not yet made count as past inspections":
    "本辖区的台账（与抽取所用的相同）：其中已记录的结果和已抽取尚未检查的任务计为以往检查",
  "the grades the provincial platform pushed (uscc, grade, gradedOn; past enterprise files too), against which the scenario's grade changes are checked; with --history or --db":
    "省级平台推送的信用等级记录（统一社会信用代码、信用等级、评级日期；以往的企业名录亦可），用以核对情景假设的等级变化；须同时给出 --history 或 --db",
  "the district's directory of inspectors (as a draw's) in place of the scenario's inspectors: per department, those active and licensed when the simulation begins, each of its capacity, else the scenario's perInspector":
    "本辖区的执法检查人员名录（与抽取所用的相同），替代情景中的检查人员数：按部门计入模拟开始时在岗且执法证有效的人员，每人按其 capacity（未填写的按情景的 perInspector）",
  "force the encoding of the scenario's enterprise file, where it is CSV, JSON or NDJSON (utf8, gb18030, gbk); default: detected":
    "指定情景中企业名录文件的编码（CSV、JSON 或 NDJSON 文件：utf8、gb18030、gbk）；默认自动识别",
  "sheet of the scenario's enterprise workbook, by name or number, or all: every sheet with a header, as one list; default: the scenario's sheet, else the first with a header":
    "情景中企业名录工作簿的工作表，按名称或序号；all 表示将每个有表头的工作表作为一个名单一并读取；默认取情景文件所写的工作表，否则为第一个有表头的工作表",
  "with --draw: also say whether this ledger holds the draw in force (a draw cancelled since drew nobody)":
    "与 --draw 同用：同时说明该台账中此次抽取是否有效（此后被撤销的抽取不抽中任何企业）",
  "pool sizes and planned sample sizes per treatment and grade":
    "按处理方式和等级列出可抽取企业数和计划抽取数",
  "inspection history file (for caps)": "检查历史文件（用于频次上限）",
  "the district's enterprise file: how many of its enterprises each cell holds, how many change treatment, and each treatment's planned inspections before and after, as a draw on --date would see them":
    "本辖区企业名录：按 --date 抽取所见，各等级×类别的企业数、处理方式改变的企业数，以及各处理方式变更前后的计划抽查数",
  "inspection history file (for caps; with --enterprises)":
    "检查历史文件（用于频次上限；与 --enterprises 一起使用）",
  "the date a draw would be made (with --enterprises; default: today)":
    "假定的抽取日期（与 --enterprises 一起使用；默认今天）",
  "departments of the task, separated by , ; or 、 (default: every department of the policy's items)":
    "参与任务的部门，以 , ; 或 、 分隔（默认：政策检查事项涉及的所有部门）",
  "inspection results (检查结果)": "检查结果",
  "validate and record inspection results (all rows or none)": "校验并记录检查结果（全部记录或全部不记录）",
  "results file (CSV, XLSX, JSON, NDJSON)": "检查结果文件（CSV、XLSX、JSON、NDJSON）",
  "a results form of a recorded draw: a row per item of each visit, for the date and result":
    "已记录抽取的检查结果录入表：每次检查的每个事项一行，供填写检查日期和检查结果",
  "the folder of a recorded draw": "已记录抽取的输出目录",
  "the ledger that records the draw (default gradedraw.db, when it exists)":
    "记录该抽取的台账（默认 gradedraw.db，如存在）",
  "output file: .xlsx or .csv": "输出文件：.xlsx 或 .csv",
  "database file": "数据库文件",
  "what the draws in force found, per treatment: visits drawn, made, with findings, the hit rate with its 95% interval, unreachable and gone":
    "有效抽取的检查发现情况（按处理方式）：抽中、已录结果、发现问题的检查数，问题发现率及其 95% 区间，无法联系及注销迁出的数量",
  "only the draws of this period, e.g. 2026-H1": "只列出该期间的抽取，例如 2026-H1",
  "a policy file or folder of versions: each treatment is shown with its label, from the version each draw was made with":
    "政策文件或版本文件夹：按各次抽取所用的版本，显示每种处理方式的名称",
  "withdraw (撤回) recorded results, each row of the file naming one as recorded (a result recorded twice, or under a mistyped date); all rows or none":
    "撤回已记录的结果：文件每行按记录内容指明一条（重复录入或检查日期录错的结果）；全部撤回或全部不撤回",
  "results file (CSV, XLSX, JSON, NDJSON): rows as they were recorded":
    "结果文件（CSV、XLSX、JSON、NDJSON）：各行与记录时一致",
  "why they are withdrawn, kept with what they said": "撤回原因，与原记录一并保留",
  "every result of one enterprise recorded, corrected (更正) or withdrawn (撤回), in order, from the results log: when, what it said, the file and the reason":
    "按结果日志依次列出一家企业每条结果的录入、更正和撤回：时间、内容、文件及原因",
  "the holidays and make-up workdays (节假日安排) publication deadlines count working days by":
    "节假日安排（放假与调休上班）：公示截止日期据此计算工作日",
  "record a year's holidays and make-up workdays from the State Council's notice, for a year chinese-days does not list yet":
    "按国务院办公厅通知录入某年的放假和调休上班安排（chinese-days 尚未收录的年份）",
  "the notice's text as published, in a .txt file; or a table (CSV, XLSX, JSON, NDJSON): date (a day or a range), kind (放假 or 上班), name":
    "国务院办公厅通知的原文（.txt 文件）；或表格（CSV、XLSX、JSON、NDJSON）：日期（某日或日期范围）、安排（放假或上班）、节日",
  "the notice's year, where its text does not say it (关于2027年部分节假日安排的通知)":
    "通知的年份（通知原文中未写明时，如“关于2027年部分节假日安排的通知”）",
  "replace a year recorded before with other days": "替换台账中已记录的、内容不同的该年安排",
  "the years whose holidays are known, from chinese-days or recorded in the ledger; with --year, that year's days":
    "节假日安排已知的年份（来自 chinese-days 或台账中的记录）；加 --year 时列出该年的每一天",
  "list the holidays and make-up workdays of this year": "列出该年的放假日和调休上班日",
  "a schedule file of a year with its statutory holidays (全国年节及纪念日放假办法), to complete from the State Council's notice and import":
    "生成某年的节假日安排文件，已填入法定节假日（全国年节及纪念日放假办法），按国务院办公厅通知补充后录入",
  "the year, 2025 or later": "年份，2025 年或以后",
  "output file (.csv)": "输出文件（.csv）",
  "the corrections (更正) and withdrawals (撤回) of recorded results: when, which result, what it said before and after, why, and the file's hash":
    "已记录结果的更正与撤回：时间、所涉结果、更正前后的内容、原因及文件哈希",
  "only the results of inspections dated in this period, e.g. 2026-H1":
    "只列出检查日期在该期间内的结果，例如 2026-H1",
  "correct (更正) the recorded results that rows of the file contradict, for this reason, which is kept with what they said before":
    "更正文件中各行与之矛盾的已记录结果，并写明更正原因；原因与原记录一并保留",
  "the official draw of enterprises and inspectors (双随机) for one task and period":
    "一个任务、一个期间的正式抽取：抽取检查对象和执法检查人员（双随机）",
  "policy file (production: an approved version in force on the draw date), or a folder of its versions (the one in force is taken)":
    "政策文件（正式抽取：须为在抽取日期有效的已批准版本），或存放其各版本的文件夹（取其中有效的版本）",
  "policy file, or a folder of its versions (the approved one in force on --date)":
    "政策文件，或存放其各版本的文件夹（取在 --date 当日有效的已批准版本）",
  "directory of enterprises (检查对象名录库)": "检查对象名录库",
  "directory of inspectors (执法检查人员名录库)": "执法检查人员名录库",
  "declared conflicts of interest (回避)": "已申报的回避关系",
  "inspection history file (added to the results recorded in --db)":
    "检查历史文件（与 --db 中已记录的检查结果合并）",
  "the ledger database, read as a draw reads it: its results, its draws' visits and the enterprises exclusive treatments took (default gradedraw.db; read only if it exists, and one given that does not is said)":
    "抽查台账数据库，按抽取时的方式读取：已记录的检查结果、已抽取的检查和被独占抽取的企业（默认 gradedraw.db；仅在其存在时读取，指定的台账不存在时会提示）",
  "the ledger database (default gradedraw.db; a dry run reads it only if it exists, and says so of one given that does not)":
    "抽查台账数据库（默认 gradedraw.db；试抽仅在其存在时读取，指定的台账不存在时会提示）",
  "the draw period: YYYY, YYYY-H1, YYYY-Q1 or YYYY-MM, matching the policy's cadence":
    "抽取期间：YYYY、YYYY-H1、YYYY-Q1 或 YYYY-MM，须与政策的抽查周期一致",
  "the public seed (e.g. dice digits and a beacon value)": "公开的随机种子（如骰子点数加公共随机信标值）",
  "output folder (must be new, empty or a previous dry run's folder; a recorded draw's is never replaced)":
    "输出文件夹（须为新的、空的，或以前试抽的文件夹；已记入台账的抽取文件夹不会被覆盖）",
  "task name; several tasks per period are drawn one after another": "任务名称；同一期间的多个任务依次抽取",
  "the day the draw is made, YYYY-MM-DD (default: today, or the period's first day when drawn ahead of it; a dry run: the period's first day)":
    "进行抽取的日期 YYYY-MM-DD（默认今天；在期间开始前抽取时为期间第一天；试抽默认为期间第一天）",
  "raise the ratio of a treatment without an upper limit (repeatable)":
    "提高无上限处理方式的抽查比例（可重复）",
  "an inspector is not sent to an enterprise they inspected in their previous N draws":
    "执法人员不派往其最近 N 次抽取中检查过的企业",
  "try the draw: any policy status, nothing recorded in the ledger": "试抽：任何状态的政策均可，不记入台账",
  "cancel the recorded draw of a policy, task and period, with a reason (it stays in the ledger)":
    "撤销某政策、任务和期间已记录的抽取，须说明理由（记录保留在台账中）",
  "policy id, e.g. huaian-credit-graded": "政策标识，如 huaian-credit-graded",
  "the period of the draw": "抽取期间",
  "why the draw is cancelled (recorded)": "撤销理由（记入台账）",
  "task name": "任务名称",
  "the ledger database": "抽查台账数据库",
  "re-derive the draw in a folder from its recorded inputs; exit 0 only if identical":
    "根据记录的输入重新推导文件夹中的抽取结果；完全一致时才以 0 退出",
  "a draw output folder": "抽取结果文件夹",
  "also check that the draw is the one this ledger records, not cancelled, and that the ledger's chain holds":
    "同时核对该抽取是否为此台账记录且未撤销的抽取，以及台账哈希链是否完整",
  "each id's ticket under a seed (SHA-256 consistent sampling), so anyone can check their own":
    "各编号在某种子下的抽签号（SHA-256 一致抽样），任何人都可核对自己的抽签号",
  "ids, e.g. unified social credit codes": "编号，如统一社会信用代码",
  "a draw's folder, with its recorded inputs: the enterprise as that draw saw it (its policy, grades, history, ledger, date and task), its ticket, and whether it was drawn; instead of --policy, --enterprises and the rest":
    "抽取文件夹（含记录的输入）：按该次抽取所见说明该企业（当时的政策、信用等级、检查历史、台账、日期和任务），及其抽签号和是否抽中；用以代替 --policy、--enterprises 等选项",
  "the seed (for a draw: its effective seed from the manifest)": "种子（核对抽取时：manifest 中的有效种子）",
  "a draw's folder (or its manifest.json), as published: its effective seed, and whether each code was drawn (selected.csv) and each team key assigned (assignments.csv)":
    "抽取文件夹（或其 manifest.json，公开的原样）：从中读取有效种子，并说明每个代码是否被抽中（selected.csv）、每个“代码|执法人员编号”是否被选派（assignments.csv）",
  "the draw ledger (抽查台账)": "抽查台账",
  "a hash an earlier ledger verify printed (its first 16 digits or more; repeatable): the ledger or results log must still hold it":
    "此前 ledger verify 打印的哈希值（前 16 位或更多；可重复）：台账或结果日志中须仍有该哈希",
  "check the ledger's hash chain and every recorded draw, and the results against their log; names any edited, deleted or reordered entry, and any result edited, added or deleted outside gradedraw":
    "检查台账的哈希链和每次已记录的抽取，并按结果日志核对检查结果；指出被修改、删除或调换顺序的条目，以及在 gradedraw 之外被修改、添加或删除的结果",
  "the recorded draws and cancellations: seed, counts, visits with results, and which draws were cancelled and why":
    "已记录的抽取和撤销：种子、数量、已录入结果的检查，以及哪些抽取已被撤销及原因",
  "only the entries of this period, e.g. 2026-H1": "只列出该期间的条目，如 2026-H1",
  "the publication list (公示) of a period's recorded results: each with its kind of inspection and the draw it was part of, no inspector data, natural persons' names masked, each row's deadline; and prints the ledger's last hashes, to keep with the list":
    "某期间已记录检查结果的公示清单：列出每条结果的检查类型及所属抽查任务，不含执法人员信息，自然人姓名脱敏，列出每行的公示期限；并打印台账末条哈希值，供与公示表一并留存",
  "period of the inspections: YYYY, YYYY-H1, YYYY-Q1 or YYYY-MM":
    "检查期间：YYYY、YYYY-H1、YYYY-Q1 或 YYYY-MM",
  "output file: .csv or .xlsx": "输出文件：.csv 或 .xlsx",
  "the database with recorded results": "记录了检查结果的数据库",
  "enterprise file for names, its operator column (经营者) masking an operator's name in a trade name (default: names recorded with the draws)":
    "提供企业名称的名录文件，其“经营者”列用于遮盖字号中的经营者姓名（默认：抽取时记录的名称）",
  "policy file, or folder of versions (of one policy or several), for the names of the inspection items":
    "政策文件，或其各版本所在文件夹（一个或多个政策），用于列出检查事项名称",
  "a scenario's behaviour from the district's own results: violation by grade from the hit rates of its random inspections, and grade transitions from the grades pushed":
    "依据本辖区检查结果生成情景的行为参数：按随机抽查的问题发现率得出各等级违法概率，按等级推送记录得出等级变化",
  "the ledger: its recorded results count as past inspections": "台账：其中已记录的检查结果计为以往检查",
  "the grades the provincial platform pushed (uscc, grade, gradedOn; past enterprise files too): the transitions are counted from them":
    "省级平台推送的信用等级记录（统一社会信用代码、信用等级、评级日期；以往的企业名录亦可）：据此统计等级变化",
  "the scenario's first period: the results before it are counted, over periods of its cadence (default: the half-year of today)":
    "情景的第一期：统计此前的检查结果，按该期的周期划分（默认：今天所在的半年）",
  "the share of violations an inspection finds, assumed: violation = hit rate ÷ detection (default 0.7)":
    "假设的每次检查发现违法的比例：违法概率 = 问题发现率 ÷ 发现率（默认 0.7）",
  "multi-year Monte Carlo of policy variants: inspections, load, coverage, burden, findings":
    "政策方案的多年蒙特卡洛模拟：检查次数、工作量、覆盖率、企业负担、发现问题",
  "scenario file (simulator/scenarios/*.yaml)": "情景文件（simulator/scenarios/*.yaml）",
  "a policy or variant to compare, or a folder of them (repeatable; default: the scenario's)":
    "参与比较的政策或变体，或存放它们的文件夹（可重复；默认取情景中的）",
  "horizon in years (default: the scenario's)": "模拟年数（默认取情景中的）",
  "replications (default: the scenario's)": "重复次数（默认取情景中的）",
  "seed (default: the scenario's)": "种子（默认取情景中的）",
  "threads running replications, this one included (default: every core)":
    "运行模拟的线程数，含主线程（默认：每个核一个）",
  "write results.json and metrics.csv here": "将 results.json 和 metrics.csv 写入此处",
  "print the plain comparison table even on a terminal": "即使在终端上也只打印比较表",
  "a report of a simulation folder (results.json) or a draw folder (manifest.json)":
    "为模拟结果文件夹（results.json）或抽取结果文件夹（manifest.json）生成报告",
  "simulation or draw output folder": "模拟或抽取结果文件夹",
  "html (one self-contained file), md (Markdown + PNG charts) or png (charts)":
    "html（单个自包含文件）、md（Markdown 加 PNG 图表）或 png（图表）",
  "a synthetic district: validates the policies, runs a dry-run draw, simulates the variants, writes the reports":
    "合成辖区演示：校验政策、试抽、模拟各方案、生成报告",
  "output folder": "输出文件夹",
  "enterprises in the synthetic district": "合成辖区的企业数",
  "replications of the simulation": "模拟的重复次数",
};

/** Commander's headings. */
const TITLES: Readonly<Record<string, string>> = {
  "Usage:": "用法：",
  "Arguments:": "参数：",
  "Options:": "选项：",
  "Commands:": "命令：",
  "Global Options:": "全局选项：",
};

const zh = (text: string): string => (Object.hasOwn(HELP_ZH, text) ? HELP_ZH[text] : text);

/** Every command of a program, the program first. */
export function allCommands(c: Command): Command[] {
  return [c, ...c.commands.flatMap(allCommands)];
}

/**
 * Puts the help of every command in Chinese under `zh`: descriptions, headings, commander's own
 * help and version options and its "(default: …)", and the examples' heading.
 */
export function localiseHelp(program: Command, lang: Lang): void {
  if (lang !== "zh") return;
  for (const c of allCommands(program)) {
    c.description(zh(c.description()));
    for (const a of c.registeredArguments) a.description = zh(a.description);
    for (const o of c.options) o.description = zh(o.description);
    c.helpOption("-h, --help", zh("display help for command"));
    if (c.commands.length) c.helpCommand("help [command]", zh("display help for command"));
    c.configureHelp({ styleTitle: (title) => (Object.hasOwn(TITLES, title) ? TITLES[title] : title) });
  }
}

/** Help text as commander wrote it, with what it writes in English itself in Chinese under `zh`. */
export function localiseHelpText(text: string, lang: Lang): string {
  if (lang !== "zh") return text;
  return text.replace(/ ?\(default: ([^)]*)\)/g, "（默认：$1）").replace(/^Example:$/gm, "示例：");
}
