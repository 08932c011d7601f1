// The hand-made Finicity bundle of data/finicity/ (see its README for every value worked out by hand), and bundles
// built here to show each validation rule. Every figure below is in the README's tables or in a comment.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore } from '../src/index.js';
import {
  acceptedDocument, accountById, accountFields, dataFile, essentials, sumCents, txnsOf, withBook, type TransactionsObject,
} from './helpers/books.js';
import { jsonText, makeTempDir, removeTempDir, writeInput } from './fixtures/make-inputs.js';

const BUNDLE_DIR = dataFile('finicity');
const BUNDLE = readdirSync(BUNDLE_DIR).filter((name) => name.endsWith('.json')).sort().map((name) => join(BUNDLE_DIR, name));
const CHECKING = '6100482100';
const VISA = '6100482101';

let dir = '';
before(async () => (dir = await makeTempDir()));
after(async () => removeTempDir(dir));

const essentialsById = (tx: TransactionsObject, accountId: string) =>
  Object.fromEntries(txnsOf(tx, accountById(tx, accountId)).map((txn) => [txn.source_txn_id, essentials(txn)]));

test('sample bundle: five files, one document, 8 distinct transactions, the shadow count in its warnings', async () => {
  await withBook(async (book) => {
    const docs = await book.ingest(BUNDLE);
    assert.equal(docs.length, 1);
    const doc = acceptedDocument(docs);
    // checking 300001, 300002 (on both pages), 300003, 300006, 300007 = 5; Visa 300004, 300005, 300001 = 3.
    assert.deepEqual(
      { format: doc.format, source: doc.source, txn_count: doc.txn_count, warnings: doc.warnings, files: doc.files.length },
      { format: 'FINICITY_BUNDLE', source: 'FINICITY', txn_count: 8, warnings: ['1 shadow transaction kept, flagged, out of the figures'], files: 5 },
    );
    const tx = await book.transactions();
    const holder = { account_holder: 'Dana Reyes', holder_address_1: null, holder_address_2: null, holder_city: null, holder_state: null, holder_zip: null, holder_country: null };
    assert.deepEqual(accountFields(accountById(tx, CHECKING)), {
      name: 'Business Checking', account_type: 'Checking', account_number: '4821', bank_name: 'Bluebonnet Community Bank',
      source: 'FINICITY', source_account_id: CHECKING, ...holder,
    });
    assert.deepEqual(accountFields(accountById(tx, VISA)), {
      name: 'Business Visa', account_type: 'Credit Card', account_number: '9012', bank_name: 'Bluebonnet Community Bank',
      source: 'FINICITY', source_account_id: VISA, ...holder,
    });
  });
});

test('sample bundle: dates in UTC, description + memo, statuses, later page wins, card signs reversed', async () => {
  await withBook(async (book) => {
    acceptedDocument(await book.ingest(BUNDLE));
    const tx = await book.transactions();
    const row = (amount: string, txn_date: string, description: string, status = 'posted') => ({ amount, txn_date, description, status });
    assert.deepEqual(essentialsById(tx, CHECKING), {
      300001: row('3980.75', '05/21/2024', 'ACH CREDIT STRIPE TRANSFER ST-C1V7Z5 ACME PLUMBING'),
      // Page 1: memo equals the description (not repeated); page 2, given later, has a new memo and wins.
      300002: row('-2307.21', '05/24/2024', 'GUSTO NET PAY 7734 ACME PLUMBING'),
      // postedDate 0 → transactionDate 1716782400 = 2024-05-27T04:00Z; the empty memo adds nothing.
      300003: row('-56.97', '05/27/2024', 'SQ *AUSTIN TACO CO', 'pending'),
      300006: row('-500.00', '05/29/2024', 'ONLINE TRANSFER TO VISA 9012'),
      300007: row('12.00', '05/30/2024', 'AMZN MKTP US REFUND', 'shadow'),
    });
    // creditCard: Finicity's 45.5 / -500 / -3.00 turned around.
    assert.deepEqual(essentialsById(tx, VISA), {
      300004: row('-45.50', '05/22/2024', 'SHELL OIL 57444 AUSTIN TX'),
      300005: row('500.00', '05/29/2024', 'ONLINE PAYMENT THANK YOU'),
      300001: row('3.00', '05/30/2024', 'CASHBACK REWARD'),
    });
    const checking = accountById(tx, CHECKING);
    // 3980.75 − 2307.21 − 500.00 = 1173.54; Visa −45.50 + 500.00 + 3.00 = 457.50.
    assert.equal(sumCents(txnsOf(tx, checking, 'posted')), 117354);
    assert.equal(sumCents(txnsOf(tx, accountById(tx, VISA), 'posted')), 45750);
    const gusto = txnsOf(tx, checking).find((txn) => txn.source_txn_id === '300002')!;
    assert.equal(gusto.category, 'Paycheck');
  });
});

test('sample bundle: anchors as of balanceDate (UTC), dailyBalances as end-of-day points; merchant names kept', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'bookstream-finicity-'));
  const dbFile = join(folder, 'book.db');
  try {
    await withBook(async (book) => void acceptedDocument(await book.ingest(BUNDLE)), dbFile);
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    try {
      const points = db.prepare(`
        SELECT a.source_account_id AS account, p.balance_date AS date, p.kind, p.balance_text AS balance
        FROM balance_points p JOIN bank_accounts a ON a.pk = p.bank_account_pk ORDER BY account, date, kind`).all();
      assert.deepEqual(points, [
        // page 2's dailyBalances (its rows are all checking's): `ending` of 05-29 and 05-30.
        { account: CHECKING, date: '2024-05-29', kind: 'end_of_day', balance: '5210.40' },
        { account: CHECKING, date: '2024-05-30', kind: 'end_of_day', balance: '5210.40' },
        // balanceDate 1717200000 = 2024-06-01T00:00Z; 5210.40 keeps its exact text (quoted before parsing).
        { account: CHECKING, date: '2024-06-01', kind: 'anchor', balance: '5210.40' },
        { account: VISA, date: '2024-06-01', kind: 'anchor', balance: '-842.17' },
      ]);
      const merchants = db.prepare(`SELECT source_txn_id AS id, merchant_name AS merchant FROM transactions WHERE merchant_name IS NOT NULL ORDER BY pk`).all();
      assert.deepEqual(merchants.slice(0, 2), [{ id: '300001', merchant: 'Stripe' }, { id: '300004', merchant: 'Shell' }]);
    } finally {
      db.close();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('the order the files are given in does not matter, nor the pool size (reading on a thread)', async () => {
  const expected = await withBook(async (book) => (acceptedDocument(await book.ingest(BUNDLE)), essentialsOfBook(await book.transactions())));
  for (const poolSize of [0, 1, 2]) {
    await withBook(async (book) => {
      const doc = acceptedDocument(await book.ingest([...BUNDLE].reverse(), { poolSize }));
      assert.equal(doc.txn_count, 8);
      assert.deepEqual(essentialsOfBook(await book.transactions()), expected, `pool ${poolSize}`);
    });
  }
});

function essentialsOfBook(tx: TransactionsObject) {
  return Object.fromEntries([CHECKING, VISA].map((id) => [id, essentialsById(tx, id)]));
}

// ---------------------------------------------------------------- rejections

const customer = { id: '1005061234', firstName: 'John', lastName: 'Smith' };
const institution = { institution: { id: 4222, name: 'FinBank' } };
const account = (id: string, extra: Record<string, unknown> = {}) => ({
  id, number: '201940541', name: 'Checking', balance: 10, type: 'checking', customerId: '1005061234', institutionId: '4222', balanceDate: 1607450357, ...extra,
});
const page = (...transactions: Record<string, unknown>[]) => ({ found: transactions.length, displaying: transactions.length, moreAvailable: false, transactions });
const txn = (id: number, accountId: number | string) => ({ id, amount: -1, accountId, status: 'active', description: 'x', postedDate: 1607450357 });

async function files(prefix: string, parts: Record<string, unknown>): Promise<string[]> {
  return Promise.all(Object.entries(parts).map(([name, value]) => writeInput(dir, `${prefix}-${name}.json`, jsonText(value))));
}

test('an incomplete bundle is REJECTED before reading, naming each missing kind', async () => {
  const paths = await files('incomplete', { accounts: { accounts: [account('1')] }, institution });
  await withBook(async (book) => {
    const [doc] = await book.ingest(paths);
    assert.equal(doc?.status, 'REJECTED');
    assert.match(doc!.reason!, /Finicity bundle rejected \(2 problems\): Finicity Incomplete Bundle: no transactions file .*; Finicity Incomplete Bundle: no customer/);
    assert.match(doc!.reason!, /incomplete-accounts\.json \(accounts\)/);
  });
});

test('dangling references are REJECTED together, each naming its rule and id, and the book is left as it was', async () => {
  const good = await files('good', { customer, institution, accounts: { accounts: [account('5011648377')] }, page: page(txn(1, 5011648377)) });
  const bad = await files('bad', {
    customer,
    institution,
    accounts: { accounts: [account('5011648377', { customerId: '999' }), account('77', { institutionId: 4223 })] },
    page: page(txn(2, 5011648377), txn(3, '555'), txn(4, 555), txn(5, 556)),
  });
  await withBook(async (book) => {
    acceptedDocument(await book.ingest(good));
    const before = await book.transactions();
    const [doc] = await book.ingest(bad);
    assert.equal(doc?.status, 'REJECTED');
    assert.equal(doc!.txn_count, 0);
    const reason = doc!.reason!;
    for (const says of [
      'Finicity bundle rejected (4 problems)',
      'Finicity Customer Not Found: account 5011648377 refers to customerId 999, which no customers file contains',
      'Finicity Institution Not Found: account 77 refers to institutionId 4223, which no institutions file contains',
      // 555 as a string and as an integer is one id: 2 transactions.
      `Finicity Account Not Found: 2 transactions refer to accountId 555 (first at ${bad[3]} transactions[1])`,
      'Finicity Account Not Found: 1 transaction refers to accountId 556',
    ]) assert.ok(reason.includes(says), `reason says ${says}: ${reason}`);
    const now = await book.transactions();
    assert.deepEqual(now.txns, before.txns);
    assert.deepEqual(now.bank_accounts, before.bank_accounts);
  });
});

test('an accountId written with escapes is the same key: a dangling one is still REJECTED, never a phantom account', async () => {
  // `"\u0061ccountId"` and `"accountId":"5\u00355"` spell accountId and "555": an account the bundle does not have.
  const paths = await files('escaped', { customer, institution, accounts: { accounts: [account('1')] }, page: page(txn(1, 1), txn(2, 'ESCAPED')) });
  const pagePath = paths[3]!;
  const text = (await readFile(pagePath, 'utf8')).replace('"accountId":"ESCAPED"', '"\\u0061ccountId":"5\\u00355"');
  assert.ok(text.includes('"\\u0061ccountId":"5\\u00355"'));
  await writeFile(pagePath, text);
  await withBook(async (book) => {
    const [doc] = await book.ingest(paths);
    assert.equal(doc?.status, 'REJECTED', doc?.reason ?? '');
    assert.ok(doc!.reason!.includes(`Finicity Account Not Found: 1 transaction refers to accountId 555 (first at ${pagePath} transactions[1])`), doc!.reason!);
    assert.deepEqual((await book.transactions()).bank_accounts, {});
  });
});

test('files that are not bundle parts are named as such; the bundle beside them still goes in', async () => {
  const paths = await files('stray', {
    customer, institution, accounts: { accounts: [account('1')] }, page: page(txn(1, 1)),
    login: { loginForm: [{ id: '1', name: 'ID' }] },
  });
  await withBook(async (book) => {
    const docs = await book.ingest(paths);
    assert.deepEqual(docs.map((doc) => doc.status), ['VERIFICATION_COMPLETE', 'REJECTED']);
    assert.match(docs[1]!.reason!, /stray-login\.json: not a part of a Finicity bundle: this is a Finicity institution login form/);
  });
});

test('a wrongly typed date fails the document with the transaction\'s path', async () => {
  const paths = await files('baddate', { customer, institution, accounts: { accounts: [account('1')] }, page: page(txn(1, 1), { ...txn(2, 1), postedDate: '2020-12-08' }) });
  await withBook(async (book) => {
    const [doc] = await book.ingest(paths);
    assert.equal(doc?.status, 'FAILED');
    assert.equal(doc!.error_path, 'transactions[1].postedDate');
    assert.match(doc!.reason!, /expected epoch seconds/);
  });
});

test('a wrongly typed daily balance fails the document with its path', async () => {
  const daily = { ...page(txn(1, 1)), dailyBalances: [{ date: 1607450357, beginning: 10, ending: 'ten' }] };
  const paths = await files('baddaily', { customer, institution, accounts: { accounts: [account('1')] }, page: daily });
  await withBook(async (book) => {
    const [doc] = await book.ingest(paths);
    assert.equal(doc?.status, 'FAILED');
    assert.equal(doc!.error_path, 'dailyBalances[0].ending');
  });
});

// ---------------------------------------------------------------- Transactions report

test('a Finicity Transactions report is a bundle by itself: institutions → accounts → transactions', async () => {
  const report = {
    id: 'r1', requestId: 'q1', consumerId: 'c1', type: 'transactions', status: 'success', customerId: 1005061234,
    institutions: [{
      id: 4222, name: 'FinBank', urlHomeApp: 'https://example.com',
      accounts: [
        { id: 10, number: 'xxxx1111', name: 'Checking', type: 'checking', balance: 100.5, balanceDate: 1607450357,
          transactions: [{ id: 1, amount: 25, postedDate: 1607450357, description: 'DEPOSIT', memo: 'REF 9', normalizedPayee: 'Deposit', category: 'Income' }] },
        { id: 11, number: 'xxxx2222', name: 'Card', type: 'creditCard', balance: -20, balanceDate: 1607450357,
          transactions: [{ id: 1, amount: 7.25, postedDate: '1607450357', description: 'COFFEE', category: 'Coffee Shops' }] },
      ],
    }],
  };
  const [path] = await files('report', { report });
  const withCustomer = await files('report-customer', { customer });
  await withBook(async (book) => {
    const doc = acceptedDocument(await book.ingest([path!, ...withCustomer]));
    assert.equal(doc.txn_count, 2);
    const tx = await book.transactions();
    // Checking 25 stays 25.00; the card's 7.25 is reversed to −7.25. Both 2020-12-08 (1607450357 UTC).
    assert.deepEqual(essentialsById(tx, '10'), { 1: { amount: '25.00', txn_date: '12/08/2020', description: 'DEPOSIT REF 9', status: 'posted' } });
    assert.deepEqual(essentialsById(tx, '11'), { 1: { amount: '-7.25', txn_date: '12/08/2020', description: 'COFFEE', status: 'posted' } });
    const checking = accountFields(accountById(tx, '10'));
    assert.deepEqual([checking['bank_name'], checking['account_number'], checking['account_holder']], ['FinBank', 'xxxx1111', 'John Smith']);
  });
});

test('a store closed and reopened still reads the bundle (no state leaks between documents)', async () => {
  const store = await openStore(':memory:');
  try {
    const first = await (await store.book('a')).ingest(BUNDLE);
    const second = await (await store.book('b')).ingest(BUNDLE);
    assert.deepEqual([first[0]?.txn_count, second[0]?.txn_count], [8, 8]);
  } finally {
    await store.close();
  }
});
