/**
 * Personal data in published files (SPEC §8): inspectors never appear; natural persons' names are
 * masked. An individual business (个体工商户, code type 92) registered under its operator's own
 * name carries a person's name as its enterprise name.
 */

const SUFFIX = /[（(]个体(?:工商)?户[)）]$/u;

/** A Han character, rare ones included (CJK extensions, as names use: 㛃, 𠮷). */
const HAN = String.raw`\p{Script=Han}`;

/** The separators of a name's parts (阿依古丽·买买提): the middle dot as typed in its usual forms. */
const DOTS = "·•・‧";

/**
 * A person's name: 2 to 4 Han characters (张三, 欧阳娜娜), or Han parts joined by middle dots, as
 * the names of China's minorities and foreign names are written (阿依古丽·买买提), of any length.
 */
const PERSON = new RegExp(`^(?:${HAN}{2,4}|${HAN}+(?:[${DOTS}]${HAN}+)+)$`, "u");

/** The name without the individual-business suffix and without spaces (张　三 is 张三). */
function bareName(name: string): string {
  return name.trim().replace(SUFFIX, "").replace(/\s+/gu, "");
}

/**
 * True for an individual business (个体工商户, code type 92): its address is often where its
 * operator lives, so a message says that it differs, not what it is.
 */
export function isIndividualBusiness(uscc: string): boolean {
  return uscc.startsWith("92");
}

/** True when an enterprise name is a natural person's name: an individual business named by its operator. */
export function isPersonalName(uscc: string, name: string): boolean {
  return isIndividualBusiness(uscc) && PERSON.test(bareName(name));
}

/**
 * The operator (经营者) of an individual business, a person's name written without spaces, where
 * its name holds it (淮安区张三小吃店 of 张三): what maskName masks, and all a draw keeps of the
 * operator column (an operator whose name the business's does not hold is no published name's).
 */
export function operatorInName(uscc: string, name: string, operator: string | undefined): string | undefined {
  if (operator === undefined || !isIndividualBusiness(uscc)) return undefined;
  const person = bareName(operator);
  return PERSON.test(person) && name.includes(person) ? person : undefined;
}

/**
 * Masks a person's name keeping the first character and the dots between a name's parts:
 * 张三 → 张*, 欧阳娜娜 → 欧***, 阿依古丽·买买提 → 阿***·***. An individual business named by a
 * trade name keeps it, but where its operator (经营者, given) is a person whose name the trade name
 * holds, that name is masked wherever it stands: 淮安区张三小吃店 of 张三 → 淮安区张*小吃店. Other
 * names are returned unchanged.
 */
export function maskName(uscc: string, name: string, operator?: string): string {
  const person = operatorInName(uscc, name, operator);
  if (person !== undefined) return name.replaceAll(person, masked(person));
  if (!isPersonalName(uscc, name)) return name;
  const suffix = SUFFIX.exec(name.trim())?.[0] ?? "";
  return masked(bareName(name)) + suffix;
}

/** A person's name with all but its first character and its dots starred. */
function masked(person: string): string {
  const [first, ...rest] = person;
  return first + rest.map((c) => (DOTS.includes(c) ? c : "*")).join("");
}
