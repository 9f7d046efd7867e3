import seedrandom from "seedrandom";
import type { HistoryEntry } from "../../engine/data/records.js";
import { generateDistrict, HUAIAN_LIKE } from "../../engine/synthetic.js";

/** A small synthetic district with a random inspection history over the two years before 2026. */
export function smallDistrict(seed: string, size: number) {
  const d = generateDistrict(
    { ...HUAIAN_LIKE, inspectors: { 市场监管局: 40, 生态环境局: 12, 应急管理局: 12, 人社局: 10 } },
    seed,
    size,
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
  return { ...d, history };
}
