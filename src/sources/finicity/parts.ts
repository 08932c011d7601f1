/**
 * The kinds of file a Finicity bundle is made of, in the order they are read: a transaction's sign
 * and references depend on its account, and an account's holder and bank on its customer and
 * institution, so customers and institutions come first and transactions last.
 */
export const FINICITY_PARTS = ['customers', 'institutions', 'accounts', 'report', 'transactions'] as const;
export type FinicityPart = (typeof FINICITY_PARTS)[number];

/** What a file's first keys show (`first(key)`: the keys of the first element of a root array). */
export interface RootShape {
  readonly keys: readonly string[];
  first(key: string): readonly string[];
}

const PAGE_KEYS = ['found', 'displaying', 'moreAvailable', 'fromDate', 'toDate'];
const REPORT_KEYS = ['requestId', 'consumerId', 'consumerSsn', 'requesterName'];

/** Keys only Finicity uses: decided before the Plaid shapes are considered. */
export function unmistakableFinicityPart({ keys, first }: RootShape): FinicityPart | null {
  const has = (key: string): boolean => keys.includes(key);
  if (has('customers')) return 'customers';
  if (has('institution')) return 'institutions';
  if (has('institutions')) return REPORT_KEYS.some(has) || first('institutions').includes('accounts') ? 'report' : 'institutions';
  if (PAGE_KEYS.some(has)) return has('accounts') ? 'accounts' : 'transactions';
  return null;
}

/** Shapes Plaid could share, tried after the Plaid formats: Finicity-style first elements, a bare customer. */
export function likelyFinicityPart({ keys, first }: RootShape): FinicityPart | null {
  const has = (key: string): boolean => keys.includes(key);
  if (first('accounts').includes('id')) return 'accounts';
  if (first('transactions').includes('accountId')) return 'transactions';
  // `{"transactions":[]}` is seen in the wild as an empty Finicity page (a Plaid response always has accounts).
  if (keys.length === 1 && has('transactions') && first('transactions').length === 0) return 'transactions';
  if (has('id') && (has('firstName') || has('lastName') || has('username'))) return 'customers';
  return null;
}

/** Finicity responses that are not part of a bundle, named so that a rejection says what the file is. */
export function finicityNonPart({ keys }: RootShape): string | null {
  const has = (key: string): boolean => keys.includes(key);
  if (has('loginForm')) return 'a Finicity institution login form {loginForm:[…]}';
  if (has('reports')) return 'a Finicity list of reports {reports:[…]}';
  if (has('requestId') && has('consumerId')) return 'a Finicity report-start response {id, requestId, consumerId, type, status}';
  if (keys.length === 2 && has('id') && has('createdDate')) return 'a Finicity add-customer or add-consumer response {id, createdDate}, which names no customer';
  return null;
}

/** What a complete bundle needs (SPEC §2), as problems naming what is missing; empty when whole. */
export function missingParts(parts: readonly FinicityPart[]): string[] {
  const has = (part: FinicityPart): boolean => parts.includes(part);
  const problems: string[] = [];
  if (!has('accounts') && !has('report')) problems.push('no accounts file ({accounts:[…]})');
  if (!has('transactions') && !has('report')) problems.push('no transactions file ({found, displaying, moreAvailable, transactions:[…]})');
  // A Transactions report's accounts belong to its institutions; an accounts file's accounts name their customer.
  if (has('accounts') && !has('customers')) problems.push('no customer (a customer object, or {customers:[…]})');
  return problems.map((problem) => `Finicity Incomplete Bundle: ${problem}`);
}
