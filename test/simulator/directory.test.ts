import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Inspector } from "../../engine/data/records.js";
import { enterprisesCsv, inspectorsCsv } from "../../engine/data/write.js";
import { frameInspectors } from "../../engine/draw/outputs.js";
import { licensedOn } from "../../engine/draw/roster.js";
import { simulationMarkdown } from "../../reports/sim-report.js";
import { metricsCsv } from "../../simulator/output.js";
import { simulate } from "../../simulator/run.js";
import { smallDistrict } from "../helpers/district.js";
import { ownDistrictScenario } from "../helpers/own-district.js";
import { runCli } from "../helpers/run-cli.js";
import { tmp } from "../helpers/tmp.js";

/** A scenario of a district's enterprises in `dir`, its inspectors `inspectors` (a mapping's YAML, or a file). */
function scenario(dir: string, name: string, inspectors: string, perInspector = "60"): string {
  return ownDistrictScenario(dir, name, {
    resources: `{ inspectors: ${inspectors}, perInspector: ${perInspector}, teamSize: 2 }`,
  });
}

/** A district's enterprises and directory of inspectors in `dir`, the directory as `edit` leaves it. */
function district(dir: string, edit: (i: Inspector) => Inspector = (i) => i) {
  const d = smallDistrict("directory", 3000);
  const inspectors = d.inspectors.map(edit);
  writeFileSync(join(dir, "enterprises.csv"), enterprisesCsv(d.enterprises));
  writeFileSync(join(dir, "inspectors.csv"), inspectorsCsv(inspectors));
  // Those a draw on 2026-01-01 could put on a team, per department.
  const counts: Record<string, number> = {};
  for (const i of frameInspectors(inspectors))
    if (i.active && licensedOn(i, "2026-01-01")) counts[i.department] = (counts[i.department] ?? 0) + 1;
  return { inspectors, counts };
}

describe("a scenario's inspectors counted from the district's directory (resources.inspectors: FILE)", () => {
  it("counts each department's inspectors active and licensed when the simulation begins, and simulates as with those counts written out", async () => {
    const dir = tmp();
    const { inspectors, counts } = district(dir);
    // Some are away, or their licence lapsed: the directory lists more than are counted.
    const listed = Object.values(counts).reduce((a, b) => a + b, 0);
    expect(listed).toBeLessThan(inspectors.length);
    const notices: string[] = [];
    const fromFile = await simulate({
      scenario: scenario(dir, "directory", "inspectors.csv"),
      workers: 1,
      onNotice: (n) => notices.push(n),
    });
    expect(fromFile.resources.inspectors).toEqual(counts);
    expect(fromFile.resources.perInspector).toBe(60);
    expect(notices.join("\n")).toContain(
      `note: ${listed} of the ${inspectors.length} inspectors of ${join(dir, "inspectors.csv")} active and licensed on 2026-01-01, the inspectors simulated: `,
    );
    const written = await simulate({
      scenario: scenario(dir, "counts", JSON.stringify(counts)),
      workers: 1,
    });
    expect(metricsCsv(fromFile)).toBe(metricsCsv(written));
    expect(simulationMarkdown(fromFile, "en", [])).toContain(
      `The inspectors: the directory inspectors.csv (${listed} active and licensed on 2026-01-01, SHA-256 `,
    );
    // The scenario's assumptions of what the files stood in for are said not to describe what was simulated.
    const withAssumptions = { ...fromFile, assumptions: [{ text: "420 inspectors" }] };
    expect(simulationMarkdown(withAssumptions, "en", [])).toContain(
      "In this simulation the enterprises are the district's own file and the inspectors its directory: an assumption below of the population's make-up (grade shares, key enterprises, industries, regions) or of the inspectors' number does not describe what was simulated; those of behaviour, entries and exits stand.\n\n- 420 inspectors",
    );
    expect(simulationMarkdown({ ...written, assumptions: [{ text: "x" }] }, "en", [])).not.toContain(
      "the inspectors its directory",
    );
  }, 60_000);

  it("takes each inspector's capacity from the directory, the scenario's perInspector for one it gives none", async () => {
    const dir = tmp();
    // 人社局's inspectors answer complaints too: 30 random inspections a half-year each; one of them 20.
    let first = true;
    const { counts } = district(dir, (i) => {
      if (i.department !== "人社局") return i;
      const capacity = first ? 20 : 30;
      first = false;
      return { ...i, capacity, active: true, licenseExpires: "2030-12-31", licenseNo: `L${i.id}` };
    });
    const r = await simulate({ scenario: scenario(dir, "capacity", "inspectors.csv"), workers: 1 });
    const n = counts.人社局;
    expect(r.resources.perInspector).toEqual({
      市场监管局: 60,
      生态环境局: 60,
      应急管理局: 60,
      人社局: (20 + 30 * (n - 1)) / n,
    });
  }, 60_000);

  it("refuses a perInspector that gives no figure for a department with inspectors of no capacity, at perInspector, and a directory of no one who could be on a team", async () => {
    const dir = tmp();
    district(dir);
    const file = scenario(dir, "per", "inspectors.csv", "{ 市场监管局: 60, 人社局: 30 }");
    await expect(simulate({ scenario: file, workers: 1 })).rejects.toThrow(
      `${file}:9:56: perInspector gives no figure for 生态环境局, 应急管理局, which the directory, of inspectors without a capacity, staffs: give one for every department, or one number for all`,
    );
    district(dir, (i) => ({ ...i, active: false }));
    await expect(simulate({ scenario: file, workers: 1 })).rejects.toThrow(
      "none of its 74 inspectors is active and licensed on 2026-01-01, when the simulation begins: no team could be made",
    );
  }, 60_000);

  it("gradedraw simulate --inspectors counts the directory given in place of the scenario's inspectors", async () => {
    const dir = tmp();
    const { counts } = district(dir);
    const out = join(dir, "sim");
    const r = await runCli(
      "simulate",
      "--scenario",
      scenario(dir, "given", "{ 市场监管局: 1, 人社局: 1, 应急管理局: 1, 生态环境局: 1 }"),
      "--inspectors",
      join(dir, "inspectors.csv"),
      "--out",
      out,
      "--no-tui",
    );
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(out, "results.json"), "utf8")).resources.inspectors).toEqual(counts);
    // The scenario's counts it replaces are not checked: none, or a perInspector of other departments.
    const replaced = await runCli(
      "simulate",
      "--scenario",
      scenario(
        dir,
        "replaced",
        "{ 市场监管局: 0 }",
        "{ 市场监管局: 60, 生态环境局: 60, 应急管理局: 60, 人社局: 60 }",
      ),
      "--inspectors",
      join(dir, "inspectors.csv"),
      "--no-tui",
    );
    expect(replaced.code, replaced.stderr).toBe(0);
    // The plain table says the district is the files given, under the scenario's title.
    const listed = Object.values(counts).reduce((a, b) => a + b, 0);
    expect(r.stdout.split("\n").slice(1, 3)).toEqual([
      expect.stringMatching(/^ {2}1\.0\.0: /),
      expect.stringMatching(
        new RegExp(
          `^The district: its own enterprise file enterprises\\.csv \\(3,000 enterprises, SHA-256 [0-9a-f]{16}\\); no past inspections given to the caps\\. The inspectors: the directory inspectors\\.csv \\(${listed} active and licensed on 2026-01-01, SHA-256 [0-9a-f]{16}\\)\\.$`,
        ),
      ),
    ]);
  }, 60_000);
});
