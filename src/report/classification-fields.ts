import type { Kysely } from 'kysely';
import type { ClassifiedFigures, LenderList } from '../analytics/classification/classified-figures.js';
import { AccountDeposits, type DepositList, type DepositMonth } from '../analytics/classification/deposit-stream.js';
import type { SeriesFigures } from '../analytics/day-series.js';
import { formatCents } from '../core/money.js';
import { toOcrolusMonth, type IsoMonth } from '../core/months.js';
import type { Database, ListedTransaction } from '../store/schema.js';
import type { ExtraField } from './extra-fields.js';
import { TextSpool } from './text-spool.js';
import { transactionObject, type TransactionObject } from './transactions.js';

type Money = string;
type ByMonth<T> = Record<string, T>;

/** The lists of every deposit of a month, by bucket (SPEC §4a `estimated_revenue_by_month_calc_txns`). */
export type MonthCalculation = { deposits: TransactionObject[] } & Record<DepositList, TransactionObject[]>;

/** The classification fields of an account (SPEC §4a); the optional ones only when asked for. */
export interface ClassificationFields {
  nsf_transactions: TransactionObject[];
  nsf_count?: number;
  interbank_transactions: TransactionObject[];
  outside_source_deposits: TransactionObject[];
  alternative_lender_transactions: TransactionObject[];
  merchant_cash_advance_lender_txns?: TransactionObject[];
  debt_consolidator_txn?: TransactionObject[];
  factor_txns?: TransactionObject[];
  estimated_revenue_by_month: ByMonth<Money>;
  estimated_revenue_txns_list?: TransactionObject[];
  estimated_revenue_by_month_calc_txns?: ByMonth<MonthCalculation>;
}

/** The eight `monthly_cash_flow` fields (SPEC §4a), per account and for the book. */
export interface MonthlyCashFlowFields {
  deposits_sum_by_month: ByMonth<Money>;
  deposits_count_by_month: ByMonth<number>;
  withdrawals_sum_by_month: ByMonth<Money>;
  withdrawals_count_by_month: ByMonth<number>;
  nsf_count_by_month: ByMonth<number>;
  negative_days_by_month: ByMonth<number> | null;
  minimum_balance_by_month: ByMonth<Money | null> | null;
  ending_balance_by_month: ByMonth<Money | null> | null;
}

const OPTIONAL_LENDER_LISTS: ReadonlyArray<readonly ['merchant_cash_advance_lender_txns' | 'debt_consolidator_txn' | 'factor_txns', LenderList]> = [
  ['merchant_cash_advance_lender_txns', 'merchant_cash_advance'],
  ['debt_consolidator_txn', 'debt_consolidator'],
  ['factor_txns', 'factoring'],
];

/** The classification fields of an account but the lists of every deposit (depositListFields). */
export function classificationFields(classified: ClassifiedFigures, series: SeriesFigures, extra: ReadonlySet<ExtraField>): ClassificationFields {
  const fields: ClassificationFields = {
    nsf_transactions: objects(classified.nsfFees),
    interbank_transactions: objects(classified.interbank),
    outside_source_deposits: objects(classified.outsideSource),
    alternative_lender_transactions: objects(classified.lenders.alternative),
    estimated_revenue_by_month: estimatedRevenueByMonth(series, classified.deductedByMonth),
  };
  if (extra.has('nsf_count')) fields.nsf_count = classified.nsfFees.length;
  for (const [field, list] of OPTIONAL_LENDER_LISTS) if (extra.has(field)) fields[field] = objects(classified.lenders[list]);
  return fields;
}

/** What the lists of every deposit are read from: the account, its classified deposits, its months. */
export interface DepositListSource {
  readonly db: Kysely<Database>;
  readonly accountPk: number;
  readonly classified: ClassifiedFigures;
  readonly series: SeriesFigures;
}

/**
 * The lists of every deposit asked for, as objects: the month calculation, then the revenue list (they close
 * the account's object, in this order). One date-ordered read of the account's deposits makes both.
 */
export async function depositListFields(source: DepositListSource, extra: ReadonlySet<ExtraField>): Promise<Pick<ClassificationFields, DepositListField>> {
  const [calculationAsked, revenueAsked] = [extra.has('estimated_revenue_by_month_calc_txns'), extra.has('estimated_revenue_txns_list')];
  if (!calculationAsked && !revenueAsked) return {};
  const [months, revenue]: [ByMonth<MonthCalculation>, TransactionObject[]] = [{}, []];
  for await (const month of accountDeposits(source).byMonth(monthsOf(source.series))) {
    const objectOf = objectsOfMonth(month);
    if (calculationAsked) months[toOcrolusMonth(month.month)] = calculation(month, (rows) => rows.map(objectOf));
    if (revenueAsked) revenue.push(...month.revenue.map(objectOf));
  }
  return { ...(calculationAsked ? { estimated_revenue_by_month_calc_txns: months } : {}), ...(revenueAsked ? { estimated_revenue_txns_list: revenue } : {}) };
}

/**
 * The same fields as JSON text, each a `,"name":value` piece after the rest of the account's members:
 * streamed month by month, so an account of millions of deposits is never held. The revenue list, made in
 * the same read, waits in a TextSpool while the calculation is written. (A month's objects stringified at
 * once are about three times faster than each written by hand and joined.)
 */
export async function* depositListJson(source: DepositListSource, extra: ReadonlySet<ExtraField>): AsyncGenerator<string> {
  const [calculationAsked, revenueAsked] = [extra.has('estimated_revenue_by_month_calc_txns'), extra.has('estimated_revenue_txns_list')];
  if (!calculationAsked && !revenueAsked) return;
  const revenue = new TextSpool();
  let [calculationSeparator, revenueSeparator] = [',"estimated_revenue_by_month_calc_txns":{', ''];
  for await (const month of accountDeposits(source).byMonth(monthsOf(source.series))) {
    const objectOf = objectsOfMonth(month);
    if (calculationAsked) {
      const lists = calculation(month, (rows) => JSON.stringify(rows.map(objectOf)));
      yield `${calculationSeparator}${JSON.stringify(toOcrolusMonth(month.month))}:{${CALCULATION_LISTS.map((name) => `${JSON.stringify(name)}:${lists[name]}`).join(',')}}`;
      calculationSeparator = ',';
    }
    if (revenueAsked && month.revenue.length > 0) {
      revenue.append(revenueSeparator + JSON.stringify(month.revenue.map(objectOf)).slice(1, -1));
      revenueSeparator = ',';
    }
  }
  if (calculationAsked) yield calculationSeparator === ',' ? '}' : `${calculationSeparator}}`;
  if (revenueAsked) {
    yield ',"estimated_revenue_txns_list":[';
    yield* revenue.drain();
    yield ']';
  }
}

/** A month's deposits as objects, each made once however many of its lists hold it. */
function objectsOfMonth(month: DepositMonth): (row: ListedTransaction) => TransactionObject {
  const objects = new Map(month.deposits.map((row) => [row, transactionObject(row)]));
  return (row) => objects.get(row)!;
}

type DepositListField = 'estimated_revenue_txns_list' | 'estimated_revenue_by_month_calc_txns';

/** The lists of a month of the calculation, in the order they are written. */
const CALCULATION_LISTS = ['deposits', 'deducted_transfer_deposit_txns', 'added_factoring_txns', 'deducted_alternative_lender_txns', 'deducted_specific_terms_txns'] as const;

function calculation<List>(month: DepositMonth, list: (rows: readonly ListedTransaction[]) => List): Record<(typeof CALCULATION_LISTS)[number], List> {
  const rows = (name: (typeof CALCULATION_LISTS)[number]) => (name === 'deposits' ? month.deposits : (month.lists.get(name) ?? []));
  return Object.fromEntries(CALCULATION_LISTS.map((name) => [name, list(rows(name))])) as Record<(typeof CALCULATION_LISTS)[number], List>;
}

function accountDeposits({ db, accountPk, classified }: DepositListSource): AccountDeposits {
  return new AccountDeposits(db, accountPk, classified.bucketOf);
}

function monthsOf(series: SeriesFigures): IsoMonth[] {
  return series.months.map((month) => month.month);
}

/** Per month of coverage, the month's deposits less the deducted ones: the revenue deposits' sum. */
export function estimatedRevenueByMonth(series: SeriesFigures, deductedByMonth: ReadonlyMap<string, number>): ByMonth<Money> {
  return byMonth(series, (month) => formatCents(month.depositCents - (deductedByMonth.get(month.month) ?? 0)));
}

export function monthlyCashFlowFields(series: SeriesFigures, nsfFeesByMonth: ReadonlyMap<string, number>): MonthlyCashFlowFields {
  const balances = series.dailyBalances !== null;
  const money = (cents: number | null) => (cents === null ? null : formatCents(cents));
  return {
    deposits_sum_by_month: byMonth(series, (month) => formatCents(month.depositCents)),
    deposits_count_by_month: byMonth(series, (month) => month.depositCount),
    withdrawals_sum_by_month: byMonth(series, (month) => formatCents(month.withdrawalCents)),
    withdrawals_count_by_month: byMonth(series, (month) => month.withdrawalCount),
    nsf_count_by_month: byMonth(series, (month) => nsfFeesByMonth.get(month.month) ?? 0),
    negative_days_by_month: balances ? byMonth(series, (month) => month.negativeDays.length) : null,
    minimum_balance_by_month: balances ? byMonth(series, (month) => money(month.minimumBalance)) : null,
    ending_balance_by_month: balances ? byMonth(series, (month) => money(month.endingBalance)) : null,
  };
}

/** Every month of coverage, keyed `MM/YYYY`. */
function byMonth<T>(series: SeriesFigures, value: (month: SeriesFigures['months'][number]) => T): ByMonth<T> {
  return Object.fromEntries(series.months.map((month) => [toOcrolusMonth(month.month), value(month)]));
}

function objects(rows: readonly ListedTransaction[]): TransactionObject[] {
  return rows.map(transactionObject);
}
