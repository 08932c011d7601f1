import { sql, type RawBuilder } from 'kysely';
import { PAIR_DAYS } from './interbank-pairs.js';

/** Bits of each side's set per row of the book, and at most (16 MiB a side) and at least. */
const BITS_PER_ROW = 64;
const MAX_BITS = 2 ** 27;
const MIN_BITS = 2 ** 16;
/** Scatters sizes over the set; below 2^26, so the SQL product stays an exact integer. */
const SIZE_MULTIPLIER = 40_499_059;
/** Keys handed over at a time. */
const KEYS_PER_BATCH = 10_000;

/**
 * Which rows of a book can possibly pair as interbank (SPEC §4a: a withdrawal and a deposit of one size at
 * most 3 days apart), with fixed memory, so that only those are read in full, sorted and paired.
 *
 * SQL gives every row a key, `keyOf`: a hash of its (size, day) times 2, plus 1 for a deposit. The hash is
 * `(size · m + day) mod P`, P prime: linear in the day, so a row `k` days later of the same size hashes
 * exactly `k` further on (mod P). A first pass `mark`s every row's key in its side's bit set; then a key may
 * pair when the other side has a bit at most 3 away, and `candidateKeys` lists those keys, the sets compared
 * a word at a time. A bit can be shared by rows of other sizes or days, so a row with such a key may still
 * find no partner (the pairer decides); a row whose key is not listed certainly has none.
 */
export class PairCandidates {
  /** P: the size of each side's set. */
  readonly modulus: number;
  private readonly withdrawals: Uint32Array;
  private readonly deposits: Uint32Array;

  constructor(rows: number) {
    this.modulus = primeAtMost(Math.min(MAX_BITS, Math.max(MIN_BITS, rows * BITS_PER_ROW)));
    this.withdrawals = new Uint32Array(Math.ceil(this.modulus / 32));
    this.deposits = new Uint32Array(this.withdrawals.length);
  }

  /** A row's key in SQL, from its amount in cents and its day number (which may be negative). */
  keyOf(amountCents: RawBuilder<number>, day: RawBuilder<number>): RawBuilder<number> {
    const modulus = sql.lit(this.modulus);
    const hash = sql`((abs(${amountCents}) % ${modulus}) * ${sql.lit(SIZE_MULTIPLIER)} + ${day} % ${modulus} + ${modulus}) % ${modulus}`;
    return sql<number>`(${hash} * 2 + (${amountCents} > 0))`;
  }

  /** First pass: the key of every posted row of non-zero amount. */
  mark(key: number): void {
    const side = key % 2 === 1 ? this.deposits : this.withdrawals;
    const bit = key >>> 1;
    side[bit >>> 5]! |= 1 << (bit & 31);
  }

  /** The keys of the rows that may pair, ascending, a batch at a time (so that they are never all held). */
  *candidateKeys(): Generator<number[]> {
    let batch: number[] = [];
    for (let word = 0; word < this.withdrawals.length; word += 1) {
      this.candidatesIn(word, batch);
      if (batch.length >= KEYS_PER_BATCH) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  /** Adds to `keys` those of the 32 hashes of `word` that may pair. */
  private candidatesIn(word: number, keys: number[]): void {
    const [withdrawals, deposits] = [this.withdrawals, this.deposits];
    let paying = withdrawals[word] === 0 ? 0 : withdrawals[word]! & near(deposits, word);
    let paid = deposits[word] === 0 ? 0 : deposits[word]! & near(withdrawals, word);
    // `near` does not wrap around P: the words that hold the first and last PAIR_DAYS hashes look again.
    if (word === 0 || word >= withdrawals.length - 2) [paying, paid] = [paying | this.nearAcrossEnds(word, false), paid | this.nearAcrossEnds(word, true)];
    for (let bits = paying | paid; bits !== 0; bits &= bits - 1) {
      const bit = 31 - Math.clz32(bits & -bits);
      const hash = word * 32 + bit;
      if ((paying >>> bit) & 1) keys.push(hash * 2);
      if ((paid >>> bit) & 1) keys.push(hash * 2 + 1);
    }
  }

  /** The bits of `word` within PAIR_DAYS of P's ends whose side has a bit of the other side near, mod P. */
  private nearAcrossEnds(word: number, deposit: boolean): number {
    const [own, other] = deposit ? [this.deposits, this.withdrawals] : [this.withdrawals, this.deposits];
    let found = 0;
    for (let bit = 0; bit < 32; bit += 1) {
      const hash = word * 32 + bit;
      if (hash >= this.modulus || (hash >= PAIR_DAYS && hash < this.modulus - PAIR_DAYS) || !isSet(own, hash)) continue;
      for (let offset = -PAIR_DAYS; offset <= PAIR_DAYS; offset += 1) {
        if (isSet(other, (hash + offset + this.modulus) % this.modulus)) found |= 1 << bit;
      }
    }
    return found;
  }
}

/** The bits of `word` that have a bit of `set` at most PAIR_DAYS away, not wrapping around the set's ends. */
function near(set: Uint32Array, word: number): number {
  const [before, here, after] = [set[word - 1] ?? 0, set[word]!, set[word + 1] ?? 0];
  let found = here;
  for (let shift = 1; shift <= PAIR_DAYS; shift += 1) {
    found |= (here << shift) | (before >>> (32 - shift)) | (here >>> shift) | (after << (32 - shift));
  }
  return found;
}

function isSet(set: Uint32Array, bit: number): boolean {
  return ((set[bit >>> 5]! >>> (bit & 31)) & 1) === 1;
}

function primeAtMost(limit: number): number {
  for (let candidate = limit; ; candidate -= 1) {
    let prime = candidate > 1;
    for (let divisor = 2; prime && divisor * divisor <= candidate; divisor += 1) prime = candidate % divisor !== 0;
    if (prime) return candidate;
  }
}
