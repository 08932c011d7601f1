import assert from 'node:assert/strict';
import type { BalancePointKind, TransactionStatus } from '../../src/core/canonical.js';
import { parseMoney } from '../../src/core/money.js';
import { refreshFigures } from '../../src/analytics/refresh.js';
import { parseExtraFields } from '../../src/report/extra-fields.js';
import { bookSummary, type AccountSummary, type BookSummary } from '../../src/report/summary.js';
import { loadRules } from '../../src/rules/rules-folder.js';
import { transactionsReport, type TransactionsReport } from '../../src/report/transactions.js';
import { ensureBook } from '../../src/store/books.js';
import { openDatabase, type StoreDatabase } from '../../src/store/database.js';
import { DocumentWriter } from '../../src/store/document-writer.js';

/**
 * Books written straight from canonical records, so that an analytics test states exactly the
 * transactions and known balances it reasons about (amounts in the canonical sign: + is money in).
 */
export interface DocumentSpec {
  readonly accounts?: ReadonlyArray<{ readonly id: string; readonly depository?: boolean }>;
  readonly txns?: ReadonlyArray<TxnSpec>;
  readonly points?: ReadonlyArray<{ readonly account: string; readonly date: string; readonly balance: string; readonly kind?: BalancePointKind }>;
  /** A statement period also writes its two known points, as statement ingest does. */
  readonly periods?: ReadonlyArray<{ readonly account: string; readonly begin: string; readonly end: string; readonly beginBalance: string; readonly endBalance: string }>;
}

export interface TxnSpec {
  readonly account: string;
  readonly date: string;
  readonly amount: string;
  readonly id?: string;
  readonly status?: TransactionStatus;
  readonly description?: string;
}

export interface CanonicalBook {
  readonly db: StoreDatabase;
  readonly bookPk: number;
  write(document: DocumentSpec): void;
  /** With the shipped rules, or the rules folder given. */
  summary(extraFields?: string, rules?: string): Promise<BookSummary>;
  transactions(rules?: string): Promise<TransactionsReport>;
  refresh(): Promise<number[]>;
}

let documentCount = 0;

export async function withCanonicalBook(documents: readonly DocumentSpec[], use: (book: CanonicalBook) => Promise<void>): Promise<void> {
  const db = await openDatabase(':memory:');
  try {
    const bookPk = ensureBook(db, 'analytics');
    const book: CanonicalBook = {
      db,
      bookPk,
      write: (document) => writeDocument(db, bookPk, document),
      summary: async (extraFields = '', rules?: string) =>
        bookSummary(db, { pk: bookPk, name: 'analytics' }, { extra: parseExtraFields(extraFields), rules: await loadRules(rules) }),
      transactions: async (rules?: string) => transactionsReport(db, bookPk, await loadRules(rules)),
      refresh: () => refreshFigures(db, bookPk),
    };
    for (const document of documents) book.write(document);
    await use(book);
  } finally {
    await db.close();
  }
}

/** Writes one document of canonical records into any book of the store (withCanonicalBook writes into its own). */
export function writeDocument(db: StoreDatabase, bookPk: number, document: DocumentSpec): void {
  documentCount += 1;
  const writer = DocumentWriter.begin(db, bookPk, { name: `canonical-${documentCount}`, format: 'PLAID_TRANSACTIONS', files: [] });
  for (const { id, depository = true } of document.accounts ?? []) {
    writer.describeAccount({
      sourceAccountId: id, name: id, officialName: null, accountType: depository ? 'depository' : 'credit',
      accountSubtype: depository ? 'checking' : 'credit card', isDepository: depository, accountNumber: null,
      bankName: null, institutionId: null, currency: 'USD', holder: null,
    });
  }
  writer.writeTransactions(
    (document.txns ?? []).map((txn, index) => ({
      sourceAccountId: txn.account,
      sourceTxnId: txn.id ?? `${txn.account}-${txn.date}-${index}`,
      date: txn.date,
      amount: parseMoney(txn.amount),
      description: txn.description ?? `TXN ${index}`,
      status: txn.status ?? 'posted',
      category: null,
      merchantName: null,
      pfcDetailed: null,
    })),
  );
  for (const point of document.points ?? []) {
    writer.writeBalancePoint({ sourceAccountId: point.account, date: point.date, kind: point.kind ?? 'anchor', balance: parseMoney(point.balance) });
  }
  for (const period of document.periods ?? []) {
    const [beginBalance, endBalance] = [parseMoney(period.beginBalance), parseMoney(period.endBalance)];
    writer.writePeriod({ sourceAccountId: period.account, statementId: `${period.account}-${period.begin}`, beginDate: period.begin, endDate: period.end, beginBalance, endBalance });
    writer.writeBalancePoint({ sourceAccountId: period.account, date: dayBefore(period.begin), kind: 'statement_start', balance: beginBalance });
    writer.writeBalancePoint({ sourceAccountId: period.account, date: period.end, kind: 'end_of_day', balance: endBalance });
  }
  writer.commit({ sha256: `canonical-${documentCount}`, bytes: 0 });
}

function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/** The account of a summary with this aggregator id. */
export function account(summary: BookSummary, id: string): AccountSummary {
  const found = summary.bank_accounts.find((candidate) => candidate.source_account_id === id);
  assert.ok(found !== undefined, `account ${id} in the summary`);
  return found;
}

/** Balances of consecutive days from `first` (ISO), keyed MM/DD/YYYY, as a hand-worked list gives them. */
export function balancesFrom(first: string, values: readonly string[]): Record<string, string> {
  const start = Date.parse(`${first}T00:00:00Z`);
  return Object.fromEntries(
    values.map((value, index) => {
      const iso = new Date(start + index * 86_400_000).toISOString().slice(0, 10);
      return [`${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`, value];
    }),
  );
}

export function repeat(value: string, times: number): string[] {
  return Array.from({ length: times }, () => value);
}
