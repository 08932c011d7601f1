import { UsageError } from '../core/errors.js';

/** The fields a summary returns only when asked for, as at Ocrolus, and beyond it `monthly_cash_flow` (SPEC §4 "Extra fields"). */
export const EXTRA_FIELDS = [
  'weekday_balances',
  'probable_recurring_txns',
  'merchant_cash_advance_lender_txns',
  'debt_consolidator_txn',
  'factor_txns',
  'nsf_count',
  'estimated_revenue_txns_list',
  'estimated_revenue_by_month_calc_txns',
  'monthly_cash_flow',
] as const;

export type ExtraField = (typeof EXTRA_FIELDS)[number];

/** A list of names, or one comma-separated string of them; an unknown name is a usage error, not silence. */
export function parseExtraFields(value: string | readonly string[] | undefined): ReadonlySet<ExtraField> {
  const names = (typeof value === 'string' ? value.split(',') : (value ?? [])).map((name) => name.trim()).filter((name) => name !== '');
  const unknown = names.filter((name) => !(EXTRA_FIELDS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new UsageError(`unknown extra field${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}: expected any of ${EXTRA_FIELDS.join(', ')}`);
  }
  return new Set(names as ExtraField[]);
}
