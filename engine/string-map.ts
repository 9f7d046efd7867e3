/** Maps of a StringMap: 64, chosen by the key's last UTF-16 unit. */
const SHARDS = 64;

/** The most entries one of V8's Maps holds (2^24). */
export const MAP_MOST = 16_777_216;

/**
 * A Map from strings that may hold more entries than one of V8's Maps can (fewer than a large
 * province's enterprises): one Map per value of the key's last UTF-16 unit modulo 64. For unified
 * social credit codes that is their check character, whose 31 values fall in 31 different Maps,
 * so that some 500 million codes fit.
 */
export class StringMap<V> {
  private readonly shards: Map<string, V>[] = Array.from({ length: SHARDS }, () => new Map());

  get(key: string): V | undefined {
    return this.shardOf(key).get(key);
  }

  set(key: string, value: V): this {
    this.shardOf(key).set(key, value);
    return this;
  }

  get size(): number {
    return this.shards.reduce((n, m) => n + m.size, 0);
  }

  /** The Map holding `key` (the first for the empty string, whose last unit is NaN). */
  private shardOf(key: string): Map<string, V> {
    return this.shards[key.charCodeAt(key.length - 1) & (SHARDS - 1)];
  }
}

/**
 * A map for at most `most` string keys: a Map where one holds them (as fast as can be: a
 * StringMap's 64 cost some 25% more at 3 million codes), a StringMap beyond.
 */
export function stringMap<V>(most: number): Map<string, V> | StringMap<V> {
  return most < MAP_MOST ? new Map<string, V>() : new StringMap<V>();
}
