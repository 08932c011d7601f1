/**
 * The everyday rows that fill a book to its size: customer payments and card spending on the operating
 * account, purchases on cards, interest and the odd withdrawal on savings. How many fall on each account
 * and day is fixed exactly (so `--transactions N` writes N rows), weighted by the account's kind and
 * halved on weekends; what they are is drawn from the (account, day)'s own random stream.
 */
import type { Calendar } from './calendar.js';
import type { LedgerAccount, LedgerBook, LedgerRow } from './ledger.js';
import { describe, drawCents, inClass } from './row-values.js';
import { CARD_CREDIT, INCOME, SAVINGS_IN, SAVINGS_OUT, SPEND, type Payee } from './payees.js';
import { Random } from './random.js';
import { isWeekend } from './values.js';

/** Spreads `total` rows over every (account, active day) slot in proportion to its weight, exactly. */
export class OwnRowDistribution {
  /** Cumulative day weights: dayPrefix[i] = weight of days 0 … i-1. */
  private readonly dayPrefix: number[];
  private readonly accountOffset: number[];
  private readonly accountWeights: readonly number[];
  private readonly total: bigint;
  private readonly weight: bigint;

  constructor(calendar: Calendar, accountWeights: readonly number[], total: number) {
    this.dayPrefix = [0];
    for (let i = 0; i < calendar.days; i++) {
      const day = calendar.firstDay + i;
      const dayWeight = !calendar.isActive(day) ? 0 : isWeekend(day) ? 1 : 2;
      this.dayPrefix.push(this.dayPrefix[i]! + dayWeight);
    }
    const perAccount = this.dayPrefix[calendar.days]!;
    this.accountOffset = [0];
    for (const weight of accountWeights) this.accountOffset.push(this.accountOffset.at(-1)! + weight * perAccount);
    this.accountWeights = accountWeights;
    this.total = BigInt(total);
    this.weight = BigInt(this.accountOffset.at(-1)!);
  }

  /** Rows of slot (account, day index): the share up to its end minus the share up to its start. */
  countAt(account: number, dayIndex: number): number {
    if (this.total === 0n || this.weight === 0n) return 0;
    const base = this.accountOffset[account]!;
    const weight = this.accountWeights[account]!;
    return this.shareUpTo(base + weight * this.dayPrefix[dayIndex + 1]!) - this.shareUpTo(base + weight * this.dayPrefix[dayIndex]!);
  }

  /** BigInt: rows × cumulative weight passes 2^53 in big books. */
  private shareUpTo(cumulative: number): number {
    return Number((this.total * BigInt(cumulative)) / this.weight);
  }
}

const RECENT_DAYS_PENDING = 2;

export function* ownRows(book: LedgerBook, account: LedgerAccount, day: number, count: number): Generator<LedgerRow> {
  const random = Random.at(book.spec.seed, account.index, day);
  const recent = day > book.calendar.lastDay - RECENT_DAYS_PENDING;
  for (let i = 0; i < count; i++) {
    const [payee, moneyIn] = choosePayee(account, random);
    const magnitude = inClass(drawCents(random, payee), moneyIn ? 1 : 2, payee.whole === true);
    const description = describe(payee, random.int(1000, 999_999));
    // The last days' card swipes are often not posted yet.
    const pending = recent && !moneyIn && account.kind.key !== 'savings' && account.kind.key !== 'moneyMarket' && random.chance(0.5);
    yield { account: account.index, day, cents: moneyIn ? magnitude : -magnitude, kind: moneyIn ? (payee === SAVINGS_IN[0] ? 'interest' : 'income') : 'spend', payee, description, pending };
  }
}

function choosePayee(account: LedgerAccount, random: Random): [Payee, boolean] {
  switch (account.kind.key) {
    case 'checking':
      return random.chance(0.4) ? [random.pick(INCOME), true] : [random.pick(SPEND), false];
    case 'credit':
      return random.chance(0.04) ? [random.pick(CARD_CREDIT), true] : [random.pick(SPEND.slice(0, 7)), false];
    default:
      return random.chance(0.7) ? [random.pick(SAVINGS_IN), true] : [random.pick(SAVINGS_OUT), false];
  }
}
