/**
 * The members of a Finicity transaction that bookstream reads (workers/finicity-transaction.ts), picked
 * while scanning like Plaid's (see plaid/transaction-fields.ts). The normalizer's record is typed with them.
 */
export const FINICITY_TRANSACTION_FIELDS = [
  'id',
  'accountId',
  'amount',
  'postedDate',
  'transactionDate',
  'description',
  'memo',
  'status',
  'categorization',
  'category',
  'normalizedPayee',
] as const;

export type FinicityTransactionField = (typeof FINICITY_TRANSACTION_FIELDS)[number];
