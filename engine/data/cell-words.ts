/**
 * What the words offices write in a cell mean: grades, categories, an inspector's status, the list
 * of abnormal operations, the kind of an inspection. Tables as data; a word not in its table is unknown.
 */
import type { Category, Grade } from "../policy/vocabulary.js";
import type { InspectionKind } from "./records.js";
import { halfWidth, withoutInvisible } from "./values.js";

/**
 * A grade as offices write it: the letter, with 级 or 类 after it or not; a name of the grade, with
 * 类 after it or not: the seed policy's (诚信守法, 轻微失信, 一般失信, 严重失信) or the national
 * credit-risk classification's (信用风险低, 一般, 较高, 高, also written 低风险 or 风险低…); or both
 * when they agree ("A级诚信守法类", "A类（信用风险低）"). Matched after full-width letters and
 * brackets become ASCII and spaces are dropped.
 */
const GRADE_RE = /^([ABCD])?(?:级|類|类)?[-—－:：/、,，]?(?:\(([^()]+)\)|([^()]*))$/;
const GRADE_NAMES: Readonly<Record<string, Grade>> = {
  诚信守法: "A",
  轻微失信: "B",
  一般失信: "C",
  严重失信: "D",
  ...riskNames("低", "A"),
  ...riskNames("一般", "B"),
  ...riskNames("较高", "C"),
  ...riskNames("高", "D"),
};

/** The ways a level of the national credit-risk classification (信用风险低/一般/较高/高) is written. */
function riskNames(level: string, grade: Grade): Record<string, Grade> {
  return Object.fromEntries([`信用风险${level}`, `风险${level}`, `${level}风险`].map((w) => [w, grade]));
}

/** The grade a cell names, or undefined when it names none (or a letter and a name that disagree). */
export function gradeOf(text: string): Grade | undefined {
  if (text.length === 1 && "ABCD".includes(text)) return text as Grade;
  // "B类企业": the grade of an enterprise, as a column of them says it.
  const plain = withoutInvisible(halfWidth(text)).replace(/\s+/g, "").replace(/企业$/, "");
  const m = GRADE_RE.exec(plain.toUpperCase());
  const name = (m?.[2] ?? m?.[3] ?? "").replace(/[类類]$/, "");
  if (!m || (!m[1] && !name)) return undefined;
  const named = name ? word(GRADE_NAMES, name) : undefined;
  // A letter with a note in brackets that names no grade (B级（2025年度评定）): the letter's.
  if (m[1] && m[2] && !named && !/[A-D]|风险|失信|守法|诚信/.test(m[2])) return m[1] as Grade;
  if (name && !named) return undefined;
  if (m[1] && named && named !== m[1]) return undefined;
  return (m[1] ?? named) as Grade;
}
/**
 * Whether a grade cell says the enterprise has no grade (未分级, 暂无评级, 无, a dash or a slash, as
 * an export writes an empty value): ungraded, as an empty cell is.
 */
export function isUngradedWord(text: string): boolean {
  return UNGRADED.test(withoutInvisible(halfWidth(text)).replace(/\s+/g, ""));
}
const UNGRADED =
  /^(?:暂?未分级|暂?未分类|暂?未评级|暂?未定级|暂?无评级|暂?无等级|暂?无分类|暂?无|[-—－]+|\/|N\/?A|none|null|ungraded)$/i;

/**
 * A cell's word with a note in brackets after it, as an export adds a date or a reason
 * (列入（2025-03-01，未按规定报送年报）, 离岗（2026年3月调离）): the word's meaning, where every meaning
 * the note names (`namedIn`) agrees with it; undefined where the cell has no such note, its word
 * means nothing, or the note names another meaning (是（已移出）): that cell says both.
 */
export function wordWithNote<T>(
  text: string,
  meaning: (word: string) => T | undefined,
  namedIn: (note: string) => readonly T[],
): T | undefined {
  const m = /^([^(]+)\((.*)\)$/.exec(withoutInvisible(halfWidth(text)));
  if (!m) return undefined;
  const said = meaning(m[1].trim());
  return said !== undefined && namedIn(m[2].trim()).every((v) => v === said) ? said : undefined;
}

/**
 * The meaning of a word of a cell in one of the tables below: only the table's own entries, so a
 * cell saying `constructor` or `toString` is unknown rather than one of Object's members.
 */
export function word<T>(table: Readonly<Record<string, T>>, text: string): T | undefined {
  return Object.hasOwn(table, text) ? table[text] : undefined;
}
const CATEGORY: Record<string, Category> = {
  key: "key",
  general: "general",
  重点: "key",
  重点类: "key",
  一般: "general",
  一般类: "general",
  重点监管: "key",
  重点监管对象: "key",
  一般监管: "general",
  一般监管对象: "general",
  // As a column of enterprises says it.
  重点企业: "key",
  重点类企业: "key",
  一般企业: "general",
  一般类企业: "general",
  非重点: "general",
  非重点类: "general",
  非重点企业: "general",
  重点监管企业: "key",
  一般监管企业: "general",
  重点监管类: "key",
  一般监管类: "general",
  重点对象: "key",
  一般对象: "general",
  普通: "general",
  普通企业: "general",
};
/** The category a cell names (key, 重点, 一般类, General…), or undefined when it names none. */
export function categoryOf(text: string): Category | undefined {
  return wordOf(CATEGORY, text);
}

/**
 * The meaning of a cell's word in `table`, as written, in lower case, or without characters that
 * show as nothing (see withoutInvisible): those are looked for only where the word is unknown.
 */
function wordOf<T>(table: Readonly<Record<string, T>>, text: string): T | undefined {
  const found = word(table, text.toLowerCase()) ?? word(table, text);
  if (found !== undefined) return found;
  const clean = withoutInvisible(text);
  return clean === text ? undefined : wordOf(table, clean);
}
/** What offices write in a status column of inspectors, beyond yes/no. */
export const ON_DUTY: Record<string, boolean> = {
  在岗: true,
  在职: true,
  正常: true,
  启用: true,
  离岗: false,
  离职: false,
  调离: false,
  退休: false,
  停用: false,
  注销: false,
  // Away from their post on the draw date: drawn, they could not inspect.
  已离职: false,
  已调离: false,
  已退休: false,
  辞职: false,
  停职: false,
  病假: false,
  产假: false,
  休假: false,
  请假: false,
  借调: false,
  挂职: false,
  外派: false,
  脱产培训: false,
};
/** What offices write for the list of abnormal operations (经营异常名录), beyond yes/no. */
export const LISTED: Record<string, boolean> = {
  列入: true,
  已列入: true,
  未列入: false,
  移出: false,
  已移出: false,
  // The list named, as a directory export writes the status.
  列入经营异常名录: true,
  已列入经营异常名录: true,
  未列入经营异常名录: false,
  移出经营异常名录: false,
  已移出经营异常名录: false,
};
/** What offices write for the kind of an inspection. */
export const KIND: Record<string, InspectionKind> = {
  random: "random",
  随机: "random",
  双随机: "random",
  随机抽查: "random",
  // As a publication list names them (publish.ts, PUBLISHED_KIND), so that one reads as a history file.
  双随机抽查: "random",
  "random inspection": "random",
  双随机一公开: "random",
  "双随机、一公开": "random",
  // 定向抽查 draws by lot among enterprises of given conditions (type, size, industry, region),
  // 不定向抽查 among all (企业公示信息抽查暂行办法, 2014): both are random inspections, not
  // targeted ones; the national publication system (国家企业信用信息公示系统) names them 定向, 不定向.
  定向: "random",
  定向抽查: "random",
  不定向: "random",
  不定向抽查: "random",
  joint: "joint",
  联合: "joint",
  联合检查: "joint",
  联合抽查: "joint",
  双随机联合抽查: "joint",
  "joint random inspection": "joint",
  部门联合抽查: "joint",
  跨部门联合抽查: "joint",
  targeted: "targeted",
  重点检查: "targeted",
  // As the message for an unknown kind offers it (targeted/专项).
  专项: "targeted",
  专项检查: "targeted",
  "targeted inspection": "targeted",
  complaint: "complaint",
  投诉举报: "complaint",
  投诉: "complaint",
  举报: "complaint",
  投诉举报核查: "complaint",
  投诉核查: "complaint",
  举报核查: "complaint",
  "complaint inspection": "complaint",
};
/** The kind of inspection a cell names (random, 随机, 投诉举报, Joint…), or undefined when it names none. */
export function kindOf(text: string): InspectionKind | undefined {
  return wordOf(KIND, text);
}
