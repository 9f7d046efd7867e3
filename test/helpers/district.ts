import seedrandom from "seedrandom";
import type { Conflict, Enterprise, HistoryEntry, Inspector } from "../../engine/data/records.js";
import { computeDraw, type DrawOptions } from "../../engine/draw/draw.js";
import { EMPTY_LEDGER_STATE } from "../../engine/draw/frame.js";
import { frameInspectors } from "../../engine/draw/outputs.js";
import type { Policy } from "../../engine/policy/types.js";
import { generateDistrict, HUAIAN_LIKE } from "../../engine/synthetic.js";
import { dryRunParams } from "./examples.js";

/**
 * A small synthetic district with a random inspection history over the two years before 2026, in
 * which one inspector in twenty has neither a licence number nor an expiry date (holds no licence).
 */
export function smallDistrict(seed: string, size: number) {
  const d = generateDistrict(
    { ...HUAIAN_LIKE, inspectors: { 市场监管局: 40, 生态环境局: 12, 应急管理局: 12, 人社局: 10 } },
    seed,
    size,
  );
  const unlicensed = seedrandom(`licence|${seed}`);
  const inspectors = d.inspectors.map((i) =>
    unlicensed() < 0.05 ? { ...i, licenseNo: "", licenseExpires: null } : i,
  );
  const random = seedrandom(`history|${seed}`);
  const history: HistoryEntry[] = [];
  for (const e of d.enterprises) {
    const n = Math.floor(random() * 3);
    for (let i = 0; i < n; i++) {
      const day = Math.floor(random() * 730);
      const date = new Date(Date.UTC(2024, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
      history.push({
        uscc: e.uscc,
        date,
        department: e.departments[0],
        kind: random() < 0.5 ? "random" : "complaint",
        result: ["none"],
      });
    }
  }
  return { ...d, inspectors, history };
}

/** The dry-run draw (see dryRunParams) of a district's files under `policy`, with no earlier draws in the ledger. */
export function dryRunDraw(
  policy: Policy,
  d: {
    readonly enterprises: readonly Enterprise[];
    readonly inspectors: readonly Inspector[];
    readonly conflicts: readonly Conflict[];
    readonly history: readonly HistoryEntry[];
  },
  seed: string,
  options?: DrawOptions,
) {
  return computeDraw(
    {
      policy,
      enterprises: d.enterprises,
      inspectors: frameInspectors(d.inspectors),
      conflicts: d.conflicts,
      history: d.history,
      ledger: EMPTY_LEDGER_STATE,
    },
    dryRunParams(),
    seed,
    options,
  );
}
