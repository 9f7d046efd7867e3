import { halfWidth, hasHan, withoutInvisible } from "./values.js";

/**
 * The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters,
 * registration authority (1), entity type (1), region (6), organisation code with its own
 * GB 11714 check (9), and a mod-31 check character (1).
 */

/** The 31 characters a code may use: digits and capitals without I, O, Z, S, V. */
export const USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
/** Each alphabet character's value, by its char code; -1 for every other character. */
const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < USCC_ALPHABET.length; i++) VALUE[USCC_ALPHABET.charCodeAt(i)] = i;

/** The value of a character, by its char code, or -1 when it is not in the alphabet. */
const codeValue = (c: number): number => (c < 128 ? VALUE[c] : -1);

/** The value of the character at `i` of `s`, or -1 when it is not in the alphabet. */
const valueAt = (s: string, i: number): number => codeValue(s.charCodeAt(i));

/** wᵢ = 3^(i−1) mod 31 for positions 1..17. */
const WEIGHTS = Array.from({ length: 17 }, (_, i) => {
  let w = 1;
  for (let k = 0; k < i; k++) w = (w * 3) % 31;
  return w;
});
/** GB 11714 weights of the 8 body characters of the organisation code. */
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/**
 * Entity types (机构类别) allowed under each registration authority (登记管理部门), GB 32100 table 1.
 * 9 = market regulation (工商/市场监管): 1 enterprise, 2 individual business, 3 farmers' cooperative.
 */
export const ENTITY_TYPES: Readonly<Record<string, string>> = {
  "1": "1239",
  "2": "19",
  "3": "123459",
  "4": "19",
  "5": "1239",
  "6": "129",
  "7": "129",
  "8": "19",
  "9": "123",
  A: "19",
  N: "1239",
  Y: "1",
};

/** First two digits of valid region codes (GB/T 2260 provinces, plus 10 for national registrations). */
const PROVINCES = new Set(
  "10 11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82".split(
    " ",
  ),
);

/** Whether an authority (by char code, × 128) allows an entity type (by char code): see ENTITY_TYPES. */
const ALLOWED = new Uint8Array(128 * 128);
for (const [authority, types] of Object.entries(ENTITY_TYPES))
  for (const type of types) ALLOWED[authority.charCodeAt(0) * 128 + type.charCodeAt(0)] = 1;
/** Whether a region code's first two digits, as a number, are those of a province (see PROVINCES). */
const PROVINCE = new Uint8Array(100);
for (const p of PROVINCES) PROVINCE[Number(p)] = 1;

/** Why a code is invalid, as an English and a Chinese sentence. */
export interface UsccFault {
  readonly en: string;
  readonly zh: string;
}

/** The outcome of checking one code: the normalised code, whether normalising changed it, and the fault if any. */
export interface UsccCheck {
  readonly code: string;
  readonly normalised: boolean;
  readonly fault?: UsccFault;
}

/** The mod-31 check character of the first 17 characters (assumed in the alphabet). */
export function usccCheckChar(first17: string): string {
  return String.fromCharCode(usccCheckCode((i) => first17.charCodeAt(i)));
}

/** The GB 11714 check character of an 8-character organisation-code body. */
export function orgCheckChar(body8: string): string {
  return String.fromCharCode(orgCheckCode((i) => body8.charCodeAt(i)));
}

/** A character's value in the mod-31 check sum, by its char code: its place in the alphabet, 0 for any other. */
const checkValue = (c: number) => Math.max(0, codeValue(c));

/** The char code of the mod-31 check character of a weighted sum of 17 characters' values (see checkValue). */
const usccCheckOf = (sum: number) => USCC_ALPHABET.charCodeAt((31 - (sum % 31)) % 31);

/** GB 11714's value of a body character, by its char code: a digit as itself, a letter as its place from A = 10. */
const orgValue = (c: number) => (c <= 57 ? c - 48 : c - 55);

/** The char code of the GB 11714 check character of a weighted sum of 8 body characters' values (see orgValue). */
function orgCheckOf(sum: number): number {
  const r = 11 - (sum % 11);
  return r === 11 ? 48 : r === 10 ? 88 : 48 + r;
}

/** The char code of the mod-31 check character of 17 characters, the i-th's char code `codeAt(i)`. */
function usccCheckCode(codeAt: (i: number) => number): number {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += checkValue(codeAt(i)) * WEIGHTS[i];
  return usccCheckOf(sum);
}

/** The char code of the GB 11714 check character of 8 body characters, the i-th's char code `codeAt(i)`. */
function orgCheckCode(codeAt: (i: number) => number): number {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += orgValue(codeAt(i)) * ORG_WEIGHTS[i];
  return orgCheckOf(sum);
}

/**
 * Checks a code against the whole standard, after trimming and upper-casing it, and turning
 * full-width letters and digits (as a Chinese input method types them) into their ASCII forms.
 */
export function checkUscc(raw: string): UsccCheck {
  // A valid code as written (a million-row file's every row) is all alphabet characters, so
  // normalising would leave it as it is.
  if (validAsWritten(raw)) return { code: raw, normalised: false };
  const code = halfWidth(withoutInvisible(raw)).toUpperCase();
  const normalised = code !== raw;
  const fault = usccFault(code);
  return fault ? { code, normalised, fault } : { code, normalised };
}

/**
 * Whether a code breaks none of the rules {@link usccFault} checks, as written: the same rules
 * over its char codes, without making a string (a million-row file's every row).
 */
function validAsWritten(code: string): boolean {
  if (code.length !== 18) return false;
  for (let i = 0; i < 17; i++) if (valueAt(code, i) < 0) return false;
  if (code.charCodeAt(17) !== usccCheckCode((i) => code.charCodeAt(i))) return false;
  if (!ALLOWED[code.charCodeAt(0) * 128 + code.charCodeAt(1)]) return false;
  for (let i = 2; i < 8; i++) {
    const c = code.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  if (!PROVINCE[(code.charCodeAt(2) - 48) * 10 + code.charCodeAt(3) - 48]) return false;
  return code.charCodeAt(16) === orgCheckCode((i) => code.charCodeAt(8 + i));
}

/** The digits the letters a code never holds look like. */
const LOOK_ALIKE: Readonly<Record<string, string>> = { I: "1", O: "0", Z: "2", S: "5" };

/** A fault's two sentences (made only for a code that breaks a rule). */
const fault = (en: string, zh: string): UsccFault => ({ en, zh });

/** A name, a note or a heading where the code belongs: no code has a Chinese character. */
const CHINESE_TEXT = fault(
  "Chinese text, not a code (a name, or a note?): write the enterprise's 18-character code",
  "是中文文字而非代码（是否填成了名称或备注？）：请填写企业的 18 位统一社会信用代码",
);

/**
 * The valid code a longer cell holds: a run of code characters that is one once its spaces and
 * dashes are taken out (9132 0803 H5M7 NGT0 2U, 91320803-H5M7NGT02-U), alone or beside Chinese
 * text (91320803H5M7NGT02U（总公司）); undefined where no run is, or more than one.
 */
function codeWithin(text: string): string | undefined {
  const found = (text.match(/[0-9A-Z][0-9A-Z \-－—]*/g) ?? [])
    .map((run) => run.replace(/[ \-－—]/g, ""))
    .filter((run) => run.length === 18 && validAsWritten(run));
  return found.length === 1 ? found[0] : undefined;
}

/** The first rule of the standard a code breaks, as an English and a Chinese sentence; undefined for a valid code. */
export function usccFault(code: string): UsccFault | undefined {
  if (code.length !== 18) {
    // A valid code with a note or its heading beside it (91320803…（总公司）, 统一社会信用代码：9132…),
    // or typed in groups (9132 0803 …, 91320803-…): the code meant, said.
    const within = codeWithin(code);
    if (within)
      return hasHan(code)
        ? fault(
            `${within} with text beside it: write the code alone in the cell, and any note in another column`,
            `${within} 旁边有其他文字：单元格中只填写代码，备注请另列填写`,
          )
        : fault(
            `${code.length} characters, with spaces or dashes inside? Without them, ${within} is a valid code`,
            `共 ${code.length} 位，是否夹有空格或连字符？去掉后 ${within} 是有效代码`,
          );
    if (hasHan(code)) return CHINESE_TEXT;
    // The 15-digit registration number (注册号) the code replaced in 2015, which old lists still hold.
    if (/^\d{15}$/.test(code))
      return fault(
        "a 15-digit registration number (注册号) of before 2015, not the 18-character code that replaced it: write the enterprise's code (its licence, or the national enterprise credit information publicity system, gives it)",
        "这是 2015 年以前的 15 位注册号，不是取代它的 18 位统一社会信用代码：请填写该企业的统一社会信用代码（见其营业执照或国家企业信用信息公示系统）",
      );
    return fault(
      `wrong length: ${code.length} characters, expected 18`,
      `长度错误：${code.length} 位，应为 18 位`,
    );
  }
  for (let i = 0; i < 18; i++) {
    if (valueAt(code, i) < 0) {
      if (hasHan(code)) return CHINESE_TEXT;
      // The letter O typed for the digit 0 (I for 1, Z for 2, S for 5): said where that gives a valid code.
      const digit = Object.hasOwn(LOOK_ALIKE, code[i]) ? LOOK_ALIKE[code[i]] : undefined;
      const meant = code.replace(/[IOZS]/g, (c) => LOOK_ALIKE[c]);
      const told =
        digit !== undefined && validAsWritten(meant)
          ? {
              en: `: the letter ${code[i]} for the digit ${digit}? ${meant} is a valid code`,
              zh: `：是否把数字 ${digit} 写成了字母 ${code[i]}？${meant} 是有效代码`,
            }
          : { en: "", zh: "" };
      return fault(
        `bad character '${code[i]}' at position ${i + 1} (I, O, Z, S, V and symbols are not used)${told.en}`,
        `第 ${i + 1} 位字符 '${code[i]}' 无效（不使用 I、O、Z、S、V 及符号）${told.zh}`,
      );
    }
  }
  const types = ENTITY_TYPES[code[0]];
  if (!types)
    return fault(
      `unknown registration authority code '${code[0]}' at position 1`,
      `第 1 位登记管理部门代码 '${code[0]}' 无效`,
    );
  if (!types.includes(code[1]))
    return fault(
      `entity type '${code[1]}' at position 2 is not valid for authority '${code[0]}'`,
      `第 2 位机构类别代码 '${code[1]}' 与登记管理部门 '${code[0]}' 不符`,
    );
  let digits = true;
  for (let i = 2; i < 8; i++) digits &&= code.charCodeAt(i) >= 48 && code.charCodeAt(i) <= 57;
  if (!digits || !PROVINCES.has(code.slice(2, 4))) {
    const region = code.slice(2, 8);
    return fault(
      `region code '${region}' at positions 3-8 is not a valid administrative division`,
      `第 3-8 位行政区划码 '${region}' 无效`,
    );
  }
  const org = orgCheckCode((i) => code.charCodeAt(8 + i));
  if (code.charCodeAt(16) !== org)
    return fault(
      `organisation-code check character at position 17 should be ${String.fromCharCode(org)}, not ${code[16]}`,
      `第 17 位组织机构代码校验码应为 ${String.fromCharCode(org)}，而不是 ${code[16]}`,
    );
  const check = usccCheckCode((i) => code.charCodeAt(i));
  if (code.charCodeAt(17) !== check)
    return fault(
      `check character should be ${String.fromCharCode(check)}, not ${code[17]}`,
      `校验码应为 ${String.fromCharCode(check)}，而不是 ${code[17]}`,
    );
  return undefined;
}

/** True when the code is valid as written (no normalisation needed). */
export function isValidUscc(code: string): boolean {
  return validAsWritten(code);
}

/**
 * Builds a valid code from a random source in [0, 1): used by the synthetic population and tests.
 * `entity` is the authority and type, e.g. "91" for an enterprise, "92" for an individual business.
 */
export function makeUscc(random: () => number, region = "320803", entity = "91"): string {
  const maker = UsccMaker.of(region, entity);
  maker.draw(random, body);
  return maker.code(body);
}

/** The body being made by {@link makeUscc}. */
const body = new Uint8Array(8);

/**
 * Codes of one authority and type (`entity`) and one region, made from random numbers as
 * {@link makeUscc} makes them, in two steps: the 8 body characters drawn, then the code of a body.
 * A maker of many codes (the synthetic district's) can tell a body drawn before by its values
 * (see MadeCodes) without making its code. The prefix's part of the check sum is summed once.
 */
export class UsccMaker {
  private static last: UsccMaker | undefined;
  /** The char codes of the code, the prefix's filled once. */
  private readonly codes = new Uint16Array(18);
  /** The first 8 characters' part of the mod-31 check sum. */
  private readonly prefixSum: number;

  private constructor(
    readonly region: string,
    readonly entity: string,
  ) {
    const prefix = entity + region;
    if (entity.length !== 2 || region.length !== 6)
      throw new RangeError(
        `a code's authority and type are 2 characters and its region 6: not ${entity}, ${region}`,
      );
    let sum = 0;
    for (let i = 0; i < 8; i++) {
      const c = prefix.charCodeAt(i);
      this.codes[i] = c;
      sum += checkValue(c) * WEIGHTS[i];
    }
    this.prefixSum = sum;
  }

  /** The maker of an authority and type and a region (the one made last kept for the next call). */
  static of(region: string, entity: string): UsccMaker {
    const last = UsccMaker.last;
    if (last && last.region === region && last.entity === entity) return last;
    UsccMaker.last = new UsccMaker(region, entity);
    return UsccMaker.last;
  }

  /** Draws the 8 body characters, each one's value in the alphabet (0–30) with one random number, into `into`. */
  draw(random: () => number, into: Uint8Array): void {
    for (let i = 0; i < 8; i++) into[i] = Math.floor(random() * USCC_ALPHABET.length);
  }

  /** The code of a body of 8 values (see {@link draw}): its body, then both check characters of the standard. */
  code(values: Uint8Array): string {
    const codes = this.codes;
    let org = 0;
    let sum = this.prefixSum;
    for (let i = 0; i < 8; i++) {
      const c = USCC_ALPHABET.charCodeAt(values[i]);
      codes[8 + i] = c;
      org += orgValue(c) * ORG_WEIGHTS[i];
      sum += values[i] * WEIGHTS[8 + i];
    }
    const check16 = orgCheckOf(org);
    codes[16] = check16;
    sum += checkValue(check16) * WEIGHTS[16];
    codes[17] = usccCheckOf(sum);
    // One flat string of the 18 codes at once, cheap to hash in a set of codes; the arguments
    // written out, as a spread of them took a third longer.
    return String.fromCharCode(
      codes[0],
      codes[1],
      codes[2],
      codes[3],
      codes[4],
      codes[5],
      codes[6],
      codes[7],
      codes[8],
      codes[9],
      codes[10],
      codes[11],
      codes[12],
      codes[13],
      codes[14],
      codes[15],
      codes[16],
      codes[17],
    );
  }
}
