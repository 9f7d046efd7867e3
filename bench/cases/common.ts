import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { enterprisesCsv, inspectorsCsv } from "../../engine/data/write.js";
import { generateDistrict, HUAIAN_LIKE } from "../../engine/synthetic.js";

/** Where generated benchmark data lives (not committed). */
export const DATA = fileURLToPath(new URL("../.data/", import.meta.url));

/** A CSV of n synthetic enterprises (and an inspector file), generated once. */
export function districtCsv(n: number): { enterprises: string; inspectors: string } {
  mkdirSync(DATA, { recursive: true });
  const enterprises = join(DATA, `enterprises-${n}.csv`);
  const inspectors = join(DATA, `inspectors-${n}.csv`);
  if (!existsSync(enterprises)) {
    const scale = Math.max(1, Math.round(n / 100_000));
    const d = generateDistrict(
      {
        ...HUAIAN_LIKE,
        inspectors: Object.fromEntries(
          Object.entries(HUAIAN_LIKE.inspectors).map(([k, v]) => [k, v * scale]),
        ),
      },
      `bench-${n}`,
      n,
    );
    writeFileSync(inspectors, inspectorsCsv(d.inspectors));
    writeFileSync(enterprises, enterprisesCsv(d.enterprises));
  }
  return { enterprises, inspectors };
}

/** Prints a case's result as one JSON line, with the process's peak RSS. */
export function report(result: Record<string, unknown>): void {
  process.stdout.write(
    `${JSON.stringify({ ...result, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
  );
}
