/**
 * Plaid's `personal_finance_category.detailed` (SPEC §4a reads it for NSF fees beside the legacy `category`)
 * is stored in transactions.pfc_detailed for every Plaid format: Asset Report, /transactions/get and
 * bank-statement rows. An absent or null member stores null; a wrongly shaped one fails the document naming
 * the field. Finicity rows store null. A store made before the column gets it when opened.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type Migration } from 'kysely';
import { openStore } from '../src/index.js';
import * as initial from '../src/store/migrations/001-initial.js';
import * as figures from '../src/store/migrations/002-figures.js';
import * as limits from '../src/store/migrations/003-limits.js';
import { assertFailed, dataFile, type IngestedDocument } from './helpers/books.js';
import {
  assetReport, assetAccount, assetTxn, jsonText, makeTempDir, removeTempDir, transactionsGet, writeInput, type JsonObject, type TxnSpec,
} from './fixtures/make-inputs.js';

let dir = '';
let stores = 0;
before(async () => (dir = await makeTempDir()));
after(async () => removeTempDir(dir));

const OVERDRAFT = { primary: 'BANK_FEES', detailed: 'BANK_FEES_OVERDRAFT_FEES', confidence_level: 'VERY_HIGH' };

/** What each test row carries as `personal_finance_category`; `undefined`: the member is left out. */
const CATEGORIES: ReadonlyArray<[id: string, category: unknown]> = [
  ['fee', OVERDRAFT],
  ['uncategorized', null],
  ['older', undefined],
  ['no-detailed', { primary: 'BANK_FEES', confidence_level: 'LOW' }],
  ['null-detailed', { primary: 'BANK_FEES', detailed: null }],
];
const EXPECTED = { fee: 'BANK_FEES_OVERDRAFT_FEES', uncategorized: null, older: null, 'no-detailed': null, 'null-detailed': null };

/** Plaid rows, each given the legacy category and its `personal_finance_category` (none where it is undefined). */
function withCategories(rows: JsonObject[], categories: ReadonlyArray<readonly [string, unknown]>): JsonObject[] {
  return rows.map((row, index) => {
    const category = categories[index]![1];
    return category === undefined ? row : { ...row, category: ['Bank Fees', 'Overdraft'], personal_finance_category: category };
  });
}

const specs = (categories: ReadonlyArray<readonly [string, unknown]>): TxnSpec[] =>
  categories.map(([id], index) => ({ id, amount: 35, date: `2023-03-${String(10 + index).padStart(2, '0')}` }));

function assetReportWith(categories: ReadonlyArray<readonly [string, unknown]>): string {
  return jsonText(assetReport([assetAccount({ transactions: withCategories(specs(categories).map(assetTxn), categories) })]));
}

function transactionsGetWith(categories: ReadonlyArray<readonly [string, unknown]>): string {
  const doc = transactionsGet(specs(categories));
  return jsonText({ ...doc, transactions: withCategories(doc['transactions'] as JsonObject[], categories) });
}

/** A one-statement bank-statement upload: 100.00 + 50.00 in − 35.00 fee = 115.00. */
function bankStatementsWith(fee: unknown): string {
  const accountId = 'stmt-account-1';
  return jsonText({
    items: [{
      item_id: 'item-1',
      bank_statements: [{
        transactions: [
          { amount: 35, date: '2024-01-05', original_description: 'OVERDRAFT FEE', account_id: accountId, personal_finance_category: fee },
          { amount: -50, date: '2024-01-08', original_description: 'MOBILE DEPOSIT', account_id: accountId },
        ],
        document_metadata: { document_type: 'BANK_STATEMENT', name: 'statement.pdf', status: 'PROCESSING_COMPLETE', download_url: null, page_count: 1 },
        document_id: 'stmt1',
        bank_accounts: [{
          name: 'BUSINESS CHECKING', bank_name: 'SOME BANK', account_type: 'CHECKING', account_number: '0001', account_id: accountId,
          periods: [{ start_date: '2024-01-01', end_date: '2024-01-31', starting_balance: 100, ending_balance: 115 }],
        }],
      }],
    }],
    request_id: 'req',
  });
}

interface StoredRow { id: string; category: string | null; pfc: string | null }

/** The transactions' stored columns, read straight from the SQLite file. */
function storedRows(path: string): Record<string, Omit<StoredRow, 'id'>> {
  const db = new SqliteDatabase(path, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT source_txn_id AS id, category, pfc_detailed AS pfc FROM transactions ORDER BY pk').all() as StoredRow[];
    return Object.fromEntries(rows.map(({ id, ...rest }) => [id, rest]));
  } finally {
    db.close();
  }
}

const pfcOf = (rows: Record<string, Omit<StoredRow, 'id'>>): Record<string, string | null> =>
  Object.fromEntries(Object.entries(rows).map(([id, row]) => [id, row.pfc]));

/** Ingests each text (one document each, in order) into a fresh store file; returns the documents and the stored rows. */
async function ingestTexts(texts: ReadonlyArray<[name: string, text: string]>, poolSize: number): Promise<{ docs: IngestedDocument[]; rows: ReturnType<typeof storedRows> }> {
  const path = join(dir, `store-${++stores}.db`);
  const store = await openStore(path);
  const docs: IngestedDocument[] = [];
  try {
    const book = await store.book('pfc');
    for (const [name, text] of texts) docs.push(...(await book.ingest([await writeInput(dir, name, text)], { poolSize })));
  } finally {
    await store.close();
  }
  return { docs, rows: storedRows(path) };
}

function assertAccepted(docs: readonly IngestedDocument[]): void {
  for (const doc of docs) assert.equal(doc.status, 'VERIFICATION_COMPLETE', `${doc.name}: ${doc.reason ?? ''}`);
}


// Pool 0 normalizes on the calling thread; pool 1 on a worker, whose rows cross back as columns.
for (const poolSize of [0, 1]) {
  describe(`pool ${poolSize}`, () => {
    test('Asset Report rows: detailed stored, null or absent member or detailed stores null', async () => {
      const { docs, rows } = await ingestTexts([['report.json', assetReportWith(CATEGORIES)]], poolSize);
      assertAccepted(docs);
      assert.deepEqual(pfcOf(rows), EXPECTED);
      // The legacy path is stored beside it, unchanged.
      assert.deepEqual(rows['fee'], { category: 'Bank Fees, Overdraft', pfc: 'BANK_FEES_OVERDRAFT_FEES' });
      assert.deepEqual(rows['older'], { category: null, pfc: null });
    });

    test('/transactions/get rows: detailed stored, null or absent member or detailed stores null', async () => {
      const { docs, rows } = await ingestTexts([['page.json', transactionsGetWith(CATEGORIES)]], poolSize);
      assertAccepted(docs);
      assert.deepEqual(pfcOf(rows), EXPECTED);
    });

    test('bank-statement rows carrying it store it too', async () => {
      const { docs, rows } = await ingestTexts([['statements.json', bankStatementsWith(OVERDRAFT)]], poolSize);
      assertAccepted(docs);
      assert.deepEqual(pfcOf(rows), { 'stmt1#0': 'BANK_FEES_OVERDRAFT_FEES', 'stmt1#1': null });
    });

    test('a later document that lists a row again replaces its category, as it does the legacy one', async () => {
      const recategorized = { primary: 'BANK_FEES', detailed: 'BANK_FEES_INSUFFICIENT_FUNDS', confidence_level: 'HIGH' };
      const { docs, rows } = await ingestTexts([
        ['first.json', assetReportWith([['fee', OVERDRAFT], ['older', OVERDRAFT]])],
        ['second.json', assetReportWith([['fee', recategorized], ['older', undefined]])],
      ], poolSize);
      assertAccepted(docs);
      assert.deepEqual(pfcOf(rows), { fee: 'BANK_FEES_INSUFFICIENT_FUNDS', older: null });
    });

    describe('a wrongly shaped category fails the document, naming the field', () => {
      const cases: Array<[what: string, category: unknown, field: string, says: RegExp]> = [
        ['a string', 'x', 'personal_finance_category', /personal_finance_category: expected an object, found "x"/],
        ['an array', ['BANK_FEES'], 'personal_finance_category', /expected an object, found an array/],
        ['a number as detailed', { primary: 'BANK_FEES', detailed: 5 }, 'personal_finance_category.detailed', /personal_finance_category\.detailed: expected a string, found 5/],
        ['an object as detailed', { detailed: { code: 'X' } }, 'personal_finance_category.detailed', /expected a string, found an object/],
      ];
      for (const [what, category, field, says] of cases) {
        test(`${what}: Asset Report and /transactions/get`, async () => {
          const bad: Array<[string, unknown]> = [['good', OVERDRAFT], ['bad', category]];
          const { docs, rows } = await ingestTexts([['report.json', assetReportWith(bad)], ['page.json', transactionsGetWith(bad)]], poolSize);
          assertFailed(docs[0]!, 'report.json', `report.items[0].accounts[0].transactions[1].${field}`, says);
          assertFailed(docs[1]!, 'page.json', `transactions[1].${field}`, says);
          assert.deepEqual(rows, {}, 'nothing of either document is kept');
        });
      }

      test('a bank-statement row', async () => {
        const { docs } = await ingestTexts([['statements.json', bankStatementsWith({ detailed: 5 })]], poolSize);
        assertFailed(docs[0]!, 'statements.json', 'items[0].bank_statements[0].transactions[0].personal_finance_category.detailed', /expected a string, found 5/);
      });
    });
  });
}

test('the samples: /transactions/get page 1 stores each row\'s detailed category; the Finicity bundle stores none', async () => {
  const page = JSON.parse(readFileSync(dataFile('plaid-transactions-page-1.json'), 'utf8')) as { transactions: Array<{ transaction_id: string; personal_finance_category: { detailed: string } }> };
  const expected = Object.fromEntries(page.transactions.map((txn) => [txn.transaction_id, txn.personal_finance_category.detailed]));
  assert.equal(expected['a6v2w97TjFJ1y4t0AhnopFnWtxyO19Jm4w0eH'], 'TRANSFER_OUT_ACCOUNT_TRANSFER');

  const path = join(dir, `store-${++stores}.db`);
  const store = await openStore(path);
  try {
    const book = await store.book('samples');
    assertAccepted(await book.ingest([dataFile('plaid-transactions-page-1.json')], { poolSize: 0 }));
    const finicity = await store.book('finicity');
    const bundle = ['accounts', 'customer', 'institution', 'transactions-page-1', 'transactions-page-2'].map((name) => dataFile(`finicity/${name}.json`));
    assertAccepted(await finicity.ingest(bundle, { poolSize: 0 }));
  } finally {
    await store.close();
  }
  const db = new SqliteDatabase(path, { readonly: true, fileMustExist: true });
  try {
    const rowsOf = (book: string) =>
      db.prepare('SELECT t.source_txn_id AS id, t.pfc_detailed AS pfc FROM transactions t JOIN books b ON b.pk = t.book_pk WHERE b.name = ? ORDER BY t.pk').all(book) as Array<{ id: string; pfc: string | null }>;
    assert.deepEqual(Object.fromEntries(rowsOf('samples').map(({ id, pfc }) => [id, pfc])), expected);
    const finicityRows = rowsOf('finicity');
    assert.ok(finicityRows.length > 0);
    assert.deepEqual(finicityRows.filter(({ pfc }) => pfc !== null), []);
  } finally {
    db.close();
  }
});

test('a store made before the column gets it when opened: its rows null, then filled by a new ingest', async () => {
  const path = join(dir, 'before-004.db');
  const sqlite = new SqliteDatabase(path);
  const kysely = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) });
  const provider = { getMigrations: async (): Promise<Record<string, Migration>> => ({ '001-initial': initial, '002-figures': figures, '003-limits': limits }) };
  assert.equal((await new Migrator({ db: kysely, provider }).migrateToLatest()).error, undefined);
  sqlite.exec(`
    INSERT INTO books (pk, name) VALUES (1, 'old');
    INSERT INTO documents (pk, book_pk, name, status, sha256, files, bytes, warnings, txn_count)
      VALUES (1, 1, 'd', 'VERIFICATION_COMPLETE', 'x', '[]', 0, '[]', 1);
    INSERT INTO bank_accounts (pk, book_pk, source, source_account_id, is_depository, document_pk) VALUES (1, 1, 'PLAID', 'a', 1, 1);
    INSERT INTO transactions (pk, book_pk, bank_account_pk, document_pk, source_txn_id, txn_date, amount_cents, amount_text, description, status, category)
      VALUES (1, 1, 1, 1, 'old-row', '2023-02-01', -3500, '-35', 'OVERDRAFT FEE', 'posted', 'Bank Fees, Overdraft');`);
  const columns = sqlite.pragma('table_info(transactions)') as Array<{ name: string }>;
  assert.ok(columns.length > 0 && !columns.some(({ name }) => name === 'pfc_detailed'), 'the store is as it was before migration 004');
  await kysely.destroy();

  const store = await openStore(path);
  try {
    assertAccepted(await (await store.book('old')).ingest([await writeInput(dir, 'new.json', assetReportWith([['fee', OVERDRAFT]]))], { poolSize: 0 }));
  } finally {
    await store.close();
  }
  assert.deepEqual(storedRows(path), {
    'old-row': { category: 'Bank Fees, Overdraft', pfc: null },
    fee: { category: 'Bank Fees, Overdraft', pfc: 'BANK_FEES_OVERDRAFT_FEES' },
  });
});
