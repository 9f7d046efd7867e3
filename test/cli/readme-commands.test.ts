import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { inUsersFolder, shellWords } from "../helpers/doc-commands.js";
import { PYTHON } from "../helpers/python.js";
import { runCli } from "../helpers/run-cli.js";

const REPO = process.cwd();

/** Runs the lottery's check in Python on a draw's folder, as the check-draw.py tests run it (or skipped alike, see PYTHON). */
function checkInPython(line: string): void {
  const [, script, ...rest] = shellWords(line);
  if (!PYTHON) return;
  const r = spawnSync(PYTHON, [join(REPO, script), ...rest], { encoding: "utf8" });
  expect(r.status, `${line}\n${r.stderr}`).toBe(0);
  expect(r.stdout).toContain("every check holds");
}

/** The `gradedraw` (and `python3`) command lines of a document's shell blocks, in order, continuations joined. */
function docCommands(file = "README.md"): string[] {
  const doc = readFileSync(file, "utf8");
  return [...doc.matchAll(/```sh\n([\s\S]*?)```/g)]
    .flatMap((block) => block[1].replace(/\\\n\s*/g, " ").split("\n"))
    .map((line) => line.trim())
    .filter((line) => line.startsWith("gradedraw ") || line.startsWith("python3 "));
}

describe("the README's commands", () => {
  it("every command of the README runs as printed, in order, from a folder holding the examples, policies and scenarios: `...` stands for the first draw's arguments, and the one said to fail fails", async () => {
    const lines = docCommands();
    // The operators' walk-through: the draw, a second task, the one that fails, a trial, and so on.
    expect(lines.filter((l) => l.startsWith("python3 docs/check-draw.py")).length).toBe(1);
    const firstDraw = lines.find((l) => l.startsWith("gradedraw draw --policy"));
    expect(firstDraw).toBeDefined();
    await inUsersFolder(async () => {
      for (const line of lines) {
        if (line.startsWith("python3 ")) {
          // The lottery checked without gradedraw, on the draw made above: the script as the repository has it.
          checkInPython(line);
          continue;
        }
        const [, ...args] = shellWords(
          line.replace(" ... ", ` ${firstDraw?.slice("gradedraw draw ".length)} `),
        );
        // The ticket of one's own code, with the seed the README says to take from the manifest.
        const seed = args.indexOf("<effectiveSeed from manifest.json>");
        if (seed >= 0)
          args[seed] = JSON.parse(readFileSync("draws/2026-H1/manifest.json", "utf8")).effectiveSeed;
        const r = await runCli(...args);
        // The README says the 生态环境局 task fails with the examples, and why.
        if (args.includes("生态环境专项")) {
          expect(r.code, line).toBe(1);
          expect(r.stderr).toContain(
            "only 1 eligible inspector(s), a team needs 2; not eligible: 1 inactive, 1 conflict",
          );
        } else expect(r.code, `${line}\n${r.stderr}`).toBe(0);
      }
    });
    expect(lines.length).toBeGreaterThanOrEqual(20);
  }, 300_000);
});

describe("the Chinese guide (docs/guide.zh.md)", () => {
  const guide = "docs/guide.zh.md";

  it("every command of the guide runs as printed, in order, from a folder holding the examples, policies and scenarios, and answers in Chinese", async () => {
    const lines = docCommands(guide);
    expect(lines.length).toBeGreaterThanOrEqual(15);
    await inUsersFolder(async () => {
      for (const line of lines) {
        if (line.startsWith("python3 ")) {
          checkInPython(line);
          continue;
        }
        const [, ...args] = shellWords(line);
        expect(args, line).toContain("zh");
        const r = await runCli(...args);
        expect(r.code, `${line}\n${r.stderr}`).toBe(0);
        expect(r.stdout + r.stderr, line).toMatch(/[\u4e00-\u9fff]/);
      }
    });
  }, 300_000);

  it("the guide's policy and variant are lines of the seed policy and of b-halved, as those files have them", () => {
    const blocks = [...readFileSync(guide, "utf8").matchAll(/```yaml\n([\s\S]*?)```/g)].map((b) => b[1]);
    expect(blocks).toHaveLength(2);
    const files = ["policies/huaian-2021/1.0.0.yaml", "policies/huaian-2021/variants/b-halved.yaml"];
    blocks.forEach((block, i) => {
      const file = new Set(
        readFileSync(files[i], "utf8")
          .split("\n")
          .map((l) => l.trimEnd()),
      );
      for (const line of block.split("\n")) {
        // The guide's comment after a line is its own.
        const own = line.replace(/\s+# .*$/, "").trimEnd();
        if (own) expect(file.has(own), `${files[i]}: ${own}`).toBe(true);
      }
    });
  });
});
