/**
 * The planted ledger every format writes: a book's accounts and, for each account and day, its rows in
 * canonical terms (integer cents, positive = money in; day numbers). A day's rows depend only on the book's
 * seed, the account and the day, so each format can walk the days in its own order (Asset Reports account by
 * account, /transactions/get newest first) and still write the same book.
 *
 * Amounts are kept apart by their cents modulo 3 so that no two rows pair as an interbank transfer by
 * accident (SPEC §4a pairs any withdrawal and deposit of opposite amounts in two accounts within 3 days):
 * planted transfer legs are ≡ 0 (and unique in the book), every other deposit ≡ 1, every other withdrawal ≡ 2.
 */
import { Calendar } from './calendar.js';
import { plantRows } from './ledger-plan.js';
import { OwnRowDistribution, ownRows } from './own-rows.js';
import type { Payee } from './payees.js';
import { BUSINESSES } from './payees.js';
import { Random } from './random.js';

export type RowKind =
  | 'payroll' | 'rent' | 'bill' | 'lenderFunding' | 'lenderDebit' | 'nsfFee'
  | 'transferOut' | 'transferIn' | 'income' | 'spend' | 'interest';

export interface LedgerRow {
  readonly account: number;
  readonly day: number;
  /** Canonical: positive = money into the account. */
  readonly cents: number;
  readonly kind: RowKind;
  readonly payee: Payee;
  readonly description: string;
  readonly pending: boolean;
}

export interface AccountKind {
  readonly key: 'checking' | 'savings' | 'credit' | 'moneyMarket';
  readonly name: string;
  readonly officialName: string;
  readonly plaidType: 'depository' | 'credit';
  readonly plaidSubtype: string;
  readonly finicityType: string;
  readonly statementType: string;
  /** Its share of the book's everyday rows. */
  readonly weight: number;
  /** The range of its canonical balance on the last day, in cents. */
  readonly endingCents: readonly [number, number];
}

const CHECKING: AccountKind = { key: 'checking', name: 'Business Checking', officialName: 'Bluebonnet Business Advantage Checking', plaidType: 'depository', plaidSubtype: 'checking', finicityType: 'checking', statementType: 'CHECKING', weight: 6, endingCents: [800_000, 6_000_000] };
const CREDIT: AccountKind = { key: 'credit', name: 'Business Visa', officialName: 'Bluebonnet Business Rewards Visa', plaidType: 'credit', plaidSubtype: 'credit card', finicityType: 'creditCard', statementType: 'CREDIT CARD', weight: 4, endingCents: [-600_000, -50_000] };
const SAVINGS: AccountKind = { key: 'savings', name: 'Business Savings', officialName: 'Bluebonnet Business Tax Reserve Savings', plaidType: 'depository', plaidSubtype: 'savings', finicityType: 'savings', statementType: 'SAVINGS', weight: 1, endingCents: [500_000, 9_000_000] };
const MONEY_MARKET: AccountKind = { key: 'moneyMarket', name: 'Business Money Market', officialName: 'Bluebonnet Premier Money Market', plaidType: 'depository', plaidSubtype: 'money market', finicityType: 'moneyMarket', statementType: 'MONEY MARKET', weight: 1, endingCents: [2_000_000, 15_000_000] };

/** Checking, credit card, savings, money market, then again: the bench's four kinds of account. */
export const ACCOUNT_KINDS: readonly AccountKind[] = [CHECKING, CREDIT, SAVINGS, MONEY_MARKET];
/** Bank statements hold depository accounts only (SPEC §3), so their books have no card. */
export const DEPOSITORY_KINDS: readonly AccountKind[] = [CHECKING, SAVINGS, MONEY_MARKET, CHECKING];

export interface LedgerAccount {
  readonly index: number;
  readonly kind: AccountKind;
  /** The last four digits of the account number. */
  readonly mask: string;
  /** Canonical balance at the end of the last day. */
  readonly endingCents: number;
}

export interface BookSpec {
  readonly seed: number;
  readonly accounts: number;
  readonly months: number;
  /** Rows to write, pending ones included; never fewer than the planted rows. */
  readonly transactions: number;
  readonly kinds: readonly AccountKind[];
}

export class LedgerBook {
  readonly calendar: Calendar;
  readonly accounts: readonly LedgerAccount[];
  readonly business: string;
  /** Rows written in all: the planted ones plus the everyday ones. */
  readonly transactions: number;
  private readonly planted = new Map<number, LedgerRow[]>();
  private readonly distribution: OwnRowDistribution;

  constructor(readonly spec: BookSpec) {
    const random = Random.at(spec.seed, 0x600d);
    this.calendar = new Calendar(spec.months, random);
    this.business = random.pick(BUSINESSES);
    this.accounts = Array.from({ length: spec.accounts }, (_, index) => makeAccount(index, spec.kinds, random));
    const plantedRows = plantRows(this.calendar, this.accounts, random);
    for (const row of plantedRows) {
      const key = this.slot(row.account, row.day);
      const rows = this.planted.get(key);
      if (rows === undefined) this.planted.set(key, [row]);
      else rows.push(row);
    }
    const own = Math.max(0, spec.transactions - plantedRows.length);
    this.transactions = plantedRows.length + own;
    this.distribution = new OwnRowDistribution(this.calendar, this.accounts.map((account) => account.kind.weight), own);
  }

  /**
   * The account's rows on a day: planted rows first, then everyday ones, made one at a time as they are
   * written (a 2 GB book of bank statements puts 30,000 rows on one account's day).
   */
  *rowsOn(account: number, day: number): Generator<LedgerRow> {
    yield* this.planted.get(this.slot(account, day)) ?? [];
    const count = this.distribution.countAt(account, day - this.calendar.firstDay);
    if (count > 0) yield* ownRows(this, this.accounts[account]!, day, count);
  }

  private slot(account: number, day: number): number {
    return account * this.calendar.days + (day - this.calendar.firstDay);
  }
}

function makeAccount(index: number, kinds: readonly AccountKind[], random: Random): LedgerAccount {
  const kind = kinds[index % kinds.length]!;
  // The index in the last two digits keeps the masks of up to 100 accounts distinct: transfer descriptions name the other account by it.
  const mask = `${random.int(10, 99)}${String(index % 100).padStart(2, '0')}`;
  return { index, kind, mask, endingCents: random.int(kind.endingCents[0], kind.endingCents[1]) };
}
