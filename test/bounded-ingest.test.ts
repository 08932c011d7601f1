/**
 * Ingest holds a bounded window of accounts (issue 12): each reader lets an account go as soon as it
 * has read it, and what the account still needs from later in the file (its item's institution, the
 * report's date) follows it as a record the writer applies. The documents here are generated, so the
 * positions and the expected values are worked out from how they are built.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FormatName } from '../src/core/canonical.js';
import { ingest } from '../src/ingest/ingest.js';
import { FileScan } from '../src/sources/file-scan.js';
import { MAX_HELD_STATEMENT_ROWS } from '../src/sources/plaid/bank-statements-reader.js';
import type { SourceEvent } from '../src/sources/source-events.js';
import { ensureBook } from '../src/store/books.js';
import { openDatabase, type StoreDatabase } from '../src/store/database.js';

/** An account as Plaid writes it, `transactions` included when given (Asset Report). */
function plaidAccount(id: string, current: string, transactions?: readonly string[]): string {
  const txns = transactions === undefined ? '' : `,"transactions":[${transactions.join(',')}]`;
  return `{"account_id":"${id}","balances":{"current":${current},"iso_currency_code":"USD"},"name":"${id}","type":"depository","subtype":"checking"${txns}}`;
}

/** Feeds `json` to a reader in 64-byte chunks; returns the events, each with how many bytes had been fed when it came out. */
function scanInChunks(format: FormatName, json: string): Array<{ event: SourceEvent; fed: number }> {
  const bytes = Buffer.from(json);
  const scan = new FileScan(format, 'test.json');
  const events: Array<{ event: SourceEvent; fed: number }> = [];
  for (let start = 0; start < bytes.length; start += 64) {
    const fed = Math.min(start + 64, bytes.length);
    for (const event of scan.write(bytes.subarray(start, fed))) events.push({ event, fed });
  }
  for (const event of scan.end()) events.push({ event, fed: bytes.length });
  return events;
}

/** A statements file: one statement of `rows` rows of 1.00, `document_id` before or after them. */
function statements(rows: number, documentId: 'before' | 'after'): string {
  const txns = `"transactions":[${Array.from({ length: rows }, (_, index) => `{"account_id":"s1","amount":1.00,"date":"2024-05-01","original_description":"r${index}"}`).join(',')}]`;
  const id = '"document_id":"doc-1"';
  const account = '"bank_accounts":[{"account_id":"s1","account_type":"checking","periods":[]}]';
  return `{"items":[{"bank_statements":[{${documentId === 'before' ? `${id},${txns}` : `${txns},${id}`},${account}}]}]}`;
}

test('bank statements: rows after the document_id stream out before the statement ends', () => {
  // 2,500 rows: the first batch (2,000 rows) goes out while the statement is still being read.
  const json = statements(2_500, 'before');
  const events = scanInChunks('PLAID_BANK_STATEMENTS', json);
  const firstBatch = events.find(({ event }) => event.kind === 'transactions');
  assert.ok(firstBatch !== undefined);
  assert.ok(firstBatch.fed < json.indexOf('"bank_accounts"'), `the first batch went out at byte ${firstBatch.fed} of ${json.length}`);
  assert.equal(firstBatch.event.kind === 'transactions' && firstBatch.event.batch.rowIds?.[1999], 'doc-1#1999');
});

async function withDb(use: (db: StoreDatabase, bookPk: number) => Promise<void>): Promise<void> {
  const db = await openDatabase(':memory:');
  try {
    await use(db, ensureBook(db, 'acme'));
  } finally {
    await db.close();
  }
}

function stream(text: string): AsyncIterable<Buffer> {
  return (async function* () {
    yield Buffer.from(text);
  })();
}

async function ingestText(db: StoreDatabase, bookPk: number, texts: readonly string[]) {
  const docs = await ingest(db, bookPk, texts.map(stream), { poolSize: 0, name: 'test.json' });
  assert.equal(docs.length, 1);
  return docs[0]!;
}

test(`bank statements: more than ${MAX_HELD_STATEMENT_ROWS} rows before the document_id fail the document, naming the row`, async () => {
  await withDb(async (db, bookPk) => {
    const doc = await ingestText(db, bookPk, [statements(MAX_HELD_STATEMENT_ROWS + 1, 'after')]);
    assert.equal(doc.status, 'FAILED');
    assert.equal(doc.error_path, `items[0].bank_statements[0].transactions[${MAX_HELD_STATEMENT_ROWS}]`);
    assert.match(doc.reason!, /named after its document_id, which has not come yet, and more than 20000 rows .* write document_id before transactions/);
    // Up to the limit, rows before the id are held and named after it.
    const held = await ingestText(db, bookPk, [statements(3, 'after')]);
    assert.equal(held.status, 'VERIFICATION_COMPLETE', held.reason ?? '');
    assert.deepEqual(db.sqlite.prepare('SELECT source_txn_id FROM transactions ORDER BY pk').pluck().all(), ['doc-1#0', 'doc-1#1', 'doc-1#2']);
  });
});

/** A /transactions/get page; `item` (the institution) after the accounts, or none. */
function transactionsPage(accounts: ReadonlyArray<[id: string, current: string]>, rows: readonly string[], item: string | null): string {
  const itemMember = item === null ? '' : `,"item":{"institution_id":"ins_t","institution_name":"${item}"}`;
  return `{"accounts":[${accounts.map(([id, current]) => plaidAccount(id, current)).join(',')}],"transactions":[${rows.join(',')}]${itemMember},"total_transactions":${rows.length}}`;
}

test('txn_count stays exact when a document touches more accounts than the writer keeps at hand', async () => {
  await withDb(async (db, bookPk) => {
    // 5,000 accounts, their rows interleaved (row i belongs to account i mod 5,000): 10,000 rows, all new.
    const ids = Array.from({ length: 5_000 }, (_, index) => `k${index}`);
    const row = (account: string, id: string) => `{"account_id":"${account}","amount":1.00,"date":"2024-05-01","name":"r","pending":false,"transaction_id":"${id}"}`;
    const rows = Array.from({ length: 10_000 }, (_, index) => row(ids[index % 5_000]!, `t${index}`));
    const first = await ingestText(db, bookPk, [transactionsPage(ids.map((id) => [id, '1.00']), rows, 'Bank')]);
    assert.equal(first.txn_count, 10_000);
    // Again every account, with 2 of their old rows (t0, t1) and 3 new ones, plus a new account with 1 row: 6.
    const again = [row('k0', 't0'), row('k1', 't1'), row('k4999', 'u1'), row('k2', 'u2'), row('k3', 'u3'), row('new', 'u4')];
    const second = await ingestText(db, bookPk, [transactionsPage([...ids, 'new'].map((id) => [id, '1.00']), again, 'Bank')]);
    assert.equal(second.txn_count, 6);
    const held = (pk: number) => db.sqlite.prepare('SELECT count(*) FROM transactions WHERE document_pk = ?').pluck().get(pk);
    assert.equal(held(first.pk), 9_998);
    assert.equal(held(second.pk), 6);
  });
});
