import { describe, expect, it } from "vitest";
import { foreignInspectorNotice, likelyDepartment } from "../../engine/data/departments.js";
import { enterpriseFacts, unmatchedNotice, unmatchedValues } from "../../engine/data/unmatched.js";
import { loadPolicyFile } from "../../engine/policy/load.js";
import type { Policy, Rule } from "../../engine/policy/types.js";
import { makePopulation, populationFacts } from "../../simulator/population.js";
import { enterprise } from "../helpers/enterprise.js";

const seed = (() => {
  const p = loadPolicyFile("policies/huaian-2021/1.0.0.yaml").policy?.policy;
  if (!p) throw new Error("the seed policy does not load");
  return p;
})();

/** The seed policy with rules put before its own, and declared facts. */
const withRules = (rules: Rule["conditions"][], facts: Policy["facts"] = {}): Policy => ({
  ...seed,
  facts,
  rules: [
    ...rules.map((conditions, i) => ({
      name: `r${i + 1}`,
      priority: 30,
      conditions,
      event: { type: "treatment" as const, params: { name: "key-stricter" } },
    })),
    ...seed.rules,
  ],
});

const district = [
  ...Array.from({ length: 12 }, () =>
    enterprise({ industry: "食品销售业", region: "河下街道", tags: ["特种设备"] }),
  ),
  ...Array.from({ length: 5 }, () =>
    enterprise({ industry: "制造业", region: "淮城街道", extra: { street: "A01" } }),
  ),
];

describe("rule values no enterprise has", () => {
  it("a word written nearly as a value of the file is named with that value and its count; a word merely absent is not", () => {
    const p = withRules([
      { all: [{ fact: "industry", operator: "in", value: ["食品销售", "烟花爆竹", "制造业"] }] },
      { all: [{ fact: "tags", operator: "contains", value: "特种 设备" }] },
      { not: { fact: "region", operator: "equal", value: "河下街道" } },
    ]);
    const found = unmatchedValues(p, enterpriseFacts(district));
    expect(found).toEqual([
      {
        fact: "industry",
        values: [{ fact: "industry", value: "食品销售", rules: ["r1"], near: [["食品销售业", 12]] }],
        none: false,
        common: [
          ["食品销售业", 12],
          ["制造业", 5],
        ],
        distinct: 2,
      },
      {
        fact: "tags",
        values: [{ fact: "tags", value: "特种 设备", rules: ["r2"], near: [["特种设备", 12]] }],
        none: true,
        common: [["特种设备", 12]],
        distinct: 1,
      },
    ]);
    expect(unmatchedNotice(found, "企业.csv", "en")[0]).toBe(
      "note: rule r1 compares industry with 食品销售, which no enterprise of 企业.csv has; the file has 食品销售业 (12) where the rules say 食品销售: is a value written another way?",
    );
    expect(unmatchedNotice(found, "企业.csv", "zh")[1]).toBe(
      "提示：规则 r2 将 tags 与 特种 设备 比较，但 企业.csv 中没有企业为此值（文件中为 特种设备（12 家））；文件中的 特种设备（12 家）与规则的“特种 设备”相近：是否写法不同？",
    );
  });

  it("when not one of the rules' words for a fact is in the file, all are named with the file's commonest values; a fact no enterprise has is said as a missing column", () => {
    const p = withRules(
      [
        { all: [{ fact: "region", operator: "someValue:equal", value: ["320803001", "320803002"] }] },
        { all: [{ fact: "street", operator: "equal", value: "B02" }] },
        { all: [{ fact: "industry", operator: "swap:in", value: "食品" }] },
      ],
      { street: { type: "string" } },
    );
    const notes = unmatchedNotice(unmatchedValues(p, enterpriseFacts(district)), "企业.csv", "en");
    expect(notes).toEqual([
      "note: rule r1 compares region with 320803001, 320803002, which no enterprise of 企业.csv has (it has 河下街道 (12), 淮城街道 (5)): is a value written another way?",
      "note: rule r2 compares street with B02, which no enterprise of 企业.csv has (it has A01 (5)): is a value written another way?",
    ]);
    const bare = district.map((e) => ({ ...e, region: null }));
    expect(unmatchedNotice(unmatchedValues(p, enterpriseFacts(bare)), "企业.csv", "en")[0]).toBe(
      "note: rule r1 compares region with 320803001, 320803002, but no enterprise of 企业.csv has a region: those conditions match nobody (is the column missing?)",
    );
  });

  it("a simulation's population says the same as its enterprises: the file's values of its own and declared facts, entrants' empty tags aside", () => {
    const p = withRules(
      [
        { all: [{ fact: "industry", operator: "in", value: ["食品销售", "制造"] }] },
        { all: [{ fact: "tags", operator: "contains", value: "特种 设备" }] },
        { all: [{ fact: "region", operator: "equal", value: "河下" }] },
        { all: [{ fact: "street", operator: "equal", value: "B02" }] },
      ],
      { street: { type: "string" } },
    );
    const found = unmatchedValues(p, enterpriseFacts(district));
    expect(found.map((f) => f.fact)).toEqual(["industry", "tags", "region", "street"]);
    const population = makePopulation(district, 40, 4, ["street"]);
    expect(unmatchedValues(p, populationFacts(population))).toEqual(found);
  });

  it("the seed policy, which compares only grades and categories, gives nothing to say", () => {
    expect(unmatchedValues(seed, enterpriseFacts(district))).toEqual([]);
  });
});

describe("a department written another way than the policy's", () => {
  it("is told the policy's one whose characters stand in it in order, or it in the one: full names, a district's, abbreviations; none when no one or several do", () => {
    const known = ["人社局", "市场监管局", "应急管理局", "生态环境局"];
    expect(likelyDepartment("淮安区市场监督管理局", known)).toBe("市场监管局");
    expect(likelyDepartment("人力资源和社会保障局", known)).toBe("人社局");
    expect(likelyDepartment("应急局", known)).toBe("应急管理局");
    expect(likelyDepartment("淮安市生态环境局淮安分局", known)).toBe("生态环境局");
    expect(likelyDepartment("税务局", known)).toBeUndefined();
    // 局 stands in every one of them.
    expect(likelyDepartment("局", known)).toBeUndefined();
  });

  it("an inspector's department naming several of the policy's, as a list writes them, is told an inspector is drawn for one", () => {
    const known = ["人社局", "市场监管局", "应急管理局", "生态环境局"];
    const staff = [
      { department: "市场监管局;人社局" },
      { department: "市场监督管理局" },
      { department: "市场监管局" },
    ];
    expect(foreignInspectorNotice(staff, known, "i.csv", "en")).toEqual([
      "note: i.csv has inspectors of department(s) that no item of the policy has, who are never drawn: 市场监督管理局 (1; the policy's 市场监管局?), 市场监管局;人社局 (1: an inspector is drawn for one department: write the one, 市场监管局 or 人社局); the policy's are 人社局, 市场监管局, 应急管理局, 生态环境局: is a department written another way?",
    ]);
    expect(
      foreignInspectorNotice([{ department: "市场监管局、应急管理局" }], known, "i.csv", "zh")[0],
    ).toContain(
      "市场监管局、应急管理局（1 人：每名执法人员按一个部门抽取，请填写 市场监管局或应急管理局 之一）",
    );
  });
});
