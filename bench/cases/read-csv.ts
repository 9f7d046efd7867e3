import { createReadStream } from "node:fs";
import { parse } from "csv-parse";
import { readEnterprises } from "../../engine/data/read.js";
import { districtCsv, report } from "./common.js";

/** Reading 1,000,000 enterprises: csv-parse alone, and the full reader (validation, USCC checks). */
const n = Number(process.argv[2] ?? 1_000_000);
const mode = process.argv[3] ?? "reader";
const { enterprises } = districtCsv(n);
const t = performance.now();
let rows = 0;
if (mode === "parse") {
  for await (const _ of createReadStream(enterprises).pipe(parse({ bom: true }))) rows++;
  rows--;
} else rows = (await readEnterprises(enterprises)).records.length;
const seconds = (performance.now() - t) / 1000;
report({ case: `read-${mode}`, rows, seconds, rowsPerSec: rows / seconds });
