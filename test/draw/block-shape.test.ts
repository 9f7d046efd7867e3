import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TeamKeyLanes } from "../../engine/draw/team-key-lanes.js";
import { barId } from "../../engine/draw/teams.js";
import { sha256x4 } from "../../engine/sha256x4.js";
import { BlockShape, type WordKind } from "../../engine/sha256x4-shaped.js";
import { TicketSource } from "../../engine/tickets.js";
import { instantiate } from "../../engine/wasm.js";

const utf8 = (s: string) => new TextEncoder().encode(s);
const kind = fc.constantFrom<WordKind>("call", "lane", "mixed");

describe("a block's shape: the work its lanes share done once", () => {
  it("gives hash4's digests for blocks of any shape: words shared, the lanes' own, or both in disjoint bits", () => {
    const x4 = sha256x4();
    expect(x4).toBeDefined();
    const { memory, hash4 } = x4 as NonNullable<typeof x4>;
    memory.grow(1);
    const mid = new TicketSource("shapes").midstate();
    const MID = 0;
    const FIXED = 128;
    const CALL = 384;
    const TABLE = 2048;
    const PLAIN = 8192;
    const OUT = 32768;
    const REFERENCE = 49152;
    fc.assert(
      fc.property(
        fc.array(kind, { minLength: 16, maxLength: 16 }).filter((kinds) => kinds.some((k) => k !== "call")),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.integer(), { minLength: 16 * 4 * 5 * 2 + 32, maxLength: 16 * 4 * 5 * 2 + 32 }),
        (kinds, groups, random) => {
          const shape = new BlockShape(kinds);
          const hash = (instantiate([shape.kernel()], memory) as { hashShaped: typeof hash4 }).hashShaped;
          const words = new Int32Array(memory.buffer);
          let r = 0;
          // The call's part of each word (code bytes and shared bytes), and in mixed words the bits that are the lanes'.
          const callWords = Int32Array.from({ length: 16 }, () => random[r++]);
          const laneMask = Int32Array.from({ length: 16 }, (_, j) =>
            kinds[j] === "mixed" ? random[r++] : 0,
          );
          for (let j = 0; j < 16; j++)
            if (kinds[j] !== "call") callWords[j] &= kinds[j] === "mixed" ? ~laneMask[j] : 0;
          shape.callValues(callWords, mid, words, CALL / 4);
          for (let j = 0; j < 8; j++) words.fill(mid[j], MID / 4 + 4 * j, MID / 4 + 4 * j + 4);
          words.fill(0, FIXED / 4, FIXED / 4 + 64);
          const stride = 4 * shape.lane.length;
          for (let k = 0; k < 4 * groups; k++) {
            const own = Int32Array.from({ length: 16 }, (_, j) =>
              kinds[j] === "lane" ? random[r++] : kinds[j] === "mixed" ? random[r++] & laneMask[j] : 0,
            );
            shape.laneValues(own).forEach((value, e) => {
              words[TABLE / 4 + (k >> 2) * stride + 4 * e + (k & 3)] = value;
            });
            for (let j = 0; j < 16; j++)
              words[PLAIN / 4 + 64 * (k >> 2) + 4 * j + (k & 3)] = own[j] | callWords[j];
          }
          hash(MID, CALL, TABLE, OUT, groups);
          hash4(MID, FIXED, PLAIN, REFERENCE, groups);
          const digests = new Int32Array(memory.buffer, OUT, 32 * groups);
          return digests.every((word, k) => word === words[REFERENCE / 4 + k]);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("gives TicketSource.teamKeyOfParts for directories whose ids share a beginning or not, of any lengths, Chinese too", () => {
    const id = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 12 }),
      fc.integer({ min: 0, max: 99_999 }).map((n) => `INS${String(n).padStart(5, "0")}`),
      fc.integer({ min: 0, max: 99_999 }).map((n) => `执法${n}`),
    );
    fc.assert(
      fc.property(
        fc.array(id, { minLength: 32, maxLength: 45 }),
        fc.array(
          fc.oneof(
            fc.string({ minLength: 18, maxLength: 18 }),
            fc.string({ unit: "grapheme", maxLength: 40 }),
          ),
          {
            minLength: 1,
            maxLength: 4,
          },
        ),
        (list, codes) => {
          const bars = list.map(barId);
          const lanes = new TeamKeyLanes("shaped", [bars], 0);
          const tickets = new TicketSource("shaped");
          return codes.every((code) => {
            const keys = new Float64Array(bars.length);
            lanes.keysInto(utf8(code), 0, keys, 0);
            return bars.every((bar, k) => keys[k] === tickets.teamKeyOfParts(utf8(code), bar));
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it("is laid out once a department has made enough keys from whole blocks, with the same keys before and after", () => {
    const list = Array.from({ length: 1200 }, (_, k) => barId(`INS${String(k).padStart(4, "0")}`));
    const lanes = new TeamKeyLanes("switch", [list], 5000);
    const tickets = new TicketSource("switch");
    const table = () => (lanes as unknown as { tables: Map<number, { shaped?: unknown }> }).tables.get(18);
    for (let visit = 0; visit < 6; visit++) {
      const code = utf8(`91320800MA1XYZ${String(visit).padStart(4, "0")}`);
      const keys = new Float64Array(list.length);
      lanes.keysInto(code, 0, keys, 0);
      expect(keys.every((key, k) => key === tickets.teamKeyOfParts(code, list[k]))).toBe(true);
      // 1,200 keys a visit: the fifth passes 5,000.
      expect(table()?.shaped instanceof Object).toBe(visit >= 4);
    }
  });
});
