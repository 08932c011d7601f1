import { PAIR_DAYS } from './interbank-pairs.js';

/** Bits of each side's set at most, and at least: 16 MiB for a book of millions of rows, a few KiB for a small one. */
const MAX_BITS_LOG2 = 27;
const MIN_BITS_LOG2 = 16;

/**
 * Which rows of a book can possibly pair as interbank (SPEC §4a: a withdrawal and a deposit of one size at
 * most 3 days apart), found in two passes over the rows with fixed memory, so that only those are sorted
 * and paired. The first pass marks, per side, a bit for each (size, day); the second keeps a row when the
 * other side has a bit at its size within 3 days. A bit can be shared by two (size, day)s, so a row kept may
 * still find no partner (the pairer decides); a row dropped certainly has none.
 */
export class PairCandidates {
  private readonly shift: number;
  private readonly deposits: Uint32Array;
  private readonly withdrawals: Uint32Array;

  constructor(rows: number) {
    const log2 = Math.min(MAX_BITS_LOG2, Math.max(MIN_BITS_LOG2, Math.ceil(Math.log2(Math.max(1, rows) * 16))));
    this.shift = 32 - log2;
    this.deposits = new Uint32Array(2 ** (log2 - 5));
    this.withdrawals = new Uint32Array(2 ** (log2 - 5));
  }

  /** First pass: every posted row of non-zero amount. */
  mark(amountCents: number, day: number): void {
    const bit = this.bit(Math.abs(amountCents), day);
    const side = amountCents > 0 ? this.deposits : this.withdrawals;
    side[bit >>> 5]! |= 1 << (bit & 31);
  }

  /** Second pass: whether the row may have a partner. */
  mayPair(amountCents: number, day: number): boolean {
    const other = amountCents > 0 ? this.withdrawals : this.deposits;
    const size = Math.abs(amountCents);
    for (let offset = -PAIR_DAYS; offset <= PAIR_DAYS; offset += 1) {
      const bit = this.bit(size, day + offset);
      if ((other[bit >>> 5]! & (1 << (bit & 31))) !== 0) return true;
    }
    return false;
  }

  /** A well-mixed hash of (size, day); sizes reach 2^47 cents, so both halves of the size are mixed in. */
  private bit(size: number, day: number): number {
    const low = size % 0x1_0000_0000;
    const high = Math.floor(size / 0x1_0000_0000);
    let hash = Math.imul(low ^ Math.imul(high, 0x27d4eb2d), 0x9e3779b1) ^ Math.imul(day, 0x85ebca77);
    hash ^= hash >>> 15;
    hash = Math.imul(hash, 0x2c1b3c6d);
    hash ^= hash >>> 12;
    return hash >>> this.shift;
  }
}
