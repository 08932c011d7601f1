/**
 * The members of a Plaid transaction that bookstream reads (workers/plaid-transaction.ts). The readers
 * pick them while scanning (Visit 'pick'): the rest of a transaction (location, payment_meta, …, about
 * half its bytes) is validated and never parsed. The normalizer can read no other member: its record
 * is typed with these keys.
 */
export const PLAID_TRANSACTION_FIELDS = [
  'account_id',
  'transaction_id',
  'date',
  'amount',
  'original_description',
  'name',
  'pending',
  'category',
  'merchant_name',
  'personal_finance_category',
] as const;

export type PlaidTransactionField = (typeof PLAID_TRANSACTION_FIELDS)[number];
