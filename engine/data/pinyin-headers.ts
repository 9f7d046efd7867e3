/**
 * Headers by the pinyin initials of a Chinese one, as a platform's database names its fields
 * (TYSHXYDM for 统一社会信用代码): read as the column (see mapHeader).
 */
import type { InputKind } from "./columns.js";

const USCC_PINYIN = ["tyshxydm", "shxydm", "xydm", "tydm"];
const GRADE_PINYIN = ["xydj", "xyfxdj", "fxdj", "xyfxfl", "fxfl", "fxfljg", "xyfxfljg"];
/** 评级日期, 分级日期, 等级日期, 推送日期, 评定日期. */
const GRADED_ON_PINYIN = ["pjrq", "fjrq", "djrq", "tsrq", "pdrq"];

/**
 * Headers as a platform's database names its fields, by the initials of the pinyin of a Chinese
 * header (TYSHXYDM for 统一社会信用代码, QYMC for 企业名称), as exports and data interfaces head
 * them: read as the column, in any case, and said (see pinyinNotice). Initials of two letters are
 * left out, too short to be sure of.
 */
const PINYIN: { readonly [K in InputKind]?: Readonly<Record<string, readonly string[]>> } = {
  enterprises: {
    uscc: USCC_PINYIN,
    name: ["qymc", "ztmc", "dwmc"],
    grade: GRADE_PINYIN,
    category: ["qylb", "jglb", "qyfl"],
    industry: ["sshy", "hylb", "hyfl"],
    region: ["ssqy", "ssjd", "xzjd"],
    departments: ["jgbm", "zgbm", "ssbm"],
    abnormal: ["jyyc", "sfjyyc", "lrjyycml"],
    gradedOn: GRADED_ON_PINYIN,
    operator: ["jyz", "jyzxm", "fddbr", "fddbrxm", "fzr", "tzr"],
  },
  inspectors: {
    id: ["zfrybh", "rybh"],
    name: ["zfryxm", "zfry"],
    department: ["ssbm", "ssdw", "zfdw", "gzdw"],
    licenseNo: ["zfzh", "zfzjh"],
    licenseExpires: ["zfzyxq", "yxqz", "zjyxq", "yxq"],
    items: ["jcsx", "kjcsx", "zgsx"],
    active: ["sfzg"],
    capacity: ["jcnl", "mqsx"],
  },
  conflicts: { inspector: ["zfrybh", "rybh"], uscc: USCC_PINYIN, reason: ["hbyy"] },
  grades: { uscc: USCC_PINYIN, grade: GRADE_PINYIN, gradedOn: GRADED_ON_PINYIN },
  history: {
    uscc: USCC_PINYIN,
    date: ["jcrq", "jcsj"],
    department: ["jcbm", "ssbm", "jcssjg", "ssjg"],
    kind: ["jclx", "jcfs"],
    result: ["jcjg"],
  },
  results: {
    uscc: USCC_PINYIN,
    date: ["jcrq", "jcsj"],
    department: ["jcbm", "ssbm"],
    item: ["jcsx", "ccsx", "sxbm"],
    kind: ["jclx", "jcfs"],
    result: ["jcjg"],
    inspectors: ["zfry", "jcry", "zfrybh"],
    task: ["ccrw", "rwmc"],
    name: ["qymc", "ztmc"],
    itemName: ["sxmc", "jcsxmc", "ccsxmc"],
  },
};

/** Whether a header, in lower case, is the pinyin initials of one of the column's Chinese headers (see PINYIN). */
export function pinyinOf(kind: InputKind, column: string, lower: string): boolean {
  return PINYIN[kind]?.[column]?.includes(lower) === true;
}

/** The pinyin initials read as a column (see PINYIN). */
export function pinyinHeaders(kind: InputKind, column: string): readonly string[] {
  return PINYIN[kind]?.[column] ?? [];
}
