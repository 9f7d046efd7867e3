import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { DERIVABLE_ALGORITHMS } from "../../engine/draw/algorithm.js";
import { TASK_HEADERS } from "../../engine/draw/outputs.js";
import { runDraw } from "../../engine/draw/run.js";
import { verifyDrawDir } from "../../engine/draw/verify.js";
import { isPersonalName, maskName } from "../../engine/privacy.js";
import { ZipWriter } from "../../engine/zip.js";
import { base, district as d, seedPolicy } from "../helpers/draw-setup.js";
import { tmp } from "../helpers/tmp.js";
import { workbookParts } from "../helpers/workbooks.js";

/** The number of a sheet's first data row whose enterprise code (the second column) passes `test`. */
function firstRow(sheet: ExcelJS.Worksheet, test: (uscc: string) => boolean): number {
  for (let n = 2; n <= sheet.rowCount; n++) if (test(String(sheet.getRow(n).getCell(2).value))) return n;
  throw new Error(`sheet ${sheet.name} has no such row`);
}

describe("tasks.xlsx and verify", () => {
  it("tasks.xlsx gives each visit its address after the enterprise's name when the enterprise file has an address column (the place of business before the domicile), and verify checks it, saying an individual business's address only to differ (SPEC §8)", async () => {
    // Every enterprise has a 住所; every third also an 经营场所 (where the team goes); one none.
    const enterprises = d.enterprises.map((e, i) => ({
      ...e,
      extra: {
        ...e.extra,
        住所: i === 5 ? "" : `淮安区住所路${i}号`,
        ...(i % 3 === 0 ? { 经营场所: `淮安区经营路${i}号` } : {}),
      },
    }));
    const out = join(tmp(), "draw");
    const done = await runDraw({ ...base, enterprises, policy: seedPolicy, out, dryRun: true });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(join(out, "tasks.xlsx")) as unknown as ArrayBuffer);
    const index = new Map(d.enterprises.map((e, i) => [e.uscc, i]));
    let rows = 0;
    for (const ws of wb.worksheets) {
      expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([
        ...TASK_HEADERS.slice(0, 3),
        "住所（经营场所）",
        ...TASK_HEADERS.slice(3),
      ]);
      ws.eachRow((row, n) => {
        if (n === 1) return;
        rows++;
        const i = index.get(String(row.getCell(2).value)) ?? -1;
        const address = i === 5 ? "" : i % 3 === 0 ? `淮安区经营路${i}号` : `淮安区住所路${i}号`;
        expect(String(row.getCell(4).value ?? "")).toBe(address);
        expect(String(row.getCell(10).value)).toMatch(/^[A-Z0-9]+ /);
      });
    }
    expect(rows).toBeGreaterThanOrEqual(done.outcome.selected.length);
    // The list is for the inspectors: selected.csv, which may be shown, carries no address.
    expect(readFileSync(join(out, "selected.csv"), "utf8")).not.toMatch(/淮安区(住所|经营)路/);
    expect(await verifyDrawDir(out)).toEqual({ ok: true, differences: [] });
    // An address changed in the list is a difference, named by sheet and row: a company's in full.
    const sheet = wb.worksheets[0];
    const n = firstRow(sheet, (uscc) => uscc.startsWith("91"));
    const derived = String(sheet.getRow(n).getCell(4).value);
    sheet.getRow(n).getCell(4).value = "淮安区别处路1号";
    await wb.xlsx.writeFile(join(out, "tasks.xlsx"));
    expect((await verifyDrawDir(out)).differences).toEqual([
      `tasks.xlsx differs from the derived draw (sheet ${sheet.name}, row ${n}, column 住所（经营场所）: "淮安区别处路1号" recorded, "${derived}" derived)`,
    ]);
    expect((await verifyDrawDir(out, "zh")).differences).toEqual([
      `tasks.xlsx 与重新推导的结果不同（工作表 ${sheet.name} 第 ${n} 行 住所（经营场所） 列：记录为 "淮安区别处路1号"，重新推导为 "${derived}"）`,
    ]);
    // An individual business's address is often where its operator lives: only that it differs.
    sheet.getRow(n).getCell(4).value = derived;
    const m = firstRow(sheet, (uscc) => uscc.startsWith("92"));
    const home = String(sheet.getRow(m).getCell(4).value);
    sheet.getRow(m).getCell(4).value = "淮安区别处路1号";
    await wb.xlsx.writeFile(join(out, "tasks.xlsx"));
    expect((await verifyDrawDir(out)).differences).toEqual([
      `tasks.xlsx differs from the derived draw (sheet ${sheet.name}, row ${m}, column 住所（经营场所）: an individual business's address, not shown, differs from the derived one)`,
    ]);
    const zh = (await verifyDrawDir(out, "zh")).differences;
    expect(zh).toEqual([
      `tasks.xlsx 与重新推导的结果不同（工作表 ${sheet.name} 第 ${m} 行 住所（经营场所） 列：个体工商户的住所（不予显示）与重新推导的不同）`,
    ]);
    expect(zh.join("")).not.toContain(home);
    // A file with an English Address column is read the same; one without keeps the ten columns.
    const english = d.enterprises.map((e) => ({ ...e, extra: { ...e.extra, Address: "Huai'an" } }));
    const plain = join(tmp(), "draw");
    await runDraw({ ...base, policy: seedPolicy, out: plain, dryRun: true });
    const other = join(tmp(), "draw");
    await runDraw({ ...base, enterprises: english, policy: seedPolicy, out: other, dryRun: true });
    for (const [folder, header] of [
      [plain, [...TASK_HEADERS]],
      [other, [...TASK_HEADERS.slice(0, 3), "住所（经营场所）", ...TASK_HEADERS.slice(3)]],
    ] as const) {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(readFileSync(join(folder, "tasks.xlsx")) as unknown as ArrayBuffer);
      expect((book.worksheets[0].getRow(1).values as unknown[]).slice(1)).toEqual(header);
      expect(await verifyDrawDir(folder)).toEqual({ ok: true, differences: [] });
    }
  });

  it("verify reads tasks.xlsx as Excel shows it: an address that looks like an Excel escape (_x0041_) is written escaped and verifies, as does a list that wrote it bare (an earlier gradedraw, or exceljs); a changed cell is still a difference", async () => {
    const enterprises = d.enterprises.map((e, i) => ({
      ...e,
      extra: { ...e.extra, 住所: `淮安区_x0041_路${i}号` },
    }));
    const out = join(tmp(), "draw");
    await runDraw({ ...base, enterprises, policy: seedPolicy, out, dryRun: true });
    expect(await verifyDrawDir(out)).toEqual({ ok: true, differences: [] });
    // exceljs reads the escape as written (淮安区_x005F_x0041_路…号) and writes text bare, as
    // gradedraw did before: with the escape taken out, Excel shows 淮安区A路…号.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(join(out, "tasks.xlsx")) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    let bare = 0;
    for (const ws of wb.worksheets)
      ws.eachRow((row, n) => {
        const cell = row.getCell(4);
        if (n === 1) return;
        expect(String(cell.value)).toMatch(/^淮安区_x005F_x0041_路\d+号$/);
        cell.value = String(cell.value).replace("_x005F_", "_");
        bare++;
      });
    expect(bare).toBeGreaterThan(0);
    await wb.xlsx.writeFile(join(out, "tasks.xlsx"));
    expect(await verifyDrawDir(out)).toEqual({ ok: true, differences: [] });
    // A company's, which is said in full.
    const n = firstRow(sheet, (uscc) => uscc.startsWith("91"));
    sheet.getRow(n).getCell(4).value = "淮安区AA路1号";
    await wb.xlsx.writeFile(join(out, "tasks.xlsx"));
    expect((await verifyDrawDir(out)).differences).toEqual([
      expect.stringMatching(
        new RegExp(
          `^tasks\\.xlsx differs from the derived draw \\(sheet ${sheet.name}, row ${n}, column 住所（经营场所）: "淮安区AA路1号" recorded, "淮安区_x0041_路\\d+号" derived\\)$`,
        ),
      ),
    ]);
  });

  it("verify says a trade name that differs in tasks.xlsx with its operator's name masked, as the published lists show it", async () => {
    const out = join(tmp(), "draw");
    await runDraw({ ...base, policy: seedPolicy, out, dryRun: true });
    const operators = new Map(base.enterprises.flatMap((e) => (e.operator ? [[e.uscc, e.operator]] : [])));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(join(out, "tasks.xlsx")) as unknown as ArrayBuffer);
    // The first row of an individual business whose trade name holds its operator's name.
    let found: { sheet: string; n: number; name: string; operator: string; cell: ExcelJS.Cell } | undefined;
    for (const ws of wb.worksheets)
      ws.eachRow((row, n) => {
        const [uscc, name] = [String(row.getCell(2).value), String(row.getCell(3).value)];
        const operator = operators.get(uscc);
        if (!found && n > 1 && operator && name !== `${operator}（个体工商户）`)
          found = { sheet: ws.name, n, name, operator, cell: row.getCell(3) };
      });
    if (!found) throw new Error("the district's draw has no individual business with a trade name");
    const { sheet, n, name, operator, cell } = found;
    cell.value = `${name}（分店）`;
    await wb.xlsx.writeFile(join(out, "tasks.xlsx"));
    const said = (await verifyDrawDir(out)).differences;
    const masked = name.replace(operator, `${operator[0]}${"*".repeat(operator.length - 1)}`);
    expect(said).toEqual([
      `tasks.xlsx differs from the derived draw (sheet ${sheet}, row ${n}, column 企业名称: "${masked}（分店）" recorded, "${masked}" derived)`,
    ]);
    expect(said.join("")).not.toContain(operator);
  });

  it("verify says a natural person's name that differs in tasks.xlsx masked, as the published lists show it (SPEC §8): not in full to a terminal's log", async () => {
    const out = join(tmp(), "draw");
    await runDraw({ ...base, policy: seedPolicy, out, dryRun: true });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(join(out, "tasks.xlsx")) as unknown as ArrayBuffer);
    // The first row of an individual business named by its operator (the name column is the third).
    let found: { sheet: string; n: number; uscc: string; name: string; cell: ExcelJS.Cell } | undefined;
    for (const ws of wb.worksheets)
      ws.eachRow((row, n) => {
        const [uscc, name] = [String(row.getCell(2).value), String(row.getCell(3).value)];
        if (!found && n > 1 && isPersonalName(uscc, name))
          found = { sheet: ws.name, n, uscc, name, cell: row.getCell(3) };
      });
    if (!found) throw new Error("the district's draw has no individual business named by a person");
    const { sheet, n, uscc, name, cell } = found;
    const masked = maskName(uscc, name);
    const where = `sheet ${sheet}, row ${n}, column 企业名称`;
    // Another surname: both said masked.
    const other = `${name.startsWith("欧") ? "王" : "欧"}${name.slice(1)}`;
    cell.value = other;
    await wb.xlsx.writeFile(join(out, "tasks.xlsx"));
    const said = (await verifyDrawDir(out)).differences;
    expect(said).toEqual([
      `tasks.xlsx differs from the derived draw (${where}: "${maskName(uscc, other)}" recorded, "${masked}" derived)`,
    ]);
    expect(said.join("")).not.toContain(name.slice(1, 2));
    // The same surname: the masked names are the same, and only that they differ is said.
    cell.value = `${name[0]}${name[1] === "某" ? "甲" : "某"}${name.slice(2)}`;
    await wb.xlsx.writeFile(join(out, "tasks.xlsx"));
    expect((await verifyDrawDir(out)).differences).toEqual([
      `tasks.xlsx differs from the derived draw (${where}: a natural person's name, not shown, differs from the derived one)`,
    ]);
    expect((await verifyDrawDir(out, "zh")).differences).toEqual([
      `tasks.xlsx 与重新推导的结果不同（工作表 ${sheet} 第 ${n} 行 企业名称 列：自然人姓名（不予显示）与重新推导的不同）`,
    ]);
    // A company's name is no person's: said in full.
    cell.value = "淮安市某某有限公司";
    await wb.xlsx.writeFile(join(out, "tasks.xlsx"));
    expect((await verifyDrawDir(out)).differences).toEqual([
      `tasks.xlsx differs from the derived draw (${where}: "淮安市某某有限公司" recorded, "${masked}" derived)`,
    ]);
  });

  it("verify names the sheet and row of a tasks.xlsx that cannot be read there", async () => {
    const out = join(tmp(), "draw");
    await runDraw({ ...base, policy: seedPolicy, out, dryRun: true });
    // The same archive, with the second row of the first sheet made malformed XML.
    const file = join(out, "tasks.xlsx");
    const parts = await workbookParts(file);
    const zip = new ZipWriter(file, "2026-01-01");
    for (const [name, text] of parts)
      await zip.add(name, [
        name === "xl/worksheets/sheet1.xml"
          ? text.replace(/<row r="2"( ht="[\d.]+")?>/, '<row r="2" broken>')
          : text,
      ]);
    zip.close();
    const { differences } = await verifyDrawDir(out);
    expect(differences).toHaveLength(1);
    expect(differences[0]).toMatch(
      /^tasks\.xlsx cannot be read: sheet \S+: malformed XML \(an attribute has no value\): .* \(row 2\)$/,
    );
  });

  it("tasks.xlsx's address column came late in algorithm /2: verify takes a draw of /2 with it or without, of /1 without, of /3 with", async () => {
    const enterprises = d.enterprises.map((e, i) => ({
      ...e,
      extra: { ...e.extra, 住所: `淮安区住所路${i}号` },
    }));
    const out = join(tmp(), "draw");
    await runDraw({ ...base, enterprises, policy: seedPolicy, out, dryRun: true });
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    const [third, second, first] = DERIVABLE_ALGORITHMS;
    const verifyAs = (algorithm: string) => {
      writeFileSync(join(out, "manifest.json"), JSON.stringify({ ...manifest, algorithm }));
      return verifyDrawDir(out);
    };
    const ok = { ok: true, differences: [] };
    expect(await verifyAs(third)).toEqual(ok);
    expect(await verifyAs(second)).toEqual(ok);
    const firstSheet = (await verifyAs(first)).differences;
    expect(firstSheet).toHaveLength(1);
    expect(firstSheet[0]).toMatch(
      /^tasks\.xlsx differs from the derived draw \(sheet .+, row 1, column 信用等级: "住所（经营场所）" recorded, "信用等级" derived\)$/,
    );
    // The list as a draw of /1, or of /2 before the column came, made it: without the address.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(join(out, "tasks.xlsx")) as unknown as ArrayBuffer);
    for (const ws of wb.worksheets) ws.spliceColumns(4, 1);
    await wb.xlsx.writeFile(join(out, "tasks.xlsx"));
    expect(await verifyAs(first)).toEqual(ok);
    expect(await verifyAs(second)).toEqual(ok);
    // As a draw of /3, which lists addresses: the header row again, the other way round.
    expect((await verifyAs(third)).differences).toEqual([
      firstSheet[0].replace(
        /column .*\)$/,
        'column 住所（经营场所）: "信用等级" recorded, "住所（经营场所）" derived)',
      ),
    ]);
    // Without the column, the rest is checked all the same (the names said masked where the row's
    // enterprise is an individual business, named by its operator).
    wb.worksheets[0].getRow(2).getCell(3).value = "别的企业";
    await wb.xlsx.writeFile(join(out, "tasks.xlsx"));
    expect((await verifyAs(second)).differences).toEqual([
      expect.stringMatching(
        new RegExp(
          `^tasks\\.xlsx differs from the derived draw \\(sheet ${wb.worksheets[0].name}, row 2, column 企业名称: "(别的企业|别\\*\\*\\*)" recorded, ".+" derived\\)$`,
        ),
      ),
    ]);
  });
});
