import type { IsoDate } from '../core/dates.js';
import type { StoreDatabase } from '../store/database.js';
import type { BankAccountRow, ListedTransaction } from '../store/schema.js';
import { activityOf, type Activity } from './activity.js';
import { accountChunks, accountPage, pages, type AccountWithCoverage } from './account-chunks.js';
import type { Coverage } from './coverage.js';
import { bookClassifiedFigures, classifiedFiguresOf, type ClassifiedFigures } from './classification/classified-figures.js';
import { accountSeries, bookSeries, NO_DAYS, seriesFigures, type SeriesFigures } from './day-series.js';
import { listedTransactionsOf, type ListedTransactions } from './listed-transactions.js';
import { periodMismatches, periodsOf, type PeriodFigures, type PeriodMismatch } from './periods.js';
import { recurringGroupsOf } from './recurring.js';

export interface DateRange {
  readonly min: IsoDate | null;
  readonly max: IsoDate | null;
}

/** Every SPEC §4 and §4a figure of one account, in cents and ISO dates. */
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
  readonly recurringGroups: readonly ListedTransaction[][] | null;
  readonly classified: ClassifiedFigures;
}

/** The book's own figures: its depository accounts' days, balances summed per day (SPEC §4 "Book level"). */
export interface BookLevelFigures {
  readonly series: SeriesFigures;
  /** The span of the depository accounts' posted transactions. */
  readonly txnDates: DateRange;
  readonly classified: Pick<ClassifiedFigures, 'deductedByMonth' | 'nsfFeesByMonth'>;
}

export interface FigureOptions {
  readonly recurring: boolean;
}

/** The book-level figures, from the materialized tables (refreshFigures first). */
export async function bookLevelFigures(db: StoreDatabase, bookPk: number): Promise<BookLevelFigures> {
  const span = await db.kysely
    .selectFrom('bank_accounts as a')
    .innerJoin('account_figures as f', 'f.bank_account_pk', 'a.pk')
    .select((eb) => [eb.fn.min('f.first_txn_date').as('min'), eb.fn.max('f.last_txn_date').as('max')])
    .where('a.book_pk', '=', bookPk)
    .where('a.is_depository', '=', 1)
    .executeTakeFirstOrThrow();
  const series = (await seriesFigures(db.kysely, bookSeries(bookPk))).get(0) ?? NO_DAYS;
  return { series, txnDates: { min: span.min, max: span.max }, classified: await bookClassifiedFigures(db.kysely, bookPk) };
}

/**
 * Every account's figures, in pk order, from the materialized tables (refreshFigures first): read a
 * chunk of accounts at a time, a few queries a chunk, and handed out one account at a time.
 */
export async function* accountFigures(db: StoreDatabase, bookPk: number, options: FigureOptions): AsyncGenerator<AccountFigures> {
  for await (const chunk of accountChunks(db, bookPk, options.recurring)) yield* await chunkFigures(db, chunk, options);
}

async function chunkFigures(db: StoreDatabase, chunk: readonly AccountWithCoverage[], options: FigureOptions): Promise<AccountFigures[]> {
  const pks = chunk.map((row) => row.pk);
  const series = await seriesFigures(db.kysely, accountSeries(pks));
  const sources = chunk.map((row) => ({ pk: row.pk, coverage: coverageOf(row), openingBalance: row.opening_balance_cents, series: series.get(row.pk) ?? NO_DAYS }));
  const periods = await periodsOf(db.kysely, sources);
  const listed = await listedTransactionsOf(db.kysely, pks);
  const recurring = options.recurring ? await recurringGroupsOf(db.kysely, pks) : null;
  const classified = await classifiedFiguresOf(db.kysely, pks);
  return chunk.map((row, index) => {
    const { coverage_begin, coverage_end, first_txn_date, last_txn_date, opening_balance_cents, days, ...account } = row;
    const source = sources[index]!;
    const accountPeriods = periods.get(row.pk)!;
    return {
      account,
      coverage: source.coverage,
      series: source.series,
      periods: accountPeriods,
      periodMismatches: periodMismatches(accountPeriods),
      listed: listed.get(row.pk)!,
      activity: activityOf(source.series.months),
      txnDates: { min: first_txn_date, max: last_txn_date },
      recurringGroups: recurring === null ? null : recurring.get(row.pk)!,
      classified: classified.get(row.pk)!,
    };
  });
}

function coverageOf(row: AccountWithCoverage): Coverage | null {
  if (row.coverage_begin === null || row.coverage_end === null) return null;
  return { begin: row.coverage_begin, end: row.coverage_end, firstTxnDate: row.first_txn_date, lastTxnDate: row.last_txn_date };
}

/** Why accounts have no figures, or no balance figures, in pk order (refreshFigures first). */
export async function* accountWarnings(db: StoreDatabase, bookPk: number): AsyncGenerator<string> {
  const page = (after: number) =>
    accountPage(db, bookPk, after).select(['a.pk', 'a.source', 'a.source_account_id', 'a.is_depository', 'f.coverage_begin', 'f.has_balances']).execute();
  for await (const accounts of pages(page)) {
    for (const account of accounts) {
      const warning = accountWarning(account, account.coverage_begin !== null, account.has_balances === 1);
      if (warning !== null) yield warning;
    }
  }
}

function accountWarning(account: Pick<BankAccountRow, 'pk' | 'source' | 'source_account_id' | 'is_depository'>, covers: boolean, hasBalances: boolean): string | null {
  const label = `account ${account.pk} (${account.source} ${account.source_account_id})`;
  if (!covers) return `${label}: no posted transaction and no end-of-day balance, so it covers no day and has no figures`;
  if (hasBalances) return null;
  const bookNote = account.is_depository === 1 ? ", and it is left out of the book's balance figures" : '';
  return `${label}: no known balance (no current, historical, daily or statement balance), so its balance figures are null${bookNote}`;
}
