import { createHash } from "node:crypto";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { BackgroundWrite } from "../../engine/background-write.js";
import { stageDir } from "../../engine/staged-dir.js";
import { CALLER, CELLS, ERRNO, QUEUED, SLOTS, STATE, WRITTEN } from "../../engine/write-slots.js";
import { tmp } from "../helpers/tmp.js";

/** Bytes that differ from place to place, so a piece out of order or lost shows. */
function pattern(length: number, salt: number): Uint8Array {
  const b = new Uint8Array(length);
  for (let i = 0; i < length; i++) b[i] = (i * 31 + (i >>> 11) * 7 + salt) & 255;
  return b;
}

/** Pieces of odd sizes, some larger than a slot of shared memory (1 MiB), and their bytes in order. */
function pieces(): { list: Uint8Array[]; whole: Buffer } {
  const sizes = [1000, 1 << 20, 3 * (1 << 20) + 17, 5, 700_000, (1 << 20) - 1, 2 * (1 << 20)];
  const list = sizes.map((n, k) => pattern(n, k));
  return { list, whole: Buffer.concat(list) };
}

function writeThrough(file: string, list: readonly Uint8Array[], patienceMs?: number): BackgroundWrite {
  const fd = openSync(file, "w");
  const out = new BackgroundWrite(fd, patienceMs);
  try {
    // The caller reuses its buffer, as Utf8Sink does: each piece is overwritten after the call.
    for (const piece of list) {
      const reused = Uint8Array.from(piece);
      out.write(reused);
      reused.fill(0);
    }
    out.finish();
  } finally {
    out.settle();
    closeSync(fd);
  }
  return out;
}

describe("files larger than a piece are written by a thread of their own", () => {
  it("writes every byte in the order handed over, though the caller reuses its buffer", () => {
    const file = join(tmp(), "big.bin");
    const { list, whole } = pieces();
    const out = writeThrough(file, list);
    expect(out.threaded).toBe(true);
    expect(readFileSync(file).equals(whole)).toBe(true);
  });

  it("writes a file of one piece on the caller's thread, starting no thread", () => {
    const file = join(tmp(), "small.bin");
    const piece = pattern(5000, 3);
    const out = writeThrough(file, [piece]);
    expect(out.threaded).toBe(false);
    expect(readFileSync(file).equals(piece)).toBe(true);
  });

  it("writes every byte in order whether the thread starts in time or the caller takes its pieces over", () => {
    // No patience: the caller takes over at its first wait unless the thread has started by then.
    const file = join(tmp(), "impatient.bin");
    const { list, whole } = pieces();
    writeThrough(file, list, 0);
    expect(readFileSync(file).equals(whole)).toBe(true);
  });

  it.runIf(existsSync("/dev/full"))(
    "throws the thread's failed write as writeSync throws it: ENOSPC on a full disk",
    () => {
      const fd = openSync("/dev/full", "w");
      const out = new BackgroundWrite(fd);
      let thrown: unknown;
      try {
        // An empty first piece (the caller's to write), so every byte goes to the thread.
        out.write(new Uint8Array(0));
        for (const piece of pieces().list) out.write(piece);
        out.finish();
      } catch (e) {
        thrown = e;
      } finally {
        out.settle();
        closeSync(fd);
      }
      expect(out.threaded).toBe(true);
      expect(thrown).toMatchObject({ code: "ENOSPC", errno: -28, syscall: "write" });
    },
  );
});

/** Atomics.waitAsync (Node.js 16 on), which the ES2022 library's types leave out. */
const { waitAsync } = Atomics as unknown as {
  waitAsync(cells: Int32Array, index: number, value: number, ms: number): { value: Promise<string> | string };
};

describe("a thread that fails, not in a write", () => {
  it("hands its pieces back to the caller as a failed write (EIO) rather than leave it waiting", async () => {
    const ctrl = new Int32Array(new SharedArrayBuffer(CELLS * 4));
    Atomics.store(ctrl, QUEUED, 2);
    // Slots that are not a Uint8Array: taking the first piece from them throws a TypeError, which
    // is not a write's failure.
    const workerData = { fd: -1, ctrl, lengths: new Int32Array(new SharedArrayBuffer(SLOTS * 4)), slots: {} };
    // As the caller waits for a slot: on WRITTEN, which the thread must wake though it wrote nothing.
    const woken = waitAsync(ctrl, WRITTEN, 0, 20_000).value;
    const thread = new Worker(new URL("../../engine/write-thread.js", import.meta.url), {
      workerData,
      execArgv: [],
    });
    const exit = new Promise<number>((resolve) => thread.on("exit", resolve));
    expect(await woken).toBe("ok");
    expect(await exit).toBe(0);
    expect(Atomics.load(ctrl, STATE)).toBe(CALLER);
    expect(Atomics.load(ctrl, ERRNO)).toBe(-5);
    expect(Atomics.load(ctrl, WRITTEN)).toBe(0);
  });
});

describe("a staged file written in many pieces", () => {
  it("holds every chunk in order, and its hash is the SHA-256 of its bytes", () => {
    const staged = stageDir(join(tmp(), "out"), "marker.json");
    const lines = Array.from({ length: 120_000 }, (_, i) => `${i},企业${i},${"x".repeat(i % 50)}\n`);
    const hash = staged.writeChunks("lines.csv", lines);
    const bytes = readFileSync(join(staged.path, "lines.csv"));
    expect(bytes.length).toBeGreaterThan(4 << 20);
    expect(bytes.toString("utf8")).toBe(lines.join(""));
    expect(hash).toBe(createHash("sha256").update(bytes).digest("hex"));
    staged.abort();
  });

  it("throws what the chunks throw, once the thread has written what it was handed", () => {
    const staged = stageDir(join(tmp(), "out"), "marker.json");
    function* failing() {
      for (let i = 0; i < 100_000; i++) yield `${"y".repeat(99)}\n`;
      throw new Error("the records ran out");
    }
    expect(() => staged.writeChunks("part.csv", failing())).toThrow("the records ran out");
    expect(readFileSync(join(staged.path, "part.csv")).length).toBeGreaterThan(8 << 20);
    staged.abort();
  });
});
