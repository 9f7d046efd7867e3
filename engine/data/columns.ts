/**
 * Column names of every input kind: the English canonical name (the contract) and the Chinese
 * headers offices use for it. Headers are matched as {@link headerKey} reads them, case-insensitively
 * for English.
 */

import { pinyinHeaders, pinyinOf } from "./pinyin-headers.js";

/**
 * English headers of the code column, as an English sheet or a translation heads it (spaces are
 * not read: `Credit Code` is `creditcode`); read as variants.
 */
const USCC_EN = ["unifiedsocialcreditcode", "socialcreditcode", "creditcode"];

/**
 * Headers of a column asking whether an enterprise is supervised as a key one, answered yes or no
 * in its cells (是否重点监管: 是/否, or √ ticked where it is): read as the category (see
 * {@link isKeyQuestion}).
 */
const KEY_QUESTIONS = [
  "是否重点监管",
  "是否重点监管对象",
  "是否重点监管企业",
  "是否为重点监管对象",
  "是否列入重点监管",
  "是否重点企业",
  "是否重点",
];

/** Whether a category column's header asks a question answered yes or no (是否重点监管). */
export function isKeyQuestion(header: string | undefined): boolean {
  return header !== undefined && headerKey(header).startsWith("是否");
}

/** A column of an input kind. */
export interface ColumnSpec {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly required: boolean;
  /**
   * Other headers read as the column, not offered in messages: variants of an alias
   * (统一社会信用代码/注册号), English headers other than the name (credit code); English ones
   * case-insensitively, written without spaces.
   */
  readonly variants?: readonly string[];
}

const col = (name: string, required: boolean, ...aliases: string[]): ColumnSpec => ({
  name,
  required,
  aliases,
});

/** The code column of a directory of enterprises, and of a grade history (a past directory is one). */
const DIRECTORY_CODE: ColumnSpec = {
  ...col("uscc", true, "统一社会信用代码", "信用代码", "社会信用代码", "统一代码"),
  variants: ["统一社会信用代码/注册号", "统一社会信用代码（注册号）", "注册号/统一社会信用代码", ...USCC_EN],
};

/** The grade column of a directory of enterprises, and of a grade history, where it is required. */
const gradeColumn = (required: boolean): ColumnSpec => ({
  ...col("grade", required, "信用等级", "信用风险等级", "风险等级", "信用风险分类", "等级"),
  variants: ["信用风险分类结果", "风险分类结果", "风险分类", "creditgrade", "riskgrade", "creditriskgrade"],
});

/** The column of the day a grade was given (pushed), likewise. */
const gradedOnColumn = (required: boolean): ColumnSpec => ({
  ...col("gradedOn", required, "评级日期", "分级日期", "等级日期", "推送日期", "评定日期"),
  variants: ["推送时间", "评定时间", "评级时间", "分类日期", "分类时间"],
});

/** Columns per input kind. */
export const COLUMNS = {
  enterprises: [
    // As the national publication system heads a code a business registered before 2015 may still
    // be listed by (统一社会信用代码/注册号): a registration number is refused as no code, by its row.
    DIRECTORY_CODE,
    {
      ...col("name", false, "企业名称", "主体名称", "名称", "单位名称"),
      variants: ["enterprisename", "companyname"],
    },
    gradeColumn(false),
    // A yes/no question (是否重点监管: 是/否) is the category too: see isKeyQuestion.
    {
      ...col("category", true, "企业类别", "监管类别", "类别", "企业分类"),
      variants: KEY_QUESTIONS,
    },
    col("industry", false, "行业", "所属行业", "行业类别", "行业分类"),
    col("region", false, "区域", "所属区域", "所属街道", "辖区", "乡镇街道"),
    col("departments", false, "监管部门", "所属部门", "主管部门", "部门"),
    col("tags", false, "标签", "标记"),
    col("abnormal", false, "经营异常", "列入经营异常名录", "是否经营异常"),
    gradedOnColumn(false),
    // The person an individual business is run by, as registers head them (经营者), or a directory
    // of every kind of entity heads one column for all (法定代表人（负责人、经营者）).
    {
      ...col("operator", false, "经营者", "经营者姓名", "法定代表人", "法定代表人姓名", "负责人", "投资人"),
      variants: [
        "法定代表人（负责人）",
        "法定代表人(负责人)",
        "法定代表人/负责人",
        "法定代表人（负责人、经营者）",
        "法定代表人(负责人、经营者)",
        "法定代表人/经营者",
        "法定代表人（经营者）",
        "legalrepresentative",
        "legalperson",
      ],
    },
  ],
  inspectors: [
    { ...col("id", true, "执法人员编号", "人员编号", "工号", "编号"), variants: ["inspectorid", "staffid"] },
    col("name", false, "执法人员", "姓名", "执法人员姓名"),
    // As a personnel list heads an inspector's unit: read, not offered in messages.
    {
      ...col("department", true, "所属部门", "部门", "单位"),
      variants: ["所属单位", "执法单位", "工作单位"],
    },
    col("licenseNo", false, "执法证号", "执法证件号", "证件号码"),
    col(
      "licenseExpires",
      false,
      "执法证有效期",
      "有效期至",
      "证件有效期",
      "有效期",
      "执法证有效期限",
      "有效期限",
    ),
    col("items", false, "检查事项", "可检查事项", "资格事项"),
    col("active", false, "在岗", "是否在岗", "状态"),
    col(
      "capacity",
      false,
      "检查能力",
      "每期上限",
      "容量",
      "每期最多检查次数",
      "最多检查次数",
      "检查次数上限",
      "每期检查上限",
    ),
  ],
  conflicts: [
    { ...col("inspector", true, "执法人员编号", "人员编号", "执法人员"), variants: ["inspectorid"] },
    { ...col("uscc", true, "统一社会信用代码", "信用代码"), variants: USCC_EN },
    col("reason", false, "回避原因", "原因", "事由"),
  ],
  history: [
    { ...col("uscc", true, "统一社会信用代码", "信用代码"), variants: USCC_EN },
    col("date", true, "检查日期", "日期", "检查时间"),
    // 检查实施机关: as the national publication system lists an enterprise's inspections.
    col("department", false, "检查部门", "所属部门", "部门", "检查实施机关", "实施机关"),
    col("kind", false, "检查类型", "检查方式", "类型"),
    col("result", false, "检查结果", "结果"),
  ],
  results: [
    { ...col("uscc", true, "统一社会信用代码", "信用代码"), variants: USCC_EN },
    col("date", true, "检查日期", "日期", "检查时间"),
    col("department", true, "检查部门", "所属部门", "部门"),
    col("item", true, "检查事项", "抽查事项", "事项编码"),
    col("kind", false, "检查类型", "检查方式", "类型"),
    col("result", true, "检查结果", "结果"),
    col("inspectors", false, "执法人员", "检查人员", "执法人员编号"),
    col("task", false, "抽查任务", "任务名称"),
    // Read for people filling in a results template, not recorded.
    col("name", false, "企业名称", "主体名称", "名称"),
    col("itemName", false, "事项名称", "检查事项名称", "抽查事项名称"),
  ],
  // The grades the provincial platform pushed, one row per enterprise and push (a simulation's
  // gradeHistory): a past enterprise file, whose other columns are not read, is one push.
  grades: [DIRECTORY_CODE, gradeColumn(true), gradedOnColumn(true)],
  // A year's holidays and make-up workdays, from the State Council's notice (gradedraw calendar import).
  calendar: [
    col("date", true, "日期", "放假日期", "时间"),
    col("kind", true, "安排", "放假或上班", "放假/上班", "休/班", "类型"),
    col("name", false, "节日", "节假日", "节日名称", "名称"),
  ],
} as const satisfies Record<string, readonly ColumnSpec[]>;

/**
 * Whether a header (as {@link headerKey} reads it) names an individual business's operator, as
 * a second such column does (法定代表人 for firms beside 经营者 for individual businesses): each is
 * read, the first with a name in it taken, where other columns are read from the first alone.
 */
export function isOperatorColumn(key: string): boolean {
  return OPERATOR_KEYS.has(key) || OPERATOR_KEYS.has(key.toLowerCase());
}

/** The headers that read as the operator column: its name, aliases and variants. */
const OPERATOR_KEYS: ReadonlySet<string> = new Set(
  (COLUMNS.enterprises as readonly ColumnSpec[])
    .filter((c) => c.name === "operator")
    .flatMap((c) => [
      c.name,
      ...c.aliases,
      ...(c.variants ?? []),
      ...pinyinHeaders("enterprises", "operator"),
    ]),
);

/** The canonical columns of each kind; any other column is an extra fact. */
export const CANONICAL_NAMES = Object.fromEntries(
  Object.entries(COLUMNS).map(([kind, specs]) => [kind, new Set(specs.map((c) => c.name))]),
) as Record<InputKind, Set<string>>;

/** The kinds of input file. */
export type InputKind = keyof typeof COLUMNS;

/**
 * Maps each header of a file to a canonical column name, or to an extra fact named as
 * {@link headerKey} reads the header (*注册资本 is the fact 注册资本) unless another header of the
 * file reads the same (then as written); lists required columns that are missing; and, by column,
 * the headers after the first that read as it too (信用等级, then 风险等级), which it does not take.
 */
export function mapHeader(
  kind: InputKind,
  header: readonly string[],
  /** Whether one column may be named twice: in the keys of all a JSON file's records, each record naming its own. */
  several = false,
): {
  names: Map<string, string>;
  missing: string[];
  known: number;
  repeated: Map<string, string[]>;
  /** The headers read as a column by their pinyin initials (see PINYIN). */
  pinyin: string[];
} {
  const names = new Map<string, string>();
  const specs: readonly ColumnSpec[] = COLUMNS[kind];
  const taken = new Set<string>();
  const keys = header.map(headerKey);
  /** How many headers read as each key: an extra is named by its key only where no other header reads as it. */
  const readAs = new Map<string, number>();
  for (const k of keys) readAs.set(k, (readAs.get(k) ?? 0) + 1);
  const repeated = new Map<string, string[]>();
  const pinyin: string[] = [];
  header.forEach((h, i) => {
    const key = keys[i];
    const lower = key.toLowerCase();
    const readsAs = (s: ColumnSpec) =>
      s.name.toLowerCase() === lower ||
      s.aliases.includes(key) ||
      !!s.variants?.includes(lower) ||
      pinyinOf(kind, s.name, lower);
    const spec = specs.find((s) => (several || !taken.has(s.name)) && readsAs(s));
    if (spec) {
      taken.add(spec.name);
      if (pinyinOf(kind, spec.name, lower)) pinyin.push(h);
    } else {
      const first = specs.find(readsAs);
      if (first) {
        const also = repeated.get(first.name);
        if (also) also.push(h);
        else repeated.set(first.name, [h]);
      }
    }
    names.set(h, spec ? spec.name : key !== "" && readAs.get(key) === 1 ? key : h);
  });
  const missing = specs.filter((s) => s.required && !taken.has(s.name)).map((s) => s.name);
  return { names, missing, known: taken.size, repeated, pinyin };
}

/** The Chinese header of a canonical column, for output files. */
export function chineseHeader(kind: InputKind, name: string): string {
  const spec = (COLUMNS[kind] as readonly ColumnSpec[]).find((s) => s.name === name);
  return spec?.aliases[0] ?? name;
}

/**
 * A header as a column's names are matched against it: without spaces and line breaks (a header
 * cell wrapped over two lines, 统一社会\n信用代码), the asterisk import templates mark a required
 * column with (*统一社会信用代码), and a note in brackets of how the column is filled in (see
 * FILLING_NOTE): 信用等级（必填）, 是否经营异常（是/否）, 企业类别（重点/一般）. Any other note in
 * brackets stays: 企业名称（简称） is another column.
 */
export function headerKey(header: string): string {
  return header
    .replace(/\s+/g, "")
    .replace(FILLING_NOTE, "")
    .replace(/^[*＊]+|[*＊]+$/g, "");
}

/**
 * A note ending a header, in brackets, of how its column is filled in, as import templates write
 * them: required or optional (必填, 选填); its answers, two or more short ones between slashes or
 * 、 (是/否, 重点/一般, A/B/C/D, A、B、C、D); a date's format (YYYY-MM-DD, yyyy年mm月dd日); or how
 * several values are separated (多个用分号分隔).
 */
const FILLING_NOTE = new RegExp(
  `[(（](?:${[
    "必填|选填|非必填|必选|可选|可不填",
    "[^()（）/／、|]{1,6}(?:[/／、|][^()（）/／、|]{1,6})+",
    "yyyy[-/.年]?mm[-/.月]?dd日?",
    "多个.{0,8}(?:分隔|隔开)",
  ].join("|")})[)）]$`,
  "i",
);
