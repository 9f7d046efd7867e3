import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sha256OfCanonical } from "../../engine/canonical.js";
import { overCap } from "../../engine/caps.js";
import { unlicensedInspectors } from "../../engine/data/inspector-notices.js";
import { computeDraw, type DrawOutcome } from "../../engine/draw/draw.js";
import { EMPTY_LEDGER_STATE } from "../../engine/draw/frame.js";
import { frameInspectors } from "../../engine/draw/outputs.js";
import { HistoryIndex } from "../../engine/history.js";
import { sampleSize } from "../../engine/plan.js";
import { loadPolicyFile } from "../../engine/policy/load.js";
import type { Policy } from "../../engine/policy/types.js";
import { TicketSource } from "../../engine/tickets.js";
import { smallDistrict } from "../helpers/district.js";
import { dryRunParams } from "../helpers/examples.js";

const files = [
  "policies/huaian-2021/1.0.0.yaml",
  "policies/huaian-2021/variants/c-half.yaml",
  "policies/huaian-2021/variants/b-halved.yaml",
  "policies/huaian-2021/variants/d-floor-raised.yaml",
];
const policies = files.map((f) => loadPolicyFile(f).policy?.policy as Policy);

async function draw(
  policy: Policy,
  seed: string,
  size: number,
  shuffle?: (n: number) => number,
): Promise<{ o: DrawOutcome; d: ReturnType<typeof smallDistrict> }> {
  const d = smallDistrict(`pop-${seed}`, size);
  const order = <T>(xs: T[]) =>
    shuffle
      ? xs
          .map((x, i) => [shuffle(i), x] as const)
          .sort((a, b) => a[0] - b[0])
          .map((p) => p[1])
      : xs;
  const o = await computeDraw(
    {
      policy,
      enterprises: order(d.enterprises),
      inspectors: order(frameInspectors(d.inspectors)),
      conflicts: order(d.conflicts),
      history: order(d.history),
      ledger: EMPTY_LEDGER_STATE,
    },
    dryRunParams(),
    seed,
  );
  return { o, d };
}

const cases = fc.record({
  policy: fc.nat(policies.length - 1),
  seed: fc.string({ minLength: 1, maxLength: 12 }),
  size: fc.integer({ min: 20, max: 300 }),
});

describe("the official draw (properties over random districts, seeds and policies)", () => {
  it("never draws an A-grade general enterprise under the seed policy or its variants", async () => {
    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        const { o } = await draw(policies[c.policy], c.seed, c.size);
        return o.selected.every((s) => !(s.grade === "A" && s.category === "general"));
      }),
      { numRuns: 25 },
    );
  });

  it("never draws an enterprise over its cap", async () => {
    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        const p = policies[c.policy];
        const { o, d } = await draw(p, c.seed, c.size);
        const h = new HistoryIndex(d.history);
        return o.selected.every(
          (s) => !overCap(h.dates(s.uscc), p.treatments[s.treatment].cap, "2026-01-01"),
        );
      }),
      { numRuns: 25 },
    );
  });

  it("draws C-grade general enterprises only into joint inspections of all their departments", async () => {
    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        const { o, d } = await draw(policies[c.policy], c.seed, c.size);
        const byUscc = new Map(d.enterprises.map((e) => [e.uscc, e]));
        return o.selected
          .filter((s) => s.grade === "C" && s.category === "general")
          .every((s) => s.joint && s.departments.length === byUscc.get(s.uscc)?.departments.length);
      }),
      { numRuns: 25 },
    );
  });

  it("draws rounding(ratio × eligible) in every stratum", async () => {
    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        const p = policies[c.policy];
        const { o } = await draw(p, c.seed, c.size);
        return o.strata.every(
          (s) =>
            s.n === sampleSize(s.ratio, p.treatments[s.treatment].rounding, s.eligible) &&
            o.selected.filter((x) => x.stratum === s.treatment).length === s.n,
        );
      }),
      { numRuns: 25 },
    );
  });

  it("forms only valid teams: team size, every department, qualified, licensed, active, no conflict", async () => {
    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        const p = policies[c.policy];
        const { o, d } = await draw(p, c.seed, c.size);
        const ins = new Map(d.inspectors.map((i) => [i.id, i]));
        const conflicts = new Set(d.conflicts.map((x) => `${x.inspector}|${x.uscc}`));
        const unlicensed = new Set(unlicensedInspectors(d.inspectors));
        return o.selected.every((s) => {
          const team = o.assignments.filter((a) => a.uscc === s.uscc).map((a) => ins.get(a.inspector));
          return (
            team.length >= p.teamSize &&
            s.departments.every((dep) => team.some((t) => t?.department === dep)) &&
            team.every(
              (t) =>
                t?.active &&
                (t.licenseExpires === null || t.licenseExpires >= "2026-01-01") &&
                !unlicensed.has(t.id) &&
                !conflicts.has(`${t.id}|${s.uscc}`) &&
                s.departments.includes(t.department),
            ) &&
            team.filter((t) => team.filter((u) => u?.id === t?.id).length > 1).length === 0
          );
        });
      }),
      { numRuns: 20 },
    );
  });

  it("gives every drawn enterprise and team member its ticket, and hashes the results' canonical JSON", async () => {
    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        const { o } = await draw(policies[c.policy], c.seed, c.size);
        const tickets = new TicketSource(o.effectiveSeed);
        expect(o.selected.map((s) => s.ticket)).toEqual(o.selected.map((s) => tickets.ticket(s.uscc)));
        expect(o.assignments.map((a) => a.ticket)).toEqual(
          o.assignments.map((a) => tickets.ticket(`${a.uscc}|${a.inspector}`)),
        );
        expect(o.resultHash).toBe(sha256OfCanonical({ selected: o.selected, assignments: o.assignments }));
      }),
      { numRuns: 20 },
    );
  });

  it("gives the same draw whatever the order of rows in every input", async () => {
    await fc.assert(
      fc.asyncProperty(cases, fc.integer(), async (c, salt) => {
        const a = await draw(policies[c.policy], c.seed, c.size);
        const b = await draw(policies[c.policy], c.seed, c.size, (i) => Math.sin(i * 7919 + salt));
        expect(b.o.frame.frameHash).toBe(a.o.frame.frameHash);
        expect(b.o.selected).toEqual(a.o.selected);
        expect(b.o.assignments).toEqual(a.o.assignments);
      }),
      { numRuns: 15 },
    );
  });

  it("changes with the seed, and the effective seed binds the frame", async () => {
    const a = await draw(policies[0], "seed-1", 300);
    const b = await draw(policies[0], "seed-2", 300);
    expect(a.o.effectiveSeed).toBe(`seed-1,${a.o.frame.frameHash}`);
    expect(a.o.selected.map((s) => s.uscc)).not.toEqual(b.o.selected.map((s) => s.uscc));
  });
});
