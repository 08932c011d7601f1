import type { ClassifiedFigures, DepositList, LenderList } from '../analytics/classification/classified-figures.js';
import type { SeriesFigures } from '../analytics/day-series.js';
import { formatCents } from '../core/money.js';
import { toOcrolusMonth } from '../core/months.js';
import type { ListedTransaction } from '../store/schema.js';
import type { ExtraField } from './extra-fields.js';
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

/** Extra fields that need every deposit of the account read with its bucket. */
export function needsDeposits(extra: ReadonlySet<ExtraField>): boolean {
  return extra.has('estimated_revenue_txns_list') || extra.has('estimated_revenue_by_month_calc_txns');
}

const OPTIONAL_LENDER_LISTS: ReadonlyArray<readonly ['merchant_cash_advance_lender_txns' | 'debt_consolidator_txn' | 'factor_txns', LenderList]> = [
  ['merchant_cash_advance_lender_txns', 'merchant_cash_advance'],
  ['debt_consolidator_txn', 'debt_consolidator'],
  ['factor_txns', 'factoring'],
];

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
  if (extra.has('estimated_revenue_txns_list')) fields.estimated_revenue_txns_list = objects(classified.revenueDeposits!);
  if (extra.has('estimated_revenue_by_month_calc_txns')) fields.estimated_revenue_by_month_calc_txns = calculation(series, classified);
  return fields;
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

function calculation(series: SeriesFigures, classified: ClassifiedFigures): ByMonth<MonthCalculation> {
  return byMonth(series, ({ month }) => {
    const deposits = classified.depositsByMonth!.get(month);
    const list = (name: DepositList) => objects(deposits?.lists.get(name) ?? []);
    return {
      deposits: objects(deposits?.deposits ?? []),
      deducted_transfer_deposit_txns: list('deducted_transfer_deposit_txns'),
      added_factoring_txns: list('added_factoring_txns'),
      deducted_alternative_lender_txns: list('deducted_alternative_lender_txns'),
      deducted_specific_terms_txns: list('deducted_specific_terms_txns'),
    };
  });
}

/** Every month of coverage, keyed `MM/YYYY`. */
function byMonth<T>(series: SeriesFigures, value: (month: SeriesFigures['months'][number]) => T): ByMonth<T> {
  return Object.fromEntries(series.months.map((month) => [toOcrolusMonth(month.month), value(month)]));
}

function objects(rows: readonly ListedTransaction[]): TransactionObject[] {
  return rows.map(transactionObject);
}
