import type { IsoDate } from '../core/dates.js';
import type { StoreDatabase } from '../store/database.js';
import type { BankAccountRow, TransactionRow } from '../store/schema.js';
import { activityOf, type Activity } from './activity.js';
import type { Coverage } from './coverage.js';
import { accountSeries, bookSeries, seriesFigures, type SeriesFigures } from './day-series.js';
import { listedTransactionsOf, type ListedTransactions } from './listed-transactions.js';
import { periodMismatches, periodsOf, type PeriodFigures, type PeriodMismatch } from './periods.js';
import { recurringGroupsOf } from './recurring.js';
import { refreshFigures } from './refresh.js';

export interface DateRange {
  readonly min: IsoDate | null;
  readonly max: IsoDate | null;
}

/** Every SPEC §4 figure of one account (keyword-driven figures excepted), in cents and ISO dates. */
export interface AccountFigures {
  readonly account: BankAccountRow;
  readonly coverage: Coverage | null;
  readonly series: SeriesFigures;
  readonly periods: readonly PeriodFigures[];
  readonly periodMismatches: readonly PeriodMismatch[];
  readonly listed: ListedTransactions;
  readonly activity: Activity;
  readonly txnDates: DateRange;
  /** Only when asked for: they can be long. */
  readonly recurringGroups: readonly TransactionRow[][] | null;
}

export interface BookFigures {
  /** The depository accounts' days, balances summed per day (SPEC §4 "Book level"). */
  readonly series: SeriesFigures;
  readonly txnDates: DateRange;
  readonly accounts: readonly AccountFigures[];
  readonly warnings: readonly string[];
}

export interface FigureOptions {
  readonly recurring: boolean;
}

/** Refreshes what changed since the last call, then reads the book's figures from the materialized tables. */
export async function bookFigures(db: StoreDatabase, bookPk: number, options: FigureOptions): Promise<BookFigures> {
  await refreshFigures(db, bookPk);
  const rows = await db.kysely
    .selectFrom('bank_accounts as a')
    .innerJoin('account_figures as f', 'f.bank_account_pk', 'a.pk')
    .selectAll('a')
    .select(['f.coverage_begin', 'f.coverage_end', 'f.first_txn_date', 'f.last_txn_date', 'f.has_balances', 'f.opening_balance_cents'])
    .where('a.book_pk', '=', bookPk)
    .orderBy('a.pk')
    .execute();
  const accounts: AccountFigures[] = [];
  const warnings: string[] = [];
  for (const row of rows) {
    const { coverage_begin, coverage_end, first_txn_date, last_txn_date, has_balances, opening_balance_cents, ...account } = row;
    const coverage =
      coverage_begin === null || coverage_end === null
        ? null
        : { begin: coverage_begin, end: coverage_end, firstTxnDate: first_txn_date, lastTxnDate: last_txn_date };
    const series = await seriesFigures(db.kysely, accountSeries(account.pk));
    const periods = await periodsOf(db.kysely, account.pk, coverage, opening_balance_cents, series.dailyBalances);
    accounts.push({
      account,
      coverage,
      series,
      periods,
      periodMismatches: periodMismatches(periods),
      listed: await listedTransactionsOf(db.kysely, account.pk),
      activity: activityOf(series.months),
      txnDates: { min: first_txn_date, max: last_txn_date },
      recurringGroups: options.recurring ? await recurringGroupsOf(db.kysely, account.pk) : null,
    });
    warnings.push(...accountWarnings(account, coverage, has_balances === 1));
  }
  const depository = accounts.filter((figures) => figures.account.is_depository === 1);
  return {
    series: await seriesFigures(db.kysely, bookSeries(bookPk)),
    txnDates: spanOf(depository.map((figures) => figures.txnDates)),
    accounts,
    warnings,
  };
}

function accountWarnings(account: BankAccountRow, coverage: Coverage | null, hasBalances: boolean): string[] {
  const label = `account ${account.pk} (${account.source} ${account.source_account_id})`;
  if (coverage === null) return [`${label}: no posted transaction and no end-of-day balance, so it covers no day and has no figures`];
  if (hasBalances) return [];
  const bookNote = account.is_depository === 1 ? ", and it is left out of the book's balance figures" : '';
  return [`${label}: no known balance (no current, historical, daily or statement balance), so its balance figures are null${bookNote}`];
}

function spanOf(ranges: readonly DateRange[]): DateRange {
  let [min, max]: [IsoDate | null, IsoDate | null] = [null, null];
  for (const range of ranges) {
    if (range.min !== null && (min === null || range.min < min)) min = range.min;
    if (range.max !== null && (max === null || range.max > max)) max = range.max;
  }
  return { min, max };
}
