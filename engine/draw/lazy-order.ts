import { TEAM_KEY_SPAN } from "../tickets.js";

/** How two positions with equal keys are ordered: negative when a comes first. */
export interface PositionOrder {
  before(a: number, b: number): number;
}

/**
 * Positions 0..n−1 ordered by their keys (a {@link PositionOrder} decides between equal keys), produced lazily.
 * A team needs the first few of a thousand candidates, and the first of each department: one
 * pass keeps the lowest {@link FEW} of each department's run of positions in order (see
 * keepLowest: most candidates cost one comparison with a bound), and merging those gives the overall
 * order for as long as no department's few run out. Only a visit that reads further builds a
 * binary heap of all the rest, which then hands out the next lowest on demand. All follow the
 * same total order, so the positions come out the same. The arrays are reused from one visit to
 * the next.
 */
export class LazyOrder {
  private readonly heap: Int32Array;
  private readonly out: Int32Array;
  private n = 0;
  private size = 0;
  private taken = 0;
  private heaped = false;
  private keys: Float64Array = new Float64Array(0);
  private ranking: PositionOrder = { before: () => 0 };
  /** The lowest few of each run, in order; how many each kept, and how many of those are merged. */
  private few = new Int32Array(0);
  private ends: Int32Array = new Int32Array(0);
  private kept = new Int32Array(0);
  private read = new Int32Array(0);

  constructor(capacity: number) {
    this.heap = new Int32Array(capacity);
    this.out = new Int32Array(capacity);
  }

  /**
   * Starts ordering positions 0..n−1, in runs (one per department) ending at `ends[0..runs−1]`:
   * the lowest few are found at once. `ranking` decides between equal keys.
   */
  reset(n: number, keys: Float64Array, ranking: PositionOrder, ends: Int32Array, runs: number): void {
    this.keys = keys;
    this.ranking = ranking;
    this.ends = ends;
    this.n = n;
    this.heaped = false;
    if (this.few.length < FEW * runs) {
      this.few = new Int32Array(FEW * runs);
      this.kept = new Int32Array(runs);
      this.read = new Int32Array(runs);
    }
    const { few, kept, read } = this;
    for (let r = 0, start = 0; r < runs; start = ends[r++]) {
      // The heap is free until `at` reads past the merged few: it holds a run's shortlist meanwhile.
      kept[r] = keepLowest(this, keys, start, ends[r], few, FEW * r, this.heap);
      read[r] = 0;
    }
    // Merge while every run still has a kept position to offer, or has handed out all of its own.
    let taken = 0;
    for (;;) {
      let best = -1;
      let blocked = false;
      for (let r = 0; r < runs && !blocked; r++) {
        if (read[r] === kept[r]) blocked = !this.allKept(r);
        else if (best < 0 || this.less(few[FEW * r + read[r]], few[FEW * best + read[best]])) best = r;
      }
      if (blocked || best < 0) break;
      this.out[taken++] = few[FEW * best + read[best]++];
    }
    this.taken = taken;
  }

  /** How many of run r's lowest positions the first pass kept. */
  keptOf(r: number): number {
    return this.kept[r];
  }

  /** The i-th lowest position of run r (i < keptOf(r)). */
  keptAt(r: number, i: number): number {
    return this.few[FEW * r + i];
  }

  /** Whether the first pass kept every position of run r. */
  allKept(r: number): boolean {
    return this.ends[r] - (r ? this.ends[r - 1] : 0) === this.kept[r];
  }

  /** The r-th position in order (r < n). */
  at(r: number): number {
    if (r >= this.taken && !this.heaped) this.heapify();
    while (this.taken <= r) {
      const h = this.heap;
      this.out[this.taken++] = h[0];
      this.size--;
      if (this.size > 0) {
        h[0] = h[this.size];
        this.down(0);
      }
    }
    return this.out[r];
  }

  /** Every position in a heap, less the few already handed out. */
  private heapify(): void {
    this.heaped = true;
    const taken = new Set(Array.from(this.out.subarray(0, this.taken)));
    let size = 0;
    for (let p = 0; p < this.n; p++) if (!taken.has(p)) this.heap[size++] = p;
    this.size = size;
    for (let i = (size >> 1) - 1; i >= 0; i--) this.down(i);
  }

  /** Whether position a comes before position b. */
  less(a: number, b: number): boolean {
    const ka = this.keys[a];
    const kb = this.keys[b];
    return ka < kb || (ka === kb && this.ranking.before(a, b) < 0);
  }

  private down(i: number): void {
    const h = this.heap;
    const n = this.size;
    let at = i;
    for (;;) {
      const l = 2 * at + 1;
      if (l >= n) return;
      const c = l + 1 < n && this.less(h[l + 1], h[l]) ? l + 1 : l;
      if (!this.less(h[c], h[at])) return;
      const t = h[c];
      h[c] = h[at];
      h[at] = t;
      at = c;
    }
  }
}

/** Candidates of each department kept in order by the first pass of {@link LazyOrder}: a team rarely reads further. */
const FEW = 8;

/**
 * Team keys (the first five digits of a ticket, as an integer: see teamKeyFromWords) are spread
 * evenly over [0, 10^5): of n of them, about 3·FEW fall below 3·FEW/n of that span.
 */
const KEY_SPAN = TEAM_KEY_SPAN;

/**
 * The lowest (at most) {@link FEW} of positions start..end−1 in order into `few` from `base`;
 * returns how many. First the positions whose key is below a bound that about three times FEW
 * keys of the run fall below are listed in `shortlist`, one comparison each (a loop that does
 * nothing else, about twice as fast as keeping the few as it goes); when at least FEW are, the
 * lowest FEW are among them, since every other key is at least the bound and so higher. When
 * fewer are (keys that are not team keys, or a rare run), the shortlist is every position. A
 * function of its own, arrays in parameters: as a method reading them from the object the loops
 * run about a fifth slower.
 */
function keepLowest(
  order: LazyOrder,
  keys: Float64Array,
  start: number,
  end: number,
  few: Int32Array,
  base: number,
  shortlist: Int32Array,
): number {
  const n = end - start;
  let listed = 0;
  if (n > 4 * FEW) {
    const bound = ((3 * FEW) / n) * KEY_SPAN;
    for (let p = start; p < end; p++) if (keys[p] < bound) shortlist[listed++] = p;
  }
  if (listed < FEW) {
    listed = 0;
    for (let p = start; p < end; p++) shortlist[listed++] = p;
  }
  let m = 0;
  // The key of the last kept: a higher key is passed over with one comparison.
  let worst = Number.POSITIVE_INFINITY;
  for (let i = 0; i < listed; i++) {
    const p = shortlist[i];
    const key = keys[p];
    if (key >= worst && (key > worst || (m === FEW && !order.less(p, few[base + FEW - 1])))) continue;
    let at = m < FEW ? m++ : FEW - 1;
    while (at > 0 && order.less(p, few[base + at - 1])) {
      few[base + at] = few[base + at - 1];
      at--;
    }
    few[base + at] = p;
    if (m === FEW) worst = keys[few[base + FEW - 1]];
  }
  return m;
}
