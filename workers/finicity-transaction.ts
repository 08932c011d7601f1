import type { CanonicalTransaction, TransactionStatus } from '../src/core/canonical.js';
import { negateMoney } from '../src/core/money.js';
import type { FinicityTransactionField } from '../src/sources/finicity/transaction-fields.js';
import type { FinicityBatchContext } from '../src/sources/source-events.js';
import { FieldError, foundValue } from './field-error.js';
import { optionalEpochDate } from './finicity-fields.js';
import { asObject, optionalString, requiredId, requiredMoney, type SourceObject } from './fields.js';
import { inField } from './plaid-account.js';

const STATUSES: Readonly<Record<string, TransactionStatus>> = { active: 'posted', pending: 'pending', shadow: 'shadow' };

type FinicityTransaction = SourceObject<FinicityTransactionField>;

/**
 * A Finicity transaction (a transactions page row, or a Transactions report row, which has no
 * accountId, status or categorization object) in canonical form. Finicity's amounts are already
 * positive = money in, except on the accounts `reversed` holds (cards, investments: SPEC §3).
 */
export function normalizeFinicityTransaction(raw: unknown, context: FinicityBatchContext, reversed: ReadonlySet<string>): CanonicalTransaction {
  const record = asObject<FinicityTransactionField>(raw, ''); // the members the readers pick, and no other
  const sourceAccountId = context.accountId ?? requiredId(record, 'accountId');
  const amount = requiredMoney(record, 'amount');
  const categorization = record['categorization'] === undefined || record['categorization'] === null ? null : asObject(record['categorization'], 'categorization');
  return {
    sourceAccountId,
    sourceTxnId: requiredId(record, 'id'),
    date: dateOf(record),
    amount: reversed.has(sourceAccountId) ? negateMoney(amount) : amount,
    description: descriptionOf(record),
    status: statusOf(record),
    category: categorization === null ? optionalString(record, 'category') : inField('categorization', () => optionalString(categorization, 'category')),
    merchantName:
      categorization === null ? optionalString(record, 'normalizedPayee') : inField('categorization', () => optionalString(categorization, 'normalizedPayeeName')),
    pfcDetailed: null,
  };
}

/** SPEC §3: `postedDate`, falling back to `transactionDate`. */
function dateOf(record: FinicityTransaction) {
  const date = optionalEpochDate(record, 'postedDate') ?? optionalEpochDate(record, 'transactionDate');
  if (date === null) throw new FieldError('postedDate', 'expected epoch seconds in postedDate or transactionDate', foundValue(record['postedDate']));
  return date;
}

/** SPEC §2: `description`, then a space and `memo` when the memo is non-empty and differs. */
function descriptionOf(record: FinicityTransaction): string {
  const description = optionalString(record, 'description') ?? '';
  const memo = optionalString(record, 'memo') ?? '';
  if (memo.trim() === '' || memo.trim() === description.trim()) return description;
  return description.trim() === '' ? memo : `${description} ${memo}`;
}

/** A report row has no status: a report lists posted transactions. */
function statusOf(record: FinicityTransaction): TransactionStatus {
  const status = record['status'];
  if (status === undefined || status === null) return 'posted';
  const known = typeof status === 'string' ? STATUSES[status] : undefined;
  if (known === undefined) throw new FieldError('status', 'expected active, pending or shadow', foundValue(status));
  return known;
}
