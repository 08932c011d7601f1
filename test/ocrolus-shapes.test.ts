// The Ocrolus shapes of issue 15 (SPEC §5), on one small Asset Report built below: every expected value is
// worked out by hand from it, the arithmetic in the comments.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assetAccount, assetReport, assetTxn, jsonText } from './fixtures/make-inputs.js';
import { acceptedDocument, accountById, dataFile, ingestPaths, withBook, type Book } from './helpers/books.js';

/**
 * Operating checking `ops`: 500.00 in on 2024-01-15 and 100.00 out on 2024-03-05 (Plaid sign: -500 and 100),
 * `balances.current` 1000 as of 2024-03-10; its owner's primary address has a second line. Money market `mm`:
 * no transaction, no balance, no owner.
 */
function shapesReport(): string {
  const ops = assetAccount({
    id: 'ops', name: 'Ops Checking', mask: '1111', current: 1000,
    transactions: [
      assetTxn({ id: 'ops-in', accountId: 'ops', amount: -500, date: '2024-01-15', description: 'CUSTOMER DEPOSIT' }),
      assetTxn({ id: 'ops-out', accountId: 'ops', amount: 100, date: '2024-03-05', description: 'OFFICE RENT' }),
    ],
  });
  ops.owners = [{
    names: ['Pat Doe'],
    addresses: [{ primary: true, data: { street: '100 Main St', street2: 'Suite 5', city: 'Austin', region: 'TX', postal_code: '78701', country: 'US' } }],
  }];
  const mm = assetAccount({ id: 'mm', name: 'Reserve', mask: '2222', subtype: 'money market', transactions: [] });
  delete mm.balances;
  return jsonText(assetReport([ops, mm], '2024-03-10T12:00:00Z'));
}

let dir = '';
let reportPath = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bookstream-shapes-'));
  reportPath = join(dir, 'shapes-report.json');
  await writeFile(reportPath, shapesReport());
});
after(async () => rm(dir, { recursive: true, force: true }));

async function withShapesBook(use: (book: Book) => Promise<void>): Promise<void> {
  await withBook(async (book) => {
    acceptedDocument(await ingestPaths(book, [reportPath]));
    await use(book);
  });
}

test('summary accounts carry book_pk and the holder address second line', async () => {
  await withShapesBook(async (book) => {
    const summary = await book.summary();
    const [ops, mm] = summary.bank_accounts;
    assert.ok(ops !== undefined && mm !== undefined);
    assert.deepEqual([ops.book_pk, mm.book_pk], [summary.pk, summary.pk]);
    assert.deepEqual(
      [ops.holder_address_1, ops.holder_address_2, ops.holder_city, ops.holder_state, ops.holder_zip],
      ['100 Main St', 'Suite 5', 'Austin', 'TX', '78701'],
    );
    assert.equal(mm.holder_address_2, null, 'no owner: no address');
    assert.deepEqual([ops.account_type, ops.aggregator_account_type, ops.aggregator_account_subtype], ['Checking', 'depository', 'checking']);
    assert.deepEqual([mm.account_type, mm.aggregator_account_type, mm.aggregator_account_subtype], ['Money Market', 'depository', 'money market']);
  });
});

test('the same account fields in transactions and info', async () => {
  await withShapesBook(async (book) => {
    const tx = await book.transactions();
    const ops = accountById(tx, 'ops');
    assert.deepEqual([ops.book_pk, ops.holder_address_2], [book.pk, 'Suite 5']);
  });
});

/** `created` must be the UTC date of `created_ts` (MM/DD/YYYY), and `created_ts` a whole second inside [from, to]. */
function assertCreatedWithin(object: { created: string; created_ts: string }, from: number, to: number, what: string): void {
  const match = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}:\d{2}Z$/.exec(object.created_ts);
  assert.ok(match !== null, `${what}: created_ts ${object.created_ts} is ISO 8601 UTC to the second`);
  assert.equal(object.created, `${match[2]}/${match[3]}/${match[1]}`, `${what}: created is the date of created_ts`);
  const time = Date.parse(object.created_ts);
  assert.ok(time >= Math.floor(from / 1000) * 1000 && time <= to, `${what}: ${object.created_ts} between the test's two clocks`);
}

test('created dates as Ocrolus writes them (MM/DD/YYYY), with their time in created_ts', async () => {
  const from = Date.now();
  await withBook(async (book, store) => {
    const [doc] = await ingestPaths(book, [reportPath]);
    const to = Date.now();
    assert.ok(doc !== undefined);
    assertCreatedWithin(doc, from, to, 'the ingested document');
    const info = await book.info();
    assertCreatedWithin(info, from, to, 'the book');
    assertCreatedWithin(info.docs[0]!, from, to, 'the document in info');
    const [listing] = await store.books();
    assert.deepEqual(listing, { pk: book.pk, name: 'acme', created: info.created, created_ts: info.created_ts });
  });
});

test('info.bank_accounts keyed by account pk, as Ocrolus book/info', async () => {
  await withShapesBook(async (book) => {
    const info = await book.info();
    const keys = Object.keys(info.bank_accounts);
    assert.equal(keys.length, 2);
    for (const key of keys) assert.equal(info.bank_accounts[key]!.pk, Number(key), `the entry under ${key} is account ${key}`);
    // ops is described first in the report, so it has the smaller pk.
    assert.deepEqual(keys.map((key) => info.bank_accounts[key]!.source_account_id), ['ops', 'mm']);
    assert.deepEqual(Object.values(info.bank_accounts).map((account) => account.book_pk), [book.pk, book.pk]);
  });
});

test('transactions.uploaded_docs keyed by document pk, each with its name and pages', async () => {
  await withShapesBook(async (book) => {
    // A /transactions/get pull of two page files is one document of two pages; the report above is one of one.
    const [pull] = await ingestPaths(book, [dataFile('plaid-transactions-page-1.json'), dataFile('plaid-transactions-page-2.json')]);
    assert.ok(pull !== undefined && pull.pk !== null);
    const docs = (await book.transactions()).uploaded_docs;
    const keys = Object.keys(docs);
    assert.equal(keys.length, 2);
    for (const key of keys) assert.equal(docs[key]!.pk, Number(key));
    assert.deepEqual(
      keys.map((key) => [docs[key]!.name, docs[key]!.pages, docs[key]!.status]),
      [
        [reportPath, 1, 'VERIFICATION_COMPLETE'],
        [`${dataFile('plaid-transactions-page-1.json')} (+1 more)`, 2, 'VERIFICATION_COMPLETE'],
      ],
    );
    assert.equal(docs[String(pull.pk)]!.pages, 2);
  });
});

test('/transaction accounts carry book_pk, periods, activity_info and date_min_max', async () => {
  await withShapesBook(async (book) => {
    const tx = await book.transactions();
    const ops = accountById(tx, 'ops');
    assert.equal(ops.book_pk, book.pk);
    // Posted rows on 2024-01-15 (+500.00) and 2024-03-05 (-100.00): coverage Jan 15 – Mar 5, nothing in February.
    assert.deepEqual(ops.date_min_max, { min_txn_date: '01/15/2024', max_txn_date: '03/05/2024' });
    assert.deepEqual(ops.activity_info, {
      active: [{ start: { year: 2024, month: 1 }, end: { year: 2024, month: 1 } }, { start: { year: 2024, month: 3 }, end: { year: 2024, month: 3 } }],
      missing: [{ start: { year: 2024, month: 2 }, end: { year: 2024, month: 2 } }],
    });
    // Walking back from the anchor, 1000.00 at the end of 2024-03-10: Mar 5 = 1000.00 (nothing after it);
    // Jan 15 – Mar 4 = 1000.00 + 100.00 = 1100.00; Jan 14 = 1100.00 - 500.00 = 600.00. One period per month of
    // coverage, cut at its ends: Jan 15–31 (17 days), Feb 1–29 (2024 is a leap year), Mar 1–5.
    assert.deepEqual(ops.periods, [
      {
        pk: null, begin_date: '01/15/2024', end_date: '01/31/2024', begin_balance: '600.00', end_balance: '1100.00',
        calculated_end_balance: '1100.00', period_month_days: { '01/2024': 17 }, period_month_txns: { '01/2024': 1 },
      },
      {
        pk: null, begin_date: '02/01/2024', end_date: '02/29/2024', begin_balance: '1100.00', end_balance: '1100.00',
        calculated_end_balance: '1100.00', period_month_days: { '02/2024': 29 }, period_month_txns: { '02/2024': 0 },
      },
      {
        pk: null, begin_date: '03/01/2024', end_date: '03/05/2024', begin_balance: '1100.00', end_balance: '1000.00',
        calculated_end_balance: '1000.00', period_month_days: { '03/2024': 5 }, period_month_txns: { '03/2024': 1 },
      },
    ]);
    // The money market has no transaction and no balance: no period, no activity, no dates.
    const mm = accountById(tx, 'mm');
    assert.deepEqual([mm.periods, mm.activity_info, mm.date_min_max], [[], { active: [], missing: [] }, { min_txn_date: null, max_txn_date: null }]);
  });
});

test('the summary and /transaction agree on every account field they share', async () => {
  await withShapesBook(async (book) => {
    const tx = await book.transactions();
    for (const account of (await book.summary()).bank_accounts) {
      const entry = tx.bank_accounts[String(account.pk)] as unknown as Record<string, unknown>;
      assert.ok(entry !== undefined, `account ${account.pk} in /transaction`);
      for (const [key, value] of Object.entries(entry)) assert.deepEqual(value, (account as unknown as Record<string, unknown>)[key], `${account.source_account_id}.${key}`);
    }
  });
});

test('a batch result carries the same shapes: its summary accounts and its document', async () => {
  await withBook(async (_book, store) => {
    const from = Date.now();
    const results = [];
    for await (const result of store.batch([reportPath], { jobs: 0 })) results.push(result);
    const [result] = results;
    assert.ok(result !== undefined && result.summary !== null);
    assertCreatedWithin(result.document, from, Date.now(), 'the batch document');
    assert.equal(result.document.pages, 1);
    const [ops] = result.summary.bank_accounts;
    assert.deepEqual([ops?.book_pk, ops?.account_type, ops?.holder_address_2], [result.book.pk, 'Checking', 'Suite 5']);
  });
});
