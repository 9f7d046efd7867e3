import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TeamKeyLanes } from "../../engine/draw/team-key-lanes.js";
import { barId } from "../../engine/draw/teams.js";
import { sha256x4 } from "../../engine/sha256x4.js";
import { teamKeysFunction } from "../../engine/team-keys-wasm.js";
import { keysFunction, keyTables } from "../../engine/ticket-keys-wasm.js";
import { sha256Hex, TicketSource, teamKeyFromWords, ticketKeyFromWords } from "../../engine/tickets.js";
import { instantiate, type WasmFunction } from "../../engine/wasm.js";

const utf8 = (s: string) => new TextEncoder().encode(s);

describe("SHA-256 in four SIMD lanes", () => {
  it("each lane equals node:crypto on prefix + its message, over several groups", () => {
    const x4 = sha256x4();
    expect(x4).toBeDefined();
    const { memory, hash4 } = x4 as NonNullable<typeof x4>;
    const prefix = sha256Hex("lanes");
    const mid = new TicketSource("lanes").midstate();
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 55 }), { minLength: 1, maxLength: 13 }),
        fc.integer({ min: 0, max: 255 }),
        (messages, noise) => {
          const groups = Math.ceil(messages.length / 4);
          const words = new Int32Array(memory.buffer);
          for (let j = 0; j < 8; j++) words.fill(mid[j], 4 * j, 4 * j + 4);
          // The shared words are zero here; the table carries each whole padded block.
          words.fill(0, 32, 96);
          const table = 384;
          const out = table + groups * 256;
          // Lanes without a message hold noise: their digests are not read, and must not disturb the others.
          new Uint8Array(memory.buffer, table, groups * 256).fill(noise);
          messages.forEach((m, k) => {
            const block = new Uint8Array(64);
            block.set(m);
            block[m.length] = 0x80;
            const view = new DataView(block.buffer);
            view.setUint32(60, (64 + m.length) * 8);
            for (let j = 0; j < 16; j++)
              words[table / 4 + 64 * (k >> 2) + 4 * j + (k & 3)] = view.getInt32(4 * j);
          });
          hash4(0, 128, table, out, groups);
          return messages.every((m, k) => {
            let hex = "";
            for (let j = 0; j < 8; j++)
              hex += (words[out / 4 + 32 * (k >> 2) + 4 * j + (k & 3)] >>> 0).toString(16).padStart(8, "0");
            return hex === createHash("sha256").update(prefix).update(m).digest("hex");
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** A module of one key function (`keys` or `teamKeys`) as `keys`, its digit tables at byte 0. */
function keysModule(f: WasmFunction): {
  memory: WebAssembly.Memory;
  keys: (digests: number, out: number, count: number, tables: number) => void;
} {
  const m = instantiate([f]) as Record<string, unknown> & { memory: WebAssembly.Memory };
  m.memory.grow(1);
  new Uint8Array(m.memory.buffer).set(keyTables(), 0);
  return {
    memory: m.memory,
    keys: m[f.name] as (digests: number, out: number, count: number, tables: number) => void,
  };
}

describe("ticket keys in WebAssembly", () => {
  it("equal ticketKeyFromWords for any eight words, in the layout hash4 writes", () => {
    const m = keysModule(keysFunction());
    const digests = 22_016;
    const out = digests + 4 * 128;
    const word = fc.oneof(fc.integer(), fc.constantFrom(0, -1, 1, 0x7fffffff, -0x80000000));
    fc.assert(
      fc.property(
        fc.array(fc.array(word, { minLength: 8, maxLength: 8 }), { minLength: 1, maxLength: 16 }),
        (list) => {
          const words = new Int32Array(m.memory.buffer);
          list.forEach((w, k) => {
            for (let j = 0; j < 8; j++) words[digests / 4 + 32 * (k >> 2) + 4 * j + (k & 3)] = w[j];
          });
          m.keys(digests, out, list.length, 0);
          const keys = new Float64Array(m.memory.buffer, out, list.length);
          return list.every((w, k) => keys[k] === ticketKeyFromWords(Int32Array.from(w)));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("equal the reversed 14 lowest decimal digits of the digest where it is a multiple of 5^14, or one off", () => {
    // There the weighted sum the keys reduce is a multiple of 5^14 (or one off), where a quotient
    // taken by multiplying with 5^−14 can fall just short of the exact one.
    const m = keysModule(keysFunction());
    const digests = 22_016;
    const out = digests + 4 * 128;
    const five14 = 5n ** 14n;
    const reference = (n: bigint) =>
      Number([...(n % 10n ** 14n).toString().padStart(14, "0")].reverse().join(""));
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.bigInt({ min: 0n, max: (1n << 256n) / five14 - 1n }), fc.constantFrom(-1n, 0n, 1n)),
          { minLength: 4, maxLength: 4 },
        ),
        (list) => {
          const words = new Int32Array(m.memory.buffer);
          const ns = list.map(([q, e]) => {
            const n = q * five14 + e;
            return n < 0n ? 0n : n;
          });
          ns.forEach((n, k) => {
            for (let j = 0; j < 8; j++)
              words[digests / 4 + 4 * j + k] = Number(BigInt.asIntN(32, n >> BigInt(32 * (7 - j))));
          });
          m.keys(digests, out, 4, 0);
          const keys = new Float64Array(m.memory.buffer, out, 4);
          return ns.every((n, k) => keys[k] === reference(n));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe("team keys in WebAssembly", () => {
  const module = () => {
    const m = keysModule(teamKeysFunction());
    m.memory.grow(63);
    return { memory: m.memory, teamKeys: m.keys };
  };
  const digests = 22_016;

  it("equal teamKeyFromWords for any eight words, multiples of 5^5 among them, in the layout hash4 writes", () => {
    const m = module();
    const out = digests + 4 * 128;
    const five5 = 3125n;
    const value = fc.oneof(
      fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }),
      // Multiples of 5^5, or one off: where the weighted sum is one too (and may be negative).
      fc
        .tuple(fc.bigInt({ min: 0n, max: (1n << 256n) / five5 - 1n }), fc.constantFrom(-1n, 0n, 1n))
        .map(([q, e]) => BigInt.asUintN(256, q * five5 + e)),
    );
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 16 }), (list) => {
        const words = new Int32Array(m.memory.buffer);
        const each = list.map((n) =>
          Int32Array.from({ length: 8 }, (_, j) => Number(BigInt.asIntN(32, n >> BigInt(32 * (7 - j))))),
        );
        each.forEach((w, k) => {
          for (let j = 0; j < 8; j++) words[digests / 4 + 32 * (k >> 2) + 4 * j + (k & 3)] = w[j];
        });
        m.teamKeys(digests, out, list.length, 0);
        const keys = new Float64Array(m.memory.buffer, out, list.length);
        return each.every((w, k) => keys[k] === teamKeyFromWords(w));
      }),
      { numRuns: 2000 },
    );
  });

  it("reverse the five digits of every value below 10^5", () => {
    const m = module();
    const n = 100_000;
    const out = digests + (n / 4) * 128;
    const words = new Int32Array(m.memory.buffer);
    words.fill(0, digests / 4, digests / 4 + (n / 4) * 32);
    // Value k in the last word of message k.
    for (let k = 0; k < n; k++) words[digests / 4 + 32 * (k >> 2) + 4 * 7 + (k & 3)] = k;
    m.teamKeys(digests, out, n, 0);
    const keys = new Float64Array(m.memory.buffer, out, n);
    const wrong = Array.from({ length: n }, (_, k) => k).filter(
      (k) => keys[k] !== Number([...String(k).padStart(5, "0")].reverse().join("")),
    );
    expect(wrong).toEqual([]);
  });
});

describe("team keys in lanes", () => {
  it("equal TicketSource.teamKeyOfParts for any code and ids: ASCII or Chinese, any count, too long for one block", () => {
    const ids = fc.array(fc.string({ unit: "grapheme", maxLength: 12 }), { maxLength: 11 });
    fc.assert(
      fc.property(
        fc.array(ids, { minLength: 1, maxLength: 4 }),
        fc.array(
          fc.oneof(
            fc.string({ minLength: 18, maxLength: 18 }),
            fc.string({ unit: "grapheme", maxLength: 40 }),
          ),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        (departments, codes) => {
          const bars = departments.map((list) => list.map(barId));
          const lanes = new TeamKeyLanes("team-lanes", bars);
          const tickets = new TicketSource("team-lanes");
          return codes.every((code) =>
            bars.every((list, d) => {
              const keys = new Float64Array(list.length + 2).fill(-1);
              lanes.keysInto(utf8(code), d, keys, 1);
              return (
                keys[0] === -1 &&
                keys[list.length + 1] === -1 &&
                list.every((id, k) => keys[1 + k] === tickets.teamKeyOfParts(utf8(code), id))
              );
            }),
          );
        },
      ),
      { numRuns: 400 },
    );
  });

  it("lay out a directory of 1,200 inspectors and USCCs of 18 characters in lanes, with the same keys", () => {
    const list = Array.from({ length: 1201 }, (_, k) => barId(`INS${String(k).padStart(5, "0")}`));
    const long = [barId("x".repeat(40))];
    const lanes = new TeamKeyLanes("directory", [list, long]);
    const tickets = new TicketSource("directory");
    for (const uscc of ["91320800MA1XYZ1234", "92320800MA2ABCDE5X"]) {
      const keys = new Float64Array(list.length);
      lanes.keysInto(utf8(uscc), 0, keys, 0);
      expect([...keys]).toEqual(list.map((id) => tickets.teamKeyOfParts(utf8(uscc), id)));
      const spilled = new Float64Array(1);
      lanes.keysInto(utf8(uscc), 1, spilled, 0);
      expect(spilled[0]).toBe(tickets.teamKeyOfParts(utf8(uscc), long[0]));
    }
  });

  it("give each id's key as TicketSource.key: enterprise codes, Chinese, empty, too long for one block, in batches", () => {
    const id = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 30 }),
      fc.string({ minLength: 50, maxLength: 60 }),
      fc.constantFrom("91320800MA1XYZ1234", ""),
    );
    fc.assert(
      fc.property(fc.array(id, { maxLength: 40 }), (ids) => {
        const tickets = new TicketSource("enterprise-keys");
        // Departments laid out before do not change the keys.
        const lanes = new TeamKeyLanes("enterprise-keys", [[barId("INS1")]]);
        lanes.keysInto(utf8("x"), 0, new Float64Array(1), 0);
        expect([...lanes.keysOfIds(ids)]).toEqual(ids.map((i) => tickets.key(i)));
      }),
      { numRuns: 300 },
    );
    // More ids than one batch holds, not a multiple of four, of lengths that differ from batch to batch.
    const codes = Array.from({ length: 9001 }, (_, k) =>
      k < 4096 ? `9132080${String(k).padStart(11, "0")}` : `${k}`,
    );
    const tickets = new TicketSource("district");
    expect([...new TeamKeyLanes("district", []).keysOfIds(codes)]).toEqual(codes.map((c) => tickets.key(c)));
  });

  it("give each id's full ticket as TicketSource.ticket: team members' ids, Chinese, empty, too long for one block, in batches", () => {
    const id = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 30 }),
      fc.string({ minLength: 50, maxLength: 60 }),
      fc.constantFrom("91320800MA1XYZ1234|INS0001", "91320800MA1XYZ1234|执法甲", ""),
    );
    fc.assert(
      fc.property(fc.array(id, { maxLength: 40 }), (ids) => {
        const tickets = new TicketSource("member-tickets");
        const lanes = new TeamKeyLanes("member-tickets", [[barId("INS1")]]);
        lanes.keysInto(utf8("x"), 0, new Float64Array(1), 0);
        expect(lanes.ticketsOfIds(ids)).toEqual(ids.map((i) => tickets.ticket(i)));
      }),
      { numRuns: 300 },
    );
    const members = Array.from(
      { length: 9001 },
      (_, k) => `9132080${String(k % 977).padStart(11, "0")}|INS${k}`,
    );
    const tickets = new TicketSource("district");
    expect(new TeamKeyLanes("district", []).ticketsOfIds(members)).toEqual(
      members.map((m) => tickets.ticket(m)),
    );
  });
});
