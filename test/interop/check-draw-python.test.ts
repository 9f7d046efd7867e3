import { spawnSync } from "node:child_process";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ALGORITHM, DERIVABLE_ALGORITHMS } from "../../engine/draw/algorithm.js";
import { drawWith } from "../helpers/examples.js";
import { noPython, PYTHON } from "../helpers/python.js";
import { tmp } from "../helpers/tmp.js";

/**
 * docs/check-draw.py, the second implementation of the published lottery (Python's standard
 * library, no gradedraw), run on draws gradedraw made: it must agree with every ticket, and must
 * catch an edited one. Without python3 the tests are skipped, saying why (.ci/run installs it).
 */
if (noPython) process.stderr.write(`check-draw.py tests skipped: ${noPython}\n`);

const checkDraw = (folder: string) =>
  spawnSync(PYTHON as string, ["docs/check-draw.py", folder], { encoding: "utf8", timeout: 60_000 });

/** A dry-run draw of the examples into a new folder under `seed` (Chinese text in it is hashed as UTF-8). */
async function dryRunWithSeed(seed: string): Promise<string> {
  const out = join(tmp(), "draw");
  const r = await drawWith({ "20260105-3141592653": seed }, "--dry-run", "--out", out);
  expect(r.code, r.stderr).toBe(0);
  return out;
}

/** `file` in `folder` with its line `line` (1 the header) edited. */
function editLine(folder: string, file: string, line: number, edit: (text: string) => string): void {
  const path = join(folder, file);
  const lines = readFileSync(path, "utf8").split("\r\n");
  lines[line - 1] = edit(lines[line - 1]);
  writeFileSync(path, lines.join("\r\n"));
}

describe.skipIf(noPython)("an independent check of the lottery, in Python (docs/check-draw.py)", () => {
  it("recomputes every enterprise's and team member's ticket of a draw, and finds each as the draw wrote it", async () => {
    const out = await dryRunWithSeed("二〇二六年一月五日摇号-3141592653");
    const r = checkDraw(out);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    expect(r.stdout).toContain(`effective seed: 二〇二六年一月五日摇号-3141592653,${manifest.frameHash}`);
    expect(r.stdout).toContain(
      `${manifest.counts.selected} enterprise tickets and ${manifest.counts.assignments} team tickets recomputed`,
    );
    for (const s of manifest.counts.strata) {
      const highest = s.n > 0 ? "0\\.\\d{64,78}" : "\\(none drawn\\)";
      expect(r.stdout).toMatch(
        new RegExp(`stratum ${s.stratum}: ${s.n} of ${s.eligible} drawn, highest ticket ${highest}\n`),
      );
    }
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe("every check holds");
  });

  it("names an edited ticket, a stratum that drew more than the manifest says and a team out of ticket order, by file and line", async () => {
    const out = await dryRunWithSeed("20260105-3141592653");
    const tampered = join(tmp(), "tampered");
    cpSync(out, tampered, { recursive: true });
    // One digit of the first enterprise's ticket, and the order of the first team's two members.
    editLine(tampered, "selected.csv", 2, (l) =>
      l.replace(/,0\.(\d)/, (_, d) => `,0.${(Number(d) + 1) % 10}`),
    );
    const lines = readFileSync(join(tampered, "assignments.csv"), "utf8").split("\r\n");
    const [lead, member] = [lines[1].split(","), lines[2].split(",")];
    expect(lead[0]).toBe(member[0]);
    [lines[1], lines[2]] = [
      [...member.slice(0, 3), "lead", member[4]].join(","),
      [...lead.slice(0, 3), "member", lead[4]].join(","),
    ];
    writeFileSync(join(tampered, "assignments.csv"), lines.join("\r\n"));
    const r = checkDraw(tampered);
    expect(r.status).toBe(1);
    const uscc = lead[0];
    expect(r.stderr).toMatch(
      /^check-draw: selected\.csv: SHA-256 [0-9a-f]{64}, the manifest says [0-9a-f]{64}$/m,
    );
    expect(r.stderr).toMatch(/^check-draw: assignments\.csv: SHA-256 /m);
    expect(r.stderr).toMatch(/^check-draw: selected\.csv:2: ticket of 9\w{17} is 0\.\d+, not 0\.\d+$/m);
    expect(r.stderr).toContain(`check-draw: assignments.csv:3: the team of ${uscc} is not in ticket order`);
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe("4 check(s) failed");
    // A row added to a stratum: more drawn than the manifest's n.
    const added = join(tmp(), "added");
    cpSync(out, added, { recursive: true });
    editLine(added, "selected.csv", 2, (l) => `${l}\r\n${l}`);
    const more = checkDraw(added);
    expect(more.status).toBe(1);
    expect(more.stderr).toMatch(
      /^check-draw: selected\.csv: stratum [\w-]+ has (\d+) enterprises, the manifest says \d+$/m,
    );
  });

  it("checks a draw of each algorithm gradedraw derives (/1 to /3 publish one lottery in the same columns), and does not check, with status 2, one of another or a folder that is no draw's", async () => {
    // The script knows the algorithms gradedraw derives: a /4 must be taught to it as well.
    const known = /KNOWN_ALGORITHMS = \(([^)]*)\)/.exec(readFileSync("docs/check-draw.py", "utf8"))?.[1];
    expect(known?.split(",").map((a) => a.trim().replace(/^"|"$/g, ""))).toEqual(
      [...DERIVABLE_ALGORITHMS].map((a) => `${a.split(" ")[0]} `).sort(),
    );
    const out = await dryRunWithSeed("20260105-3141592653");
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    const as = (algorithm: string) => {
      writeFileSync(join(out, "manifest.json"), JSON.stringify({ ...manifest, algorithm }));
      return checkDraw(out);
    };
    for (const algorithm of DERIVABLE_ALGORITHMS) {
      const r = as(algorithm);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout.trimEnd().split("\n").at(-1)).toBe("every check holds");
    }
    const later = as(ALGORITHM.replace("gradedraw-draw/3", "gradedraw-draw/4"));
    expect(later.status).toBe(2);
    expect(later.stderr).toBe(
      "check-draw: manifest.json: algorithm gradedraw-draw/4 is not one this script knows (gradedraw-draw/1 to /3): check it with the check-draw.py of the gradedraw that made the draw\n",
    );
    expect(later.stdout).toBe("not checked\n");
    const none = checkDraw(join(out, "inputs"));
    expect(none.status).toBe(2);
    expect(none.stderr).toBe(
      `check-draw: ${join(out, "inputs", "manifest.json")}: no such file (is ${join(out, "inputs")} a draw folder?)\n`,
    );
  });

  it("says a manifest edited into no JSON, or without a field it reads, and a list edited out of shape, at their place: never a Python traceback", async () => {
    const out = await dryRunWithSeed("20260105-3141592653");
    const manifest = readFileSync(join(out, "manifest.json"), "utf8");
    writeFileSync(join(out, "manifest.json"), manifest.replace('"seed": "', '"seed: "'));
    const broken = checkDraw(out);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(
      /^check-draw: manifest\.json:\d+:\d+: not valid JSON \(Expecting ':' delimiter\)\n$/,
    );
    expect(broken.stdout).toBe("not checked\n");
    const { counts: _, ...countless } = JSON.parse(manifest);
    writeFileSync(join(out, "manifest.json"), JSON.stringify(countless));
    const lacking = checkDraw(out);
    expect(lacking.status).toBe(2);
    expect(lacking.stderr).toBe(
      "check-draw: manifest.json: no counts.strata: each stratum's name, n and eligible (is it a gradedraw manifest, as published?)\n",
    );
    writeFileSync(join(out, "manifest.json"), manifest);
    // A row cut short (its cells after the code lost) is named, the others checked.
    editLine(out, "assignments.csv", 3, (row) => row.split(",")[0]);
    const cut = checkDraw(out);
    expect(cut.status).toBe(1);
    expect(cut.stderr).toContain("check-draw: assignments.csv:3: the row has 1 cell, not the header's 5\n");
    expect(cut.stderr).not.toContain("Traceback");
  });
});
