import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { moduleWorker } from "../workers.js";
import type { CandidateLayout, TeamKeys } from "./team-keys.js";
import type { Visit } from "./teams.js";

/** Worker threads for team tickets: how many, from how many keys in all, and keys per chunk. */
export interface TeamThreads {
  readonly threads?: number;
  readonly from?: number;
  readonly chunk?: number;
}

/** Keys in all from which team keys are computed in worker threads, by default. */
const FROM = 4_000_000;

/** The threads to compute `keys` team keys in (see TeamThreads): 0 where they are too few to pay. */
function threadsFor(keys: number, options: TeamThreads): number {
  const threads = options.threads ?? availableParallelism();
  return threads < 1 || keys < (options.from ?? FROM) ? 0 : threads;
}
const WORKER = new URL("./team-keys-worker.ts", import.meta.url);

/**
 * Team key worker threads started before the draw knows its visits, so that their start (loading
 * the module, some 0.3 s) is made while this thread builds the frame and classifies, instead of
 * before the first keys. They wait for TeamKeysAhead to give them the seed and inspectors; until
 * then they do not keep the process alive. Whoever starts them closes them.
 */
export class TeamKeyWorkers {
  private failed?: Error;

  private constructor(readonly workers: readonly Worker[]) {
    for (const w of workers) {
      w.unref();
      // Kept until TeamKeysAhead listens: an error with no listener would end the process.
      w.once("error", (e) => {
        this.failed ??= e;
      });
      w.once("exit", (code) => {
        this.failed ??= new Error(`a team ticket worker exited with ${code}`);
      });
    }
  }

  /**
   * Starts the threads TeamKeysAhead.start would use (see TeamThreads) if a draw may rank as
   * many as `mostKeys` team keys; otherwise undefined.
   */
  static start(mostKeys: number, options: TeamThreads = {}): TeamKeyWorkers | undefined {
    const threads = threadsFor(mostKeys, options);
    if (threads === 0) return undefined;
    return new TeamKeyWorkers(Array.from({ length: threads }, () => moduleWorker(WORKER, {})));
  }

  /** The threads, or the error that stopped one of them. */
  take(): readonly Worker[] | Error {
    return this.failed ?? this.workers;
  }

  /** Stops the threads (those TeamKeysAhead used too). */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * Team ticket keys computed ahead in worker threads. Staffing a visit ranks every candidate
 * inspector by `ticket(effectiveSeed, uscc + "|" + id)`: in a large draw that is a hundred million
 * SHA-256 computations, each a pure function of the seed, the code and the id. Worker threads
 * compute the keys of the candidates of upcoming visits (every inspector of each staffed
 * department, in directory order) while this thread staffs the visits in ticket order, which is
 * where capacity and the team rules decide; ties of keys are still resolved here on the full
 * tickets. The result is the same as computing the keys in this thread.
 */
export class TeamKeysAhead implements TeamKeys {
  private readonly workers: Worker[];
  private readonly chunks = new Map<number, Promise<Float64Array>>();
  private readonly waiting = new Map<
    number,
    { resolve: (k: Float64Array) => void; reject: (e: Error) => void }
  >();
  /** Start of each visit's keys within its chunk's block. */
  private readonly offset: Int32Array;
  /**
   * Where workers write: {@link SLOTS_PER_THREAD} × threads + 1 blocks of the largest chunk's
   * size, shared, chunk c in block c mod blocks. At most that many chunks minus one are asked
   * for ahead of the one being read, so a block is reused only once its chunk has been read, and
   * nothing is allocated per chunk (a million-enterprise draw passes 1.5 GB of keys).
   */
  private readonly blocks: Float64Array;
  private readonly blockSize: number;
  private readonly blockCount: number;
  private failed?: Error;
  /** The chunk whose keys are in, and its block. */
  private current = -1;
  private block: Float64Array<ArrayBufferLike> = new Float64Array(0);

  private constructor(
    /** Per visit: its code, and the directory departments (by index into `ids`) it ranks. */
    private readonly usccs: readonly string[],
    private readonly deps: readonly number[][],
    /** Candidates of each visit: the inspectors of its staffed departments. */
    private readonly counts: Int32Array,
    /** Per department: the ids of its inspectors in directory order. */
    ids: readonly string[][],
    seed: string,
    threads: number,
    private readonly chunkSize: number,
    started?: TeamKeyWorkers,
  ) {
    this.offset = new Int32Array(counts.length);
    let largest = 0;
    for (let v = 0, at = 0; v < counts.length; v++) {
      if (v % chunkSize === 0) at = 0;
      this.offset[v] = at;
      at += counts[v];
      largest = Math.max(largest, at);
    }
    this.blockSize = largest;
    this.blockCount = SLOTS_PER_THREAD * threads + 1;
    this.blocks = new Float64Array(new SharedArrayBuffer(8 * largest * this.blockCount));
    const ready = started?.take();
    if (ready instanceof Error) throw ready;
    this.workers = (ready ?? Array.from({ length: threads }, () => moduleWorker(WORKER, {}))).map((w) => {
      w.ref();
      w.postMessage({ seed, ids, blocks: this.blocks });
      w.on("message", (chunk: number) => {
        const block = (chunk % this.blockCount) * this.blockSize;
        this.waiting.get(chunk)?.resolve(this.blocks.subarray(block, block + this.blockSize));
        this.waiting.delete(chunk);
      });
      w.on("error", (e) => this.fail(e));
      w.on("exit", (code) => {
        if (code !== 0) this.fail(new Error(`a team ticket worker exited with ${code}`));
      });
      return w;
    });
  }

  /**
   * Starts computing ahead when the draw is large enough for threads to pay (`threads` of them,
   * default one per core, and at least `from` keys in all), in chunks of about `chunk` keys;
   * otherwise undefined. Threads `started` early are used in place of new ones.
   */
  static start(
    visits: readonly Visit[],
    layout: CandidateLayout,
    seed: string,
    options: TeamThreads = {},
    started?: TeamKeyWorkers,
  ): TeamKeysAhead | undefined {
    if (visits.length === 0) return undefined;
    const { deps, counts, ids } = layout;
    const total = counts.reduce((a, b) => a + b, 0);
    const wanted = threadsFor(total, options);
    if (wanted === 0) return undefined;
    const threads = started?.workers.length ?? wanted;
    // Chunks of about a million keys by default: large enough that messages cost nothing, small
    // enough that the few in flight hold little memory.
    const chunkSize = Math.max(1, Math.floor(((options.chunk ?? 1_000_000) * visits.length) / total));
    return new TeamKeysAhead(
      visits.map((v) => v.uscc),
      deps,
      counts,
      ids,
      seed,
      threads,
      chunkSize,
      started,
    );
  }

  /**
   * The keys of visit v's candidates (valid until a visit of a later chunk is asked for): at once
   * when its chunk is in, as it is for all but the first visit of each chunk.
   */
  keysOf(v: number): Float64Array | Promise<Float64Array> {
    const chunk = Math.floor(v / this.chunkSize);
    const from = this.offset[v];
    if (chunk === this.current) return this.block.subarray(from, from + this.counts[v]);
    // Keep every worker a few chunks ahead of this one.
    for (let c = chunk; c < chunk + this.blockCount - 1; c++) this.request(c);
    this.chunks.delete(chunk - 1);
    return (this.chunks.get(chunk) as Promise<Float64Array>).then((keys) => {
      this.current = chunk;
      this.block = keys;
      return keys.subarray(from, from + this.counts[v]);
    });
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private request(chunk: number): void {
    const first = chunk * this.chunkSize;
    if (first >= this.usccs.length || this.chunks.has(chunk)) return;
    const promise = new Promise<Float64Array>((resolve, reject) => {
      if (this.failed) return reject(this.failed);
      this.waiting.set(chunk, { resolve, reject });
    });
    promise.catch(() => undefined);
    this.chunks.set(chunk, promise);
    const last = first + this.chunkSize;
    this.workers[chunk % this.workers.length].postMessage({
      chunk,
      at: (chunk % this.blockCount) * this.blockSize,
      usccs: this.usccs.slice(first, last),
      deps: this.deps.slice(first, last),
    });
  }

  private fail(e: Error): void {
    this.failed ??= e;
    for (const w of this.waiting.values()) w.reject(e);
    this.waiting.clear();
  }
}

/** Chunks each worker may have asked of it ahead of the one being read. */
const SLOTS_PER_THREAD = 2;
