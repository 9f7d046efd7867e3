/**
 * National result codes of random inspections (抽查检查结果), with their class. A cell may hold
 * several codes; the classes say which combinations are consistent.
 */
import { type Lang, tr } from "../lang.js";
import { nearestName } from "../policy/vocabulary.js";

/** What a result says about the enterprise. */
export type ResultClass = "clean" | "problem" | "unreachable" | "no-activity" | "gone";

/** A result code: id, official Chinese text, English gloss, class. */
export interface ResultCode {
  readonly id: string;
  readonly zh: string;
  readonly en: string;
  readonly class: ResultClass;
}

/** The code list. Classes other than `problem` stand alone: they cannot be combined with another code. */
export const RESULT_CODES: readonly ResultCode[] = [
  { id: "none", zh: "未发现问题", en: "no problem found", class: "clean" },
  {
    id: "not-published",
    zh: "未按规定公示应当公示的信息",
    en: "did not publish information it must publish",
    class: "problem",
  },
  {
    id: "false-publication",
    zh: "公示信息隐瞒真实情况弄虚作假",
    en: "published information conceals facts or is falsified",
    class: "problem",
  },
  {
    id: "unreachable",
    zh: "通过登记的住所或者经营场所无法联系",
    en: "cannot be contacted at its registered address",
    class: "unreachable",
  },
  { id: "rectified", zh: "发现问题已责令改正", en: "problem found, ordered to correct", class: "problem" },
  { id: "pending", zh: "发现问题待后续处理", en: "problem found, further action pending", class: "problem" },
  {
    id: "transferred",
    zh: "发现问题已移送相关部门处理",
    en: "problem found, transferred to the competent department",
    class: "problem",
  },
  {
    id: "non-cooperation",
    zh: "不配合检查情节严重",
    en: "serious refusal to cooperate with the inspection",
    class: "problem",
  },
  {
    id: "no-activity",
    zh: "未发现开展本次抽查涉及的经营活动",
    en: "no activity covered by this inspection found",
    class: "no-activity",
  },
  { id: "deregistered", zh: "已注销或被吊销营业执照", en: "deregistered or licence revoked", class: "gone" },
  { id: "relocated", zh: "已迁出", en: "moved out of the district", class: "gone" },
];

/**
 * The result codes as `results import --help` lists them, one a line: the id and the Chinese text,
 * and in English the gloss, any of which a file may write.
 */
export function resultCodesHelp(lang: Lang): string {
  const width = Math.max(...RESULT_CODES.map((c) => c.id.length));
  return [
    ...tr(
      lang,
      "Result codes (检查结果), written by code, in Chinese or in English (findings may stand\ntogether in one cell, separated by ;):",
      "检查结果代码，可写代码、中文或英文（发现问题的几项可写在同一格，以；分隔）：",
    ).split("\n"),
    ...RESULT_CODES.map((c) => `  ${c.id.padEnd(width)}  ${c.zh}${lang === "zh" ? "" : ` (${c.en})`}`),
  ].join("\n");
}

const BY_KEY = new Map<string, ResultCode>();
for (const c of RESULT_CODES) {
  BY_KEY.set(c.id, c);
  BY_KEY.set(squash(c.zh), c);
  BY_KEY.set(squash(c.en), c);
}

function squash(s: string): string {
  return s.replace(/[\s，,、。.（）()“”"：:；;-]/g, "").toLowerCase();
}

/** Finds a code by id, Chinese text or English gloss, ignoring punctuation and spaces. */
export function findResultCode(text: string): ResultCode | undefined {
  return BY_KEY.get(text.trim()) ?? BY_KEY.get(squash(text));
}

/**
 * The way of writing a result code that `text` most likely misspells (`未发现问提` for
 * `未发现问题`, `rectifed` for `rectified`): its id, Chinese text or English gloss, whichever is
 * near; undefined when none is near enough to say.
 */
export function nearestResultCode(text: string): string | undefined {
  return nearestName(
    text,
    RESULT_CODES.flatMap((c) => [c.id, c.zh, c.en]),
  );
}

/**
 * Words inspectors write for a result instead of its code (合格, 已整改, 查无此户), with the codes
 * they may mean: told as a hint, never read as the code, since a publication must say the
 * official result and only its inspector can say which one it was.
 */
const RESULT_WORDS: readonly (readonly [readonly string[], readonly string[]])[] = [
  [
    [
      "合格",
      "正常",
      "无问题",
      "没有问题",
      "无异常",
      "未见异常",
      "未发现异常",
      "符合要求",
      "符合规定",
      "未发现违法行为",
      "未发现违法违规行为",
      "通过",
      "良好",
      "无",
      "ok",
      "pass",
      "passed",
      "compliant",
      "noproblem",
      "noproblems",
      "noissues",
    ],
    ["none"],
  ],
  [["责令改正", "责令整改", "已整改", "限期整改", "已责令整改", "整改", "已改正"], ["rectified"]],
  [["待处理", "后续处理", "立案", "已立案", "待查处", "立案调查"], ["pending"]],
  [["移送", "已移送", "移交", "已移交", "移送处理"], ["transferred"]],
  [
    [
      "无法联系",
      "查无此户",
      "失联",
      "联系不上",
      "地址不符",
      "住所无法联系",
      "人去楼空",
      "查无此企业",
      "找不到",
    ],
    ["unreachable"],
  ],
  [["不配合", "拒绝检查", "拒不配合", "不配合检查", "拒绝配合"], ["non-cooperation"]],
  [["未经营", "停业", "歇业", "未开展经营", "无经营活动", "未开业", "未营业", "停产"], ["no-activity"]],
  [["已注销", "注销", "吊销", "已吊销", "被吊销"], ["deregistered"]],
  [["迁出", "迁走", "已迁移", "已搬迁", "搬迁"], ["relocated"]],
  [["未公示", "未按时公示", "年报未公示", "未年报", "未报送年报"], ["not-published"]],
  [["弄虚作假", "虚假公示", "隐瞒真实情况", "公示信息虚假"], ["false-publication"]],
  [
    ["有问题", "发现问题", "存在问题", "不合格", "有违法行为", "发现违法行为", "违法"],
    ["rectified", "pending", "transferred"],
  ],
];

const BY_WORD = new Map<string, readonly ResultCode[]>();
for (const [words, ids] of RESULT_WORDS)
  for (const w of words)
    BY_WORD.set(
      squash(w),
      ids.map((id) => BY_KEY.get(id) as ResultCode),
    );

/**
 * The codes a word written for a result may mean (合格 → 未发现问题; 有问题 → the three codes of a
 * finding), also after 经检查 or 检查 before it: empty for a word not among them.
 */
export function codesMeantBy(text: string): readonly ResultCode[] {
  const word = squash(text).replace(/^(经现场检查|现场检查|经检查|检查)/, "");
  return BY_WORD.get(word) ?? [];
}

/** True when any of the codes is a finding (class `problem`). */
export function isFinding(ids: readonly string[]): boolean {
  return ids.some((id) => BY_KEY.get(id)?.class === "problem");
}

/**
 * Checks that codes can stand together: `clean`, `unreachable`, `no-activity` and `gone` stand
 * alone; problems may combine. Returns the reason when they cannot.
 */
export function inconsistency(codes: readonly ResultCode[]): { en: string; zh: string } | undefined {
  if (codes.length < 2) return undefined;
  const alone = codes.find((c) => c.class !== "problem");
  if (!alone) return undefined;
  const other = codes.find((c) => c !== alone) as ResultCode;
  return {
    en: `'${alone.zh}' (${alone.en}) cannot be combined with '${other.zh}'`,
    zh: `“${alone.zh}”不能与“${other.zh}”同时出现`,
  };
}
