import type { Kysely } from 'kysely';
import { monthOf, type IsoMonth } from '../../core/months.js';
import { TERM_BIT } from '../../rules/matcher.js';
import { kindBit } from '../../rules/rules.js';
import type { Database, ListedTransaction } from '../../store/schema.js';
import { NSF_FEE, REVENUE_BUCKETS } from './classes.js';
import { depositoryAccountsOf, matchedRowsOf, monthTotalsOf, type ClassifiedRow } from './classified-rows.js';
import type { BucketOf } from './deposit-stream.js';

/** The lender lists of SPEC §4a: `alternative` holds the lenders of kind alternative_lender, merchant_cash_advance or factoring. */
export type LenderList = 'alternative' | 'merchant_cash_advance' | 'factoring' | 'debt_consolidator';

const LENDER_LIST_KINDS: Readonly<Record<LenderList, number>> = {
  alternative: kindBit('alternative_lender') | kindBit('merchant_cash_advance') | kindBit('factoring'),
  merchant_cash_advance: kindBit('merchant_cash_advance'),
  factoring: kindBit('factoring'),
  debt_consolidator: kindBit('debt_consolidator'),
};

/** The classification figures of one account (SPEC §4a), each list in date order, then pk. */
export interface ClassifiedFigures {
  readonly nsfFees: readonly ListedTransaction[];
  readonly interbank: readonly ListedTransaction[];
  readonly outsideSource: readonly ListedTransaction[];
  readonly lenders: Readonly<Record<LenderList, readonly ListedTransaction[]>>;
  /** Per month, the sum of the deposits not counted as revenue (buckets 1, 3, 4, 5); revenue is the month's deposits less it. */
  readonly deductedByMonth: ReadonlyMap<IsoMonth, number>;
  readonly nsfFeesByMonth: ReadonlyMap<IsoMonth, number>;
  /** The buckets of its classified deposits, by pk (any other deposit is revenue): what AccountDeposits lists by. */
  readonly bucketOf: BucketOf;
}

/** The classification figures of each of `accountPks` (refreshClassification first). */
export async function classifiedFiguresOf(db: Kysely<Database>, accountPks: readonly number[]): Promise<Map<number, ClassifiedFigures>> {
  const matched = byAccount(accountPks, await matchedRowsOf(db, accountPks));
  return new Map(accountPks.map((pk) => [pk, figuresOf(matched.get(pk)!)]));
}

/** The book's pooled month figures: its depository accounts' deducted deposits and NSF fees per month. */
export async function bookClassifiedFigures(db: Kysely<Database>, bookPk: number): Promise<Pick<ClassifiedFigures, 'deductedByMonth' | 'nsfFeesByMonth'>> {
  const totals = await monthTotalsOf(db, depositoryAccountsOf(bookPk));
  return {
    deductedByMonth: new Map(totals.map((total) => [total.month, total.deducted])),
    nsfFeesByMonth: new Map(totals.map((total) => [total.month, total.nsf_fees])),
  };
}

function figuresOf(matched: readonly ClassifiedRow[]): ClassifiedFigures {
  const lenders: Record<LenderList, ClassifiedRow[]> = { alternative: [], merchant_cash_advance: [], factoring: [], debt_consolidator: [] };
  const figures = {
    nsfFees: [] as ClassifiedRow[],
    interbank: [] as ClassifiedRow[],
    outsideSource: [] as ClassifiedRow[],
    deductedByMonth: new Map<IsoMonth, number>(),
    nsfFeesByMonth: new Map<IsoMonth, number>(),
    bucketOf: new Map<number, number>(),
  };
  for (const row of matched) {
    const month = monthOf(row.txn_date);
    if ((row.flags & NSF_FEE) !== 0) {
      figures.nsfFees.push(row);
      figures.nsfFeesByMonth.set(month, (figures.nsfFeesByMonth.get(month) ?? 0) + 1);
    }
    if (row.paired === 1) figures.interbank.push(row);
    if (isOutsideSource(row)) figures.outsideSource.push(row);
    for (const list of Object.keys(lenders) as LenderList[]) if ((row.lender_kinds & LENDER_LIST_KINDS[list]) !== 0) lenders[list].push(row);
    if (row.bucket !== null) figures.bucketOf.set(row.pk, row.bucket);
    if (isDeducted(row.bucket)) figures.deductedByMonth.set(month, (figures.deductedByMonth.get(month) ?? 0) + row.amount_cents);
  }
  return { ...figures, lenders };
}

/** SPEC §4a: a posted deposit described as a transfer in, not paired as interbank. */
export function isOutsideSource(row: Pick<ClassifiedRow, 'amount_cents' | 'paired' | 'flags'>): boolean {
  return row.amount_cents > 0 && row.paired === 0 && (row.flags & TERM_BIT.transfer_in) !== 0;
}

/** Whether a posted deposit's bucket makes it revenue (null: not a posted deposit). */
export function isRevenue(bucket: number | null): boolean {
  return bucket !== null && (REVENUE_BUCKETS as readonly number[]).includes(bucket);
}

function isDeducted(bucket: number | null): boolean {
  return bucket !== null && !isRevenue(bucket);
}

function byAccount(accountPks: readonly number[], rows: readonly ClassifiedRow[]): Map<number, ClassifiedRow[]> {
  const lists = new Map<number, ClassifiedRow[]>(accountPks.map((pk) => [pk, []]));
  for (const row of rows) lists.get(row.bank_account_pk)!.push(row);
  return lists;
}

