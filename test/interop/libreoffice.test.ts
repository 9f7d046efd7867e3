import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import Database from "better-sqlite3";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { toCsv } from "../../engine/csv.js";
import { openWorkbook } from "../../engine/data/xlsx-sheets.js";
import { readmeDraw, readmeForm, readmeWorkbooks } from "../helpers/examples.js";
import { runCli } from "../helpers/run-cli.js";
import { tmp } from "../helpers/tmp.js";

/**
 * The workbooks gradedraw writes, opened by another program than the one its tests read them with
 * (exceljs): LibreOffice, run headless to convert them, as an office without Excel or WPS opens
 * them; and a workbook LibreOffice saves, read back. Without LibreOffice the tests are skipped,
 * saying why (.ci/run installs it).
 */
const SOFFICE = ["soffice", "libreoffice"].find(
  (command) => spawnSync(command, ["--version"], { encoding: "utf8" }).status === 0,
);
const noOffice = SOFFICE ? undefined : "no LibreOffice (soffice) to open the workbooks";
if (noOffice) process.stderr.write(`LibreOffice tests skipped: ${noOffice}\n`);

/**
 * LibreOffice's CSV filter: comma, double quote, UTF-8 (76), from line 1, in Chinese (2052, zh-CN:
 * 2026/3/15 is a date, as a Chinese office's LibreOffice reads it), special numbers (dates) detected.
 */
const CSV_FILTER = "Text - txt - csv (StarCalc):44,34,76,1,,2052,false,true";
/** A workbook written as CSV, a file per sheet (`NAME-SHEET.csv`), each cell's value rather than as shown. */
const EVERY_SHEET = `csv:${CSV_FILTER},false,false,false,-1`;

/** Runs LibreOffice headless on `args` in `dir`, with a profile of its own there (its first start makes one). */
function office(dir: string, ...args: string[]): void {
  const r = spawnSync(
    SOFFICE as string,
    [`-env:UserInstallation=file://${join(dir, "office-profile")}`, "--headless", "--norestore", ...args],
    { cwd: dir, encoding: "utf8", timeout: 120_000 },
  );
  if (r.status !== 0) throw new Error(`LibreOffice ${args.join(" ")}: ${r.status} ${r.stderr}`);
}

/** A row's cells as text, without the empty cells at its end (one program writes them, another not). */
const trimmed = (cells: readonly unknown[]) => {
  const text = cells.map((c) => (c === undefined || c === null ? "" : String(c)));
  while (text.length && text[text.length - 1] === "") text.pop();
  return text;
};

/** Each sheet of a workbook as gradedraw's reader reads it: its name and its rows of text (empty rows left out). */
async function ourSheets(file: string): Promise<Map<string, string[][]>> {
  const sheets = new Map<string, string[][]>();
  for (const sheet of await openWorkbook(file)) {
    const rows: string[][] = [];
    for await (const r of sheet.rows()) rows.push(trimmed(r.values));
    sheets.set(
      sheet.name,
      rows.filter((r) => r.length),
    );
  }
  return sheets;
}

/** Each sheet of a workbook as LibreOffice reads it, by the CSV files it writes of them. */
function officeSheets(file: string, dir: string): Map<string, string[][]> {
  office(dir, "--convert-to", EVERY_SHEET, "--outdir", dir, file);
  const name = basename(file, ".xlsx");
  const sheets = new Map<string, string[][]>();
  for (const f of readdirSync(dir).filter((f) => f.startsWith(`${name}-`) && f.endsWith(".csv"))) {
    const rows = parse(readFileSync(join(dir, f), "utf8"), { relax_column_count: true }) as string[][];
    sheets.set(
      f.slice(name.length + 1, -".csv".length),
      rows.map(trimmed).filter((r) => r.length),
    );
  }
  return sheets;
}

describe.skipIf(noOffice !== undefined)("the workbooks in LibreOffice", () => {
  it("LibreOffice reads every workbook gradedraw writes as gradedraw's reader reads it: tasks.xlsx, the results form and the publication list, sheet by sheet", async () => {
    const dir = tmp();
    const { tasks, form, list } = await readmeWorkbooks(dir);
    for (const file of [tasks, form, list]) {
      const ours = await ourSheets(file);
      const theirs = officeSheets(file, dir);
      expect([...theirs.keys()].sort(), file).toEqual([...ours.keys()].sort());
      for (const [sheet, rows] of ours) {
        expect(rows.length, `${file} ${sheet}`).toBeGreaterThan(1);
        expect(theirs.get(sheet), `${file} ${sheet}`).toEqual(rows);
      }
    }
  }, 180_000);

  it("a results form filled in and saved by LibreOffice is read back by results import, its dates as dates", async () => {
    const dir = tmp();
    const db = await readmeDraw(dir);
    const form = join(dir, "form.xlsx");
    await readmeForm(dir, db, form);
    // The form as LibreOffice shows it; the first visit's rows filled in, a date typed as Chinese offices write it.
    const [header, ...rows] = officeSheets(form, dir).get("检查结果") as string[][];
    const visit = rows[0][0];
    const filled = rows.filter((r) => r[0] === visit);
    const cells = rows.map((r) => {
      const row = [...r, ...Array<string>(header.length).fill("")].slice(0, header.length);
      if (r[0] === visit) {
        row[header.indexOf("检查日期")] = "2026/3/15";
        row[header.indexOf("检查结果")] = "未发现问题";
      }
      return row;
    });
    writeFileSync(join(dir, "filled.csv"), toCsv(header, cells));
    // Saved as a workbook by LibreOffice: the dates become date cells, in its own styles and shared strings.
    office(dir, `--infilter=${CSV_FILTER}`, "--convert-to", "xlsx", "--outdir", dir, "filled.csv");
    const saved = (await ourSheets(join(dir, "filled.xlsx"))).get("filled") as string[][];
    expect(saved.filter((r) => r[header.indexOf("检查日期")] === "2026-03-15")).toHaveLength(filled.length);
    const imported = await runCli("results", "import", join(dir, "filled.xlsx"), "--db", db, "--json");
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ inserted: filled.length, fulfilled: 1 });
    const ledger = new Database(db, { readonly: true });
    try {
      expect(ledger.prepare("SELECT DISTINCT uscc, date FROM results").all()).toEqual([
        { uscc: visit, date: "2026-03-15" },
      ]);
    } finally {
      ledger.close();
    }
  }, 180_000);
});
