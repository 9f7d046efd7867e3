import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import iconv from "iconv-lite";
import { enterprisesCsv, inspectorsCsv } from "../../engine/data/write.js";
import { generateDistrict, HUAIAN_LIKE } from "../../engine/synthetic.js";
import { writeXlsx } from "../../engine/xlsx.js";

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

/**
 * The generated CSV of `n` enterprises in another form, made from it once (run.ts makes it before
 * any case is timed): `gbk`, in GBK without a BOM, as Excel on a Chinese Windows saves a CSV;
 * `quoted`, every name in quotes, as some exports write text.
 */
export function derivedCsv(n: number, form: "gbk" | "quoted"): string {
  const csv = districtCsv(n).enterprises;
  const file = csv.replace(/\.csv$/, `.${form}.csv`);
  if (existsSync(file)) return file;
  const text = readFileSync(csv, "utf8");
  writeFileSync(
    file,
    form === "gbk"
      ? iconv.encode(text.replace(/^\uFEFF/, ""), "gbk")
      : text.replace(/^(\uFEFF?[^,\r\n]*),([^,\r\n]*),/gm, (_, uscc, name) => `${uscc},"${name}",`),
  );
  return file;
}

/**
 * The generated CSV of `n` enterprises as a workbook, made once: one sheet, every cell text, as
 * gradedraw writes its own workbooks (inline strings, the larger XML; Excel's shared strings read
 * faster).
 */
export async function derivedXlsx(n: number): Promise<string> {
  const csv = districtCsv(n).enterprises;
  const file = csv.replace(/\.csv$/, ".xlsx");
  if (existsSync(file)) return file;
  const lines = readFileSync(csv, "utf8")
    .replace(/^\uFEFF/, "")
    .trimEnd()
    .split(/\r?\n/);
  const header = lines[0].split(",");
  await writeXlsx(
    file,
    [
      {
        name: "企业",
        header,
        widths: header.map(() => 12),
        *rows() {
          for (let i = 1; i < lines.length; i++) yield lines[i].split(",");
        },
      },
    ],
    { creator: "gradedraw bench", date: "2026-01-01" },
  );
  return file;
}

/** Prints a case's result as one JSON line, with the process's peak RSS. */
export function report(result: Record<string, unknown>): void {
  process.stdout.write(
    `${JSON.stringify({ ...result, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
  );
}
