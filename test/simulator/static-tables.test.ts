import { describe, expect, it } from "vitest";
import { loadPolicyFile } from "../../engine/policy/load.js";
import type { Policy } from "../../engine/policy/types.js";
import { makePopulation } from "../../simulator/population.js";
import { prepare } from "../../simulator/prepare.js";
import { fillStatic, staticTable } from "../../simulator/static-tables.js";
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

/** Whether two typed arrays hold the same bytes (compared as buffers: vitest's equality goes item by item). */
const sameBytes = (a: ArrayBufferView, b: ArrayBufferView) =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

describe("the simulator's static tables of compared policies", () => {
  it("are one table for variants that change only ratios, caps or roundings, and their own for a variant that changes what a slot may join", async () => {
    const { base, policies, tables } = await prepare({
      scenario: "simulator/scenarios/huaian.yaml",
      years: 1,
    });
    expect(policies.map((lp) => lp.policy.version)).toEqual(["1.0.0", "1.1.0-c50", "1.1.0-d80", "1.1.0-b25"]);
    // c50 and d80 change ratios; b25 sends ungraded enterprises to another treatment.
    expect(tables[1]).toBe(tables[0]);
    expect(tables[2]).toBe(tables[0]);
    // (Not `not.toBe`, which compares the tables' arrays item by item to say how they differ.)
    expect(tables[3] === tables[0]).toBe(false);
    // Each is the table of its own policy, filled from nothing.
    for (const [i, lp] of policies.entries()) {
      const own = {
        candidateOf: new Int8Array(base.n * 5),
        inTask: new Uint8Array(base.n),
        visitDeps: new Uint8Array(base.n),
      };
      fillStatic(lp.policy, base, 0, base.n, own.candidateOf, own.inTask, own.visitDeps);
      for (const column of ["candidateOf", "inTask", "visitDeps"] as const)
        expect(sameBytes(own[column], tables[i][column]), `${lp.policy.version} ${column}`).toBe(true);
    }
    expect(sameBytes(tables[3].candidateOf, tables[0].candidateOf)).toBe(false);
    // A treatment taken out of the pool, or an item of another department, is a table of its own.
    const seed = policies[0].policy;
    const outOfPool: Policy = {
      ...seed,
      treatments: { ...seed.treatments, "general-b": { ...seed.treatments["general-b"], pool: false } },
    };
    const otherDepartment: Policy = {
      ...seed,
      items: [...seed.items, { ...seed.items[0], code: "X-1", department: "外事办" }],
    };
    expect(staticTable(outOfPool, base) === tables[0]).toBe(false);
    expect(staticTable(otherDepartment, base) === tables[0]).toBe(false);
    expect(staticTable({ ...seed, title: { zh: "另一标题", en: "Another title" } }, base)).toBe(tables[0]);
  }, 60_000);
});
