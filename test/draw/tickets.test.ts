import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  compareTicketStrings,
  compareTickets,
  sha256Uniform,
  TicketSource,
  teamKeyFromWords,
  ticket,
  uniformFromHex,
  uniformFromWords,
} from "../../engine/tickets.js";
import { cancelExampleDraw, exampleDraw, exampleDryRun } from "../helpers/examples.js";
import { runCli } from "../helpers/run-cli.js";
import { tmp } from "../helpers/tmp.js";

describe("tickets (Rivest's consistent sampling)", () => {
  it("match the reference implementation's vectors", () => {
    expect(sha256Uniform("abc")).toBe(
      "0.56998071861792858926477341561059638840106636224182943832566300809078486324348",
    );
    expect(ticket("01382438112797316654", "AB-130")).toBe(
      "0.26299714122838008416507544297546663599715395525154425586041245287750224561854",
    );
  });

  it("depend only on seed and id", () => {
    const a = new TicketSource("seed");
    const b = new TicketSource("seed");
    b.ticket("other");
    expect(b.ticket("91110108551385082Q")).toBe(a.ticket("91110108551385082Q"));
    expect(a.ticket("91110108551385082Q")).toBe(ticket("seed", "91110108551385082Q"));
  });

  it("hash Chinese text as UTF-8", () => {
    expect(ticket("种子", "企业")).not.toBe(ticket("--", "企业"));
  });

  it("the numeric key orders tickets exactly as the full numbers do", () => {
    const t = new TicketSource("order");
    fc.assert(
      fc.property(fc.string(), fc.string(), (x, y) => {
        const a = t.ranked(x);
        const b = t.ranked(y);
        return (
          Math.sign(a.key - b.key || compareTicketStrings(a.ticket, b.ticket)) ===
          Math.sign(compareTicketStrings(a.ticket, b.ticket))
        );
      }),
    );
    fc.assert(fc.property(fc.string(), (x) => t.ranked(x).key === Number(t.ticket(x).slice(2, 16))));
    expect(compareTicketStrings("0.5", "0.50000")).toBe(0);
    expect(compareTicketStrings("0.49", "0.5")).toBe(-1);
  });

  it("gradedraw tickets prints `id ticket` per line, and --json a list", async () => {
    const r = await runCli("tickets", "--seed", "01382438112797316654", "AB-130", "abc");
    expect(r.stdout.split("\n")[0]).toBe(
      "AB-130 0.26299714122838008416507544297546663599715395525154425586041245287750224561854",
    );
    const j = JSON.parse((await runCli("tickets", "--json", "--seed", "s", "x")).stdout);
    expect(j).toEqual([{ id: "x", ticket: ticket("s", "x") }]);
  });

  it("gradedraw tickets given codes and a seed without a frame hash says a draw's tickets are made with its effective seed; given the effective seed, or ids that are no codes, nothing", async () => {
    const code = "91320803AMN5WJ2P3X";
    const publicSeed = await runCli("tickets", "--seed", "20260105-3141592653", code);
    expect(publicSeed.code).toBe(0);
    expect(publicSeed.stderr).toBe(
      `gradedraw: note: a draw's tickets are made with its effective seed, its public seed followed by a comma and the frame hash (manifest.json's effectiveSeed, the draw report's "How to verify"; or give the draw's folder, --draw); '20260105-3141592653' has no frame hash, so these are not a draw's tickets`,
    );
    const effective = `20260105-3141592653,${"2780d98e7c218e0a".repeat(4)}`;
    expect((await runCli("tickets", "--seed", effective, code)).stderr).toBe("");
    expect((await runCli("tickets", "--seed", "01382438112797316654", "AB-130")).stderr).toBe("");
    const zh = await runCli("--lang", "zh", "tickets", "--seed", "1", code);
    expect(zh.stderr).toContain("“1”不含框架哈希，因此以上不是某次抽取的抽签号");
  });

  it("gradedraw tickets --draw takes a published draw's effective seed from its folder, and says whether each code was drawn (and its stratum) and each team key assigned", async () => {
    const dir = tmp();
    const out = join(dir, "d");
    expect((await runCli(...exampleDryRun(out))).code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as {
      effectiveSeed: string;
    };
    const [header, first] = readFileSync(join(out, "selected.csv"), "utf8")
      .replace(/^\uFEFF/, "")
      .split("\r\n");
    const drawnCode = first.split(",")[0];
    const stratum = first.split(",")[header.split(",").indexOf("stratum")];
    const member = readFileSync(join(out, "assignments.csv"), "utf8")
      .split("\r\n")[1]
      .split(",")
      .slice(0, 2)
      .join("|");
    const notDrawn = "913208033E09P7LM0N";
    const r = await runCli("tickets", "--draw", out, drawnCode, notDrawn, member, `${drawnCode}|HA999`);
    expect([r.code, r.stderr]).toEqual([0, ""]);
    const seed = manifest.effectiveSeed;
    expect(r.stdout.split("\n")).toEqual([
      `${drawnCode} ${ticket(seed, drawnCode)} drawn (${stratum})`,
      `${notDrawn} ${ticket(seed, notDrawn)} not drawn`,
      `${member} ${ticket(seed, member)} assigned`,
      `${drawnCode}|HA999 ${ticket(seed, `${drawnCode}|HA999`)} not assigned`,
    ]);
    const zh = await runCli("--lang", "zh", "tickets", "--draw", join(out, "manifest.json"), drawnCode);
    expect(zh.stdout).toBe(`${drawnCode} ${ticket(seed, drawnCode)} 已抽中（${stratum}）`);
    expect(JSON.parse((await runCli("tickets", "--json", "--draw", out, notDrawn)).stdout)).toEqual([
      { id: notDrawn, ticket: ticket(seed, notDrawn), drawn: false },
    ]);
    // A manifest alone gives the tickets, and says nothing of drawn; none, or both options, are refused.
    const alone = join(dir, "m");
    mkdirSync(alone);
    copyFileSync(join(out, "manifest.json"), join(alone, "manifest.json"));
    expect((await runCli("tickets", "--draw", alone, notDrawn)).stdout).toBe(
      `${notDrawn} ${ticket(seed, notDrawn)}`,
    );
    const none = await runCli("tickets", "--draw", dir, notDrawn);
    expect([none.code, none.stderr]).toEqual([
      1,
      `gradedraw: no manifest.json here: give a draw's folder, as published, or its manifest.json (${join(dir, "manifest.json")})`,
    ]);
    expect((await runCli("tickets", "--draw", out, "--seed", "1", notDrawn)).code).toBe(2);
    expect((await runCli("tickets", notDrawn)).code).toBe(2);
  });

  it("gradedraw tickets --draw --db says whether the ledger holds the draw in force: one cancelled since drew nobody; a dry run, or a draw of another ledger, is none of its", async () => {
    const dir = tmp();
    const db = join(dir, "g.db");
    const out = join(dir, "d");
    expect((await runCli(...exampleDraw(out, { db }))).code).toBe(0);
    const code = "91320803AMN5WJ2P3X";
    const held = await runCli("tickets", "--draw", out, code, "--db", db);
    expect([held.code, held.stderr]).toEqual([0, `gradedraw: the draw is entry #1 of ${db}, in force`]);
    expect(
      JSON.parse((await runCli("tickets", "--json", "--draw", out, code, "--db", db)).stdout).ledger,
    ).toEqual({
      seq: 1,
      inForce: true,
    });
    expect((await runCli(...cancelExampleDraw(db, { reason: "名录库数据有误" }))).code).toBe(0);
    const cancelled = await runCli("tickets", "--draw", out, code, "--db", db);
    expect([cancelled.code, cancelled.stderr]).toEqual([
      0,
      `gradedraw: note: the draw is entry #1 of the ledger, cancelled by entry #2: 名录库数据有误: as far as this ledger holds, it drew nobody (${db})`,
    ]);
    const trial = join(dir, "t");
    expect((await runCli(...exampleDryRun(trial))).code).toBe(0);
    expect((await runCli("tickets", "--draw", trial, code, "--db", db)).stderr).toBe(
      `gradedraw: note: the draw is a dry run, which is never recorded in a ledger: as far as this ledger holds, it drew nobody (${db})`,
    );
    // --db without a draw is refused.
    expect((await runCli("tickets", "--seed", "1", code, "--db", db)).code).toBe(2);
  });

  it("gradedraw tickets reads an id as the draw reads its files: a code typed in lower case, full width or with spaces, and a team member's id with spaces around it, get the draw's ticket, and it says so; an empty id is refused", async () => {
    const code = "91320803AMN5WJ2P3X";
    const r = await runCli(
      "tickets",
      "--seed",
      "s",
      "91320803amn5wj2p3x",
      "９１320803AMN5WJ2P3X ",
      `${code}|HA001`,
      ` ${code} | HA001 `,
      "AB-130",
      "AB-130\t",
    );
    expect(r.stdout.split("\n")).toEqual([
      `${code} ${ticket("s", code)}`,
      `${code} ${ticket("s", code)}`,
      `${code}|HA001 ${ticket("s", `${code}|HA001`)}`,
      `${code}|HA001 ${ticket("s", `${code}|HA001`)}`,
      `AB-130 ${ticket("s", "AB-130")}`,
      `AB-130 ${ticket("s", "AB-130")}`,
    ]);
    expect(r.stderr.split("\n")).toEqual([
      `gradedraw: note: '91320803amn5wj2p3x' read as ${code}`,
      `gradedraw: note: '９１320803AMN5WJ2P3X ' read as ${code}`,
      `gradedraw: note: ' ${code} | HA001 ' read as ${code}|HA001`,
      "gradedraw: note: 'AB-130\t' read as AB-130",
      expect.stringMatching(/^gradedraw: note: a draw's tickets are made with its effective seed/),
    ]);
    // An empty id, or a team key without one of its parts (an empty shell variable), gets no ticket.
    for (const empty of ["", " ", `${code}|`, `${code}| `, "|HA001"]) {
      const refused = await runCli("tickets", "--seed", "s", code, empty);
      expect(refused.code, empty).toBe(2);
      expect(refused.stdout).toBe("");
      expect(refused.stderr).toContain(
        `gradedraw: an id is empty ('${empty}'): give a code, or a code and an inspector id as CODE|ID`,
      );
    }
  });
});

describe("SHA-256 from a midstate", () => {
  it("equals node:crypto on any suffix, ASCII or Chinese, short or several blocks long", async () => {
    const { createHash } = await import("node:crypto");
    const { Sha256Prefix } = await import("../../engine/sha256.js");
    const prefix = "a".repeat(64);
    const h = new Sha256Prefix(prefix);
    fc.assert(
      fc.property(
        fc.string({ unit: "binary", maxLength: 300 }),
        (s) =>
          h.digestHex(s) ===
          createHash("sha256")
            .update(prefix + s, "utf8")
            .digest("hex"),
      ),
      { numRuns: 3000 },
    );
    expect(h.digestHex("统一社会信用代码")).toBe(
      createHash("sha256").update(`${prefix}统一社会信用代码`, "utf8").digest("hex"),
    );
  });

  it("the key from the digest words equals the key from the full ticket", () => {
    const t = new TicketSource("words");
    fc.assert(fc.property(fc.string(), (x) => t.key(x) === Number(t.ticket(x).slice(2, 16))));
  });

  it("the ticket from the digest words equals the BigInt port, for any value: short, 64 digits, 78 digits", () => {
    const hexOf = (w: Int32Array) => Array.from(w, (x) => (x >>> 0).toString(16).padStart(8, "0")).join("");
    const edges = [
      0n,
      1n,
      10n ** 63n - 1n,
      10n ** 63n,
      10n ** 64n,
      10n ** 77n,
      2n ** 256n - 1n,
      12345678901234567n,
    ];
    for (const v of edges) {
      const hex = v.toString(16).padStart(64, "0");
      const w = Int32Array.from(
        { length: 8 },
        (_, i) => Number.parseInt(hex.slice(8 * i, 8 * i + 8), 16) | 0,
      );
      expect(uniformFromWords(w)).toBe(uniformFromHex(hex));
    }
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: 8, maxLength: 8 }), fc.nat(7), (words, zeros) => {
        // Leading zero words make values of every length, down to a few digits.
        const w = Int32Array.from(words, (x, i) => (i < zeros ? 0 : x));
        return uniformFromWords(w) === uniformFromHex(hexOf(w));
      }),
      { numRuns: 5000 },
    );
    const t = new TicketSource("words");
    expect(t.ticket("91320800MA1XYZ1234")).toBe(ticket("words", "91320800MA1XYZ1234"));
  });

  it("the conversion's quotients by 10^7, made by multiplying by 10^-7, are exact for every dividend it meets", () => {
    // A dividend is r · 2^16 + limb, r < 10^7: below 2^16 · 10^7. Every multiple of 10^7 there,
    // and the dividend just below it, where the product is nearest an integer.
    for (let q = 1; q < 65536; q++) {
      expect(Math.floor(q * 1e7 * 1e-7)).toBe(q);
      expect(Math.floor((q * 1e7 - 1) * 1e-7)).toBe(q - 1);
    }
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e7 - 1 }), fc.integer({ min: 0, max: 65535 }), (r, limb) => {
        const n = r * 65536 + limb;
        return Math.floor(n * 1e-7) === Math.floor(n / 1e7);
      }),
      { numRuns: 20000 },
    );
  });

  it("the team key of an id given as two pieces of UTF-8 is the first five digits of the id's ticket", () => {
    const t = new TicketSource("bytes");
    const utf8 = (x: string) => new TextEncoder().encode(x);
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", maxLength: 100 }),
        fc.string({ unit: "grapheme", maxLength: 100 }),
        (a, b) => t.teamKeyOfParts(utf8(a), utf8(b)) === Number(t.ticket(a + b).slice(2, 7)),
      ),
      { numRuns: 2000 },
    );
  });

  it("the team key is the first five ticket digits for any 256-bit value, zeros and multiples of 5^5 among them", () => {
    const five5 = 3125n;
    const value = fc.oneof(
      fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }),
      fc.bigInt({ min: 0n, max: 10n ** 9n }),
      fc.bigInt({ min: 0n, max: (1n << 256n) / five5 - 1n }).map((q) => q * five5),
    );
    fc.assert(
      fc.property(value, (n) => {
        const words = Int32Array.from({ length: 8 }, (_, j) =>
          Number(BigInt.asIntN(32, n >> BigInt(32 * (7 - j)))),
        );
        return (
          teamKeyFromWords(words) === Number(uniformFromHex(n.toString(16).padStart(64, "0")).slice(2, 7))
        );
      }),
      { numRuns: 5000 },
    );
  });

  it("team keys order a visit's candidates as their full tickets do, equal keys decided on the full tickets", () => {
    const t = new TicketSource("team order");
    const utf8 = (x: string) => new TextEncoder().encode(x);
    const code = utf8("91320800MA1XXXXXX1");
    const ids = Array.from({ length: 3000 }, (_, k) => `|I${k}`);
    const ranked = ids.map((id) =>
      t.rankedWithKey(`91320800MA1XXXXXX1${id}`, t.teamKeyOfParts(code, utf8(id))),
    );
    const byKey = [...ranked].sort(compareTickets).map((r) => r.ticket);
    const byTicket = ranked.map((r) => r.ticket).sort(compareTicketStrings);
    expect(byKey).toEqual(byTicket);
    // Of 3,000 keys of five digits some are equal: those were told apart by their tickets.
    expect(new Set(ranked.map((r) => r.key)).size).toBeLessThan(3000);
  });
});
