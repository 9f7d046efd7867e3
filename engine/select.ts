import type { Classified, StratumPlan } from "./plan.js";

/** An enterprise drawn in a stratum, with the rank that drew it. */
export interface Drawn<R> {
  readonly classified: Classified;
  readonly treatment: string;
  readonly rank: R;
}

/** Working space of {@link lowestRanked}, grown as needed and reused (a period draws every stratum). */
let scratch = new Float64Array(0);

/**
 * The selection rule of a stratum, shared by the official draw and the simulator: the `n`
 * members of lowest rank are drawn. A rank is a numeric key (the first digits of a ticket, or a
 * random number; a function of the member, or an array indexed by it) refined by `tieBreak` where keys are equal, so the choice is exact while the
 * work is on plain numbers. The chosen come back in member order; callers that list them sort.
 */
export function lowestRanked(
  members: ArrayLike<number>,
  n: number,
  key: ((i: number) => number) | Float64Array,
  tieBreak: (a: number, b: number) => number,
): number[] {
  const out = new Int32Array(Math.max(0, Math.min(n, members.length)));
  return Array.from(out.subarray(0, lowestRankedInto(members, n, key, tieBreak, out)));
}

/**
 * {@link lowestRanked} into `out` (room for min(n, members) at least), returning how many were
 * chosen: for the simulator, which draws every stratum of every period without allocating.
 */
export function lowestRankedInto(
  members: ArrayLike<number>,
  n: number,
  key: ((i: number) => number) | Float64Array,
  tieBreak: (a: number, b: number) => number,
  out: Int32Array,
): number {
  const m = members.length;
  if (n <= 0 || m === 0) return 0;
  if (n >= m) {
    for (let k = 0; k < m; k++) out[k] = members[k];
    return m;
  }
  if (scratch.length < 2 * m) scratch = new Float64Array(2 * m);
  if (places.length < m) places = new Int32Array(m);
  const keys = scratch.subarray(0, m);
  const work = scratch.subarray(m, 2 * m);
  // A large stratum is first narrowed to the members whose key is at most a bound that a sample
  // of keys puts just above the n-th lowest: if at least n are, the n lowest are all among them
  // (ties at the n-th key included), so the choice is the same as over every member; otherwise
  // every member is taken.
  let count = m >= SAMPLED_FROM ? gather(members, key, sampledBound(members, n, key), keys, work) : 0;
  if (count < n) count = gather(members, key, Number.POSITIVE_INFINITY, keys, work);
  const threshold = nthSmallest(work.subarray(0, count), n - 1);
  let chosen = 0;
  const atThreshold: number[] = [];
  for (let c = 0; c < count; c++) {
    const member = members[places[c]];
    if (keys[c] < threshold) out[chosen++] = member;
    else if (keys[c] === threshold) atThreshold.push(member);
  }
  if (chosen < n) {
    atThreshold.sort(tieBreak);
    for (let k = 0; chosen < n; k++) out[chosen++] = atThreshold[k];
  }
  return chosen;
}

/** Positions of the members kept by the bound of {@link lowestRankedInto}, reused. */
let places = new Int32Array(0);

/**
 * The members whose key is at most `bound`, in member order: their keys into `keys` and `work`,
 * their positions into `places`; returns how many. Two copies of one loop: a key array read in
 * place is much faster than through a function.
 */
function gather(
  members: ArrayLike<number>,
  key: ((i: number) => number) | Float64Array,
  bound: number,
  keys: Float64Array,
  work: Float64Array,
): number {
  const m = members.length;
  let count = 0;
  if (typeof key === "function")
    for (let k = 0; k < m; k++) {
      const x = key(members[k]);
      if (x <= bound) {
        keys[count] = x;
        work[count] = x;
        places[count++] = k;
      }
    }
  else
    for (let k = 0; k < m; k++) {
      const x = key[members[k]];
      if (x <= bound) {
        keys[count] = x;
        work[count] = x;
        places[count++] = k;
      }
    }
  return count;
}

/** Strata from this size are narrowed by a sampled bound first (smaller ones gain nothing). */
const SAMPLED_FROM = 4096;
const SAMPLE = 512;

/**
 * A key that probably has a little over n of the m members at or below it: from an evenly spaced
 * sample of keys, the one at the sample's share n / m plus four standard deviations of that share.
 * Only speed depends on it: a bound too low is noticed and every member is used.
 */
function sampledBound(
  members: ArrayLike<number>,
  n: number,
  key: ((i: number) => number) | Float64Array,
): number {
  const m = members.length;
  const sample = new Float64Array(SAMPLE);
  for (let j = 0; j < SAMPLE; j++) {
    const member = members[Math.floor((j * m) / SAMPLE)];
    sample[j] = typeof key === "function" ? key(member) : key[member];
  }
  sample.sort();
  const share = n / m;
  const at = Math.ceil((share + 4 * Math.sqrt((share * (1 - share)) / SAMPLE)) * SAMPLE);
  return at >= SAMPLE ? Number.POSITIVE_INFINITY : sample[at];
}

/**
 * The value that would be at index `k` if `a` were sorted ascending (Hoare's selection,
 * expected linear time); reorders `a`.
 */
export function nthSmallest(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    // Median of three as the pivot keeps sorted or reversed input linear too.
    const mid = (lo + hi) >>> 1;
    const x = a[lo];
    const y = a[mid];
    const z = a[hi];
    const pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/**
 * Selection over classified enterprises (the official draw): per stratum, the n eligible
 * enterprises of lowest rank, in rank order. Ranks are compared by their numeric `key` first;
 * the rank itself (`rank`, given the key) is made only for the drawn and for keys that tie, so a
 * million eligible enterprises cost a million numbers, not a million rank objects.
 */
export function selectStrata<R>(
  plans: readonly StratumPlan[],
  classified: readonly Classified[],
  /** The keys of the eligible enterprises, all at once, in their order. */
  keysOf: (eligible: readonly Classified[]) => Float64Array,
  rank: (c: Classified, key: number) => R,
  compare: (a: R, b: R) => number,
): Drawn<R>[] {
  const members = new Map<string, number[]>();
  const eligible: number[] = [];
  classified.forEach((c, i) => {
    if (!c.eligible || !c.decision.treatment) return;
    const list = members.get(c.decision.treatment);
    if (list) list.push(i);
    else members.set(c.decision.treatment, [i]);
    eligible.push(i);
  });
  const keys = new Float64Array(classified.length);
  const eligibleKeys = keysOf(eligible.map((i) => classified[i]));
  eligible.forEach((i, k) => {
    keys[i] = eligibleKeys[k];
  });
  const ranks = new Map<number, R>();
  const rankOf = (i: number): R => {
    let r = ranks.get(i);
    if (r === undefined) {
      r = rank(classified[i], keys[i]);
      ranks.set(i, r);
    }
    return r;
  };
  const order = (a: number, b: number) =>
    keys[a] - keys[b] ||
    compare(rankOf(a), rankOf(b)) ||
    (classified[a].enterprise.uscc < classified[b].enterprise.uscc ? -1 : 1);
  const out: Drawn<R>[] = [];
  for (const plan of plans) {
    const chosen = lowestRanked(members.get(plan.treatment) ?? [], plan.n, keys, order).sort(order);
    for (const i of chosen)
      out.push({ classified: classified[i], treatment: plan.treatment, rank: rankOf(i) });
  }
  return out;
}
