import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../src/index.js';

export type Store = Awaited<ReturnType<typeof openStore>>;
export type Book = Awaited<ReturnType<Store['book']>>;
export type IngestedDocument = Awaited<ReturnType<Book['ingest']>>[number];
export type TransactionsObject = Awaited<ReturnType<Book['transactions']>>;
export type Txn = TransactionsObject['txns'][number];
export type BankAccount = TransactionsObject['bank_accounts'][string];

/** The hand-made samples live in the repository's `data/` folder. */
export function dataFile(name: string): string {
  return fileURLToPath(new URL(`../../data/${name}`, import.meta.url));
}

/**
 * Opens a store (`:memory:` unless a file is given), gets book `name`, runs `use`, and always closes the store,
 * so a failing assertion never leaks an open database into the next test.
 */
export async function withBook<T>(use: (book: Book, store: Store) => Promise<T>, location = ':memory:', name = 'acme'): Promise<T> {
  const store = await openStore(location);
  try {
    return await use(await store.book(name), store);
  } finally {
    await store.close();
  }
}

/** Ingests `paths` as one call and asserts the call produced exactly `expectedDocuments` documents. */
export async function ingestPaths(book: Book, paths: string[], expectedDocuments = 1): Promise<IngestedDocument[]> {
  const docs = await book.ingest(paths);
  assert.equal(docs.length, expectedDocuments, `documents from ${paths.join(', ')}: ${JSON.stringify(docs)}`);
  return docs;
}

/** The single document of an ingest, checked to have been accepted (the reason is shown when it was not). */
export function acceptedDocument(docs: IngestedDocument[]): IngestedDocument {
  const [doc] = docs;
  assert.ok(doc !== undefined, 'no document returned');
  assert.equal(doc.status, 'VERIFICATION_COMPLETE', `document ${doc.name} was ${doc.status}: ${doc.reason ?? ''}`);
  return doc;
}

/** The one transaction with this aggregator id; fails when it is missing or stored twice. */
export function txnById(transactions: TransactionsObject, sourceTxnId: string): Txn {
  const found = transactions.txns.filter((txn) => txn.source_txn_id === sourceTxnId);
  assert.equal(found.length, 1, `transactions with source_txn_id ${sourceTxnId}`);
  return found[0] as Txn;
}

/** The one bank account with this aggregator id. */
export function accountById(transactions: TransactionsObject, sourceAccountId: string): BankAccount {
  const found = Object.values(transactions.bank_accounts).filter((account) => account.source_account_id === sourceAccountId);
  assert.equal(found.length, 1, `bank accounts with source_account_id ${sourceAccountId}`);
  return found[0] as BankAccount;
}

export function txnsOf(transactions: TransactionsObject, account: BankAccount, status?: Txn['status']): Txn[] {
  return transactions.txns.filter((txn) => txn.bank_account_pk === account.pk && (status === undefined || txn.status === status));
}

/**
 * Sums two-decimal money strings ("-2307.21") as integer cents. A test-side reader, independent of the library,
 * so a sum compared with a hand-worked total checks the stored amounts rather than the library's own arithmetic.
 */
export function sumCents(txns: readonly Txn[]): number {
  return txns.reduce((total, txn) => total + centsOf(txn.amount), 0);
}

function centsOf(amount: string): number {
  const match = /^(-?)(\d+)\.(\d{2})$/.exec(amount);
  assert.ok(match !== null, `amount ${JSON.stringify(amount)} is not a two-decimal string`);
  const [, sign, whole, fraction] = match as unknown as [string, string, string, string];
  const magnitude = Number(whole) * 100 + Number(fraction);
  return sign === '-' ? -magnitude : magnitude;
}

/** The fields a test names for a transaction, so one deepEqual shows every difference at once. */
export function essentials(txn: Txn): { amount: string; txn_date: string; description: string; status: string } {
  return { amount: txn.amount, txn_date: txn.txn_date, description: txn.description, status: txn.status };
}

/** Holder and identity fields of an account, absent keys read as null (the sources without owners). */
export function accountFields(account: BankAccount): Record<string, unknown> {
  const record = account as unknown as Record<string, unknown>;
  const keys = [
    'name', 'account_type', 'account_number', 'bank_name', 'source', 'source_account_id', 'account_holder',
    'holder_address_1', 'holder_address_2', 'holder_city', 'holder_state', 'holder_zip', 'holder_country',
  ];
  return Object.fromEntries(keys.map((key) => [key, record[key] ?? null]));
}

/** MM/DD/YYYY → YYYY-MM-DD, to check the order of txns by date. */
export function isoOf(ocrolusDate: string): string {
  const match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(ocrolusDate);
  assert.ok(match !== null, `txn_date ${ocrolusDate} is not MM/DD/YYYY`);
  return `${match[3]}-${match[1]}-${match[2]}`;
}

/** A FAILED document whose reason names the file and the JSON path, and says what is wrong; nothing kept. */
export function assertFailed(doc: IngestedDocument, file: string, path: string, says: RegExp): void {
  assert.equal(doc.status, 'FAILED', `reason: ${doc.reason}`);
  assert.equal(doc.error_path, path, `reason: ${doc.reason}`);
  assert.ok(doc.reason?.includes(basename(file)), `the reason names the file: ${doc.reason}`);
  assert.ok(doc.reason?.includes(path), `the reason names the path: ${doc.reason}`);
  assert.match(doc.reason ?? '', says);
  assert.equal(doc.txn_count, 0);
}
