import { accountFigures, accountWarnings, bookLevelFigures, type AccountFigures, type DateRange } from '../analytics/book-figures.js';
import type { SeriesFigures } from '../analytics/day-series.js';
import { recurringGroupsStreamed } from '../analytics/recurring.js';
import { refreshFigures } from '../analytics/refresh.js';
import { toOcrolusDate, type IsoDate } from '../core/dates.js';
import { formatCents } from '../core/money.js';
import { toOcrolusMonth, type IsoMonth } from '../core/months.js';
import type { StoreDatabase } from '../store/database.js';
import type { ListedTransaction } from '../store/schema.js';
import { activityObject, dateMinMax, money, periodObject, type ActivityInfo, type DateMinMax, type PeriodObject } from './account-timeline.js';
import { bankAccountObject, type BankAccountObject } from './bank-account.js';
import type { ExtraField } from './extra-fields.js';
import { refreshClassification } from '../analytics/classification/refresh-classification.js';
import type { Rules } from '../rules/rules.js';
import {
  classificationFields, depositListFields, depositListJson, estimatedRevenueByMonth, monthlyCashFlowFields, type ClassificationFields,
  type MonthlyCashFlowFields,
} from './classification-fields.js';
import { collect, jsonArray, mapAsync } from './json-pieces.js';
import { transactionObject, type TransactionObject } from './transactions.js';

type Money = string;
type ByMonth<T> = Record<string, T>;

/** The balance and month figures an account and the book share (SPEC §4). Weekday ones only when asked for. */
export interface SeriesFields {
  total_days: number;
  daily_balances: Record<string, Money> | null;
  average_daily_balance: Money | null;
  average_daily_balance_weekday?: Money | null;
  average_daily_balance_by_month: ByMonth<Money | null> | null;
  average_daily_balance_weekday_by_month?: ByMonth<Money | null> | null;
  negative_balances_by_month: ByMonth<string[]> | null;
  negative_balances_by_month_weekday?: ByMonth<string[]> | null;
  average_by_month: ByMonth<Money | null>;
  average_deposit_by_month: ByMonth<Money | null>;
  date_min_max: DateMinMax;
}

export interface AccountSummary extends BankAccountObject, SeriesFields, ClassificationFields, Partial<MonthlyCashFlowFields> {
  periods: PeriodObject[];
  deposit_max_by_month: ByMonth<TransactionObject[]>;
  deposit_min_by_month: ByMonth<TransactionObject[]>;
  round_number_txns: TransactionObject[];
  probable_recurring_txns?: TransactionObject[][];
  period_balance_mismatches: Array<{ end_date: string; end_balance: Money; begin_date: string; begin_balance: Money }>;
  activity_info: ActivityInfo;
}

/** The Ocrolus book-summary object (SPEC §5), without the `{status, response}` envelope. */
export interface BookSummary extends SeriesFields, Partial<MonthlyCashFlowFields> {
  estimated_revenue_by_month: ByMonth<Money>;
  pk: number;
  name: string;
  bank_accounts: AccountSummary[];
  warnings: string[];
}

/** The summary's book-level fields, then its accounts and its warnings, each produced as it is read. */
interface SummaryParts {
  readonly head: Omit<BookSummary, 'bank_accounts' | 'warnings'>;
  /** Each account's figures, with its summary but the lists of every deposit (streamed after it: depositListJson). */
  readonly accounts: AsyncIterable<{ readonly figures: AccountFigures; readonly summary: AccountSummary }>;
  readonly extra: ReadonlySet<ExtraField>;
  readonly warnings: AsyncIterable<string>;
}

/** What a summary is asked for: its extra fields, and the rules its classification follows. */
export interface SummaryRequest {
  readonly extra: ReadonlySet<ExtraField>;
  readonly rules: Rules;
}

export async function bookSummary(db: StoreDatabase, book: { pk: number; name: string }, request: SummaryRequest): Promise<BookSummary> {
  const { head, accounts, warnings, extra } = await summaryParts(db, book, request, { recurringHeld: true });
  const withDeposits = mapAsync(accounts, async ({ figures, summary }) => ({ ...summary, ...(await depositListFields(depositSource(db, figures), extra)) }));
  return { ...head, bank_accounts: await collect(withDeposits), warnings: await collect(warnings) };
}

/**
 * The same object as JSON text (exactly `JSON.stringify(bookSummary(…))`), in pieces: each account's
 * figures are computed, written out and dropped, so a book of 200,000 accounts is never held whole.
 */
export async function* bookSummaryJson(db: StoreDatabase, book: { pk: number; name: string }, request: SummaryRequest): AsyncGenerator<string> {
  const { head, accounts, warnings, extra } = await summaryParts(db, book, request, { recurringHeld: false });
  yield `${JSON.stringify(head).slice(0, -1)},"bank_accounts":`; // the head always has pk and name
  let separator = '[';
  for await (const { figures, summary } of accounts) {
    yield separator + JSON.stringify(summary).slice(0, -1); // an account always has members
    // Where accountSummary puts the groups it holds: last but the lists of every deposit.
    if (extra.has('probable_recurring_txns')) yield* recurringJson(db, figures.account.pk);
    yield* depositListJson(depositSource(db, figures), extra);
    yield '}';
    separator = ',';
  }
  yield separator === '[' ? '[]' : ']';
  yield ',"warnings":';
  yield* jsonArray(warnings);
  yield '}';
}

/**
 * The summary's parts. `recurringHeld`: each account's probable recurring groups are read with its figures (the
 * object), or left to be streamed after it (the JSON: recurringJson), since one account may have 150,000 such rows.
 */
async function summaryParts(
  db: StoreDatabase,
  book: { pk: number; name: string },
  { extra, rules }: SummaryRequest,
  { recurringHeld }: { recurringHeld: boolean },
): Promise<SummaryParts> {
  await refreshFigures(db, book.pk);
  await refreshClassification(db, book.pk, rules);
  const weekday = extra.has('weekday_balances');
  const level = await bookLevelFigures(db, book.pk);
  const options = { recurring: recurringHeld && extra.has('probable_recurring_txns') };
  return {
    head: {
      pk: book.pk,
      name: book.name,
      ...seriesFields(level.series, level.txnDates, weekday),
      estimated_revenue_by_month: estimatedRevenueByMonth(level.series, level.classified.deductedByMonth),
      ...(extra.has('monthly_cash_flow') ? monthlyCashFlowFields(level.series, level.classified.nsfFeesByMonth) : {}),
    },
    accounts: mapAsync(accountFigures(db, book.pk, options), (figures) => ({ figures, summary: accountSummary(figures, extra) })),
    extra,
    warnings: accountWarnings(db, book.pk),
  };
}

/** An account's `probable_recurring_txns` member, a group at a time. */
async function* recurringJson(db: StoreDatabase, accountPk: number): AsyncGenerator<string> {
  let separator = ',"probable_recurring_txns":[';
  for await (const group of recurringGroupsStreamed(db.kysely, accountPk)) {
    yield separator + JSON.stringify(group.map(transactionObject));
    separator = ',';
  }
  yield separator === ',' ? ']' : `${separator}]`;
}

function depositSource(db: StoreDatabase, figures: AccountFigures) {
  return { db: db.kysely, accountPk: figures.account.pk, classified: figures.classified, series: figures.series };
}

function accountSummary(figures: AccountFigures, extra: ReadonlySet<ExtraField>): AccountSummary {
  const weekday = extra.has('weekday_balances');
  const summary: AccountSummary = {
    ...bankAccountObject(figures.account),
    periods: figures.periods.map(periodObject),
    ...seriesFields(figures.series, figures.txnDates, weekday),
    deposit_max_by_month: listsByMonth(figures.series, figures.listed.depositMax),
    deposit_min_by_month: listsByMonth(figures.series, figures.listed.depositMin),
    round_number_txns: figures.listed.roundNumber.map(transactionObject),
    period_balance_mismatches: figures.periodMismatches.map((mismatch) => ({
      end_date: toOcrolusDate(mismatch.endDate),
      end_balance: formatCents(mismatch.endBalance),
      begin_date: toOcrolusDate(mismatch.beginDate),
      begin_balance: formatCents(mismatch.beginBalance),
    })),
    activity_info: activityObject(figures.activity),
    ...classificationFields(figures.classified, figures.series, extra),
    ...(extra.has('monthly_cash_flow') ? monthlyCashFlowFields(figures.series, figures.classified.nsfFeesByMonth) : {}),
  };
  if (figures.recurringGroups !== null) summary.probable_recurring_txns = figures.recurringGroups.map((group) => group.map(transactionObject));
  return summary;
}

function seriesFields(series: SeriesFigures, txnDates: DateRange, weekday: boolean): SeriesFields {
  const balances = series.dailyBalances;
  const byMonth = <T>(pick: (month: SeriesFigures['months'][number]) => T): ByMonth<T> =>
    Object.fromEntries(series.months.map((month) => [toOcrolusMonth(month.month), pick(month)]));
  const dates = (days: readonly string[]) => days.map(toOcrolusDate);
  const fields: SeriesFields = {
    total_days: series.totalDays,
    daily_balances: balances === null ? null : dailyBalancesObject(balances),
    average_daily_balance: money(series.averageDailyBalance),
    average_daily_balance_by_month: balances === null ? null : byMonth((month) => money(month.averageDailyBalance)),
    negative_balances_by_month: balances === null ? null : byMonth((month) => dates(month.negativeDays)),
    average_by_month: byMonth((month) => money(month.averageTxnSize)),
    average_deposit_by_month: byMonth((month) => money(month.averageDeposit)),
    date_min_max: dateMinMax(txnDates),
  };
  if (!weekday) return fields;
  return {
    ...fields,
    average_daily_balance_weekday: money(series.averageDailyBalanceWeekday),
    average_daily_balance_weekday_by_month: balances === null ? null : byMonth((month) => money(month.averageDailyBalanceWeekday)),
    negative_balances_by_month_weekday: balances === null ? null : byMonth((month) => dates(month.negativeWeekdays)),
  };
}

/**
 * The Ocrolus dates of days met lately, each kept as one string: an object keyed by 1,500 dates is built
 * about twice as fast from keys V8 has met (and internalized) before, and a batch's books share their days.
 */
const ocrolusDates = new Map<IsoDate, string>();
const OCROLUS_DATES_KEPT = 50_000;

function dailyBalancesObject(balances: NonNullable<SeriesFigures['dailyBalances']>): Record<string, Money> {
  if (ocrolusDates.size > OCROLUS_DATES_KEPT) ocrolusDates.clear();
  const object: Record<string, Money> = {};
  for (const { day, balanceCents } of balances) {
    let key = ocrolusDates.get(day);
    if (key === undefined) ocrolusDates.set(day, (key = toOcrolusDate(day)));
    object[key] = formatCents(balanceCents);
  }
  return object;
}

/** Every month of coverage is keyed; a month without deposits lists none. */
function listsByMonth(series: SeriesFigures, lists: ReadonlyMap<IsoMonth, readonly ListedTransaction[]>): ByMonth<TransactionObject[]> {
  return Object.fromEntries(series.months.map(({ month }) => [toOcrolusMonth(month), (lists.get(month) ?? []).map(transactionObject)]));
}
