/**
 * Items in the order of a text key, compared as JavaScript compares strings (by UTF-16 code
 * units, a prefix first), items of equal keys in their input order: what
 * `[...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))` gives, without
 * its comparator's twenty million calls on a million items (canonicalising a draw's enterprises
 * by code took 2 s).
 *
 * An MSD radix sort: a range of keys that share their first characters is ordered by the next few
 * characters, packed with each key's place in the range into a 64-bit integer that the engine
 * sorts natively; each run of keys equal in those characters is then ordered by the characters
 * after them, and a run of a few keys by comparing them whole.
 */
export function sortedByText<T>(items: readonly T[], key: (item: T) => string): T[] {
  const keys = items.map(key);
  const order = new Int32Array(items.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  sortRanges(keys, order);
  return Array.from(order, (i) => items[i]);
}

/** Runs of at most this many keys are sorted by comparing whole keys. */
const FEW = 24;
/** Words are read and written in the machine's order: the low half first on a little-endian one. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Sorts `order` (indices into `keys`), every range left to do kept on a stack: [start, end, depth]. */
function sortRanges(keys: readonly string[], order: Int32Array): void {
  const stack = [0, order.length, 0];
  let words = new Uint32Array(0);
  while (stack.length > 0) {
    const depth = stack.pop() as number;
    const end = stack.pop() as number;
    const start = stack.pop() as number;
    const m = end - start;
    if (m <= FEW) {
      sortFew(keys, order, start, end);
      continue;
    }
    const from = depth + sharedPrefix(keys, order, start, end, depth);
    // The place of a key in the range takes the low bits; the window of characters the rest.
    const placeBits = 32 - Math.clz32(m - 1);
    const room = 2 ** Math.min(53, 64 - placeBits);
    const base = windowBase(keys, order, start, end, from, room);
    let width = 0;
    let span = 1;
    while (span * base <= room) {
      span *= base;
      width++;
    }
    if (words.length < 2 * m) words = new Uint32Array(2 * m);
    const packed = new BigUint64Array(words.buffer, 0, m);
    // The window's part in the low word: 2^(32 − placeBits) of its values.
    const lowValues = 2 ** (32 - placeBits);
    const [lo, hi] = LITTLE_ENDIAN ? [0, 1] : [1, 0];
    for (let k = 0; k < m; k++) {
      const w = windowOf(keys[order[start + k]], from, width, base);
      const high = Math.floor(w / lowValues);
      words[2 * k + lo] = ((w - high * lowValues) * 2 ** placeBits + k) >>> 0;
      words[2 * k + hi] = high;
    }
    packed.sort();
    const placed = order.slice(start, end);
    const placeMask = placeBits === 32 ? -1 : (1 << placeBits) - 1;
    for (let k = 0; k < m; k++) order[start + k] = placed[words[2 * k + lo] & placeMask];
    // Runs of equal windows go on by the characters after the window. Keys of a run that end
    // within it are the same text, so a run goes on only if one of its keys is longer.
    const next = from + width;
    for (let k = 0; k < m; ) {
      const high = words[2 * k + hi];
      const low = words[2 * k + lo] >>> placeBits;
      let e = k + 1;
      while (e < m && words[2 * e + hi] === high && words[2 * e + lo] >>> placeBits === low) e++;
      // (Lengths are read only for runs: a key read out of order is a cache miss.)
      if (e - k > 1 && longerThan(keys, order, start + k, start + e, next))
        stack.push(start + k, start + e, next);
      k = e;
    }
  }
}

/** Whether a key of the range has more than `length` characters. */
function longerThan(
  keys: readonly string[],
  order: Int32Array,
  start: number,
  end: number,
  length: number,
): boolean {
  for (let k = start; k < end; k++) if (keys[order[k]].length > length) return true;
  return false;
}

/** How many characters from `depth` on every key of the range has, and the same. */
function sharedPrefix(
  keys: readonly string[],
  order: Int32Array,
  start: number,
  end: number,
  depth: number,
): number {
  const first = keys[order[start]];
  let shared = first.length - depth;
  for (let k = start + 1; k < end && shared > 0; k++) {
    const s = keys[order[k]];
    shared = Math.min(shared, s.length - depth);
    let i = 0;
    while (i < shared && s.charCodeAt(depth + i) === first.charCodeAt(depth + i)) i++;
    shared = i;
  }
  return Math.max(0, shared);
}

/**
 * The base of a window's digits: 257 when every character the window can reach is below 256 (a
 * digit is 0 past a key's end, the character's code plus one otherwise), else 65,537.
 */
function windowBase(
  keys: readonly string[],
  order: Int32Array,
  start: number,
  end: number,
  from: number,
  room: number,
): number {
  let reach = 0;
  for (let span = 1; span * 257 <= room; span *= 257) reach++;
  for (let k = start; k < end; k++) {
    const s = keys[order[k]];
    const last = Math.min(s.length, from + reach);
    for (let i = from; i < last; i++) if (s.charCodeAt(i) > 255) return 65_537;
  }
  return 257;
}

/** The number whose digits in `base` are the `width` characters of `s` from `from` (0 past its end). */
function windowOf(s: string, from: number, width: number, base: number): number {
  let w = 0;
  for (let i = from; i < from + width; i++) w = w * base + (i < s.length ? s.charCodeAt(i) + 1 : 0);
  return w;
}

/** Sorts a few keys by comparing them whole; equal keys keep their order (the sort is stable). */
function sortFew(keys: readonly string[], order: Int32Array, start: number, end: number): void {
  if (end - start < 2) return;
  const few = Array.from(order.subarray(start, end));
  few.sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0));
  order.set(few, start);
}
