/**
 * `summaryJson`, `infoJson` and `transactionsJson` stream their objects account by account (and row by
 * row); their text must be exactly what `JSON.stringify` of the object gives, on the bundled samples and
 * on a book of many accounts.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EXTRA_FIELDS, parseExtraFields } from '../src/report/extra-fields.js';
import { loadRules } from '../src/rules/rules-folder.js';
import { bookInfo, bookInfoJson } from '../src/report/info.js';
import { bookSummary, bookSummaryJson } from '../src/report/summary.js';
import { collect } from '../src/report/json-pieces.js';
import { transactionsReport, transactionsReportJson } from '../src/report/transactions.js';
import { dataFile, withBook } from './helpers/books.js';
import { withCanonicalBook, type DocumentSpec } from './helpers/canonical-book.js';

// Every extra field at once too: the lists of every deposit are streamed apart from the rest of an account.
const EXTRAS = ['', 'weekday_balances,probable_recurring_txns', 'nsf_count', EXTRA_FIELDS.join(',')];

const SAMPLES = [
  ...['plaid-asset-report.json', 'plaid-transactions-page-1.json', 'plaid-transactions-page-2.json', 'plaid-bank-statements.json'].map(dataFile),
  ...readdirSync(dataFile('finicity')).filter((name) => name.endsWith('.json')).map((name) => join(dataFile('finicity'), name)),
];

test('the samples: the streamed summary is the summary, byte for byte, with and without extra fields', async () => {
  await withBook(async (book) => {
    await book.ingest(SAMPLES);
    for (const extraFields of EXTRAS) {
      const summary = await book.summary({ extraFields });
      // Plaid checking and savings, the statement account, Finicity checking and card.
      assert.equal(summary.bank_accounts.length, 5);
      const pieces = await collect(book.summaryJson({ extraFields }));
      assert.equal(pieces.join(''), JSON.stringify(summary), `extra fields "${extraFields}"`);
      assert.deepEqual(JSON.parse(pieces.join('')), summary);
    }
  });
});

/**
 * 600 accounts (more than one page of 256): every fifth has no balance (a warning), every seventh is
 * a card (not depository), account 599 has nothing at all (a warning, no figures); each of the others has
 * a deposit of (n + 1).00 on 2024-01-0(n mod 5 + 1) and, unless n mod 5 = 0, an end-of-day balance of 100.00 on 2024-01-10.
 */
function manyAccounts(): DocumentSpec {
  const ids = Array.from({ length: 600 }, (_, n) => n);
  return {
    accounts: ids.map((n) => ({ id: `acct-${String(n).padStart(3, '0')}`, depository: n % 7 !== 0 })),
    txns: ids.filter((n) => n !== 599).map((n) => ({ account: `acct-${String(n).padStart(3, '0')}`, date: `2024-01-0${(n % 5) + 1}`, amount: `${n + 1}.00` })),
    points: ids.filter((n) => n % 5 !== 0 && n !== 599).map((n) => ({ account: `acct-${String(n).padStart(3, '0')}`, date: '2024-01-10', balance: '100.00', kind: 'end_of_day' as const })),
  };
}

test('a book of 600 accounts: the streamed summary is the summary, in a piece per account', async () => {
  await withCanonicalBook([manyAccounts()], async (book) => {
    for (const extraFields of EXTRAS) {
      const extra = { extra: parseExtraFields(extraFields), rules: await loadRules() };
      const pieces = await collect(bookSummaryJson(book.db, { pk: book.bookPk, name: 'analytics' }, extra));
      const summary = await bookSummary(book.db, { pk: book.bookPk, name: 'analytics' }, extra);
      assert.equal(pieces.join(''), JSON.stringify(summary));
      assert.ok(pieces.length > 600, `${pieces.length} pieces`);
      assert.deepEqual(summary.bank_accounts.map((account) => account.source_account_id), Array.from({ length: 600 }, (_, n) => `acct-${String(n).padStart(3, '0')}`));
      // 120 accounts without a balance (n mod 5 = 0), 599 without coverage (last); every extra field is computed, so no other warning.
      assert.equal(summary.warnings.length, 120 + 1);
      assert.match(summary.warnings.at(-1)!, /acct-599\): no posted transaction/);
      // Depository accounts: 600 − 86 cards (n = 0, 7, …, 595) = 514; their deposits span 2024-01-01 … 2024-01-05.
      assert.equal(summary.bank_accounts.filter((account) => account.is_depository).length, 514);
      assert.deepEqual(summary.date_min_max, { min_txn_date: '01/01/2024', max_txn_date: '01/05/2024' });
    }
  });
});

test('the samples and 600 accounts: the streamed info and transactions are the objects, byte for byte', async () => {
  await withBook(async (book) => {
    // The samples are 3 documents (asset report, the two pages, statements) + the Finicity bundle = 4 documents.
    const docs = await book.ingest(SAMPLES);
    assert.equal(docs.length, 4);
    const info = await book.info();
    assert.equal(info.docs.length, 4);
    assert.equal((await collect(book.infoJson())).join(''), JSON.stringify(info));
    assert.equal((await collect(book.transactionsJson())).join(''), JSON.stringify(await book.transactions()));
  });
  await withCanonicalBook([manyAccounts()], async (book) => {
    const info = await bookInfo(book.db, book.bookPk);
    assert.equal(Object.keys(info.bank_accounts).length, 600);
    assert.equal((await collect(bookInfoJson(book.db, book.bookPk))).join(''), JSON.stringify(info));
    const rules = await loadRules();
    const transactions = await transactionsReport(book.db, book.bookPk, rules);
    assert.equal(Object.keys(transactions.bank_accounts).length, 600);
    assert.equal(transactions.txns.length, 599);
    assert.equal((await collect(transactionsReportJson(book.db, book.bookPk, rules))).join(''), JSON.stringify(transactions));
  });
});

/**
 * Recurring groups are streamed a few thousand rows at a time (analytics/recurring.ts): their order must be the
 * held object's. Account R: -25.00 every 10 days from 2024-01-01 (40 rows, the last on 2025-01-25: one group),
 * -25.00 again from 2025-04-01, 66 days later (3 rows, 10 days apart: a second group of the same amount), -60.00
 * on 2024-01-01 and 2024-01-15 (a group that ties with the first on its first date: amounts sort as numbers,
 * -6000 cents before -2500), and 6,001 rows of -11.00 within 300 days from 2024-02-01 (one group of more rows
 * than a read takes).
 */
test('recurring groups streamed a read at a time: the held summary, byte for byte, in its order', async () => {
  const day = (start: string, offset: number) => new Date(Date.parse(`${start}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
  const txns = [
    ...Array.from({ length: 40 }, (_, n) => ({ account: 'R', date: day('2024-01-01', 10 * n), amount: '-25.00' })),
    ...Array.from({ length: 3 }, (_, n) => ({ account: 'R', date: day('2025-04-01', 10 * n), amount: '-25.00' })),
    { account: 'R', date: '2024-01-01', amount: '-60.00' },
    { account: 'R', date: '2024-01-15', amount: '-60.00' },
    ...Array.from({ length: 6_001 }, (_, n) => ({ account: 'R', date: day('2024-02-01', n % 300), amount: '-11.00' })),
  ];
  await withCanonicalBook([{ accounts: [{ id: 'R' }], txns, points: [] }], async (book) => {
    const extra = { extra: parseExtraFields('probable_recurring_txns'), rules: await loadRules() };
    const summary = await bookSummary(book.db, { pk: book.bookPk, name: 'analytics' }, extra);
    const groups = summary.bank_accounts[0]!.probable_recurring_txns!;
    // By first date, then amount: -60.00 and -25.00 both start 2024-01-01; then -11.00 (2024-02-01); then -25.00 of 2025.
    assert.deepEqual(groups.map((group) => [group[0]!.txn_date, group[0]!.amount, group.length]), [
      ['01/01/2024', '-60.00', 2], ['01/01/2024', '-25.00', 40], ['02/01/2024', '-11.00', 6_001], ['04/01/2025', '-25.00', 3],
    ]);
    const pieces = await collect(bookSummaryJson(book.db, { pk: book.bookPk, name: 'analytics' }, extra));
    assert.equal(pieces.join(''), JSON.stringify(summary));
  });
});
