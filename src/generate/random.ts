/** A small, fast, seedable PRNG (mulberry32): the same seed always yields the same output. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /**
   * A generator for one place in the output, say (book seed, account, day): each place draws from its
   * own stream, so a day's rows are the same whichever order a format writes the days in.
   */
  static at(...keys: readonly number[]): Random {
    return new Random(mixSeed(...keys));
  }

  /** A number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }
}

/** Mixes integers into one 32-bit seed (murmur3's finalizer per key), so neighbouring keys give unrelated streams. */
export function mixSeed(...keys: readonly number[]): number {
  let h = 0x9e3779b9;
  for (const key of keys) {
    h = Math.imul(h ^ (key >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Random letters and digits, like Plaid's ids. */
export function randomId(random: Random, length: number): string {
  let id = '';
  for (let i = 0; i < length; i++) id += BASE62[random.int(0, 61)];
  return id;
}

/** 37 characters like Plaid's ids; the counter suffix makes every id unique, not just probably unique. */
export function uniqueId(random: Random, counter: number): string {
  let suffix = '';
  for (let n = counter, i = 0; i < 8; i++, n = Math.floor(n / 62)) suffix = BASE62[n % 62] + suffix;
  return randomId(random, 29) + suffix;
}

/** A version-4-shaped UUID. */
export function uuid(random: Random): string {
  const hex = Array.from({ length: 32 }, () => random.int(0, 15).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}
