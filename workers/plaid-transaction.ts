import type { CanonicalTransaction } from '../src/core/canonical.js';
import { negateMoney } from '../src/core/money.js';
import type { PlaidTransactionField } from '../src/sources/plaid/transaction-fields.js';
import { FieldError } from './field-error.js';
import { asObject, optionalBoolean, optionalString, requiredDate, requiredMoney, requiredString, type SourceObject } from './fields.js';
import { inField } from './plaid-account.js';

type PlaidTransaction = SourceObject<PlaidTransactionField>;

/**
 * A Plaid transaction (Asset Report, /transactions/get, or a bank-statement row) in canonical form.
 * Plaid's amounts are positive for money out, so the sign is turned around. Statement rows carry no
 * id of their own: the reader passes `rowId` (`<document_id>#<row index>`). Only the members the
 * readers pick exist here (PLAID_TRANSACTION_FIELDS): reading another one does not compile.
 */
export function normalizePlaidTransaction(raw: unknown, rowId?: string): CanonicalTransaction {
  const record = asObject<PlaidTransactionField>(raw, '');
  const pending = optionalBoolean(record, 'pending') ?? false;
  return {
    sourceAccountId: requiredString(record, 'account_id'),
    sourceTxnId: rowId ?? requiredString(record, 'transaction_id'),
    date: requiredDate(record, 'date'),
    amount: negateMoney(requiredMoney(record, 'amount')),
    description: descriptionOf(record),
    status: pending ? 'pending' : 'posted',
    category: categoryOf(record),
    merchantName: optionalString(record, 'merchant_name'),
    pfcDetailed: pfcDetailedOf(record),
  };
}

/** SPEC §2: `original_description`, else `name`. */
function descriptionOf(record: PlaidTransaction): string {
  const original = optionalString(record, 'original_description');
  if (original !== null && original !== '') return original;
  return optionalString(record, 'name') ?? '';
}

/** Plaid's legacy category path (`["Bank Fees", "Overdraft"]`) as "Bank Fees, Overdraft". */
function categoryOf(record: PlaidTransaction): string | null {
  const category = record['category'];
  if (category === undefined || category === null) return null;
  if (Array.isArray(category) && category.every((part) => typeof part === 'string')) {
    return category.length === 0 ? null : category.join(', ');
  }
  throw new FieldError('category', 'expected a list of strings');
}

/**
 * `personal_finance_category.detailed` ("BANK_FEES_OVERDRAFT_FEES"). Older exports and statement rows have
 * no such member; Plaid sends null when it has not categorized the row. The rest of the object (`primary`,
 * `confidence_level`) is not read.
 */
function pfcDetailedOf(record: PlaidTransaction): string | null {
  const category = record['personal_finance_category'];
  if (category === undefined || category === null) return null;
  return inField('personal_finance_category', () => optionalString(asObject(category, ''), 'detailed'));
}
