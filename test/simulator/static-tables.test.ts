import { describe, expect, it } from "vitest";
import { loadPolicyFile } from "../../engine/policy/load.js";
import type { Policy } from "../../engine/policy/types.js";
import { makePopulation } from "../../simulator/population.js";
import { staticTable } from "../../simulator/static-tables.js";
import { enterprise } from "../helpers/enterprise.js";

describe("the simulator's kinds of enterprises", () => {
  it("enterprises whose tag lists joined look the same are evaluated each on its own tags", () => {
    const seed = loadPolicyFile("policies/huaian-2021/1.0.0.yaml").policy?.policy as Policy;
    const tagged: Policy = {
      ...seed,
      rules: [
        {
          name: "tagged-sp",
          priority: 99,
          conditions: { all: [{ fact: "tags", operator: "contains", value: "SP" }] },
          event: { type: "treatment", params: { name: "key-stricter" } },
        },
        ...seed.rules,
      ],
    };
    const pop = makePopulation(
      [
        enterprise({ uscc: "91110108551385082Q", tags: ["SC\u0000SP"] }),
        enterprise({ uscc: "91320800MA1MXXXX0A", tags: ["SC", "SP"] }),
        enterprise({ uscc: "91320800MA1MXXXX1B", tags: ["SC\u0000SP"] }),
      ],
      0,
    );
    const { candidateOf } = staticTable(tagged, pop);
    const stricter = Object.keys(tagged.treatments).indexOf("key-stricter");
    const ungraded = 4;
    expect([0, 1, 2].map((i) => candidateOf[i * 5 + ungraded] === stricter)).toEqual([false, true, false]);
  });
});
