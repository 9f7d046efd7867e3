import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { exampleDraw, publishH1 } from "../helpers/examples.js";
import { runCli } from "../helpers/run-cli.js";
import { tmp } from "../helpers/tmp.js";

/**
 * A draw's folder or a ledger edited by hand in ways no tool of gradedraw writes (a value replaced,
 * a JSON value swapped, a line dropped or cut): every command that reads them ends in a message at
 * the place, exit 1 (or 0 where the edit changes nothing it reads), never in an internal error.
 * Mutation fuzzing found one kind of internal error for each file of a folder and a dozen for a
 * ledger; these properties keep them found.
 */
let draw: string;
let ledger: string;
const CODE = "91320803NC9CMRX29P";

beforeAll(async () => {
  const dir = tmp();
  draw = join(dir, "draw");
  ledger = join(dir, "g.db");
  expect((await runCli(...exampleDraw(draw, { db: ledger }))).code).toBe(0);
  expect((await runCli("results", "import", "examples/results.csv", "--db", ledger)).code).toBe(0);
}, 60_000);

/** Values an edit puts in place of another: JSON of other kinds, text, nothing. */
const REPLACEMENTS = ["null", "1", '""', "[]", "{}", '"x"', "-5", "true", "[1]", '"市场监管局"'];

/** `text` with one JSON value (after a key), a CSV cell or a line edited, or cut at a point. */
function edited(text: string, op: number, at: number, by: number): string {
  const pick = <T>(xs: readonly T[]) => xs[at % xs.length];
  if (op === 0) {
    const values = [...text.matchAll(/:\s*("(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*|true|false|null)/g)];
    if (!values.length) return text;
    const m = pick(values);
    const from = (m.index ?? 0) + m[0].indexOf(m[1]);
    return text.slice(0, from) + REPLACEMENTS[by % REPLACEMENTS.length] + text.slice(from + m[1].length);
  }
  const lines = text.split("\n");
  const line = at % lines.length;
  if (op === 1) {
    const cells = lines[line].split(",");
    cells[by % cells.length] = REPLACEMENTS[by % REPLACEMENTS.length];
    lines[line] = cells.join(",");
  } else if (op === 2) lines.splice(line, 1);
  else return text.slice(0, at % (text.length + 1));
  return lines.join("\n");
}

const sane = (r: { code: number; stderr: string }) =>
  (r.code === 0 || r.code === 1) && !r.stderr.includes("internal error");

/**
 * For 40 random edits of one of `targets` (by `edit`: which target, which of `ops` kinds of edit,
 * where, with what), each command `commands` gives for the edited copy ends in no internal error.
 */
async function neverAnInternalError<T>(
  targets: readonly T[],
  ops: number,
  commands: (copy: string) => string[][],
  edit: (target: T, op: number, at: number, by: number) => { copy: string; what: string },
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(
      fc.nat(targets.length - 1),
      fc.nat(ops - 1),
      fc.nat(100_000),
      fc.nat(100),
      fc.nat(99),
      async (target, op, at, by, command) => {
        const { copy, what } = edit(targets[target], op, at, by);
        const choices = commands(copy);
        const r = await runCli(...choices[command % choices.length]);
        expect(sane(r), `${what}: ${r.stderr}`).toBe(true);
      },
    ),
    { numRuns: 40 },
  );
}

describe("records edited outside gradedraw", () => {
  it("a draw folder with one file edited: verify, explain --draw, tickets --draw and report say where, never an internal error", async () => {
    const files = [
      "manifest.json",
      "selected.csv",
      "assignments.csv",
      ...readdirSync(join(draw, "inputs")).map((f) => `inputs/${f}`),
    ];
    await neverAnInternalError(
      files,
      4,
      (copy) => [
        ["verify", copy],
        ["explain", "--draw", copy, "--uscc", CODE],
        ["tickets", "--draw", copy, CODE, `${CODE}|HA003`],
        ["report", copy, "--format", "md"],
      ],
      (file, op, at, by) => {
        const copy = join(tmp(), "draw");
        cpSync(draw, copy, { recursive: true });
        const path = join(copy, file);
        writeFileSync(path, edited(readFileSync(path, "utf8"), op, at, by));
        return { copy, what: `${file} ${op} ${at} ${by}` };
      },
    );
  }, 120_000);

  it("a manifest whose drawDate is no date is refused at it by explain --draw and report, not read into an internal error (the property above found it)", async () => {
    const copy = join(tmp(), "draw");
    cpSync(draw, copy, { recursive: true });
    const manifest = join(copy, "manifest.json");
    writeFileSync(manifest, readFileSync(manifest, "utf8").replace(/"drawDate": "[^"]*"/, '"drawDate": "x"'));
    const damaged = `gradedraw: drawDate is missing or not a date YYYY-MM-DD: the file is damaged or was edited by hand (${manifest})`;
    for (const args of [
      ["explain", "--draw", copy, "--uscc", CODE],
      ["report", copy, "--format", "md"],
    ]) {
      const r = await runCli(...args);
      expect([r.code, r.stderr]).toEqual([1, damaged]);
    }
  });

  it("a ledger with a row edited: ledger verify names the entry, and the commands reading it refuse it at its table, row and column, never an internal error", async () => {
    // The columns gradedraw writes JSON in: the kind of value a tamperer's edit breaks.
    const cells: [string, string][] = [
      ["ledger", "body"],
      ["planned", "departments"],
      ["results", "result"],
      ["results", "inspectors"],
      ["result_log", "body"],
    ];
    await neverAnInternalError(
      cells,
      2,
      (db) => [
        ["ledger", "verify", "--db", db],
        ["ledger", "findings", "--db", db],
        publishH1(db, join(tmp(), "p.csv")),
        ["results", "history", "--uscc", CODE, "--db", db],
        ["results", "import", "examples/results-corrected.csv", "--db", db, "--correct", "r"],
      ],
      ([t, column], op, at, by) => {
        const db = join(tmp(), "g.db");
        writeFileSync(db, readFileSync(ledger));
        const raw = new Database(db);
        raw.pragma("foreign_keys = OFF");
        const rowids = raw.prepare(`SELECT rowid FROM ${t}`).pluck().all() as number[];
        const rowid = rowids[at % rowids.length];
        const value = raw.prepare(`SELECT ${column} FROM ${t} WHERE rowid = ?`).pluck().get(rowid);
        // A JSON value inside the cell swapped, or the cell replaced.
        const next =
          op === 0 && typeof value === "string"
            ? edited(value, 0, at, by)
            : REPLACEMENTS[by % REPLACEMENTS.length];
        raw.prepare(`UPDATE ${t} SET ${column} = ? WHERE rowid = ?`).run(next, rowid);
        raw.close();
        return { copy: db, what: `${t}.${column} row ${rowid} = ${next}` };
      },
    );
  }, 120_000);
});
