/**
 * storeDerivedForBooks materializes the figures and the classification of many books at once (the
 * accounts of all of them recomputed and classified together, the interbank pairs made book by book).
 * Every book must then read exactly as it does when its own summary stores its derived data, pairs must
 * stay within a book (SPEC §4a), and the summaries that follow must find everything stored.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { storeDerivedForBooks } from '../src/analytics/store-derived.js';
import { parseExtraFields } from '../src/report/extra-fields.js';
import { bookSummary } from '../src/report/summary.js';
import { transactionsReport } from '../src/report/transactions.js';
import { loadRules } from '../src/rules/rules-folder.js';
import { ensureBook } from '../src/store/books.js';
import { openDatabase, type StoreDatabase } from '../src/store/database.js';
import { writeDocument, type DocumentSpec, type TxnSpec } from './helpers/canonical-book.js';
import { day, generator, money } from './helpers/lcg.js';


const DESCRIPTIONS = ['CARD PURCHASE', 'CUSTOMER PAYMENT', 'NSF FEE', 'NSF FEE REFUND', 'ONLINE TRANSFER FROM CHK', 'INCOMING WIRE', 'AMAZON LENDING PAYMENT', 'TAX REFUND'];

/**
 * Book `n`: up to four accounts of random rows, and transfers of 500.00 between its first two accounts.
 * Every book has the same transfers on the same days, so pairing across books would be seen.
 */
function bookDocument(n: number): DocumentSpec {
  const int = generator(n * 31 + 7);
  const ids = Array.from({ length: int(1, 4) }, (_, index) => `b${n}-acct-${index}`);
  const txns: TxnSpec[] = ids.flatMap((account) =>
    Array.from({ length: int(0, 30) }, (_, index) => ({
      account, id: `${account}-t${index}`, date: day(int(0, 90)), amount: money(int(0, 4) === 0 ? -int(1, 3) * 3_500 : int(-60_000, 80_000)),
      description: DESCRIPTIONS[int(0, DESCRIPTIONS.length - 1)]!, status: int(0, 9) === 0 ? 'pending' as const : 'posted' as const,
    })),
  );
  for (const offset of [10, 40, 70]) {
    txns.push({ account: ids[0]!, id: `${ids[0]}-out-${offset}`, date: day(offset), amount: '-500.00', description: 'ONLINE TRANSFER TO SAV' });
    const to = ids[1] ?? ids[0]!;
    txns.push({ account: to, id: `${to}-in-${offset}`, date: day(offset + 1), amount: '500.00', description: 'ONLINE TRANSFER FROM CHK' });
  }
  const points = ids.filter(() => int(0, 3) !== 0).map((account) => ({ account, date: day(int(0, 95)), balance: money(int(-20_000, 150_000)), kind: 'end_of_day' as const }));
  return { accounts: ids.map((id, index) => ({ id, depository: index !== 3 })), txns, points };
}

const BOOKS = 12;
const EXTRAS = parseExtraFields('weekday_balances,probable_recurring_txns,nsf_count,estimated_revenue_by_month_calc_txns,monthly_cash_flow');

async function bookStore(): Promise<{ db: StoreDatabase; pks: number[] }> {
  const db = await openDatabase(':memory:');
  const pks = Array.from({ length: BOOKS }, (_, n) => ensureBook(db, `book-${n}`));
  pks.forEach((pk, n) => writeDocument(db, pk, bookDocument(n)));
  return { db, pks };
}

const totalChanges = (db: StoreDatabase) => (db.sqlite.prepare('SELECT total_changes() AS n').get() as { n: number }).n;

test('figures and classification stored for 12 books at once read exactly as each book alone, and stay stored', async () => {
  const rules = await loadRules();
  const [together, alone] = [await bookStore(), await bookStore()];
  try {
    await storeDerivedForBooks(together.db, together.pks, rules);
    for (const [n, pk] of together.pks.entries()) {
      const request = { extra: EXTRAS, rules };
      const before = totalChanges(together.db);
      const summary = await bookSummary(together.db, { pk, name: `book-${n}` }, request);
      const transactions = await transactionsReport(together.db, pk, rules);
      assert.equal(totalChanges(together.db), before, `book ${n}: everything was stored`);
      const own = { pk: alone.pks[n]!, name: `book-${n}` };
      assert.deepEqual(summary, await bookSummary(alone.db, own, request), `book ${n}: summary`);
      const ownTransactions = await transactionsReport(alone.db, own.pk, rules);
      // The documents' names differ (each store's documents are numbered as written); the rows must not.
      assert.deepEqual([transactions.bank_accounts, transactions.txns], [ownTransactions.bank_accounts, ownTransactions.txns], `book ${n}: transactions`);
      const interbank = summary.bank_accounts.flatMap((account) => account.interbank_transactions);
      const accounts = new Set(summary.bank_accounts.map((account) => account.pk));
      assert.ok(interbank.every((txn) => accounts.has(txn.bank_account_pk)), `book ${n}: pairs within the book`);
      if (summary.bank_accounts.length > 1) assert.equal(interbank.length, 6, `book ${n}: its three transfers pair`);
    }
  } finally {
    await together.db.close();
    await alone.db.close();
  }
});

test('storeDerivedForBooks writes nothing when nothing changed, and recomputes what a new document touched', async () => {
  const rules = await loadRules();
  const { db, pks } = await bookStore();
  try {
    await storeDerivedForBooks(db, pks, rules);
    const before = totalChanges(db);
    await storeDerivedForBooks(db, pks, rules);
    assert.equal(totalChanges(db), before, 'nothing stale: nothing written');
    writeDocument(db, pks[3]!, { txns: [{ account: 'b3-acct-0', id: 'late', date: day(20), amount: '-12.34', description: 'NSF FEE' }] });
    await storeDerivedForBooks(db, pks, rules);
    const summary = await bookSummary(db, { pk: pks[3]!, name: 'book-3' }, { extra: EXTRAS, rules });
    assert.ok(summary.bank_accounts[0]!.nsf_transactions.some((txn) => txn.source_txn_id === 'late'), 'the new row is classified');
  } finally {
    await db.close();
  }
});
