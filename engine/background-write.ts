import { getSystemErrorName } from "node:util";
import { Worker } from "node:worker_threads";
import {
  CALLER,
  CELLS,
  ERRNO,
  EVENTS,
  errnoOf,
  NOT_STARTED,
  QUEUED,
  SLOT_BYTES,
  SLOTS,
  STATE,
  STOP,
  WRITTEN,
  writeAll,
} from "./write-slots.js";

/**
 * Bytes written to a file by a worker thread while the caller goes on making the next ones: a
 * million-record file is made in the time its serialising takes, not that plus its writing (on a
 * virtual machine's disk, writing 250 MB costs some 2–3 s of the kernel's time on the caller's
 * thread). The first piece is written at once, by the caller: a file written in one piece (most
 * files) starts no thread. The bytes go through a few slots of shared memory; the caller waits
 * only while every slot is still to be written. A write that fails is thrown by the next call of
 * the caller's, as writeSync would have thrown it; so is a failure of the thread itself, as EIO.
 */
export class BackgroundWrite {
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(CELLS * 4));
  private readonly lengths = new Int32Array(new SharedArrayBuffer(SLOTS * 4));
  private slots: Uint8Array | undefined;
  /** Pieces handed over so far (the first, written by the caller, not counted). */
  private queued = 0;
  private firstWritten = false;

  /** `patienceMs`: how long to wait for a thread that has not started before writing without it. */
  constructor(
    private readonly fd: number,
    private readonly patienceMs = 2000,
  ) {}

  /** Whether a thread was started (the file came in more than one piece). */
  get threaded(): boolean {
    return this.slots !== undefined;
  }

  /** Writes `bytes` (copied before the call returns, so the caller may reuse them). */
  write(bytes: Uint8Array): void {
    this.throwFailure();
    if (!this.firstWritten) {
      this.firstWritten = true;
      writeAll(this.fd, bytes);
      return;
    }
    if (!this.slots) this.startThread();
    for (let at = 0; at < bytes.length; at += SLOT_BYTES) this.queue(bytes.subarray(at, at + SLOT_BYTES));
  }

  /** Waits until every byte handed over is written, then throws the failure of a write, if any. */
  finish(): void {
    this.settle();
    this.throwFailure();
  }

  /**
   * Waits until every byte handed over is written (or given up after a failure), without
   * throwing: the file descriptor may be closed once this returns.
   */
  settle(): void {
    if (!this.slots || Atomics.load(this.ctrl, STOP)) return;
    Atomics.store(this.ctrl, STOP, 1);
    this.signal();
    this.waitForSlots(0);
  }

  private startThread(): void {
    this.slots = new Uint8Array(new SharedArrayBuffer(SLOTS * SLOT_BYTES));
    try {
      const thread = new Worker(THREAD, {
        workerData: { fd: this.fd, ctrl: this.ctrl, lengths: this.lengths, slots: this.slots },
        // None of the process's options: not its loader (tsx), which this thread does not need.
        execArgv: [],
      });
      thread.unref();
      // A thread that fails to start leaves its pieces to the caller (see waitForSlots).
      thread.on("error", () => {});
    } catch {
      Atomics.store(this.ctrl, STATE, CALLER);
    }
  }

  /** Hands a piece of at most SLOT_BYTES to the thread, once a slot is free. */
  private queue(piece: Uint8Array): void {
    this.waitForSlots(SLOTS - 1);
    this.throwFailure();
    if (Atomics.load(this.ctrl, STATE) === CALLER) {
      writeAll(this.fd, piece);
      return;
    }
    const slot = this.queued % SLOTS;
    (this.slots as Uint8Array).set(piece, slot * SLOT_BYTES);
    this.lengths[slot] = piece.length;
    Atomics.store(this.ctrl, QUEUED, ++this.queued);
    this.signal();
  }

  /**
   * Waits until at most `most` pieces handed over are still to be written. A thread not started
   * within patienceMs is told not to, and the caller writes what it holds, and all the rest.
   */
  private waitForSlots(most: number): void {
    for (;;) {
      if (Atomics.load(this.ctrl, STATE) === CALLER) {
        this.writeHeld();
        return;
      }
      const written = Atomics.load(this.ctrl, WRITTEN);
      if (this.queued - written <= most) return;
      if (Atomics.wait(this.ctrl, WRITTEN, written, this.patienceMs) === "timed-out")
        Atomics.compareExchange(this.ctrl, STATE, NOT_STARTED, CALLER);
    }
  }

  /**
   * Writes, on the caller's thread, the pieces handed to a thread that never started; after a
   * failure (the thread's own, or a write's) only counts them, as the thread would have.
   */
  private writeHeld(): void {
    const slots = this.slots as Uint8Array;
    for (let k = Atomics.load(this.ctrl, WRITTEN); k < this.queued; k++) {
      const slot = k % SLOTS;
      if (!Atomics.load(this.ctrl, ERRNO))
        try {
          writeAll(this.fd, slots.subarray(slot * SLOT_BYTES, slot * SLOT_BYTES + this.lengths[slot]));
        } catch (e) {
          Atomics.store(this.ctrl, ERRNO, errnoOf(e));
        }
    }
    Atomics.store(this.ctrl, WRITTEN, this.queued);
  }

  /** Tells the thread something changed (a piece handed over, or the end). */
  private signal(): void {
    Atomics.add(this.ctrl, EVENTS, 1);
    Atomics.notify(this.ctrl, EVENTS);
  }

  private throwFailure(): void {
    const errno = Atomics.load(this.ctrl, ERRNO);
    if (!errno) return;
    const code = getSystemErrorName(errno);
    throw Object.assign(new Error(`${code}: write failed`), { code, errno, syscall: "write" });
  }
}

/** The thread's code: plain JavaScript (see write-thread.js). */
const THREAD = new URL("./write-thread.js", import.meta.url);
