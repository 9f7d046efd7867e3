import { arc4Doubles } from "./arc4-doubles.js";
import type { Conflict, Enterprise, Inspector } from "./data/records.js";
import { UsccMaker } from "./data/uscc.js";
import type { Grade } from "./policy/vocabulary.js";
import { sha256Hex } from "./tickets.js";

/** How a synthetic district is made. Shares are fractions summing to 1. */
export interface DistrictSpec {
  readonly size: number;
  /** Shares of A, B, C, D and ungraded. */
  readonly grades: Readonly<Record<"A" | "B" | "C" | "D" | "ungraded", number>>;
  readonly keyShare: number;
  /** Industries with their share and whether they are key by nature, and the departments supervising them. */
  readonly industries: readonly {
    name: string;
    share: number;
    key: boolean;
    departments: readonly string[];
  }[];
  readonly regions: readonly string[];
  /** Inspectors per department. */
  readonly inspectors: Readonly<Record<string, number>>;
  /** Share of individual businesses (个体工商户). */
  readonly individualShare: number;
}

/** A district like Huai'an's, with Jiangsu-like grade shares (see simulator/scenarios/README.md for sources). */
export const HUAIAN_LIKE: DistrictSpec = {
  size: 100_000,
  grades: { A: 0.32, B: 0.55, C: 0.07, D: 0.02, ungraded: 0.04 },
  keyShare: 0.12,
  industries: [
    { name: "批发和零售业", share: 0.34, key: false, departments: ["市场监管局"] },
    { name: "住宿和餐饮业", share: 0.12, key: true, departments: ["市场监管局", "人社局"] },
    { name: "食品制造业", share: 0.04, key: true, departments: ["市场监管局", "生态环境局"] },
    {
      name: "化学原料和化学制品制造业",
      share: 0.02,
      key: true,
      departments: ["市场监管局", "生态环境局", "应急管理局"],
    },
    { name: "通用设备制造业", share: 0.1, key: false, departments: ["市场监管局", "应急管理局"] },
    { name: "建筑业", share: 0.1, key: false, departments: ["市场监管局", "应急管理局", "人社局"] },
    { name: "租赁和商务服务业", share: 0.18, key: false, departments: ["市场监管局"] },
    { name: "居民服务业", share: 0.1, key: false, departments: ["市场监管局", "人社局"] },
  ],
  regions: ["河下街道", "淮城街道", "车桥镇", "施河镇", "钦工镇", "流均镇", "苏嘴镇", "复兴镇"],
  inspectors: { 市场监管局: 120, 生态环境局: 30, 应急管理局: 30, 人社局: 20 },
  individualShare: 0.3,
};

const SURNAMES =
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const GIVEN = "伟芳娜敏静磊洋勇艳杰军强霞平刚桂英华明丽秀兰玉梅建国志红文斌辉鹏宇浩然晨阳";
const SHOPS = [
  "便利店",
  "小吃店",
  "五金店",
  "理发店",
  "服装店",
  "水果店",
  "维修部",
  "烟酒店",
  "面馆",
  "快餐店",
];
const FIRMS = [
  "恒通",
  "宏达",
  "金鼎",
  "润泽",
  "华信",
  "万家",
  "同德",
  "永安",
  "新城",
  "利民",
  "博远",
  "天和",
  "瑞丰",
  "盛世",
  "安泰",
  "明珠",
  "福源",
  "顺达",
  "中兴",
  "东方",
];

/**
 * Picks among `items` by weight with one random number: the item where the running sum of the
 * weights passes `random() × total`. The weights are summed once, in the order given. Where
 * rounding leaves the sum short of it, the last item of any weight: one of weight 0 is never
 * picked (the last item where none has any).
 */
export function weightedPicker<T>(
  items: readonly T[],
  weight: (t: T) => number,
): (random: () => number) => T {
  const weights = items.map(weight);
  const total = weights.reduce((s, w) => s + w, 0);
  let lastWeighed = items.length - 1;
  while (lastWeighed > 0 && !(weights[lastWeighed] > 0)) lastWeighed--;
  const last = items[weights[lastWeighed] > 0 ? lastWeighed : items.length - 1];
  return (random) => {
    let r = random() * total;
    for (let i = 0; i < items.length; i++) {
      r -= weights[i];
      if (r < 0) return items[i];
    }
    return last;
  };
}

/**
 * The codes a district has made, as numbers in one typed array (open addressing, linear probing).
 * Made codes differ only in their type (91 or 92) and the 8 random characters of their body, the
 * rest following from them: those 9 characters are the number (below 2^41). A Map of the code
 * strings took some 1.2 µs a code at a million codes, more than the rest of an enterprise together,
 * and more entries than a Map holds at 20,000,000.
 */
export class MadeCodes {
  private slots: Float64Array;
  private size = 0;

  /** A set with room for `most` codes before it grows. */
  constructor(most: number) {
    this.slots = MadeCodes.table(most);
  }

  /**
   * Adds the code of a body drawn by a UsccMaker (its 8 values), of type 92 (`individual`) or 91,
   * before its code is made; false when it was made already.
   */
  addBody(individual: boolean, body: Uint8Array): boolean {
    let key = individual ? 1 : 0;
    for (let i = 0; i < 8; i++) key = key * 31 + body[i];
    if (!MadeCodes.put(this.slots, key)) return false;
    // Kept at most two-thirds full, so that a code is found within a few slots.
    if (++this.size * 3 > this.slots.length * 2) {
      const old = this.slots;
      this.slots = MadeCodes.table(this.size * 2);
      for (const k of old) if (k !== -1) MadeCodes.put(this.slots, k);
    }
    return true;
  }

  private static table(most: number): Float64Array {
    let capacity = 16;
    while (capacity < most * 1.5) capacity *= 2;
    return new Float64Array(capacity).fill(-1);
  }

  /** Puts `key` in `slots`; false when it was there. */
  private static put(slots: Float64Array, key: number): boolean {
    const mask = slots.length - 1;
    const lo = key >>> 0;
    const hi = (key - lo) / 4294967296;
    let h = Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi + 0x7f4a7c15, 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
    for (let i = (h ^ (h >>> 12)) & mask; ; i = (i + 1) & mask) {
      const there = slots[i];
      if (there === key) return false;
      if (there === -1) {
        slots[i] = key;
        return true;
      }
    }
  }
}

/**
 * A synthetic district's enterprises in columns, each value an enterprise's own (a name, a list,
 * a grade, shared by the enterprises that have it): what {@link generateDistrict} makes its
 * enterprises of, and the simulator its population of, without an object per enterprise (see
 * districtColumns).
 */
export interface DistrictColumns {
  readonly size: number;
  readonly uscc: readonly string[];
  /** 1 for an individual business (code type 92), 0 for a firm (91). */
  readonly individual: Uint8Array;
  readonly grade: readonly Grade[];
  readonly category: readonly Enterprise["category"][];
  readonly industry: readonly string[];
  readonly region: readonly string[];
  /** Each industry's list of departments, one read-only copy shared by its enterprises. */
  readonly departments: readonly (readonly string[])[];
  readonly abnormal: readonly boolean[];
  /**
   * The names' parts, where names are made: indices into FIRMS, SURNAMES, GIVEN (given2 −1 where
   * the name has one given character) and SHOPS (−1 where the business has no trade name).
   */
  readonly names?: {
    readonly firm: Uint8Array;
    readonly surname: Uint8Array;
    readonly given: Uint8Array;
    readonly given2: Int8Array;
    readonly shop: Int8Array;
  };
}

/**
 * The enterprises of a seeded synthetic district in columns, and its random numbers as the
 * enterprises leave them (the inspectors and conflicts take the next ones). Every enterprise takes
 * the same random numbers, in the same order, whether its name is made or not.
 */
function districtColumns(
  spec: DistrictSpec,
  seed: string,
  size: number,
  names: boolean,
): { columns: DistrictColumns; random: () => number } {
  // seedrandom keeps only the low byte of each character of a string seed: seed it with a hex digest.
  const random = arc4Doubles(sha256Hex(`district|${seed}`));
  const industries = spec.industries.map((_, i) => i);
  const pickIndustry = weightedPicker(industries, (i) => spec.industries[i].share);
  const pickGrade = weightedPicker(
    (Object.entries(spec.grades) as [keyof DistrictSpec["grades"], number][]).map(([g, share]) => ({
      grade: (g === "ungraded" ? null : g) as Grade,
      share,
    })),
    (g) => g.share,
  );
  // Enterprises share their industry's department list: read-only.
  const departments = spec.industries.map((i) => Object.freeze([...i.departments]));
  const keyChance = Math.min(1, spec.keyShare / 0.18);
  /** An index into a list of `length`, uniformly, with one random number. */
  const pick = (length: number) => Math.floor(random() * length);
  const columns = {
    size,
    uscc: new Array<string>(size),
    individual: new Uint8Array(size),
    grade: new Array<Grade>(size),
    category: new Array<Enterprise["category"]>(size),
    industry: new Array<string>(size),
    region: new Array<string>(size),
    departments: new Array<readonly string[]>(size),
    abnormal: new Array<boolean>(size),
    names: names
      ? {
          firm: new Uint8Array(size),
          surname: new Uint8Array(size),
          given: new Uint8Array(size),
          given2: new Int8Array(size),
          shop: new Int8Array(size),
        }
      : undefined,
  };
  const seen = new MadeCodes(size);
  const makers = [UsccMaker.of("320803", "91"), UsccMaker.of("320803", "92")];
  const body = new Uint8Array(8);
  let n = 0;
  while (n < size) {
    const individual = random() < spec.individualShare;
    // A body drawn before: no code is made of it, and the next enterprise is drawn afresh.
    const maker = makers[individual ? 1 : 0];
    maker.draw(random, body);
    if (!seen.addBody(individual, body)) continue;
    const uscc = maker.code(body);
    const industry = pickIndustry(random);
    const { grade } = pickGrade(random);
    const key = spec.industries[industry].key ? random() < keyChance : false;
    const firm = pick(FIRMS.length);
    const surname = pick(SURNAMES.length);
    const given = pick(GIVEN.length);
    const given2 = random() < 0.5 ? pick(GIVEN.length) : -1;
    const shop = individual && random() >= 0.4 ? pick(SHOPS.length) : -1;
    columns.uscc[n] = uscc;
    columns.individual[n] = individual ? 1 : 0;
    columns.grade[n] = grade;
    columns.category[n] = key ? "key" : "general";
    columns.industry[n] = spec.industries[industry].name;
    columns.departments[n] = departments[industry];
    columns.region[n] = spec.regions[pick(spec.regions.length)];
    columns.abnormal[n] = random() < 0.03;
    if (columns.names) {
      columns.names.firm[n] = firm;
      columns.names.surname[n] = surname;
      columns.names.given[n] = given;
      columns.names.given2[n] = given2;
      columns.names.shop[n] = shop;
    }
    n++;
  }
  return { columns, random };
}

/**
 * The enterprises of a seeded synthetic district in columns, as the simulator takes them (it reads
 * no names): the enterprises {@link generateDistrict} makes with `names: false`, without making them.
 */
export function generateDistrictColumns(spec: DistrictSpec, seed: string, size = spec.size): DistrictColumns {
  return districtColumns(spec, seed, size, false).columns;
}

/**
 * A seeded synthetic district: enterprises with valid codes and realistic mixes, inspectors and a
 * few conflicts. With `names: false` every name is empty and no operator named (a simulation reads
 * neither) and the district is otherwise the same: the random numbers a name takes are drawn all
 * the same.
 */
export function generateDistrict(
  spec: DistrictSpec,
  seed: string,
  size = spec.size,
  { names = true }: { names?: boolean } = {},
): { enterprises: Enterprise[]; inspectors: Inspector[]; conflicts: Conflict[] } {
  const { columns, random } = districtColumns(spec, seed, size, names);
  // Enterprises share one empty tag list and extra facts: read-only.
  const none = Object.freeze([]) as readonly string[];
  const noExtra = Object.freeze({});
  const enterprises: Enterprise[] = new Array(size);
  for (let n = 0; n < size; n++) {
    const grade = columns.grade[n];
    const individual = columns.individual[n] === 1;
    const parts = columns.names;
    // An individual business is run by a person, and named by them or by a trade name holding
    // their name: the operator (经营者) masks it there in published files.
    const person = parts
      ? `${SURNAMES[parts.surname[n]]}${GIVEN[parts.given[n]]}${parts.given2[n] < 0 ? "" : GIVEN[parts.given2[n]]}`
      : "";
    const name = !parts
      ? ""
      : !individual
        ? `淮安市${FIRMS[parts.firm[n]]}${columns.industry[n].slice(0, 2)}有限公司`
        : parts.shop[n] < 0
          ? `${person}（个体工商户）`
          : `淮安区${person}${SHOPS[parts.shop[n]]}`;
    enterprises[n] = {
      uscc: columns.uscc[n],
      name,
      grade,
      category: columns.category[n],
      industry: columns.industry[n],
      region: columns.region[n],
      departments: columns.departments[n],
      tags: none,
      abnormal: columns.abnormal[n],
      // The year's grades, given on its last day: a demo's past of two years of visits (see
      // demo-past.ts) then meets, in each half-year, the grade the half-year began with.
      gradedOn: grade === null ? null : "2025-12-31",
      ...(parts && individual ? { operator: person } : {}),
      extra: noExtra,
    };
  }
  /** One of a list's items (or a string's characters), uniformly, with one random number. */
  const pick = <T>(xs: ArrayLike<T>): T => xs[Math.floor(random() * xs.length)];
  const inspectors: Inspector[] = [];
  let k = 0;
  for (const [department, n] of Object.entries(spec.inspectors)) {
    for (let j = 0; j < n; j++) {
      k++;
      inspectors.push({
        id: `INS${String(k).padStart(4, "0")}`,
        name: pick(SURNAMES) + pick(GIVEN),
        department,
        licenseNo: `3208${String(100000 + k)}`,
        licenseExpires: random() < 0.03 ? "2025-06-30" : "2029-12-31",
        items: [],
        active: random() > 0.02,
        capacity: null,
      });
    }
  }
  const conflicts: Conflict[] = [];
  for (let i = 0; i < Math.min(50, enterprises.length); i++) {
    conflicts.push({
      inspector: pick(inspectors).id,
      uscc: pick(enterprises).uscc,
      reason: "近亲属任职",
    });
  }
  return { enterprises, inspectors, conflicts };
}
