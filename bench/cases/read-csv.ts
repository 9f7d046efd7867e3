import { createReadStream } from "node:fs";
import { parse } from "csv-parse";
import { utf8Records } from "../../engine/data/csv-records.js";
import { readEnterprises } from "../../engine/data/read.js";
import { derivedCsv, derivedXlsx, districtCsv, report } from "./common.js";

/**
 * Reading 1,000,000 enterprises: the CSV split into records alone, as the readers split it
 * (`parse`: utf8Records, which hands a file that is not simple to csv-parse); csv-parse alone
 * (`csv-parse`); and the full reader (`reader`: validation, USCC checks), also of the same rows
 * in GBK, as Excel on a Chinese Windows saves them (`reader-gbk`), and with every name quoted
 * (`reader-quoted`, as some exports write text): see derivedCsv; and as a workbook
 * (`reader-xlsx`, see derivedXlsx).
 */
const n = Number(process.argv[2] ?? 1_000_000);
const mode = process.argv[3] ?? "reader";
const enterprises =
  mode === "reader-gbk" || mode === "reader-quoted"
    ? derivedCsv(n, mode === "reader-gbk" ? "gbk" : "quoted")
    : mode === "reader-xlsx"
      ? await derivedXlsx(n)
      : districtCsv(n).enterprises;
const t = performance.now();
let rows = 0;
const csvParse = () => createReadStream(enterprises).pipe(parse({ bom: true })) as AsyncIterable<unknown>;
if (mode === "parse") {
  for await (const _ of utf8Records(enterprises, ",")) rows++;
  rows--;
} else if (mode === "csv-parse") {
  for await (const _ of csvParse()) rows++;
  rows--;
} else rows = (await readEnterprises(enterprises)).records.length;
const seconds = (performance.now() - t) / 1000;
report({ case: `read-${mode}`, rows, seconds, rowsPerSec: rows / seconds });
